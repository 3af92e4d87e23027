//===- PDEDialect.cpp - the pde dialect -----------------------------------===//
#include "strata/Dialect/PDE/PDEDialect.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/TypeSwitch.h"

#include "strata/Dialect/PDE/PDEOps.h"

using namespace mlir;
using namespace strata::pde;

#include "strata/Dialect/PDE/PDEDialect.cpp.inc"
#include "strata/Dialect/PDE/PDEEnums.cpp.inc"

#define GET_ATTRDEF_CLASSES
#include "strata/Dialect/PDE/PDEAttrs.cpp.inc"

#define GET_TYPEDEF_CLASSES
#include "strata/Dialect/PDE/PDETypes.cpp.inc"

void PDEDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "strata/Dialect/PDE/PDEOps.cpp.inc"
      >();
  addTypes<
#define GET_TYPEDEF_LIST
#include "strata/Dialect/PDE/PDETypes.cpp.inc"
      >();
  addAttributes<
#define GET_ATTRDEF_LIST
#include "strata/Dialect/PDE/PDEAttrs.cpp.inc"
      >();
}
