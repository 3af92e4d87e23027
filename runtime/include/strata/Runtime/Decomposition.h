//===- Decomposition.h - Cartesian domain decomposition ---------*- C++ -*-===//
//
// How a global grid is split into blocks, one per MPI rank. Pure functions of the
// global shape and the rank count, so every rank computes the same layout without
// communicating, and the layout is testable without MPI.
//
//===----------------------------------------------------------------------===//
#pragma once

#include <cstdint>
#include <vector>

namespace strata::runtime {

/// One rank's block of a Cartesian decomposition.
struct Block {
  std::vector<int> coords;     // position in the process grid, one per axis
  std::vector<int64_t> offset; // first global index owned, per axis
  std::vector<int64_t> shape;  // number of points owned, per axis
};

struct Decomposition {
  std::vector<int64_t> globalShape;
  std::vector<int> processGrid; // ranks per axis; their product is the rank count
  /// The block owned by `rank` (row-major rank order over the process grid, the last
  /// axis fastest, as MPI_Cart_create numbers ranks).
  Block block(int rank) const;
  int rankCount() const;
};

/// Splits `globalShape` over `ranks` ranks. The process grid minimizes the surface of the
/// blocks (the halo traffic) among all factorizations of `ranks`; ties prefer splitting
/// the slowest axes, which keeps the contiguous last axis whole. Block sizes along an
/// axis differ by at most one point. Throws std::invalid_argument when a rank would own
/// no point or the arguments make no sense.
Decomposition decompose(const std::vector<int64_t> &globalShape, int ranks);

} // namespace strata::runtime
