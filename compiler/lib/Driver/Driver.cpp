//===- Driver.cpp - from a checked model to a runnable kernel -------------===//
#include "strata/Compiler/Driver.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/InitAllDialects.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Transforms/Passes.h"
#include "llvm/Support/raw_ostream.h"

#include "strata/Compiler/Backend/Backend.h"
#include "strata/Compiler/FieldLayout.h"
#include "strata/Compiler/Passes.h"
#include "strata/Compiler/Pipelines.h"
#include "strata/Version.h"
#include "strata/frontend/EmitPDE.h"
#include "strata/frontend/Frontend.h"

#include <algorithm>
#include <chrono>

using namespace mlir;

namespace strata::compiler {
namespace {

/// Bumped whenever the lowering changes what a cached object would contain.
constexpr const char *kPipelineRevision = "pipeline-15";

double secondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

/// The dialects a Strata compile creates along the way, registered up front so that the
/// context never has to load one while passes run in parallel.
void registerDialects(MLIRContext &context) {
  DialectRegistry registry;
  registerAllDialects(registry);
  registry.insert<pde::PDEDialect, stencil::StencilDialect>();
  context.appendDialectRegistry(registry);
  context.loadAllAvailableDialects();
}

/// Bytes of the model's fields (every time level of each state) on `shape`.
double fieldBytes(const frontend::Model &model, const KernelOptions &options,
                  const std::vector<int64_t> &shape) {
  double arrays = 0;
  for (const frontend::Field &field : model.fields)
    if (field.kind == frontend::FieldKind::Input)
      arrays += 1;
    else if (field.kind == frontend::FieldKind::State)
      arrays += field.timeOrder + 1;
  double points = 1;
  for (int64_t extent : shape)
    points *= double(extent);
  return arrays * points * elementBytes(options.element);
}

/// Whether the model's fields on the grid the caller announced take at least the host's
/// last-level cache: every step then streams them from memory. False without a grid.
bool fieldsOutgrowCache(const frontend::Model &model, const KernelOptions &options) {
  return !options.gridShape.empty() && fieldBytes(model, options, options.gridShape) >=
                                           double(backend::hostLastLevelCacheBytes());
}

/// The stencil's reach r along each axis (half the widest state's space order).
int64_t stateReach(const frontend::Model &model) {
  int64_t reach = 0;
  for (const frontend::Field &field : model.fields)
    if (field.kind == frontend::FieldKind::State)
      reach = std::max<int64_t>(reach, field.spaceOrder / 2);
  return reach;
}

/// Bytes between two rows of the padded grid along z (reach r), as the runtime lays them out
/// (compiler::rowPitch: whole cache lines unless the strides are fixed to contiguous rows).
double paddedRowBytes(const KernelOptions &options, int64_t reach) {
  const int64_t bytes = elementBytes(options.element);
  const bool aligned = options.fieldStrides != KernelOptions::FieldStrides::ContiguousRows;
  return double(rowPitch(options.gridShape[2] + 2 * reach, bytes, aligned) * bytes);
}

/// Cache blocking along y in 3D (rows per block, 0: none). Automatic: where the 2r+1 planes
/// of a state that a stencil of radius r reads (what the next planes read again) do not fit
/// a core's L2 cache, blocks of the largest power of two rows (at least 8) whose planes fit
/// half of it. The other arrays are read at the point only: a few rows of each stay in use.
/// Rows are counted as the runtime pads them (paddedRowBytes).
/// Measured (docs/performance.md, "Cache blocking"): 256^3 at space order 8 ran 1.9x faster
/// in blocks of 64 rows on a 2 MiB L2 (9 planes of 256 rows: 2.4 MiB), 200^3 (1.5 MiB)
/// ran faster unblocked; on a 1 MiB L2, 32 rows matched the unblocked 256^3 sweep.
int64_t blockRows(const frontend::Model &model, const KernelOptions &options) {
  if (options.blockSize >= 0)
    return options.blockSize;
  if (options.gridShape.size() != 3)
    return kDefaultBlockSize;
  const int64_t reach = stateReach(model);
  if (reach == 0)
    return kDefaultBlockSize;
  const double rowBytes = paddedRowBytes(options, reach) * double(2 * reach + 1);
  const double l2 = double(backend::hostLevel2CacheBytes());
  if (rowBytes * double(options.gridShape[1]) <= l2)
    return 0; // whole planes fit
  int64_t rows = 8;
  while (double(rows * 2) * rowBytes <= l2 / 2)
    rows *= 2;
  return rows;
}

/// Split tiling's rows per block (0: whole planes). Automatic: kDefaultTimeTileRows (or the
/// 2 T r rows a block needs at least) where a tile's planes fit a core's L2, whole planes
/// otherwise. A thread's tile of T steps keeps about (2r+1) T planes of its B + 2r rows in
/// use: on 256^3 at space order 8, 27 planes of 40 rows of 1088 bytes, 1.1 MiB. That fits
/// a 2 MiB L2, where split tiling ran 1.37x faster than whole planes, and not a 1 MiB one,
/// where whole planes (their rows shared by the threads, from the L3) ran 1.1x faster
/// (docs/performance.md, "Eighth session" and "Ninth session").
int64_t splitTileRows(const frontend::Model &model, const KernelOptions &options,
                      int64_t timeTile) {
  if (options.timeTileRows >= 0)
    return options.timeTileRows;
  const int64_t reach = stateReach(model);
  const int64_t rows = std::max<int64_t>(kDefaultTimeTileRows, 2 * timeTile * reach);
  if (options.gridShape.size() != 3)
    return rows;
  const double tileBytes = double((2 * reach + 1) * timeTile) * double(rows + 2 * reach) *
                           paddedRowBytes(options, reach);
  return tileBytes <= double(backend::hostLevel2CacheBytes()) ? rows : 0;
}

/// Temporal blocking: steps per tile and the run-time size threshold.
std::pair<int64_t, int64_t> timeTiling(const frontend::Model &model, const KernelOptions &options) {
  if (options.timeTile >= 0) {
    int64_t minBytes = options.timeTileMinBytes >= 0 ? options.timeTileMinBytes
                                                     : backend::hostLastLevelCacheBytes();
    return {options.timeTile, options.timeTile > 1 ? minBytes : 0};
  }
  // Automatic: decided now from the grid the caller announced, so that the kernel carries
  // one loop structure (compile time) and tiles only where it pays.
  bool large = options.gridShape.size() == 3 && fieldsOutgrowCache(model, options);
  return {large ? kAutomaticTimeTile : 0, 0};
}

/// Whether strata-stencil-hoist-coefficients runs (one of the optimizations `optimizeLoops`
/// turns off).
bool hoistsCoefficients(const KernelOptions &options) {
  return options.optimizeLoops && options.hoistCoefficients;
}

/// The loop optimizations a kernel is compiled with on `target`.
LoopOptimizations loopOptimizations(const frontend::Model &model, const KernelOptions &options,
                                    const backend::Target &target) {
  LoopOptimizations loops;
  if (!options.optimizeLoops)
    return loops;
  loops.vectorWidth = options.vectorWidth >= 0
                          ? options.vectorWidth
                          : target.vectorBytes() / elementBytes(options.element);
  if (loops.vectorWidth == 1)
    loops.vectorWidth = 0;
  loops.fuseSweeps = options.fuseSweeps;
  loops.blockSize = blockRows(model, options);
  std::tie(loops.timeTile, loops.timeTileMinBytes) = timeTiling(model, options);
  if (loops.timeTile > 1)
    loops.timeTileRows = splitTileRows(model, options, loops.timeTile);
  loops.skipZeroInputs = options.skipZeroInputs;
  // Automatic: where it measured faster, the unscaled adjoint (two fields per neighbour);
  // scaled adjoints read like the forward, which does not gain (docs/performance.md).
  loops.shareRowLoads = options.shareRowLoads >= 0 ? options.shareRowLoads > 0
                                                   : options.adjoint && !options.scaleAdjointStates;
  // Automatic: where the fields stream from memory. On grids the cache holds, prefetches
  // are only extra instructions (64^3 measured up to 15% slower with them; docs/
  // performance.md, "Software prefetch").
  loops.prefetchBytes = options.prefetchBytes >= 0           ? options.prefetchBytes
                        : fieldsOutgrowCache(model, options) ? kDefaultPrefetchBytes
                                                             : 0;
  if (options.fieldStrides != KernelOptions::FieldStrides::FromDescriptor) {
    loops.fixedGrid = options.gridShape;
    loops.alignRows = options.fieldStrides == KernelOptions::FieldStrides::AlignedRows;
  }
  return loops;
}

/// Options that cannot be compiled as given.
llvm::Error checkOptions(const KernelOptions &options) {
  if (options.fieldStrides != KernelOptions::FieldStrides::FromDescriptor &&
      options.gridShape.empty())
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "fixed field strides (KernelOptions::fieldStrides) need the "
                                   "grid they are for (KernelOptions::gridShape)");
  return llvm::Error::success();
}

/// Collects MLIR diagnostics so they can travel inside an llvm::Error.
class DiagnosticCollector {
public:
  explicit DiagnosticCollector(MLIRContext &context)
      : handler_(&context, [this](Diagnostic &diag) {
          llvm::raw_string_ostream out(text_);
          out << diag.getLocation() << ": " << diag << "\n";
          return success();
        }) {}
  llvm::Error error(const std::string &what) const {
    return llvm::createStringError(llvm::inconvertibleErrorCode(), what + "\n" + text_);
  }

private:
  std::string text_;
  ScopedDiagnosticHandler handler_;
};

/// One compile: a context, the module, and the pipeline stages run on it.
class Compilation {
public:
  Compilation(const frontend::Model &model, const KernelOptions &options)
      : model_(model), element_(options.element), adjoint_(options.adjoint),
        jacobian_(options.jacobian), gradient_(options.gradient),
        hoist_(hoistsCoefficients(options)), reassociate_(options.reassociate),
        scaleAdjointStates_(options.scaleAdjointStates),
        gatherAdjointLevels_(options.gatherAdjointLevels),
        rereadGradientUpdates_(options.rereadGradientUpdates),
        imagingByParts_(options.gradientImagingByParts),
        loops_(loopOptimizations(model, options, backend::Target::host())), collector_(context_) {
    context_.disableMultithreading();
    registerDialects(context_);
  }

