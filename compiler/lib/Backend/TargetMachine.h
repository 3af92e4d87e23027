//===- TargetMachine.h - LLVM target set-up shared by the backend -*- C++ -*-===//
#pragma once

#include "strata/Compiler/Backend/Backend.h"

#include "llvm/Target/TargetMachine.h"

namespace strata::backend::detail {

/// Registers the native target, its asm printer and parser with LLVM, once per process.
void initializeNativeTarget();

/// A TargetMachine for `target` that generates O3, position-independent code (usable by the
/// JIT and in shared libraries alike) with IEEE-exact floating point: no fast-math, and a*b+c
/// contracted into an FMA only where both instructions carry the `contract` flag (set by
/// strata-stencil-reassociate, never by default), so results do not depend on how the
/// optimizer schedules.
llvm::Expected<std::unique_ptr<llvm::TargetMachine>> createTargetMachine(const Target &target);

} // namespace strata::backend::detail
