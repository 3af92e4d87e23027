//===- Png.h - pictures of models, wavefields, gathers and curves -*- C++ -*-===//
//
// 8-bit RGB PNG files (libpng), written atomically, with a frame, ticks and tick labels in
// physical units, axis labels, a title and (for images) a colorbar. Text uses a built-in 5x7
// bitmap font (ASCII letters, digits and common punctuation; anything else prints as '?').
//
//===----------------------------------------------------------------------===//
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace strata::runtime {

struct PlotAxes {
  std::string title, xLabel, yLabel, colorbarLabel;
  /// Images: the coordinates of the first and last column (x) and of the first (top) and last
  /// (bottom) row (y), e.g. yMin = 0 m at the surface, yMax = the deepest point.
  /// Line plots: the axis limits; when xMin >= xMax (or yMin >= yMax) the data's range is used.
  double xMin = 0, xMax = 0, yMin = 0, yMax = 0;
};

enum class Colormap {
  Seismic, // dark blue - blue - white - red - dark red; white at the middle (use symmetric limits)
  Viridis, // perceptually uniform dark purple - green - yellow
  Gray,    // black - white
};

/// Draws values[r * cols + c] with row 0 at the top (a depth section with z down, a shot gather
/// with time down) and column 0 at the left, mapped through `map` from [vmin, vmax] (clipped).
/// Small arrays are enlarged (nearest neighbour) to a plot at least 600 px wide; large ones are
/// subsampled to at most 1200 x 900 px. Non-finite values are drawn magenta. If vmin == vmax
/// the range is widened to [vmin - 1, vmax + 1].
/// Throws std::invalid_argument for empty or null data, vmin > vmax or non-finite limits, and
/// std::runtime_error when the file cannot be written (naming the path).
void writeImagePng(const std::string &path, const float *values, int64_t rows, int64_t cols,
                   const PlotAxes &axes, Colormap map, double vmin, double vmax);

/// Draws each series against x (one colour per series, same length as x). With logY the y axis
/// is logarithmic and values <= 0 are left out. Throws like writeImagePng.
void writeLinePlotPng(const std::string &path, const std::vector<double> &x,
                      const std::vector<std::vector<double>> &series, const PlotAxes &axes,
                      bool logY);

/// (-a, a) with a the `percentile` (0 < p <= 100) percentile of |v| over the finite values: the
/// symmetric color limits for gathers and wavefields (99 hides a few spikes). (0, 0) when no
/// value is finite. Throws std::invalid_argument for a percentile outside (0, 100].
std::pair<double, double> symmetricClip(const float *values, size_t count, double percentile);

} // namespace strata::runtime
