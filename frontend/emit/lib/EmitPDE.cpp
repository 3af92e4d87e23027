//===- EmitPDE.cpp - checked Model to the pde dialect ---------------------===//
#include "strata/frontend/EmitPDE.h"

#include "mlir/IR/Builders.h"

#include "strata/Dialect/PDE/PDEOps.h"

#include <map>
#include <stdexcept>

using namespace mlir;
namespace pde = strata::pde;

namespace strata::frontend {
namespace {

class Emitter {
public:
  Emitter(const Model &model, MLIRContext &context)
      : model_(model), context_(context), builder_(&context) {}

  OwningOpRef<ModuleOp> run() {
    OwningOpRef<ModuleOp> module = ModuleOp::create(locationOf(model_.grid.loc));
    builder_.setInsertionPointToEnd(module->getBody());
    auto modelOp = builder_.create<pde::ModelOp>(module->getLoc(), model_.name, model_.grid.dims);
    modelOp.setOptionsAttr(optionsAttr());
    builder_.setInsertionPointToEnd(&modelOp.getBody().front());
    for (size_t i = 0; i < model_.fields.size(); ++i)
      fieldValues_.push_back(emitField(model_.fields[i]));
    for (const Equation &equation : model_.equations) {
      Value lhs = emitScalar(*equation.lhs);
      Value rhs = emitScalar(*equation.rhs);
      builder_.create<pde::EquationOp>(locationOf(equation.loc), lhs, rhs);
    }
    for (const Record &record : model_.records)
      builder_.create<pde::RecordOp>(locationOf(record.loc), fieldValues_.at(record.receiver),
                                     emitScalar(*record.expr));
    return module;
  }

private:
  Location locationOf(const SourceRange &range) {
    if (!range.begin.isValid())
      return UnknownLoc::get(&context_);
    return FileLineColLoc::get(&context_, range.begin.file, range.begin.line, range.begin.col);
  }

  DictionaryAttr optionsAttr() {
    SmallVector<NamedAttribute> entries;
    for (const Option &option : model_.options) {
      Attribute value;
      switch (option.type) {
      case OptionType::Int:
        value = builder_.getI64IntegerAttr(static_cast<int64_t>(option.value));
        break;
      case OptionType::Float:
        value = builder_.getF64FloatAttr(option.value);
        break;
      case OptionType::Bool:
        value = builder_.getBoolAttr(option.value != 0);
        break;
      }
      entries.push_back(builder_.getNamedAttr(option.name, value));
    }
    return builder_.getDictionaryAttr(entries);
  }

  /// Position of `axis` among the grid's axes: in 2D (x, z), z is axis 1.
  int64_t axisIndex(Axis axis) const {
    const auto &axes = model_.grid.axes;
    for (size_t i = 0; i < axes.size(); ++i)
      if (axes[i] == axis)
        return static_cast<int64_t>(i);
    throw std::logic_error(std::string("axis '") + axisName(axis) + "' not in the grid");
  }

  Value emitField(const Field &field) {
    Location loc = locationOf(field.loc);
    switch (field.kind) {
    case FieldKind::Input:
      return builder_.create<pde::InputOp>(
          loc, pde::FieldType::get(&context_), builder_.getStringAttr(field.name),
          field.zeroInterior ? builder_.getUnitAttr() : UnitAttr());
    case FieldKind::Source:
      return builder_.create<pde::SourceOp>(loc, pde::PointsType::get(&context_), field.name);
    case FieldKind::Receiver:
      return builder_.create<pde::ReceiverOp>(loc, pde::PointsType::get(&context_), field.name);
    case FieldKind::State: {
      IntegerAttr stagger;
      if (field.stagger)
        stagger = builder_.getI64IntegerAttr(axisIndex(*field.stagger));
      return builder_.create<pde::StateOp>(loc, pde::FieldType::get(&context_),
                                           builder_.getStringAttr(field.name),
                                           builder_.getI64IntegerAttr(field.timeOrder),
                                           builder_.getI64IntegerAttr(field.spaceOrder), stagger);
    }
    }
    throw std::logic_error("unknown field kind");
  }

  Value constant(Location loc, double value) {
    return builder_.create<pde::ConstantOp>(loc, value);
  }

