//===- Discretize.cpp - Derivative expansion and solve --------------------===//
//
// Three steps per equation:
//   1. lower the checked Expr trees to the continuous DAG (lowerExpr);
//   2. expand every derivative into weighted sums of shifted field accesses
//      (Fornberg weights; time derivatives with Devito's conventions);
//   3. solve the linear equation residual == 0 for the unknown state[t+1].
//
//===----------------------------------------------------------------------===//
#include "strata/frontend/Discretize.h"
#include "strata/frontend/Fornberg.h"
#include "strata/frontend/Frontend.h"

#include <cmath>
#include <map>
#include <unordered_map>

namespace strata::frontend {

namespace {

using Offset = std::array<int, 3>; // half grid points along x, y, z

/// Bounds the work of expanding one equation: nested derivatives multiply
/// their stencils, so hostile input could otherwise take minutes. Counted in
/// expanded nodes plus stencil terms; real models stay far below.
constexpr std::size_t kExpansionBudget = 50000;

int axisIndex(Axis axis) { return static_cast<int>(axis); }

class Lowering {
public:
  Lowering(const Model &model, ExprContext &ctx, const std::vector<bool> &updated)
      : model_(model), ctx_(ctx), updated_(updated), lets_(model.lets.size(), nullptr) {}

  const Node *lower(const Expr &expr);

private:
  const Node *lowerRef(const Expr &expr);
  const Node *lowerDerivative(const Expr &expr);
  const Node *component(const Expr &vector, Axis axis, int accuracy);
  static bool isVector(const Expr &expr);

