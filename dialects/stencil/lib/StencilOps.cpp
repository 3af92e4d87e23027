//===- StencilOps.cpp - operations of the stencil dialect -----------------===//
#include "strata/Dialect/Stencil/StencilOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/Interfaces/FunctionImplementation.h"
#include "llvm/ADT/MapVector.h"

#include <string>

using namespace mlir;
using namespace strata::stencil;

//===----------------------------------------------------------------------===//
// ProgramOp
//===----------------------------------------------------------------------===//

void ProgramOp::build(OpBuilder &builder, OperationState &state, StringRef name, FunctionType type,
                      int64_t dims, ArrayRef<StringRef> argNames) {
  state.addAttribute(SymbolTable::getSymbolAttrName(), builder.getStringAttr(name));
  state.addAttribute(getFunctionTypeAttrName(state.name), TypeAttr::get(type));
  state.addAttribute(getDimsAttrName(state.name), builder.getI64IntegerAttr(dims));
  SmallVector<Attribute> argAttrs;
  for (StringRef argName : argNames)
    argAttrs.push_back(builder.getDictionaryAttr(
        builder.getNamedAttr(getArgNameAttrName(), builder.getStringAttr(argName))));
  state.addAttribute(getArgAttrsAttrName(state.name), builder.getArrayAttr(argAttrs));
  Region *body = state.addRegion();
  Block &entry = body->emplaceBlock();
  for (Type input : type.getInputs())
    entry.addArgument(input, state.location);
}

ParseResult ProgramOp::parse(OpAsmParser &parser, OperationState &result) {
  auto buildFuncType = [](Builder &builder, ArrayRef<Type> argTypes, ArrayRef<Type> results,
                          function_interface_impl::VariadicFlag,
                          std::string &) { return builder.getFunctionType(argTypes, results); };
  return function_interface_impl::parseFunctionOp(
      parser, result, /*allowVariadic=*/false, getFunctionTypeAttrName(result.name), buildFuncType,
      getArgAttrsAttrName(result.name), getResAttrsAttrName(result.name));
}

void ProgramOp::print(OpAsmPrinter &printer) {
  function_interface_impl::printFunctionOp(printer, *this, /*isVariadic=*/false,
                                           getFunctionTypeAttrName(), getArgAttrsAttrName(),
                                           getResAttrsAttrName());
}

StringRef ProgramOp::getArgName(unsigned index) {
  if (auto name = getArgAttrOfType<StringAttr>(index, getArgNameAttrName()))
    return name.getValue();
  return {};
}

BlockArgument ProgramOp::getArgByName(StringRef name) {
  for (unsigned i = 0, e = getNumArguments(); i < e; ++i)
    if (getArgName(i) == name)
      return getArgument(i);
  return {};
}

LogicalResult ProgramOp::verify() {
  if (getRank() < 1 || getRank() > 3)
    return emitOpError() << "dims must be 1, 2 or 3, got " << getRank();
  if (!getResultTypes().empty())
    return emitOpError("a program returns nothing: results live in its fields and points");
  if (auto halo = getHalo()) {
    if (static_cast<int64_t>(halo->size()) != getRank())
      return emitOpError() << "halo has " << halo->size() << " entries for " << getRank()
                           << " axes";
    for (int64_t width : *halo)
      if (width < 0)
        return emitOpError() << "halo widths are non-negative, got " << width;
  }
  for (unsigned i = 0, e = getNumArguments(); i < e; ++i) {
    if (getArgName(i).empty())
      return emitOpError() << "argument " << i << " has no 'stencil.name'";
    Type type = getArgumentTypes()[i];
    unsigned rank = 0;
    if (auto field = dyn_cast<FieldType>(type))
      rank = field.getRank();
    else if (auto points = dyn_cast<PointsType>(type))
      rank = points.getRank();
    else if (!isa<FloatType, IndexType>(type))
      return emitOpError() << "argument '" << getArgName(i)
                           << "' must be a field, points, a float scalar or an index";
    if (rank && static_cast<int64_t>(rank) != getRank())
      return emitOpError() << "argument '" << getArgName(i) << "' has " << rank
                           << " axes in a program of " << getRank();
  }
  return success();
}

