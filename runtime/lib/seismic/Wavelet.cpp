//===- Wavelet.cpp - source wavelets --------------------------------------===//
#include "strata/Runtime/Seismic/Wavelet.h"

#include "Kaiser.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <stdexcept>
#include <string>

namespace strata::runtime {

namespace {

void requirePositive(double value, const char *what, const char *function) {
  if (!(value > 0) || !std::isfinite(value))
    throw std::invalid_argument(std::string(function) + ": " + what + " must be positive, got " +
                                std::to_string(value));
}

void requireSteps(int64_t steps, const char *function) {
  if (steps < 0)
    throw std::invalid_argument(std::string(function) + ": step count must be >= 0, got " +
                                std::to_string(steps));
}

// A radius of 8 samples with b = 8 keeps the window's sidelobes near -60 dB while the
// passband stays flat to ~0.8 of Nyquist: more than enough for wavelets sampled at >= 4
// points per period of their highest frequency.
constexpr double kResampleRadius = 8.0;
constexpr double kResampleKaiserB = 8.0;

} // namespace

std::vector<double> rickerWavelet(double peakFrequencyKHz, double delayMs, double dtMs,
                                  int64_t steps) {
  requirePositive(peakFrequencyKHz, "the peak frequency (kHz)", "rickerWavelet");
  requirePositive(dtMs, "the time step (ms)", "rickerWavelet");
  requireSteps(steps, "rickerWavelet");
  if (!std::isfinite(delayMs))
    throw std::invalid_argument("rickerWavelet: the delay must be finite");
  std::vector<double> wavelet(static_cast<size_t>(steps));
  double pif = std::numbers::pi * peakFrequencyKHz;
  for (int64_t k = 0; k < steps; ++k) {
    double tau = double(k) * dtMs - delayMs;
    double arg = pif * pif * tau * tau;
    wavelet[size_t(k)] = (1.0 - 2.0 * arg) * std::exp(-arg);
  }
  return wavelet;
}

std::vector<double> resampleTrace(const std::vector<double> &trace, double dtIn, double dtOut,
                                  int64_t stepsOut) {
  requirePositive(dtIn, "the input sampling interval (ms)", "resampleTrace");
  requirePositive(dtOut, "the output sampling interval (ms)", "resampleTrace");
  requireSteps(stepsOut, "resampleTrace");
  // Scale < 1 when downsampling: the kernel becomes the sinc of the output rate.
  double scale = std::min(1.0, dtIn / dtOut);
  double radius = kResampleRadius / scale; // in input samples
  int64_t last = int64_t(trace.size()) - 1;
  std::vector<double> result(size_t(stepsOut), 0.0);
  for (int64_t k = 0; k < stepsOut; ++k) {
    double position = double(k) * dtOut / dtIn; // in input samples
    int64_t first = std::max<int64_t>(0, int64_t(std::ceil(position - radius)));
    int64_t end = std::min<int64_t>(last, int64_t(std::floor(position + radius)));
    double sum = 0.0;
    for (int64_t i = first; i <= end; ++i)
      sum += trace[size_t(i)] * scale *
             detail::kaiserSinc(scale * (position - double(i)), kResampleRadius, kResampleKaiserB);
    result[size_t(k)] = sum;
  }
  return result;
}

} // namespace strata::runtime
