//===- VelocityTest.cpp - velocity models and smoothing against hand values -===//

#include "strata/Runtime/Case/Case.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <numbers>
#include <numeric>

using namespace strata::runtime;

namespace {

const std::string kSource = STRATA_SOURCE_DIR;
const std::string kInputs = kSource + "/tests/unit/case/Inputs";

/// A 2D case on `grid` (JSON) with `model` (JSON); one source and one receiver at `point`.
Case case2D(const std::string &grid, const std::string &model, const std::string &base = "",
            const std::string &point = "[0, 0]") {
  return parseCase(R"({"grid": )" + grid + R"(, "model": )" + model + R"(,
    "sources": [)" + point + R"(], "receivers": [)" + point + R"(],
    "wavelet": {"type": "ricker", "peak_frequency": 0.01}, "time": {"duration": 100}})",
                   "T.json", base);
}

/// Value at physical point (ix, iz) of a 2D field with nz points per column.
float at2(const std::vector<float> &v, int64_t nz, int64_t ix, int64_t iz) { return v[size_t(ix * nz + iz)]; }

std::string errorOf(const Case &c) {
  try {
    buildVelocity(c);
  } catch (const CaseError &error) {
    return error.what();
  }
  return "";
}

} // namespace

TEST(Velocity, Constant) {
  Case c = case2D(R"({"shape": [4, 3], "spacing": [10, 10]})", R"({"type": "constant", "velocity": 2.25})");
  std::vector<float> v = buildVelocity(c);
  EXPECT_EQ(v, std::vector<float>(12, 2.25f));
}

TEST(Velocity, LayeredBoundariesBelongToTheLayerBelow) {
  // z = 0, 10, ..., 1000; tops at 100, 300 and 655 (between samples 650 and 660).
  Case c = case2D(R"({"shape": [3, 101], "spacing": [10, 10]})",
                  R"({"type": "layered", "layers": [{"top": 100, "velocity": 1.5}, {"top": 300, "velocity": 2.0},
                                                     {"top": 655, "velocity": 3.0}]})");
  std::vector<float> v = buildVelocity(c);
  ASSERT_EQ(v.size(), 303u);
  for (int64_t ix = 0; ix < 3; ++ix) {
    EXPECT_EQ(at2(v, 101, ix, 0), 1.5f);   // z = 0: above the first top, the first layer extends up
    EXPECT_EQ(at2(v, 101, ix, 10), 1.5f);  // z = 100: on the first top
    EXPECT_EQ(at2(v, 101, ix, 29), 1.5f);  // z = 290
    EXPECT_EQ(at2(v, 101, ix, 30), 2.0f);  // z = 300: on a top, the lower layer
    EXPECT_EQ(at2(v, 101, ix, 65), 2.0f);  // z = 650
    EXPECT_EQ(at2(v, 101, ix, 66), 3.0f);  // z = 660
    EXPECT_EQ(at2(v, 101, ix, 100), 3.0f); // z = 1000
  }
}

TEST(Velocity, LayeredUsesTheLastAxisIn3DWithAnOrigin) {
  Case c = parseCase(R"({"grid": {"shape": [2, 2, 5], "spacing": [10, 10, 25], "origin": [0, 0, 1000]},
    "model": {"type": "layered", "layers": [{"top": 0, "velocity": 1.5}, {"top": 1050, "velocity": 2.5}]},
    "sources": [[0, 0, 1000]], "receivers": [[10, 10, 1100]],
    "wavelet": {"type": "ricker", "peak_frequency": 0.01}, "time": {"duration": 100}})",
                     "T.json", "");
  std::vector<float> v = buildVelocity(c);
  // z = 1000, 1025, 1050, 1075, 1100 in every column.
  for (int64_t column = 0; column < 4; ++column)
    EXPECT_EQ(std::vector<float>(v.begin() + column * 5, v.begin() + column * 5 + 5),
              (std::vector<float>{1.5f, 1.5f, 2.5f, 2.5f, 2.5f}));
}

