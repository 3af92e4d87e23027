//===- Fornberg.cpp - Finite-difference weights ---------------------------===//
#include "strata/frontend/Fornberg.h"

#include <algorithm>

namespace strata::frontend {

std::vector<double> fornbergWeights(int derivOrder, double x0, const std::vector<double> &points) {
  const int n = static_cast<int>(points.size()) - 1;
  const int m = derivOrder;
  if (m < 0 || n < m)
    return {};
  // weights[j][k]: weight of node j for the k-th derivative, using the nodes
  // seen so far. Each new node updates all orders at once (Fornberg 1988).
  // Long double keeps the published rationals exact to double precision.
  using Real = long double;
  std::vector<std::vector<Real>> weights(n + 1, std::vector<Real>(m + 1, 0.0L));
  weights[0][0] = 1.0L;
  Real c1 = 1.0L;
  Real c4 = static_cast<Real>(points[0]) - x0;
  for (int i = 1; i <= n; ++i) {
    const int mn = std::min(i, m);
    Real c2 = 1.0L;
    const Real c5 = c4;
    c4 = static_cast<Real>(points[i]) - x0;
    for (int j = 0; j < i; ++j) {
      const Real c3 = static_cast<Real>(points[i]) - points[j];
      c2 *= c3;
      if (j == i - 1) {
        for (int k = mn; k >= 1; --k)
          weights[i][k] = c1 * (k * weights[i - 1][k - 1] - c5 * weights[i - 1][k]) / c2;
        weights[i][0] = -c1 * c5 * weights[i - 1][0] / c2;
      }
      for (int k = mn; k >= 1; --k)
        weights[j][k] = (c4 * weights[j][k] - k * weights[j][k - 1]) / c3;
      weights[j][0] = c4 * weights[j][0] / c3;
    }
    c1 = c2;
  }
  std::vector<double> result(n + 1);
  for (int j = 0; j <= n; ++j)
    result[j] = static_cast<double>(weights[j][m]);
  return result;
}

namespace {
Stencil makeStencil(int derivOrder, std::vector<double> offsets) {
  Stencil stencil;
  stencil.weights = fornbergWeights(derivOrder, 0.0, offsets);
  stencil.offsets = std::move(offsets);
  return stencil;
}

/// On a symmetric stencil the exact weights are (anti)symmetric; enforcing it
/// removes round-off differences so w(-k) and w(k) are bitwise equal.
void symmetrize(Stencil &stencil, int derivOrder) {
  std::vector<double> &w = stencil.weights;
  double sign = derivOrder % 2 == 0 ? 1.0 : -1.0;
  for (std::size_t i = 0, j = w.size() - 1; i < j; ++i, --j) {
    double value = (w[i] + sign * w[j]) / 2;
    w[i] = value;
    w[j] = sign * value;
  }
  if (sign < 0 && w.size() % 2 == 1)
    w[w.size() / 2] = 0.0;
}
} // namespace

Stencil centeredStencil(int derivOrder, int accuracy) {
  // p+1 points give accuracy p for 1st/2nd derivatives on a symmetric stencil;
  // higher derivatives need derivOrder - 1 extra points (rounded to symmetric).
  int half = (accuracy + derivOrder - 1) / 2;
  half = std::max(half, accuracy / 2);
  std::vector<double> offsets;
  for (int k = -half; k <= half; ++k)
    offsets.push_back(k);
  Stencil stencil = makeStencil(derivOrder, std::move(offsets));
  symmetrize(stencil, derivOrder);
  return stencil;
}

Stencil staggeredStencil(int accuracy) {
  std::vector<double> offsets;
  int half = std::max(accuracy / 2, 1);
  for (int k = -half; k < half; ++k)
    offsets.push_back(k + 0.5);
  Stencil stencil = makeStencil(1, std::move(offsets));
  symmetrize(stencil, 1);
  return stencil;
}

Stencil oneSidedStencil(int derivOrder, int accuracy, Side side) {
  int n = derivOrder + accuracy - 1;
  std::vector<double> offsets;
  for (int k = 0; k <= n; ++k)
    offsets.push_back(side == Side::Left ? -(n - k) : k);
  return makeStencil(derivOrder, std::move(offsets));
}

} // namespace strata::frontend
