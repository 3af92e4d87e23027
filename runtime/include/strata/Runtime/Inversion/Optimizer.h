//===- Optimizer.h - bound-constrained L-BFGS and gradient descent -*- C++ -*-===//
//
// The outer loop of full-waveform inversion: minimize a misfit f(x) over a box lower <= x <= upper
// with projected L-BFGS (or projected gradient descent) and a projected backtracking line search.
// Every iteration is a pure function of the OptimizerState, the options and f, and the state
// serializes exactly, so an inversion stopped after iteration k and resumed from its saved state
// produces bit-identical iterates. See docs/checkpointing.md for the method.
//
//===----------------------------------------------------------------------===//
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace strata::runtime {

struct OptimizerOptions {
  std::string method = "lbfgs"; ///< "lbfgs" or "gd" (projected gradient descent)
  int memory = 5;               ///< L-BFGS pairs kept
  int maxIterations = 20;       ///< iterate() stops once state.iteration reaches this
  /// Trial step of an iteration without curvature information (the first, after a memory reset,
  /// every "gd" iteration before a step was accepted); 0: 1 / max|d|, i.e. the largest parameter
  /// moves by one unit.
  double initialStep = 0;
  double armijo = 1e-4;   ///< sufficient decrease: f(x(a)) <= f + armijo g.(x(a) - x)
  double wolfe = 0.9;     ///< curvature: keep extending a step while g(x(a)).d < wolfe g.d
  int maxLineSearch = 10; ///< objective evaluations per iteration at most
  /// Converged when max_i |P(x - g) - x|_i <= gradientTolerance (the projected gradient).
  double gradientTolerance = 1e-8;
  /// Converged when the last decrease f_old - f_new <= functionTolerance * max(|f_old|, |f_new|,
  /// 1).
  double functionTolerance = 0;
};

/// Per-parameter box; an empty vector means unbounded on that side, +-infinity entries too.
struct Bounds {
  std::vector<double> lower, upper;
};

/// Returns f(x) and fills `gradient` (resized by the optimizer to x.size() before the call).
using Objective =
    std::function<double(const std::vector<double> &x, std::vector<double> &gradient)>;

/// Everything an iteration reads: resuming from a deserialized copy continues bit for bit.
struct OptimizerState {
  int iteration = 0;       ///< completed iterations
  int64_t evaluations = 0; ///< objective evaluations so far
  std::vector<double> x, gradient;
  double f = 0;
  std::vector<std::vector<double>> s, y; ///< L-BFGS pairs, oldest first
  double lastStep = 0;                   ///< the step length accepted last ("gd" starts from it)
  std::vector<double> history;           ///< f after start() and after every iteration
  /// Converged or stuck (final; `message` says why). Reaching maxIterations only sets `message`,
  /// so a resumed run with a larger limit goes on.
  bool finished = false;
  std::string message;

  /// JSON; every double as an exact hexadecimal float ("0x1.8p+1"), so deserialize(serialize())
  /// reproduces the state bit for bit.
  std::string serialize() const;
  /// Throws std::invalid_argument on text that is not a serialized state.
  static OptimizerState deserialize(const std::string &text);
};

/// serialize() written with writeFileAtomically: a crash leaves the previous state or the new one.
void saveOptimizerState(const std::string &path, const OptimizerState &state);
/// Throws std::runtime_error when the file cannot be read, std::invalid_argument when malformed.
OptimizerState loadOptimizerState(const std::string &path);

class BoundedLBFGS {
public:
  /// Throws std::invalid_argument on bad options or bounds with lower > upper.
  BoundedLBFGS(Objective f, Bounds bounds, OptimizerOptions options);

  /// Evaluates f at the projection of x0 onto the box.
  OptimizerState start(std::vector<double> x0) const;
  /// One iteration: direction, projected line search, memory update. Returns false, with the
  /// reason in state.message, when converged, out of iterations, or unable to decrease f. If the
  /// objective throws, the exception propagates and `state` is unchanged.
  bool iterate(OptimizerState &state) const;
  /// start() then iterate() until it returns false.
  OptimizerState minimize(std::vector<double> x0) const;

  /// max_i |P(x - g) - x|_i: zero exactly at a KKT point of the box-constrained problem.
  double projectedGradientNorm(const std::vector<double> &x, const std::vector<double> &g) const;
  const OptimizerOptions &options() const { return opts; }

private:
  struct Trial {
    std::vector<double> x, gradient;
    double f = 0;
    double step = 0;
  };
  /// What an iteration decides before it commits to the state.
  struct Attempt {
    bool useMemory = true; ///< false: steepest descent, the pairs are dropped on acceptance
    int64_t evaluations = 0;
  };
  double evaluate(Attempt &attempt, const std::vector<double> &x,
                  std::vector<double> &gradient) const;
  std::vector<double> project(std::vector<double> x) const;
  std::vector<bool> activeSet(const std::vector<double> &x, const std::vector<double> &g) const;
  std::vector<double> direction(const OptimizerState &state, const Attempt &attempt,
                                const std::vector<bool> &active) const;
  double firstTrialStep(const OptimizerState &state, const Attempt &attempt,
                        const std::vector<double> &d) const;
  bool lineSearch(const OptimizerState &state, Attempt &attempt, const std::vector<double> &d,
                  Trial &accepted) const;
  bool belowRounding(const OptimizerState &state, const Attempt &attempt,
                     const std::vector<double> &d) const;
  void acceptStep(OptimizerState &state, const Attempt &attempt, Trial &trial) const;
  bool stop(OptimizerState &state, const Attempt &attempt, std::string why) const;

  Objective objective;
  Bounds box;
  OptimizerOptions opts;
};

} // namespace strata::runtime