//===----------------------------------------------------------------------===//
// TimeLoopOp
//===----------------------------------------------------------------------===//

void TimeLoopOp::build(OpBuilder &builder, OperationState &state, Value begin, Value end,
                       bool reverse) {
  state.addOperands({begin, end});
  if (reverse)
    state.addAttribute(getReverseAttrName(state.name), builder.getUnitAttr());
  Region *body = state.addRegion();
  body->emplaceBlock();
  TimeLoopOp::ensureTerminator(*body, builder, state.location);
}

// Each op checks its own levels against the loop's direction; what only the whole step
// shows is whether the levels it touches of one state fit that state's ring buffer.
LogicalResult TimeLoopOp::verifyRegions() {
  llvm::MapVector<Value, std::pair<int64_t, int64_t>> touched; // state -> lowest, highest
  auto note = [&](Value field, int64_t level) {
    auto type = dyn_cast<FieldType>(field.getType());
    if (!type || !type.isTimeDependent())
      return;
    auto &[lowest, highest] = touched.try_emplace(field, level, level).first->second;
    lowest = std::min(lowest, level);
    highest = std::max(highest, level);
  };
  getBody().walk([&](Operation *op) {
    if (auto access = dyn_cast<AccessOp>(op))
      note(access.getField(), access.getTimeOffset());
    else if (auto apply = dyn_cast<ApplyOp>(op))
      for (Value target : apply.getTargets())
        note(target, apply.getLevelOffset());
    else if (auto inject = dyn_cast<InjectOp>(op))
      note(inject.getTarget(), inject.getLevelOffset());
  });
  for (auto &[field, range] : touched) {
    int64_t levels = cast<FieldType>(field.getType()).getLevels();
    if (range.second - range.first >= levels)
      return emitOpError() << "touches levels " << range.first << " and " << range.second
                           << " of a state that keeps " << levels
                           << " levels: one step may span at most " << levels
                           << ", or two levels would share a buffer";
  }
  return success();
}

//===----------------------------------------------------------------------===//
// Point computations: apply, inject, interpolate, return
//===----------------------------------------------------------------------===//

namespace {
/// The `stencil.return` ending a point computation's body, or an error on `op`.
FailureOr<ReturnOp> bodyReturn(Operation *op, Region &body) {
  ReturnOp ret;
  if (!body.empty() && !body.front().empty())
    ret = dyn_cast<ReturnOp>(body.front().getTerminator());
  if (!ret)
    return op->emitOpError("body must end with stencil.return");
  return ret;
}

/// The levels an op may touch of a state of `levels` levels, relative to its time step
/// (TimeLoopOp::getLevelRange; outside a time loop, a forward step's). (t + level + L) mod L,
/// the level's buffer, is then non-negative for every t >= 0.
std::pair<int64_t, int64_t> levelRange(Operation *op, int64_t levels) {
  if (auto loop = op->getParentOfType<TimeLoopOp>())
    return loop.getLevelRange(levels);
  return {2 - levels, 1};
}

bool hasLevel(Operation *op, int64_t levels, int64_t level) {
  auto [lowest, highest] = levelRange(op, levels);
  return level >= lowest && level <= highest;
}

/// " (lowest .. highest)", the levels `op` may touch.
std::string levelRangeText(Operation *op, int64_t levels) {
  auto [lowest, highest] = levelRange(op, levels);
  return " (" + std::to_string(lowest) + " .. " + std::to_string(highest) + ")";
}

LogicalResult verifySingleValueBody(Operation *op, Region &body, Type expected) {
  FailureOr<ReturnOp> ret = bodyReturn(op, body);
  if (failed(ret))
    return failure();
  if (ret->getValues().size() != 1 || ret->getValues()[0].getType() != expected)
    return op->emitOpError() << "body must return one " << expected << " value";
  return success();
}
} // namespace

