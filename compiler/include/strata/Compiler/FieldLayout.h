//===- FieldLayout.h - how the runtime lays fields out in memory -*- C++ -*-===//
//
// The strides (in elements) of the layout the simulators give a kernel's fields: rows padded
// to whole 64-byte cache lines, a state's time levels padded apart against 4K aliasing.
// Header-only and free of MLIR: the runtime allocates with it, and strata-stencil-to-loops
// compiles the same strides in as constants when asked to (grid-shape), so both agree by
// construction.
//
//===----------------------------------------------------------------------===//
#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

namespace strata::compiler {

constexpr int64_t kCacheLineBytes = 64;
constexpr int64_t kPageBytes = 4096;

/// A distance in elements between the time levels of a state, at least `levelSize`, that
/// keeps every two of its `levels` levels far apart modulo 4 KiB (docs/performance.md, "4K
/// aliasing: padded time levels"): the first pad of whole cache lines (when the element size
/// allows) that does best, under 4 KiB.
inline int64_t paddedLevelStride(int64_t levels, int64_t levelSize, int64_t elementBytes) {
  // How close the nearest two levels come to each other modulo 4 KiB, in bytes.
  auto closest = [&](int64_t stride) {
    int64_t nearest = kPageBytes;
    for (int64_t apart = 1; apart < levels; ++apart) {
      int64_t offset = (apart * stride * elementBytes) % kPageBytes;
      nearest = std::min({nearest, offset, kPageBytes - offset});
    }
    return nearest;
  };
  const int64_t step = std::max<int64_t>(1, kCacheLineBytes / elementBytes);
  int64_t best = levelSize;
  for (int64_t pad = 0; pad * elementBytes < kPageBytes; pad += step)
    if (closest(levelSize + pad) > closest(best))
      best = levelSize + pad;
  return best;
}

/// The elements between consecutive rows: the row itself, or (with `alignRows`) rounded up
/// to whole cache lines.
inline int64_t rowPitch(int64_t rowLength, int64_t elementBytes, bool alignRows) {
  if (!alignRows || kCacheLineBytes % elementBytes != 0)
    return rowLength;
  const int64_t lineElements = kCacheLineBytes / elementBytes;
  return (rowLength + lineElements - 1) / lineElements * lineElements;
}

/// Row-major strides of a field of `shape` (a state's `levels` first when `levels` > 0,
/// then the padded grid): rows `rowPitch` apart, levels `paddedLevelStride` apart, the last
/// axis contiguous.
inline std::vector<int64_t> paddedStrides(const std::vector<int64_t> &shape, int64_t levels,
                                          int64_t elementBytes, bool alignRows) {
  const size_t rank = shape.size();
  std::vector<int64_t> strides(rank, 1);
  if (rank < 2)
    return strides;
  strides[rank - 2] = rowPitch(shape[rank - 1], elementBytes, alignRows);
  for (size_t axis = rank - 2; axis-- > 0;)
    strides[axis] = strides[axis + 1] * shape[axis + 1];
  if (levels > 0)
    strides[0] = paddedLevelStride(levels, strides[1] * shape[1], elementBytes);
  return strides;
}

} // namespace strata::compiler
