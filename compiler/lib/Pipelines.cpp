//===- Pipelines.cpp - Strata's named pass pipelines ----------------------===//
#include "strata/Compiler/Pipelines.h"

#include "mlir/Conversion/Passes.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

#include "strata/Compiler/Passes.h"

using namespace mlir;

namespace strata {

void buildStencilOptimizationPipeline(OpPassManager &pm, bool hoistCoefficients, bool reassociate) {
  pm.addNestedPass<stencil::ProgramOp>(createStencilFuse());
  // Hoisting first: reassociation would otherwise regroup the expressions it looks for.
  if (hoistCoefficients)
    pm.addNestedPass<stencil::ProgramOp>(createStencilHoistCoefficients());
  if (reassociate)
    pm.addNestedPass<stencil::ProgramOp>(createStencilReassociate());
  pm.addNestedPass<stencil::ProgramOp>(createStencilShapeInference());
}

void buildPDEToStencilPipeline(OpPassManager &pm, const std::string &dtype, bool adjoint,
                               const std::string &jacobian, const std::string &gradient,
                               bool hoistCoefficients, bool reassociate, bool scaleAdjointStates,
                               bool gatherAdjointLevels, bool rereadUpdates, bool imagingByParts) {
  pm.addNestedPass<pde::ModelOp>(createPDEExpandVectorCalculus());
  PDEToStencilOptions options;
  options.dtype = dtype;
  pm.addPass(createPDEToStencil(options));
  if (!gradient.empty()) {
    StencilGradientOptions transpose;
    transpose.input = gradient;
    transpose.replace = true;
    transpose.scaleStates = scaleAdjointStates;
    transpose.gatherLevels = gatherAdjointLevels;
    transpose.rereadUpdates = rereadUpdates;
    transpose.imagingByParts = imagingByParts;
    pm.addPass(createStencilGradient(transpose));
  }
  if (!jacobian.empty()) {
    StencilLinearizeOptions linearize;
    linearize.input = jacobian;
    linearize.replace = true;
    pm.addPass(createStencilLinearize(linearize));
  }
  if (adjoint) {
    // Fuse first: the adjoint of a fused sweep is derived from the fused update.
    pm.addNestedPass<stencil::ProgramOp>(createStencilFuse());
    StencilAdjointOptions adjointOptions;
    adjointOptions.replace = true;
    adjointOptions.scaleStates = scaleAdjointStates;
    adjointOptions.gatherLevels = gatherAdjointLevels;
    pm.addPass(createStencilAdjoint(adjointOptions));
  }
  buildStencilOptimizationPipeline(pm, hoistCoefficients, reassociate);
}

void buildStencilToLoopsPipeline(OpPassManager &pm, const LoopOptimizations &loops) {
  StencilToLoopsOptions options;
  options.vectorWidth = loops.vectorWidth;
  options.fuseSweeps = loops.fuseSweeps;
  options.blockSize = loops.blockSize;
  options.timeTile = loops.timeTile;
  options.timeTileRows = loops.timeTileRows;
  options.timeTileMinBytes = loops.timeTileMinBytes;
  options.skipZeroInputs = loops.skipZeroInputs;
  options.shareRowLoads = loops.shareRowLoads;
  options.prefetchBytes = loops.prefetchBytes;
  options.gridShape = loops.fixedGrid; // copied by the pass
  options.alignRows = loops.alignRows;
  pm.addPass(createStencilToLoops(options));
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
}

void buildLoopsToLLVMPipeline(OpPassManager &pm) {
  // scf.parallel -> omp.parallel/omp.wsloop. Memref lowering must precede scf-to-cf: the
  // alloca scopes that scf-to-openmp introduces only accept single-block bodies.
  pm.addPass(createConvertSCFToOpenMPPass());
  pm.addPass(createLowerAffinePass());
  // Explicit vectors (strata-stencil-to-loops vector-width) become LLVM vector loads/stores.
  pm.addPass(createConvertVectorToLLVMPass());
  pm.addPass(createFinalizeMemRefToLLVMConversionPass());
  pm.addPass(createConvertSCFToCFPass());
  pm.addPass(createConvertMathToLLVMPass());
  pm.addPass(createArithToLLVMConversionPass());
  pm.addPass(createConvertIndexToLLVMPass());
  pm.addPass(createConvertFuncToLLVMPass());
  pm.addPass(createConvertControlFlowToLLVMPass());
  pm.addPass(createConvertOpenMPToLLVMPass());
  pm.addPass(createReconcileUnrealizedCastsPass());
  pm.addPass(createEmitPackedEntry());
  pm.addPass(createCanonicalizerPass());
}

void buildStencilToLLVMPipeline(OpPassManager &pm) {
  buildStencilOptimizationPipeline(pm);
  buildStencilToLoopsPipeline(pm);
  buildLoopsToLLVMPipeline(pm);
}

void buildCpuPipeline(OpPassManager &pm, const std::string &dtype, bool adjoint) {
  buildPDEToStencilPipeline(pm, dtype, adjoint);
  buildStencilToLoopsPipeline(pm);
  buildLoopsToLLVMPipeline(pm);
}

namespace {
struct CpuPipelineOptions : PassPipelineOptions<CpuPipelineOptions> {
  Option<std::string> dtype{*this, "dtype", llvm::cl::desc("field element type: f32 or f64"),
                            llvm::cl::init("f32")};
  Option<bool> adjoint{*this, "adjoint", llvm::cl::desc("compile the exact discrete adjoint"),
                       llvm::cl::init(false)};
};
} // namespace

void registerPipelines() {
  PassPipelineRegistration<CpuPipelineOptions>(
      "strata-cpu-pipeline",
      "pde models to the LLVM dialect: discretize, fuse, infer halos, "
      "lower to OpenMP-parallel loops, convert to LLVM",
      [](OpPassManager &pm, const CpuPipelineOptions &options) {
        buildCpuPipeline(pm, options.dtype, options.adjoint);
      });
  PassPipelineRegistration<>("strata-stencil-to-loops-pipeline",
                             "stencil programs to scf/memref loop nests (fused, canonicalized)",
                             [](OpPassManager &pm) {
                               buildStencilOptimizationPipeline(pm);
                               buildStencilToLoopsPipeline(pm);
                             });
  PassPipelineRegistration<>("strata-stencil-to-llvm",
                             "stencil programs to the LLVM dialect (OpenMP-parallel loops)",
                             buildStencilToLLVMPipeline);
}

} // namespace strata
