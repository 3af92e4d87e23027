//===- StencilGradient.cpp - J^T: the transposed linearization ------------===//
//
// Step t of the gradient reads the background (the forward wavefield) as the forward state
// after forward step t: level t+1, which a reread update's imaging condition needs, and the
// older levels the forward step read, all of which its ring buffer still holds then.
//
// Imaging by parts. The imaging condition accumulates, over the steps t = 0 .. n-1, terms
// c * u[t+k] * du[t+l] (bilinear in the background u and the adjoint du; for the acoustic
// operator k = 1, 0, -1: the discrete second time derivative of u, l = 1). Summed over
// all steps, sum_t u[t+k] du[t+l] = sum_s u[s] du[s+l-k], up to the ends of the range:
// terms at s < 0 (levels of u before the first step, zero when the forward starts from rest)
// and at s + l - k >= n (levels of du no step writes, zero). With `imaging-by-parts`, step s
// reads u at level s only and du at the shifted levels l - k, which the adjoint step
// gathers anyway: the imaging condition streams one level of u instead of three (Devito's
// gradient, grad -= u * v.dt2, is the same identity). A shifted read of du level 0 (the
// level this step computes) sees it at the point right after its gather, before the
// receiver data are added; each such injection gets a twin into the gradient that adds its
// share. Applies whose terms are not bilinear, or would need levels the step does not hold,
// keep their form.
//
//===----------------------------------------------------------------------===//
#include "strata/Compiler/Passes.h"

#include "Derivatives.h"

#include "mlir/IR/IRMapping.h"
#include "llvm/ADT/SetVector.h"

#include <functional>
#include <optional>

namespace strata {
#define GEN_PASS_DEF_STENCILGRADIENT
#include "strata/Compiler/Passes.h.inc"
} // namespace strata

using namespace mlir;
using namespace strata::stencil;

namespace {

/// The degree of a body value in the accesses `counted` selects: 0 or 1, or nullopt where
/// the value is not a homogeneous polynomial of degree at most one in them (a product of two
/// such accesses, a sum of a counted and an uncounted value, a function of one).
std::optional<int> degree(Value value, const std::function<bool(AccessOp)> &counted,
                          DenseMap<Value, std::optional<int>> &memo) {
  if (auto found = memo.find(value); found != memo.end())
    return found->second;
  Operation *op = value.getDefiningOp();
  std::optional<int> result = 0;
  if (auto access = dyn_cast_or_null<AccessOp>(op)) {
    result = counted(access) ? 1 : 0;
  } else if (op) {
    SmallVector<int> degrees;
    for (Value operand : op->getOperands()) {
      std::optional<int> d = degree(operand, counted, memo);
      if (!d)
        return memo[value] = std::nullopt;
      degrees.push_back(*d);
    }
    int highest = degrees.empty() ? 0 : *llvm::max_element(degrees);
    if (isa<arith::AddFOp, arith::SubFOp>(op))
      result = degrees[0] == degrees[1] ? std::optional<int>(degrees[0]) : std::nullopt;
    else if (isa<arith::NegFOp>(op))
      result = degrees[0];
    else if (isa<arith::MulFOp>(op))
      result =
          degrees[0] + degrees[1] <= 1 ? std::optional<int>(degrees[0] + degrees[1]) : std::nullopt;
    else if (isa<arith::DivFOp>(op))
      result = degrees[1] == 0 ? std::optional<int>(degrees[0]) : std::nullopt;
    else
      result = highest == 0 ? std::optional<int>(0) : std::nullopt;
  }
  return memo[value] = result;
}

/// Clones body values into another body with accesses replaced: `substitute` returns the
/// access's replacement, or a null value for a structural zero (a term that is absent: sums
/// drop it and products with it vanish, so a homogeneous form splits exactly into its parts).
class SubstitutingCloner {
public:
  using Substitute = std::function<Value(AccessOp)>;
  SubstitutingCloner(OpBuilder &builder, Substitute substitute)
      : builder_(builder), substitute_(std::move(substitute)) {}

  /// Null for a structural zero; failure where a zero would meet an op that is not linear.
  FailureOr<Value> clone(Value value) {
    if (auto found = cache_.find(value); found != cache_.end())
      return found->second;
    FailureOr<Value> result = cloneUncached(value);
    if (succeeded(result))
      cache_[value] = *result;
    return result;
  }

private:
  FailureOr<Value> cloneUncached(Value value) {
    Operation *op = value.getDefiningOp();
    if (!op)
      return value; // a program argument
    if (auto access = dyn_cast<AccessOp>(op))
      return substitute_(access);
    SmallVector<Value> operands;
    bool anyZero = false;
    for (Value operand : op->getOperands()) {
      FailureOr<Value> cloned = clone(operand);
      if (failed(cloned))
        return failure();
      anyZero |= !*cloned;
      operands.push_back(*cloned);
    }
    Location loc = op->getLoc();
    if (!anyZero) {
      IRMapping mapping;
      mapping.map(op->getOperands(), operands);
      return builder_.clone(*op, mapping)->getResult(cast<OpResult>(value).getResultNumber());
    }
    if (isa<arith::AddFOp>(op))
      return operands[0] ? operands[0] : operands[1];
    if (isa<arith::SubFOp>(op)) {
      if (!operands[1])
        return operands[0];
      return operands[0] ? Value() : builder_.create<arith::NegFOp>(loc, operands[1]).getResult();
    }
    if (isa<arith::NegFOp, arith::MulFOp>(op))
      return Value();
    if (isa<arith::DivFOp>(op) && !operands[0] && operands[1])
      return Value();
    return failure();
  }

