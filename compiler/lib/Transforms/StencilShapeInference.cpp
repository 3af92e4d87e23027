//===- StencilShapeInference.cpp - halo widths from access offsets --------===//
#include "strata/Compiler/Passes.h"

namespace strata {
#define GEN_PASS_DEF_STENCILSHAPEINFERENCE
#include "strata/Compiler/Passes.h.inc"
} // namespace strata

using namespace mlir;
using namespace strata::stencil;

namespace {

struct StencilShapeInferencePass
    : strata::impl::StencilShapeInferenceBase<StencilShapeInferencePass> {
  using StencilShapeInferenceBase::StencilShapeInferenceBase;

  void runOnOperation() override {
    ProgramOp program = getOperation();
    const auto rank = static_cast<size_t>(program.getRank());
    DenseMap<Value, SmallVector<int64_t>> fieldHalo;
    for (BlockArgument arg : program.getArguments())
      if (isa<FieldType>(arg.getType()))
        fieldHalo[arg].assign(rank, 0);

    program.walk([&](AccessOp access) {
      auto &halo = fieldHalo[access.getField()];
      halo.resize(rank, 0);
      for (auto [axis, offset] : llvm::enumerate(access.getOffset()))
        halo[axis] = std::max(halo[axis], std::abs(offset));
    });

    SmallVector<int64_t> programHalo(rank, std::max<int64_t>(minimumHalo, 0));
    Builder builder(&getContext());
    for (BlockArgument arg : program.getArguments()) {
      auto found = fieldHalo.find(arg);
      if (found == fieldHalo.end())
        continue;
      program.setArgAttr(arg.getArgNumber(), "stencil.halo",
                         builder.getDenseI64ArrayAttr(found->second));
      for (size_t axis = 0; axis < rank; ++axis)
        programHalo[axis] = std::max(programHalo[axis], found->second[axis]);
    }
    program.setHaloAttr(builder.getDenseI64ArrayAttr(programHalo));
  }
};

} // namespace
