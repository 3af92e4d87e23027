// Models compiled from .pde text and run through the C++ API (JIT, f64) agree with plain
// float64 reference loops written here from the published finite-difference weights, for one
// and two threads; the two thread counts agree bit for bit.
//
// Tolerance: 1e-12 relative (L2 over the whole array). The kernel evaluates the same
// discrete formulas as the references but in the symbolic engine's canonical order, so the
// two differ by reassociation only: a few hundred roundings of 1.1e-16 per point over at most
// ten steps stay below 1e-13. A wrong weight, offset, time level or coefficient shows up as
// an error of order 1e-3 or more.
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

constexpr double kTolerance = 1e-12;

/// A state as the kernel stores it: `levels` contiguous arrays of the padded grid.
struct StateBuffer {
  int levels = 0;
  int64_t size = 0;
  std::vector<double> data;
  StateBuffer(int levels, int64_t size) : levels(levels), size(size), data(levels * size, 0.0) {}
  double *slot(int64_t time) { return data.data() + ((time % levels + levels) % levels) * size; }
  std::vector<double> level(int64_t time) {
    double *begin = slot(time);
    return std::vector<double>(begin, begin + size);
  }
};

/// What one kernel run produced: each state's newest level and each receiver's traces.
struct RunResult {
  std::map<std::string, std::vector<double>> states;
  std::map<std::string, std::vector<double>> receivers;
};

/// Binds everything, runs `steps` steps with the given thread count, collects the results.
struct KernelRun {
  KernelRun(Operator &op, Grid grid) : op(op), grid(std::move(grid)) {}
  Operator &op;
  Grid grid;
  std::map<std::string, std::vector<double>> inputs;
  std::map<std::string, std::vector<std::vector<double>>> initialLevels; // levels t = 0, -1, ...
  std::map<std::string, Points> points;
  std::map<std::string, double> scalars;
  int64_t steps = 0;

  RunResult run(int threads) {
    setThreadCount(threads);
    std::map<std::string, StateBuffer> states;
    std::map<std::string, std::vector<double>> fields = inputs;
    std::map<std::string, Points> sparse = points;
    for (auto &[name, data] : fields)
      op.bindField(name, data.data(), op.fieldShape(name, grid.interior));
    for (auto &[name, levels] : initialLevels) {
      auto shape = op.fieldShape(name, grid.interior);
      StateBuffer &buffer = states.emplace(name, StateBuffer(shape[0], grid.size())).first->second;
      for (size_t back = 0; back < levels.size(); ++back)
        std::copy(levels[back].begin(), levels[back].end(),
                  buffer.slot(-static_cast<int64_t>(back)));
      op.bindField(name, buffer.data.data(), shape);
    }
    for (auto &[name, p] : sparse)
      op.bindPoints(name, p.amplitudes.data(), steps, p.count, p.support.data(), p.entries,
                    p.weights.data());
    for (auto &[name, value] : scalars)
      op.setScalar(name, value);
    op.apply(0, steps);
    RunResult result;
    for (auto &[name, buffer] : states)
      result.states[name] = buffer.level(steps);
    for (auto &[name, p] : sparse)
      result.receivers[name] = p.amplitudes;
    return result;
  }
};

/// Sum over a point's support of weight * field (the reference receiver).
double sample(const Grid &grid, const Points &points, int64_t p, const std::vector<double> &field) {
  double sum = 0;
  for (int64_t e = 0; e < points.entries; ++e)
    sum += points.weights[p * points.entries + e] *
           field[grid.linear(points.supportPoint(p, e, grid.dims()))];
  return sum;
}

/// Adds weight * amplitude * coefficient(point) at each support point (the reference inject).
void inject(const Grid &grid, const Points &points, int64_t step, std::vector<double> &field,
            const std::function<double(const Point &)> &coefficient) {
  for (int64_t p = 0; p < points.count; ++p)
    for (int64_t e = 0; e < points.entries; ++e) {
      Point at = points.supportPoint(p, e, grid.dims());
      field[grid.linear(at)] += points.weights[p * points.entries + e] *
                                points.amplitudes[step * points.count + p] * coefficient(at);
    }
}

void record(const Grid &grid, Points &receivers, int64_t step, const std::vector<double> &field) {
  for (int64_t r = 0; r < receivers.count; ++r)
    receivers.amplitudes[step * receivers.count + r] = sample(grid, receivers, r, field);
}