TEST(Velocity, CamembertInsideOnAndOutsideTheDisk) {
  Case c = case2D(R"({"shape": [101, 101], "spacing": [10, 10]})",
                  R"({"type": "camembert", "background": 1.5, "disk": {"center": [500, 400], "radius": 200, "velocity": 3.0}})");
  std::vector<float> v = buildVelocity(c);
  EXPECT_EQ(at2(v, 101, 50, 40), 3.0f); // the centre
  EXPECT_EQ(at2(v, 101, 70, 40), 3.0f); // (700, 400): distance exactly 200, on the rim
  EXPECT_EQ(at2(v, 101, 71, 40), 1.5f); // (710, 400): 210
  EXPECT_EQ(at2(v, 101, 50, 20), 3.0f); // (500, 200): 200 above
  EXPECT_EQ(at2(v, 101, 50, 19), 1.5f); // (500, 190)
  EXPECT_EQ(at2(v, 101, 64, 54), 3.0f); // (640, 540): sqrt(140^2 + 140^2) = 198.0
  EXPECT_EQ(at2(v, 101, 65, 55), 1.5f); // (650, 550): 212.1
  EXPECT_EQ(at2(v, 101, 0, 0), 1.5f);
  // Points inside: those with (x - 500)^2 + (z - 400)^2 <= 200^2, i.e. i^2 + k^2 <= 400 on the 10 m grid.
  size_t inside = 0;
  for (int i = -20; i <= 20; ++i)
    for (int k = -20; k <= 20; ++k)
      inside += i * i + k * k <= 400;
  EXPECT_EQ(size_t(std::count(v.begin(), v.end(), 3.0f)), inside);
}

TEST(Velocity, CamembertIn3DIsABall) {
  Case c = parseCase(R"({"grid": {"shape": [11, 11, 11], "spacing": [10, 10, 10]},
    "model": {"type": "camembert", "background": 2, "disk": {"center": [50, 50, 50], "radius": 30, "velocity": 4}},
    "sources": [[0, 0, 0]], "receivers": [[10, 10, 10]],
    "wavelet": {"type": "ricker", "peak_frequency": 0.01}, "time": {"duration": 100}})",
                     "T.json", "");
  std::vector<float> v = buildVelocity(c);
  auto at = [&](int i, int j, int k) { return v[size_t((i * 11 + j) * 11 + k)]; };
  EXPECT_EQ(at(5, 5, 5), 4.0f);
  EXPECT_EQ(at(5, 5, 8), 4.0f); // 30 away along z
  EXPECT_EQ(at(5, 8, 5), 4.0f); // 30 away along y
  EXPECT_EQ(at(7, 7, 7), 2.0f);         // sqrt(3 * 20^2) = 34.6
  EXPECT_EQ(at(6, 7, 7), 4.0f);         // sqrt(10^2 + 2 * 20^2) = 30.0
}

// small_3x4.bin holds, in m/s, x-major (z fastest), spacing 10 m:
//   ix=0: 1500 1600 1800 2000
//   ix=1: 1700 1900 2100 2500
//   ix=2: 2000 2200 2600 3000
// The case grid is 5 x 7 at 5 m: every other point lies half-way between samples.
static void expectSmallFileValues(const std::vector<float> &v) {
  ASSERT_EQ(v.size(), 35u);
  EXPECT_FLOAT_EQ(at2(v, 7, 2, 0), 1.7f);   // (10, 0): the sample [1][0]
  EXPECT_FLOAT_EQ(at2(v, 7, 4, 6), 3.0f);   // (20, 30): the last sample
  EXPECT_FLOAT_EQ(at2(v, 7, 1, 1), 1.675f); // (5, 5): (1500 + 1600 + 1700 + 1900) / 4
  EXPECT_FLOAT_EQ(at2(v, 7, 3, 5), 2.55f);  // (15, 25): (2100 + 2500 + 2600 + 3000) / 4
  EXPECT_FLOAT_EQ(at2(v, 7, 0, 3), 1.7f);   // (0, 15): (1600 + 1800) / 2
  EXPECT_FLOAT_EQ(at2(v, 7, 3, 2), 2.05f);  // (15, 10): (1900 + 2200) / 2
}

