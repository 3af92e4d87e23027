//===- StencilAdjoint.cpp - exact discrete adjoints of stencil programs ---===//
//
// The adjoint is derived from the discrete program itself, so it is the exact
// transpose of what the forward kernel computes (dot-product tests agree to
// rounding) for any linear model, self-adjoint or not.
//
// Scaled states. A forward update s[t+L] = a * G(states), with a a state-independent
// factor (for the acoustic operator a = -1 / (m/dt^2 + damp/(2 dt))), makes every term
// of the transposed gather a coefficient of G times a(z - o) * s_adj(z - o): read
// naively, two fields per neighbour and one more product. The adjoint stores w = a * s_adj
// instead, as soon as s_adj is complete: at the end of the step that finishes the level
// (level L - 1; no later step adds to it). Gathers read w, one field per neighbour as in
// the forward, and source traces of an injection with coefficient a or -a read w or -w.
// Other readers (a gradient's imaging condition, whose terms in the parameter do not carry
// the factor; other injection coefficients) read w / a, which needs a evidently non-zero
// (a reciprocal such as the acoustic's); otherwise the state is not scaled. The transposed
// map is the same; only its rounding differs, and the dot-product tests hold as before.
//
// Gathered levels. Transposed term by term, a step of u[t+1] = a * (G(u[t]) + b u[t-1])
// scatters: it adds to u_adj[t] and to u_adj[t-1], so every step reads and rewrites the
// partial sum of t-1 it stored the step before: four state streams against the forward's
// three. Where every state is updated at t+1 from levels t and older, and receivers record
// level t, the adjoint of level t can instead be computed whole, when the step reaches t:
// it gathers the newer levels it depends on, t+1 .. t+L-1 (a term reading level t+l of a
// state, l <= 0, was transposed from the update at step t-l, written at t+1-l). Each step
// then writes level t once from the newer levels, the forward's recurrence run backwards
// (w[t] = a * (G^T(w[t+1]) + b w[t+2]) for the acoustic operator), and receiver data are
// injected into it after, scaled by a where the state is. Same transpose, other rounding.
//
//===----------------------------------------------------------------------===//
#include "strata/Compiler/Passes.h"

#include "Derivatives.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/OperationSupport.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/TypeSwitch.h"

#include <functional>
#include <map>
#include <memory>

namespace strata {
#define GEN_PASS_DEF_STENCILADJOINT
#include "strata/Compiler/Passes.h.inc"
} // namespace strata

using namespace mlir;
using namespace strata::stencil;
using strata::TransposeSpec;

namespace {

/// A coefficient: an expression over state-independent values of a point body.
struct Coef;
using CoefPtr = std::shared_ptr<const Coef>;
struct Coef {
  enum class Kind { One, Value, Mul, Neg, Div } kind = Kind::One;
  mlir::Value value; // Value: the value; Div: the divisor
  CoefPtr operand, other;

  static CoefPtr one() { return std::make_shared<Coef>(); }
  static CoefPtr of(mlir::Value v) { return std::make_shared<Coef>(Coef{Kind::Value, v, {}, {}}); }
  static CoefPtr times(CoefPtr c, mlir::Value v) {
    return std::make_shared<Coef>(Coef{Kind::Mul, {}, std::move(c), of(v)});
  }
  static CoefPtr negated(CoefPtr c) {
    return std::make_shared<Coef>(Coef{Kind::Neg, {}, std::move(c), {}});
  }
  static CoefPtr over(CoefPtr c, mlir::Value divisor) {
    return std::make_shared<Coef>(Coef{Kind::Div, divisor, std::move(c), {}});
  }
};

/// `coef * access`: one state access of a point body and its coefficient.
struct Term {
  mutable AccessOp access; // op handles are values; their accessors are non-const
  CoefPtr coef;
};
using Terms = SmallVector<Term>;

/// Writes each state-dependent value of a point body as a linear combination of the body's
/// state accesses. Fails, at the offending op, on anything not linear in the states.
class LinearAnalysis {
public:
  /// `isVariable(field)`: whether accesses to a field are variables of the linear map (the
  /// states, for an adjoint; the perturbations, for a gradient) rather than coefficients.
  explicit LinearAnalysis(std::function<bool(Value)> isVariable)
      : isVariable_(std::move(isVariable)) {}

