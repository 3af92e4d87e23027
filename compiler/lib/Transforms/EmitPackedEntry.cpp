//===- EmitPackedEntry.cpp - uniform void(void**) kernel entry points -----===//
#include "strata/Compiler/Passes.h"

namespace strata {
#define GEN_PASS_DEF_EMITPACKEDENTRY
#include "strata/Compiler/Passes.h.inc"
} // namespace strata

using namespace mlir;

namespace {

constexpr llvm::StringLiteral kCInterfacePrefix = "_mlir_ciface_";
constexpr llvm::StringLiteral kPackedPrefix = "_strata_packed_";

void emitPackedEntry(ModuleOp module, LLVM::LLVMFuncOp target) {
  MLIRContext *context = module.getContext();
  OpBuilder builder(context);
  builder.setInsertionPointToEnd(module.getBody());
  Location loc = target.getLoc();
  auto ptr = LLVM::LLVMPointerType::get(context);
  std::string name = (kPackedPrefix + target.getName().drop_front(kCInterfacePrefix.size())).str();
  auto type = LLVM::LLVMFunctionType::get(LLVM::LLVMVoidType::get(context), {ptr});
  auto packed = builder.create<LLVM::LLVMFuncOp>(loc, name, type);
  Block *entry = packed.addEntryBlock(builder);
  builder.setInsertionPointToStart(entry);

  SmallVector<Value> arguments;
  Value array = entry->getArgument(0);
  for (auto [index, argType] : llvm::enumerate(target.getFunctionType().getParams())) {
    Value slot = builder.create<LLVM::GEPOp>(loc, ptr, ptr, array,
                                             ArrayRef<LLVM::GEPArg>{static_cast<int32_t>(index)});
    Value address = builder.create<LLVM::LoadOp>(loc, ptr, slot);
    arguments.push_back(builder.create<LLVM::LoadOp>(loc, argType, address));
  }
  builder.create<LLVM::CallOp>(loc, target, arguments);
  builder.create<LLVM::ReturnOp>(loc, ValueRange{});
}

struct EmitPackedEntryPass : strata::impl::EmitPackedEntryBase<EmitPackedEntryPass> {
  void runOnOperation() override {
    SmallVector<LLVM::LLVMFuncOp> targets;
    for (auto func : getOperation().getOps<LLVM::LLVMFuncOp>())
      if (func.getName().starts_with(kCInterfacePrefix) && !func.isExternal())
        targets.push_back(func);
    for (LLVM::LLVMFuncOp target : targets)
      emitPackedEntry(getOperation(), target);
  }
};

} // namespace
