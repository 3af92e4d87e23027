// Unit tests of the Cartesian decomposition: blocks tile the grid exactly, balance within
// one point, and the process grid minimizes the cut surface.
#include "strata/Runtime/Decomposition.h"

#include <gtest/gtest.h>

#include <numeric>
#include <set>

using strata::runtime::decompose;
using strata::runtime::Decomposition;

namespace {

int64_t product(const std::vector<int64_t> &values) {
  return std::accumulate(values.begin(), values.end(), int64_t{1}, std::multiplies<>());
}

// Every global point is owned by exactly one rank.
void expectExactTiling(const Decomposition &decomposition) {
  const auto &shape = decomposition.globalShape;
  std::vector<int> owner(product(shape), -1);
  for (int rank = 0; rank < decomposition.rankCount(); ++rank) {
    auto block = decomposition.block(rank);
    std::vector<int64_t> index(shape.size(), 0);
    for (int64_t i = 0; i < product(block.shape); ++i) {
      int64_t remainder = i, flat = 0;
      for (size_t axis = shape.size(); axis-- > 0;) {
        index[axis] = block.offset[axis] + remainder % block.shape[axis];
        remainder /= block.shape[axis];
      }
      for (size_t axis = 0; axis < shape.size(); ++axis)
        flat = flat * shape[axis] + index[axis];
      ASSERT_EQ(owner[flat], -1) << "point " << flat << " owned twice";
      owner[flat] = rank;
    }
  }
  for (int rankOfPoint : owner)
    EXPECT_GE(rankOfPoint, 0);
}

} // namespace

TEST(Decomposition, SingleRankOwnsEverything) {
  auto decomposition = decompose({17, 9}, 1);
  auto block = decomposition.block(0);
  EXPECT_EQ(block.shape, (std::vector<int64_t>{17, 9}));
  EXPECT_EQ(block.offset, (std::vector<int64_t>{0, 0}));
}

TEST(Decomposition, TwoRanksSplitTheSlowestAxisOfASquare) {
  auto decomposition = decompose({100, 100}, 2);
  EXPECT_EQ(decomposition.processGrid, (std::vector<int>{2, 1}));
}

TEST(Decomposition, SplitsTheLongAxisOfAnElongatedGrid) {
  // Cutting the 1000-long axis costs a 10-point face; cutting the short one a 1000-point face.
  auto decomposition = decompose({10, 1000}, 2);
  EXPECT_EQ(decomposition.processGrid, (std::vector<int>{1, 2}));
}

TEST(Decomposition, EightRanksOnACubeMakeA2x2x2Grid) {
  EXPECT_EQ(decompose({64, 64, 64}, 8).processGrid, (std::vector<int>{2, 2, 2}));
}

TEST(Decomposition, BlocksTileExactlyAndBalanceWithinOnePoint) {
  for (int ranks : {1, 2, 3, 4, 5, 6, 7, 12}) {
    auto decomposition = decompose({23, 17, 11}, ranks);
    expectExactTiling(decomposition);
    for (size_t axis = 0; axis < 3; ++axis) {
      int64_t smallest = INT64_MAX, largest = 0;
      for (int rank = 0; rank < ranks; ++rank) {
        smallest = std::min(smallest, decomposition.block(rank).shape[axis]);
        largest = std::max(largest, decomposition.block(rank).shape[axis]);
      }
      EXPECT_LE(largest - smallest, 1) << ranks << " ranks, axis " << axis;
    }
  }
}

TEST(Decomposition, RankOrderIsRowMajorOverTheProcessGrid) {
  auto decomposition = decompose({8, 8}, 4);
  ASSERT_EQ(decomposition.processGrid, (std::vector<int>{2, 2}));
  EXPECT_EQ(decomposition.block(1).coords, (std::vector<int>{0, 1}));
  EXPECT_EQ(decomposition.block(2).coords, (std::vector<int>{1, 0}));
  EXPECT_EQ(decomposition.block(3).offset, (std::vector<int64_t>{4, 4}));
}

TEST(Decomposition, RefusesImpossibleRequests) {
  EXPECT_THROW(decompose({2}, 3), std::invalid_argument); // a rank would own nothing
  EXPECT_THROW(decompose({}, 1), std::invalid_argument);
  EXPECT_THROW(decompose({4, 4, 4, 4}, 1), std::invalid_argument);
  EXPECT_THROW(decompose({4, 0}, 1), std::invalid_argument);
  EXPECT_THROW(decompose({4, 4}, 0), std::invalid_argument);
  EXPECT_THROW(decompose({4, 4}, 2).block(2), std::invalid_argument);
}