  LogicalResult analyze(Block &body) {
    for (Operation &op : body.without_terminator())
      if (failed(visit(op)))
        return failure();
    return success();
  }
  bool dependsOnStates(Value value) const { return forms_.count(value); }
  const Terms &terms(Value value) const { return forms_.find(value)->second; }

private:
  LogicalResult visit(Operation &op) {
    if (auto access = dyn_cast<AccessOp>(op)) {
      if (isVariable_(access.getField()))
        forms_[access.getResult()] = {Term{access, Coef::one()}};
      return success();
    }
    bool stateOperand = llvm::any_of(op.getOperands(), [&](Value v) { return dependsOnStates(v); });
    if (!stateOperand)
      return success(); // a coefficient: inputs, scalars and constants only
    if (isa<arith::AddFOp, arith::SubFOp>(op))
      return sum(op, isa<arith::SubFOp>(op));
    if (auto neg = dyn_cast<arith::NegFOp>(op)) {
      Terms result;
      for (const Term &term : terms(neg.getOperand()))
        result.push_back({term.access, Coef::negated(term.coef)});
      forms_[neg.getResult()] = std::move(result);
      return success();
    }
    if (auto mul = dyn_cast<arith::MulFOp>(op)) {
      bool lhsState = dependsOnStates(mul.getLhs()), rhsState = dependsOnStates(mul.getRhs());
      if (lhsState && rhsState)
        return op.emitOpError("multiplies two state-dependent values: the update is not linear "
                              "in the states, so it has no adjoint");
      Value state = lhsState ? mul.getLhs() : mul.getRhs();
      Value factor = lhsState ? mul.getRhs() : mul.getLhs();
      Terms result;
      for (const Term &term : terms(state))
        result.push_back({term.access, Coef::times(term.coef, factor)});
      forms_[mul.getResult()] = std::move(result);
      return success();
    }
    if (auto div = dyn_cast<arith::DivFOp>(op)) {
      if (dependsOnStates(div.getRhs()))
        return op.emitOpError("divides by a state-dependent value: the update is not linear in "
                              "the states, so it has no adjoint");
      Terms result;
      for (const Term &term : terms(div.getLhs()))
        result.push_back({term.access, Coef::over(term.coef, div.getRhs())});
      forms_[div.getResult()] = std::move(result);
      return success();
    }
    return op.emitOpError("applies a nonlinear operation to a state: the update must be linear "
                          "in the states to have an adjoint");
  }

  /// a + b or a - b where at least one side depends on the states. A state-independent
  /// side would make the update affine rather than linear.
  LogicalResult sum(Operation &op, bool subtract) {
    Value lhs = op.getOperand(0), rhs = op.getOperand(1);
    for (Value side : {lhs, rhs})
      if (!dependsOnStates(side) && !matchPattern(side, m_AnyZeroFloat()))
        return op.emitOpError("adds a term that does not depend on the states: the update is "
                              "affine, not linear, so it has no adjoint");
    Terms result;
    if (dependsOnStates(lhs))
      result = terms(lhs);
    if (dependsOnStates(rhs))
      for (const Term &term : terms(rhs))
        result.push_back({term.access, subtract ? Coef::negated(term.coef) : term.coef});
    forms_[op.getResult(0)] = std::move(result);
    return success();
  }

  std::function<bool(Value)> isVariable_;
  DenseMap<Value, Terms> forms_;
};

/// Re-emits state-independent values of forward bodies inside adjoint bodies, evaluated
/// at a shifted point: every input access gets `shift` added to its offset.
class ShiftedCloner {
public:
  ShiftedCloner(OpBuilder &builder, const IRMapping &arguments)
      : builder_(builder), arguments_(arguments) {}

  Value clone(Value value, ArrayRef<int64_t> shift) {
    if (Value mapped = arguments_.lookupOrNull(value))
      return mapped; // a program argument: dt, a spacing, ...
    auto key = std::make_pair(value.getAsOpaquePointer(), SmallVector<int64_t>(shift));
    if (auto found = cache_.find(key); found != cache_.end())
      return found->second;
    Operation *op = value.getDefiningOp();
    Value result;
    if (auto access = dyn_cast<AccessOp>(op)) {
      SmallVector<int64_t> offset(access.getOffset());
      for (auto [axis, delta] : llvm::enumerate(shift))
        offset[axis] += delta;
      result = builder_.create<AccessOp>(access.getLoc(), arguments_.lookup(access.getField()),
                                         offset, access.getTimeOffset());
    } else {
      IRMapping operands;
      for (Value operand : op->getOperands())
        operands.map(operand, clone(operand, shift));
      result = builder_.clone(*op, operands)->getResult(cast<OpResult>(value).getResultNumber());
    }
    cache_[key] = result;
    return result;
  }

