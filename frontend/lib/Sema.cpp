//===- Sema.cpp - Name resolution and semantic checks ---------------------===//
//
// One pass over the declarations in order: a name must be declared before it
// is used. Expressions are type-checked with a small lattice of value types
// (compile-time number, field, point-source terms, vector, condition) that is
// enough to reject misuse with precise messages; equations are then analysed
// for their unknown (see Model.h).
//
//===----------------------------------------------------------------------===//
#include "strata/frontend/Sema.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <map>
#include <set>

namespace strata::frontend {

namespace {

enum class Type { Error, Number, Field, Points, Vector, Bool };

const char *kBuiltinNames[] = {"dt",   "dt2",    "dx",   "dy",   "dz",      "dxx",  "dyy",
                               "dzz",  "dxy",    "dxz",  "dyz",  "laplace", "grad", "div",
                               "sqrt", "exp",    "log",  "sin",  "cos",     "abs",  "min",
                               "max",  "select", "true", "false"};

std::string ordinal(int n) {
  if (n == 1)
    return "1st";
  if (n == 2)
    return "2nd";
  if (n == 3)
    return "3rd";
  return std::to_string(n) + "th";
}

std::string axesList(const Grid &grid) {
  std::string out;
  for (Axis axis : grid.axes)
    out += std::string(out.empty() ? "" : ", ") + axisName(axis);
  return out;
}

/// Context of the expression being checked.
struct ExprContext {
  bool inEquation = false; // sources may appear
  int spaceOrderDepth = 0; // total space derivative order around this node
  bool insideDiv = false;  // grad(...) may appear
};

struct Symbol {
  RefKind kind = RefKind::Unresolved;
  int index = -1;
  bool isGrid = false;
  SourceRange loc;
};

class Analyzer {
public:
  Analyzer(const CompileOptions &options, DiagnosticEngine &diags)
      : options_(options), diags_(diags) {}

  std::unique_ptr<Model> run(std::vector<Decl> decls);

private:
  void collectNames(const std::vector<Decl> &decls);
  bool declare(const Decl &decl, Symbol symbol);
  void analyzeDecl(Decl &decl);
  void analyzeOption(Decl &decl);
  void analyzeGrid(Decl &decl);
  void analyzeConst(Decl &decl);
  void analyzeLet(Decl &decl);
  void analyzeField(Decl &decl);
  void analyzeEquation(Decl &decl);
  void analyzeRecord(Decl &decl);
  void checkUnusedDefines();
  void checkStatesUpdated();

  Type check(Expr &expr, ExprContext ctx);
  Type checkRef(Expr &expr, const ExprContext &ctx);
  Type checkBinary(Expr &expr, const ExprContext &ctx);
  Type checkCall(Expr &expr, ExprContext ctx);
  Type checkDerivative(Expr &expr, ExprContext ctx);
  Type checkTimeDerivative(Expr &expr, const ExprContext &ctx);
  bool checkArithmeticOperand(const Expr &expr, Type type);
  bool applyDerivativeKeywords(Expr &expr);

  std::optional<double> evaluate(const Expr &expr) const;
  std::optional<bool> compileTimeCondition(Expr &expr, const std::string &what);
  std::optional<int> compileTimeInt(Expr &expr, const std::string &what, int lo, int hi,
                                    bool mustBeEven);
  const Expr *firstRuntimeRef(const Expr &expr) const;
  const Field *stateOf(const Expr &expr) const;
  void unknownCandidates(const Expr &expr, std::set<int> &states) const;
  bool mentions(const Expr &expr, int state) const;
  std::optional<std::string> nonlinearity(const Expr &expr, int state) const;
  const Symbol *lookup(const std::string &name, const SourceRange &range);

