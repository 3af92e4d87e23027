//===- Case.cpp - parsing and validating case files -----------------------===//
//
// Every check names the offending value by its JSON path ('grid.spacing[1]'), says what was
// expected and what was found. The order of checks is fixed (unknown top-level keys, grid,
// time, model, sources, receivers, wavelet, the rest) so that a file with several mistakes
// always reports the same one first.
//
//===----------------------------------------------------------------------===//

#include "strata/Runtime/Case/Case.h"

#include "CaseInternal.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <sstream>

namespace strata::runtime {
namespace casefile {

std::string formatNumber(double value) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.15g", value);
  return buffer;
}

std::string formatPoint(const std::vector<double> &point) {
  std::string text = "(";
  for (size_t i = 0; i < point.size(); ++i)
    text += (i ? ", " : "") + formatNumber(point[i]);
  return text + ")";
}

const char *axisName(int dims, int axis) {
  static const char *names2[] = {"x", "z"};
  static const char *names3[] = {"x", "y", "z"};
  return dims == 2 ? names2[axis] : names3[axis];
}

} // namespace casefile

namespace {

using json = nlohmann::json;
using casefile::axisName;
using casefile::formatNumber;
using casefile::formatPoint;

std::string child(const std::string &path, const std::string &key) {
  return path.empty() ? key : path + "." + key;
}
std::string element(const std::string &path, size_t index) {
  return path + "[" + std::to_string(index) + "]";
}

/// The value as written, shortened for messages.
std::string shown(const json &value) {
  std::string text = value.dump();
  if (text.size() > 60)
    text = text.substr(0, 57) + "...";
  return text;
}

size_t editDistance(const std::string &a, const std::string &b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j)
    row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t above = row[j];
      bool same = std::tolower(static_cast<unsigned char>(a[i - 1])) ==
                  std::tolower(static_cast<unsigned char>(b[j - 1]));
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (same ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

/// The closest candidate within a small edit distance, or "".
std::string nearMiss(const std::string &word, const std::vector<std::string> &candidates) {
  std::string best;
  size_t bestDistance = std::max<size_t>(2, word.size() / 3) + 1;
  for (const std::string &candidate : candidates) {
    size_t distance = editDistance(word, candidate);
    // A suggestion must keep part of the word: "y" is not a misspelt "x".
    if (distance < bestDistance && distance < word.size() && distance < candidate.size()) {
      bestDistance = distance;
      best = candidate;
    }
  }
  return best;
}

std::string quotedList(const std::vector<std::string> &words) {
  std::string text;
  for (size_t i = 0; i < words.size(); ++i)
    text += (i ? (i + 1 == words.size() ? " or " : ", ") : "") + ("\"" + words[i] + "\"");
  return text;
}

class Parser {
public:
  Parser(std::string file, std::string base) : file(std::move(file)), base(std::move(base)) {}

  Case parse(const std::string &text);

private:
  std::string file, base;
  int dims = 0;
  Case result;

  [[noreturn]] void fail(const std::string &path, const std::string &what) const {
    throw CaseError(file + ": " + (path.empty() ? std::string("top level") : "'" + path + "'") + ": " + what);
  }

  // --- structure -----------------------------------------------------------------------
  void expectObject(const json &value, const std::string &path, const std::string &what) const {
    if (!value.is_object())
      fail(path, "expected " + what + ", got " + shown(value));
  }

  void checkKeys(const json &object, const std::string &path, const std::vector<std::string> &allowed) const {
    for (auto it = object.begin(); it != object.end(); ++it) {
      if (std::find(allowed.begin(), allowed.end(), it.key()) != allowed.end())
        continue;
      std::string suggestion = nearMiss(it.key(), allowed);
      if (!suggestion.empty())
        fail(child(path, it.key()), "unknown key; did you mean '" + suggestion + "'?");
      std::string list;
      for (size_t i = 0; i < allowed.size(); ++i)
        list += (i ? ", " : "") + allowed[i];
      fail(child(path, it.key()), "unknown key; expected one of: " + list);
    }
  }

  const json &required(const json &object, const std::string &path, const std::string &key,
                       const std::string &what) const {
    auto it = object.find(key);
    if (it == object.end())
      fail(child(path, key), "required key is missing (expected " + what + ")");
    return *it;
  }

  const json *optional(const json &object, const std::string &key) const {
    auto it = object.find(key);
    return it == object.end() ? nullptr : &*it;
  }

  // --- scalars -------------------------------------------------------------------------
  double number(const json &value, const std::string &path, const std::string &what = "a number") const {
    if (!value.is_number())
      fail(path, "expected " + what + ", got " + shown(value));
    return value.get<double>();
  }
  double positive(const json &value, const std::string &path, const std::string &unit = "") const {
    std::string what = "a positive number" + (unit.empty() ? "" : " (" + unit + ")");
    double x = number(value, path, what);
    if (!(x > 0))
      fail(path, "expected " + what + ", got " + shown(value));
    return x;
  }
  double nonNegative(const json &value, const std::string &path, const std::string &unit = "") const {
    std::string what = "a non-negative number" + (unit.empty() ? "" : " (" + unit + ")");
    double x = number(value, path, what);
    if (!(x >= 0))
      fail(path, "expected " + what + ", got " + shown(value));
    return x;
  }
  int64_t integer(const json &value, const std::string &path, int64_t minimum) const {
    std::string what = "an integer >= " + std::to_string(minimum);
    bool integral = value.is_number_integer() ||
                    (value.is_number_float() && std::isfinite(value.get<double>()) &&
                     value.get<double>() == std::floor(value.get<double>()));
    if (!integral)
      fail(path, "expected " + what + ", got " + shown(value));
    double asDouble = value.get<double>();
    if (asDouble < double(minimum) || asDouble > 9.0e15)
      fail(path, "expected " + what + ", got " + shown(value));
    return value.is_number_float() ? int64_t(asDouble) : value.get<int64_t>();
  }
  bool boolean(const json &value, const std::string &path) const {
    if (!value.is_boolean())
      fail(path, "expected true or false, got " + shown(value));
    return value.get<bool>();
  }
  std::string string(const json &value, const std::string &path, const std::string &what = "a string") const {
    if (!value.is_string())
      fail(path, "expected " + what + ", got " + shown(value));
    return value.get<std::string>();
  }
  std::string choice(const json &value, const std::string &path, const std::vector<std::string> &choices) const {
    std::string what = "one of " + quotedList(choices);
    std::string word = string(value, path, what);
    if (std::find(choices.begin(), choices.end(), word) != choices.end())
      return word;
    std::string suggestion = nearMiss(word, choices);
    fail(path, "expected " + what + ", got " + shown(value) +
                   (suggestion.empty() ? "" : "; did you mean \"" + suggestion + "\"?"));
  }

  // --- lists ---------------------------------------------------------------------------
  const json &list(const json &value, const std::string &path, size_t count, const std::string &what) const {
    if (!value.is_array())
      fail(path, "expected " + what + ", got " + shown(value));
    if (count && value.size() != count)
      fail(path, "expected " + what + ", got " + std::to_string(value.size()) +
                     (value.size() == 1 ? " entry" : " entries"));
    return value;
  }
  std::string perAxis() const {
    return dims == 2 ? "[x, z]" : "[x, y, z]";
  }
  std::vector<double> positiveList(const json &value, const std::string &path, const std::string &unit) const {
    list(value, path, size_t(dims), "a list of " + std::to_string(dims) + " positive numbers " + perAxis() +
                                        " (" + unit + ")");
    std::vector<double> result;
    for (size_t i = 0; i < value.size(); ++i)
      result.push_back(positive(value[i], element(path, i), unit));
    return result;
  }
  std::vector<double> numberList(const json &value, const std::string &path, const std::string &unit) const {
    list(value, path, size_t(dims), "a list of " + std::to_string(dims) + " numbers " + perAxis() + " (" + unit + ")");
    std::vector<double> result;
    for (size_t i = 0; i < value.size(); ++i)
      result.push_back(number(value[i], element(path, i)));
    return result;
  }
  std::vector<int64_t> shapeList(const json &value, const std::string &path, size_t count) const {
    std::string what = count ? "a list of " + std::to_string(count) + " integers >= 2 " + perAxis()
                             : "a list of 2 or 3 integers >= 2 ([nx, nz] or [nx, ny, nz])";
    list(value, path, count, what);
    if (!count && (value.size() < 2 || value.size() > 3))
      fail(path, "expected " + what + ", got " + std::to_string(value.size()) +
                     (value.size() == 1 ? " entry" : " entries"));
    std::vector<int64_t> result;
    for (size_t i = 0; i < value.size(); ++i)
      result.push_back(integer(value[i], element(path, i), 2));
    return result;
  }

  // --- parts ---------------------------------------------------------------------------
  void parseGrid(const json &grid);
  void parseTime(const json &time);
  void parseModel(const json &model);
  std::vector<double> point(const json &value, const std::string &path) const;
  void checkInside(const std::vector<double> &p, const std::string &path, const std::string &what) const;
  std::vector<std::vector<double>> parsePoints(const json &value, const std::string &path, const std::string &what);
  void parseWavelet(const json &wavelet);
  void parseOutputs(const json &outputs);
  std::string resolve(const std::string &relative) const {
    std::filesystem::path p(relative);
    if (p.is_absolute() || base.empty())
      return p.lexically_normal().string();
    return (std::filesystem::path(base) / p).lexically_normal().string();
  }
};

Case Parser::parse(const std::string &text) {
  json root;
  // nlohmann keeps the last of duplicated keys; a case file with one is almost surely a mistake,
  // so the parser callback tracks the JSON path and reports the first duplicate.
  struct Frame {
    bool object;
    std::vector<std::string> keys;
    size_t index = 0;
  };
  struct Duplicate {
    std::string path;
  };
  std::vector<Frame> stack;
  auto pathOf = [&stack] {
    std::string path;
    for (const Frame &frame : stack)
      path += frame.object ? (path.empty() ? "" : ".") + frame.keys.back() : "[" + std::to_string(frame.index) + "]";
    return path;
  };
  auto callback = [&](int, json::parse_event_t event, json &parsed) {
    switch (event) {
    case json::parse_event_t::object_start:
      stack.push_back({true, {}, 0});
      break;
    case json::parse_event_t::array_start:
      stack.push_back({false, {}, 0});
      break;
    case json::parse_event_t::key: {
      Frame &frame = stack.back();
      std::string key = parsed.get<std::string>();
      bool seen = std::find(frame.keys.begin(), frame.keys.end(), key) != frame.keys.end();
      frame.keys.push_back(key);
      if (seen)
        throw Duplicate{pathOf()};
      break;
    }
    case json::parse_event_t::object_end:
    case json::parse_event_t::array_end:
      stack.pop_back();
      [[fallthrough]];
    case json::parse_event_t::value:
      if (!stack.empty() && !stack.back().object)
        ++stack.back().index;
      break;
    }
    return true;
  };
  try {
    root = json::parse(text, callback);
  } catch (const Duplicate &duplicate) {
    fail(duplicate.path, "the key appears twice in one object (expected each key once)");
  } catch (const json::parse_error &error) {
    // nlohmann reports a 1-based byte position; convert it to line:column.
    size_t position = error.byte == 0 ? 0 : std::min<size_t>(error.byte - 1, text.size());
    size_t line = 1, column = 1;
    for (size_t i = 0; i < position; ++i) {
      if (text[i] == '\n') {
        ++line;
        column = 1;
      } else {
        ++column;
      }
    }
    std::string what = error.what();
    size_t at = what.find("syntax error");
    if (at == std::string::npos) {
      at = what.find(": ", what.find("parse error"));
      what = at == std::string::npos ? what : "syntax error: " + what.substr(at + 2);
    } else {
      what = what.substr(at);
    }
    throw CaseError(file + ":" + std::to_string(line) + ":" + std::to_string(column) + ": JSON " + what);
  }

  expectObject(root, "", "a JSON object with keys grid, model, sources, receivers, wavelet and time");
  checkKeys(root, "", {"description", "grid", "model", "sources", "receivers", "wavelet", "time", "space_order",
                       "interpolation", "outputs"});
  result.path = file;
  if (const json *description = optional(root, "description"))
    result.description = string(*description, "description");

  parseGrid(required(root, "", "grid", "an object with shape, spacing, origin and absorbing_width"));
  parseTime(required(root, "", "time", "an object with duration, dt and output_every"));
  parseModel(required(root, "", "model", "an object with a \"type\""));
  result.sources = parsePoints(required(root, "", "sources", "a list of points, a point or {\"line\": ...}"),
                               "sources", "source");
  result.receivers =
      parsePoints(required(root, "", "receivers", "a list of points, {\"line\": ...} or {\"array\": ...}"),
                  "receivers", "receiver");
  parseWavelet(required(root, "", "wavelet", "an object with a \"type\""));

  if (const json *order = optional(root, "space_order")) {
    int64_t value = integer(*order, "space_order", 2);
    if (value % 2 != 0 || value > 64)
      fail("space_order", "expected an even integer from 2 to 64, got " + shown(*order));
    result.spaceOrder = int(value);
  }
  if (const json *interpolation = optional(root, "interpolation"))
    result.interpolation = choice(*interpolation, "interpolation", {"linear", "sinc"});
  if (const json *outputs = optional(root, "outputs"))
    parseOutputs(*outputs);
  return result;
}

void Parser::parseGrid(const json &grid) {
  expectObject(grid, "grid", "an object with shape, spacing, origin and absorbing_width");
  checkKeys(grid, "grid", {"shape", "spacing", "origin", "absorbing_width"});
  Domain &domain = result.domain;
  domain.shape = shapeList(required(grid, "grid", "shape", "a list of 2 or 3 integers >= 2 ([nx, nz] or [nx, ny, nz])"),
                           "grid.shape", 0);
  dims = int(domain.shape.size());
  domain.spacing = positiveList(
      required(grid, "grid", "spacing", "a list of " + std::to_string(dims) + " positive numbers (m)"),
      "grid.spacing", "m");
  domain.origin = std::vector<double>(size_t(dims), 0.0);
  if (const json *origin = optional(grid, "origin"))
    domain.origin = numberList(*origin, "grid.origin", "m");
  domain.absorbingWidth = 40;
  if (const json *width = optional(grid, "absorbing_width"))
    domain.absorbingWidth = integer(*width, "grid.absorbing_width", 0);
  try {
    domain.validate();
  } catch (const std::invalid_argument &error) {
    fail("grid", error.what()); // unreachable after the checks above; kept as a safety net
  }
}

void Parser::parseTime(const json &time) {
  expectObject(time, "time", "an object with duration, dt and output_every");
  checkKeys(time, "time", {"duration", "dt", "output_every"});
  result.time.duration = positive(required(time, "time", "duration", "a positive number (ms)"), "time.duration", "ms");
  if (const json *dt = optional(time, "dt")) {
    if (dt->is_string() && dt->get<std::string>() == "auto") {
      result.time.dt.reset();
    } else {
      std::string what = "a positive number (ms) or \"auto\"";
      if (!dt->is_number() || !(dt->get<double>() > 0))
        fail("time.dt", "expected " + what + ", got " + shown(*dt));
      if (dt->get<double>() > result.time.duration)
        fail("time.dt", "expected a time step no longer than time.duration (" +
                            formatNumber(result.time.duration) + " ms), got " + shown(*dt));
      result.time.dt = dt->get<double>();
    }
  }
  if (const json *every = optional(time, "output_every"))
    result.time.outputEvery = integer(*every, "time.output_every", 1);
}

void Parser::parseModel(const json &model) {
  expectObject(model, "model", "an object with a \"type\"");
  ModelSpec &spec = result.model;
  const std::vector<std::string> types = {"constant", "layered", "camembert", "file"};
  std::string type = choice(required(model, "model", "type", "one of " + quotedList(types)), "model.type", types);

  if (type == "constant") {
    checkKeys(model, "model", {"type", "velocity", "smooth"});
    spec.kind = ModelSpec::Kind::Constant;
    spec.velocity = positive(required(model, "model", "velocity", "a positive number (km/s)"), "model.velocity", "km/s");
  } else if (type == "layered") {
    checkKeys(model, "model", {"type", "layers", "smooth"});
    spec.kind = ModelSpec::Kind::Layered;
    const json &layers = required(model, "model", "layers", "a list of {\"top\": m, \"velocity\": km/s}");
    list(layers, "model.layers", 0, "a non-empty list of {\"top\": m, \"velocity\": km/s}");
    if (layers.empty())
      fail("model.layers", "expected a non-empty list of {\"top\": m, \"velocity\": km/s}, got []");
    for (size_t i = 0; i < layers.size(); ++i) {
      std::string path = element("model.layers", i);
      expectObject(layers[i], path, "{\"top\": m, \"velocity\": km/s}");
      checkKeys(layers[i], path, {"top", "velocity"});
      LayerSpec layer;
      layer.top = number(required(layers[i], path, "top", "a depth (m)"), child(path, "top"), "a depth (m)");
      layer.velocity =
          positive(required(layers[i], path, "velocity", "a positive number (km/s)"), child(path, "velocity"), "km/s");
      if (i > 0 && !(layer.top > spec.layers.back().top))
        fail(child(path, "top"), "layer tops must increase with depth: expected a depth below " +
                                     formatNumber(spec.layers.back().top) + " m (the top of model.layers[" +
                                     std::to_string(i - 1) + "]), got " + formatNumber(layer.top));
      spec.layers.push_back(layer);
    }
  } else if (type == "camembert") {
    checkKeys(model, "model", {"type", "background", "disk", "smooth"});
    spec.kind = ModelSpec::Kind::Camembert;
    spec.background =
        positive(required(model, "model", "background", "a positive number (km/s)"), "model.background", "km/s");
    const json &disk = required(model, "model", "disk", "an object with center, radius and velocity");
    expectObject(disk, "model.disk", "an object with center, radius and velocity");
    checkKeys(disk, "model.disk", {"center", "radius", "velocity"});
    spec.diskCenter = numberList(required(disk, "model.disk", "center", "a point " + perAxis() + " (m)"),
                                 "model.disk.center", "m");
    spec.diskRadius = positive(required(disk, "model.disk", "radius", "a positive number (m)"), "model.disk.radius", "m");
    spec.diskVelocity =
        positive(required(disk, "model.disk", "velocity", "a positive number (km/s)"), "model.disk.velocity", "km/s");
  } else {
    checkKeys(model, "model", {"type", "path", "format", "shape", "spacing", "origin", "units", "layout", "smooth"});
    spec.kind = ModelSpec::Kind::File;
    std::string written = string(required(model, "model", "path", "the model file's path"), "model.path");
    if (written.empty())
      fail("model.path", "expected the model file's path, got \"\"");
    spec.path = resolve(written);
    bool looksNpy = written.size() >= 4 && written.compare(written.size() - 4, 4, ".npy") == 0;
    std::string format = looksNpy ? "npy" : "";
    if (const json *f = optional(model, "format"))
      format = choice(*f, "model.format", {"npy", "raw_float32"});
    else if (format.empty())
      fail("model.format", "required key is missing for a file not named *.npy (expected \"npy\" or \"raw_float32\")");
    spec.format = format == "npy" ? ModelSpec::FileFormat::Npy : ModelSpec::FileFormat::RawFloat32;
    if (const json *shape = optional(model, "shape"))
      spec.fileShape = shapeList(*shape, "model.shape", size_t(dims));
    else if (spec.format == ModelSpec::FileFormat::RawFloat32)
      fail("model.shape", "required key is missing for a raw_float32 file (expected a list of " +
                              std::to_string(dims) + " integers >= 2 " + perAxis() + ")");
    spec.fileSpacing = positiveList(
        required(model, "model", "spacing", "a list of " + std::to_string(dims) + " positive numbers (m)"),
        "model.spacing", "m");
    spec.fileOrigin = std::vector<double>(size_t(dims), 0.0);
    if (const json *origin = optional(model, "origin"))
      spec.fileOrigin = numberList(*origin, "model.origin", "m");
    std::string units =
        choice(required(model, "model", "units", "\"m/s\" or \"km/s\""), "model.units", {"m/s", "km/s"});
    spec.toKmPerS = units == "m/s" ? 0.001 : 1.0;
    if (const json *layout = optional(model, "layout"))
      spec.layout = choice(*layout, "model.layout", {"x-major"});
    // With a known shape the coverage can be checked now; npy files are checked on reading.
    if (!spec.fileShape.empty()) {
      const Domain &d = result.domain;
      for (int axis = 0; axis < dims; ++axis) {
        double fileEnd = spec.fileOrigin[size_t(axis)] + spec.fileSpacing[size_t(axis)] * double(spec.fileShape[size_t(axis)] - 1);
        double slack = 1e-6 * spec.fileSpacing[size_t(axis)];
        if (d.origin[size_t(axis)] < spec.fileOrigin[size_t(axis)] - slack || d.end(axis) > fileEnd + slack)
          fail("model", std::string("the case grid reaches outside the model file on axis ") + axisName(dims, axis) +
                            ": the grid spans [" + formatNumber(d.origin[size_t(axis)]) + ", " +
                            formatNumber(d.end(axis)) + "] m, the file [" +
                            formatNumber(spec.fileOrigin[size_t(axis)]) + ", " + formatNumber(fileEnd) + "] m");
      }
    }
  }

  if (const json *smooth = optional(model, "smooth")) {
    expectObject(*smooth, "model.smooth", "an object {\"sigma\": m}");
    checkKeys(*smooth, "model.smooth", {"sigma"});
    spec.smoothSigma =
        positive(required(*smooth, "model.smooth", "sigma", "a positive number (m)"), "model.smooth.sigma", "m");
  }
}

std::vector<double> Parser::point(const json &value, const std::string &path) const {
  if (value.is_array())
    return numberList(value, path, "m");
  std::string what = dims == 2 ? "a point {\"x\": m, \"z\": m} or [x, z]" : "a point {\"x\": m, \"y\": m, \"z\": m} or [x, y, z]";
  expectObject(value, path, what);
  std::vector<std::string> keys = dims == 2 ? std::vector<std::string>{"x", "z"} : std::vector<std::string>{"x", "y", "z"};
  checkKeys(value, path, keys);
  std::vector<double> p;
  for (const std::string &key : keys)
    p.push_back(number(required(value, path, key, "a coordinate (m)"), child(path, key), "a coordinate (m)"));
  return p;
}

void Parser::checkInside(const std::vector<double> &p, const std::string &path, const std::string &what) const {
  const Domain &d = result.domain;
  bool inside = true;
  for (int axis = 0; axis < dims; ++axis) {
    double slack = 1e-9 * d.spacing[size_t(axis)];
    if (p[size_t(axis)] < d.origin[size_t(axis)] - slack || p[size_t(axis)] > d.end(axis) + slack)
      inside = false;
  }
  if (inside)
    return;
  std::string extent;
  for (int axis = 0; axis < dims; ++axis)
    extent += std::string(axis ? ", " : "") + axisName(dims, axis) + " in [" + formatNumber(d.origin[size_t(axis)]) +
              ", " + formatNumber(d.end(axis)) + "]";
  fail(path, what + " " + formatPoint(p) + " is outside the physical domain: " + extent + " (m)");
}

std::vector<std::vector<double>> Parser::parsePoints(const json &value, const std::string &path,
                                                     const std::string &what) {
  std::vector<std::vector<double>> points;
  if (value.is_array()) {
    if (value.empty())
      fail(path, "expected at least one " + what + ", got []");
    for (size_t i = 0; i < value.size(); ++i) {
      points.push_back(point(value[i], element(path, i)));
      checkInside(points.back(), element(path, i), "the " + what);
    }
    return points;
  }
  std::string expected = "a list of points, a point, {\"line\": ...}" + std::string(dims == 3 ? " or {\"array\": ...}" : "");
  expectObject(value, path, expected);
  if (value.contains("line")) {
    checkKeys(value, path, {"line"});
    std::string at = child(path, "line");
    const json &line = value["line"];
    expectObject(line, at, "an object with from, to and count");
    checkKeys(line, at, {"from", "to", "count"});
    std::vector<double> from = point(required(line, at, "from", "a point " + perAxis() + " (m)"), child(at, "from"));
    std::vector<double> to = point(required(line, at, "to", "a point " + perAxis() + " (m)"), child(at, "to"));
    int64_t count = integer(required(line, at, "count", "an integer >= 1"), child(at, "count"), 1);
    checkInside(from, child(at, "from"), "the line's first " + what);
    if (count > 1)
      checkInside(to, child(at, "to"), "the line's last " + what);
    for (int64_t i = 0; i < count; ++i) {
      double t = count == 1 ? 0.0 : double(i) / double(count - 1);
      std::vector<double> p(static_cast<size_t>(dims));
      for (size_t axis = 0; axis < size_t(dims); ++axis)
        p[axis] = i == count - 1 && count > 1 ? to[axis] : from[axis] + t * (to[axis] - from[axis]);
      points.push_back(std::move(p));
    }
    return points;
  }
  if (value.contains("array")) {
    checkKeys(value, path, {"array"});
    std::string at = child(path, "array");
    if (dims != 3)
      fail(at, "a " + what + " array needs a 3D grid; in 2D use {\"line\": ...}");
    const json &array = value["array"];
    expectObject(array, at, "an object with from [x, y], to [x, y], count [nx, ny] and z");
    checkKeys(array, at, {"from", "to", "count", "z"});
    auto pair = [&](const std::string &key) {
      const json &v = required(array, at, key, "a list of 2 numbers [x, y] (m)");
      list(v, child(at, key), 2, "a list of 2 numbers [x, y] (m)");
      return std::vector<double>{number(v[0], element(child(at, key), 0)), number(v[1], element(child(at, key), 1))};
    };
    std::vector<double> from = pair("from"), to = pair("to");
    const json &countValue = required(array, at, "count", "a list of 2 integers >= 1 [nx, ny]");
    list(countValue, child(at, "count"), 2, "a list of 2 integers >= 1 [nx, ny]");
    int64_t nx = integer(countValue[0], element(child(at, "count"), 0), 1);
    int64_t ny = integer(countValue[1], element(child(at, "count"), 1), 1);
    double z = number(required(array, at, "z", "a depth (m)"), child(at, "z"), "a depth (m)");
    checkInside({from[0], from[1], z}, child(at, "from"), "the array's first " + what);
    checkInside({nx > 1 ? to[0] : from[0], ny > 1 ? to[1] : from[1], z}, child(at, "to"),
                "the array's last " + what);
    for (int64_t i = 0; i < nx; ++i)
      for (int64_t j = 0; j < ny; ++j) {
        double x = nx == 1 ? from[0] : (i == nx - 1 ? to[0] : from[0] + double(i) / double(nx - 1) * (to[0] - from[0]));
        double y = ny == 1 ? from[1] : (j == ny - 1 ? to[1] : from[1] + double(j) / double(ny - 1) * (to[1] - from[1]));
        points.push_back({x, y, z});
      }
    return points;
  }
  if (value.contains("x") || value.contains("z")) {
    points.push_back(point(value, path));
    checkInside(points.back(), path, "the " + what);
    return points;
  }
  if (value.empty())
    fail(path, "expected " + expected + ", got {}");
  std::vector<std::string> keys = {"line", "x", "z"};
  if (dims == 3)
    keys = {"line", "array", "x", "y", "z"};
  checkKeys(value, path, keys);
  fail(path, "expected " + expected + ", got " + shown(value)); // e.g. only "y"
}

void Parser::parseWavelet(const json &wavelet) {
  expectObject(wavelet, "wavelet", "an object with a \"type\"");
  std::string type = choice(required(wavelet, "wavelet", "type", "\"ricker\" or \"npy\""), "wavelet.type", {"ricker", "npy"});
  WaveletSpec &spec = result.wavelet;
  if (type == "ricker") {
    checkKeys(wavelet, "wavelet", {"type", "peak_frequency", "delay"});
    spec.kind = WaveletSpec::Kind::Ricker;
    spec.peakFrequency = positive(required(wavelet, "wavelet", "peak_frequency", "a positive number (kHz)"),
                                  "wavelet.peak_frequency", "kHz");
    spec.delay = 1.0 / spec.peakFrequency;
    if (const json *delay = optional(wavelet, "delay"))
      spec.delay = nonNegative(*delay, "wavelet.delay", "ms");
  } else {
    checkKeys(wavelet, "wavelet", {"type", "path", "dt"});
    spec.kind = WaveletSpec::Kind::Npy;
    std::string written = string(required(wavelet, "wavelet", "path", "the .npy file's path"), "wavelet.path");
    if (written.empty())
      fail("wavelet.path", "expected the .npy file's path, got \"\"");
    spec.path = resolve(written);
    spec.dt = positive(required(wavelet, "wavelet", "dt", "a positive number (ms)"), "wavelet.dt", "ms");
  }
}

void Parser::parseOutputs(const json &outputs) {
  expectObject(outputs, "outputs", "an object with traces, snapshots and pictures");
  checkKeys(outputs, "outputs", {"traces", "snapshots", "pictures"});
  OutputSpec &spec = result.outputs;
  if (const json *traces = optional(outputs, "traces"))
    spec.traces = boolean(*traces, "outputs.traces");
  if (const json *pictures = optional(outputs, "pictures"))
    spec.pictures = boolean(*pictures, "outputs.pictures");
  if (const json *snapshots = optional(outputs, "snapshots")) {
    expectObject(*snapshots, "outputs.snapshots", "an object {\"times\": [ms, ...]}");
    checkKeys(*snapshots, "outputs.snapshots", {"times"});
    const json &times = required(*snapshots, "outputs.snapshots", "times", "a list of times (ms)");
    list(times, "outputs.snapshots.times", 0, "a list of times (ms)");
    double duration = result.time.duration;
    for (size_t i = 0; i < times.size(); ++i) {
      std::string path = element("outputs.snapshots.times", i);
      std::string what = "a time in [0, " + formatNumber(duration) + "] ms";
      double t = number(times[i], path, what);
      if (t < 0 || t > duration)
        fail(path, "expected " + what + ", got " + shown(times[i]));
      spec.snapshotTimes.push_back(t);
    }
  }
}

} // namespace

Case parseCase(const std::string &json, const std::string &pathForMessages, const std::string &baseDirectory) {
  return Parser(pathForMessages, baseDirectory).parse(json);
}

Case loadCase(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw CaseError(path + ": cannot open the case file");
  std::stringstream text;
  text << in.rdbuf();
  if (in.bad())
    throw CaseError(path + ": cannot read the case file");
  // Absolute, so that the resolved paths stay valid when the caller changes directory.
  std::error_code ignored;
  std::filesystem::path absolute = std::filesystem::absolute(path, ignored);
  std::string base = (absolute.empty() ? std::filesystem::path(path) : absolute).parent_path().lexically_normal().string();
  return parseCase(text.str(), path, base);
}

} // namespace strata::runtime
