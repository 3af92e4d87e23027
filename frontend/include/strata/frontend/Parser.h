//===- Parser.h - Recursive-descent parser for .pde files -------*- C++ -*-===//
#pragma once

#include "strata/frontend/AST.h"
#include "strata/frontend/Lexer.h"

#include <deque>

namespace strata::frontend {

class Parser {
public:
  /// Parenthesis / call nesting beyond this is rejected (keeps recursion, and
  /// so the stack, bounded on hostile input).
  static constexpr int kMaxNesting = 256;
  /// Height limit of one expression tree (e.g. a sum of that many terms).
  static constexpr int kMaxExprDepth = 1024;

  Parser(std::string file, std::string_view text, DiagnosticEngine &diags);

  /// Parses every statement; errors are reported and the parser resumes at
  /// the next line starting with a statement keyword.
  ParsedFile parseFile();

private:
  struct ParseError {};

  const Token &peek(std::size_t ahead = 0);
  Token consume();
  bool consumeIf(TokenKind kind);
  Token expect(TokenKind kind, const std::string &what);
  Token expectIdentifier(const std::string &what);
  [[noreturn]] void fail(const SourceRange &range, const std::string &message);
  [[noreturn]] void failExpected(const std::string &what);
  SourceRange rangeOf(const Token &token) const { return lexer_.rangeOf(token); }
  SourceRange rangeFrom(const Token &first) const;
  void skipToNextStatement();

  void parseStatement(ParsedFile &file);
  Decl parseOption(const Token &keyword);
  Decl parseGrid(const Token &keyword);
  Decl parseValueDecl(const Token &keyword, DeclKind kind);
  Decl parseFieldDecl(const Token &keyword, DeclKind kind);
  Decl parseEquation(const Token &keyword);
  Decl parseRecord(const Token &keyword);
  std::vector<KeywordArg> parseKeywordArgs(bool allowPositional, std::vector<ExprPtr> *positional);

  ExprPtr parseExpr();
  ExprPtr parseComparison();
  ExprPtr parseAdditive();
  ExprPtr parseMultiplicative();
  ExprPtr parseUnary();
  ExprPtr parsePower();
  ExprPtr parsePrimary();
  ExprPtr parseCallOrRef(const Token &name);
  ExprPtr finishNode(ExprPtr node, const Token &first);
  void enterNesting(const Token &at);

  Lexer lexer_;
  DiagnosticEngine &diags_;
  std::deque<Token> lookahead_;
  Token previous_;
  int nesting_ = 0;
};

/// True for words that start a statement (used for recovery and to reject
/// them as names).
bool isStatementKeyword(std::string_view word);

} // namespace strata::frontend
