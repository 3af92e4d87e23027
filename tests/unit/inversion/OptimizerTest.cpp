//===- OptimizerTest.cpp - bound-constrained L-BFGS and gradient descent -===//
#include "strata/Runtime/Inversion/Optimizer.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <limits>
#include <stdexcept>

using namespace strata::runtime;

namespace {

/// Sum over pairs (x_{2i}, x_{2i+1}) of 100 (x_{2i+1} - x_{2i}^2)^2 + (1 - x_{2i})^2: the
/// extended Rosenbrock function, minimum 0 at all ones (and no other local minimum).
double rosenbrock(const std::vector<double> &x, std::vector<double> &g) {
  double f = 0;
  for (size_t i = 0; i + 1 < x.size(); i += 2) {
    double a = x[i + 1] - x[i] * x[i], b = 1 - x[i];
    f += 100 * a * a + b * b;
    g[i] = -400 * x[i] * a - 2 * b;
    g[i + 1] = 200 * a;
  }
  return f;
}

std::vector<double> rosenbrockStart(size_t n) {
  std::vector<double> x(n);
  for (size_t i = 0; i < n; ++i)
    x[i] = i % 2 == 0 ? -1.2 : 1.0;
  return x;
}

/// f = 1/2 (x - c)^T A (x - c) with A tridiagonal (diagonal 2 + i/4, off-diagonal -0.5): coupled,
/// so bound constraints on some parameters move the others.
struct Quadratic {
  std::vector<double> center;
  double operator()(const std::vector<double> &x, std::vector<double> &g) const {
    size_t n = x.size();
    std::vector<double> r(n);
    for (size_t i = 0; i < n; ++i)
      r[i] = x[i] - center[i];
    double f = 0;
    for (size_t i = 0; i < n; ++i) {
      g[i] = (2 + 0.25 * static_cast<double>(i)) * r[i];
      if (i > 0)
        g[i] -= 0.5 * r[i - 1];
      if (i + 1 < n)
        g[i] -= 0.5 * r[i + 1];
      f += 0.5 * r[i] * g[i];
    }
    return f;
  }
};

OptimizerOptions options(const std::string &method, int iterations, double tolerance = 1e-9) {
  OptimizerOptions o;
  o.method = method;
  o.maxIterations = iterations;
  o.gradientTolerance = tolerance;
  o.maxLineSearch = 20;
  return o;
}

bool sameBits(const std::vector<double> &a, const std::vector<double> &b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0;
}

} // namespace

TEST(Optimizer, Rosenbrock2D) {
  BoundedLBFGS optimizer(rosenbrock, {}, options("lbfgs", 200));
  OptimizerState state = optimizer.minimize(rosenbrockStart(2));
  EXPECT_NE(state.message.find("converged"), std::string::npos) << state.message;
  for (double value : state.x)
    EXPECT_NEAR(value, 1.0, 1e-6);
  EXPECT_LT(state.f, 1e-12);
  EXPECT_LT(state.iteration, 100);
  for (size_t k = 1; k < state.history.size(); ++k)
    EXPECT_LT(state.history[k], state.history[k - 1]) << "monotone decrease, iteration " << k;
}

TEST(Optimizer, Rosenbrock10D) {
  BoundedLBFGS optimizer(rosenbrock, {}, options("lbfgs", 300));
  OptimizerState state = optimizer.minimize(rosenbrockStart(10));
  EXPECT_NE(state.message.find("converged"), std::string::npos) << state.message;
  for (double value : state.x)
    EXPECT_NEAR(value, 1.0, 1e-6);
  EXPECT_EQ(static_cast<int>(state.history.size()), state.iteration + 1);
}

TEST(Optimizer, BoundedQuadraticEndsOnTheBoxWithKKT) {
  Quadratic quadratic{{2.0, -1.0, 0.5, 3.0, -2.0, 0.3, 0.9, 1.7}};
  Bounds box{std::vector<double>(8, 0.0), std::vector<double>(8, 1.0)};
  for (const char *method : {"lbfgs", "gd"}) {
    SCOPED_TRACE(method);
    BoundedLBFGS optimizer(quadratic, box, options(method, 500, 1e-10));
    OptimizerState state = optimizer.minimize(std::vector<double>(8, 0.5));
    EXPECT_NE(state.message.find("converged"), std::string::npos) << state.message;
    int onBounds = 0;
    for (size_t i = 0; i < 8; ++i) {
      double x = state.x[i], g = state.gradient[i];
      ASSERT_GE(x, 0.0);
      ASSERT_LE(x, 1.0);
      if (x == 0.0) // KKT: the multiplier g_i >= 0 at a lower bound, <= 0 at an upper one
        EXPECT_GE(g, 0.0) << i;
      else if (x == 1.0)
        EXPECT_LE(g, 0.0) << i;
      else
        EXPECT_NEAR(g, 0.0, 1e-7) << i; // f ~ 17: rounding limits |g| to about 1e-8
      onBounds += x == 0.0 || x == 1.0;
    }
    EXPECT_GE(onBounds, 4);
    EXPECT_LE(optimizer.projectedGradientNorm(state.x, state.gradient), 1e-7);
  }
}