void expectMatches(KernelRun &run, const std::map<std::string, std::vector<double>> &states,
                   const std::map<std::string, std::vector<double>> &receivers) {
  RunResult serial = run.run(1);
  RunResult parallel = run.run(2);
  for (auto &[name, expected] : states) {
    EXPECT_LT(relativeL2(serial.states.at(name), expected), kTolerance) << "state " << name;
    EXPECT_EQ(serial.states.at(name), parallel.states.at(name))
        << "state " << name << ", 1 vs 2 threads";
  }
  for (auto &[name, expected] : receivers) {
    EXPECT_LT(relativeL2(serial.receivers.at(name), expected), kTolerance) << "receiver " << name;
    EXPECT_EQ(serial.receivers.at(name), parallel.receivers.at(name)) << name << ", 1 vs 2 threads";
  }
}

KernelOptions f64NoCache() {
  KernelOptions options;
  options.element = ElementType::F64;
  options.useCache = false;
  return options;
}

Operator compileModel(const std::string &path, int dims,
                      std::map<std::string, std::string> defines = {}) {
  return compile(*loadRepositoryModel(path, dims, std::move(defines)), f64NoCache());
}

// ---------------------------------------------------------------------------------------------

struct AcousticCase {
  int dims;
  int spaceOrder;
};

const std::vector<double> &secondDerivativeWeights(int spaceOrder) {
  if (spaceOrder == 2)
    return kSecondDerivative2;
  if (spaceOrder == 4)
    return kSecondDerivative4;
  return kSecondDerivative8;
}

class AcousticVsReference : public ::testing::TestWithParam<AcousticCase> {};

TEST_P(AcousticVsReference, MatchesReferenceLoop) {
  const AcousticCase c = GetParam();
  Operator op =
      compileModel("stdlib/acoustic.pde", c.dims, {{"space_order", std::to_string(c.spaceOrder)}});
  std::vector<int64_t> interior =
      c.dims == 2 ? std::vector<int64_t>{23, 19} : std::vector<int64_t>{11, 9, 10};
  Grid grid{interior, op.halo()};
  ASSERT_EQ(op.halo(), std::vector<int64_t>(c.dims, c.spaceOrder / 2));
  std::mt19937 rng(1234 + c.dims * 10 + c.spaceOrder);
  const int64_t steps = 6;
  const double dt = 0.3;
  std::vector<double> spacing = {10.0, 12.0, 9.0};
  spacing.resize(c.dims);

  KernelRun run{op, grid};
  run.steps = steps;
  run.inputs["m"] = grid.randomField(rng, 0.2, 0.5);
  run.inputs["damp"] = grid.randomField(rng, 0.0, 0.1);
  std::vector<double> u0 = grid.randomField(rng, -1, 1), um1 = grid.randomField(rng, -1, 1);
  run.initialLevels["u"] = {u0, um1};
  run.points["src"] = randomPoints(grid, rng, 2, steps);
  run.points["rec"] = randomPoints(grid, rng, 3, steps);
  run.scalars["dt"] = dt;
  const char *axisNames[3][3] = {{"h_x"}, {"h_x", "h_z"}, {"h_x", "h_y", "h_z"}};
  for (int axis = 0; axis < c.dims; ++axis)
    run.scalars[axisNames[c.dims - 1][axis]] = spacing[axis];

  // Reference: m (u+ - 2u + u-)/dt^2 - lap u + damp (u+ - u-)/(2 dt) = src, solved for u+.
  const auto &m = run.inputs["m"], &damp = run.inputs["damp"];
  const auto &weights = secondDerivativeWeights(c.spaceOrder);
  std::vector<double> previous = um1, current = u0;
  Points receivers = run.points["rec"];
  const Points &sources = run.points["src"];
  auto coefficient = [&](const Point &p) {
    size_t i = grid.linear(p);
    return 1.0 / (m[i] / (dt * dt) + damp[i] / (2 * dt));
  };
  for (int64_t t = 0; t < steps; ++t) {
    record(grid, receivers, t, current);
    std::vector<double> next(grid.size(), 0.0);
    grid.forInterior([&](const Point &p) {
      size_t i = grid.linear(p);
      double rhs = m[i] * (2 * current[i] - previous[i]) / (dt * dt) +
                   damp[i] * previous[i] / (2 * dt) + laplacian(grid, current, p, weights, spacing);
      next[i] = rhs * coefficient(p);
    });
    inject(grid, sources, t, next, coefficient);
    previous = current;
    current = next;
  }
  expectMatches(run, {{"u", current}}, {{"rec", receivers.amplitudes}});
}

