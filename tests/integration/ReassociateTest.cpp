// strata-stencil-reassociate changes results by rounding only: the acoustic model (2D and 3D,
// space orders 2, 4 and 8, forward and adjoint, float32 and float64), and for other shapes of
// sums the advection-diffusion (one-sided and centered first derivatives, a Laplacian) and the
// staggered velocity-pressure models, are compiled with and without
// KernelOptions::reassociate and run on the same random medium, sources and data; the final
// wavefield (every time level) and the recorded traces must agree.
//
// Measure: the relative L2 difference ||a - b|| / ||b||, over the whole wavefield and over the
// traces separately. A pointwise relative difference is meaningless where the wavefield
// crosses zero (ahead of the wavefront it is zeros and rounding residue); the norm compares
// the rounding differences with the field's own size. Each step's update is the same sum
// taken in another order (and with FMAs, one rounding fewer per multiply-add), so the runs
// drift apart by about 0.5 to 1.5 units in the last place per step (relative L2, measured:
// more for the adjoint, whose gathers evaluate more coefficients), accumulated over the steps
// of a stable scheme (dt is below the CFL limit here). The plain float32 kernel drifts from
// the float64 one at the same rate (after 20 steps, plain vs float64 measured up to 1.6e-6),
// so a bound of 1e-6 (16 float32 ulps) is a statement about short runs: 6 steps keep it with
// a margin of almost 2 (measured at most 5.7e-7) while the wave of the 8th-order scheme
// crosses 24 cells; the traces include a receiver on a source. Bounds: 1e-6 in float32
// (epsilon 6e-8) and 1e-12 in float64 (epsilon 1.1e-16; measured at most 1.3e-15). A wrong
// coefficient or a dropped term gives differences of order 1e-2 or more.
#include "ReferenceGrid.h"
#include "RepositoryModels.h"
#include "strata/Runtime/Operator.h"
#include "strata/frontend/Model.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>

using namespace strata;
using namespace strata::testing;

namespace {

struct ReassociateCase {
  std::string model;
  int dims;
  int spaceOrder; // 0: the model's default
  bool adjoint;
  ElementType element;
};

std::string caseName(const ::testing::TestParamInfo<ReassociateCase> &info) {
  const ReassociateCase &c = info.param;
  std::string name = c.model.substr(c.model.find_last_of('/') + 1);
  name = name.substr(0, name.find('.'));
  return name + "_" + std::to_string(c.dims) + "D" +
         (c.spaceOrder ? "_so" + std::to_string(c.spaceOrder) : "") +
         (c.adjoint ? "_adjoint" : "_forward") + (c.element == ElementType::F32 ? "_f32" : "_f64");
}

/// What one run produces: every state array after the last step, and the amplitudes the
/// kernel wrote for the observed points.
struct Outcome {
  std::vector<double> states;
  std::vector<double> traces;
};

/// Everything both kernels see: padded inputs, sparse points, the driving amplitudes.
struct RunInputs {
  std::vector<int64_t> interior;
  std::map<std::string, std::vector<double>> inputs; // padded arrays
  std::map<std::string, Points> points;              // support in padded indices
  std::string driving, observed;
  int64_t steps = 0;
};

template <typename T> Outcome run(Operator &op, const RunInputs &setup) {
  using Kind = compiler::KernelArgument::Kind;
  std::map<std::string, std::vector<T>> fields;
  for (const auto &argument : op.signature().arguments) {
    if (argument.kind != Kind::Input && argument.kind != Kind::State)
      continue;
    std::vector<int64_t> shape = op.fieldShape(argument.name, setup.interior);
    int64_t size = 1;
    for (int64_t extent : shape)
      size *= extent;
    auto &array = fields[argument.name];
    if (argument.kind == Kind::State)
      array.assign(size, T(0));
    else
      array = castTo<T>(setup.inputs.at(argument.name));
    EXPECT_EQ(static_cast<int64_t>(array.size()), size) << argument.name;
    op.bindField(argument.name, array.data(), shape);
  }
  std::map<std::string, std::vector<T>> amplitudes, weights;
  for (const auto &[name, p] : setup.points) {
    amplitudes[name] = name == setup.driving ? castTo<T>(p.amplitudes)
                                             : std::vector<T>(setup.steps * p.count, T(0));
    weights[name] = castTo<T>(p.weights);
    op.bindPoints(name, amplitudes[name].data(), setup.steps, p.count, p.support.data(), p.entries,
                  weights[name].data());
  }
  // dt below the CFL limits at these spacings, so that no rounding difference is amplified:
  // about 0.38 for the 3D 8th-order acoustic scheme (velocities up to 1.41), 0.29 for the 3D
  // staggered one (velocities up to 1.73), 0.67 for advection (velocities up to 1.5).
  op.setScalar("dt", 0.25);
  const char *spacing[2][3] = {{"h_x", "h_z"}, {"h_x", "h_y", "h_z"}};
  for (size_t axis = 0; axis < setup.interior.size(); ++axis)
    op.setScalar(spacing[setup.interior.size() - 2][axis], 1.0 + 0.25 * double(axis));
  op.apply(0, setup.steps);

  Outcome outcome;
  for (const auto &argument : op.signature().arguments)
    if (argument.kind == Kind::State)
      outcome.states.insert(outcome.states.end(), fields[argument.name].begin(),
                            fields[argument.name].end());
  const auto &observed = amplitudes[setup.observed];
  outcome.traces.assign(observed.begin(), observed.end());
  return outcome;
}

size_t count(const std::string &text, const std::string &what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1))
    ++n;
  return n;
}

