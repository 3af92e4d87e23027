//===- AtomicFile.cpp - write results so readers never see half a file ----===//
#include "strata/Runtime/AtomicFile.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <vector>

namespace strata::runtime {
namespace {

[[noreturn]] void fail(const std::string &what, const std::string &path, int error) {
  throw std::runtime_error("cannot " + what + " '" + path + "': " + std::strerror(error));
}

} // namespace

void writeFileAtomically(const std::string &path, std::string_view contents) {
  // mkstemp gives each writer its own temporary, so concurrent writers never mix bytes.
  std::string pattern = path + ".tmp.XXXXXX";
  std::vector<char> name(pattern.begin(), pattern.end());
  name.push_back('\0');
  int fd = mkstemp(name.data());
  if (fd < 0)
    fail("create a temporary file for", path, errno);
  const std::string temporary(name.data());
  auto abandon = [&](const char *what) {
    int error = errno;
    close(fd);
    unlink(temporary.c_str());
    fail(what, path, error);
  };
  size_t written = 0;
  while (written < contents.size()) {
    ssize_t n = write(fd, contents.data() + written, contents.size() - written);
    if (n < 0) {
      if (errno == EINTR)
        continue;
      abandon("write");
    }
    written += static_cast<size_t>(n);
  }
  // mkstemp creates 0600; results are ordinary files readable like any other output.
  if (fchmod(fd, 0644) != 0 || fsync(fd) != 0)
    abandon("flush");
  if (close(fd) != 0) {
    int error = errno;
    unlink(temporary.c_str());
    fail("close", path, error);
  }
  if (rename(temporary.c_str(), path.c_str()) != 0) {
    int error = errno;
    unlink(temporary.c_str());
    fail("write", path, error);
  }
}

} // namespace strata::runtime
