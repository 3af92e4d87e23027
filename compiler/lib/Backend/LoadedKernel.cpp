//===- LoadedKernel.cpp - one object file in an ORC LLJIT -----------------===//
#include "TargetMachine.h"

#include "llvm/ExecutionEngine/Orc/ExecutionUtils.h"
#include "llvm/ExecutionEngine/Orc/LLJIT.h"
#include "llvm/Support/DynamicLibrary.h"
#include "llvm/Support/MemoryBuffer.h"

#include <chrono>
#include <mutex>

// A real reference to libomp: with it the linker cannot drop libomp from the executable, so
// the __kmpc_* entry points the kernels call are always in the process.
extern "C" int omp_get_max_threads(void);

using namespace llvm;

namespace strata::backend {
namespace {

int (*volatile keepLibompLinked)(void) = &omp_get_max_threads;

/// Makes libomp's symbols visible to the JIT's process-symbol search. It is normally linked
/// in already; dlopen(RTLD_GLOBAL) of the same file is then a no-op, and it rescues
/// processes where the backend itself was dlopen'ed with RTLD_LOCAL.
Error ensureLibompLoaded() {
  static std::once_flag once;
  static std::string failure;
  std::call_once(once, [] {
    (void)keepLibompLinked;
    std::string path = STRATA_LIBOMP_DIR "/libomp.so";
    if (sys::DynamicLibrary::LoadLibraryPermanently(path.c_str(), &failure))
      failure = "cannot load the OpenMP runtime '" + path + "': " + failure;
  });
  if (!failure.empty())
    return createStringError(inconvertibleErrorCode(), failure);
  return Error::success();
}

Expected<std::unique_ptr<orc::LLJIT>> createJIT() {
  detail::initializeNativeTarget();
  if (Error error = ensureLibompLoaded())
    return error;
  auto jit = orc::LLJITBuilder().create();
  if (!jit)
    return createStringError(inconvertibleErrorCode(),
                             "cannot create the ORC JIT: " + toString(jit.takeError()));
  auto generator = orc::DynamicLibrarySearchGenerator::GetForCurrentProcess(
      (*jit)->getDataLayout().getGlobalPrefix());
  if (!generator)
    return createStringError(inconvertibleErrorCode(), "cannot search the process for symbols: " +
                                                           toString(generator.takeError()));
  (*jit)->getMainJITDylib().addGenerator(std::move(*generator));
  return std::move(*jit);
}

} // namespace

LoadedKernel::LoadedKernel(std::unique_ptr<orc::LLJIT> jit) : jit_(std::move(jit)) {}
LoadedKernel::~LoadedKernel() = default;

Expected<std::unique_ptr<LoadedKernel>> LoadedKernel::load(std::string objectBytes,
                                                           PhaseTimings *timings) {
  auto start = std::chrono::steady_clock::now();
  auto jit = createJIT();
  if (!jit)
    return jit.takeError();
  auto buffer = MemoryBuffer::getMemBufferCopy(objectBytes, "strata-kernel.o");
  if (Error error = (*jit)->addObjectFile(std::move(buffer)))
    return createStringError(inconvertibleErrorCode(), "cannot add the kernel object to the JIT: " +
                                                           toString(std::move(error)));
  std::unique_ptr<LoadedKernel> kernel(new LoadedKernel(std::move(*jit)));
  if (timings)
    timings->loadSeconds +=
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return kernel;
}

Expected<void *> LoadedKernel::lookup(StringRef symbol) {
  // Linking happens lazily on the first lookup; its errors (e.g. an unresolved symbol)
  // surface here.
  auto address = jit_->lookup(symbol);
  if (!address)
    return createStringError(inconvertibleErrorCode(),
                             "cannot find or link '" + symbol +
                                 "' in the JIT'ed kernel: " + toString(address.takeError()));
  return address->toPtr<void *>();
}

} // namespace strata::backend
