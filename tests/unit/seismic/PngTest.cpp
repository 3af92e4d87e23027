//===- PngTest.cpp - pictures decode with libpng and show what they should -===//
#include "strata/Runtime/Seismic/Png.h"

#include "TestUtil.h"

#include <gtest/gtest.h>
#include <png.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>

using namespace strata::runtime;
using strata::runtime::testing::ScratchDir;

namespace {

struct Decoded {
  int width = 0, height = 0;
  std::vector<uint8_t> rgb;

  bool is(int x, int y, uint8_t r, uint8_t g, uint8_t b) const {
    const uint8_t *p = &rgb[(size_t(y) * size_t(width) + size_t(x)) * 3];
    return p[0] == r && p[1] == g && p[2] == b;
  }
  /// Pixels of exactly this colour, and the first row holding one (-1 if none).
  std::pair<int, int> find(uint8_t r, uint8_t g, uint8_t b) const {
    int count = 0, firstRow = -1;
    for (int y = 0; y < height; ++y)
      for (int x = 0; x < width; ++x)
        if (is(x, y, r, g, b)) {
          ++count;
          if (firstRow < 0)
            firstRow = y;
        }
    return {count, firstRow};
  }
};

/// Decodes with libpng's simplified API, independently of the writer.
Decoded decode(const std::string &path) {
  png_image image{};
  image.version = PNG_IMAGE_VERSION;
  Decoded decoded;
  if (!png_image_begin_read_from_file(&image, path.c_str())) {
    ADD_FAILURE() << "libpng cannot read " << path << ": " << image.message;
    return decoded;
  }
  image.format = PNG_FORMAT_RGB;
  decoded.rgb.resize(PNG_IMAGE_SIZE(image));
  EXPECT_TRUE(png_image_finish_read(&image, nullptr, decoded.rgb.data(), 0, nullptr))
      << image.message;
  decoded.width = int(image.width);
  decoded.height = int(image.height);
  return decoded;
}

/// With STRATA_KEEP_PNG=dir the pictures are also copied there for a look.
void keep(const std::string &path) {
  if (const char *dir = std::getenv("STRATA_KEEP_PNG"))
    std::filesystem::copy_file(path,
                               std::filesystem::path(dir) / std::filesystem::path(path).filename(),
                               std::filesystem::copy_options::overwrite_existing);
}

PlotAxes sectionAxes() {
  return {"Velocity model", "x (m)", "depth (m)", "v (km/s)", 0.0, 1000.0, 0.0, 500.0};
}

} // namespace

TEST(Png, ImageRowsGoTopToBottomWithTheColormapsEnds) {
  ScratchDir dir;
  std::string path = dir.file("rows.png");
  float values[2] = {1.0f, -1.0f}; // row 0 (top) = vmax, row 1 (bottom) = vmin
  writeImagePng(path, values, 2, 1, sectionAxes(), Colormap::Seismic, -1, 1);
  Decoded image = decode(path);
  EXPECT_GE(image.width, 600);
  auto [red, redRow] = image.find(128, 0, 0);  // seismic at vmax: dark red
  auto [blue, blueRow] = image.find(0, 0, 77); // seismic at vmin: dark blue
  EXPECT_GT(red, 600 * 300 / 2);
  EXPECT_GT(blue, 600 * 300 / 2);
  EXPECT_LT(redRow, blueRow);
}

TEST(Png, SmallArraysAreEnlargedAndClippedToTheLimits) {
  ScratchDir dir;
  std::string path = dir.file("viridis.png");
  float values[6] = {0, 10, 20, -5, 25, NAN}; // 2 x 3; -5 and 25 clip to the ends
  writeImagePng(path, values, 2, 3, sectionAxes(), Colormap::Viridis, 0, 20);
  Decoded image = decode(path);
  int plotArea = 600 * 400;
  EXPECT_NEAR(image.find(68, 1, 84).first, plotArea / 3, plotArea / 50);    // 0 and -5
  EXPECT_NEAR(image.find(253, 231, 37).first, plotArea / 3, plotArea / 50); // 20 and 25
  EXPECT_NEAR(image.find(33, 144, 141).first, plotArea / 6, plotArea / 50); // 10: the middle
  EXPECT_NEAR(image.find(255, 0, 255).first, plotArea / 6, plotArea / 50);  // NaN
  keep(path);
}

