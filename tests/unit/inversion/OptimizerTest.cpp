#include <gtest/gtest.h>
TEST(Optimizer, Placeholder) { SUCCEED(); }
