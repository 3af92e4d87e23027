// The repository's .pde models, loaded for the integration tests.
#pragma once

#include "strata/Runtime/Operator.h"
#include "strata/frontend/Model.h"

#include <memory>
#include <string>

namespace strata::testing {

/// Loads `relative` (a path from the repository root) for `dims` axes, with the model option
/// `space_order` set when `spaceOrder` is non-zero.
inline std::unique_ptr<frontend::Model> loadRepositoryModel(const std::string &relative, int dims,
                                                            int spaceOrder = 0) {
  frontend::CompileOptions options;
  options.dims = dims;
  if (spaceOrder)
    options.defines["space_order"] = std::to_string(spaceOrder);
  return loadModel(std::string(STRATA_SOURCE_DIR) + "/" + relative, options);
}

} // namespace strata::testing
