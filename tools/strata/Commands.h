//===- Commands.h - the strata CLI's subcommands ----------------*- C++ -*-===//
#pragma once

#include <string>
#include <vector>

namespace strata::cli {

struct Command {
  const char *name;
  const char *summary;
  int (*run)(const std::vector<std::string> &args);
};

/// Every subcommand, in the order `strata --help` lists them.
const std::vector<Command> &commands();

int runCompile(const std::vector<std::string> &args);
int runRun(const std::vector<std::string> &args);
int runAdjoint(const std::vector<std::string> &args);
int runBench(const std::vector<std::string> &args);
int runGradient(const std::vector<std::string> &args);
int runBorn(const std::vector<std::string> &args);
int runFwi(const std::vector<std::string> &args);

} // namespace strata::cli
