//===- Diagnostics.h - Located errors, warnings and notes -------*- C++ -*-===//
//
// Every problem the frontend finds is reported through a DiagnosticEngine.
// Diagnostics are collected (not thrown) so that one run can report several
// errors, and rendered in the familiar compiler format:
//
//   model.pde:3:7: error: undefined name 'dampp'; did you mean 'damp'?
//   equation m * dt2(u) + dampp * dt(u) = src
//                         ^~~~~
//
//===----------------------------------------------------------------------===//
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace strata::frontend {

/// A position in a source buffer; line and col are 1-based, col counts bytes.
/// A default-constructed location (line 0) means "not located" (e.g. errors
/// about command-line options).
struct SourceLocation {
  std::string file;
  int line = 0;
  int col = 0;

  bool isValid() const { return line > 0; }
};

/// A located extent: where it starts and how many bytes it spans on that line.
struct SourceRange {
  SourceLocation begin;
  int length = 1;
};

enum class Severity { Error, Warning, Note };

struct Diagnostic {
  Severity severity = Severity::Error;
  SourceRange range;
  std::string message;
};

class DiagnosticEngine {
public:
  /// Errors after this many are dropped and replaced by one "too many errors".
  static constexpr int kDefaultErrorLimit = 50;

  /// Registers the text of a buffer so diagnostics can quote its lines.
  void addSource(const std::string &file, std::shared_ptr<const std::string> text);

  void error(const SourceRange &range, std::string message);
  void warning(const SourceRange &range, std::string message);
  void note(const SourceRange &range, std::string message);
  /// An error with no source position (command-line problems).
  void error(std::string message) { error(SourceRange{}, std::move(message)); }

  bool hasErrors() const { return errorCount_ > 0; }
  int errorCount() const { return errorCount_; }
  /// True once the error limit was hit; producers should stop early.
  bool shouldStop() const { return limitReached_; }
  void setErrorLimit(int limit) { errorLimit_ = limit; }

  const std::vector<Diagnostic> &diagnostics() const { return diagnostics_; }
  /// The first error, or nullptr when there is none.
  const Diagnostic *firstError() const;

  /// Renders one diagnostic: header line, quoted source line, caret line.
  std::string render(const Diagnostic &diag) const;
  /// Renders every collected diagnostic, in order.
  std::string renderAll() const;

  /// Called for each diagnostic as it is reported (e.g. to stream to stderr).
  void setConsumer(std::function<void(const Diagnostic &)> consumer) {
    consumer_ = std::move(consumer);
  }

private:
  void report(Severity severity, const SourceRange &range, std::string message);
  std::string sourceLine(const SourceLocation &loc) const;

  std::vector<Diagnostic> diagnostics_;
  std::map<std::string, std::shared_ptr<const std::string>> sources_;
  std::function<void(const Diagnostic &)> consumer_;
  int errorCount_ = 0;
  int errorLimit_ = kDefaultErrorLimit;
  bool limitReached_ = false;
};

/// Levenshtein distance, used for "did you mean" suggestions.
int editDistance(const std::string &a, const std::string &b);

/// The candidate closest to `name` if it is close enough to be a plausible
/// typo, else the empty string.
std::string closestMatch(const std::string &name, const std::vector<std::string> &candidates);

} // namespace strata::frontend
