//===- BackendTestUtils.h - stencil programs and data for backend tests -*- C++ -*-===//
#pragma once

#include "strata/Compiler/Backend/Backend.h"

#include "mlir/ExecutionEngine/CRunnerUtils.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/OwningOpRef.h"

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace strata::backend::testing {

/// A context with the stencil dialect and everything the lowering pipeline produces.
std::unique_ptr<mlir::MLIRContext> makeContext();

/// Parses `text`; fails the current test (and returns null) on a parse error.
mlir::OwningOpRef<mlir::ModuleOp> parse(mlir::MLIRContext &context, const std::string &text);

/// Runs strata::buildStencilToLLVMPipeline (or the loops pipeline) in place; false on failure.
bool lowerToLLVM(mlir::ModuleOp module);
bool lowerToLoops(mlir::ModuleOp module);

/// The 2D heat program (f64, two levels, halo 1) with a source and a receiver:
///   u[t+1] = u[t] + c * (u[-1,0] + u[1,0] + u[0,-1] + u[0,1] - 4 u)
/// then inject c * src into u[t+1], then interpolate u[t+1] into rec.
const std::string &heatProgram();

/// Program text, lowered to LLVM and compiled for the host; fails the test on error.
std::string compileHeat(PhaseTimings *timings = nullptr);

/// An so8-like 3D acoustic update (f32, three levels, halo 4, 25 accesses to u[t]).
std::string wave3dSo8Program();
/// Its five distinct weights: centre (all three axes), then distance 1..4.
std::array<float, 5> so8Weights();

/// A row-major descriptor over `data`.
template <typename T, int N>
StridedMemRefType<T, N> describe(std::vector<T> &data, std::array<int64_t, N> sizes) {
  StridedMemRefType<T, N> descriptor;
  descriptor.basePtr = descriptor.data = data.data();
  descriptor.offset = 0;
  int64_t stride = 1;
  for (int axis = N - 1; axis >= 0; --axis) {
    descriptor.sizes[axis] = sizes[axis];
    descriptor.strides[axis] = stride;
    stride *= sizes[axis];
  }
  return descriptor;
}

/// The heat program's inputs and outputs, and the C interface it is called through.
struct HeatProblem {
  using Entry = void (*)(StridedMemRefType<double, 3> *, StridedMemRefType<double, 2> *,
                         StridedMemRefType<int64_t, 3> *, StridedMemRefType<double, 2> *,
                         StridedMemRefType<double, 2> *, StridedMemRefType<int64_t, 3> *,
                         StridedMemRefType<double, 2> *, double, int64_t, int64_t);

  static constexpr int64_t nx = 46, ny = 37, halo = 1, steps = 24;
  static constexpr int64_t X = nx + 2 * halo, Y = ny + 2 * halo;
  static constexpr int64_t sources = 2, receivers = 3, support = 4;
  double c = 0.2;

  std::vector<double> u = std::vector<double>(2 * X * Y, 0.0);
  std::vector<double> srcAmplitudes, srcWeights, recAmplitudes, recWeights;
  std::vector<int64_t> srcSupport, recSupport;

  HeatProblem();
  /// Calls the compiled kernel over steps [begin, end).
  void run(Entry entry, int64_t begin = 0, int64_t end = steps);
  /// The same computation as plain C++ loops, in the same operation order.
  void runReference();
};

} // namespace strata::backend::testing
