//===- Canvas.h - an RGB raster with lines and bitmap text ----------------===//
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace strata::runtime::detail {

struct Rgb {
  uint8_t r, g, b;
  bool operator==(const Rgb &) const = default;
};

inline constexpr Rgb kWhite{255, 255, 255}, kBlack{0, 0, 0};

/// A white RGB raster. Drawing outside it (or outside the clip rectangle) is ignored, so
/// callers need not clip long labels or lines themselves.
class Canvas {
public:
  Canvas(int width, int height);

  int width() const { return width_; }
  int height() const { return height_; }
  const std::vector<uint8_t> &pixels() const { return pixels_; }

  void set(int x, int y, Rgb color);
  void fill(int x, int y, int w, int h, Rgb color);
  void rectangle(int x, int y, int w, int h, Rgb color); // 1 px outline
  /// A straight line (Bresenham) `thickness` px wide.
  void line(int x0, int y0, int x1, int y1, Rgb color, int thickness = 1);
  /// Limits drawing to [x0, x1) x [y0, y1) until clearClip().
  void clip(int x0, int y0, int x1, int y1);
  void clearClip();

  /// Text with its top-left corner at (x, y), each font pixel `scale` px square.
  void text(int x, int y, const std::string &s, Rgb color, int scale);
  /// Text rotated a quarter turn counter-clockwise (reads bottom to top), top-left at (x, y).
  void verticalText(int x, int y, const std::string &s, Rgb color, int scale);
  static int textWidth(const std::string &s, int scale);
  static int textHeight(int scale);

private:
  int width_, height_;
  int clipX0_ = 0, clipY0_ = 0, clipX1_, clipY1_;
  std::vector<uint8_t> pixels_;
};

/// The canvas as PNG bytes (8-bit RGB). Throws std::runtime_error if libpng fails.
std::string encodePng(const Canvas &canvas);

} // namespace strata::runtime::detail
