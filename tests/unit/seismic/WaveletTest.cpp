//===- WaveletTest.cpp - Ricker wavelet and resampling --------------------===//
#include "strata/Runtime/Seismic/Wavelet.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <complex>
#include <numbers>

using namespace strata::runtime;

namespace {

constexpr double kPi = std::numbers::pi;

double ricker(double f, double tau) {
  double a = kPi * kPi * f * f * tau * tau;
  return (1 - 2 * a) * std::exp(-a);
}

} // namespace

TEST(Ricker, PeaksAtOneAtTheDelay) {
  std::vector<double> w = rickerWavelet(0.01, 100.0, 0.5, 401);
  ASSERT_EQ(w.size(), 401u);
  EXPECT_DOUBLE_EQ(w[200], 1.0);
  EXPECT_EQ(std::max_element(w.begin(), w.end()) - w.begin(), 200);
  EXPECT_DOUBLE_EQ(w[190], w[210]); // symmetric about t0
}

TEST(Ricker, CrossesZeroAtOneOverSqrt2PiF) {
  // 1 - 2 pi^2 f^2 tau^2 = 0  <=>  tau = 1 / (sqrt(2) pi f).
  double f = 0.015, crossing = 1.0 / (std::sqrt(2.0) * kPi * f);
  double dt = crossing / 100;
  std::vector<double> w = rickerWavelet(f, 300 * dt, dt, 601);
  EXPECT_NEAR(w[200], 0.0, 1e-12);
  EXPECT_NEAR(w[400], 0.0, 1e-12);
  EXPECT_GT(w[399], 0.0);
  EXPECT_LT(w[401], 0.0);
}

TEST(Ricker, SideLobeMinimaAtSqrt6Over2PiF) {
  // d/da (1 - 2a) e^-a = (2a - 3) e^-a = 0 at a = pi^2 f^2 tau^2 = 3/2.
  double f = 0.02, minimum = std::sqrt(6.0) / (2 * kPi * f);
  double dt = minimum / 50;
  std::vector<double> w = rickerWavelet(f, 100 * dt, dt, 201);
  EXPECT_NEAR(w[150], -2 * std::exp(-1.5), 1e-12);
  EXPECT_NEAR(w[50], -2 * std::exp(-1.5), 1e-12);
  EXPECT_LT(w[150], w[149]);
  EXPECT_LT(w[150], w[151]);
}

TEST(Ricker, DevitoDelayStartsSmoothly) {
  double f = 0.01;
  std::vector<double> w = rickerWavelet(f, 1.0 / f, 1.0, 10);
  EXPECT_NEAR(w[0], (1 - 2 * kPi * kPi) * std::exp(-kPi * kPi), 1e-15);
  EXPECT_LT(std::abs(w[0]), 1e-3);
}

TEST(Ricker, AmplitudeSpectrumPeaksAtThePeakFrequency) {
  double f = 0.025, dt = 0.5;
  std::vector<double> w = rickerWavelet(f, 1.0 / f, dt, 4000);
  double bestFrequency = 0, bestAmplitude = 0;
  for (double nu = 0.001; nu < 0.1; nu += 0.0001) {
    std::complex<double> sum = 0;
    for (size_t k = 0; k < w.size(); ++k)
      sum += w[k] * std::polar(1.0, -2 * kPi * nu * double(k) * dt);
    if (std::abs(sum) > bestAmplitude) {
      bestAmplitude = std::abs(sum);
      bestFrequency = nu;
    }
  }
  EXPECT_NEAR(bestFrequency, f, 0.00015);
}

TEST(Ricker, RejectsBadArguments) {
  EXPECT_THROW(rickerWavelet(0, 1, 1, 10), std::invalid_argument);
  EXPECT_THROW(rickerWavelet(0.01, 1, -1, 10), std::invalid_argument);
  EXPECT_THROW(rickerWavelet(0.01, 1, 1, -1), std::invalid_argument);
  EXPECT_THROW(rickerWavelet(0.01, NAN, 1, 1), std::invalid_argument);
  EXPECT_TRUE(rickerWavelet(0.01, 1, 1, 0).empty());
}

TEST(Resample, SameRateReturnsTheSamples) {
  std::vector<double> trace = {0, 1, -2, 3.5, 0.25, 0};
  std::vector<double> same = resampleTrace(trace, 2.0, 2.0, 6);
  for (size_t i = 0; i < trace.size(); ++i)
    EXPECT_NEAR(same[i], trace[i], 1e-14);
}

TEST(Resample, UpsamplesABandLimitedWaveletAccurately) {
  double f = 0.01, t0 = 100; // 10 Hz, sampled every 4 ms: Nyquist 125 Hz
  std::vector<double> coarse = rickerWavelet(f, t0, 4.0, 60);
  std::vector<double> fine = resampleTrace(coarse, 4.0, 0.3, 700);
  double worst = 0;
  for (size_t k = 0; k < fine.size(); ++k)
    worst = std::max(worst, std::abs(fine[k] - ricker(f, double(k) * 0.3 - t0)));
  EXPECT_LT(worst, 1e-3);
}

TEST(Resample, DownsamplesWithoutAliasingALowFrequencyWavelet) {
  double f = 0.01, t0 = 100;
  std::vector<double> fine = rickerWavelet(f, t0, 0.25, 960);
  std::vector<double> coarse = resampleTrace(fine, 0.25, 2.0, 120);
  double worst = 0;
  for (size_t k = 0; k < coarse.size(); ++k)
    worst = std::max(worst, std::abs(coarse[k] - ricker(f, double(k) * 2.0 - t0)));
  EXPECT_LT(worst, 1e-3);
}

TEST(Resample, PadsWithZerosPastTheEnd) {
  std::vector<double> out = resampleTrace({1.0, 1.0}, 1.0, 1.0, 30);
  EXPECT_NEAR(out[29], 0.0, 1e-12);
  EXPECT_THROW(resampleTrace({1.0}, 0.0, 1.0, 3), std::invalid_argument);
  EXPECT_THROW(resampleTrace({1.0}, 1.0, 1.0, -3), std::invalid_argument);
}
