//===- StencilLinearize.cpp - Born operators by forward-mode differentiation ===//
//
// The linearization is derived from the discrete program, so it is the exact derivative
// of what the forward kernel computes: F(m + h dm) - F(m) - h J dm = O(h^2) to rounding.
//
// Reread updates (for gradients). An update s[t+l] = x * R, with x free of states (for the
// acoustic operator x = -1 / (m/dt^2 + damp/(2 dt)) and R the Laplacian and the older
// levels), has the tangent dx * R + x * dR. R is the costly part (a whole stencil), and it is
// what the step just stored, divided by x: dx * R = dx * (s[t+l] / x). With
// `rereadUpdates`, that term reads the level back instead of recomputing R, so a gradient's
// imaging condition becomes pointwise in the forward wavefield at t+l, t and older (its
// caller then supplies the forward state after the step, see StencilGradient.cpp). The
// injections that add to the same level come after the update, so the level also holds
// their sources: each such injection's tangent subtracts (dx / x) times what it injected,
// which keeps the linearization exact (for the acoustic operator, whose source coefficient
// is proportional to x, the two cancel). Same map, other rounding. Updates that accumulate,
// levels that two updates write, injections before the update, factors that may vanish
// (x * R needs R = s / x) and factors that read neighbours (they would not be available at a
// source's support point) keep the recomputed R. R / x needs no division: its quotient is s.
//
//===----------------------------------------------------------------------===//
#include "strata/Compiler/Passes.h"

#include "Derivatives.h"

#include "mlir/IR/IRMapping.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/TypeSwitch.h"

#include <map>
#include <set>

namespace strata {
#define GEN_PASS_DEF_STENCILLINEARIZE
#include "strata/Compiler/Passes.h.inc"
} // namespace strata

using namespace mlir;
using namespace strata::stencil;

namespace {

/// Clones a point body and builds the tangent of each of its values: the directional
/// derivative along the perturbations of the states and of the parameter.
class TangentBuilder {
public:
  TangentBuilder(OpBuilder &builder, const IRMapping &arguments,
                 const DenseMap<Value, Value> &perturbations)
      : builder_(builder), arguments_(arguments), perturbations_(perturbations) {}

  LogicalResult run(Block &body) {
    for (Operation &op : body.without_terminator())
      if (failed(visit(op)))
        return failure();
    return success();
  }
  /// Visits ops of another body (in that body's order): their primals and tangents join
  /// this builder's, e.g. an update's factor re-evaluated at a source's support point.
  LogicalResult run(ArrayRef<Operation *> ops) {
    for (Operation *op : ops)
      if (failed(visit(*op)))
        return failure();
    return success();
  }
  /// The tangent of `root` (an update's x * R, R * x or R / x, `factor` being x) reads R
  /// back as `target`'s level `level` divided by x (see "Reread updates").
  void reread(Operation *root, Value factor, Value target, int64_t level) {
    rereads_[root] = {factor, target, level};
  }
  /// The primal copy of `value` (a program argument maps to the linearization's).
  Value primal(Value value) const {
    if (Value mapped = primals_.lookupOrNull(value))
      return mapped;
    return arguments_.lookupOrDefault(value);
  }
  /// The tangent of `value`, or a null value when it does not depend on the perturbations.
  Value tangent(Value value) const { return tangents_.lookup(value); }

private:
  Value primalOf(Value value) {
    if (Value mapped = primals_.lookupOrNull(value))
      return mapped;
    return arguments_.lookupOrDefault(value);
  }