  OpBuilder &builder_;
  Substitute substitute_;
  DenseMap<Value, Value> cache_;
};

class ImagingByParts {
public:
  ImagingByParts(ProgramOp gradient, const llvm::DenseSet<unsigned> &variables)
      : gradient_(gradient), variables_(variables) {}

  void run() {
    for (auto loop : gradient_.getBody().front().getOps<TimeLoopOp>())
      for (auto apply : llvm::make_early_inc_range(loop.getBody().front().getOps<ApplyOp>()))
        if (isImaging(apply))
          (void)rewrite(loop, apply);
  }

private:
  bool isVariable(Value field) const {
    auto arg = dyn_cast<BlockArgument>(field);
    return arg && variables_.contains(arg.getArgNumber());
  }
  static bool timeDependent(Value field) {
    return cast<FieldType>(field.getType()).isTimeDependent();
  }
  bool isBackground(AccessOp access) const {
    return timeDependent(access.getField()) && !isVariable(access.getField());
  }
  /// A read of the adjoint wavefield (a variable with time levels).
  bool isAdjoint(AccessOp access) const {
    return timeDependent(access.getField()) && isVariable(access.getField());
  }
  /// A gradient update: accumulates into parameter fields (no time levels).
  bool isImaging(ApplyOp apply) const {
    return apply.getAccumulate() &&
           llvm::none_of(apply.getTargets(), [](Value target) { return timeDependent(target); });
  }

  LogicalResult rewrite(TimeLoopOp loop, ApplyOp apply);
  /// The step's assigning update of `field` at level 0 and the injections into that level,
  /// or failure where anything else writes it.
  FailureOr<std::pair<ApplyOp, SmallVector<InjectOp>>> levelZeroWriters(TimeLoopOp loop,
                                                                        Value field);

