//===- Backend.h - machine code, JIT, kernel cache, AOT libraries -*- C++ -*-===//
//
// The last stage of the compiler: an LLVM-dialect module becomes an optimized
// ELF object, which is either loaded into this process (ORC LLJIT), kept in an
// on-disk cache keyed by a hash of the IR and options, or written out as an
// object / shared library with a C header for ahead-of-time users.
//
// The calling convention of the generated entry points is in docs/abi.md.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace mlir {
class ModuleOp;
namespace func {
class FuncOp;
} // namespace func
} // namespace mlir

namespace llvm::orc {
class LLJIT;
} // namespace llvm::orc

namespace strata::backend {

/// What code is generated for.
struct Target {
  std::string triple, cpu, features;

  /// The machine this process runs on (triple, CPU name and its feature list).
  static Target host();
  /// Stable text naming the target and the LLVM that generates for it; part of cache keys.
  std::string fingerprint() const;
  /// Bytes in one SIMD register of the widest vector extension the features name
  /// (64 with AVX-512F, 32 with AVX, 16 with SSE2 or NEON), 0 when none is known.
  int vectorBytes() const;
};

/// Bytes of this machine's last-level cache (sysfs, else sysconf), or `fallback` when
/// neither tells.
int64_t hostLastLevelCacheBytes(int64_t fallback = int64_t{32} << 20);
/// Bytes of one core's level-2 cache (sysfs, else sysconf), or `fallback` when neither tells.
int64_t hostLevel2CacheBytes(int64_t fallback = int64_t{1} << 20);

/// Wall-clock seconds spent in each phase of one compilation.
struct PhaseTimings {
  double translateSeconds = 0, optimizeSeconds = 0, codegenSeconds = 0, loadSeconds = 0;
};

/// LLVM-dialect module -> optimized ELF object bytes (O3 for `target`'s CPU, position
/// independent, IEEE-exact: no fast-math and no FMA contraction, so results are
/// bit-reproducible). Fills translate/optimize/codegen in `timings` when given.
llvm::Expected<std::string> compileToObject(mlir::ModuleOp llvmDialectModule, const Target &target,
                                            PhaseTimings *timings = nullptr);

/// An on-disk cache of compiled objects. Each entry is one file `<key>.sko` holding a small
/// header (magic, payload length, payload checksum) and the object bytes.
class KernelCache {
public:
  /// The directory is created on the first store.
  explicit KernelCache(std::string directory);

  /// $STRATA_CACHE_DIR, else $XDG_CACHE_HOME/strata, else $HOME/.cache/strata
  /// (else a `strata-cache` folder in the system temporary directory).
  static std::string defaultDirectory();

  /// Hex SHA-256 of the IR, the options, the target fingerprint and the Strata version,
  /// each length-prefixed so that no two different tuples hash the same text.
  static std::string key(std::string_view ir, std::string_view options, const Target &target,
                         std::string_view version);

  /// The cached object, or nullopt on a miss. A corrupted or truncated entry is removed
  /// and reported as a miss.
  std::optional<std::string> load(const std::string &key);

  /// Writes the entry to a unique temporary file in the cache directory, fsyncs it and
  /// renames it into place, so concurrent readers and writers only ever see whole entries.
  /// Errors are swallowed (a cache that cannot be written must not fail a compile); use
  /// tryStore to see them.
  void store(const std::string &key, std::string_view object);
  llvm::Error tryStore(const std::string &key, std::string_view object);

  /// Where entry `key` lives (whether or not it exists).
  std::string entryPath(const std::string &key) const;
  const std::string &directory() const { return directory_; }

private:
  std::string directory_;
};

/// One object file loaded into its own ORC LLJIT. Undefined symbols resolve against the
/// process (libomp, libm, libc). The code stays mapped as long as this object lives.
class LoadedKernel {
public:
  static llvm::Expected<std::unique_ptr<LoadedKernel>> load(std::string objectBytes,
                                                            PhaseTimings *timings = nullptr);
  /// The address of `symbol` (unmangled, e.g. "_mlir_ciface_heat").
  llvm::Expected<void *> lookup(llvm::StringRef symbol);

  ~LoadedKernel();
  LoadedKernel(const LoadedKernel &) = delete;
  LoadedKernel &operator=(const LoadedKernel &) = delete;

private:
  explicit LoadedKernel(std::unique_ptr<llvm::orc::LLJIT> jit);
  std::unique_ptr<llvm::orc::LLJIT> jit_;
};

// --- Ahead of time ---------------------------------------------------------------------

/// Writes `object` to `path` atomically (temporary file in the same directory + rename).
llvm::Error writeObjectFile(const std::string &path, std::string_view object);

/// Links `object` into a shared library at `path` with the system C compiler (`cc -shared`),
/// against libomp with an rpath to it; the result is renamed into place atomically.
llvm::Error linkSharedLibrary(const std::string &path, std::string_view object);

/// A C header declaring the C interface of `loopsLevelEntry`, a func.func over memrefs and
/// scalars (before lowering to LLVM) whose arguments carry "stencil.name": one struct typedef
/// per memref descriptor kind used and the prototype of `_mlir_ciface_<name>`, inside
/// include guard `guardName` and extern "C".
std::string generateCHeader(mlir::func::FuncOp loopsLevelEntry, llvm::StringRef guardName);

} // namespace strata::backend
