//===- CudaDevice.cpp - a thin shim over the CUDA driver API --------------===//
#include "strata/Runtime/CudaDevice.h"

#include <cuda.h>
#include <dlfcn.h>

#include <stdexcept>

namespace strata::runtime::cuda {

/// The driver entry points Strata uses, with the versioned symbol names the driver exports.
struct DriverApi {
  void *library = nullptr;
  CUresult (*init)(unsigned) = nullptr;
  CUresult (*deviceGetCount)(int *) = nullptr;
  CUresult (*deviceGet)(CUdevice *, int) = nullptr;
  CUresult (*deviceGetName)(char *, int, CUdevice) = nullptr;
  CUresult (*primaryCtxRetain)(CUcontext *, CUdevice) = nullptr;
  CUresult (*primaryCtxRelease)(CUdevice) = nullptr;
  CUresult (*ctxSetCurrent)(CUcontext) = nullptr;
  CUresult (*ctxSynchronize)() = nullptr;
  CUresult (*memAlloc)(CUdeviceptr *, size_t) = nullptr;
  CUresult (*memFree)(CUdeviceptr) = nullptr;
  CUresult (*memcpyHtoD)(CUdeviceptr, const void *, size_t) = nullptr;
  CUresult (*memcpyDtoH)(void *, CUdeviceptr, size_t) = nullptr;
  CUresult (*moduleLoadData)(CUmodule *, const void *) = nullptr;
  CUresult (*moduleUnload)(CUmodule) = nullptr;
  CUresult (*moduleGetFunction)(CUfunction *, CUmodule, const char *) = nullptr;
  CUresult (*launchKernel)(CUfunction, unsigned, unsigned, unsigned, unsigned, unsigned, unsigned,
                           unsigned, CUstream, void **, void **) = nullptr;
  CUresult (*getErrorString)(CUresult, const char **) = nullptr;

  ~DriverApi() {
    if (library)
      dlclose(library);
  }

