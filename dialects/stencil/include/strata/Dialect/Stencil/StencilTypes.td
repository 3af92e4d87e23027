//===- StencilTypes.td - types of the stencil dialect --------*- tablegen -*-===//
#ifndef STRATA_DIALECT_STENCIL_STENCILTYPES_TD
#define STRATA_DIALECT_STENCIL_STENCILTYPES_TD

include "strata/Dialect/Stencil/StencilBase.td"
include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/BuiltinTypeInterfaces.td"

class Stencil_Type<string name, string typeMnemonic> : TypeDef<Stencil_Dialect, name> {
  let mnemonic = typeMnemonic;
}

def Stencil_FieldType : Stencil_Type<"Field", "field"> {
  let summary = "a grid of `rank` axes of floats; `levels` time buffers for a state";
  let description = [{
    `!stencil.field<2 x f32>` is a 2D input; `!stencil.field<3 x f64, levels = 3>` a 3D
    state with three rotating time levels (t-1, t, t+1). Extents are runtime values; the
    halo is a property of the program (see `stencil.program`).
  }];
  let parameters = (ins "unsigned":$rank, "::mlir::Type":$elementType,
                        DefaultValuedParameter<"unsigned", "0">:$levels);
  let assemblyFormat = "`<` $rank `x` $elementType (`,` `levels` `=` $levels^)? `>`";
  let genVerifyDecl = 1;
  let extraClassDeclaration = [{
    bool isTimeDependent() const { return getLevels() > 0; }
  }];
}

def Stencil_PointsType : Stencil_Type<"Points", "points"> {
  let summary = "sparse points: per-step amplitudes, grid corners and their weights";
  let description = [{
    At run time a points value carries amplitudes (steps x points), for each point the
    grid indices of its interpolation support (points x support x rank) and the matching
    weights (points x support). The runtime computes supports and weights (linear or
    Kaiser-windowed sinc); the kernel only applies them.
  }];
  let parameters = (ins "unsigned":$rank, "::mlir::Type":$elementType);
  let assemblyFormat = "`<` $rank `x` $elementType `>`";
}

#endif // STRATA_DIALECT_STENCIL_STENCILTYPES_TD
