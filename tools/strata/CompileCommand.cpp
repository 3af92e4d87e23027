//===- CompileCommand.cpp - `strata compile`: model text to IR ------------===//
#include <iostream>

#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"
#include "llvm/Support/raw_ostream.h"

#include "ArgParser.h"
#include "Commands.h"
#include "strata/Runtime/AtomicFile.h"
#include "strata/frontend/EmitPDE.h"
#include "strata/frontend/Frontend.h"

namespace strata::cli {
namespace {

ArgParser compileParser() {
  return ArgParser(
      "compile", "FILE.pde [options]",
      {
          {"emit", "STAGE", "what to print: ast, pde (default) or discrete", ""},
          {"define", "NAME=VALUE", "override a model option (repeatable)", "D", true},
          {"dims", "N", "dimensions of a generic grid: 1, 2 or 3 (default 2)", ""},
          {"include", "DIR", "directory searched by `import` (repeatable)", "I", true},
          {"output", "FILE", "write the result to FILE (atomically) instead of stdout", "o"},
      });
}

frontend::CompileOptions compileOptions(const ParsedArgs &args) {
  frontend::CompileOptions options;
  for (const std::string &definition : args.getAll("define")) {
    auto eq = definition.find('=');
    if (eq == std::string::npos || eq == 0)
      throw UsageError("-D expects NAME=VALUE, got '" + definition + "'");
    options.defines[definition.substr(0, eq)] = definition.substr(eq + 1);
  }
  if (auto dims = args.get("dims")) {
    int value = parsePositiveInt("--dims", *dims);
    if (value > 3)
      throw UsageError("option '--dims' expects 1, 2 or 3, got '" + *dims + "'");
    options.dims = value;
  }
  options.includeDirs = args.getAll("include");
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

void writeResult(const ParsedArgs &args, const std::string &text) {
  if (auto path = args.get("output")) {
    try {
      runtime::writeFileAtomically(*path, text);
    } catch (const std::runtime_error &error) {
      throw UserError(error.what());
    }
    return;
  }
  std::cout << text;
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
  if (emit != "ast" && emit != "pde" && emit != "discrete")
    throw UsageError("--emit expects ast, pde or discrete, got '" + emit + "'");

  frontend::DiagnosticEngine diags;
  std::unique_ptr<frontend::Model> model =
      frontend::loadModelFile(args.positionals().front(), compileOptions(args), diags);
  std::string result;
  if (model && emit == "ast") {
    result = frontend::printAST(*model);
  } else if (model && emit == "pde") {
    result = printPDE(*model);
  } else if (model) {
    frontend::ExprContext exprs;
    if (auto discrete = frontend::discretize(*model, exprs, diags))
      result = frontend::printDiscrete(*discrete);
  }
  std::cerr << diags.renderAll();
  if (diags.hasErrors())
    return 1;
  writeResult(args, result);
  return 0;
}

} // namespace strata::cli
