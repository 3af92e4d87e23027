//===- Lexer.cpp - Tokens of the .pde language ----------------------------===//
#include "strata/frontend/Lexer.h"

#include <cctype>
#include <cstdio>

namespace strata::frontend {

namespace {

bool isIdentStart(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool isIdentChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }
bool isDigit(char c) { return c >= '0' && c <= '9'; }

std::string byteDescription(unsigned char byte) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "0x%02X", byte);
  return buf;
}

} // namespace

std::string describeToken(const Token &token) {
  switch (token.kind) {
  case TokenKind::EndOfFile:
    return "end of file";
  case TokenKind::String:
    return "string " + std::string(token.text);
  default:
    break;
  }
  std::string text(token.text.substr(0, 32));
  return "'" + text + "'";
}

Lexer::Lexer(std::string file, std::string_view buffer, DiagnosticEngine &diags)
    : file_(std::move(file)), buffer_(buffer), diags_(diags) {}

SourceRange Lexer::rangeOf(const Token &token) const {
  return {{file_, token.line, token.col},
          static_cast<int>(std::max<std::size_t>(token.text.size(), 1))};
}

SourceRange Lexer::here(int length) const { return {{file_, line_, col_}, length}; }

void Lexer::advance() {
  if (atEnd())
    return;
  if (buffer_[pos_] == '\n') {
    ++line_;
    col_ = 1;
  } else {
    ++col_;
  }
  ++pos_;
}

void Lexer::skipSpaceAndComments() {
  while (!atEnd()) {
    char c = peek();
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v') {
      advance();
    } else if (c == '/' && peek(1) == '/') {
      while (!atEnd() && peek() != '\n')
        advance();
    } else if (c == '/' && peek(1) == '*') {
      SourceRange start = here(2);
      advance();
      advance();
      while (!atEnd() && !(peek() == '*' && peek(1) == '/'))
        advance();
      if (atEnd()) {
        diags_.error(start, "unterminated '/*' comment");
        return;
      }
      advance();
      advance();
    } else {
      return;
    }
  }
}

Token Lexer::make(TokenKind kind, std::size_t start, int line, int col) {
  Token token;
  token.kind = kind;
  token.text = buffer_.substr(start, pos_ - start);
  token.line = line;
  token.col = col;
  token.offset = start;
  token.atLineStart = line != lastTokenLine_;
  lastTokenLine_ = line;
  return token;
}

Token Lexer::next() {
  skipSpaceAndComments();
  std::size_t start = pos_;
  int line = line_, col = col_;
  if (atEnd())
    return make(TokenKind::EndOfFile, start, line, col);
  char c = peek();
  if (isIdentStart(c)) {
    while (isIdentChar(peek()))
      advance();
    return make(TokenKind::Identifier, start, line, col);
  }
  if (isDigit(c) || (c == '.' && isDigit(peek(1))))
    return lexNumber(start, line, col);
  if (c == '"')
    return lexString(start, line, col);
  auto single = [&](TokenKind kind) {
    advance();
    return make(kind, start, line, col);
  };
  auto pair = [&](char second, TokenKind both, TokenKind one) {
    advance();
    if (peek() == second) {
      advance();
      return make(both, start, line, col);
    }
    return make(one, start, line, col);
  };
  switch (c) {
  case '(':
    return single(TokenKind::LParen);
  case ')':
    return single(TokenKind::RParen);
  case ',':
    return single(TokenKind::Comma);
  case ':':
    return single(TokenKind::Colon);
  case '+':
    return single(TokenKind::Plus);
  case '-':
    return single(TokenKind::Minus);
  case '*':
    return single(TokenKind::Star);
  case '/':
    return single(TokenKind::Slash);
  case '^':
    return single(TokenKind::Caret);
  case '<':
    return pair('=', TokenKind::LessEqual, TokenKind::Less);
  case '>':
    return pair('=', TokenKind::GreaterEqual, TokenKind::Greater);
  case '=':
    return pair('=', TokenKind::EqualEqual, TokenKind::Assign);
  case '!':
    if (peek(1) == '=') {
      advance();
      advance();
      return make(TokenKind::NotEqual, start, line, col);
    }
    break;
  default:
    break;
  }
  auto byte = static_cast<unsigned char>(c);
  if (byte >= 0x80 || byte < 0x20 || byte == 0x7F)
    return lexInvalidBytes(start, line, col);
  advance();
  diags_.error({{file_, line, col}, 1}, std::string("unexpected character '") + c + "'");
  return make(TokenKind::Error, start, line, col);
}

Token Lexer::lexNumber(std::size_t start, int line, int col) {
  bool isFloat = false;
  while (isDigit(peek()))
    advance();
  if (peek() == '.' && isDigit(peek(1))) {
    isFloat = true;
    advance();
    while (isDigit(peek()))
      advance();
  } else if (peek() == '.' && !isIdentStart(peek(1))) {
    isFloat = true; // "1." is a float
    advance();
  }
  if (peek() == 'e' || peek() == 'E') {
    std::size_t save = pos_;
    int saveCol = col_;
    advance();
    if (peek() == '+' || peek() == '-')
      advance();
    if (!isDigit(peek())) {
      pos_ = save;
      col_ = saveCol;
      advance();
      diags_.error({{file_, line, col}, static_cast<int>(pos_ - start)},
                   "malformed number: expected digits in the exponent");
      return make(TokenKind::Error, start, line, col);
    }
    while (isDigit(peek()))
      advance();
    isFloat = true;
  }
  if (isIdentChar(peek())) {
    while (isIdentChar(peek()))
      advance();
    diags_.error({{file_, line, col}, static_cast<int>(pos_ - start)},
                 "malformed number '" +
                     std::string(buffer_.substr(start, std::min<std::size_t>(pos_ - start, 32))) +
                     "'");
    return make(TokenKind::Error, start, line, col);
  }
  return make(isFloat ? TokenKind::Float : TokenKind::Integer, start, line, col);
}

Token Lexer::lexString(std::size_t start, int line, int col) {
  advance(); // opening quote
  while (!atEnd() && peek() != '"' && peek() != '\n')
    advance();
  if (peek() != '"') {
    diags_.error({{file_, line, col}, 1}, "unterminated string literal");
    return make(TokenKind::Error, start, line, col);
  }
  advance();
  return make(TokenKind::String, start, line, col);
}

Token Lexer::lexInvalidBytes(std::size_t start, int line, int col) {
  // One diagnostic for a whole run of binary garbage, not one per byte.
  auto first = static_cast<unsigned char>(peek());
  while (!atEnd()) {
    auto byte = static_cast<unsigned char>(peek());
    if (!(byte >= 0x80 || (byte < 0x20 && byte != '\n' && byte != '\t' && byte != '\r') ||
          byte == 0x7F))
      break;
    advance();
  }
  std::string what = first == 0      ? "NUL byte"
                     : first >= 0x80 ? "non-ASCII byte " + byteDescription(first)
                                     : "control character " + byteDescription(first);
  diags_.error({{file_, line, col}, 1},
               "invalid " + what + " in source (a .pde file is ASCII text)");
  return make(TokenKind::Error, start, line, col);
}

} // namespace strata::frontend
