//===- Decomposition.cpp - Cartesian domain decomposition -----------------===//
#include "strata/Runtime/Decomposition.h"

#include <algorithm>
#include <limits>
#include <stdexcept>
#include <string>

namespace strata::runtime {
namespace {

/// Every way to write `ranks` as an ordered product of `axes` factors.
void factorizations(int ranks, size_t axes, std::vector<int> &current,
                    std::vector<std::vector<int>> &out) {
  if (current.size() + 1 == axes) {
    current.push_back(ranks);
    out.push_back(current);
    current.pop_back();
    return;
  }
  for (int factor = 1; factor <= ranks; ++factor) {
    if (ranks % factor != 0)
      continue;
    current.push_back(factor);
    factorizations(ranks / factor, axes, current, out);
    current.pop_back();
  }
}

/// Sum over axes of the area of the faces cut by that axis' splits: proportional to the
/// total halo volume exchanged per step.
double cutSurface(const std::vector<int64_t> &shape, const std::vector<int> &grid) {
  double total = 0.0;
  for (size_t axis = 0; axis < shape.size(); ++axis) {
    double face = 1.0;
    for (size_t other = 0; other < shape.size(); ++other)
      if (other != axis)
        face *= static_cast<double>(shape[other]);
    total += face * (grid[axis] - 1);
  }
  return total;
}

bool fits(const std::vector<int64_t> &shape, const std::vector<int> &grid) {
  for (size_t axis = 0; axis < shape.size(); ++axis)
    if (grid[axis] > shape[axis])
      return false;
  return true;
}

} // namespace

int Decomposition::rankCount() const {
  int count = 1;
  for (int ranks : processGrid)
    count *= ranks;
  return count;
}

Block Decomposition::block(int rank) const {
  if (rank < 0 || rank >= rankCount())
    throw std::invalid_argument("rank " + std::to_string(rank) + " outside a decomposition of " +
                                std::to_string(rankCount()) + " ranks");
  const size_t axes = globalShape.size();
  Block block;
  block.coords.assign(axes, 0);
  block.offset.assign(axes, 0);
  block.shape.assign(axes, 0);
  int remainder = rank;
  for (size_t axis = axes; axis-- > 0;) {
    block.coords[axis] = remainder % processGrid[axis];
    remainder /= processGrid[axis];
  }
  for (size_t axis = 0; axis < axes; ++axis) {
    const int64_t parts = processGrid[axis];
    const int64_t base = globalShape[axis] / parts;
    const int64_t extra = globalShape[axis] % parts; // the first `extra` blocks get one more
    const int64_t coord = block.coords[axis];
    block.shape[axis] = base + (coord < extra ? 1 : 0);
    block.offset[axis] = coord * base + std::min(coord, extra);
  }
  return block;
}

Decomposition decompose(const std::vector<int64_t> &globalShape, int ranks) {
  if (globalShape.empty() || globalShape.size() > 3)
    throw std::invalid_argument("a grid has 1, 2 or 3 axes, got " +
                                std::to_string(globalShape.size()));
  for (int64_t extent : globalShape)
    if (extent < 1)
      throw std::invalid_argument("grid extents must be positive");
  if (ranks < 1)
    throw std::invalid_argument("the rank count must be positive");

  std::vector<std::vector<int>> candidates;
  std::vector<int> current;
  factorizations(ranks, globalShape.size(), current, candidates);

  const std::vector<int> *best = nullptr;
  double bestSurface = std::numeric_limits<double>::infinity();
  for (const std::vector<int> &grid : candidates) {
    if (!fits(globalShape, grid))
      continue;
    double surface = cutSurface(globalShape, grid);
    // Candidates come with the first axis' factor increasing, so on a tie keep the later
    // one: it splits the slowest axes and keeps the contiguous last axis whole.
    if (surface <= bestSurface) {
      bestSurface = surface;
      best = &grid;
    }
  }
  if (!best)
    throw std::invalid_argument("cannot split the grid over " + std::to_string(ranks) +
                                " ranks without leaving a rank empty");
  return Decomposition{globalShape, *best};
}

} // namespace strata::runtime
