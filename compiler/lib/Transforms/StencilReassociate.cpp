//===- StencilReassociate.cpp - factor shared coefficients, allow FMAs ----===//
//
// Both rewrites are reassociations of the point computation of each apply: the results
// change by rounding only, and the accesses (fields, offsets, levels) stay as they are.
//
// Factoring works on sum trees: maximal trees of addf/subf/negf whose inner nodes have one
// use. Each leaf is a signed term; a term that is a product with point-invariant factors
// (constants, program scalars, anything defined outside the apply, and pure arith/math
// expressions of those) has a coefficient, the product of those factors. Terms whose
// coefficients are the same expression (structurally, so duplicated constants and
// recomputed 1/h^2 match; a coefficient may also be the negation of another) share one
// multiplication by it, and the sum inside is factored again, so that coefficients that
// turn out equal across groups (an isotropic grid spacing) are found too.
//
//===----------------------------------------------------------------------===//
#include "strata/Compiler/Passes.h"

#include "mlir/IR/Matchers.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

namespace strata {
#define GEN_PASS_DEF_STENCILREASSOCIATE
#include "strata/Compiler/Passes.h.inc"
} // namespace strata

using namespace mlir;
using namespace strata::stencil;

namespace {

/// A summand and its sign.
struct Term {
  Value value;
  bool negative = false;
};

/// A term seen as coefficient * rest: the point-invariant factors of a product and the
/// others, each in their original order. No coefficient: the term is kept whole.
struct Split {
  SmallVector<Value, 2> coefficient;
  SmallVector<Value, 2> rest;
  bool hasCoefficient() const { return !coefficient.empty(); }
};

/// Structural comparison of invariant expressions stops this deep (they are short in
/// practice: w * (1 / (h * h)) and the like).
constexpr unsigned kMaxDepth = 12;

bool isSumNode(Operation *op) { return isa<arith::AddFOp, arith::SubFOp, arith::NegFOp>(op); }

class Factorizer {
public:
  explicit Factorizer(ApplyOp apply) : apply_(apply), body_(&apply.getBody().front()) {}

  void run() {
    // Roots: sums whose value is not a single-use operand of another sum. Later roots first,
    // so that a tree that factoring takes apart is erased before its turn comes.
    SmallVector<Operation *> roots;
    for (Operation &op : *body_)
      if (isa<arith::AddFOp, arith::SubFOp>(op) && !isInnerNode(&op))
        roots.push_back(&op);
    for (Operation *root : llvm::reverse(roots))
      if (!erased_.contains(root))
        rewrite(root);
  }

private:
  bool inBody(Operation *op) const { return op && op->getBlock() == body_; }

  /// True when `op` is an operand of exactly one sum node of its tree.
  bool isInnerNode(Operation *op) {
    Value result = op->getResult(0);
    return result.hasOneUse() && inBody(*result.user_begin()) && isSumNode(*result.user_begin());
  }

  /// True when `value` is the same at every point of the apply.
  bool isInvariant(Value value) {
    Operation *op = value.getDefiningOp();
    if (!op)
      return !apply_.getBody().isAncestor(value.getParentRegion());
    if (!apply_->isProperAncestor(op))
      return true;
    auto known = invariant_.find(value);
    if (known != invariant_.end())
      return known->second;
    bool result = false;
    if (isa<arith::ConstantOp>(op)) {
      result = true;
    } else if (isa<arith::ArithDialect, math::MathDialect>(op->getDialect()) &&
               op->getNumRegions() == 0 && isPure(op)) {
      result = llvm::all_of(op->getOperands(), [&](Value operand) { return isInvariant(operand); });
    }
    invariant_[value] = result;
    return result;
  }

  /// True when invariant expressions `a` and `b` compute the same value, or (`negated`) the
  /// same value of opposite sign. Constants compare by value; sign flips propagate through
  /// multiplication, division and negation, which are sign-symmetric.
  bool equivalent(Value a, Value b, bool &negated, unsigned depth = 0) {
    negated = false;
    if (a == b)
      return true;
    if (a.getType() != b.getType() || depth > kMaxDepth)
      return false;
    FloatAttr ca, cb;
    if (matchPattern(a, m_Constant(&ca)) && matchPattern(b, m_Constant(&cb))) {
      if (ca.getValue().bitwiseIsEqual(cb.getValue()))
        return true;
      negated = ca.getValue().bitwiseIsEqual(neg(cb.getValue()));
      return negated;
    }
    Operation *x = a.getDefiningOp(), *y = b.getDefiningOp();
    if (!x || !y || x->getName() != y->getName() || x->getNumResults() != 1 ||
        x->getNumOperands() != y->getNumOperands() || x->getNumRegions() != 0 ||
        x->getAttrDictionary() != y->getAttrDictionary())
      return false;
    if (!isa<arith::ArithDialect, math::MathDialect>(x->getDialect()) || !isPure(x))
      return false;
    if (isa<arith::NegFOp>(x))
      return equivalent(x->getOperand(0), y->getOperand(0), negated, depth + 1);
    bool signed_ = isa<arith::MulFOp, arith::DivFOp>(x);
    auto operandsMatch = [&](Value x0, Value x1, Value y0, Value y1) {
      bool n0 = false, n1 = false;
      if (!equivalent(x0, y0, n0, depth + 1) || !equivalent(x1, y1, n1, depth + 1))
        return false;
      if (!signed_ && (n0 || n1))
        return false;
      negated = n0 != n1;
      return true;
    };
    if (x->getNumOperands() == 2) {
      if (operandsMatch(x->getOperand(0), x->getOperand(1), y->getOperand(0), y->getOperand(1)))
        return true;
      return x->hasTrait<OpTrait::IsCommutative>() &&
             operandsMatch(x->getOperand(0), x->getOperand(1), y->getOperand(1), y->getOperand(0));
    }
    for (auto [p, q] : llvm::zip(x->getOperands(), y->getOperands())) {
      bool n = false;
      if (!equivalent(p, q, n, depth + 1) || n)
        return false;
    }
    return true;
  }

