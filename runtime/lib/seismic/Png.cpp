//===- Png.cpp - pictures of models, wavefields, gathers and curves -------===//
#include "strata/Runtime/Seismic/Png.h"

#include "Canvas.h"

#include "strata/Runtime/AtomicFile.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>

namespace strata::runtime {

using detail::Canvas;
using detail::kBlack;
using detail::Rgb;

namespace {

constexpr int kTextScale = 2; // 10 x 14 px characters: readable without zooming
constexpr int kTickLength = 6;
constexpr int kMarginLeft = 140, kMarginTop = 50, kMarginBottom = 80;
constexpr Rgb kNotFinite{255, 0, 255};

/// Where a plot's data area lies on the canvas.
struct Frame {
  int left, top, width, height;
  int right() const { return left + width; }
  int bottom() const { return top + height; }
};

/// A linear map from data values to pixel positions (values may be log10 of the data).
struct AxisMap {
  double value0, value1, pixel0, pixel1;
  double toPixel(double value) const {
    if (value1 == value0)
      return 0.5 * (pixel0 + pixel1);
    return pixel0 + (value - value0) / (value1 - value0) * (pixel1 - pixel0);
  }
};

/// About `target` round values (1, 2 or 5 times a power of ten apart) within [lo, hi].
std::vector<double> niceTicks(double lo, double hi, double &step, int target = 6) {
  if (lo > hi)
    std::swap(lo, hi);
  if (!(hi > lo)) {
    step = 0;
    return {lo};
  }
  double raw = (hi - lo) / target;
  double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  double fraction = raw / magnitude;
  step = magnitude * (fraction < 1.5 ? 1 : fraction < 3.5 ? 2 : fraction < 7.5 ? 5 : 10);
  std::vector<double> ticks;
  for (double tick = std::ceil(lo / step - 1e-9) * step; tick <= hi + 1e-9 * step; tick += step)
    ticks.push_back(std::abs(tick) < 1e-9 * step ? 0.0 : tick);
  return ticks;
}

std::string tickLabel(double value, double step) {
  char buffer[64];
  double magnitude = std::max(std::abs(value), step);
  if (value == 0)
    return "0";
  if (magnitude >= 1e6 || magnitude < 1e-3)
    std::snprintf(buffer, sizeof buffer, "%.3g", value);
  else {
    int decimals = step >= 1 || step == 0 ? 0 : int(std::ceil(-std::log10(step) - 1e-9));
    std::snprintf(buffer, sizeof buffer, "%.*f", std::min(decimals, 6), value);
  }
  return buffer;
}

struct Tick {
  double pixel;
  std::string label;
};

std::vector<Tick> linearTicks(const AxisMap &map, double lo, double hi) {
  double step = 0;
  std::vector<Tick> ticks;
  for (double value : niceTicks(lo, hi, step))
    ticks.push_back({map.toPixel(value), tickLabel(value, step)});
  return ticks;
}

/// Ticks at the powers of ten of a log axis whose map takes log10 values.
std::vector<Tick> decadeTicks(const AxisMap &map, double logLo, double logHi) {
  std::vector<Tick> ticks;
  for (double decade = std::ceil(logLo - 1e-9); decade <= logHi + 1e-9; ++decade)
    ticks.push_back({map.toPixel(decade), "1e" + std::to_string(int(decade))});
  return ticks;
}

void drawXAxis(Canvas &canvas, const Frame &frame, const std::vector<Tick> &ticks,
               const std::string &label) {
  int labelY = frame.bottom() + kTickLength + 6;
  for (const Tick &tick : ticks) {
    int x = int(std::lround(tick.pixel));
    canvas.fill(x, frame.bottom(), 1, kTickLength, kBlack);
    canvas.text(x - Canvas::textWidth(tick.label, kTextScale) / 2, labelY, tick.label, kBlack,
                kTextScale);
  }
  int textY = labelY + Canvas::textHeight(kTextScale) + 12;
  canvas.text(frame.left + (frame.width - Canvas::textWidth(label, kTextScale)) / 2, textY, label,
              kBlack, kTextScale);
}

void drawYAxis(Canvas &canvas, const Frame &frame, const std::vector<Tick> &ticks,
               const std::string &label) {
  for (const Tick &tick : ticks) {
    int y = int(std::lround(tick.pixel));
    canvas.fill(frame.left - kTickLength, y, kTickLength, 1, kBlack);
    int width = Canvas::textWidth(tick.label, kTextScale);
    canvas.text(frame.left - kTickLength - 4 - width, y - Canvas::textHeight(kTextScale) / 2,
                tick.label, kBlack, kTextScale);
  }
  canvas.verticalText(8, frame.top + (frame.height - Canvas::textWidth(label, kTextScale)) / 2,
                      label, kBlack, kTextScale);
}

void drawTitle(Canvas &canvas, const Frame &frame, const std::string &title) {
  int x = frame.left + (frame.width - Canvas::textWidth(title, kTextScale)) / 2;
  canvas.text(std::max(4, x), (kMarginTop - Canvas::textHeight(kTextScale)) / 2, title, kBlack,
              kTextScale);
}

Rgb mix(Rgb a, Rgb b, double t) {
  auto channel = [t](uint8_t x, uint8_t y) {
    return uint8_t(std::lround(double(x) + (double(y) - double(x)) * t));
  };
  return {channel(a.r, b.r), channel(a.g, b.g), channel(a.b, b.b)};
}

/// Piecewise-linear colour ramp through equally spaced stops.
Rgb ramp(const std::vector<Rgb> &stops, double t) {
  double position = std::clamp(t, 0.0, 1.0) * double(stops.size() - 1);
  size_t index = std::min(size_t(position), stops.size() - 2);
  return mix(stops[index], stops[index + 1], position - double(index));
}

Rgb colorAt(Colormap map, double t) {
  // matplotlib's "seismic" and a 9-stop sampling of "viridis".
  static const std::vector<Rgb> seismic = {
      {0, 0, 77}, {0, 0, 255}, {255, 255, 255}, {255, 0, 0}, {128, 0, 0}};
  static const std::vector<Rgb> viridis = {{68, 1, 84},    {71, 44, 122},  {59, 81, 139},
                                           {44, 113, 142}, {33, 144, 141}, {39, 173, 129},
                                           {92, 200, 99},  {170, 220, 50}, {253, 231, 37}};
  static const std::vector<Rgb> gray = {{0, 0, 0}, {255, 255, 255}};
  return ramp(map == Colormap::Seismic ? seismic : map == Colormap::Viridis ? viridis : gray, t);
}

void drawColorbar(Canvas &canvas, const Frame &plot, Colormap map, double vmin, double vmax,
                  const std::string &label) {
  Frame bar{plot.right() + 30, plot.top, 24, plot.height};
  for (int y = 0; y < bar.height; ++y)
    canvas.fill(bar.left, bar.top + y, bar.width, 1,
                colorAt(map, 1.0 - double(y) / double(std::max(1, bar.height - 1))));
  canvas.rectangle(bar.left - 1, bar.top - 1, bar.width + 2, bar.height + 2, kBlack);
  AxisMap values{vmin, vmax, double(bar.bottom() - 1), double(bar.top)};
  int labelsRight = 0;
  for (const Tick &tick : linearTicks(values, vmin, vmax)) {
    int y = int(std::lround(tick.pixel));
    canvas.fill(bar.right() + 1, y, kTickLength, 1, kBlack);
    int x = bar.right() + kTickLength + 4;
    canvas.text(x, y - Canvas::textHeight(kTextScale) / 2, tick.label, kBlack, kTextScale);
    labelsRight = std::max(labelsRight, x + Canvas::textWidth(tick.label, kTextScale));
  }
  canvas.verticalText(labelsRight + 10,
                      bar.top + (bar.height - Canvas::textWidth(label, kTextScale)) / 2, label,
                      kBlack, kTextScale);
}

/// The widest tick label of the colorbar, to size the right margin.
int colorbarLabelWidth(double vmin, double vmax) {
  double step = 0;
  int widest = 0;
  for (double value : niceTicks(vmin, vmax, step))
    widest = std::max(widest, Canvas::textWidth(tickLabel(value, step), kTextScale));
  return widest;
}

void requireFiniteLimits(double a, double b, const char *what) {
  if (!std::isfinite(a) || !std::isfinite(b))
    throw std::invalid_argument(std::string("writeImagePng: the ") + what +
                                " limits must be finite");
}

void drawImageCells(Canvas &canvas, const Frame &frame, const float *values, int64_t rows,
                    int64_t cols, Colormap map, double vmin, double vmax) {
  for (int py = 0; py < frame.height; ++py) {
    int64_t r = std::min(rows - 1, int64_t(py) * rows / frame.height);
    for (int px = 0; px < frame.width; ++px) {
      int64_t c = std::min(cols - 1, int64_t(px) * cols / frame.width);
      double value = values[r * cols + c];
      Rgb color = std::isfinite(value) ? colorAt(map, (value - vmin) / (vmax - vmin)) : kNotFinite;
      canvas.set(frame.left + px, frame.top + py, color);
    }
  }
}

/// Pixel map of cell centres: the first cell's centre is value0, the last one's value1.
AxisMap cellCentreMap(double first, double last, int pixelStart, int pixels, int64_t cells) {
  double cell = double(pixels) / double(cells);
  return {first, last, pixelStart + 0.5 * cell, pixelStart + double(pixels) - 0.5 * cell};
}

} // namespace

void writeImagePng(const std::string &path, const float *values, int64_t rows, int64_t cols,
                   const PlotAxes &axes, Colormap map, double vmin, double vmax) {
  if (values == nullptr || rows < 1 || cols < 1)
    throw std::invalid_argument("writeImagePng " + path + ": no data (" + std::to_string(rows) +
                                " x " + std::to_string(cols) + ")");
  requireFiniteLimits(vmin, vmax, "color");
  requireFiniteLimits(axes.xMin, axes.xMax, "x");
  requireFiniteLimits(axes.yMin, axes.yMax, "y");
  if (vmin > vmax)
    throw std::invalid_argument("writeImagePng " + path + ": vmin " + std::to_string(vmin) +
                                " > vmax " + std::to_string(vmax));
  if (vmin == vmax) {
    vmin -= 1;
    vmax += 1;
  }
  int plotWidth = int(std::clamp<int64_t>(cols, 600, 1200));
  int plotHeight = int(
      std::clamp<int64_t>(std::llround(double(rows) * double(plotWidth) / double(cols)), 300, 900));
  int marginRight = 30 + 24 + kTickLength + 4 + colorbarLabelWidth(vmin, vmax) + 10 +
                    Canvas::textHeight(kTextScale) + 12;
  Frame frame{kMarginLeft, kMarginTop, plotWidth, plotHeight};
  Canvas canvas(kMarginLeft + plotWidth + marginRight, kMarginTop + plotHeight + kMarginBottom);
  drawImageCells(canvas, frame, values, rows, cols, map, vmin, vmax);
  canvas.rectangle(frame.left - 1, frame.top - 1, frame.width + 2, frame.height + 2, kBlack);
  AxisMap x = cellCentreMap(axes.xMin, axes.xMax, frame.left, frame.width, cols);
  AxisMap y = cellCentreMap(axes.yMin, axes.yMax, frame.top, frame.height, rows);
  drawXAxis(canvas, frame, linearTicks(x, axes.xMin, axes.xMax), axes.xLabel);
  drawYAxis(canvas, frame, linearTicks(y, axes.yMin, axes.yMax), axes.yLabel);
  drawTitle(canvas, frame, axes.title);
  drawColorbar(canvas, frame, map, vmin, vmax, axes.colorbarLabel);
  writeFileAtomically(path, detail::encodePng(canvas));
}

namespace {

/// [lo, hi] of the finite values (positive ones for a log axis, as log10), widened when flat.
std::pair<double, double> dataRange(const std::vector<std::vector<double>> &series, bool logY) {
  double lo = INFINITY, hi = -INFINITY;
  for (const auto &values : series)
    for (double value : values) {
      if (!std::isfinite(value) || (logY && value <= 0))
        continue;
      double v = logY ? std::log10(value) : value;
      lo = std::min(lo, v);
      hi = std::max(hi, v);
    }
  if (lo > hi)
    return {0, 1};
  if (lo == hi)
    return {lo - 1, hi + 1};
  if (logY)
    return {std::floor(lo), std::ceil(hi)}; // whole decades
  double pad = 0.05 * (hi - lo);
  return {lo - pad, hi + pad};
}

void drawSeries(Canvas &canvas, const AxisMap &x, const AxisMap &y, const std::vector<double> &xs,
                const std::vector<double> &values, bool logY, Rgb color) {
  bool havePrevious = false;
  int previousX = 0, previousY = 0;
  for (size_t i = 0; i < xs.size(); ++i) {
    double value = values[i];
    bool valid = std::isfinite(value) && std::isfinite(xs[i]) && (!logY || value > 0);
    if (!valid) {
      havePrevious = false; // a gap in the curve
      continue;
    }
    int px = int(std::lround(x.toPixel(xs[i])));
    int py = int(std::lround(y.toPixel(logY ? std::log10(value) : value)));
    if (havePrevious)
      canvas.line(previousX, previousY, px, py, color, 2);
    else
      canvas.fill(px - 1, py - 1, 3, 3, color);
    havePrevious = true;
    previousX = px;
    previousY = py;
  }
}

} // namespace

void writeLinePlotPng(const std::string &path, const std::vector<double> &x,
                      const std::vector<std::vector<double>> &series, const PlotAxes &axes,
                      bool logY) {
  if (x.empty() || series.empty())
    throw std::invalid_argument("writeLinePlotPng " + path + ": no data");
  for (size_t s = 0; s < series.size(); ++s)
    if (series[s].size() != x.size())
      throw std::invalid_argument("writeLinePlotPng " + path + ": series " + std::to_string(s) +
                                  " has " + std::to_string(series[s].size()) + " values for " +
                                  std::to_string(x.size()) + " x values");
  auto [xLo, xHi] = axes.xMin < axes.xMax ? std::pair{axes.xMin, axes.xMax} : dataRange({x}, false);
  auto [yLo, yHi] = axes.yMin < axes.yMax
                        ? (logY ? std::pair{std::log10(std::max(axes.yMin, 1e-300)),
                                            std::log10(std::max(axes.yMax, 1e-300))}
                                : std::pair{axes.yMin, axes.yMax})
                        : dataRange(series, logY);
  Frame frame{kMarginLeft, kMarginTop, 700, 450};
  Canvas canvas(kMarginLeft + frame.width + 40, kMarginTop + frame.height + kMarginBottom);
  AxisMap xMap{xLo, xHi, double(frame.left), double(frame.right() - 1)};
  AxisMap yMap{yLo, yHi, double(frame.bottom() - 1), double(frame.top)};
  static const std::vector<Rgb> palette = {
      {31, 119, 180}, {255, 127, 14},  {44, 160, 44},   {214, 39, 40},  {148, 103, 189},
      {140, 86, 75},  {227, 119, 194}, {127, 127, 127}, {188, 189, 34}, {23, 190, 207}};
  canvas.clip(frame.left, frame.top, frame.right(), frame.bottom());
  for (size_t s = 0; s < series.size(); ++s)
    drawSeries(canvas, xMap, yMap, x, series[s], logY, palette[s % palette.size()]);
  canvas.clearClip();
  canvas.rectangle(frame.left - 1, frame.top - 1, frame.width + 2, frame.height + 2, kBlack);
  drawXAxis(canvas, frame, linearTicks(xMap, xLo, xHi), axes.xLabel);
  drawYAxis(canvas, frame, logY ? decadeTicks(yMap, yLo, yHi) : linearTicks(yMap, yLo, yHi),
            axes.yLabel);
  drawTitle(canvas, frame, axes.title);
  writeFileAtomically(path, detail::encodePng(canvas));
}

std::pair<double, double> symmetricClip(const float *values, size_t count, double percentile) {
  if (!(percentile > 0 && percentile <= 100))
    throw std::invalid_argument("symmetricClip: the percentile must be in (0, 100], got " +
                                std::to_string(percentile));
  std::vector<double> magnitudes;
  magnitudes.reserve(count);
  for (size_t i = 0; i < count; ++i)
    if (std::isfinite(values[i]))
      magnitudes.push_back(std::abs(double(values[i])));
  if (magnitudes.empty())
    return {0.0, 0.0};
  size_t rank = size_t(std::ceil(percentile / 100.0 * double(magnitudes.size())));
  auto nth =
      magnitudes.begin() + std::ptrdiff_t(std::clamp<size_t>(rank, 1, magnitudes.size()) - 1);
  std::nth_element(magnitudes.begin(), nth, magnitudes.end());
  return {-*nth, *nth};
}

} // namespace strata::runtime
