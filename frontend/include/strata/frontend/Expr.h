//===- Expr.h - Hash-consed symbolic expressions ----------------*- C++ -*-===//
//
// The symbolic engine behind discretization and `solve`. An ExprContext owns
// every node and returns the same pointer for structurally equal nodes (hash
// consing), so equality is pointer equality and repeated subexpressions are
// shared. Constructors canonicalize:
//   - sums and products are flattened, their operands sorted by a
//     deterministic structural order (compareNodes), constants folded;
//   - like terms are collected: 2*a + 3*a -> 5*a, a*a -> a^2;
//   - a - b is a + (-1)*b and a / b is a * b^-1.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "strata/frontend/AST.h"

#include <array>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <unordered_set>
#include <vector>

namespace strata::frontend {

enum class NodeKind {
  Constant,    // value
  Symbol,      // name: grid spacings h_x/h_y/h_z, the time step dt
  FieldAccess, // field at (time, space) offsets
  SourceRef,   // a `source` appearing in an equation
  Power,       // operands: base, exponent
  Product,     // operands: optional leading constant, then sorted factors
  Sum,         // operands: optional leading constant, then sorted terms
  Call,        // function(operands)
  Compare,     // compare(operands[0], operands[1])
  Select,      // select(cond, a, b)
  Derivative,  // continuous derivative of operands[0] (before expansion)
};

/// Offsets are stored in half grid points (2 == one point, 1 == half a point)
/// so staggered accesses stay exact.
struct Node {
  NodeKind kind = NodeKind::Constant;
  double value = 0;
  std::string name;
  int field = -1;              // FieldAccess / SourceRef: index into Model::fields
  bool hasTime = false;        // FieldAccess: the field has time levels (a state)
  int time2 = 0;               // FieldAccess: time offset in half steps (2 == t+1)
  std::array<int, 3> space2{}; // FieldAccess: offsets along x, y, z in half points
  Function function = Function::Sqrt;
  CompareOp compare = CompareOp::Less;
  DerivativeAttrs deriv; // Derivative
  std::vector<const Node *> operands;
  std::size_t hash = 0;

  bool isConstant() const { return kind == NodeKind::Constant; }
  bool isConstant(double v) const { return kind == NodeKind::Constant && value == v; }
};

class ExprContext {
public:
  ExprContext();
  ~ExprContext();
  ExprContext(const ExprContext &) = delete;
  ExprContext &operator=(const ExprContext &) = delete;

  const Node *constant(double value);
  const Node *symbol(const std::string &name);
  const Node *fieldAccess(int field, const std::string &name, bool hasTime, int time2,
                          std::array<int, 3> space2);
  const Node *sourceRef(int field, const std::string &name);

  const Node *add(std::vector<const Node *> terms);
  const Node *add(const Node *a, const Node *b) { return add({a, b}); }
  const Node *sub(const Node *a, const Node *b);
  const Node *mul(std::vector<const Node *> factors);
  const Node *mul(const Node *a, const Node *b) { return mul({a, b}); }
  const Node *neg(const Node *a) { return mul(constant(-1), a); }
  const Node *div(const Node *a, const Node *b);
  const Node *pow(const Node *base, const Node *exponent);
  const Node *call(Function function, std::vector<const Node *> args);
  const Node *compare(CompareOp op, const Node *a, const Node *b);
  const Node *select(const Node *cond, const Node *a, const Node *b);
  const Node *derivative(const DerivativeAttrs &attrs, const Node *operand);

  /// Number of distinct nodes created so far.
  std::size_t size() const { return nodes_.size(); }

private:
  struct Hash {
    std::size_t operator()(const Node *node) const { return node->hash; }
  };
  struct Equal {
    bool operator()(const Node *a, const Node *b) const;
  };
  const Node *intern(Node node);

  std::unordered_set<const Node *, Hash, Equal> nodes_;
  std::vector<std::unique_ptr<Node>> storage_;
};

/// Deterministic total order on nodes (independent of addresses): <0, 0, >0.
int compareNodes(const Node *a, const Node *b);

/// Deterministic text, e.g. `0.5*damp[x]*dt^-1 + u[t+1]`.
std::string printNode(const Node *node);

/// Non-leaf subexpressions that occur more than once across `roots` (counted
/// as tree occurrences), outermost first in a deterministic order.
std::vector<const Node *> findCommonSubexpressions(const std::vector<const Node *> &roots);

/// True when `pred` holds for `node` or any node below it.
bool containsIf(const Node *node, const std::function<bool(const Node *)> &pred);

/// Rebuilds `node` bottom-up through the context's canonicalizing
/// constructors, replacing a node by `replace(node)` when it returns non-null.
const Node *rewrite(ExprContext &ctx, const Node *node,
                    const std::function<const Node *(const Node *)> &replace);

} // namespace strata::frontend