  llvm::Error toStencil() {
    module_ = frontend::emitPDE(model_, context_);
    PassManager pm(&context_);
    buildPDEToStencilPipeline(pm, elementTypeName(element_), adjoint_, jacobian_, gradient_, hoist_,
                              reassociate_, scaleAdjointStates_, gatherAdjointLevels_,
                              rereadGradientUpdates_, imagingByParts_);
    if (llvm::Error error = run(pm, "discretizing the model"))
      return error;
    signature_ = programSignature();
    return llvm::Error::success();
  }

  llvm::Error toLoops() {
    PassManager pm(&context_);
    buildStencilToLoopsPipeline(pm, loops_);
    if (llvm::Error error = run(pm, "lowering the stencil program to loops"))
      return error;
    // What strata-stencil-to-loops applied, as it marked the kernel's function.
    auto func = module_->lookupSymbol<func::FuncOp>(signature_.name);
    auto applied = [&](StringRef name) -> int64_t {
      auto attr = func ? func->getAttrOfType<IntegerAttr>(name) : IntegerAttr();
      return attr ? attr.getInt() : 0;
    };
    signature_.vectorWidth = applied("stencil.vector_width");
    signature_.blockSize = applied("stencil.block");
    signature_.timeTile = applied("stencil.time_tile");
    signature_.timeTileRows = applied("stencil.time_tile_rows");
    signature_.prefetchBytes = applied("stencil.prefetch");
    if (auto grid =
            func ? func->getAttrOfType<DenseI64ArrayAttr>("stencil.grid") : DenseI64ArrayAttr()) {
      signature_.fixedGrid.assign(grid.asArrayRef().begin(), grid.asArrayRef().end());
      signature_.alignedRows = func->hasAttr("stencil.aligned_rows");
    }
    // The zero boxes strata-stencil-to-loops appended to the arguments.
    for (unsigned i = 0; func && i < func.getNumArguments(); ++i)
      if (func.getArgAttr(i, "stencil.zero_box"))
        signature_.arguments.push_back({func.getArgAttrOfType<StringAttr>(i, "stencil.name").str(),
                                        KernelArgument::Kind::ZeroBox, 0});
    return llvm::Error::success();
  }

