//===- SparseGeometryTest.cpp - support indices and interpolation weights -===//
#include "strata/Runtime/Seismic/SparseGeometry.h"

#include <gtest/gtest.h>

#include <cmath>
#include <iostream>
#include <numeric>
#include <random>

using namespace strata::runtime;

namespace {

Domain smallDomain() {
  Domain domain;
  domain.shape = {11, 6};
  domain.spacing = {10.0, 5.0};
  domain.origin = {100.0, 0.0};
  domain.absorbingWidth = 3;
  return domain;
}

/// The physical coordinate of padded index `index` along `axis`.
double coordinateOf(const Domain &domain, const std::vector<int64_t> &halo, int axis,
                    int64_t index) {
  return domain.origin[axis] +
         double(index - halo[axis] - domain.absorbingWidth) * domain.spacing[axis];
}

/// sum_c weights[p][c] * f(coordinates of support[p][c]).
template <typename F>
double interpolate(const SparseSupport &s, const Domain &domain, const std::vector<int64_t> &halo,
                   int64_t p, F f) {
  int dims = domain.dims();
  double sum = 0;
  for (int64_t c = 0; c < s.entries; ++c) {
    std::vector<double> x(size_t(dims), 0.0);
    for (int axis = 0; axis < dims; ++axis)
      x[size_t(axis)] =
          coordinateOf(domain, halo, axis, s.support[size_t((p * s.entries + c) * dims + axis)]);
    sum += s.weights[size_t(p * s.entries + c)] * f(x);
  }
  return sum;
}

std::string errorOf(const Domain &domain, const std::vector<std::vector<double>> &points,
                    Interpolation method) {
  try {
    computeSupport(domain, {4, 4}, points, method, "receiver");
  } catch (const std::invalid_argument &error) {
    return error.what();
  }
  return "";
}

} // namespace

TEST(SparseGeometry, LinearSupportOfAKnownPointByHand) {
  Domain domain = smallDomain();
  // x = 123 -> physical 2.3, computational 5.3, padded 9.3; z = 7.5 -> 1.5, 4.5, 8.5.
  SparseSupport s = computeSupport(domain, {4, 4}, {{123.0, 7.5}}, Interpolation::Linear, "source");
  ASSERT_EQ(s.points, 1);
  ASSERT_EQ(s.entries, 4);
  EXPECT_EQ(s.support, (std::vector<int64_t>{9, 8, 9, 9, 10, 8, 10, 9}));
  std::vector<double> expected = {0.7 * 0.5, 0.7 * 0.5, 0.3 * 0.5, 0.3 * 0.5};
  for (size_t c = 0; c < 4; ++c)
    EXPECT_NEAR(s.weights[c], expected[c], 1e-12);
}

TEST(SparseGeometry, LinearWeightsReproduceLinearFunctionsExactly) {
  Domain domain = smallDomain();
  std::vector<int64_t> halo = {2, 5};
  auto f = [](const std::vector<double> &x) { return 3.0 + 2.0 * x[0] - 0.5 * x[1]; };
  std::mt19937 random(3);
  std::uniform_real_distribution<double> ux(100.0, 200.0), uz(0.0, 25.0);
  std::vector<std::vector<double>> points = {{100.0, 0.0}, {200.0, 25.0}, {200.0, 0.0}};
  for (int i = 0; i < 50; ++i)
    points.push_back({ux(random), uz(random)});
  SparseSupport s = computeSupport(domain, halo, points, Interpolation::Linear, "receiver");
  for (size_t p = 0; p < points.size(); ++p)
    EXPECT_NEAR(interpolate(s, domain, halo, int64_t(p), f), f(points[p]), 1e-10) << p;
}

TEST(SparseGeometry, PointOnTheLastNodeUsesThePreviousCell) {
  Domain domain = smallDomain();
  SparseSupport s = computeSupport(domain, {4, 4}, {{200.0, 25.0}}, Interpolation::Linear, "x");
  // Last physical nodes: padded (10 + 3 + 4, 5 + 3 + 4) = (17, 12); cell starts at (16, 11).
  EXPECT_EQ(s.support, (std::vector<int64_t>{16, 11, 16, 12, 17, 11, 17, 12}));
  EXPECT_EQ(s.weights, (std::vector<double>{0, 0, 0, 1}));
}

TEST(SparseGeometry, SincWeightsAreADeltaOnANode) {
  Domain domain = smallDomain();
  domain.absorbingWidth = 4;
  SparseSupport s = computeSupport(domain, {4, 4}, {{150.0, 10.0}}, Interpolation::Sinc, "source");
  ASSERT_EQ(s.entries, 64);
  double sum = std::accumulate(s.weights.begin(), s.weights.end(), 0.0);
  EXPECT_NEAR(sum, 1.0, 1e-12);
  for (int64_t c = 0; c < s.entries; ++c) {
    // Node (5, 2) physical -> padded (13, 10).
    bool onNode = s.support[size_t(2 * c)] == 13 && s.support[size_t(2 * c + 1)] == 10;
    EXPECT_NEAR(s.weights[size_t(c)], onNode ? 1.0 : 0.0, 1e-12);
  }
}

