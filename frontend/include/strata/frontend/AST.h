//===- AST.h - Syntax tree of .pde files ------------------------*- C++ -*-===//
//
// The parser produces a flat list of declarations (`Decl`) whose expressions
// are `Expr` trees. Semantic analysis resolves names in place (Expr::ref) and
// moves the trees into the checked `Model` (Model.h), so the emitter walks the
// very same nodes the parser built.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "strata/frontend/Diagnostics.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace strata::frontend {

/// Spatial axes, in the (x, y, z) order of the grids; z is depth.
enum class Axis { X = 0, Y = 1, Z = 2 };
const char *axisName(Axis axis);
std::optional<Axis> parseAxis(std::string_view name);

enum class BinaryOp { Add, Sub, Mul, Div, Pow };
enum class CompareOp { Less, LessEqual, Greater, GreaterEqual, Equal, NotEqual };
const char *binaryOpSpelling(BinaryOp op);
const char *compareOpSpelling(CompareOp op);

/// Built-in pointwise functions.
enum class Function { Sqrt, Exp, Log, Sin, Cos, Abs, Min, Max };
const char *functionName(Function fn);
std::optional<Function> parseFunction(std::string_view name);
int functionArity(Function fn);

enum class DerivativeKind {
  Time,    // dt (order 1) / dt2 (order 2)
  Space,   // dx, dxx, dxz, ...: `axes` lists one entry per differentiation
  Laplace, // sum of second derivatives over the grid's axes
  Grad,    // vector of first derivatives; only inside div(...)
  Div,     // divergence of a vector expression
};

/// Staggered variants: dx+(u) / dx-(u) evaluate half a cell forward/backward
/// of the operand's points.
enum class Stagger { None, Forward, Backward };
/// One-sided stencils: dx(u, side = left|right).
enum class Side { Centered, Left, Right };

struct DerivativeAttrs {
  DerivativeKind kind = DerivativeKind::Space;
  int timeOrder = 0;      // Time: 1 or 2
  std::vector<Axis> axes; // Space: e.g. {X, X} for dxx, {X, Z} for dxz
  Stagger stagger = Stagger::None;
  Side side = Side::Centered;
  int accuracy = 0; // `order = N` override after sema; 0 = field's space_order
};

/// What a name refers to, filled by sema. `Dims` is the built-in `dims`
/// (the grid's number of dimensions; refIndex unused).
enum class RefKind { Unresolved, Option, Constant, Let, Field, Dims };

struct Expr;
using ExprPtr = std::unique_ptr<Expr>;

/// `name = value` inside a call or type: dx(u, order = 4), timefield(g, ...).
struct KeywordArg {
  std::string name;
  SourceRange nameRange;
  ExprPtr value;
};

struct Expr {
  enum class Kind {
    Number,     // number, isInteger
    Bool,       // true / false (boolValue)
    Ref,        // name; ref/refIndex after sema
    Negate,     // operands[0]
    Binary,     // binaryOp, operands[0..1]
    Compare,    // compareOp, operands[0..1]
    Call,       // function, operands
    Select,     // select(cond, a, b): operands[0..2]
    Derivative, // deriv, operands[0]
  };

  Kind kind = Kind::Number;
  SourceRange range; // the whole expression's first token and extent
  double number = 0;
  bool isInteger = false;
  bool boolValue = false;
  std::string name; // Ref name, or the callee spelling for Call/Derivative
  BinaryOp binaryOp = BinaryOp::Add;
  CompareOp compareOp = CompareOp::Less;
  Function function = Function::Sqrt;
  DerivativeAttrs deriv;
  std::vector<ExprPtr> operands;
  std::vector<KeywordArg> keywords; // as written; sema folds them into deriv
  int depth = 1;                    // height of this subtree

  RefKind ref = RefKind::Unresolved;
  int refIndex = -1; // index into the Model vector selected by `ref`

  ExprPtr clone() const;
};

ExprPtr makeNumber(double value, bool isInteger, SourceRange range = {});
ExprPtr makeRef(std::string name, SourceRange range = {});
ExprPtr makeBool(bool value, SourceRange range = {});
ExprPtr makeBinary(BinaryOp op, ExprPtr lhs, ExprPtr rhs, SourceRange range = {});

/// Syntax-level declaration kinds, one per statement keyword.
enum class DeclKind {
  Model,
  Import,
  Option,
  Grid,
  Const,
  Let,
  Input,
  State,
  Source,
  Receiver,
  Equation,
  Record,
};

struct Decl {
  DeclKind kind = DeclKind::Model;
  SourceRange range;     // the keyword
  std::string name;      // declared name / import path / record target
  SourceRange nameRange; // where `name` is written
  // option: type name ("int", "float", "bool"); field: type constructor
  // ("field", "timefield", "points") and its grid argument.
  std::string typeName;
  SourceRange typeRange;
  std::string gridName;
  SourceRange gridRange;
  std::vector<KeywordArg> keywords; // grid(dims = 2), timefield(..., k = v)
  ExprPtr value;                    // option default, const/let value, record/equation rhs
  ExprPtr lhs;                      // equation left side
  ExprPtr guard;                    // `if COND: statement`, else null
};

/// The statements of one file, in order.
struct ParsedFile {
  std::string path;
  std::vector<Decl> decls;
};

/// The name a derivative is written with: dt, dt2, dxx, dxz, dx+, laplace, ...
std::string derivativeSpelling(const DerivativeAttrs &deriv);

/// Prints an expression in .pde syntax, fully parenthesized where needed.
std::string printExpr(const Expr &expr);

} // namespace strata::frontend
