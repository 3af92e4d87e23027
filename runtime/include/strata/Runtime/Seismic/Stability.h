//===- Stability.h - the CFL limit of the acoustic leapfrog -----*- C++ -*-===//
//
// The kernel's update is leapfrog in time with the centered second-derivative stencil w of
// accuracy `spaceOrder` on each axis. A Fourier mode exp(i k.x) is stable iff
//   dt^2 v^2 lambda(k) <= 4,   lambda(k) = sum_d -(sum_j w_j cos(j k_d h_d)) / h_d^2.
// The Fornberg weights alternate in sign (w_j (-1)^j <= 0), so lambda peaks at the Nyquist mode
// k_d h_d = pi with lambda_max = sum_d (sum_j |w_j|) / h_d^2, giving the exact limit
//   dt_max = 2 / (v_max sqrt(sum_d (sum_j |w_j|) / h_d^2)).
// Units: h in m, v in km/s (= m/ms) -> dt in ms. Second order: dt_max = h / (v sqrt(dims)).
// The damping term is centered in time (docs/abi.md) and does not lower the limit.
//
//===----------------------------------------------------------------------===//
#pragma once

#include <vector>

namespace strata::runtime {

/// dt_stable = kTimeStepSafety * dt_max. At dt_max itself the Nyquist mode is marginal (it
/// grows linearly) and float32 rounding of m, dt and the weights can push it past; 0.9 leaves
/// a 10% margin for that and for a v_max read from a rounded model, while costing only 11%
/// more steps.
inline constexpr double kTimeStepSafety = 0.9;

/// The exact leapfrog limit (ms). Throws std::invalid_argument for a non-positive velocity or
/// spacing, or a space order that is not even and >= 2.
double criticalTimeStep(double maxVelocityKmS, const std::vector<double> &spacing, int spaceOrder);

/// kTimeStepSafety * criticalTimeStep(...).
double stableTimeStep(double maxVelocityKmS, const std::vector<double> &spacing, int spaceOrder);

/// Throws std::invalid_argument when dt is not positive or exceeds criticalTimeStep, giving the
/// limit and the recommended stableTimeStep.
void checkTimeStep(double dtMs, double maxVelocityKmS, const std::vector<double> &spacing,
                   int spaceOrder);

} // namespace strata::runtime
