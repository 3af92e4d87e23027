//===- DampingTest.cpp - the absorbing layer and padded model arrays ------===//
#include "strata/Runtime/Seismic/Damping.h"

#include "strata/Runtime/Seismic/Wavelet.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <iostream>

using namespace strata::runtime;

namespace {

Domain layeredDomain(int64_t nx, int64_t nz, int64_t width) {
  Domain domain;
  domain.shape = {nx, nz};
  domain.spacing = {10.0, 5.0};
  domain.origin = {0.0, 0.0};
  domain.absorbingWidth = width;
  return domain;
}

} // namespace

TEST(Damping, ZeroInTheInteriorAndHaloGrowingOutward) {
  Domain domain = layeredDomain(20, 12, 6);
  std::vector<int64_t> halo = {2, 3};
  std::vector<double> damp = dampingField(domain, halo, 2.0);
  std::vector<int64_t> shape = paddedShape(domain, halo);
  ASSERT_EQ(shape, (std::vector<int64_t>{36, 30}));
  ASSERT_EQ(damp.size(), size_t(36 * 30));
  auto at = [&](int64_t x, int64_t z) { return damp[size_t(x * shape[1] + z)]; };
  for (int64_t x = 0; x < shape[0]; ++x)
    for (int64_t z = 0; z < shape[1]; ++z) {
      bool inHalo = x < 2 || x >= 34 || z < 3 || z >= 27;
      bool physical = x >= 8 && x < 28 && z >= 9 && z < 21;
      if (inHalo || physical)
        EXPECT_EQ(at(x, z), 0.0) << x << "," << z;
      else
        EXPECT_GT(at(x, z), 0.0) << x << "," << z;
    }
  // Along z at a physical x: strictly increasing outward on both sides.
  for (int64_t z = 9; z > 3; --z)
    EXPECT_GT(at(15, z - 1), at(15, z));
  for (int64_t z = 20; z < 26; ++z)
    EXPECT_GT(at(15, z + 1), at(15, z));
  // The outermost value is 3 ln(1/R) / (v L), L = 6 * 5 m; corners add both axes.
  double edgeZ = 3 * std::log(1 / kDampingReflection) / (2.0 * 30.0);
  double edgeX = 3 * std::log(1 / kDampingReflection) / (2.0 * 60.0);
  EXPECT_NEAR(at(15, 3), edgeZ, 1e-12);
  EXPECT_NEAR(at(2, 15), edgeX, 1e-12);
  EXPECT_NEAR(at(2, 3), edgeX + edgeZ, 1e-12);
  // Quadratic: half way into the layer (3 of 6 points) is a quarter of the edge value.
  EXPECT_NEAR(at(15, 9 - 3), edgeZ / 4, 1e-12);
}

TEST(Damping, SquaredSlownessExtendsTheEdgesAndScalesTheDamping) {
  Domain domain = layeredDomain(3, 2, 2);
  std::vector<int64_t> halo = {1, 1};
  std::vector<float> velocity = {1.0f, 2.0f, 4.0f, 5.0f, 2.0f, 8.0f}; // [x][z]
  std::vector<double> m = squaredSlowness(velocity, domain, halo);
  std::vector<int64_t> shape = paddedShape(domain, halo); // {9, 8}
  auto at = [&](const std::vector<double> &a, int64_t x, int64_t z) {
    return a[size_t(x * shape[1] + z)];
  };
  EXPECT_DOUBLE_EQ(at(m, 3, 3), 1.0);        // physical (0, 0)
  EXPECT_DOUBLE_EQ(at(m, 4, 4), 1.0 / 25.0); // physical (1, 1)
  EXPECT_DOUBLE_EQ(at(m, 0, 0), 1.0);        // halo corner copies (0, 0)
  EXPECT_DOUBLE_EQ(at(m, 8, 7), 1.0 / 64.0); // far corner copies (2, 1)
  EXPECT_DOUBLE_EQ(at(m, 5, 0), 1.0 / 4.0);  // (2, 0) extended up
  // Damping from m scales as 1/v: every velocity sees the same reflection.
  std::vector<double> damp = dampingField(domain, halo, m);
  std::vector<double> dampAt1 = dampingField(domain, halo, 1.0);
  EXPECT_NEAR(at(damp, 3, 1), at(dampAt1, 3, 1), 1e-12);
  EXPECT_NEAR(at(damp, 5, 1), at(dampAt1, 5, 1) / 2.0, 1e-12);
}

