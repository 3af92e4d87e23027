//===- CudaDevice.h - a thin shim over the CUDA driver API ------*- C++ -*-===//
//
// MLIR 19 on Debian ships no `mgpu*` GPU runtime, so Strata talks to the CUDA driver
// itself. libcuda is opened with dlopen at run time: binaries built with the toolkit
// still start (and GPU tests skip) on machines without a driver or a device.
// Compiled only when CMake finds the CUDA toolkit (STRATA_ENABLE_CUDA).
//
//===----------------------------------------------------------------------===//
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace strata::runtime::cuda {

struct DriverApi; // function pointers resolved from libcuda

/// A device allocation; freed by its destructor.
class DeviceBuffer {
public:
  DeviceBuffer(std::shared_ptr<const DriverApi> api, uint64_t pointer, size_t bytes);
  ~DeviceBuffer();
  DeviceBuffer(const DeviceBuffer &) = delete;
  DeviceBuffer &operator=(const DeviceBuffer &) = delete;
  uint64_t devicePointer() const { return pointer_; }
  size_t bytes() const { return bytes_; }
  void copyFromHost(const void *host, size_t bytes);
  void copyToHost(void *host, size_t bytes) const;

private:
  std::shared_ptr<const DriverApi> api_;
  uint64_t pointer_;
  size_t bytes_;
};

/// One GPU with its primary context made current on the calling thread.
class Device {
public:
  /// The device `ordinal`, or nullptr with `whyNot` set when there is no driver, no device
  /// or the driver fails to initialize.
  static std::unique_ptr<Device> open(int ordinal, std::string &whyNot);
  ~Device();

  std::string name() const;
  std::unique_ptr<DeviceBuffer> allocate(size_t bytes);
  /// Loads PTX (JIT-compiled by the driver for this device) and launches `kernel` from it
  /// with the given grid/block shape and kernel arguments (pointers to each argument).
  void launchPtx(const std::string &ptx, const std::string &kernel, unsigned gridX, unsigned blockX,
                 std::vector<void *> arguments);
  void synchronize();

private:
  Device(std::shared_ptr<const DriverApi> api, int device, void *context);
  std::shared_ptr<const DriverApi> api_;
  int device_;
  void *context_;
};

} // namespace strata::runtime::cuda
