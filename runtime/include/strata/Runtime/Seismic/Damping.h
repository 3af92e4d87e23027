//===- Damping.h - the absorbing layer and the padded model arrays -*- C++ -*-===//
//
// The acoustic kernel solves m u_tt - laplace(u) + damp u_t = src with m = 1/v^2 in s^2/km^2
// (= ms^2/m^2 with distances in m and times in ms). For damp u_t to have the units of m u_tt,
// damp is in ms/m^2: damp = m * sigma, sigma the damping rate in 1/ms (u_tt + sigma u_t = ...).
//
// A wave crossing the layer decays by exp(-integral sigma / (2 v) dx) each way, so a round trip
// through a layer of width L with sigma(x) = sigma0 (x/L)^2 returns exp(-sigma0 L / (3 v)).
// Asking for a theoretical reflection R gives sigma0 = 3 v ln(1/R) / L, i.e.
//   damp(x) = m sigma(x) = 3 ln(1/R) / (v L) * (x/L)^2,   x = distance from the physical edge.
// Summed over axes in the corners. Zero in the physical interior and in the halo.
// See docs/seismic.md for the reflection measured with this profile.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "strata/Runtime/Domain.h"

#include <cstdint>
#include <functional>
#include <vector>

namespace strata::runtime {

/// The theoretical round-trip reflection the layer is designed for.
inline constexpr double kDampingReflection = 1e-3;

/// Extents of a padded array: computational shape + 2 * halo per axis.
std::vector<int64_t> paddedShape(const Domain &domain, const std::vector<int64_t> &halo);

/// Calls visit(padded, physical) for every point of the padded array (C order, flat index
/// `padded`) with the flat index of its nearest physical point: the absorbing layer and the
/// halo take the value of the physical edge. The one definition of how a physical model
/// extends onto the padded grid (and, transposed, how padded values fold back onto it).
void forEachNearestPhysical(const Domain &domain, const std::vector<int64_t> &halo,
                            const std::function<void(size_t padded, size_t physical)> &visit);

/// The damping field (padded array, ms/m^2) designed with the local velocity of the padded
/// squared slowness `m` (as built by squaredSlowness): every velocity sees the reflection R.
/// Prefer this overload for heterogeneous models.
std::vector<double> dampingField(const Domain &domain, const std::vector<int64_t> &halo,
                                 const std::vector<double> &squaredSlownessPadded,
                                 double reflection = kDampingReflection);

/// The damping field designed for one velocity v. A medium of velocity v' in the layer then
/// sees the reflection R^(v'/v): slower media are damped less. Pass the slowest velocity found
/// at the model's edges (or use the overload above) when the model is heterogeneous.
std::vector<double> dampingField(const Domain &domain, const std::vector<int64_t> &halo,
                                 double designVelocityKmS, double reflection = kDampingReflection);

/// The padded squared slowness m = 1 / v^2 (s^2/km^2) from a velocity model on the physical
/// grid (km/s, C order, shape domain.shape). The absorbing layer and the halo copy the nearest
/// physical value, so m is positive everywhere. Throws std::invalid_argument for a size
/// mismatch or a velocity that is not positive and finite (naming its grid index).
std::vector<double> squaredSlowness(const std::vector<float> &velocityKmS, const Domain &domain,
                                    const std::vector<int64_t> &halo);

} // namespace strata::runtime
