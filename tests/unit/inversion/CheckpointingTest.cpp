//===- CheckpointingTest.cpp - binomial checkpointing schedules ----------===//
#include "strata/Runtime/Inversion/Checkpointing.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <map>
#include <stdexcept>

using namespace strata::runtime;

namespace {

/// The fewest forward steps, by the Griewank-Walther recursion rather than the closed form:
/// advance m, snapshot, reverse the rest with one slot less, then the first m with all slots.
class MinimalCost {
public:
  int64_t operator()(int64_t steps, int slots) {
    if (steps == 1)
      return 0;
    if (slots == 0)
      return kInfinite;
    auto key = std::make_pair(steps, slots);
    if (auto it = memo.find(key); it != memo.end())
      return it->second;
    int64_t best = kInfinite;
    for (int64_t m = 1; m < steps; ++m) {
      int64_t rest = (*this)(steps - m, slots - 1);
      if (rest != kInfinite)
        best = std::min(best, m + rest + (*this)(m, slots));
    }
    return memo[key] = best;
  }

private:
  static constexpr int64_t kInfinite = std::numeric_limits<int64_t>::max() / 4;
  std::map<std::pair<int64_t, int>, int64_t> memo;
};

/// The closed form, written out again: r n - C(s + r, s + 1) for C(s + r - 1, s) < n <= C(s + r,
/// s).
int64_t binomial(int64_t n, int64_t k) {
  if (k < 0 || k > n)
    return 0;
  double value = 1;
  for (int64_t i = 1; i <= k; ++i)
    value = value * static_cast<double>(n - k + i) / static_cast<double>(i);
  return static_cast<int64_t>(std::llround(value));
}

int64_t closedForm(int64_t n, int s) {
  s = static_cast<int>(std::min<int64_t>(s, n));
  int64_t r = 0;
  while (binomial(s + r, s) < n)
    ++r;
  return r * n - binomial(s + r, s + 1);
}

/// Runs a schedule on a toy state (the current step number) and checks every contract.
struct ToySimulation {
  int64_t steps;
  int slots;
  int64_t forwardSteps = 0;
  std::vector<int64_t> adjointOrder;

  void run() {
    int usable = static_cast<int>(std::min<int64_t>(slots, steps));
    std::vector<int64_t> slotState(usable, -1);
    int64_t state = 0;
    CheckpointCallbacks callbacks;
    callbacks.advance = [&](int64_t from, int64_t to) {
      ASSERT_EQ(state, from);
      ASSERT_LT(from, to);
      ASSERT_LE(to, steps - 1) << "no adjoint step needs the final state";
      forwardSteps += to - from;
      state = to;
    };
    callbacks.store = [&](int slot) {
      ASSERT_GE(slot, 0);
      ASSERT_LT(slot, usable);
      slotState[slot] = state;
    };
    callbacks.restore = [&](int slot) {
      ASSERT_GE(slot, 0);
      ASSERT_LT(slot, usable);
      ASSERT_GE(slotState[slot], 0) << "restoring an empty slot";
      state = slotState[slot];
    };
    callbacks.adjointStep = [&](int64_t step) {
      ASSERT_EQ(state, step);
      adjointOrder.push_back(step);
      state = -1; // an adjoint step may clobber the forward state
    };
    runCheckpointed(steps, slots, callbacks);
  }
};

void expectValidRun(int64_t steps, int slots) {
  SCOPED_TRACE("steps " + std::to_string(steps) + ", slots " + std::to_string(slots));
  ToySimulation simulation{steps, slots, 0, {}};
  simulation.run();
  ASSERT_EQ(static_cast<int64_t>(simulation.adjointOrder.size()), steps);
  for (int64_t i = 0; i < steps; ++i)
    ASSERT_EQ(simulation.adjointOrder[i], steps - 1 - i);
  EXPECT_EQ(simulation.forwardSteps, closedForm(steps, slots));
  EXPECT_EQ(simulation.forwardSteps, minimalForwardSteps(steps, slots));
}

} // namespace

