//===- Frontend.h - Entry points of the .pde frontend -----------*- C++ -*-===//
//
// What the `strata` CLI and the emitter call:
//
//   DiagnosticEngine diags;
//   auto model = loadModelFile("stdlib/acoustic.pde", options, diags);
//   if (!model) { std::cerr << diags.renderAll(); return 1; }
//   ExprContext ctx;
//   auto discrete = discretize(*model, ctx, diags);
//
//===----------------------------------------------------------------------===//
#pragma once

#include "strata/frontend/CompileOptions.h"
#include "strata/frontend/Diagnostics.h"
#include "strata/frontend/Discretize.h"
#include "strata/frontend/Expr.h"
#include "strata/frontend/Model.h"

#include <memory>
#include <string>

namespace strata::frontend {

/// Source files larger than this are rejected with an error.
inline constexpr std::size_t kMaxSourceBytes = 16u << 20;

/// Parse + import resolution + semantic checks. nullptr when any error was
/// reported to diags.
std::unique_ptr<Model> loadModelFile(const std::string &path, const CompileOptions &options,
                                     DiagnosticEngine &diags);
/// Same, for text already in memory; `bufferName` names it in diagnostics and
/// imports resolve relative to its folder.
std::unique_ptr<Model> loadModelSource(const std::string &bufferName, const std::string &text,
                                       const CompileOptions &options, DiagnosticEngine &diags);

/// Deterministic dump of a checked model, for `strata compile --emit ast`.
std::string printAST(const Model &model);

/// Derivative expansion + solve for each equation's unknown. nullptr when an
/// error was reported.
std::unique_ptr<DiscreteModel> discretize(const Model &model, ExprContext &ctx,
                                          DiagnosticEngine &diags);

/// Deterministic dump of a discrete model.
std::string printDiscrete(const DiscreteModel &model);

} // namespace strata::frontend
