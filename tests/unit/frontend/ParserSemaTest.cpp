// Parsing, imports, options and semantic checks through the public API.
#include "TestUtil.h"

#include <gtest/gtest.h>

#include <filesystem>

using namespace strata::frontend;
using namespace strata::frontend::testing;

namespace {

const char *kAcoustic = R"(model acoustic
option space_order: int = 8
grid g
input m : field(g)
input damp : field(g)
state u : timefield(g, time_order = 2, space_order = space_order)
source src : points(g)
receiver rec : points(g)
equation m * dt2(u) - laplace(u) + damp * dt(u) = src
record rec = u
)";

std::string tempDir() {
  auto dir =
      std::filesystem::temp_directory_path() /
      ("strata_frontend_test_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()));
  std::filesystem::create_directories(dir);
  return dir.string();
}

void writeFile(const std::string &path, const std::string &text) {
  std::filesystem::create_directories(std::filesystem::path(path).parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

} // namespace

TEST(Frontend, PrintAstIsResolvedAndDeterministic) {
  DiagnosticEngine diags;
  auto model = load(kAcoustic, diags);
  ASSERT_TRUE(model) << diags.renderAll();
  EXPECT_EQ(printAST(*model),
            "model acoustic\n"
            "grid g : dims = 2 (generic), axes = (x, z)\n"
            "option space_order : int = 8\n"
            "input m : field(g)\n"
            "input damp : field(g)\n"
            "state u : timefield(g, time_order = 2, space_order = 8)\n"
            "source src : points(g)\n"
            "receiver rec : points(g)\n"
            "equation #0 updates u: m * dt2(u) - laplace(u) + damp * dt(u) = src\n"
            "record rec = u\n");
  EXPECT_FALSE(diags.hasErrors());
}

TEST(Frontend, ModelStructsAreResolved) {
  DiagnosticEngine diags;
  CompileOptions options;
  options.dims = 3;
  auto model = load(kAcoustic, diags, options);
  ASSERT_TRUE(model);
  EXPECT_EQ(model->grid.axes, (std::vector<Axis>{Axis::X, Axis::Y, Axis::Z}));
  const Equation &eq = model->equations[0];
  EXPECT_EQ(model->fields[eq.unknown].name, "u");
  const Expr &rhs = *eq.rhs;
  EXPECT_EQ(rhs.ref, RefKind::Field);
  EXPECT_EQ(model->fields[rhs.refIndex].kind, FieldKind::Source);
  EXPECT_EQ(eq.loc.begin.line, 9);
  // lhs = (m*dt2(u) - laplace(u)) + damp*dt(u)
  const Expr &damping = *eq.lhs->operands[1];
  EXPECT_EQ(damping.operands[1]->kind, Expr::Kind::Derivative);
  EXPECT_EQ(damping.operands[1]->deriv.kind, DerivativeKind::Time);
  EXPECT_EQ(damping.operands[1]->deriv.timeOrder, 1);
  EXPECT_EQ(model->records[0].receiver, 4);
}

TEST(Frontend, OptionsOverridesAndTypes) {
  const char *text = "model o\noption n: int = 4\noption f: float = 0.5\noption b: bool = true\n"
                     "const c = n * f + 1\ngrid g\nstate u : timefield(g, space_order = n)\n"
                     "equation dt(u) = select(b, f, c) * laplace(u)\n";
  CompileOptions options;
  options.defines = {{"n", "6"}, {"f", "2.5e-1"}, {"b", "false"}};
  DiagnosticEngine diags;
  auto model = load(text, diags, options);
  ASSERT_TRUE(model) << diags.renderAll();
  EXPECT_EQ(model->findOption("n")->value, 6);
  EXPECT_EQ(model->findOption("f")->value, 0.25);
  EXPECT_EQ(model->findOption("b")->value, 0);
  EXPECT_EQ(model->constants[0].value, 2.5);
  EXPECT_EQ(model->fields[0].spaceOrder, 6);
  for (const char *bad : {"x", "1.5", "", " 3", "99999999999999999999"}) {
    DiagnosticEngine d;
    CompileOptions o;
    o.defines = {{"n", bad}};
    EXPECT_FALSE(load(text, d, o)) << bad;
    EXPECT_EQ(d.firstError()->range.begin.line, 2) << "located at the option declaration";
  }
}

TEST(Frontend, SeveralErrorsAreReportedWithRecovery) {
  DiagnosticEngine diags;
  EXPECT_FALSE(load("model r\ngrid g\ninput m : field(g\nconst a = 1 +\nstate u : timefield(g)\n"
                    "option x: int = = 3\nequation dt(u) = laplace(u)\n",
                    diags));
  EXPECT_EQ(diags.errorCount(), 3) << diags.renderAll();
}

TEST(Frontend, SemanticErrorsAreAllReported) {
  DiagnosticEngine diags;
  EXPECT_FALSE(load(
      "model r\ngrid g\nstate u : timefield(g)\nequation dt(u) = aa + bb\nrecord u = u\n", diags));
  EXPECT_EQ(diags.errorCount(), 3) << diags.renderAll();
}

TEST(Frontend, ErrorCapStopsEarly) {
  std::string text = "model r\ngrid g\n";
  for (int i = 0; i < 500; ++i)
    text += "equation x" + std::to_string(i) + " = 1\n";
  DiagnosticEngine diags;
  EXPECT_FALSE(load(text, diags));
  EXPECT_EQ(diags.errorCount(), DiagnosticEngine::kDefaultErrorLimit);
  EXPECT_EQ(diags.diagnostics().back().message, "too many errors emitted, stopping now");
}

TEST(Frontend, HostileInputsNeverCrash) {
  std::vector<std::string> inputs = {
      "",
      std::string("\0\0\0", 3),
      "model",
      "model x\ngrid g\nequation " + std::string(100000, '('),
      "model x\ngrid g\nconst c = " + std::string(50000, '-') + "1\n",
      "model x\ngrid g\nconst c = 1" +
          [] {
            std::string s;
            for (int i = 0; i < 5000; ++i)
              s += "+1";
            return s;
          }() +
          "\n",
      "model x\ngrid g\nstate u : timefield(g, space_order = 64)\nequation dt(u) = " +
          [] {
            std::string s = "u";
            for (int i = 0; i < 32; ++i)
              s = "laplace(" + s + ")";
            return s;
          }() +
          "\n",
      "\xef\xbb\xbfmodel x\n",
      "model x\n/*",
      "model x\nimport \"/\"\n",
      "model x\nimport \"\"\n",
  };
  for (const std::string &input : inputs) {
    DiagnosticEngine diags;
    auto model = load(input, diags);
    if (model) {
      ExprContext ctx;
      discretize(*model, ctx, diags);
    }
    EXPECT_TRUE(diags.hasErrors()) << input.substr(0, 80);
  }
}

TEST(Frontend, HugeInputIsRejected) {
  std::string text(kMaxSourceBytes + 1, ' ');
  DiagnosticEngine diags;
  EXPECT_FALSE(load(text, diags));
  EXPECT_NE(firstError(diags).find("is too large"), std::string::npos);
  std::string path = tempDir() + "/huge.pde";
  writeFile(path, text);
  DiagnosticEngine fileDiags;
  EXPECT_FALSE(loadModelFile(path, {}, fileDiags));
  EXPECT_NE(firstError(fileDiags).find("is too large"), std::string::npos);
}

TEST(Frontend, ImportsResolveRelativeThenIncludeDirs) {
  std::string dir = tempDir();
  writeFile(dir + "/lib/common.pde",
            "// shared declarations\nmodel ignored\ngrid g\ninput m : field(g)\n");
  writeFile(dir + "/inc/extra.pde", "import \"../lib/common.pde\"\ninput damp : field(g)\n");
  writeFile(dir + "/main/model.pde",
            "model main\nimport \"../lib/common.pde\"\nimport \"extra.pde\"\n"
            "state u : timefield(g, time_order = 2)\n"
            "equation m * dt2(u) + damp * dt(u) = laplace(u)\n");
  CompileOptions options;
  options.includeDirs = {dir + "/inc"};
  DiagnosticEngine diags;
  auto model = loadModelFile(dir + "/main/model.pde", options, diags);
  ASSERT_TRUE(model) << diags.renderAll();
  EXPECT_EQ(model->name, "main");
  EXPECT_EQ(model->files.size(), 3u) << "common.pde is loaded once (diamond)";
  EXPECT_TRUE(model->findField("damp"));
  EXPECT_NE(model->findField("m")->loc.begin.file.find("common.pde"), std::string::npos);
}

TEST(Frontend, DimsAndGuards) {
  const char *text =
      "model d\ngrid g\nif dims == 3: input my : field(g)\nstate u : timefield(g)\n"
      "if dims == 3: equation dt(u) = dyy(u) * my\nif dims != 3: equation dt(u) = dxx(u)\n";
  for (int dims : {1, 2, 3}) {
    CompileOptions options;
    options.dims = dims;
    DiagnosticEngine diags;
    auto model = load(text, diags, options);
    ASSERT_TRUE(model) << diags.renderAll();
    EXPECT_EQ(model->findField("my") != nullptr, dims == 3);
  }
  DiagnosticEngine diags;
  CompileOptions options;
  options.dims = 4;
  EXPECT_FALSE(load(text, diags, options));
  EXPECT_EQ(firstError(diags), "--dims must be 1, 2 or 3 (got 4)");
}

TEST(Frontend, UsingAGuardedOutNameIsExplained) {
  DiagnosticEngine diags;
  CompileOptions options;
  options.dims = 2;
  EXPECT_FALSE(load("model d\ngrid g\nif dims == 3: input my : field(g)\nstate u : timefield(g)\n"
                    "equation dt(u) = my\n",
                    diags, options));
  EXPECT_EQ(firstError(diags),
            "'my' is not declared in this configuration (its 'if' condition is false)");
}

TEST(Frontend, WarningForStateNeverUpdated) {
  DiagnosticEngine diags;
  auto model =
      load("model w\ngrid g\nstate u : timefield(g)\nstate v : timefield(g)\nequation dt(u) = v\n",
           diags);
  ASSERT_TRUE(model);
  ASSERT_EQ(diags.diagnostics().size(), 1u);
  EXPECT_EQ(diags.diagnostics()[0].severity, Severity::Warning);
  EXPECT_EQ(diags.diagnostics()[0].message, "state 'v' is never updated by an equation");
}

TEST(Frontend, DivGradAndOneSided) {
  DiagnosticEngine diags;
  auto model = load("model k\ngrid g\ninput c : field(g)\nstate u : timefield(g, space_order = 4)\n"
                    "equation dt(u) = div(c * grad(u)) + dx(u, side = right, order = 2)\n",
                    diags);
  ASSERT_TRUE(model) << diags.renderAll();
  ExprContext ctx;
  auto discrete = discretize(*model, ctx, diags);
  ASSERT_TRUE(discrete) << diags.renderAll();
  std::string text = printNode(discrete->updates[0].update);
  EXPECT_NE(text.find("c[x+2]"), std::string::npos) << text;
}
