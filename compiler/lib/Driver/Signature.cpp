//===- Signature.cpp - kernel signatures and their text form --------------===//
#include "strata/Compiler/Driver.h"

#include <sstream>

namespace strata::compiler {

const char *elementTypeName(ElementType type) { return type == ElementType::F32 ? "f32" : "f64"; }

std::optional<ElementType> parseElementType(const std::string &name) {
  if (name == "f32" || name == "float32")
    return ElementType::F32;
  if (name == "f64" || name == "float64")
    return ElementType::F64;
  return std::nullopt;
}

namespace {
const char *kindName(KernelArgument::Kind kind) {
  switch (kind) {
  case KernelArgument::Kind::Input:
    return "input";
  case KernelArgument::Kind::State:
    return "state";
  case KernelArgument::Kind::Points:
    return "points";
  case KernelArgument::Kind::Scalar:
    return "scalar";
  case KernelArgument::Kind::TimeBegin:
    return "time_begin";
  case KernelArgument::Kind::TimeEnd:
    return "time_end";
  case KernelArgument::Kind::Workspace:
    return "workspace";
  case KernelArgument::Kind::Recompute:
    return "recompute";
  case KernelArgument::Kind::ZeroBox:
    return "zero_box";
  }
  return "?";
}

std::optional<KernelArgument::Kind> parseKind(const std::string &name) {
  for (auto kind :
       {KernelArgument::Kind::Input, KernelArgument::Kind::State, KernelArgument::Kind::Points,
        KernelArgument::Kind::Scalar, KernelArgument::Kind::TimeBegin,
        KernelArgument::Kind::TimeEnd, KernelArgument::Kind::Workspace,
        KernelArgument::Kind::Recompute, KernelArgument::Kind::ZeroBox})
    if (name == kindName(kind))
      return kind;
  return std::nullopt;
}
} // namespace

// One item per line: `name N`, `dims N`, `element T`, `halo a b c`, `loops VECTOR BLOCK TILE
// PREFETCH TILE_ROWS`, for kernels with fixed strides `strides aligned|contiguous NX NY NZ`,
// `arg KIND NAME LEVELS`.
std::string KernelSignature::serialize() const {
  std::ostringstream out;
  out << "name " << name << "\ndims " << dims << "\nelement " << elementTypeName(element)
      << "\nhalo";
  for (int64_t width : halo)
    out << " " << width;
  out << "\nloops " << vectorWidth << " " << blockSize << " " << timeTile << " " << prefetchBytes
      << " " << timeTileRows << "\n";
  if (!fixedGrid.empty()) {
    out << "strides " << (alignedRows ? "aligned" : "contiguous");
    for (int64_t extent : fixedGrid)
      out << " " << extent;
    out << "\n";
  }
  for (const KernelArgument &arg : arguments)
    out << "arg " << kindName(arg.kind) << " " << arg.name << " " << arg.levels << "\n";
  return out.str();
}

std::optional<KernelSignature> KernelSignature::parse(const std::string &text) {
  KernelSignature signature;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    std::string key;
    fields >> key;
    if (key == "name") {
      fields >> signature.name;
    } else if (key == "dims") {
      fields >> signature.dims;
    } else if (key == "element") {
      std::string element;
      fields >> element;
      auto parsed = parseElementType(element);
      if (!parsed)
        return std::nullopt;
      signature.element = *parsed;
    } else if (key == "halo") {
      for (int64_t width; fields >> width;)
        signature.halo.push_back(width);
    } else if (key == "loops") {
      fields >> signature.vectorWidth >> signature.blockSize >> signature.timeTile;
      // Signatures written before the prefetch distance end here.
      if (fields && !(fields >> signature.prefetchBytes) && fields.eof())
        fields.clear(std::ios::eofbit);
      // ... and those written before split tiling, here.
      else if (fields && !(fields >> signature.timeTileRows) && fields.eof())
        fields.clear(std::ios::eofbit);
    } else if (key == "strides") {
      std::string rows;
      fields >> rows;
      if (rows != "aligned" && rows != "contiguous")
        return std::nullopt;
      signature.alignedRows = rows == "aligned";
      for (int64_t extent; fields >> extent;)
        signature.fixedGrid.push_back(extent);
      if (signature.fixedGrid.empty())
        return std::nullopt;
      fields.clear(std::ios::eofbit);
    } else if (key == "arg") {
      std::string kind;
      KernelArgument arg;
      fields >> kind >> arg.name >> arg.levels;
      auto parsed = parseKind(kind);
      if (!parsed || fields.fail())
        return std::nullopt;
      arg.kind = *parsed;
      signature.arguments.push_back(arg);
    } else if (!key.empty()) {
      return std::nullopt;
    }
    if (fields.fail() && key != "halo")
      return std::nullopt;
  }
  if (signature.name.empty() || signature.dims < 1 || signature.dims > 3 ||
      signature.halo.size() != static_cast<size_t>(signature.dims) ||
      (!signature.fixedGrid.empty() &&
       signature.fixedGrid.size() != static_cast<size_t>(signature.dims)))
    return std::nullopt;
  return signature;
}

} // namespace strata::compiler