  const Model &model_;
  ExprContext &ctx_;
  const std::vector<bool> &updated_;
  std::vector<const Node *> lets_;
};

const Node *Lowering::lower(const Expr &expr) {
  auto op = [&](std::size_t i) { return lower(*expr.operands[i]); };
  switch (expr.kind) {
  case Expr::Kind::Number:
    return ctx_.constant(expr.number);
  case Expr::Kind::Bool:
    return ctx_.constant(expr.boolValue ? 1 : 0);
  case Expr::Kind::Ref:
    return lowerRef(expr);
  case Expr::Kind::Negate:
    return ctx_.neg(op(0));
  case Expr::Kind::Binary:
    switch (expr.binaryOp) {
    case BinaryOp::Add:
      return ctx_.add(op(0), op(1));
    case BinaryOp::Sub:
      return ctx_.sub(op(0), op(1));
    case BinaryOp::Mul:
      return ctx_.mul(op(0), op(1));
    case BinaryOp::Div:
      return ctx_.div(op(0), op(1));
    case BinaryOp::Pow:
      return ctx_.pow(op(0), op(1));
    }
    break;
  case Expr::Kind::Compare:
    return ctx_.compare(expr.compareOp, op(0), op(1));
  case Expr::Kind::Select:
    return ctx_.select(op(0), op(1), op(2));
  case Expr::Kind::Call: {
    std::vector<const Node *> args;
    for (std::size_t i = 0; i < expr.operands.size(); ++i)
      args.push_back(op(i));
    return ctx_.call(expr.function, std::move(args));
  }
  case Expr::Kind::Derivative:
    return lowerDerivative(expr);
  }
  return ctx_.constant(0);
}

const Node *Lowering::lowerRef(const Expr &expr) {
  switch (expr.ref) {
  case RefKind::Option:
    return ctx_.constant(model_.options[expr.refIndex].value);
  case RefKind::Constant:
    return ctx_.constant(model_.constants[expr.refIndex].value);
  case RefKind::Let:
    if (!lets_[expr.refIndex])
      lets_[expr.refIndex] = lower(*model_.lets[expr.refIndex].expr);
    return lets_[expr.refIndex];
  case RefKind::Field: {
    const Field &field = model_.fields[expr.refIndex];
    if (field.kind == FieldKind::Source || field.kind == FieldKind::Receiver)
      return ctx_.sourceRef(expr.refIndex, field.name);
    bool isState = field.kind == FieldKind::State;
    // A state that an earlier equation already updated is read at its newest
    // level: that is what makes staggered systems explicit.
    int time2 = isState && updated_[expr.refIndex] ? 2 : 0;
    return ctx_.fieldAccess(expr.refIndex, field.name, isState, time2, {0, 0, 0});
  }
  case RefKind::Dims:
    return ctx_.constant(model_.grid.dims);
  case RefKind::Unresolved:
    break;
  }
  return ctx_.constant(0);
}

bool Lowering::isVector(const Expr &expr) {
  if (expr.kind == Expr::Kind::Derivative)
    return expr.deriv.kind == DerivativeKind::Grad;
  if (expr.kind == Expr::Kind::Negate)
    return isVector(*expr.operands[0]);
  if (expr.kind == Expr::Kind::Binary)
    return isVector(*expr.operands[0]) || isVector(*expr.operands[1]);
  return false;
}

DerivativeAttrs firstDerivative(Axis axis, int accuracy) {
  DerivativeAttrs attrs;
  attrs.kind = DerivativeKind::Space;
  attrs.axes = {axis};
  attrs.accuracy = accuracy;
  return attrs;
}

const Node *Lowering::component(const Expr &vector, Axis axis, int accuracy) {
  if (vector.kind == Expr::Kind::Derivative) { // grad
    int own = vector.deriv.accuracy ? vector.deriv.accuracy : accuracy;
    return ctx_.derivative(firstDerivative(axis, own), lower(*vector.operands[0]));
  }
  if (vector.kind == Expr::Kind::Negate)
    return ctx_.neg(component(*vector.operands[0], axis, accuracy));
  const Expr &lhs = *vector.operands[0], &rhs = *vector.operands[1];
  auto part = [&](const Expr &side) {
    return isVector(side) ? component(side, axis, accuracy) : lower(side);
  };
  switch (vector.binaryOp) {
  case BinaryOp::Add:
    return ctx_.add(part(lhs), part(rhs));
  case BinaryOp::Sub:
    return ctx_.sub(part(lhs), part(rhs));
  case BinaryOp::Mul:
    return ctx_.mul(part(lhs), part(rhs));
  case BinaryOp::Div:
    return ctx_.div(part(lhs), part(rhs));
  case BinaryOp::Pow:
    break;
  }
  return ctx_.constant(0);
}

const Node *Lowering::lowerDerivative(const Expr &expr) {
  const DerivativeAttrs &deriv = expr.deriv;
  const Expr &operand = *expr.operands[0];
  switch (deriv.kind) {
  case DerivativeKind::Time: {
    // Time differences are anchored at t, whatever earlier equations did.
    const Field &field = model_.fields[operand.refIndex];
    return ctx_.derivative(deriv,
                           ctx_.fieldAccess(operand.refIndex, field.name, true, 0, {0, 0, 0}));
  }
  case DerivativeKind::Space:
    return ctx_.derivative(deriv, lower(operand));
  case DerivativeKind::Laplace: {
    std::vector<const Node *> terms;
    const Node *inner = lower(operand);
    for (Axis axis : model_.grid.axes) {
      DerivativeAttrs second = firstDerivative(axis, deriv.accuracy);
      second.axes = {axis, axis};
      terms.push_back(ctx_.derivative(second, inner));
    }
    return ctx_.add(std::move(terms));
  }
  case DerivativeKind::Div: {
    std::vector<const Node *> terms;
    for (Axis axis : model_.grid.axes)
      terms.push_back(ctx_.derivative(firstDerivative(axis, deriv.accuracy),
                                      component(operand, axis, deriv.accuracy)));
    return ctx_.add(std::move(terms));
  }
  case DerivativeKind::Grad:
    break; // only reachable through div, handled by component()
  }
  return ctx_.constant(0);
}

//===----------------------------------------------------------------------===//
// Expansion
//===----------------------------------------------------------------------===//

struct OffsetKeyHash {
  std::size_t operator()(const std::pair<const Node *, Offset> &key) const {
    std::size_t h = std::hash<const void *>()(key.first);
    for (int v : key.second)
      h = h * 1000003u + static_cast<std::size_t>(v + 4096);
    return h;
  }
};

class Expander {
public:
  Expander(const Model &model, ExprContext &ctx, Offset evalLattice)
      : model_(model), ctx_(ctx), evalLattice_(evalLattice) {}

  /// The discrete value of `node` at `at` (relative to the updated point).
  const Node *expand(const Node *node, Offset at);
  const std::string &error() const { return error_; }

private:
  const Node *access(const Node *node, Offset at);
  const Node *expandSpace(const Node *node, Offset at);
  const Node *expandTime(const Node *node, Offset at);
  int latticeOf(const Node *node, int axis);
  int defaultAccuracy(const Node *node);
  const Node *fail(std::string message) {
    if (error_.empty())
      error_ = std::move(message);
    return ctx_.constant(0);
  }

