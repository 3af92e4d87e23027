// The C++ API refuses bad bindings with messages that name the problem, and reuses the
// kernel cache.
#include "strata/Runtime/Operator.h"
#include "strata/frontend/Model.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <unistd.h>

using namespace strata;
namespace fs = std::filesystem;

namespace {

std::string diffusionPath() {
  return std::string(STRATA_SOURCE_DIR) + "/examples/models/diffusion.pde";
}

Operator compileDiffusion(ElementType element = ElementType::F32) {
  frontend::CompileOptions options;
  options.dims = 2;
  KernelOptions kernel;
  kernel.element = element;
  kernel.useCache = false;
  return compile(*loadModel(diffusionPath(), options), kernel);
}

void expectError(const std::function<void()> &body, const std::string &fragment) {
  try {
    body();
    FAIL() << "expected an error mentioning: " << fragment;
  } catch (const Error &error) {
    EXPECT_NE(std::string(error.what()).find(fragment), std::string::npos) << error.what();
  }
}

} // namespace

TEST(OperatorApi, DescribesItsArguments) {
  Operator op = compileDiffusion();
  EXPECT_EQ(op.signature().name, "diffusion");
  EXPECT_EQ(op.halo(), (std::vector<int64_t>{1, 1}));
  EXPECT_EQ(op.fieldShape("u", {10, 12}), (std::vector<int64_t>{2, 12, 14}));
}

TEST(OperatorApi, RefusesBadBindings) {
  Operator op = compileDiffusion();
  std::vector<float> u(2 * 12 * 14, 0.0f);
  std::vector<double> u64(u.size(), 0.0);
  expectError([&] { op.bindField("v", u.data(), {2, 12, 14}); }, "has no field named 'v'");
  expectError([&] { op.bindField("u", u.data(), {12, 14}); }, "needs 3 extents");
  expectError([&] { op.bindField("u", u.data(), {3, 12, 14}); }, "keeps 2 time levels");
  expectError([&] { op.bindField("u", u.data(), {2, 2, 14}); }, "leaves no interior");
  expectError([&] { op.bindField("u", u64.data(), {2, 12, 14}); }, "compiled for f32");
  expectError([&] { op.setScalar("dx", 1.0); }, "has no scalar named 'dx'");
  expectError([&] { op.fieldShape("u", {10}); }, "has 2 axes");
}

TEST(OperatorApi, RefusesToRunWithMissingOrInconsistentArguments) {
  Operator op = compileDiffusion();
  std::vector<float> u(2 * 12 * 14, 0.0f);
  op.bindField("u", u.data(), {2, 12, 14});
  expectError([&] { op.apply(0, 1); }, "is not bound");
  for (const char *name : {"dt", "h_x", "h_z"})
    op.setScalar(name, 0.1);
  std::vector<float> amplitudes(3, 1.0f), weights(4, 0.25f);
  std::vector<int64_t> support = {5, 5, 5, 6, 6, 5, 6, 6};
  op.bindPoints("src", amplitudes.data(), 3, 1, support.data(), 4, weights.data());
  op.bindPoints("rec", amplitudes.data(), 3, 1, support.data(), 4, weights.data());
  expectError([&] { op.apply(0, 4); }, "has amplitudes for 3 steps");
  expectError([&] { op.apply(-1, 2); }, "0 <= begin <= end");
  std::vector<int64_t> outside = {0, 5, 5, 6, 6, 5, 6, 6};
  op.bindPoints("src", amplitudes.data(), 3, 1, outside.data(), 4, weights.data());
  expectError([&] { op.apply(0, 3); }, "outside the interior");
  op.bindPoints("src", amplitudes.data(), 3, 1, support.data(), 4, weights.data());
  EXPECT_NO_THROW(op.apply(0, 3));
}

TEST(OperatorApi, SecondCompileIsACacheHit) {
  fs::path cache = fs::temp_directory_path() / ("strata-api-cache-" + std::to_string(getpid()));
  fs::remove_all(cache);
  frontend::CompileOptions options;
  options.dims = 2;
  auto model = loadModel(diffusionPath(), options);
  KernelOptions kernel;
  kernel.cacheDirectory = cache.string();
  Operator cold = compile(*model, kernel);
  Operator warm = compile(*model, kernel);
  EXPECT_FALSE(cold.timings().cacheHit);
  EXPECT_TRUE(warm.timings().cacheHit);
  EXPECT_EQ(warm.signature().serialize(), cold.signature().serialize());
  kernel.element = ElementType::F64; // a different option misses
  EXPECT_FALSE(compile(*model, kernel).timings().cacheHit);
  fs::remove_all(cache);
}