  llvm::Error toLLVM() {
    PassManager pm(&context_);
    buildLoopsToLLVMPipeline(pm);
    return run(pm, "lowering the loops to the LLVM dialect");
  }

  /// The kernel's signature: its arguments once discretized (toStencil), and the loop
  /// optimizations it got once lowered (toLoops).
  const KernelSignature &signature() const { return signature_; }

  std::string print() {
    std::string text;
    llvm::raw_string_ostream out(text);
    module_->print(out);
    return text;
  }

  ModuleOp module() { return *module_; }

private:
  KernelSignature programSignature() {
    KernelSignature signature;
    auto program = *module_->getOps<stencil::ProgramOp>().begin();
    signature.name = program.getSymName().str();
    signature.dims = static_cast<int>(program.getRank());
    signature.element = element_;
    if (auto halo = program.getHalo())
      signature.halo.assign(halo->begin(), halo->end());
    for (unsigned i = 0; i < program.getNumArguments(); ++i) {
      KernelArgument arg;
      arg.name = program.getArgName(i).str();
      Type type = program.getArgumentTypes()[i];
      if (auto field = dyn_cast<stencil::FieldType>(type)) {
        arg.kind =
            field.isTimeDependent() ? KernelArgument::Kind::State : KernelArgument::Kind::Input;
        if (program.getArgAttr(i, "stencil.workspace"))
          arg.kind = KernelArgument::Kind::Workspace;
        arg.levels = static_cast<int>(field.getLevels());
      } else if (isa<stencil::PointsType>(type)) {
        arg.kind = KernelArgument::Kind::Points;
      } else if (arg.name == "time_begin") {
        arg.kind = KernelArgument::Kind::TimeBegin;
      } else if (arg.name == "time_end") {
        arg.kind = KernelArgument::Kind::TimeEnd;
      } else if (arg.name == "recompute_workspace") {
        arg.kind = KernelArgument::Kind::Recompute;
      } else {
        arg.kind = KernelArgument::Kind::Scalar;
      }
      signature.arguments.push_back(arg);
    }
    return signature;
  }

