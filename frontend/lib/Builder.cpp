//===- Builder.cpp - Building a Model from C++ ----------------------------===//
#include "strata/frontend/Builder.h"
#include "strata/frontend/Sema.h"

#include <functional>

namespace strata::frontend {

namespace {

Ex wrap(ExprPtr expr) { return Ex(std::shared_ptr<const Expr>(std::move(expr))); }

Ex binary(BinaryOp op, const Ex &a, const Ex &b) {
  return wrap(makeBinary(op, a.clone(), b.clone()));
}

Ex comparison(CompareOp op, const Ex &a, const Ex &b) {
  auto expr = std::make_unique<Expr>();
  expr->kind = Expr::Kind::Compare;
  expr->compareOp = op;
  expr->operands.push_back(a.clone());
  expr->operands.push_back(b.clone());
  return wrap(std::move(expr));
}

Ex call(const char *name, std::vector<const Ex *> args) {
  auto expr = std::make_unique<Expr>();
  expr->name = name;
  if (auto fn = parseFunction(name)) {
    expr->kind = Expr::Kind::Call;
    expr->function = *fn;
  } else {
    expr->kind = Expr::Kind::Select;
  }
  for (const Ex *arg : args)
    expr->operands.push_back(arg->clone());
  return wrap(std::move(expr));
}

Ex derivative(const std::string &name, DerivativeKind kind, std::vector<Axis> axes, const Ex &u,
              DerivOptions options, Stagger stagger = Stagger::None) {
  auto expr = std::make_unique<Expr>();
  expr->kind = Expr::Kind::Derivative;
  expr->name = name;
  expr->deriv.kind = kind;
  expr->deriv.axes = std::move(axes);
  expr->deriv.stagger = stagger;
  expr->operands.push_back(u.clone());
  // Options travel as keyword arguments so sema validates them exactly as
  // it validates `dx(u, order = 4, side = left)`.
  if (options.order != 0)
    expr->keywords.push_back({"order", {}, makeNumber(options.order, true)});
  if (options.side != Side::Centered)
    expr->keywords.push_back({"side", {}, makeRef(options.side == Side::Left ? "left" : "right")});
  return wrap(std::move(expr));
}

Ex timeDerivative(const char *name, int order, const Ex &u) {
  Ex result = derivative(name, DerivativeKind::Time, {}, u, {});
  auto expr = result.clone();
  expr->deriv.timeOrder = order;
  return wrap(std::move(expr));
}

} // namespace

Ex::Ex(int value) : expr_(makeNumber(value, true)) {}
Ex::Ex(double value) : expr_(makeNumber(value, false)) {}

Ex operator+(const Ex &a, const Ex &b) { return binary(BinaryOp::Add, a, b); }
Ex operator-(const Ex &a, const Ex &b) { return binary(BinaryOp::Sub, a, b); }
Ex operator*(const Ex &a, const Ex &b) { return binary(BinaryOp::Mul, a, b); }
Ex operator/(const Ex &a, const Ex &b) { return binary(BinaryOp::Div, a, b); }
Ex pow(const Ex &base, const Ex &exponent) { return binary(BinaryOp::Pow, base, exponent); }
Ex operator-(const Ex &a) {
  auto expr = std::make_unique<Expr>();
  expr->kind = Expr::Kind::Negate;
  expr->operands.push_back(a.clone());
  return wrap(std::move(expr));
}
Ex operator<(const Ex &a, const Ex &b) { return comparison(CompareOp::Less, a, b); }
Ex operator<=(const Ex &a, const Ex &b) { return comparison(CompareOp::LessEqual, a, b); }
Ex operator>(const Ex &a, const Ex &b) { return comparison(CompareOp::Greater, a, b); }
Ex operator>=(const Ex &a, const Ex &b) { return comparison(CompareOp::GreaterEqual, a, b); }
Ex operator==(const Ex &a, const Ex &b) { return comparison(CompareOp::Equal, a, b); }
Ex operator!=(const Ex &a, const Ex &b) { return comparison(CompareOp::NotEqual, a, b); }

Ex sqrt(const Ex &a) { return call("sqrt", {&a}); }
Ex exp(const Ex &a) { return call("exp", {&a}); }
Ex log(const Ex &a) { return call("log", {&a}); }
Ex sin(const Ex &a) { return call("sin", {&a}); }
Ex cos(const Ex &a) { return call("cos", {&a}); }
Ex abs(const Ex &a) { return call("abs", {&a}); }
Ex min(const Ex &a, const Ex &b) { return call("min", {&a, &b}); }
Ex max(const Ex &a, const Ex &b) { return call("max", {&a, &b}); }
Ex select(const Ex &cond, const Ex &a, const Ex &b) { return call("select", {&cond, &a, &b}); }

Ex dt(const Ex &u) { return timeDerivative("dt", 1, u); }
Ex dt2(const Ex &u) { return timeDerivative("dt2", 2, u); }
Ex dx(const Ex &u, DerivOptions o) {
  return derivative("dx", DerivativeKind::Space, {Axis::X}, u, o);
}
Ex dy(const Ex &u, DerivOptions o) {
  return derivative("dy", DerivativeKind::Space, {Axis::Y}, u, o);
}
Ex dz(const Ex &u, DerivOptions o) {
  return derivative("dz", DerivativeKind::Space, {Axis::Z}, u, o);
}
Ex dxx(const Ex &u, DerivOptions o) {
  return derivative("dxx", DerivativeKind::Space, {Axis::X, Axis::X}, u, o);
}
Ex dyy(const Ex &u, DerivOptions o) {
  return derivative("dyy", DerivativeKind::Space, {Axis::Y, Axis::Y}, u, o);
}
Ex dzz(const Ex &u, DerivOptions o) {
  return derivative("dzz", DerivativeKind::Space, {Axis::Z, Axis::Z}, u, o);
}
Ex dxy(const Ex &u, DerivOptions o) {
  return derivative("dxy", DerivativeKind::Space, {Axis::X, Axis::Y}, u, o);
}
Ex dxz(const Ex &u, DerivOptions o) {
  return derivative("dxz", DerivativeKind::Space, {Axis::X, Axis::Z}, u, o);
}
Ex dyz(const Ex &u, DerivOptions o) {
  return derivative("dyz", DerivativeKind::Space, {Axis::Y, Axis::Z}, u, o);
}
Ex dForward(const Ex &u, Axis axis, DerivOptions o) {
  return derivative(std::string("d") + axisName(axis), DerivativeKind::Space, {axis}, u, o,
                    Stagger::Forward);
}
Ex dBackward(const Ex &u, Axis axis, DerivOptions o) {
  return derivative(std::string("d") + axisName(axis), DerivativeKind::Space, {axis}, u, o,
                    Stagger::Backward);
}
Ex laplace(const Ex &u, DerivOptions o) {
  return derivative("laplace", DerivativeKind::Laplace, {}, u, o);
}
Ex grad(const Ex &u, DerivOptions o) { return derivative("grad", DerivativeKind::Grad, {}, u, o); }
Ex div(const Ex &v, DerivOptions o) { return derivative("div", DerivativeKind::Div, {}, v, o); }

ModelBuilder::ModelBuilder(std::string name) : file_("<builder:" + name + ">") {
  add(DeclKind::Model, name);
}

Decl &ModelBuilder::add(DeclKind kind, const std::string &name) {
  Decl decl;
  decl.kind = kind;
  int line = static_cast<int>(decls_.size()) + 1;
  decl.range = {{file_, line, 1}, 1};
  decl.name = name;
  decl.nameRange = decl.range;
  decls_.push_back(std::move(decl));
  return decls_.back();
}

Ex ModelBuilder::optionInt(const std::string &name, int defaultValue) {
  Decl &decl = add(DeclKind::Option, name);
  decl.typeName = "int";
  decl.value = makeNumber(defaultValue, true);
  return wrap(makeRef(name));
}

Ex ModelBuilder::optionFloat(const std::string &name, double defaultValue) {
  Decl &decl = add(DeclKind::Option, name);
  decl.typeName = "float";
  decl.value = makeNumber(defaultValue, false);
  return wrap(makeRef(name));
}

Ex ModelBuilder::optionBool(const std::string &name, bool defaultValue) {
  Decl &decl = add(DeclKind::Option, name);
  decl.typeName = "bool";
  auto value = std::make_unique<Expr>();
  value->kind = Expr::Kind::Bool;
  value->boolValue = defaultValue;
  decl.value = std::move(value);
  return wrap(makeRef(name));
}

GridRef ModelBuilder::grid(const std::string &name, std::optional<int> fixedDims) {
  Decl &decl = add(DeclKind::Grid, name);
  if (fixedDims)
    decl.keywords.push_back({"dims", decl.range, makeNumber(*fixedDims, true)});
  return {name};
}

Ex ModelBuilder::constant(const std::string &name, const Ex &value) {
  add(DeclKind::Const, name).value = value.clone();
  return wrap(makeRef(name));
}

Ex ModelBuilder::let(const std::string &name, const Ex &value) {
  add(DeclKind::Let, name).value = value.clone();
  return wrap(makeRef(name));
}

Ex ModelBuilder::fieldDecl(DeclKind kind, const std::string &name, const GridRef &grid,
                           const char *type) {
  Decl &decl = add(kind, name);
  decl.typeName = type;
  decl.typeRange = decl.range;
  decl.gridName = grid.name;
  decl.gridRange = decl.range;
  return wrap(makeRef(name));
}

Ex ModelBuilder::input(const std::string &name, const GridRef &grid, InputOptions options) {
  Ex ref = fieldDecl(DeclKind::Input, name, grid, "field");
  if (options.zeroInterior) {
    Decl &decl = decls_.back();
    decl.keywords.push_back({"zero_interior", decl.range, makeBool(true, decl.range)});
  }
  return ref;
}

Ex ModelBuilder::state(const std::string &name, const GridRef &grid, StateOptions options) {
  Ex ref = fieldDecl(DeclKind::State, name, grid, "timefield");
  Decl &decl = decls_.back();
  decl.keywords.push_back({"time_order", decl.range, makeNumber(options.timeOrder, true)});
  decl.keywords.push_back({"space_order", decl.range, makeNumber(options.spaceOrder, true)});
  if (options.stagger)
    decl.keywords.push_back({"stagger", decl.range, makeRef(axisName(*options.stagger))});
  return ref;
}

Ex ModelBuilder::source(const std::string &name, const GridRef &grid) {
  return fieldDecl(DeclKind::Source, name, grid, "points");
}

Ex ModelBuilder::receiver(const std::string &name, const GridRef &grid) {
  return fieldDecl(DeclKind::Receiver, name, grid, "points");
}

void ModelBuilder::equation(const Ex &lhs, const Ex &rhs) {
  Decl &decl = add(DeclKind::Equation, "");
  decl.lhs = lhs.clone();
  decl.value = rhs.clone();
}

void ModelBuilder::record(const Ex &receiver, const Ex &value) {
  const std::string target = receiver.expr().kind == Expr::Kind::Ref ? receiver.expr().name : "";
  add(DeclKind::Record, target).value = value.clone();
}

std::unique_ptr<Model> ModelBuilder::finish(const CompileOptions &options,
                                            DiagnosticEngine &diags) {
  // Builder-made nodes carry no position; give each the statement's.
  std::function<void(Expr &, const SourceRange &)> locate = [&](Expr &expr, const SourceRange &at) {
    if (!expr.range.begin.isValid())
      expr.range = at;
    for (ExprPtr &operand : expr.operands)
      locate(*operand, at);
    for (KeywordArg &kw : expr.keywords) {
      if (!kw.nameRange.begin.isValid())
        kw.nameRange = at;
      if (kw.value)
        locate(*kw.value, at);
    }
  };
  std::vector<Decl> decls;
  for (Decl &decl : decls_) {
    Decl copy;
    copy.kind = decl.kind;
    copy.range = decl.range;
    copy.name = decl.name;
    copy.nameRange = decl.nameRange;
    copy.typeName = decl.typeName;
    copy.typeRange = decl.typeRange;
    copy.gridName = decl.gridName;
    copy.gridRange = decl.gridRange;
    for (KeywordArg &kw : decl.keywords)
      copy.keywords.push_back({kw.name, kw.nameRange, kw.value->clone()});
    if (decl.value)
      copy.value = decl.value->clone();
    if (decl.lhs)
      copy.lhs = decl.lhs->clone();
    for (KeywordArg &kw : copy.keywords)
      locate(*kw.value, copy.range);
    if (copy.value)
      locate(*copy.value, copy.range);
    if (copy.lhs)
      locate(*copy.lhs, copy.range);
    decls.push_back(std::move(copy));
  }
  std::unique_ptr<Model> model = analyzeModel(std::move(decls), options, diags);
  if (model)
    model->files = {file_};
  return model;
}

} // namespace strata::frontend
