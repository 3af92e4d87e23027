//===- StencilOps.h - operations and types of the stencil dialect -*- C++ -*-===//
#pragma once

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Interfaces/ControlFlowInterfaces.h"
#include "mlir/Interfaces/FunctionInterfaces.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "strata/Dialect/Stencil/StencilDialect.h"

#define GET_TYPEDEF_CLASSES
#include "strata/Dialect/Stencil/StencilTypes.h.inc"

#define GET_OP_CLASSES
#include "strata/Dialect/Stencil/StencilOps.h.inc"
