//===- Optimizer.cpp - bound-constrained L-BFGS and gradient descent ------===//
//
// Projected quasi-Newton, not a full L-BFGS-B (no Cauchy point, no subspace minimization):
//   1. The active set: parameters on a bound whose gradient points out of the box. They stay put.
//   2. The direction: the L-BFGS two-loop recursion applied to the gradient with its active
//      components zeroed, the result's active components zeroed again. If that is not a descent
//      direction (possible, because the pairs mix free and active parameters), the memory is
//      dropped and the projected steepest-descent direction is used. "gd" always uses the latter.
//   3. The line search along the projected path x(a) = P(x + a d): backtracking with safeguarded
//      quadratic interpolation until f(x(a)) <= f + armijo g.(x(a) - x) (the projected Armijo
//      condition); a first trial that passes but still descends steeply (g(x(a)).d < wolfe g.d)
//      is doubled while f keeps decreasing, within maxLineSearch evaluations.
//   4. The pair (s, y) = (x_new - x, g_new - g) is kept only when s.y > 0, so the implied inverse
//      Hessian stays positive definite.
//
//===----------------------------------------------------------------------===//
#include "strata/Runtime/Inversion/Optimizer.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <stdexcept>

namespace strata::runtime {
namespace {

double dot(const std::vector<double> &a, const std::vector<double> &b) {
  double sum = 0;
  for (size_t i = 0; i < a.size(); ++i)
    sum += a[i] * b[i];
  return sum;
}

double maxAbs(const std::vector<double> &v) {
  double m = 0;
  for (double value : v)
    m = std::max(m, std::fabs(value));
  return m;
}

bool allFinite(const std::vector<double> &v) {
  return std::all_of(v.begin(), v.end(), [](double value) { return std::isfinite(value); });
}

std::string number(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.6g", value);
  return text;
}

void validate(const OptimizerOptions &options) {
  auto fail = [](const std::string &what) {
    throw std::invalid_argument("optimizer options: " + what);
  };
  if (options.method != "lbfgs" && options.method != "gd")
    fail("method must be \"lbfgs\" or \"gd\", got \"" + options.method + "\"");
  if (options.memory < 1)
    fail("memory must be at least 1");
  if (options.maxIterations < 0)
    fail("maxIterations must not be negative");
  if (options.maxLineSearch < 1)
    fail("maxLineSearch must be at least 1");
  if (!(options.initialStep >= 0) || !std::isfinite(options.initialStep))
    fail("initialStep must be finite and >= 0");
  if (!(options.armijo > 0 && options.armijo < options.wolfe && options.wolfe < 1))
    fail("need 0 < armijo < wolfe < 1");
  if (!(options.gradientTolerance >= 0) || !(options.functionTolerance >= 0))
    fail("tolerances must be >= 0");
}

void validate(const Bounds &bounds) {
  if (!bounds.lower.empty() && !bounds.upper.empty() && bounds.lower.size() != bounds.upper.size())
    throw std::invalid_argument("optimizer bounds: lower and upper have different sizes");
  for (size_t i = 0; i < std::min(bounds.lower.size(), bounds.upper.size()); ++i)
    if (!(bounds.lower[i] <= bounds.upper[i]))
      throw std::invalid_argument("optimizer bounds: lower > upper (or NaN) at parameter " +
                                  std::to_string(i));
}

} // namespace

BoundedLBFGS::BoundedLBFGS(Objective f, Bounds bounds, OptimizerOptions options)
    : objective(std::move(f)), box(std::move(bounds)), opts(std::move(options)) {
  if (!objective)
    throw std::invalid_argument("optimizer: no objective");
  validate(opts);
  validate(box);
}

std::vector<double> BoundedLBFGS::project(std::vector<double> x) const {
  for (size_t i = 0; i < x.size(); ++i) {
    if (!box.lower.empty())
      x[i] = std::max(x[i], box.lower[i]);
    if (!box.upper.empty())
      x[i] = std::min(x[i], box.upper[i]);
  }
  return x;
}

double BoundedLBFGS::projectedGradientNorm(const std::vector<double> &x,
                                           const std::vector<double> &g) const {
  std::vector<double> moved(x.size());
  for (size_t i = 0; i < x.size(); ++i)
    moved[i] = x[i] - g[i];
  moved = project(std::move(moved));
  double norm = 0;
  for (size_t i = 0; i < x.size(); ++i)
    norm = std::max(norm, std::fabs(moved[i] - x[i]));
  return norm;
}

std::vector<bool> BoundedLBFGS::activeSet(const std::vector<double> &x,
                                          const std::vector<double> &g) const {
  std::vector<bool> active(x.size(), false);
  for (size_t i = 0; i < x.size(); ++i) {
    bool atLower = !box.lower.empty() && x[i] <= box.lower[i] && g[i] > 0;
    bool atUpper = !box.upper.empty() && x[i] >= box.upper[i] && g[i] < 0;
    active[i] = atLower || atUpper;
  }
  return active;
}

double BoundedLBFGS::evaluate(Attempt &attempt, const std::vector<double> &x,
                              std::vector<double> &gradient) const {
  gradient.assign(x.size(), 0.0);
  double f = objective(x, gradient);
  ++attempt.evaluations;
  if (gradient.size() != x.size())
    throw std::runtime_error("optimizer: the objective resized the gradient to " +
                             std::to_string(gradient.size()) + " entries for " +
                             std::to_string(x.size()) + " parameters");
  return f;
}

OptimizerState BoundedLBFGS::start(std::vector<double> x0) const {
  for (const auto *side : {&box.lower, &box.upper})
    if (!side->empty() && side->size() != x0.size())
      throw std::invalid_argument("optimizer: " + std::to_string(x0.size()) +
                                  " parameters but bounds for " + std::to_string(side->size()));
  OptimizerState state;
  state.x = project(std::move(x0));
  Attempt attempt;
  state.f = evaluate(attempt, state.x, state.gradient);
  state.evaluations = attempt.evaluations;
  state.history.push_back(state.f);
  if (!std::isfinite(state.f) || !allFinite(state.gradient))
    stop(state, Attempt{}, "the objective or its gradient is not finite at the starting point");
  return state;
}

bool BoundedLBFGS::stop(OptimizerState &state, const Attempt &attempt, std::string why) const {
  state.evaluations += attempt.evaluations;
  state.finished = true;
  state.message = std::move(why);
  return false;
}

std::vector<double> BoundedLBFGS::direction(const OptimizerState &state, const Attempt &attempt,
                                            const std::vector<bool> &active) const {
  std::vector<double> q = state.gradient;
  for (size_t i = 0; i < q.size(); ++i)
    if (active[i])
      q[i] = 0;
  size_t pairs = opts.method == "lbfgs" && attempt.useMemory ? state.s.size() : 0;
  std::vector<double> alpha(pairs), rho(pairs);
  for (size_t k = pairs; k-- > 0;) {
    rho[k] = 1.0 / dot(state.y[k], state.s[k]);
    alpha[k] = rho[k] * dot(state.s[k], q);
    for (size_t i = 0; i < q.size(); ++i)
      q[i] -= alpha[k] * state.y[k][i];
  }
  if (pairs > 0) { // initial inverse Hessian gamma I, gamma = s.y / y.y of the newest pair
    double gamma = dot(state.s.back(), state.y.back()) / dot(state.y.back(), state.y.back());
    for (double &value : q)
      value *= gamma;
  }
  for (size_t k = 0; k < pairs; ++k) {
    double beta = rho[k] * dot(state.y[k], q);
    for (size_t i = 0; i < q.size(); ++i)
      q[i] += state.s[k][i] * (alpha[k] - beta);
  }
  for (size_t i = 0; i < q.size(); ++i)
    q[i] = active[i] ? 0.0 : -q[i];
  return q;
}

double BoundedLBFGS::firstTrialStep(const OptimizerState &state, const Attempt &attempt,
                                    const std::vector<double> &d) const {
  if (opts.method == "lbfgs" && attempt.useMemory && !state.s.empty())
    return 1.0; // the two-loop direction carries the scale
  if (opts.method == "gd" && state.lastStep > 0)
    return 2.0 * state.lastStep; // room to grow; backtracking trims it
  return opts.initialStep > 0 ? opts.initialStep : 1.0 / maxAbs(d);
}

bool BoundedLBFGS::lineSearch(const OptimizerState &state, Attempt &attempt,
                              const std::vector<double> &d, Trial &accepted) const {
  const double slope = dot(state.gradient, d); // < 0: d is a descent direction
  double step = firstTrialStep(state, attempt, d);
  bool haveAccepted = false, extending = false;
  for (int trial = 0; trial < opts.maxLineSearch; ++trial) {
    Trial candidate;
    candidate.step = step;
    candidate.x = state.x;
    for (size_t i = 0; i < d.size(); ++i)
      candidate.x[i] += step * d[i];
    candidate.x = project(std::move(candidate.x));
    if (candidate.x == state.x)
      break; // the step no longer moves any parameter
    std::vector<double> move(d.size());
    for (size_t i = 0; i < d.size(); ++i)
      move[i] = candidate.x[i] - state.x[i];
    candidate.f = evaluate(attempt, candidate.x, candidate.gradient);
    bool finite = std::isfinite(candidate.f) && allFinite(candidate.gradient);
    bool decrease = finite && candidate.f <= state.f + opts.armijo * dot(state.gradient, move) &&
                    (!haveAccepted || candidate.f < accepted.f);
    if (extending && !decrease)
      return true; // the previous, shorter step stands
    if (decrease) {
      accepted = std::move(candidate);
      haveAccepted = true;
      // Still descending steeply at the first trial: the step is too short; try twice as long.
      extending = (trial == 0 || extending) && dot(accepted.gradient, d) < opts.wolfe * slope;
      if (!extending)
        return true;
      step *= 2;
      continue;
    }
    // Backtrack: minimize the quadratic through f, slope and f(step), kept in [0.1, 0.5] step.
    double next = 0.1 * step;
    if (finite) {
      double curvature = candidate.f - state.f - slope * step;
      if (curvature > 0)
        next = std::clamp(-slope * step * step / (2 * curvature), 0.1 * step, 0.5 * step);
    }
    step = next;
  }
  return haveAccepted;
}

void BoundedLBFGS::acceptStep(OptimizerState &state, const Attempt &attempt, Trial &trial) const {
  if (!attempt.useMemory) {
    state.s.clear();
    state.y.clear();
  }
  std::vector<double> s(state.x.size()), y(state.x.size());
  for (size_t i = 0; i < s.size(); ++i) {
    s[i] = trial.x[i] - state.x[i];
    y[i] = trial.gradient[i] - state.gradient[i];
  }
  if (opts.method == "lbfgs" && dot(s, y) > 0) {
    state.s.push_back(std::move(s));
    state.y.push_back(std::move(y));
    if (state.s.size() > static_cast<size_t>(opts.memory)) {
      state.s.erase(state.s.begin());
      state.y.erase(state.y.begin());
    }
  }
  state.x = std::move(trial.x);
  state.gradient = std::move(trial.gradient);
  state.f = trial.f;
  state.lastStep = trial.step;
  state.evaluations += attempt.evaluations;
  state.history.push_back(trial.f);
  ++state.iteration;
}

bool BoundedLBFGS::belowRounding(const OptimizerState &state, const Attempt &attempt,
                                 const std::vector<double> &d) const {
  // Armijo asks for armijo * (first-order decrease); once that is below a few ulps of f, rounding
  // noise in f decides the test and no step can pass. A wrong gradient predicts large decreases.
  double predicted = -dot(state.gradient, d) * firstTrialStep(state, attempt, d);
  double noise = 8 * std::numeric_limits<double>::epsilon() * std::fabs(state.f);
  return opts.armijo * predicted <= noise;
}

bool BoundedLBFGS::iterate(OptimizerState &state) const {
  // Nothing in `state` changes before the step is accepted, so an objective that throws leaves
  // the state as it was.
  Attempt attempt;
  if (state.finished)
    return false;
  if (state.iteration >= opts.maxIterations) { // not final: more iterations may be allowed later
    state.message = "reached the iteration limit (" + std::to_string(opts.maxIterations) + ")";
    return false;
  }
  double projected = projectedGradientNorm(state.x, state.gradient);
  if (projected <= opts.gradientTolerance)
    return stop(state, attempt,
                "converged: projected gradient " + number(projected) +
                    " <= " + number(opts.gradientTolerance));

  std::vector<bool> active = activeSet(state.x, state.gradient);
  std::vector<double> d = direction(state, attempt, active);
  if (!(dot(state.gradient, d) < 0) || !allFinite(d)) {
    attempt.useMemory = false; // the curvature pairs point uphill here: steepest descent instead
    d = direction(state, attempt, active);
  }
  Trial trial;
  if (!lineSearch(state, attempt, d, trial)) {
    if (belowRounding(state, attempt, d))
      return stop(state, attempt,
                  "converged: f cannot decrease measurably in double precision any more (f = " +
                      number(state.f) + ", projected gradient " + number(projected) + ")");
    if (!attempt.useMemory || state.s.empty() || opts.method == "gd")
      return stop(state, attempt,
                  "line search failed: no decrease along the projected steepest-descent "
                  "direction in " +
                      std::to_string(opts.maxLineSearch) + " evaluations (f = " + number(state.f) +
                      ", projected gradient " + number(projected) +
                      "); check the sign and scale of the gradient");
    attempt.useMemory = false; // retry once without curvature information
    d = direction(state, attempt, active);
    if (!lineSearch(state, attempt, d, trial))
      return stop(state, attempt,
                  "line search failed along both the L-BFGS and the steepest-descent direction "
                  "(f = " +
                      number(state.f) + "); check the sign and scale of the gradient");
  }
  double previous = state.f;
  acceptStep(state, attempt, trial);

  double scale = std::max({std::fabs(previous), std::fabs(state.f), 1.0});
  if (opts.functionTolerance > 0 && previous - state.f <= opts.functionTolerance * scale)
    return stop(state, Attempt{},
                "converged: relative decrease of f below " + number(opts.functionTolerance));
  return true;
}

OptimizerState BoundedLBFGS::minimize(std::vector<double> x0) const {
  OptimizerState state = start(std::move(x0));
  while (iterate(state)) {
  }
  return state;
}

} // namespace strata::runtime