namespace {

/// Max |interpolated - exact| of f over 100 random points of a 600 m x 400 m domain (with
/// z snapped to nodes when `zOnNodes`, so only the x weights interpolate).
template <typename F> double worstSincError(F f, bool zOnNodes) {
  Domain domain;
  domain.shape = {60, 50};
  domain.spacing = {10.0, 8.0};
  domain.origin = {0.0, 0.0};
  domain.absorbingWidth = 10;
  std::vector<int64_t> halo = {4, 4};
  std::mt19937 random(5);
  std::uniform_real_distribution<double> ux(0.0, 590.0), uz(0.0, 392.0);
  std::vector<std::vector<double>> points;
  for (int i = 0; i < 100; ++i) {
    double z = uz(random);
    points.push_back({ux(random), zOnNodes ? 8.0 * std::round(z / 8.0) : z});
  }
  SparseSupport s = computeSupport(domain, halo, points, Interpolation::Sinc, "receiver");
  double worst = 0;
  for (size_t p = 0; p < points.size(); ++p)
    worst = std::max(worst, std::abs(interpolate(s, domain, halo, int64_t(p), f) - f(points[p])));
  return worst;
}

} // namespace

// Hicks designs b so that the per-axis spectral error stays below 1.34e-3 up to 4 points per
// wavelength (k_max = pi/2); it is ~5e-4 below 6 points per wavelength, near equiripple.
TEST(SparseGeometry, SincInterpolatesABandLimitedFieldAlongOneAxisTo1e3) {
  auto f = [](const std::vector<double> &x) { return std::sin(2 * M_PI * x[0] / 60.0 + 0.3); };
  double worst = worstSincError(f, true);
  std::cout << "sinc, 6 points per wavelength along x: max error " << worst << "\n";
  EXPECT_LT(worst, 1e-3);
}

TEST(SparseGeometry, SincInterpolatesABandLimitedFieldIn2D) {
  // 10 and 8 points per wavelength; the per-axis errors add in the tensor product.
  auto f = [](const std::vector<double> &x) {
    return std::sin(2 * M_PI * x[0] / 100.0 + 0.3) * std::cos(2 * M_PI * x[1] / 64.0);
  };
  double worst = worstSincError(f, false);
  std::cout << "sinc, 8-10 points per wavelength in 2D: max error " << worst << "\n";
  EXPECT_LT(worst, 1.5e-3);
}

TEST(SparseGeometry, SincIn3DHas512EntriesInsideTheComputationalGrid) {
  Domain domain;
  domain.shape = {5, 5, 5};
  domain.spacing = {1, 1, 1};
  domain.origin = {0, 0, 0};
  domain.absorbingWidth = 4;
  SparseSupport s = computeSupport(domain, {1, 2, 3}, {{0.0, 2.5, 4.0}}, Interpolation::Sinc, "s");
  ASSERT_EQ(s.entries, 512);
  for (int64_t c = 0; c < s.entries; ++c)
    for (int axis = 0; axis < 3; ++axis) {
      int64_t index = s.support[size_t(c * 3 + axis)];
      EXPECT_GE(index, 1 + axis);
      EXPECT_LT(index, 1 + axis + 13);
    }
}

TEST(SparseGeometry, RefusesPointsOutsideTheDomainWithTheirCoordinates) {
  Domain domain = smallDomain();
  std::string message = errorOf(domain, {{150.0, 10.0}, {99.0, 10.0}}, Interpolation::Linear);
  EXPECT_NE(message.find("receiver 1 at (99, 10) m"), std::string::npos) << message;
  EXPECT_NE(message.find("x in [100, 200] m, z in [0, 25] m"), std::string::npos) << message;
  EXPECT_NE(message.find("outside along x"), std::string::npos) << message;
  EXPECT_NE(errorOf(domain, {{150.0, 25.01}}, Interpolation::Linear).find("outside along z"),
            std::string::npos);
  EXPECT_NE(errorOf(domain, {{NAN, 1.0}}, Interpolation::Linear), "");
  EXPECT_NE(errorOf(domain, {{150.0}}, Interpolation::Linear).find("expected 2 coordinates"),
            std::string::npos);
  // Rounding at the boundary is tolerated.
  EXPECT_EQ(errorOf(domain, {{200.0 + 1e-9, 25.0}}, Interpolation::Linear), "");
}

TEST(SparseGeometry, RefusesSincSupportPastTheComputationalGrid) {
  // A layer of 3 points: the 8-point sinc support (i0 - 3 .. i0 + 4) fits at the left edge but
  // reaches 4 points past the last node at the right edge.
  Domain domain = smallDomain();
  EXPECT_EQ(errorOf(domain, {{100.0, 10.0}, {101.0, 10.0}}, Interpolation::Sinc), "");
  std::string message = errorOf(domain, {{200.0, 10.0}}, Interpolation::Sinc);
  EXPECT_NE(message.find("reaches computational index 17, outside the computational grid [0, 16]"),
            std::string::npos)
      << message;
  EXPECT_NE(message.find("receiver 0 at (200, 10) m"), std::string::npos) << message;
  domain.absorbingWidth = 4;
  EXPECT_EQ(errorOf(domain, {{200.0, 10.0}}, Interpolation::Sinc), "");
}

TEST(SparseGeometry, ScaleWeightsMakesADiscreteDelta) {
  Domain domain = smallDomain();
  SparseSupport s = computeSupport(domain, {4, 4}, {{123.0, 7.5}}, Interpolation::Linear, "s");
  scaleWeights(s, 1.0 / domain.cellVolume());
  EXPECT_NEAR(std::accumulate(s.weights.begin(), s.weights.end(), 0.0), 1.0 / 50.0, 1e-15);
}
