//===- Checkpointing.cpp - binomial checkpointing (Revolve) ---------------===//
//
// The schedule is built recursively rather than with Revolve's original state machine: to
// reverse steps [begin, end) with s slots (slot `base` holding state `begin`), advance m steps,
// snapshot state begin + m in the next slot, reverse [begin + m, end) with s - 1 slots, restore
// state `begin` and reverse [begin, begin + m) with all s slots again. Griewank & Walther show the
// fewest forward steps for l steps and s slots is
//   t(l, s) = r l - beta(s + 1, r - 1),   beta(s, r) = C(s + r, s),
// where r, the repetition number, is the smallest r with l <= beta(s, r). t(., s) is convex and
// piecewise linear in l with slope r, so a split m is optimal exactly when the first part needs
// at most r - 1 repetitions with s slots and the rest at most r with s - 1 slots, both at their
// lower breakpoints: m in [beta(s, r - 2), beta(s, r - 1)] and l - m in [beta(s - 1, r - 1),
// beta(s - 1, r)]. We take the smallest such m (at least 1).
//
//===----------------------------------------------------------------------===//
#include "strata/Runtime/Inversion/Checkpointing.h"

#include <algorithm>
#include <cctype>
#include <climits>
#include <cstdio>
#include <stdexcept>
#include <string_view>

namespace strata::runtime {
namespace {

using Wide = unsigned __int128;
constexpr int64_t kSaturated = INT64_MAX;

/// beta(s, r) = C(s + r, s), 0 for r < 0, saturated at INT64_MAX (callers only compare it with
/// step counts, so a saturated value still orders correctly).
int64_t beta(int64_t s, int64_t r) {
  if (r < 0)
    return 0;
  Wide value = 1;
  // C(s + k, k) = C(s + k - 1, k - 1) * (s + k) / k, exact at every k.
  for (int64_t k = 1; k <= r; ++k) {
    value = value * static_cast<Wide>(s + k) / static_cast<Wide>(k);
    if (value > static_cast<Wide>(kSaturated))
      return kSaturated;
  }
  return static_cast<int64_t>(value);
}

/// The smallest r with steps <= beta(slots, r).
int64_t repetitions(int64_t steps, int64_t slots) {
  int64_t r = 0;
  Wide value = 1; // beta(slots, r)
  while (value < static_cast<Wide>(steps)) {
    ++r;
    value = value * static_cast<Wide>(slots + r) / static_cast<Wide>(r);
  }
  return r;
}

/// The first-part length of an optimal split of l >= 2 steps with s >= 2 slots (see the top).
int64_t optimalSplit(int64_t l, int64_t s) {
  int64_t r = repetitions(l, s);
  return std::max({int64_t{1}, beta(s, r - 2), l - beta(s - 1, r)});
}

void checkArguments(int64_t steps, int slots) {
  if (steps < 1)
    throw std::invalid_argument("checkpointing needs at least one time step, got " +
                                std::to_string(steps));
  if (slots < 1)
    throw std::invalid_argument("checkpointing needs at least one snapshot slot, got " +
                                std::to_string(slots));
}

/// Emits the schedule action by action, tracking which state is current and which state each
/// slot holds, so the emitted from/to fields are right by construction.
class ScheduleBuilder {
public:
  using Sink = std::function<void(const CheckpointStep &)>;
  ScheduleBuilder(int64_t steps, int slots, Sink sink)
      : steps(steps), slots(static_cast<int>(std::min<int64_t>(slots, steps))),
        slotState(this->slots, -1), sink(std::move(sink)) {}

  void build() {
    if (steps > 1)
      take(0);
    reverse(0, steps, 0, slots);
    sink({CheckpointAction::Terminate, steps, steps, -1});
  }

private:
  static constexpr int64_t kStale = -1; // the forward state after an adjoint step

  void advance(int64_t to) {
    sink({CheckpointAction::Advance, current, to, -1});
    current = to;
  }
  void take(int slot) {
    sink({CheckpointAction::TakeSnapshot, current, current, slot});
    slotState[slot] = current;
  }
  void restore(int slot) {
    sink({CheckpointAction::RestoreSnapshot, slotState[slot], slotState[slot], slot});
    current = slotState[slot];
  }
  void adjoint(int64_t step) {
    auto action = step == steps - 1 ? CheckpointAction::FirstReverse : CheckpointAction::Reverse;
    sink({action, step, step + 1, -1});
    current = kStale;
  }

