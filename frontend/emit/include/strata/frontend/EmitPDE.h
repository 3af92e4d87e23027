//===- EmitPDE.h - checked Model to the pde dialect -------------*- C++ -*-===//
#pragma once

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"

#include "strata/frontend/Model.h"

namespace strata::frontend {

/// Emits a checked model as a module holding one `pde.model`. Every op carries the file,
/// line and column of the source construct it comes from. Options, constants and lets are
/// folded into constants or inlined; the module always verifies for a model that sema
/// accepted (a failure to verify is a frontend bug, reported as such by callers).
mlir::OwningOpRef<mlir::ModuleOp> emitPDE(const Model &model, mlir::MLIRContext &context);

} // namespace strata::frontend
