//===- PDEOps.h - operations and types of the pde dialect -------*- C++ -*-===//
#pragma once

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "strata/Dialect/PDE/PDEDialect.h"
#include "strata/Dialect/PDE/PDEEnums.h.inc"

#define GET_ATTRDEF_CLASSES
#include "strata/Dialect/PDE/PDEAttrs.h.inc"

#define GET_TYPEDEF_CLASSES
#include "strata/Dialect/PDE/PDETypes.h.inc"

#define GET_OP_CLASSES
#include "strata/Dialect/PDE/PDEOps.h.inc"