  llvm::Error run(PassManager &pm, const char *what) {
    if (failed(pm.run(*module_)))
      return collector_.error(std::string("internal compiler error while ") + what + ":");
    return llvm::Error::success();
  }

  const frontend::Model &model_;
  ElementType element_;
  bool adjoint_;
  std::string jacobian_;
  std::string gradient_;
  bool hoist_;
  bool reassociate_;
  bool scaleAdjointStates_;
  bool gatherAdjointLevels_;
  bool rereadGradientUpdates_;
  bool imagingByParts_;
  LoopOptimizations loops_;
  MLIRContext context_;
  DiagnosticCollector collector_;
  OwningOpRef<ModuleOp> module_;
  KernelSignature signature_;
};

// Cache entries hold the signature and the object: [8-byte length][signature][object].
std::string packEntry(const KernelSignature &signature, const std::string &object) {
  std::string text = signature.serialize();
  uint64_t length = text.size();
  std::string entry(reinterpret_cast<const char *>(&length), sizeof(length));
  return entry + text + object;
}

bool unpackEntry(const std::string &entry, KernelSignature &signature, std::string &object) {
  uint64_t length = 0;
  if (entry.size() < sizeof(length))
    return false;
  std::memcpy(&length, entry.data(), sizeof(length));
  if (length > entry.size() - sizeof(length))
    return false;
  auto parsed = KernelSignature::parse(entry.substr(sizeof(length), length));
  if (!parsed)
    return false;
  signature = *parsed;
  object = entry.substr(sizeof(length) + length);
  return !object.empty();
}

std::string cacheKey(const frontend::Model &model, const KernelOptions &kernel,
                     const backend::Target &target) {
  // scaleAdjointStates and gatherAdjointLevels change only the derived transposes (adjoint,
  // gradient); rereadGradientUpdates and gradientImagingByParts only the gradient.
  const bool isTranspose = kernel.adjoint || !kernel.gradient.empty();
  std::string options =
      std::string("element=") + elementTypeName(kernel.element) +
      (kernel.adjoint ? ";adjoint" : ";forward") + ";jacobian=" + kernel.jacobian +
      ";gradient=" + kernel.gradient + (kernel.reassociate ? ";reassociate" : "") +
      (isTranspose && !kernel.scaleAdjointStates ? ";unscaled" : "") +
      (isTranspose && !kernel.gatherAdjointLevels ? ";scattered" : "") +
      (!kernel.gradient.empty() && !kernel.rereadGradientUpdates ? ";recomputed" : "") +
      (!kernel.gradient.empty() && !kernel.gradientImagingByParts ? ";unshifted" : "") + ";";
  LoopOptimizations loops = loopOptimizations(model, kernel, target);
  options +=
      std::string("hoist=") + (hoistsCoefficients(kernel) ? "1" : "0") +
      ";vector=" + std::to_string(loops.vectorWidth) + ";fuse=" + std::to_string(loops.fuseSweeps) +
      ";block=" + std::to_string(loops.blockSize) + ";tile=" + std::to_string(loops.timeTile) +
      "@" + std::to_string(loops.timeTileMinBytes) + "x" + std::to_string(loops.timeTileRows) +
      ";zero=" + std::to_string(loops.skipZeroInputs) +
      ";rows=" + std::to_string(loops.shareRowLoads) +
      ";prefetch=" + std::to_string(loops.prefetchBytes) + ";strides=";
  for (int64_t extent : loops.fixedGrid)
    options += std::to_string(extent) + ",";
  options += std::string(loops.alignRows ? "aligned" : "") + ";" + kPipelineRevision;
  return backend::KernelCache::key(frontend::printAST(model), options, target,
                                   STRATA_VERSION_STRING);
}

llvm::Expected<std::unique_ptr<CompiledKernel>> load(KernelSignature signature, std::string object,
                                                     CompileTimings timings) {
  backend::PhaseTimings phases;
  auto loaded = backend::LoadedKernel::load(std::move(object), &phases);
  if (!loaded)
    return loaded.takeError();
  auto entry = (*loaded)->lookup(signature.packedSymbol());
  if (!entry)
    return entry.takeError();
  timings.load = phases.loadSeconds;
  return std::make_unique<CompiledKernel>(std::move(signature), std::move(*loaded),
                                          reinterpret_cast<CompiledKernel::PackedEntry>(*entry),
                                          timings);
}

} // namespace

