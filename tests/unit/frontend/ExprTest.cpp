// The symbolic engine: hash consing, canonical forms, printing, CSE.
#include "strata/frontend/Expr.h"

#include <gtest/gtest.h>

using namespace strata::frontend;

namespace {

struct ExprTest : ::testing::Test {
  ExprContext ctx;
  const Node *a = ctx.symbol("a");
  const Node *b = ctx.symbol("b");
  const Node *c = ctx.symbol("c");
  const Node *num(double v) { return ctx.constant(v); }
};

} // namespace

TEST_F(ExprTest, HashConsingGivesOneNodePerStructure) {
  EXPECT_EQ(ctx.symbol("a"), a);
  EXPECT_EQ(ctx.add(a, b), ctx.add(a, b));
  EXPECT_EQ(ctx.constant(-0.0), ctx.constant(0.0));
  const Node *u1 = ctx.fieldAccess(0, "u", true, 2, {1, 0, 0});
  EXPECT_EQ(u1, ctx.fieldAccess(0, "u", true, 2, {1, 0, 0}));
  EXPECT_NE(u1, ctx.fieldAccess(0, "u", true, 2, {-1, 0, 0}));
  std::size_t before = ctx.size();
  ctx.mul(ctx.add(a, b), c);
  std::size_t after = ctx.size();
  ctx.mul(ctx.add(b, a), c);
  EXPECT_EQ(ctx.size(), after) << "no new nodes for an equal expression";
  EXPECT_GT(after, before);
}

TEST_F(ExprTest, SumsAndProductsAreCommutativeAndFlattened) {
  EXPECT_EQ(ctx.add(a, b), ctx.add(b, a));
  EXPECT_EQ(ctx.add(ctx.add(a, b), c), ctx.add(a, ctx.add(c, b)));
  EXPECT_EQ(ctx.mul(ctx.mul(a, b), c), ctx.mul(c, ctx.mul(b, a)));
  EXPECT_EQ(ctx.add({a, b, c})->operands.size(), 3u);
}

TEST_F(ExprTest, ConstantsFold) {
  EXPECT_EQ(ctx.add(num(2), num(3)), num(5));
  EXPECT_EQ(ctx.mul(num(2), num(3)), num(6));
  EXPECT_EQ(ctx.pow(num(2), num(-1)), num(0.5));
  EXPECT_EQ(ctx.add({num(1), a, num(2)}), ctx.add(a, num(3)));
  EXPECT_EQ(ctx.mul(num(0), a), num(0));
  EXPECT_EQ(ctx.mul(num(1), a), a);
  EXPECT_EQ(ctx.add(num(0), a), a);
  EXPECT_EQ(ctx.call(Function::Sqrt, {num(4)}), num(2));
  EXPECT_EQ(ctx.select(ctx.compare(CompareOp::Less, num(1), num(2)), a, b), a);
}

TEST_F(ExprTest, LikeTermsAreCollected) {
  EXPECT_EQ(ctx.add(ctx.mul(num(2), a), ctx.mul(num(3), a)), ctx.mul(num(5), a));
  EXPECT_EQ(ctx.mul(a, a), ctx.pow(a, num(2)));
  EXPECT_EQ(ctx.sub(a, a), num(0));
  EXPECT_EQ(ctx.div(a, a), num(1));
  EXPECT_EQ(ctx.add(ctx.mul(a, b), ctx.mul(b, a)), ctx.mul({num(2), a, b}));
  EXPECT_EQ(ctx.mul(ctx.pow(a, num(2)), ctx.pow(a, num(-1))), a);
  EXPECT_EQ(ctx.pow(ctx.pow(a, num(2)), num(3)), ctx.pow(a, num(6)));
  // 1/(2 dt) distributes the integer power over the product.
  const Node *dt = ctx.symbol("dt");
  EXPECT_EQ(ctx.div(num(1), ctx.mul(num(2), dt)), ctx.mul(num(0.5), ctx.pow(dt, num(-1))));
}

TEST_F(ExprTest, PrintingIsDeterministicAndReadable) {
  EXPECT_EQ(printNode(ctx.add(b, a)), "a + b");
  EXPECT_EQ(printNode(ctx.sub(a, b)), "a - b");
  EXPECT_EQ(printNode(ctx.mul(num(2), a)), "2*a");
  EXPECT_EQ(printNode(ctx.div(a, ctx.mul(b, c))), "a/(b*c)");
  EXPECT_EQ(printNode(ctx.pow(a, num(2))), "a^2");
  EXPECT_EQ(printNode(ctx.fieldAccess(0, "u", true, 2, {-1, 0, 4})), "u[t+1, x-1/2, z+2]");
  EXPECT_EQ(printNode(ctx.fieldAccess(1, "m", false, 0, {0, 0, 0})), "m");
  EXPECT_EQ(printNode(ctx.neg(ctx.add(a, b))), "-(a + b)");
  // Independent of construction order.
  ExprContext other;
  const Node *x = other.add({other.symbol("c"), other.mul(other.symbol("b"), other.symbol("a"))});
  EXPECT_EQ(printNode(x), printNode(ctx.add(ctx.mul(a, b), c)));
}

TEST_F(ExprTest, StencilTermsPrintInOffsetOrder) {
  auto u = [&](int offset) { return ctx.fieldAccess(0, "u", true, 0, {2 * offset, 0, 0}); };
  const Node *sum = ctx.add({ctx.mul(num(-2), u(0)), u(1), u(-1)});
  EXPECT_EQ(printNode(sum), "u[t, x-1] - 2*u[t] + u[t, x+1]");
}

TEST_F(ExprTest, CommonSubexpressions) {
  const Node *shared = ctx.add(a, b);
  const Node *e1 = ctx.mul(shared, c);
  const Node *e2 = ctx.call(Function::Sin, {shared});
  std::vector<const Node *> common = findCommonSubexpressions({e1, e2});
  ASSERT_EQ(common.size(), 1u);
  EXPECT_EQ(common[0], shared);
  EXPECT_TRUE(findCommonSubexpressions({e1}).empty());
  // A repeated subtree is reported, not its children.
  const Node *big = ctx.mul(ctx.add(a, b), ctx.add(b, c));
  common =
      findCommonSubexpressions({ctx.call(Function::Exp, {big}), ctx.call(Function::Sin, {big})});
  ASSERT_EQ(common.size(), 1u);
  EXPECT_EQ(common[0], big);
}

TEST_F(ExprTest, RewriteRecanonicalizes) {
  const Node *e = ctx.add(ctx.mul(num(2), a), b);
  const Node *replaced = rewrite(ctx, e, [&](const Node *n) { return n == b ? a : nullptr; });
  EXPECT_EQ(replaced, ctx.mul(num(3), a));
  EXPECT_TRUE(containsIf(e, [&](const Node *n) { return n == b; }));
  EXPECT_FALSE(containsIf(replaced, [&](const Node *n) { return n == b; }));
}
