//===- Checkpointing.h - binomial checkpointing (Revolve) -------*- C++ -*-===//
//
// The gradient of a time-stepped misfit needs the forward state at every step, in reverse order.
// Storing all of them rarely fits in memory; with `slots` snapshots, the binomial schedule of
// Griewank & Walther (Revolve, ACM TOMS 26(1), 2000) recomputes the missing states with the
// fewest forward steps possible. See docs/checkpointing.md.
//
// Conventions: states are numbered 0..steps; forward step k moves the state from k to k + 1; the
// adjoint of step k needs the forward state k (before the step). One slot holds the initial state
// for as long as it is needed, so `slots` counts it.
//
//===----------------------------------------------------------------------===//
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace strata::runtime {

enum class CheckpointAction {
  Advance,
  TakeSnapshot,
  RestoreSnapshot,
  FirstReverse,
  Reverse,
  Terminate
};

/// One action of a schedule:
///   Advance:          run the forward steps [from, to): the state moves from `from` to `to`.
///   TakeSnapshot:     copy the current state (state `from`) into `slot`.
///   RestoreSnapshot:  copy `slot` (state `from`) into the current state.
///   FirstReverse:     the adjoint of the last step (`from` = steps - 1, `to` = steps) with the
///                     current state = state `from`; where the reverse sweep starts, e.g. where
///                     the caller computes the final forward step itself if it needs state `steps`.
///   Reverse:          the adjoint of step `from` (= to - 1) with the current state = state `from`.
///   Terminate:        the end; every adjoint step has run.
/// After a FirstReverse / Reverse the schedule never relies on the current forward state (it
/// restores a snapshot before advancing again), so an adjoint step may overwrite it.
struct CheckpointStep {
  CheckpointAction action;
  int64_t from = 0, to = 0;
  int slot = -1;
};

/// The optimal binomial schedule for `steps` >= 1 forward steps and `slots` >= 1 snapshots.
/// Uses at most min(slots, steps) slots, numbered from 0. Throws std::invalid_argument otherwise.
std::vector<CheckpointStep> revolveSchedule(int64_t steps, int slots);

/// The forward steps a schedule runs (the sum of its Advance lengths).
int64_t forwardStepCount(const std::vector<CheckpointStep> &schedule);

/// The fewest forward steps that reverse `steps` steps with `slots` snapshots (closed form:
/// r * steps - C(slots + r, slots + 1) for C(slots + r - 1, slots) < steps <= C(slots + r, slots)).
int64_t minimalForwardSteps(int64_t steps, int slots);

/// minimalForwardSteps / steps: the forward work relative to one sweep over all steps.
double recomputationFactor(int64_t steps, int slots);

/// How many snapshots of `bytesPerSnapshot` fit in `memoryBytes` (capped at INT_MAX). Throws
/// std::invalid_argument when not even one fits, saying how much memory one snapshot needs.
int slotsForMemory(uint64_t memoryBytes, uint64_t bytesPerSnapshot);

/// "2GiB", "512MiB", "1.5GB", "64 kB", "100000" (bytes). Units, case-insensitive: B, KB/MB/GB/TB
/// (powers of 1000), KiB/MiB/GiB/TiB (powers of 1024). A fraction of a byte is rounded down.
/// Throws std::invalid_argument naming the text on anything else (empty, negative, unknown unit,
/// more than 2^64 - 1 bytes).
uint64_t parseMemorySize(const std::string &text);

/// What runCheckpointed does with the caller's state; it never looks at the state itself.
struct CheckpointCallbacks {
  /// Run forward steps from..to-1: the current state moves from state `from` to state `to`.
  std::function<void(int64_t from, int64_t to)> advance;
  /// Copy the current forward state into `slot` (0 <= slot < min(slots, steps)).
  std::function<void(int slot)> store;
  /// Copy `slot` into the current forward state.
  std::function<void(int slot)> restore;
  /// The adjoint of forward step `step`; the current forward state is state `step`. Called for
  /// step = steps - 1 down to 0, each exactly once. May overwrite the current forward state.
  std::function<void(int64_t step)> adjointStep;
};

/// Runs revolveSchedule(steps, slots) through the callbacks. On entry the current forward state
/// is state 0. Exceptions from the callbacks propagate.
void runCheckpointed(int64_t steps, int slots, const CheckpointCallbacks &callbacks);

} // namespace strata::runtime
