//===- Passes.h - Strata compiler passes ------------------------*- C++ -*-===//
#pragma once

#include "mlir/Pass/Pass.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/BuiltinOps.h"

#include "strata/Dialect/PDE/PDEOps.h"
#include "strata/Dialect/Stencil/StencilOps.h"

namespace strata {

#define GEN_PASS_DECL
#include "strata/Compiler/Passes.h.inc"

/// registerCompilerPasses() registers every Strata pass with the global registry.
#define GEN_PASS_REGISTRATION
#include "strata/Compiler/Passes.h.inc"

} // namespace strata