CompiledKernel::CompiledKernel(KernelSignature signature,
                               std::unique_ptr<backend::LoadedKernel> code, PackedEntry entry,
                               CompileTimings timings)
    : signature_(std::move(signature)), code_(std::move(code)), entry_(entry), timings_(timings) {}

CompiledKernel::~CompiledKernel() = default;

std::string describeLoopOptimizations(const frontend::Model &model, const KernelOptions &options,
                                      const KernelSignature &signature) {
  if (!options.optimizeLoops)
    return options.reassociate ? "plain loops, reassociated" : "plain loops";
  // What the kernel does, as the signature records it, rather than what was asked: SIMD
  // needs elementwise bodies, blocks a 3D grid, wavefronts a time loop of the right shape.
  LoopOptimizations loops = loopOptimizations(model, options, backend::Target::host());
  std::vector<std::string> parts;
  if (signature.vectorWidth > 0)
    parts.push_back("SIMD " + std::to_string(signature.vectorWidth) + " lanes");
  if (loops.fuseSweeps)
    parts.push_back("sweep fusion");
  if (signature.vectorWidth > 0 && loops.shareRowLoads)
    parts.push_back("shared row loads");
  if (signature.prefetchBytes > 0)
    parts.push_back("prefetch " + std::to_string(signature.prefetchBytes) + " B ahead");
  bool precomputed = std::any_of(
      signature.arguments.begin(), signature.arguments.end(),
      [](const KernelArgument &arg) { return arg.kind == KernelArgument::Kind::Workspace; });
  if (precomputed)
    parts.push_back("precomputed coefficients");
  if (signature.blockSize > 0)
    parts.push_back("blocks of " + std::to_string(signature.blockSize) + " rows");
  std::string skipped;
  for (const KernelArgument &arg : signature.arguments)
    if (arg.kind == KernelArgument::Kind::ZeroBox)
      skipped += (skipped.empty() ? "" : ", ") + zeroBoxInput(arg);
  if (!skipped.empty())
    parts.push_back("skips zero " + skipped);
  if (signature.timeTile > 1)
    parts.push_back(
        "temporal blocking " + std::to_string(signature.timeTile) + " steps" +
        (signature.timeTileRows > 0
             ? " in blocks of " + std::to_string(signature.timeTileRows) + " rows"
             : "") +
        (loops.timeTileMinBytes > 0
             ? " above " + std::to_string(loops.timeTileMinBytes >> 20) + " MiB of fields"
             : ""));
  if (options.reassociate)
    parts.push_back("reassociated");
  if (!signature.fixedGrid.empty())
    parts.push_back(std::string("fixed strides") + (signature.alignedRows ? ", aligned rows" : ""));
  std::string text;
  for (const std::string &part : parts)
    text += (text.empty() ? "" : ", ") + part;
  return text.empty() ? "no loop optimizations" : text;
}

