//===- KernelCache.cpp - compiled objects on disk, keyed by a hash --------===//
//
// Entry file layout (little endian):
//   0  8  magic "STRATAKC"
//   8  4  format version (1)
//  12  4  reserved (0)
//  16  8  payload length in bytes
//  24  8  xxh3-64 checksum of the payload
//  32  .. payload (the object file)
// A file that disagrees with its header (a crash mid-write on a file system without atomic
// rename, a truncated copy, bit rot) is removed and treated as a miss.
//
//===----------------------------------------------------------------------===//
#include "FileUtils.h"

#include "strata/Compiler/Backend/Backend.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Endian.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SHA256.h"
#include "llvm/Support/xxhash.h"

#include <cstdlib>

using namespace llvm;

namespace strata::backend {
namespace {

constexpr char kMagic[8] = {'S', 'T', 'R', 'A', 'T', 'A', 'K', 'C'};
constexpr uint32_t kFormatVersion = 1;
constexpr size_t kHeaderSize = 32;

std::string encodeHeader(std::string_view payload) {
  std::string header(kHeaderSize, '\0');
  std::copy(std::begin(kMagic), std::end(kMagic), header.begin());
  char *bytes = header.data();
  support::endian::write32le(bytes + 8, kFormatVersion);
  support::endian::write32le(bytes + 12, 0);
  support::endian::write64le(bytes + 16, payload.size());
  support::endian::write64le(bytes + 24, xxh3_64bits(StringRef(payload)));
  return header;
}

/// The payload of a well-formed entry, or nullopt.
std::optional<std::string> decodeEntry(StringRef file) {
  if (file.size() < kHeaderSize || !file.starts_with(StringRef(kMagic, sizeof(kMagic))))
    return std::nullopt;
  const char *bytes = file.data();
  if (support::endian::read32le(bytes + 8) != kFormatVersion)
    return std::nullopt;
  uint64_t length = support::endian::read64le(bytes + 16);
  StringRef payload = file.drop_front(kHeaderSize);
  if (payload.size() != length || xxh3_64bits(payload) != support::endian::read64le(bytes + 24))
    return std::nullopt;
  return payload.str();
}

/// Keys are hex digests; anything else could name a path outside the cache.
bool isWellFormedKey(StringRef key) {
  return !key.empty() && key.size() <= 128 && llvm::all_of(key, llvm::isHexDigit);
}

std::string environment(const char *name) {
  const char *value = std::getenv(name);
  return value ? value : "";
}

/// Feeds `field` as "<length>:<bytes>;" so that field boundaries cannot be forged.
void addField(SHA256 &hash, std::string_view field) {
  hash.update(std::to_string(field.size()) + ":");
  hash.update(StringRef(field));
  hash.update(";");
}

} // namespace

KernelCache::KernelCache(std::string directory) : directory_(std::move(directory)) {}

std::string KernelCache::defaultDirectory() {
  if (std::string dir = environment("STRATA_CACHE_DIR"); !dir.empty())
    return dir;
  SmallString<256> path;
  if (std::string xdg = environment("XDG_CACHE_HOME"); !xdg.empty()) {
    path = xdg;
  } else if (std::string home = environment("HOME"); !home.empty()) {
    path = home;
    sys::path::append(path, ".cache");
  } else {
    sys::path::system_temp_directory(/*ErasedOnReboot=*/true, path);
    sys::path::append(path, "strata-cache");
    return std::string(path);
  }
  sys::path::append(path, "strata");
  return std::string(path);
}

std::string KernelCache::key(std::string_view ir, std::string_view options, const Target &target,
                             std::string_view version) {
  SHA256 hash;
  addField(hash, "strata-kernel-cache-v1");
  addField(hash, ir);
  addField(hash, options);
  addField(hash, target.fingerprint());
  addField(hash, version);
  std::array<uint8_t, 32> digest = hash.final();
  return toHex(digest, /*LowerCase=*/true);
}

std::string KernelCache::entryPath(const std::string &key) const {
  SmallString<256> path(directory_);
  sys::path::append(path, key + ".sko");
  return std::string(path);
}

std::optional<std::string> KernelCache::load(const std::string &key) {
  if (!isWellFormedKey(key))
    return std::nullopt;
  std::string path = entryPath(key);
  auto file = MemoryBuffer::getFile(path, /*IsText=*/false, /*RequiresNullTerminator=*/false);
  if (!file)
    return std::nullopt;
  std::optional<std::string> payload = decodeEntry((*file)->getBuffer());
  if (!payload)
    sys::fs::remove(path); // a damaged entry: drop it so the next store replaces it
  return payload;
}

Error KernelCache::tryStore(const std::string &key, std::string_view object) {
  if (!isWellFormedKey(key))
    return createStringError(inconvertibleErrorCode(),
                             "kernel cache key '" + key + "' is not a hex digest");
  if (Error error = detail::createDirectories(directory_))
    return error;
  return detail::writeFileAtomically(entryPath(key), encodeHeader(object), object);
}

void KernelCache::store(const std::string &key, std::string_view object) {
  consumeError(tryStore(key, object));
}

} // namespace strata::backend
