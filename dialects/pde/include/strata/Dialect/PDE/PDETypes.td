//===- PDETypes.td - types of the pde dialect ----------------*- tablegen -*-===//
#ifndef STRATA_DIALECT_PDE_PDETYPES_TD
#define STRATA_DIALECT_PDE_PDETYPES_TD

include "strata/Dialect/PDE/PDEBase.td"
include "mlir/IR/AttrTypeBase.td"

class PDE_Type<string name, string typeMnemonic> : TypeDef<PDE_Dialect, name> {
  let mnemonic = typeMnemonic;
}

def PDE_FieldType : PDE_Type<"Field", "field"> {
  let summary = "a scalar function on the model's grid (a constant is a uniform field)";
}
def PDE_VectorType : PDE_Type<"Vector", "vector"> {
  let summary = "a vector function on the grid, one component per axis (from pde.grad)";
}
def PDE_PointsType : PDE_Type<"Points", "points"> {
  let summary = "a set of sparse points at off-grid coordinates (sources, receivers)";
}

#endif // STRATA_DIALECT_PDE_PDETYPES_TD