class ReassociateTest : public ::testing::TestWithParam<ReassociateCase> {};

TEST_P(ReassociateTest, DiffersFromThePlainPipelineByRoundingOnly) {
  const ReassociateCase c = GetParam();
  auto model = loadRepositoryModel(c.model, c.dims, c.spaceOrder);
  KernelOptions kernel;
  kernel.element = c.element;
  kernel.adjoint = c.adjoint;
  kernel.useCache = false;

  // The pass must have done something for the comparison to mean anything: fewer
  // multiplications, and contraction allowed.
  std::string plainText = llvm::cantFail(
      compiler::lowerToText(*model, compiler::Stage::Stencil, kernel), "plain stencil IR");
  Operator plain = compile(*model, kernel);
  kernel.reassociate = true;
  std::string reassociatedText = llvm::cantFail(
      compiler::lowerToText(*model, compiler::Stage::Stencil, kernel), "reassociated IR");
  Operator reassociated = compile(*model, kernel);
  EXPECT_EQ(count(plainText, "fastmath<contract>"), 0u);
  EXPECT_GT(count(reassociatedText, "fastmath<contract>"), 0u);
  // Second order has nothing to factor (its weights are 1, -2, 1): only contraction.
  if (c.spaceOrder != 2) {
    EXPECT_LT(count(reassociatedText, "arith.mulf"), count(plainText, "arith.mulf"));
  }
  EXPECT_EQ(count(reassociatedText, "stencil.access"), count(plainText, "stencil.access"));
  ASSERT_EQ(plain.halo(), reassociated.halo());

  RunInputs setup;
  setup.interior = c.dims == 2 ? std::vector<int64_t>{40, 36} : std::vector<int64_t>{20, 18, 16};
  setup.steps = 6;
  std::mt19937 rng(77 + c.dims * 10 + c.spaceOrder + (c.adjoint ? 1000 : 0));
  Grid grid{setup.interior, plain.halo()};
  // Inputs: the damping layer's coefficient in [0, 0.2]; the others (squared slowness,
  // velocities, density, bulk modulus) in [0.5, 1.5].
  for (const auto &argument : plain.signature().arguments) {
    if (argument.kind != compiler::KernelArgument::Kind::Input)
      continue;
    std::uniform_real_distribution<double> values(argument.name == "damp" ? 0.0 : 0.5,
                                                  argument.name == "damp" ? 0.2 : 1.5);
    auto &array = setup.inputs[argument.name];
    for (int64_t i = 0; i < grid.size(); ++i)
      array.push_back(values(rng));
  }
  setup.points["src"] = randomPoints(grid, rng, 2, setup.steps);
  // One receiver on the first source, so that the traces see the wave (adjoint: the
  // sources see the receivers' data) whatever the distance the other points lie apart.
  Points receivers = randomPoints(grid, rng, 4, setup.steps);
  const Points &sources = setup.points["src"];
  receivers.support.insert(receivers.support.end(), sources.support.begin(),
                           sources.support.begin() + sources.entries * c.dims);
  receivers.weights.insert(receivers.weights.end(), sources.weights.begin(),
                           sources.weights.begin() + sources.entries);
  std::vector<double> amplitudes; // [step][point]: the new point's data last in each step
  for (int64_t step = 0; step < setup.steps; ++step) {
    for (int64_t p = 0; p < receivers.count; ++p)
      amplitudes.push_back(receivers.amplitudes[step * receivers.count + p]);
    amplitudes.push_back(std::sin(0.3 * double(step)));
  }
  receivers.amplitudes = amplitudes;
  receivers.count += 1;
  setup.points["rec"] = receivers;
  setup.driving = c.adjoint ? "rec" : "src";
  setup.observed = c.adjoint ? "src" : "rec";

  auto both = [&](auto zero) {
    using T = decltype(zero);
    return std::make_pair(run<T>(reassociated, setup), run<T>(plain, setup));
  };
  auto [a, b] = c.element == ElementType::F64 ? both(0.0) : both(0.0f);
  double states = relativeL2(a.states, b.states);
  double traces = relativeL2(a.traces, b.traces);
  const double tolerance = c.element == ElementType::F64 ? 1e-12 : 1e-6;
  char text[96];
  std::snprintf(text, sizeof(text), "%.3g / %.3g", states, traces);
  RecordProperty("relative_l2_states_traces", text);
  std::printf("relative L2 difference: wavefield %.3g, traces %.3g\n", states, traces);
  EXPECT_LT(states, tolerance);
  EXPECT_LT(traces, tolerance);
  // A vacuous comparison (nothing propagated) would pass trivially.
  EXPECT_GT(l2Norm(b.states), 1e-6);
  EXPECT_GT(l2Norm(b.traces), 1e-6);

  // In float32, the reassociated kernel is about as close to the float64 one (the plain
  // pipeline in double) as the plain float32 kernel is: both round away from it, neither is
  // the reference. Within the bound, or at worst twice the plain kernel's own error (measured:
  // at most 0.72e-6 against the plain kernel's 0.64e-6, 3D 8th-order adjoint).
  if (c.element == ElementType::F32) {
    KernelOptions reference = kernel;
    reference.element = ElementType::F64;
    reference.reassociate = false;
    Operator exact = compile(*model, reference);
    Outcome e = run<double>(exact, setup);
    double plainStates = relativeL2(b.states, e.states);
    double plainTraces = relativeL2(b.traces, e.traces);
    double ownStates = relativeL2(a.states, e.states);
    double ownTraces = relativeL2(a.traces, e.traces);
    std::printf("relative L2 from float64: plain %.3g / %.3g, reassociated %.3g / %.3g\n",
                plainStates, plainTraces, ownStates, ownTraces);
    EXPECT_LT(ownStates, std::max(tolerance, 2 * plainStates));
    EXPECT_LT(ownTraces, std::max(tolerance, 2 * plainTraces));
  }
}

std::vector<ReassociateCase> cases() {
  std::vector<ReassociateCase> all;
  for (ElementType element : {ElementType::F64, ElementType::F32})
    for (bool adjoint : {false, true}) {
      for (int dims : {2, 3})
        for (int order : {2, 4, 8})
          all.push_back({"stdlib/acoustic.pde", dims, order, adjoint, element});
      all.push_back({"examples/models/advection_diffusion.pde", 2, 0, adjoint, element});
      all.push_back({"examples/models/acoustic_staggered.pde", 2, 0, adjoint, element});
      all.push_back({"examples/models/acoustic_staggered.pde", 3, 0, adjoint, element});
    }
  return all;
}

INSTANTIATE_TEST_SUITE_P(Models, ReassociateTest, ::testing::ValuesIn(cases()), caseName);

} // namespace
