//===- Modeling.cpp - acoustic shots through the compiled stdlib model ----===//
#include "strata/Runtime/Modeling.h"

#include "strata/Runtime/Seismic/Damping.h"
#include "strata/Runtime/Seismic/Stability.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <set>
#include <sstream>

namespace strata::runtime {

void requireAcousticInterface(const Operator &op) {
  using Kind = compiler::KernelArgument::Kind;
  std::map<std::string, Kind> expected = {{"m", Kind::Input},     {"damp", Kind::Input},
                                          {"u", Kind::State},     {"src", Kind::Points},
                                          {"rec", Kind::Points},  {"dt", Kind::Scalar}};
  for (const auto &argument : op.signature().arguments) {
    auto found = expected.find(argument.name);
    if (found != expected.end() && found->second == argument.kind)
      expected.erase(found);
  }
  if (expected.empty())
    return;
  std::string missing;
  for (const auto &[name, kind] : expected)
    missing += (missing.empty() ? "'" : ", '") + name + "'";
  throw Error("model '" + op.signature().name +
              "' cannot be run as an acoustic shot: it lacks " + missing +
              " (expected inputs m and damp, a state u, a source src, a receiver rec)");
}

AcousticSimulator::AcousticSimulator(const frontend::Model &model, const KernelOptions &options,
                                     const Domain &domain, std::vector<float> velocity, double dt,
                                     Interpolation interpolation)
    : op_(compile(model, options)), domain_(domain), velocity_(std::move(velocity)), dt_(dt),
      interpolation_(interpolation) {
  requireAcousticInterface(op_);
  domain_.validate();
  if (op_.signature().dims != domain_.dims())
    throw Error("the model was compiled for " + std::to_string(op_.signature().dims) +
                " dimensions but the case grid has " + std::to_string(domain_.dims()));
  auto [low, high] = std::minmax_element(velocity_.begin(), velocity_.end());
  minVelocity_ = *low;
  maxVelocity_ = *high;
  if (!(minVelocity_ > 0) || !std::isfinite(maxVelocity_))
    throw Error("velocities must be positive and finite (found " + std::to_string(minVelocity_) +
                " .. " + std::to_string(maxVelocity_) + " km/s)");
  m_ = squaredSlowness(velocity_, domain_, op_.halo());
  damp_ = dampingField(domain_, op_.halo(), m_);
}

namespace {

template <typename T> std::vector<T> convert(const std::vector<double> &values) {
  return std::vector<T>(values.begin(), values.end());
}

/// The physical part of a padded array (drops the halo and the absorbing layer).
template <typename T>
std::vector<float> physicalRegion(const T *padded, const Domain &domain,
                                  const std::vector<int64_t> &paddedShape,
                                  const std::vector<int64_t> &halo) {
  const int dims = domain.dims();
  std::vector<float> out;
  std::vector<int64_t> index(dims, 0);
  int64_t total = 1;
  for (int64_t extent : domain.shape)
    total *= extent;
  out.reserve(total);
  for (int64_t flat = 0; flat < total; ++flat) {
    int64_t rest = flat, offset = 0;
    for (int axis = dims; axis-- > 0;) {
      index[axis] = rest % domain.shape[axis];
      rest /= domain.shape[axis];
    }
    for (int axis = 0; axis < dims; ++axis)
      offset = offset * paddedShape[axis] + index[axis] + halo[axis] + domain.absorbingWidth;
    out.push_back(static_cast<float>(padded[offset]));
  }
  return out;
}

template <typename T> int64_t firstNonFinite(const T *values, int64_t count) {
  for (int64_t i = 0; i < count; ++i)
    if (!std::isfinite(values[i]))
      return i;
  return -1;
}

} // namespace

template <typename T>
ShotResult AcousticSimulator::runTyped(const ShotSetup &shot, int64_t steps,
                                       const ProgressCallback &progress) {
  const std::vector<int64_t> &halo = op_.halo();
  std::vector<int64_t> uShape = op_.fieldShape("u", domain_.computationalShape());
  std::vector<int64_t> gridShape(uShape.begin() + 1, uShape.end());
  const int64_t levels = uShape[0];
  int64_t fieldSize = 1;
  for (int64_t extent : gridShape)
    fieldSize *= extent;

  std::vector<T> m = convert<T>(m_), damp = convert<T>(damp_);
  std::vector<T> u(levels * fieldSize, T(0));
  op_.bindField("m", m.data(), gridShape);
  op_.bindField("damp", damp.data(), gridShape);
  op_.bindField("u", u.data(), uShape);

  // A point source is a discrete delta: its weights are divided by the cell volume so that
  // traces do not change scale when the grid is refined.
  SparseSupport sources = computeSupport(domain_, halo, shot.sources, interpolation_, "source");
  scaleWeights(sources, 1.0 / domain_.cellVolume());
  SparseSupport receivers = computeSupport(domain_, halo, shot.receivers, interpolation_, "receiver");
  if (static_cast<int64_t>(shot.wavelet.size()) < steps)
    throw Error("the wavelet has " + std::to_string(shot.wavelet.size()) + " samples for " +
                std::to_string(steps) + " steps");
  std::vector<T> sourceAmplitudes(steps * sources.points), sourceWeights = convert<T>(sources.weights);
  for (int64_t t = 0; t < steps; ++t)
    for (int64_t p = 0; p < sources.points; ++p)
      sourceAmplitudes[t * sources.points + p] = static_cast<T>(shot.wavelet[t]);
  std::vector<T> traces(steps * receivers.points, T(0)), receiverWeights = convert<T>(receivers.weights);
  op_.bindPoints("src", sourceAmplitudes.data(), steps, sources.points, sources.support.data(),
                 sources.entries, sourceWeights.data());
  op_.bindPoints("rec", traces.data(), steps, receivers.points, receivers.support.data(),
                 receivers.entries, receiverWeights.data());
  op_.setScalar("dt", dt_);
  const char *spacingNames[3][3] = {{"h_x"}, {"h_x", "h_z"}, {"h_x", "h_y", "h_z"}};
  for (int axis = 0; axis < domain_.dims(); ++axis)
    op_.setScalar(spacingNames[domain_.dims() - 1][axis], domain_.spacing[axis]);

  // Steps run in chunks: between chunks the newest level is checked for NaN/Inf, progress
  // is reported and snapshots are taken. Running [a, b) then [b, c) equals running [a, c).
  std::set<int64_t> stops(shot.snapshotSteps.begin(), shot.snapshotSteps.end());
  const int64_t chunk = std::max<int64_t>(1, steps / 100);
  for (int64_t s = chunk; s < steps; s += chunk)
    stops.insert(s);
  stops.insert(steps);

  ShotResult result;
  result.steps = steps;
  result.receivers = receivers.points;
  int64_t done = 0;
  for (int64_t stop : stops) {
    if (stop > steps || stop <= done) {
      if (stop == 0)
        result.snapshots.push_back({0, std::vector<float>(velocity_.size(), 0.0f)});
      continue;
    }
    auto start = std::chrono::steady_clock::now();
    op_.apply(done, stop);
    result.kernelSeconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    done = stop;
    const T *newest = u.data() + (done % levels) * fieldSize;
    if (int64_t bad = firstNonFinite(newest, fieldSize); bad >= 0)
      throw InstabilityError(instabilityMessage(done, bad));
    if (std::count(shot.snapshotSteps.begin(), shot.snapshotSteps.end(), done))
      result.snapshots.push_back({done, physicalRegion(newest, domain_, gridShape, halo)});
    if (progress)
      progress(done, steps);
  }
  result.traces.assign(traces.begin(), traces.end());
  // Devito's definition: computational grid points times steps over kernel time.
  double points = 1;
  for (int64_t extent : domain_.computationalShape())
    points *= static_cast<double>(extent);
  if (result.kernelSeconds > 0)
    result.gigaPointsPerSecond = points * steps / result.kernelSeconds / 1e9;
  return result;
}

std::string AcousticSimulator::instabilityMessage(int64_t step, int64_t index) const {
  std::ostringstream out;
  out << "the wavefield is not finite (NaN or Inf) after step " << step << " (t = " << step * dt_
      << " ms, array index " << index << "); probable cause: ";
  double limit = criticalTimeStep(maxVelocity_, domain_.spacing, spaceOrder());
  if (dt_ > limit)
    out << "dt = " << dt_ << " ms exceeds the stability limit " << limit << " ms";
  else if (dt_ > 0.95 * limit)
    out << "dt = " << dt_ << " ms is within 5% of the stability limit " << limit
        << " ms; use a smaller dt";
  else
    out << "non-finite values in the wavelet or the model, or amplitudes beyond the range of the "
           "element type (try --dtype f64)";
  return out.str();
}

int AcousticSimulator::spaceOrder() const {
  // The halo of the acoustic laplacian is half its accuracy order.
  return static_cast<int>(2 * *std::max_element(op_.halo().begin(), op_.halo().end()));
}

ShotResult AcousticSimulator::run(const ShotSetup &shot, int64_t steps,
                                  const ProgressCallback &progress) {
  if (steps < 1)
    throw Error("a shot needs at least one time step");
  for (double value : shot.wavelet)
    if (!std::isfinite(value))
      throw Error("the wavelet contains a non-finite value");
  if (op_.elementType() == ElementType::F32)
    return runTyped<float>(shot, steps, progress);
  return runTyped<double>(shot, steps, progress);
}

} // namespace strata::runtime
