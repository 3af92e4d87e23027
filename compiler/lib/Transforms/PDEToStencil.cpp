//===- PDEToStencil.cpp - discretize pde models into stencil programs -----===//
#include "strata/Compiler/Passes.h"

#include "mlir/IR/Builders.h"
#include "llvm/ADT/TypeSwitch.h"

#include "ModelFromPDE.h"
#include "strata/frontend/Frontend.h"

namespace strata {
#define GEN_PASS_DEF_PDETOSTENCIL
#include "strata/Compiler/Passes.h.inc"
} // namespace strata

using namespace mlir;
using namespace strata::frontend;
namespace pde = strata::pde;
namespace stencil = strata::stencil;
namespace frontend = strata::frontend;

namespace {

/// Emits the arithmetic of one point computation from symbolic nodes. Each node is
/// emitted once per body, so subexpressions the symbolic engine shares are computed once.
class PointEmitter {
public:
  PointEmitter(OpBuilder &builder, Location loc, Type element, const Model &model,
               ArrayRef<Value> fieldArgs, const llvm::StringMap<Value> &scalars,
               std::optional<Axis> referenceStagger, int timeShift2)
      : builder_(builder), loc_(loc), element_(element), model_(model), fieldArgs_(fieldArgs),
        scalars_(scalars), referenceStagger_(referenceStagger), timeShift2_(timeShift2) {}

  FailureOr<Value> emit(const Node *node);

private:
  Value constant(double value) {
    return builder_.create<arith::ConstantOp>(loc_, builder_.getFloatAttr(element_, value));
  }
  FailureOr<Value> access(const Node *node);
  FailureOr<Value> power(const Node *node);
  FailureOr<Value> fold(const Node *node, bool product);
  FailureOr<Value> call(const Node *node);
  FailureOr<Value> compare(const Node *node);
  Value integerPower(Value base, int64_t exponent);