TEST(Optimizer, GradientDescentConvergesSlowerThanLBFGS) {
  Quadratic quadratic{{0.3, -0.7, 1.1, 2.0, -1.5, 0.4, 0.8, -0.2, 1.3, 0.6}};
  BoundedLBFGS lbfgs(quadratic, {}, options("lbfgs", 2000, 1e-8));
  BoundedLBFGS gd(quadratic, {}, options("gd", 2000, 1e-8));
  OptimizerState a = lbfgs.minimize(std::vector<double>(10, 0.0));
  OptimizerState b = gd.minimize(std::vector<double>(10, 0.0));
  EXPECT_NE(a.message.find("converged"), std::string::npos) << a.message;
  EXPECT_NE(b.message.find("converged"), std::string::npos) << b.message;
  for (size_t i = 0; i < 10; ++i) {
    EXPECT_NEAR(a.x[i], quadratic.center[i], 1e-7);
    EXPECT_NEAR(b.x[i], quadratic.center[i], 1e-7);
  }
  EXPECT_GT(b.iteration, a.iteration);

  // Gradient descent on Rosenbrock creeps along the valley but gets there.
  BoundedLBFGS slow(rosenbrock, {}, options("gd", 20000, 1e-6));
  OptimizerState c = slow.minimize(rosenbrockStart(2));
  EXPECT_NEAR(c.x[0], 1.0, 1e-4) << c.message;
  EXPECT_NEAR(c.x[1], 1.0, 1e-4);
}

TEST(Optimizer, ResumeFromASavedStateIsBitIdentical) {
  auto dir = std::filesystem::temp_directory_path() / "strata-optimizer-resume";
  std::filesystem::create_directories(dir);
  Bounds box{std::vector<double>(10, -1.0), std::vector<double>(10, 0.9)};
  for (const char *method : {"lbfgs", "gd"}) {
    SCOPED_TRACE(method);
    BoundedLBFGS optimizer(rosenbrock, box, options(method, 60, 0.0));
    OptimizerState uninterrupted = optimizer.minimize(rosenbrockStart(10));
    ASSERT_GT(uninterrupted.iteration, 25) << uninterrupted.message;

    OptimizerState first = optimizer.start(rosenbrockStart(10));
    for (int k = 0; k < 17; ++k)
      ASSERT_TRUE(optimizer.iterate(first));
    std::string path = (dir / (std::string(method) + ".json")).string();
    saveOptimizerState(path, first);

    // A fresh optimizer object, as in a restarted process.
    BoundedLBFGS restarted(rosenbrock, box, options(method, 60, 0.0));
    OptimizerState resumed = loadOptimizerState(path);
    EXPECT_EQ(resumed.serialize(), first.serialize());
    while (restarted.iterate(resumed)) {
    }
    EXPECT_TRUE(sameBits(resumed.x, uninterrupted.x));
    EXPECT_TRUE(sameBits(resumed.history, uninterrupted.history));
    EXPECT_EQ(resumed.evaluations, uninterrupted.evaluations);
    EXPECT_EQ(resumed.serialize(), uninterrupted.serialize());
  }
  std::filesystem::remove_all(dir);
}

TEST(Optimizer, WrongGradientSignStopsWithAMessage) {
  int evaluations = 0;
  Objective wrong = [&](const std::vector<double> &x, std::vector<double> &g) {
    ++evaluations;
    double f = 0;
    for (size_t i = 0; i < x.size(); ++i) {
      f += x[i] * x[i];
      g[i] = -2 * x[i]; // uphill
    }
    return f;
  };
  for (const char *method : {"lbfgs", "gd"}) {
    evaluations = 0;
    BoundedLBFGS optimizer(wrong, {}, options(method, 100));
    OptimizerState state = optimizer.minimize({1.0, -2.0, 0.5});
    EXPECT_TRUE(state.finished);
    EXPECT_EQ(state.iteration, 0);
    EXPECT_NE(state.message.find("line search failed"), std::string::npos) << state.message;
    EXPECT_NE(state.message.find("sign"), std::string::npos) << state.message;
    EXPECT_LE(evaluations, 1 + 20);
    EXPECT_FALSE(optimizer.iterate(state)) << "a finished state stays finished";
  }
}

TEST(Optimizer, IterationLimitAndStartProjection) {
  Bounds box{{0.0, 0.0}, {0.5, 2.0}};
  BoundedLBFGS optimizer(rosenbrock, box, options("lbfgs", 3));
  OptimizerState state = optimizer.start({-1.2, 3.0});
  EXPECT_EQ(state.x, (std::vector<double>{0.0, 2.0}));
  EXPECT_EQ(state.evaluations, 1);
  while (optimizer.iterate(state)) {
  }
  EXPECT_EQ(state.iteration, 3);
  EXPECT_NE(state.message.find("iteration limit"), std::string::npos) << state.message;
  // The bounded minimum is (0.5, 0.25): after a few more iterations it is reached.
  BoundedLBFGS longer(rosenbrock, box, options("lbfgs", 100));
  OptimizerState done = longer.minimize({-1.2, 3.0});
  EXPECT_DOUBLE_EQ(done.x[0], 0.5);
  EXPECT_NEAR(done.x[1], 0.25, 1e-8);
}

