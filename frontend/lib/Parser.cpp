//===- Parser.cpp - Recursive-descent parser for .pde files ---------------===//
#include "strata/frontend/Parser.h"

#include <algorithm>
#include <cerrno>
#include <cstdlib>

namespace strata::frontend {

namespace {

constexpr const char *kStatementKeywords[] = {
    "model", "network", "import", "if",     "option",   "grid",     "const",
    "let",   "input",   "state",  "source", "receiver", "equation", "record",
};

struct DerivativeSpelling {
  const char *name;
  DerivativeKind kind;
  int timeOrder;
  const char *axes;
};

constexpr DerivativeSpelling kDerivatives[] = {
    {"dt", DerivativeKind::Time, 1, ""},     {"dt2", DerivativeKind::Time, 2, ""},
    {"dx", DerivativeKind::Space, 0, "x"},   {"dy", DerivativeKind::Space, 0, "y"},
    {"dz", DerivativeKind::Space, 0, "z"},   {"dxx", DerivativeKind::Space, 0, "xx"},
    {"dyy", DerivativeKind::Space, 0, "yy"}, {"dzz", DerivativeKind::Space, 0, "zz"},
    {"dxy", DerivativeKind::Space, 0, "xy"}, {"dxz", DerivativeKind::Space, 0, "xz"},
    {"dyz", DerivativeKind::Space, 0, "yz"}, {"laplace", DerivativeKind::Laplace, 0, ""},
    {"grad", DerivativeKind::Grad, 0, ""},   {"div", DerivativeKind::Div, 0, ""},
};

const DerivativeSpelling *findDerivative(std::string_view name) {
  for (const DerivativeSpelling &spelling : kDerivatives)
    if (name == spelling.name)
      return &spelling;
  return nullptr;
}

std::vector<std::string> keywordList() {
  return {std::begin(kStatementKeywords), std::end(kStatementKeywords)};
}

} // namespace

bool isStatementKeyword(std::string_view word) {
  return std::find(std::begin(kStatementKeywords), std::end(kStatementKeywords), word) !=
         std::end(kStatementKeywords);
}

Parser::Parser(std::string file, std::string_view text, DiagnosticEngine &diags)
    : lexer_(std::move(file), text, diags), diags_(diags) {}

const Token &Parser::peek(std::size_t ahead) {
  while (lookahead_.size() <= ahead)
    lookahead_.push_back(lexer_.next());
  return lookahead_[ahead];
}

Token Parser::consume() {
  peek();
  previous_ = lookahead_.front();
  if (!previous_.is(TokenKind::EndOfFile))
    lookahead_.pop_front();
  return previous_;
}

bool Parser::consumeIf(TokenKind kind) {
  if (!peek().is(kind))
    return false;
  consume();
  return true;
}

void Parser::fail(const SourceRange &range, const std::string &message) {
  diags_.error(range, message);
  throw ParseError{};
}

void Parser::failExpected(const std::string &what) {
  const Token &token = peek();
  if (token.is(TokenKind::Error))
    throw ParseError{}; // the lexer already explained this token
  fail(rangeOf(token), "expected " + what + ", found " + describeToken(token));
}

Token Parser::expect(TokenKind kind, const std::string &what) {
  if (!peek().is(kind))
    failExpected(what);
  return consume();
}

Token Parser::expectIdentifier(const std::string &what) {
  if (!peek().is(TokenKind::Identifier) || isStatementKeyword(peek().text))
    failExpected(what);
  return consume();
}

SourceRange Parser::rangeFrom(const Token &first) const {
  SourceRange range = rangeOf(first);
  if (previous_.line == first.line && previous_.endOffset() > first.offset)
    range.length = static_cast<int>(previous_.endOffset() - first.offset);
  return range;
}

void Parser::skipToNextStatement() {
  // Resume at the next line that starts with a statement keyword. The failed
  // statement consumed at least its keyword, so not consuming here when the
  // current token already starts a statement still makes progress.
  const Token &current = peek();
  if (!(current.atLineStart && current.is(TokenKind::Identifier) &&
        isStatementKeyword(current.text)))
    consume();
  while (!peek().is(TokenKind::EndOfFile)) {
    const Token &token = peek();
    if (token.atLineStart && token.is(TokenKind::Identifier) && isStatementKeyword(token.text))
      return;
    consume();
  }
}

ParsedFile Parser::parseFile() {
  ParsedFile file;
  file.path = lexer_.file();
  while (!peek().is(TokenKind::EndOfFile) && !diags_.shouldStop()) {
    try {
      nesting_ = 0;
      parseStatement(file);
    } catch (const ParseError &) {
      skipToNextStatement();
    }
  }
  return file;
}

void Parser::parseStatement(ParsedFile &file) {
  const Token &first = peek();
  if (first.is(TokenKind::Error))
    throw ParseError{};
  if (!first.is(TokenKind::Identifier) || !isStatementKeyword(first.text)) {
    if (first.is(TokenKind::Identifier)) {
      std::string suggestion = closestMatch(std::string(first.text), keywordList());
      if (!suggestion.empty())
        fail(rangeOf(first), "unknown statement '" + std::string(first.text) + "'; did you mean '" +
                                 suggestion + "'?");
    }
    failExpected("a statement (model, option, grid, const, let, input, state, source, "
                 "receiver, equation, record, import or if)");
  }
  Token keyword = consume();
  std::string_view word = keyword.text;
  if (word == "if") {
    // `if COND: statement` declares the statement only when the compile-time
    // condition holds (e.g. `if dims == 3: state vy : ...`).
    ExprPtr guard = parseExpr();
    expect(TokenKind::Colon, "':' after the condition of 'if'");
    const Token &next = peek();
    if (next.isIdentifier("if") || next.isIdentifier("import") || next.isIdentifier("model") ||
        next.isIdentifier("network"))
      fail(rangeOf(next), "'" + std::string(next.text) + "' cannot be conditional");
    std::size_t before = file.decls.size();
    parseStatement(file);
    if (file.decls.size() > before)
      file.decls.back().guard = std::move(guard);
    return;
  }
  if (word == "model" || word == "network") {
    if (word == "network")
      fail(rangeOf(keyword), "'network' models are not supported yet; use 'model'");
    Decl decl;
    decl.kind = DeclKind::Model;
    decl.range = rangeOf(keyword);
    Token name = expectIdentifier("a model name after 'model'");
    decl.name = std::string(name.text);
    decl.nameRange = rangeOf(name);
    file.decls.push_back(std::move(decl));
  } else if (word == "import") {
    Decl decl;
    decl.kind = DeclKind::Import;
    decl.range = rangeOf(keyword);
    Token path = expect(TokenKind::String, "a quoted file name after 'import'");
    decl.name = std::string(path.text.substr(1, path.text.size() - 2));
    decl.nameRange = rangeOf(path);
    file.decls.push_back(std::move(decl));
  } else if (word == "option") {
    file.decls.push_back(parseOption(keyword));
  } else if (word == "grid") {
    file.decls.push_back(parseGrid(keyword));
  } else if (word == "const") {
    file.decls.push_back(parseValueDecl(keyword, DeclKind::Const));
  } else if (word == "let") {
    file.decls.push_back(parseValueDecl(keyword, DeclKind::Let));
  } else if (word == "input") {
    file.decls.push_back(parseFieldDecl(keyword, DeclKind::Input));
  } else if (word == "state") {
    file.decls.push_back(parseFieldDecl(keyword, DeclKind::State));
  } else if (word == "source") {
    file.decls.push_back(parseFieldDecl(keyword, DeclKind::Source));
  } else if (word == "receiver") {
    file.decls.push_back(parseFieldDecl(keyword, DeclKind::Receiver));
  } else if (word == "equation") {
    file.decls.push_back(parseEquation(keyword));
  } else {
    file.decls.push_back(parseRecord(keyword));
  }
}

Decl Parser::parseOption(const Token &keyword) {
  Decl decl;
  decl.kind = DeclKind::Option;
  decl.range = rangeOf(keyword);
  Token name = expectIdentifier("an option name after 'option'");
  decl.name = std::string(name.text);
  decl.nameRange = rangeOf(name);
  expect(TokenKind::Colon, "':' and a type after the option name");
  const Token &type = peek();
  if (!(type.isIdentifier("int") || type.isIdentifier("float") || type.isIdentifier("bool")))
    failExpected("an option type (int, float or bool)");
  decl.typeName = std::string(type.text);
  decl.typeRange = rangeOf(type);
  consume();
  expect(TokenKind::Assign, "'=' and a default value");
  decl.value = parseExpr();
  return decl;
}

Decl Parser::parseGrid(const Token &keyword) {
  Decl decl;
  decl.kind = DeclKind::Grid;
  decl.range = rangeOf(keyword);
  Token name = expectIdentifier("a grid name after 'grid'");
  decl.name = std::string(name.text);
  decl.nameRange = rangeOf(name);
  if (consumeIf(TokenKind::LParen))
    decl.keywords = parseKeywordArgs(false, nullptr);
  return decl;
}

Decl Parser::parseValueDecl(const Token &keyword, DeclKind kind) {
  Decl decl;
  decl.kind = kind;
  decl.range = rangeOf(keyword);
  Token name = expectIdentifier("a name after '" + std::string(keyword.text) + "'");
  decl.name = std::string(name.text);
  decl.nameRange = rangeOf(name);
  expect(TokenKind::Assign, "'=' after '" + decl.name + "'");
  decl.value = parseExpr();
  return decl;
}

Decl Parser::parseFieldDecl(const Token &keyword, DeclKind kind) {
  Decl decl;
  decl.kind = kind;
  decl.range = rangeOf(keyword);
  Token name = expectIdentifier("a name after '" + std::string(keyword.text) + "'");
  decl.name = std::string(name.text);
  decl.nameRange = rangeOf(name);
  expect(TokenKind::Colon, "':' and a type after '" + decl.name + "'");
  Token type = expectIdentifier("a type (field, timefield or points)");
  decl.typeName = std::string(type.text);
  decl.typeRange = rangeOf(type);
  expect(TokenKind::LParen, "'(' and a grid name after '" + decl.typeName + "'");
  Token grid = expectIdentifier("a grid name");
  decl.gridName = std::string(grid.text);
  decl.gridRange = rangeOf(grid);
  if (consumeIf(TokenKind::Comma))
    decl.keywords = parseKeywordArgs(false, nullptr);
  else
    expect(TokenKind::RParen, "')'");
  return decl;
}

Decl Parser::parseEquation(const Token &keyword) {
  Decl decl;
  decl.kind = DeclKind::Equation;
  decl.range = rangeOf(keyword);
  decl.lhs = parseExpr();
  expect(TokenKind::Assign, "'=' between the two sides of the equation");
  decl.value = parseExpr();
  return decl;
}

Decl Parser::parseRecord(const Token &keyword) {
  Decl decl;
  decl.kind = DeclKind::Record;
  decl.range = rangeOf(keyword);
  Token name = expectIdentifier("a receiver name after 'record'");
  decl.name = std::string(name.text);
  decl.nameRange = rangeOf(name);
  expect(TokenKind::Assign, "'=' after the receiver name");
  decl.value = parseExpr();
  return decl;
}

std::vector<KeywordArg> Parser::parseKeywordArgs(bool allowPositional,
                                                 std::vector<ExprPtr> *positional) {
  // Called after '(' (or after the first positional argument and its ','),
  // consumes through ')'.
  std::vector<KeywordArg> keywords;
  if (consumeIf(TokenKind::RParen))
    return keywords;
  do {
    if (peek().is(TokenKind::Identifier) && peek(1).is(TokenKind::Assign)) {
      Token name = consume();
      consume();
      keywords.push_back({std::string(name.text), rangeOf(name), parseExpr()});
    } else if (allowPositional && keywords.empty()) {
      positional->push_back(parseExpr());
    } else {
      failExpected(allowPositional ? "an argument" : "'name = value'");
    }
  } while (consumeIf(TokenKind::Comma));
  expect(TokenKind::RParen, "',' or ')'");
  return keywords;
}

void Parser::enterNesting(const Token &at) {
  if (++nesting_ > kMaxNesting)
    fail(rangeOf(at), "expression nested too deeply (limit " + std::to_string(kMaxNesting) + ")");
}

ExprPtr Parser::finishNode(ExprPtr node, const Token &first) {
  node->range = rangeFrom(first);
  int childDepth = 0;
  for (const ExprPtr &operand : node->operands)
    childDepth = std::max(childDepth, operand->depth);
  node->depth = childDepth + 1;
  if (node->depth > kMaxExprDepth)
    fail(node->range, "expression too large (more than " + std::to_string(kMaxExprDepth) +
                          " nested operations)");
  return node;
}

ExprPtr Parser::parseExpr() { return parseComparison(); }

ExprPtr Parser::parseComparison() {
  Token first = peek();
  ExprPtr lhs = parseAdditive();
  static const std::pair<TokenKind, CompareOp> kOps[] = {
      {TokenKind::Less, CompareOp::Less},        {TokenKind::LessEqual, CompareOp::LessEqual},
      {TokenKind::Greater, CompareOp::Greater},  {TokenKind::GreaterEqual, CompareOp::GreaterEqual},
      {TokenKind::EqualEqual, CompareOp::Equal}, {TokenKind::NotEqual, CompareOp::NotEqual},
  };
  for (const auto &[kind, op] : kOps) {
    if (!peek().is(kind))
      continue;
    consume();
    auto node = std::make_unique<Expr>();
    node->kind = Expr::Kind::Compare;
    node->compareOp = op;
    node->operands.push_back(std::move(lhs));
    node->operands.push_back(parseAdditive());
    return finishNode(std::move(node), first);
  }
  return lhs;
}

ExprPtr Parser::parseAdditive() {
  Token first = peek();
  ExprPtr lhs = parseMultiplicative();
  while (peek().is(TokenKind::Plus) || peek().is(TokenKind::Minus)) {
    BinaryOp op = consume().is(TokenKind::Plus) ? BinaryOp::Add : BinaryOp::Sub;
    ExprPtr rhs = parseMultiplicative();
    lhs = finishNode(makeBinary(op, std::move(lhs), std::move(rhs)), first);
  }
  return lhs;
}

ExprPtr Parser::parseMultiplicative() {
  Token first = peek();
  ExprPtr lhs = parseUnary();
  while (peek().is(TokenKind::Star) || peek().is(TokenKind::Slash)) {
    BinaryOp op = consume().is(TokenKind::Star) ? BinaryOp::Mul : BinaryOp::Div;
    ExprPtr rhs = parseUnary();
    lhs = finishNode(makeBinary(op, std::move(lhs), std::move(rhs)), first);
  }
  return lhs;
}

ExprPtr Parser::parseUnary() {
  Token first = peek();
  if (first.is(TokenKind::Minus) || first.is(TokenKind::Plus)) {
    consume();
    enterNesting(first);
    ExprPtr operand = parseUnary();
    --nesting_;
    if (first.is(TokenKind::Plus))
      return operand;
    auto node = std::make_unique<Expr>();
    node->kind = Expr::Kind::Negate;
    node->operands.push_back(std::move(operand));
    return finishNode(std::move(node), first);
  }
  return parsePower();
}

ExprPtr Parser::parsePower() {
  Token first = peek();
  ExprPtr base = parsePrimary();
  if (!peek().is(TokenKind::Caret))
    return base;
  Token caret = consume();
  enterNesting(caret);
  ExprPtr exponent = parseUnary(); // right associative: a^b^c = a^(b^c)
  --nesting_;
  return finishNode(makeBinary(BinaryOp::Pow, std::move(base), std::move(exponent)), first);
}

ExprPtr Parser::parsePrimary() {
  Token first = peek();
  switch (first.kind) {
  case TokenKind::Integer:
  case TokenKind::Float: {
    consume();
    std::string text(first.text);
    errno = 0;
    double value = std::strtod(text.c_str(), nullptr);
    if (errno == ERANGE && (value > 1 || value < -1))
      fail(rangeOf(first), "number '" + text.substr(0, 32) + "' is out of range");
    return makeNumber(value, first.is(TokenKind::Integer), rangeOf(first));
  }
  case TokenKind::LParen: {
    consume();
    enterNesting(first);
    ExprPtr inner = parseExpr();
    --nesting_;
    expect(TokenKind::RParen, "')' to close the '(' at " + std::to_string(first.line) + ":" +
                                  std::to_string(first.col));
    return inner;
  }
  case TokenKind::Identifier:
    if (isStatementKeyword(first.text))
      failExpected("an expression");
    consume();
    return parseCallOrRef(first);
  default:
    failExpected("an expression");
  }
}

ExprPtr Parser::parseCallOrRef(const Token &name) {
  if (name.text == "true" || name.text == "false")
    return makeBool(name.text == "true", rangeOf(name));
  // Staggered derivatives are written without spaces: dx+(u), dx-(u).
  Stagger stagger = Stagger::None;
  const Token &sign = peek();
  if ((sign.is(TokenKind::Plus) || sign.is(TokenKind::Minus)) && sign.offset == name.endOffset() &&
      peek(1).is(TokenKind::LParen) && peek(1).offset == sign.endOffset() &&
      findDerivative(name.text)) {
    stagger = sign.is(TokenKind::Plus) ? Stagger::Forward : Stagger::Backward;
    consume();
  }
  if (!peek().is(TokenKind::LParen))
    return makeRef(std::string(name.text), rangeOf(name));
  consume();
  enterNesting(name);
  auto node = std::make_unique<Expr>();
  node->name = std::string(name.text);
  node->keywords = parseKeywordArgs(true, &node->operands);
  --nesting_;
  if (const DerivativeSpelling *spelling = findDerivative(name.text)) {
    node->kind = Expr::Kind::Derivative;
    node->deriv.kind = spelling->kind;
    node->deriv.timeOrder = spelling->timeOrder;
    for (const char *axis = spelling->axes; *axis; ++axis)
      node->deriv.axes.push_back(*parseAxis(std::string_view(axis, 1)));
    node->deriv.stagger = stagger;
  } else if (name.text == "select") {
    node->kind = Expr::Kind::Select;
  } else {
    node->kind = Expr::Kind::Call;
    if (auto fn = parseFunction(name.text))
      node->function = *fn;
  }
  return finishNode(std::move(node), name);
}

} // namespace strata::frontend
