//===- Builder.h - Building a Model from C++ --------------------*- C++ -*-===//
//
// The same Model a .pde file produces, built with operator overloading:
//
//   ModelBuilder b("acoustic");
//   b.optionInt("space_order", 8);
//   auto g = b.grid("g");
//   auto m = b.input("m", g);
//   auto u = b.state("u", g, {.timeOrder = 2, .spaceOrder = 8});
//   auto src = b.source("src", g);
//   auto rec = b.receiver("rec", g);
//   b.equation(m * dt2(u) - laplace(u), src);
//   b.record(rec, u);
//   std::unique_ptr<Model> model = b.finish(options, diags);
//
// The builder records declarations exactly as the parser would and runs the
// same semantic checks in finish(), so errors are reported the same way
// (located at "<builder:NAME>":STATEMENT:1).
//
//===----------------------------------------------------------------------===//
#pragma once

#include "strata/frontend/CompileOptions.h"
#include "strata/frontend/Model.h"

#include <memory>

namespace strata::frontend {

/// An expression under construction (cheap to copy; immutable).
class Ex {
public:
  Ex(int value);
  Ex(double value);
  explicit Ex(std::shared_ptr<const Expr> expr) : expr_(std::move(expr)) {}

  const Expr &expr() const { return *expr_; }
  ExprPtr clone() const { return expr_->clone(); }

private:
  std::shared_ptr<const Expr> expr_;
};

Ex operator+(const Ex &a, const Ex &b);
Ex operator-(const Ex &a, const Ex &b);
Ex operator*(const Ex &a, const Ex &b);
Ex operator/(const Ex &a, const Ex &b);
Ex operator-(const Ex &a);
Ex pow(const Ex &base, const Ex &exponent);
Ex operator<(const Ex &a, const Ex &b);
Ex operator<=(const Ex &a, const Ex &b);
Ex operator>(const Ex &a, const Ex &b);
Ex operator>=(const Ex &a, const Ex &b);
Ex operator==(const Ex &a, const Ex &b);
Ex operator!=(const Ex &a, const Ex &b);

Ex sqrt(const Ex &a);
Ex exp(const Ex &a);
Ex log(const Ex &a);
Ex sin(const Ex &a);
Ex cos(const Ex &a);
Ex abs(const Ex &a);
Ex min(const Ex &a, const Ex &b);
Ex max(const Ex &a, const Ex &b);
Ex select(const Ex &cond, const Ex &a, const Ex &b);

/// Per-derivative settings: `order` (accuracy override, 0 = field's
/// space_order) and one-sidedness.
struct DerivOptions {
  int order = 0;
  Side side = Side::Centered;
};

Ex dt(const Ex &u);
Ex dt2(const Ex &u);
Ex dx(const Ex &u, DerivOptions options = {});
Ex dy(const Ex &u, DerivOptions options = {});
Ex dz(const Ex &u, DerivOptions options = {});
Ex dxx(const Ex &u, DerivOptions options = {});
Ex dyy(const Ex &u, DerivOptions options = {});
Ex dzz(const Ex &u, DerivOptions options = {});
Ex dxy(const Ex &u, DerivOptions options = {});
Ex dxz(const Ex &u, DerivOptions options = {});
Ex dyz(const Ex &u, DerivOptions options = {});
/// Staggered first derivatives: dForward(u, Axis::X) is `dx+(u)`.
Ex dForward(const Ex &u, Axis axis, DerivOptions options = {});
Ex dBackward(const Ex &u, Axis axis, DerivOptions options = {});
Ex laplace(const Ex &u, DerivOptions options = {});
Ex grad(const Ex &u, DerivOptions options = {});
Ex div(const Ex &v, DerivOptions options = {});

struct GridRef {
  std::string name;
};

struct InputOptions {
  /// Zero inside the grid, non-zero near its faces (a damping profile): `zero_interior`.
  bool zeroInterior = false;
};

struct StateOptions {
  int timeOrder = 1;
  int spaceOrder = 2;
  std::optional<Axis> stagger = std::nullopt;
};

class ModelBuilder {
public:
  explicit ModelBuilder(std::string name);

  Ex optionInt(const std::string &name, int defaultValue);
  Ex optionFloat(const std::string &name, double defaultValue);
  Ex optionBool(const std::string &name, bool defaultValue);
  GridRef grid(const std::string &name, std::optional<int> fixedDims = std::nullopt);
  Ex constant(const std::string &name, const Ex &value);
  Ex let(const std::string &name, const Ex &value);
  Ex input(const std::string &name, const GridRef &grid, InputOptions options = {});
  Ex state(const std::string &name, const GridRef &grid, StateOptions options = {});
  Ex source(const std::string &name, const GridRef &grid);
  Ex receiver(const std::string &name, const GridRef &grid);
  void equation(const Ex &lhs, const Ex &rhs);
  void record(const Ex &receiver, const Ex &value);

  /// Runs the semantic checks; nullptr when an error was reported.
  std::unique_ptr<Model> finish(const CompileOptions &options, DiagnosticEngine &diags);

private:
  Decl &add(DeclKind kind, const std::string &name);
  Ex fieldDecl(DeclKind kind, const std::string &name, const GridRef &grid, const char *type);

  std::string file_;
  std::vector<Decl> decls_;
};

} // namespace strata::frontend
