//===- Sema.h - Name resolution and semantic checks -------------*- C++ -*-===//
#pragma once

#include "strata/frontend/CompileOptions.h"
#include "strata/frontend/Model.h"

#include <memory>

namespace strata::frontend {

/// Largest accepted space_order / derivative `order` (bounds stencil sizes).
inline constexpr int kMaxSpaceOrder = 64;

/// Checks the declarations of a model (its main file's statements with
/// imports already spliced in, the leading `model NAME` first) and builds the
/// Model. Returns nullptr when an error was reported.
std::unique_ptr<Model> analyzeModel(std::vector<Decl> decls, const CompileOptions &options,
                                    DiagnosticEngine &diags);

/// Names that cannot be declared: derivative operators, functions, literals.
bool isBuiltinName(const std::string &name);

} // namespace strata::frontend
