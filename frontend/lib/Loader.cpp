//===- Loader.cpp - Reading model files and resolving imports -------------===//
//
// `import "x.pde"` splices the declarations of x.pde (minus its own `model`
// line) in place of the import. Paths resolve against the importing file's
// folder, then the include directories. A file already imported is skipped,
// so diamond imports are harmless; importing a file that is still being
// loaded is a cycle.
//
//===----------------------------------------------------------------------===//
#include "strata/frontend/Frontend.h"
#include "strata/frontend/Parser.h"
#include "strata/frontend/Sema.h"

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

namespace strata::frontend {

namespace fs = std::filesystem;

namespace {

/// Import nesting beyond this is reported (protects against long chains).
constexpr int kMaxImportDepth = 64;

std::string sizeLimitText() { return std::to_string(kMaxSourceBytes >> 20) + " MiB"; }

class ModelLoader {
public:
  ModelLoader(const CompileOptions &options, DiagnosticEngine &diags)
      : options_(options), diags_(diags) {}

  std::unique_ptr<Model> loadMain(const std::string &name, std::shared_ptr<const std::string> text);
  std::optional<std::string> readFile(const std::string &path, const SourceRange &requestedAt);

private:
  void loadInto(const std::string &name, std::shared_ptr<const std::string> text, bool isMain,
                std::vector<Decl> &out);
  std::optional<fs::path> resolveImport(const std::string &importer, const std::string &target);

  const CompileOptions &options_;
  DiagnosticEngine &diags_;
  std::vector<std::string> loading_; // canonical paths on the import stack
  std::set<std::string> loaded_;
  std::vector<std::string> files_;
  std::vector<std::shared_ptr<const std::string>> buffers_; // kept alive for Token views
};

std::string canonicalKey(const std::string &path) {
  std::error_code ec;
  fs::path canonical = fs::weakly_canonical(path, ec);
  return ec ? fs::path(path).lexically_normal().string() : canonical.string();
}

std::optional<std::string> ModelLoader::readFile(const std::string &path,
                                                 const SourceRange &requestedAt) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    diags_.error(requestedAt, "'" + path + "' is a directory, not a model file");
    return std::nullopt;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    diags_.error(requestedAt, "cannot open file '" + path + "'");
    return std::nullopt;
  }
  std::string text;
  char buffer[1 << 16];
  while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
    text.append(buffer, static_cast<std::size_t>(in.gcount()));
    if (text.size() > kMaxSourceBytes) {
      diags_.error(requestedAt,
                   "file '" + path + "' is too large (the limit is " + sizeLimitText() + ")");
      return std::nullopt;
    }
  }
  return text;
}

std::optional<fs::path> ModelLoader::resolveImport(const std::string &importer,
                                                   const std::string &target) {
  std::vector<fs::path> candidates;
  fs::path targetPath(target);
  if (targetPath.is_absolute()) {
    candidates.push_back(targetPath);
  } else {
    candidates.push_back(fs::path(importer).parent_path() / targetPath);
    for (const std::string &dir : options_.includeDirs)
      candidates.push_back(fs::path(dir) / targetPath);
  }
  for (const fs::path &candidate : candidates) {
    std::error_code ec;
    if (fs::is_regular_file(candidate, ec))
      return candidate.lexically_normal();
  }
  return std::nullopt;
}

void ModelLoader::loadInto(const std::string &name, std::shared_ptr<const std::string> text,
                           bool isMain, std::vector<Decl> &out) {
  diags_.addSource(name, text);
  buffers_.push_back(text);
  files_.push_back(name);
  std::string key = canonicalKey(name);
  loading_.push_back(key);
  loaded_.insert(key);
  ParsedFile parsed = Parser(name, *text, diags_).parseFile();
  if (isMain && parsed.decls.empty() && !diags_.hasErrors())
    diags_.error({{name, 1, 1}, 1}, "a model file must start with 'model NAME'");
  bool first = true;
  for (Decl &decl : parsed.decls) {
    if (diags_.shouldStop())
      break;
    bool wasFirst = first;
    first = false;
    if (decl.kind == DeclKind::Model && !isMain)
      continue; // an imported file's own model name is irrelevant
    if (decl.kind != DeclKind::Import) {
      if (isMain && wasFirst && decl.kind != DeclKind::Model)
        diags_.error(decl.range, "a model file must start with 'model NAME'");
      out.push_back(std::move(decl));
      continue;
    }
    std::optional<fs::path> resolved = resolveImport(name, decl.name);
    if (!resolved) {
      diags_.error(decl.nameRange, "cannot find imported file '" + decl.name + "'");
      continue;
    }
    std::string path = resolved->string();
    std::string importKey = canonicalKey(path);
    if (std::find(loading_.begin(), loading_.end(), importKey) != loading_.end()) {
      std::string chain;
      auto start = std::find(loading_.begin(), loading_.end(), importKey);
      for (auto it = start; it != loading_.end(); ++it)
        chain += fs::path(*it).filename().string() + " -> ";
      diags_.error(decl.nameRange,
                   "import cycle: " + chain + fs::path(importKey).filename().string());
      continue;
    }
    if (loaded_.count(importKey))
      continue;
    if (static_cast<int>(loading_.size()) >= kMaxImportDepth) {
      diags_.error(decl.nameRange,
                   "imports nested too deeply (limit " + std::to_string(kMaxImportDepth) + ")");
      continue;
    }
    std::optional<std::string> imported = readFile(path, decl.nameRange);
    if (!imported)
      continue;
    loadInto(path, std::make_shared<const std::string>(std::move(*imported)), false, out);
  }
  loading_.pop_back();
}

std::unique_ptr<Model> ModelLoader::loadMain(const std::string &name,
                                             std::shared_ptr<const std::string> text) {
  int errorsBefore = diags_.errorCount();
  if (text->size() > kMaxSourceBytes) {
    diags_.error("'" + name + "' is too large (" + std::to_string(text->size()) +
                 " bytes; the limit is " + sizeLimitText() + ")");
    return nullptr;
  }
  std::vector<Decl> decls;
  loadInto(name, std::move(text), true, decls);
  if (diags_.errorCount() > errorsBefore)
    return nullptr;
  std::unique_ptr<Model> model = analyzeModel(std::move(decls), options_, diags_);
  if (!model || diags_.errorCount() > errorsBefore)
    return nullptr;
  model->files = files_;
  return model;
}

} // namespace

std::unique_ptr<Model> loadModelFile(const std::string &path, const CompileOptions &options,
                                     DiagnosticEngine &diags) {
  ModelLoader loader(options, diags);
  std::error_code ec;
  if (fs::exists(path, ec) && fs::is_regular_file(path, ec) &&
      fs::file_size(path, ec) > kMaxSourceBytes) {
    diags.error("'" + path + "' is too large (" + std::to_string(fs::file_size(path, ec)) +
                " bytes; the limit is " + sizeLimitText() + ")");
    return nullptr;
  }
  std::optional<std::string> text = loader.readFile(path, SourceRange{});
  if (!text)
    return nullptr;
  return loader.loadMain(path, std::make_shared<const std::string>(std::move(*text)));
}

std::unique_ptr<Model> loadModelSource(const std::string &bufferName, const std::string &text,
                                       const CompileOptions &options, DiagnosticEngine &diags) {
  ModelLoader loader(options, diags);
  return loader.loadMain(bufferName, std::make_shared<const std::string>(text));
}

} // namespace strata::frontend
