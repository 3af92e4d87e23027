//===- ModelFromPDE.cpp - rebuild a frontend Model from pde IR ------------===//
#include "ModelFromPDE.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "llvm/ADT/TypeSwitch.h"

#include <set>

using namespace mlir;
using namespace strata::frontend;
namespace pde = strata::pde;

namespace strata {

std::vector<Axis> axesForDims(int64_t dims) {
  if (dims == 1)
    return {Axis::X};
  if (dims == 2)
    return {Axis::X, Axis::Z};
  return {Axis::X, Axis::Y, Axis::Z};
}

namespace {

SourceRange rangeOf(Location loc) {
  SourceRange range;
  if (auto fileLoc = dyn_cast<FileLineColLoc>(loc)) {
    range.begin.file = fileLoc.getFilename().str();
    range.begin.line = static_cast<int>(fileLoc.getLine());
    range.begin.col = static_cast<int>(fileLoc.getColumn());
  }
  return range;
}

class Importer {
public:
  explicit Importer(pde::ModelOp op) : op_(op) {}
  FailureOr<Model> run();

private:
  LogicalResult declare(Operation &op);
  ExprPtr expr(Value value);
  ExprPtr derivative(Operation *op, DerivativeAttrs attrs, Value operand);
  ExprPtr node(Expr::Kind kind, Operation *op);
  ExprPtr binary(BinaryOp kind, Operation *op, Value lhs, Value rhs);
  ExprPtr call(Function fn, Operation *op, ValueRange args);
  LogicalResult assignUnknown(pde::EquationOp op, Equation &equation);
  void timeDerivedStates(const Expr &expr, std::set<int> &states) const;