TEST(Png, DrawsAReadableSeismicSection) {
  ScratchDir dir;
  std::string path = dir.file("section.png");
  // A two-layer velocity model, 101 x 51 (x, z) stored [z][x] so rows are depths.
  int64_t nx = 101, nz = 51;
  std::vector<float> v(size_t(nx * nz));
  for (int64_t z = 0; z < nz; ++z)
    for (int64_t x = 0; x < nx; ++x)
      v[size_t(z * nx + x)] = z < 20 + x / 10 ? 1.5f : 2.5f;
  writeImagePng(path, v.data(), nz, nx, sectionAxes(), Colormap::Viridis, 1.5, 2.5);
  Decoded image = decode(path);
  EXPECT_GT(image.width, 700);
  EXPECT_EQ(image.find(0, 0, 0).first > 2000, true); // frame, ticks and text are black
  keep(path);

  std::vector<float> gather(size_t(200 * 40));
  for (int t = 0; t < 200; ++t)
    for (int r = 0; r < 40; ++r)
      gather[size_t(t * 40 + r)] =
          float(std::sin(0.1 * (t - 2 * std::abs(r - 20))) * std::exp(-0.01 * t));
  auto [lo, hi] = symmetricClip(gather.data(), gather.size(), 99);
  std::string shot = dir.file("gather.png");
  writeImagePng(shot, gather.data(), 200, 40,
                {"Shot gather", "receiver x (m)", "time (ms)", "amplitude", 0, 975, 0, 398},
                Colormap::Seismic, lo, hi);
  EXPECT_GT(decode(shot).width, 600);
  keep(shot);
}

TEST(Png, LinePlotsDecodeAndUseOneColourPerSeries) {
  ScratchDir dir;
  std::string path = dir.file("misfit.png");
  std::vector<double> x, a, b;
  for (int i = 0; i < 30; ++i) {
    x.push_back(i);
    a.push_back(std::pow(10.0, -0.1 * i));
    b.push_back(std::pow(10.0, -0.05 * i) * 2);
  }
  writeLinePlotPng(path, x, {a, b}, {"Misfit", "iteration", "misfit", "", 0, 0, 0, 0}, true);
  Decoded image = decode(path);
  EXPECT_GT(image.width, 700);
  EXPECT_GT(image.find(31, 119, 180).first, 500); // first series: blue
  EXPECT_GT(image.find(255, 127, 14).first, 500); // second: orange
  keep(path);
  std::string linear = dir.file("linear.png");
  writeLinePlotPng(linear, x, {a}, {"Linear", "x", "y", "", 0, 29, -1, 1}, false);
  EXPECT_GT(decode(linear).find(31, 119, 180).first, 200);
}

TEST(Png, RejectsBadArgumentsAndPaths) {
  float value = 1;
  PlotAxes axes = sectionAxes();
  EXPECT_THROW(writeImagePng("/nonexistent/dir/a.png", &value, 1, 1, axes, Colormap::Gray, 0, 1),
               std::runtime_error);
  EXPECT_THROW(writeImagePng("/tmp/a.png", nullptr, 1, 1, axes, Colormap::Gray, 0, 1),
               std::invalid_argument);
  EXPECT_THROW(writeImagePng("/tmp/a.png", &value, 0, 1, axes, Colormap::Gray, 0, 1),
               std::invalid_argument);
  EXPECT_THROW(writeImagePng("/tmp/a.png", &value, 1, 1, axes, Colormap::Gray, 2, 1),
               std::invalid_argument);
  EXPECT_THROW(writeLinePlotPng("/nonexistent/dir/b.png", {1, 2}, {{1, 2}}, axes, false),
               std::runtime_error);
  EXPECT_THROW(writeLinePlotPng("/tmp/b.png", {1, 2}, {{1}}, axes, false), std::invalid_argument);
}

TEST(Png, SymmetricClipTakesAPercentileOfTheMagnitudes) {
  std::vector<float> values;
  for (int i = 1; i <= 100; ++i)
    values.push_back(i % 2 ? float(i) : -float(i));
  values.push_back(NAN);
  auto [lo, hi] = symmetricClip(values.data(), values.size(), 99);
  EXPECT_EQ(hi, 99.0);
  EXPECT_EQ(lo, -99.0);
  EXPECT_EQ(symmetricClip(values.data(), values.size(), 100).second, 100.0);
  EXPECT_EQ(symmetricClip(values.data(), 0, 99).second, 0.0);
  EXPECT_THROW(symmetricClip(values.data(), values.size(), 0), std::invalid_argument);
}
