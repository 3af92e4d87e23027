//===- Pipelines.h - Strata's named pass pipelines --------------*- C++ -*-===//
#pragma once

#include "mlir/Pass/PassManager.h"

namespace strata {

/// Stencil programs (halo already inferred or not) down to the LLVM dialect: shape
/// inference, loops with the outermost spatial loop parallel, OpenMP, then the
/// upstream conversions. The result translates to LLVM IR.
void buildStencilToLLVMPipeline(mlir::OpPassManager &pm);

/// The loops-and-OpenMP part only: what `strata compile --emit loops` shows.
void buildStencilToLoopsPipeline(mlir::OpPassManager &pm);

/// Loops (scf/memref/arith/omp) down to the LLVM dialect.
void buildLoopsToLLVMPipeline(mlir::OpPassManager &pm);

/// Registers `strata-stencil-to-llvm` and the other pipelines with strata-opt.
void registerPipelines();

} // namespace strata