llvm::Expected<std::unique_ptr<CompiledKernel>> compileKernel(const frontend::Model &model,
                                                              const KernelOptions &options) {
  if (llvm::Error error = checkOptions(options))
    return error;
  auto start = std::chrono::steady_clock::now();
  CompileTimings timings;
  backend::Target target = backend::Target::host();
  std::optional<backend::KernelCache> cache;
  std::string key;
  if (options.useCache) {
    cache.emplace(options.cacheDirectory.empty() ? backend::KernelCache::defaultDirectory()
                                                 : options.cacheDirectory);
    key = cacheKey(model, options, target);
    if (auto entry = cache->load(key)) {
      KernelSignature signature;
      std::string object;
      if (unpackEntry(*entry, signature, object)) {
        timings.cacheHit = true;
        timings.cache = secondsSince(start);
        auto kernel = load(std::move(signature), std::move(object), timings);
        if (kernel)
          (*kernel)->timingsForUpdate().total = secondsSince(start);
        return kernel;
      }
    }
  }

  Compilation compilation(model, options);
  auto phase = std::chrono::steady_clock::now();
  if (llvm::Error error = compilation.toStencil())
    return error;
  timings.emit = secondsSince(phase);
  phase = std::chrono::steady_clock::now();
  if (llvm::Error error = compilation.toLoops())
    return error;
  if (llvm::Error error = compilation.toLLVM())
    return error;
  timings.passes = secondsSince(phase);
  backend::PhaseTimings phases;
  auto object = backend::compileToObject(compilation.module(), target, &phases);
  if (!object)
    return object.takeError();
  timings.translate = phases.translateSeconds;
  timings.optimize = phases.optimizeSeconds;
  timings.codegen = phases.codegenSeconds;
  if (cache)
    cache->store(key, packEntry(compilation.signature(), *object));
  auto kernel = load(compilation.signature(), std::move(*object), timings);
  if (kernel)
    (*kernel)->timingsForUpdate().total = secondsSince(start);
  return kernel;
}

llvm::Expected<std::string> lowerToText(const frontend::Model &model, Stage stage,
                                        const KernelOptions &options) {
  if (llvm::Error error = checkOptions(options))
    return error;
  Compilation compilation(model, options);
  if (llvm::Error error = compilation.toStencil())
    return error;
  if (stage != Stage::Stencil)
    if (llvm::Error error = compilation.toLoops())
      return error;
  if (stage == Stage::LLVM)
    if (llvm::Error error = compilation.toLLVM())
      return error;
  return compilation.print();
}

llvm::Expected<AheadOfTimeKernel> compileAheadOfTime(const frontend::Model &model,
                                                     const KernelOptions &options) {
  if (llvm::Error error = checkOptions(options))
    return error;
  Compilation compilation(model, options);
  AheadOfTimeKernel result;
  if (llvm::Error error = compilation.toStencil())
    return error;
  if (llvm::Error error = compilation.toLoops())
    return error;
  result.signature = compilation.signature();
  auto entry = compilation.module().lookupSymbol<func::FuncOp>(result.signature.name);
  std::string guard = "STRATA_KERNEL_" + llvm::StringRef(result.signature.name).upper() + "_H";
  result.header = backend::generateCHeader(entry, guard);
  if (llvm::Error error = compilation.toLLVM())
    return error;
  auto object = backend::compileToObject(compilation.module(), backend::Target::host());
  if (!object)
    return object.takeError();
  result.object = std::move(*object);
  return result;
}

} // namespace strata::compiler
