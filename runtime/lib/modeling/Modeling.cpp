//===- Modeling.cpp - acoustic shots through the compiled stdlib model ----===//
#include "strata/Runtime/Modeling.h"

#include "strata/Runtime/Inversion/Checkpointing.h"
#include "strata/Runtime/Seismic/Damping.h"
#include "strata/Runtime/Seismic/Stability.h"
#include "strata/frontend/Model.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <type_traits>

namespace strata::runtime {

void requireAcousticInterface(const Operator &op) {
  using Kind = compiler::KernelArgument::Kind;
  std::map<std::string, Kind> expected = {{"m", Kind::Input},    {"damp", Kind::Input},
                                          {"u", Kind::State},    {"src", Kind::Points},
                                          {"rec", Kind::Points}, {"dt", Kind::Scalar}};
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
  throw Error("model '" + op.signature().name + "' cannot be run as an acoustic shot: it lacks " +
              missing + " (expected inputs m and damp, a state u, a source src, a receiver rec)");
}

/// The simulator's kernels run on one grid, laid out as Operator::fieldLayout says: their
/// strides are compiled in (fewer registers for row pointers; docs/performance.md).
KernelOptions onGrid(KernelOptions options, const Domain &domain) {
  options.gridShape = domain.computationalShape();
  options.fieldStrides = KernelOptions::FieldStrides::AlignedRows;
  return options;
}

namespace {

size_t elementCount(const std::vector<int64_t> &shape) {
  size_t count = 1;
  for (int64_t extent : shape)
    count *= static_cast<size_t>(extent);
  return count;
}

size_t physicalSize(const Domain &domain) { return elementCount(domain.shape); }

size_t paddedSize(const Domain &domain, const std::vector<int64_t> &halo) {
  return elementCount(paddedShape(domain, halo));
}

/// How the simulator lays out a kernel's fields (Operator::fieldLayout): rows padded to
/// whole cache lines with their interiors aligned, a wavefield's `levels` time levels
/// padded apart against 4K aliasing (see paddedFieldLayout).
struct WavefieldLayout {
  FieldLayout wavefield; // levels, then the padded grid
  FieldLayout grid;      // one level, or an input: the padded grid
  int64_t levels;

  WavefieldLayout(const Operator &op, const Domain &domain)
      : wavefield(op.fieldLayout("u", domain.computationalShape())),
        grid(op.fieldLayout("m", domain.computationalShape())), levels(wavefield.shape[0]) {}

