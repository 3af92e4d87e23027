//===- ArgParser.cpp - command-line parsing for the strata CLI ------------===//
#include "ArgParser.h"

#include "strata/Compiler/Driver.h"

#include <charconv>
#include <sstream>

namespace strata::cli {

std::optional<std::string> ParsedArgs::get(const std::string &name) const {
  auto range = values_.equal_range(name);
  if (range.first == range.second)
    return std::nullopt;
  return std::prev(range.second)->second; // the last occurrence wins
}

std::vector<std::string> ParsedArgs::getAll(const std::string &name) const {
  std::vector<std::string> all;
  for (auto [it, end] = values_.equal_range(name); it != end; ++it)
    all.push_back(it->second);
  return all;
}

ArgParser::ArgParser(std::string command, std::string synopsis, std::vector<OptionSpec> options)
    : command_(std::move(command)), synopsis_(std::move(synopsis)), options_(std::move(options)) {
  options_.push_back({"help", "", "show this help and exit", "h"});
}

const OptionSpec *ArgParser::findLong(const std::string &name) const {
  for (const OptionSpec &spec : options_)
    if (spec.name == name)
      return &spec;
  return nullptr;
}

const OptionSpec *ArgParser::findShort(const std::string &name) const {
  for (const OptionSpec &spec : options_)
    if (!spec.shortAlias.empty() && spec.shortAlias == name)
      return &spec;
  return nullptr;
}

ParsedArgs ArgParser::parse(const std::vector<std::string> &args) const {
  ParsedArgs parsed;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string &arg = args[i];
    if (arg == "--") {
      parsed.positionals_.insert(parsed.positionals_.end(), args.begin() + i + 1, args.end());
      break;
    }
    if (arg.size() < 2 || arg[0] != '-') {
      parsed.positionals_.push_back(arg);
      continue;
    }
    const OptionSpec *spec = nullptr;
    std::optional<std::string> glued;
    if (arg.rfind("--", 0) == 0) {
      std::string name = arg.substr(2);
      if (auto eq = name.find('='); eq != std::string::npos) {
        glued = name.substr(eq + 1);
        name = name.substr(0, eq);
      }
      spec = findLong(name);
      if (!spec)
        throw UsageError("unknown option '--" + name + "'");
    } else {
      spec = findShort(arg.substr(1, 1));
      if (!spec)
        throw UsageError("unknown option '" + arg + "'");
      if (arg.size() > 2)
        glued = arg.substr(2);
    }
    const std::string display = spec->shortAlias.empty() ? "--" + spec->name : arg;
    if (spec->valueName.empty()) {
      if (glued)
        throw UsageError("option '" + display + "' takes no value");
      parsed.values_.emplace(spec->name, "");
      continue;
    }
    std::string value;
    if (glued) {
      value = *glued;
    } else {
      if (i + 1 >= args.size())
        throw UsageError("option '" + display + "' expects a value (" + spec->valueName + ")");
      value = args[++i];
    }
    if (!spec->repeatable && parsed.has(spec->name))
      throw UsageError("option '--" + spec->name + "' given more than once");
    parsed.values_.emplace(spec->name, value);
  }
  return parsed;
}

std::string ArgParser::usage() const {
  std::ostringstream out;
  out << "usage: strata " << command_ << " " << synopsis_ << "\n\noptions:\n";
  for (const OptionSpec &spec : options_) {
    std::string left = "  ";
    if (!spec.shortAlias.empty())
      left += "-" + spec.shortAlias + ", ";
    left += "--" + spec.name;
    if (!spec.valueName.empty())
      left += " " + spec.valueName;
    out << left;
    out << std::string(left.size() < 30 ? 30 - left.size() : 1, ' ') << spec.help << "\n";
  }
  return out.str();
}

int parsePositiveInt(const std::string &option, const std::string &text) {
  int value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value <= 0)
    throw UsageError("option '" + option + "' expects a positive integer, got '" + text + "'");
  return value;
}

int parseNonNegativeInt(const std::string &option, const std::string &text) {
  int value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < 0)
    throw UsageError("option '" + option + "' expects a non-negative integer, got '" + text + "'");
  return value;
}

void addDefines(const std::vector<std::string> &definitions,
                std::map<std::string, std::string> &defines) {
  for (const std::string &definition : definitions) {
    auto eq = definition.find('=');
    if (eq == std::string::npos || eq == 0)
      throw UsageError("-D expects NAME=VALUE, got '" + definition + "'");
    defines[definition.substr(0, eq)] = definition.substr(eq + 1);
  }
}

void setAdjointDerivation(const ParsedArgs &args, compiler::KernelOptions &options) {
  const bool transpose = options.adjoint || !options.gradient.empty();
  for (const char *flag : {"unscaled-adjoint", "scatter-adjoint"})
    if (args.has(flag) && !transpose)
      throw UsageError(std::string("--") + flag + " applies to --adjoint and --gradient");
  options.scaleAdjointStates = !args.has("unscaled-adjoint");
  options.gatherAdjointLevels = !args.has("scatter-adjoint");
  if (args.has("recompute-update") && options.gradient.empty())
    throw UsageError("--recompute-update applies to --gradient");
  options.rereadGradientUpdates = !args.has("recompute-update");
  if (args.has("no-imaging-by-parts") && options.gradient.empty())
    throw UsageError("--no-imaging-by-parts applies to --gradient");
  options.gradientImagingByParts = !args.has("no-imaging-by-parts");
}

std::vector<OptionSpec> withGradientDerivationOptions(std::vector<OptionSpec> options) {
  options.push_back({"no-imaging-by-parts", "",
                     "with --gradient: the imaging condition reads the forward levels the update "
                     "read instead of the current level only (to compare; rounding differs)",
                     ""});
  options.push_back({"recompute-update", "",
                     "with --gradient: the imaging condition recomputes the forward update's "
                     "stencil instead of reading the forward state at t+1 (to compare; rounding "
                     "differs)",
                     ""});
  return options;
}

compiler::ElementType elementType(const ParsedArgs &args) {
  std::string name = args.get("dtype").value_or("f32");
  auto type = compiler::parseElementType(name);
  if (!type)
    throw UsageError("--dtype expects f32 or f64, got '" + name + "'");
  return *type;
}

} // namespace strata::cli
