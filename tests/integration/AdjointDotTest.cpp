// Dot-product tests of the compiler-derived adjoints: for random source traces x and random
// receiver data y, <F x, y> = <x, F^T y>, where F is the compiled forward kernel (sources to
// receivers) and F^T the kernel `strata-stencil-adjoint` derives from it. Acoustic (with its
// damping layer) in 2D and 3D at space orders 2, 4, 8; and two models that are not
// self-adjoint: advection-diffusion (one-sided upwind derivative) and the staggered
// velocity-pressure system. float64 and float32. The acoustic adjoint stores its state
// scaled by the update's factor (strata-stencil-adjoint scale-states) and computes each level
// whole from the newer ones (gather-levels); the unscaled and the scattering derivations are
// checked too, and all give the same source traces to rounding.
//
// Tolerances: the two sides are the same sums taken in different orders, so they differ by
// rounding only: about sqrt(operations) * epsilon relative, ~1e-13 in float64 and ~1e-6 in
// float32 for these sizes. The bounds are the issue's: 1e-12 (f64) and 1e-5 (f32). A wrong
// coefficient, offset or time level shows up as a mismatch of order 1.
#include "ReferenceGrid.h"
#include "RepositoryModels.h"
#include "strata/Runtime/Operator.h"
#include "strata/frontend/Model.h"

#include <gtest/gtest.h>

#include <cmath>
#include <map>

using namespace strata;
using namespace strata::testing;