TEST(Checkpointing, SmallSchedulesAreValidAndOptimal) {
  MinimalCost minimal;
  for (int64_t steps = 1; steps <= 60; ++steps)
    for (int slots = 1; slots <= 10; ++slots) {
      expectValidRun(steps, slots);
      EXPECT_EQ(forwardStepCount(revolveSchedule(steps, slots)), minimal(steps, slots))
          << "steps " << steps << ", slots " << slots;
    }
}

TEST(Checkpointing, LargeSchedulesAreValidAndOptimal) {
  for (auto [steps, slots] : std::vector<std::pair<int64_t, int>>{
           {1000, 10}, {1000, 1}, {1000, 2}, {1000, 3}, {5000, 20}, {10000, 50}, {777, 1000}})
    expectValidRun(steps, slots);
}

TEST(Checkpointing, ClosedFormMatchesTheRecursionBeyondTheSimulatedRange) {
  MinimalCost minimal;
  for (int64_t steps : {100, 150, 200})
    for (int slots : {2, 3, 5, 8})
      EXPECT_EQ(minimalForwardSteps(steps, slots), minimal(steps, slots));
}

TEST(Checkpointing, ScheduleFieldsDescribeTheStates) {
  std::vector<CheckpointStep> schedule = revolveSchedule(20, 3);
  ASSERT_FALSE(schedule.empty());
  EXPECT_EQ(schedule.back().action, CheckpointAction::Terminate);
  std::vector<int64_t> slotState(3, -1);
  int64_t state = 0;
  int firstReverses = 0;
  for (const CheckpointStep &step : schedule) {
    switch (step.action) {
    case CheckpointAction::Advance:
      EXPECT_EQ(step.from, state);
      state = step.to;
      break;
    case CheckpointAction::TakeSnapshot:
      EXPECT_EQ(step.from, state);
      slotState.at(step.slot) = state;
      break;
    case CheckpointAction::RestoreSnapshot:
      EXPECT_EQ(step.from, slotState.at(step.slot));
      state = step.from;
      break;
    case CheckpointAction::FirstReverse:
      ++firstReverses;
      EXPECT_EQ(step.from, 19);
      [[fallthrough]];
    case CheckpointAction::Reverse:
      EXPECT_EQ(step.from, state);
      EXPECT_EQ(step.to, step.from + 1);
      state = -1;
      break;
    case CheckpointAction::Terminate:
      break;
    }
  }
  EXPECT_EQ(firstReverses, 1);
}

TEST(Checkpointing, EnoughSlotsMeanOneForwardSweep) {
  for (int64_t steps : {1, 2, 10, 100}) {
    std::vector<CheckpointStep> schedule = revolveSchedule(steps, static_cast<int>(steps));
    EXPECT_EQ(forwardStepCount(schedule), steps - 1) << "each state computed once";
    int advances = 0;
    for (const CheckpointStep &step : schedule)
      advances += step.action == CheckpointAction::Advance;
    EXPECT_EQ(advances, steps - 1);
  }
  EXPECT_EQ(recomputationFactor(100, 100), 0.99);
  EXPECT_EQ(recomputationFactor(100, 1000), 0.99);
}

TEST(Checkpointing, RecomputationFactorsOfTheDocumentedTable) {
  // docs/checkpointing.md quotes these.
  struct Row {
    int64_t steps;
    int slots;
    int64_t forward;
  };
  for (Row row :
       {Row{100, 1, 4950}, Row{100, 10, 222}, Row{100, 100, 99}, Row{1000, 2, 28820},
        Row{1000, 10, 3636}, Row{1000, 50, 1948}, Row{10000, 10, 57624}, Row{10000, 100, 24747}}) {
    EXPECT_EQ(minimalForwardSteps(row.steps, row.slots), row.forward);
    EXPECT_EQ(closedForm(row.steps, row.slots), row.forward);
  }
  EXPECT_EQ(forwardStepCount(revolveSchedule(10000, 100)), 24747);
  EXPECT_DOUBLE_EQ(recomputationFactor(1000, 10), 3.636);
}