  LogicalResult visit(Operation &op) {
    Location loc = op.getLoc();
    if (auto access = dyn_cast<AccessOp>(op)) {
      Value field = arguments_.lookup(access.getField());
      primals_.map(access.getResult(), builder_.create<AccessOp>(loc, field, access.getOffset(),
                                                                 access.getTimeOffset()));
      if (Value perturbation = perturbations_.lookup(access.getField()))
        tangents_[access.getResult()] = builder_.create<AccessOp>(
            loc, perturbation, access.getOffset(),
            cast<FieldType>(perturbation.getType()).isTimeDependent() ? access.getTimeOffset() : 0);
      return success();
    }
    IRMapping operands;
    for (Value operand : op.getOperands())
      operands.map(operand, primalOf(operand));
    Operation *clone = builder_.clone(op, operands);
    for (auto [from, to] : llvm::zip(op.getResults(), clone->getResults()))
      primals_.map(from, to);
    bool differentiable =
        llvm::any_of(op.getOperands(), [&](Value v) { return tangents_.count(v); });
    if (!differentiable)
      return success();
    FailureOr<Value> result = derivative(op, clone);
    if (failed(result))
      return failure();
    if (*result)
      tangents_[op.getResult(0)] = *result;
    return success();
  }

  Value t(Value value) { return tangents_.lookup(value); }
  /// The level an update writes, as the update's body sees it after the step.
  Value updatedLevel(Location loc, Value target, int64_t level) {
    SmallVector<int64_t> zero(cast<FieldType>(target.getType()).getRank(), 0);
    return builder_.create<AccessOp>(loc, target, zero, level);
  }
  Value add(Location loc, Value a, Value b) {
    if (!a)
      return b;
    if (!b)
      return a;
    return builder_.create<arith::AddFOp>(loc, a, b);
  }
  Value mul(Location loc, Value a, Value b) { return builder_.create<arith::MulFOp>(loc, a, b); }
  Value scaled(Location loc, Value tangent, Value factor) {
    return tangent ? mul(loc, tangent, factor) : Value();
  }

  /// The tangent of one op from its operands' tangents (chain rule); `clone` is the op's
  /// primal copy, whose operands are the primal values.
  FailureOr<Value> derivative(Operation &op, Operation *clone) {
    Location loc = op.getLoc();
    auto operand = [&](unsigned i) { return clone->getOperand(i); };
    return llvm::TypeSwitch<Operation *, FailureOr<Value>>(&op)
        .Case([&](arith::AddFOp) { return add(loc, t(op.getOperand(0)), t(op.getOperand(1))); })
        .Case([&](arith::SubFOp) -> FailureOr<Value> {
          Value b = t(op.getOperand(1));
          return add(loc, t(op.getOperand(0)),
                     b ? builder_.create<arith::NegFOp>(loc, b) : Value());
        })
        .Case([&](arith::NegFOp) -> FailureOr<Value> {
          return builder_.create<arith::NegFOp>(loc, t(op.getOperand(0))).getResult();
        })
        .Case([&](arith::MulFOp) -> FailureOr<Value> {
          // d(ab) = da b + a db
          Value a = operand(0), b = operand(1);
          auto found = rereads_.find(&op);
          if (found != rereads_.end() && t(found->second.factor)) {
            // x R: R = s[t+l] / x, so dx R reads the level (x is operand 0 or 1).
            const Reread &reread = found->second;
            Value updated = updatedLevel(loc, reread.target, reread.level);
            if (op.getOperand(0) == reread.factor)
              b = builder_.create<arith::DivFOp>(loc, updated, a);
            else
              a = builder_.create<arith::DivFOp>(loc, updated, b);
          }
          return add(loc, scaled(loc, t(op.getOperand(0)), b), scaled(loc, t(op.getOperand(1)), a));
        })
        .Case([&](arith::DivFOp) -> FailureOr<Value> {
          // d(a/b) = da / b - (a/b) db / b; an update R / x rereads its quotient.
          Value quotient = clone->getResult(0), b = operand(1);
          Value da = t(op.getOperand(0)), db = t(op.getOperand(1));
          Value first = da ? builder_.create<arith::DivFOp>(loc, da, b).getResult() : Value();
          Value second;
          if (auto found = rereads_.find(&op); db && found != rereads_.end())
            quotient = updatedLevel(loc, found->second.target, found->second.level);
          if (db)
            second = builder_.create<arith::NegFOp>(
                loc, builder_.create<arith::DivFOp>(loc, mul(loc, quotient, db), b));
          return add(loc, first, second);
        })
        .Case([&](math::SqrtOp) -> FailureOr<Value> {
          Value two = builder_.create<arith::ConstantOp>(
              loc, builder_.getFloatAttr(clone->getResult(0).getType(), 2.0));
          return builder_
              .create<arith::DivFOp>(loc, t(op.getOperand(0)), mul(loc, two, clone->getResult(0)))
              .getResult();
        })
        .Case([&](math::ExpOp) -> FailureOr<Value> {
          return mul(loc, t(op.getOperand(0)), clone->getResult(0));
        })
        .Case([&](math::LogOp) -> FailureOr<Value> {
          return builder_.create<arith::DivFOp>(loc, t(op.getOperand(0)), operand(0)).getResult();
        })
        .Case([&](math::SinOp) -> FailureOr<Value> {
          return mul(loc, t(op.getOperand(0)), builder_.create<math::CosOp>(loc, operand(0)));
        })
        .Case([&](math::CosOp) -> FailureOr<Value> {
          Value sin = builder_.create<math::SinOp>(loc, operand(0));
          return builder_.create<arith::NegFOp>(loc, mul(loc, t(op.getOperand(0)), sin))
              .getResult();
        })
        .Case([&](arith::SelectOp select) -> FailureOr<Value> {
          Value a = t(select.getTrueValue()), b = t(select.getFalseValue());
          Type type = clone->getResult(0).getType();
          Value zero = builder_.create<arith::ConstantOp>(loc, builder_.getFloatAttr(type, 0.0));
          return builder_.create<arith::SelectOp>(loc, operand(0), a ? a : zero, b ? b : zero)
              .getResult();
        })
        .Case([&](arith::CmpFOp) -> FailureOr<Value> { return Value(); })
        .Default([&](Operation *other) -> FailureOr<Value> {
          return other->emitOpError("has no derivative rule: cannot linearize this update");
        });
  }