  /// Where level `level` (modulo the levels) starts, counted from element 0.
  int64_t levelOffset(int64_t level) const { return (level % levels) * wavefield.strides[0]; }
};

/// Validates the velocities and returns their range.
std::pair<double, double> velocityRange(const std::vector<float> &velocity) {
  if (velocity.empty())
    throw Error("the velocity model is empty");
  auto [low, high] = std::minmax_element(velocity.begin(), velocity.end());
  if (!(*low > 0) || !std::isfinite(*high))
    throw Error("velocities must be positive and finite (found " + std::to_string(*low) + " .. " +
                std::to_string(*high) + " km/s)");
  return {*low, *high};
}

Operator checkedCompile(const frontend::Model &model, const KernelOptions &options,
                        const Domain &domain) {
  Operator op = compile(model, onGrid(options, domain));
  requireAcousticInterface(op);
  if (op.signature().dims != domain.dims())
    throw Error("the model was compiled for " + std::to_string(op.signature().dims) +
                " dimensions but the case grid has " + std::to_string(domain.dims()));
  return op;
}

Domain validated(const Domain &domain) {
  domain.validate();
  return domain;
}

KernelOptions adjointOf(KernelOptions options) {
  options.adjoint = true;
  return options;
}

KernelOptions bornOf(KernelOptions options) {
  options.jacobian = "m";
  return options;
}

KernelOptions gradientOf(KernelOptions options) {
  options.gradient = "m";
  return options;
}

} // namespace

AcousticSimulator::Kernel AcousticSimulator::prepare(Operator op) const {
  std::vector<double> m = runtime::squaredSlowness(velocity_, domain_, op.halo());
  std::vector<double> damp = dampingField(domain_, op.halo(), m);
  return Kernel{std::move(op), std::move(m), std::move(damp)};
}

AcousticSimulator::AcousticSimulator(const frontend::Model &model, const KernelOptions &options,
                                     const Domain &domain, std::vector<float> velocity, double dt,
                                     Interpolation interpolation, DerivedKernels derived)
    : domain_(validated(domain)), velocity_(std::move(velocity)), dt_(dt),
      interpolation_(interpolation), forward_(prepare(checkedCompile(model, options, domain_))) {
  std::tie(minVelocity_, maxVelocity_) = velocityRange(velocity_);
  if (derived.adjoint)
    adjoint_ = prepare(checkedCompile(model, adjointOf(options), domain_));
  if (derived.born)
    born_ = prepare(compile(model, onGrid(bornOf(options), domain_)));
  if (derived.gradient) {
    gradient_ = prepare(compile(model, onGrid(gradientOf(options), domain_)));
    // The gradient kernel reads the forward kernel's wavefield buffer in place.
    if (gradient_->op.halo() != forward_.op.halo())
      throw Error("the gradient kernel of model '" + model.name +
                  "' needs a different halo than its forward kernel; not supported yet");
  }
}

std::vector<double> AcousticSimulator::physicalGradient(const std::vector<double> &padded) const {
  const std::vector<int64_t> &halo = forward_.op.halo();
  std::vector<double> result(physicalSize(domain_), 0.0);
  if (padded.size() != paddedSize(domain_, halo))
    throw Error("the padded gradient does not match the kernel's grid");
  // The transpose of extended(): each padded value goes to the physical point it copies.
  forEachNearestPhysical(domain_, halo,
                         [&](size_t from, size_t to) { result[to] += padded[from]; });
  return result;
}

std::vector<double> AcousticSimulator::extended(const std::vector<double> &physical,
                                                const std::vector<int64_t> &halo) const {
  if (physical.size() != physicalSize(domain_))
    throw Error("the perturbation has " + std::to_string(physical.size()) +
                " values; the physical grid has " + std::to_string(physicalSize(domain_)));
  std::vector<double> padded(paddedSize(domain_, halo));
  forEachNearestPhysical(domain_, halo,
                         [&](size_t to, size_t from) { padded[to] = physical[from]; });
  return padded;
}

std::vector<AcousticSimulator::Kernel *> AcousticSimulator::kernels() {
  std::vector<Kernel *> all = {&forward_};
  for (std::optional<Kernel> *derived : {&adjoint_, &born_, &gradient_})
    if (*derived)
      all.push_back(&**derived);
  return all;
}

void AcousticSimulator::setPhysicalSquaredSlowness(const std::vector<double> &physical) {
  for (Kernel *kernel : kernels())
    kernel->m = extended(physical, kernel->op.halo());
}

void AcousticSimulator::setSquaredSlowness(std::vector<double> padded) {
  for (Kernel *kernel : kernels())
    if (kernel->m.size() != padded.size())
      throw Error("the squared slowness has " + std::to_string(padded.size()) +
                  " values, the padded grid of kernel '" + kernel->op.signature().name + "' " +
                  std::to_string(kernel->m.size()) +
                  (kernel == &forward_ ? "" : " (its halo differs: set m on the physical grid)"));
  for (Kernel *kernel : kernels())
    kernel->m = padded;
}

namespace {

/// A model field (or other grid-sized array) in the kernel's element type, as fieldArray
/// allocates it.
template <typename T> std::vector<T> convert(const std::vector<double> &values) {
  return fieldArrayOf<T>(values);
}

/// A padded-grid array (an input such as m or damp) laid out as `layout`, from its
/// contiguous values.
template <typename T>
FieldBuffer<T> gridBuffer(const FieldLayout &layout, const std::vector<double> &values) {
  FieldBuffer<T> buffer(layout);
  buffer.assign(values);
  return buffer;
}

/// A shot's sources and receivers as a kernel binds them: supports, and weights in its
/// element type.
template <typename T> struct ShotPoints {
  SparseSupport sources, receivers;
  std::vector<T> sourceWeights, receiverWeights;

  ShotPoints(SparseSupport sourceSupport, SparseSupport receiverSupport)
      : sources(std::move(sourceSupport)), receivers(std::move(receiverSupport)),
        sourceWeights(convert<T>(sources.weights)), receiverWeights(convert<T>(receivers.weights)) {
  }

  /// Binds "src" (or "rec") of `op` with `amplitudes`, `steps` rows of one per point.
  void bindSources(Operator &op, std::vector<T> &amplitudes, int64_t steps) const {
    op.bindPoints("src", amplitudes.data(), steps, sources.points, sources.support.data(),
                  sources.entries, sourceWeights.data());
  }
  void bindReceivers(Operator &op, std::vector<T> &amplitudes, int64_t steps) const {
    op.bindPoints("rec", amplitudes.data(), steps, receivers.points, receivers.support.data(),
                  receivers.entries, receiverWeights.data());
  }
};

/// The physical part of one padded grid laid out as `grid` (drops the halo and the
/// absorbing layer).
template <typename T>
std::vector<float> physicalRegion(const T *padded, const Domain &domain, const FieldLayout &grid,
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
      offset += (index[axis] + halo[axis] + domain.absorbingWidth) * grid.strides[axis];
    out.push_back(static_cast<float>(padded[offset]));
  }
  return out;
}

/// The padded grid index of the first non-finite value of the grid laid out as `grid`
/// (its padding included: zeros the kernels never write), or empty.
template <typename T>
std::vector<int64_t> firstNonFinite(const T *values, const FieldLayout &grid) {
  const size_t span = grid.span();
  for (size_t i = 0; i < span; ++i)
    if (!std::isfinite(values[i])) {
      std::vector<int64_t> index(grid.shape.size());
      int64_t rest = static_cast<int64_t>(i);
      for (size_t axis = 0; axis < index.size(); ++axis) {
        index[axis] = rest / grid.strides[axis];
        rest %= grid.strides[axis];
      }
      return index;
    }
  return {};
}

/// Source amplitudes [step][source]: one trace per source, or the wavelet for every source.
template <typename T>
void fillSourceAmplitudes(const ShotSetup &shot, int64_t steps, int64_t sources,
                          std::vector<T> &amplitudes) {
  if (!shot.sourceTraces.empty()) {
    if (static_cast<int64_t>(shot.sourceTraces.size()) < steps * sources)
      throw Error("the source traces hold " + std::to_string(shot.sourceTraces.size()) +
                  " samples; " + std::to_string(steps) + " steps of " + std::to_string(sources) +
                  " sources need " + std::to_string(steps * sources));
    for (int64_t i = 0; i < steps * sources; ++i)
      amplitudes[i] = static_cast<T>(shot.sourceTraces[i]);
    return;
  }
  if (static_cast<int64_t>(shot.wavelet.size()) < steps)
    throw Error("the wavelet has " + std::to_string(shot.wavelet.size()) + " samples for " +
                std::to_string(steps) + " steps");
  for (int64_t t = 0; t < steps; ++t)
    for (int64_t p = 0; p < sources; ++p)
      amplitudes[t * sources + p] = static_cast<T>(shot.wavelet[t]);
}

template <typename T>
void fillReceiverData(const ShotSetup &shot, int64_t steps, int64_t receivers,
                      std::vector<T> &amplitudes) {
  if (static_cast<int64_t>(shot.receiverData.size()) != steps * receivers)
    throw Error("the receiver data hold " + std::to_string(shot.receiverData.size()) +
                " samples; " + std::to_string(steps) + " steps of " + std::to_string(receivers) +
                " receivers need exactly " + std::to_string(steps * receivers));
  for (int64_t i = 0; i < steps * receivers; ++i)
    amplitudes[i] = static_cast<T>(shot.receiverData[i]);
}

} // namespace