  /// Coefficient lists match when they have the same length and match factor by factor.
  bool sameCoefficient(const Split &a, const Split &b, bool &negated) {
    negated = false;
    if (a.coefficient.size() != b.coefficient.size())
      return false;
    for (auto [p, q] : llvm::zip(a.coefficient, b.coefficient)) {
      bool n = false;
      if (!equivalent(p, q, n))
        return false;
      negated ^= n;
    }
    return true;
  }

  /// The terms of the sum tree rooted at `value` (an operand of a sum node, or the root).
  void collectTerms(Value value, bool negative, SmallVectorImpl<Term> &terms, bool root = false) {
    Operation *op = value.getDefiningOp();
    if (!inBody(op) || !isSumNode(op) || (!root && !value.hasOneUse())) {
      terms.push_back({value, negative});
      return;
    }
    if (isa<arith::NegFOp>(op)) {
      collectTerms(op->getOperand(0), !negative, terms);
      return;
    }
    collectTerms(op->getOperand(0), negative, terms);
    collectTerms(op->getOperand(1), isa<arith::SubFOp>(op) ? !negative : negative, terms);
  }

  /// The factors of a product; single-use products inside it are opened when `open`.
  void collectFactors(Value value, bool open, SmallVectorImpl<Value> &factors, bool top = false) {
    auto mul = value.getDefiningOp<arith::MulFOp>();
    if (!isInvariant(value) && mul && inBody(mul) && (top || (open && value.hasOneUse()))) {
      collectFactors(mul.getLhs(), open, factors);
      collectFactors(mul.getRhs(), open, factors);
      return;
    }
    factors.push_back(value);
  }

  Split split(const Term &term) {
    Split result;
    auto mul = term.value.getDefiningOp<arith::MulFOp>();
    if (!mul || !inBody(mul) || isInvariant(term.value))
      return result;
    // A product used elsewhere stays alive: only its own two operands are reused then.
    SmallVector<Value, 4> factors;
    collectFactors(term.value, /*open=*/term.value.hasOneUse(), factors, /*top=*/true);
    for (Value factor : factors)
      (isInvariant(factor) ? result.coefficient : result.rest).push_back(factor);
    if (result.rest.empty())
      result.coefficient.clear();
    return result;
  }

  Value product(OpBuilder &builder, Location loc, ArrayRef<Value> factors) {
    Value result = factors.front();
    for (Value factor : factors.drop_front())
      result = builder.create<arith::MulFOp>(loc, result, factor);
    return result;
  }

  /// The signed sum of `terms`, left to right, starting from a positive one. With contraction
  /// every product added to the running sum can become an FMA, so the sum preferably starts
  /// from a term that is no such product (a value computed anyway, an access, a sum).
  Value sum(OpBuilder &builder, Location loc, ArrayRef<Term> terms) {
    // Products this rewrite built have no use yet; those of the old tree have that one.
    auto fusable = [](Value value) {
      return value.getDefiningOp<arith::MulFOp>() && (value.use_empty() || value.hasOneUse());
    };
    const Term *first =
        llvm::find_if(terms, [&](const Term &t) { return !t.negative && !fusable(t.value); });
    if (first == terms.end())
      first = llvm::find_if(terms, [](const Term &t) { return !t.negative; });
    bool allNegative = first == terms.end();
    if (allNegative)
      first = terms.begin();
    Value result = first->value;
    for (const Term &term : terms) {
      if (&term == first)
        continue;
      if (term.negative && !allNegative)
        result = builder.create<arith::SubFOp>(loc, result, term.value);
      else
        result = builder.create<arith::AddFOp>(loc, result, term.value);
    }
    if (allNegative)
      result = builder.create<arith::NegFOp>(loc, result);
    return result;
  }

