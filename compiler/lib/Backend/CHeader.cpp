//===- CHeader.cpp - C declarations for an entry point's C interface ------===//
//
// `llvm.emit_c_interface` gives every entry `@f` a wrapper `_mlir_ciface_f` that takes each
// memref as a pointer to its descriptor and every scalar by value. The header spells those
// descriptors as C structs with the same layout as MLIR's StridedMemRefType.
//
//===----------------------------------------------------------------------===//
#include "strata/Compiler/Backend/Backend.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinTypes.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/raw_ostream.h"

#include <map>

using namespace llvm;

namespace strata::backend {
namespace {

/// The C spelling of a scalar type and the word used in descriptor names, or empty.
struct CScalar {
  std::string cType, word;
};

CScalar cScalar(mlir::Type type) {
  if (type.isF32())
    return {"float", "Float"};
  if (type.isF64())
    return {"double", "Double"};
  if (type.isIndex())
    return {"int64_t", "Index"}; // index lowers to i64 on every target Strata supports
  if (type.isSignlessInteger(1))
    return {"_Bool", "Bool"};
  if (auto integer = dyn_cast<mlir::IntegerType>(type)) {
    unsigned width = integer.getWidth();
    if (width == 8 || width == 16 || width == 32 || width == 64)
      return {"int" + std::to_string(width) + "_t", "Int" + std::to_string(width)};
  }
  return {};
}

std::string descriptorName(mlir::MemRefType type) {
  return "StrataMemRef" + std::to_string(type.getRank()) + "D" +
         cScalar(type.getElementType()).word;
}

std::string descriptorStruct(mlir::MemRefType type) {
  std::string name = descriptorName(type), guard = "STRATA_DEFINED_" + name;
  std::string element = cScalar(type.getElementType()).cType;
  std::string text;
  raw_string_ostream os(text);
  // Guarded separately: several Strata headers may share a descriptor kind.
  os << "#ifndef " << guard << "\n#define " << guard << "\n"
     << "/* A rank-" << type.getRank() << " memref descriptor (MLIR StridedMemRefType). */\n"
     << "typedef struct " << name << " {\n"
     << "  " << element << " *allocated; /* what was allocated (freed by the owner) */\n"
     << "  " << element << " *aligned;   /* element [0...] is aligned[offset] */\n"
     << "  int64_t offset;\n";
  if (type.getRank() > 0)
    os << "  int64_t sizes[" << type.getRank() << "];\n"
       << "  int64_t strides[" << type.getRank() << "]; /* in elements */\n";
  os << "} " << name << ";\n#endif\n\n";
  return text;
}

bool isCKeyword(StringRef word) {
  static const StringSet<> keywords = {
      "auto",     "break",   "case",   "char",      "const",     "continue", "default",  "do",
      "double",   "else",    "enum",   "extern",    "float",     "for",      "goto",     "if",
      "inline",   "int",     "long",   "register",  "restrict",  "return",   "short",    "signed",
      "sizeof",   "static",  "struct", "switch",    "typedef",   "union",    "unsigned", "void",
      "volatile", "while",   "bool",   "class",     "delete",    "new",      "this",     "template",
      "operator", "private", "public", "protected", "namespace", "true",     "false"};
  return keywords.contains(word);
}

/// A C identifier for `name`, distinct from the ones already `used`.
std::string cIdentifier(StringRef name, unsigned index, StringSet<> &used) {
  std::string id;
  for (char c : name)
    id += (isAlnum(c) || c == '_') ? c : '_';
  if (id.empty())
    id = "arg" + std::to_string(index);
  if (isDigit(id.front()) || isCKeyword(id))
    id = "_" + id;
  std::string unique = id;
  for (unsigned n = 2; used.contains(unique); ++n)
    unique = id + "_" + std::to_string(n);
  used.insert(unique);
  return unique;
}

std::string typeText(mlir::Type type) {
  std::string text;
  raw_string_ostream os(text);
  os << type;
  return text;
}

/// What a memref argument holds, from the names and shapes StencilToLoops gives them.
std::string memrefRole(StringRef name, mlir::MemRefType type) {
  if (name.ends_with(".amplitudes"))
    return "[step][point]";
  if (name.ends_with(".support"))
    return "[point][entry][axis] padded grid indices";
  if (name.ends_with(".weights"))
    return "[point][entry]";
  if (name.ends_with(".zero_box"))
    return "[first, one past last][axis] padded indices of a box where the input is +0.0 "
           "(strata::zeroBox; an empty box is always correct, see docs/abi.md)";
  if (type.getRank() > 0 && !type.isDynamicDim(0)) {
    std::string levels = std::to_string(type.getDimSize(0));
    return levels + " time levels: step t reads (t+k) mod " + levels;
  }
  return "";
}

struct Parameter {
  std::string declaration, comment;
};

Parameter describeArgument(mlir::func::FuncOp func, unsigned index, StringSet<> &used) {
  mlir::Type type = func.getArgumentTypes()[index];
  auto nameAttr = func.getArgAttrOfType<mlir::StringAttr>(index, "stencil.name");
  StringRef name = nameAttr ? nameAttr.getValue() : StringRef();
  std::string id = cIdentifier(name, index, used);
  std::string comment =
      (name.empty() ? "argument " + std::to_string(index) : name.str()) + ": " + typeText(type);
  if (auto memref = dyn_cast<mlir::MemRefType>(type)) {
    std::string role = memrefRole(name, memref);
    return {descriptorName(memref) + " *" + id, role.empty() ? comment : comment + ", " + role};
  }
  CScalar scalar = cScalar(type);
  if (scalar.cType.empty())
    return {"STRATA_UNSUPPORTED_TYPE " + id, comment + " (no C equivalent)"};
  return {scalar.cType + " " + id, comment};
}

} // namespace

std::string generateCHeader(mlir::func::FuncOp loopsLevelEntry, StringRef guardName) {
  mlir::func::FuncOp func = loopsLevelEntry;
  std::map<std::string, mlir::MemRefType> descriptors; // sorted: stable output
  for (mlir::Type type : func.getArgumentTypes())
    if (auto memref = dyn_cast<mlir::MemRefType>(type))
      descriptors.emplace(descriptorName(memref), memref);

  std::string text;
  raw_string_ostream os(text);
  os << "/* Generated by Strata: the C interface of kernel '" << func.getSymName()
     << "'. Calling convention: docs/abi.md. */\n"
     << "#ifndef " << guardName << "\n#define " << guardName << "\n\n"
     << "#include <stdint.h>\n\n#ifdef __cplusplus\nextern \"C\" {\n#endif\n\n";
  for (const auto &entry : descriptors)
    os << descriptorStruct(entry.second);

  if (auto halo = func->getAttrOfType<mlir::DenseI64ArrayAttr>("stencil.halo"))
    os << "/* Halo (padding per axis, cells): "
       << join(map_range(halo.asArrayRef(), [](int64_t w) { return std::to_string(w); }), ", ")
       << " */\n";
  os << "void _mlir_ciface_" << func.getSymName() << "(";
  StringSet<> used;
  unsigned count = func.getNumArguments();
  for (unsigned index = 0; index < count; ++index) {
    Parameter parameter = describeArgument(func, index, used);
    os << "\n    " << parameter.declaration << (index + 1 < count ? "," : "") << " /* "
       << parameter.comment << " */";
  }
  os << (count == 0 ? "void" : "") << ");\n\n"
     << "#ifdef __cplusplus\n} /* extern \"C\" */\n#endif\n\n#endif /* " << guardName << " */\n";
  return text;
}

} // namespace strata::backend