// A point source is a discrete delta: its weights are divided by the cell volume so that
// traces do not change scale when the grid is refined.
SparseSupport AcousticSimulator::sourceSupport(const ShotSetup &shot,
                                               const std::vector<int64_t> &halo) const {
  SparseSupport sources = computeSupport(domain_, halo, shot.sources, interpolation_, "source");
  scaleWeights(sources, 1.0 / domain_.cellVolume());
  return sources;
}

SparseSupport AcousticSimulator::receiverSupport(const ShotSetup &shot,
                                                 const std::vector<int64_t> &halo) const {
  return computeSupport(domain_, halo, shot.receivers, interpolation_, "receiver");
}

void AcousticSimulator::setScalars(Operator &op) const {
  static const char *spacingNames[3][3] = {{"h_x"}, {"h_x", "h_z"}, {"h_x", "h_y", "h_z"}};
  op.setScalar("dt", dt_);
  for (int axis = 0; axis < domain_.dims(); ++axis)
    op.setScalar(spacingNames[domain_.dims() - 1][axis], domain_.spacing[axis]);
}

template <typename T>
ShotResult AcousticSimulator::runTyped(Kernel &kernel, bool adjoint, const ShotSetup &shot,
                                       int64_t steps, const ProgressCallback &progress) {
  Operator &op = kernel.op;
  const std::vector<int64_t> &halo = op.halo();
  const WavefieldLayout layout(op, domain_);
  FieldBuffer<T> m = gridBuffer<T>(layout.grid, kernel.m),
                 damp = gridBuffer<T>(layout.grid, kernel.damp);
  FieldBuffer<T> u(layout.wavefield);
  op.bindField("m", m);
  op.bindField("damp", damp);
  op.bindField("u", u);

  const ShotPoints<T> shotPoints(sourceSupport(shot, halo), receiverSupport(shot, halo));
  const SparseSupport &sources = shotPoints.sources, &receivers = shotPoints.receivers;
  std::vector<T> sourceAmplitudes(steps * sources.points, T(0));
  std::vector<T> traces(steps * receivers.points, T(0));
  if (adjoint)
    fillReceiverData(shot, steps, receivers.points, traces);
  else
    fillSourceAmplitudes(shot, steps, sources.points, sourceAmplitudes);
  shotPoints.bindSources(op, sourceAmplitudes, steps);
  shotPoints.bindReceivers(op, traces, steps);
  setScalars(op);

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
    // An adjoint runs its steps backwards: chunk k covers [steps - stop, steps - done).
    // The inputs were bound above (which invalidated any precomputed coefficients) and do
    // not change between chunks: the first chunk precomputes, the others reuse.
    if (adjoint)
      op.apply(steps - stop, steps - done, /*inputsUnchanged=*/true);
    else
      op.apply(done, stop, /*inputsUnchanged=*/true);
    result.kernelSeconds +=
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    done = stop;
    const int64_t level = adjoint ? steps - done : done;
    const T *newest = u.data() + layout.levelOffset(level);
    if (std::vector<int64_t> bad = firstNonFinite(newest, layout.grid); !bad.empty())
      throw InstabilityError(instabilityMessage(done, bad));
    if (std::count(shot.snapshotSteps.begin(), shot.snapshotSteps.end(), done))
      result.snapshots.push_back({done, physicalRegion(newest, domain_, layout.grid, halo)});
    if (progress)
      progress(done, steps);
  }
  if (adjoint) {
    result.receivers = sources.points;
    result.traces.assign(sourceAmplitudes.begin(), sourceAmplitudes.end());
  } else {
    result.traces.assign(traces.begin(), traces.end());
  }
  // Devito's definition: computational grid points times steps over kernel time.
  double points = 1;
  for (int64_t extent : domain_.computationalShape())
    points *= static_cast<double>(extent);
  if (result.kernelSeconds > 0)
    result.gigaPointsPerSecond = points * steps / result.kernelSeconds / 1e9;
  return result;
}

