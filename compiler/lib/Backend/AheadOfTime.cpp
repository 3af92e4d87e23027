//===- AheadOfTime.cpp - object files and shared libraries on disk --------===//
#include "FileUtils.h"

#include "strata/Compiler/Backend/Backend.h"

#include "llvm/ADT/ScopeExit.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"

#include <cstdlib>

using namespace llvm;

namespace strata::backend {
namespace {

/// $STRATA_CC, else the compiler found at configure time, else `cc` on PATH.
Expected<std::string> findSystemCompiler() {
  if (const char *override = std::getenv("STRATA_CC"); override && *override)
    return std::string(override);
  if (sys::fs::can_execute(STRATA_SYSTEM_CC))
    return std::string(STRATA_SYSTEM_CC);
  if (auto found = sys::findProgramByName("cc"))
    return *found;
  return createStringError(inconvertibleErrorCode(),
                           "no C compiler to link shared libraries with: '" STRATA_SYSTEM_CC
                           "' is gone, `cc` is not on PATH and $STRATA_CC is not set");
}

/// A fresh, empty, uniquely named file beside `path` (same directory, so it can be renamed
/// over `path` atomically).
Expected<std::string> temporaryBeside(const std::string &path, StringRef suffix) {
  SmallString<256> model(path);
  model += ".tmp-%%%%%%%%%%%%";
  model += suffix;
  int fd = -1;
  SmallString<256> temporary;
  if (std::error_code ec = sys::fs::createUniqueFile(model, fd, temporary))
    return detail::fileError("cannot create a temporary file beside", path, ec);
  sys::fs::closeFile(fd);
  return std::string(temporary);
}

std::string readLog(StringRef path) {
  auto log = MemoryBuffer::getFile(path);
  return log ? (*log)->getBuffer().rtrim().str() : std::string("(no output)");
}

/// Runs `cc -shared` with libomp and an rpath to it; the compiler's output joins the error.
Error runLinker(const std::string &compiler, StringRef object, StringRef output, StringRef log) {
  std::string rpath = "-Wl,-rpath," STRATA_LIBOMP_DIR;
  SmallVector<StringRef> args = {compiler, "-shared", "-o", output, object, "-L" STRATA_LIBOMP_DIR,
                                 "-lomp",  rpath};
  std::optional<StringRef> redirects[] = {std::nullopt, log, log};
  std::string error;
  int status = sys::ExecuteAndWait(compiler, args, std::nullopt, redirects, 0, 0, &error);
  if (status == 0)
    return Error::success();
  std::string command = join(args.begin(), args.end(), " ");
  std::string reason = status < 0 ? error : "exit status " + std::to_string(status);
  return createStringError(inconvertibleErrorCode(), "linking '" + output.str() + "' failed (" +
                                                         reason + "): " + command + "\n" +
                                                         readLog(log));
}

} // namespace

Error writeObjectFile(const std::string &path, std::string_view object) {
  return detail::writeFileAtomically(path, object);
}

Error linkSharedLibrary(const std::string &path, std::string_view object) {
  auto compiler = findSystemCompiler();
  if (!compiler)
    return compiler.takeError();
  auto objectPath = temporaryBeside(path, ".o");
  if (!objectPath)
    return objectPath.takeError();
  auto outputPath = temporaryBeside(path, ".so");
  if (!outputPath) {
    sys::fs::remove(*objectPath);
    return outputPath.takeError();
  }
  std::string logPath = *outputPath + ".log";
  auto cleanup = make_scope_exit([&] {
    sys::fs::remove(*objectPath);
    sys::fs::remove(*outputPath);
    sys::fs::remove(logPath);
  });
  if (Error error = detail::writeFileAtomically(*objectPath, object))
    return error;
  if (Error error = runLinker(*compiler, *objectPath, *outputPath, logPath))
    return error;
  if (std::error_code ec = sys::fs::rename(*outputPath, path))
    return detail::fileError("cannot move the linked library into place at", path, ec);
  return Error::success();
}

} // namespace strata::backend
