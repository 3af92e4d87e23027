//===- NpyLite.cpp - a minimal .npy reader for model files ----------------===//

#include "NpyLite.h"

#include <cstring>
#include <fstream>
#include <iterator>
#include <stdexcept>

namespace strata::runtime::casefile {
namespace {

[[noreturn]] void fail(const std::string &path, const std::string &what) {
  throw std::runtime_error(path + ": " + what);
}

/// The text after `'key':` in the header dict, trimmed.
std::string dictValue(const std::string &header, const std::string &key, const std::string &path) {
  size_t at = header.find("'" + key + "'");
  if (at == std::string::npos)
    fail(path, "not a valid .npy file (no '" + key + "' in the header)");
  at = header.find(':', at);
  if (at == std::string::npos)
    fail(path, "not a valid .npy file (malformed header)");
  ++at;
  while (at < header.size() && header[at] == ' ')
    ++at;
  return header.substr(at);
}

} // namespace

NpyArray readNpy(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    fail(path, "cannot open the file");
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (bytes.size() < 10 || bytes.compare(0, 6, "\x93NUMPY") != 0)
    fail(path, "not a .npy file (no \\x93NUMPY magic)");
  unsigned major = static_cast<unsigned char>(bytes[6]);
  size_t headerLength = 0, headerStart = 0;
  if (major == 1) {
    headerLength = static_cast<unsigned char>(bytes[8]) | (size_t(static_cast<unsigned char>(bytes[9])) << 8);
    headerStart = 10;
  } else if (major == 2 || major == 3) {
    if (bytes.size() < 12)
      fail(path, "truncated .npy header");
    for (int i = 0; i < 4; ++i)
      headerLength |= size_t(static_cast<unsigned char>(bytes[8 + i])) << (8 * i);
    headerStart = 12;
  } else {
    fail(path, "unsupported .npy format version " + std::to_string(major));
  }
  if (bytes.size() < headerStart + headerLength)
    fail(path, "truncated .npy header");
  std::string header = bytes.substr(headerStart, headerLength);

  std::string descr = dictValue(header, "descr", path);
  size_t elementSize = 0;
  bool isDouble = false;
  if (descr.rfind("'<f4'", 0) == 0) {
    elementSize = 4;
  } else if (descr.rfind("'<f8'", 0) == 0) {
    elementSize = 8;
    isDouble = true;
  } else {
    fail(path, "unsupported dtype " + descr.substr(0, descr.find(',')) +
                   " (expected little-endian float32 '<f4' or float64 '<f8')");
  }
  if (dictValue(header, "fortran_order", path).rfind("False", 0) != 0)
    fail(path, "Fortran-ordered arrays are not supported (save with C order)");

  std::string shapeText = dictValue(header, "shape", path);
  if (shapeText.empty() || shapeText[0] != '(')
    fail(path, "not a valid .npy file (malformed shape)");
  NpyArray array;
  size_t at = 1;
  int64_t count = 1;
  while (at < shapeText.size() && shapeText[at] != ')') {
    if (shapeText[at] == ' ' || shapeText[at] == ',') {
      ++at;
      continue;
    }
    if (shapeText[at] < '0' || shapeText[at] > '9')
      fail(path, "not a valid .npy file (malformed shape)");
    int64_t extent = 0;
    while (at < shapeText.size() && shapeText[at] >= '0' && shapeText[at] <= '9')
      extent = extent * 10 + (shapeText[at++] - '0');
    array.shape.push_back(extent);
    count *= extent;
  }

  size_t dataStart = headerStart + headerLength;
  size_t expected = size_t(count) * elementSize;
  if (bytes.size() - dataStart != expected)
    fail(path, "expected " + std::to_string(expected) + " bytes of data for the shape in its header, found " +
                   std::to_string(bytes.size() - dataStart));
  array.values.resize(size_t(count));
  const char *data = bytes.data() + dataStart;
  for (int64_t i = 0; i < count; ++i) {
    if (isDouble) {
      double value;
      std::memcpy(&value, data + 8 * i, 8);
      array.values[size_t(i)] = static_cast<float>(value);
    } else {
      std::memcpy(&array.values[size_t(i)], data + 4 * i, 4);
    }
  }
  return array;
}

} // namespace strata::runtime::casefile
