//===- RunCommand.cpp - `strata run`: simulate a shot described by a case file ===//
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>

#include "ArgParser.h"
#include "Commands.h"
#include "strata/Runtime/Case/Case.h"
#include "strata/Runtime/Inversion/Checkpointing.h"
#include "strata/Runtime/Inversion/Optimizer.h"
#include "strata/Runtime/Modeling.h"
#include "strata/Runtime/Seismic/Npy.h"
#include "strata/Runtime/Seismic/Png.h"
#include "strata/Runtime/Seismic/Stability.h"
#include "strata/Runtime/Seismic/Wavelet.h"
#include "strata/frontend/Frontend.h"

namespace strata::cli {
namespace {

namespace fs = std::filesystem;
using namespace strata::runtime;

/// The options every simulating command shares, after its own.
std::vector<OptionSpec> withSimulationOptions(std::vector<OptionSpec> specific,
                                              const char *quietHelp) {
  specific.push_back({"define", "NAME=VALUE", "override a model option (repeatable)", "D", true});
  specific.push_back({"dtype", "TYPE", "field element type: f32 (default) or f64", ""});
  specific.push_back({"time-tile", "T",
                      "temporal blocking of 3D forward runs, T steps per wavefront (default: 3 "
                      "where the grid outgrows the last-level cache, else none; 0: never). "
                      "Bitwise the same results",
                      ""});
  specific.push_back({"tile-rows", "N",
                      "with temporal blocking: blocks of N y rows, one thread each (default 32; "
                      "0: whole planes, each plane's rows in parallel). Bitwise the same results",
                      ""});
  specific.push_back({"reassociate", "",
                      "faster kernels (factored stencil weights, FMA): results change by "
                      "rounding only (docs/performance.md)",
                      ""});
  specific.push_back({"threads", "N", "threads (default: OMP_NUM_THREADS or all cores)", ""});
  specific.push_back({"quiet", "", quietHelp, "q"});
  return specific;
}

ArgParser runParser() {
  return ArgParser(
      "run", "MODEL.pde --case CASE.json --out DIR [options]",
      withSimulationOptions(
          {
              {"case", "CASE.json",
               "the experiment: grid, model, geometry, time (docs/case-files.md)", ""},
              {"out", "DIR", "directory for traces, snapshots and pictures (created)", ""},
              {"source-traces", "X.npy",
               "fire all sources at once, one trace each (steps x sources)", ""},
          },
          "no progress bar and no summary"));
}

/// A one-line progress bar on a terminal; silent when stderr is not one.
class ProgressBar {
public:
  explicit ProgressBar(bool enabled) : enabled_(enabled && isatty(STDERR_FILENO)) {}
  void update(int64_t done, int64_t total) {
    if (!enabled_)
      return;
    const int width = 40;
    int filled = static_cast<int>(width * done / std::max<int64_t>(total, 1));
    double elapsed =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    double eta = done > 0 ? elapsed * (total - done) / done : 0;
    std::fprintf(stderr, "\r[%s%s] %3d%% step %lld/%lld, %.1f s left ",
                 std::string(filled, '=').c_str(), std::string(width - filled, ' ').c_str(),
                 static_cast<int>(100 * done / std::max<int64_t>(total, 1)),
                 static_cast<long long>(done), static_cast<long long>(total), eta);
    if (done == total)
      std::fprintf(stderr, "\n");
  }

private:
  bool enabled_;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

frontend::CompileOptions modelOptions(const ParsedArgs &args, const Case &experiment) {
  frontend::CompileOptions options;
  options.dims = experiment.domain.dims();
  options.defines["space_order"] = std::to_string(experiment.spaceOrder);
  addDefines(args.getAll("define"), options.defines);
  return options;
}

std::vector<double> waveletFor(const Case &experiment, double dt, int64_t steps) {
  const WaveletSpec &spec = experiment.wavelet;
  if (spec.kind == WaveletSpec::Kind::Ricker)
    return rickerWavelet(spec.peakFrequency, spec.delay, dt, steps);
  NpyArray trace = readNpy(spec.path);
  return resampleTrace(trace.values, spec.dt, dt, steps);
}

/// Seconds of kernel time to GPts/s and the wavelength resolution, for the summary.
void printSummary(const Case &experiment, const AcousticSimulator &simulator, int64_t shots,
                  int64_t steps, const ShotResult &result, double wallSeconds,
                  const std::string &loops) {
  const Domain &domain = experiment.domain;
  auto shape = [](const std::vector<int64_t> &extents) {
    std::string text;
    for (int64_t extent : extents)
      text += (text.empty() ? "" : " x ") + std::to_string(extent);
    return text;
  };
  std::printf("grid         %s physical + %lld absorbing points each side = %s computational\n",
              shape(domain.shape).c_str(), static_cast<long long>(domain.absorbingWidth),
              shape(domain.computationalShape()).c_str());
  std::printf("time         dt = %.4g ms, %lld steps, %.4g ms; %lld shot%s\n", simulator.timeStep(),
              static_cast<long long>(steps), simulator.timeStep() * double(steps - 1),
              static_cast<long long>(shots), shots == 1 ? "" : "s");
  std::printf("velocity     %.4g .. %.4g km/s\n", simulator.minVelocity(), simulator.maxVelocity());
  if (experiment.wavelet.kind == WaveletSpec::Kind::Ricker) {
    // A Ricker wavelet carries energy up to about 2.5 times its peak frequency.
    double shortest = simulator.minVelocity() / (2.5 * experiment.wavelet.peakFrequency);
    double coarsest = *std::max_element(domain.spacing.begin(), domain.spacing.end());
    std::printf("resolution   %.2f points per shortest wavelength (%.4g m at %.4g kHz)\n",
                shortest / coarsest, shortest, 2.5 * experiment.wavelet.peakFrequency);
  }
  std::printf("throughput   %.3f GPts/s (kernel %.3f s, %d threads)\n", result.gigaPointsPerSecond,
              result.kernelSeconds, threadCount());
  std::printf("loops        %s\n", loops.c_str());
  std::printf("total        %.3f s\n", wallSeconds);
}

/// The snapshot time a user asked for that `step` serves (steps are the nearest to them).
double requestedTime(const Case &experiment, int64_t step, double dt) {
  for (double time : experiment.outputs.snapshotTimes)
    if (std::llround(time / dt) == step)
      return time;
  return step * dt;
}

std::string timeLabel(double ms) {
  char text[64];
  std::snprintf(text, sizeof(text), "%gms", std::round(ms * 1000) / 1000);
  return text;
}

/// A picture of a field on the physical grid: the x-z plane (the middle y slice in 3D),
/// depth down the rows (values[z * nx + x]).
std::vector<float> depthSection(const Domain &domain, const std::vector<float> &values) {
  const int last = domain.dims() - 1;
  const int64_t nx = domain.shape[0], nz = domain.shape[last];
  const int64_t ny = domain.dims() == 3 ? domain.shape[1] : 1, y = ny / 2;
  std::vector<float> image(nx * nz);
  for (int64_t x = 0; x < nx; ++x)
    for (int64_t z = 0; z < nz; ++z)
      image[z * nx + x] = values[(x * ny + y) * nz + z];
  return image;
}

/// Writes `image`, a depthSection, as a PNG titled `title`, colored from `low` to `high`.
void writeSectionImage(const fs::path &file, const Domain &domain, const std::vector<float> &image,
                       const std::string &title, const std::string &colorbarLabel,
                       Colormap colormap, double low, double high) {
  const int last = domain.dims() - 1;
  PlotAxes axes{title,
                "x (m)",
                "depth (m)",
                colorbarLabel,
                domain.origin[0],
                domain.end(0),
                domain.origin[last],
                domain.end(last)};
  writeImagePng(file.string(), image.data(), domain.shape[last], domain.shape[0], axes, colormap,
                low, high);
}

/// Writes a depthSection of `values` as a PNG titled `title`, colored from `low` to `high`.
void writeSectionPng(const fs::path &file, const Domain &domain, const std::vector<float> &values,
                     const std::string &title, const std::string &colorbarLabel, Colormap colormap,
                     double low, double high) {
  writeSectionImage(file, domain, depthSection(domain, values), title, colorbarLabel, colormap, low,
                    high);
}

/// The same for a signed field: the seismic colormap, clipped symmetrically at the
/// `percentile` of the section's magnitudes.
void writeSignedSectionPng(const fs::path &file, const Domain &domain,
                           const std::vector<float> &values, const std::string &title,
                           const std::string &colorbarLabel, double percentile) {
  std::vector<float> image = depthSection(domain, values);
  auto [low, high] = symmetricClip(image.data(), image.size(), percentile);
  writeSectionImage(file, domain, image, title, colorbarLabel, Colormap::Seismic, low, high);
}

/// Writes one shot: traces and their time axis, snapshots, and pictures. `tag` is empty for a
/// single-shot case and "_shotK" otherwise.
void writeShot(const Case &experiment, const AcousticSimulator &simulator,
               const std::vector<float> &velocity, const ShotResult &result, const fs::path &out,
               const std::string &tag) {
  const Domain &domain = experiment.domain;
  const double dt = simulator.timeStep();
  const int64_t every = std::max<int64_t>(1, experiment.time.outputEvery);
  std::vector<float> traces, times;
  for (int64_t t = 0; t < result.steps; t += every) {
    times.push_back(static_cast<float>(t * dt));
    traces.insert(traces.end(), result.traces.begin() + t * result.receivers,
                  result.traces.begin() + (t + 1) * result.receivers);
  }
  const int64_t rows = static_cast<int64_t>(times.size());
  if (experiment.outputs.traces) {
    writeNpy((out / ("traces" + tag + ".npy")).string(), traces.data(), {rows, result.receivers});
    writeNpy((out / "times.npy").string(), times.data(), {rows});
  }
  for (const Snapshot &snapshot : result.snapshots)
    writeNpy((out / ("snapshot" + tag + "_" +
                     timeLabel(requestedTime(experiment, snapshot.step, dt)) + ".npy"))
                 .string(),
             snapshot.values.data(), domain.shape);
  if (!experiment.outputs.pictures)
    return;
  if (tag.empty() || tag == "_shot0")
    writeSectionPng(out / "model.png", domain, velocity, "velocity model", "km/s",
                    Colormap::Viridis, simulator.minVelocity(), simulator.maxVelocity());
  if (result.receivers > 0 && rows > 0) {
    auto [low, high] = symmetricClip(traces.data(), traces.size(), 99.0);
    const std::string shotName = tag.empty() ? "" : ", shot " + tag.substr(5);
    PlotAxes gather{"shot gather" + shotName,     "receiver", "time (ms)",         "amplitude", 0,
                    double(result.receivers - 1), 0,          double(times.back())};
    writeImagePng((out / ("gather" + tag + ".png")).string(), traces.data(), rows, result.receivers,
                  gather, Colormap::Seismic, low, high);
  }
  for (const Snapshot &snapshot : result.snapshots) {
    const std::string label = timeLabel(requestedTime(experiment, snapshot.step, dt));
    writeSignedSectionPng(out / ("snapshot" + tag + "_" + label + ".png"), domain, snapshot.values,
                          "wavefield at " + timeLabel(snapshot.step * dt), "u", 99.5);
  }
}

} // namespace

namespace {

/// What `run` and `adjoint` share: the case, its velocity model, the compiled model, the
/// time axis.
struct Experiment {
  Case setup;
  std::vector<float> velocity;
  std::unique_ptr<frontend::Model> model;
  double dt = 0;
  int64_t steps = 0;
};

Experiment loadExperiment(const ParsedArgs &args) {
  Experiment experiment;
  try {
    experiment.setup = loadCase(*args.get("case"));
    experiment.velocity = buildVelocity(experiment.setup);
  } catch (const CaseError &error) {
    throw UserError(error.what());
  }
  frontend::DiagnosticEngine diags;
  experiment.model = frontend::loadModelFile(args.positionals().front(),
                                             modelOptions(args, experiment.setup), diags);
  if (!experiment.model)
    throw UserError(diags.renderAll());
  std::cerr << diags.renderAll();
  const Case &setup = experiment.setup;
  double vmax = *std::max_element(experiment.velocity.begin(), experiment.velocity.end());
  try {
    experiment.dt =
        setup.time.dt.value_or(stableTimeStep(vmax, setup.domain.spacing, setup.spaceOrder));
    checkTimeStep(experiment.dt, vmax, setup.domain.spacing, setup.spaceOrder);
  } catch (const std::invalid_argument &error) {
    throw UserError(error.what());
  }
  experiment.steps =
      static_cast<int64_t>(std::floor(setup.time.duration / experiment.dt + 1e-9)) + 1;
  return experiment;
}

/// Parses the options every simulating command shares; returns the kernel options.
/// `required` (e.g. {"data", "DATA"}) names one more option the command cannot do without.
KernelOptions commonOptions(const ArgParser &parser, const ParsedArgs &args, const char *command,
                            std::optional<std::pair<const char *, const char *>> required = {}) {
  if (args.positionals().size() != 1)
    throw UsageError(std::string(command) + " expects exactly one MODEL.pde\n" + parser.usage());
  if (!args.get("case") || !args.get("out"))
    throw UsageError(std::string(command) + " needs --case CASE.json and --out DIR\n" +
                     parser.usage());
  if (required && !args.get(required->first))
    throw UsageError(std::string(command) + " needs --" + required->first + " " + required->second +
                     "\n" + parser.usage());
  if (auto threads = args.get("threads"))
    setThreadCount(parsePositiveInt("--threads", *threads));
  KernelOptions options;
  options.element = elementType(args);
  options.reassociate = args.has("reassociate");
  if (auto tile = args.get("time-tile"))
    options.timeTile = parseNonNegativeInt("--time-tile", *tile);
  if (auto rows = args.get("tile-rows"))
    options.timeTileRows = parseNonNegativeInt("--tile-rows", *rows);
  return options;
}

Interpolation interpolationOf(const Case &setup) {
  return setup.interpolation == "sinc" ? Interpolation::Sinc : Interpolation::Linear;
}

/// The simulator for an experiment: its model, grid, velocities, time step and
/// interpolation, with the derived kernels the command needs.
AcousticSimulator simulatorFor(const Experiment &experiment, const KernelOptions &options,
                               DerivedKernels derived = {}) {
  const Case &setup = experiment.setup;
  return AcousticSimulator(*experiment.model, options, setup.domain, experiment.velocity,
                           experiment.dt, interpolationOf(setup), derived);
}

/// A [steps][columns] .npy array, checked against the shape the experiment needs.
std::vector<double> readTraces(const std::string &path, int64_t steps, int64_t columns,
                               const char *what) {
  NpyArray array = readNpy(path);
  if (array.shape != std::vector<int64_t>{steps, columns})
    throw UserError(path + ": " + what + " must be a (" + std::to_string(steps) + ", " +
                    std::to_string(columns) + ") array (time steps x " + what + "), got shape " +
                    [&] {
                      std::string text = "(";
                      for (size_t i = 0; i < array.shape.size(); ++i)
                        text += (i ? ", " : "") + std::to_string(array.shape[i]);
                      return text + ")";
                    }() +
                    (array.shape.size() == 2 && array.shape[1] == columns && array.shape[0] < steps
                         ? ": every time step is needed (traces written with output_every > 1 "
                           "keep only some)"
                         : ""));
  return array.values;
}

/// Runs `body`, turning the library's errors (strata::Error, file and geometry errors, all
/// runtime_error or invalid_argument) into user errors: a message and exit code 1.
template <typename Body> int reportingErrors(Body body) {
  try {
    body();
  } catch (const std::invalid_argument &error) {
    throw UserError(error.what());
  } catch (const std::runtime_error &error) {
    throw UserError(error.what());
  }
  return 0;
}

} // namespace

int runRun(const std::vector<std::string> &arguments) {
  ArgParser parser = runParser();
  ParsedArgs args = parser.parse(arguments);
  if (args.has("help")) {
    std::cout << parser.usage();
    return 0;
  }
  KernelOptions options = commonOptions(parser, args, "run");
  const bool quiet = args.has("quiet");
  auto start = std::chrono::steady_clock::now();
  Experiment experiment = loadExperiment(args);
  const Case &setup = experiment.setup;
  const std::string out = *args.get("out");
  return reportingErrors([&] {
    AcousticSimulator simulator = simulatorFor(experiment, options);
    const int64_t steps = experiment.steps;
    ShotSetup shot;
    shot.receivers = setup.receivers;
    for (double time : setup.outputs.snapshotTimes)
      shot.snapshotSteps.push_back(static_cast<int64_t>(std::llround(time / experiment.dt)));
    fs::create_directories(out);
    // Given traces fire every source at once with its own trace (one shot); otherwise each
    // source is its own shot with the case's wavelet.
    std::vector<std::vector<std::vector<double>>> shots;
    if (auto traces = args.get("source-traces")) {
      shot.sourceTraces = readTraces(*traces, steps, setup.sources.size(), "sources");
      shots.push_back(setup.sources);
    } else {
      shot.wavelet = waveletFor(setup, experiment.dt, steps);
      for (const auto &source : setup.sources)
        shots.push_back({source});
    }
    const int64_t count = static_cast<int64_t>(shots.size());
    ProgressBar bar(!quiet);
    ShotResult total;
    for (int64_t k = 0; k < count; ++k) {
      shot.sources = shots[k];
      ShotResult result = simulator.run(
          shot, steps, [&](int64_t done, int64_t) { bar.update(k * steps + done, count * steps); });
      writeShot(setup, simulator, experiment.velocity, result, out,
                count == 1 ? "" : "_shot" + std::to_string(k));
      total.kernelSeconds += result.kernelSeconds;
      total.steps += result.steps;
    }
    double points = 1;
    for (int64_t extent : setup.domain.computationalShape())
      points *= static_cast<double>(extent);
    total.gigaPointsPerSecond = points * total.steps / std::max(total.kernelSeconds, 1e-12) / 1e9;
    double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (!quiet) {
      printSummary(setup, simulator, count, steps, total, wall,
                   compiler::describeLoopOptimizations(*experiment.model,
                                                       onGrid(options, setup.domain),
                                                       simulator.op().signature()));
    }
  });
}

int runAdjoint(const std::vector<std::string> &arguments) {
  ArgParser parser(
      "adjoint", "MODEL.pde --case CASE.json --data DATA.npy --out DIR [options]",
      withSimulationOptions(
          {
              {"case", "CASE.json", "the experiment (grid, model, geometry, time) of the data", ""},
              {"data", "DATA.npy",
               "receiver data, time steps x receivers (e.g. a run's traces.npy)", ""},
              {"out", "DIR", "directory for source_traces.npy (time steps x sources) (created)",
               ""},
          },
          "no progress bar and no summary"));
  ParsedArgs args = parser.parse(arguments);
  if (args.has("help")) {
    std::cout << parser.usage();
    return 0;
  }
  KernelOptions options = commonOptions(parser, args, "adjoint", {{"data", "DATA.npy"}});
  Experiment experiment = loadExperiment(args);
  const Case &setup = experiment.setup;
  const std::string out = *args.get("out");
  return reportingErrors([&] {
    AcousticSimulator simulator = simulatorFor(experiment, options, {.adjoint = true});
    ShotSetup shot;
    shot.sources = setup.sources;
    shot.receivers = setup.receivers;
    shot.receiverData =
        readTraces(*args.get("data"), experiment.steps, setup.receivers.size(), "receivers");
    ProgressBar bar(!args.has("quiet"));
    ShotResult result = simulator.adjoint(
        shot, experiment.steps, [&](int64_t done, int64_t total) { bar.update(done, total); });
    fs::create_directories(out);
    std::vector<float> traces(result.traces.begin(), result.traces.end());
    writeNpy((fs::path(out) / "source_traces.npy").string(), traces.data(),
             {result.steps, result.receivers});
    if (!args.has("quiet"))
      std::printf("adjoint      %lld steps backwards, %lld sources, %.3f GPts/s\n",
                  static_cast<long long>(result.steps), static_cast<long long>(result.receivers),
                  result.gigaPointsPerSecond);
  });
}

} // namespace strata::cli

namespace strata::cli {
namespace {

/// Observed data for shot k: DIR/traces.npy for a single-source case, DIR/traces_shotK.npy
/// otherwise (what `strata run` writes), or a single .npy file for a single source.
std::string observedPath(const std::string &data, int64_t shot, int64_t shots) {
  fs::path path(data);
  if (!fs::is_directory(path)) {
    if (shots != 1)
      throw UserError("--data must be a directory of traces_shotK.npy files for " +
                      std::to_string(shots) + " shots");
    return data;
  }
  return (path / (shots == 1 ? "traces.npy" : "traces_shot" + std::to_string(shot) + ".npy"))
      .string();
}

/// How the forward wavefield is kept for gradients: as many snapshots of the ring buffer as
/// --memory allows (all steps without it).
struct Checkpointing {
  int slots = 0;
  uint64_t snapshotBytes = 0;
};

Checkpointing checkpointing(const ParsedArgs &args, const AcousticSimulator &simulator,
                            const Case &setup, ElementType element, int64_t steps) {
  Checkpointing result;
  result.snapshotBytes = compiler::elementBytes(element);
  for (int64_t extent : simulator.op().fieldShape("u", setup.domain.computationalShape()))
    result.snapshotBytes *= static_cast<uint64_t>(extent);
  result.slots = static_cast<int>(std::min<int64_t>(steps, 1 << 30));
  if (auto memory = args.get("memory"))
    result.slots =
        std::min(result.slots, slotsForMemory(parseMemorySize(*memory), result.snapshotBytes));
  return result;
}

/// The observed traces of every shot (one per source), checked against the case's time axis.
std::vector<std::vector<double>> readObserved(const ParsedArgs &args, const Case &setup,
                                              int64_t steps) {
  const int64_t shots = static_cast<int64_t>(setup.sources.size());
  std::vector<std::vector<double>> observed;
  for (int64_t k = 0; k < shots; ++k)
    observed.push_back(readTraces(observedPath(*args.get("data"), k, shots), steps,
                                  setup.receivers.size(), "receivers"));
  return observed;
}

/// The misfit summed over the shots and its gradient with respect to m on the physical grid.
struct ShotsGradient {
  double misfit = 0;
  std::vector<double> gradient;
  double recomputation = 0;
};

ShotsGradient gradientOverShots(AcousticSimulator &simulator, const Case &setup,
                                const std::vector<double> &wavelet,
                                const std::vector<std::vector<double>> &observed, int64_t steps,
                                int slots) {
  ShotsGradient total;
  ShotSetup shot;
  shot.receivers = setup.receivers;
  shot.wavelet = wavelet;
  for (size_t k = 0; k < setup.sources.size(); ++k) {
    shot.sources = {setup.sources[k]};
    shot.receiverData = observed[k];
    GradientResult result = simulator.gradient(shot, steps, slots);
    total.misfit += result.misfit;
    total.recomputation = std::max(total.recomputation, result.recomputation);
    std::vector<double> physical = simulator.physicalGradient(result.gradient);
    if (total.gradient.empty())
      total.gradient.assign(physical.size(), 0.0);
    for (size_t i = 0; i < physical.size(); ++i)
      total.gradient[i] += physical[i];
  }
  return total;
}

} // namespace

int runGradient(const std::vector<std::string> &arguments) {
  ArgParser parser(
      "gradient", "MODEL.pde --case CASE.json --data DATA --out DIR [options]",
      withSimulationOptions(
          {
              {"case", "CASE.json", "the experiment; its model is the current model", ""},
              {"data", "DATA", "observed traces: a `strata run` output directory or one .npy", ""},
              {"out", "DIR", "directory for gradient.npy and gradient.png (created)", ""},
              {"memory", "SIZE", "memory for forward snapshots, e.g. 2GiB (default: store all)",
               ""},
          },
          "no summary"));
  ParsedArgs args = parser.parse(arguments);
  if (args.has("help")) {
    std::cout << parser.usage();
    return 0;
  }
  KernelOptions options = commonOptions(parser, args, "gradient", {{"data", "DATA"}});
  Experiment experiment = loadExperiment(args);
  const Case &setup = experiment.setup;
  const std::string out = *args.get("out");
  return reportingErrors([&] {
    AcousticSimulator simulator = simulatorFor(experiment, options, {.gradient = true});
    const int64_t steps = experiment.steps;
    const int64_t shots = static_cast<int64_t>(setup.sources.size());
    Checkpointing store = checkpointing(args, simulator, setup, options.element, steps);
    ShotsGradient total =
        gradientOverShots(simulator, setup, waveletFor(setup, experiment.dt, steps),
                          readObserved(args, setup, steps), steps, store.slots);
    const std::vector<double> &physical = total.gradient;
    std::vector<float> values(physical.begin(), physical.end());
    fs::create_directories(out);
    writeNpy((fs::path(out) / "gradient.npy").string(), physical.data(), setup.domain.shape);
    writeSignedSectionPng(fs::path(out) / "gradient.png", setup.domain, values,
                          "misfit gradient w.r.t. m", "", 99.0);
    if (!args.has("quiet"))
      std::printf(
          "misfit       %.9g (0.5 sum of squared residuals, %lld shots)\n"
          "checkpoints  %d snapshots of %.3g MB for %lld steps: recomputation factor %.2f\n",
          total.misfit, static_cast<long long>(shots), store.slots, store.snapshotBytes / 1e6,
          static_cast<long long>(steps), total.recomputation);
  });
}

} // namespace strata::cli

namespace strata::cli {

int runBorn(const std::vector<std::string> &arguments) {
  ArgParser parser(
      "born", "MODEL.pde --case CASE.json --dm DM.npy --out DIR [options]",
      withSimulationOptions(
          {
              {"case", "CASE.json", "the experiment; its model is the background", ""},
              {"dm", "DM.npy", "perturbation of m (s^2/km^2) on the case's physical grid", ""},
              {"out", "DIR", "directory for the linearized traces (as `strata run` names them)",
               ""},
          },
          "no summary"));
  ParsedArgs args = parser.parse(arguments);
  if (args.has("help")) {
    std::cout << parser.usage();
    return 0;
  }
  KernelOptions options = commonOptions(parser, args, "born", {{"dm", "DM.npy"}});
  Experiment experiment = loadExperiment(args);
  const Case &setup = experiment.setup;
  const std::string out = *args.get("out");
  return reportingErrors([&] {
    NpyArray dm = readNpy(*args.get("dm"));
    if (dm.shape != setup.domain.shape)
      throw UserError(*args.get("dm") + ": the perturbation must have the case's grid shape");
    AcousticSimulator simulator = simulatorFor(experiment, options, {.born = true});
    ShotSetup shot;
    shot.receivers = setup.receivers;
    shot.wavelet = waveletFor(setup, experiment.dt, experiment.steps);
    const int64_t shots = static_cast<int64_t>(setup.sources.size());
    fs::create_directories(out);
    std::vector<float> times;
    for (int64_t t = 0; t < experiment.steps; ++t)
      times.push_back(static_cast<float>(t * experiment.dt));
    writeNpy((fs::path(out) / "times.npy").string(), times.data(), {experiment.steps});
    for (int64_t k = 0; k < shots; ++k) {
      shot.sources = {setup.sources[k]};
      ShotResult result = simulator.born(shot, dm.values, experiment.steps);
      std::string name = shots == 1 ? "traces.npy" : "traces_shot" + std::to_string(k) + ".npy";
      std::vector<float> traces(result.traces.begin(), result.traces.end());
      writeNpy((fs::path(out) / name).string(), traces.data(), {result.steps, result.receivers});
    }
    if (!args.has("quiet"))
      std::printf("born         %lld shots, %lld steps: linearized traces in %s\n",
                  static_cast<long long>(shots), static_cast<long long>(experiment.steps),
                  out.c_str());
  });
}

} // namespace strata::cli

namespace strata::cli {
namespace {

/// Velocity (km/s) from squared slowness on the physical grid.
std::vector<float> velocityOf(const std::vector<double> &m) {
  std::vector<float> velocity;
  for (double value : m)
    velocity.push_back(static_cast<float>(1.0 / std::sqrt(value)));
  return velocity;
}

void writeIteration(const Case &setup, const std::vector<double> &m, const OptimizerState &state,
                    const fs::path &out, double vmin, double vmax) {
  const Domain &domain = setup.domain;
  std::vector<float> velocity = velocityOf(m);
  writeNpy((out / "model.npy").string(), velocity.data(), domain.shape);
  writeSectionPng(out / ("model_iter" + std::to_string(state.iteration) + ".png"), domain, velocity,
                  "model after iteration " + std::to_string(state.iteration), "km/s",
                  Colormap::Viridis, vmin, vmax);
  std::vector<double> iterations;
  for (size_t k = 0; k < state.history.size(); ++k)
    iterations.push_back(double(k));
  PlotAxes curve{"misfit", "iteration", "misfit", "", 0, 0, 0, 0};
  writeLinePlotPng((out / "misfit.png").string(), iterations, {state.history}, curve, true);
  // Saved last: a run killed before this line resumes from the previous iteration.
  saveOptimizerState((out / "state.json").string(), state);
}

} // namespace

int runFwi(const std::vector<std::string> &arguments) {
  ArgParser parser(
      "fwi", "MODEL.pde --case INITIAL.json --data DATA --out DIR [options]",
      withSimulationOptions(
          {
              {"case", "CASE.json", "geometry, time axis and the initial model", ""},
              {"data", "DATA", "observed traces: a `strata run` output directory", ""},
              {"out", "DIR", "models, pictures, misfit curve and the resumable state", ""},
              {"iterations", "N", "iterations in total, counting those already done (default 10)",
               ""},
              {"method", "NAME", "lbfgs (default) or gd (gradient descent)", ""},
              {"vmin", "KM/S", "lower velocity bound (default 0.9 x the initial minimum)", ""},
              {"vmax", "KM/S", "upper velocity bound (default 1.5 x the initial maximum)", ""},
              {"memory", "SIZE", "memory for forward snapshots, e.g. 2GiB (default: store all)",
               ""},
              {"restart", "", "ignore a saved state in DIR and start over", ""},
          },
          "no per-iteration lines"));
  ParsedArgs args = parser.parse(arguments);
  if (args.has("help")) {
    std::cout << parser.usage();
    return 0;
  }
  KernelOptions options = commonOptions(parser, args, "fwi", {{"data", "DATA"}});
  OptimizerOptions optimizer;
  optimizer.method = args.get("method").value_or("lbfgs");
  if (optimizer.method != "lbfgs" && optimizer.method != "gd")
    throw UsageError("--method expects lbfgs or gd, got '" + optimizer.method + "'");
  optimizer.maxIterations = parsePositiveInt("--iterations", args.get("iterations").value_or("10"));
  Experiment experiment = loadExperiment(args);
  const Case &setup = experiment.setup;
  const fs::path out = *args.get("out");
  return reportingErrors([&] {
    auto [low, high] = std::minmax_element(experiment.velocity.begin(), experiment.velocity.end());
    double vmin = args.get("vmin") ? std::stod(*args.get("vmin")) : 0.9 * *low;
    double vmax = args.get("vmax") ? std::stod(*args.get("vmax")) : 1.5 * *high;
    if (!(vmin > 0) || !(vmax > vmin))
      throw UserError("velocity bounds must satisfy 0 < vmin < vmax");
    AcousticSimulator simulator = simulatorFor(experiment, options, {.gradient = true});
    const int64_t steps = experiment.steps;
    const int slots = checkpointing(args, simulator, setup, options.element, steps).slots;
    const std::vector<std::vector<double>> observed = readObserved(args, setup, steps);
    const std::vector<double> wavelet = waveletFor(setup, experiment.dt, steps);
    Objective misfit = [&](const std::vector<double> &m, std::vector<double> &gradient) {
      simulator.setPhysicalSquaredSlowness(m);
      ShotsGradient total = gradientOverShots(simulator, setup, wavelet, observed, steps, slots);
      gradient = std::move(total.gradient);
      return total.misfit;
    };
    std::vector<double> m0;
    for (float v : experiment.velocity)
      m0.push_back(1.0 / (double(v) * double(v)));
    Bounds bounds{std::vector<double>(m0.size(), 1.0 / (vmax * vmax)),
                  std::vector<double>(m0.size(), 1.0 / (vmin * vmin))};
    BoundedLBFGS solver(misfit, bounds, optimizer);
    fs::create_directories(out);
    const fs::path statePath = out / "state.json";
    OptimizerState state;
    if (!args.has("restart") && fs::exists(statePath)) {
      state = loadOptimizerState(statePath.string());
      if (state.x.size() != m0.size())
        throw UserError(statePath.string() + " belongs to another grid; use --restart");
      if (!args.has("quiet"))
        std::printf("resuming after iteration %d (misfit %.9g)\n", state.iteration, state.f);
    } else {
      state = solver.start(m0);
      writeIteration(setup, state.x, state, out, vmin, vmax);
    }
    while (state.iteration < optimizer.maxIterations && !state.finished) {
      bool progressed = solver.iterate(state);
      writeIteration(setup, state.x, state, out, vmin, vmax);
      if (!args.has("quiet"))
        std::printf("iteration %3d  misfit %.9g  %s\n", state.iteration, state.f,
                    state.message.c_str());
      if (!progressed)
        break;
    }
  });
}

} // namespace strata::cli
