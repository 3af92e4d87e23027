//===- Passes.h - Strata compiler passes ------------------------*- C++ -*-===//
#pragma once

#include "mlir/Pass/Pass.h"

#include "strata/Dialect/PDE/PDEOps.h"

namespace strata {

#define GEN_PASS_DECL
#include "strata/Compiler/Passes.h.inc"

/// registerCompilerPasses() registers every Strata pass with the global registry.
#define GEN_PASS_REGISTRATION
#include "strata/Compiler/Passes.h.inc"

} // namespace strata
