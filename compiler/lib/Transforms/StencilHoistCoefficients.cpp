//===- StencilHoistCoefficients.cpp - precompute coefficients read around a point -===//
//
// A derived adjoint reads the forward coefficients at every neighbour of a point: the
// acoustic one evaluates 1 / (m/dt^2 + damp/(2 dt)) at each of the 6r+1 points of its
// stencil, one division per neighbour. Those expressions depend only on fields that never
// change during the run and on scalars, so they are computed once per call instead, into
// workspace fields that the sweeps read like any other input.
//
//===----------------------------------------------------------------------===//
#include "strata/Compiler/Passes.h"

#include "mlir/IR/IRMapping.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/SetVector.h"

#include <map>
#include <set>

namespace strata {
#define GEN_PASS_DEF_STENCILHOISTCOEFFICIENTS
#include "strata/Compiler/Passes.h.inc"
} // namespace strata

using namespace mlir;
using namespace strata::stencil;

namespace {

/// What a value of an apply body is, for hoisting.
struct ValueInfo {
  enum Kind { Uniform, Invariant, Varying } kind = Varying;
  SmallVector<int64_t> offset; // Invariant: where its fields are read
};

/// Operations worth computing once instead of at every neighbour.
bool isExpensive(Operation *op) {
  return isa<arith::DivFOp, arith::RemFOp>(op) ||
         op->getDialect()->getNamespace() == math::MathDialect::getDialectNamespace();
}

class CoefficientHoisting {
public:
  CoefficientHoisting(ProgramOp program, int64_t minimumOffsets)
      : program_(program), minimumOffsets_(minimumOffsets) {}

  void run();

private:
  void findInvariantFields();
  const ValueInfo &analyze(Value value);
  ValueInfo analyzeOp(Operation *op);
  /// Text that identifies an invariant expression up to where it is evaluated.
  std::string key(Value value);
  Value cloneAtPoint(OpBuilder &builder, Value value, IRMapping &mapping);

  /// The evaluations of one expression (same key) across the program's sweeps.
  struct Expression {
    SmallVector<Value> evaluations;
    std::set<SmallVector<int64_t>> offsets; // where they are evaluated
    Value workspace;                        // the field that holds it, once hoisted
  };

