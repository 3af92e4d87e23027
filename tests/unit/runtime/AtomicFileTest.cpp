// writeFileAtomically: complete contents, replacement of an old file, no stray temporaries,
// and a clear error for an unwritable place.
#include "strata/Runtime/AtomicFile.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace fs = std::filesystem;
using strata::runtime::writeFileAtomically;

namespace {

std::string slurp(const fs::path &path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

fs::path freshDirectory(const std::string &name) {
  fs::path dir =
      fs::temp_directory_path() / ("strata-atomic-" + name + "-" + std::to_string(getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

} // namespace

TEST(AtomicFile, WritesAndReplacesWithoutLeavingTemporaries) {
  fs::path dir = freshDirectory("replace");
  fs::path target = dir / "out.bin";
  std::string binary("a\0b\nc", 5);
  writeFileAtomically(target.string(), binary);
  EXPECT_EQ(slurp(target), binary);
  writeFileAtomically(target.string(), "second");
  EXPECT_EQ(slurp(target), "second");
  EXPECT_EQ(std::distance(fs::directory_iterator(dir), fs::directory_iterator{}), 1);
  fs::remove_all(dir);
}

TEST(AtomicFile, ReportsTheBadPath) {
  try {
    writeFileAtomically("/nonexistent-dir/strata/out.txt", "x");
    FAIL() << "expected an error";
  } catch (const std::runtime_error &error) {
    EXPECT_NE(std::string(error.what()).find("/nonexistent-dir/strata/out.txt"), std::string::npos);
  }
}
