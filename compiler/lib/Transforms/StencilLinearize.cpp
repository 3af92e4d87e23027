//===- StencilLinearize.cpp - Born operators by forward-mode differentiation ===//
//
// The linearization is derived from the discrete program, so it is the exact derivative
// of what the forward kernel computes: F(m + h dm) - F(m) - h J dm = O(h^2) to rounding.
//
//===----------------------------------------------------------------------===//
#include "strata/Compiler/Passes.h"

#include "Derivatives.h"

#include "mlir/IR/IRMapping.h"
#include "llvm/ADT/TypeSwitch.h"

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
  Value primal(Value value) const { return primals_.lookup(value); }
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
          return add(loc, scaled(loc, t(op.getOperand(0)), operand(1)),
                     scaled(loc, t(op.getOperand(1)), operand(0)));
        })
        .Case([&](arith::DivFOp) -> FailureOr<Value> {
          // d(a/b) = da / b - (a/b) db / b
          Value quotient = clone->getResult(0), b = operand(1);
          Value da = t(op.getOperand(0)), db = t(op.getOperand(1));
          Value first = da ? builder_.create<arith::DivFOp>(loc, da, b).getResult() : Value();
          Value second;
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

  OpBuilder &builder_;
  const IRMapping &arguments_;
  const DenseMap<Value, Value> &perturbations_;
  IRMapping primals_;
  DenseMap<Value, Value> tangents_;
};

class Linearizer {
public:
  Linearizer(ProgramOp forward, StringRef input)
      : forward_(forward), input_(input), builder_(forward) {}
  FailureOr<ProgramOp> run();
  /// The numbers of the linearization's perturbation arguments.
  llvm::DenseSet<unsigned> perturbationArguments() const {
    llvm::DenseSet<unsigned> numbers;
    for (const auto &entry : perturbations_)
      numbers.insert(cast<BlockArgument>(entry.second).getArgNumber());
    return numbers;
  }

private:
  ProgramOp createProgram();
  /// Builds a body in `region` returning the tangent of `value` computed from `body`.
  LogicalResult buildTangentBody(Region &region, Block &body, ValueRange values, Location loc);
  LogicalResult linearizeStep(TimeLoopOp loop);

  ProgramOp forward_;
  StringRef input_;
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
                                           Location loc) {
  OpBuilder::InsertionGuard guard(builder_);
  builder_.setInsertionPointToStart(&region.emplaceBlock());
  TangentBuilder tangents(builder_, arguments_, perturbations_);
  if (failed(tangents.run(body)))
    return failure();
  SmallVector<Value> results;
  for (Value value : values) {
    Value tangent = tangents.tangent(value);
    results.push_back(tangent ? tangent
                              : builder_.create<arith::ConstantOp>(
                                    loc, builder_.getFloatAttr(value.getType(), 0.0)));
  }
  builder_.create<ReturnOp>(loc, results);
  return success();
}

LogicalResult Linearizer::linearizeStep(TimeLoopOp loop) {
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
      if (failed(
              buildTangentBody(tangent.getBody(), apply.getBody().front(), ret.getValues(), loc)))
        return failure();
    } else if (auto inject = dyn_cast<InjectOp>(op)) {
      builder_.clone(op, arguments_);
      // The source itself is not perturbed: only a coefficient that depends on the
      // parameter contributes to the perturbation.
      auto tangent = builder_.create<InjectOp>(loc, arguments_.lookup(inject.getSource()),
                                               perturbations_.lookup(inject.getTarget()),
                                               inject.getLevelAttr());
      auto ret = cast<ReturnOp>(inject.getBody().front().getTerminator());
      if (failed(
              buildTangentBody(tangent.getBody(), inject.getBody().front(), ret.getValues(), loc)))
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
                                                llvm::DenseSet<unsigned> *perturbations) {
  Linearizer linearizer(forward, input);
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
