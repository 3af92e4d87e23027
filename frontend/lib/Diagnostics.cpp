//===- Diagnostics.cpp - Located errors, warnings and notes ---------------===//
#include "strata/frontend/Diagnostics.h"

#include <algorithm>

namespace strata::frontend {

namespace {

constexpr std::size_t kMaxQuotedLine = 240;

const char *severityName(Severity severity) {
  switch (severity) {
  case Severity::Error:
    return "error";
  case Severity::Warning:
    return "warning";
  case Severity::Note:
    return "note";
  }
  return "error";
}

bool isValidUtf8(const std::string &text) {
  std::size_t i = 0;
  while (i < text.size()) {
    auto byte = static_cast<unsigned char>(text[i]);
    int extra = byte < 0x80           ? 0
                : (byte >> 5) == 0x6  ? 1
                : (byte >> 4) == 0xE  ? 2
                : (byte >> 3) == 0x1E ? 3
                                      : -1;
    if (extra < 0 || i + extra >= text.size())
      return false;
    for (int k = 1; k <= extra; ++k)
      if ((static_cast<unsigned char>(text[i + k]) >> 6) != 0x2)
        return false;
    i += extra + 1;
  }
  return true;
}

/// Makes a quoted line safe to print: control bytes and (if the line is not
/// valid UTF-8) non-ASCII bytes become '?', so binary input cannot garble a
/// terminal.
std::string sanitize(std::string line) {
  bool utf8 = isValidUtf8(line);
  for (char &c : line) {
    auto byte = static_cast<unsigned char>(c);
    if ((byte < 0x20 && c != '\t') || byte == 0x7F || (!utf8 && byte >= 0x80))
      c = '?';
  }
  return line;
}

} // namespace

void DiagnosticEngine::addSource(const std::string &file, std::shared_ptr<const std::string> text) {
  sources_[file] = std::move(text);
}

void DiagnosticEngine::error(const SourceRange &range, std::string message) {
  report(Severity::Error, range, std::move(message));
}

void DiagnosticEngine::warning(const SourceRange &range, std::string message) {
  report(Severity::Warning, range, std::move(message));
}

void DiagnosticEngine::note(const SourceRange &range, std::string message) {
  report(Severity::Note, range, std::move(message));
}

void DiagnosticEngine::report(Severity severity, const SourceRange &range, std::string message) {
  if (limitReached_)
    return;
  if (severity == Severity::Error) {
    if (errorCount_ >= errorLimit_) {
      limitReached_ = true;
      message = "too many errors emitted, stopping now";
      diagnostics_.push_back({Severity::Error, SourceRange{}, message});
      if (consumer_)
        consumer_(diagnostics_.back());
      return;
    }
    ++errorCount_;
  }
  diagnostics_.push_back({severity, range, std::move(message)});
  if (consumer_)
    consumer_(diagnostics_.back());
}

const Diagnostic *DiagnosticEngine::firstError() const {
  for (const Diagnostic &diag : diagnostics_)
    if (diag.severity == Severity::Error)
      return &diag;
  return nullptr;
}

std::string DiagnosticEngine::sourceLine(const SourceLocation &loc) const {
  auto it = sources_.find(loc.file);
  if (it == sources_.end() || !it->second)
    return {};
  const std::string &text = *it->second;
  std::size_t pos = 0;
  for (int line = 1; line < loc.line; ++line) {
    pos = text.find('\n', pos);
    if (pos == std::string::npos)
      return {};
    ++pos;
  }
  std::size_t end = text.find('\n', pos);
  std::string line = text.substr(pos, end == std::string::npos ? std::string::npos : end - pos);
  if (!line.empty() && line.back() == '\r')
    line.pop_back();
  return line;
}

std::string DiagnosticEngine::render(const Diagnostic &diag) const {
  const SourceLocation &loc = diag.range.begin;
  std::string out;
  if (loc.isValid())
    out += loc.file + ":" + std::to_string(loc.line) + ":" + std::to_string(loc.col) + ": ";
  out += severityName(diag.severity);
  out += ": " + diag.message + "\n";
  if (!loc.isValid())
    return out;
  std::string line = sourceLine(loc);
  if (line.empty())
    return out;
  // Long lines (minified or binary input) are shown as a window around the
  // column so one diagnostic stays readable.
  std::size_t col = static_cast<std::size_t>(std::max(loc.col, 1)) - 1;
  std::size_t start = 0;
  if (line.size() > kMaxQuotedLine && col > kMaxQuotedLine / 2)
    start = std::min(col - kMaxQuotedLine / 2, line.size());
  std::string shown = line.substr(start, kMaxQuotedLine);
  out += sanitize(shown) + "\n";
  std::string caret;
  std::size_t caretCol = col - start;
  for (std::size_t i = 0; i < caretCol && i < shown.size(); ++i)
    caret += shown[i] == '\t' ? '\t' : ' ';
  caret += '^';
  std::size_t extent = static_cast<std::size_t>(std::max(diag.range.length, 1));
  for (std::size_t i = 1; i < extent && caretCol + i < shown.size(); ++i)
    caret += '~';
  out += caret + "\n";
  return out;
}

std::string DiagnosticEngine::renderAll() const {
  std::string out;
  for (const Diagnostic &diag : diagnostics_)
    out += render(diag);
  return out;
}

int editDistance(const std::string &a, const std::string &b) {
  std::vector<int> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j)
    row[j] = static_cast<int>(j);
  for (std::size_t i = 1; i <= a.size(); ++i) {
    int diagonal = row[0];
    row[0] = static_cast<int>(i);
    for (std::size_t j = 1; j <= b.size(); ++j) {
      int above = row[j];
      int substitute = diagonal + (a[i - 1] == b[j - 1] ? 0 : 1);
      row[j] = std::min({above + 1, row[j - 1] + 1, substitute});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::string closestMatch(const std::string &name, const std::vector<std::string> &candidates) {
  if (name.size() > 64)
    return {};
  std::string best;
  int bestDistance = 0;
  int allowed = std::max(1, static_cast<int>(name.size()) / 3);
  for (const std::string &candidate : candidates) {
    if (candidate == name || candidate.size() > 64)
      continue;
    int distance = editDistance(name, candidate);
    if (distance > allowed)
      continue;
    if (best.empty() || distance < bestDistance || (distance == bestDistance && candidate < best)) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

} // namespace strata::frontend
