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
  std::vector<double> wavelet;                // source amplitude per step (at dt)
  std::vector<int64_t> snapshotSteps;         // steps whose wavefield is kept (physical grid)
};

struct Snapshot {
  int64_t step = 0;
  std::vector<float> values; // physical grid, C order
};

struct ShotResult {
  int64_t steps = 0;
  int64_t receivers = 0;
  std::vector<float> traces; // [step][receiver]
  std::vector<Snapshot> snapshots;
  double kernelSeconds = 0;
  double gigaPointsPerSecond = 0; // computational grid points x steps / kernel time
};

/// Called between chunks of steps: (steps done, steps in total).
using ProgressCallback = std::function<void(int64_t, int64_t)>;

/// A wavefield that stopped being finite: the step, the time and a probable cause.
struct InstabilityError : Error {
  using Error::Error;
};

class AcousticSimulator {
public:
  /// Compiles `model` (an acoustic-family model: inputs `m` and `damp`, a state `u`, one
  /// source and one receiver set) and prepares m and damp from `velocity` (km/s on the
  /// physical grid of `domain`).
  AcousticSimulator(const frontend::Model &model, const KernelOptions &kernelOptions,
                    const Domain &domain, std::vector<float> velocity, double dt,
                    Interpolation interpolation);

  /// Runs `steps` steps of one shot from a wavefield at rest.
  ShotResult run(const ShotSetup &shot, int64_t steps, const ProgressCallback &progress = {});

  const Operator &op() const { return op_; }
  double minVelocity() const { return minVelocity_; }
  double maxVelocity() const { return maxVelocity_; }
  double timeStep() const { return dt_; }
  const Domain &domain() const { return domain_; }

private:
  template <typename T> ShotResult runTyped(const ShotSetup &shot, int64_t steps,
                                            const ProgressCallback &progress);
  std::string instabilityMessage(int64_t step, int64_t index) const;
  int spaceOrder() const;

  Operator op_;
  Domain domain_;
  std::vector<float> velocity_;
  double dt_;
  Interpolation interpolation_;
  double minVelocity_ = 0, maxVelocity_ = 0;
  std::vector<double> m_, damp_; // padded arrays
};

/// Checks the model has what AcousticSimulator binds, with a message naming what is missing.
void requireAcousticInterface(const Operator &op);

} // namespace strata::runtime
