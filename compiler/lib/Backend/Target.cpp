//===- Target.cpp - the target description and its TargetMachine ----------===//
#include "TargetMachine.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/TargetParser/Host.h"

#include <algorithm>
#include <fstream>
#include <mutex>
#include <string>
#include <unistd.h>
#include <vector>

using namespace llvm;

namespace strata::backend {

/// Host features as "+name,-name,...", sorted: the map's iteration order is unspecified and
/// the string goes into cache keys, which must not change between runs.
static std::string hostFeatureString() {
  std::vector<std::string> features;
  for (const auto &entry : sys::getHostCPUFeatures()) {
    std::string feature(1, entry.second ? '+' : '-');
    feature.append(entry.first().data(), entry.first().size());
    features.push_back(std::move(feature));
  }
  std::sort(features.begin(), features.end());
  std::string joined;
  for (const std::string &feature : features) {
    if (!joined.empty())
      joined += ',';
    joined += feature;
  }
  return joined;
}

Target Target::host() {
  return Target{sys::getDefaultTargetTriple(), sys::getHostCPUName().str(), hostFeatureString()};
}

std::string Target::fingerprint() const {
  // The LLVM version is part of it: another code generator may produce other code.
  return "triple=" + triple + ";cpu=" + cpu + ";features=" + features +
         ";llvm=" LLVM_VERSION_STRING;
}

int Target::vectorBytes() const {
  auto has = [&](StringRef feature) {
    SmallVector<StringRef> enabled;
    StringRef(features).split(enabled, ',');
    return llvm::is_contained(enabled, ("+" + feature).str());
  };
  if (has("avx512f"))
    return 64;
  if (has("avx"))
    return 32;
  if (has("sse2") || has("neon"))
    return 16;
  return 0;
}

namespace {
/// sysfs' size of cache `index` of cpu0 ("32768K"), with its level; 0 when unknown.
std::pair<int64_t, int> sysfsCache(int index) {
  const std::string dir = "/sys/devices/system/cpu/cpu0/cache/index" + std::to_string(index);
  std::ifstream sizeIn(dir + "/size"), levelIn(dir + "/level"), typeIn(dir + "/type");
  std::string text, type;
  int level = 0;
  if (!(sizeIn >> text) || text.empty() || !(levelIn >> level))
    return {0, 0};
  if ((typeIn >> type) && type == "Instruction")
    return {0, 0};
  int64_t scale = 1;
  if (text.back() == 'K')
    scale = 1 << 10;
  else if (text.back() == 'M')
    scale = 1 << 20;
  try {
    return {std::stoll(text) * scale, level};
  } catch (const std::exception &) {
    return {0, 0};
  }
}

/// The size of the host's largest cache, 0 when unknown.
int64_t detectLastLevelCacheBytes() {
  // sysfs first ("32768K" for the largest cache index): glibc's sysconf derives the L3 size
  // from CPUID and, in virtual machines, can report ten times the real size.
  int64_t best = 0;
  for (int index = 0; index < 8; ++index)
    best = std::max(best, sysfsCache(index).first);
  if (best > 0)
    return best;
#ifdef _SC_LEVEL3_CACHE_SIZE
  long level3 = sysconf(_SC_LEVEL3_CACHE_SIZE);
  if (level3 > 0)
    return level3;
#endif
  return 0;
}
} // namespace

int64_t hostLastLevelCacheBytes(int64_t fallback) {
  static const int64_t detected = detectLastLevelCacheBytes(); // the host does not change
  return detected > 0 ? detected : fallback;
}

int64_t hostLevel2CacheBytes(int64_t fallback) {
  static const int64_t detected = [] {
    for (int index = 0; index < 8; ++index)
      if (auto [bytes, level] = sysfsCache(index); level == 2 && bytes > 0)
        return bytes;
#ifdef _SC_LEVEL2_CACHE_SIZE
    long level2 = sysconf(_SC_LEVEL2_CACHE_SIZE);
    if (level2 > 0)
      return int64_t(level2);
#endif
    return int64_t{0};
  }();
  return detected > 0 ? detected : fallback;
}

namespace detail {

void initializeNativeTarget() {
  static std::once_flag once;
  std::call_once(once, [] {
    InitializeNativeTarget();
    InitializeNativeTargetAsmPrinter();
    InitializeNativeTargetAsmParser();
  });
}

Expected<std::unique_ptr<TargetMachine>> createTargetMachine(const Target &target) {
  initializeNativeTarget();
  std::string error;
  const llvm::Target *llvmTarget = TargetRegistry::lookupTarget(target.triple, error);
  if (!llvmTarget)
    return createStringError(inconvertibleErrorCode(),
                             "no LLVM target for triple '" + target.triple + "': " + error);
  TargetOptions options;
  // Strict: nothing fuses on the target's say-so. A multiply and an add still become an FMA
  // where both instructions carry the `contract` flag (set only by strata-stencil-reassociate),
  // so kernels compiled without that pass keep separately rounded operations.
  options.AllowFPOpFusion = FPOpFusion::Strict;
  options.UnsafeFPMath = false;
  options.NoInfsFPMath = false;
  options.NoNaNsFPMath = false;
  options.NoSignedZerosFPMath = false;
  std::unique_ptr<TargetMachine> machine(
      llvmTarget->createTargetMachine(target.triple, target.cpu, target.features, options,
                                      Reloc::PIC_, std::nullopt, CodeGenOptLevel::Aggressive));
  if (!machine)
    return createStringError(inconvertibleErrorCode(), "cannot create a target machine for '" +
                                                           target.triple + "' (cpu '" + target.cpu +
                                                           "')");
  return machine;
}

} // namespace detail
} // namespace strata::backend
