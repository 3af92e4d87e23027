//===- Velocity.cpp - the velocity model a case describes -----------------===//

#include "strata/Runtime/Case/Case.h"

#include "CaseInternal.h"
#include "NpyLite.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>

namespace strata::runtime {
namespace {

using casefile::axisName;
using casefile::formatNumber;

[[noreturn]] void fail(const Case &c, const std::string &path, const std::string &what) {
  throw CaseError(c.path + ": '" + path + "': " + what);
}

/// Coordinate of physical point `index` along `axis`.
double coordinate(const Domain &d, int axis, int64_t index) {
  return d.origin[size_t(axis)] + d.spacing[size_t(axis)] * double(index);
}

struct FileModel {
  std::vector<int64_t> shape;
  std::vector<float> values; // km/s, C order
};

FileModel readModelFile(const Case &c) {
  const ModelSpec &spec = c.model;
  const int dims = c.domain.dims();
  FileModel model;
  std::error_code error;
  if (!std::filesystem::exists(spec.path, error))
    fail(c, "model.path", "the model file " + spec.path + " does not exist");

  if (spec.format == ModelSpec::FileFormat::RawFloat32) {
    model.shape = spec.fileShape;
    int64_t count = 1;
    std::string shapeText;
    for (size_t i = 0; i < model.shape.size(); ++i) {
      count *= model.shape[i];
      shapeText += (i ? " x " : "") + std::to_string(model.shape[i]);
    }
    std::ifstream in(spec.path, std::ios::binary);
    if (!in)
      fail(c, "model.path", "cannot open the model file " + spec.path);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    uint64_t expected = uint64_t(count) * 4;
    if (bytes.size() != expected)
      fail(c, "model.path", "the model file " + spec.path + " has " + std::to_string(bytes.size()) +
                                " bytes, expected " + std::to_string(expected) + " (" + shapeText +
                                " float32 values, model.shape)");
    model.values.resize(size_t(count));
    // Little-endian float32 on every platform Strata supports (x86-64, aarch64).
    std::copy_n(bytes.data(), bytes.size(), reinterpret_cast<char *>(model.values.data()));
  } else {
    casefile::NpyArray array;
    try {
      array = casefile::readNpy(spec.path);
    } catch (const std::runtime_error &e) {
      fail(c, "model.path", e.what());
    }
    if (int(array.shape.size()) != dims)
      fail(c, "model.path", "the model file " + spec.path + " holds a " + std::to_string(array.shape.size()) +
                                "-D array, expected " + std::to_string(dims) + "-D like the grid");
    if (!spec.fileShape.empty() && array.shape != spec.fileShape)
      fail(c, "model.shape", "the model file " + spec.path + " has shape " +
                                 casefile::formatPoint(std::vector<double>(array.shape.begin(), array.shape.end())) +
                                 ", not the one given here");
    for (size_t axis = 0; axis < array.shape.size(); ++axis)
      if (array.shape[axis] < 2)
        fail(c, "model.path", "the model file " + spec.path + " has fewer than 2 points on axis " +
                                  axisName(dims, int(axis)));
    model.shape = array.shape;
    model.values = std::move(array.values);
  }

  std::vector<int64_t> strides(size_t(dims), 1);
  for (int axis = dims - 2; axis >= 0; --axis)
    strides[size_t(axis)] = strides[size_t(axis) + 1] * model.shape[size_t(axis) + 1];
  for (size_t i = 0; i < model.values.size(); ++i) {
    float value = model.values[i];
    if (!(std::isfinite(value) && value > 0)) {
      std::string index;
      int64_t rest = int64_t(i);
      for (int axis = 0; axis < dims; ++axis) {
        index += (axis ? ", " : "") + std::to_string(rest / strides[size_t(axis)]);
        rest %= strides[size_t(axis)];
      }
      fail(c, "model.path", "the model file " + spec.path + " holds " + formatNumber(value) + " at [" + index +
                                "]; velocities must be positive and finite");
    }
    model.values[i] = float(double(value) * spec.toKmPerS);
  }
  return model;
}

/// Linear interpolation weights along one axis: grid point i lies between file samples lo[i]
/// and lo[i] + 1 with weight w[i] on the upper one.
struct AxisWeights {
  std::vector<int64_t> lo;
  std::vector<double> w;
};

AxisWeights axisWeights(const Case &c, int axis, int64_t fileExtent) {
  const Domain &d = c.domain;
  const ModelSpec &spec = c.model;
  const int dims = d.dims();
  double fileOrigin = spec.fileOrigin[size_t(axis)], fileSpacing = spec.fileSpacing[size_t(axis)];
  double fileEnd = fileOrigin + fileSpacing * double(fileExtent - 1);
  AxisWeights weights;
  for (int64_t i = 0; i < d.shape[size_t(axis)]; ++i) {
    double t = (coordinate(d, axis, i) - fileOrigin) / fileSpacing;
    if (t < -1e-6 || t > double(fileExtent - 1) + 1e-6)
      fail(c, "model", std::string("the case grid reaches outside the model file on axis ") + axisName(dims, axis) +
                           ": the grid spans [" + formatNumber(d.origin[size_t(axis)]) + ", " +
                           formatNumber(d.end(axis)) + "] m, the file [" + formatNumber(fileOrigin) + ", " +
                           formatNumber(fileEnd) + "] m");
    t = std::clamp(t, 0.0, double(fileExtent - 1));
    int64_t lo = std::min<int64_t>(int64_t(std::floor(t)), fileExtent - 2);
    weights.lo.push_back(lo);
    weights.w.push_back(t - double(lo));
  }
  return weights;
}

std::vector<float> sampleFile(const Case &c, const FileModel &model) {
  const Domain &d = c.domain;
  const int dims = d.dims();
  // Treat 2D as 3D with a single y point so one loop serves both.
  int64_t fx = model.shape[0], fy = dims == 3 ? model.shape[1] : 1, fz = model.shape[size_t(dims - 1)];
  int64_t nx = d.shape[0], ny = dims == 3 ? d.shape[1] : 1, nz = d.shape[size_t(dims - 1)];
  AxisWeights wx = axisWeights(c, 0, fx), wz = axisWeights(c, dims - 1, fz);
  AxisWeights wy;
  if (dims == 3)
    wy = axisWeights(c, 1, fy);
  else
    wy = {{0}, {0.0}};
  auto at = [&](int64_t ix, int64_t iy, int64_t iz) {
    return double(model.values[size_t((ix * fy + iy) * fz + iz)]);
  };
  std::vector<float> velocity(size_t(nx * ny * nz));
  for (int64_t i = 0; i < nx; ++i)
    for (int64_t j = 0; j < ny; ++j)
      for (int64_t k = 0; k < nz; ++k) {
        int64_t x0 = wx.lo[size_t(i)], y0 = wy.lo[size_t(j)], z0 = wz.lo[size_t(k)];
        double ax = wx.w[size_t(i)], ay = wy.w[size_t(j)], az = wz.w[size_t(k)];
        int64_t y1 = dims == 3 ? y0 + 1 : y0;
        double value = 0;
        for (int cx = 0; cx < 2; ++cx)
          for (int cy = 0; cy < (dims == 3 ? 2 : 1); ++cy)
            for (int cz = 0; cz < 2; ++cz) {
              double weight = (cx ? ax : 1 - ax) * (dims == 3 ? (cy ? ay : 1 - ay) : 1.0) * (cz ? az : 1 - az);
              if (weight != 0)
                value += weight * at(x0 + cx, cy ? y1 : y0, z0 + cz);
            }
        velocity[size_t((i * ny + j) * nz + k)] = float(value);
      }
  return velocity;
}

} // namespace

std::vector<float> buildVelocity(const Case &c) {
  const Domain &d = c.domain;
  const ModelSpec &spec = c.model;
  const int dims = d.dims();
  int64_t count = 1;
  for (int64_t extent : d.shape)
    count *= extent;
  int64_t nz = d.shape[size_t(dims - 1)];

  std::vector<float> velocity;
  switch (spec.kind) {
  case ModelSpec::Kind::Constant:
    velocity.assign(size_t(count), float(spec.velocity));
    break;
  case ModelSpec::Kind::Layered: {
    // One column of depths, repeated for every (x[, y]).
    std::vector<float> column(static_cast<size_t>(nz));
    double slack = 1e-9 * d.spacing[size_t(dims - 1)];
    for (int64_t k = 0; k < nz; ++k) {
      double z = coordinate(d, dims - 1, k);
      double v = spec.layers.front().velocity;
      for (const LayerSpec &layer : spec.layers)
        if (z >= layer.top - slack)
          v = layer.velocity;
      column[size_t(k)] = float(v);
    }
    velocity.resize(size_t(count));
    for (int64_t offset = 0; offset < count; offset += nz)
      std::copy(column.begin(), column.end(), velocity.begin() + offset);
    break;
  }
  case ModelSpec::Kind::Camembert: {
    velocity.resize(size_t(count));
    double r2 = spec.diskRadius * spec.diskRadius;
    for (int64_t flat = 0; flat < count; ++flat) {
      int64_t rest = flat;
      double distance2 = 0;
      for (int axis = dims - 1; axis >= 0; --axis) {
        int64_t i = rest % d.shape[size_t(axis)];
        rest /= d.shape[size_t(axis)];
        double delta = coordinate(d, axis, i) - spec.diskCenter[size_t(axis)];
        distance2 += delta * delta;
      }
      velocity[size_t(flat)] = float(distance2 <= r2 ? spec.diskVelocity : spec.background);
    }
    break;
  }
  case ModelSpec::Kind::File:
    velocity = sampleFile(c, readModelFile(c));
    break;
  }

  if (spec.smoothSigma) {
    std::vector<double> sigmaPoints;
    for (double h : d.spacing)
      sigmaPoints.push_back(*spec.smoothSigma / h);
    velocity = gaussianSmooth(velocity, d.shape, sigmaPoints);
  }
  return velocity;
}

std::vector<float> gaussianSmooth(const std::vector<float> &values, const std::vector<int64_t> &shape,
                                  const std::vector<double> &sigmaPoints) {
  if (sigmaPoints.size() != shape.size())
    throw std::invalid_argument("gaussianSmooth: one sigma per axis expected, got " +
                                std::to_string(sigmaPoints.size()) + " for " + std::to_string(shape.size()) + " axes");
  int64_t count = 1;
  for (int64_t extent : shape) {
    if (extent < 1)
      throw std::invalid_argument("gaussianSmooth: extents must be positive");
    count *= extent;
  }
  if (int64_t(values.size()) != count)
    throw std::invalid_argument("gaussianSmooth: " + std::to_string(values.size()) + " values for a shape of " +
                                std::to_string(count) + " points");

  std::vector<double> field(values.begin(), values.end()), line;
  for (size_t axis = 0; axis < shape.size(); ++axis) {
    double sigma = sigmaPoints[axis];
    if (!(sigma >= 0) || !std::isfinite(sigma))
      throw std::invalid_argument("gaussianSmooth: sigmas must be finite and non-negative");
    if (sigma == 0)
      continue;
    int64_t radius = int64_t(std::ceil(4.0 * sigma));
    std::vector<double> kernel(size_t(2 * radius + 1));
    double sum = 0;
    for (int64_t j = -radius; j <= radius; ++j)
      sum += kernel[size_t(j + radius)] = std::exp(-0.5 * double(j * j) / (sigma * sigma));
    for (double &k : kernel)
      k /= sum;

    int64_t extent = shape[axis], stride = 1;
    for (size_t later = axis + 1; later < shape.size(); ++later)
      stride *= shape[later];
    int64_t outer = count / (extent * stride);
    line.resize(size_t(extent));
    for (int64_t o = 0; o < outer; ++o)
      for (int64_t s = 0; s < stride; ++s) {
        int64_t start = o * extent * stride + s;
        for (int64_t i = 0; i < extent; ++i)
          line[size_t(i)] = field[size_t(start + i * stride)];
        for (int64_t i = 0; i < extent; ++i) {
          double acc = 0;
          for (int64_t j = -radius; j <= radius; ++j)
            acc += kernel[size_t(j + radius)] * line[size_t(std::clamp<int64_t>(i + j, 0, extent - 1))];
          field[size_t(start + i * stride)] = acc;
        }
      }
  }
  return std::vector<float>(field.begin(), field.end());
}

} // namespace strata::runtime
