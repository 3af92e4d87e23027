//===- FileUtils.h - atomic file writes shared by the backend ---*- C++ -*-===//
#pragma once

#include "llvm/Support/Error.h"

#include <string>
#include <string_view>

namespace strata::backend::detail {

/// Writes `contents` (then `tail`, if any) to a unique temporary file beside `path`, fsyncs
/// it and renames it over `path`: readers see the old file or the whole new one, never a
/// partial write, even with several processes writing the same path at once.
llvm::Error writeFileAtomically(const std::string &path, std::string_view contents,
                                std::string_view tail = {});

/// Makes `directory` and its parents; a clear error naming the path otherwise.
llvm::Error createDirectories(const std::string &directory);

/// An llvm::Error whose message is `what` followed by the path and the system's reason.
llvm::Error fileError(const llvm::Twine &what, const llvm::Twine &path, std::error_code ec);

} // namespace strata::backend::detail