TEST(Damping, RejectsBadInputs) {
  Domain domain = layeredDomain(3, 2, 2);
  std::vector<float> velocity = {1, 2, 3, 4, 0, 6};
  try {
    squaredSlowness(velocity, domain, {1, 1});
    FAIL() << "no error";
  } catch (const std::invalid_argument &error) {
    EXPECT_NE(std::string(error.what()).find("flat physical index 4"), std::string::npos);
  }
  EXPECT_THROW(squaredSlowness({1, 2}, domain, {1, 1}), std::invalid_argument);
  EXPECT_THROW(dampingField(domain, {1}, 2.0), std::invalid_argument);
  EXPECT_THROW(dampingField(domain, {1, 1}, -2.0), std::invalid_argument);
  EXPECT_THROW(dampingField(domain, {1, 1}, 2.0, 1.5), std::invalid_argument);
}

namespace {

/// 1D leapfrog of m u_tt - u_xx + damp u_t = 0 (centered u_t, as the kernel does) along x of a
/// damped domain: a right-going Ricker pulse starts in the middle; returns the largest |u| at a
/// receiver after the pulse has passed it, i.e. what came back from the right boundary,
/// relative to the incident peak.
double measuredReflection(int64_t width, bool damped) {
  const double v = 2.0, h = 10.0, f = 0.015, dt = 0.9 * h / v;
  Domain domain = layeredDomain(200, 2, width);
  domain.spacing = {h, h};
  std::vector<int64_t> halo = {1, 1};
  std::vector<int64_t> shape = paddedShape(domain, halo);
  std::vector<double> damp2d = dampingField(domain, halo, v);
  int64_t n = shape[0], zRow = 1 + width; // a physical z: only the x profile
  const size_t count = static_cast<size_t>(n);
  std::vector<double> damp(count), previous(count), current(count), next(count);
  double x0 = 1000.0, m = 1 / (v * v);
  auto pulse = [&](double tau) {
    double a = M_PI * M_PI * f * f * tau * tau;
    return (1 - 2 * a) * std::exp(-a);
  };
  for (int64_t i = 0; i < n; ++i) {
    damp[size_t(i)] = damped ? damp2d[size_t(i * shape[1] + zRow)] : 0.0;
    double x = double(i - 1 - width) * h;
    current[size_t(i)] = pulse(-(x - x0) / v);
    previous[size_t(i)] = pulse(-dt - (x - x0) / v);
  }
  current.front() = current.back() = previous.front() = previous.back() = 0; // the halo
  int64_t receiver = 1 + width + 150; // x = 1500 m: the incident peak passes at 250 ms
  double incident = 0, returned = 0;
  for (int step = 1; step * dt < 2500; ++step) {
    for (int64_t i = 1; i + 1 < n; ++i) {
      double laplacian = (current[i - 1] - 2 * current[i] + current[i + 1]) / (h * h);
      double c = damp[size_t(i)] * dt / (2 * m);
      next[i] = (2 * current[i] - (1 - c) * previous[i] + dt * dt / m * laplacian) / (1 + c);
    }
    std::swap(previous, current);
    std::swap(current, next);
    double &largest = step * dt < 400 ? incident : returned;
    largest = std::max(largest, std::abs(current[size_t(receiver)]));
  }
  return returned / incident;
}

} // namespace

TEST(Damping, MeasuredReflectionOfThe1DLayer) {
  EXPECT_GT(measuredReflection(40, false), 0.9); // an undamped Dirichlet wall reflects it all
  for (int64_t width : {10, 20, 40, 80}) {
    double reflection = measuredReflection(width, true);
    std::cout << "layer of " << width << " points (" << width * 10
              << " m), 15 Hz Ricker at 2 km/s: reflection " << reflection << "\n";
    if (width >= 40) {
      EXPECT_LT(reflection, 0.01);
    }
  }
}
