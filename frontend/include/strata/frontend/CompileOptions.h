//===- CompileOptions.h - Knobs given when loading a model ------*- C++ -*-===//
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace strata::frontend {

struct CompileOptions {
  std::map<std::string, std::string> defines; // -D name=value option overrides
  std::optional<int> dims;                    // --dims N for generic grids
  std::vector<std::string> includeDirs;       // searched by `import` after the importer's folder
};

/// Dimensionality of a generic grid when CompileOptions::dims is not given.
inline constexpr int kDefaultDims = 2;

} // namespace strata::frontend
