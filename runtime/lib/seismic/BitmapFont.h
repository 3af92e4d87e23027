//===- BitmapFont.h - a 5x7 pixel font for plot text ----------------------===//
#pragma once

#include <array>
#include <cstdint>

namespace strata::runtime::detail {

inline constexpr int kGlyphWidth = 5, kGlyphHeight = 7;

/// Seven rows, top first; bit 4 of each row is the leftmost pixel. Characters without a glyph
/// give the glyph of '?'.
const std::array<uint8_t, kGlyphHeight> &glyph(char c);

} // namespace strata::runtime::detail
