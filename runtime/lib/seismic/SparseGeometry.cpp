//===- SparseGeometry.cpp - sources and receivers off the grid ------------===//
#include "strata/Runtime/Seismic/SparseGeometry.h"

#include "Kaiser.h"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <stdexcept>

namespace strata::runtime {

namespace {

/// One axis of a point's support: physical indices (may be < 0 or >= shape: in the layer).
struct AxisStencil {
  std::vector<int64_t> index;
  std::vector<double> weight;
};

// Coordinates computed as origin + i * h may miss the last node by a rounding error; accept
// points that far outside and snap them onto the boundary.
constexpr double kBoundaryTolerance = 1e-6; // in grid spacings

const char *axisName(int dims, int axis) {
  static const char *names2[] = {"x", "z"};
  static const char *names3[] = {"x", "y", "z"};
  return dims == 2 ? names2[axis] : names3[axis];
}

std::string describePoint(const Domain &domain, const std::string &what, size_t index,
                          const std::vector<double> &coordinate) {
  std::ostringstream out;
  out << what << " " << index << " at (";
  for (size_t axis = 0; axis < coordinate.size(); ++axis)
    out << (axis ? ", " : "") << coordinate[axis];
  out << ") m; the physical domain is";
  for (int axis = 0; axis < domain.dims(); ++axis)
    out << (axis ? "," : "") << " " << axisName(domain.dims(), axis) << " in ["
        << domain.origin[axis] << ", " << domain.end(axis) << "] m";
  return out.str();
}

AxisStencil linearAxis(double g, int64_t extent) {
  // The cell [i0, i0 + 1] holding g; the last node belongs to the last cell so that both
  // corners are physical nodes.
  int64_t i0 = std::min<int64_t>(int64_t(std::floor(g)), extent - 2);
  double fraction = g - double(i0);
  return {{i0, i0 + 1}, {1.0 - fraction, fraction}};
}

AxisStencil sincAxis(double g) {
  // 2r nodes around g: i0 - r + 1 .. i0 + r, all within distance < r of g.
  int64_t i0 = int64_t(std::floor(g));
  AxisStencil stencil;
  // Not renormalized: Hicks' weights sum to 1 within 4e-4 between nodes, and dividing by the
  // sum does not lower the error at other wavenumbers (his design is near equiripple).
  for (int64_t k = i0 - kSincRadius + 1; k <= i0 + kSincRadius; ++k) {
    stencil.index.push_back(k);
    stencil.weight.push_back(detail::kaiserSinc(g - double(k), kSincRadius, kSincKaiserB));
  }
  return stencil;
}

/// The fractional physical index of `coordinate` along `axis`, or a throw if outside.
double physicalIndex(const Domain &domain, int axis, double coordinate,
                     const std::string &pointText) {
  double g = (coordinate - domain.origin[axis]) / domain.spacing[axis];
  double last = double(domain.shape[axis] - 1);
  if (!std::isfinite(g) || g < -kBoundaryTolerance || g > last + kBoundaryTolerance)
    throw std::invalid_argument(pointText + ": outside along " + axisName(domain.dims(), axis));
  return std::clamp(g, 0.0, last);
}

/// Checks the stencil stays on the computational grid, then shifts it to padded indices.
void toPaddedIndices(AxisStencil &stencil, const Domain &domain, int axis, int64_t halo,
                     const std::string &pointText) {
  int64_t computationalExtent = domain.shape[axis] + 2 * domain.absorbingWidth;
  for (int64_t &index : stencil.index) {
    int64_t computational = index + domain.absorbingWidth;
    if (computational < 0 || computational >= computationalExtent)
      throw std::invalid_argument(
          pointText + ": its interpolation support along " + axisName(domain.dims(), axis) +
          " reaches computational index " + std::to_string(computational) +
          ", outside the computational grid [0, " + std::to_string(computationalExtent - 1) +
          "]; widen the absorbing layer (now " + std::to_string(domain.absorbingWidth) +
          " points) or use linear interpolation");
    index = computational + halo;
  }
}

/// Appends the tensor product of the axis stencils (first axis slowest) to `result`.
void appendTensorProduct(const std::vector<AxisStencil> &axes, SparseSupport &result) {
  size_t dims = axes.size();
  std::vector<size_t> counter(dims, 0);
  for (int64_t entry = 0; entry < result.entries; ++entry) {
    double weight = 1.0;
    for (size_t axis = 0; axis < dims; ++axis) {
      result.support.push_back(axes[axis].index[counter[axis]]);
      weight *= axes[axis].weight[counter[axis]];
    }
    result.weights.push_back(weight);
    for (size_t axis = dims; axis-- > 0;) { // odometer, last axis fastest
      if (++counter[axis] < axes[axis].index.size())
        break;
      counter[axis] = 0;
    }
  }
}

} // namespace

SparseSupport computeSupport(const Domain &domain, const std::vector<int64_t> &halo,
                             const std::vector<std::vector<double>> &coordinates,
                             Interpolation method, const std::string &what) {
  domain.validate();
  int dims = domain.dims();
  if (halo.size() != size_t(dims))
    throw std::invalid_argument("computeSupport: " + std::to_string(halo.size()) +
                                " halo widths for a " + std::to_string(dims) + "D domain");
  int64_t perAxis = method == Interpolation::Linear ? 2 : 2 * kSincRadius;
  SparseSupport result;
  result.points = int64_t(coordinates.size());
  result.entries = 1;
  for (int axis = 0; axis < dims; ++axis)
    result.entries *= perAxis;
  for (size_t p = 0; p < coordinates.size(); ++p) {
    std::string pointText = describePoint(domain, what, p, coordinates[p]);
    if (coordinates[p].size() != size_t(dims))
      throw std::invalid_argument(pointText + ": expected " + std::to_string(dims) +
                                  " coordinates");
    std::vector<AxisStencil> axes;
    for (int axis = 0; axis < dims; ++axis) {
      double g = physicalIndex(domain, axis, coordinates[p][axis], pointText);
      axes.push_back(method == Interpolation::Linear ? linearAxis(g, domain.shape[axis])
                                                     : sincAxis(g));
      toPaddedIndices(axes.back(), domain, axis, halo[axis], pointText);
    }
    appendTensorProduct(axes, result);
  }
  return result;
}

void scaleWeights(SparseSupport &support, double factor) {
  for (double &weight : support.weights)
    weight *= factor;
}

} // namespace strata::runtime
