// Helpers shared by the frontend unit tests.
#pragma once

#include "strata/frontend/Frontend.h"

#include <fstream>
#include <sstream>
#include <string>

namespace strata::frontend::testing {

inline std::string sourcePath(const std::string &relative) {
  return std::string(STRATA_SOURCE_DIR) + "/" + relative;
}

inline std::string readText(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

/// Loads `text` and returns the model (nullptr on error); diagnostics in diags.
inline std::unique_ptr<Model> load(const std::string &text, DiagnosticEngine &diags,
                                   CompileOptions options = {}) {
  return loadModelSource("test.pde", text, options, diags);
}

inline std::string firstError(const DiagnosticEngine &diags) {
  const Diagnostic *diag = diags.firstError();
  return diag ? diag->message : std::string("<no error>");
}

} // namespace strata::frontend::testing
