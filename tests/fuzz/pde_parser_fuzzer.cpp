// libFuzzer target: any byte string goes through the whole frontend (lexer,
// parser, imports, sema, discretize/solve, printers). It must never crash,
// hang or exhaust memory; errors are the expected outcome.
#include "strata/frontend/Frontend.h"

#include <cstddef>
#include <cstdint>
#include <string>

using namespace strata::frontend;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  std::string text(reinterpret_cast<const char *>(data), size);
  CompileOptions options;
  // Vary the generic dimension with the input so 1D/2D/3D paths are all hit.
  options.dims = static_cast<int>(size % 3) + 1;
  DiagnosticEngine diags;
  // Imports resolve relative to this (nonexistent) folder, so the fuzzer
  // cannot read arbitrary files.
  std::unique_ptr<Model> model = loadModelSource("/nonexistent/fuzz.pde", text, options, diags);
  (void)diags.renderAll();
  if (!model)
    return 0;
  (void)printAST(*model);
  ExprContext ctx;
  std::unique_ptr<DiscreteModel> discrete = discretize(*model, ctx, diags);
  if (discrete)
    (void)printDiscrete(*discrete);
  (void)diags.renderAll();
  return 0;
}
