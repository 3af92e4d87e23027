// The CUDA driver shim on a real GPU: allocation, copies both ways, and a PTX launch.
// Skipped (not passed) when the machine has no driver or device.
#include "strata/Runtime/CudaDevice.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

using strata::runtime::cuda::Device;

namespace {

std::unique_ptr<Device> openOrSkipReason(std::string &whyNot) { return Device::open(0, whyNot); }

std::string readFile(const std::string &path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

} // namespace

TEST(CudaDevice, CopiesRoundTrip) {
  std::string whyNot;
  auto device = openOrSkipReason(whyNot);
  if (!device)
    GTEST_SKIP() << whyNot;
  std::vector<float> host(1000);
  for (size_t i = 0; i < host.size(); ++i)
    host[i] = 0.5f * static_cast<float>(i) - 7.0f;
  auto buffer = device->allocate(host.size() * sizeof(float));
  buffer->copyFromHost(host.data(), host.size() * sizeof(float));
  std::vector<float> back(host.size(), 0.0f);
  buffer->copyToHost(back.data(), back.size() * sizeof(float));
  EXPECT_EQ(back, host);
  EXPECT_THROW(buffer->copyFromHost(host.data(), 2 * host.size() * sizeof(float)),
               std::out_of_range);
  EXPECT_FALSE(device->name().empty());
}

TEST(CudaDevice, LaunchesPtxSaxpy) {
  std::string whyNot;
  auto device = openOrSkipReason(whyNot);
  if (!device)
    GTEST_SKIP() << whyNot;
  const int n = 100000;
  std::vector<float> x(n), y(n);
  for (int i = 0; i < n; ++i) {
    x[i] = static_cast<float>(i % 97);
    y[i] = 1.0f - static_cast<float>(i % 13);
  }
  auto dx = device->allocate(n * sizeof(float));
  auto dy = device->allocate(n * sizeof(float));
  dx->copyFromHost(x.data(), n * sizeof(float));
  dy->copyFromHost(y.data(), n * sizeof(float));
  int count = n;
  float a = 2.5f;
  uint64_t px = dx->devicePointer(), py = dy->devicePointer();
  device->launchPtx(readFile(STRATA_SAXPY_PTX), "saxpy", (n + 255) / 256, 256,
                    {&count, &a, &px, &py});
  std::vector<float> result(n);
  dy->copyToHost(result.data(), n * sizeof(float));
  for (int i = 0; i < n; ++i)
    ASSERT_EQ(result[i], a * x[i] + y[i]) << "at " << i; // one rounding each side: exact
}
