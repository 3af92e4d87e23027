//===- Bandwidth.cpp - the machine's memory-bandwidth roofline ------------===//
#include "strata/Runtime/Bandwidth.h"

#include <algorithm>
#include <chrono>
#include <memory>
#include <stdexcept>
#include <thread>
#include <vector>

namespace strata::runtime {
namespace {

/// Runs `body(begin, end)` on `threads` threads over [0, count), one contiguous slice each.
template <typename Body> void parallelSlices(int threads, std::size_t count, Body body) {
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    std::size_t begin = count * t / threads, end = count * (t + 1) / threads;
    workers.emplace_back([=] { body(begin, end); });
  }
  for (std::thread &worker : workers)
    worker.join();
}

} // namespace

double measureTriadBandwidth(int threads, std::size_t bytesPerArray, int repetitions) {
  if (threads < 1 || repetitions < 1 || bytesPerArray < sizeof(double))
    throw std::invalid_argument(
        "measureTriadBandwidth: threads, repetitions and sizes must be positive");
  const std::size_t count = bytesPerArray / sizeof(double);
  // Uninitialized allocations, first touched by the thread that later streams each slice.
  std::unique_ptr<double[]> a(new double[count]), b(new double[count]), c(new double[count]);
  parallelSlices(threads, count, [&](std::size_t begin, std::size_t end) {
    for (std::size_t i = begin; i < end; ++i) {
      a[i] = 0.0;
      b[i] = 1.0;
      c[i] = 2.0;
    }
  });
  const double scalar = 3.0;
  double best = 0;
  for (int r = 0; r < repetitions; ++r) {
    auto start = std::chrono::steady_clock::now();
    parallelSlices(threads, count, [&](std::size_t begin, std::size_t end) {
      double *out = a.get();
      const double *x = b.get(), *y = c.get();
      for (std::size_t i = begin; i < end; ++i)
        out[i] = x[i] + scalar * y[i];
    });
    double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    best = std::max(best, 3.0 * sizeof(double) * double(count) / seconds);
  }
  // Keep the result observable so the loops cannot be optimized away.
  if (a[count / 2] != 7.0)
    throw std::logic_error("triad produced a wrong value");
  return best;
}

} // namespace strata::runtime
