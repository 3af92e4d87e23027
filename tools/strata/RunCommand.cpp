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

ArgParser runParser() {
  return ArgParser("run", "MODEL.pde --case CASE.json --out DIR [options]",
                   {
                       {"case", "CASE.json", "the experiment: grid, model, geometry, time (docs/case-files.md)", ""},
                       {"out", "DIR", "directory for traces, snapshots and pictures (created)", ""},
                       {"define", "NAME=VALUE", "override a model option (repeatable)", "D", true},
                       {"dtype", "TYPE", "field element type: f32 (default) or f64", ""},
                       {"threads", "N", "threads (default: OMP_NUM_THREADS or all cores)", ""},
                       {"quiet", "", "no progress bar and no summary", "q"},
                   });
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
    double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    double eta = done > 0 ? elapsed * (total - done) / done : 0;
    std::fprintf(stderr, "\r[%s%s] %3d%% step %lld/%lld, %.1f s left ", std::string(filled, '=').c_str(),
                 std::string(width - filled, ' ').c_str(), static_cast<int>(100 * done / std::max<int64_t>(total, 1)),
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
  for (const std::string &definition : args.getAll("define")) {
    auto eq = definition.find('=');
    if (eq == std::string::npos || eq == 0)
      throw UsageError("-D expects NAME=VALUE, got '" + definition + "'");
    options.defines[definition.substr(0, eq)] = definition.substr(eq + 1);
  }
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
                  int64_t steps, const ShotResult &result, double wallSeconds) {
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
    writeNpy((out / ("snapshot" + tag + "_" + timeLabel(requestedTime(experiment, snapshot.step, dt)) +
                     ".npy"))
                 .string(),
             snapshot.values.data(), domain.shape);
  if (!experiment.outputs.pictures)
    return;
  const int last = domain.dims() - 1;
  // Pictures show the x-z plane (the middle y slice in 3D), depth down the rows.
  auto section = [&](const std::vector<float> &values) {
    const int64_t nx = domain.shape[0], nz = domain.shape[last];
    const int64_t ny = domain.dims() == 3 ? domain.shape[1] : 1, y = ny / 2;
    std::vector<float> image(nx * nz);
    for (int64_t x = 0; x < nx; ++x)
      for (int64_t z = 0; z < nz; ++z)
        image[z * nx + x] = values[(x * ny + y) * nz + z];
    return image;
  };
  PlotAxes axes{"", "x (m)", "depth (m)", "", domain.origin[0], domain.end(0),
                domain.origin[last], domain.end(last)};
  if (tag.empty() || tag == "_shot0") {
    std::vector<float> model = section(velocity);
    axes.title = "velocity model";
    axes.colorbarLabel = "km/s";
    writeImagePng((out / "model.png").string(), model.data(), domain.shape[last], domain.shape[0],
                  axes, Colormap::Viridis, simulator.minVelocity(), simulator.maxVelocity());
  }
  if (result.receivers > 0 && rows > 0) {
    auto [low, high] = symmetricClip(traces.data(), traces.size(), 99.0);
    const std::string shotName = tag.empty() ? "" : ", shot " + tag.substr(5);
    PlotAxes gather{"shot gather" + shotName, "receiver", "time (ms)", "amplitude", 0,
                    double(result.receivers - 1), 0, double(times.back())};
    writeImagePng((out / ("gather" + tag + ".png")).string(), traces.data(), rows,
                  result.receivers, gather, Colormap::Seismic, low, high);
  }
  for (const Snapshot &snapshot : result.snapshots) {
    std::vector<float> image = section(snapshot.values);
    auto [low, high] = symmetricClip(image.data(), image.size(), 99.5);
    const std::string label = timeLabel(requestedTime(experiment, snapshot.step, dt));
    axes.title = "wavefield at " + timeLabel(snapshot.step * dt);
    axes.colorbarLabel = "u";
    writeImagePng((out / ("snapshot" + tag + "_" + label + ".png")).string(),
                  image.data(), domain.shape[last], domain.shape[0], axes, Colormap::Seismic, low,
                  high);
  }
}

} // namespace