  ProgramOp program_;
  int64_t minimumOffsets_;
  llvm::DenseSet<Value> invariantFields_;
  DenseMap<Value, ValueInfo> info_;
  DenseMap<Value, std::string> keys_; // memo: bodies are DAGs with shared subexpressions
};

void CoefficientHoisting::findInvariantFields() {
  llvm::DenseSet<Value> written;
  program_.walk([&](Operation *op) {
    if (auto apply = dyn_cast<ApplyOp>(op))
      written.insert(apply.getTargets().begin(), apply.getTargets().end());
    else if (auto inject = dyn_cast<InjectOp>(op))
      written.insert(inject.getTarget());
    else if (auto precompute = dyn_cast<PrecomputeOp>(op))
      written.insert(precompute.getTargets().begin(), precompute.getTargets().end());
  });
  for (BlockArgument arg : program_.getArguments())
    if (auto type = dyn_cast<FieldType>(arg.getType());
        type && !type.isTimeDependent() && !written.contains(arg))
      invariantFields_.insert(arg);
}

const ValueInfo &CoefficientHoisting::analyze(Value value) {
  auto found = info_.find(value);
  if (found != info_.end())
    return found->second;
  ValueInfo info;
  if (isa<BlockArgument>(value)) {
    // Program scalars are the same at every point; block arguments of anything else are not
    // expected in point computations.
    info.kind = cast<BlockArgument>(value).getOwner()->getParentOp() == program_.getOperation()
                    ? ValueInfo::Uniform
                    : ValueInfo::Varying;
  } else {
    info = analyzeOp(value.getDefiningOp());
  }
  return info_[value] = info;
}

ValueInfo CoefficientHoisting::analyzeOp(Operation *op) {
  ValueInfo info;
  if (auto access = dyn_cast<AccessOp>(op)) {
    if (invariantFields_.contains(access.getField())) {
      info.kind = ValueInfo::Invariant;
      info.offset.assign(access.getOffset().begin(), access.getOffset().end());
    }
    return info;
  }
  bool elementwise = OpTrait::hasElementwiseMappableTraits(op) && op->getNumRegions() == 0 &&
                     op->getNumResults() == 1 && isMemoryEffectFree(op);
  if (!elementwise && !isa<arith::ConstantOp>(op))
    return info;
  info.kind = ValueInfo::Uniform;
  for (Value operand : op->getOperands()) {
    const ValueInfo &of = analyze(operand);
    if (of.kind == ValueInfo::Varying)
      return ValueInfo();
    if (of.kind == ValueInfo::Uniform)
      continue;
    // Every field of one hoisted expression is read at the same offset, so that the
    // precomputed field is defined wherever the fields it is made of are.
    if (info.kind == ValueInfo::Invariant && info.offset != of.offset)
      return ValueInfo();
    info.kind = ValueInfo::Invariant;
    info.offset = of.offset;
  }
  return info;
}

std::string CoefficientHoisting::key(Value value) {
  if (auto known = keys_.find(value); known != keys_.end())
    return known->second;
  std::string text;
  llvm::raw_string_ostream out(text);
  if (auto arg = dyn_cast<BlockArgument>(value)) {
    out << "arg" << arg.getArgNumber();
    return text;
  }
  Operation *op = value.getDefiningOp();
  if (auto access = dyn_cast<AccessOp>(op)) {
    out << "field" << cast<BlockArgument>(access.getField()).getArgNumber();
    return text;
  }
  out << op->getName() << op->getAttrDictionary() << "(";
  for (Value operand : op->getOperands())
    out << key(operand) << ",";
  out << ")";
  return keys_[value] = text;
}

Value CoefficientHoisting::cloneAtPoint(OpBuilder &builder, Value value, IRMapping &mapping) {
  if (Value done = mapping.lookupOrNull(value))
    return done;
  if (isa<BlockArgument>(value))
    return value; // a program scalar, in scope in the precompute
  Operation *op = value.getDefiningOp();
  if (auto access = dyn_cast<AccessOp>(op)) {
    SmallVector<int64_t> zero(access.getOffset().size(), 0);
    Value read = builder.create<AccessOp>(access.getLoc(), access.getField(), zero, 0);
    mapping.map(value, read);
    return read;
  }
  for (Value operand : op->getOperands())
    cloneAtPoint(builder, operand, mapping);
  return builder.clone(*op, mapping)->getResult(0);
}

void CoefficientHoisting::run() {
  findInvariantFields();
  // Candidates: divisions and math functions of invariant fields. One whose value only
  // feeds another candidate is computed inside that one's precompute instead.
  llvm::SetVector<Value> expensive;
  program_.walk([&](ApplyOp apply) {
    for (Operation &op : apply.getBody().front())
      if (op.getNumResults() == 1 && isExpensive(&op) &&
          analyze(op.getResult(0)).kind == ValueInfo::Invariant)
        expensive.insert(op.getResult(0));
  });
  DenseMap<Value, bool> escaping; // memo: bodies are DAGs with shared subexpressions
  std::function<bool(Value)> escapes = [&](Value value) {
    if (auto known = escaping.find(value); known != escaping.end())
      return known->second;
    bool result = false;
    for (Operation *user : value.getUsers()) {
      if (user->getNumResults() != 1) {
        result = true; // stencil.return
        break;
      }
      Value used = user->getResult(0);
      if (expensive.contains(used))
        continue;
      if (analyze(used).kind != ValueInfo::Invariant || escapes(used)) {
        result = true;
        break;
      }
    }
    return escaping[value] = result;
  };
  // Expressions evaluated at enough distinct offsets are worth a workspace field each.
  llvm::MapVector<std::string, Expression, std::map<std::string, unsigned>> expressions;
  for (Value value : expensive)
    if (escapes(value)) {
      Expression &expression = expressions[key(value)];
      expression.evaluations.push_back(value);
      expression.offsets.insert(analyze(value).offset);
    }
  expressions.remove_if(
      [&](const auto &entry) { return int64_t(entry.second.offsets.size()) < minimumOffsets_; });
  if (expressions.empty())
    return;

  // New arguments: one workspace field per expression, then the recompute flag.
  MLIRContext *context = program_.getContext();
  Location loc = program_.getLoc();
  auto nameAttr = [&](const std::string &name) {
    return NamedAttribute(StringAttr::get(context, ProgramOp::getArgNameAttrName()),
                          StringAttr::get(context, name));
  };
  SmallVector<Value> workspace;
  for (auto [index, entry] : llvm::enumerate(expressions)) {
    unsigned position = program_.getNumArguments();
    SmallVector<NamedAttribute> attrs = {
        nameAttr("coefficient" + std::to_string(index)),
        NamedAttribute(StringAttr::get(context, "stencil.workspace"), UnitAttr::get(context))};
    auto fieldType = FieldType::get(context, static_cast<unsigned>(program_.getRank()),
                                    entry.second.evaluations.front().getType(), /*levels=*/0);
    program_.insertArgument(position, fieldType, DictionaryAttr::get(context, attrs), loc);
    entry.second.workspace = program_.getArgument(position);
    workspace.push_back(entry.second.workspace);
  }
  unsigned flagPosition = program_.getNumArguments();
  program_.insertArgument(flagPosition, IndexType::get(context),
                          DictionaryAttr::get(context, {nameAttr("recompute_workspace")}), loc);
  Value recompute = program_.getArgument(flagPosition);

  // The precompute, before everything else.
  OpBuilder builder(context);
  builder.setInsertionPointToStart(&program_.getBody().front());
  auto precompute = builder.create<PrecomputeOp>(loc, workspace, recompute);
  builder.setInsertionPointToStart(&precompute.getBody().emplaceBlock());
  IRMapping mapping;
  SmallVector<Value> values;
  for (const auto &entry : expressions)
    values.push_back(cloneAtPoint(builder, entry.second.evaluations.front(), mapping));
  builder.create<ReturnOp>(loc, values);

  // Each evaluation becomes a read of its workspace field at its offset.
  llvm::SetVector<ApplyOp> changed;
  for (const auto &entry : expressions)
    for (Value evaluation : entry.second.evaluations) {
      Operation *def = evaluation.getDefiningOp();
      builder.setInsertionPoint(def);
      Value read = builder.create<AccessOp>(def->getLoc(), entry.second.workspace,
                                            info_[evaluation].offset, 0);
      evaluation.replaceAllUsesWith(read);
      changed.insert(def->getParentOfType<ApplyOp>());
    }
  // The expressions' operations are now dead: erase them, users first.
  for (ApplyOp apply : changed) {
    SmallVector<Operation *> ops;
    for (Operation &op : apply.getBody().front())
      ops.push_back(&op);
    for (Operation *op : llvm::reverse(ops))
      if (isOpTriviallyDead(op))
        op->erase();
  }
}

struct StencilHoistCoefficientsPass
    : strata::impl::StencilHoistCoefficientsBase<StencilHoistCoefficientsPass> {
  using StencilHoistCoefficientsBase::StencilHoistCoefficientsBase;

  void runOnOperation() override {
    if (minimumOffsets < 1) {
      getOperation().emitError("strata-stencil-hoist-coefficients: minimum-offsets must be >= 1");
      return signalPassFailure();
    }
    CoefficientHoisting(getOperation(), minimumOffsets).run();
  }
};

} // namespace