TEST(Checkpointing, RejectsBadArguments) {
  EXPECT_THROW(revolveSchedule(0, 3), std::invalid_argument);
  EXPECT_THROW(revolveSchedule(10, 0), std::invalid_argument);
  EXPECT_THROW(runCheckpointed(10, 2, CheckpointCallbacks{}), std::invalid_argument);
}

TEST(Checkpointing, NonlinearRecurrenceGradientMatchesFullStorageBitForBit) {
  // x_{k+1} = sin(x_k) + k, J = x_n: lambda_k = cos(x_k) lambda_{k+1}, dJ/dx_0 = lambda_0.
  const int64_t steps = 500;
  const double x0 = 0.3;
  auto step = [](double x, int64_t k) { return std::sin(x) + static_cast<double>(k); };

  std::vector<double> trajectory{x0};
  for (int64_t k = 0; k < steps; ++k)
    trajectory.push_back(step(trajectory.back(), k));
  double fullStorage = 1.0;
  for (int64_t k = steps - 1; k >= 0; --k)
    fullStorage *= std::cos(trajectory[k]);

  for (int slots : {1, 2, 3, 7, 40, 1000}) {
    double state = x0, lambda = 1.0;
    std::vector<double> snapshots(slots);
    CheckpointCallbacks callbacks;
    callbacks.advance = [&](int64_t from, int64_t to) {
      for (int64_t k = from; k < to; ++k)
        state = step(state, k);
    };
    callbacks.store = [&](int slot) { snapshots[slot] = state; };
    callbacks.restore = [&](int slot) { state = snapshots[slot]; };
    callbacks.adjointStep = [&](int64_t k) {
      ASSERT_EQ(std::memcmp(&state, &trajectory[k], sizeof state), 0) << "state " << k;
      lambda *= std::cos(state);
    };
    runCheckpointed(steps, slots, callbacks);
    EXPECT_EQ(std::memcmp(&lambda, &fullStorage, sizeof lambda), 0)
        << "slots " << slots << ": " << lambda << " vs " << fullStorage;
  }
}

TEST(CheckpointMemory, SlotsForMemory) {
  EXPECT_EQ(slotsForMemory(1000, 100), 10);
  EXPECT_EQ(slotsForMemory(1099, 100), 10);
  EXPECT_EQ(slotsForMemory(100, 100), 1);
  EXPECT_EQ(slotsForMemory(UINT64_MAX, 1), INT32_MAX);
  try {
    slotsForMemory(512ull << 20, 1ull << 30);
    FAIL() << "expected a throw";
  } catch (const std::invalid_argument &error) {
    std::string what = error.what();
    EXPECT_NE(what.find("1.00 GiB"), std::string::npos) << what;
    EXPECT_NE(what.find("512.00 MiB"), std::string::npos) << what;
  }
  EXPECT_THROW(slotsForMemory(100, 0), std::invalid_argument);
}

TEST(CheckpointMemory, ParseMemorySize) {
  EXPECT_EQ(parseMemorySize("2GiB"), 2ull << 30);
  EXPECT_EQ(parseMemorySize("512MiB"), 512ull << 20);
  EXPECT_EQ(parseMemorySize("1.5GB"), 1500000000ull);
  EXPECT_EQ(parseMemorySize("100000"), 100000ull);
  EXPECT_EQ(parseMemorySize(" 64 kB "), 64000ull);
  EXPECT_EQ(parseMemorySize("1.5KiB"), 1536ull);
  EXPECT_EQ(parseMemorySize("0.5b"), 0ull);
  EXPECT_EQ(parseMemorySize("16TiB"), 16ull << 40);
  EXPECT_EQ(parseMemorySize("18446744073709551615"), UINT64_MAX);
  for (const char *bad : {"", "GiB", "-1GiB", "2 GiBs", "1e9", "1..5GB", "18446744073709551616",
                          "20000000TiB", "two GiB", "2GiB extra"}) {
    try {
      parseMemorySize(bad);
      ADD_FAILURE() << "accepted '" << bad << "'";
    } catch (const std::invalid_argument &error) {
      EXPECT_NE(std::string(error.what()).find("invalid memory size"), std::string::npos);
    }
  }
}
