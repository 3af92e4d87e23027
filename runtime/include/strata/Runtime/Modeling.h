//===- Modeling.h - acoustic shots through the compiled stdlib model -*- C++ -*-===//
//
// Simulates shots with the kernel compiled from a `.pde` acoustic model (by default
// stdlib/acoustic.pde): the runtime only prepares the inputs the model declares (`m`,
// `damp`), the sparse geometry of `src` and `rec`, and the time loop around the kernel.
// Nothing here knows the acoustic stencil.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "strata/Runtime/Domain.h"
#include "strata/Runtime/Operator.h"
#include "strata/Runtime/Seismic/SparseGeometry.h"

#include <functional>
#include <optional>

namespace strata::runtime {

struct ShotSetup {
  std::vector<std::vector<double>> sources;   // physical coordinates (m), fired together
  std::vector<std::vector<double>> receivers; // physical coordinates (m)
  std::vector<double> wavelet;                // source amplitude per step (at dt), every source
  std::vector<double> sourceTraces;           // or one trace per source: [step][source]
  std::vector<double> receiverData;           // adjoint runs: [step][receiver]
  std::vector<int64_t> snapshotSteps;         // steps whose wavefield is kept (physical grid)
};

struct Snapshot {
  int64_t step = 0;
  std::vector<float> values; // physical grid, C order
};

struct ShotResult {
  int64_t steps = 0;
  int64_t receivers = 0; // columns of `traces`: receivers, or sources for an adjoint run
  /// [step][receiver] (adjoint runs: [step][source]), in double whatever the kernel's element
  /// type, so that float64 runs keep their precision; files are written as float32.
  std::vector<double> traces;
  std::vector<Snapshot> snapshots;
  double kernelSeconds = 0;
  double gigaPointsPerSecond = 0; // computational grid points x steps / kernel time
};

/// Called between chunks of steps: (steps done, steps in total).
using ProgressCallback = std::function<void(int64_t, int64_t)>;

/// The least-squares misfit of one shot and its gradient with respect to m.
struct GradientResult {
  double misfit = 0;            // 0.5 * sum over steps and receivers of (synthetic - observed)^2
  std::vector<double> gradient; // d misfit / d m on the padded array of m (op().fieldShape("m"))
  int64_t forwardSteps = 0;     // forward steps run for the gradient (recomputation included)
  double recomputation = 0;     // forwardSteps / steps
};

/// A wavefield that stopped being finite: the step, the time and a probable cause.
struct InstabilityError : Error {
  using Error::Error;
};

/// The kernels derived from the model that a simulator compiles besides the forward one.
struct DerivedKernels {
  bool adjoint = false;  // for adjoint()
  bool born = false;     // for born()
  bool gradient = false; // for gradient()
};

class AcousticSimulator {
public:
  /// Compiles `model` (an acoustic-family model: inputs `m` and `damp`, a state `u`, one
  /// source and one receiver set) and prepares m and damp from `velocity` (km/s on the
  /// physical grid of `domain`). `derived` says which derived kernels to compile too: the exact
  /// discrete adjoint for adjoint(), the gradient kernel (J^T) for gradient().
  AcousticSimulator(const frontend::Model &model, const KernelOptions &kernelOptions,
                    const Domain &domain, std::vector<float> velocity, double dt,
                    Interpolation interpolation, DerivedKernels derived = {});

  /// Runs `steps` steps of one shot from a wavefield at rest.
  ShotResult run(const ShotSetup &shot, int64_t steps, const ProgressCallback &progress = {});

  /// The transpose of run(): from `shot.receiverData` back to one trace per source, through
  /// the compiler-derived adjoint kernel (steps run backwards from rest). Snapshots show the
  /// adjoint wavefield as the kernel stores it: scaled by the update's factor
  /// -1/(m/dt^2 + damp/(2 dt)) unless KernelOptions::scaleAdjointStates is off (see
  /// docs/abi.md, "Derived kernels").
  ShotResult adjoint(const ShotSetup &shot, int64_t steps, const ProgressCallback &progress = {});