  /// Reverses [begin, end) with the current state = state begin, which slot `base` also holds
  /// when end - begin > 1; uses slots [base, base + s).
  void reverse(int64_t begin, int64_t end, int base, int s) {
    int64_t l = end - begin;
    if (l == 1)
      return adjoint(begin);
    if (s == 1)
      return reverseOneSlot(begin, end, base);
    if (l <= s + 1)
      return reverseStoringAll(begin, end, base);
    int64_t middle = begin + optimalSplit(l, s);
    advance(middle);
    if (end - middle > 1)
      take(base + 1);
    reverse(middle, end, base + 1, s - 1);
    restore(base);
    reverse(begin, middle, base, s);
  }

  /// One slot: recompute every state from `begin` (l (l - 1) / 2 steps).
  void reverseOneSlot(int64_t begin, int64_t end, int base) {
    for (int64_t step = end - 1; step >= begin; --step) {
      if (current != begin)
        restore(base);
      if (step > begin)
        advance(step);
      adjoint(step);
    }
  }

  /// Enough slots for every state (r = 1): one sweep, then the snapshots in reverse. This is
  /// what the recursion does with m = 1, without recursing once per step.
  void reverseStoringAll(int64_t begin, int64_t end, int base) {
    for (int64_t state = begin + 1; state < end; ++state) {
      advance(state);
      if (state < end - 1)
        take(base + static_cast<int>(state - begin));
    }
    adjoint(end - 1);
    for (int64_t step = end - 2; step >= begin; --step) {
      restore(base + static_cast<int>(step - begin));
      adjoint(step);
    }
  }

  int64_t steps;
  int slots;
  std::vector<int64_t> slotState;
  Sink sink;
  int64_t current = 0;
};

/// "1.50 GiB (1610612736 bytes)"
std::string describeBytes(uint64_t bytes) {
  const char *units[] = {"bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
  double value = static_cast<double>(bytes);
  int unit = 0;
  while (value >= 1024.0 && unit < 6) {
    value /= 1024.0;
    ++unit;
  }
  if (unit == 0)
    return std::to_string(bytes) + " bytes";
  char text[64];
  std::snprintf(text, sizeof text, "%.2f %s (%llu bytes)", value, units[unit],
                static_cast<unsigned long long>(bytes));
  return text;
}

std::string lower(std::string_view text) {
  std::string out(text);
  for (char &c : out)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())))
    text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())))
    text.remove_suffix(1);
  return text;
}

/// The multiplier of a unit (lower case), 0 when unknown.
uint64_t unitMultiplier(const std::string &unit) {
  static const std::pair<const char *, uint64_t> units[] = {{"", 1},
                                                            {"b", 1},
                                                            {"kb", 1000ull},
                                                            {"mb", 1000ull * 1000},
                                                            {"gb", 1000ull * 1000 * 1000},
                                                            {"tb", 1000ull * 1000 * 1000 * 1000},
                                                            {"kib", 1ull << 10},
                                                            {"mib", 1ull << 20},
                                                            {"gib", 1ull << 30},
                                                            {"tib", 1ull << 40}};
  for (const auto &[name, multiplier] : units)
    if (unit == name)
      return multiplier;
  return 0;
}

[[noreturn]] void badMemorySize(const std::string &text, const std::string &why) {
  throw std::invalid_argument("invalid memory size '" + text + "': " + why +
                              " (expected e.g. 2GiB, 512MiB, 1.5GB or a byte count)");
}

} // namespace

std::vector<CheckpointStep> revolveSchedule(int64_t steps, int slots) {
  checkArguments(steps, slots);
  std::vector<CheckpointStep> schedule;
  ScheduleBuilder(steps, slots, [&](const CheckpointStep &step) {
    schedule.push_back(step);
  }).build();
  return schedule;
}

int64_t forwardStepCount(const std::vector<CheckpointStep> &schedule) {
  int64_t count = 0;
  for (const CheckpointStep &step : schedule)
    if (step.action == CheckpointAction::Advance)
      count += step.to - step.from;
  return count;
}