std::string AcousticSimulator::instabilityMessage(int64_t step,
                                                  const std::vector<int64_t> &index) const {
  std::ostringstream out;
  out << "the wavefield is not finite (NaN or Inf) after step " << step << " (t = " << step * dt_
      << " ms, at padded grid index (";
  for (size_t axis = 0; axis < index.size(); ++axis)
    out << (axis ? ", " : "") << index[axis];
  out << ")); probable cause: ";
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
  const auto &halo = forward_.op.halo();
  return static_cast<int>(2 * *std::max_element(halo.begin(), halo.end()));
}

template <typename T>
ShotResult AcousticSimulator::bornTyped(const ShotSetup &shot, const std::vector<double> &dm,
                                        int64_t steps) {
  Operator &op = born_->op;
  const std::vector<int64_t> &halo = op.halo();
  const WavefieldLayout layout(op, domain_);
  FieldBuffer<T> m = gridBuffer<T>(layout.grid, born_->m),
                 damp = gridBuffer<T>(layout.grid, born_->damp),
                 perturbation = gridBuffer<T>(layout.grid, extended(dm, halo));
  FieldBuffer<T> u(layout.wavefield), du(layout.wavefield);
  op.bindField("m", m);
  op.bindField("damp", damp);
  op.bindField("dm", perturbation);
  op.bindField("u", u);
  op.bindField("du", du);
  const ShotPoints<T> points(sourceSupport(shot, halo), receiverSupport(shot, halo));
  std::vector<T> amplitudes(steps * points.sources.points, T(0)),
      data(steps * points.receivers.points, T(0));
  fillSourceAmplitudes(shot, steps, points.sources.points, amplitudes);
  points.bindSources(op, amplitudes, steps);
  points.bindReceivers(op, data, steps);
  setScalars(op);
  auto start = std::chrono::steady_clock::now();
  op.apply(0, steps);
  ShotResult result;
  result.steps = steps;
  result.receivers = points.receivers.points;
  result.kernelSeconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  result.traces.assign(data.begin(), data.end());
  return result;
}

