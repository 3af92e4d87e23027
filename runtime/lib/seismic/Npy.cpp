//===- Npy.cpp - NumPy .npy reader and writer -----------------------------===//
#include "strata/Runtime/Seismic/Npy.h"

#include "strata/Runtime/AtomicFile.h"

#include <bit>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <limits>
#include <sstream>
#include <stdexcept>

namespace strata::runtime {

static_assert(std::endian::native == std::endian::little,
              "the .npy code copies little-endian data as is");

namespace {

constexpr char kMagic[] = "\x93NUMPY";
constexpr size_t kMagicSize = 6;
// numpy's own reader refuses headers over 10 kB by default; anything near 1 MiB is garbage.
constexpr size_t kMaxHeaderSize = 1 << 20;
constexpr size_t kMaxRank = 32; // numpy's NPY_MAXDIMS

std::string shapeText(const std::vector<int64_t> &shape) {
  std::string text = "(";
  for (int64_t extent : shape)
    text += std::to_string(extent) + ", ";
  if (shape.size() == 1)
    text.pop_back(); // "(5,)"
  else if (!shape.empty())
    text.resize(text.size() - 2);
  return text + ")";
}

int64_t elementCount(const std::vector<int64_t> &shape, const std::string &path) {
  int64_t count = 1;
  for (int64_t extent : shape) {
    if (extent < 0)
      throw std::invalid_argument("writeNpy " + path + ": negative extent in shape " +
                                  shapeText(shape));
    count *= extent;
  }
  return count;
}

std::string writeHeader(const char *descr, const std::vector<int64_t> &shape) {
  std::string dict = std::string("{'descr': '") + descr +
                     "', 'fortran_order': False, 'shape': " + shapeText(shape) + ", }";
  // Magic (6) + version (2) + length (2) + dict + padding + '\n' is a multiple of 64, so the
  // data is aligned for memory mapping (numpy does the same).
  size_t unpadded = kMagicSize + 4 + dict.size() + 1;
  dict.append((64 - unpadded % 64) % 64, ' ');
  dict += '\n';
  if (dict.size() > 0xffff)
    throw std::invalid_argument("writeNpy: shape " + shapeText(shape) + " is too long");
  std::string header(kMagic, kMagicSize);
  header += '\x01';
  header += '\x00';
  header += static_cast<char>(dict.size() & 0xff);
  header += static_cast<char>(dict.size() >> 8);
  return header + dict;
}

template <typename T>
void writeAny(const std::string &path, const T *data, const std::vector<int64_t> &shape,
              const char *descr) {
  int64_t count = elementCount(shape, path);
  if (count > 0 && data == nullptr)
    throw std::invalid_argument("writeNpy " + path + ": null data for shape " + shapeText(shape));
  std::string contents = writeHeader(descr, shape);
  size_t headerSize = contents.size();
  contents.resize(headerSize + size_t(count) * sizeof(T));
  if (count > 0)
    std::memcpy(contents.data() + headerSize, data, size_t(count) * sizeof(T));
  writeFileAtomically(path, contents);
}

/// A cursor over the header dictionary text; every failure names the file.
class HeaderParser {
public:
  HeaderParser(std::string text, std::string name) : text(std::move(text)), name(std::move(name)) {}

  /// Positions the cursor after `'key':`.
  void seekKey(const std::string &key) {
    for (char quote : {'\'', '"'}) {
      size_t at = text.find(quote + key + quote);
      if (at == std::string::npos)
        continue;
      pos = at + key.size() + 2;
      skipSpaces();
      expect(':');
      skipSpaces();
      return;
    }
    fail("the header has no '" + key + "' entry");
  }

  std::string quotedString() {
    if (pos >= text.size() || (text[pos] != '\'' && text[pos] != '"'))
      fail("expected a quoted string");
    char quote = text[pos++];
    size_t end = text.find(quote, pos);
    if (end == std::string::npos)
      fail("unterminated string");
    std::string value = text.substr(pos, end - pos);
    pos = end + 1;
    return value;
  }

  bool boolean() {
    if (text.compare(pos, 4, "True") == 0)
      return pos += 4, true;
    if (text.compare(pos, 5, "False") == 0)
      return pos += 5, false;
    fail("expected True or False");
  }

  std::vector<int64_t> tuple() {
    expect('(');
    std::vector<int64_t> values;
    for (skipSpaces(); pos < text.size() && text[pos] != ')'; skipSpaces()) {
      values.push_back(integer());
      if (values.size() > kMaxRank)
        fail("more than " + std::to_string(kMaxRank) + " dimensions");
      skipSpaces();
      if (pos < text.size() && text[pos] == ',')
        ++pos;
    }
    expect(')');
    return values;
  }

  [[noreturn]] void fail(const std::string &what) const {
    throw std::runtime_error(name + ": malformed .npy header (" + what + "): " + text);
  }

private:
  int64_t integer() {
    size_t start = pos;
    int64_t value = 0;
    while (pos < text.size() && std::isdigit(static_cast<unsigned char>(text[pos]))) {
      if (value > (std::numeric_limits<int64_t>::max() - 9) / 10)
        fail("absurd extent");
      value = value * 10 + (text[pos++] - '0');
    }
    if (pos == start)
      fail("expected a non-negative integer in the shape");
    // numpy writes Python ints; old Python 2 files may carry an 'L' suffix.
    if (pos < text.size() && text[pos] == 'L')
      ++pos;
    return value;
  }
  void skipSpaces() {
    while (pos < text.size() && std::isspace(static_cast<unsigned char>(text[pos])))
      ++pos;
  }
  void expect(char c) {
    if (pos >= text.size() || text[pos] != c)
      fail(std::string("expected '") + c + "'");
    ++pos;
  }

