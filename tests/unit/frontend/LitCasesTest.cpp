// Runs every lit case in tests/lit/frontend through the library and checks
// that the first error matches the file's CHECK lines (location, message,
// quoted line and caret), so the malformed-input suite is verified without
// the CLI.
#include "TestUtil.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <regex>

using namespace strata::frontend;
using namespace strata::frontend::testing;

namespace {

struct LitCase {
  std::string path;
  CompileOptions options;
  std::string check;                  // the CHECK: line's pattern
  std::vector<std::string> checkNext; // CHECK-NEXT: patterns
};

std::vector<std::string> lines(const std::string &text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos)
      end = text.size();
    out.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

LitCase parseCase(const std::string &path) {
  LitCase lit;
  lit.path = path;
  for (const std::string &line : lines(readText(path))) {
    if (line.rfind("// RUN:", 0) == 0) {
      std::smatch match;
      std::string rest = line;
      std::regex dims("--dims (\\d+)");
      if (std::regex_search(rest, match, dims))
        lit.options.dims = std::stoi(match[1]);
      std::regex define("-D ?([A-Za-z_][A-Za-z0-9_]*)=(\\S*)");
      for (auto it = std::sregex_iterator(rest.begin(), rest.end(), define);
           it != std::sregex_iterator(); ++it)
        lit.options.defines[(*it)[1]] = (*it)[2];
    } else if (line.rfind("// CHECK: ", 0) == 0) {
      lit.check = line.substr(10);
    } else if (line.rfind("// CHECK-NEXT: ", 0) == 0) {
      lit.checkNext.push_back(line.substr(15));
    }
  }
  return lit;
}

std::vector<std::string> litFiles() {
  std::vector<std::string> files;
  for (const auto &entry : std::filesystem::directory_iterator(sourcePath("tests/lit/frontend")))
    if (entry.path().extension() == ".pde")
      files.push_back(entry.path().string());
  std::sort(files.begin(), files.end());
  return files;
}

} // namespace

TEST(LitCases, FirstErrorMatchesCheckLines) {
  std::vector<std::string> files = litFiles();
  EXPECT_GE(files.size(), 40u);
  std::regex located("\\{\\{\\.\\*\\}\\}(.+):(\\d+):(\\d+): error: (.*)");
  for (const std::string &file : files) {
    SCOPED_TRACE(file);
    LitCase lit = parseCase(file);
    ASSERT_FALSE(lit.check.empty()) << "no CHECK line";
    DiagnosticEngine diags;
    auto model = loadModelFile(file, lit.options, diags);
    EXPECT_FALSE(model) << "expected an error";
    const Diagnostic *diag = diags.firstError();
    ASSERT_TRUE(diag);
    std::smatch match;
    if (std::regex_match(lit.check, match, located)) {
      std::string suffix = match[1];
      const std::string &actual = diag->range.begin.file;
      EXPECT_TRUE(actual.size() >= suffix.size() &&
                  actual.compare(actual.size() - suffix.size(), suffix.size(), suffix) == 0)
          << actual << " does not end with " << suffix;
      EXPECT_EQ(diag->range.begin.line, std::stoi(match[2]));
      EXPECT_EQ(diag->range.begin.col, std::stoi(match[3]));
      EXPECT_EQ(diag->message, match[4].str());
    } else {
      ASSERT_EQ(lit.check.rfind("error: ", 0), 0u) << lit.check;
      EXPECT_FALSE(diag->range.begin.isValid());
      EXPECT_EQ(diag->message, lit.check.substr(7));
    }
    std::vector<std::string> rendered = lines(diags.render(*diag));
    for (std::size_t i = 0; i < lit.checkNext.size(); ++i) {
      const std::string &pattern = lit.checkNext[i];
      ASSERT_LT(i + 1, rendered.size());
      if (pattern != "{{.+}}") {
        EXPECT_NE(rendered[i + 1].find(pattern), std::string::npos)
            << "'" << rendered[i + 1] << "' lacks '" << pattern << "'";
      }
    }
  }
}