TEST(OptimizerState, SerializationIsExact) {
  OptimizerState state;
  state.iteration = 7;
  state.evaluations = 19;
  state.x = {0.1, -0.0, 5e-324, std::numeric_limits<double>::max(), -1.0 / 3.0};
  state.gradient = {std::numeric_limits<double>::infinity(),
                    -std::numeric_limits<double>::infinity(), 1e-310, 2.0, -7.25};
  state.f = std::nextafter(1.0, 2.0);
  state.s = {{1, 2, 3, 4, 5}};
  state.y = {{0.2, 0.3, 0.4, 0.5, 0.6}};
  state.lastStep = 0.7;
  state.history = {3.0, 2.0, std::nextafter(1.0, 2.0)};
  state.finished = true;
  state.message = "converged: \"quoted\"";
  std::string text = state.serialize();
  OptimizerState copy = OptimizerState::deserialize(text);
  EXPECT_EQ(copy.serialize(), text);
  EXPECT_TRUE(sameBits(copy.x, state.x));
  EXPECT_TRUE(sameBits(copy.gradient, state.gradient));
  EXPECT_TRUE(std::signbit(copy.x[1]));
  EXPECT_EQ(copy.message, state.message);
  EXPECT_NE(text.find("\"0x1.999999999999ap-4\""), std::string::npos) << text;

  std::vector<double> nan{std::nan("")};
  OptimizerState withNan;
  withNan.history = nan;
  EXPECT_TRUE(std::isnan(OptimizerState::deserialize(withNan.serialize()).history[0]));
}

TEST(OptimizerState, RejectsMalformedText) {
  for (const char *bad :
       {"", "{}", "[1,2]", "not json", R"({"format":"strata-optimizer-state","version":2})",
        R"({"format":"strata-optimizer-state","version":1,"iteration":0,
                              "evaluations":0,"f":"1.0q","x":[],"gradient":[],"s":[],"y":[],
                              "lastStep":"0x0p+0","history":[],"finished":false,"message":""})",
        R"({"format":"strata-optimizer-state","version":1,"iteration":0,
                              "evaluations":0,"f":"0x1p+0","x":["0x1p+0"],"gradient":[],"s":[],
                              "y":[],"lastStep":"0x0p+0","history":[],"finished":false,
                              "message":""})"})
    EXPECT_THROW(OptimizerState::deserialize(bad), std::invalid_argument) << bad;
  EXPECT_THROW(loadOptimizerState("/nonexistent/strata/state.json"), std::runtime_error);
}

TEST(Optimizer, RejectsBadOptionsAndBounds) {
  auto make = [](OptimizerOptions o, Bounds b = {}) { BoundedLBFGS(rosenbrock, b, o); };
  OptimizerOptions o;
  o.method = "newton";
  EXPECT_THROW(make(o), std::invalid_argument);
  o = {};
  o.memory = 0;
  EXPECT_THROW(make(o), std::invalid_argument);
  o = {};
  o.armijo = 0.95;
  EXPECT_THROW(make(o), std::invalid_argument);
  EXPECT_THROW(make({}, Bounds{{1.0}, {0.0}}), std::invalid_argument);
  BoundedLBFGS optimizer(rosenbrock, Bounds{{0.0, 0.0, 0.0}, {}}, {});
  EXPECT_THROW(optimizer.start({1.0, 1.0}), std::invalid_argument);
}

TEST(Optimizer, ALargerIterationLimitResumesAStoppedRun) {
  BoundedLBFGS shortRun(rosenbrock, {}, options("lbfgs", 5));
  OptimizerState state = shortRun.minimize(rosenbrockStart(2));
  EXPECT_EQ(state.iteration, 5);
  EXPECT_FALSE(state.finished) << "the limit belongs to the options, not the state";
  BoundedLBFGS longRun(rosenbrock, {}, options("lbfgs", 200));
  while (longRun.iterate(state)) {
  }
  EXPECT_NE(state.message.find("converged"), std::string::npos) << state.message;
  EXPECT_NEAR(state.x[0], 1.0, 1e-6);
}

TEST(Optimizer, AThrowingObjectiveLeavesTheStateUnchanged) {
  int calls = 0, failAt = -1;
  Objective flaky = [&](const std::vector<double> &x, std::vector<double> &g) {
    if (calls++ == failAt)
      throw std::runtime_error("shot 17 failed");
    return rosenbrock(x, g);
  };
  BoundedLBFGS optimizer(flaky, {}, options("lbfgs", 50));
  OptimizerState state = optimizer.start(rosenbrockStart(2));
  for (int k = 0; k < 6; ++k)
    ASSERT_TRUE(optimizer.iterate(state));
  std::string before = state.serialize();
  failAt = calls; // the next evaluation throws
  EXPECT_THROW(optimizer.iterate(state), std::runtime_error);
  EXPECT_EQ(state.serialize(), before);
}
