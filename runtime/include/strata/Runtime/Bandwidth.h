//===- Bandwidth.h - the machine's memory-bandwidth roofline ----*- C++ -*-===//
#pragma once

#include <cstddef>

namespace strata::runtime {

/// Sustained memory bandwidth in bytes per second, measured with the STREAM triad
/// a[i] = b[i] + s * c[i] over arrays of `bytesPerArray` (far larger than the caches) on
/// `threads` threads, each owning (and first touching) a contiguous slice. Counts 24 bytes
/// per double element as STREAM does (write-allocate traffic not counted); the best of
/// `repetitions` runs.
double measureTriadBandwidth(int threads, std::size_t bytesPerArray = std::size_t{256} << 20,
                             int repetitions = 5);

} // namespace strata::runtime
