//===- Case.h - case files: one seismic modeling experiment -----*- C++ -*-===//
//
// A case file (JSON) describes one modeling experiment: the grid, the velocity model,
// sources and receivers, the wavelet, the time axis and the outputs. docs/case-files.md
// is the schema. Units follow Devito's conventions (docs/architecture.md): m, km/s, ms,
// kHz; axes (x, z) or (x, y, z), z the depth and the fastest index.
//
// loadCase/parseCase validate everything that can be checked without reading other
// files and throw CaseError with messages of the form
//   CASE.json: 'grid.spacing[1]': expected a positive number, got -5
// Relative paths in a case (model files, wavelet files) are resolved against the folder
// of the case file; Case holds them resolved.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "strata/Runtime/Domain.h"

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace strata::runtime {

struct CaseError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct WaveletSpec {
  enum class Kind { Ricker, Npy } kind = Kind::Ricker;
  double peakFrequency = 0; // kHz (Ricker)
  double delay = 0;         // ms (Ricker); defaults to 1 / peakFrequency
  std::string path;         // Npy: resolved path of a 1-D .npy file of samples
  double dt = 0;            // Npy: ms between the file's samples
};

struct TimeSpec {
  double duration = 0;       // ms
  std::optional<double> dt;  // ms; empty means "auto" (the runner picks a stable step)
  int64_t outputEvery = 1;   // keep every n-th time step in traces
};

struct OutputSpec {
  bool traces = true;
  std::vector<double> snapshotTimes; // ms, each in [0, duration]
  bool pictures = true;
};

struct LayerSpec {
  double top = 0;      // m: depth (z coordinate) where this layer starts
  double velocity = 0; // km/s
};

struct ModelSpec {
  enum class Kind { Constant, Layered, Camembert, File } kind = Kind::Constant;
  enum class FileFormat { Npy, RawFloat32 };

  // constant
  double velocity = 0; // km/s
  // layered: tops strictly increasing; the first layer also fills everything above its top
  std::vector<LayerSpec> layers;
  // camembert: a disk (a ball in 3D) in a uniform background
  double background = 0;           // km/s
  std::vector<double> diskCenter;  // m, one entry per axis
  double diskRadius = 0;           // m
  double diskVelocity = 0;         // km/s
  // file: a gridded model, sampled onto the case grid by (bi/tri)linear interpolation
  std::string path;                    // resolved
  FileFormat format = FileFormat::RawFloat32;
  std::vector<int64_t> fileShape;      // empty for npy files without "shape" (the header says)
  std::vector<double> fileSpacing;     // m
  std::vector<double> fileOrigin;      // m
  double toKmPerS = 1.0;               // 0.001 for "m/s", 1 for "km/s"
  std::string layout = "x-major";      // C order, z fastest (the only layout)

  // any model: separable Gaussian smoothing on the case grid (an FWI starting model)
  std::optional<double> smoothSigma; // m
};

struct Case {
  std::string path; // the case file
  std::string description; // optional free text ("description")
  Domain domain;    // shape, spacing, origin, absorbingWidth
  ModelSpec model;
  // Physical coordinates (m), one vector of dims() entries each, (x, z) or (x, y, z).
  std::vector<std::vector<double>> sources, receivers;
  WaveletSpec wavelet;
  TimeSpec time;
  OutputSpec outputs;
  int spaceOrder = 8;
  std::string interpolation = "linear"; // "linear" | "sinc"
};

/// Reads, parses and validates a case file; throws CaseError (also when it cannot be read).
Case loadCase(const std::string &path);

/// Parses and validates case text. Messages name `pathForMessages`; relative file paths in
/// the case are resolved against `baseDirectory` (empty: kept as written).
Case parseCase(const std::string &json, const std::string &pathForMessages,
               const std::string &baseDirectory);

/// The velocity model (km/s) on the physical grid, C order (z fastest). Reads model files;
/// throws CaseError for missing/short/long files (expected vs actual bytes), a file grid
/// that does not cover the case grid, non-positive or non-finite velocities.
std::vector<float> buildVelocity(const Case &c);

/// Separable Gaussian smoothing with standard deviations in grid points per axis (0: that
/// axis is left alone). The kernel is the sampled Gaussian truncated at 4 sigma and
/// normalised to sum 1; samples beyond the edges repeat the edge value (edge-clamped).
std::vector<float> gaussianSmooth(const std::vector<float> &values,
                                  const std::vector<int64_t> &shape,
                                  const std::vector<double> &sigmaPoints);

} // namespace strata::runtime
