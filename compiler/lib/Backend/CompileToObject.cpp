//===- CompileToObject.cpp - LLVM-dialect module to an ELF object ---------===//
#include "TargetMachine.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/ExecutionEngine/OptUtils.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/OpenMP/OpenMPToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Export.h"

#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/raw_ostream.h"

#include <chrono>

using namespace llvm;

namespace strata::backend {
namespace {

/// Seconds elapsed since construction, added to `*slot` (when there is one) on destruction.
class PhaseTimer {
public:
  explicit PhaseTimer(double *slot) : slot_(slot), start_(std::chrono::steady_clock::now()) {}
  ~PhaseTimer() {
    if (slot_)
      *slot_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  }

private:
  double *slot_;
  std::chrono::steady_clock::time_point start_;
};

double *slotOf(PhaseTimings *timings, double PhaseTimings::*member) {
  return timings ? &(timings->*member) : nullptr;
}

Error errorAt(mlir::ModuleOp module, const Twine &what) {
  std::string where;
  raw_string_ostream os(where);
  os << module.getLoc();
  return createStringError(inconvertibleErrorCode(), what + " (module at " + where + ")");
}

/// MLIR LLVM dialect -> llvm::Module, with MLIR's diagnostics folded into the error.
Expected<std::unique_ptr<Module>> translate(mlir::ModuleOp module, LLVMContext &context) {
  // The translation interfaces are registered on the module's own context: callers build
  // it with whatever dialects they need and need not know about the export.
  mlir::MLIRContext *mlirContext = module.getContext();
  mlir::registerBuiltinDialectTranslation(*mlirContext);
  mlir::registerLLVMDialectTranslation(*mlirContext);
  mlir::registerOpenMPDialectTranslation(*mlirContext);
  std::string diagnostics;
  mlir::ScopedDiagnosticHandler handler(mlirContext, [&](mlir::Diagnostic &diagnostic) {
    raw_string_ostream os(diagnostics);
    os << "\n  " << diagnostic.getLocation() << ": " << diagnostic;
    return mlir::success();
  });
  std::unique_ptr<Module> llvmModule = mlir::translateModuleToLLVMIR(module, context, "strata");
  if (!llvmModule)
    return errorAt(module, "cannot translate the LLVM-dialect module to LLVM IR" + diagnostics);
  return llvmModule;
}

Error optimize(Module &module, TargetMachine &machine) {
  auto transformer = mlir::makeOptimizingTransformer(/*optLevel=*/3, /*sizeLevel=*/0, &machine);
  if (Error error = transformer(&module))
    return createStringError(inconvertibleErrorCode(),
                             "LLVM O3 optimization failed: " + toString(std::move(error)));
  return Error::success();
}

Expected<std::string> emitObject(Module &module, TargetMachine &machine) {
  SmallVector<char, 0> buffer;
  raw_svector_ostream os(buffer);
  legacy::PassManager codegen;
  if (machine.addPassesToEmitFile(codegen, os, nullptr, CodeGenFileType::ObjectFile))
    return createStringError(inconvertibleErrorCode(), "target '" +
                                                           machine.getTargetTriple().str() +
                                                           "' cannot emit object files");
  codegen.run(module);
  return std::string(buffer.begin(), buffer.end());
}

} // namespace

Expected<std::string> compileToObject(mlir::ModuleOp llvmDialectModule, const Target &target,
                                      PhaseTimings *timings) {
  auto machine = detail::createTargetMachine(target);
  if (!machine)
    return machine.takeError();
  LLVMContext context;
  std::unique_ptr<Module> module;
  {
    PhaseTimer timer(slotOf(timings, &PhaseTimings::translateSeconds));
    auto translated = translate(llvmDialectModule, context);
    if (!translated)
      return translated.takeError();
    module = std::move(*translated);
    module->setDataLayout((*machine)->createDataLayout());
    module->setTargetTriple(target.triple);
  }
  {
    PhaseTimer timer(slotOf(timings, &PhaseTimings::optimizeSeconds));
    if (Error error = optimize(*module, **machine))
      return error;
  }
  PhaseTimer timer(slotOf(timings, &PhaseTimings::codegenSeconds));
  return emitObject(*module, **machine);
}

} // namespace strata::backend
