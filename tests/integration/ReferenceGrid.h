// Plain float64 reference loops for the integration tests: a padded grid, shifted reads and
// published finite-difference weights, written independently of the compiler.
#pragma once

#include <array>
#include <cmath>
#include <cstdint>
#include <functional>
#include <random>
#include <vector>

namespace strata::testing {

/// `values` in a kernel's element type.
template <typename T> std::vector<T> castTo(const std::vector<double> &values) {
  return std::vector<T>(values.begin(), values.end());
}

/// The L2 norm of `values`.
inline double l2Norm(const std::vector<double> &values) {
  double sum = 0;
  for (double value : values)
    sum += value * value;
  return std::sqrt(sum);
}

/// ||actual - expected|| / ||expected|| (the absolute difference when `expected` is 0).
inline double relativeL2(const std::vector<double> &actual, const std::vector<double> &expected) {
  double difference = 0;
  for (size_t i = 0; i < expected.size(); ++i)
    difference += (actual[i] - expected[i]) * (actual[i] - expected[i]);
  double norm = l2Norm(expected);
  return norm > 0 ? std::sqrt(difference) / norm : std::sqrt(difference);
}

// Published weights (Fornberg 1988, Table 1), centered on the point unless noted.
inline const std::vector<double> kSecondDerivative2 = {1.0, -2.0, 1.0};
inline const std::vector<double> kSecondDerivative4 = {-1.0 / 12, 4.0 / 3, -5.0 / 2, 4.0 / 3,
                                                       -1.0 / 12};
inline const std::vector<double> kSecondDerivative8 = {-1.0 / 560, 8.0 / 315,   -1.0 / 5,
                                                       8.0 / 5,    -205.0 / 72, 8.0 / 5,
                                                       -1.0 / 5,   8.0 / 315,   -1.0 / 560};
inline const std::vector<double> kFirstDerivative4 = {1.0 / 12, -2.0 / 3, 0.0, 2.0 / 3, -1.0 / 12};
/// Backward one-sided first derivative, accuracy 4: offsets -4 .. 0.
inline const std::vector<double> kBackwardFirstDerivative4 = {1.0 / 4, -4.0 / 3, 3.0, -4.0,
                                                              25.0 / 12};
/// Staggered first derivative, accuracy 4, at half points: offsets -3/2, -1/2, 1/2, 3/2.
inline const std::vector<double> kStaggeredFirstDerivative4 = {1.0 / 24, -9.0 / 8, 9.0 / 8,
                                                               -1.0 / 24};

using Point = std::array<int64_t, 3>;

struct Grid {
  std::vector<int64_t> interior, halo;
  int dims() const { return static_cast<int>(interior.size()); }
  int64_t extent(int axis) const { return interior[axis] + 2 * halo[axis]; }
  int64_t size() const {
    int64_t total = 1;
    for (int axis = 0; axis < dims(); ++axis)
      total *= extent(axis);
    return total;
  }
  std::vector<int64_t> paddedShape() const {
    std::vector<int64_t> shape;
    for (int axis = 0; axis < dims(); ++axis)
      shape.push_back(extent(axis));
    return shape;
  }
  int64_t linear(const Point &p) const {
    int64_t index = 0;
    for (int axis = 0; axis < dims(); ++axis)
      index = index * extent(axis) + p[axis];
    return index;
  }
  Point shifted(Point p, int axis, int64_t by) const {
    p[axis] += by;
    return p;
  }
  void forInterior(const std::function<void(const Point &)> &body) const {
    Point p{0, 0, 0};
    std::function<void(int)> loop = [&](int axis) {
      if (axis == dims()) {
        body(p);
        return;
      }
      for (p[axis] = halo[axis]; p[axis] < halo[axis] + interior[axis]; ++p[axis])
        loop(axis + 1);
    };
    loop(0);
  }
  /// Random values in the interior, zero in the halo.
  std::vector<double> randomField(std::mt19937 &rng, double low, double high) const {
    std::uniform_real_distribution<double> dist(low, high);
    std::vector<double> field(size(), 0.0);
    forInterior([&](const Point &p) { field[linear(p)] = dist(rng); });
    return field;
  }
};

/// sum_k w[k] * f[p + (first + k) e_axis]
inline double weightedSum(const Grid &grid, const std::vector<double> &f, const Point &p, int axis,
                          const std::vector<double> &weights, int64_t first) {
  double sum = 0;
  for (size_t k = 0; k < weights.size(); ++k)
    sum += weights[k] * f[grid.linear(grid.shifted(p, axis, first + static_cast<int64_t>(k)))];
  return sum;
}

/// Centered second derivative along `axis` with weights of odd length.
inline double secondDerivative(const Grid &grid, const std::vector<double> &f, const Point &p,
                               int axis, const std::vector<double> &weights, double h) {
  int64_t radius = static_cast<int64_t>(weights.size() / 2);
  return weightedSum(grid, f, p, axis, weights, -radius) / (h * h);
}

inline double laplacian(const Grid &grid, const std::vector<double> &f, const Point &p,
                        const std::vector<double> &weights, const std::vector<double> &spacing) {
  double sum = 0;
  for (int axis = 0; axis < grid.dims(); ++axis)
    sum += secondDerivative(grid, f, p, axis, weights, spacing[axis]);
  return sum;
}

/// Sparse points as the runtime passes them: support indices and weights per point.
struct Points {
  int64_t count = 0, entries = 0;
  std::vector<int64_t> support;   // [point][entry][axis]
  std::vector<double> weights;    // [point][entry]
  std::vector<double> amplitudes; // [step][point]

  Point supportPoint(int64_t p, int64_t e, int dims) const {
    Point point{0, 0, 0};
    for (int axis = 0; axis < dims; ++axis)
      point[axis] = support[(p * entries + e) * dims + axis];
    return point;
  }
};

/// `count` points, each with a 2^dims-corner support around a random interior cell and
/// random weights; amplitudes random for `steps` steps.
inline Points randomPoints(const Grid &grid, std::mt19937 &rng, int64_t count, int64_t steps) {
  Points points;
  points.count = count;
  points.entries = int64_t{1} << grid.dims();
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  for (int64_t p = 0; p < count; ++p) {
    Point corner{0, 0, 0};
    for (int axis = 0; axis < grid.dims(); ++axis) {
      std::uniform_int_distribution<int64_t> pick(grid.halo[axis],
                                                  grid.halo[axis] + grid.interior[axis] - 2);
      corner[axis] = pick(rng);
    }
    for (int64_t e = 0; e < points.entries; ++e) {
      for (int axis = 0; axis < grid.dims(); ++axis)
        points.support.push_back(corner[axis] + ((e >> axis) & 1));
      points.weights.push_back(unit(rng));
    }
  }
  for (int64_t i = 0; i < steps * count; ++i)
    points.amplitudes.push_back(2 * unit(rng) - 1);
  return points;
}

} // namespace strata::testing