  /// The Born (linearized) data J dm of a shot for a perturbation `dm` of m on the physical
  /// grid, through the compiler-derived linearization; the background wavefield is computed
  /// alongside. `dm` is extended into the absorbing layer and the halo as m is.
  ShotResult born(const ShotSetup &shot, const std::vector<double> &dm, int64_t steps);

  /// The misfit 0.5 |F(m) s - observed|^2 of a shot and its exact discrete gradient with
  /// respect to m, through the compiler-derived gradient kernel (J^T). The forward wavefield
  /// is recomputed from `slots` snapshots by binomial checkpointing (Revolve); with
  /// slots >= steps every state is stored once. `shot.receiverData` holds the observed data.
  /// The snapshot buffers stay allocated for the next call (a gradient per shot would
  /// otherwise fault its whole memory budget in again each time): releaseSnapshots() frees
  /// them, and a call that needs fewer slots frees the rest.
  GradientResult gradient(const ShotSetup &shot, int64_t steps, int slots);
  void releaseSnapshots();

  /// The gradient with respect to m on the physical grid, from one on the padded array: the
  /// transpose of the edge extension that fills the absorbing layer and the halo (each padded
  /// point copies its nearest physical point, so its gradient adds to that point's).
  std::vector<double> physicalGradient(const std::vector<double> &padded) const;

  /// Sets m from its values on the physical grid, extended into the layer and the halo of
  /// every kernel as the velocity model is (the damping stays as built).
  void setPhysicalSquaredSlowness(const std::vector<double> &physical);

  /// Replaces the padded squared slowness every kernel uses (the damping stays as built).
  /// Throws when a kernel pads the grid differently (its halo): use the physical overload.
  void setSquaredSlowness(std::vector<double> padded);
  const std::vector<double> &squaredSlowness() const { return forward_.m; }

  const Operator &op() const { return forward_.op; }
  double minVelocity() const { return minVelocity_; }
  double maxVelocity() const { return maxVelocity_; }
  double timeStep() const { return dt_; }
  const Domain &domain() const { return domain_; }

private:
  /// A compiled kernel with the model's inputs padded for its halo.
  struct Kernel {
    Operator op;
    std::vector<double> m, damp;
  };
  Kernel prepare(Operator op) const;
  template <typename T>
  ShotResult runTyped(Kernel &kernel, bool adjoint, const ShotSetup &shot, int64_t steps,
                      const ProgressCallback &progress);
  template <typename T>
  ShotResult bornTyped(const ShotSetup &shot, const std::vector<double> &dm, int64_t steps);
  /// The padded array whose every point copies its nearest physical point (the extension
  /// physicalGradient transposes).
  std::vector<double> extended(const std::vector<double> &physical,
                               const std::vector<int64_t> &halo) const;
  template <typename T>
  GradientResult gradientTyped(const ShotSetup &shot, int64_t steps, int slots);
  /// gradient()'s snapshot buffers of element type T, kept between calls.
  template <typename T> std::vector<FieldBuffer<T>> &snapshotPool();
  SparseSupport sourceSupport(const ShotSetup &shot, const std::vector<int64_t> &halo) const;
  SparseSupport receiverSupport(const ShotSetup &shot, const std::vector<int64_t> &halo) const;
  /// Binds dt and the grid spacings.
  void setScalars(Operator &op) const;
  std::string instabilityMessage(int64_t step, const std::vector<int64_t> &index) const;
  int spaceOrder() const;

  std::vector<FieldBuffer<float>> snapshotsF32_;
  std::vector<FieldBuffer<double>> snapshotsF64_;
  Domain domain_;
  std::vector<float> velocity_;
  double dt_;
  Interpolation interpolation_;
  double minVelocity_ = 0, maxVelocity_ = 0;
  /// The forward kernel and each derived one this simulator was built with.
  std::vector<Kernel *> kernels();

  Kernel forward_;
  std::optional<Kernel> adjoint_, born_, gradient_;
};

/// Checks the model has what AcousticSimulator binds, with a message naming what is missing.
void requireAcousticInterface(const Operator &op);

/// `options` as the simulator compiles its kernels for `domain`: with the grid given, so that
/// the compiler chooses temporal blocking for it.
KernelOptions onGrid(KernelOptions options, const Domain &domain);

} // namespace strata::runtime
