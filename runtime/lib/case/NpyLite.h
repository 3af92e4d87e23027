//===- NpyLite.h - a minimal .npy reader for model files ---------*- C++ -*-===//
//
// Reads little-endian float32/float64 arrays in C order (NumPy format 1.0-3.0). Private to
// StrataCase; errors are std::runtime_error with a message that names the file.
//
//===----------------------------------------------------------------------===//
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace strata::runtime::casefile {

struct NpyArray {
  std::vector<int64_t> shape;
  std::vector<float> values; // converted to float
};

/// Throws std::runtime_error("FILE: ...") for unreadable or unsupported files.
NpyArray readNpy(const std::string &path);

} // namespace strata::runtime::casefile
