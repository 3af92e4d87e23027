//===- FileUtils.cpp - atomic file writes shared by the backend -----------===//
#include "FileUtils.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include <unistd.h>

using namespace llvm;

namespace strata::backend::detail {

Error fileError(const Twine &what, const Twine &path, std::error_code ec) {
  return createStringError(ec, what + " '" + path + "': " + ec.message());
}

Error createDirectories(const std::string &directory) {
  if (std::error_code ec = sys::fs::create_directories(directory))
    return fileError("cannot create directory", directory, ec);
  return Error::success();
}

/// write(2) until everything is written (it may write less than asked).
static std::error_code writeAll(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    ssize_t written = ::write(fd, bytes.data(), bytes.size());
    if (written < 0) {
      if (errno == EINTR)
        continue;
      return std::error_code(errno, std::generic_category());
    }
    bytes.remove_prefix(static_cast<size_t>(written));
  }
  return {};
}

/// Makes the rename itself durable; best effort (some file systems refuse fsync on dirs).
static void syncDirectory(StringRef directory) {
  int fd = -1;
  if (sys::fs::openFileForRead(directory, fd, sys::fs::OF_None))
    return;
  ::fsync(fd);
  ::close(fd);
}

Error writeFileAtomically(const std::string &path, std::string_view contents,
                          std::string_view tail) {
  SmallString<256> directory(path);
  sys::path::remove_filename(directory);
  if (directory.empty())
    directory = ".";
  // The temporary must sit in the same directory: rename is only atomic within a file system.
  SmallString<256> model(directory);
  sys::path::append(model, sys::path::filename(path) + ".tmp-%%%%%%%%%%%%");
  int fd = -1;
  SmallString<256> temporary;
  if (std::error_code ec = sys::fs::createUniqueFile(model, fd, temporary))
    return fileError("cannot create a temporary file beside", path, ec);
  std::error_code ec = writeAll(fd, contents);
  if (!ec)
    ec = writeAll(fd, tail);
  if (!ec && ::fsync(fd) != 0)
    ec = std::error_code(errno, std::generic_category());
  if (::close(fd) != 0 && !ec)
    ec = std::error_code(errno, std::generic_category());
  if (!ec)
    ec = sys::fs::rename(temporary, path);
  if (ec) {
    sys::fs::remove(temporary);
    return fileError("cannot write", path, ec);
  }
  syncDirectory(directory);
  return Error::success();
}

} // namespace strata::backend::detail
