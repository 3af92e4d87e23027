// The shipped models load, check and discretize in 2D and 3D.
#include "TestUtil.h"

#include <gtest/gtest.h>

using namespace strata::frontend;
using namespace strata::frontend::testing;

class ShippedModel : public ::testing::TestWithParam<std::tuple<std::string, int>> {};

TEST_P(ShippedModel, LoadsAndDiscretizes) {
  auto [file, dims] = GetParam();
  CompileOptions options;
  options.dims = dims;
  DiagnosticEngine diags;
  auto model = loadModelFile(sourcePath(file), options, diags);
  ASSERT_TRUE(model) << diags.renderAll();
  EXPECT_EQ(model->grid.dims, dims);
  for (const Diagnostic &diag : diags.diagnostics())
    EXPECT_NE(diag.severity, Severity::Warning) << diags.render(diag);
  ExprContext ctx;
  auto discrete = discretize(*model, ctx, diags);
  ASSERT_TRUE(discrete) << diags.renderAll();
  EXPECT_EQ(discrete->updates.size(), model->equations.size());
  EXPECT_FALSE(discrete->records.empty());
  // Deterministic: a second run in a fresh context prints the same text.
  ExprContext ctx2;
  DiagnosticEngine diags2;
  auto again = loadModelFile(sourcePath(file), options, diags2);
  EXPECT_EQ(printAST(*again), printAST(*model));
  EXPECT_EQ(printDiscrete(*discretize(*again, ctx2, diags2)), printDiscrete(*discrete));
}

INSTANTIATE_TEST_SUITE_P(
    Models, ShippedModel,
    ::testing::Combine(::testing::Values("stdlib/acoustic.pde", "examples/models/diffusion.pde",
                                         "examples/models/advection_diffusion.pde",
                                         "examples/models/acoustic_staggered.pde"),
                       ::testing::Values(2, 3)));

TEST(ShippedModels, StaggeredHasOneVelocityPerAxis) {
  for (int dims : {2, 3}) {
    CompileOptions options;
    options.dims = dims;
    DiagnosticEngine diags;
    auto model =
        loadModelFile(sourcePath("examples/models/acoustic_staggered.pde"), options, diags);
    ASSERT_TRUE(model) << diags.renderAll();
    EXPECT_EQ(model->equations.size(), static_cast<std::size_t>(dims + 1));
    EXPECT_EQ(model->findField("vy") != nullptr, dims == 3);
  }
}

TEST(ShippedModels, AcousticSpaceOrderOverride) {
  for (int order : {2, 4, 8, 16}) {
    CompileOptions options;
    options.defines["space_order"] = std::to_string(order);
    DiagnosticEngine diags;
    auto model = loadModelFile(sourcePath("stdlib/acoustic.pde"), options, diags);
    ASSERT_TRUE(model) << diags.renderAll();
    EXPECT_EQ(model->findField("u")->spaceOrder, order);
    EXPECT_TRUE(model->findOption("space_order")->overridden);
  }
}