  OpBuilder &builder_;
  Location loc_;
  Type element_;
  const Model &model_;
  ArrayRef<Value> fieldArgs_;
  const llvm::StringMap<Value> &scalars_;
  std::optional<Axis> referenceStagger_; // the stagger of the point being computed
  int timeShift2_;                       // added to every time offset (half steps)
  DenseMap<const Node *, Value> emitted_;
};

FailureOr<Value> PointEmitter::access(const Node *node) {
  const Field &field = model_.fields.at(node->field);
  if ((node->time2 + timeShift2_) % 2 != 0)
    return emitError(loc_) << "access to '" << field.name
                           << "' at a half time step: staggered time is not supported";
  SmallVector<int64_t> offset;
  for (Axis axis : model_.grid.axes) {
    // Physical half-point offsets to storage indices: a staggered field's index i holds
    // the value half a cell forward of grid point i.
    int physical = node->space2[static_cast<int>(axis)];
    int storage2 = physical - (field.stagger == axis ? 1 : 0) + (referenceStagger_ == axis ? 1 : 0);
    if (storage2 % 2 != 0)
      return emitError(loc_) << "access to '" << field.name << "' falls between its grid points ("
                             << printNode(node) << "): record or combine fields on the same "
                             << "staggered positions";
    offset.push_back(storage2 / 2);
  }
  int64_t time = node->hasTime ? (node->time2 + timeShift2_) / 2 : 0;
  auto type = cast<stencil::FieldType>(fieldArgs_[node->field].getType());
  if (type.isTimeDependent() && time < 2 - static_cast<int64_t>(type.getLevels()))
    return emitError(loc_) << "'" << field.name << "' is read " << -time
                           << " steps back, more than its time_order keeps";
  return builder_.create<stencil::AccessOp>(loc_, fieldArgs_[node->field], offset, time)
      .getResult();
}

Value PointEmitter::integerPower(Value base, int64_t exponent) {
  // Binary powering: exact products, no libm call, and shared squares.
  Value result, square = base;
  for (int64_t e = exponent; e > 0; e >>= 1) {
    if (e & 1)
      result = result ? builder_.create<arith::MulFOp>(loc_, result, square).getResult() : square;
    if (e > 1)
      square = builder_.create<arith::MulFOp>(loc_, square, square);
  }
  return result;
}

FailureOr<Value> PointEmitter::power(const Node *node) {
  FailureOr<Value> base = emit(node->operands[0]);
  if (failed(base))
    return failure();
  const Node *exponent = node->operands[1];
  if (exponent->isConstant()) {
    double e = exponent->value;
    if (e == 0.5)
      return builder_.create<math::SqrtOp>(loc_, *base).getResult();
    if (e == std::floor(e) && std::abs(e) <= 64 && e != 0) {
      Value positive = integerPower(*base, static_cast<int64_t>(std::abs(e)));
      if (e > 0)
        return positive;
      return builder_.create<arith::DivFOp>(loc_, constant(1.0), positive).getResult();
    }
  }
  FailureOr<Value> exp = emit(exponent);
  if (failed(exp))
    return failure();
  return builder_.create<math::PowFOp>(loc_, *base, *exp).getResult();
}

FailureOr<Value> PointEmitter::fold(const Node *node, bool product) {
  Value result;
  for (const Node *operand : node->operands) {
    FailureOr<Value> value = emit(operand);
    if (failed(value))
      return failure();
    if (!result)
      result = *value;
    else if (product)
      result = builder_.create<arith::MulFOp>(loc_, result, *value);
    else
      result = builder_.create<arith::AddFOp>(loc_, result, *value);
  }
  return result ? result : constant(product ? 1.0 : 0.0);
}

FailureOr<Value> PointEmitter::call(const Node *node) {
  SmallVector<Value> args;
  for (const Node *operand : node->operands) {
    FailureOr<Value> value = emit(operand);
    if (failed(value))
      return failure();
    args.push_back(*value);
  }
  switch (node->function) {
  case Function::Sqrt:
    return builder_.create<math::SqrtOp>(loc_, args[0]).getResult();
  case Function::Exp:
    return builder_.create<math::ExpOp>(loc_, args[0]).getResult();
  case Function::Log:
    return builder_.create<math::LogOp>(loc_, args[0]).getResult();
  case Function::Sin:
    return builder_.create<math::SinOp>(loc_, args[0]).getResult();
  case Function::Cos:
    return builder_.create<math::CosOp>(loc_, args[0]).getResult();
  case Function::Abs:
    return builder_.create<math::AbsFOp>(loc_, args[0]).getResult();
  case Function::Min:
    return builder_.create<arith::MinimumFOp>(loc_, args[0], args[1]).getResult();
  case Function::Max:
    return builder_.create<arith::MaximumFOp>(loc_, args[0], args[1]).getResult();
  }
  llvm_unreachable("unknown function");
}

arith::CmpFPredicate predicateOf(CompareOp op) {
  switch (op) {
  case CompareOp::Less:
    return arith::CmpFPredicate::OLT;
  case CompareOp::LessEqual:
    return arith::CmpFPredicate::OLE;
  case CompareOp::Greater:
    return arith::CmpFPredicate::OGT;
  case CompareOp::GreaterEqual:
    return arith::CmpFPredicate::OGE;
  case CompareOp::Equal:
    return arith::CmpFPredicate::OEQ;
  case CompareOp::NotEqual:
    return arith::CmpFPredicate::UNE;
  }
  llvm_unreachable("unknown comparison");
}

FailureOr<Value> PointEmitter::compare(const Node *node) {
  FailureOr<Value> lhs = emit(node->operands[0]), rhs = emit(node->operands[1]);
  if (failed(lhs) || failed(rhs))
    return failure();
  Value holds = builder_.create<arith::CmpFOp>(loc_, predicateOf(node->compare), *lhs, *rhs);
  return builder_.create<arith::SelectOp>(loc_, holds, constant(1.0), constant(0.0)).getResult();
}

FailureOr<Value> PointEmitter::emit(const Node *node) {
  if (Value done = emitted_.lookup(node))
    return done;
  FailureOr<Value> value = failure();
  switch (node->kind) {
  case NodeKind::Constant:
    value = constant(node->value);
    break;
  case NodeKind::Symbol:
    if (Value scalar = scalars_.lookup(node->name))
      value = scalar;
    else
      return emitError(loc_) << "unknown symbol '" << node->name << "' in a discretized equation";
    break;
  case NodeKind::FieldAccess:
    value = access(node);
    break;
  case NodeKind::Power:
    value = power(node);
    break;
  case NodeKind::Product:
    value = fold(node, /*product=*/true);
    break;
  case NodeKind::Sum:
    value = fold(node, /*product=*/false);
    break;
  case NodeKind::Call:
    value = call(node);
    break;
  case NodeKind::Compare:
    value = compare(node);
    break;
  case NodeKind::Select: {
    FailureOr<Value> cond = emit(node->operands[0]), a = emit(node->operands[1]),
                     b = emit(node->operands[2]);
    if (failed(cond) || failed(a) || failed(b))
      return failure();
    Value nonZero =
        builder_.create<arith::CmpFOp>(loc_, arith::CmpFPredicate::UNE, *cond, constant(0.0));
    value = builder_.create<arith::SelectOp>(loc_, nonZero, *a, *b).getResult();
    break;
  }
  case NodeKind::SourceRef:
  case NodeKind::Derivative:
    return emitError(loc_) << "unexpected '" << printNode(node)
                           << "' in a discretized expression (a frontend bug)";
  }
  if (succeeded(value))
    emitted_[node] = *value;
  return value;
}

class ProgramBuilder {
public:
  ProgramBuilder(pde::ModelOp op, const Model &model, const DiscreteModel &discrete, Type element)
      : op_(op), model_(model), discrete_(discrete), element_(element), builder_(op) {}