TEST(Velocity, RawFileIsBilinearlyInterpolated) {
  Case c = loadCase(kInputs + "/file2d.json");
  EXPECT_EQ(c.model.path, kInputs + "/small_3x4.bin");
  expectSmallFileValues(buildVelocity(c));
}

TEST(Velocity, NpyFileIsBilinearlyInterpolated) {
  Case c = loadCase(kInputs + "/file2d_npy.json");
  EXPECT_EQ(c.model.format, ModelSpec::FileFormat::Npy);
  expectSmallFileValues(buildVelocity(c));
}

TEST(Velocity, RawFileIn3DIsTrilinearlyInterpolated) {
  // cube_2x2x2.bin holds 1..8 km/s at the corners of a 10 m cube, v[ix][iy][iz] = 1 + 4 ix + 2 iy + iz.
  Case c = loadCase(kInputs + "/file3d.json");
  ASSERT_EQ(c.receivers.size(), 6u);
  std::vector<float> v = buildVelocity(c);
  auto at = [&](int i, int j, int k) { return v[size_t((i * 3 + j) * 3 + k)]; };
  EXPECT_FLOAT_EQ(at(1, 1, 1), 4.5f); // the centre: the mean of 1..8
  EXPECT_FLOAT_EQ(at(0, 0, 0), 1.0f);
  EXPECT_FLOAT_EQ(at(2, 2, 2), 8.0f);
  EXPECT_FLOAT_EQ(at(2, 1, 0), 6.0f); // (10, 5, 0): (5 + 7) / 2
}

TEST(Velocity, FileWithAnOffsetOriginAndAnOffsetGrid) {
  // The file's samples start at x = 100; the case grid starts at x = 105, z = 2.5.
  Case c = case2D(R"({"shape": [2, 2], "spacing": [10, 10], "origin": [105, 2.5]})",
                  R"({"type": "file", "path": "small_3x4.bin", "format": "raw_float32", "shape": [3, 4],
                      "spacing": [10, 10], "origin": [100, 0], "units": "m/s"})",
                  kInputs, "[105, 2.5]");
  std::vector<float> v = buildVelocity(c);
  // (105, 2.5): tx = 0.5, tz = 0.25: 0.5 * (0.75 * 1500 + 0.25 * 1600) + 0.5 * (0.75 * 1700 + 0.25 * 1900)
  EXPECT_FLOAT_EQ(v[0], 1.6375f);
  // (115, 12.5): tx = 1.5, tz = 1.25: 0.5 * (0.75 * 1900 + 0.25 * 2100) + 0.5 * (0.75 * 2200 + 0.25 * 2600)
  EXPECT_FLOAT_EQ(v[3], 2.125f);
}

TEST(Velocity, MissingModelFile) {
  Case c = case2D(R"({"shape": [2, 2], "spacing": [10, 10]})",
                  R"({"type": "file", "path": "absent.bin", "format": "raw_float32", "shape": [3, 4],
                      "spacing": [10, 10], "units": "m/s"})",
                  "/nowhere");
  EXPECT_EQ(errorOf(c), "T.json: 'model.path': the model file /nowhere/absent.bin does not exist");
}

TEST(Velocity, ModelFileOfTheWrongSizeSaysExpectedAndActualBytes) {
  Case c = case2D(R"({"shape": [2, 2], "spacing": [10, 10]})",
                  R"({"type": "file", "path": "small_3x4.bin", "format": "raw_float32", "shape": [3, 5],
                      "spacing": [10, 10], "units": "m/s"})",
                  kInputs);
  EXPECT_EQ(errorOf(c), "T.json: 'model.path': the model file " + kInputs +
                            "/small_3x4.bin has 48 bytes, expected 60 (3 x 5 float32 values, model.shape)");
}