int64_t minimalForwardSteps(int64_t steps, int slots) {
  checkArguments(steps, slots);
  int64_t s = std::min<int64_t>(slots, steps);
  if (s == 1) // r = steps - 1: the closed form below, without looping steps times
    return static_cast<int64_t>(static_cast<Wide>(steps) * (steps - 1) / 2);
  int64_t r = repetitions(steps, s);
  return r * steps - beta(s + 1, r - 1);
}

double recomputationFactor(int64_t steps, int slots) {
  return static_cast<double>(minimalForwardSteps(steps, slots)) / static_cast<double>(steps);
}

int slotsForMemory(uint64_t memoryBytes, uint64_t bytesPerSnapshot) {
  if (bytesPerSnapshot == 0)
    throw std::invalid_argument("checkpointing: a snapshot of 0 bytes makes no sense");
  uint64_t slots = memoryBytes / bytesPerSnapshot;
  if (slots == 0)
    throw std::invalid_argument("checkpointing: a memory budget of " + describeBytes(memoryBytes) +
                                " holds no snapshot; one snapshot needs " +
                                describeBytes(bytesPerSnapshot) + ", so allow at least that much");
  return static_cast<int>(std::min<uint64_t>(slots, INT_MAX));
}

uint64_t parseMemorySize(const std::string &text) {
  std::string_view rest = trim(text);
  if (rest.empty())
    badMemorySize(text, "empty");
  auto digitsPrefix = [&]() {
    size_t n = 0;
    while (n < rest.size() && std::isdigit(static_cast<unsigned char>(rest[n])))
      ++n;
    std::string_view digits = rest.substr(0, n);
    rest.remove_prefix(n);
    return digits;
  };
  std::string_view whole = digitsPrefix(), fraction;
  if (!rest.empty() && rest.front() == '.') {
    rest.remove_prefix(1);
    fraction = digitsPrefix();
  }
  if (whole.empty() && fraction.empty())
    badMemorySize(text, "no number");
  uint64_t multiplier = unitMultiplier(lower(trim(rest)));
  if (multiplier == 0)
    badMemorySize(text, "unknown unit '" + std::string(trim(rest)) + "'");

  // Exact arithmetic: value = (whole + fraction / 10^k) * multiplier, rounded down.
  constexpr Wide kMax = UINT64_MAX;
  Wide wholeValue = 0;
  for (char c : whole) {
    wholeValue = wholeValue * 10 + static_cast<Wide>(c - '0');
    if (wholeValue > kMax)
      badMemorySize(text, "more than 2^64 - 1 bytes");
  }
  Wide fractionValue = 0, scale = 1;
  for (char c : fraction.substr(0, 18)) { // digits past 10^-18 cannot change a byte count
    fractionValue = fractionValue * 10 + static_cast<Wide>(c - '0');
    scale *= 10;
  }
  Wide bytes = wholeValue * multiplier + fractionValue * multiplier / scale;
  if (bytes > kMax)
    badMemorySize(text, "more than 2^64 - 1 bytes");
  return static_cast<uint64_t>(bytes);
}

void runCheckpointed(int64_t steps, int slots, const CheckpointCallbacks &callbacks) {
  checkArguments(steps, slots);
  if (!callbacks.advance || !callbacks.store || !callbacks.restore || !callbacks.adjointStep)
    throw std::invalid_argument("runCheckpointed: every callback must be set");
  // Streamed, not materialized: a long schedule never sits in memory.
  ScheduleBuilder(steps, slots, [&](const CheckpointStep &step) {
    switch (step.action) {
    case CheckpointAction::Advance:
      return callbacks.advance(step.from, step.to);
    case CheckpointAction::TakeSnapshot:
      return callbacks.store(step.slot);
    case CheckpointAction::RestoreSnapshot:
      return callbacks.restore(step.slot);
    case CheckpointAction::FirstReverse:
    case CheckpointAction::Reverse:
      return callbacks.adjointStep(step.from);
    case CheckpointAction::Terminate:
      return;
    }
  }).build();
}

} // namespace strata::runtime
