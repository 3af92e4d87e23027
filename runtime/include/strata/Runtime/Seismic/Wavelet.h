//===- Wavelet.h - source wavelets ------------------------------*- C++ -*-===//
//
// Units: time in ms, frequency in kHz (so f * t is dimensionless).
//
//===----------------------------------------------------------------------===//
#pragma once

#include <cstdint>
#include <vector>

namespace strata::runtime {

/// The Ricker wavelet r(t) = (1 - 2 pi^2 f^2 (t - t0)^2) exp(-pi^2 f^2 (t - t0)^2) sampled at
/// t = k * dt, k = 0 .. steps - 1. Peak 1 at t = t0 (= delayMs), zero crossings at
/// t0 +- 1 / (sqrt(2) pi f), minima -2 exp(-3/2) at t0 +- sqrt(6) / (2 pi f), amplitude
/// spectrum peaking at f.
/// Convention: Devito's RickerSource uses t0 = 1 / f; callers pass that for the default (the
/// wavelet then starts at r(0) = (1 - 2 pi^2) exp(-pi^2) ~ -1e-3, i.e. smoothly).
/// Throws std::invalid_argument for f <= 0, dt <= 0, steps < 0 or a non-finite delay.
std::vector<double> rickerWavelet(double peakFrequencyKHz, double delayMs, double dtMs,
                                  int64_t steps);

/// Resamples `trace` (sample i at t = i * dtIn) to t = k * dtOut, k = 0 .. stepsOut - 1, by
/// Kaiser-windowed sinc interpolation (radius 8 input samples, Kaiser b = 8): band-limited
/// interpolation, exact at the input samples when dtOut == dtIn. When dtOut > dtIn the sinc
/// is widened to the output Nyquist frequency, so the result is low-passed, not aliased.
/// Samples beyond the trace's ends are taken as 0 (a wavelet that has ended).
/// Throws std::invalid_argument for dtIn <= 0, dtOut <= 0 or stepsOut < 0.
std::vector<double> resampleTrace(const std::vector<double> &trace, double dtIn, double dtOut,
                                  int64_t stepsOut);

} // namespace strata::runtime
