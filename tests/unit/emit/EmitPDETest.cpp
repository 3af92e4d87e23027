// The pde dialect emitted from a .pde file and from the C++ builder API is the same IR, and
// every model Strata ships emits IR that verifies, in 2D and 3D.
#include "strata/frontend/EmitPDE.h"
#include "../frontend/AcousticBuilder.h"
#include "strata/frontend/Frontend.h"

#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"
#include "llvm/Support/raw_ostream.h"

#include <gtest/gtest.h>

using namespace strata::frontend;
using strata::frontend::testing::buildAcoustic;

namespace {

std::string sourcePath(const std::string &relative) {
  return std::string(STRATA_SOURCE_DIR) + "/" + relative;
}

/// The module as text, without locations (the builder's and the file's differ by design).
std::string emitText(const Model &model) {
  mlir::MLIRContext context;
  auto module = emitPDE(model, context);
  EXPECT_TRUE(mlir::succeeded(mlir::verify(*module)));
  std::string text;
  llvm::raw_string_ostream out(text);
  module->print(out);
  return text;
}

} // namespace

TEST(EmitPDE, BuilderAndTextGiveIdenticalIR) {
  for (int dims : {2, 3}) {
    CompileOptions options;
    options.dims = dims;
    DiagnosticEngine diags;
    auto parsed = loadModelFile(sourcePath("stdlib/acoustic.pde"), options, diags);
    auto built = buildAcoustic(options, diags);
    ASSERT_TRUE(parsed && built) << diags.renderAll();
    std::string fromText = emitText(*parsed);
    EXPECT_EQ(emitText(*built), fromText);
    EXPECT_NE(fromText.find("pde.laplace"), std::string::npos) << fromText;
  }
}

TEST(EmitPDE, EveryShippedModelEmitsVerifiedIR) {
  for (const char *path :
       {"stdlib/acoustic.pde", "examples/models/diffusion.pde",
        "examples/models/advection_diffusion.pde", "examples/models/acoustic_staggered.pde"})
    for (int dims : {2, 3}) {
      CompileOptions options;
      options.dims = dims;
      DiagnosticEngine diags;
      auto model = loadModelFile(sourcePath(path), options, diags);
      ASSERT_TRUE(model) << path << ": " << diags.renderAll();
      std::string text = emitText(*model);
      EXPECT_NE(text.find("dims = " + std::to_string(dims)), std::string::npos) << path;
      EXPECT_NE(text.find("pde.equation"), std::string::npos) << path;
    }
}

TEST(EmitPDE, OpsCarryTheirSourceLocations) {
  CompileOptions options;
  DiagnosticEngine diags;
  auto model = loadModelFile(sourcePath("stdlib/acoustic.pde"), options, diags);
  ASSERT_TRUE(model);
  mlir::MLIRContext context;
  auto module = emitPDE(*model, context);
  std::string text;
  llvm::raw_string_ostream out(text);
  module->print(out, mlir::OpPrintingFlags().enableDebugInfo());
  EXPECT_NE(text.find("acoustic.pde\":"), std::string::npos) << text;
}
