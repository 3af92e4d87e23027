//===- Damping.cpp - the absorbing layer and the padded model arrays ------===//
#include "strata/Runtime/Seismic/Damping.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <stdexcept>
#include <string>

namespace strata::runtime {

namespace {

void checkHalo(const Domain &domain, const std::vector<int64_t> &halo, const char *function) {
  domain.validate();
  if (halo.size() != size_t(domain.dims()))
    throw std::invalid_argument(std::string(function) + ": " + std::to_string(halo.size()) +
                                " halo widths for a " + std::to_string(domain.dims()) + "D domain");
  for (int64_t width : halo)
    if (width < 0)
      throw std::invalid_argument(std::string(function) + ": negative halo width " +
                                  std::to_string(width));
}

size_t elementCount(const std::vector<int64_t> &shape) {
  size_t count = 1;
  for (int64_t extent : shape)
    count *= size_t(extent);
  return count;
}

/// Calls visit(flatIndex, paddedIndex) for every point of the padded array, C order.
void forEachPadded(const std::vector<int64_t> &shape,
                   const std::function<void(size_t, const std::vector<int64_t> &)> &visit) {
  size_t total = elementCount(shape);
  std::vector<int64_t> index(shape.size(), 0);
  for (size_t flat = 0; flat < total; ++flat) {
    visit(flat, index);
    for (size_t axis = shape.size(); axis-- > 0;) {
      if (++index[axis] < shape[axis])
        break;
      index[axis] = 0;
    }
  }
}

/// Relative depth (0 .. 1) into the layer of computational index `c` along an axis, 0 inside
/// the physical grid; the outermost layer point is at 1.
double layerDepth(int64_t c, int64_t physicalExtent, int64_t width) {
  if (width == 0)
    return 0.0;
  int64_t distance = 0;
  if (c < width)
    distance = width - c;
  else if (c >= width + physicalExtent)
    distance = c - (width + physicalExtent - 1);
  return double(distance) / double(width);
}

/// sum_d 3 ln(1/R) / L_d * (x_d / L_d)^2 at a padded index (0 in the halo), to be multiplied
/// by the local slowness 1/v.
double profile(const Domain &domain, const std::vector<int64_t> &halo,
               const std::vector<int64_t> &padded, double logInverseR) {
  double sum = 0.0;
  for (int axis = 0; axis < domain.dims(); ++axis) {
    int64_t c = padded[axis] - halo[axis];
    if (c < 0 || c >= domain.shape[axis] + 2 * domain.absorbingWidth)
      return 0.0; // the halo: the kernel never updates it, keep it inert
    double layerWidth = double(domain.absorbingWidth) * domain.spacing[axis];
    double depth = layerDepth(c, domain.shape[axis], domain.absorbingWidth);
    sum += 3.0 * logInverseR / layerWidth * depth * depth;
  }
  return sum;
}

double checkedLogInverse(double reflection) {
  if (!(reflection > 0 && reflection < 1))
    throw std::invalid_argument("dampingField: the design reflection must be in (0, 1), got " +
                                std::to_string(reflection));
  return std::log(1.0 / reflection);
}

} // namespace

std::vector<int64_t> paddedShape(const Domain &domain, const std::vector<int64_t> &halo) {
  std::vector<int64_t> shape = domain.computationalShape();
  for (size_t axis = 0; axis < shape.size() && axis < halo.size(); ++axis)
    shape[axis] += 2 * halo[axis];
  return shape;
}

void forEachNearestPhysical(const Domain &domain, const std::vector<int64_t> &halo,
                            const std::function<void(size_t padded, size_t physical)> &visit) {
  forEachPadded(paddedShape(domain, halo), [&](size_t flat, const std::vector<int64_t> &index) {
    size_t physical = 0; // nearest physical point, clamping in the layer and the halo
    for (int axis = 0; axis < domain.dims(); ++axis) {
      int64_t p = index[axis] - halo[axis] - domain.absorbingWidth;
      physical = physical * size_t(domain.shape[axis]) +
                 size_t(std::clamp<int64_t>(p, 0, domain.shape[axis] - 1));
    }
    visit(flat, physical);
  });
}

std::vector<double> dampingField(const Domain &domain, const std::vector<int64_t> &halo,
                                 const std::vector<double> &squaredSlownessPadded,
                                 double reflection) {
  checkHalo(domain, halo, "dampingField");
  double logInverseR = checkedLogInverse(reflection);
  std::vector<int64_t> shape = paddedShape(domain, halo);
  std::vector<double> damp(elementCount(shape), 0.0);
  if (squaredSlownessPadded.size() != damp.size())
    throw std::invalid_argument("dampingField: the squared slowness has " +
                                std::to_string(squaredSlownessPadded.size()) +
                                " values, the padded grid " + std::to_string(damp.size()));
  if (domain.absorbingWidth == 0)
    return damp;
  forEachPadded(shape, [&](size_t flat, const std::vector<int64_t> &index) {
    double slowness = std::sqrt(std::max(0.0, squaredSlownessPadded[flat])); // ms/m
    damp[flat] = profile(domain, halo, index, logInverseR) * slowness;
  });
  return damp;
}

std::vector<double> dampingField(const Domain &domain, const std::vector<int64_t> &halo,
                                 double designVelocityKmS, double reflection) {
  if (!(designVelocityKmS > 0) || !std::isfinite(designVelocityKmS))
    throw std::invalid_argument("dampingField: the design velocity must be positive, got " +
                                std::to_string(designVelocityKmS) + " km/s");
  checkHalo(domain, halo, "dampingField");
  std::vector<double> m(elementCount(paddedShape(domain, halo)),
                        1.0 / (designVelocityKmS * designVelocityKmS));
  return dampingField(domain, halo, m, reflection);
}

std::vector<double> squaredSlowness(const std::vector<float> &velocityKmS, const Domain &domain,
                                    const std::vector<int64_t> &halo) {
  checkHalo(domain, halo, "squaredSlowness");
  size_t physicalCount = elementCount(domain.shape);
  if (velocityKmS.size() != physicalCount)
    throw std::invalid_argument("squaredSlowness: the velocity model has " +
                                std::to_string(velocityKmS.size()) + " values, the physical grid " +
                                std::to_string(physicalCount));
  for (size_t i = 0; i < velocityKmS.size(); ++i)
    if (!(velocityKmS[i] > 0) || !std::isfinite(velocityKmS[i]))
      throw std::invalid_argument("squaredSlowness: velocity " + std::to_string(velocityKmS[i]) +
                                  " km/s at flat physical index " + std::to_string(i) +
                                  " (C order); velocities must be positive and finite");
  std::vector<double> m(elementCount(paddedShape(domain, halo)));
  forEachNearestPhysical(domain, halo, [&](size_t padded, size_t physical) {
    double v = velocityKmS[physical];
    m[padded] = 1.0 / (v * v);
  });
  return m;
}

} // namespace strata::runtime