  void check(CUresult result, const char *what) const {
    if (result == CUDA_SUCCESS)
      return;
    const char *text = nullptr;
    if (getErrorString)
      getErrorString(result, &text);
    throw std::runtime_error(std::string("CUDA driver: ") + what +
                             " failed: " + (text ? text : "error " + std::to_string(result)));
  }
};

namespace {

template <typename Fn> bool resolve(void *library, const char *symbol, Fn &out) {
  out = reinterpret_cast<Fn>(dlsym(library, symbol));
  return out != nullptr;
}

std::shared_ptr<DriverApi> loadDriver(std::string &whyNot) {
  auto api = std::make_shared<DriverApi>();
  api->library = dlopen("libcuda.so.1", RTLD_NOW | RTLD_LOCAL);
  if (!api->library) {
    whyNot = "no CUDA driver (libcuda.so.1 not found)";
    return nullptr;
  }
  void *lib = api->library;
  bool ok =
      resolve(lib, "cuInit", api->init) && resolve(lib, "cuDeviceGetCount", api->deviceGetCount) &&
      resolve(lib, "cuDeviceGet", api->deviceGet) &&
      resolve(lib, "cuDeviceGetName", api->deviceGetName) &&
      resolve(lib, "cuDevicePrimaryCtxRetain", api->primaryCtxRetain) &&
      resolve(lib, "cuDevicePrimaryCtxRelease_v2", api->primaryCtxRelease) &&
      resolve(lib, "cuCtxSetCurrent", api->ctxSetCurrent) &&
      resolve(lib, "cuCtxSynchronize", api->ctxSynchronize) &&
      resolve(lib, "cuMemAlloc_v2", api->memAlloc) && resolve(lib, "cuMemFree_v2", api->memFree) &&
      resolve(lib, "cuMemcpyHtoD_v2", api->memcpyHtoD) &&
      resolve(lib, "cuMemcpyDtoH_v2", api->memcpyDtoH) &&
      resolve(lib, "cuModuleLoadData", api->moduleLoadData) &&
      resolve(lib, "cuModuleUnload", api->moduleUnload) &&
      resolve(lib, "cuModuleGetFunction", api->moduleGetFunction) &&
      resolve(lib, "cuLaunchKernel", api->launchKernel) &&
      resolve(lib, "cuGetErrorString", api->getErrorString);
  if (!ok) {
    whyNot = "the CUDA driver lacks an entry point Strata needs (driver too old?)";
    return nullptr;
  }
  return api;
}

} // namespace

DeviceBuffer::DeviceBuffer(std::shared_ptr<const DriverApi> api, uint64_t pointer, size_t bytes)
    : api_(std::move(api)), pointer_(pointer), bytes_(bytes) {}

DeviceBuffer::~DeviceBuffer() { api_->memFree(static_cast<CUdeviceptr>(pointer_)); }

void DeviceBuffer::copyFromHost(const void *host, size_t bytes) {
  if (bytes > bytes_)
    throw std::out_of_range("copy of " + std::to_string(bytes) + " bytes into a buffer of " +
                            std::to_string(bytes_));
  api_->check(api_->memcpyHtoD(static_cast<CUdeviceptr>(pointer_), host, bytes), "cuMemcpyHtoD");
}

void DeviceBuffer::copyToHost(void *host, size_t bytes) const {
  if (bytes > bytes_)
    throw std::out_of_range("copy of " + std::to_string(bytes) + " bytes out of a buffer of " +
                            std::to_string(bytes_));
  api_->check(api_->memcpyDtoH(host, static_cast<CUdeviceptr>(pointer_), bytes), "cuMemcpyDtoH");
}

std::unique_ptr<Device> Device::open(int ordinal, std::string &whyNot) {
  std::shared_ptr<DriverApi> api = loadDriver(whyNot);
  if (!api)
    return nullptr;
  if (CUresult result = api->init(0); result != CUDA_SUCCESS) {
    whyNot = "the CUDA driver failed to initialize (error " + std::to_string(result) +
             "): no usable GPU";
    return nullptr;
  }
  int count = 0;
  api->check(api->deviceGetCount(&count), "cuDeviceGetCount");
  if (ordinal < 0 || ordinal >= count) {
    whyNot = "GPU " + std::to_string(ordinal) + " requested, " + std::to_string(count) + " present";
    return nullptr;
  }
  CUdevice device;
  api->check(api->deviceGet(&device, ordinal), "cuDeviceGet");
  CUcontext context;
  api->check(api->primaryCtxRetain(&context, device), "cuDevicePrimaryCtxRetain");
  api->check(api->ctxSetCurrent(context), "cuCtxSetCurrent");
  return std::unique_ptr<Device>(new Device(std::move(api), device, context));
}

Device::Device(std::shared_ptr<const DriverApi> api, int device, void *context)
    : api_(std::move(api)), device_(device), context_(context) {}

Device::~Device() { api_->primaryCtxRelease(device_); }

std::string Device::name() const {
  char name[256] = {};
  api_->check(api_->deviceGetName(name, sizeof(name) - 1, device_), "cuDeviceGetName");
  return name;
}

std::unique_ptr<DeviceBuffer> Device::allocate(size_t bytes) {
  CUdeviceptr pointer = 0;
  api_->check(api_->memAlloc(&pointer, bytes), "cuMemAlloc");
  return std::make_unique<DeviceBuffer>(api_, static_cast<uint64_t>(pointer), bytes);
}

void Device::launchPtx(const std::string &ptx, const std::string &kernel, unsigned gridX,
                       unsigned blockX, std::vector<void *> arguments) {
  CUmodule module;
  api_->check(api_->moduleLoadData(&module, ptx.c_str()), "cuModuleLoadData");
  CUfunction function;
  CUresult found = api_->moduleGetFunction(&function, module, kernel.c_str());
  if (found != CUDA_SUCCESS) {
    api_->moduleUnload(module);
    api_->check(found, ("cuModuleGetFunction(" + kernel + ")").c_str());
  }
  CUresult launched = api_->launchKernel(function, gridX, 1, 1, blockX, 1, 1, 0, nullptr,
                                         arguments.data(), nullptr);
  CUresult synced = launched == CUDA_SUCCESS ? api_->ctxSynchronize() : launched;
  api_->moduleUnload(module);
  api_->check(synced, "kernel launch");
}

void Device::synchronize() { api_->check(api_->ctxSynchronize(), "cuCtxSynchronize"); }

} // namespace strata::runtime::cuda