  ProgramOp gradient_;
  const llvm::DenseSet<unsigned> &variables_;
};

FailureOr<std::pair<ApplyOp, SmallVector<InjectOp>>>
ImagingByParts::levelZeroWriters(TimeLoopOp loop, Value field) {
  ApplyOp assigning;
  SmallVector<InjectOp> injections;
  for (Operation &op : loop.getBody().front()) {
    if (auto apply = dyn_cast<ApplyOp>(op)) {
      if (!llvm::is_contained(apply.getTargets(), field) || apply.getLevelOffset() != 0)
        continue;
      if (apply.getAccumulate() || assigning)
        return failure();
      assigning = apply;
    } else if (auto inject = dyn_cast<InjectOp>(op)) {
      if (inject.getTarget() != field || inject.getLevelOffset() != 0)
        continue;
      if (!assigning)
        return failure();
      injections.push_back(inject);
    }
  }
  if (!assigning)
    return failure();
  return std::make_pair(assigning, injections);
}

LogicalResult ImagingByParts::rewrite(TimeLoopOp loop, ApplyOp apply) {
  if (apply.getTargets().size() != 1)
    return failure(); // gradients have one parameter per program
  Block &body = apply.getBody().front();
  auto ret = cast<ReturnOp>(body.getTerminator());
  // Bilinear: each returned value of degree one in the background and in the variables.
  DenseMap<Value, std::optional<int>> backgroundMemo, variableMemo;
  auto background = [&](AccessOp a) { return isBackground(a); };
  auto variable = [&](AccessOp a) { return isAdjoint(a); };
  for (Value value : ret.getValues())
    if (degree(value, background, backgroundMemo) != 1 ||
        degree(value, variable, variableMemo) != 1)
      return failure();
  // The background levels read, and where the shifted reads land.
  llvm::SetVector<int64_t> levels;
  Value levelZeroField;
  bool fits = true;
  body.walk([&](AccessOp access) {
    if (isBackground(access))
      levels.insert(access.getTimeOffset());
  });
  if (levels.size() == 1 && levels.front() == 0)
    return failure(); // already at level 0
  for (int64_t k : levels)
    body.walk([&](AccessOp access) {
      if (!isAdjoint(access))
        return;
      int64_t shifted = access.getTimeOffset() - k;
      auto field = cast<FieldType>(access.getField().getType());
      if (shifted > loop.getLevelRange(field.getLevels()).second || shifted < 0)
        fits = false;
      if (shifted == 0) {
        bool centre = llvm::all_of(access.getOffset(), [](int64_t o) { return o == 0; });
        if (!centre || (levelZeroField && levelZeroField != access.getField()))
          fits = false;
        levelZeroField = access.getField();
      }
    });
  if (!fits)
    return failure();
  ApplyOp gather;
  SmallVector<InjectOp> injections;
  if (levelZeroField) {
    auto writers = levelZeroWriters(loop, levelZeroField);
    if (failed(writers))
      return failure();
    std::tie(gather, injections) = *writers;
    for (InjectOp inject : injections)
      if (!llvm::all_of(inject.getBody().front().getOps<AccessOp>(), [](AccessOp a) {
            return llvm::all_of(a.getOffset(), [](int64_t o) { return o == 0; });
          }))
        return failure();
  }

  // The shifted apply: sum over the background levels k of the part reading level k, with
  // that level read at 0 and every variable level l at l - k.
  OpBuilder builder(apply);
  if (gather)
    builder.setInsertionPointAfter(gather);
  auto shifted = builder.create<ApplyOp>(apply.getLoc(), apply.getTargets(), apply.getLevelAttr(),
                                         apply.getAccumulateAttr());
  builder.setInsertionPointToStart(&shifted.getBody().emplaceBlock());
  SmallVector<Value> sums(ret.getValues().size());
  for (int64_t k : levels) {
    SubstitutingCloner cloner(builder, [&](AccessOp access) -> Value {
      int64_t time = access.getTimeOffset();
      if (isBackground(access) && time != k)
        return Value();
      if (timeDependent(access.getField())) // the background and the adjoint shift alike
        time -= k;
      return builder.create<AccessOp>(access.getLoc(), access.getField(), access.getOffset(), time);
    });
    for (auto [i, value] : llvm::enumerate(ret.getValues())) {
      FailureOr<Value> part = cloner.clone(value);
      if (failed(part)) {
        shifted.erase();
        return failure();
      }
      if (*part)
        sums[i] = sums[i]
                      ? builder.create<arith::AddFOp>(apply.getLoc(), sums[i], *part).getResult()
                      : *part;
    }
  }
  for (Value &sum : sums)
    if (!sum)
      sum = builder.create<arith::ConstantOp>(apply.getLoc(),
                                              builder.getFloatAttr(sum.getType(), 0.0));
  builder.create<ReturnOp>(apply.getLoc(), sums);

  // Each injection into level 0 after the gather: its share of the shifted reads, injected
  // into the gradient (du[0] replaced by the injection's coefficient, other variables by 0,
  // evaluated at the injection's points: only accesses at the point itself qualify). All or
  // nothing: without a twin, the gradient would miss that share.
  auto shiftedRet = cast<ReturnOp>(shifted.getBody().front().getTerminator());
  SmallVector<InjectOp> twins;
  auto undo = [&]() {
    for (InjectOp twin : twins)
      twin.erase();
    shifted.erase();
    return failure();
  };
  for (InjectOp inject : injections) {
    OpBuilder after(inject);
    after.setInsertionPointAfter(inject);
    auto twin = after.create<InjectOp>(inject.getLoc(), inject.getSource(), apply.getTargets()[0],
                                       after.getI64IntegerAttr(0));
    twins.push_back(twin);
    after.setInsertionPointToStart(&twin.getBody().emplaceBlock());
    IRMapping mapping;
    for (Operation &op : inject.getBody().front().without_terminator())
      after.clone(op, mapping);
    Value coefficient = mapping.lookupOrDefault(
        cast<ReturnOp>(inject.getBody().front().getTerminator()).getValues()[0]);
    bool offPoint = false;
    SubstitutingCloner share(after, [&](AccessOp access) -> Value {
      if (isAdjoint(access))
        return access.getTimeOffset() == 0 ? coefficient : Value();
      offPoint |= llvm::any_of(access.getOffset(), [](int64_t o) { return o != 0; });
      return after.create<AccessOp>(access.getLoc(), access.getField(), access.getOffset(),
                                    access.getTimeOffset());
    });
    FailureOr<Value> part = share.clone(shiftedRet.getValues()[0]);
    if (failed(part) || offPoint)
      return undo();
    if (!*part) { // the level-0 reads cancel structurally: nothing to add
      twins.pop_back();
      twin.erase();
      continue;
    }
    after.create<ReturnOp>(inject.getLoc(), ValueRange{*part});
  }
  apply.erase();
  return success();
}

} // namespace

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
      if (imagingByParts)
        ImagingByParts(*gradient, variables).run();
      if (replace)
        program.erase();
    }
  }
};

} // namespace
