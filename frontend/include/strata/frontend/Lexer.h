//===- Lexer.h - Tokens of the .pde language --------------------*- C++ -*-===//
//
// The lexer turns a buffer into tokens on demand (the parser pulls them), so
// memory stays proportional to the lookahead, not to the file.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "strata/frontend/Diagnostics.h"

#include <string>
#include <string_view>

namespace strata::frontend {

enum class TokenKind {
  EndOfFile,
  Error, // already reported by the lexer
  Identifier,
  Integer,
  Float,
  String,
  LParen,
  RParen,
  Comma,
  Colon,
  Assign, // =
  Plus,
  Minus,
  Star,
  Slash,
  Caret,
  Less,
  LessEqual,
  Greater,
  GreaterEqual,
  EqualEqual,
  NotEqual,
};

struct Token {
  TokenKind kind = TokenKind::EndOfFile;
  std::string_view text; // points into the lexer's buffer
  int line = 1;
  int col = 1;
  std::size_t offset = 0;
  bool atLineStart = false; // first token on its line

  bool is(TokenKind k) const { return kind == k; }
  bool isIdentifier(std::string_view name) const {
    return kind == TokenKind::Identifier && text == name;
  }
  /// End offset, to test whether two tokens touch (`dx+(` staggered syntax).
  std::size_t endOffset() const { return offset + text.size(); }
};

/// Human-readable token description for "expected X, found Y" messages.
std::string describeToken(const Token &token);

class Lexer {
public:
  Lexer(std::string file, std::string_view buffer, DiagnosticEngine &diags);

  Token next();
  const std::string &file() const { return file_; }
  SourceRange rangeOf(const Token &token) const;

private:
  void skipSpaceAndComments();
  Token make(TokenKind kind, std::size_t start, int line, int col);
  Token lexNumber(std::size_t start, int line, int col);
  Token lexString(std::size_t start, int line, int col);
  Token lexInvalidBytes(std::size_t start, int line, int col);
  void advance();
  char peek(std::size_t ahead = 0) const {
    return pos_ + ahead < buffer_.size() ? buffer_[pos_ + ahead] : '\0';
  }
  bool atEnd() const { return pos_ >= buffer_.size(); }
  SourceRange here(int length = 1) const;

  std::string file_;
  std::string_view buffer_;
  DiagnosticEngine &diags_;
  std::size_t pos_ = 0;
  int line_ = 1;
  int col_ = 1;
  int lastTokenLine_ = 0;
};

} // namespace strata::frontend