TEST(OperatorApi, LoadModelReportsDiagnostics) {
  fs::path file =
      fs::temp_directory_path() / ("strata-api-bad-" + std::to_string(getpid()) + ".pde");
  {
    std::ofstream out(file);
    out << "model bad\ngrid g\nstate u : timefield(g, time_order = 1, space_order = 2)\n"
           "equation dt(u) = lapalce(u)\n";
  }
  expectError([&] { loadModel(file.string()); }, "did you mean 'laplace'?");
  fs::remove(file);
}

// fieldArray: the values asked for, with huge pages advised before the first touch.
TEST(FieldArray, HoldsCountCopiesOfTheValue) {
  std::vector<float> small = fieldArray<float>(5, 2.5f);
  EXPECT_EQ(small, std::vector<float>(5, 2.5f));
  std::vector<double> large = fieldArray<double>((size_t(3) << 20) / sizeof(double));
  EXPECT_EQ(large.size(), (size_t(3) << 20) / sizeof(double));
  EXPECT_TRUE(std::all_of(large.begin(), large.end(), [](double v) { return v == 0.0; }));
  EXPECT_TRUE(fieldArray<float>(0).empty());
}

// fieldArrayOf: the values converted to the element type, in order.
TEST(FieldArray, ConvertsValues) {
  std::vector<double> values((size_t(3) << 20) / sizeof(float));
  for (size_t i = 0; i < values.size(); ++i)
    values[i] = 0.5 * static_cast<double>(i) + 0.1;
  std::vector<float> converted = fieldArrayOf<float>(values);
  ASSERT_EQ(converted.size(), values.size());
  for (size_t i = 0; i < values.size(); ++i)
    ASSERT_EQ(converted[i], static_cast<float>(values[i])) << i;
  EXPECT_TRUE(fieldArrayOf<float>(std::vector<double>{}).empty());
}

// Advice never changes data, whatever the range: null, small, not page-aligned.
TEST(FieldArray, AdviceLeavesDataAlone) {
  adviseHugePages(nullptr, 0);
  std::vector<int> values(3 << 20);
  for (size_t i = 0; i < values.size(); ++i)
    values[i] = static_cast<int>(i);
  adviseHugePages(values.data() + 1, (values.size() - 3) * sizeof(int));
  adviseHugePages(values.data(), 16);
  for (size_t i = 0; i < values.size(); ++i)
    ASSERT_EQ(values[i], static_cast<int>(i));
}

// Where the system offers transparent huge pages to applications that ask ("always" or
// "madvise"), a large field array is backed by some: /proc/self/smaps reports them for the
// mapping that holds it.
TEST(FieldArray, BackedByHugePagesWhereTheSystemOffersThem) {
  std::ifstream enabled("/sys/kernel/mm/transparent_hugepage/enabled");
  std::string setting((std::istreambuf_iterator<char>(enabled)), std::istreambuf_iterator<char>());
  if (setting.find("[always]") == std::string::npos &&
      setting.find("[madvise]") == std::string::npos)
    GTEST_SKIP() << "transparent huge pages not offered here: " << setting;
  std::vector<float> field = fieldArray<float>((size_t(32) << 20) / sizeof(float));
  const auto middle = reinterpret_cast<uintptr_t>(field.data() + field.size() / 2);
  std::ifstream smaps("/proc/self/smaps");
  bool inside = false;
  long hugeKiB = -1;
  for (std::string line; std::getline(smaps, line);) {
    uintptr_t begin = 0, end = 0;
    if (std::sscanf(line.c_str(), "%lx-%lx ", &begin, &end) == 2 && line.find('-') < 16) {
      inside = begin <= middle && middle < end;
      continue;
    }
    if (inside && line.rfind("AnonHugePages:", 0) == 0)
      hugeKiB = std::stol(line.substr(14));
  }
  EXPECT_GT(hugeKiB, 0) << "no huge pages in the mapping of a 32 MiB field array";
}
