//===- Model.h - The checked model an emitter walks -------------*- C++ -*-===//
//
// A `Model` is what semantic analysis produces from one .pde file and its
// imports (or from the C++ builder): every name resolved, every compile-time
// value folded, dimensions fixed. Expressions are the parser's `Expr` trees;
// a `Ref` node's (ref, refIndex) pair indexes the vector named by `ref`
// (options, constants, lets or fields), and `Derivative` nodes carry their
// axis / order / stagger / side attributes in `Expr::deriv`.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "strata/frontend/AST.h"

#include <string>
#include <vector>

namespace strata::frontend {

enum class OptionType { Int, Float, Bool };
const char *optionTypeName(OptionType type);

/// `option NAME: TYPE = DEFAULT`, after applying -D overrides.
struct Option {
  std::string name;
  OptionType type = OptionType::Int;
  double value = 0; // bools are 0 / 1; ints are exact integers
  bool overridden = false;
  SourceRange loc;
};

/// `grid NAME` (generic: dims from CompileOptions) or `grid NAME(dims = N)`.
struct Grid {
  std::string name;
  int dims = 0;
  bool dimsFixed = false;
  std::vector<Axis> axes; // 1: (x); 2: (x, z); 3: (x, y, z)
  SourceRange loc;

  bool hasAxis(Axis axis) const;
};

enum class FieldKind { Input, State, Source, Receiver };
const char *fieldKindName(FieldKind kind);

/// input / state / source / receiver declarations. All live on the model's
/// single grid.
struct Field {
  std::string name;
  FieldKind kind = FieldKind::Input;
  int timeOrder = 0;           // states: 1 or 2
  int spaceOrder = 0;          // states: even accuracy order of space stencils
  std::optional<Axis> stagger; // states: lives on half points along this axis
  bool zeroInterior = false;   // inputs: zero inside, e.g. a damping profile (`zero_interior`)
  SourceRange loc;
};

/// `const NAME = EXPR`: a compile-time number.
struct Constant {
  std::string name;
  double value = 0;
  ExprPtr expr;
  SourceRange loc;
};

/// `let NAME = EXPR`: a named sub-expression, inlined where referenced.
struct Let {
  std::string name;
  ExprPtr expr;
  SourceRange loc;
};

/// `equation LHS = RHS`. `unknown` is the state this equation updates (the
/// time-differentiated state no earlier equation updated), as a field index.
struct Equation {
  ExprPtr lhs;
  ExprPtr rhs;
  int unknown = -1;
  SourceRange loc;
};

/// `record RECEIVER = EXPR`.
struct Record {
  int receiver = -1; // field index
  ExprPtr expr;
  SourceRange loc;
};

struct Model {
  std::string name;
  Grid grid;
  std::vector<Option> options;
  std::vector<Constant> constants;
  std::vector<Let> lets;
  std::vector<Field> fields;
  std::vector<Equation> equations; // in update order
  std::vector<Record> records;
  std::vector<std::string> files; // the main file, then imports in load order

  const Field *findField(const std::string &name) const;
  const Option *findOption(const std::string &name) const;
};

} // namespace strata::frontend