  /// Builds the factored sum of `terms` before the builder's insertion point. With
  /// `onlyIfShared`, returns null (building nothing) when no two terms share a coefficient.
  Value factor(OpBuilder &builder, Location loc, ArrayRef<Term> terms, bool onlyIfShared) {
    struct Group {
      SmallVector<unsigned, 2> members;
      SmallVector<bool, 2> flipped; // coefficient is the negation of the first member's
    };
    SmallVector<Split> splits;
    SmallVector<Group> groups;
    bool shared = false;
    for (auto [index, term] : llvm::enumerate(terms)) {
      splits.push_back(split(term));
      const Split &current = splits.back();
      Group *match = nullptr;
      bool flipped = false;
      if (current.hasCoefficient())
        for (Group &group : groups) {
          const Split &first = splits[group.members.front()];
          if (first.hasCoefficient() && sameCoefficient(first, current, flipped)) {
            match = &group;
            break;
          }
        }
      if (!match) {
        groups.emplace_back();
        match = &groups.back();
        flipped = false;
      } else {
        shared = true;
      }
      match->members.push_back(index);
      match->flipped.push_back(flipped);
    }
    if (onlyIfShared && !shared)
      return {};

    SmallVector<Term> summands;
    for (const Group &group : groups) {
      const Term &first = terms[group.members.front()];
      if (group.members.size() == 1) {
        summands.push_back(first);
        continue;
      }
      // c * x_1 +- c * x_2 ... = c * (x_1 +- x_2 ...), signed relative to the first member.
      SmallVector<Term> inner;
      for (auto [member, flipped] : llvm::zip(group.members, group.flipped)) {
        const Term &term = terms[member];
        const Split &parts = splits[member];
        bool negative = (term.negative != flipped) != first.negative;
        Value rest = parts.rest.size() == 1 ? parts.rest.front() : Value();
        // A sum that only this product used dies with it: its terms join the inner sum.
        if (rest && term.value.hasOneUse() && rest.hasOneUse() && inBody(rest.getDefiningOp()) &&
            isSumNode(rest.getDefiningOp()))
          collectTerms(rest, negative, inner, /*root=*/true);
        else
          inner.push_back({rest ? rest : product(builder, loc, parts.rest), negative});
      }
      Value coefficient = product(builder, loc, splits[group.members.front()].coefficient);
      Value innerSum = factor(builder, loc, inner, /*onlyIfShared=*/false);
      summands.push_back(
          {builder.create<arith::MulFOp>(loc, coefficient, innerSum), first.negative});
    }
    return sum(builder, loc, summands);
  }

  void rewrite(Operation *root) {
    SmallVector<Term> terms;
    collectTerms(root->getResult(0), /*negative=*/false, terms, /*root=*/true);
    OpBuilder builder(root);
    Value result = factor(builder, root->getLoc(), terms, /*onlyIfShared=*/true);
    if (!result)
      return;
    root->getResult(0).replaceAllUsesWith(result);
    eraseDead(root);
  }

  /// Erases `op` and the computations only it used. Accesses stay: the fields and offsets
  /// an apply reads are not this pass's to change (every leaf is reused anyway).
  void eraseDead(Operation *op) {
    SmallVector<Operation *> worklist = {op};
    while (!worklist.empty()) {
      Operation *current = worklist.pop_back_val();
      if (erased_.contains(current) || isa<AccessOp>(current) || !isOpTriviallyDead(current))
        continue;
      for (Value operand : current->getOperands())
        if (Operation *def = operand.getDefiningOp(); inBody(def))
          worklist.push_back(def);
      erased_.insert(current);
      for (Value result : current->getResults())
        invariant_.erase(result);
      current->erase();
    }
  }

  ApplyOp apply_;
  Block *body_;
  DenseMap<Value, bool> invariant_;
  DenseSet<Operation *> erased_;
};

/// Marks every multiplication, addition and subtraction in `apply` as contractable.
void allowContraction(ApplyOp apply) {
  apply.getBody().walk([](Operation *op) {
    if (!isa<arith::MulFOp, arith::AddFOp, arith::SubFOp>(op))
      return;
    auto fastmath = cast<arith::ArithFastMathInterface>(op);
    arith::FastMathFlags flags = fastmath.getFastMathFlagsAttr().getValue();
    op->setAttr(
        fastmath.getFastMathAttrName(),
        arith::FastMathFlagsAttr::get(op->getContext(), flags | arith::FastMathFlags::contract));
  });
}

struct StencilReassociatePass : strata::impl::StencilReassociateBase<StencilReassociatePass> {
  using StencilReassociateBase::StencilReassociateBase;

  void runOnOperation() override {
    getOperation().walk([&](ApplyOp apply) {
      if (factor)
        Factorizer(apply).run();
      if (contract)
        allowContraction(apply);
    });
  }
};

} // namespace