  const Model &model_;
  ExprContext &ctx_;
  Offset evalLattice_; // 1 along axes where the updated state is staggered
  std::unordered_map<std::pair<const Node *, Offset>, const Node *, OffsetKeyHash> memo_;
  std::unordered_map<std::pair<const Node *, Offset>, int, OffsetKeyHash> latticeCache_;
  std::unordered_map<const Node *, int> accuracyCache_;
  std::size_t work_ = 0;
  std::string error_;
};

const Node *Expander::expand(const Node *node, Offset at) {
  if (!error_.empty())
    return ctx_.constant(0);
  switch (node->kind) {
  case NodeKind::Constant:
  case NodeKind::Symbol:
  case NodeKind::SourceRef:
    return node;
  default:
    break;
  }
  auto key = std::make_pair(node, at);
  if (auto it = memo_.find(key); it != memo_.end())
    return it->second;
  if (++work_ > kExpansionBudget)
    return fail("discretized equation is too large (nested derivatives expand to more than " +
                std::to_string(kExpansionBudget) + " terms)");
  const Node *result = nullptr;
  if (node->kind == NodeKind::FieldAccess) {
    result = access(node, at);
  } else if (node->kind == NodeKind::Derivative) {
    result =
        node->deriv.kind == DerivativeKind::Time ? expandTime(node, at) : expandSpace(node, at);
  } else {
    std::vector<const Node *> ops;
    for (const Node *operand : node->operands)
      ops.push_back(expand(operand, at));
    switch (node->kind) {
    case NodeKind::Sum:
      result = ctx_.add(std::move(ops));
      break;
    case NodeKind::Product:
      result = ctx_.mul(std::move(ops));
      break;
    case NodeKind::Power:
      result = ctx_.pow(ops[0], ops[1]);
      break;
    case NodeKind::Call:
      result = ctx_.call(node->function, std::move(ops));
      break;
    case NodeKind::Compare:
      result = ctx_.compare(node->compare, ops[0], ops[1]);
      break;
    default:
      result = ctx_.select(ops[0], ops[1], ops[2]);
    }
  }
  memo_[key] = result;
  return result;
}

/// The field value at `at`. A field has no value half way between its own
/// points (e.g. an unstaggered density read by a staggered velocity update):
/// there the two neighbours are averaged.
const Node *Expander::access(const Node *node, Offset at) {
  const Field &field = model_.fields[node->field];
  Offset position = node->space2;
  for (int axis = 0; axis < 3; ++axis)
    position[axis] += at[axis];
  for (int axis = 0; axis < 3; ++axis) {
    int own = field.stagger && axisIndex(*field.stagger) == axis ? 1 : 0;
    if (((evalLattice_[axis] + position[axis] - own) % 2 + 2) % 2 == 0)
      continue;
    Offset before = position, after = position;
    before[axis] -= 1;
    after[axis] += 1;
    const Node *base =
        ctx_.fieldAccess(node->field, node->name, node->hasTime, node->time2, {0, 0, 0});
    return ctx_.mul(ctx_.constant(0.5), ctx_.add(access(base, before), access(base, after)));
  }
  return ctx_.fieldAccess(node->field, node->name, node->hasTime, node->time2, position);
}

int Expander::latticeOf(const Node *node, int axis) {
  auto key = std::make_pair(node, Offset{axis, 0, 0});
  if (auto it = latticeCache_.find(key); it != latticeCache_.end())
    return it->second;
  // The lattice of a derivative's operand is that of the states it reads
  // (inputs live on the integer lattice).
  int lattice = 0;
  containsIf(node, [&](const Node *n) {
    if (n->kind != NodeKind::FieldAccess || !n->hasTime)
      return false;
    const Field &field = model_.fields[n->field];
    lattice = field.stagger && axisIndex(*field.stagger) == axis ? 1 : 0;
    return true;
  });
  return latticeCache_[key] = lattice;
}

int Expander::defaultAccuracy(const Node *node) {
  if (auto it = accuracyCache_.find(node); it != accuracyCache_.end())
    return it->second;
  int &cached = accuracyCache_[node];
  int accuracy = 0;
  containsIf(node, [&](const Node *n) {
    if (n->kind == NodeKind::FieldAccess && n->hasTime)
      accuracy = std::max(accuracy, model_.fields[n->field].spaceOrder);
    return false;
  });
  if (accuracy == 0)
    for (const Field &field : model_.fields)
      accuracy = std::max(accuracy, field.spaceOrder);
  return cached = accuracy > 0 ? accuracy : 2;
}

const Node *Expander::expandSpace(const Node *node, Offset at) {
  const DerivativeAttrs &deriv = node->deriv;
  const Node *operand = node->operands[0];
  Axis axis = deriv.axes.front();
  int order = 1;
  while (order < static_cast<int>(deriv.axes.size()) && deriv.axes[order] == axis)
    ++order;
  // Mixed derivatives: differentiate along the first axis a derivative along
  // the remaining ones.
  const Node *inner = operand;
  if (order < static_cast<int>(deriv.axes.size())) {
    DerivativeAttrs rest = deriv;
    rest.axes.assign(deriv.axes.begin() + order, deriv.axes.end());
    inner = ctx_.derivative(rest, operand);
  }
  int a = axisIndex(axis);
  int accuracy = deriv.accuracy ? deriv.accuracy : defaultAccuracy(operand);
  bool halfway = ((evalLattice_[a] + at[a] - latticeOf(operand, a)) % 2 + 2) % 2 == 1;
  std::string spelling = std::string("d") + axisName(axis);
  if (deriv.stagger != Stagger::None && !halfway)
    return fail(spelling + (deriv.stagger == Stagger::Forward ? "+" : "-") +
                "(...) is evaluated half a cell away from its operand's points, but here it is "
                "needed on them; declare the updated state with stagger = " +
                axisName(axis));
  if (deriv.side != Side::Centered && halfway)
    return fail("one-sided derivative " + spelling +
                " of an operand on the other (staggered) "
                "lattice is not supported");
  Stencil stencil;
  if (deriv.side != Side::Centered) {
    stencil = oneSidedStencil(order, accuracy, deriv.side);
  } else if (halfway && order == 1) {
    stencil = staggeredStencil(accuracy);
  } else if (halfway) {
    int half = std::max(accuracy / 2, 1) + (order > 1 ? 1 : 0);
    std::vector<double> offsets;
    for (int k = -half; k < half; ++k)
      offsets.push_back(k + 0.5);
    stencil.weights = fornbergWeights(order, 0.0, offsets);
    stencil.offsets = offsets;
  } else {
    stencil = centeredStencil(order, accuracy);
  }
  work_ += stencil.offsets.size();
  std::vector<const Node *> terms;
  for (std::size_t i = 0; i < stencil.offsets.size(); ++i) {
    if (stencil.weights[i] == 0)
      continue;
    Offset shifted = at;
    shifted[a] += static_cast<int>(std::lround(stencil.offsets[i] * 2));
    terms.push_back(ctx_.mul(ctx_.constant(stencil.weights[i]), expand(inner, shifted)));
  }
  const Node *spacing = ctx_.symbol(std::string("h_") + axisName(axis));
  return ctx_.mul(ctx_.add(std::move(terms)), ctx_.pow(spacing, ctx_.constant(-order)));
}

const Node *Expander::expandTime(const Node *node, Offset at) {
  const Node *operand = node->operands[0]; // state at t
  const Field &field = model_.fields[operand->field];
  auto level = [&](int time2) {
    return access(ctx_.fieldAccess(operand->field, operand->name, true, time2, {0, 0, 0}), at);
  };
  const Node *dt = ctx_.symbol("dt");
  if (node->deriv.timeOrder == 2) // (u[t+1] - 2u[t] + u[t-1]) / dt^2
    return ctx_.div(ctx_.add({level(2), ctx_.mul(ctx_.constant(-2), level(0)), level(-2)}),
                    ctx_.pow(dt, ctx_.constant(2)));
  if (field.timeOrder == 2) // centered: (u[t+1] - u[t-1]) / (2 dt)
    return ctx_.div(ctx_.sub(level(2), level(-2)), ctx_.mul(ctx_.constant(2), dt));
  return ctx_.div(ctx_.sub(level(2), level(0)), dt); // forward: (u[t+1] - u[t]) / dt
}

//===----------------------------------------------------------------------===//
// Solve
//===----------------------------------------------------------------------===//

struct LinearSplit {
  const Node *coefficient;
  const Node *rest;
};

class Linearizer {
public:
  Linearizer(ExprContext &ctx, const Node *unknown) : ctx_(ctx), unknown_(unknown) {}

