#include <gtest/gtest.h>
TEST(Checkpointing, Placeholder) { SUCCEED(); }
