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
// Arrays are the caller's, row-major (the last axis fastest), padded by the kernel's halo on
// both sides of every axis; a state's time levels lead. They may be contiguous, or laid out
// with padded rows and levels (FieldLayout, FieldBuffer: what the simulators use, the
// fastest layout). Strata never copies them and never resizes them. See docs/abi.md.
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

/// How a field's array lies in memory: its extents (a state's time levels, then the padded
/// grid) and, per axis, the distance in elements between neighbours along it. Axes are
/// row-major (every stride at least the next axis's stride times its extent) and the last
/// one is contiguous (stride 1); beyond that rows and levels may be padded.
struct FieldLayout {
  std::vector<int64_t> shape;
  std::vector<int64_t> strides;
  /// With element 0 placed by originOffset(), every row's first interior element (index
  /// `rowHalo` along the contiguous axis) lies on a multiple of this many bytes.
  int64_t alignmentBytes = 1;
  int64_t rowHalo = 0;

  /// Row-major and contiguous: what a plain std::vector of `shape` holds.
  static FieldLayout contiguous(const std::vector<int64_t> &shape);
  bool isContiguous() const;
  /// Elements from element 0 through the last element.
  size_t span() const;
  /// Elements to allocate: the span, and room to move element 0 to the alignment.
  size_t allocationSize(size_t elementBytes) const;
  /// Where element 0 goes in an allocation of allocationSize() elements at `allocation`.
  size_t originOffset(const void *allocation, size_t elementBytes) const;
  /// The element at `index` (one per axis), counted from element 0.
  int64_t offset(const std::vector<int64_t> &index) const;
};

/// The layout the simulators give a field of `shape` (levels first for a state, which has
/// `levels` > 0): rows padded to whole 64-byte cache lines with their interiors (from
/// `rowHalo` on) on line boundaries, so that the kernels' vector loads and stores of a row
/// never straddle two lines (docs/performance.md, "Ninth session"), and a state's levels
/// paddedLevelStride apart. `alignRows = false` keeps rows contiguous (levels still padded).
FieldLayout paddedFieldLayout(const std::vector<int64_t> &shape, int64_t levels, int64_t rowHalo,
                              int64_t elementBytes, bool alignRows = true);

