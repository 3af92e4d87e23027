//===- Operator.h - the C++ API: load a model, compile it, run it -*- C++ -*-===//
//
//   auto model = strata::loadModel("stdlib/acoustic.pde", {.dims = 2});
//   strata::Operator op = strata::compile(*model, {.element = strata::ElementType::F32});
//   std::vector<int64_t> shape = op.fieldShape("u", {nx, nz});   // {3, nx+2h, nz+2h}
//   op.bindField("u", u.data(), shape);                            // no copy
//   ...
//   op.setScalar("dt", 0.5); op.setScalar("h_x", 10); ...
//   op.apply(0, nt);                                              // steps 0 .. nt-1
//
// Arrays are the caller's, contiguous and row-major (the last axis fastest), padded by the
// kernel's halo on both sides of every axis; a state's time levels lead. Strata never copies
// them and never resizes them. See docs/abi.md for the layout.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "strata/Compiler/Driver.h"
#include "strata/frontend/CompileOptions.h"

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace strata {

namespace frontend {
struct Model;
}

using compiler::CompileTimings;
using compiler::ElementType;
using compiler::KernelOptions;
using compiler::KernelSignature;

/// Any problem a user can fix: a bad model, a wrong binding, a missing argument.
struct Error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// Parses and checks a .pde file; throws Error with the rendered diagnostics.
std::unique_ptr<frontend::Model> loadModel(const std::string &path,
                                           const frontend::CompileOptions &options = {});

class Operator;
/// Compiles (or fetches from the kernel cache) and loads the model's kernel.
Operator compile(const frontend::Model &model, const KernelOptions &options = {});

/// Threads the kernels use (OpenMP); results are bitwise the same for any count.
void setThreadCount(int threads);

/// A distance in elements between the time levels of a state, at least `levelSize`, that
/// keeps every two of its `levels` levels far apart modulo 4 KiB. A sweep stores to one
/// level while it loads from the others at nearby addresses; when the levels' distance is
/// close to a multiple of 4 KiB the processor takes the loads for reloads of the pending
/// stores (4K aliasing) and stalls: a 250^3 grid ran the forward kernel at 0.73 GPts/s and
/// the adjoint at 0.27 with back-to-back levels (docs/performance.md). The padding is
/// under 4 KiB per level.
int64_t paddedLevelStride(int64_t levels, int64_t levelSize, int64_t elementBytes);

int threadCount();

/// Asks the system to back the whole pages of [data, data + bytes) with transparent huge
/// pages (Linux madvise(MADV_HUGEPAGE); most systems leave that to the application). A
/// wavefront or a high-order stencil touches rows in many planes at once, each on its own
/// 4 KiB page: with 2 MiB pages the TLB covers them (docs/performance.md, "Huge pages").
/// Call it before the memory is first touched. It does nothing for arrays under 2 MiB or
/// where the system refuses; results never depend on it.
void adviseHugePages(void *data, size_t bytes);

/// An empty array with room for `count` elements of a kernel's field, huge pages advised:
/// fill it next (the fill is the first touch).
template <typename T> std::vector<T> reservedFieldArray(size_t count) {
  std::vector<T> array;
  array.reserve(count);
  adviseHugePages(array.data(), count * sizeof(T));
  return array;
}

/// `count` elements equal to `value`, allocated for a kernel's field (an input, or a
/// state's levels `paddedLevelStride` apart): huge pages advised before the first touch.
template <typename T> std::vector<T> fieldArray(size_t count, T value = T(0)) {
  std::vector<T> array = reservedFieldArray<T>(count);
  array.assign(count, value);
  return array;
}

/// `values` converted to T, allocated as fieldArray allocates (one pass over the memory).
template <typename T, typename U> std::vector<T> fieldArrayOf(const std::vector<U> &values) {
  std::vector<T> array = reservedFieldArray<T>(values.size());
  array.assign(values.begin(), values.end());
  return array;
}

/// A box where the row-major array `data` of `extents` is +0.0 bit for bit (-0.0 is not):
/// {lower[0], .., lower[d-1], upper[0], .., upper[d-1]}, upper exclusive, empty (lower ==
/// upper) when the array's centre is not zero. It grows from the centre: along the
/// contiguous axis as far as the centre row is zero, then plane by plane along the other
/// axes while every row of the new plane is zero there, so for a damping profile (zero
/// inside, non-zero in layers along the faces) it is the whole inside. Kernels compiled with
/// KernelOptions::skipZeroInputs take one per `zero_interior` input (the ZeroBox
/// arguments, see docs/abi.md); the Operator computes them itself.
std::vector<int64_t> zeroBox(const float *data, const std::vector<int64_t> &extents);
std::vector<int64_t> zeroBox(const double *data, const std::vector<int64_t> &extents);

class Operator {
public:
  explicit Operator(std::unique_ptr<compiler::CompiledKernel> kernel);
  Operator(Operator &&) noexcept;
  Operator &operator=(Operator &&) noexcept;
  ~Operator();

  const KernelSignature &signature() const;
  const CompileTimings &timings() const;
  ElementType elementType() const { return signature().element; }
  const std::vector<int64_t> &halo() const { return signature().halo; }

  /// The shape a field's array must have for a grid of `gridShape` interior points.
  std::vector<int64_t> fieldShape(const std::string &name,
                                  const std::vector<int64_t> &gridShape) const;

  /// Binds a field (input or state) to a caller-owned array of `shape` elements.
  void bindField(const std::string &name, float *data, const std::vector<int64_t> &shape);
  void bindField(const std::string &name, double *data, const std::vector<int64_t> &shape);
  /// Binds a state whose time levels lie `levelStride` elements apart (at least one level's
  /// size) instead of back to back: padding between levels, see paddedLevelStride.
  void bindField(const std::string &name, float *data, const std::vector<int64_t> &shape,
                 int64_t levelStride);
  void bindField(const std::string &name, double *data, const std::vector<int64_t> &shape,
                 int64_t levelStride);

  /// Binds sparse points: amplitudes [steps][points]; support [points][entries][dims] holds
  /// padded-array indices of each point's interpolation support; weights [points][entries].
  void bindPoints(const std::string &name, float *amplitudes, int64_t steps, int64_t points,
                  const int64_t *support, int64_t entries, const float *weights);
  void bindPoints(const std::string &name, double *amplitudes, int64_t steps, int64_t points,
                  const int64_t *support, int64_t entries, const double *weights);

  /// Sets a scalar argument: `dt` or a grid spacing `h_x`, `h_y`, `h_z`.
  void setScalar(const std::string &name, double value);

  /// Runs steps timeBegin .. timeEnd-1. Checks every binding first and throws Error
  /// naming what is missing or inconsistent; never runs a kernel on bad arguments.
  ///
  /// Some kernels (derived adjoints and gradients) precompute coefficients from their
  /// inputs at the start of each call, into workspace the Operator owns. With
  /// `inputsUnchanged`, the caller promises that no input field's contents changed since
  /// the previous apply(); the kernel then reuses those coefficients, which saves a sweep
  /// per call for callers that run one step at a time. Rebinding an input or setting a
  /// scalar always makes the next call recompute them.
  void apply(int64_t timeBegin, int64_t timeEnd, bool inputsUnchanged = false);

  /// The bindings and the kernel (defined in Operator.cpp).
  struct State;

private:
  std::unique_ptr<State> state_;
};

} // namespace strata
