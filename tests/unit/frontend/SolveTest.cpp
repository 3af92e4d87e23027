// Discretization and solve on the shipped models, and solve's error kinds.
#include "TestUtil.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace strata::frontend;
using namespace strata::frontend::testing;

namespace {

std::unique_ptr<DiscreteModel> discretizeText(const std::string &text, ExprContext &ctx,
                                              DiagnosticEngine &diags,
                                              CompileOptions options = {}) {
  auto model = load(text, diags, options);
  if (!model)
    return nullptr;
  return discretize(*model, ctx, diags);
}

/// Numeric value of a DAG with every leaf (field access, symbol) replaced by
/// a pseudo-random positive number derived from its printed form.
double evaluate(const Node *node, int seed) {
  switch (node->kind) {
  case NodeKind::Constant:
    return node->value;
  case NodeKind::Symbol:
  case NodeKind::FieldAccess:
  case NodeKind::SourceRef: {
    std::size_t h = std::hash<std::string>()(printNode(node)) * static_cast<std::size_t>(seed + 7);
    return 0.5 + static_cast<double>(h % 1000) / 1000.0;
  }
  case NodeKind::Sum: {
    double sum = 0;
    for (const Node *op : node->operands)
      sum += evaluate(op, seed);
    return sum;
  }
  case NodeKind::Product: {
    double product = 1;
    for (const Node *op : node->operands)
      product *= evaluate(op, seed);
    return product;
  }
  case NodeKind::Power:
    return std::pow(evaluate(node->operands[0], seed), evaluate(node->operands[1], seed));
  default:
    ADD_FAILURE() << "unexpected node " << printNode(node);
    return 0;
  }
}

const Node *access(ExprContext &ctx, const Model &model, const std::string &name, int time2,
                   std::array<int, 3> space2 = {0, 0, 0}) {
  for (std::size_t i = 0; i < model.fields.size(); ++i)
    if (model.fields[i].name == name)
      return ctx.fieldAccess(static_cast<int>(i), name, model.fields[i].kind == FieldKind::State,
                             time2, space2);
  return nullptr;
}

} // namespace

TEST(Solve, AcousticSourceCoefficientAndUpdate) {
  DiagnosticEngine diags;
  CompileOptions options;
  options.defines["space_order"] = "2";
  auto model = loadModelFile(sourcePath("stdlib/acoustic.pde"), options, diags);
  ASSERT_TRUE(model) << diags.renderAll();
  ExprContext ctx;
  auto discrete = discretize(*model, ctx, diags);
  ASSERT_TRUE(discrete) << diags.renderAll();
  ASSERT_EQ(discrete->updates.size(), 1u);
  const DiscreteUpdate &update = discrete->updates[0];
  EXPECT_EQ(update.stateName, "u");
  const Node *m = access(ctx, *model, "m", 0);
  const Node *damp = access(ctx, *model, "damp", 0);
  const Node *dt = ctx.symbol("dt");
  // src enters with coefficient 1/(m/dt^2 + damp/(2 dt)).
  const Node *coeff = ctx.add(ctx.div(m, ctx.pow(dt, ctx.constant(2))),
                              ctx.div(damp, ctx.mul(ctx.constant(2), dt)));
  ASSERT_EQ(update.sources.size(), 1u);
  EXPECT_EQ(update.sources[0].name, "src");
  EXPECT_EQ(update.sources[0].coefficient, ctx.pow(coeff, ctx.constant(-1)));
  EXPECT_EQ(printNode(update.sources[0].coefficient), "1/(0.5*damp/dt + m/dt^2)");

  // Rebuild the expected update by hand: (m (2u - u[t-1])/dt^2 + damp u[t-1]/(2dt) + lap u) / coeff
  auto u = [&](int t, int axis, int off) {
    std::array<int, 3> space{0, 0, 0};
    space[axis] = 2 * off;
    return access(ctx, *model, "u", 2 * t, space);
  };
  auto second = [&](int axis, const char *h) {
    return ctx.div(
        ctx.add({u(0, axis, -1), ctx.mul(ctx.constant(-2), u(0, axis, 0)), u(0, axis, 1)}),
        ctx.pow(ctx.symbol(h), ctx.constant(2)));
  };
  const Node *rhs =
      ctx.add({ctx.mul(m, ctx.div(ctx.sub(ctx.mul(ctx.constant(2), u(0, 0, 0)), u(-1, 0, 0)),
                                  ctx.pow(dt, ctx.constant(2)))),
               ctx.mul(damp, ctx.div(u(-1, 0, 0), ctx.mul(ctx.constant(2), dt))), second(0, "h_x"),
               second(2, "h_z")});
  const Node *expected = ctx.mul(rhs, ctx.pow(coeff, ctx.constant(-1)));
  for (int seed = 1; seed <= 3; ++seed)
    EXPECT_NEAR(evaluate(update.update, seed), evaluate(expected, seed), 1e-9)
        << printNode(update.update) << "\nvs\n"
        << printNode(expected);
  ASSERT_EQ(discrete->records.size(), 1u);
  EXPECT_EQ(printNode(discrete->records[0].expr), "u[t+1]");
}

TEST(Solve, DiffusionIsForwardEuler) {
  DiagnosticEngine diags;
  ExprContext ctx;
  auto discrete = discretizeText("model d\ngrid g(dims = 1)\noption k: float = 0.5\n"
                                 "state u : timefield(g)\nequation dt(u) = k * dxx(u)\n",
                                 ctx, diags);
  ASSERT_TRUE(discrete) << diags.renderAll();
  EXPECT_EQ(printNode(discrete->updates[0].update),
            "0.5*dt*(u[t, x-1] - 2*u[t] + u[t, x+1])/h_x^2 + u[t]");
}

