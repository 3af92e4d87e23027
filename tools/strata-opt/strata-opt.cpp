//===- strata-opt.cpp - mlir-opt with Strata's dialects and passes --------===//
//
// Every upstream dialect and pass is registered too, so that a Strata pipeline can be
// replayed pass by pass and mixed with upstream conversions.
//
//===----------------------------------------------------------------------===//
#include "mlir/IR/DialectRegistry.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"

#include "strata/Compiler/Passes.h"
#include "strata/Compiler/Pipelines.h"
#include "strata/Dialect/PDE/PDEDialect.h"
#include "strata/Dialect/Stencil/StencilDialect.h"

int main(int argc, char **argv) {
  mlir::registerAllPasses();
  strata::registerCompilerPasses();
  strata::registerPipelines();

  mlir::DialectRegistry registry;
  mlir::registerAllDialects(registry);
  mlir::registerAllExtensions(registry);
  registry.insert<strata::pde::PDEDialect, strata::stencil::StencilDialect>();

  return mlir::asMainReturnCode(
      mlir::MlirOptMain(argc, argv, "Strata optimizer driver\n", registry));
}
