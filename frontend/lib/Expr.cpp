//===- Expr.cpp - Hash-consed symbolic expressions ------------------------===//
#include "strata/frontend/Expr.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <unordered_map>

namespace strata::frontend {

namespace {

std::size_t mix(std::size_t seed, std::size_t value) {
  return seed ^ (value + 0x9e3779b97f4a7c15ULL + (seed << 6) + (seed >> 2));
}

std::size_t hashDouble(double value) {
  std::uint64_t bits;
  std::memcpy(&bits, &value, sizeof bits);
  return std::hash<std::uint64_t>()(bits);
}

std::size_t computeHash(const Node &node) {
  std::size_t h = static_cast<std::size_t>(node.kind);
  h = mix(h, hashDouble(node.value));
  h = mix(h, std::hash<std::string>()(node.name));
  h = mix(h, static_cast<std::size_t>(node.field + 1));
  h = mix(h, static_cast<std::size_t>(node.time2 * 2 + node.hasTime));
  for (int offset : node.space2)
    h = mix(h, static_cast<std::size_t>(offset));
  h = mix(h, static_cast<std::size_t>(node.function) * 31 + static_cast<std::size_t>(node.compare));
  const DerivativeAttrs &d = node.deriv;
  h = mix(h, static_cast<std::size_t>(d.kind) * 7 + static_cast<std::size_t>(d.timeOrder));
  for (Axis axis : d.axes)
    h = mix(h, static_cast<std::size_t>(axis));
  h = mix(h, static_cast<std::size_t>(d.stagger) * 5 + static_cast<std::size_t>(d.side));
  h = mix(h, static_cast<std::size_t>(d.accuracy));
  for (const Node *operand : node.operands)
    h = mix(h, std::hash<const void *>()(operand));
  return h;
}

bool sameDerivative(const DerivativeAttrs &a, const DerivativeAttrs &b) {
  return a.kind == b.kind && a.timeOrder == b.timeOrder && a.axes == b.axes &&
         a.stagger == b.stagger && a.side == b.side && a.accuracy == b.accuracy;
}

bool sameBits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

} // namespace

bool ExprContext::Equal::operator()(const Node *a, const Node *b) const {
  return a->kind == b->kind && sameBits(a->value, b->value) && a->name == b->name &&
         a->field == b->field && a->hasTime == b->hasTime && a->time2 == b->time2 &&
         a->space2 == b->space2 && a->function == b->function && a->compare == b->compare &&
         sameDerivative(a->deriv, b->deriv) && a->operands == b->operands;
}

ExprContext::ExprContext() = default;
ExprContext::~ExprContext() = default;

const Node *ExprContext::intern(Node node) {
  node.hash = computeHash(node);
  auto it = nodes_.find(&node);
  if (it != nodes_.end())
    return *it;
  storage_.push_back(std::make_unique<Node>(std::move(node)));
  const Node *stored = storage_.back().get();
  nodes_.insert(stored);
  return stored;
}

const Node *ExprContext::constant(double value) {
  Node node;
  node.kind = NodeKind::Constant;
  node.value = value == 0 ? 0.0 : value; // one zero: -0.0 folds into 0.0
  return intern(std::move(node));
}

const Node *ExprContext::symbol(const std::string &name) {
  Node node;
  node.kind = NodeKind::Symbol;
  node.name = name;
  return intern(std::move(node));
}

const Node *ExprContext::fieldAccess(int field, const std::string &name, bool hasTime, int time2,
                                     std::array<int, 3> space2) {
  Node node;
  node.kind = NodeKind::FieldAccess;
  node.field = field;
  node.name = name;
  node.hasTime = hasTime;
  node.time2 = hasTime ? time2 : 0;
  node.space2 = space2;
  return intern(std::move(node));
}

const Node *ExprContext::sourceRef(int field, const std::string &name) {
  Node node;
  node.kind = NodeKind::SourceRef;
  node.field = field;
  node.name = name;
  return intern(std::move(node));
}

namespace {

/// Splits a term into its constant coefficient and the rest.
std::pair<double, std::vector<const Node *>> splitCoefficient(const Node *term) {
  if (term->kind == NodeKind::Product && term->operands.front()->isConstant())
    return {term->operands.front()->value,
            std::vector<const Node *>(term->operands.begin() + 1, term->operands.end())};
  return {1.0, {term}};
}

bool nodeLess(const Node *a, const Node *b) { return compareNodes(a, b) < 0; }

/// Orders sum terms by their non-constant part first, so a stencil prints in
/// offset order rather than in weight order.
bool termLess(const Node *a, const Node *b) {
  auto strip = [](const Node *term) -> std::pair<const Node *, std::size_t> {
    if (term->kind == NodeKind::Product && term->operands.front()->isConstant())
      return {term, 1};
    return {term, 0};
  };
  auto [x, xs] = strip(a);
  auto [y, ys] = strip(b);
  const std::vector<const Node *> single1 = {x}, single2 = {y};
  const auto &xf = xs ? x->operands : single1;
  const auto &yf = ys ? y->operands : single2;
  std::size_t n = std::min(xf.size() - xs, yf.size() - ys);
  for (std::size_t i = 0; i < n; ++i)
    if (int c = compareNodes(xf[xs + i], yf[ys + i]))
      return c < 0;
  if (xf.size() - xs != yf.size() - ys)
    return xf.size() - xs < yf.size() - ys;
  return compareNodes(a, b) < 0;
}

} // namespace

const Node *ExprContext::add(std::vector<const Node *> terms) {
  double constantPart = 0;
  std::map<const Node *, double> coefficients; // keyed by the non-constant part
  std::vector<const Node *> flat;
  for (const Node *term : terms) {
    if (term->kind == NodeKind::Sum)
      flat.insert(flat.end(), term->operands.begin(), term->operands.end());
    else
      flat.push_back(term);
  }
  for (const Node *term : flat) {
    if (term->isConstant()) {
      constantPart += term->value;
      continue;
    }
    auto [coefficient, rest] = splitCoefficient(term);
    const Node *key = rest.size() == 1 ? rest.front() : nullptr;
    if (!key) {
      Node product;
      product.kind = NodeKind::Product;
      product.operands = std::move(rest);
      key = intern(std::move(product));
    }
    coefficients[key] += coefficient;
  }
  std::vector<const Node *> result;
  for (const auto &[rest, coefficient] : coefficients) {
    if (coefficient == 0)
      continue;
    if (coefficient == 1) {
      result.push_back(rest);
      continue;
    }
    Node product;
    product.kind = NodeKind::Product;
    product.operands.push_back(constant(coefficient));
    if (rest->kind == NodeKind::Product)
      product.operands.insert(product.operands.end(), rest->operands.begin(), rest->operands.end());
    else
      product.operands.push_back(rest);
    result.push_back(intern(std::move(product)));
  }
  std::sort(result.begin(), result.end(), termLess);
  if (constantPart != 0 || std::isnan(constantPart))
    result.insert(result.begin(), constant(constantPart));
  if (result.empty())
    return constant(0);
  if (result.size() == 1)
    return result.front();
  Node sum;
  sum.kind = NodeKind::Sum;
  sum.operands = std::move(result);
  return intern(std::move(sum));
}

const Node *ExprContext::sub(const Node *a, const Node *b) { return add(a, neg(b)); }

const Node *ExprContext::mul(std::vector<const Node *> factors) {
  double coefficient = 1;
  std::vector<const Node *> bases;
  std::map<const Node *, const Node *> exponents;
  std::vector<const Node *> flat;
  for (const Node *factor : factors) {
    if (factor->kind == NodeKind::Product)
      flat.insert(flat.end(), factor->operands.begin(), factor->operands.end());
    else
      flat.push_back(factor);
  }
  for (const Node *factor : flat) {
    if (factor->isConstant()) {
      coefficient *= factor->value;
      continue;
    }
    const Node *base = factor;
    const Node *exponent = constant(1);
    if (factor->kind == NodeKind::Power) {
      base = factor->operands[0];
      exponent = factor->operands[1];
    }
    auto [it, inserted] = exponents.emplace(base, exponent);
    if (inserted)
      bases.push_back(base);
    else
      it->second = add(it->second, exponent);
  }
  if (coefficient == 0)
    return constant(0);
  std::vector<const Node *> result;
  bool needsRefold = false;
  for (const Node *base : bases) {
    const Node *power = pow(base, exponents[base]);
    if (power->isConstant())
      coefficient *= power->value;
    else if (power->kind == NodeKind::Product)
      needsRefold = true, result.push_back(power);
    else
      result.push_back(power);
  }
  if (needsRefold) {
    result.push_back(constant(coefficient));
    return mul(std::move(result));
  }
  if (coefficient == 0)
    return constant(0);
  std::sort(result.begin(), result.end(), nodeLess);
  if (result.empty())
    return constant(coefficient);
  if (coefficient == 1 && result.size() == 1)
    return result.front();
  if (coefficient != 1)
    result.insert(result.begin(), constant(coefficient));
  Node product;
  product.kind = NodeKind::Product;
  product.operands = std::move(result);
  return intern(std::move(product));
}

const Node *ExprContext::div(const Node *a, const Node *b) { return mul(a, pow(b, constant(-1))); }

const Node *ExprContext::pow(const Node *base, const Node *exponent) {
  if (base->isConstant() && exponent->isConstant())
    return constant(std::pow(base->value, exponent->value));
  if (exponent->isConstant()) {
    double e = exponent->value;
    bool integral = std::floor(e) == e;
    if (e == 0)
      return constant(1);
    if (e == 1)
      return base;
    if (base->isConstant(1))
      return constant(1);
    if (integral && base->kind == NodeKind::Power)
      return pow(base->operands[0], mul(base->operands[1], exponent));
    if (integral && base->kind == NodeKind::Product) {
      std::vector<const Node *> factors;
      for (const Node *factor : base->operands)
        factors.push_back(pow(factor, exponent));
      return mul(std::move(factors));
    }
  }
  Node node;
  node.kind = NodeKind::Power;
  node.operands = {base, exponent};
  return intern(std::move(node));
}

const Node *ExprContext::call(Function function, std::vector<const Node *> args) {
  bool allConstant =
      std::all_of(args.begin(), args.end(), [](const Node *n) { return n->isConstant(); });
  if (allConstant && !args.empty()) {
    double a = args[0]->value;
    double b = args.size() > 1 ? args[1]->value : 0;
    switch (function) {
    case Function::Sqrt:
      return constant(std::sqrt(a));
    case Function::Exp:
      return constant(std::exp(a));
    case Function::Log:
      return constant(std::log(a));
    case Function::Sin:
      return constant(std::sin(a));
    case Function::Cos:
      return constant(std::cos(a));
    case Function::Abs:
      return constant(std::fabs(a));
    case Function::Min:
      return constant(std::min(a, b));
    case Function::Max:
      return constant(std::max(a, b));
    }
  }
  if ((function == Function::Min || function == Function::Max) && args.size() == 2 &&
      args[0] == args[1])
    return args[0];
  Node node;
  node.kind = NodeKind::Call;
  node.function = function;
  node.operands = std::move(args);
  return intern(std::move(node));
}

const Node *ExprContext::compare(CompareOp op, const Node *a, const Node *b) {
  if (a->isConstant() && b->isConstant()) {
    double x = a->value, y = b->value;
    bool result = op == CompareOp::Less           ? x < y
                  : op == CompareOp::LessEqual    ? x <= y
                  : op == CompareOp::Greater      ? x > y
                  : op == CompareOp::GreaterEqual ? x >= y
                  : op == CompareOp::Equal        ? x == y
                                                  : x != y;
    return constant(result ? 1 : 0);
  }
  Node node;
  node.kind = NodeKind::Compare;
  node.compare = op;
  node.operands = {a, b};
  return intern(std::move(node));
}

const Node *ExprContext::select(const Node *cond, const Node *a, const Node *b) {
  if (cond->isConstant())
    return cond->value != 0 ? a : b;
  if (a == b)
    return a;
  Node node;
  node.kind = NodeKind::Select;
  node.operands = {cond, a, b};
  return intern(std::move(node));
}

const Node *ExprContext::derivative(const DerivativeAttrs &attrs, const Node *operand) {
  if (operand->isConstant())
    return constant(0);
  Node node;
  node.kind = NodeKind::Derivative;
  node.deriv = attrs;
  node.operands = {operand};
  return intern(std::move(node));
}

//===----------------------------------------------------------------------===//
// Ordering, printing, traversal
//===----------------------------------------------------------------------===//

namespace {

template <typename T> int cmp(const T &a, const T &b) { return a < b ? -1 : b < a ? 1 : 0; }

int compareDoubles(double a, double b) {
  if (a < b)
    return -1;
  if (b < a)
    return 1;
  std::uint64_t x, y;
  std::memcpy(&x, &a, sizeof x);
  std::memcpy(&y, &b, sizeof y);
  return cmp(x, y);
}

} // namespace

int compareNodes(const Node *a, const Node *b) {
  if (a == b)
    return 0;
  if (int c = cmp(a->kind, b->kind))
    return c;
  switch (a->kind) {
  case NodeKind::Constant:
    return compareDoubles(a->value, b->value);
  case NodeKind::Symbol:
    return cmp(a->name, b->name);
  case NodeKind::FieldAccess:
  case NodeKind::SourceRef:
    if (int c = cmp(a->name, b->name))
      return c;
    if (int c = cmp(a->field, b->field))
      return c;
    if (int c = cmp(a->time2, b->time2))
      return c;
    return cmp(a->space2, b->space2);
  default:
    break;
  }
  if (int c = cmp(a->function, b->function))
    return c;
  if (int c = cmp(a->compare, b->compare))
    return c;
  const DerivativeAttrs &x = a->deriv, &y = b->deriv;
  if (int c = cmp(std::tie(x.kind, x.timeOrder, x.axes, x.stagger, x.side, x.accuracy),
                  std::tie(y.kind, y.timeOrder, y.axes, y.stagger, y.side, y.accuracy)))
    return c;
  std::size_t n = std::min(a->operands.size(), b->operands.size());
  for (std::size_t i = 0; i < n; ++i)
    if (int c = compareNodes(a->operands[i], b->operands[i]))
      return c;
  return cmp(a->operands.size(), b->operands.size());
}

namespace {

std::string formatConstant(double value) {
  char buf[40];
  if (std::floor(value) == value && std::fabs(value) < 1e15) {
    std::snprintf(buf, sizeof buf, "%.0f", value);
    return buf;
  }
  for (int precision = 1; precision <= 17; ++precision) {
    std::snprintf(buf, sizeof buf, "%.*g", precision, value);
    if (std::strtod(buf, nullptr) == value)
      break;
  }
  return buf;
}

std::string halves(int value) {
  if (value % 2 == 0)
    return std::to_string(value / 2);
  return std::to_string(value) + "/2";
}

std::string offsetText(const char *axis, int value) {
  if (value == 0)
    return axis;
  return std::string(axis) + (value > 0 ? "+" : "-") + halves(std::abs(value));
}

// Precedence levels: 1 sum, 2 product, 3 power, 4 atom.
int precedenceOf(const Node *node) {
  switch (node->kind) {
  case NodeKind::Sum:
    return 1;
  case NodeKind::Product:
    return 2;
  case NodeKind::Power:
    return 3;
  case NodeKind::Constant:
    return node->value < 0 ? 1 : 4;
  default:
    return 4;
  }
}

std::string print(const Node *node);

std::string wrap(const Node *node, int minPrecedence) {
  std::string text = print(node);
  return precedenceOf(node) < minPrecedence ? "(" + text + ")" : text;
}

/// Prints coefficient*factors as a fraction; `sign` flips the coefficient so
/// sums can print "a - b" instead of "a + -1*b".
std::string printProduct(const Node *node, double sign) {
  double coefficient = sign;
  std::vector<const Node *> factors = {node};
  if (node->kind == NodeKind::Product) {
    factors.assign(node->operands.begin(), node->operands.end());
    if (factors.front()->isConstant()) {
      coefficient *= factors.front()->value;
      factors.erase(factors.begin());
    }
  }
  std::vector<std::string> numerator, denominator;
  for (const Node *factor : factors) {
    if (factor->kind == NodeKind::Power && factor->operands[1]->isConstant() &&
        factor->operands[1]->value < 0) {
      double e = -factor->operands[1]->value;
      std::string base = wrap(factor->operands[0], 4);
      denominator.push_back(e == 1 ? base : base + "^" + formatConstant(e));
    } else {
      numerator.push_back(wrap(factor, 3));
    }
  }
  std::string out;
  if (coefficient == -1 && !numerator.empty())
    out = "-";
  else if (coefficient != 1 || numerator.empty())
    out = formatConstant(coefficient) + (numerator.empty() ? "" : "*");
  for (std::size_t i = 0; i < numerator.size(); ++i)
    out += (i ? "*" : "") + numerator[i];
  if (!denominator.empty()) {
    std::string joined;
    for (std::size_t i = 0; i < denominator.size(); ++i)
      joined += (i ? "*" : "") + denominator[i];
    out += "/" + (denominator.size() > 1 ? "(" + joined + ")" : joined);
  }
  return out;
}

bool isNegativeTerm(const Node *term) {
  if (term->isConstant())
    return term->value < 0;
  return term->kind == NodeKind::Product && term->operands.front()->isConstant() &&
         term->operands.front()->value < 0;
}

std::string print(const Node *node) {
  switch (node->kind) {
  case NodeKind::Constant:
    return formatConstant(node->value);
  case NodeKind::Symbol:
  case NodeKind::SourceRef:
    return node->name;
  case NodeKind::FieldAccess: {
    static const char *kAxes[] = {"x", "y", "z"};
    std::vector<std::string> parts;
    if (node->hasTime)
      parts.push_back(offsetText("t", node->time2));
    for (int axis = 0; axis < 3; ++axis)
      if (node->space2[axis] != 0)
        parts.push_back(offsetText(kAxes[axis], node->space2[axis]));
    if (parts.empty())
      return node->name;
    std::string out = node->name + "[";
    for (std::size_t i = 0; i < parts.size(); ++i)
      out += (i ? ", " : "") + parts[i];
    return out + "]";
  }
  case NodeKind::Sum: {
    std::string out;
    for (std::size_t i = 0; i < node->operands.size(); ++i) {
      const Node *term = node->operands[i];
      if (i == 0)
        out += term->kind == NodeKind::Product ? printProduct(term, 1) : wrap(term, 1);
      else if (isNegativeTerm(term))
        out += " - " + printProduct(term, -1);
      else
        out += " + " + (term->kind == NodeKind::Product ? printProduct(term, 1) : wrap(term, 2));
    }
    return out;
  }
  case NodeKind::Product:
    return printProduct(node, 1);
  case NodeKind::Power: {
    const Node *exponent = node->operands[1];
    if (exponent->isConstant() && exponent->value < 0)
      return printProduct(node, 1);
    return wrap(node->operands[0], 4) + "^" + wrap(exponent, 4);
  }
  case NodeKind::Call:
  case NodeKind::Select:
  case NodeKind::Derivative: {
    std::string out = node->kind == NodeKind::Call     ? functionName(node->function)
                      : node->kind == NodeKind::Select ? "select"
                                                       : derivativeSpelling(node->deriv);
    out += "(";
    for (std::size_t i = 0; i < node->operands.size(); ++i)
      out += (i ? ", " : "") + print(node->operands[i]);
    if (node->kind == NodeKind::Derivative && node->deriv.accuracy > 0)
      out += ", order = " + std::to_string(node->deriv.accuracy);
    if (node->kind == NodeKind::Derivative && node->deriv.side != Side::Centered)
      out += node->deriv.side == Side::Left ? ", side = left" : ", side = right";
    return out + ")";
  }
  case NodeKind::Compare:
    return wrap(node->operands[0], 2) + " " + compareOpSpelling(node->compare) + " " +
           wrap(node->operands[1], 2);
  }
  return "?";
}

bool isLeaf(const Node *node) {
  return node->kind == NodeKind::Constant || node->kind == NodeKind::Symbol ||
         node->kind == NodeKind::FieldAccess || node->kind == NodeKind::SourceRef;
}

} // namespace

std::string printNode(const Node *node) { return node ? print(node) : "<null>"; }

std::vector<const Node *> findCommonSubexpressions(const std::vector<const Node *> &roots) {
  std::unordered_map<const Node *, int> occurrences;
  std::vector<const Node *> preorder;
  // Children of a node are counted only on its first visit, so a repeated
  // subtree is reported once, not together with all of its own children.
  std::vector<const Node *> stack(roots.rbegin(), roots.rend());
  while (!stack.empty()) {
    const Node *node = stack.back();
    stack.pop_back();
    if (occurrences[node]++ > 0)
      continue;
    preorder.push_back(node);
    for (auto it = node->operands.rbegin(); it != node->operands.rend(); ++it)
      stack.push_back(*it);
  }
  std::vector<const Node *> common;
  for (const Node *node : preorder)
    if (!isLeaf(node) && occurrences[node] > 1)
      common.push_back(node);
  return common;
}

bool containsIf(const Node *node, const std::function<bool(const Node *)> &pred) {
  std::vector<const Node *> stack = {node};
  std::unordered_map<const Node *, bool> seen;
  while (!stack.empty()) {
    const Node *current = stack.back();
    stack.pop_back();
    if (seen[current])
      continue;
    seen[current] = true;
    if (pred(current))
      return true;
    stack.insert(stack.end(), current->operands.begin(), current->operands.end());
  }
  return false;
}

namespace {

const Node *rebuild(ExprContext &ctx, const Node *node, std::vector<const Node *> ops) {
  switch (node->kind) {
  case NodeKind::Sum:
    return ctx.add(std::move(ops));
  case NodeKind::Product:
    return ctx.mul(std::move(ops));
  case NodeKind::Power:
    return ctx.pow(ops[0], ops[1]);
  case NodeKind::Call:
    return ctx.call(node->function, std::move(ops));
  case NodeKind::Compare:
    return ctx.compare(node->compare, ops[0], ops[1]);
  case NodeKind::Select:
    return ctx.select(ops[0], ops[1], ops[2]);
  case NodeKind::Derivative:
    return ctx.derivative(node->deriv, ops[0]);
  default:
    return node;
  }
}

const Node *rewriteMemo(ExprContext &ctx, const Node *node,
                        const std::function<const Node *(const Node *)> &replace,
                        std::unordered_map<const Node *, const Node *> &memo) {
  if (auto it = memo.find(node); it != memo.end())
    return it->second;
  const Node *result = replace(node);
  if (!result) {
    std::vector<const Node *> ops;
    bool changed = false;
    for (const Node *operand : node->operands) {
      ops.push_back(rewriteMemo(ctx, operand, replace, memo));
      changed = changed || ops.back() != operand;
    }
    result = changed ? rebuild(ctx, node, std::move(ops)) : node;
  }
  memo[node] = result;
  return result;
}

} // namespace

const Node *rewrite(ExprContext &ctx, const Node *node,
                    const std::function<const Node *(const Node *)> &replace) {
  std::unordered_map<const Node *, const Node *> memo;
  return rewriteMemo(ctx, node, replace, memo);
}

} // namespace strata::frontend
