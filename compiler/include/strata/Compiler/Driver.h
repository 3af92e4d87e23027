//===- Driver.h - from a checked model to a runnable kernel -----*- C++ -*-===//
//
// The compiler's entry points for tools and the runtime: lower a frontend Model
// through pde -> stencil -> loops -> LLVM, compile it, cache it on disk and load
// it into the process, or write it out ahead of time.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "llvm/Support/Error.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace strata::frontend {
struct Model;
}
namespace strata::backend {
class LoadedKernel;
}

namespace strata::compiler {

enum class ElementType { F32, F64 };
const char *elementTypeName(ElementType type);
/// Bytes per element: 4 for F32, 8 for F64.
constexpr int elementBytes(ElementType type) { return type == ElementType::F32 ? 4 : 8; }
std::optional<ElementType> parseElementType(const std::string &name);

/// One argument of a stencil program, in order. At the machine level a field is one
/// memref descriptor, points are three (amplitudes, support, weights), scalars are values.
///
/// `Workspace` fields hold coefficients the kernel precomputes from its inputs (see
/// strata-stencil-hoist-coefficients); `Recompute` is the flag that asks it to (non-zero) or
/// lets it reuse what a previous call computed from the same inputs (0). The runtime's
/// Operator allocates the one and sets the other; users never bind them.
struct KernelArgument {
  /// ZeroBox: the box (memref<2 x dims x i64>: first and one-past-last padded index per
  /// axis) where the input `name` minus its ".zero_box" suffix is +0.0; the Operator finds it.
  enum class Kind {
    Input,
    State,
    Points,
    Scalar,
    TimeBegin,
    TimeEnd,
    Workspace,
    Recompute,
    ZeroBox
  };
  std::string name;
  Kind kind = Kind::Input;
  int levels = 0; // states: time_order + 1
};

/// The input a ZeroBox argument (`NAME.zero_box`) belongs to.
inline std::string zeroBoxInput(const KernelArgument &arg) {
  constexpr std::string_view kSuffix = ".zero_box";
  return arg.name.size() > kSuffix.size() ? arg.name.substr(0, arg.name.size() - kSuffix.size())
                                          : arg.name;
}

/// What a caller needs to bind buffers to a compiled kernel.
struct KernelSignature {
  std::string name;
  int dims = 0;
  ElementType element = ElementType::F32;
  std::vector<int64_t> halo; // padding on both sides of each axis, for every field
  std::vector<KernelArgument> arguments;
  /// The loop optimizations strata-stencil-to-loops applied (0: not applied): SIMD lanes,
  /// rows per cache block, steps per wavefront tile (temporal blocking), prefetch distance
  /// in bytes.
  int64_t vectorWidth = 0, blockSize = 0, timeTile = 0, prefetchBytes = 0;
  /// With timeTile: rows per block of split tiling along y (0: whole planes).
  int64_t timeTileRows = 0;
  /// Kernels compiled with fixed strides (KernelOptions::fieldStrides): the interior grid
  /// whose padded layout (compiler::paddedStrides, rows aligned or not) they take; empty for
  /// kernels that read every stride from the descriptor.
  std::vector<int64_t> fixedGrid;
  bool alignedRows = false;

