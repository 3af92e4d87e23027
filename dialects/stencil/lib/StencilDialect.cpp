//===- StencilDialect.cpp - the stencil dialect ---------------------------===//
#include "strata/Dialect/Stencil/StencilDialect.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/TypeSwitch.h"

#include "strata/Dialect/Stencil/StencilOps.h"

using namespace mlir;
using namespace strata::stencil;

#include "strata/Dialect/Stencil/StencilDialect.cpp.inc"

#define GET_TYPEDEF_CLASSES
#include "strata/Dialect/Stencil/StencilTypes.cpp.inc"

void StencilDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "strata/Dialect/Stencil/StencilOps.cpp.inc"
      >();
  addTypes<
#define GET_TYPEDEF_LIST
#include "strata/Dialect/Stencil/StencilTypes.cpp.inc"
      >();
}

LogicalResult FieldType::verify(function_ref<InFlightDiagnostic()> emitError, unsigned rank,
                                Type elementType, unsigned levels) {
  if (rank < 1 || rank > 3)
    return emitError() << "a field has 1, 2 or 3 axes, got " << rank;
  if (!elementType.isF32() && !elementType.isF64())
    return emitError() << "field elements are f32 or f64, got " << elementType;
  if (levels == 1)
    return emitError() << "a state needs at least 2 time levels (time_order + 1), got 1";
  return success();
}