/// An array laid out by a FieldLayout, owning its memory (huge pages advised, see
/// fieldArray), every element, padding included, set to `value`. Moving it keeps data().
template <typename T> class FieldBuffer {
public:
  FieldBuffer() = default;
  /// `hugePages = false` leaves the pages to the system (to measure what huge pages buy).
  explicit FieldBuffer(FieldLayout layout, T value = T(0), bool hugePages = true)
      : layout_(std::move(layout)),
        storage_(hugePages ? fieldArray<T>(layout_.allocationSize(sizeof(T)), value)
                           : std::vector<T>(layout_.allocationSize(sizeof(T)), value)),
        origin_(layout_.originOffset(storage_.data(), sizeof(T))) {}
  // A copy could land elsewhere modulo the alignment: copy data() .. data() + span instead.
  FieldBuffer(const FieldBuffer &) = delete;
  FieldBuffer &operator=(const FieldBuffer &) = delete;
  FieldBuffer(FieldBuffer &&) noexcept = default;
  FieldBuffer &operator=(FieldBuffer &&) noexcept = default;

  const FieldLayout &layout() const { return layout_; }
  /// Element 0 (what bindField takes).
  T *data() { return storage_.data() + origin_; }
  const T *data() const { return storage_.data() + origin_; }
  T &at(const std::vector<int64_t> &index) { return data()[layout_.offset(index)]; }
  const T &at(const std::vector<int64_t> &index) const { return data()[layout_.offset(index)]; }

  /// Copies in a contiguous row-major array of the layout's shape, or of the trailing
  /// `dense.size()`-element part of it (one level of a state: `first` selects which).
  template <typename U> void assign(const std::vector<U> &dense, int64_t first = 0) {
    T *origin = data();
    forEachRow(first, dense.size(), [&](int64_t row, size_t from, int64_t length) {
      for (int64_t i = 0; i < length; ++i)
        origin[row + i] = static_cast<T>(dense[from + i]);
    });
  }
  /// The elements of the layout's shape (or `count` of them from row block `first`, as
  /// assign takes them), contiguous and row-major.
  template <typename U = T> std::vector<U> dense(int64_t first = 0, size_t count = 0) const {
    std::vector<U> out(count ? count : denseSize());
    const T *origin = data();
    forEachRow(first, out.size(), [&](int64_t row, size_t from, int64_t length) {
      for (int64_t i = 0; i < length; ++i)
        out[from + i] = static_cast<U>(origin[row + i]);
    });
    return out;
  }
  size_t denseSize() const {
    size_t count = 1;
    for (int64_t extent : layout_.shape)
      count *= static_cast<size_t>(extent);
    return count;
  }

private:
  /// Calls visit(offset of a row's first element, dense index of it, row length) for the
  /// rows of `count` dense elements from index `first` along the leading axis.
  template <typename Visit> void forEachRow(int64_t first, size_t count, Visit visit) const {
    const std::vector<int64_t> &shape = layout_.shape;
    const size_t rank = shape.size();
    const int64_t rowLength = shape.back();
    size_t blockSize = 1; // dense elements per index of the leading axis
    for (size_t axis = 1; axis < rank; ++axis)
      blockSize *= static_cast<size_t>(shape[axis]);
    if (count % static_cast<size_t>(rowLength) != 0 || (rank > 1 && count % blockSize != 0) ||
        first < 0 || (rank > 1 && first + int64_t(count / blockSize) > shape[0]) ||
        (rank == 1 && count != static_cast<size_t>(rowLength)))
      throw std::invalid_argument("FieldBuffer: " + std::to_string(count) +
                                  " elements do not fit whole blocks of the layout");
    std::vector<int64_t> index(rank, 0);
    index[0] = rank > 1 ? first : 0;
    for (size_t from = 0; from < count; from += static_cast<size_t>(rowLength)) {
      visit(layout_.offset(index), from, rowLength);
      for (size_t axis = rank - 1; axis-- > 0;) {
        if (++index[axis] < shape[axis])
          break;
        index[axis] = 0;
      }
    }
  }

  FieldLayout layout_;
  std::vector<T> storage_;
  size_t origin_ = 0;
};

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
  /// The fastest layout of that shape (paddedFieldLayout: aligned, padded rows; a state's
  /// levels padded apart), for a FieldBuffer. A kernel compiled with fixed strides
  /// (KernelOptions::fieldStrides) has exactly one: the layout of its grid, with its rows;
  /// asking for another grid or the other rows throws Error.
  FieldLayout fieldLayout(const std::string &name, const std::vector<int64_t> &gridShape,
                          bool alignRows = true) const;

  /// Binds a field (input or state) to a caller-owned array of `shape` elements.
  void bindField(const std::string &name, float *data, const std::vector<int64_t> &shape);
  void bindField(const std::string &name, double *data, const std::vector<int64_t> &shape);
  /// Binds a state whose time levels lie `levelStride` elements apart (at least one level's
  /// size) instead of back to back: padding between levels, see paddedLevelStride.
  void bindField(const std::string &name, float *data, const std::vector<int64_t> &shape,
                 int64_t levelStride);
  void bindField(const std::string &name, double *data, const std::vector<int64_t> &shape,
                 int64_t levelStride);
  /// Binds a field whose element 0 is at `data`, laid out as `layout` says (strides checked:
  /// row-major, the last axis contiguous).
  void bindField(const std::string &name, float *data, const FieldLayout &layout);
  void bindField(const std::string &name, double *data, const FieldLayout &layout);
  template <typename T> void bindField(const std::string &name, FieldBuffer<T> &buffer) {
    bindField(name, buffer.data(), buffer.layout());
  }

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
