//===- SparseGeometry.h - sources and receivers off the grid ----*- C++ -*-===//
//
// Turns physical coordinates (m) into the kernels' sparse `support` (padded-array indices) and
// `weights` (docs/abi.md). Index arithmetic per axis d:
//   physical index       g = (x - origin[d]) / spacing[d]        (fractional)
//   computational index  g + absorbingWidth
//   padded index         g + absorbingWidth + halo[d]
// Points must lie inside the physical domain [origin, end] on every axis; the absorbing layer
// lies outside it, so an accepted point is never inside the layer (its sinc support may reach
// into the layer, which is fine, but never past the computational grid).
//
//===----------------------------------------------------------------------===//
#pragma once

#include "strata/Runtime/Domain.h"

#include <cstdint>
#include <string>
#include <vector>

namespace strata::runtime {

enum class Interpolation {
  /// The 2^dims corners of the cell holding the point, (bi/tri)linear weights. Exact for
  /// linear functions; a point on the last node uses the cell before it.
  Linear,
  /// Hicks (2002) Kaiser-windowed sinc, radius 4: 8 points per axis, tensor product. Accurate
  /// for band-limited fields (> ~3 points per shortest wavelength) but reaches 3-4 points into
  /// the absorbing layer for points near the physical edge.
  Sinc,
};

/// Hicks (2002), Geophysics 67(1), 156-166, Table 1 (monopole, k_max = pi/2): the Kaiser
/// window parameter b for radius r = 4.
inline constexpr int kSincRadius = 4;
inline constexpr double kSincKaiserB = 6.31;

struct SparseSupport {
  int64_t points = 0, entries = 0;
  std::vector<int64_t> support; // [points][entries][dims], padded-array indices
  std::vector<double> weights;  // [points][entries]
};

/// Support indices and weights for `coordinates[p]` (one physical coordinate (m) per axis).
/// `halo` has one entry per axis. `what` names the points in messages ("source", "receiver").
/// Throws std::invalid_argument naming the point (index, coordinates) and the physical extent
/// when a point is outside the physical domain, not finite, has the wrong number of
/// coordinates, or when its support would leave the computational grid (too thin a layer).
SparseSupport computeSupport(const Domain &domain, const std::vector<int64_t> &halo,
                             const std::vector<std::vector<double>> &coordinates,
                             Interpolation method, const std::string &what);

/// Multiplies every weight by `factor` (e.g. 1 / domain.cellVolume() for a discrete delta).
void scaleWeights(SparseSupport &support, double factor);

} // namespace strata::runtime
