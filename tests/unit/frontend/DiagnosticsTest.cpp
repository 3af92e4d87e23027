// Rendering of diagnostics and typo suggestions.
#include "strata/frontend/Diagnostics.h"

#include <gtest/gtest.h>

using namespace strata::frontend;

TEST(Diagnostics, RendersLocationSourceLineAndCaret) {
  DiagnosticEngine diags;
  diags.addSource("m.pde",
                  std::make_shared<const std::string>("model a\nequation x = dampp * u\n"));
  diags.error({{"m.pde", 2, 14}, 5}, "undefined name 'dampp'; did you mean 'damp'?");
  EXPECT_EQ(diags.renderAll(), "m.pde:2:14: error: undefined name 'dampp'; did you mean 'damp'?\n"
                               "equation x = dampp * u\n"
                               "             ^~~~~\n");
}

TEST(Diagnostics, UnlocatedAndSeverities) {
  DiagnosticEngine diags;
  diags.error("unknown option 'x'");
  diags.warning({{"f.pde", 1, 1}, 1}, "w");
  diags.note({{"f.pde", 1, 1}, 1}, "n");
  EXPECT_EQ(diags.errorCount(), 1);
  EXPECT_EQ(diags.render(diags.diagnostics()[0]), "error: unknown option 'x'\n");
  EXPECT_EQ(diags.render(diags.diagnostics()[1]), "f.pde:1:1: warning: w\n");
  EXPECT_EQ(diags.render(diags.diagnostics()[2]), "f.pde:1:1: note: n\n");
}

TEST(Diagnostics, ErrorLimit) {
  DiagnosticEngine diags;
  for (int i = 0; i < 80; ++i)
    diags.error(std::string("e").append(std::to_string(i))); // not "e" + s: GCC 12 -Wrestrict false positive
  EXPECT_EQ(diags.errorCount(), DiagnosticEngine::kDefaultErrorLimit);
  EXPECT_TRUE(diags.shouldStop());
  EXPECT_EQ(diags.diagnostics().back().message, "too many errors emitted, stopping now");
  EXPECT_EQ(diags.diagnostics().size(),
            static_cast<std::size_t>(DiagnosticEngine::kDefaultErrorLimit) + 1);
}

TEST(Diagnostics, BinaryLinesAreSanitized) {
  DiagnosticEngine diags;
  diags.addSource("b.pde", std::make_shared<const std::string>(std::string("ab\0\xff", 4) + "\n"));
  diags.error({{"b.pde", 1, 3}, 1}, "bad");
  EXPECT_EQ(diags.renderAll(), "b.pde:1:3: error: bad\nab??\n  ^\n");
}

TEST(Diagnostics, Suggestions) {
  EXPECT_EQ(editDistance("kitten", "sitting"), 3);
  EXPECT_EQ(closestMatch("dampp", {"damp", "m", "u"}), "damp");
  EXPECT_EQ(closestMatch("zzz", {"damp", "m", "u"}), "");
  EXPECT_EQ(closestMatch("sqr", {"sqrt", "exp"}), "sqrt");
}
