//===- ModelPrinter.cpp - Deterministic dump of a checked Model -----------===//
//
// Prints resolved information (option values, dims, derivative attributes),
// not the spelling, so a Model built by the C++ builder and one parsed from
// text print identically. Source locations are not printed.
//
//===----------------------------------------------------------------------===//
#include "strata/frontend/Frontend.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace strata::frontend {

namespace {

std::string formatValue(double value, OptionType type) {
  if (type == OptionType::Bool)
    return value != 0 ? "true" : "false";
  return printExpr(*makeNumber(value, type == OptionType::Int));
}

int precedence(const Expr &expr) {
  if (expr.kind == Expr::Kind::Compare)
    return 1;
  if (expr.kind == Expr::Kind::Negate)
    return 4;
  if (expr.kind != Expr::Kind::Binary)
    return 6;
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
}

std::string print(const Expr &expr);

std::string wrap(const Expr &child, int minPrecedence) {
  std::string text = print(child);
  return precedence(child) < minPrecedence ? "(" + text + ")" : text;
}

std::string print(const Expr &expr) {
  switch (expr.kind) {
  case Expr::Kind::Negate:
    return "-" + wrap(*expr.operands[0], 5);
  case Expr::Kind::Binary: {
    int prec = precedence(expr);
    bool pow = expr.binaryOp == BinaryOp::Pow;
    return wrap(*expr.operands[0], pow ? prec + 1 : prec) + " " + binaryOpSpelling(expr.binaryOp) +
           " " + wrap(*expr.operands[1], pow ? prec : prec + 1);
  }
  case Expr::Kind::Compare:
    return wrap(*expr.operands[0], 2) + " " + compareOpSpelling(expr.compareOp) + " " +
           wrap(*expr.operands[1], 2);
  case Expr::Kind::Call:
  case Expr::Kind::Select: {
    std::string out = expr.kind == Expr::Kind::Select ? "select" : functionName(expr.function);
    out += "(";
    for (std::size_t i = 0; i < expr.operands.size(); ++i)
      out += (i ? ", " : "") + print(*expr.operands[i]);
    return out + ")";
  }
  case Expr::Kind::Derivative: {
    const DerivativeAttrs &deriv = expr.deriv;
    std::string out = derivativeSpelling(deriv) + "(" + print(*expr.operands[0]);
    if (deriv.accuracy > 0)
      out += ", order = " + std::to_string(deriv.accuracy);
    if (deriv.side != Side::Centered)
      out += deriv.side == Side::Left ? ", side = left" : ", side = right";
    return out + ")";
  }
  default:
    return printExpr(expr);
  }
}

} // namespace

std::string printAST(const Model &model) {
  std::string out = "model " + model.name + "\n";
  const Grid &grid = model.grid;
  out += "grid " + grid.name + " : dims = " + std::to_string(grid.dims) +
         (grid.dimsFixed ? " (fixed)" : " (generic)") + ", axes = (";
  for (std::size_t i = 0; i < grid.axes.size(); ++i)
    out += std::string(i ? ", " : "") + axisName(grid.axes[i]);
  out += ")\n";
  for (const Option &option : model.options)
    out += "option " + option.name + " : " + optionTypeName(option.type) + " = " +
           formatValue(option.value, option.type) + (option.overridden ? " (overridden)" : "") +
           "\n";
  for (const Constant &constant : model.constants)
    out += "const " + constant.name + " = " + formatValue(constant.value, OptionType::Float) + "\n";
  for (const Let &let : model.lets)
    out += "let " + let.name + " = " + print(*let.expr) + "\n";
  for (const Field &field : model.fields) {
    out += std::string(fieldKindName(field.kind)) + " " + field.name + " : ";
    switch (field.kind) {
    case FieldKind::Input:
      out += "field(" + grid.name + (field.zeroInterior ? ", zero_interior = true" : "") + ")";
      break;
    case FieldKind::State:
      out += "timefield(" + grid.name + ", time_order = " + std::to_string(field.timeOrder) +
             ", space_order = " + std::to_string(field.spaceOrder);
      if (field.stagger)
        out += std::string(", stagger = ") + axisName(*field.stagger);
      out += ")";
      break;
    default:
      out += "points(" + grid.name + ")";
    }
    out += "\n";
  }
  for (std::size_t i = 0; i < model.equations.size(); ++i) {
    const Equation &eq = model.equations[i];
    out += "equation #" + std::to_string(i) + " updates " + model.fields[eq.unknown].name + ": " +
           print(*eq.lhs) + " = " + print(*eq.rhs) + "\n";
  }
  for (const Record &record : model.records)
    out += "record " + model.fields[record.receiver].name + " = " + print(*record.expr) + "\n";
  return out;
}

} // namespace strata::frontend
