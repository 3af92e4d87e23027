//===- StencilDialect.h - the stencil dialect --------------------*- C++ -*-===//
#pragma once

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/IR/Dialect.h"

#include "strata/Dialect/Stencil/StencilDialect.h.inc"