  Value emitRef(const Expr &expr, Location loc) {
    switch (expr.ref) {
    case RefKind::Option:
      return constant(loc, model_.options.at(expr.refIndex).value);
    case RefKind::Constant:
      return constant(loc, model_.constants.at(expr.refIndex).value);
    case RefKind::Dims:
      return constant(loc, model_.grid.dims);
    case RefKind::Let: {
      // A let is emitted once, where first used; later uses share the value.
      auto found = letValues_.find(expr.refIndex);
      if (found != letValues_.end())
        return found->second;
      Value value = emitScalar(*model_.lets.at(expr.refIndex).expr);
      letValues_.emplace(expr.refIndex, value);
      return value;
    }
    case RefKind::Field: {
      const Field &field = model_.fields.at(expr.refIndex);
      Value value = fieldValues_.at(expr.refIndex);
      if (field.kind == FieldKind::Source)
        return builder_.create<pde::InjectOp>(loc, value);
      if (field.kind == FieldKind::Receiver)
        throw std::logic_error("receiver '" + field.name + "' used as a value");
      return value;
    }
    case RefKind::Unresolved:
      break;
    }
    throw std::logic_error("unresolved name '" + expr.name + "' reached the emitter");
  }

  Value emitBinary(const Expr &expr, Location loc) {
    Value lhs = emitScalar(*expr.operands[0]);
    Value rhs = emitScalar(*expr.operands[1]);
    switch (expr.binaryOp) {
    case BinaryOp::Add:
      return builder_.create<pde::AddOp>(loc, lhs, rhs);
    case BinaryOp::Sub:
      return builder_.create<pde::SubOp>(loc, lhs, rhs);
    case BinaryOp::Mul:
      return builder_.create<pde::MulOp>(loc, lhs, rhs);
    case BinaryOp::Div:
      return builder_.create<pde::DivOp>(loc, lhs, rhs);
    case BinaryOp::Pow:
      return builder_.create<pde::PowOp>(loc, lhs, rhs);
    }
    throw std::logic_error("unknown binary operator");
  }

  static pde::CmpPredicate predicate(CompareOp op) {
    switch (op) {
    case CompareOp::Less:
      return pde::CmpPredicate::lt;
    case CompareOp::LessEqual:
      return pde::CmpPredicate::le;
    case CompareOp::Greater:
      return pde::CmpPredicate::gt;
    case CompareOp::GreaterEqual:
      return pde::CmpPredicate::ge;
    case CompareOp::Equal:
      return pde::CmpPredicate::eq;
    case CompareOp::NotEqual:
      return pde::CmpPredicate::ne;
    }
    throw std::logic_error("unknown comparison");
  }

  Value emitCall(const Expr &expr, Location loc) {
    SmallVector<Value> args;
    for (const ExprPtr &operand : expr.operands)
      args.push_back(emitScalar(*operand));
    switch (expr.function) {
    case Function::Min:
      return builder_.create<pde::MinOp>(loc, args[0], args[1]);
    case Function::Max:
      return builder_.create<pde::MaxOp>(loc, args[0], args[1]);
    case Function::Sqrt:
      return builder_.create<pde::MathOp>(loc, pde::MathFn::sqrt, args[0]);
    case Function::Exp:
      return builder_.create<pde::MathOp>(loc, pde::MathFn::exp, args[0]);
    case Function::Log:
      return builder_.create<pde::MathOp>(loc, pde::MathFn::log, args[0]);
    case Function::Sin:
      return builder_.create<pde::MathOp>(loc, pde::MathFn::sin, args[0]);
    case Function::Cos:
      return builder_.create<pde::MathOp>(loc, pde::MathFn::cos, args[0]);
    case Function::Abs:
      return builder_.create<pde::MathOp>(loc, pde::MathFn::abs, args[0]);
    }
    throw std::logic_error("unknown function");
  }

  std::optional<int64_t> accuracyOf(const DerivativeAttrs &attrs) const {
    if (attrs.accuracy > 0)
      return attrs.accuracy;
    return std::nullopt;
  }

  IntegerAttr accuracyAttr(const DerivativeAttrs &attrs) {
    return attrs.accuracy > 0 ? builder_.getI64IntegerAttr(attrs.accuracy) : IntegerAttr();
  }

  static pde::DerivVariant variantOf(const DerivativeAttrs &attrs) {
    if (attrs.stagger == Stagger::Forward)
      return pde::DerivVariant::forward_half;
    if (attrs.stagger == Stagger::Backward)
      return pde::DerivVariant::backward_half;
    if (attrs.side == Side::Left)
      return pde::DerivVariant::left;
    if (attrs.side == Side::Right)
      return pde::DerivVariant::right;
    return pde::DerivVariant::centered;
  }