TEST(Solve, StaggeredSystemSeesUpdatedVelocity) {
  DiagnosticEngine diags;
  ExprContext ctx;
  auto discrete =
      discretizeText("model s\ngrid g(dims = 1)\ninput rho : field(g)\ninput K : field(g)\n"
                     "state v : timefield(g, stagger = x)\nstate p : timefield(g)\n"
                     "equation dt(v) = dx+(p) / rho\nequation dt(p) = K * dx-(v)\n",
                     ctx, diags);
  ASSERT_TRUE(discrete) << diags.renderAll();
  ASSERT_EQ(discrete->updates.size(), 2u);
  EXPECT_EQ(discrete->updates[0].stateName, "v");
  EXPECT_EQ(printNode(discrete->updates[0].update),
            "2*dt*(-p[t, x-1/2] + p[t, x+1/2])/(h_x*(rho[x-1/2] + rho[x+1/2])) + v[t]");
  EXPECT_EQ(printNode(discrete->updates[1].update),
            "p[t] + dt*K*(-v[t+1, x-1/2] + v[t+1, x+1/2])/h_x");
}

TEST(Solve, StaggeredDerivativeNeedsStaggeredState) {
  DiagnosticEngine diags;
  ExprContext ctx;
  auto discrete =
      discretizeText("model s\ngrid g(dims = 1)\nstate v : timefield(g)\nstate p : timefield(g)\n"
                     "equation dt(v) = dx+(p)\nequation dt(p) = dx-(v)\n",
                     ctx, diags);
  EXPECT_FALSE(discrete);
  EXPECT_NE(firstError(diags).find("declare the updated state with stagger = x"), std::string::npos)
      << firstError(diags);
}

TEST(Solve, ErrorNoUnknownWhenItCancels) {
  DiagnosticEngine diags;
  ExprContext ctx;
  auto discrete = discretizeText("model s\ngrid g\nstate u : timefield(g)\n"
                                 "equation dt(u) - dt(u) = laplace(u)\n",
                                 ctx, diags);
  EXPECT_FALSE(discrete);
  EXPECT_EQ(firstError(diags), "equation has no unknown: 'u' at t+1 cancels out");
  EXPECT_EQ(diags.firstError()->range.begin.line, 4);
}

TEST(Solve, ErrorNonlinearAndTwoUnknowns) {
  // Sema rejects these first; build the Model and then change an equation
  // behind its back to exercise solve's own checks.
  DiagnosticEngine diags;
  auto model = load("model s\ngrid g\nstate u : timefield(g)\nstate v : timefield(g)\n"
                    "equation dt(u) = laplace(u)\nequation dt(v) = laplace(v)\n",
                    diags);
  ASSERT_TRUE(model) << diags.renderAll();
  ExprPtr dtu = model->equations[0].lhs->clone();
  ExprPtr dtv = model->equations[1].lhs->clone();
  model->equations[0].lhs = makeBinary(BinaryOp::Mul, dtu->clone(), dtu->clone());
  {
    ExprContext ctx;
    DiagnosticEngine d;
    EXPECT_FALSE(discretize(*model, ctx, d));
    EXPECT_EQ(firstError(d).rfind("equation is nonlinear in its unknown 'u' at t+1: it ", 0), 0u)
        << firstError(d);
  }
  model->equations[0].lhs = makeBinary(BinaryOp::Add, dtu->clone(), dtv->clone());
  {
    ExprContext ctx;
    DiagnosticEngine d;
    EXPECT_FALSE(discretize(*model, ctx, d));
    EXPECT_EQ(firstError(d), "equation has two unknowns, 'u' and 'v' at t+1");
    EXPECT_EQ(d.firstError()->range.begin.line, 5);
  }
}

TEST(Solve, UnknownAtSpatialOffsetIsExplained) {
  DiagnosticEngine diags;
  auto model =
      load("model s\ngrid g\nstate u : timefield(g)\nequation dt(u) = laplace(u)\n", diags);
  ASSERT_TRUE(model);
  // dx(dt(u)) needs u[t+1] at x+-1.
  auto outer = std::make_unique<Expr>();
  outer->kind = Expr::Kind::Derivative;
  outer->deriv.kind = DerivativeKind::Space;
  outer->deriv.axes = {Axis::X};
  outer->operands.push_back(model->equations[0].lhs->clone());
  model->equations[0].lhs =
      makeBinary(BinaryOp::Add, model->equations[0].lhs->clone(), std::move(outer));
  ExprContext ctx;
  DiagnosticEngine d;
  EXPECT_FALSE(discretize(*model, ctx, d));
  EXPECT_NE(firstError(d).find("is needed at t+1 at u[t+1, x+1]"), std::string::npos)
      << firstError(d);
}

TEST(Solve, LetsOptionsAndConstsAreInlined) {
  DiagnosticEngine diags;
  ExprContext ctx;
  auto discrete =
      discretizeText("model s\noption c: float = 2\nconst half = c / 4\ngrid g(dims = 1)\n"
                     "state u : timefield(g)\nlet flux = half * u\n"
                     "equation dt(u) = flux + select(c > 1, 1, 0)\n",
                     ctx, diags);
  ASSERT_TRUE(discrete) << diags.renderAll();
  EXPECT_EQ(printNode(discrete->updates[0].update), "u[t] + dt*(1 + 0.5*u[t])");
}
