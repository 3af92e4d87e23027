//===- Fornberg.h - Finite-difference weights -------------------*- C++ -*-===//
//
// Weights from Fornberg's algorithm ("Generation of finite difference
// formulas on arbitrarily spaced grids", Math. Comp. 51, 1988): for any
// derivative order and any set of (possibly half-integer) offsets. No tables.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "strata/frontend/AST.h"

#include <vector>

namespace strata::frontend {

/// Weights w_i such that f^(derivOrder)(x0) ~= sum_i w_i f(points[i]), for
/// unit spacing. Exact for polynomials of degree < points.size().
/// Returns an empty vector when points.size() <= derivOrder or derivOrder < 0.
std::vector<double> fornbergWeights(int derivOrder, double x0, const std::vector<double> &points);

/// A 1-D stencil in units of the grid spacing.
struct Stencil {
  std::vector<double> offsets;
  std::vector<double> weights;
};

/// Centered stencil of even accuracy order p: offsets -p/2 .. p/2.
Stencil centeredStencil(int derivOrder, int accuracy);
/// First derivative half way between points: offsets +-1/2, +-3/2, ...,
/// +-(p-1)/2 for even accuracy order p.
Stencil staggeredStencil(int accuracy);
/// One-sided stencil: offsets 0..n (Side::Right) or -n..0 (Side::Left) with
/// n = derivOrder + accuracy - 1.
Stencil oneSidedStencil(int derivOrder, int accuracy, Side side);

} // namespace strata::frontend