namespace {

struct DotCase {
  std::string model;
  int dims;
  int spaceOrder; // 0: the model's default
  ElementType element;
  bool unscaled = false;  // the adjoint without scaled states
  bool scattered = false; // the adjoint scattering into levels t and t-1
};

std::string caseName(const ::testing::TestParamInfo<DotCase> &info) {
  const DotCase &c = info.param;
  std::string name = c.model.substr(c.model.find_last_of('/') + 1);
  name = name.substr(0, name.find('.'));
  return name + "_" + std::to_string(c.dims) + "D" +
         (c.spaceOrder ? "_so" + std::to_string(c.spaceOrder) : "") +
         (c.element == ElementType::F32 ? "_f32" : "_f64") + (c.unscaled ? "_unscaled" : "") +
         (c.scattered ? "_scattered" : "");
}

/// An input field as a function of computational coordinates (negative or beyond the grid in
/// the halo), so that kernels with different halos see the same values at the same points.
/// Pseudo-random, finite and within [low, high] everywhere: the adjoint evaluates
/// coefficients at halo points too, where they multiply zeros.
struct InputField {
  double low = 0, high = 0;
  uint64_t seed = 0;
  const InputField *plus = nullptr; // when set: this field + scale * *plus
  double scale = 0;
  double at(const std::vector<int64_t> &point) const {
    if (plus)
      return baseAt(point) + scale * plus->at(point);
    return baseAt(point);
  }
  double baseAt(const std::vector<int64_t> &point) const {
    uint64_t h = seed;
    for (int64_t coordinate : point)
      h = (h ^ static_cast<uint64_t>(coordinate + 1000)) * 0x100000001b3ULL;
    h ^= h >> 29;
    h *= 0xbf58476d1ce4e5b9ULL;
    h ^= h >> 32;
    return low + (high - low) * static_cast<double>(h % 1000003) / 1000003.0;
  }
  /// The padded array for a kernel of `halo` over `interior`.
  std::vector<double> padded(const std::vector<int64_t> &interior,
                             const std::vector<int64_t> &halo) const {
    const size_t dims = interior.size();
    std::vector<int64_t> extent(dims);
    int64_t size = 1;
    for (size_t axis = 0; axis < dims; ++axis)
      size *= (extent[axis] = interior[axis] + 2 * halo[axis]);
    std::vector<double> values(size);
    std::vector<int64_t> point(dims);
    for (int64_t flat = 0; flat < size; ++flat) {
      int64_t rest = flat;
      for (size_t axis = dims; axis-- > 0;) {
        point[axis] = rest % extent[axis] - halo[axis];
        rest /= extent[axis];
      }
      values[flat] = at(point);
    }
    return values;
  }
};

/// Random values in [low, high].
std::vector<double> randomEverywhere(int64_t size, std::mt19937 &rng, double low, double high) {
  std::uniform_real_distribution<double> dist(low, high);
  std::vector<double> values(size);
  for (double &value : values)
    value = dist(rng);
  return values;
}

/// Sparse points in computational coordinates (no halo): each a random interior cell with a
/// 2^dims-corner support and random weights.
struct Geometry {
  int64_t points = 0, entries = 0;
  std::vector<int64_t> computational; // [point][entry][axis]
  std::vector<double> weights;
  std::vector<int64_t> padded(const std::vector<int64_t> &halo) const {
    std::vector<int64_t> support = computational;
    for (size_t i = 0; i < support.size(); ++i)
      support[i] += halo[i % halo.size()];
    return support;
  }
};

Geometry randomGeometry(const std::vector<int64_t> &interior, std::mt19937 &rng, int64_t count) {
  Grid grid{interior, std::vector<int64_t>(interior.size(), 0)};
  Points points = randomPoints(grid, rng, count, 0);
  return {points.count, points.entries, points.support, points.weights};
}

/// Runs `op` from rest with `driving` as the amplitudes of `drivingName`; returns the
/// amplitudes the kernel writes for `observedName`.
template <typename T>
std::vector<double> run(Operator &op, const std::vector<int64_t> &interior,
                        const std::map<std::string, InputField> &inputs,
                        const std::map<std::string, Geometry> &geometry,
                        const std::string &drivingName, const std::vector<double> &driving,
                        const std::string &observedName, int64_t steps, double dt = 0.7) {
  std::map<std::string, std::vector<T>> arrays;
  std::vector<int64_t> shape;
  for (const auto &argument : op.signature().arguments) {
    using Kind = compiler::KernelArgument::Kind;
    if (argument.kind == Kind::Input || argument.kind == Kind::State) {
      shape = op.fieldShape(argument.name, interior);
      int64_t size = 1;
      for (int64_t extent : shape)
        size *= extent;
      auto &array = arrays[argument.name];
      if (argument.kind == Kind::State)
        array.assign(size, T(0));
      else
        array = castTo<T>(inputs.at(argument.name).padded(interior, op.halo()));
      op.bindField(argument.name, array.data(), shape);
    }
  }
  std::map<std::string, std::vector<T>> amplitudes, weights;
  std::map<std::string, std::vector<int64_t>> supports;
  for (const auto &[name, g] : geometry) {
    amplitudes[name] =
        name == drivingName ? castTo<T>(driving) : std::vector<T>(steps * g.points, T(0));
    weights[name] = castTo<T>(g.weights);
    supports[name] = g.padded(op.halo());
    op.bindPoints(name, amplitudes[name].data(), steps, g.points, supports[name].data(), g.entries,
                  weights[name].data());
  }
  op.setScalar("dt", dt);
  const char *spacing[3][3] = {{"h_x"}, {"h_x", "h_z"}, {"h_x", "h_y", "h_z"}};
  for (size_t axis = 0; axis < interior.size(); ++axis)
    op.setScalar(spacing[interior.size() - 1][axis], 1.0 + 0.25 * static_cast<double>(axis));
  op.apply(0, steps);
  const auto &observed = amplitudes[observedName];
  return std::vector<double>(observed.begin(), observed.end());
}

double dot(const std::vector<double> &a, const std::vector<double> &b) {
  double sum = 0;
  for (size_t i = 0; i < a.size(); ++i)
    sum += a[i] * b[i];
  return sum;
}

class AdjointDotTest : public ::testing::TestWithParam<DotCase> {};

TEST_P(AdjointDotTest, ForwardAndAdjointAreTransposes) {
  const DotCase c = GetParam();
  auto model = loadRepositoryModel(c.model, c.dims, c.spaceOrder);
  KernelOptions kernel;
  kernel.element = c.element;
  kernel.useCache = false;
  Operator forward = compile(*model, kernel);
  kernel.adjoint = true;
  kernel.scaleAdjointStates = !c.unscaled;
  kernel.gatherAdjointLevels = !c.scattered;
  Operator adjoint = compile(*model, kernel);
  EXPECT_EQ(adjoint.signature().name, forward.signature().name + "_adjoint");

  const std::vector<int64_t> interior =
      c.dims == 2 ? std::vector<int64_t>{19, 16} : std::vector<int64_t>{10, 9, 8};
  std::mt19937 rng(2024 + c.dims * 7 + c.spaceOrder);
  const int64_t steps = 12;
  std::map<std::string, InputField> inputs;
  uint64_t seed = 1;
  for (const auto &argument : forward.signature().arguments)
    if (argument.kind == compiler::KernelArgument::Kind::Input)
      inputs[argument.name] =
          argument.name == "damp" ? InputField{0.0, 0.2, seed++} : InputField{0.5, 1.5, seed++};
  std::map<std::string, Geometry> geometry = {{"src", randomGeometry(interior, rng, 2)},
                                              {"rec", randomGeometry(interior, rng, 3)}};
  std::vector<double> x = randomEverywhere(steps * 2, rng, -1, 1);
  std::vector<double> y = randomEverywhere(steps * 3, rng, -1, 1);

  auto runBoth = [&](auto zero) {
    using T = decltype(zero);
    std::vector<double> Fx = run<T>(forward, interior, inputs, geometry, "src", x, "rec", steps);
    std::vector<double> Fty = run<T>(adjoint, interior, inputs, geometry, "rec", y, "src", steps);
    return std::make_pair(dot(Fx, y), dot(x, Fty));
  };
  auto [lhs, rhs] = c.element == ElementType::F64 ? runBoth(0.0) : runBoth(0.0f);
  double mismatch = std::abs(lhs - rhs) / std::max(std::abs(lhs), std::abs(rhs));
  const double tolerance = c.element == ElementType::F64 ? 1e-12 : 1e-5;
  char text[64];
  std::snprintf(text, sizeof(text), "%.3g", mismatch);
  RecordProperty("mismatch", text);
  std::printf("<F x, y> = %.17g, <x, F' y> = %.17g, relative mismatch %s\n", lhs, rhs, text);
  EXPECT_LT(mismatch, tolerance) << "<Fx, y> = " << lhs << ", <x, F'y> = " << rhs;
  EXPECT_GT(std::abs(lhs), 1e-8) << "the receivers recorded nothing: the test would be vacuous";
}

std::vector<DotCase> cases() {
  std::vector<DotCase> all;
  for (ElementType element : {ElementType::F64, ElementType::F32}) {
    for (int dims : {2, 3})
      for (int order : {2, 4, 8})
        all.push_back({"stdlib/acoustic.pde", dims, order, element});
    all.push_back({"stdlib/acoustic.pde", 2, 4, element, /*unscaled=*/true});
    all.push_back({"stdlib/acoustic.pde", 3, 8, element, /*unscaled=*/true});
    all.push_back({"stdlib/acoustic.pde", 2, 4, element, false, /*scattered=*/true});
    all.push_back({"stdlib/acoustic.pde", 3, 8, element, false, /*scattered=*/true});
    all.push_back({"stdlib/acoustic.pde", 2, 8, element, /*unscaled=*/true, /*scattered=*/true});
    all.push_back({"examples/models/advection_diffusion.pde", 2, 0, element});
    all.push_back({"examples/models/acoustic_staggered.pde", 2, 0, element});
    all.push_back({"examples/models/acoustic_staggered.pde", 3, 0, element});
  }
  return all;
}

INSTANTIATE_TEST_SUITE_P(Models, AdjointDotTest, ::testing::ValuesIn(cases()), caseName);

KernelOptions adjointOptions() {
  KernelOptions kernel;
  kernel.element = ElementType::F64;
  kernel.useCache = false;
  kernel.adjoint = true;
  return kernel;
}

/// Compares, in 2D and 3D, the source traces of the default adjoint derivation and of
/// `other` (acoustic model, space order 4, float64), from the same receiver data: they must
/// agree to 1e-12 relative. In float64 two derivations of the same transpose differ by the
/// order of a few products per term over 12 steps, ~1e-15 relative; 1e-12 leaves room and
/// still catches any wrong factor, sign or level (an error of order 1).
void expectSameTraces(const KernelOptions &other, const char *what) {
  for (int dims : {2, 3}) {
    auto model = loadRepositoryModel("stdlib/acoustic.pde", dims, 4);
    Operator a = compile(*model, adjointOptions()), b = compile(*model, other);
    const std::vector<int64_t> interior =
        dims == 2 ? std::vector<int64_t>{17, 14} : std::vector<int64_t>{9, 8, 7};
    std::mt19937 rng(77 + dims);
    const int64_t steps = 12;
    std::map<std::string, InputField> inputs = {{"m", InputField{0.5, 1.5, 1}},
                                                {"damp", InputField{0.0, 0.2, 2}}};
    std::map<std::string, Geometry> geometry = {{"src", randomGeometry(interior, rng, 2)},
                                                {"rec", randomGeometry(interior, rng, 3)}};
    std::vector<double> data = randomEverywhere(steps * 3, rng, -1, 1);
    std::vector<double> x = run<double>(a, interior, inputs, geometry, "rec", data, "src", steps);
    std::vector<double> y = run<double>(b, interior, inputs, geometry, "rec", data, "src", steps);
    ASSERT_EQ(x.size(), y.size());
    double difference = 0, norm = 0;
    for (size_t i = 0; i < x.size(); ++i) {
      difference = std::max(difference, std::abs(x[i] - y[i]));
      norm = std::max(norm, std::abs(y[i]));
    }
    EXPECT_GT(norm, 1e-8) << dims << "D: the sources received nothing: the test would be vacuous";
    EXPECT_LT(difference, 1e-12 * norm)
        << dims << "D: the default and " << what << " traces differ";
  }
}

// The scaled and unscaled derivations are the same transpose, to rounding.
TEST(ScaledAdjoint, SameTracesAsUnscaled) {
  KernelOptions unscaled = adjointOptions();
  unscaled.scaleAdjointStates = false;
  expectSameTraces(unscaled, "unscaled");
}

// Gathering level t whole and scattering into t and t-1 are the same transpose too: the
// same products summed in another order (and the receiver data scaled before the sum rather
// than after), so the traces agree to rounding.
TEST(GatheredAdjoint, SameTracesAsScattered) {
  KernelOptions scattered = adjointOptions();
  scattered.gatherAdjointLevels = false;
  expectSameTraces(scattered, "scattered");
}

} // namespace