  Value materialize(const CoefPtr &coef, ArrayRef<int64_t> shift, Type element, Location loc) {
    switch (coef->kind) {
    case Coef::Kind::One:
      return builder_.create<arith::ConstantOp>(loc, builder_.getFloatAttr(element, 1.0));
    case Coef::Kind::Value:
      return clone(coef->value, shift);
    case Coef::Kind::Mul:
      return builder_.create<arith::MulFOp>(loc, materialize(coef->operand, shift, element, loc),
                                            materialize(coef->other, shift, element, loc));
    case Coef::Kind::Neg:
      return builder_.create<arith::NegFOp>(loc, materialize(coef->operand, shift, element, loc));
    case Coef::Kind::Div:
      return builder_.create<arith::DivFOp>(loc, materialize(coef->operand, shift, element, loc),
                                            clone(coef->value, shift));
    }
    llvm_unreachable("unknown coefficient kind");
  }

private:
  OpBuilder &builder_;
  const IRMapping &arguments_;
  std::map<std::pair<const void *, SmallVector<int64_t>>, Value> cache_;
};

SmallVector<int64_t> negatedOffset(AccessOp access) {
  SmallVector<int64_t> shift;
  for (int64_t offset : access.getOffset())
    shift.push_back(-offset);
  return shift;
}

/// Whether two values are computed by the same operations on the same program arguments
/// (e.g. one coefficient written out in two point bodies).
bool sameExpression(Value lhs, Value rhs) {
  if (lhs == rhs)
    return true;
  auto lhsResult = dyn_cast<OpResult>(lhs), rhsResult = dyn_cast<OpResult>(rhs);
  if (!lhsResult || !rhsResult || lhsResult.getResultNumber() != rhsResult.getResultNumber())
    return false;
  return OperationEquivalence::isEquivalentTo(
      lhsResult.getOwner(), rhsResult.getOwner(),
      [](Value l, Value r) { return success(sameExpression(l, r)); }, nullptr,
      OperationEquivalence::IgnoreLocations);
}

/// x, when `value` is -x written as a negation or a product with -1 (both exact).
Value negationOperand(Value value) {
  if (auto neg = value.getDefiningOp<arith::NegFOp>())
    return neg.getOperand();
  if (auto mul = value.getDefiningOp<arith::MulFOp>()) {
    for (auto [constant, other] :
         {std::pair{mul.getLhs(), mul.getRhs()}, std::pair{mul.getRhs(), mul.getLhs()}}) {
      FloatAttr attr;
      if (matchPattern(constant, m_Constant(&attr)) && attr.getValue().isExactlyValue(-1.0))
        return other;
    }
  }
  return {};
}

/// +1 when `coefficient` computes `factor`, -1 when it computes -factor (so that
/// coefficient * x is exactly factor * x or its negation), 0 when neither is evident.
int signRelativeTo(Value coefficient, Value factor) {
  if (sameExpression(coefficient, factor))
    return 1;
  if (Value negated = negationOperand(factor); negated && sameExpression(coefficient, negated))
    return -1;
  if (Value negated = negationOperand(coefficient); negated && sameExpression(negated, factor))
    return -1;
  return 0;
}

/// Whether a term's coefficient is `inner * factor`, factor applied last.
bool carriesFactor(const CoefPtr &coef, Value factor) {
  return coef->kind == Coef::Kind::Mul && coef->other->kind == Coef::Kind::Value &&
         coef->other->value == factor;
}

/// The factor that every term reading a state (a field with time levels) carries outermost,
/// if there is one and at least one such term.
std::optional<Value> commonStateFactor(const Terms &terms) {
  std::optional<Value> factor;
  for (const Term &term : terms) {
    if (!cast<FieldType>(term.access.getField().getType()).isTimeDependent())
      continue;
    const CoefPtr &coef = term.coef;
    if (coef->kind != Coef::Kind::Mul || coef->other->kind != Coef::Kind::Value)
      return std::nullopt;
    if (factor && *factor != coef->other->value)
      return std::nullopt;
    factor = coef->other->value;
  }
  return factor;
}

class AdjointBuilder {
public:
  AdjointBuilder(ProgramOp forward, TransposeSpec spec)
      : forward_(forward), spec_(std::move(spec)), builder_(forward) {}
  FailureOr<ProgramOp> run();

private:
  Type elementType();
  void clearOldestLevels();
  /// Gathered levels (see the top of the file): whether `loop`'s step allows them, and which
  /// states it updates, in order.
  std::optional<SmallVector<Value>> statesToGather(TimeLoopOp loop);
  /// One apply per state writing its adjoint at level 0 from the newer levels.
  LogicalResult gatherLevels(TimeLoopOp loop, ArrayRef<Value> states);
  /// With `onlyParameters`, only the gathers into fields without levels (a gradient's).
  LogicalResult adjointOfApply(ApplyOp apply, bool onlyParameters = false);
  /// Each term of an update (of variables) with the target its value updates.
  using TargetTerms = SmallVector<std::pair<Term, Value>>;
  FailureOr<TargetTerms> updateTerms(ApplyOp apply);
  /// The transpose of one term of `target`'s update, evaluated where the term's access
  /// sends it: its coefficient times `target`'s adjoint at `level`.
  Value transposedTerm(ShiftedCloner &cloner, const Term &term, Value target, int64_t level,
                       Location loc);
  LogicalResult adjointOfInject(InjectOp inject);
  /// With `gathered`, the state's adjoint at the recorded level is complete (gathered
  /// levels): the data are injected into it, times the state's factor when it is scaled.
  LogicalResult adjointOfInterpolate(InterpolateOp interpolate, bool gathered = false);
  /// Scaled states (see the top of the file): which states of one forward step qualify.
  void findScaledStates(TimeLoopOp loop);
  /// At the end of an adjoint step: w = a * s_adj on the level the step completed.
  void scaleCompletedLevels(Location loc);
  /// A new point body in `region`; `emit` returns the value it yields.
  void buildBody(Region &region, Location loc, function_ref<Value(ShiftedCloner &)> emit);

  LinearAnalysis analysis() const { return LinearAnalysis(spec_.isVariable); }
  bool isVariable(Value forwardField) const { return spec_.isVariable(forwardField); }