  Value emitSpaceDerivative(const Expr &expr, Value operand, Location loc) {
    const DerivativeAttrs &attrs = expr.deriv;
    bool sameAxis = std::all_of(attrs.axes.begin(), attrs.axes.end(),
                                [&](Axis axis) { return axis == attrs.axes.front(); });
    if (sameAxis)
      return builder_.create<pde::DerivOp>(loc, operand, axisIndex(attrs.axes.front()),
                                           static_cast<int64_t>(attrs.axes.size()),
                                           variantOf(attrs), accuracyOf(attrs));
    if (attrs.axes.size() != 2)
      throw std::logic_error("mixed derivatives of order above 2 reached the emitter");
    return builder_.create<pde::MixedDerivOp>(loc, operand, axisIndex(attrs.axes[0]),
                                              axisIndex(attrs.axes[1]), accuracyAttr(attrs));
  }

  /// The operand of a divergence: a gradient, or a scalar times a gradient (either order).
  Value emitVector(const Expr &expr) {
    Location loc = locationOf(expr.range);
    if (expr.kind == Expr::Kind::Derivative && expr.deriv.kind == DerivativeKind::Grad)
      return builder_.create<pde::GradOp>(loc, emitScalar(*expr.operands[0]),
                                          accuracyAttr(expr.deriv));
    if (expr.kind == Expr::Kind::Binary && expr.binaryOp == BinaryOp::Mul) {
      bool vectorOnRight = isVector(*expr.operands[1]);
      const Expr &scale = *expr.operands[vectorOnRight ? 0 : 1];
      const Expr &vector = *expr.operands[vectorOnRight ? 1 : 0];
      Value scaleValue = emitScalar(scale);
      return builder_.create<pde::ScaleVectorOp>(loc, scaleValue, emitVector(vector));
    }
    throw std::logic_error("a divergence of something other than a (scaled) gradient");
  }

  static bool isVector(const Expr &expr) {
    if (expr.kind == Expr::Kind::Derivative)
      return expr.deriv.kind == DerivativeKind::Grad;
    if (expr.kind == Expr::Kind::Binary && expr.binaryOp == BinaryOp::Mul)
      return isVector(*expr.operands[0]) || isVector(*expr.operands[1]);
    return false;
  }

  Value emitDerivative(const Expr &expr, Location loc) {
    const DerivativeAttrs &attrs = expr.deriv;
    switch (attrs.kind) {
    case DerivativeKind::Time:
      return builder_.create<pde::TimeDerivOp>(loc, emitScalar(*expr.operands[0]), attrs.timeOrder);
    case DerivativeKind::Space:
      return emitSpaceDerivative(expr, emitScalar(*expr.operands[0]), loc);
    case DerivativeKind::Laplace:
      return builder_.create<pde::LaplaceOp>(loc, emitScalar(*expr.operands[0]),
                                             accuracyAttr(attrs));
    case DerivativeKind::Div:
      return builder_.create<pde::DivergenceOp>(loc, emitVector(*expr.operands[0]),
                                                accuracyAttr(attrs));
    case DerivativeKind::Grad:
      break;
    }
    throw std::logic_error("a gradient outside a divergence reached the emitter");
  }

  Value emitScalar(const Expr &expr) {
    Location loc = locationOf(expr.range);
    switch (expr.kind) {
    case Expr::Kind::Number:
      return constant(loc, expr.number);
    case Expr::Kind::Bool:
      return constant(loc, expr.boolValue ? 1.0 : 0.0);
    case Expr::Kind::Ref:
      return emitRef(expr, loc);
    case Expr::Kind::Negate:
      return builder_.create<pde::NegOp>(loc, emitScalar(*expr.operands[0]));
    case Expr::Kind::Binary:
      return emitBinary(expr, loc);
    case Expr::Kind::Compare:
      return builder_.create<pde::CmpOp>(loc, predicate(expr.compareOp),
                                         emitScalar(*expr.operands[0]),
                                         emitScalar(*expr.operands[1]));
    case Expr::Kind::Call:
      return emitCall(expr, loc);
    case Expr::Kind::Select:
      return builder_.create<pde::SelectOp>(loc, emitScalar(*expr.operands[0]),
                                            emitScalar(*expr.operands[1]),
                                            emitScalar(*expr.operands[2]));
    case Expr::Kind::Derivative:
      return emitDerivative(expr, loc);
    }
    throw std::logic_error("unknown expression kind");
  }

  const Model &model_;
  MLIRContext &context_;
  OpBuilder builder_;
  std::vector<Value> fieldValues_;
  std::map<int, Value> letValues_;
};

} // namespace

OwningOpRef<ModuleOp> emitPDE(const Model &model, MLIRContext &context) {
  context.getOrLoadDialect<pde::PDEDialect>();
  return Emitter(model, context).run();
}

} // namespace strata::frontend
