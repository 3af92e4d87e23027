//===- JitTest.cpp - stencil program -> object -> ORC JIT -> run ----------===//
#include "BackendTestUtils.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>

extern "C" void omp_set_num_threads(int);
extern "C" int omp_get_max_threads(void);

namespace strata::backend::testing {
namespace {

HeatProblem::Entry jitHeat(LoadedKernel &kernel) {
  auto address = kernel.lookup("_mlir_ciface_heat");
  EXPECT_TRUE(bool(address)) << (address ? "" : llvm::toString(address.takeError()));
  return address ? reinterpret_cast<HeatProblem::Entry>(*address) : nullptr;
}

double maxAbs(const std::vector<double> &values) {
  double largest = 0;
  for (double v : values)
    largest = std::max(largest, std::fabs(v));
  return largest;
}

/// Relative to the largest magnitude: the compiled kernel performs the same IEEE operations
/// in the same order as the reference (no fast-math, no FMA contraction), so any difference
/// beyond a few ulps of the field's scale would be a real bug.
void expectClose(const std::vector<double> &actual, const std::vector<double> &expected) {
  ASSERT_EQ(actual.size(), expected.size());
  double tolerance = 1e-12 * std::max(1.0, maxAbs(expected));
  for (size_t i = 0; i < actual.size(); ++i)
    ASSERT_NEAR(actual[i], expected[i], tolerance) << "at flat index " << i;
}

bool bitwiseEqual(const std::vector<double> &a, const std::vector<double> &b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0;
}

TEST(BackendJit, HeatMatchesReferenceLoop) {
  PhaseTimings timings;
  std::string object = compileHeat(&timings);
  ASSERT_FALSE(object.empty());
  EXPECT_EQ(object.substr(0, 4), std::string("\x7f"
                                             "ELF"));
  // The outermost loop really is an OpenMP parallel region.
  EXPECT_NE(object.find("__kmpc_fork_call"), std::string::npos);
  auto kernel = LoadedKernel::load(object, &timings);
  ASSERT_TRUE(bool(kernel)) << llvm::toString(kernel.takeError());
  HeatProblem::Entry entry = jitHeat(**kernel);
  ASSERT_NE(entry, nullptr);

  HeatProblem jit, reference;
  jit.run(entry);
  reference.runReference();
  expectClose(jit.u, reference.u);
  expectClose(jit.recAmplitudes, reference.recAmplitudes);
  // The receivers saw something: the source term and the bump reach them.
  EXPECT_GT(maxAbs(jit.recAmplitudes), 1e-3);
  // The halo is never written.
  for (int64_t level = 0; level < 2; ++level)
    for (int64_t j = 0; j < HeatProblem::Y; ++j) {
      EXPECT_EQ(jit.u[(level * HeatProblem::X + 0) * HeatProblem::Y + j], 0.0);
      EXPECT_EQ(jit.u[(level * HeatProblem::X + HeatProblem::X - 1) * HeatProblem::Y + j], 0.0);
    }
}

TEST(BackendJit, OneAndTwoThreadsAgreeBitwise) {
  std::string object = compileHeat();
  ASSERT_FALSE(object.empty());
  auto kernel = LoadedKernel::load(object);
  ASSERT_TRUE(bool(kernel)) << llvm::toString(kernel.takeError());
  HeatProblem::Entry entry = jitHeat(**kernel);
  ASSERT_NE(entry, nullptr);

  int saved = omp_get_max_threads();
  HeatProblem one, two;
  omp_set_num_threads(1);
  one.run(entry);
  omp_set_num_threads(2);
  two.run(entry);
  omp_set_num_threads(saved);
  EXPECT_TRUE(bitwiseEqual(one.u, two.u));
  EXPECT_TRUE(bitwiseEqual(one.recAmplitudes, two.recAmplitudes));
}

TEST(BackendJit, SplitTimeRangeGivesTheSameResult) {
  // Levels are (t + k) mod L of the absolute step: [0, T) equals [0, k) then [k, T).
  std::string object = compileHeat();
  ASSERT_FALSE(object.empty());
  auto kernel = LoadedKernel::load(object);
  ASSERT_TRUE(bool(kernel)) << llvm::toString(kernel.takeError());
  HeatProblem::Entry entry = jitHeat(**kernel);
  ASSERT_NE(entry, nullptr);
  HeatProblem whole, split;
  whole.run(entry);
  split.run(entry, 0, 7);
  split.run(entry, 7, HeatProblem::steps);
  EXPECT_TRUE(bitwiseEqual(whole.u, split.u));
  EXPECT_TRUE(bitwiseEqual(whole.recAmplitudes, split.recAmplitudes));
}

TEST(BackendJit, UnknownSymbolIsAnError) {
  std::string object = compileHeat();
  ASSERT_FALSE(object.empty());
  auto kernel = LoadedKernel::load(object);
  ASSERT_TRUE(bool(kernel)) << llvm::toString(kernel.takeError());
  auto missing = (*kernel)->lookup("no_such_kernel");
  ASSERT_FALSE(bool(missing));
  EXPECT_NE(llvm::toString(missing.takeError()).find("no_such_kernel"), std::string::npos);
}

TEST(BackendJit, GarbageObjectIsAnErrorNotACrash) {
  auto kernel = LoadedKernel::load("definitely not an ELF file");
  if (kernel) {
    // ORC may defer parsing to the first lookup; the error must surface there then.
    auto address = (*kernel)->lookup("_mlir_ciface_heat");
    ASSERT_FALSE(bool(address));
    llvm::consumeError(address.takeError());
  } else {
    llvm::consumeError(kernel.takeError());
  }
}

TEST(BackendTarget, HostFingerprintIsStable) {
  Target a = Target::host(), b = Target::host();
  EXPECT_EQ(a.fingerprint(), b.fingerprint());
  EXPECT_FALSE(a.triple.empty());
  EXPECT_NE(a.fingerprint().find(a.cpu), std::string::npos);
}

} // namespace
} // namespace strata::backend::testing
