//===- NpyTest.cpp - .npy reader and writer -------------------------------===//
#include "strata/Runtime/Seismic/Npy.h"

#include "TestUtil.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <random>

using namespace strata::runtime;
using strata::runtime::testing::readBytes;
using strata::runtime::testing::ScratchDir;
using strata::runtime::testing::writeBytes;

// Debian's interpreter, where scripts/install-deps.sh installs python3-numpy; a python3 on
// PATH (e.g. pyenv) may lack numpy.
#ifdef STRATA_NUMPY_PYTHON
constexpr const char *kPython = STRATA_NUMPY_PYTHON;
#else
constexpr const char *kPython = "python3";
#endif

namespace {

/// A version 1.0 file built by hand, independently of writeNpy.
std::string handBuiltNpy(const std::string &dict, const std::string &data, char major = 1) {
  std::string header = dict;
  size_t preamble = major == 1 ? 10 : 12;
  while ((preamble + header.size() + 1) % 64 != 0)
    header += ' ';
  header += '\n';
  std::string bytes = "\x93NUMPY";
  bytes += major;
  bytes += '\0';
  bytes += char(header.size() & 0xff);
  bytes += char(header.size() >> 8);
  if (major != 1)
    bytes += std::string(2, '\0');
  return bytes + header + data;
}

template <typename T> std::string rawBytes(std::initializer_list<T> values) {
  std::string bytes;
  for (T value : values)
    bytes.append(reinterpret_cast<const char *>(&value), sizeof(T));
  return bytes;
}

void expectParseError(const std::string &bytes, const std::string &fragment) {
  try {
    parseNpy(bytes, "case.npy");
    ADD_FAILURE() << "no error, expected one mentioning '" << fragment << "'";
  } catch (const std::runtime_error &error) {
    EXPECT_NE(std::string(error.what()).find(fragment), std::string::npos) << error.what();
    EXPECT_NE(std::string(error.what()).find("case.npy"), std::string::npos) << error.what();
  }
}

} // namespace

TEST(Npy, WritesNumpysExactHeader) {
  ScratchDir dir;
  float values[6] = {0, 1, 2, 3, 4, 5.5f};
  writeNpy(dir.file("a.npy"), values, {2, 3});
  std::string bytes = readBytes(dir.file("a.npy"));
  ASSERT_EQ(bytes.size(), 128u + 24u); // 118-byte header padded to 128, then 6 floats
  EXPECT_EQ(bytes.substr(0, 8), std::string("\x93NUMPY\x01\x00", 8));
  EXPECT_EQ(uint8_t(bytes[8]) | (uint8_t(bytes[9]) << 8), 118);
  std::string dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }";
  EXPECT_EQ(bytes.substr(10, dict.size()), dict);
  EXPECT_EQ(bytes.substr(10 + dict.size(), 117 - dict.size()), std::string(117 - dict.size(), ' '));
  EXPECT_EQ(bytes[127], '\n');
  float last;
  std::memcpy(&last, bytes.data() + 128 + 20, 4);
  EXPECT_EQ(last, 5.5f);
}

TEST(Npy, RoundTripsFloatAndDoubleOfAnyRank) {
  ScratchDir dir;
  std::vector<double> doubles = {1.0 / 3.0, -2e300, 0.0, 42.0, 1e-310, 7.0};
  writeNpy(dir.file("d.npy"), doubles.data(), {3, 1, 2});
  NpyArray d = readNpy(dir.file("d.npy"));
  EXPECT_EQ(d.shape, (std::vector<int64_t>{3, 1, 2}));
  EXPECT_TRUE(d.isDouble);
  EXPECT_EQ(d.values, doubles);

  std::vector<float> floats = {1.5f, -0.1f, 3e38f};
  writeNpy(dir.file("f.npy"), floats.data(), {3});
  NpyArray f = readNpy(dir.file("f.npy"));
  EXPECT_EQ(f.shape, (std::vector<int64_t>{3}));
  EXPECT_FALSE(f.isDouble);
  for (size_t i = 0; i < floats.size(); ++i)
    EXPECT_EQ(f.values[i], double(floats[i]));

  writeNpy(dir.file("scalar.npy"), floats.data(), {});
  NpyArray scalar = readNpy(dir.file("scalar.npy"));
  EXPECT_TRUE(scalar.shape.empty());
  EXPECT_EQ(scalar.values, std::vector<double>{1.5});

  writeNpy(dir.file("empty.npy"), static_cast<const float *>(nullptr), {0, 4});
  NpyArray empty = readNpy(dir.file("empty.npy"));
  EXPECT_EQ(empty.shape, (std::vector<int64_t>{0, 4}));
  EXPECT_TRUE(empty.values.empty());
}

