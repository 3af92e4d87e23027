//===- Passes.td - Strata compiler passes --------------------*- tablegen -*-===//
#ifndef STRATA_COMPILER_PASSES_TD
#define STRATA_COMPILER_PASSES_TD

include "mlir/Pass/PassBase.td"

def PDEExpandVectorCalculus : Pass<"strata-pde-expand-vector-calculus", "::strata::pde::ModelOp"> {
  let summary = "Rewrite laplace, grad and divergence as per-axis pde.deriv ops";
  let description = [{
    `laplace(u)` becomes the sum over the model's axes of `deriv(u, axis, order = 2)`;
    `divergence(grad(u))` becomes the sum of second derivatives and
    `divergence(scale_vector(s, grad(u)))` the sum of `deriv(s * deriv(u, axis), axis)`
    (the variable-coefficient form). Accuracy overrides carry over to every term. After
    this pass the discretization sees only single-axis and mixed derivatives.
  }];
  let dependentDialects = ["::strata::pde::PDEDialect"];
}

#endif // STRATA_COMPILER_PASSES_TD
