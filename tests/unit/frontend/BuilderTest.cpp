// The C++ builder produces the same Model as the .pde text.
#include "strata/frontend/Builder.h"

#include "AcousticBuilder.h"
#include "TestUtil.h"

#include <gtest/gtest.h>

using namespace strata::frontend;
using namespace strata::frontend::testing;

TEST(Builder, AcousticMatchesTheStdlibFile) {
  for (int dims : {2, 3}) {
    CompileOptions options;
    options.dims = dims;
    DiagnosticEngine diags;
    auto parsed = loadModelFile(sourcePath("stdlib/acoustic.pde"), options, diags);
    auto built = buildAcoustic(options, diags);
    ASSERT_TRUE(parsed && built) << diags.renderAll();
    EXPECT_EQ(printAST(*built), printAST(*parsed));
    ExprContext ctx;
    auto a = discretize(*parsed, ctx, diags);
    auto b = discretize(*built, ctx, diags);
    ASSERT_TRUE(a && b);
    EXPECT_EQ(a->updates[0].update, b->updates[0].update) << "same DAG node";
  }
}

TEST(Builder, StaggeredOptionsAndDerivativeSettings) {
  ModelBuilder b("s");
  GridRef g = b.grid("g", 2);
  Ex rho = b.input("rho", g);
  Ex v = b.state("v", g, {.timeOrder = 1, .spaceOrder = 4, .stagger = Axis::X});
  Ex p = b.state("p", g, {.timeOrder = 1, .spaceOrder = 4});
  Ex k = b.constant("k", Ex(2.0) * 3);
  b.equation(dt(v), dForward(p, Axis::X) / rho);
  b.equation(dt(p), k * dBackward(v, Axis::X) + dz(p, {.order = 2, .side = Side::Left}));
  DiagnosticEngine diags;
  auto model = b.finish({}, diags);
  ASSERT_TRUE(model) << diags.renderAll();
  std::string ast = printAST(*model);
  EXPECT_NE(ast.find("equation #0 updates v: dt(v) = dx+(p) / rho"), std::string::npos) << ast;
  EXPECT_NE(ast.find("k * dx-(v) + dz(p, order = 2, side = left)"), std::string::npos) << ast;
  EXPECT_NE(ast.find("const k = 6.0"), std::string::npos) << ast;
  ExprContext ctx;
  EXPECT_TRUE(discretize(*model, ctx, diags)) << diags.renderAll();
}

TEST(Builder, ErrorsAreReportedLikeText) {
  ModelBuilder b("bad");
  GridRef g = b.grid("g");
  Ex u = b.state("u", g, {.timeOrder = 1});
  b.equation(dt2(u), laplace(u));
  DiagnosticEngine diags;
  EXPECT_FALSE(b.finish({}, diags));
  ASSERT_TRUE(diags.firstError());
  EXPECT_EQ(diags.firstError()->range.begin.file, "<builder:bad>");
  EXPECT_EQ(diags.firstError()->range.begin.line, 4);
  EXPECT_EQ(firstError(diags),
            "dt2(u) is a 2nd time derivative, but 'u' is declared with time_order = 1");
}
