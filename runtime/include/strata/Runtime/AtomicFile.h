//===- AtomicFile.h - write results so readers never see half a file -*- C++ -*-===//
#pragma once

#include <string>
#include <string_view>

namespace strata::runtime {

/// Writes `contents` to a temporary file beside `path`, flushes it to disk, then renames it
/// over `path`: a reader (or a crash) sees either the old file or the complete new one.
/// Throws std::runtime_error naming the path and the system's reason on failure.
void writeFileAtomically(const std::string &path, std::string_view contents);

} // namespace strata::runtime