  LogicalResult run();

private:
  Location locOf(const SourceRange &range) {
    if (!range.begin.isValid())
      return op_.getLoc();
    return FileLineColLoc::get(op_.getContext(), range.begin.file, range.begin.line,
                               range.begin.col);
  }
  stencil::ProgramOp createProgram();
  /// Builds a point body in `region` returning `node` evaluated at a point of `stagger`.
  LogicalResult buildBody(Region &region, Location loc, const Node *node,
                          std::optional<Axis> stagger, int timeShift2);

  pde::ModelOp op_;
  const Model &model_;
  const DiscreteModel &discrete_;
  Type element_;
  OpBuilder builder_;
  SmallVector<Value> fieldArgs_; // indexed like model_.fields
  llvm::StringMap<Value> scalars_;
};

stencil::ProgramOp ProgramBuilder::createProgram() {
  MLIRContext *context = op_.getContext();
  const unsigned rank = model_.grid.dims;
  SmallVector<Type> types;
  SmallVector<std::string> names;
  for (const Field &field : model_.fields) {
    names.push_back(field.name);
    if (field.kind == FieldKind::Input)
      types.push_back(stencil::FieldType::get(context, rank, element_, 0));
    else if (field.kind == FieldKind::State)
      types.push_back(stencil::FieldType::get(context, rank, element_, field.timeOrder + 1));
    else
      types.push_back(stencil::PointsType::get(context, rank, element_));
  }
  names.push_back("dt");
  types.push_back(element_);
  for (Axis axis : model_.grid.axes) {
    names.push_back(std::string("h_") + axisName(axis));
    types.push_back(element_);
  }
  for (const char *bound : {"time_begin", "time_end"}) {
    names.push_back(bound);
    types.push_back(IndexType::get(context));
  }
  SmallVector<StringRef> nameRefs(names.begin(), names.end());
  auto program = builder_.create<stencil::ProgramOp>(
      op_.getLoc(), op_.getSymName(), FunctionType::get(context, types, {}), rank, nameRefs);
  for (size_t i = 0; i < model_.fields.size(); ++i) {
    fieldArgs_.push_back(program.getArgument(i));
    if (model_.fields[i].zeroInterior)
      program.setArgAttr(i, "stencil.zero_interior", builder_.getUnitAttr());
  }
  for (size_t i = model_.fields.size(); i < names.size(); ++i)
    scalars_[names[i]] = program.getArgument(i);
  return program;
}

LogicalResult ProgramBuilder::buildBody(Region &region, Location loc, const Node *node,
                                        std::optional<Axis> stagger, int timeShift2) {
  Block *block = &region.emplaceBlock();
  OpBuilder::InsertionGuard guard(builder_);
  builder_.setInsertionPointToStart(block);
  PointEmitter emitter(builder_, loc, element_, model_, fieldArgs_, scalars_, stagger, timeShift2);
  FailureOr<Value> value = emitter.emit(node);
  if (failed(value))
    return failure();
  builder_.create<stencil::ReturnOp>(loc, ValueRange{*value});
  return success();
}

LogicalResult ProgramBuilder::run() {
  builder_.setInsertionPoint(op_);
  stencil::ProgramOp program = createProgram();
  builder_.setInsertionPointToStart(&program.getBody().front());
  auto loop = builder_.create<stencil::TimeLoopOp>(op_.getLoc(), scalars_["time_begin"],
                                                   scalars_["time_end"]);
  builder_.setInsertionPointToStart(&loop.getBody().front());
  for (const DiscreteUpdate &update : discrete_.updates) {
    Location loc = locOf(update.loc);
    std::optional<Axis> stagger = model_.fields[update.state].stagger;
    auto apply = builder_.create<stencil::ApplyOp>(loc, ValueRange{fieldArgs_[update.state]});
    if (failed(buildBody(apply.getBody(), loc, update.update, stagger, 0)))
      return failure();
    for (const SourceTerm &term : update.sources) {
      auto inject = builder_.create<stencil::InjectOp>(loc, fieldArgs_[term.source],
                                                       fieldArgs_[update.state]);
      if (failed(buildBody(inject.getBody(), loc, term.coefficient, stagger, 0)))
        return failure();
    }
  }
  for (const DiscreteRecord &record : discrete_.records) {
    Location loc = locOf(record.loc);
    auto interpolate = builder_.create<stencil::InterpolateOp>(loc, fieldArgs_[record.receiver]);
    // The symbolic record samples the newest level (t+1); recording step t reads level t.
    if (failed(buildBody(interpolate.getBody(), loc, record.expr, std::nullopt, -2)))
      return failure();
  }
  op_.erase();
  return success();
}

struct PDEToStencilPass : strata::impl::PDEToStencilBase<PDEToStencilPass> {
  using PDEToStencilBase::PDEToStencilBase;

  void runOnOperation() override {
    Type element;
    if (dtype == "f32")
      element = Float32Type::get(&getContext());
    else if (dtype == "f64")
      element = Float64Type::get(&getContext());
    else {
      emitError(getOperation().getLoc()) << "dtype must be f32 or f64, got '" << dtype << "'";
      return signalPassFailure();
    }
    SmallVector<pde::ModelOp> models(getOperation().getOps<pde::ModelOp>());
    for (pde::ModelOp op : models)
      if (failed(convert(op, element)))
        return signalPassFailure();
  }

  LogicalResult convert(pde::ModelOp op, Type element) {
    FailureOr<Model> model = strata::modelFromPDE(op);
    if (failed(model))
      return failure();
    ExprContext context;
    frontend::DiagnosticEngine diags;
    std::unique_ptr<DiscreteModel> discrete = discretize(*model, context, diags);
    if (!discrete) {
      for (const frontend::Diagnostic &diag : diags.diagnostics())
        if (diag.severity == frontend::Severity::Error)
          op.emitError() << diag.message;
      return failure();
    }
    return ProgramBuilder(op, *model, *discrete, element).run();
  }
};

} // namespace
