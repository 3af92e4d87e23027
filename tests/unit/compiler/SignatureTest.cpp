// The kernel signature's text form (the header of a compiled kernel, docs/abi.md): what the
// loop lowering applied survives a round trip, and signatures written before a field was
// added still parse.
#include "strata/Compiler/Driver.h"

#include <gtest/gtest.h>

namespace strata::compiler {
namespace {

KernelSignature sample() {
  KernelSignature signature;
  signature.name = "acoustic";
  signature.dims = 3;
  signature.halo = {4, 4, 4};
  signature.arguments = {{"u", KernelArgument::Kind::State, 3},
                         {"m", KernelArgument::Kind::Input, 0}};
  signature.vectorWidth = 16;
  signature.timeTile = 3;
  signature.prefetchBytes = 512;
  signature.timeTileRows = 32;
  return signature;
}

TEST(KernelSignature, RoundTripsTheAppliedLoopOptimizations) {
  std::optional<KernelSignature> parsed = KernelSignature::parse(sample().serialize());
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->serialize(), sample().serialize());
  EXPECT_EQ(parsed->vectorWidth, 16);
  EXPECT_EQ(parsed->blockSize, 0);
  EXPECT_EQ(parsed->timeTile, 3);
  EXPECT_EQ(parsed->prefetchBytes, 512);
  EXPECT_EQ(parsed->timeTileRows, 32);
  ASSERT_EQ(parsed->arguments.size(), 2u);
  EXPECT_EQ(parsed->arguments[0].levels, 3);
}

// Signatures written before the prefetch distance (loops VECTOR BLOCK TILE) and before split
// tiling (... PREFETCH): the missing fields read as 0.
TEST(KernelSignature, ParsesLoopsWrittenBeforeLaterFields) {
  struct Case {
    const char *loops;
    int64_t timeTile, prefetchBytes;
  };
  for (const Case &c : {Case{"loops 16 0 0\n", 0, 0}, Case{"loops 16 0 3 512\n", 3, 512}}) {
    std::optional<KernelSignature> parsed =
        KernelSignature::parse(std::string("name acoustic\ndims 3\nelement f32\nhalo 4 4 4\n") +
                               c.loops + "arg state u 3\n");
    ASSERT_TRUE(parsed) << c.loops;
    EXPECT_EQ(parsed->vectorWidth, 16) << c.loops;
    EXPECT_EQ(parsed->timeTile, c.timeTile) << c.loops;
    EXPECT_EQ(parsed->prefetchBytes, c.prefetchBytes) << c.loops;
    EXPECT_EQ(parsed->timeTileRows, 0) << c.loops;
    ASSERT_EQ(parsed->arguments.size(), 1u) << c.loops;
  }
}

// Kernels with their strides compiled in carry the grid and the row layout; the others no
// `strides` line at all (they read as descriptor strides).
TEST(KernelSignature, RoundTripsFixedStrides) {
  for (bool aligned : {true, false}) {
    KernelSignature fixed = sample();
    fixed.fixedGrid = {256, 128, 64};
    fixed.alignedRows = aligned;
    std::optional<KernelSignature> parsed = KernelSignature::parse(fixed.serialize());
    ASSERT_TRUE(parsed);
    EXPECT_EQ(parsed->fixedGrid, fixed.fixedGrid);
    EXPECT_EQ(parsed->alignedRows, aligned);
    EXPECT_EQ(parsed->serialize(), fixed.serialize());
  }
  EXPECT_EQ(sample().serialize().find("strides"), std::string::npos);
  EXPECT_TRUE(KernelSignature::parse(sample().serialize())->fixedGrid.empty());
  for (const char *strides : {"strides aligned\n", "strides diagonal 4 4 4\n",
                              "strides aligned 4 4\n", "strides contiguous 4 x 4\n"})
    EXPECT_FALSE(KernelSignature::parse(
        std::string("name k\ndims 3\nhalo 2 2 2\nloops 0 0 0 0 0\n") + strides))
        << strides;
}

TEST(KernelSignature, RefusesMalformedLoops) {
  for (const char *loops :
       {"loops 16 0\n", "loops 16 0 3 x\n", "loops 16 0 3 512 y\n", "loops a b c\n"})
    EXPECT_FALSE(KernelSignature::parse(std::string("name k\ndims 1\nhalo 2\n") + loops)) << loops;
}

} // namespace
} // namespace strata::compiler