  ProgramOp forward_;
  TransposeSpec spec_;
  ProgramOp adjoint_;
  OpBuilder builder_;
  IRMapping arguments_; // forward program arguments -> adjoint program arguments

  /// A state whose adjoint is stored scaled: its update s[t+level] = factor * G.
  struct Scaling {
    Value factor; // in the forward update's body
    int64_t level;
  };
  llvm::MapVector<Value, Scaling> scaled_; // by forward state argument
  /// What `target`'s adjoint field holds at `level`, read at `shift`: w when it is scaled.
  Value storedAdjoint(Value target, ArrayRef<int64_t> shift, int64_t level, Location loc) {
    return builder_.create<AccessOp>(loc, arguments_.lookup(target), shift, level);
  }
  /// What a reader that does not see `target`'s adjoint through the factor multiplies: the
  /// adjoint at the level the update writes, w / a when it is stored scaled.
  Value unscaledAdjoint(Value target, ArrayRef<int64_t> shift, int64_t level, ShiftedCloner &cloner,
                        Location loc);
};

Value AdjointBuilder::unscaledAdjoint(Value target, ArrayRef<int64_t> shift, int64_t level,
                                      ShiftedCloner &cloner, Location loc) {
  Value stored = storedAdjoint(target, shift, level, loc);
  auto found = scaled_.find(target);
  if (found == scaled_.end())
    return stored;
  return builder_.create<arith::DivFOp>(loc, stored, cloner.clone(found->second.factor, shift));
}

Type AdjointBuilder::elementType() {
  for (Type type : forward_.getArgumentTypes())
    if (auto field = dyn_cast<FieldType>(type))
      return field.getElementType();
  return builder_.getF32Type();
}

void AdjointBuilder::buildBody(Region &region, Location loc,
                               function_ref<Value(ShiftedCloner &)> emit) {
  OpBuilder::InsertionGuard guard(builder_);
  builder_.setInsertionPointToStart(&region.emplaceBlock());
  ShiftedCloner cloner(builder_, arguments_);
  Value value = emit(cloner);
  builder_.create<ReturnOp>(loc, ValueRange{value});
}

// The oldest level a step touches, t + 2 - L, is the ring buffer slot that held the adjoint
// of step t + 2: it is stale, and this step is the first to contribute to it.
void AdjointBuilder::clearOldestLevels() {
  std::map<int64_t, SmallVector<Value>> byLevel;
  for (auto [from, arg] : llvm::zip(forward_.getArguments(), adjoint_.getArguments()))
    if (auto field = dyn_cast<FieldType>(arg.getType());
        field && field.isTimeDependent() && isVariable(from))
      byLevel[2 - static_cast<int64_t>(field.getLevels())].push_back(arg);
  Location loc = forward_.getLoc();
  for (auto &[level, targets] : byLevel) {
    auto apply = builder_.create<ApplyOp>(loc, targets, builder_.getI64IntegerAttr(level),
                                          /*accumulate=*/UnitAttr());
    OpBuilder::InsertionGuard guard(builder_);
    builder_.setInsertionPointToStart(&apply.getBody().emplaceBlock());
    Value zero = builder_.create<arith::ConstantOp>(loc, builder_.getFloatAttr(elementType(), 0.0));
    builder_.create<ReturnOp>(loc, SmallVector<Value>(targets.size(), zero));
  }
}

// A state qualifies when one apply of the step writes it at one level L, and the terms of
// the update that read states all carry the same outermost factor a (u[t+L] = a * G(states)
// + terms in other variables, such as a gradient's parameter perturbation); injections into
// it write level L; and nothing reads it at level L or later (so the adjoint adds nothing to
// a level once it is scaled). Readers that do not see the adjoint through a (terms without
// the factor, injection coefficients other than +-a) read w / a, so a must then be
// evidently non-zero.
void AdjointBuilder::findScaledStates(TimeLoopOp loop) {
  scaled_.clear();
  if (!spec_.scaleStates)
    return;
  // Analyses that fail here fail again, with their diagnostic, when the step is transposed.
  ScopedDiagnosticHandler quiet(loop.getContext(), [](Diagnostic &) { return success(); });
  DenseSet<Value> refused;
  DenseSet<Value> readWithoutFactor;
  Block &step = loop.getBody().front();
  for (auto apply : step.getOps<ApplyOp>()) {
    LinearAnalysis analysis = this->analysis();
    bool linear = succeeded(analysis.analyze(apply.getBody().front()));
    auto ret = cast<ReturnOp>(apply.getBody().front().getTerminator());
    for (auto [target, value] : llvm::zip(apply.getTargets(), ret.getValues())) {
      if (!isVariable(target))
        continue;
      // The level the adjoint step completes, L - 1, must be one the state keeps.
      int64_t levels = cast<FieldType>(target.getType()).getLevels();
      bool completesAKeptLevel = apply.getLevelOffset() - 1 >= loop.getLevelRange(levels).first;
      std::optional<Value> factor;
      if (linear && completesAKeptLevel && !scaled_.count(target) &&
          analysis.dependsOnStates(value))
        factor = commonStateFactor(analysis.terms(value));
      if (!factor) {
        refused.insert(target);
        continue;
      }
      scaled_[target] = {*factor, apply.getLevelOffset()};
      if (llvm::any_of(analysis.terms(value),
                       [&](const Term &term) { return !carriesFactor(term.coef, *factor); }))
        readWithoutFactor.insert(target);
    }
  }
  for (auto inject : step.getOps<InjectOp>()) {
    auto found = scaled_.find(inject.getTarget());
    if (found == scaled_.end())
      continue;
    LinearAnalysis analysis = this->analysis();
    Value coefficient = cast<ReturnOp>(inject.getBody().front().getTerminator()).getValues()[0];
    bool fixed = succeeded(analysis.analyze(inject.getBody().front())) &&
                 !analysis.dependsOnStates(coefficient);
    if (inject.getLevelOffset() != found->second.level)
      refused.insert(inject.getTarget());
    // A fixed coefficient is read (as source traces) only when the sources are the output;
    // one that depends on a variable (a gradient's parameter) is read through w / a.
    if (!fixed || (spec_.sourcesAreOutputs && !signRelativeTo(coefficient, found->second.factor)))
      readWithoutFactor.insert(inject.getTarget());
  }
  step.walk([&](AccessOp access) {
    auto found = scaled_.find(access.getField());
    if (found != scaled_.end() && access.getTimeOffset() >= found->second.level)
      refused.insert(access.getField());
  });
  for (Value state : readWithoutFactor)
    if (!strata::evidentlyNonZero(scaled_.lookup(state).factor))
      refused.insert(state);
  for (Value state : refused)
    scaled_.erase(state);
}

void AdjointBuilder::scaleCompletedLevels(Location loc) {
  for (auto &[state, scaling] : scaled_) {
    Value adjoint = arguments_.lookup(state);
    int64_t level = scaling.level - 1;
    auto apply = builder_.create<ApplyOp>(loc, ValueRange{adjoint},
                                          builder_.getI64IntegerAttr(level), UnitAttr());
    SmallVector<int64_t> zero(forward_.getRank(), 0);
    buildBody(apply.getBody(), loc, [&](ShiftedCloner &cloner) -> Value {
      Value completed = storedAdjoint(state, zero, level, loc);
      return builder_.create<arith::MulFOp>(loc, cloner.clone(scaling.factor, zero), completed);
    });
  }
}

// A step qualifies when each update of a state (a variable with levels) writes level t+1,
// assigned, one update per state; every read of a state, by an update, an injection's
// coefficient or a receiver, is at level t or older, of a state the step updates; receivers
// record level t; and injections add to level t+1. Reads at t+1 (a staggered system's
// second update, a receiver of the new level) would make level t's adjoint depend on what
// the same adjoint step computes: those steps scatter.
std::optional<SmallVector<Value>> AdjointBuilder::statesToGather(TimeLoopOp loop) {
  if (!spec_.gatherLevels)
    return std::nullopt;
  auto isState = [&](Value field) {
    return isVariable(field) && cast<FieldType>(field.getType()).isTimeDependent();
  };
  Block &step = loop.getBody().front();
  SmallVector<Value> states;
  for (auto apply : step.getOps<ApplyOp>()) {
    if (llvm::none_of(apply.getTargets(), [&](Value t) { return isVariable(t); }))
      continue; // the background: given data
    if (apply.getLevelOffset() != 1 || apply.getAccumulate())
      return std::nullopt;
    for (Value target : apply.getTargets()) {
      if (!isState(target) || llvm::is_contained(states, target))
        return std::nullopt;
      states.push_back(target);
    }
  }
  if (states.empty())
    return std::nullopt;
  WalkResult walk = step.walk([&](Operation *op) {
    if (auto access = dyn_cast<AccessOp>(op)) {
      Value field = access.getField();
      if (!isState(field))
        return WalkResult::advance();
      bool recorded = access->getParentOfType<InterpolateOp>() != nullptr;
      if (!llvm::is_contained(states, field) || access.getTimeOffset() > 0 ||
          (recorded && access.getTimeOffset() != 0))
        return WalkResult::interrupt();
    } else if (auto inject = dyn_cast<InjectOp>(op)) {
      if (isState(inject.getTarget()) && inject.getLevelOffset() != 1)
        return WalkResult::interrupt();
    }
    return WalkResult::advance();
  });
  if (walk.wasInterrupted())
    return std::nullopt;
  return states;
}

LogicalResult AdjointBuilder::gatherLevels(TimeLoopOp loop, ArrayRef<Value> states) {
  // The terms reading each state, with the state their update writes.
  llvm::MapVector<Value, TargetTerms> readers;
  for (auto apply : loop.getBody().front().getOps<ApplyOp>()) {
    if (!isVariable(apply.getTargets().front()))
      continue;
    FailureOr<TargetTerms> terms = updateTerms(apply);
    if (failed(terms))
      return failure();
    for (auto &[term, target] : *terms)
      if (llvm::is_contained(states, term.access.getField()))
        readers[term.access.getField()].push_back({term, target});
  }
  Location loc = loop.getLoc();
  SmallVector<int64_t> zero(forward_.getRank(), 0);
  for (Value state : states) {
    auto gather = builder_.create<ApplyOp>(loc, ValueRange{arguments_.lookup(state)},
                                           builder_.getI64IntegerAttr(0), UnitAttr());
    buildBody(gather.getBody(), loc, [&](ShiftedCloner &cloner) -> Value {
      Value sum;
      for (auto &[term, target] : readers.lookup(state)) {
        // y[t'+1] = c s[t'+l] + ...  =>  s_adj[t] gets c y_adj[t+1-l] from the update at
        // step t' = t - l.
        Value product = transposedTerm(cloner, term, target, 1 - term.access.getTimeOffset(), loc);
        sum = sum ? builder_.create<arith::AddFOp>(loc, sum, product).getResult() : product;
      }
      if (!sum) // no update reads the state: only receiver data make its adjoint
        sum = builder_.create<arith::ConstantOp>(loc, builder_.getFloatAttr(elementType(), 0.0));
      if (auto found = scaled_.find(state); found != scaled_.end())
        sum = builder_.create<arith::MulFOp>(loc, cloner.clone(found->second.factor, zero), sum);
      return sum;
    });
  }
  return success();
}

FailureOr<AdjointBuilder::TargetTerms> AdjointBuilder::updateTerms(ApplyOp apply) {
  LinearAnalysis analysis = this->analysis();
  if (failed(analysis.analyze(apply.getBody().front())))
    return failure();
  auto ret = cast<ReturnOp>(apply.getBody().front().getTerminator());
  TargetTerms terms;
  for (auto [target, value] : llvm::zip(apply.getTargets(), ret.getValues())) {
    if (!analysis.dependsOnStates(value)) {
      if (matchPattern(value, m_AnyZeroFloat()))
        continue;
      return apply.emitOpError("computes a value that does not depend on the states: the "
                               "update is affine, not linear, so it has no adjoint");
    }
    for (const Term &term : analysis.terms(value))
      terms.push_back({term, target});
  }
  return terms;
}

// y(x) = c(x) s(x + o)  =>  s_adj(z) += c(z - o) y_adj(z - o). With y's adjoint stored
// scaled and c = c' * a, a(z - o) y_adj(z - o) is what the field holds; other terms read it
// divided by a.
Value AdjointBuilder::transposedTerm(ShiftedCloner &cloner, const Term &term, Value target,
                                     int64_t level, Location loc) {
  SmallVector<int64_t> shift = negatedOffset(term.access);
  Value coef, adjoint;
  auto found = scaled_.find(target);
  if (found != scaled_.end() && carriesFactor(term.coef, found->second.factor)) {
    coef = cloner.materialize(term.coef->operand, shift, elementType(), loc);
    adjoint = storedAdjoint(target, shift, level, loc);
  } else {
    coef = cloner.materialize(term.coef, shift, elementType(), loc);
    adjoint = unscaledAdjoint(target, shift, level, cloner, loc);
  }
  return builder_.create<arith::MulFOp>(loc, coef, adjoint);
}

LogicalResult AdjointBuilder::adjointOfApply(ApplyOp apply, bool onlyParameters) {
  // Updates of the background (a gradient's forward wavefield) are given data, not variables.
  bool variableTargets = llvm::all_of(apply.getTargets(), [&](Value t) { return isVariable(t); });
  if (!variableTargets) {
    if (llvm::any_of(apply.getTargets(), [&](Value t) { return isVariable(t); }))
      return apply.emitOpError("updates both variables and background states in one sweep");
    return success();
  }
  FailureOr<TargetTerms> terms = updateTerms(apply);
  if (failed(terms))
    return failure();
  // Terms grouped by the (state, level) they read: one gathering apply per group.
  std::map<std::pair<const void *, int64_t>, TargetTerms> groups;
  SmallVector<std::pair<const void *, int64_t>> order;
  for (auto &[term, target] : *terms) {
    if (onlyParameters && cast<FieldType>(term.access.getField().getType()).isTimeDependent())
      continue;
    auto key =
        std::make_pair(term.access.getField().getAsOpaquePointer(), term.access.getTimeOffset());
    if (!groups.count(key))
      order.push_back(key);
    groups[key].push_back({term, target});
  }
  for (const auto &key : order) {
    TargetTerms &group = groups[key];
    Value state = arguments_.lookup(group.front().first.access.getField());
    // A field without time levels (a parameter) accumulates its gradient over all steps (its
    // accesses are at level 0: the verifier sees to it).
    auto gather = builder_.create<ApplyOp>(apply.getLoc(), ValueRange{state},
                                           builder_.getI64IntegerAttr(key.second),
                                           /*accumulate=*/builder_.getUnitAttr());
    buildBody(gather.getBody(), apply.getLoc(), [&](ShiftedCloner &cloner) {
      Value sum;
      for (auto &[term, target] : group) {
        Value product =
            transposedTerm(cloner, term, target, apply.getLevelOffset(), apply.getLoc());
        sum = sum ? builder_.create<arith::AddFOp>(apply.getLoc(), sum, product).getResult()
                  : product;
      }
      return sum;
    });
  }
  return success();
}

LogicalResult AdjointBuilder::adjointOfInject(InjectOp inject) {
  if (!isVariable(inject.getTarget()))
    return success(); // injection into the background: given data
  LinearAnalysis analysis = this->analysis();
  if (failed(analysis.analyze(inject.getBody().front())))
    return failure();
  Value coefficient = cast<ReturnOp>(inject.getBody().front().getTerminator()).getValues()[0];
  SmallVector<int64_t> zero(forward_.getRank(), 0);
  Location loc = inject.getLoc();
  auto targetAdjoint = [&](ShiftedCloner &cloner) {
    return unscaledAdjoint(inject.getTarget(), zero, inject.getLevelOffset(), cloner, loc);
  };
  if (!analysis.dependsOnStates(coefficient)) {
    if (!spec_.sourcesAreOutputs)
      return success(); // a given source with a fixed coefficient: nothing to transpose
    // target[t+l](g) += w src[t] C(g)  =>  src_adj[t] = sum w C(g) target_adj[t+l](g)
    auto interpolate = builder_.create<InterpolateOp>(loc, arguments_.lookup(inject.getSource()));
    buildBody(interpolate.getBody(), loc, [&](ShiftedCloner &cloner) -> Value {
      // Stored scaled and C = +-a: C * adjoint = +-(a * adjoint), what the field holds.
      auto found = scaled_.find(inject.getTarget());
      if (int sign =
              found == scaled_.end() ? 0 : signRelativeTo(coefficient, found->second.factor)) {
        Value stored = storedAdjoint(inject.getTarget(), zero, inject.getLevelOffset(), loc);
        return sign > 0 ? stored : builder_.create<arith::NegFOp>(loc, stored).getResult();
      }
      return builder_.create<arith::MulFOp>(loc, cloner.clone(coefficient, zero),
                                            targetAdjoint(cloner));
    });
    return success();
  }
  if (spec_.sourcesAreOutputs)
    return inject.emitOpError("has a coefficient that depends on the states: no adjoint");
  // A coefficient linear in the parameter perturbation: target[t+l](g) += w src[t] c(g) dp(g)
  // =>  p_grad(g) += w src[t] c(g) target_adj[t+l](g), an injection into the gradient.
  for (const Term &term : analysis.terms(coefficient)) {
    if (llvm::any_of(term.access.getOffset(), [](int64_t o) { return o != 0; }))
      return term.access.emitOpError("is read away from the source's support points; its "
                                     "gradient is not supported");
    auto gradient = builder_.create<InjectOp>(loc, arguments_.lookup(inject.getSource()),
                                              arguments_.lookup(term.access.getField()),
                                              builder_.getI64IntegerAttr(0));
    buildBody(gradient.getBody(), loc, [&](ShiftedCloner &cloner) -> Value {
      Value c = cloner.materialize(term.coef, zero, elementType(), loc);
      return builder_.create<arith::MulFOp>(loc, c, targetAdjoint(cloner));
    });
  }
  return success();
}

LogicalResult AdjointBuilder::adjointOfInterpolate(InterpolateOp interpolate, bool gathered) {
  LinearAnalysis analysis = this->analysis();
  if (failed(analysis.analyze(interpolate.getBody().front())))
    return failure();
  Value value = cast<ReturnOp>(interpolate.getBody().front().getTerminator()).getValues()[0];
  if (!analysis.dependsOnStates(value))
    return interpolate.emitOpError(
        "records a value that does not depend on the states: no adjoint");
  // rec[t] = sum w c(g) s[t+k](g)  =>  s_adj[t+k](g) += w rec_adj[t] c(g)
  for (const Term &term : analysis.terms(value)) {
    if (llvm::any_of(term.access.getOffset(), [](int64_t o) { return o != 0; }))
      return term.access.emitOpError(
          "is recorded at an offset from the receiver's support points; the adjoint injects "
          "only at the support points themselves");
    auto inject = builder_.create<InjectOp>(
        interpolate.getLoc(), arguments_.lookup(interpolate.getReceiver()),
        arguments_.lookup(term.access.getField()),
        builder_.getI64IntegerAttr(term.access.getTimeOffset()));
    SmallVector<int64_t> zero(forward_.getRank(), 0);
    buildBody(inject.getBody(), interpolate.getLoc(), [&](ShiftedCloner &cloner) -> Value {
      Location loc = interpolate.getLoc();
      Value coef = cloner.materialize(term.coef, zero, elementType(), loc);
      auto found = scaled_.find(term.access.getField());
      if (!gathered || found == scaled_.end())
        return coef;
      // Into w = a * u_adj, complete already: the data's share of u_adj, times a.
      return builder_.create<arith::MulFOp>(loc, cloner.clone(found->second.factor, zero), coef);
    });
  }
  return success();
}

FailureOr<ProgramOp> AdjointBuilder::run() {
  SmallVector<StringRef> names;
  for (unsigned i = 0; i < forward_.getNumArguments(); ++i)
    names.push_back(forward_.getArgName(i));
  builder_.setInsertionPointAfter(forward_);
  adjoint_ = builder_.create<ProgramOp>(forward_.getLoc(), spec_.name, forward_.getFunctionType(),
                                        forward_.getRank(), names);
  adjoint_.setAllArgAttrs(forward_.getAllArgAttrs());
  for (auto [from, to] : llvm::zip(forward_.getArguments(), adjoint_.getArguments()))
    arguments_.map(from, to);
  builder_.setInsertionPointToStart(&adjoint_.getBody().front());
  for (Operation &op : forward_.getBody().front()) {
    auto loop = dyn_cast<TimeLoopOp>(op);
    if (!loop)
      return op.emitOpError("is not expected at the top level of a program to differentiate");
    auto reversed = builder_.create<TimeLoopOp>(loop.getLoc(), arguments_.lookup(loop.getBegin()),
                                                arguments_.lookup(loop.getEnd()),
                                                /*reverse=*/!loop.getReverse());
    OpBuilder::InsertionGuard guard(builder_);
    builder_.setInsertionPoint(reversed.getBody().front().getTerminator());
    findScaledStates(loop);
    SmallVector<Operation *> steps;
    for (Operation &inner : loop.getBody().front().without_terminator())
      steps.push_back(&inner);
    if (std::optional<SmallVector<Value>> states = statesToGather(loop)) {
      // Level t whole first; then the parameters' gathers, which read level t+1 and can
      // share its sweep; then the point operations, injections adding to the level t.
      if (failed(gatherLevels(loop, *states)))
        return failure();
      for (Operation *inner : llvm::reverse(steps))
        if (auto apply = dyn_cast<ApplyOp>(inner);
            apply && failed(adjointOfApply(apply, /*onlyParameters=*/true)))
          return failure();
      for (Operation *inner : llvm::reverse(steps)) {
        LogicalResult done =
            llvm::TypeSwitch<Operation *, LogicalResult>(inner)
                .Case([&](ApplyOp) { return success(); })
                .Case([&](InjectOp i) { return adjointOfInject(i); })
                .Case([&](InterpolateOp i) { return adjointOfInterpolate(i, /*gathered=*/true); })
                .Default(
                    [](Operation *other) { return other->emitOpError("has no adjoint rule"); });
        if (failed(done))
          return failure();
      }
      continue;
    }
    clearOldestLevels();
    for (Operation *inner : llvm::reverse(steps)) {
      LogicalResult done =
          llvm::TypeSwitch<Operation *, LogicalResult>(inner)
              .Case([&](ApplyOp a) { return adjointOfApply(a); })
              .Case([&](InjectOp i) { return adjointOfInject(i); })
              .Case([&](InterpolateOp i) { return adjointOfInterpolate(i); })
              .Default([](Operation *other) { return other->emitOpError("has no adjoint rule"); });
      if (failed(done))
        return failure();
    }
    scaleCompletedLevels(loop.getLoc());
  }
  return adjoint_;
}

} // namespace

