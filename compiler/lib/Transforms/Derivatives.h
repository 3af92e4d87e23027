//===- Derivatives.h - builders shared by the derivative passes -*- C++ -*-===//
//
// The adjoint, linearization and gradient passes compose: a gradient is the transpose of
// the linearization with respect to the perturbations only.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "strata/Dialect/Stencil/StencilOps.h"

#include "llvm/ADT/DenseSet.h"

#include <functional>
#include <string>

namespace strata {

/// What a transpose is taken with respect to (see StencilAdjoint.cpp).
struct TransposeSpec {
  /// Whether a forward program argument is a variable of the linear map (its accesses are
  /// transposed) rather than a coefficient or a given background.
  std::function<bool(mlir::Value)> isVariable;
  /// Adjoint: the sources' amplitudes are the output. Gradient: they are given.
  bool sourcesAreOutputs = true;
  /// The transposed program's symbol name.
  std::string name;
  /// Store, where the forward allows it, each state's adjoint scaled by its update's
  /// factor (see StencilAdjoint.cpp, "Scaled states"): gathers then read one field per
  /// neighbour instead of a coefficient and the adjoint.
  bool scaleStates = true;
  /// Derive, where the forward allows it, each step as one gather of the newer levels that
  /// level t's adjoint depends on (see StencilAdjoint.cpp, "Gathered levels") instead of
  /// scattering into t and older levels: the forward's recurrence run backwards.
  bool gatherLevels = true;
};

/// Whether `value` cannot be zero for finite operands: a non-zero constant, a quotient with
/// such a numerator (1 / (m/dt^2 + ...)), or a negation or product of such values.
bool evidentlyNonZero(mlir::Value value);

/// Builds the transpose of `forward` beside it, named spec.name.
mlir::FailureOr<stencil::ProgramOp> buildTranspose(stencil::ProgramOp forward,
                                                   const TransposeSpec &spec);

/// Builds the linearization of `forward` with respect to input `input` beside it, named
/// forward's name + "_born", with perturbations named "d" + each state and "d" + input.
/// With `perturbations`, also says which of its arguments (by number) those are. With
/// `rereadUpdates`, an update's tangent reads back the level the update wrote instead of
/// recomputing the update's stencil where it can (see StencilLinearize.cpp, "Reread
/// updates"): the tangent then needs the state after the step.
mlir::FailureOr<stencil::ProgramOp>
buildLinearization(stencil::ProgramOp forward, llvm::StringRef input,
                   llvm::DenseSet<unsigned> *perturbations = nullptr, bool rereadUpdates = false);

} // namespace strata