  /// node == coefficient * unknown + rest, or nullopt with reason() set.
  std::optional<LinearSplit> split(const Node *node);
  const std::string &reason() const { return reason_; }

private:
  bool contains(const Node *node) {
    auto it = contains_.find(node);
    if (it != contains_.end())
      return it->second;
    bool found = node == unknown_;
    for (const Node *operand : node->operands)
      found = found || contains(operand);
    return contains_[node] = found;
  }

  ExprContext &ctx_;
  const Node *unknown_;
  std::unordered_map<const Node *, bool> contains_;
  std::string reason_;
};

std::optional<LinearSplit> Linearizer::split(const Node *node) {
  if (!contains(node))
    return LinearSplit{ctx_.constant(0), node};
  if (node == unknown_)
    return LinearSplit{ctx_.constant(1), ctx_.constant(0)};
  switch (node->kind) {
  case NodeKind::Sum: {
    std::vector<const Node *> coefficients, rests;
    for (const Node *term : node->operands) {
      auto part = split(term);
      if (!part)
        return std::nullopt;
      coefficients.push_back(part->coefficient);
      rests.push_back(part->rest);
    }
    return LinearSplit{ctx_.add(std::move(coefficients)), ctx_.add(std::move(rests))};
  }
  case NodeKind::Product: {
    const Node *factorWithUnknown = nullptr;
    std::vector<const Node *> others;
    for (const Node *factor : node->operands) {
      if (!contains(factor)) {
        others.push_back(factor);
      } else if (factorWithUnknown) {
        reason_ = "it is multiplied by itself";
        return std::nullopt;
      } else {
        factorWithUnknown = factor;
      }
    }
    auto part = split(factorWithUnknown);
    if (!part)
      return std::nullopt;
    const Node *scale = ctx_.mul(std::move(others));
    return LinearSplit{ctx_.mul(part->coefficient, scale), ctx_.mul(part->rest, scale)};
  }
  case NodeKind::Power:
    reason_ = "it appears in a power or a denominator";
    return std::nullopt;
  case NodeKind::Call:
    reason_ = std::string("it appears inside '") + functionName(node->function) + "'";
    return std::nullopt;
  default:
    reason_ = "it appears inside select(...)";
    return std::nullopt;
  }
}

class Discretizer {
public:
  Discretizer(const Model &model, ExprContext &ctx, DiagnosticEngine &diags)
      : model_(model), ctx_(ctx), diags_(diags), updated_(model.fields.size(), false) {}