namespace {

// The Born operator J = dF/dm that `strata-stencil-linearize` derives is the exact derivative
// of the compiled forward kernel: the Taylor remainder |F(m + h dm) - F(m) - h J dm| falls as
// h^2 (slope 2 in log-log) while |F(m + h dm) - F(m)| falls as h (slope 1). float64, with the
// damping layer on; h halves from 1/64 (small enough for the asymptotic regime of both
// slopes, large enough that float64 rounding stays far below the h^2 remainder).
TEST(BornOperator, TaylorRemainderIsSecondOrder) {
  auto model = loadRepositoryModel("stdlib/acoustic.pde", 2, 4);
  KernelOptions kernel;
  kernel.element = ElementType::F64;
  kernel.useCache = false;
  Operator forward = compile(*model, kernel);
  kernel.jacobian = "m";
  Operator born = compile(*model, kernel);
  EXPECT_EQ(born.signature().name, "acoustic_born");

  const std::vector<int64_t> interior = {21, 18};
  const int64_t steps = 40;
  const double kDt = 0.3; // below the CFL limit (0.48) for v <= 1.41 at these spacings
  std::mt19937 rng(11);
  InputField m{0.5, 1.0, 1}, damp{0.0, 0.1, 2}, dm{-0.4, 0.4, 3};
  std::map<std::string, Geometry> geometry = {{"src", randomGeometry(interior, rng, 1)},
                                              {"rec", randomGeometry(interior, rng, 4)}};
  std::vector<double> wavelet = randomEverywhere(steps, rng, -1, 1);

  auto data = [&](const InputField &slowness) {
    return run<double>(forward, interior, {{"m", slowness}, {"damp", damp}}, geometry, "src",
                       wavelet, "rec", steps, kDt);
  };
  std::vector<double> base = data(m);
  std::vector<double> linear = run<double>(born, interior, {{"m", m}, {"damp", damp}, {"dm", dm}},
                                           geometry, "src", wavelet, "rec", steps, kDt);
  std::vector<double> first, second;
  for (double h : {1.0 / 64, 1.0 / 128, 1.0 / 256, 1.0 / 512}) {
    InputField perturbed = m;
    perturbed.plus = &dm;
    perturbed.scale = h;
    std::vector<double> moved = data(perturbed);
    double r1 = 0, r2 = 0;
    for (size_t i = 0; i < base.size(); ++i) {
      double difference = moved[i] - base[i];
      r1 += difference * difference;
      r2 += (difference - h * linear[i]) * (difference - h * linear[i]);
    }
    first.push_back(std::sqrt(r1));
    second.push_back(std::sqrt(r2));
  }
  for (size_t k = 1; k < first.size(); ++k) {
    double slope1 = std::log2(first[k - 1] / first[k]),
           slope2 = std::log2(second[k - 1] / second[k]);
    std::printf("h = %g: |dF| = %.3e (slope %.3f), |dF - h J dm| = %.3e (slope %.3f)\n",
                1.0 / (64 << k), first[k], slope1, second[k], slope2);
    EXPECT_NEAR(slope1, 1.0, 0.1);
    EXPECT_NEAR(slope2, 2.0, 0.1);
  }
}

} // namespace
