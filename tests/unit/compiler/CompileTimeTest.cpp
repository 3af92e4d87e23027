//===- CompileTimeTest.cpp - cold compile times of an so8-like 3D kernel --===//
//
// Measures and prints; asserts only that each phase succeeds. The numbers feed the
// "fast compiles" goal: compare them across changes, not against a fixed threshold.
//
//===----------------------------------------------------------------------===//
#include "BackendTestUtils.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>

namespace strata::backend::testing {
namespace {

double secondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
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
}

} // namespace
} // namespace strata::backend::testing
