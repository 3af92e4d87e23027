//===- CaseInternal.h - helpers shared by Case.cpp and Velocity.cpp -*- C++ -*-===//
#pragma once

#include <string>
#include <vector>

namespace strata::runtime::casefile {

/// A number for messages: integers without a decimal point, others with up to 15 digits.
std::string formatNumber(double value);

/// "(2500, 20)".
std::string formatPoint(const std::vector<double> &point);

/// Axis names for a grid of `dims` axes: x, z or x, y, z.
const char *axisName(int dims, int axis);

} // namespace strata::runtime::casefile
