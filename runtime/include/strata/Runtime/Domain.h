//===- Domain.h - the physical grid of a seismic experiment -----*- C++ -*-===//
//
// Units follow Devito's conventions: distances in m, velocities in km/s (= m/ms), times
// in ms, frequencies in kHz. Axes are (x, z) in 2D and (x, y, z) in 3D, z the depth and
// the last (fastest) index.
//
// Three nested boxes per axis:
//   physical grid   shape[d] points, the model the user describes, from origin[d]
//   computational   physical + absorbingWidth points on each side (the damping layer)
//   padded array    computational + halo points on each side (the kernel's halo)
// A kernel's arrays are padded arrays; their interior is the computational grid.
//
//===----------------------------------------------------------------------===//
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace strata::runtime {

struct Domain {
  std::vector<int64_t> shape;  // physical grid points per axis
  std::vector<double> spacing; // m
  std::vector<double> origin;  // m, coordinate of physical point 0
  int64_t absorbingWidth = 0;  // damping-layer points on each side of each axis

  int dims() const { return static_cast<int>(shape.size()); }

  /// Points per axis of the computational grid (physical + the layer on both sides).
  std::vector<int64_t> computationalShape() const {
    std::vector<int64_t> result;
    for (int64_t extent : shape)
      result.push_back(extent + 2 * absorbingWidth);
    return result;
  }

  /// Coordinate of the last physical point along `axis`.
  double end(int axis) const { return origin[axis] + spacing[axis] * double(shape[axis] - 1); }

  /// Product of the spacings: the volume (area in 2D) of one cell, for discrete deltas.
  double cellVolume() const {
    double volume = 1.0;
    for (double h : spacing)
      volume *= h;
    return volume;
  }

  /// Throws std::invalid_argument naming the first inconsistency.
  void validate() const {
    if (shape.size() < 2 || shape.size() > 3)
      throw std::invalid_argument("a domain has 2 or 3 axes, got " + std::to_string(shape.size()));
    if (spacing.size() != shape.size() || origin.size() != shape.size())
      throw std::invalid_argument("shape, spacing and origin must have one entry per axis");
    for (size_t axis = 0; axis < shape.size(); ++axis) {
      if (shape[axis] < 2)
        throw std::invalid_argument("each axis needs at least 2 points");
      if (!(spacing[axis] > 0))
        throw std::invalid_argument("grid spacings must be positive");
    }
    if (absorbingWidth < 0)
      throw std::invalid_argument("the absorbing width must be non-negative");
  }
};

} // namespace strata::runtime