  struct Reread {
    Value factor; // the forward body's x
    Value target; // the linearization's state
    int64_t level;
  };

  OpBuilder &builder_;
  const IRMapping &arguments_;
  const DenseMap<Value, Value> &perturbations_;
  IRMapping primals_;
  DenseMap<Value, Value> tangents_;
  DenseMap<Operation *, Reread> rereads_;
};

/// Whether a body value depends on a state (a field with time levels).
bool readsStates(Value value, DenseMap<Value, bool> &memo) {
  if (auto found = memo.find(value); found != memo.end())
    return found->second;
  Operation *op = value.getDefiningOp();
  bool result = false;
  if (auto access = dyn_cast_or_null<AccessOp>(op))
    result = cast<FieldType>(access.getField().getType()).isTimeDependent();
  else if (op)
    result = llvm::any_of(op->getOperands(), [&](Value v) { return readsStates(v, memo); });
  memo[value] = result;
  return result;
}

/// Whether a body value is computed from scalars, constants and inputs at the point itself
/// only, so that any other body (a source's) can evaluate it at its own point.
bool pointwise(Value value) {
  Operation *op = value.getDefiningOp();
  if (!op)
    return true; // a program argument
  if (auto access = dyn_cast<AccessOp>(op))
    return !cast<FieldType>(access.getField().getType()).isTimeDependent() &&
           llvm::all_of(access.getOffset(), [](int64_t o) { return o == 0; });
  return op->getNumRegions() == 0 && llvm::all_of(op->getOperands(), pointwise);
}

/// The ops of `body` that `value` is computed from, in the body's order.
SmallVector<Operation *> definingOps(Value value, Block &body) {
  llvm::SmallPtrSet<Operation *, 16> needed;
  SmallVector<Value> work{value};
  while (!work.empty()) {
    Operation *op = work.pop_back_val().getDefiningOp();
    if (op && needed.insert(op).second)
      llvm::append_range(work, op->getOperands());
  }
  SmallVector<Operation *> ordered;
  for (Operation &op : body)
    if (needed.contains(&op))
      ordered.push_back(&op);
  return ordered;
}

class Linearizer {
public:
  Linearizer(ProgramOp forward, StringRef input, bool rereadUpdates)
      : forward_(forward), input_(input), rereadUpdates_(rereadUpdates), builder_(forward) {}
  FailureOr<ProgramOp> run();
  /// The numbers of the linearization's perturbation arguments.
  llvm::DenseSet<unsigned> perturbationArguments() const {
    llvm::DenseSet<unsigned> numbers;
    for (const auto &entry : perturbations_)
      numbers.insert(cast<BlockArgument>(entry.second).getArgNumber());
    return numbers;
  }

private:
  /// An update whose tangent rereads the level it writes (see "Reread updates").
  struct UpdateReread {
    mutable ApplyOp apply; // op handles are values; their accessors are non-const
    Operation *root;       // x * R, R * x or R / x in the forward body
    Value factor;          // x
    Value target;          // the forward state
    int64_t level;
  };