FailureOr<ProgramOp> strata::buildTranspose(ProgramOp forward, const TransposeSpec &spec) {
  return AdjointBuilder(forward, spec).run();
}

namespace {

struct StencilAdjointPass : strata::impl::StencilAdjointBase<StencilAdjointPass> {
  using StencilAdjointBase::StencilAdjointBase;

  void runOnOperation() override {
    SmallVector<ProgramOp> programs(getOperation().getOps<ProgramOp>());
    for (ProgramOp program : programs) {
      if (program.getSymName().ends_with("_adjoint"))
        continue;
      TransposeSpec spec;
      spec.name = (program.getSymName() + "_adjoint").str();
      spec.isVariable = [](Value field) {
        return cast<FieldType>(field.getType()).isTimeDependent();
      };
      spec.scaleStates = scaleStates;
      spec.gatherLevels = gatherLevels;
      FailureOr<ProgramOp> adjoint = strata::buildTranspose(program, spec);
      if (failed(adjoint))
        return signalPassFailure();
      // Halos are recomputed for the gathers' shifted accesses.
      (*adjoint)->removeAttr(adjoint->getHaloAttrName());
      if (replace)
        program.erase();
    }
  }
};

} // namespace

/// Whether `value` cannot be zero for finite operands: a non-zero constant, a quotient with
/// such a numerator (1 / (m/dt^2 + ...)), or a negation or product of such values.
bool strata::evidentlyNonZero(Value value) {
  FloatAttr constant;
  if (matchPattern(value, m_Constant(&constant)))
    return !constant.getValue().isZero();
  if (auto div = value.getDefiningOp<arith::DivFOp>())
    return evidentlyNonZero(div.getLhs());
  if (auto neg = value.getDefiningOp<arith::NegFOp>())
    return evidentlyNonZero(neg.getOperand());
  if (auto mul = value.getDefiningOp<arith::MulFOp>())
    return evidentlyNonZero(mul.getLhs()) && evidentlyNonZero(mul.getRhs());
  return false;
}