  std::unique_ptr<DiscreteModel> run();

private:
  bool discretizeEquation(const Equation &eq, DiscreteModel &out);
  bool findUnknown(const Equation &eq, const Node *residual, const Node *&unknown);

  const Model &model_;
  ExprContext &ctx_;
  DiagnosticEngine &diags_;
  std::vector<bool> updated_;
};

std::unique_ptr<DiscreteModel> Discretizer::run() {
  auto out = std::make_unique<DiscreteModel>();
  out->name = model_.name;
  out->dims = model_.grid.dims;
  out->axes = model_.grid.axes;
  bool ok = true;
  for (const Equation &eq : model_.equations)
    ok = discretizeEquation(eq, *out) && ok;
  if (!ok)
    return nullptr;
  for (const Record &record : model_.records) {
    Lowering lowering(model_, ctx_, updated_);
    Expander expander(model_, ctx_, {0, 0, 0});
    const Node *value = expander.expand(lowering.lower(*record.expr), {0, 0, 0});
    if (!expander.error().empty()) {
      diags_.error(record.loc, expander.error());
      return nullptr;
    }
    out->records.push_back(
        {record.receiver, model_.fields[record.receiver].name, value, record.loc});
  }
  return out;
}

bool Discretizer::findUnknown(const Equation &eq, const Node *residual, const Node *&unknown) {
  const Field &state = model_.fields[eq.unknown];
  std::string problem;
  containsIf(residual, [&](const Node *node) {
    if (node->kind != NodeKind::FieldAccess || !node->hasTime || node->time2 <= 0 ||
        updated_[node->field])
      return false;
    if (node->field != eq.unknown)
      problem = "equation has two unknowns, '" + state.name + "' and '" + node->name + "' at t+1";
    else if (node->space2 != Offset{0, 0, 0})
      problem = "the unknown '" + state.name + "' is needed at t+1 at " + printNode(node) +
                ", away from the point being updated; an explicit update can only use it at "
                "offset 0 (time derivatives inside space derivatives are not supported)";
    return !problem.empty();
  });
  if (!problem.empty()) {
    diags_.error(eq.loc, problem);
    return false;
  }
  unknown = ctx_.fieldAccess(eq.unknown, state.name, true, 2, {0, 0, 0});
  return true;
}

bool Discretizer::discretizeEquation(const Equation &eq, DiscreteModel &out) {
  const Field &state = model_.fields[eq.unknown];
  Lowering lowering(model_, ctx_, updated_);
  const Node *continuous = ctx_.sub(lowering.lower(*eq.lhs), lowering.lower(*eq.rhs));
  Offset lattice{0, 0, 0};
  if (state.stagger)
    lattice[axisIndex(*state.stagger)] = 1;
  Expander expander(model_, ctx_, lattice);
  const Node *residual = expander.expand(continuous, {0, 0, 0});
  if (!expander.error().empty()) {
    diags_.error(eq.loc, expander.error());
    return false;
  }
  const Node *unknown = nullptr;
  if (!findUnknown(eq, residual, unknown))
    return false;
  Linearizer linearizer(ctx_, unknown);
  std::optional<LinearSplit> split = linearizer.split(residual);
  if (!split) {
    diags_.error(eq.loc, "equation is nonlinear in its unknown '" + state.name +
                             "' at t+1: " + linearizer.reason());
    return false;
  }
  if (split->coefficient->isConstant(0)) {
    diags_.error(eq.loc, "equation has no unknown: '" + state.name + "' at t+1 cancels out");
    return false;
  }
  // residual = c*U + stencil + sum_s c_s*s = 0  =>  U = -stencil/c - sum_s (c_s/c)*s
  const Node *inverse = ctx_.pow(split->coefficient, ctx_.constant(-1));
  const Node *rest = split->rest;
  DiscreteUpdate update;
  update.state = eq.unknown;
  update.stateName = state.name;
  update.unknown = unknown;
  update.loc = eq.loc;
  std::map<int, const Node *> sources;
  containsIf(rest, [&](const Node *node) {
    if (node->kind == NodeKind::SourceRef)
      sources[node->field] = node;
    return false;
  });
  for (const auto &[index, source] : sources) {
    Linearizer bySource(ctx_, source);
    std::optional<LinearSplit> part = bySource.split(rest);
    if (!part) {
      diags_.error(eq.loc,
                   "source '" + source->name + "' must appear linearly: " + bySource.reason());
      return false;
    }
    rest = part->rest;
    update.sources.push_back({index, source->name, ctx_.mul(ctx_.neg(part->coefficient), inverse)});
  }
  // A monomial coefficient (e.g. 1/dt) is distributed over the terms, which
  // reads better and keeps u[t] visible: u[t+1] = u[t] + dt*(...).
  if (split->coefficient->kind != NodeKind::Sum && rest->kind == NodeKind::Sum) {
    std::vector<const Node *> terms;
    for (const Node *term : rest->operands)
      terms.push_back(ctx_.mul(ctx_.neg(term), inverse));
    update.update = ctx_.add(std::move(terms));
  } else {
    update.update = ctx_.mul(ctx_.neg(rest), inverse);
  }
  out.updates.push_back(std::move(update));
  updated_[eq.unknown] = true;
  return true;
}

} // namespace

const Node *lowerExpr(const Model &model, const Expr &expr, ExprContext &ctx,
                      const std::vector<bool> &updated) {
  return Lowering(model, ctx, updated).lower(expr);
}

std::unique_ptr<DiscreteModel> discretize(const Model &model, ExprContext &ctx,
                                          DiagnosticEngine &diags) {
  return Discretizer(model, ctx, diags).run();
}

std::string printDiscrete(const DiscreteModel &model) {
  std::string out = "model " + model.name + " (dims = " + std::to_string(model.dims) + ": ";
  for (std::size_t i = 0; i < model.axes.size(); ++i)
    out += std::string(i ? ", " : "") + axisName(model.axes[i]);
  out += ")\n";
  std::vector<const Node *> roots;
  for (const DiscreteUpdate &update : model.updates) {
    out += "update " + printNode(update.unknown) + " = " + printNode(update.update) + "\n";
    for (const SourceTerm &source : update.sources)
      out += "  inject " + source.name + " * " + printNode(source.coefficient) + "\n";
    roots.push_back(update.update);
  }
  for (const DiscreteRecord &record : model.records)
    out += "record " + record.name + " = " + printNode(record.expr) + "\n";
  std::vector<const Node *> common = findCommonSubexpressions(roots);
  if (!common.empty()) {
    out += "common subexpressions:\n";
    for (const Node *node : common)
      out += "  " + printNode(node) + "\n";
  }
  return out;
}

} // namespace strata::frontend
