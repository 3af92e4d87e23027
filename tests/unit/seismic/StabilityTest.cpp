//===- StabilityTest.cpp - the CFL limit, by formula and by experiment ----===//
#include "strata/Runtime/Seismic/Stability.h"

#include "strata/frontend/Fornberg.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

using namespace strata::runtime;

TEST(Stability, SecondOrderLimitIsHOverVSqrtDims) {
  EXPECT_NEAR(criticalTimeStep(2.0, {10.0}, 2), 10.0 / 2.0, 1e-12);
  EXPECT_NEAR(criticalTimeStep(3.0, {10.0, 10.0}, 2), 10.0 / (3.0 * std::sqrt(2.0)), 1e-12);
  EXPECT_NEAR(criticalTimeStep(1.5, {5.0, 5.0, 5.0}, 2), 5.0 / (1.5 * std::sqrt(3.0)), 1e-12);
  // Unequal spacings: 1/dt^2 = v^2 (1/hx^2 + 1/hz^2) for order 2.
  EXPECT_NEAR(criticalTimeStep(2.0, {10.0, 20.0}, 2),
              1.0 / (2.0 * std::sqrt(1.0 / 100 + 1.0 / 400)), 1e-12);
}

TEST(Stability, EighthOrderUsesTheAbsoluteWeightSum) {
  // w = -205/72, 8/5, -1/5, 8/315, -1/560 (and symmetric).
  double sum = 205.0 / 72 + 2 * (8.0 / 5 + 1.0 / 5 + 8.0 / 315 + 1.0 / 560);
  EXPECT_NEAR(criticalTimeStep(4.5, {10, 10}, 8), 2.0 / (4.5 * std::sqrt(2 * sum / 100)), 1e-12);
  EXPECT_DOUBLE_EQ(stableTimeStep(4.5, {10, 10}, 8),
                   kTimeStepSafety * criticalTimeStep(4.5, {10, 10}, 8));
}

TEST(Stability, CheckTimeStepGivesTheLimit) {
  double limit = criticalTimeStep(3.0, {10, 10}, 4);
  EXPECT_NO_THROW(checkTimeStep(stableTimeStep(3.0, {10, 10}, 4), 3.0, {10, 10}, 4));
  EXPECT_NO_THROW(checkTimeStep(limit, 3.0, {10, 10}, 4));
  try {
    checkTimeStep(1.01 * limit, 3.0, {10, 10}, 4);
    FAIL() << "no error";
  } catch (const std::invalid_argument &error) {
    std::string message = error.what();
    EXPECT_NE(message.find("exceeds the stability limit"), std::string::npos) << message;
    EXPECT_NE(message.find("v_max = 3 km/s"), std::string::npos) << message;
  }
  EXPECT_THROW(checkTimeStep(0.0, 3.0, {10, 10}, 4), std::invalid_argument);
  EXPECT_THROW(criticalTimeStep(0.0, {10}, 4), std::invalid_argument);
  EXPECT_THROW(criticalTimeStep(1.0, {10, -1}, 4), std::invalid_argument);
  EXPECT_THROW(criticalTimeStep(1.0, {10}, 3), std::invalid_argument);
}

namespace {

/// Runs leapfrog u+ = 2u - u- + dt^2 v^2 laplace(u) on a periodic nx x nz grid (nz = 1: 1D)
/// from random data; returns max |u| after `steps`.
double runLeapfrog(int nx, int nz, double h, double v, double dt, int order, int steps) {
  strata::frontend::Stencil stencil = strata::frontend::centeredStencil(2, order);
  int n = nx * nz;
  std::mt19937 random(7);
  std::uniform_real_distribution<double> uniform(-1, 1);
  std::vector<double> previous(n), current(n), next(n);
  for (int i = 0; i < n; ++i) {
    previous[i] = uniform(random);
    current[i] = uniform(random);
  }
  double courant = dt * dt * v * v / (h * h);
  auto at = [&](int x, int z) { return current[((x + nx) % nx) * nz + (z + nz) % nz]; };
  double largest = 0;
  for (int step = 0; step < steps; ++step) {
    for (int x = 0; x < nx; ++x)
      for (int z = 0; z < nz; ++z) {
        double laplacian = 0;
        for (size_t j = 0; j < stencil.offsets.size(); ++j) {
          int offset = int(stencil.offsets[j]);
          laplacian += stencil.weights[j] * at(x + offset, z);
          if (nz > 1)
            laplacian += stencil.weights[j] * at(x, z + offset);
        }
        next[x * nz + z] = 2 * current[x * nz + z] - previous[x * nz + z] + courant * laplacian;
      }
    std::swap(previous, current);
    std::swap(current, next);
  }
  for (double value : current)
    largest = std::max(largest, std::abs(value));
  return largest;
}

} // namespace

TEST(Stability, LeapfrogIsBoundedJustBelowTheLimitAndBlowsUpJustAbove) {
  for (int order : {2, 8}) {
    double limit1 = criticalTimeStep(2.0, {10.0}, order);
    EXPECT_LT(runLeapfrog(64, 1, 10.0, 2.0, 0.99 * limit1, order, 3000), 100.0) << order;
    EXPECT_GT(runLeapfrog(64, 1, 10.0, 2.0, 1.05 * limit1, order, 300), 1e6) << order;
    double limit2 = criticalTimeStep(2.0, {10.0, 10.0}, order);
    EXPECT_LT(runLeapfrog(32, 32, 10.0, 2.0, 0.99 * limit2, order, 1000), 100.0) << order;
    EXPECT_GT(runLeapfrog(32, 32, 10.0, 2.0, 1.05 * limit2, order, 300), 1e6) << order;
  }
}
