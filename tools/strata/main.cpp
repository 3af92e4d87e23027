//===- main.cpp - the strata command-line tool ----------------------------===//
//
// Exit codes: 0 success, 1 a user error (bad input file, failed check) with a message,
// 2 a usage error (unknown command or option). No exception escapes main.
//
//===----------------------------------------------------------------------===//
#include <cstdio>
#include <exception>
#include <iostream>

#include "ArgParser.h"
#include "Commands.h"
#include "strata/Version.h"

using namespace strata::cli;

namespace {

constexpr int kExitUsage = 2;
constexpr int kExitUserError = 1;

void printMainHelp(std::ostream &out) {
  out << "strata " << STRATA_VERSION_STRING
      << " - compiler for wave-equation physics and neural operators\n\n"
      << "usage: strata <command> [options]\n\ncommands:\n";
  for (const Command &command : commands()) {
    std::string name = command.name;
    out << "  " << name << std::string(name.size() < 12 ? 12 - name.size() : 1, ' ')
        << command.summary << "\n";
  }
  out << "\nglobal options:\n  --help        show this help\n  --version     show the version\n"
      << "\n'strata <command> --help' describes a command.\n";
}

int runVersion(const std::vector<std::string> &) {
  std::cout << "strata " << STRATA_VERSION_STRING << " (LLVM/MLIR " << STRATA_LLVM_VERSION_STRING
            << ")\n";
  return 0;
}

int dispatch(int argc, char **argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) {
    printMainHelp(std::cerr);
    return kExitUsage;
  }
  const std::string &name = args.front();
  if (name == "--help" || name == "-h" || name == "help") {
    printMainHelp(std::cout);
    return 0;
  }
  if (name == "--version" || name == "version")
    return runVersion({});
  for (const Command &command : commands())
    if (name == command.name)
      return command.run({args.begin() + 1, args.end()});
  std::cerr << "strata: unknown command '" << name << "'\n";
  printMainHelp(std::cerr);
  return kExitUsage;
}

} // namespace

const std::vector<Command> &strata::cli::commands() {
  static const std::vector<Command> all = {
      {"compile", "parse, check and compile a .pde model: IR stages, kernels, libraries",
       runCompile},
      {"run", "simulate a shot described by a JSON case file (traces, snapshots, pictures)",
       runRun},
      {"adjoint", "receiver data back to source traces through the derived adjoint", runAdjoint},
      {"born", "linearized (Born) data for a perturbation of m, through the derived Jacobian",
       runBorn},
      {"gradient", "misfit and its exact gradient w.r.t. m (checkpointed), as .npy and PNG",
       runGradient},
      {"fwi", "full-waveform inversion (L-BFGS, box bounds, resumable)", runFwi},
      {"bench", "kernel throughput (GPts/s) against the machine's memory-bandwidth roofline",
       runBench},
      {"version", "print the version", runVersion},
  };
  return all;
}

int main(int argc, char **argv) {
  try {
    return dispatch(argc, argv);
  } catch (const UsageError &error) {
    std::cerr << "strata: " << error.what() << "\n(see 'strata --help')\n";
    return kExitUsage;
  } catch (const UserError &error) {
    std::cerr << "strata: error: " << error.what() << "\n";
    return kExitUserError;
  } catch (const std::exception &error) {
    std::cerr << "strata: internal error: " << error.what() << "\n";
    return kExitUserError;
  } catch (...) {
    std::cerr << "strata: internal error: unknown exception\n";
    return kExitUserError;
  }
}
