//===- PDEOps.cpp - operations of the pde dialect: builders, verifiers ---===//
#include "strata/Dialect/PDE/PDEOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/OpImplementation.h"

using namespace mlir;
using namespace strata::pde;

namespace {
// Every expression op sits inside a model; its axes are bounded by the model's dims.
int64_t modelDims(Operation *op) {
  auto model = op->getParentOfType<ModelOp>();
  return model ? model.getDims() : 3;
}

LogicalResult verifyAxis(Operation *op, int64_t axis, StringRef what) {
  int64_t dims = modelDims(op);
  if (axis < 0 || axis >= dims)
    return op->emitOpError() << what << " " << axis << " is out of range for a model with " << dims
                             << (dims == 1 ? " axis" : " axes");
  return success();
}

LogicalResult verifyAccuracy(Operation *op, std::optional<int64_t> accuracy) {
  if (accuracy && *accuracy < 1)
    return op->emitOpError() << "accuracy order must be positive, got " << *accuracy;
  return success();
}
} // namespace

//===----------------------------------------------------------------------===//
// ModelOp
//===----------------------------------------------------------------------===//

void ModelOp::build(OpBuilder &builder, OperationState &state, StringRef name, int64_t dims) {
  state.addAttribute(getSymNameAttrName(state.name), builder.getStringAttr(name));
  state.addAttribute(getDimsAttrName(state.name), builder.getI64IntegerAttr(dims));
  state.addAttribute(getOptionsAttrName(state.name), builder.getDictionaryAttr({}));
  state.addRegion()->emplaceBlock();
}

LogicalResult ModelOp::verify() {
  if (getDims() < 1 || getDims() > 3)
    return emitOpError() << "dims must be 1, 2 or 3, got " << getDims();
  return success();
}

//===----------------------------------------------------------------------===//
// Declarations and expressions
//===----------------------------------------------------------------------===//

LogicalResult StateOp::verify() {
  if (getTimeOrder() < 1 || getTimeOrder() > 2)
    return emitOpError() << "time_order must be 1 or 2, got " << getTimeOrder();
  if (getSpaceOrder() < 1)
    return emitOpError() << "space_order must be positive, got " << getSpaceOrder();
  if (auto axis = getStagger())
    return verifyAxis(*this, *axis, "stagger axis");
  return success();
}

OpFoldResult ConstantOp::fold(FoldAdaptor) { return getValueAttr(); }

LogicalResult SpacingOp::verify() { return verifyAxis(*this, getAxis(), "axis"); }

LogicalResult TimeDerivOp::verify() {
  auto state = getOperand().getDefiningOp<StateOp>();
  if (!state)
    return emitOpError("operand must be a state (a time-dependent field)");
  if (getOrder() < 1 || getOrder() > state.getTimeOrder())
    return emitOpError() << "order " << getOrder() << " time derivative of state '"
                         << state.getName() << "' declared with time_order "
                         << state.getTimeOrder();
  return success();
}

LogicalResult DerivOp::verify() {
  if (failed(verifyAxis(*this, getAxis(), "axis")) || failed(verifyAccuracy(*this, getAccuracy())))
    return failure();
  if (getOrder() < 1)
    return emitOpError() << "derivative order must be positive, got " << getOrder();
  bool staggered =
      getVariant() == DerivVariant::forward_half || getVariant() == DerivVariant::backward_half;
  if (staggered && getOrder() != 1)
    return emitOpError() << "staggered derivatives are first order, got order " << getOrder();
  return success();
}

LogicalResult MixedDerivOp::verify() {
  if (failed(verifyAxis(*this, getAxis0(), "axis")) ||
      failed(verifyAxis(*this, getAxis1(), "axis")) || failed(verifyAccuracy(*this, getAccuracy())))
    return failure();
  if (getAxis0() == getAxis1())
    return emitOpError("a mixed derivative needs two different axes; use pde.deriv order = 2");
  return success();
}

LogicalResult InjectOp::verify() {
  if (!getSource().getDefiningOp<SourceOp>())
    return emitOpError("operand must be declared by pde.source");
  return success();
}

LogicalResult RecordOp::verify() {
  if (!getReceiver().getDefiningOp<ReceiverOp>())
    return emitOpError("records go to points declared by pde.receiver");
  return success();
}

#define GET_OP_CLASSES
#include "strata/Dialect/PDE/PDEOps.cpp.inc"
