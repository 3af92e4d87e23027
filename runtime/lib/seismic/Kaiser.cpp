//===- Kaiser.cpp - Kaiser-windowed sinc ----------------------------------===//
#include "Kaiser.h"

#include <cmath>
#include <numbers>

namespace strata::runtime::detail {

namespace {

/// Modified Bessel function of the first kind, order 0, by its power series
/// sum_k ((x/2)^k / k!)^2. All terms are positive, so there is no cancellation; for the
/// arguments used here (|x| < 20) it converges to double precision in < 50 terms.
double besselI0(double x) {
  double term = 1.0, sum = 1.0, halfSquared = 0.25 * x * x;
  for (int k = 1; k < 200 && term > 1e-17 * sum; ++k) {
    term *= halfSquared / (double(k) * double(k));
    sum += term;
  }
  return sum;
}

} // namespace

double sinc(double x) {
  if (std::abs(x) < 1e-12)
    return 1.0;
  double px = std::numbers::pi * x;
  return std::sin(px) / px;
}

double kaiserWindow(double x, double radius, double b) {
  double ratio = x / radius;
  if (std::abs(ratio) > 1.0)
    return 0.0;
  return besselI0(b * std::sqrt(1.0 - ratio * ratio)) / besselI0(b);
}

double kaiserSinc(double x, double radius, double b) {
  return sinc(x) * kaiserWindow(x, radius, b);
}

} // namespace strata::runtime::detail