TEST(Velocity, NpyGridTooSmallIsFoundOnReading) {
  Case c = case2D(R"({"shape": [5, 7], "spacing": [10, 10]})",
                  R"({"type": "file", "path": "small_3x4.npy", "spacing": [10, 10], "units": "m/s"})", kInputs);
  EXPECT_EQ(errorOf(c), "T.json: 'model': the case grid reaches outside the model file on axis x: the grid spans "
                        "[0, 40] m, the file [0, 20] m");
}

TEST(Velocity, NpyShapeMismatch) {
  Case c = case2D(R"({"shape": [2, 2], "spacing": [10, 10]})",
                  R"({"type": "file", "path": "small_3x4.npy", "shape": [4, 3], "spacing": [10, 10], "units": "m/s"})",
                  kInputs);
  EXPECT_EQ(errorOf(c), "T.json: 'model.shape': the model file " + kInputs +
                            "/small_3x4.npy has shape (3, 4), not the one given here");
}

// --- smoothing --------------------------------------------------------------------------------

TEST(Smoothing, PreservesAConstantField) {
  std::vector<float> field(31 * 17, 2.5f);
  std::vector<float> smooth = gaussianSmooth(field, {31, 17}, {3.0, 2.0});
  for (float value : smooth)
    EXPECT_NEAR(value, 2.5f, 1e-6);
}

TEST(Smoothing, PreservesTheMeanWhenTheVariationIsAwayFromTheEdges) {
  // Background 2 with an irregular patch more than 4 sigma (8 points) from every edge.
  std::vector<int64_t> shape = {40, 30};
  std::vector<float> field(40 * 30, 2.0f);
  for (int i = 12; i < 28; ++i)
    for (int k = 10; k < 20; ++k)
      field[size_t(i * 30 + k)] += float(((i * 7 + k * 13) % 11) * 0.1);
  std::vector<float> smooth = gaussianSmooth(field, shape, {2.0, 2.0});
  double before = std::accumulate(field.begin(), field.end(), 0.0) / double(field.size());
  double after = std::accumulate(smooth.begin(), smooth.end(), 0.0) / double(smooth.size());
  EXPECT_NEAR(after, before, 1e-6);
  EXPECT_LT(*std::max_element(smooth.begin(), smooth.end()), *std::max_element(field.begin(), field.end()));
}

TEST(Smoothing, ReducesASpikeAsAGaussianPredicts) {
  // A unit spike smoothed with sigma s per axis becomes g(i) g(k), g(j) = exp(-j^2 / 2s^2) / (s sqrt(2 pi))
  // (the sampled Gaussian sums to s sqrt(2 pi) to ~1e-30 for s = 3 by Poisson summation).
  const double s = 3.0;
  std::vector<int64_t> shape = {41, 41};
  std::vector<float> field(41 * 41, 0.0f);
  field[20 * 41 + 20] = 1.0f;
  std::vector<float> smooth = gaussianSmooth(field, shape, {s, s});
  auto g = [&](int j) { return std::exp(-0.5 * j * j / (s * s)) / (s * std::sqrt(2 * std::numbers::pi)); };
  // Truncation at 4 sigma renormalises by 1 / erf(4 / sqrt 2) ~ 1 + 6e-5 per axis.
  EXPECT_NEAR(smooth[20 * 41 + 20], g(0) * g(0), 1e-3 * g(0) * g(0)); // 1 / (2 pi 9) = 0.017684
  EXPECT_NEAR(smooth[20 * 41 + 20], 0.0176839, 2e-6);
  EXPECT_NEAR(smooth[21 * 41 + 20], g(1) * g(0), 1e-3 * g(1) * g(0));
  EXPECT_NEAR(smooth[23 * 41 + 24], g(3) * g(4), 1e-3 * g(3) * g(4));
  EXPECT_EQ(smooth[20 * 41 + 33], 0.0f); // 13 points away: beyond the 4-sigma (12 point) support
  double total = std::accumulate(smooth.begin(), smooth.end(), 0.0);
  EXPECT_NEAR(total, 1.0, 1e-6);
}

