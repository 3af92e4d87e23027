//===- ExpandVectorCalculus.cpp - laplace/grad/div to per-axis derivatives -===//
#include "strata/Compiler/Passes.h"

#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace strata {
#define GEN_PASS_DEF_PDEEXPANDVECTORCALCULUS
#include "strata/Compiler/Passes.h.inc"
} // namespace strata

using namespace mlir;
using namespace strata::pde;

namespace {

/// Sums `term(axis)` over every axis of the enclosing model.
template <typename TermFn>
Value sumOverAxes(PatternRewriter &rewriter, Location loc, Operation *anchor, TermFn term) {
  int64_t dims = anchor->getParentOfType<ModelOp>().getDims();
  Value sum = term(0);
  for (int64_t axis = 1; axis < dims; ++axis)
    sum = rewriter.create<AddOp>(loc, sum, term(axis));
  return sum;
}

Value derivative(PatternRewriter &rewriter, Location loc, Value operand, int64_t axis,
                 int64_t order, IntegerAttr accuracy) {
  auto deriv = rewriter.create<DerivOp>(loc, operand, axis, order, DerivVariant::centered,
                                        accuracy ? accuracy.getInt() : std::optional<int64_t>{});
  return deriv.getResult();
}

struct ExpandLaplace : OpRewritePattern<LaplaceOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(LaplaceOp op, PatternRewriter &rewriter) const override {
    Value sum = sumOverAxes(rewriter, op.getLoc(), op, [&](int64_t axis) {
      return derivative(rewriter, op.getLoc(), op.getOperand(), axis, 2, op.getAccuracyAttr());
    });
    rewriter.replaceOp(op, sum);
    return success();
  }
};

/// The accuracy of a divergence term: the inner override wins, then the outer one.
IntegerAttr pickAccuracy(IntegerAttr inner, IntegerAttr outer) { return inner ? inner : outer; }

struct ExpandDivergence : OpRewritePattern<DivergenceOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(DivergenceOp op, PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value scale;
    Value vector = op.getOperand();
    if (auto scaled = vector.getDefiningOp<ScaleVectorOp>()) {
      scale = scaled.getScale();
      vector = scaled.getVector();
    }
    auto grad = vector.getDefiningOp<GradOp>();
    if (!grad)
      return rewriter.notifyMatchFailure(op, "divergence of something other than a gradient");
    IntegerAttr accuracy = pickAccuracy(grad.getAccuracyAttr(), op.getAccuracyAttr());
    Value sum = sumOverAxes(rewriter, loc, op, [&](int64_t axis) -> Value {
      if (!scale)
        return derivative(rewriter, loc, grad.getOperand(), axis, 2, accuracy);
      Value inner = derivative(rewriter, loc, grad.getOperand(), axis, 1, accuracy);
      Value flux = rewriter.create<MulOp>(loc, scale, inner);
      return derivative(rewriter, loc, flux, axis, 1, accuracy);
    });
    rewriter.replaceOp(op, sum);
    return success();
  }
};

struct PDEExpandVectorCalculusPass
    : strata::impl::PDEExpandVectorCalculusBase<PDEExpandVectorCalculusPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<ExpandLaplace, ExpandDivergence>(&getContext());
    if (failed(applyPatternsAndFoldGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();
    // A gradient left without a divergence has no scalar meaning in an equation.
    WalkResult leftover = getOperation().walk([](DivergenceOp op) {
      op.emitOpError("can only expand the divergence of a (scaled) gradient");
      return WalkResult::interrupt();
    });
    if (leftover.wasInterrupted())
      signalPassFailure();
  }
};

} // namespace
