#include "strata/Runtime/Case/Case.h"
#include <gtest/gtest.h>
using namespace strata::runtime;
TEST(Case, Placeholder) {}
