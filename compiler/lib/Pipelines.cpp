//===- Pipelines.cpp - Strata's named pass pipelines ----------------------===//
#include "strata/Compiler/Pipelines.h"

#include "mlir/Conversion/Passes.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

#include "strata/Compiler/Passes.h"

using namespace mlir;

namespace strata {

void buildStencilToLoopsPipeline(OpPassManager &pm) {
  pm.addNestedPass<stencil::ProgramOp>(createStencilFuse());
  pm.addNestedPass<stencil::ProgramOp>(createStencilShapeInference());
  pm.addPass(createStencilToLoops());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
}

void buildLoopsToLLVMPipeline(OpPassManager &pm) {
  // scf.parallel -> omp.parallel/omp.wsloop. Memref lowering must precede scf-to-cf: the
  // alloca scopes that scf-to-openmp introduces only accept single-block bodies.
  pm.addPass(createConvertSCFToOpenMPPass());
  pm.addPass(createLowerAffinePass());
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
  buildStencilToLoopsPipeline(pm);
  buildLoopsToLLVMPipeline(pm);
}

void registerPipelines() {
  PassPipelineRegistration<>("strata-stencil-to-loops-pipeline",
                             "stencil programs to scf/memref loop nests (canonicalized)",
                             buildStencilToLoopsPipeline);
  PassPipelineRegistration<>("strata-stencil-to-llvm",
                             "stencil programs to the LLVM dialect (OpenMP-parallel loops)",
                             buildStencilToLLVMPipeline);
}

} // namespace strata
