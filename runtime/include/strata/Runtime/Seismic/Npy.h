//===- Npy.h - NumPy .npy files (velocity models, wavelets, traces) -*- C++ -*-===//
//
// Format: https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html
// Written: version 1.0, C order, little-endian '<f4' or '<f8', header padded to 64 bytes.
// Read: versions 1.0, 2.0 and 3.0; dtypes '<f4', '<f8', '<i4', '<i8' (integers converted).
//
//===----------------------------------------------------------------------===//
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace strata::runtime {

/// Writes `data` (C order, shape `shape`; an empty shape is a scalar) as '<f4', atomically.
/// Throws std::invalid_argument for a negative extent, std::runtime_error on I/O failure.
void writeNpy(const std::string &path, const float *data, const std::vector<int64_t> &shape);
/// The same as '<f8'.
void writeNpy(const std::string &path, const double *data, const std::vector<int64_t> &shape);

struct NpyArray {
  std::vector<int64_t> shape;
  bool isDouble = false;      // the file held '<f8' (or an integer type wider than float's 24 bits)
  std::vector<double> values; // C order, converted to double
};

/// Reads a .npy file. Throws std::runtime_error naming the file and the problem: not an NPY
/// file, unsupported version, Fortran order, unsupported dtype, truncated or extra data, or a
/// malformed or absurd header. Never reads outside the file's bytes.
NpyArray readNpy(const std::string &path);

/// Parses .npy bytes already in memory; `name` is used in messages.
NpyArray parseNpy(const std::string &bytes, const std::string &name);

} // namespace strata::runtime
