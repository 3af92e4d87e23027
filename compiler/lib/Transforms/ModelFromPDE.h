//===- ModelFromPDE.h - rebuild a frontend Model from pde IR ----*- C++ -*-===//
//
// The discretization pass reuses the frontend's symbolic engine (derivative
// expansion with Fornberg weights, `solve`). That engine consumes a checked
// `frontend::Model`; this turns a `pde.model` back into one, so that IR from any
// producer (the .pde frontend, the builder API, hand-written tests) is
// discretized by the same code.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "mlir/Support/LogicalResult.h"

#include "strata/Dialect/PDE/PDEOps.h"
#include "strata/frontend/Model.h"

namespace strata {

/// Rebuilds `model` as a frontend Model. Field indices follow declaration order; each
/// equation's unknown is the state under a time derivative that no earlier equation
/// updates (errors are emitted on the equation op). Source ranges come from the ops'
/// file:line:col locations.
mlir::FailureOr<frontend::Model> modelFromPDE(pde::ModelOp model);

/// The frontend's axes for a grid of `dims` axes: (x), (x, z) or (x, y, z).
std::vector<frontend::Axis> axesForDims(int64_t dims);

} // namespace strata
