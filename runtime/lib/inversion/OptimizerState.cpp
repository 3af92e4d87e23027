//===- OptimizerState.cpp - exact save and resume of an inversion ---------===//
//
// Doubles are written as hexadecimal floats with std::to_chars ("0x1.91eb851eb851fp+1"): exact,
// locale-independent, and still readable, unlike raw bit patterns. Decimal text would round.
//
//===----------------------------------------------------------------------===//
#include "strata/Runtime/AtomicFile.h"
#include "strata/Runtime/Inversion/Optimizer.h"

#include <nlohmann/json.hpp>

#include <charconv>
#include <cmath>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace strata::runtime {
namespace {

constexpr const char *kFormat = "strata-optimizer-state";
constexpr int kVersion = 1;

std::string hexFloat(double value) {
  char text[64];
  bool negative = std::signbit(value);
  auto result =
      std::to_chars(text, text + sizeof text, negative ? -value : value, std::chars_format::hex);
  std::string digits(text, result.ptr);
  if (std::isfinite(value))
    digits = "0x" + digits;
  return (negative ? "-" : "") + digits;
}

[[noreturn]] void malformed(const std::string &why) {
  throw std::invalid_argument("not a serialized optimizer state: " + why);
}

double parseHexFloat(const nlohmann::json &value) {
  if (!value.is_string())
    malformed("a number is not a hex-float string");
  std::string text = value.get<std::string>();
  std::string_view rest = text;
  bool negative = !rest.empty() && rest.front() == '-';
  if (negative)
    rest.remove_prefix(1);
  if (rest.substr(0, 2) == "0x")
    rest.remove_prefix(2);
  double parsed = 0;
  auto result =
      std::from_chars(rest.data(), rest.data() + rest.size(), parsed, std::chars_format::hex);
  if (result.ec != std::errc() || result.ptr != rest.data() + rest.size())
    malformed("bad hex float '" + text + "'");
  return negative ? -parsed : parsed;
}

nlohmann::json toJson(const std::vector<double> &values) {
  nlohmann::json array = nlohmann::json::array();
  for (double value : values)
    array.push_back(hexFloat(value));
  return array;
}

std::vector<double> vectorFromJson(const nlohmann::json &array) {
  if (!array.is_array())
    malformed("expected an array");
  std::vector<double> values;
  for (const auto &value : array)
    values.push_back(parseHexFloat(value));
  return values;
}

nlohmann::json toJson(const std::vector<std::vector<double>> &vectors) {
  nlohmann::json array = nlohmann::json::array();
  for (const auto &v : vectors)
    array.push_back(toJson(v));
  return array;
}

std::vector<std::vector<double>> vectorsFromJson(const nlohmann::json &array) {
  if (!array.is_array())
    malformed("expected an array of arrays");
  std::vector<std::vector<double>> vectors;
  for (const auto &v : array)
    vectors.push_back(vectorFromJson(v));
  return vectors;
}

void checkShapes(const OptimizerState &state) {
  size_t n = state.x.size();
  if (state.gradient.size() != n)
    malformed("gradient and x differ in size");
  if (state.s.size() != state.y.size())
    malformed("different numbers of s and y vectors");
  for (size_t k = 0; k < state.s.size(); ++k)
    if (state.s[k].size() != n || state.y[k].size() != n)
      malformed("an (s, y) pair differs in size from x");
}

} // namespace

std::string OptimizerState::serialize() const {
  nlohmann::json json = {{"format", kFormat},
                         {"version", kVersion},
                         {"iteration", iteration},
                         {"evaluations", evaluations},
                         {"f", hexFloat(f)},
                         {"x", toJson(x)},
                         {"gradient", toJson(gradient)},
                         {"s", toJson(s)},
                         {"y", toJson(y)},
                         {"lastStep", hexFloat(lastStep)},
                         {"history", toJson(history)},
                         {"finished", finished},
                         {"message", message}};
  return json.dump(1) + "\n";
}

OptimizerState OptimizerState::deserialize(const std::string &text) {
  try {
    nlohmann::json json = nlohmann::json::parse(text);
    if (!json.is_object() || json.value("format", "") != kFormat)
      malformed("missing \"format\": \"" + std::string(kFormat) + "\"");
    if (json.at("version").get<int>() != kVersion)
      malformed("unsupported version " + json.at("version").dump());
    OptimizerState state;
    state.iteration = json.at("iteration").get<int>();
    state.evaluations = json.at("evaluations").get<int64_t>();
    state.f = parseHexFloat(json.at("f"));
    state.x = vectorFromJson(json.at("x"));
    state.gradient = vectorFromJson(json.at("gradient"));
    state.s = vectorsFromJson(json.at("s"));
    state.y = vectorsFromJson(json.at("y"));
    state.lastStep = parseHexFloat(json.at("lastStep"));
    state.history = vectorFromJson(json.at("history"));
    state.finished = json.at("finished").get<bool>();
    state.message = json.at("message").get<std::string>();
    checkShapes(state);
    return state;
  } catch (const nlohmann::json::exception &error) {
    malformed(error.what());
  }
}

void saveOptimizerState(const std::string &path, const OptimizerState &state) {
  writeFileAtomically(path, state.serialize());
}

OptimizerState loadOptimizerState(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw std::runtime_error("cannot read optimizer state '" + path + "'");
  std::ostringstream text;
  text << in.rdbuf();
  return OptimizerState::deserialize(text.str());
}

} // namespace strata::runtime
