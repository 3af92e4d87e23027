//===- CompileCommand.cpp - `strata compile`: model text to IR or code ----===//
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>

#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"
#include "llvm/Support/raw_ostream.h"

#include "ArgParser.h"
#include "Commands.h"
#include "strata/Compiler/Backend/Backend.h"
#include "strata/Compiler/Driver.h"
#include "strata/Runtime/AtomicFile.h"
#include "strata/frontend/EmitPDE.h"
#include "strata/frontend/Frontend.h"

namespace strata::cli {
namespace {

const char *kStages = "ast, pde, discrete, stencil, loops, llvm, obj or lib";

ArgParser compileParser() {
  return ArgParser(
      "compile", "FILE.pde [options]",
      withGradientDerivationOptions({
          {"emit", "STAGE", std::string("what to produce: ") + kStages + " (default pde)", ""},
          {"define", "NAME=VALUE", "override a model option (repeatable)", "D", true},
          {"dims", "N", "dimensions of a generic grid: 1, 2 or 3 (default 2)", ""},
          {"dtype", "TYPE", "field element type: f32 (default) or f64", ""},
          {"include", "DIR", "directory searched by `import` (repeatable)", "I", true},
          {"output", "FILE", "write to FILE (atomically); obj/lib also write FILE's .h header",
           "o"},
          {"adjoint", "",
           "compile the exact discrete adjoint (stencil, loops, llvm, obj, lib, --jit)", ""},
          {"unscaled-adjoint", "",
           "with --adjoint or --gradient: keep each adjoint state unscaled (gathers read the "
           "update's "
           "coefficient at every neighbour; results change by rounding)",
           ""},
          {"scatter-adjoint", "",
           "with --adjoint or --gradient: each step scatters into the adjoint's levels t and "
           "t-1 instead of computing level t whole from the newer ones (two stored levels per "
           "step; results change by rounding)",
           ""},
          {"jacobian", "INPUT",
           "compile the linearization w.r.t. INPUT, e.g. m (the Born operator)", ""},
          {"gradient", "INPUT",
           "compile the transposed linearization w.r.t. INPUT (the FWI gradient kernel)", ""},
          {"plain", "",
           "the plain lowering: no SIMD, sweep fusion or precomputed coefficients (results are "
           "bitwise the same)",
           ""},
          {"reassociate", "",
           "factor shared stencil coefficients and allow FMA contraction (stencil and later "
           "stages; results change by rounding)",
           ""},
          {"jit", "", "compile the kernel into this process through the kernel cache", ""},
          {"no-cache", "", "with --jit: bypass the kernel cache", ""},
          {"timings", "", "print compile time by phase on stderr", ""},
      }));
}

frontend::CompileOptions compileOptions(const ParsedArgs &args) {
  frontend::CompileOptions options;
  addDefines(args.getAll("define"), options.defines);
  if (auto dims = args.get("dims")) {
    int value = parsePositiveInt("--dims", *dims);
    if (value > 3)
      throw UsageError("option '--dims' expects 1, 2 or 3, got '" + *dims + "'");
    options.dims = value;
  }
  options.includeDirs = args.getAll("include");
  return options;
}

/// The kernel variant the options select: element type, adjoint, linearization.
compiler::KernelOptions kernelOptions(const ParsedArgs &args) {
  compiler::KernelOptions options;
  options.element = elementType(args);
  options.adjoint = args.has("adjoint");
  options.jacobian = args.get("jacobian").value_or("");
  options.gradient = args.get("gradient").value_or("");
  setAdjointDerivation(args, options);
  options.reassociate = args.has("reassociate");
  options.optimizeLoops = !args.has("plain");
  options.useCache = !args.has("no-cache");
  return options;
}

std::string printPDE(const frontend::Model &model) {
  mlir::MLIRContext context;
  mlir::OwningOpRef<mlir::ModuleOp> module = frontend::emitPDE(model, context);
  if (mlir::failed(mlir::verify(*module)))
    throw std::logic_error("the emitted pde IR does not verify (a frontend bug)");
  std::string text;
  llvm::raw_string_ostream stream(text);
  module->print(stream);
  return text;
}

void writeFile(const std::string &path, const std::string &contents) {
  try {
    runtime::writeFileAtomically(path, contents);
  } catch (const std::runtime_error &error) {
    throw UserError(error.what());
  }
}

template <typename T> T orThrow(llvm::Expected<T> value) {
  if (!value)
    throw UserError(llvm::toString(value.takeError()));
  return std::move(*value);
}

void printTimings(double frontendSeconds, const compiler::CompileTimings &t) {
  auto ms = [](double seconds) { return seconds * 1e3; };
  std::fprintf(stderr,
               "compile timings (ms): frontend %.2f | %s | emit+discretize %.2f | passes %.2f | "
               "translate %.2f | optimize %.2f | codegen %.2f | load %.2f | total %.2f\n",
               ms(frontendSeconds), t.cacheHit ? "cache hit" : "cache miss", ms(t.emit),
               ms(t.passes), ms(t.translate), ms(t.optimize), ms(t.codegen), ms(t.load),
               ms(frontendSeconds + t.total));
}

/// --emit obj|lib: the object (or shared library) at -o, and its C header beside it.
void writeAheadOfTime(const frontend::Model &model, const ParsedArgs &args, bool library) {
  auto output = args.get("output");
  if (!output)
    throw UsageError(std::string("--emit ") + (library ? "lib" : "obj") +
                     " needs -o FILE (the header is written to FILE with a .h extension)");
  compiler::AheadOfTimeKernel kernel =
      orThrow(compiler::compileAheadOfTime(model, kernelOptions(args)));
  llvm::Error error = library ? backend::linkSharedLibrary(*output, kernel.object)
                              : backend::writeObjectFile(*output, kernel.object);
  if (error)
    throw UserError(llvm::toString(std::move(error)));
  std::string header = *output;
  if (auto dot = header.find_last_of('.');
      dot != std::string::npos && dot > header.find_last_of('/') + 1)
    header.erase(dot);
  writeFile(header + ".h", kernel.header);
}

} // namespace

int runCompile(const std::vector<std::string> &arguments) {
  ArgParser parser = compileParser();
  ParsedArgs args = parser.parse(arguments);
  if (args.has("help")) {
    std::cout << parser.usage();
    return 0;
  }
  if (args.positionals().size() != 1)
    throw UsageError("compile expects exactly one FILE.pde\n" + parser.usage());
  std::string emit = args.get("emit").value_or("pde");
  const std::vector<std::string> stages = {"ast",   "pde",  "discrete", "stencil",
                                           "loops", "llvm", "obj",      "lib"};
  if (std::find(stages.begin(), stages.end(), emit) == stages.end())
    throw UsageError("--emit expects " + std::string(kStages) + ", got '" + emit + "'");
  const compiler::KernelOptions kernel = kernelOptions(args);
  if ((kernel.adjoint || !kernel.jacobian.empty() || !kernel.gradient.empty()) &&
      (emit == "ast" || emit == "pde" || emit == "discrete"))
    throw UsageError("--adjoint, --jacobian and --gradient apply to --emit stencil, loops, llvm, "
                     "obj, lib and to --jit");

  auto start = std::chrono::steady_clock::now();
  frontend::DiagnosticEngine diags;
  std::unique_ptr<frontend::Model> model =
      frontend::loadModelFile(args.positionals().front(), compileOptions(args), diags);
  double frontendSeconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::string result;
  if (model && emit == "discrete") {
    frontend::ExprContext exprs;
    if (auto discrete = frontend::discretize(*model, exprs, diags))
      result = frontend::printDiscrete(*discrete);
  }
  std::cerr << diags.renderAll();
  if (diags.hasErrors())
    return 1;

  if (args.has("jit")) {
    auto compiled = orThrow(compiler::compileKernel(*model, kernel));
    if (args.has("timings"))
      printTimings(frontendSeconds, compiled->timings());
    std::cout << "kernel " << compiled->signature().name << " ready ("
              << (compiled->timings().cacheHit ? "from the kernel cache" : "compiled") << ")\n";
    return 0;
  }

  if (emit == "ast")
    result = frontend::printAST(*model);
  else if (emit == "pde")
    result = printPDE(*model);
  else if (emit == "stencil")
    result = orThrow(compiler::lowerToText(*model, compiler::Stage::Stencil, kernel));
  else if (emit == "loops")
    result = orThrow(compiler::lowerToText(*model, compiler::Stage::Loops, kernel));
  else if (emit == "llvm")
    result = orThrow(compiler::lowerToText(*model, compiler::Stage::LLVM, kernel));
  else if (emit == "obj" || emit == "lib") {
    writeAheadOfTime(*model, args, emit == "lib");
    return 0;
  }
  if (auto path = args.get("output"))
    writeFile(*path, result);
  else
    std::cout << result;
  return 0;
}

} // namespace strata::cli
