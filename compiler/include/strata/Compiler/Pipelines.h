//===- Pipelines.h - Strata's named pass pipelines --------------*- C++ -*-===//
#pragma once

#include "mlir/Pass/PassManager.h"

#include <vector>

namespace strata {

/// pde models to optimized stencil programs: vector calculus expanded, discretized with
/// fields of `dtype` ("f32" or "f64"), fused, halos inferred (`--emit stencil`). With a
/// `jacobian` input name, each program is replaced by its linearization (Born operator)
/// with respect to that input; with a `gradient` input name, by its transposed
/// linearization (J^T); with `adjoint`, by its exact discrete adjoint. `hoistCoefficients`
/// and `reassociate` are passed on to buildStencilOptimizationPipeline; `scaleAdjointStates`
/// and `gatherAdjointLevels` to strata-stencil-adjoint and strata-stencil-gradient
/// (scale-states, gather-levels); `rereadUpdates` to strata-stencil-gradient (reread-updates),
/// `imagingByParts` to it too (imaging-by-parts).
void buildPDEToStencilPipeline(mlir::OpPassManager &pm, const std::string &dtype,
                               bool adjoint = false, const std::string &jacobian = "",
                               const std::string &gradient = "", bool hoistCoefficients = false,
                               bool reassociate = false, bool scaleAdjointStates = true,
                               bool gatherAdjointLevels = true, bool rereadUpdates = true,
                               bool imagingByParts = true);

/// Stencil-level optimizations: fusion, then (with `hoistCoefficients`)
/// strata-stencil-hoist-coefficients, then (with `reassociate`) strata-stencil-reassociate,
/// then shape (halo) inference.
void buildStencilOptimizationPipeline(mlir::OpPassManager &pm, bool hoistCoefficients = false,
                                      bool reassociate = false);

/// Loop-level optimizations of strata-stencil-to-loops (its options). None of them changes
/// a result bit: each lane of a vector computes what the scalar loop computes for its point,
/// and fused or blocked sweeps compute every point with the same operations in the same order.
struct LoopOptimizations {
  int64_t vectorWidth = 0;        // SIMD lanes along the contiguous axis; 0: scalar loops
  bool fuseSweeps = false;        // one loop nest for applies that can share it
  int64_t blockSize = 0;          // 3D: blocks of this many y rows; 0: no blocking
  int64_t timeTile = 0;           // 3D forward: steps per wavefront tile; 0: no temporal blocking
  int64_t timeTileRows = 0;       // split tiling along y in blocks of this many rows; 0: none
  int64_t timeTileMinBytes = 0;   // tile only when the fields take at least this (0: always)
  bool skipZeroInputs = false;    // read zero-interior inputs as +0.0 inside their zero box
  bool shareRowLoads = false;     // neighbours along the contiguous axis from two loads
  int64_t prefetchBytes = 0;      // software prefetch this far ahead of new rows; 0: none
  std::vector<int64_t> fixedGrid; // strides compiled in for this interior grid; empty: none
  bool alignRows = false;         // with fixedGrid: rows padded to whole cache lines
};

/// Optimized stencil programs to scf/memref loop nests, canonicalized (`--emit loops`).
void buildStencilToLoopsPipeline(mlir::OpPassManager &pm, const LoopOptimizations &loops = {});

/// Hand-written stencil programs down to the LLVM dialect: optimization, loops with the
/// outermost spatial loop parallel, OpenMP, then the upstream conversions.
void buildStencilToLLVMPipeline(mlir::OpPassManager &pm);

/// Loops (scf/memref/arith/omp) down to the LLVM dialect.
void buildLoopsToLLVMPipeline(mlir::OpPassManager &pm);

/// The whole CPU pipeline: pde models (from the frontend) to the LLVM dialect, with fields
/// of `dtype` ("f32" or "f64").
void buildCpuPipeline(mlir::OpPassManager &pm, const std::string &dtype, bool adjoint = false);

/// Registers `strata-cpu-pipeline`, `strata-stencil-to-llvm` and the other pipelines.
void registerPipelines();

} // namespace strata