  ProgramOp createProgram();
  /// Builds a body in `region` returning the tangent of `value` computed from `body`. The
  /// tangents of an update's `rereads` read their levels back; an injection into a level
  /// `injected` rereads subtracts its share of that reread.
  LogicalResult buildTangentBody(Region &region, Block &body, ValueRange values, Location loc,
                                 ArrayRef<UpdateReread> rereads = {},
                                 const UpdateReread *injected = nullptr);
  SmallVector<UpdateReread> rereadsOf(TimeLoopOp loop) const;
  LogicalResult linearizeStep(TimeLoopOp loop);

  ProgramOp forward_;
  StringRef input_;
  bool rereadUpdates_;
  OpBuilder builder_;
  ProgramOp born_;
  IRMapping arguments_;                  // forward arguments -> born arguments
  DenseMap<Value, Value> perturbations_; // forward state or parameter -> its perturbation
};

ProgramOp Linearizer::createProgram() {
  SmallVector<Type> types;
  SmallVector<std::string> names;
  SmallVector<unsigned> perturbed; // forward argument indices that get a perturbation
  auto addPerturbations = [&]() {
    for (unsigned i : perturbed) {
      types.push_back(forward_.getArgumentTypes()[i]);
      names.push_back(("d" + forward_.getArgName(i)).str());
    }
  };
  bool added = false;
  for (unsigned i = 0; i < forward_.getNumArguments(); ++i) {
    Type type = forward_.getArgumentTypes()[i];
    auto field = dyn_cast<FieldType>(type);
    if (!field && !added) {
      addPerturbations(); // after the fields, before points and scalars
      added = true;
    }
    if (field && (field.isTimeDependent() || forward_.getArgName(i) == input_))
      perturbed.push_back(i);
    types.push_back(type);
    names.push_back(forward_.getArgName(i).str());
  }
  if (!added)
    addPerturbations();
  SmallVector<StringRef> nameRefs(names.begin(), names.end());
  builder_.setInsertionPointAfter(forward_);
  auto born =
      builder_.create<ProgramOp>(forward_.getLoc(), (forward_.getSymName() + "_born").str(),
                                 builder_.getFunctionType(types, {}), forward_.getRank(), nameRefs);
  for (unsigned i = 0; i < forward_.getNumArguments(); ++i) {
    BlockArgument arg = born.getArgByName(forward_.getArgName(i));
    arguments_.map(forward_.getArgument(i), arg);
    born.setArgAttrs(arg.getArgNumber(), forward_.getArgAttrDict(i));
  }
  for (unsigned i : perturbed)
    perturbations_[forward_.getArgument(i)] =
        born.getArgByName(("d" + forward_.getArgName(i)).str());
  return born;
}

LogicalResult Linearizer::buildTangentBody(Region &region, Block &body, ValueRange values,
                                           Location loc, ArrayRef<UpdateReread> rereads,
                                           const UpdateReread *injected) {
  OpBuilder::InsertionGuard guard(builder_);
  builder_.setInsertionPointToStart(&region.emplaceBlock());
  TangentBuilder tangents(builder_, arguments_, perturbations_);
  for (const UpdateReread &reread : rereads)
    tangents.reread(reread.root, reread.factor, arguments_.lookup(reread.target), reread.level);
  if (failed(tangents.run(body)))
    return failure();
  // The update's factor x, evaluated at this injection's points.
  if (injected &&
      failed(tangents.run(definingOps(injected->factor, injected->apply.getBody().front()))))
    return failure();
  SmallVector<Value> results;
  for (Value value : values) {
    Value tangent = tangents.tangent(value);
    if (injected) {
      // The level holds x R + c (injected here): the update's dx (s / x) counted dx c / x
      // too much, which this injection's tangent takes back.
      if (Value dx = tangents.tangent(injected->factor)) {
        Value share = builder_.create<arith::MulFOp>(
            loc, builder_.create<arith::DivFOp>(loc, dx, tangents.primal(injected->factor)),
            tangents.primal(value));
        tangent = tangent ? builder_.create<arith::SubFOp>(loc, tangent, share).getResult()
                          : builder_.create<arith::NegFOp>(loc, share).getResult();
      }
    }
    results.push_back(tangent ? tangent
                              : builder_.create<arith::ConstantOp>(
                                    loc, builder_.getFloatAttr(value.getType(), 0.0)));
  }
  builder_.create<ReturnOp>(loc, results);
  return success();
}

SmallVector<Linearizer::UpdateReread> Linearizer::rereadsOf(TimeLoopOp loop) const {
  SmallVector<UpdateReread> rereads;
  if (!rereadUpdates_)
    return rereads;
  using Level = std::pair<const void *, int64_t>;
  Block &step = loop.getBody().front();
  std::map<Level, int> writers;         // the updates writing each state level
  std::set<Level> injectedBeforeUpdate; // levels an injection adds to before any update
  for (Operation &op : step) {
    if (auto apply = dyn_cast<ApplyOp>(op))
      for (Value target : apply.getTargets())
        ++writers[{target.getAsOpaquePointer(), apply.getLevelOffset()}];
    else if (auto inject = dyn_cast<InjectOp>(op))
      if (!writers.count({inject.getTarget().getAsOpaquePointer(), inject.getLevelOffset()}))
        injectedBeforeUpdate.insert(
            {inject.getTarget().getAsOpaquePointer(), inject.getLevelOffset()});
  }
  for (auto apply : step.getOps<ApplyOp>()) {
    if (apply.getAccumulate())
      continue;
    Block &body = apply.getBody().front();
    auto ret = cast<ReturnOp>(body.getTerminator());
    DenseMap<Value, bool> memo;
    for (auto [target, value] : llvm::zip(apply.getTargets(), ret.getValues())) {
      Level level{target.getAsOpaquePointer(), apply.getLevelOffset()};
      Operation *root = value.getDefiningOp();
      if (!cast<FieldType>(target.getType()).isTimeDependent() || writers[level] != 1 ||
          injectedBeforeUpdate.count(level) || !root || root->getBlock() != &body)
        continue;
      Value factor;
      if (auto mul = dyn_cast<arith::MulFOp>(root)) {
        // R = s / x: x must not vanish anywhere (a reciprocal, as for the acoustic operator).
        bool lhs = readsStates(mul.getLhs(), memo), rhs = readsStates(mul.getRhs(), memo);
        if (lhs != rhs && strata::evidentlyNonZero(lhs ? mul.getRhs() : mul.getLhs()))
          factor = lhs ? mul.getRhs() : mul.getLhs();
      } else if (auto div = dyn_cast<arith::DivFOp>(root)) {
        if (readsStates(div.getLhs(), memo) && !readsStates(div.getRhs(), memo))
          factor = div.getRhs();
      }
      if (factor && pointwise(factor))
        rereads.push_back({apply, root, factor, target, apply.getLevelOffset()});
    }
  }
  return rereads;
}

LogicalResult Linearizer::linearizeStep(TimeLoopOp loop) {
  SmallVector<UpdateReread> rereads = rereadsOf(loop);
  for (Operation &op : loop.getBody().front().without_terminator()) {
    Location loc = op.getLoc();
    if (auto apply = dyn_cast<ApplyOp>(op)) {
      builder_.clone(op, arguments_);
      SmallVector<Value> targets;
      for (Value target : apply.getTargets())
        targets.push_back(perturbations_.lookup(target));
      auto tangent =
          builder_.create<ApplyOp>(loc, targets, apply.getLevelAttr(), apply.getAccumulateAttr());
      auto ret = cast<ReturnOp>(apply.getBody().front().getTerminator());
      SmallVector<UpdateReread> own;
      for (const UpdateReread &reread : rereads)
        if (reread.apply == apply)
          own.push_back(reread);
      if (failed(buildTangentBody(tangent.getBody(), apply.getBody().front(), ret.getValues(), loc,
                                  own)))
        return failure();
    } else if (auto inject = dyn_cast<InjectOp>(op)) {
      builder_.clone(op, arguments_);
      // The source itself is not perturbed: only a coefficient that depends on the
      // parameter contributes to the perturbation.
      auto tangent = builder_.create<InjectOp>(loc, arguments_.lookup(inject.getSource()),
                                               perturbations_.lookup(inject.getTarget()),
                                               inject.getLevelAttr());
      auto ret = cast<ReturnOp>(inject.getBody().front().getTerminator());
      const UpdateReread *injected = nullptr;
      for (const UpdateReread &reread : rereads)
        if (reread.target == inject.getTarget() && reread.level == inject.getLevelOffset())
          injected = &reread;
      if (failed(buildTangentBody(tangent.getBody(), inject.getBody().front(), ret.getValues(), loc,
                                  {}, injected)))
        return failure();
    } else if (auto interpolate = dyn_cast<InterpolateOp>(op)) {
      // The receivers record the derivative of what the forward program records.
      auto tangent =
          builder_.create<InterpolateOp>(loc, arguments_.lookup(interpolate.getReceiver()));
      auto ret = cast<ReturnOp>(interpolate.getBody().front().getTerminator());
      if (failed(buildTangentBody(tangent.getBody(), interpolate.getBody().front(), ret.getValues(),
                                  loc)))
        return failure();
    } else {
      return op.emitOpError("has no linearization rule");
    }
  }
  return success();
}

FailureOr<ProgramOp> Linearizer::run() {
  bool hasInput = false;
  for (unsigned i = 0; i < forward_.getNumArguments(); ++i)
    if (forward_.getArgName(i) == input_ && isa<FieldType>(forward_.getArgumentTypes()[i]))
      hasInput = !cast<FieldType>(forward_.getArgumentTypes()[i]).isTimeDependent();
  if (!hasInput)
    return forward_.emitOpError() << "has no input field named '" << input_
                                  << "' to linearize with respect to";
  born_ = createProgram();
  builder_.setInsertionPointToStart(&born_.getBody().front());
  for (Operation &op : forward_.getBody().front()) {
    auto loop = dyn_cast<TimeLoopOp>(op);
    if (!loop)
      return op.emitOpError("is not expected at the top level of a program to linearize");
    auto copy = builder_.create<TimeLoopOp>(loop.getLoc(), arguments_.lookup(loop.getBegin()),
                                            arguments_.lookup(loop.getEnd()), loop.getReverse());
    OpBuilder::InsertionGuard guard(builder_);
    builder_.setInsertionPoint(copy.getBody().front().getTerminator());
    if (failed(linearizeStep(loop)))
      return failure();
  }
  return born_;
}

} // namespace

FailureOr<ProgramOp> strata::buildLinearization(ProgramOp forward, StringRef input,
                                                llvm::DenseSet<unsigned> *perturbations,
                                                bool rereadUpdates) {
  Linearizer linearizer(forward, input, rereadUpdates);
  FailureOr<ProgramOp> born = linearizer.run();
  if (succeeded(born) && perturbations)
    *perturbations = linearizer.perturbationArguments();
  return born;
}

namespace {

struct StencilLinearizePass : strata::impl::StencilLinearizeBase<StencilLinearizePass> {
  using StencilLinearizeBase::StencilLinearizeBase;

  void runOnOperation() override {
    SmallVector<ProgramOp> programs(getOperation().getOps<ProgramOp>());
    for (ProgramOp program : programs) {
      if (program.getSymName().ends_with("_born") || program.getSymName().ends_with("_adjoint"))
        continue;
      FailureOr<ProgramOp> born = strata::buildLinearization(program, input);
      if (failed(born))
        return signalPassFailure();
      (*born)->removeAttr(born->getHaloAttrName());
      if (replace)
        program.erase();
    }
  }
};

} // namespace
