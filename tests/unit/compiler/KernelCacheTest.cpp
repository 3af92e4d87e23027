//===- KernelCacheTest.cpp - the on-disk kernel cache ---------------------===//
#include "BackendTestUtils.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sys/wait.h>
#include <unistd.h>

namespace strata::backend::testing {
namespace {

class KernelCacheTest : public ::testing::Test {
protected:
  void SetUp() override {
    llvm::SmallString<128> path;
    ASSERT_FALSE(llvm::sys::fs::createUniqueDirectory("strata-cache-test", path));
    root_ = std::string(path);
    // A folder that does not exist yet: the cache creates it on the first store.
    directory_ = root_ + "/nested/cache";
  }
  void TearDown() override { llvm::sys::fs::remove_directories(root_); }

  std::string keyFor(std::string_view options) {
    return KernelCache::key(heatProgram(), options, Target::host(), "test-version");
  }
  /// The names in the cache directory (entries and anything left behind).
  std::vector<std::string> listDirectory() {
    std::vector<std::string> names;
    std::error_code ec;
    for (llvm::sys::fs::directory_iterator it(directory_, ec), end; !ec && it != end;
         it.increment(ec))
      names.push_back(llvm::sys::path::filename(it->path()).str());
    return names;
  }

  std::string root_, directory_;
};

TEST_F(KernelCacheTest, MissThenHitReturnsTheSameBytes) {
  KernelCache cache(directory_);
  std::string key = keyFor("-O3");
  EXPECT_EQ(key.size(), 64u);
  EXPECT_FALSE(cache.load(key).has_value());
  std::string object = compileHeat();
  ASSERT_FALSE(object.empty());
  ASSERT_FALSE(llvm::errorToBool(cache.tryStore(key, object)));
  std::optional<std::string> hit = cache.load(key);
  ASSERT_TRUE(hit.has_value());
  EXPECT_EQ(*hit, object);
  // What comes back from the cache runs.
  auto kernel = LoadedKernel::load(*hit);
  ASSERT_TRUE(bool(kernel)) << llvm::toString(kernel.takeError());
  EXPECT_TRUE(bool((*kernel)->lookup("_mlir_ciface_heat")));
}

TEST_F(KernelCacheTest, KeysSeparateEveryInput) {
  Target host = Target::host(), other = host;
  other.cpu = "generic";
  std::string base = KernelCache::key("ir", "opts", host, "v1");
  EXPECT_EQ(base, KernelCache::key("ir", "opts", host, "v1"));
  EXPECT_NE(base, KernelCache::key("ir", "opts2", host, "v1"));
  EXPECT_NE(base, KernelCache::key("ir2", "opts", host, "v1"));
  EXPECT_NE(base, KernelCache::key("ir", "opts", other, "v1"));
  EXPECT_NE(base, KernelCache::key("ir", "opts", host, "v2"));
  // Moving bytes across a field boundary must change the key.
  EXPECT_NE(KernelCache::key("ab", "c", host, "v"), KernelCache::key("a", "bc", host, "v"));
}

TEST_F(KernelCacheTest, DifferentOptionsMiss) {
  KernelCache cache(directory_);
  cache.store(keyFor("-O3"), "object bytes");
  EXPECT_TRUE(cache.load(keyFor("-O3")).has_value());
  EXPECT_FALSE(cache.load(keyFor("-O3 --tile=32")).has_value());
}

TEST_F(KernelCacheTest, TruncatedEntryIsRemovedAndRecompiled) {
  KernelCache cache(directory_);
  std::string key = keyFor("-O3");
  std::string object = compileHeat();
  ASSERT_FALSE(object.empty());
  cache.store(key, object);
  std::string path = cache.entryPath(key);
  uint64_t size = 0;
  ASSERT_FALSE(llvm::sys::fs::file_size(path, size));
  ASSERT_EQ(::truncate(path.c_str(), off_t(size / 2)), 0);

  EXPECT_FALSE(cache.load(key).has_value());
  EXPECT_FALSE(llvm::sys::fs::exists(path)) << "a damaged entry must be removed";
  cache.store(key, compileHeat());
  std::optional<std::string> hit = cache.load(key);
  ASSERT_TRUE(hit.has_value());
  EXPECT_EQ(*hit, object) << "compilation is deterministic";
}

TEST_F(KernelCacheTest, FlippedPayloadByteIsAMiss) {
  KernelCache cache(directory_);
  std::string key = keyFor("-O3");
  cache.store(key, std::string(1000, 'x'));
  std::string path = cache.entryPath(key);
  {
    std::fstream file(path, std::ios::in | std::ios::out | std::ios::binary);
    file.seekp(500);
    file.put('y');
  }
  EXPECT_FALSE(cache.load(key).has_value());
  EXPECT_FALSE(llvm::sys::fs::exists(path));
}

TEST_F(KernelCacheTest, MalformedKeysAreRejected) {
  KernelCache cache(directory_);
  EXPECT_FALSE(cache.load("../../etc/passwd").has_value());
  llvm::Error error = cache.tryStore("../escape", "x");
  ASSERT_TRUE(bool(error));
  EXPECT_NE(llvm::toString(std::move(error)).find("../escape"), std::string::npos);
}

TEST_F(KernelCacheTest, UnwritableDirectoryReportsThePath) {
  std::string file = root_ + "/not-a-directory";
  std::ofstream(file) << "x";
  KernelCache cache(file + "/cache");
  llvm::Error error = cache.tryStore(keyFor(""), "x");
  ASSERT_TRUE(bool(error));
  EXPECT_NE(llvm::toString(std::move(error)).find(file), std::string::npos);
  cache.store(keyFor(""), "x"); // swallowed, no crash
}

TEST_F(KernelCacheTest, ConcurrentProcessesLeaveOneValidEntry) {
  std::string key = keyFor("-O3");
  // Large enough that writes take a while and interleave; each process writes its own bytes.
  auto payload = [](char fill) { return std::string(8 << 20, fill); };
  std::vector<pid_t> children;
  for (char fill : {'a', 'b'}) {
    pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      KernelCache cache(directory_);
      std::string bytes = payload(fill);
      bool ok = true;
      for (int i = 0; i < 10; ++i)
        ok = !llvm::errorToBool(cache.tryStore(key, bytes)) && ok;
      _exit(ok ? 0 : 1);
    }
    children.push_back(pid);
  }
  for (pid_t pid : children) {
    int status = 0;
    ASSERT_EQ(waitpid(pid, &status, 0), pid);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  }
  std::optional<std::string> hit = KernelCache(directory_).load(key);
  ASSERT_TRUE(hit.has_value());
  EXPECT_TRUE(*hit == payload('a') || *hit == payload('b'));
  std::vector<std::string> names = listDirectory();
  ASSERT_EQ(names.size(), 1u) << "temporary files were left behind";
  EXPECT_EQ(names[0], key + ".sko");
}

/// Sets an environment variable for one scope and restores the previous value.
class ScopedEnv {
public:
  ScopedEnv(const char *name, const char *value) : name_(name) {
    if (const char *old = std::getenv(name))
      old_ = old;
    value ? setenv(name, value, 1) : unsetenv(name);
  }
  ~ScopedEnv() { old_ ? setenv(name_, old_->c_str(), 1) : unsetenv(name_); }

private:
  const char *name_;
  std::optional<std::string> old_;
};

TEST(KernelCacheDirectory, HonoursStrataCacheDirThenXdgThenHome) {
  {
    ScopedEnv strata("STRATA_CACHE_DIR", "/tmp/strata-cache-dir-test");
    EXPECT_EQ(KernelCache::defaultDirectory(), "/tmp/strata-cache-dir-test");
  }
  ScopedEnv strata("STRATA_CACHE_DIR", nullptr);
  {
    ScopedEnv xdg("XDG_CACHE_HOME", "/tmp/xdg");
    EXPECT_EQ(KernelCache::defaultDirectory(), "/tmp/xdg/strata");
  }
  ScopedEnv xdg("XDG_CACHE_HOME", nullptr);
  ScopedEnv home("HOME", "/home/someone");
  EXPECT_EQ(KernelCache::defaultDirectory(), "/home/someone/.cache/strata");
}

} // namespace
} // namespace strata::backend::testing
