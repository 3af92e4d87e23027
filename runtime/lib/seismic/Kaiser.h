//===- Kaiser.h - Kaiser-windowed sinc, shared by geometry and resampling -===//
#pragma once

namespace strata::runtime::detail {

/// sin(pi x) / (pi x), 1 at x = 0.
double sinc(double x);
/// The Kaiser window I0(b sqrt(1 - (x/r)^2)) / I0(b) for |x| <= r, 0 outside.
double kaiserWindow(double x, double radius, double b);
/// The windowed sinc of Hicks (2002): sinc(x) * kaiserWindow(x, radius, b).
double kaiserSinc(double x, double radius, double b);

} // namespace strata::runtime::detail