INSTANTIATE_TEST_SUITE_P(SpaceOrders, AcousticVsReference,
                         ::testing::Values(AcousticCase{2, 2}, AcousticCase{2, 4},
                                           AcousticCase{2, 8}, AcousticCase{3, 4},
                                           AcousticCase{3, 8}),
                         [](const auto &info) {
                           return std::to_string(info.param.dims) + "D_so" +
                                  std::to_string(info.param.spaceOrder);
                         });

// ---------------------------------------------------------------------------------------------

class DiffusionVsReference : public ::testing::TestWithParam<int> {};

TEST_P(DiffusionVsReference, MatchesReferenceLoop) {
  const int dims = GetParam();
  Operator op = compileModel("examples/models/diffusion.pde", dims, {{"space_order", "4"}});
  Grid grid{dims == 2 ? std::vector<int64_t>{17, 21} : std::vector<int64_t>{9, 8, 11}, op.halo()};
  std::mt19937 rng(99 + dims);
  const int64_t steps = 8;
  const double dt = 0.05, kappa = 0.5; // kappa: the model's default option value
  std::vector<double> spacing(dims, 1.0);
  spacing[0] = 1.5;

  KernelRun run{op, grid};
  run.steps = steps;
  std::vector<double> u0 = grid.randomField(rng, 0, 1);
  run.initialLevels["u"] = {u0};
  run.points["src"] = randomPoints(grid, rng, 2, steps);
  run.points["rec"] = randomPoints(grid, rng, 2, steps);
  run.scalars["dt"] = dt;
  run.scalars["h_x"] = spacing[0];
  run.scalars["h_z"] = spacing[dims - 1];
  if (dims == 3)
    run.scalars["h_y"] = spacing[1];

  // Reference: (u+ - u)/dt = kappa lap u + src (explicit Euler), 4th-order laplacian.
  std::vector<double> current = u0;
  Points receivers = run.points["rec"];
  for (int64_t t = 0; t < steps; ++t) {
    record(grid, receivers, t, current);
    std::vector<double> next(grid.size(), 0.0);
    grid.forInterior([&](const Point &p) {
      size_t i = grid.linear(p);
      next[i] = current[i] + dt * kappa * laplacian(grid, current, p, kSecondDerivative4, spacing);
    });
    inject(grid, run.points["src"], t, next, [&](const Point &) { return dt; });
    current = next;
  }
  expectMatches(run, {{"u", current}}, {{"rec", receivers.amplitudes}});
}

INSTANTIATE_TEST_SUITE_P(Dimensions, DiffusionVsReference, ::testing::Values(2, 3),
                         [](const auto &info) { return std::to_string(info.param) + "D"; });

// ---------------------------------------------------------------------------------------------

TEST(AdvectionDiffusionVsReference, MatchesReferenceLoop2D) {
  Operator op = compileModel("examples/models/advection_diffusion.pde", 2);
  // One-sided dx over offsets -4..0, centered dz and laplacian of accuracy 4.
  ASSERT_EQ(op.halo(), (std::vector<int64_t>{4, 2}));
  Grid grid{{19, 16}, op.halo()};
  std::mt19937 rng(7);
  const int64_t steps = 7;
  const double dt = 0.02, kappa = 0.01; // kappa: the model's default
  const std::vector<double> spacing = {0.8, 1.1};

  KernelRun run{op, grid};
  run.steps = steps;
  run.inputs["vx"] = grid.randomField(rng, 0.5, 1.5);
  run.inputs["vz"] = grid.randomField(rng, -1, 1);
  std::vector<double> c0 = grid.randomField(rng, 0, 1);
  run.initialLevels["c"] = {c0};
  run.points["src"] = randomPoints(grid, rng, 1, steps);
  run.points["rec"] = randomPoints(grid, rng, 2, steps);
  run.scalars = {{"dt", dt}, {"h_x", spacing[0]}, {"h_z", spacing[1]}};

  // Reference: (c+ - c)/dt + vx dx_left(c) + vz dz(c) = kappa lap c + src.
  const auto &vx = run.inputs["vx"], &vz = run.inputs["vz"];
  std::vector<double> current = c0;
  Points receivers = run.points["rec"];
  for (int64_t t = 0; t < steps; ++t) {
    record(grid, receivers, t, current);
    std::vector<double> next(grid.size(), 0.0);
    grid.forInterior([&](const Point &p) {
      size_t i = grid.linear(p);
      double dcdx = weightedSum(grid, current, p, 0, kBackwardFirstDerivative4, -4) / spacing[0];
      double dcdz = weightedSum(grid, current, p, 1, kFirstDerivative4, -2) / spacing[1];
      next[i] =
          current[i] + dt * (kappa * laplacian(grid, current, p, kSecondDerivative4, spacing) -
                             vx[i] * dcdx - vz[i] * dcdz);
    });
    inject(grid, run.points["src"], t, next, [&](const Point &) { return dt; });
    current = next;
  }
  expectMatches(run, {{"c", current}}, {{"rec", receivers.amplitudes}});
}

