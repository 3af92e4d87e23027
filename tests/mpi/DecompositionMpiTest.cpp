// Serial-vs-parallel equality of the Cartesian decomposition under mpirun: blocks gathered
// from every rank rebuild the array a single process computes, bit for bit, and the
// layout agrees with MPI's own Cartesian topology.
#include "strata/Runtime/Decomposition.h"

#include <gtest/gtest.h>
#include <mpi.h>

#include <cmath>

using namespace strata::runtime;

namespace {

int worldRank() {
  int rank = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  return rank;
}

int worldSize() {
  int size = 0;
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  return size;
}

// A value no rank can guess without computing its global index correctly.
double valueAt(int64_t ix, int64_t iz) { return std::sin(0.1 * ix) * std::cos(0.37 * iz) + ix; }

} // namespace

TEST(DecompositionMpi, GatheredBlocksEqualTheSerialArray) {
  const std::vector<int64_t> shape = {37, 23};
  Decomposition decomposition = decompose(shape, worldSize());
  Block block = decomposition.block(worldRank());

  std::vector<double> local;
  for (int64_t i = 0; i < block.shape[0]; ++i)
    for (int64_t k = 0; k < block.shape[1]; ++k)
      local.push_back(valueAt(block.offset[0] + i, block.offset[1] + k));

  int localCount = static_cast<int>(local.size());
  std::vector<int> counts(worldSize());
  MPI_Allgather(&localCount, 1, MPI_INT, counts.data(), 1, MPI_INT, MPI_COMM_WORLD);
  std::vector<int> displacements(worldSize(), 0);
  for (int r = 1; r < worldSize(); ++r)
    displacements[r] = displacements[r - 1] + counts[r - 1];
  std::vector<double> gathered(shape[0] * shape[1]);
  MPI_Allgatherv(local.data(), localCount, MPI_DOUBLE, gathered.data(), counts.data(),
                 displacements.data(), MPI_DOUBLE, MPI_COMM_WORLD);

  // Reassemble from each rank's block description, then compare to the serial array.
  std::vector<double> assembled(gathered.size(), std::nan(""));
  for (int r = 0; r < worldSize(); ++r) {
    Block other = decomposition.block(r);
    size_t next = displacements[r];
    for (int64_t i = 0; i < other.shape[0]; ++i)
      for (int64_t k = 0; k < other.shape[1]; ++k)
        assembled[(other.offset[0] + i) * shape[1] + other.offset[1] + k] = gathered[next++];
  }
  for (int64_t ix = 0; ix < shape[0]; ++ix)
    for (int64_t iz = 0; iz < shape[1]; ++iz)
      ASSERT_EQ(assembled[ix * shape[1] + iz], valueAt(ix, iz))
          << "at (" << ix << ", " << iz << ")";
}

TEST(DecompositionMpi, CoordinatesAgreeWithMpiCartesianTopology) {
  const std::vector<int64_t> shape = {40, 30, 20};
  Decomposition decomposition = decompose(shape, worldSize());
  std::vector<int> periods(3, 0);
  MPI_Comm cartesian;
  MPI_Cart_create(MPI_COMM_WORLD, 3, decomposition.processGrid.data(), periods.data(), 0,
                  &cartesian);
  std::vector<int> coords(3);
  MPI_Cart_coords(cartesian, worldRank(), 3, coords.data());
  EXPECT_EQ(decomposition.block(worldRank()).coords, coords);
  MPI_Comm_free(&cartesian);
}

// The equality above means nothing on one rank: make sure mpirun really started several.
TEST(DecompositionMpi, RunsOnSeveralRanks) { EXPECT_GE(worldSize(), 2); }
