// Every ```pde block in docs/language.md is a complete model that loads,
// checks and discretizes in 2D and 3D.
#include "TestUtil.h"

#include <gtest/gtest.h>

using namespace strata::frontend;
using namespace strata::frontend::testing;

namespace {

std::vector<std::string> pdeBlocks(const std::string &markdown) {
  std::vector<std::string> blocks;
  std::size_t pos = 0;
  while ((pos = markdown.find("```pde\n", pos)) != std::string::npos) {
    std::size_t start = pos + 7;
    std::size_t end = markdown.find("```", start);
    if (end == std::string::npos)
      break;
    blocks.push_back(markdown.substr(start, end - start));
    pos = end + 3;
  }
  return blocks;
}

} // namespace

TEST(Docs, EveryPdeExampleCompiles) {
  std::string doc = readText(sourcePath("docs/language.md"));
  ASSERT_FALSE(doc.empty());
  std::vector<std::string> blocks = pdeBlocks(doc);
  EXPECT_GE(blocks.size(), 5u);
  for (std::size_t i = 0; i < blocks.size(); ++i) {
    for (int dims : {2, 3}) {
      CompileOptions options;
      bool fixed = blocks[i].find("(dims =") != std::string::npos;
      if (!fixed)
        options.dims = dims;
      options.includeDirs.push_back(sourcePath("stdlib"));
      DiagnosticEngine diags;
      auto model = loadModelSource("language.md#" + std::to_string(i), blocks[i], options, diags);
      ASSERT_TRUE(model) << "block " << i << ":\n" << blocks[i] << "\n" << diags.renderAll();
      ExprContext ctx;
      EXPECT_TRUE(discretize(*model, ctx, diags)) << "block " << i << "\n" << diags.renderAll();
    }
  }
}