namespace {
/// The checks an apply and a precompute share: targets, a body ending in stencil.return
/// with one value of each target's element type, and `checkTarget` on each target.
LogicalResult verifyTargetsAndBody(Operation *op, ValueRange targets, Region &body,
                                   function_ref<LogicalResult(FieldType)> checkTarget) {
  if (targets.empty())
    return op->emitOpError("needs at least one target");
  FailureOr<ReturnOp> ret = bodyReturn(op, body);
  if (failed(ret))
    return failure();
  if (ret->getValues().size() != targets.size())
    return op->emitOpError() << "body returns " << ret->getValues().size() << " values for "
                             << targets.size() << " targets";
  for (auto [target, value] : llvm::zip(targets, ret->getValues())) {
    auto type = cast<FieldType>(target.getType());
    if (failed(checkTarget(type)))
      return failure();
    if (value.getType() != type.getElementType())
      return op->emitOpError() << "returns " << value.getType() << " for a field of "
                               << type.getElementType();
  }
  return success();
}
} // namespace

LogicalResult ApplyOp::verify() {
  auto checkTarget = [&](FieldType type) -> LogicalResult {
    // A field without levels can only accumulate (a gradient summed over the steps).
    if (!type.isTimeDependent() && (!getAccumulate() || getLevelOffset() != 0))
      return emitOpError("targets must be states (fields with time levels), or fields "
                         "accumulated at level 0");
    int64_t levels = type.getLevels();
    if (levels > 0 && !hasLevel(*this, levels, getLevelOffset()))
      return emitOpError() << "writes level " << getLevelOffset() << " of a state that keeps "
                           << levels << " levels" << levelRangeText(*this, levels);
    return success();
  };
  if (failed(verifyTargetsAndBody(*this, getTargets(), getBody(), checkTarget)))
    return failure();
  // At the point itself a read sees the value before the update (as `accumulate` does);
  // anywhere else it would depend on the order the points run in.
  WalkResult readsWrittenLevel = getBody().walk([&](AccessOp access) {
    bool atPoint = llvm::all_of(access.getOffset(), [](int64_t offset) { return offset == 0; });
    if (access.getTimeOffset() == getLevelOffset() && !atPoint &&
        llvm::is_contained(getTargets(), access.getField())) {
      access.emitOpError() << "reads a target of the enclosing apply at the level it writes, "
                              "away from the point (t"
                           << (getLevelOffset() >= 0 ? "+" : "") << getLevelOffset() << ")";
      return WalkResult::interrupt();
    }
    return WalkResult::advance();
  });
  return failure(readsWrittenLevel.wasInterrupted());
}

LogicalResult PrecomputeOp::verify() {
  auto checkTarget = [&](FieldType type) -> LogicalResult {
    if (type.isTimeDependent())
      return emitOpError("targets must be fields without time levels");
    return success();
  };
  if (failed(verifyTargetsAndBody(*this, getTargets(), getBody(), checkTarget)))
    return failure();
  WalkResult bad = getBody().walk([&](AccessOp access) {
    auto type = cast<FieldType>(access.getField().getType());
    if (type.isTimeDependent() || llvm::is_contained(getTargets(), access.getField()) ||
        llvm::any_of(access.getOffset(), [](int64_t offset) { return offset != 0; })) {
      access.emitOpError("in a precompute reads only other fields without time levels, at "
                         "the point itself");
      return WalkResult::interrupt();
    }
    return WalkResult::advance();
  });
  return failure(bad.wasInterrupted());
}

LogicalResult ReturnOp::verify() { return success(); }

LogicalResult InjectOp::verify() {
  auto target = cast<FieldType>(getTarget().getType());
  auto source = cast<PointsType>(getSource().getType());
  if (!target.isTimeDependent() && getLevelOffset() != 0)
    return emitOpError("injects into a field without time levels at level 0 only");
  if (target.isTimeDependent() && !hasLevel(*this, target.getLevels(), getLevelOffset()))
    return emitOpError() << "injects into level " << getLevelOffset() << " of a state that keeps "
                         << target.getLevels() << " levels"
                         << levelRangeText(*this, target.getLevels());
  if (source.getRank() != target.getRank() || source.getElementType() != target.getElementType())
    return emitOpError("source and target must have the same rank and element type");
  return verifySingleValueBody(*this, getBody(), target.getElementType());
}