  std::string text;
  std::string name;
  size_t pos = 0;
};

struct Dtype {
  size_t size;
  bool isFloat;
  bool isDouble;
};

Dtype parseDtype(const std::string &descr, const std::string &name) {
  if (descr == "<f4")
    return {4, true, false};
  if (descr == "<f8")
    return {8, true, true};
  if (descr == "<i4")
    return {4, false, false};
  if (descr == "<i8")
    return {8, false, true};
  throw std::runtime_error(name + ": unsupported dtype '" + descr +
                           "' (supported: little-endian '<f4', '<f8', '<i4', '<i8')");
}

template <typename T> T load(const char *bytes) {
  T value;
  std::memcpy(&value, bytes, sizeof(T));
  return value;
}

double decodeValue(const char *bytes, const Dtype &dtype) {
  if (dtype.isFloat)
    return dtype.size == 4 ? double(load<float>(bytes)) : load<double>(bytes);
  return dtype.size == 4 ? double(load<int32_t>(bytes)) : double(load<int64_t>(bytes));
}

/// Reads the preamble (magic, version, header length); returns the header's [start, size).
std::pair<size_t, size_t> locateHeader(const std::string &bytes, const std::string &name) {
  if (bytes.size() < kMagicSize + 4 || bytes.compare(0, kMagicSize, kMagic, kMagicSize) != 0)
    throw std::runtime_error(name + ": not an NPY file (no \\x93NUMPY magic)");
  auto byteAt = [&](size_t i) { return size_t(static_cast<unsigned char>(bytes[i])); };
  size_t major = byteAt(6), minor = byteAt(7);
  if (major < 1 || major > 3 || minor != 0)
    throw std::runtime_error(name + ": unsupported .npy version " + std::to_string(major) + "." +
                             std::to_string(minor) + " (supported: 1.0, 2.0, 3.0)");
  size_t lengthBytes = major == 1 ? 2 : 4;
  size_t start = 8 + lengthBytes;
  if (bytes.size() < start)
    throw std::runtime_error(name + ": truncated .npy preamble");
  size_t length = 0;
  for (size_t i = 0; i < lengthBytes; ++i)
    length |= byteAt(8 + i) << (8 * i);
  if (length > kMaxHeaderSize)
    throw std::runtime_error(name + ": absurd .npy header length " + std::to_string(length) +
                             " bytes (at most " + std::to_string(kMaxHeaderSize) + ")");
  if (bytes.size() - start < length)
    throw std::runtime_error(name + ": truncated .npy header (" + std::to_string(length) +
                             " bytes announced, " + std::to_string(bytes.size() - start) +
                             " present)");
  return {start, length};
}

} // namespace

void writeNpy(const std::string &path, const float *data, const std::vector<int64_t> &shape) {
  writeAny(path, data, shape, "<f4");
}

void writeNpy(const std::string &path, const double *data, const std::vector<int64_t> &shape) {
  writeAny(path, data, shape, "<f8");
}

NpyArray parseNpy(const std::string &bytes, const std::string &name) {
  auto [start, length] = locateHeader(bytes, name);
  HeaderParser header(bytes.substr(start, length), name);
  header.seekKey("descr");
  Dtype dtype = parseDtype(header.quotedString(), name);
  header.seekKey("fortran_order");
  if (header.boolean())
    throw std::runtime_error(name + ": Fortran-order arrays are not supported; save a C-order "
                                    "array (numpy.ascontiguousarray)");
  header.seekKey("shape");
  NpyArray array;
  array.shape = header.tuple();
  array.isDouble = dtype.isDouble;

  size_t available = (bytes.size() - start - length) / dtype.size;
  size_t count = 1;
  for (int64_t extent : array.shape) {
    if (extent != 0 && count > available / size_t(extent))
      throw std::runtime_error(name + ": truncated data: shape " + shapeText(array.shape) +
                               " needs more than the file's " +
                               std::to_string(bytes.size() - start - length) + " data bytes");
    count *= size_t(extent);
  }
  size_t dataBytes = bytes.size() - start - length;
  if (dataBytes != count * dtype.size)
    throw std::runtime_error(
        name + ": " + (dataBytes < count * dtype.size ? "truncated data, " : "extra data, ") +
        std::to_string(dataBytes) + " data bytes for shape " + shapeText(array.shape) +
        ", expected " + std::to_string(count * dtype.size));
  array.values.resize(count);
  const char *data = bytes.data() + start + length;
  for (size_t i = 0; i < count; ++i)
    array.values[i] = decodeValue(data + i * dtype.size, dtype);
  return array;
}

NpyArray readNpy(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw std::runtime_error("cannot open " + path + ": " + std::strerror(errno));
  std::ostringstream contents;
  contents << in.rdbuf();
  if (in.bad())
    throw std::runtime_error("cannot read " + path);
  return parseNpy(contents.str(), path);
}

} // namespace strata::runtime