  pde::ModelOp op_;
  Model model_;
  DenseMap<Value, int> fieldIndex_;
  std::vector<bool> updated_;
};

ExprPtr Importer::node(Expr::Kind kind, Operation *op) {
  auto expr = std::make_unique<Expr>();
  expr->kind = kind;
  expr->range = rangeOf(op->getLoc());
  return expr;
}

ExprPtr Importer::binary(BinaryOp kind, Operation *op, Value lhs, Value rhs) {
  auto left = expr(lhs), right = expr(rhs);
  if (!left || !right)
    return nullptr;
  ExprPtr result = node(Expr::Kind::Binary, op);
  result->binaryOp = kind;
  result->operands.push_back(std::move(left));
  result->operands.push_back(std::move(right));
  return result;
}

ExprPtr Importer::call(Function fn, Operation *op, ValueRange args) {
  ExprPtr result = node(Expr::Kind::Call, op);
  result->function = fn;
  result->name = functionName(fn);
  for (Value arg : args) {
    auto operand = expr(arg);
    if (!operand)
      return nullptr;
    result->operands.push_back(std::move(operand));
  }
  return result;
}

ExprPtr Importer::derivative(Operation *op, DerivativeAttrs attrs, Value operand) {
  auto inner = expr(operand);
  if (!inner)
    return nullptr;
  ExprPtr result = node(Expr::Kind::Derivative, op);
  result->deriv = std::move(attrs);
  result->name = op->getName().stripDialect().str();
  result->operands.push_back(std::move(inner));
  return result;
}

Function mathFunction(pde::MathFn fn) {
  switch (fn) {
  case pde::MathFn::sqrt:
    return Function::Sqrt;
  case pde::MathFn::exp:
    return Function::Exp;
  case pde::MathFn::log:
    return Function::Log;
  case pde::MathFn::sin:
    return Function::Sin;
  case pde::MathFn::cos:
    return Function::Cos;
  case pde::MathFn::abs:
    return Function::Abs;
  }
  llvm_unreachable("unknown math function");
}

CompareOp comparison(pde::CmpPredicate predicate) {
  switch (predicate) {
  case pde::CmpPredicate::lt:
    return CompareOp::Less;
  case pde::CmpPredicate::le:
    return CompareOp::LessEqual;
  case pde::CmpPredicate::gt:
    return CompareOp::Greater;
  case pde::CmpPredicate::ge:
    return CompareOp::GreaterEqual;
  case pde::CmpPredicate::eq:
    return CompareOp::Equal;
  case pde::CmpPredicate::ne:
    return CompareOp::NotEqual;
  }
  llvm_unreachable("unknown comparison");
}

int accuracyOf(std::optional<uint64_t> accuracy) {
  return accuracy ? static_cast<int>(*accuracy) : 0;
}

ExprPtr Importer::expr(Value value) {
  if (auto found = fieldIndex_.find(value); found != fieldIndex_.end()) {
    Operation *decl = value.getDefiningOp();
    ExprPtr ref = node(Expr::Kind::Ref, decl);
    ref->ref = RefKind::Field;
    ref->refIndex = found->second;
    ref->name = model_.fields[found->second].name;
    return ref;
  }
  Operation *op = value.getDefiningOp();
  if (!op) {
    emitError(value.getLoc(), "a pde value must be defined by an op of the model");
    return nullptr;
  }
  const std::vector<Axis> axes = model_.grid.axes;
  return llvm::TypeSwitch<Operation *, ExprPtr>(op)
      .Case([&](pde::ConstantOp constant) -> ExprPtr {
        ExprPtr number = node(Expr::Kind::Number, op);
        number->number = constant.getValue().convertToDouble();
        return number;
      })
      .Case([&](pde::InjectOp inject) { return expr(inject.getSource()); })
      .Case([&](pde::AddOp add) { return binary(BinaryOp::Add, op, add.getLhs(), add.getRhs()); })
      .Case([&](pde::SubOp sub) { return binary(BinaryOp::Sub, op, sub.getLhs(), sub.getRhs()); })
      .Case([&](pde::MulOp mul) { return binary(BinaryOp::Mul, op, mul.getLhs(), mul.getRhs()); })
      .Case([&](pde::DivOp div) { return binary(BinaryOp::Div, op, div.getLhs(), div.getRhs()); })
      .Case([&](pde::PowOp pow) { return binary(BinaryOp::Pow, op, pow.getLhs(), pow.getRhs()); })
      .Case([&](pde::ScaleVectorOp scale) {
        return binary(BinaryOp::Mul, op, scale.getScale(), scale.getVector());
      })
      .Case([&](pde::MinOp min) { return call(Function::Min, op, min->getOperands()); })
      .Case([&](pde::MaxOp max) { return call(Function::Max, op, max->getOperands()); })
      .Case(
          [&](pde::MathOp math) { return call(mathFunction(math.getFn()), op, math.getOperand()); })
      .Case([&](pde::NegOp neg) -> ExprPtr {
        auto inner = expr(neg.getOperand());
        if (!inner)
          return nullptr;
        ExprPtr result = node(Expr::Kind::Negate, op);
        result->operands.push_back(std::move(inner));
        return result;
      })
      .Case([&](pde::CmpOp cmp) -> ExprPtr {
        auto result = binary(BinaryOp::Add, op, cmp.getLhs(), cmp.getRhs());
        if (result) {
          result->kind = Expr::Kind::Compare;
          result->compareOp = comparison(cmp.getPredicate());
        }
        return result;
      })
      .Case([&](pde::SelectOp select) -> ExprPtr {
        ExprPtr result = node(Expr::Kind::Select, op);
        for (Value operand : select->getOperands()) {
          auto inner = expr(operand);
          if (!inner)
            return nullptr;
          result->operands.push_back(std::move(inner));
        }
        return result;
      })
      .Case([&](pde::TimeDerivOp dt) {
        DerivativeAttrs attrs;
        attrs.kind = DerivativeKind::Time;
        attrs.timeOrder = static_cast<int>(dt.getOrder());
        return derivative(op, attrs, dt.getOperand());
      })
      .Case([&](pde::DerivOp deriv) {
        DerivativeAttrs attrs;
        attrs.kind = DerivativeKind::Space;
        attrs.axes.assign(deriv.getOrder(), axes.at(deriv.getAxis()));
        attrs.stagger = deriv.getVariant() == pde::DerivVariant::forward_half    ? Stagger::Forward
                        : deriv.getVariant() == pde::DerivVariant::backward_half ? Stagger::Backward
                                                                                 : Stagger::None;
        attrs.side = deriv.getVariant() == pde::DerivVariant::left    ? Side::Left
                     : deriv.getVariant() == pde::DerivVariant::right ? Side::Right
                                                                      : Side::Centered;
        attrs.accuracy = accuracyOf(deriv.getAccuracy());
        return derivative(op, attrs, deriv.getOperand());
      })
      .Case([&](pde::MixedDerivOp mixed) {
        DerivativeAttrs attrs;
        attrs.kind = DerivativeKind::Space;
        attrs.axes = {axes.at(mixed.getAxis0()), axes.at(mixed.getAxis1())};
        attrs.accuracy = accuracyOf(mixed.getAccuracy());
        return derivative(op, attrs, mixed.getOperand());
      })
      .Case([&](pde::LaplaceOp laplace) {
        DerivativeAttrs attrs;
        attrs.kind = DerivativeKind::Laplace;
        attrs.accuracy = accuracyOf(laplace.getAccuracy());
        return derivative(op, attrs, laplace.getOperand());
      })
      .Case([&](pde::GradOp grad) {
        DerivativeAttrs attrs;
        attrs.kind = DerivativeKind::Grad;
        attrs.accuracy = accuracyOf(grad.getAccuracy());
        return derivative(op, attrs, grad.getOperand());
      })
      .Case([&](pde::DivergenceOp div) {
        DerivativeAttrs attrs;
        attrs.kind = DerivativeKind::Div;
        attrs.accuracy = accuracyOf(div.getAccuracy());
        return derivative(op, attrs, div.getOperand());
      })
      .Default([&](Operation *other) -> ExprPtr {
        other->emitOpError("cannot be discretized yet (no grid spacing or time step "
                           "symbols in the symbolic engine)");
        return nullptr;
      });
}

LogicalResult Importer::declare(Operation &op) {
  Field field;
  field.loc = rangeOf(op.getLoc());
  if (auto input = dyn_cast<pde::InputOp>(op)) {
    field.name = input.getName().str();
    field.kind = FieldKind::Input;
    field.zeroInterior = input.getZeroInterior();
  } else if (auto state = dyn_cast<pde::StateOp>(op)) {
    field.name = state.getName().str();
    field.kind = FieldKind::State;
    field.timeOrder = static_cast<int>(state.getTimeOrder());
    field.spaceOrder = static_cast<int>(state.getSpaceOrder());
    if (auto stagger = state.getStagger())
      field.stagger = model_.grid.axes.at(*stagger);
  } else if (auto source = dyn_cast<pde::SourceOp>(op)) {
    field.name = source.getName().str();
    field.kind = FieldKind::Source;
  } else if (auto receiver = dyn_cast<pde::ReceiverOp>(op)) {
    field.name = receiver.getName().str();
    field.kind = FieldKind::Receiver;
  } else {
    return success();
  }
  fieldIndex_[op.getResult(0)] = static_cast<int>(model_.fields.size());
  model_.fields.push_back(std::move(field));
  return success();
}

void Importer::timeDerivedStates(const Expr &expr, std::set<int> &states) const {
  if (expr.kind == Expr::Kind::Derivative && expr.deriv.kind == DerivativeKind::Time) {
    const Expr &operand = *expr.operands[0];
    if (operand.kind == Expr::Kind::Ref && operand.ref == RefKind::Field &&
        !updated_[operand.refIndex])
      states.insert(operand.refIndex);
  }
  for (const ExprPtr &operand : expr.operands)
    timeDerivedStates(*operand, states);
}

LogicalResult Importer::assignUnknown(pde::EquationOp op, Equation &equation) {
  std::set<int> candidates;
  timeDerivedStates(*equation.lhs, candidates);
  timeDerivedStates(*equation.rhs, candidates);
  if (candidates.empty())
    return op.emitOpError("has no unknown: it must contain the time derivative of a state "
                          "that no earlier equation updates");
  if (candidates.size() > 1)
    return op.emitOpError() << "has two unknowns, '" << model_.fields[*candidates.begin()].name
                            << "' and '" << model_.fields[*std::next(candidates.begin())].name
                            << "': each equation must update exactly one state";
  equation.unknown = *candidates.begin();
  updated_[equation.unknown] = true;
  return success();
}

FailureOr<Model> Importer::run() {
  model_.name = op_.getSymName().str();
  model_.grid.dims = static_cast<int>(op_.getDims());
  model_.grid.dimsFixed = true;
  model_.grid.axes = axesForDims(op_.getDims());
  for (Operation &op : op_.getBody().front())
    if (failed(declare(op)))
      return failure();
  updated_.assign(model_.fields.size(), false);
  for (Operation &op : op_.getBody().front()) {
    if (auto equationOp = dyn_cast<pde::EquationOp>(op)) {
      Equation equation;
      equation.loc = rangeOf(op.getLoc());
      auto lhs = expr(equationOp.getLhs()), rhs = expr(equationOp.getRhs());
      if (!lhs || !rhs)
        return failure();
      equation.lhs = std::move(lhs);
      equation.rhs = std::move(rhs);
      if (failed(assignUnknown(equationOp, equation)))
        return failure();
      model_.equations.push_back(std::move(equation));
    } else if (auto recordOp = dyn_cast<pde::RecordOp>(op)) {
      Record record;
      record.loc = rangeOf(op.getLoc());
      record.receiver = fieldIndex_.lookup(recordOp.getReceiver());
      auto value = expr(recordOp.getValue());
      if (!value)
        return failure();
      record.expr = std::move(value);
      model_.records.push_back(std::move(record));
    }
  }
  return std::move(model_);
}

} // namespace

FailureOr<Model> modelFromPDE(pde::ModelOp model) { return Importer(model).run(); }

} // namespace strata