TEST(Npy, ReadsHandBuiltFilesIncludingIntegersAndVersion2) {
  NpyArray a = parseNpy(handBuiltNpy("{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }",
                                     rawBytes<double>({1.5, -2.0})),
                        "a.npy");
  EXPECT_EQ(a.shape, std::vector<int64_t>{2});
  EXPECT_EQ(a.values, (std::vector<double>{1.5, -2.0}));

  // Keys in another order, as some writers do.
  NpyArray i4 = parseNpy(handBuiltNpy("{'shape': (1, 3), 'fortran_order': False, 'descr': '<i4'}",
                                      rawBytes<int32_t>({-7, 0, 2147483647})),
                         "b.npy");
  EXPECT_EQ(i4.shape, (std::vector<int64_t>{1, 3}));
  EXPECT_EQ(i4.values, (std::vector<double>{-7, 0, 2147483647.0}));

  NpyArray i8 = parseNpy(handBuiltNpy("{'descr': '<i8', 'fortran_order': False, 'shape': (1,), }",
                                      rawBytes<int64_t>({-(int64_t(1) << 40)}), 2),
                         "c.npy");
  EXPECT_EQ(i8.values, std::vector<double>{-1099511627776.0});
}

TEST(Npy, RejectsBadFilesWithClearMessages) {
  std::string data = rawBytes<float>({1, 2});
  expectParseError("hello world, not numpy", "not an NPY file");
  expectParseError(
      handBuiltNpy("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }", data, 4),
      "unsupported .npy version 4.0");
  expectParseError(handBuiltNpy("{'descr': '<f4', 'fortran_order': True, 'shape': (2,), }", data),
                   "Fortran-order");
  expectParseError(handBuiltNpy("{'descr': '>f4', 'fortran_order': False, 'shape': (2,), }", data),
                   "unsupported dtype '>f4'");
  expectParseError(handBuiltNpy("{'descr': '<c8', 'fortran_order': False, 'shape': (1,), }", data),
                   "unsupported dtype '<c8'");
  expectParseError(handBuiltNpy("{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }", data),
                   "truncated data");
  expectParseError(handBuiltNpy("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }", data),
                   "extra data");
  expectParseError(handBuiltNpy("{'descr': '<f4', 'fortran_order': False, 'shape': "
                                "(4294967296, 4294967296, 4294967296), }",
                                data),
                   "truncated data");
  expectParseError(handBuiltNpy("{'descr': '<f4', 'fortran_order': False, 'shape': (-2,), }", data),
                   "malformed");
  expectParseError(handBuiltNpy("{'descr': '<f4', 'fortran_order': False}", data), "'shape'");
  // Version 2.0 announcing a 4 GB header.
  expectParseError(std::string("\x93NUMPY\x02\x00\xff\xff\xff\xff{}", 14), "absurd");
}

TEST(Npy, NeverCrashesOnTruncatedOrGarbledFiles) {
  std::vector<double> values = {1, 2, 3, 4};
  ScratchDir dir;
  writeNpy(dir.file("ok.npy"), values.data(), {2, 2});
  std::string good = readBytes(dir.file("ok.npy"));
  for (size_t length = 0; length < good.size(); ++length)
    EXPECT_THROW(parseNpy(good.substr(0, length), "cut.npy"), std::runtime_error) << length;
  std::mt19937 random(1234);
  for (int trial = 0; trial < 2000; ++trial) {
    std::string garbled = good;
    for (int flips = 0; flips < 4; ++flips)
      garbled[random() % 128] = char(random());
    try {
      parseNpy(garbled, "garbled.npy"); // may still be valid (a flipped padding byte)
    } catch (const std::runtime_error &) {
    }
  }
}

TEST(Npy, ReportsMissingFilesAndBadPaths) {
  EXPECT_THROW(readNpy("/nonexistent/dir/x.npy"), std::runtime_error);
  float value = 1;
  EXPECT_THROW(writeNpy("/nonexistent/dir/x.npy", &value, {1}), std::runtime_error);
  EXPECT_THROW(writeNpy("/tmp/x.npy", &value, {-1}), std::invalid_argument);
}

TEST(Npy, ReadsAFileWrittenByNumpy) {
  if (std::system((std::string(kPython) + " -c 'import numpy' >/dev/null 2>&1").c_str()) != 0)
    GTEST_SKIP() << "python3 with numpy is not available";
  ScratchDir dir;
  std::string path = dir.file("np.npy");
  std::string command = std::string(kPython) + " -c \"import numpy as np; np.save('" + path +
                        "', np.arange(12, dtype='<f4').reshape(3, 4) / 8)\"";
  ASSERT_EQ(std::system(command.c_str()), 0);
  NpyArray array = readNpy(path);
  EXPECT_EQ(array.shape, (std::vector<int64_t>{3, 4}));
  for (int i = 0; i < 12; ++i)
    EXPECT_EQ(array.values[size_t(i)], i / 8.0);
  // And numpy reads ours.
  std::vector<double> ours = {0.25, -1};
  writeNpy(dir.file("ours.npy"), ours.data(), {2});
  std::string check = std::string(kPython) + " -c \"import numpy as np; a = np.load('" + dir.file("ours.npy") +
                      "'); assert a.dtype == '<f8' and list(a) == [0.25, -1]\"";
  EXPECT_EQ(std::system(check.c_str()), 0);
}