  const CompileOptions &options_;
  DiagnosticEngine &diags_;
  std::unique_ptr<Model> model_ = std::make_unique<Model>();
  std::map<std::string, Symbol> symbols_;       // declared so far
  std::map<std::string, SourceRange> allNames_; // every declaration in the model
  std::vector<Type> letTypes_;
  std::set<std::string> usedDefines_;
  std::vector<bool> updated_; // per field: an earlier equation updates it
  bool haveGrid_ = false;
  std::set<std::string> disabled_; // declared under a false `if`
};

std::unique_ptr<Model> Analyzer::run(std::vector<Decl> decls) {
  int errorsBefore = diags_.errorCount();
  if (options_.dims && (*options_.dims < 1 || *options_.dims > 3))
    diags_.error("--dims must be 1, 2 or 3 (got " + std::to_string(*options_.dims) + ")");
  if (decls.empty() || decls.front().kind != DeclKind::Model) {
    SourceRange where = decls.empty() ? SourceRange{} : decls.front().range;
    if (!where.begin.isValid() && !model_->files.empty())
      where.begin = {model_->files.front(), 1, 1};
    diags_.error(where, "a model file must start with 'model NAME'");
    return nullptr;
  }
  model_->name = decls.front().name;
  model_->grid.loc = decls.front().nameRange;
  collectNames(decls);
  for (std::size_t i = 1; i < decls.size() && !diags_.shouldStop(); ++i)
    analyzeDecl(decls[i]);
  if (!haveGrid_ && !diags_.hasErrors())
    diags_.error(decls.front().nameRange, "model '" + model_->name + "' declares no grid");
  checkUnusedDefines();
  if (diags_.errorCount() > errorsBefore)
    return nullptr;
  checkStatesUpdated();
  return std::move(model_);
}

void Analyzer::collectNames(const std::vector<Decl> &decls) {
  for (std::size_t i = 1; i < decls.size(); ++i) {
    const Decl &decl = decls[i];
    switch (decl.kind) {
    case DeclKind::Model:
      diags_.error(decl.range, "only one 'model' declaration is allowed per file");
      break;
    case DeclKind::Import:
    case DeclKind::Equation:
    case DeclKind::Record:
      break;
    default:
      allNames_.emplace(decl.name, decl.nameRange); // guarded variants share one entry
    }
  }
}

bool Analyzer::declare(const Decl &decl, Symbol symbol) {
  if (isBuiltinName(decl.name)) {
    diags_.error(decl.nameRange, "'" + decl.name + "' is a built-in name and cannot be redeclared");
    return false;
  }
  auto [it, inserted] = symbols_.emplace(decl.name, symbol);
  if (!inserted) {
    diags_.error(decl.nameRange, "redefinition of '" + decl.name + "'");
    diags_.note(it->second.loc, "previous definition of '" + decl.name + "' is here");
    return false;
  }
  return true;
}

void Analyzer::analyzeDecl(Decl &decl) {
  if (decl.guard) {
    Type type = check(*decl.guard, {});
    if (type == Type::Error)
      return;
    std::optional<double> value = type == Type::Bool ? evaluate(*decl.guard) : std::nullopt;
    if (!value) {
      diags_.error(decl.guard->range,
                   "the condition of 'if' must be a compile-time condition such as dims == 3");
      return;
    }
    if (*value == 0) {
      if (!decl.name.empty())
        disabled_.insert(decl.name);
      return;
    }
  }
  switch (decl.kind) {
  case DeclKind::Model:
  case DeclKind::Import:
    return;
  case DeclKind::Option:
    return analyzeOption(decl);
  case DeclKind::Grid:
    return analyzeGrid(decl);
  case DeclKind::Const:
    return analyzeConst(decl);
  case DeclKind::Let:
    return analyzeLet(decl);
  case DeclKind::Input:
  case DeclKind::State:
  case DeclKind::Source:
  case DeclKind::Receiver:
    return analyzeField(decl);
  case DeclKind::Equation:
    return analyzeEquation(decl);
  case DeclKind::Record:
    return analyzeRecord(decl);
  }
}

std::optional<double> parseOverride(const std::string &text, OptionType type) {
  if (type == OptionType::Bool) {
    if (text == "true" || text == "1")
      return 1.0;
    if (text == "false" || text == "0")
      return 0.0;
    return std::nullopt;
  }
  if (text.empty() || std::isspace(static_cast<unsigned char>(text.front())))
    return std::nullopt;
  char *end = nullptr;
  errno = 0;
  if (type == OptionType::Int) {
    long long value = std::strtoll(text.c_str(), &end, 10);
    if (errno || *end || value < -(1LL << 53) || value > (1LL << 53))
      return std::nullopt;
    return static_cast<double>(value);
  }
  double value = std::strtod(text.c_str(), &end);
  if (errno || *end || !std::isfinite(value))
    return std::nullopt;
  return value;
}

void Analyzer::analyzeOption(Decl &decl) {
  Option option;
  option.name = decl.name;
  option.loc = decl.nameRange;
  option.type = decl.typeName == "int"     ? OptionType::Int
                : decl.typeName == "float" ? OptionType::Float
                                           : OptionType::Bool;
  Type type = check(*decl.value, {});
  if (type == Type::Error)
    return;
  bool isBool = option.type == OptionType::Bool;
  if ((type == Type::Bool) != isBool || (type != Type::Bool && type != Type::Number)) {
    if (const Expr *runtime = firstRuntimeRef(*decl.value))
      diags_.error(decl.value->range, "default of option '" + option.name +
                                          "' must be a compile-time value, but it uses '" +
                                          runtime->name + "'");
    else
      diags_.error(decl.value->range, "default of " + decl.typeName + " option '" + option.name +
                                          "' must be " + (isBool ? "true or false" : "a number"));
    return;
  }
  std::optional<double> value = evaluate(*decl.value);
  if (!value || !std::isfinite(*value)) {
    diags_.error(decl.value->range,
                 "default of option '" + option.name + "' is not a finite number");
    return;
  }
  if (option.type == OptionType::Int && std::floor(*value) != *value) {
    diags_.error(decl.value->range,
                 "default of int option '" + option.name + "' must be an integer");
    return;
  }
  option.value = *value;
  if (auto it = options_.defines.find(option.name); it != options_.defines.end()) {
    usedDefines_.insert(option.name);
    std::optional<double> overridden = parseOverride(it->second, option.type);
    if (!overridden) {
      diags_.error(decl.nameRange, "invalid value '" + it->second + "' for " + decl.typeName +
                                       " option '" + option.name + "' (from -D " + option.name +
                                       "=" + it->second + ")");
      return;
    }
    option.value = *overridden;
    option.overridden = true;
  }
  if (!declare(decl,
               {RefKind::Option, static_cast<int>(model_->options.size()), false, decl.nameRange}))
    return;
  model_->options.push_back(std::move(option));
}

void Analyzer::analyzeGrid(Decl &decl) {
  if (haveGrid_) {
    diags_.error(decl.nameRange, "only one grid per model is supported; grid '" +
                                     model_->grid.name + "' is already declared");
    return;
  }
  if (!declare(decl, {RefKind::Unresolved, 0, true, decl.nameRange}))
    return;
  Grid &grid = model_->grid;
  grid.name = decl.name;
  grid.loc = decl.nameRange;
  grid.dims = options_.dims.value_or(kDefaultDims);
  for (KeywordArg &kw : decl.keywords) {
    if (kw.name != "dims") {
      diags_.error(kw.nameRange, "unknown grid argument '" + kw.name + "' (expected 'dims')");
      continue;
    }
    std::optional<int> dims = compileTimeInt(*kw.value, "dims", 1, 3, false);
    if (!dims)
      continue;
    if (options_.dims && *options_.dims != *dims)
      diags_.error(kw.value->range, "grid '" + grid.name + "' is fixed to " +
                                        std::to_string(*dims) + " dimensions, but --dims " +
                                        std::to_string(*options_.dims) + " was requested");
    grid.dims = *dims;
    grid.dimsFixed = true;
  }
  grid.dims = std::clamp(grid.dims, 1, 3);
  grid.axes = grid.dims == 1   ? std::vector<Axis>{Axis::X}
              : grid.dims == 2 ? std::vector<Axis>{Axis::X, Axis::Z}
                               : std::vector<Axis>{Axis::X, Axis::Y, Axis::Z};
  haveGrid_ = true;
}

void Analyzer::analyzeConst(Decl &decl) {
  Type type = check(*decl.value, {});
  if (type == Type::Error)
    return;
  if (type != Type::Number) {
    const Expr *runtime = firstRuntimeRef(*decl.value);
    diags_.error(decl.value->range,
                 "value of const '" + decl.name + "' must be a compile-time number" +
                     (runtime ? ", but it uses '" + runtime->name + "'" : std::string()));
    return;
  }
  std::optional<double> value = evaluate(*decl.value);
  if (!value || !std::isfinite(*value)) {
    diags_.error(decl.value->range, "value of const '" + decl.name + "' is not a finite number");
    return;
  }
  if (!declare(decl, {RefKind::Constant, static_cast<int>(model_->constants.size()), false,
                      decl.nameRange}))
    return;
  model_->constants.push_back({decl.name, *value, std::move(decl.value), decl.nameRange});
}

void Analyzer::analyzeLet(Decl &decl) {
  Type type = check(*decl.value, {});
  if (type == Type::Error)
    return;
  if (type == Type::Bool || type == Type::Vector) {
    diags_.error(decl.value->range, std::string("let '") + decl.name +
                                        "' must be a scalar expression, not a " +
                                        (type == Type::Bool ? "condition" : "vector"));
    return;
  }
  if (!declare(decl, {RefKind::Let, static_cast<int>(model_->lets.size()), false, decl.nameRange}))
    return;
  letTypes_.push_back(type);
  model_->lets.push_back({decl.name, std::move(decl.value), decl.nameRange});
}

void Analyzer::analyzeField(Decl &decl) {
  Field field;
  field.name = decl.name;
  field.loc = decl.nameRange;
  const char *expectedType = "points";
  switch (decl.kind) {
  case DeclKind::Input:
    field.kind = FieldKind::Input;
    expectedType = "field";
    break;
  case DeclKind::State:
    field.kind = FieldKind::State;
    expectedType = "timefield";
    break;
  case DeclKind::Source:
    field.kind = FieldKind::Source;
    break;
  default:
    field.kind = FieldKind::Receiver;
  }
  bool ok = true;
  if (decl.typeName != expectedType) {
    diags_.error(decl.typeRange, std::string(fieldKindName(field.kind)) + " '" + field.name +
                                     "' must have type " + expectedType + "(GRID), not '" +
                                     decl.typeName + "'");
    ok = false;
  }
  if (const Symbol *grid = lookup(decl.gridName, decl.gridRange)) {
    if (!grid->isGrid) {
      diags_.error(decl.gridRange, "'" + decl.gridName + "' is not a grid");
      ok = false;
    }
  } else {
    ok = false;
  }
  if (field.kind == FieldKind::State) {
    field.timeOrder = 1;
    field.spaceOrder = 2;
  }
  for (KeywordArg &kw : decl.keywords) {
    if (field.kind == FieldKind::Input) {
      if (kw.name != "zero_interior") {
        diags_.error(kw.nameRange,
                     "unknown field argument '" + kw.name + "' (expected zero_interior)");
        ok = false;
        continue;
      }
      std::optional<bool> zero = compileTimeCondition(*kw.value, "zero_interior");
      ok = ok && zero;
      field.zeroInterior = zero.value_or(false);
    } else if (field.kind != FieldKind::State) {
      diags_.error(kw.nameRange, "unexpected argument '" + kw.name +
                                     "': only field(...) and timefield(...) take arguments");
      ok = false;
    } else if (kw.name == "time_order") {
      std::optional<int> order = compileTimeInt(*kw.value, "time_order", 1, 2, false);
      ok = ok && order;
      field.timeOrder = order.value_or(1);
    } else if (kw.name == "space_order") {
      std::optional<int> order = compileTimeInt(*kw.value, "space_order", 2, kMaxSpaceOrder, true);
      ok = ok && order;
      field.spaceOrder = order.value_or(2);
    } else if (kw.name == "stagger") {
      std::optional<Axis> axis;
      if (kw.value->kind == Expr::Kind::Ref)
        axis = parseAxis(kw.value->name);
      if (!axis) {
        diags_.error(kw.value->range, "stagger must be an axis: x, y or z");
        ok = false;
      } else if (haveGrid_ && !model_->grid.hasAxis(*axis)) {
        diags_.error(kw.value->range, std::string("stagger axis '") + axisName(*axis) +
                                          "' does not exist in a " +
                                          std::to_string(model_->grid.dims) +
                                          "D grid (axes: " + axesList(model_->grid) + ")");
        ok = false;
      }
      field.stagger = axis;
    } else {
      diags_.error(kw.nameRange, "unknown timefield argument '" + kw.name +
                                     "' (expected time_order, space_order or stagger)");
      ok = false;
    }
  }
  if (!ok)
    return;
  if (!declare(decl,
               {RefKind::Field, static_cast<int>(model_->fields.size()), false, decl.nameRange}))
    return;
  model_->fields.push_back(std::move(field));
  updated_.push_back(false);
}

void Analyzer::analyzeEquation(Decl &decl) {
  ExprContext ctx;
  ctx.inEquation = true;
  Type lhs = check(*decl.lhs, ctx);
  Type rhs = check(*decl.value, ctx);
  if (lhs == Type::Error || rhs == Type::Error)
    return;
  for (const Expr *side : {decl.lhs.get(), decl.value.get()}) {
    Type type = side == decl.lhs.get() ? lhs : rhs;
    if (type == Type::Bool || type == Type::Vector) {
      diags_.error(side->range,
                   std::string("an equation side must be a scalar expression, not a ") +
                       (type == Type::Bool ? "condition" : "vector"));
      return;
    }
  }
  std::set<int> candidates;
  unknownCandidates(*decl.lhs, candidates);
  unknownCandidates(*decl.value, candidates);
  if (candidates.empty()) {
    diags_.error(decl.range, "equation has no unknown: it must contain the time derivative of a "
                             "state that no earlier equation updates");
    return;
  }
  if (candidates.size() > 1) {
    auto it = candidates.begin();
    const std::string &first = model_->fields[*it].name;
    const std::string &second = model_->fields[*std::next(it)].name;
    diags_.error(decl.range, "equation has two unknowns, '" + first + "' and '" + second +
                                 "': each equation must update exactly one state");
    return;
  }
  int unknown = *candidates.begin();
  for (const Expr *side : {decl.lhs.get(), decl.value.get()}) {
    if (auto reason = nonlinearity(*side, unknown)) {
      diags_.error(decl.range, "equation is nonlinear in its unknown '" +
                                   model_->fields[unknown].name + "': " + *reason);
      return;
    }
  }
  updated_[unknown] = true;
  model_->equations.push_back({std::move(decl.lhs), std::move(decl.value), unknown, decl.range});
}

void Analyzer::analyzeRecord(Decl &decl) {
  const Symbol *target = lookup(decl.name, decl.nameRange);
  Type type = check(*decl.value, {});
  if (!target || type == Type::Error)
    return;
  if (target->kind != RefKind::Field || model_->fields[target->index].kind != FieldKind::Receiver) {
    std::string what = target->isGrid ? "a grid"
                       : target->kind == RefKind::Field
                           ? std::string("a ") + fieldKindName(model_->fields[target->index].kind)
                           : "not a field";
    diags_.error(decl.nameRange,
                 "record target '" + decl.name + "' must be a receiver, but it is " + what);
    return;
  }
  if (type != Type::Field && type != Type::Number) {
    diags_.error(decl.value->range, "a record must be a scalar field expression");
    return;
  }
  model_->records.push_back({target->index, std::move(decl.value), decl.range});
}

void Analyzer::checkUnusedDefines() {
  std::vector<std::string> declared;
  for (const Option &option : model_->options)
    declared.push_back(option.name);
  for (const auto &[name, value] : options_.defines) {
    if (usedDefines_.count(name) || symbols_.count(name))
      continue;
    std::string message = "unknown option '" + name + "' (from -D " + name + "=" + value + ")";
    std::string suggestion = closestMatch(name, declared);
    if (!suggestion.empty())
      message += "; did you mean '" + suggestion + "'?";
    diags_.error(message);
  }
}

void Analyzer::checkStatesUpdated() {
  for (std::size_t i = 0; i < model_->fields.size(); ++i)
    if (model_->fields[i].kind == FieldKind::State && !updated_[i])
      diags_.warning(model_->fields[i].loc,
                     "state '" + model_->fields[i].name + "' is never updated by an equation");
}

const Symbol *Analyzer::lookup(const std::string &name, const SourceRange &range) {
  auto it = symbols_.find(name);
  if (it != symbols_.end())
    return &it->second;
  if (disabled_.count(name)) {
    diags_.error(range,
                 "'" + name +
                     "' is not declared in this configuration (its 'if' condition is false)");
    return nullptr;
  }
  if (auto later = allNames_.find(name); later != allNames_.end()) {
    diags_.error(range, "'" + name + "' is used before its declaration");
    diags_.note(later->second, "'" + name + "' is declared here");
    return nullptr;
  }
  std::vector<std::string> candidates;
  for (const auto &entry : allNames_)
    candidates.push_back(entry.first);
  std::string suggestion = closestMatch(name, candidates);
  diags_.error(range, "undefined name '" + name + "'" +
                          (suggestion.empty() ? "" : "; did you mean '" + suggestion + "'?"));
  return nullptr;
}

//===----------------------------------------------------------------------===//
// Expressions
//===----------------------------------------------------------------------===//

Type combine(Type a, Type b) {
  auto rank = [](Type t) { return t == Type::Number ? 0 : t == Type::Field ? 1 : 2; };
  return rank(a) >= rank(b) ? a : b;
}

bool Analyzer::checkArithmeticOperand(const Expr &expr, Type type) {
  if (type == Type::Bool) {
    diags_.error(expr.range, "a condition cannot be used as a number");
    return false;
  }
  return type != Type::Error;
}

Type Analyzer::check(Expr &expr, ExprContext ctx) {
  switch (expr.kind) {
  case Expr::Kind::Number:
    return Type::Number;
  case Expr::Kind::Bool:
    return Type::Bool;
  case Expr::Kind::Ref:
    return checkRef(expr, ctx);
  case Expr::Kind::Negate: {
    Type type = check(*expr.operands[0], ctx);
    return checkArithmeticOperand(*expr.operands[0], type) ? type : Type::Error;
  }
  case Expr::Kind::Binary:
    return checkBinary(expr, ctx);
  case Expr::Kind::Compare: {
    ctx.insideDiv = false;
    bool ok = true;
    for (ExprPtr &operand : expr.operands) {
      Type type = check(*operand, ctx);
      if (!checkArithmeticOperand(*operand, type)) {
        ok = false;
      } else if (type == Type::Points || type == Type::Vector) {
        diags_.error(operand->range, type == Type::Points ? "a source cannot be compared"
                                                          : "a vector cannot be compared");
        ok = false;
      }
    }
    return ok ? Type::Bool : Type::Error;
  }
  case Expr::Kind::Call:
  case Expr::Kind::Select:
    return checkCall(expr, ctx);
  case Expr::Kind::Derivative:
    return checkDerivative(expr, ctx);
  }
  return Type::Error;
}

Type Analyzer::checkRef(Expr &expr, const ExprContext &ctx) {
  if (parseAxis(expr.name) && !symbols_.count(expr.name) && !allNames_.count(expr.name)) {
    diags_.error(expr.range, "axis name '" + expr.name +
                                 "' is not a value (axes are only used in "
                                 "'stagger = " +
                                 expr.name + "')");
    return Type::Error;
  }
  if (isBuiltinName(expr.name) && expr.name != "true" && expr.name != "false") {
    diags_.error(expr.range,
                 "'" + expr.name + "' is a built-in operator; call it as " + expr.name + "(...)");
    return Type::Error;
  }
  if (expr.name == "dims" && !symbols_.count("dims") && !allNames_.count("dims")) {
    if (!haveGrid_) {
      diags_.error(expr.range, "'dims' can only be used after the grid declaration");
      return Type::Error;
    }
    expr.ref = RefKind::Dims;
    return Type::Number;
  }
  const Symbol *symbol = lookup(expr.name, expr.range);
  if (!symbol)
    return Type::Error;
  if (symbol->isGrid) {
    diags_.error(expr.range, "grid '" + expr.name + "' cannot be used as a value");
    return Type::Error;
  }
  expr.ref = symbol->kind;
  expr.refIndex = symbol->index;
  switch (symbol->kind) {
  case RefKind::Option:
    return model_->options[symbol->index].type == OptionType::Bool ? Type::Bool : Type::Number;
  case RefKind::Constant:
    return Type::Number;
  case RefKind::Let:
    return letTypes_[symbol->index];
  case RefKind::Field:
    break;
  case RefKind::Dims:
  case RefKind::Unresolved:
    return Type::Error;
  }
  const Field &field = model_->fields[symbol->index];
  switch (field.kind) {
  case FieldKind::Input:
    return Type::Field;
  case FieldKind::State:
    if (ctx.spaceOrderDepth > field.spaceOrder) {
      diags_.error(expr.range,
                   "'" + field.name + "' is differentiated to total order " +
                       std::to_string(ctx.spaceOrderDepth) +
                       " in space, above its space_order = " + std::to_string(field.spaceOrder));
      return Type::Error;
    }
    return Type::Field;
  case FieldKind::Source:
    if (!ctx.inEquation) {
      diags_.error(expr.range, "source '" + field.name + "' can only be used in an equation");
      return Type::Error;
    }
    return Type::Points;
  case FieldKind::Receiver:
    diags_.error(expr.range, "receiver '" + field.name +
                                 "' cannot be read; receivers are only written by 'record'");
    return Type::Error;
  }
  return Type::Error;
}

Type Analyzer::checkBinary(Expr &expr, const ExprContext &ctx) {
  ExprContext operandCtx = ctx;
  if (expr.binaryOp == BinaryOp::Pow)
    operandCtx.insideDiv = false;
  Type lhs = check(*expr.operands[0], operandCtx);
  Type rhs = check(*expr.operands[1], operandCtx);
  if (!checkArithmeticOperand(*expr.operands[0], lhs) ||
      !checkArithmeticOperand(*expr.operands[1], rhs))
    return Type::Error;
  const Expr &right = *expr.operands[1];
  bool lhsVec = lhs == Type::Vector, rhsVec = rhs == Type::Vector;
  switch (expr.binaryOp) {
  case BinaryOp::Add:
  case BinaryOp::Sub:
    if (lhsVec != rhsVec) {
      diags_.error(expr.range, "cannot add a vector and a scalar");
      return Type::Error;
    }
    return lhsVec ? Type::Vector : combine(lhs, rhs);
  case BinaryOp::Mul:
    if (lhsVec && rhsVec) {
      diags_.error(expr.range, "cannot multiply two vectors");
      return Type::Error;
    }
    if (lhs == Type::Points && rhs == Type::Points) {
      diags_.error(expr.range, "cannot multiply two source terms");
      return Type::Error;
    }
    if (lhsVec || rhsVec) {
      if (lhs == Type::Points || rhs == Type::Points) {
        diags_.error(expr.range, "cannot multiply a source by a vector");
        return Type::Error;
      }
      return Type::Vector;
    }
    return combine(lhs, rhs);
  case BinaryOp::Div:
    if (rhsVec) {
      diags_.error(right.range, "cannot divide by a vector");
      return Type::Error;
    }
    if (rhs == Type::Points) {
      diags_.error(right.range, "a source cannot appear in a denominator");
      return Type::Error;
    }
    if (lhsVec)
      return lhs == Type::Points ? Type::Error : Type::Vector;
    return combine(lhs, rhs);
  case BinaryOp::Pow:
    if (lhsVec || rhsVec || lhs == Type::Points || rhs == Type::Points) {
      diags_.error(expr.range, std::string("cannot raise ") +
                                   (lhsVec || rhsVec ? "a vector" : "a source") + " to a power");
      return Type::Error;
    }
    return combine(lhs, rhs);
  }
  return Type::Error;
}

Type Analyzer::checkCall(Expr &expr, ExprContext ctx) {
  ctx.insideDiv = false;
  bool isSelect = expr.kind == Expr::Kind::Select;
  if (!isSelect && !parseFunction(expr.name)) {
    std::vector<std::string> known = {
        "sqrt", "exp", "log", "sin", "cos", "abs", "min", "max", "select",  "dt",   "dt2", "dx",
        "dy",   "dz",  "dxx", "dyy", "dzz", "dxy", "dxz", "dyz", "laplace", "grad", "div"};
    std::string suggestion = closestMatch(expr.name, known);
    diags_.error(SourceRange{expr.range.begin, static_cast<int>(expr.name.size())},
                 "unknown function '" + expr.name + "'" +
                     (suggestion.empty() ? "" : "; did you mean '" + suggestion + "'?"));
    return Type::Error;
  }
  if (!expr.keywords.empty()) {
    diags_.error(expr.keywords.front().nameRange, "'" + expr.name + "' takes no argument named '" +
                                                      expr.keywords.front().name + "'");
    return Type::Error;
  }
  int arity = isSelect ? 3 : functionArity(expr.function);
  if (static_cast<int>(expr.operands.size()) != arity) {
    diags_.error(expr.range, "'" + expr.name + "' expects " + std::to_string(arity) + " argument" +
                                 (arity == 1 ? "" : "s") + ", got " +
                                 std::to_string(expr.operands.size()));
    return Type::Error;
  }
  Type result = Type::Number;
  for (std::size_t i = 0; i < expr.operands.size(); ++i) {
    Expr &operand = *expr.operands[i];
    Type type = check(operand, ctx);
    if (type == Type::Error)
      return Type::Error;
    if (isSelect && i == 0) {
      if (type != Type::Bool) {
        diags_.error(operand.range,
                     "the first argument of select must be a condition such as a < b");
        return Type::Error;
      }
      continue;
    }
    if (!checkArithmeticOperand(operand, type))
      return Type::Error;
    if (type == Type::Points || type == Type::Vector) {
      diags_.error(operand.range, std::string(type == Type::Points ? "a source" : "a vector") +
                                      " cannot be an argument of '" + expr.name + "'");
      return Type::Error;
    }
    result = combine(result, type);
  }
  return result;
}

bool Analyzer::applyDerivativeKeywords(Expr &expr) {
  bool ok = true;
  DerivativeAttrs &deriv = expr.deriv;
  for (KeywordArg &kw : expr.keywords) {
    if (kw.name == "order" && deriv.kind != DerivativeKind::Time) {
      std::optional<int> order = compileTimeInt(*kw.value, "order", 2, kMaxSpaceOrder, true);
      ok = ok && order;
      deriv.accuracy = order.value_or(0);
    } else if (kw.name == "side" && deriv.kind == DerivativeKind::Space) {
      if (kw.value->kind == Expr::Kind::Ref && kw.value->name == "left") {
        deriv.side = Side::Left;
      } else if (kw.value->kind == Expr::Kind::Ref && kw.value->name == "right") {
        deriv.side = Side::Right;
      } else {
        diags_.error(kw.value->range, "side must be 'left' or 'right'");
        ok = false;
      }
      if (deriv.stagger != Stagger::None) {
        diags_.error(kw.nameRange, "a staggered derivative cannot also be one-sided");
        ok = false;
      }
    } else {
      std::string expected = deriv.kind == DerivativeKind::Time    ? "it takes none"
                             : deriv.kind == DerivativeKind::Space ? "expected 'order' or 'side'"
                                                                   : "expected 'order'";
      diags_.error(kw.nameRange,
                   "unknown argument '" + kw.name + "' for '" + expr.name + "' (" + expected + ")");
      ok = false;
    }
  }
  return ok;
}

Type Analyzer::checkDerivative(Expr &expr, ExprContext ctx) {
  DerivativeAttrs &deriv = expr.deriv;
  SourceRange nameRange{expr.range.begin, static_cast<int>(expr.name.size())};
  if (expr.operands.size() != 1) {
    diags_.error(expr.range, "'" + expr.name + "' expects 1 argument, got " +
                                 std::to_string(expr.operands.size()));
    return Type::Error;
  }
  if (deriv.stagger != Stagger::None &&
      (deriv.kind != DerivativeKind::Space || deriv.axes.size() != 1)) {
    diags_.error(nameRange,
                 "staggered variants exist only for first derivatives (dx+, dy+, dz+, dx-, ...)");
    return Type::Error;
  }
  if (!applyDerivativeKeywords(expr))
    return Type::Error;
  if (deriv.kind == DerivativeKind::Time)
    return checkTimeDerivative(expr, ctx);
  for (Axis axis : deriv.axes) {
    if (haveGrid_ && !model_->grid.hasAxis(axis)) {
      diags_.error(nameRange, std::string("axis '") + axisName(axis) + "' does not exist in a " +
                                  std::to_string(model_->grid.dims) +
                                  "D grid (axes: " + axesList(model_->grid) + ")");
      return Type::Error;
    }
  }
  bool isGrad = deriv.kind == DerivativeKind::Grad;
  bool isDiv = deriv.kind == DerivativeKind::Div;
  if (isGrad && !ctx.insideDiv) {
    diags_.error(nameRange, "grad(...) is a vector and can only be used inside div(...)");
    return Type::Error;
  }
  ExprContext inner = ctx;
  inner.insideDiv = isDiv;
  inner.spaceOrderDepth += deriv.kind == DerivativeKind::Space ? static_cast<int>(deriv.axes.size())
                           : deriv.kind == DerivativeKind::Laplace ? 2
                                                                   : 1;
  Expr &operand = *expr.operands[0];
  Type type = check(operand, inner);
  if (type == Type::Error || !checkArithmeticOperand(operand, type))
    return Type::Error;
  if (type == Type::Points) {
    const Expr *source = &operand;
    while (source->kind != Expr::Kind::Ref && !source->operands.empty())
      source = source->operands.back().get();
    std::string name = source->kind == Expr::Kind::Ref ? source->name : "the source";
    diags_.error(operand.range,
                 "source '" + name +
                     "' is a set of points, not a field; it cannot be differentiated");
    return Type::Error;
  }
  if (isDiv != (type == Type::Vector)) {
    diags_.error(operand.range, isDiv
                                    ? "div expects a vector argument such as grad(u) or c * grad(u)"
                                    : "cannot differentiate a vector; use div(...)");
    return Type::Error;
  }
  return isGrad ? Type::Vector : Type::Field;
}

Type Analyzer::checkTimeDerivative(Expr &expr, const ExprContext &ctx) {
  Expr &operand = *expr.operands[0];
  if (operand.kind != Expr::Kind::Ref) {
    diags_.error(operand.range,
                 "'" + expr.name + "' can only be applied to a state, e.g. " + expr.name + "(u)");
    return Type::Error;
  }
  if (checkRef(operand, ctx) == Type::Error)
    return Type::Error;
  if (operand.ref != RefKind::Field || model_->fields[operand.refIndex].kind != FieldKind::State) {
    std::string what =
        operand.ref == RefKind::Field
            ? std::string("an ") + fieldKindName(model_->fields[operand.refIndex].kind)
            : "not a field";
    if (what == "an source" || what == "an receiver")
      what = "a " + what.substr(3);
    diags_.error(operand.range,
                 "'" + operand.name + "' is " + what + "; only states have time derivatives");
    return Type::Error;
  }
  const Field &state = model_->fields[operand.refIndex];
  if (expr.deriv.timeOrder > state.timeOrder) {
    diags_.error(expr.range,
                 expr.name + "(" + state.name + ") is a " + ordinal(expr.deriv.timeOrder) +
                     " time derivative, but '" + state.name +
                     "' is declared with time_order = " + std::to_string(state.timeOrder));
    return Type::Error;
  }
  if (!ctx.inEquation) {
    diags_.error(expr.range, "time derivatives can only be used in equations");
    return Type::Error;
  }
  return Type::Field;
}

//===----------------------------------------------------------------------===//
// Compile-time values
//===----------------------------------------------------------------------===//

std::optional<double> Analyzer::evaluate(const Expr &expr) const {
  auto operand = [&](std::size_t i) { return evaluate(*expr.operands[i]); };
  switch (expr.kind) {
  case Expr::Kind::Number:
    return expr.number;
  case Expr::Kind::Bool:
    return expr.boolValue ? 1.0 : 0.0;
  case Expr::Kind::Ref:
    if (expr.ref == RefKind::Option)
      return model_->options[expr.refIndex].value;
    if (expr.ref == RefKind::Constant)
      return model_->constants[expr.refIndex].value;
    if (expr.ref == RefKind::Dims)
      return model_->grid.dims;
    return std::nullopt;
  case Expr::Kind::Negate:
    if (auto v = operand(0))
      return -*v;
    return std::nullopt;
  case Expr::Kind::Binary: {
    auto a = operand(0), b = operand(1);
    if (!a || !b)
      return std::nullopt;
    switch (expr.binaryOp) {
    case BinaryOp::Add:
      return *a + *b;
    case BinaryOp::Sub:
      return *a - *b;
    case BinaryOp::Mul:
      return *a * *b;
    case BinaryOp::Div:
      return *a / *b;
    case BinaryOp::Pow:
      return std::pow(*a, *b);
    }
    return std::nullopt;
  }
  case Expr::Kind::Compare: {
    auto a = operand(0), b = operand(1);
    if (!a || !b)
      return std::nullopt;
    switch (expr.compareOp) {
    case CompareOp::Less:
      return *a < *b;
    case CompareOp::LessEqual:
      return *a <= *b;
    case CompareOp::Greater:
      return *a > *b;
    case CompareOp::GreaterEqual:
      return *a >= *b;
    case CompareOp::Equal:
      return *a == *b;
    case CompareOp::NotEqual:
      return *a != *b;
    }
    return std::nullopt;
  }
  case Expr::Kind::Select: {
    auto c = operand(0);
    if (!c)
      return std::nullopt;
    return operand(*c != 0 ? 1 : 2);
  }
  case Expr::Kind::Call: {
    std::vector<double> args;
    for (std::size_t i = 0; i < expr.operands.size(); ++i) {
      auto v = operand(i);
      if (!v)
        return std::nullopt;
      args.push_back(*v);
    }
    switch (expr.function) {
    case Function::Sqrt:
      return std::sqrt(args[0]);
    case Function::Exp:
      return std::exp(args[0]);
    case Function::Log:
      return std::log(args[0]);
    case Function::Sin:
      return std::sin(args[0]);
    case Function::Cos:
      return std::cos(args[0]);
    case Function::Abs:
      return std::fabs(args[0]);
    case Function::Min:
      return std::min(args[0], args[1]);
    case Function::Max:
      return std::max(args[0], args[1]);
    }
    return std::nullopt;
  }
  case Expr::Kind::Derivative:
    return std::nullopt;
  }
  return std::nullopt;
}

const Expr *Analyzer::firstRuntimeRef(const Expr &expr) const {
  if (expr.kind == Expr::Kind::Ref && (expr.ref == RefKind::Field || expr.ref == RefKind::Let))
    return &expr;
  for (const ExprPtr &operand : expr.operands)
    if (const Expr *found = firstRuntimeRef(*operand))
      return found;
  return nullptr;
}

std::optional<bool> Analyzer::compileTimeCondition(Expr &expr, const std::string &what) {
  Type type = check(expr, {});
  if (type == Type::Error)
    return std::nullopt;
  std::optional<double> value = type == Type::Bool ? evaluate(expr) : std::nullopt;
  if (!value) {
    diags_.error(expr.range,
                 "'" + what + "' must be a compile-time condition: true, false or a bool option");
    return std::nullopt;
  }
  return *value != 0;
}

std::optional<int> Analyzer::compileTimeInt(Expr &expr, const std::string &what, int lo, int hi,
                                            bool mustBeEven) {
  Type type = check(expr, {});
  if (type == Type::Error)
    return std::nullopt;
  if (type != Type::Number) {
    const Expr *runtime = firstRuntimeRef(expr);
    std::string reason;
    if (runtime && runtime->ref == RefKind::Field)
      reason = ", but '" + runtime->name + "' is " +
               (model_->fields[runtime->refIndex].kind == FieldKind::Input ? "an input field"
                                                                           : "a field");
    else if (runtime)
      reason = ", but '" + runtime->name + "' is not a compile-time value";
    diags_.error(expr.range, "'" + what + "' must be a compile-time integer" + reason);
    return std::nullopt;
  }
  std::optional<double> value = evaluate(expr);
  bool integral = value && std::isfinite(*value) && std::floor(*value) == *value;
  bool inRange = integral && *value >= lo && *value <= hi;
  bool even = inRange && static_cast<long long>(*value) % 2 == 0;
  if (!inRange || (mustBeEven && !even)) {
    std::string got = value ? printExpr(*makeNumber(*value, integral)) : "?";
    diags_.error(expr.range, "'" + what + "' must be " +
                                 (mustBeEven ? "an even integer" : "an integer") + " between " +
                                 std::to_string(lo) + " and " + std::to_string(hi) + ", got " +
                                 got);
    return std::nullopt;
  }
  return static_cast<int>(*value);
}

//===----------------------------------------------------------------------===//
// Unknowns
//===----------------------------------------------------------------------===//

const Field *Analyzer::stateOf(const Expr &expr) const {
  if (expr.kind != Expr::Kind::Derivative || expr.deriv.kind != DerivativeKind::Time)
    return nullptr;
  const Expr &operand = *expr.operands[0];
  return operand.ref == RefKind::Field ? &model_->fields[operand.refIndex] : nullptr;
}

void Analyzer::unknownCandidates(const Expr &expr, std::set<int> &states) const {
  if (stateOf(expr)) {
    int index = expr.operands[0]->refIndex;
    if (!updated_[index])
      states.insert(index);
    return;
  }
  if (expr.kind == Expr::Kind::Ref && expr.ref == RefKind::Let)
    return unknownCandidates(*model_->lets[expr.refIndex].expr, states);
  for (const ExprPtr &operand : expr.operands)
    unknownCandidates(*operand, states);
}

bool Analyzer::mentions(const Expr &expr, int state) const {
  std::set<int> states;
  unknownCandidates(expr, states);
  return states.count(state) > 0;
}

std::optional<std::string> Analyzer::nonlinearity(const Expr &expr, int state) const {
  if (!mentions(expr, state))
    return std::nullopt;
  const std::string &name = model_->fields[state].name;
  switch (expr.kind) {
  case Expr::Kind::Ref:
    return nonlinearity(*model_->lets[expr.refIndex].expr, state);
  case Expr::Kind::Negate:
    return nonlinearity(*expr.operands[0], state);
  case Expr::Kind::Binary: {
    bool inLhs = mentions(*expr.operands[0], state);
    bool inRhs = mentions(*expr.operands[1], state);
    switch (expr.binaryOp) {
    case BinaryOp::Add:
    case BinaryOp::Sub:
      if (auto reason = nonlinearity(*expr.operands[0], state))
        return reason;
      return nonlinearity(*expr.operands[1], state);
    case BinaryOp::Mul:
      if (inLhs && inRhs)
        return "the time derivative of '" + name + "' is multiplied by itself";
      return nonlinearity(*expr.operands[inLhs ? 0 : 1], state);
    case BinaryOp::Div:
      if (inRhs)
        return "the time derivative of '" + name + "' appears in a denominator";
      return nonlinearity(*expr.operands[0], state);
    case BinaryOp::Pow:
      return "the time derivative of '" + name + "' appears in a power";
    }
    return std::nullopt;
  }
  case Expr::Kind::Call:
    return "the time derivative of '" + name + "' appears inside '" + expr.name + "'";
  case Expr::Kind::Select:
  case Expr::Kind::Compare:
    return "the time derivative of '" + name + "' appears inside select(...)";
  case Expr::Kind::Derivative:
    if (expr.deriv.kind == DerivativeKind::Time)
      return std::nullopt;
    return "the time derivative of '" + name + "' appears inside a space derivative, so '" + name +
           "' at t+1 would be needed at neighbouring points (implicit schemes are not supported)";
  default:
    return std::nullopt;
  }
}

} // namespace

bool isBuiltinName(const std::string &name) {
  return std::find(std::begin(kBuiltinNames), std::end(kBuiltinNames), name) !=
         std::end(kBuiltinNames);
}

std::unique_ptr<Model> analyzeModel(std::vector<Decl> decls, const CompileOptions &options,
                                    DiagnosticEngine &diags) {
  return Analyzer(options, diags).run(std::move(decls));
}

const char *optionTypeName(OptionType type) {
  switch (type) {
  case OptionType::Int:
    return "int";
  case OptionType::Float:
    return "float";
  case OptionType::Bool:
    return "bool";
  }
  return "?";
}

const char *fieldKindName(FieldKind kind) {
  switch (kind) {
  case FieldKind::Input:
    return "input";
  case FieldKind::State:
    return "state";
  case FieldKind::Source:
    return "source";
  case FieldKind::Receiver:
    return "receiver";
  }
  return "?";
}

bool Grid::hasAxis(Axis axis) const {
  return std::find(axes.begin(), axes.end(), axis) != axes.end();
}

const Field *Model::findField(const std::string &name) const {
  for (const Field &field : fields)
    if (field.name == name)
      return &field;
  return nullptr;
}

const Option *Model::findOption(const std::string &name) const {
  for (const Option &option : options)
    if (option.name == name)
      return &option;
  return nullptr;
}

} // namespace strata::frontend
