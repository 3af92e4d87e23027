//===- Canvas.cpp - an RGB raster with lines and bitmap text --------------===//
#include "Canvas.h"

#include "BitmapFont.h"

#include <png.h>

#include <algorithm>
#include <cstdlib>
#include <stdexcept>

namespace strata::runtime::detail {

namespace {

constexpr int kGlyphAdvance = kGlyphWidth + 1; // one blank column between characters

void appendToString(png_structp png, png_bytep data, png_size_t length) {
  auto *out = static_cast<std::string *>(png_get_io_ptr(png));
  out->append(reinterpret_cast<const char *>(data), length);
}

void flushNothing(png_structp) {}

} // namespace

Canvas::Canvas(int width, int height)
    : width_(width), height_(height), clipX1_(width), clipY1_(height),
      pixels_(size_t(width) * size_t(height) * 3, 255) {}

void Canvas::set(int x, int y, Rgb color) {
  if (x < clipX0_ || y < clipY0_ || x >= clipX1_ || y >= clipY1_)
    return;
  uint8_t *pixel = &pixels_[(size_t(y) * size_t(width_) + size_t(x)) * 3];
  pixel[0] = color.r;
  pixel[1] = color.g;
  pixel[2] = color.b;
}

void Canvas::fill(int x, int y, int w, int h, Rgb color) {
  for (int row = y; row < y + h; ++row)
    for (int col = x; col < x + w; ++col)
      set(col, row, color);
}

void Canvas::rectangle(int x, int y, int w, int h, Rgb color) {
  fill(x, y, w, 1, color);
  fill(x, y + h - 1, w, 1, color);
  fill(x, y, 1, h, color);
  fill(x + w - 1, y, 1, h, color);
}

void Canvas::line(int x0, int y0, int x1, int y1, Rgb color, int thickness) {
  int dx = std::abs(x1 - x0), dy = -std::abs(y1 - y0);
  int stepX = x0 < x1 ? 1 : -1, stepY = y0 < y1 ? 1 : -1;
  int error = dx + dy;
  int offset = (thickness - 1) / 2;
  while (true) {
    fill(x0 - offset, y0 - offset, thickness, thickness, color);
    if (x0 == x1 && y0 == y1)
      return;
    int twice = 2 * error;
    if (twice >= dy) {
      error += dy;
      x0 += stepX;
    }
    if (twice <= dx) {
      error += dx;
      y0 += stepY;
    }
  }
}

void Canvas::clip(int x0, int y0, int x1, int y1) {
  clipX0_ = std::max(0, x0);
  clipY0_ = std::max(0, y0);
  clipX1_ = std::min(width_, x1);
  clipY1_ = std::min(height_, y1);
}

void Canvas::clearClip() { clip(0, 0, width_, height_); }

void Canvas::text(int x, int y, const std::string &s, Rgb color, int scale) {
  for (size_t i = 0; i < s.size(); ++i) {
    const auto &rows = glyph(s[i]);
    for (int gy = 0; gy < kGlyphHeight; ++gy)
      for (int gx = 0; gx < kGlyphWidth; ++gx)
        if (rows[size_t(gy)] & (0x10 >> gx))
          fill(x + (int(i) * kGlyphAdvance + gx) * scale, y + gy * scale, scale, scale, color);
  }
}

void Canvas::verticalText(int x, int y, const std::string &s, Rgb color, int scale) {
  int length = textWidth(s, scale);
  for (size_t i = 0; i < s.size(); ++i) {
    const auto &rows = glyph(s[i]);
    for (int gy = 0; gy < kGlyphHeight; ++gy)
      for (int gx = 0; gx < kGlyphWidth; ++gx)
        if (rows[size_t(gy)] & (0x10 >> gx)) {
          int along = (int(i) * kGlyphAdvance + gx) * scale; // distance from the text's start
          fill(x + gy * scale, y + length - along - scale, scale, scale, color);
        }
  }
}

int Canvas::textWidth(const std::string &s, int scale) {
  return s.empty() ? 0 : (int(s.size()) * kGlyphAdvance - 1) * scale;
}

int Canvas::textHeight(int scale) { return kGlyphHeight * scale; }

std::string encodePng(const Canvas &canvas) {
  std::string out;
  std::vector<png_bytep> rows(size_t(canvas.height()));
  for (int y = 0; y < canvas.height(); ++y)
    rows[size_t(y)] =
        const_cast<png_bytep>(&canvas.pixels()[size_t(y) * size_t(canvas.width()) * 3]);
  png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, nullptr, nullptr, nullptr);
  png_infop info = png ? png_create_info_struct(png) : nullptr;
  if (!info) {
    png_destroy_write_struct(&png, nullptr);
    throw std::runtime_error("libpng: cannot create a PNG writer");
  }
  // libpng reports errors by longjmp; nothing between here and the end needs unwinding.
  if (setjmp(png_jmpbuf(png))) {
    png_destroy_write_struct(&png, &info);
    throw std::runtime_error("libpng failed to encode the picture");
  }
  png_set_write_fn(png, &out, appendToString, flushNothing);
  png_set_IHDR(png, info, png_uint_32(canvas.width()), png_uint_32(canvas.height()), 8,
               PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT,
               PNG_FILTER_TYPE_DEFAULT);
  png_write_info(png, info);
  png_write_image(png, rows.data());
  png_write_end(png, nullptr);
  png_destroy_write_struct(&png, &info);
  return out;
}

} // namespace strata::runtime::detail
