//===- StencilFuse.cpp - fuse applies that can share a loop nest ----------===//
#include "strata/Compiler/Passes.h"

#include "mlir/IR/IRMapping.h"

namespace strata {
#define GEN_PASS_DEF_STENCILFUSE
#include "strata/Compiler/Passes.h.inc"
} // namespace strata

using namespace mlir;
using namespace strata::stencil;

namespace {

bool isZeroOffset(AccessOp access) {
  return llvm::all_of(access.getOffset(), [](int64_t offset) { return offset == 0; });
}

/// True when `reader` reads one of `targets` at level t+1 in a way fusion cannot keep:
/// anywhere (`allowCenter` false) or away from the point being computed.
bool readsNewLevel(ApplyOp reader, ValueRange targets, bool allowCenter) {
  WalkResult result = reader.getBody().walk([&](AccessOp access) {
    if (access.getTimeOffset() != 1 || !llvm::is_contained(targets, access.getField()))
      return WalkResult::advance();
    if (allowCenter && isZeroOffset(access))
      return WalkResult::advance();
    return WalkResult::interrupt();
  });
  return result.wasInterrupted();
}

/// Only forward updates (level t+1, assigned) are fused; adjoint gathers write other levels
/// and accumulate, which this analysis does not model.
bool isForwardUpdate(ApplyOp apply) {
  return apply.getLevelOffset() == 1 && !apply.getAccumulate();
}

bool canFuse(ApplyOp first, ApplyOp second) {
  if (!isForwardUpdate(first) || !isForwardUpdate(second))
    return false;
  return !readsNewLevel(second, first.getTargets(), /*allowCenter=*/true) &&
         !readsNewLevel(first, second.getTargets(), /*allowCenter=*/false);
}

/// Builds the fused apply before `first` and erases both.
void fuse(ApplyOp first, ApplyOp second) {
  OpBuilder builder(first);
  SmallVector<Value> targets(first.getTargets());
  targets.append(second.getTargets().begin(), second.getTargets().end());
  auto fused = builder.create<ApplyOp>(first.getLoc(), targets);
  Block *block = &fused.getBody().emplaceBlock();
  builder.setInsertionPointToStart(block);

  IRMapping mapping;
  SmallVector<Value> results;
  for (Operation &op : first.getBody().front()) {
    if (auto ret = dyn_cast<ReturnOp>(op)) {
      for (Value value : ret.getValues())
        results.push_back(mapping.lookup(value));
      continue;
    }
    builder.clone(op, mapping);
  }
  for (Operation &op : second.getBody().front()) {
    if (auto access = dyn_cast<AccessOp>(op); access && access.getTimeOffset() == 1) {
      auto position = llvm::find(first.getTargets(), access.getField());
      if (position != first.getTargets().end()) {
        // The first apply computes this value at the same point: forward it.
        mapping.map(access.getResult(), results[position - first.getTargets().begin()]);
        continue;
      }
    }
    if (auto ret = dyn_cast<ReturnOp>(op)) {
      for (Value value : ret.getValues())
        results.push_back(mapping.lookup(value));
      continue;
    }
    builder.clone(op, mapping);
  }
  builder.create<ReturnOp>(second.getLoc(), results);
  second.erase();
  first.erase();
}

struct StencilFusePass : strata::impl::StencilFuseBase<StencilFusePass> {
  void runOnOperation() override {
    getOperation().walk([](TimeLoopOp loop) {
      Block &body = loop.getBody().front();
      for (bool changed = true; changed;) {
        changed = false;
        for (Operation &op : body) {
          auto first = dyn_cast<ApplyOp>(op);
          auto second = first ? dyn_cast_or_null<ApplyOp>(op.getNextNode()) : ApplyOp();
          if (second && canFuse(first, second)) {
            fuse(first, second);
            changed = true;
            break;
          }
        }
      }
    });
  }
};

} // namespace