// ---------------------------------------------------------------------------------------------

TEST(StaggeredAcousticVsReference, MatchesReferenceLoop2D) {
  Operator op = compileModel("examples/models/acoustic_staggered.pde", 2);
  Grid grid{{18, 15}, op.halo()};
  std::mt19937 rng(21);
  const int64_t steps = 6;
  const double dt = 0.1;
  const std::vector<double> spacing = {1.0, 1.3};

  KernelRun run{op, grid};
  run.steps = steps;
  run.inputs["rho"] = grid.randomField(rng, 1.0, 2.0);
  run.inputs["K"] = grid.randomField(rng, 1.0, 3.0);
  std::vector<double> vx0 = grid.randomField(rng, -1, 1), vz0 = grid.randomField(rng, -1, 1),
                      p0 = grid.randomField(rng, -1, 1);
  run.initialLevels["vx"] = {vx0};
  run.initialLevels["vz"] = {vz0};
  run.initialLevels["p"] = {p0};
  run.points["src"] = randomPoints(grid, rng, 1, steps);
  run.points["rec"] = randomPoints(grid, rng, 2, steps);
  run.scalars = {{"dt", dt}, {"h_x", spacing[0]}, {"h_z", spacing[1]}};

  // Reference, storage index i of a velocity along an axis being the half point i + 1/2:
  //   v+ = v - dt * D+(p) / avg(rho)       with D+ over p at i-1 .. i+2 and avg(rho_i, rho_i+1)
  //   p+ = p - dt * K * (D-(vx+) + D-(vz+)) + dt * src   with D- over v at i-2 .. i+1
  const auto &rho = run.inputs["rho"], &K = run.inputs["K"];
  std::vector<double> vx = vx0, vz = vz0, p = p0;
  Points receivers = run.points["rec"];
  for (int64_t t = 0; t < steps; ++t) {
    record(grid, receivers, t, p);
    std::vector<double> vxNext(grid.size(), 0.0), vzNext(grid.size(), 0.0), pNext(grid.size(), 0.0);
    grid.forInterior([&](const Point &at) {
      size_t i = grid.linear(at);
      for (int axis = 0; axis < 2; ++axis) {
        double gradient =
            weightedSum(grid, p, at, axis, kStaggeredFirstDerivative4, -1) / spacing[axis];
        double density = 0.5 * (rho[i] + rho[grid.linear(grid.shifted(at, axis, 1))]);
        auto &v = axis == 0 ? vx : vz;
        (axis == 0 ? vxNext : vzNext)[i] = v[i] - dt * gradient / density;
      }
    });
    grid.forInterior([&](const Point &at) {
      size_t i = grid.linear(at);
      double divergence =
          weightedSum(grid, vxNext, at, 0, kStaggeredFirstDerivative4, -2) / spacing[0] +
          weightedSum(grid, vzNext, at, 1, kStaggeredFirstDerivative4, -2) / spacing[1];
      pNext[i] = p[i] - dt * K[i] * divergence;
    });
    inject(grid, run.points["src"], t, pNext, [&](const Point &) { return dt; });
    vx = vxNext;
    vz = vzNext;
    p = pNext;
  }
  expectMatches(run, {{"vx", vx}, {"vz", vz}, {"p", p}}, {{"rec", receivers.amplitudes}});
}

} // namespace
