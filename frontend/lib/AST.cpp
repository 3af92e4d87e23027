//===- AST.cpp - Syntax tree of .pde files --------------------------------===//
#include "strata/frontend/AST.h"

#include <cmath>
#include <cstdio>

namespace strata::frontend {

const char *axisName(Axis axis) {
  switch (axis) {
  case Axis::X:
    return "x";
  case Axis::Y:
    return "y";
  case Axis::Z:
    return "z";
  }
  return "?";
}

std::optional<Axis> parseAxis(std::string_view name) {
  if (name == "x")
    return Axis::X;
  if (name == "y")
    return Axis::Y;
  if (name == "z")
    return Axis::Z;
  return std::nullopt;
}

const char *binaryOpSpelling(BinaryOp op) {
  switch (op) {
  case BinaryOp::Add:
    return "+";
  case BinaryOp::Sub:
    return "-";
  case BinaryOp::Mul:
    return "*";
  case BinaryOp::Div:
    return "/";
  case BinaryOp::Pow:
    return "^";
  }
  return "?";
}

const char *compareOpSpelling(CompareOp op) {
  switch (op) {
  case CompareOp::Less:
    return "<";
  case CompareOp::LessEqual:
    return "<=";
  case CompareOp::Greater:
    return ">";
  case CompareOp::GreaterEqual:
    return ">=";
  case CompareOp::Equal:
    return "==";
  case CompareOp::NotEqual:
    return "!=";
  }
  return "?";
}

namespace {
struct FunctionInfo {
  Function fn;
  const char *name;
  int arity;
};
constexpr FunctionInfo kFunctions[] = {
    {Function::Sqrt, "sqrt", 1}, {Function::Exp, "exp", 1}, {Function::Log, "log", 1},
    {Function::Sin, "sin", 1},   {Function::Cos, "cos", 1}, {Function::Abs, "abs", 1},
    {Function::Min, "min", 2},   {Function::Max, "max", 2},
};
} // namespace

const char *functionName(Function fn) {
  for (const FunctionInfo &info : kFunctions)
    if (info.fn == fn)
      return info.name;
  return "?";
}

std::optional<Function> parseFunction(std::string_view name) {
  for (const FunctionInfo &info : kFunctions)
    if (name == info.name)
      return info.fn;
  return std::nullopt;
}

int functionArity(Function fn) {
  for (const FunctionInfo &info : kFunctions)
    if (info.fn == fn)
      return info.arity;
  return 1;
}

ExprPtr Expr::clone() const {
  auto copy = std::make_unique<Expr>();
  copy->kind = kind;
  copy->range = range;
  copy->number = number;
  copy->isInteger = isInteger;
  copy->boolValue = boolValue;
  copy->name = name;
  copy->binaryOp = binaryOp;
  copy->compareOp = compareOp;
  copy->function = function;
  copy->deriv = deriv;
  copy->depth = depth;
  copy->ref = ref;
  copy->refIndex = refIndex;
  for (const ExprPtr &operand : operands)
    copy->operands.push_back(operand->clone());
  for (const KeywordArg &kw : keywords)
    copy->keywords.push_back({kw.name, kw.nameRange, kw.value ? kw.value->clone() : nullptr});
  return copy;
}

ExprPtr makeNumber(double value, bool isInteger, SourceRange range) {
  auto expr = std::make_unique<Expr>();
  expr->kind = Expr::Kind::Number;
  expr->number = value;
  expr->isInteger = isInteger;
  expr->range = std::move(range);
  return expr;
}

ExprPtr makeRef(std::string name, SourceRange range) {
  auto expr = std::make_unique<Expr>();
  expr->kind = Expr::Kind::Ref;
  expr->name = std::move(name);
  expr->range = std::move(range);
  return expr;
}

ExprPtr makeBool(bool value, SourceRange range) {
  auto expr = std::make_unique<Expr>();
  expr->kind = Expr::Kind::Bool;
  expr->boolValue = value;
  expr->range = std::move(range);
  return expr;
}

ExprPtr makeBinary(BinaryOp op, ExprPtr lhs, ExprPtr rhs, SourceRange range) {
  auto expr = std::make_unique<Expr>();
  expr->kind = Expr::Kind::Binary;
  expr->binaryOp = op;
  expr->range = std::move(range);
  expr->depth = std::max(lhs->depth, rhs->depth) + 1;
  expr->operands.push_back(std::move(lhs));
  expr->operands.push_back(std::move(rhs));
  return expr;
}

namespace {

std::string formatNumber(double value, bool isInteger) {
  if (isInteger && std::fabs(value) < 1e15)
    return std::to_string(static_cast<long long>(value));
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.17g", value);
  std::string text = buf;
  // Shortest round-trip representation keeps printing stable and readable.
  for (int precision = 1; precision < 17; ++precision) {
    std::snprintf(buf, sizeof buf, "%.*g", precision, value);
    if (std::strtod(buf, nullptr) == value) {
      text = buf;
      break;
    }
  }
  if (text.find_first_of(".eEn") == std::string::npos)
    text += ".0";
  return text;
}

int precedence(const Expr &expr) {
  switch (expr.kind) {
  case Expr::Kind::Compare:
    return 1;
  case Expr::Kind::Binary:
    switch (expr.binaryOp) {
    case BinaryOp::Add:
    case BinaryOp::Sub:
      return 2;
    case BinaryOp::Mul:
    case BinaryOp::Div:
      return 3;
    case BinaryOp::Pow:
      return 5;
    }
    return 2;
  case Expr::Kind::Negate:
    return 4;
  default:
    return 6;
  }
}

std::string printKeywords(const Expr &expr) {
  std::string out;
  for (const KeywordArg &kw : expr.keywords)
    out += ", " + kw.name + " = " + (kw.value ? printExpr(*kw.value) : "?");
  return out;
}

std::string wrap(const Expr &child, int minPrecedence) {
  std::string text = printExpr(child);
  return precedence(child) < minPrecedence ? "(" + text + ")" : text;
}

} // namespace

std::string printExpr(const Expr &expr) {
  switch (expr.kind) {
  case Expr::Kind::Number:
    return formatNumber(expr.number, expr.isInteger);
  case Expr::Kind::Bool:
    return expr.boolValue ? "true" : "false";
  case Expr::Kind::Ref:
    return expr.name;
  case Expr::Kind::Negate:
    return "-" + wrap(*expr.operands[0], 5);
  case Expr::Kind::Binary: {
    int prec = precedence(expr);
    bool rightAssoc = expr.binaryOp == BinaryOp::Pow;
    return wrap(*expr.operands[0], rightAssoc ? prec + 1 : prec) + " " +
           binaryOpSpelling(expr.binaryOp) + " " +
           wrap(*expr.operands[1], rightAssoc ? prec : prec + 1);
  }
  case Expr::Kind::Compare:
    return wrap(*expr.operands[0], 2) + " " + compareOpSpelling(expr.compareOp) + " " +
           wrap(*expr.operands[1], 2);
  case Expr::Kind::Call:
  case Expr::Kind::Select:
  case Expr::Kind::Derivative: {
    std::string out = expr.name;
    if (expr.kind == Expr::Kind::Derivative && expr.deriv.stagger != Stagger::None)
      out += expr.deriv.stagger == Stagger::Forward ? "+" : "-";
    out += "(";
    for (std::size_t i = 0; i < expr.operands.size(); ++i)
      out += (i ? ", " : "") + printExpr(*expr.operands[i]);
    return out + printKeywords(expr) + ")";
  }
  }
  return "?";
}

std::string derivativeSpelling(const DerivativeAttrs &deriv) {
  switch (deriv.kind) {
  case DerivativeKind::Time:
    return deriv.timeOrder == 2 ? "dt2" : "dt";
  case DerivativeKind::Laplace:
    return "laplace";
  case DerivativeKind::Grad:
    return "grad";
  case DerivativeKind::Div:
    return "div";
  case DerivativeKind::Space:
    break;
  }
  std::string name = "d";
  for (Axis axis : deriv.axes)
    name += axisName(axis);
  if (deriv.stagger != Stagger::None)
    name += deriv.stagger == Stagger::Forward ? "+" : "-";
  return name;
}

} // namespace strata::frontend
