//===- CompileTimeTest.cpp - cold compile times of an so8-like 3D kernel --===//
//
// Measures and prints; asserts only that each phase succeeds. The numbers feed the
// "fast compiles" goal: compare them across changes, not against a fixed threshold.
//
//===----------------------------------------------------------------------===//
#include "BackendTestUtils.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <cstdio>

namespace strata::backend::testing {
namespace {

double secondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

using Wave3dEntry = void (*)(StridedMemRefType<float, 4> *, StridedMemRefType<float, 3> *, float,
                             int64_t, int64_t);

/// Runs the compiled so8 kernel on a small grid and compares with the same update written as
/// plain loops in the same f32 operation order (three levels, a static model, halo 4).
void checkWave3d(Wave3dEntry entry) {
  constexpr int64_t h = 4, X = 14 + 2 * h, Y = 11 + 2 * h, Z = 9 + 2 * h, steps = 6;
  const float dt = 0.1f;
  std::vector<float> u(3 * X * Y * Z, 0.0f), m(X * Y * Z, 0.0f);
  auto index = [&](int64_t l, int64_t i, int64_t j, int64_t k) {
    return ((l * X + i) * Y + j) * Z + k;
  };
  for (int64_t i = 0; i < X; ++i)
    for (int64_t j = 0; j < Y; ++j)
      for (int64_t k = 0; k < Z; ++k) {
        m[(i * Y + j) * Z + k] = 1.0f + 0.01f * float(i + j + k);
        bool interior = i >= h && i < X - h && j >= h && j < Y - h && k >= h && k < Z - h;
        if (interior)
          u[index(0, i, j, k)] = std::sin(0.3f * float(i)) * std::cos(0.2f * float(j + k));
      }
  std::vector<float> expected = u;
  auto uD = describe<float, 4>(u, {3, X, Y, Z});
  auto mD = describe<float, 3>(m, {X, Y, Z});
  entry(&uD, &mD, dt, 0, steps);

  std::array<float, 5> w = so8Weights();
  for (int64_t t = 0; t < steps; ++t) {
    int64_t prev = (t + 2) % 3, now = t % 3, next = (t + 1) % 3;
    for (int64_t i = h; i < X - h; ++i)
      for (int64_t j = h; j < Y - h; ++j)
        for (int64_t k = h; k < Z - h; ++k) {
          float c = expected[index(now, i, j, k)];
          float sum = w[0] * c;
          for (int64_t r = 1; r <= 4; ++r) {
            sum = sum +
                  w[r] * (expected[index(now, i + r, j, k)] + expected[index(now, i - r, j, k)]);
            sum = sum +
                  w[r] * (expected[index(now, i, j + r, k)] + expected[index(now, i, j - r, k)]);
            sum = sum +
                  w[r] * (expected[index(now, i, j, k + r)] + expected[index(now, i, j, k - r)]);
          }
          float factor = (dt * dt) / m[(i * Y + j) * Z + k];
          expected[index(next, i, j, k)] =
              ((c + c) - expected[index(prev, i, j, k)]) + factor * sum;
        }
  }
  // Same f32 operations in the same order: any difference is a bug, not rounding.
  for (size_t n = 0; n < u.size(); ++n)
    ASSERT_EQ(u[n], expected[n]) << "at flat index " << n;
}

TEST(BackendCompileTime, Wave3dSo8ColdCompileByPhase) {
  auto context = makeContext();
  auto start = std::chrono::steady_clock::now();
  auto module = parse(*context, wave3dSo8Program());
  ASSERT_TRUE(module);
  double parseSeconds = secondsSince(start);
  start = std::chrono::steady_clock::now();
  ASSERT_TRUE(lowerToLLVM(*module));
  double lowerSeconds = secondsSince(start);

  PhaseTimings timings;
  start = std::chrono::steady_clock::now();
  auto object = compileToObject(*module, Target::host(), &timings);
  double compileSeconds = secondsSince(start);
  ASSERT_TRUE(bool(object)) << llvm::toString(object.takeError());
  auto kernel = LoadedKernel::load(*object, &timings);
  ASSERT_TRUE(bool(kernel)) << llvm::toString(kernel.takeError());
  start = std::chrono::steady_clock::now();
  auto entry = (*kernel)->lookup("_mlir_ciface_wave3d");
  ASSERT_TRUE(bool(entry)) << llvm::toString(entry.takeError());
  double linkSeconds = secondsSince(start);

  std::printf(
      "[ timing ] wave3d so8 (f32, 25-point Laplacian), object %zu bytes\n"
      "[ timing ]   parse %.4f s, stencil->LLVM dialect %.4f s, translate %.4f s,\n"
      "[ timing ]   optimize O3 %.4f s, codegen %.4f s, JIT load %.4f s, link+lookup %.4f s\n"
      "[ timing ]   compileToObject total %.4f s (includes target set-up)\n",
      object->size(), parseSeconds, lowerSeconds, timings.translateSeconds, timings.optimizeSeconds,
      timings.codegenSeconds, timings.loadSeconds, linkSeconds, compileSeconds);
  checkWave3d(reinterpret_cast<Wave3dEntry>(*entry));
}

} // namespace
} // namespace strata::backend::testing
