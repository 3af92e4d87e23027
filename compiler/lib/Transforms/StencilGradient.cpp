//===- StencilGradient.cpp - J^T: the transposed linearization ------------===//
//
// Step t of the gradient reads the background (the forward wavefield) as the forward state
// after forward step t: level t+1, which a reread update's imaging condition needs, and the
// older levels the forward step read, all of which its ring buffer still holds then.
//
//===----------------------------------------------------------------------===//
#include "strata/Compiler/Passes.h"

#include "Derivatives.h"

namespace strata {
#define GEN_PASS_DEF_STENCILGRADIENT
#include "strata/Compiler/Passes.h.inc"
} // namespace strata

using namespace mlir;
using namespace strata::stencil;

namespace {

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
      FailureOr<ProgramOp> born =
          strata::buildLinearization(program, input, &variables, rereadUpdates);
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
      if (replace)
        program.erase();
    }
  }
};

} // namespace
