//===- ArgParser.h - command-line parsing for the strata CLI ----*- C++ -*-===//
//
// A deliberately small parser: long options (`--name value`, `--name=value`), boolean
// flags, repeated `-D name=value` definitions, `-I dir`, `-o file` and positionals.
// Anything malformed throws UsageError, which main() turns into exit code 2.
//
//===----------------------------------------------------------------------===//
#pragma once

#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace strata::compiler {
enum class ElementType;
struct KernelOptions;
} // namespace strata::compiler

namespace strata::cli {

/// A command line the user got wrong: printed with the command's usage, exit code 2.
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// An input the user got wrong (missing file, bad model): exit code 1.
struct UserError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct OptionSpec {
  std::string name;      // long name without dashes, e.g. "emit"
  std::string valueName; // empty for a boolean flag
  std::string help;
  std::string shortAlias; // e.g. "o" for -o, "D" for -D (value may be glued: -Dx=1)
  bool repeatable = false;
};

class ParsedArgs {
public:
  bool has(const std::string &name) const { return values_.count(name) != 0; }
  std::optional<std::string> get(const std::string &name) const;
  std::vector<std::string> getAll(const std::string &name) const;
  const std::vector<std::string> &positionals() const { return positionals_; }

private:
  friend class ArgParser;
  std::multimap<std::string, std::string> values_;
  std::vector<std::string> positionals_;
};

class ArgParser {
public:
  ArgParser(std::string command, std::string synopsis, std::vector<OptionSpec> options);
  ParsedArgs parse(const std::vector<std::string> &args) const;
  std::string usage() const;

private:
  const OptionSpec *findLong(const std::string &name) const;
  const OptionSpec *findShort(const std::string &name) const;

  std::string command_;
  std::string synopsis_;
  std::vector<OptionSpec> options_;
};

/// Parses a strictly positive integer option value, naming the option when it is not one.
int parsePositiveInt(const std::string &option, const std::string &text);
/// Parses an integer option value >= 0, naming the option when it is not one.
int parseNonNegativeInt(const std::string &option, const std::string &text);

/// Adds each `-D NAME=VALUE` of `definitions` to `defines` (later ones win).
void addDefines(const std::vector<std::string> &definitions,
                std::map<std::string, std::string> &defines);

/// The `--dtype` option: "f32" (the default) or "f64".
compiler::ElementType elementType(const ParsedArgs &args);

/// The adjoint derivation options `--unscaled-adjoint` and `--scatter-adjoint` into
/// `options`, whose `adjoint` and `gradient` are set already: both apply to those kernels
/// only (a usage error otherwise); `--recompute-update` and `--no-imaging-by-parts` apply to
/// `--gradient` only.
void setAdjointDerivation(const ParsedArgs &args, compiler::KernelOptions &options);

/// `options` and the gradient derivation flags setAdjointDerivation reads
/// (`--no-imaging-by-parts`, `--recompute-update`), shared by `compile` and `bench`.
std::vector<OptionSpec> withGradientDerivationOptions(std::vector<OptionSpec> options);

} // namespace strata::cli