TEST(Smoothing, ZeroSigmaLeavesAnAxisAlone) {
  std::vector<float> field(5 * 9, 0.0f);
  field[2 * 9 + 4] = 1.0f;
  std::vector<float> smooth = gaussianSmooth(field, {5, 9}, {1.0, 0.0});
  for (int i = 0; i < 5; ++i)
    for (int k = 0; k < 9; ++k)
      if (k != 4) {
        EXPECT_EQ(smooth[size_t(i * 9 + k)], 0.0f);
      }
  EXPECT_LT(smooth[2 * 9 + 4], 1.0f);
  EXPECT_GT(smooth[1 * 9 + 4], 0.0f);
}

TEST(Smoothing, CaseSmoothKeyUsesSigmaInMetres) {
  // sigma 30 m on a 10 m x 5 m grid: 3 points along x, 6 along z.
  Case c = case2D(R"({"shape": [41, 61], "spacing": [10, 5]})",
                  R"({"type": "camembert", "background": 1.5, "disk": {"center": [200, 150], "radius": 60, "velocity": 3},
                      "smooth": {"sigma": 30}})");
  ASSERT_TRUE(c.model.smoothSigma.has_value());
  Case sharp = c;
  sharp.model.smoothSigma.reset();
  std::vector<float> expected = gaussianSmooth(buildVelocity(sharp), {41, 61}, {3.0, 6.0});
  std::vector<float> v = buildVelocity(c);
  ASSERT_EQ(v.size(), expected.size());
  for (size_t i = 0; i < v.size(); ++i)
    ASSERT_EQ(v[i], expected[i]) << i;
  EXPECT_LT(at2(v, 61, 20, 30), 3.0f);
  EXPECT_GT(at2(v, 61, 20, 30), 2.0f);
  EXPECT_NEAR(at2(v, 61, 0, 0), 1.5f, 1e-6);
}

// --- Marmousi (../shared/data, absent in a user's clone) -------------------------------------

TEST(Velocity, MarmousiExampleCase) {
  std::filesystem::path data = std::filesystem::path(kSource).parent_path() / "shared/data/marmousi";
  if (!std::filesystem::exists(data / "marmousi_vp_20m_176x851.bin"))
    GTEST_SKIP() << "no Marmousi data at " << data.string();
  Case c = loadCase(kSource + "/examples/cases/marmousi2d.json");
  std::vector<float> v = buildVelocity(c);
  ASSERT_EQ(v.size(), 851u * 176u);
  auto [lowest, highest] = std::minmax_element(v.begin(), v.end());
  EXPECT_NEAR(*lowest, 1.028f, 1e-5);
  EXPECT_NEAR(*highest, 4.7f, 1e-5);
  // Water (1.5 km/s) on top; the slowest sample (1028 m/s) is at [128][54] (read independently with
  // Python's struct module from the raw file).
  EXPECT_FLOAT_EQ(at2(v, 176, 0, 0), 1.5f);
  EXPECT_FLOAT_EQ(at2(v, 176, 850, 0), 1.5f);
  EXPECT_NEAR(at2(v, 176, 128, 54), 1.028f, 1e-6);
  EXPECT_NEAR(at2(v, 176, 400, 50), 1.854f, 1e-6);

  // The same model sampled at half-way points is the mean of its neighbours (bilinear).
  Case shifted = c;
  shifted.domain.shape = {10, 10};
  shifted.domain.origin = {8010, 1010};
  std::vector<float> half = buildVelocity(shifted);
  // (8010, 1010) lies between samples ix = 400, 401 and iz = 50, 51.
  double mean = (double(at2(v, 176, 400, 50)) + at2(v, 176, 401, 50) + at2(v, 176, 400, 51) + at2(v, 176, 401, 51)) / 4;
  EXPECT_NEAR(half[0], mean, 1e-5);
}
