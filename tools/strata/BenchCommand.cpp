//===- BenchCommand.cpp - `strata bench`: kernel throughput vs the roofline ===//
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <sstream>

#include "ArgParser.h"
#include "Commands.h"
#include "strata/Runtime/Bandwidth.h"
#include "strata/Runtime/Operator.h"
#include "strata/Runtime/Seismic/Damping.h"
#include "strata/frontend/Frontend.h"

namespace strata::cli {
namespace {

using compiler::KernelArgument;

ArgParser benchParser() {
  return ArgParser(
      "bench", "MODEL.pde --shape NX,NZ[,..] [options]",
      withGradientDerivationOptions({
          {"shape", "NX,NZ[,..]", "interior grid points per axis (2 or 3 axes)", ""},
          {"nt", "STEPS", "time steps per run (default 100)", ""},
          {"runs", "N", "timed runs; the median is reported (default 5)", ""},
          {"define", "NAME=VALUE", "override a model option, e.g. -D space_order=8", "D", true},
          {"space-order", "N", "shorthand for -D space_order=N", ""},
          {"dtype", "TYPE", "f32 (default) or f64", ""},
          {"adjoint", "", "benchmark the derived adjoint kernel", ""},
          {"unscaled-adjoint", "",
           "with --adjoint or --gradient: no scaled adjoint states (to compare; rounding differs)",
           ""},
          {"scatter-adjoint", "",
           "with --adjoint or --gradient: steps scatter into levels t and t-1 instead of "
           "computing level t whole (to compare; rounding differs)",
           ""},
          {"jacobian", "INPUT", "benchmark the linearization (Born) kernel w.r.t. INPUT", ""},
          {"gradient", "INPUT", "benchmark the gradient kernel (J^T) w.r.t. INPUT", ""},
          {"plain", "", "the plain lowering: no SIMD, sweep fusion or blocking (to compare)", ""},
          {"vector-width", "N", "SIMD lanes (default: the CPU's widest registers; 0: none)", ""},
          {"no-fuse", "", "one loop nest per apply (no sweep fusion)", ""},
          {"time-tile", "T",
           "temporal blocking, T steps per wavefront (3D forward; default: automatic; 0: none)",
           ""},
          {"tile-rows", "N",
           "with temporal blocking: blocks of N y rows, one thread each (default 32; 0: whole "
           "planes, each plane's rows in parallel)",
           ""},
          {"no-hoist", "", "no precomputed coefficients (strata-stencil-hoist-coefficients)", ""},
          {"share-row-loads", "0|1",
           "neighbours along the contiguous axis from two vector loads and shuffles (default: "
           "unscaled adjoint kernels only)",
           ""},
          {"huge-pages", "0|1",
           "allocate the fields with huge pages advised, as the simulator does (default 1)", ""},
          {"dynamic-strides", "",
           "the kernel reads the fields' strides from their descriptors instead of having them "
           "compiled in (to compare)",
           ""},
          {"align-rows", "0|1",
           "pad the fields' rows to whole cache lines, interiors aligned, as the simulator does "
           "(default 1; 0: contiguous rows)",
           ""},
          {"prefetch", "BYTES",
           "software prefetch of each vector's new rows this far ahead (default: automatic, 512 "
           "where the fields outgrow the last-level cache; 0: none)",
           ""},
          {"no-skip-zero", "",
           "read zero_interior inputs everywhere (no zero box, strata-stencil-to-loops)", ""},
          {"absorb", "N",
           "zero_interior inputs (damping) get the simulator's absorbing layer, N points wide "
           "(default 40, fewer on small grids; 0: zero everywhere)",
           ""},
          {"block", "N",
           "3D cache block of N y rows (default: automatic, where a sweep's planes outgrow "
           "the L2; 0: none)",
           ""},
          {"reassociate", "",
           "factor shared stencil coefficients and allow FMA contraction (results change by "
           "rounding)",
           ""},
          {"threads", "N", "threads (default: OMP_NUM_THREADS or all cores)", ""},
          {"stream-mb", "MB", "array size of the STREAM triad measurement (default 256)", ""},
      }));
}

/// Which kernel of the model (how its loops were built is the `loops` line's business).
std::string variantName(const KernelOptions &options) {
  std::string name = options.adjoint             ? "adjoint"
                     : !options.jacobian.empty() ? "born"
                     : !options.gradient.empty() ? "gradient"
                                                 : "forward";
  if (!options.scaleAdjointStates)
    name += ", unscaled";
  if (!options.gatherAdjointLevels)
    name += ", scattered";
  if (!options.gradient.empty() && !options.rereadGradientUpdates)
    name += ", recomputed update";
  if (!options.gradient.empty() && !options.gradientImagingByParts)
    name += ", imaging not by parts";
  return name;
}

std::vector<int64_t> parseShape(const std::string &text) {
  std::vector<int64_t> shape;
  std::stringstream in(text);
  for (std::string item; std::getline(in, item, ',');)
    shape.push_back(parsePositiveInt("--shape", item));
  if (shape.size() < 2 || shape.size() > 3)
    throw UsageError("--shape expects 2 or 3 comma-separated extents, got '" + text + "'");
  return shape;
}

/// Bytes one grid point moves per step in a single sweep: each input read once, each level
/// of each state read or written once, an input with a zero box only on the rows it does
/// not cover whole (`skippedFraction` of the points lie on rows it does). The roofline
/// divides the bandwidth by this.
double bytesPerPoint(const KernelSignature &signature, double skippedFraction) {
  double arrays = 0;
  for (const KernelArgument &argument : signature.arguments)
    if (argument.kind == KernelArgument::Kind::Input ||
        argument.kind == KernelArgument::Kind::Workspace)
      arrays += 1;
    else if (argument.kind == KernelArgument::Kind::State)
      arrays += argument.levels;
    else if (argument.kind == KernelArgument::Kind::ZeroBox)
      arrays -= skippedFraction;
  return arrays * compiler::elementBytes(signature.element);
}

/// The fraction of the points on rows (along the contiguous axis) where the damping field is
/// zero whole: kernels skip a zero input on such rows only. A layer on every face leaves
/// none; no layer, all of them.
double wholeZeroRowFraction(int64_t layer) { return layer == 0 ? 1.0 : 0.0; }

/// The damping layer bench binds: `requested` points, or by default (-1) 40 (the layer of
/// the Devito anchor), fewer on grids too small for it: at least one physical point.
int64_t dampingLayer(const std::vector<int64_t> &shape, int64_t requested) {
  const int64_t widest = (*std::min_element(shape.begin(), shape.end()) - 1) / 2;
  if (requested < 0)
    return std::min<int64_t>(40, widest);
  if (requested > widest)
    throw UsageError("--absorb " + std::to_string(requested) +
                     " leaves no physical point on this grid (at most " + std::to_string(widest) +
                     ")");
  return requested;
}

/// The damping field the simulator would bind (runtime::dampingField: zero inside and in the
/// halo, growing through a `layer`-point absorbing layer), for 10 m spacing and 1.5 km/s.
std::vector<double> dampingFieldFor(const std::vector<int64_t> &shape,
                                    const std::vector<int64_t> &halo, int64_t layer) {
  runtime::Domain domain;
  for (int64_t extent : shape) {
    domain.shape.push_back(extent - 2 * layer);
    domain.spacing.push_back(10.0);
    domain.origin.push_back(0.0);
  }
  domain.absorbingWidth = layer;
  return runtime::dampingField(domain, halo, 1.5);
}

/// How bench lays out and allocates the fields: as the simulator does by default.
struct BenchLayout {
  bool hugePages = true; // fieldArray: huge pages advised (--huge-pages 0: not)
  bool alignRows = true; // padded, aligned rows (--align-rows 0: contiguous rows)
};

/// Binds zero-filled states, unit inputs (those the model declares zero_interior, whether
/// or not the kernel skips them, a damping field with a `layer`-point absorbing layer), no
/// sparse points and benign scalars.
template <typename T>
std::vector<FieldBuffer<T>> bindForBenchmark(Operator &op, const frontend::Model &model,
                                             const std::vector<int64_t> &shape, int64_t layer,
                                             const BenchLayout &how) {
  std::vector<FieldBuffer<T>> arrays;
  arrays.reserve(op.signature().arguments.size());
  for (const KernelArgument &argument : op.signature().arguments) {
    switch (argument.kind) {
    case KernelArgument::Kind::Input:
    case KernelArgument::Kind::State: {
      // Laid out as the simulator lays them out: rows padded and aligned, a state's levels
      // padded apart (see paddedFieldLayout).
      FieldLayout layout = op.fieldLayout(argument.name, shape, how.alignRows);
      const bool isInput = argument.kind == KernelArgument::Kind::Input;
      bool damping =
          isInput && std::any_of(model.fields.begin(), model.fields.end(), [&](auto &field) {
            return field.name == argument.name && field.zeroInterior;
          });
      arrays.emplace_back(std::move(layout), isInput ? T(1) : T(0), how.hugePages);
      if (damping)
        arrays.back().assign(dampingFieldFor(shape, op.halo(), layer));
      op.bindField(argument.name, arrays.back());
      break;
    }
    case KernelArgument::Kind::Points:
      op.bindPoints(argument.name, static_cast<T *>(nullptr), 0, 0, nullptr, 0, nullptr);
      break;
    case KernelArgument::Kind::Scalar:
      op.setScalar(argument.name, argument.name == "dt" ? 0.1 : 10.0);
      break;
    default:
      break;
    }
  }
  return arrays;
}

} // namespace

int runBench(const std::vector<std::string> &arguments) {
  ArgParser parser = benchParser();
  ParsedArgs args = parser.parse(arguments);
  if (args.has("help")) {
    std::cout << parser.usage();
    return 0;
  }
  if (args.positionals().size() != 1 || !args.get("shape"))
    throw UsageError("bench expects one MODEL.pde and --shape\n" + parser.usage());
  std::vector<int64_t> shape = parseShape(*args.get("shape"));
  const int nt = parsePositiveInt("--nt", args.get("nt").value_or("100"));
  const int runs = parsePositiveInt("--runs", args.get("runs").value_or("5"));
  const int streamMb = parsePositiveInt("--stream-mb", args.get("stream-mb").value_or("256"));
  if (auto threads = args.get("threads"))
    setThreadCount(parsePositiveInt("--threads", *threads));
  KernelOptions options;
  options.element = elementType(args);
  options.adjoint = args.has("adjoint");
  options.jacobian = args.get("jacobian").value_or("");
  options.gradient = args.get("gradient").value_or("");
  setAdjointDerivation(args, options);
  options.gridShape = shape;
  options.optimizeLoops = !args.has("plain");
  options.fuseSweeps = !args.has("no-fuse");
  options.hoistCoefficients = !args.has("no-hoist");
  options.skipZeroInputs = !args.has("no-skip-zero");
  if (auto prefetch = args.get("prefetch"))
    options.prefetchBytes = parseNonNegativeInt("--prefetch", *prefetch);
  if (auto share = args.get("share-row-loads"))
    options.shareRowLoads = parseNonNegativeInt("--share-row-loads", *share) > 0;
  BenchLayout layout;
  layout.hugePages =
      !args.get("huge-pages") || parseNonNegativeInt("--huge-pages", *args.get("huge-pages")) > 0;
  layout.alignRows =
      !args.get("align-rows") || parseNonNegativeInt("--align-rows", *args.get("align-rows")) > 0;
  // As the simulator compiles: the layout's strides as constants (--dynamic-strides: read
  // from the descriptors, to compare).
  options.fieldStrides = args.has("dynamic-strides") ? KernelOptions::FieldStrides::FromDescriptor
                         : layout.alignRows          ? KernelOptions::FieldStrides::AlignedRows
                                                     : KernelOptions::FieldStrides::ContiguousRows;
  const int64_t layer = dampingLayer(
      shape, args.get("absorb") ? parseNonNegativeInt("--absorb", *args.get("absorb")) : -1);
  if (auto width = args.get("vector-width"))
    options.vectorWidth = parseNonNegativeInt("--vector-width", *width);
  if (auto tile = args.get("time-tile"))
    options.timeTile = parseNonNegativeInt("--time-tile", *tile);
  if (auto rows = args.get("tile-rows"))
    options.timeTileRows = parseNonNegativeInt("--tile-rows", *rows);
  if (auto block = args.get("block"))
    options.blockSize = parseNonNegativeInt("--block", *block);
  options.reassociate = args.has("reassociate");

  frontend::CompileOptions compileOptions;
  compileOptions.dims = static_cast<int>(shape.size());
  addDefines(args.getAll("define"), compileOptions.defines);
  if (auto order = args.get("space-order"))
    compileOptions.defines["space_order"] = *order;

  try {
    auto model = loadModel(args.positionals().front(), compileOptions);
    Operator op = compile(*model, options);
    int64_t rowPitch = 0;
    auto run = [&](auto zero) {
      using T = decltype(zero);
      auto arrays = bindForBenchmark<T>(op, *model, shape, layer, layout);
      if (!arrays.empty()) // the row pitch every field shares
        rowPitch = arrays.front().layout().strides[arrays.front().layout().shape.size() - 2];
      // Warm up: page faults, first touch, precomputed coefficients and zero boxes are setup,
      // not kernel time (the timed runs promise unchanged inputs).
      op.apply(0, 1);
      std::vector<double> rates;
      for (int r = 0; r < runs; ++r) {
        auto start = std::chrono::steady_clock::now();
        op.apply(0, nt, /*inputsUnchanged=*/true);
        double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        double points = 1;
        for (int64_t extent : shape)
          points *= double(extent);
        rates.push_back(points * nt / seconds / 1e9);
      }
      return rates;
    };
    std::vector<double> rates = options.element == ElementType::F32 ? run(0.0f) : run(0.0);
    std::sort(rates.begin(), rates.end());
    const double median = rates[rates.size() / 2];
    const double bytes = bytesPerPoint(op.signature(), wholeZeroRowFraction(layer));
    const double stream =
        runtime::measureTriadBandwidth(threadCount(), std::size_t(streamMb) << 20);
    std::string shapeText;
    for (int64_t extent : shape) {
      if (!shapeText.empty())
        shapeText += 'x';
      shapeText += std::to_string(extent);
    }
    std::printf("kernel       %s (%s, %s), grid %s, %d steps, %d threads, damping layer %lld\n",
                op.signature().name.c_str(), compiler::elementTypeName(options.element),
                variantName(options).c_str(), shapeText.c_str(), nt, threadCount(),
                static_cast<long long>(layer));
    std::printf("loops        %s\n",
                compiler::describeLoopOptimizations(*model, options, op.signature()).c_str());
    const int64_t rowLength = shape.back() + 2 * op.halo().back();
    std::printf(
        "layout       rows of %lld elements, %s, %s\n", static_cast<long long>(rowLength),
        rowPitch > rowLength
            ? ("padded to " + std::to_string(rowPitch) + ", interiors on 64-byte lines").c_str()
            : (layout.alignRows ? "already whole lines, interiors on 64-byte lines"
                                : "contiguous, not aligned"),
        layout.hugePages ? "huge pages advised" : "small pages");
    std::printf("throughput   %.3f GPts/s median of %d (min %.3f, max %.3f)\n", median, runs,
                rates.front(), rates.back());
    std::printf("traffic      %.1f bytes/point/step -> %.2f GB/s achieved\n", bytes,
                median * bytes);
    std::printf("roofline     STREAM triad %.2f GB/s -> %.3f GPts/s; achieved %.1f%% of it\n",
                stream / 1e9, stream / bytes / 1e9, 100.0 * median * bytes * 1e9 / stream);
  } catch (const Error &error) {
    throw UserError(error.what());
  }
  return 0;
}

} // namespace strata::cli
