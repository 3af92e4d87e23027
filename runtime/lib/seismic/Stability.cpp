//===- Stability.cpp - the CFL limit of the acoustic leapfrog -------------===//
#include "strata/Runtime/Seismic/Stability.h"

#include "strata/frontend/Fornberg.h"

#include <cmath>
#include <sstream>
#include <stdexcept>

namespace strata::runtime {

namespace {

std::string describe(double maxVelocityKmS, const std::vector<double> &spacing, int spaceOrder) {
  std::ostringstream out;
  out << "v_max = " << maxVelocityKmS << " km/s, spacing (";
  for (size_t axis = 0; axis < spacing.size(); ++axis)
    out << (axis ? ", " : "") << spacing[axis];
  out << ") m, space order " << spaceOrder;
  return out.str();
}

void validate(double maxVelocityKmS, const std::vector<double> &spacing, int spaceOrder) {
  std::string context = describe(maxVelocityKmS, spacing, spaceOrder);
  if (!(maxVelocityKmS > 0) || !std::isfinite(maxVelocityKmS))
    throw std::invalid_argument("time step limit: the maximum velocity must be positive (" +
                                context + ")");
  if (spacing.empty())
    throw std::invalid_argument("time step limit: no grid spacing given");
  for (double h : spacing)
    if (!(h > 0) || !std::isfinite(h))
      throw std::invalid_argument("time step limit: spacings must be positive (" + context + ")");
  if (spaceOrder < 2 || spaceOrder % 2 != 0)
    throw std::invalid_argument("time step limit: the space order must be even and >= 2 (" +
                                context + ")");
}

} // namespace

double criticalTimeStep(double maxVelocityKmS, const std::vector<double> &spacing, int spaceOrder) {
  validate(maxVelocityKmS, spacing, spaceOrder);
  double absoluteSum = 0.0;
  for (double w : frontend::centeredStencil(2, spaceOrder).weights)
    absoluteSum += std::abs(w);
  double lambdaMax = 0.0;
  for (double h : spacing)
    lambdaMax += absoluteSum / (h * h);
  return 2.0 / (maxVelocityKmS * std::sqrt(lambdaMax));
}

double stableTimeStep(double maxVelocityKmS, const std::vector<double> &spacing, int spaceOrder) {
  return kTimeStepSafety * criticalTimeStep(maxVelocityKmS, spacing, spaceOrder);
}

void checkTimeStep(double dtMs, double maxVelocityKmS, const std::vector<double> &spacing,
                   int spaceOrder) {
  double limit = criticalTimeStep(maxVelocityKmS, spacing, spaceOrder);
  if (dtMs > 0 && dtMs <= limit)
    return;
  std::ostringstream out;
  out << "time step " << dtMs << " ms ";
  out << (dtMs > 0 ? "exceeds the stability limit " : "must be positive; the stability limit is ");
  out << limit << " ms for " << describe(maxVelocityKmS, spacing, spaceOrder) << "; use at most "
      << kTimeStepSafety * limit << " ms (" << kTimeStepSafety << " of the limit)";
  throw std::invalid_argument(out.str());
}

} // namespace strata::runtime
