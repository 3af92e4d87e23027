//===- StencilGradient.cpp - J^T: the transposed linearization ------------===//
#include "strata/Compiler/Passes.h"

#include "Derivatives.h"

namespace strata {
#define GEN_PASS_DEF_STENCILGRADIENT
#include "strata/Compiler/Passes.h.inc"
} // namespace strata

using namespace mlir;
using namespace strata::stencil;

namespace {

/// The background must be the forward state at the step being transposed: levels t+1 of a
/// state are not available then (the runtime restores the state before the step).
LogicalResult checkBackgroundLevels(ProgramOp gradient, const llvm::DenseSet<unsigned> &variables) {
  WalkResult result = gradient.walk([&](AccessOp access) {
    auto field = cast<FieldType>(access.getField().getType());
    auto arg = dyn_cast<BlockArgument>(access.getField());
    if (!field.isTimeDependent() || !arg || variables.contains(arg.getArgNumber()) ||
        access.getTimeOffset() <= 0)
      return WalkResult::advance();
    access.emitOpError("needs the forward wavefield at t+1 to transpose step t; the gradient "
                       "driver only holds the state before the step");
    return WalkResult::interrupt();
  });
  return failure(result.wasInterrupted());
}

struct StencilGradientPass : strata::impl::StencilGradientBase<StencilGradientPass> {
  using StencilGradientBase::StencilGradientBase;

  void runOnOperation() override {
    SmallVector<ProgramOp> programs(getOperation().getOps<ProgramOp>());
    for (ProgramOp program : programs) {
      StringRef name = program.getSymName();
      if (name.ends_with("_born") || name.ends_with("_adjoint") || name.ends_with("_gradient"))
        continue;
      // The variables of J: the perturbations, which keep their argument numbers in the
      // transpose (it has the linearization's arguments).
      llvm::DenseSet<unsigned> variables;
      FailureOr<ProgramOp> born = strata::buildLinearization(program, input, &variables);
      if (failed(born))
        return signalPassFailure();
      strata::TransposeSpec spec;
      spec.isVariable = [&](Value field) {
        auto arg = dyn_cast<BlockArgument>(field);
        return arg && variables.contains(arg.getArgNumber());
      };
      spec.sourcesAreOutputs = false;
      spec.scaleStates = scaleStates;
      spec.gatherLevels = gatherLevels;
      spec.name = (name + "_gradient").str();
      FailureOr<ProgramOp> gradient = strata::buildTranspose(*born, spec);
      if (failed(gradient))
        return signalPassFailure();
      born->erase();
      if (failed(checkBackgroundLevels(*gradient, variables)))
        return signalPassFailure();
      if (replace)
        program.erase();
    }
  }
};

} // namespace