int runRun(const std::vector<std::string> &arguments) {
  ArgParser parser = runParser();
  ParsedArgs args = parser.parse(arguments);
  if (args.has("help")) {
    std::cout << parser.usage();
    return 0;
  }
  if (args.positionals().size() != 1)
    throw UsageError("run expects exactly one MODEL.pde\n" + parser.usage());
  auto casePath = args.get("case");
  auto outDir = args.get("out");
  if (!casePath || !outDir)
    throw UsageError("run needs --case CASE.json and --out DIR\n" + parser.usage());
  if (auto threads = args.get("threads"))
    setThreadCount(parsePositiveInt("--threads", *threads));
  std::string dtype = args.get("dtype").value_or("f32");
  auto element = compiler::parseElementType(dtype);
  if (!element)
    throw UsageError("--dtype expects f32 or f64, got '" + dtype + "'");
  const bool quiet = args.has("quiet");
  auto start = std::chrono::steady_clock::now();

  Case experiment;
  std::vector<float> velocity;
  try {
    experiment = loadCase(*casePath);
    velocity = buildVelocity(experiment);
  } catch (const CaseError &error) {
    throw UserError(error.what());
  }
  frontend::DiagnosticEngine diags;
  auto model = frontend::loadModelFile(args.positionals().front(), modelOptions(args, experiment), diags);
  std::cerr << diags.renderAll();
  if (!model)
    return 1;

  try {
    double vmax = *std::max_element(velocity.begin(), velocity.end());
    double dt = experiment.time.dt.value_or(
        stableTimeStep(vmax, experiment.domain.spacing, experiment.spaceOrder));
    checkTimeStep(dt, vmax, experiment.domain.spacing, experiment.spaceOrder);
    const int64_t steps = static_cast<int64_t>(std::floor(experiment.time.duration / dt + 1e-9)) + 1;
    KernelOptions options;
    options.element = *element;
    Interpolation interpolation =
        experiment.interpolation == "sinc" ? Interpolation::Sinc : Interpolation::Linear;
    AcousticSimulator simulator(*model, options, experiment.domain, velocity, dt, interpolation);

    // One shot per source, all recorded by the same receivers.
    ShotSetup shot;
    shot.receivers = experiment.receivers;
    shot.wavelet = waveletFor(experiment, dt, steps);
    for (double time : experiment.outputs.snapshotTimes)
      shot.snapshotSteps.push_back(static_cast<int64_t>(std::llround(time / dt)));
    fs::create_directories(*outDir);
    const int64_t shots = static_cast<int64_t>(experiment.sources.size());
    ProgressBar bar(!quiet);
    ShotResult total;
    for (int64_t k = 0; k < shots; ++k) {
      shot.sources = {experiment.sources[k]};
      ShotResult result = simulator.run(shot, steps, [&](int64_t done, int64_t) {
        bar.update(k * steps + done, shots * steps);
      });
      writeShot(experiment, simulator, velocity, result, *outDir,
                shots == 1 ? "" : "_shot" + std::to_string(k));
      total.kernelSeconds += result.kernelSeconds;
      total.steps += result.steps;
    }
    double points = 1;
    for (int64_t extent : experiment.domain.computationalShape())
      points *= static_cast<double>(extent);
    total.gigaPointsPerSecond = points * total.steps / std::max(total.kernelSeconds, 1e-12) / 1e9;
    double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (!quiet)
      printSummary(experiment, simulator, shots, steps, total, wall);
  } catch (const InstabilityError &error) {
    throw UserError(error.what());
  } catch (const Error &error) {
    throw UserError(error.what());
  } catch (const std::invalid_argument &error) {
    throw UserError(error.what());
  } catch (const fs::filesystem_error &error) {
    throw UserError(error.what());
  }
  return 0;
}

} // namespace strata::cli