ShotResult AcousticSimulator::born(const ShotSetup &shot, const std::vector<double> &dm,
                                   int64_t steps) {
  if (!born_)
    throw Error("this simulator was built without its Born kernel");
  if (steps < 1)
    throw Error("a Born run needs at least one time step");
  if (born_->op.elementType() == ElementType::F32)
    return bornTyped<float>(shot, dm, steps);
  return bornTyped<double>(shot, dm, steps);
}

template <typename T>
GradientResult AcousticSimulator::gradientTyped(const ShotSetup &shot, int64_t steps, int slots) {
  Operator &forward = forward_.op, &transpose = gradient_->op;
  const std::vector<int64_t> &halo = forward.halo();
  const WavefieldLayout layout(forward, domain_);

  FieldBuffer<T> m = gridBuffer<T>(layout.grid, forward_.m),
                 damp = gridBuffer<T>(layout.grid, forward_.damp);
  FieldBuffer<T> u(layout.wavefield), du(layout.wavefield), grad(layout.grid);
  const ShotPoints<T> points(sourceSupport(shot, halo), receiverSupport(shot, halo));
  const int64_t sources = points.sources.points, receivers = points.receivers.points;
  std::vector<T> amplitudes(steps * sources, T(0)), synthetic(steps * receivers, T(0));
  fillSourceAmplitudes(shot, steps, sources, amplitudes);
  std::vector<T> residual(steps * receivers, T(0));
  fillReceiverData(shot, steps, receivers, residual); // the observed data, for now
  for (Operator *op : {&forward, &transpose}) {
    op->bindField("m", m);
    op->bindField("damp", damp);
    op->bindField("u", u);
    points.bindSources(*op, amplitudes, steps);
    setScalars(*op);
  }
  points.bindReceivers(forward, synthetic, steps);
  points.bindReceivers(transpose, residual, steps);
  transpose.bindField("du", du);
  transpose.bindField("dm", grad);

  // J^T residual, one adjoint step at a time. Gradient step t reads the forward state after
  // forward step t (levels t+1 and older: the imaging condition rereads the update, see
  // strata-stencil-gradient), so the schedule runs over the states after each step: its state
  // k is forward state k + 1, reached by one forward step first, and its snapshots are of
  // the whole ring buffer. Its first sweep records the synthetic traces the residual needs,
  // all of them before the first adjoint step (later recomputations write the same values
  // again). Inputs are bound once: the Operators precompute their coefficients on the first
  // call and reuse them (a bindField of an input would invalidate them).
  GradientResult result;
  auto forwardSteps = [&](int64_t from, int64_t to) {
    forward.apply(from, to, /*inputsUnchanged=*/true);
    result.forwardSteps += to - from;
  };
  forwardSteps(0, 1);
  // A snapshot is the whole ring buffer as laid out (padding and all: one copy), in a buffer
  // laid out as u is, kept for the next call (snapshotPool). A restore is lazy: the gradient
  // kernel reads a restored state in place (u rebound to the snapshot), and only a forward
  // advance or a store copies it back into u, so with full storage no state is copied back
  // at all. Snapshots take small pages: with the kernel's usual THP defrag setting (madvise),
  // advising gigabytes of them huge stalls their first touch on compaction (measured slower).
  std::vector<FieldBuffer<T>> &snapshots = snapshotPool<T>();
  const size_t slotsUsed = static_cast<size_t>(std::min<int64_t>(slots, steps));
  if (!snapshots.empty() && (snapshots.front().layout().shape != layout.wavefield.shape ||
                             snapshots.front().layout().strides != layout.wavefield.strides))
    snapshots.clear();
  if (snapshots.size() > slotsUsed) // this call's budget: no more than its slots
    snapshots.resize(slotsUsed);
  std::optional<int> restored; // the slot holding the current state, when u does not
  const size_t span = layout.wavefield.span();
  auto copyBack = [&]() {
    if (restored)
      std::copy_n(snapshots[*restored].data(), span, u.data());
    restored.reset();
  };
  CheckpointCallbacks callbacks;
  callbacks.advance = [&](int64_t from, int64_t to) {
    copyBack();
    forwardSteps(from + 1, to + 1);
  };
  callbacks.store = [&](int slot) {
    copyBack();
    while (snapshots.size() <= static_cast<size_t>(slot))
      snapshots.emplace_back(layout.wavefield, T(0), /*hugePages=*/false);
    std::copy_n(u.data(), span, snapshots[slot].data());
  };
  callbacks.restore = [&](int slot) { restored = slot; };
  callbacks.adjointStep = [&](int64_t step) {
    if (step == steps - 1) // every forward step has run once: the misfit, summed in double
      for (size_t i = 0; i < residual.size(); ++i) {
        residual[i] = synthetic[i] - residual[i];
        result.misfit += 0.5 * double(residual[i]) * double(residual[i]);
      }
    transpose.bindField("u", restored ? snapshots[*restored] : u);
    transpose.apply(step, step + 1, /*inputsUnchanged=*/true);
  };
  runCheckpointed(steps, slots, callbacks);
  result.recomputation = double(result.forwardSteps) / double(steps);
  result.gradient = grad.template dense<double>();
  return result;
}

