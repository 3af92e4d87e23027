//===- PDEBase.td - the pde dialect: continuous models -------*- tablegen -*-===//
//
// The `pde` dialect holds a model as the user wrote it: fields, states and sparse
// points, and equations built from continuous derivative operators. Nothing here is
// discrete yet: the discretization pass turns it into the `stencil` dialect.
//
//===----------------------------------------------------------------------===//
#ifndef STRATA_DIALECT_PDE_PDEBASE_TD
#define STRATA_DIALECT_PDE_PDEBASE_TD

include "mlir/IR/OpBase.td"
include "mlir/IR/EnumAttr.td"

def PDE_Dialect : Dialect {
  let name = "pde";
  let cppNamespace = "::strata::pde";
  let summary = "Continuous partial differential equation models";
  let description = [{
    A `pde.model` declares inputs, states (time-dependent fields with a time and a
    space order), sparse point sets (sources and receivers), and then equations and
    records over them. Expressions are SSA values of type `!pde.field`: spatially
    varying scalars; a constant is a uniform field.
  }];
  let useDefaultTypePrinterParser = 1;
  let useDefaultAttributePrinterParser = 1;
}

class PDE_Op<string mnemonic, list<Trait> traits = []>
    : Op<PDE_Dialect, mnemonic, traits>;

// How a spatial derivative samples its operand.
def PDE_DerivVariant : I32EnumAttr<"DerivVariant", "finite-difference sampling of a derivative", [
    I32EnumAttrCase<"centered", 0>,
    // Staggered: evaluated half a cell forward (dx+) or backward (dx-) of the operand's points.
    I32EnumAttrCase<"forward_half", 1>,
    I32EnumAttrCase<"backward_half", 2>,
    // One-sided: only points on the left (smaller index) or right of the evaluation point.
    I32EnumAttrCase<"left", 3>,
    I32EnumAttrCase<"right", 4>]> {
  let cppNamespace = "::strata::pde";
  let genSpecializedAttr = 0;
}
def PDE_DerivVariantAttr : EnumAttr<PDE_Dialect, PDE_DerivVariant, "variant">;

def PDE_MathFn : I32EnumAttr<"MathFn", "elementary function", [
    I32EnumAttrCase<"sqrt", 0>, I32EnumAttrCase<"exp", 1>, I32EnumAttrCase<"log", 2>,
    I32EnumAttrCase<"sin", 3>, I32EnumAttrCase<"cos", 4>, I32EnumAttrCase<"abs", 5>]> {
  let cppNamespace = "::strata::pde";
  let genSpecializedAttr = 0;
}
def PDE_MathFnAttr : EnumAttr<PDE_Dialect, PDE_MathFn, "fn">;

def PDE_CmpPredicate : I32EnumAttr<"CmpPredicate", "comparison", [
    I32EnumAttrCase<"lt", 0>, I32EnumAttrCase<"le", 1>, I32EnumAttrCase<"gt", 2>,
    I32EnumAttrCase<"ge", 3>, I32EnumAttrCase<"eq", 4>, I32EnumAttrCase<"ne", 5>]> {
  let cppNamespace = "::strata::pde";
  let genSpecializedAttr = 0;
}
def PDE_CmpPredicateAttr : EnumAttr<PDE_Dialect, PDE_CmpPredicate, "predicate">;

#endif // STRATA_DIALECT_PDE_PDEBASE_TD
