// The repository's .pde models, loaded for the integration and modeling tests.
#pragma once

#include "strata/Runtime/Operator.h"
#include "strata/frontend/Model.h"

#include <map>
#include <memory>
#include <string>

namespace strata::testing {

/// Loads `relative` (a path from the repository root) for `dims` axes with model options
/// `defines` (-D NAME=VALUE).
inline std::unique_ptr<frontend::Model>
loadRepositoryModel(const std::string &relative, int dims,
                    std::map<std::string, std::string> defines) {
  frontend::CompileOptions options;
  options.dims = dims;
  options.defines = std::move(defines);
  return loadModel(std::string(STRATA_SOURCE_DIR) + "/" + relative, options);
}

/// The same with the model option `space_order` set when `spaceOrder` is non-zero.
inline std::unique_ptr<frontend::Model> loadRepositoryModel(const std::string &relative, int dims,
                                                            int spaceOrder = 0) {
  std::map<std::string, std::string> defines;
  if (spaceOrder)
    defines["space_order"] = std::to_string(spaceOrder);
  return loadRepositoryModel(relative, dims, std::move(defines));
}

} // namespace strata::testing