  std::string serialize() const;
  static std::optional<KernelSignature> parse(const std::string &text);
  /// The `void(void **)` entry of the kernel (see docs/abi.md).
  std::string packedSymbol() const { return "_strata_packed_" + name; }
  std::string cInterfaceSymbol() const { return "_mlir_ciface_" + name; }
};

/// Seconds spent in each phase of one compile; `cacheHit` when the object came from disk.
struct CompileTimings {
  double emit = 0, passes = 0, translate = 0, optimize = 0, codegen = 0, cache = 0, load = 0;
  double total = 0;
  bool cacheHit = false;
};

struct KernelOptions {
  ElementType element = ElementType::F32;
  /// Compile the exact discrete adjoint (receivers' data -> sources' traces) instead.
  bool adjoint = false;
  /// Compile the linearization with respect to this input (the Born operator: a
  /// perturbation `d<input>` -> receivers' data) instead; empty for the model itself.
  std::string jacobian;
  /// Compile the gradient kernel J^T with respect to this input instead (see
  /// strata-stencil-gradient); the runtime drives it one step at a time.
  std::string gradient;
  /// Loop optimizations that keep results bitwise identical to the plain lowering:
  /// explicit SIMD along the contiguous axis, one sweep for applies that can share a loop
  /// nest (an adjoint's clear and gathers), cache blocking in 3D. false: the plain lowering.
  bool optimizeLoops = true;
  /// SIMD lanes when optimizing; -1: as many as the target's vector registers hold.
  int vectorWidth = -1;
  /// One loop nest for the applies that can share it, when optimizing.
  bool fuseSweeps = true;
  /// When optimizing: precompute, once per call, coefficients that sweeps evaluate at
  /// several neighbours (an adjoint's), into workspace fields (bitwise identical results).
  bool hoistCoefficients = true;
  /// y rows per cache block in 3D when optimizing; 0: no blocking; -1 (automatic): when
  /// `gridShape` is given and the planes one sweep reads do not fit half a core's L2 cache,
  /// the largest power of two rows whose planes do (at least 8), else kDefaultBlockSize.
  int blockSize = -1;
  /// Temporal blocking when optimizing (3D forward kernels of one sweep plus point sources
  /// and receivers), bitwise the same results: steps per wavefront tile, 0: none.
  /// -1 (automatic): kAutomaticTimeTile steps when `gridShape` is given and the model's
  /// fields on that grid outgrow the host's last-level cache, else none.
  int timeTile = -1;
  /// With an explicit timeTile: the kernel tiles only when all its fields take at least this
  /// many bytes, decided at run time (the kernel then carries both loop structures); -1: the
  /// host's last-level cache size, 0: always.
  int64_t timeTileMinBytes = -1;
  /// With temporal blocking: split tiling along y, each tile sweeping blocks of this many y
  /// rows (at least what the stencil's reach needs), one thread per block, so that a tile's
  /// planes fit a core's own cache (bitwise the same results). 0: whole planes, each
  /// plane's rows in parallel; -1 (automatic): kDefaultTimeTileRows where a tile's planes
  /// on `gridShape` fit a core's L2 (or without a grid), else whole planes.
  int timeTileRows = -1;
  /// The interior grid the kernel will run on, when the caller knows it: lets the automatic
  /// choices above be made at compile time. Any grid still runs correctly, unless the
  /// strides are fixed (fieldStrides).
  std::vector<int64_t> gridShape;
  /// Where the kernel takes the fields' strides from (results are the same either way).
  enum class FieldStrides {
    /// The memref descriptors: any row-major layout, any grid.
    FromDescriptor,
    /// Compiled in as constants, those of the simulators' layout of `gridShape` (rows padded
    /// to whole cache lines, levels padded apart: compiler::paddedStrides): every row
    /// pointer is one base register plus a constant, where from the descriptor each
    /// neighbour row needs its own register (and high orders spill them). The kernel then
    /// runs on that grid and layout only (Operator::fieldLayout gives it; binding another
    /// is refused). Needs `gridShape` and optimized loops (the plain lowering keeps
    /// descriptor strides).
    AlignedRows,
    /// The same with contiguous rows (levels still padded).
    ContiguousRows,
  };
  FieldStrides fieldStrides = FieldStrides::FromDescriptor;
  /// Run strata-stencil-reassociate: factor shared coefficients out of the stencil sums and
  /// let the code generator contract multiply-adds into FMAs. Results change by rounding.
  bool reassociate = false;
  /// Derived adjoint and gradient kernels store a state's adjoint scaled by its update's
  /// factor where the forward allows it (strata-stencil-adjoint / -gradient scale-states):
  /// gathers read one field per neighbour instead of two. A choice of the derivation, so the
  /// plain lowering makes it too; false: unscaled (rounding differs, the transpose is the
  /// same).
  bool scaleAdjointStates = true;
  /// Derived adjoint and gradient kernels compute each step's adjoint level t whole from the
  /// newer levels where the forward allows it (strata-stencil-adjoint / -gradient
  /// gather-levels): one stored level per step, like the forward, instead of scattering into
  /// t and t-1. A choice of the derivation, like scaleAdjointStates; false: scattered
  /// (rounding differs, the transpose is the same).
  bool gatherAdjointLevels = true;
  /// Derived gradient kernels read an update's result at t+1 back for the imaging condition
  /// instead of recomputing the update's stencil (strata-stencil-gradient reread-updates):
  /// the imaging condition is pointwise. A choice of the derivation (the runtime supplies the
  /// forward state after each step either way); false: recomputed (rounding differs).
  bool rereadGradientUpdates = true;
  /// Derived gradient kernels sum the imaging condition by parts in time
  /// (strata-stencil-gradient imaging-by-parts): step t reads the forward wavefield at level
  /// t only and the adjoint at the levels its step holds. Exact for a forward that starts
  /// from rest (levels 0 and older zero, as every simulator shot does); false: the imaging
  /// condition reads the levels the update read (rounding differs).
  bool gradientImagingByParts = true;
  /// When optimizing: inputs the model declares `zero_interior` (a damping profile) are not
  /// read on the rows (along the contiguous axis) where they are zero whole; the kernel takes
  /// a box argument per such input that the Operator finds in the data (bitwise identical
  /// results, one memory stream less on those rows).
  bool skipZeroInputs = true;
  /// When optimizing with SIMD: a row's neighbours along the contiguous axis come from two
  /// vector loads and register shuffles instead of one load each (bitwise identical).
  /// -1 (automatic): for adjoint kernels derived without scaleAdjointStates only, where it
  /// measured faster (see docs/performance.md); 0: never; 1: always.
  int shareRowLoads = -1;
  /// When optimizing with SIMD: software prefetches of the rows each vector of points reads
  /// for the first time, this many bytes ahead along the contiguous axis (results
  /// unchanged). -1 (automatic): kDefaultPrefetchBytes when `gridShape` is given and the
  /// model's fields on that grid outgrow the host's last-level cache, else none; 0: none.
  int prefetchBytes = -1;
  bool useCache = true;
  std::string cacheDirectory; // empty: backend::KernelCache::defaultDirectory()
};

/// The 3D cache block (y rows) used when KernelOptions::blockSize is -1 without a grid; see
/// docs/performance.md for the measurement behind it.
constexpr int kDefaultBlockSize = 0;
/// The temporal tile chosen automatically for grids beyond the last-level cache: the best
/// measured (docs/performance.md).
constexpr int kAutomaticTimeTile = 3;
/// The rows per block of split tiling used when KernelOptions::timeTileRows is -1: the best
/// measured (docs/performance.md, "Temporal blocking").
constexpr int kDefaultTimeTileRows = 32;
/// The prefetch distance used when KernelOptions::prefetchBytes is -1: the best measured
/// (docs/performance.md, "Software prefetch").
constexpr int kDefaultPrefetchBytes = 512;

/// A kernel loaded into this process.
class CompiledKernel {
public:
  using PackedEntry = void (*)(void **);
  CompiledKernel(KernelSignature signature, std::unique_ptr<backend::LoadedKernel> code,
                 PackedEntry entry, CompileTimings timings);
  ~CompiledKernel();
  const KernelSignature &signature() const { return signature_; }
  PackedEntry entry() const { return entry_; }
  const CompileTimings &timings() const { return timings_; }
  CompileTimings &timingsForUpdate() { return timings_; }

private:
  KernelSignature signature_;
  std::unique_ptr<backend::LoadedKernel> code_;
  PackedEntry entry_;
  CompileTimings timings_;
};

/// The optimizations of the kernel `options` compiled for `model` on this machine, in words
/// (for reports): e.g. "SIMD 16 lanes, sweep fusion, precomputed coefficients, temporal
/// blocking 3 steps", or "plain loops". `signature` (the compiled kernel's) tells whether
/// coefficients were precomputed: the pass finds none in most forward kernels.
std::string describeLoopOptimizations(const frontend::Model &model, const KernelOptions &options,
                                      const KernelSignature &signature);

/// Compiles (or fetches from the cache) and loads the model's kernel.
llvm::Expected<std::unique_ptr<CompiledKernel>> compileKernel(const frontend::Model &model,
                                                              const KernelOptions &options);

/// The IR stages `strata compile --emit` shows.
enum class Stage { Stencil, Loops, LLVM };
llvm::Expected<std::string> lowerToText(const frontend::Model &model, Stage stage,
                                        const KernelOptions &options);

/// Ahead of time: the object code and a C header declaring `_mlir_ciface_NAME`.
struct AheadOfTimeKernel {
  std::string object;
  std::string header;
  KernelSignature signature;
};
llvm::Expected<AheadOfTimeKernel> compileAheadOfTime(const frontend::Model &model,
                                                     const KernelOptions &options);

} // namespace strata::compiler