template <typename T> std::vector<FieldBuffer<T>> &AcousticSimulator::snapshotPool() {
  if constexpr (std::is_same_v<T, float>)
    return snapshotsF32_;
  else
    return snapshotsF64_;
}

void AcousticSimulator::releaseSnapshots() {
  snapshotsF32_.clear();
  snapshotsF32_.shrink_to_fit();
  snapshotsF64_.clear();
  snapshotsF64_.shrink_to_fit();
}

GradientResult AcousticSimulator::gradient(const ShotSetup &shot, int64_t steps, int slots) {
  if (!gradient_)
    throw Error("this simulator was built without its gradient kernel");
  if (steps < 1 || slots < 1)
    throw Error("a gradient needs at least one time step and one snapshot slot");
  if (forward_.op.elementType() == ElementType::F32)
    return gradientTyped<float>(shot, steps, slots);
  return gradientTyped<double>(shot, steps, slots);
}

ShotResult AcousticSimulator::run(const ShotSetup &shot, int64_t steps,
                                  const ProgressCallback &progress) {
  if (steps < 1)
    throw Error("a shot needs at least one time step");
  for (const auto *trace : {&shot.wavelet, &shot.sourceTraces})
    for (double value : *trace)
      if (!std::isfinite(value))
        throw Error("the source wavelet or traces contain a non-finite value");
  if (forward_.op.elementType() == ElementType::F32)
    return runTyped<float>(forward_, false, shot, steps, progress);
  return runTyped<double>(forward_, false, shot, steps, progress);
}

ShotResult AcousticSimulator::adjoint(const ShotSetup &shot, int64_t steps,
                                      const ProgressCallback &progress) {
  if (!adjoint_)
    throw Error("this simulator was built without its adjoint kernel");
  if (steps < 1)
    throw Error("an adjoint run needs at least one time step");
  for (double value : shot.receiverData)
    if (!std::isfinite(value))
      throw Error("the receiver data contain a non-finite value");
  if (adjoint_->op.elementType() == ElementType::F32)
    return runTyped<float>(*adjoint_, true, shot, steps, progress);
  return runTyped<double>(*adjoint_, true, shot, steps, progress);
}

} // namespace strata::runtime