LogicalResult InterpolateOp::verify() {
  auto receiver = cast<PointsType>(getReceiver().getType());
  return verifySingleValueBody(*this, getBody(), receiver.getElementType());
}

//===----------------------------------------------------------------------===//
// AccessOp: `stencil.access %u[1, -2] time = -1 : !stencil.field<2 x f32, levels = 3>`
//===----------------------------------------------------------------------===//

void AccessOp::build(OpBuilder &builder, OperationState &state, Value field,
                     ArrayRef<int64_t> offset, int64_t time) {
  state.addOperands(field);
  state.addAttribute(getOffsetAttrName(state.name), builder.getDenseI64ArrayAttr(offset));
  state.addAttribute(getTimeAttrName(state.name), builder.getI64IntegerAttr(time));
  state.addTypes(cast<FieldType>(field.getType()).getElementType());
}

ParseResult AccessOp::parse(OpAsmParser &parser, OperationState &result) {
  OpAsmParser::UnresolvedOperand field;
  SmallVector<int64_t> offset;
  auto parseOffset = [&]() -> ParseResult {
    int64_t value = 0;
    if (parser.parseInteger(value))
      return failure();
    offset.push_back(value);
    return success();
  };
  int64_t time = 0;
  FieldType type;
  if (parser.parseOperand(field) ||
      parser.parseCommaSeparatedList(OpAsmParser::Delimiter::Square, parseOffset))
    return failure();
  if (succeeded(parser.parseOptionalKeyword("time")))
    if (parser.parseEqual() || parser.parseInteger(time))
      return failure();
  if (parser.parseOptionalAttrDict(result.attributes) || parser.parseColonType(type) ||
      parser.resolveOperand(field, type, result.operands))
    return failure();
  Builder &builder = parser.getBuilder();
  result.addAttribute(getOffsetAttrName(result.name), builder.getDenseI64ArrayAttr(offset));
  result.addAttribute(getTimeAttrName(result.name), builder.getI64IntegerAttr(time));
  result.addTypes(type.getElementType());
  return success();
}

void AccessOp::print(OpAsmPrinter &printer) {
  printer << " " << getField() << "[";
  llvm::interleaveComma(getOffset(), printer);
  printer << "]";
  if (getTimeOffset() != 0)
    printer << " time = " << getTimeOffset();
  printer.printOptionalAttrDict((*this)->getAttrs(), {getOffsetAttrName(), getTimeAttrName()});
  printer << " : " << getField().getType();
}

LogicalResult AccessOp::verify() {
  auto type = cast<FieldType>(getField().getType());
  if (getOffset().size() != static_cast<size_t>(type.getRank()))
    return emitOpError() << "has " << getOffset().size() << " offsets for a field of "
                         << type.getRank() << " axes";
  if (getResult().getType() != type.getElementType())
    return emitOpError("result type must be the field's element type");
  int64_t levels = type.getLevels();
  if (levels == 0 && getTimeOffset() != 0)
    return emitOpError("a field without time levels is accessed at time offset 0 only");
  if (levels > 0 && !hasLevel(*this, levels, getTimeOffset()))
    return emitOpError() << "time offset " << getTimeOffset() << " is outside the " << levels
                         << " levels kept" << levelRangeText(*this, levels);
  if (auto program = (*this)->getParentOfType<ProgramOp>())
    if (auto halo = program.getHalo())
      for (auto [axis, offset] : llvm::enumerate(getOffset()))
        if (std::abs(offset) > (*halo)[axis])
          return emitOpError() << "offset " << offset << " along axis " << axis
                               << " exceeds the program's halo of " << (*halo)[axis];
  return success();
}

#define GET_OP_CLASSES
#include "strata/Dialect/Stencil/StencilOps.cpp.inc"
