//===- Operator.cpp - the C++ API: load a model, compile it, run it -------===//
#include "strata/Runtime/Operator.h"

#include "strata/Compiler/FieldLayout.h"

#include "strata/frontend/Frontend.h"

#include <omp.h>
#include <sys/mman.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <optional>
#include <sstream>

namespace strata {

using compiler::KernelArgument;

std::unique_ptr<frontend::Model> loadModel(const std::string &path,
                                           const frontend::CompileOptions &options) {
  frontend::DiagnosticEngine diags;
  auto model = frontend::loadModelFile(path, options, diags);
  if (!model)
    throw Error(diags.renderAll());
  return model;
}

Operator compile(const frontend::Model &model, const KernelOptions &options) {
  auto kernel = compiler::compileKernel(model, options);
  if (!kernel)
    throw Error("cannot compile model '" + model.name + "': " + llvm::toString(kernel.takeError()));
  return Operator(std::move(*kernel));
}

void setThreadCount(int threads) {
  if (threads < 1)
    throw Error("the thread count must be positive, got " + std::to_string(threads));
  omp_set_num_threads(threads);
}

int threadCount() { return omp_get_max_threads(); }

namespace {

std::string shapeText(const std::vector<int64_t> &shape) {
  std::ostringstream out;
  out << "(";
  for (size_t i = 0; i < shape.size(); ++i)
    out << (i ? ", " : "") << shape[i];
  out << ")";
  return out.str();
}

/// A memref descriptor: {allocated, aligned, offset, sizes[rank], strides[rank]}, every
/// member 8 bytes wide, so a flat array of 64-bit words has exactly its layout.
struct Descriptor {
  std::vector<uint64_t> words;
  void set(const void *data, const std::vector<int64_t> &shape,
           const std::vector<int64_t> &strides) {
    const size_t rank = shape.size();
    words.assign(3 + 2 * rank, 0);
    words[0] = words[1] = reinterpret_cast<uint64_t>(data);
    for (size_t axis = 0; axis < rank; ++axis) {
      words[3 + axis] = static_cast<uint64_t>(shape[axis]);
      words[3 + rank + axis] = static_cast<uint64_t>(strides[axis]);
    }
  }
  /// Row-major and contiguous.
  void set(const void *data, const std::vector<int64_t> &shape) {
    set(data, shape, FieldLayout::contiguous(shape).strides);
  }
};

/// Where one program argument lives at the machine level: one descriptor for a field,
/// three for points, one 8-byte slot for a scalar or a step bound.
struct Binding {
  const KernelArgument *argument = nullptr;
  bool bound = false;
  std::vector<int64_t> shape;      // fields: as bound; points: amplitudes (steps, points)
  std::vector<int64_t> strides;    // fields: as bound, in elements
  std::vector<Descriptor> buffers; // 1 (field) or 3 (points)
  const int64_t *support = nullptr;
  int64_t entries = 0;
  uint64_t scalar = 0;         // float, double or int64 bits
  std::vector<double> storage; // workspace fields: owned here (8-byte aligned, any element)
  std::vector<int64_t> box;    // zero boxes: owned here
};

} // namespace

struct Operator::State {
  std::unique_ptr<compiler::CompiledKernel> kernel;
  std::vector<Binding> bindings; // program order
  std::map<std::string, size_t> byName;
  /// The workspace holds coefficients computed from the current inputs and scalars.
  bool workspaceValid = false;

  Binding &find(const std::string &name, std::initializer_list<KernelArgument::Kind> kinds,
                const char *what) {
    auto found = byName.find(name);
    if (found == byName.end()) {
      std::string known;
      for (const Binding &binding : bindings)
        for (auto kind : kinds)
          if (binding.argument->kind == kind)
            known += (known.empty() ? "" : ", ") + binding.argument->name;
      throw Error("model '" + kernel->signature().name + "' has no " + what + " named '" + name +
                  "' (its " + what + "s: " + (known.empty() ? "none" : known) + ")");
    }
    Binding &binding = bindings[found->second];
    for (auto kind : kinds)
      if (binding.argument->kind == kind)
        return binding;
    throw Error("'" + name + "' is not a " + what + " of model '" + kernel->signature().name + "'");
  }

  void checkElement(ElementType element, const std::string &name) const {
    if (element != kernel->signature().element)
      throw Error(std::string("'") + name + "' is bound to " + compiler::elementTypeName(element) +
                  " data but the kernel was compiled for " +
                  compiler::elementTypeName(kernel->signature().element));
  }
};

Operator::Operator(std::unique_ptr<compiler::CompiledKernel> kernel)
    : state_(std::make_unique<State>()) {
  state_->kernel = std::move(kernel);
  for (const KernelArgument &argument : state_->kernel->signature().arguments) {
    Binding binding;
    binding.argument = &argument;
    state_->byName[argument.name] = state_->bindings.size();
    state_->bindings.push_back(std::move(binding));
  }
}

Operator::Operator(Operator &&) noexcept = default;
Operator &Operator::operator=(Operator &&) noexcept = default;
Operator::~Operator() = default;

const KernelSignature &Operator::signature() const { return state_->kernel->signature(); }
const CompileTimings &Operator::timings() const { return state_->kernel->timings(); }

std::vector<int64_t> Operator::fieldShape(const std::string &name,
                                          const std::vector<int64_t> &gridShape) const {
  Binding &binding =
      state_->find(name, {KernelArgument::Kind::Input, KernelArgument::Kind::State}, "field");
  const KernelSignature &sig = signature();
  if (gridShape.size() != static_cast<size_t>(sig.dims))
    throw Error("model '" + sig.name + "' has " + std::to_string(sig.dims) +
                " axes, got a grid of " + shapeText(gridShape));
  std::vector<int64_t> shape;
  if (binding.argument->levels > 0)
    shape.push_back(binding.argument->levels);
  for (size_t axis = 0; axis < gridShape.size(); ++axis) {
    if (gridShape[axis] < 1)
      throw Error("grid extents must be positive, got " + shapeText(gridShape));
    shape.push_back(gridShape[axis] + 2 * sig.halo[axis]);
  }
  return shape;
}

FieldLayout FieldLayout::contiguous(const std::vector<int64_t> &shape) {
  FieldLayout layout;
  layout.shape = shape;
  layout.strides.assign(shape.size(), 1);
  for (size_t axis = shape.size(); axis-- > 1;)
    layout.strides[axis - 1] = layout.strides[axis] * shape[axis];
  return layout;
}

bool FieldLayout::isContiguous() const { return strides == contiguous(shape).strides; }

size_t FieldLayout::span() const {
  if (shape.empty())
    return 0;
  int64_t last = 0;
  for (size_t axis = 0; axis < shape.size(); ++axis) {
    if (shape[axis] < 1)
      return 0;
    last += (shape[axis] - 1) * strides[axis];
  }
  return static_cast<size_t>(last + 1);
}

size_t FieldLayout::allocationSize(size_t elementBytes) const {
  const size_t room = alignmentBytes > 1 ? static_cast<size_t>(alignmentBytes) / elementBytes : 0;
  return span() + room;
}

size_t FieldLayout::originOffset(const void *allocation, size_t elementBytes) const {
  if (alignmentBytes <= 1)
    return 0;
  const auto align = static_cast<uint64_t>(alignmentBytes);
  const uint64_t interior = reinterpret_cast<uint64_t>(allocation) + rowHalo * elementBytes;
  const uint64_t shiftBytes = (align - interior % align) % align;
  if (shiftBytes % elementBytes != 0)
    throw Error("an allocation at an address not a multiple of the element size cannot be "
                "aligned");
  return static_cast<size_t>(shiftBytes / elementBytes);
}

int64_t FieldLayout::offset(const std::vector<int64_t> &index) const {
  int64_t offset = 0;
  for (size_t axis = 0; axis < index.size() && axis < strides.size(); ++axis)
    offset += index[axis] * strides[axis];
  return offset;
}

FieldLayout paddedFieldLayout(const std::vector<int64_t> &shape, int64_t levels, int64_t rowHalo,
                              int64_t elementBytes, bool alignRows) {
  FieldLayout layout;
  layout.shape = shape;
  layout.strides = compiler::paddedStrides(shape, levels, elementBytes, alignRows);
  if (alignRows && compiler::kCacheLineBytes % elementBytes == 0) {
    // Every row's interior starts where the first one's does modulo a line (rows of whole
    // lines); originOffset puts that on a line boundary.
    layout.alignmentBytes = compiler::kCacheLineBytes;
    layout.rowHalo = rowHalo;
  }
  return layout;
}

namespace {
/// The layout a kernel compiled with fixed strides (KernelSignature::fixedGrid) takes for a
/// field of `levels` time levels (0: a static field), or nullopt for one that takes its
/// strides from the descriptor.
std::optional<FieldLayout> compiledLayout(const KernelSignature &sig, int64_t levels) {
  if (sig.fixedGrid.empty())
    return std::nullopt;
  std::vector<int64_t> shape;
  if (levels > 0)
    shape.push_back(levels);
  for (size_t axis = 0; axis < sig.fixedGrid.size(); ++axis)
    shape.push_back(sig.fixedGrid[axis] + 2 * sig.halo[axis]);
  return paddedFieldLayout(shape, levels, sig.halo.back(),
                           static_cast<int64_t>(compiler::elementBytes(sig.element)),
                           sig.alignedRows);
}

std::string gridText(const std::vector<int64_t> &grid) {
  std::string text;
  for (int64_t extent : grid)
    text += (text.empty() ? "" : "x") + std::to_string(extent);
  return text;
}
} // namespace

FieldLayout Operator::fieldLayout(const std::string &name, const std::vector<int64_t> &gridShape,
                                  bool alignRows) const {
  const std::vector<int64_t> shape = fieldShape(name, gridShape);
  const Binding &binding =
      state_->find(name, {KernelArgument::Kind::Input, KernelArgument::Kind::State}, "field");
  const KernelSignature &sig = signature();
  if (auto compiled = compiledLayout(sig, binding.argument->levels)) {
    if (gridShape != sig.fixedGrid)
      throw Error("kernel '" + sig.name + "' was compiled with the strides of grid " +
                  gridText(sig.fixedGrid) + " (KernelOptions::fieldStrides), not " +
                  gridText(gridShape));
    if (alignRows != sig.alignedRows)
      throw Error("kernel '" + sig.name + "' was compiled for " +
                  (sig.alignedRows ? "padded, aligned" : "contiguous") + " rows");
    return *compiled;
  }
  return paddedFieldLayout(shape, binding.argument->levels, sig.halo.back(),
                           static_cast<int64_t>(compiler::elementBytes(elementType())), alignRows);
}

namespace {
/// Why `strides` cannot lay out `shape` for a kernel, or "" when they can.
std::string stridesProblem(const std::vector<int64_t> &shape, const std::vector<int64_t> &strides) {
  if (strides.size() != shape.size())
    return std::to_string(strides.size()) + " strides for " + std::to_string(shape.size()) +
           " axes";
  if (strides.back() != 1)
    return "the last axis must be contiguous (stride 1), got stride " +
           std::to_string(strides.back());
  for (size_t axis = 0; axis + 1 < shape.size(); ++axis)
    if (strides[axis] < strides[axis + 1] * shape[axis + 1])
      return "stride " + std::to_string(strides[axis]) + " of axis " + std::to_string(axis) +
             " is smaller than the " + std::to_string(strides[axis + 1] * shape[axis + 1]) +
             " elements of one step along it (axes must be row-major and must not overlap)";
  return "";
}

template <typename T>
void bindFieldImpl(Operator::State &state, const std::string &name, T *data,
                   const std::vector<int64_t> &shape, ElementType element,
                   const std::vector<int64_t> &strides) {
  Binding &binding =
      state.find(name, {KernelArgument::Kind::Input, KernelArgument::Kind::State}, "field");
  state.checkElement(element, name);
  const KernelSignature &sig = state.kernel->signature();
  const size_t expectedRank = sig.dims + (binding.argument->levels > 0 ? 1 : 0);
  if (!data)
    throw Error("field '" + name + "' is bound to a null pointer");
  if (shape.size() != expectedRank)
    throw Error("field '" + name + "' needs " + std::to_string(expectedRank) + " extents (" +
                (binding.argument->levels > 0 ? "time levels, then " : "") + "one per axis), got " +
                shapeText(shape));
  if (binding.argument->levels > 0 && shape[0] != binding.argument->levels)
    throw Error("state '" + name + "' keeps " + std::to_string(binding.argument->levels) +
                " time levels, its array has " + std::to_string(shape[0]));
  for (size_t axis = 0; axis < static_cast<size_t>(sig.dims); ++axis) {
    int64_t extent = shape[expectedRank - sig.dims + axis];
    if (extent <= 2 * sig.halo[axis])
      throw Error("field '" + name + "' extent " + std::to_string(extent) + " along axis " +
                  std::to_string(axis) + " leaves no interior inside the halo of " +
                  std::to_string(sig.halo[axis]) + " on each side");
  }
  if (std::string problem = stridesProblem(shape, strides); !problem.empty())
    throw Error("field '" + name + "' " + shapeText(shape) + ": " + problem);
  if (auto compiled = compiledLayout(sig, binding.argument->levels);
      compiled && (compiled->shape != shape || compiled->strides != strides))
    throw Error("field '" + name + "' is bound as " + shapeText(shape) + " with strides " +
                shapeText(strides) + ", but kernel '" + sig.name +
                "' was compiled with the strides of grid " + gridText(sig.fixedGrid) + ": " +
                shapeText(compiled->shape) + " with strides " + shapeText(compiled->strides) +
                " (lay it out with Operator::fieldLayout, or compile with "
                "KernelOptions::fieldStrides = FromDescriptor)");
  binding.shape = shape;
  binding.strides = strides;
  binding.buffers.assign(1, Descriptor());
  binding.buffers[0].set(data, shape, strides);
  binding.bound = true;
  if (binding.argument->kind == KernelArgument::Kind::Input)
    state.workspaceValid = false;
}

template <typename T>
void bindPointsImpl(Operator::State &state, const std::string &name, T *amplitudes, int64_t steps,
                    int64_t points, const int64_t *support, int64_t entries, const T *weights,
                    ElementType element) {
  Binding &binding = state.find(name, {KernelArgument::Kind::Points}, "source or receiver");
  state.checkElement(element, name);
  if (steps < 0 || points < 0 || entries < 0)
    throw Error("points '" + name + "': negative sizes");
  if (points > 0 && (!amplitudes || !support || !weights || entries == 0))
    throw Error("points '" + name + "': amplitudes, support and weights must all be given");
  const int64_t dims = state.kernel->signature().dims;
  binding.shape = {steps, points};
  binding.support = support;
  binding.entries = entries;
  binding.buffers.assign(3, Descriptor());
  binding.buffers[0].set(amplitudes, {steps, points});
  binding.buffers[1].set(support, {points, entries, dims});
  binding.buffers[2].set(weights, {points, entries});
  binding.bound = true;
}
} // namespace

namespace {
/// The strides of `shape` with the leading axis `levelStride` apart (0: contiguous),
/// checked: states only.
std::vector<int64_t> levelStrides(Operator::State &state, const std::string &name,
                                  const std::vector<int64_t> &shape, int64_t levelStride) {
  std::vector<int64_t> strides = FieldLayout::contiguous(shape).strides;
  if (levelStride == 0)
    return strides;
  const Binding &binding =
      state.find(name, {KernelArgument::Kind::Input, KernelArgument::Kind::State}, "field");
  if (binding.argument->levels == 0)
    throw Error("field '" + name + "' has no time levels: only states take a level stride");
  if (shape.size() > 1) {
    if (levelStride < strides[0])
      throw Error("state '" + name + "': level stride " + std::to_string(levelStride) +
                  " is smaller than one level's " + std::to_string(strides[0]) + " elements");
    strides[0] = levelStride;
  }
  return strides;
}
} // namespace

void Operator::bindField(const std::string &name, float *data, const std::vector<int64_t> &shape) {
  bindFieldImpl(*state_, name, data, shape, ElementType::F32,
                FieldLayout::contiguous(shape).strides);
}
void Operator::bindField(const std::string &name, double *data, const std::vector<int64_t> &shape) {
  bindFieldImpl(*state_, name, data, shape, ElementType::F64,
                FieldLayout::contiguous(shape).strides);
}
void Operator::bindField(const std::string &name, float *data, const std::vector<int64_t> &shape,
                         int64_t levelStride) {
  bindFieldImpl(*state_, name, data, shape, ElementType::F32,
                levelStrides(*state_, name, shape, levelStride));
}
void Operator::bindField(const std::string &name, double *data, const std::vector<int64_t> &shape,
                         int64_t levelStride) {
  bindFieldImpl(*state_, name, data, shape, ElementType::F64,
                levelStrides(*state_, name, shape, levelStride));
}
void Operator::bindField(const std::string &name, float *data, const FieldLayout &layout) {
  bindFieldImpl(*state_, name, data, layout.shape, ElementType::F32, layout.strides);
}
void Operator::bindField(const std::string &name, double *data, const FieldLayout &layout) {
  bindFieldImpl(*state_, name, data, layout.shape, ElementType::F64, layout.strides);
}

void adviseHugePages(void *data, size_t bytes) {
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  constexpr uintptr_t kPage = 4096;
  constexpr size_t kHugePage = size_t(2) << 20;
  if (!data || bytes < kHugePage)
    return;
  // Only pages wholly inside the array: the advice applies to whole pages.
  const uintptr_t begin = (reinterpret_cast<uintptr_t>(data) + kPage - 1) & ~(kPage - 1);
  const uintptr_t end = (reinterpret_cast<uintptr_t>(data) + bytes) & ~(kPage - 1);
  // Advice only: where the system refuses (THP disabled, EINVAL), pages stay 4 KiB.
  if (end > begin)
    (void)madvise(reinterpret_cast<void *>(begin), end - begin, MADV_HUGEPAGE);
#else
  (void)data;
  (void)bytes;
#endif
}

int64_t paddedLevelStride(int64_t levels, int64_t levelSize, int64_t elementBytes) {
  return compiler::paddedLevelStride(levels, levelSize, elementBytes);
}

void Operator::bindPoints(const std::string &name, float *amplitudes, int64_t steps, int64_t points,
                          const int64_t *support, int64_t entries, const float *weights) {
  bindPointsImpl(*state_, name, amplitudes, steps, points, support, entries, weights,
                 ElementType::F32);
}
void Operator::bindPoints(const std::string &name, double *amplitudes, int64_t steps,
                          int64_t points, const int64_t *support, int64_t entries,
                          const double *weights) {
  bindPointsImpl(*state_, name, amplitudes, steps, points, support, entries, weights,
                 ElementType::F64);
}

void Operator::setScalar(const std::string &name, double value) {
  Binding &binding = state_->find(name, {KernelArgument::Kind::Scalar}, "scalar");
  if (signature().element == ElementType::F32) {
    float narrow = static_cast<float>(value);
    std::memcpy(&binding.scalar, &narrow, sizeof(narrow));
  } else {
    std::memcpy(&binding.scalar, &value, sizeof(value));
  }
  binding.bound = true;
  state_->workspaceValid = false;
}

namespace {

/// The padded extents every field shares, or an Error naming the first mismatch.
std::vector<int64_t> commonGridExtents(const std::vector<Binding> &bindings, int dims) {
  std::vector<int64_t> extents;
  std::string first;
  for (const Binding &binding : bindings) {
    auto kind = binding.argument->kind;
    if (kind != KernelArgument::Kind::Input && kind != KernelArgument::Kind::State)
      continue;
    std::vector<int64_t> grid(binding.shape.end() - dims, binding.shape.end());
    if (extents.empty()) {
      extents = grid;
      first = binding.argument->name;
    } else if (grid != extents) {
      throw Error("fields '" + first + "' " + shapeText(extents) + " and '" +
                  binding.argument->name + "' " + shapeText(grid) +
                  " must have the same padded grid extents");
    }
  }
  return extents;
}

void checkSupport(const Binding &binding, const std::vector<int64_t> &extents,
                  const std::vector<int64_t> &halo) {
  const int64_t points = binding.shape[1];
  const size_t dims = extents.size();
  for (int64_t p = 0; p < points; ++p)
    for (int64_t e = 0; e < binding.entries; ++e)
      for (size_t axis = 0; axis < dims; ++axis) {
        int64_t index = binding.support[(p * binding.entries + e) * dims + axis];
        if (index < halo[axis] || index >= extents[axis] - halo[axis])
          throw Error("point " + std::to_string(p) + " of '" + binding.argument->name +
                      "' has support index " + std::to_string(index) + " along axis " +
                      std::to_string(axis) + ", outside the interior [" +
                      std::to_string(halo[axis]) + ", " +
                      std::to_string(extents[axis] - halo[axis]) + ")");
      }
}

} // namespace

namespace {
/// Room for placing a workspace anywhere modulo 4 KiB, on a cache line.
constexpr size_t kSlack = 4096 + 64;

/// The cache-line address in [storage, storage + kSlack) whose offset modulo 4 KiB is
/// farthest from where the bound states' time levels start. Sweeps load workspace
/// coefficients around the point they store states at; had the two the same address modulo
/// 4 KiB (as every large allocation does: pages from mmap), the loads would stall on the
/// stores (4K aliasing, see paddedLevelStride).
void *awayFromStates(const Operator::State &state, double *storage, uint64_t phase) {
  constexpr uint64_t kPage = 4096, kLine = 64;
  std::vector<uint64_t> starts;
  for (const Binding &binding : state.bindings) {
    if (binding.argument->kind != KernelArgument::Kind::State || !binding.bound)
      continue;
    const std::vector<uint64_t> &words = binding.buffers[0].words;
    const size_t rank = binding.shape.size();
    const uint64_t levelBytes =
        words[3 + rank] * compiler::elementBytes(state.kernel->signature().element);
    for (int64_t level = 0; level < binding.shape[0]; ++level)
      starts.push_back((words[1] + level * levelBytes) % kPage);
  }
  auto base = reinterpret_cast<uint64_t>(storage);
  uint64_t first = base + (phase + kLine - base % kLine) % kLine, best = first, bestDistance = 0;
  for (uint64_t address = first; address + kLine <= base + kSlack && address < first + kPage;
       address += kLine) {
    uint64_t distance = kPage;
    for (uint64_t start : starts) {
      uint64_t apart = (address % kPage + kPage - start) % kPage;
      distance = std::min({distance, apart, kPage - apart});
    }
    if (distance > bestDistance) {
      best = address;
      bestDistance = distance;
    }
  }
  return reinterpret_cast<void *>(best);
}

/// The first bound input: workspace fields take its layout, so that the kernel loads their
/// rows as it loads the input's (aligned alike, one address computation).
const Binding *firstInput(const Operator::State &state) {
  for (const Binding &binding : state.bindings)
    if (binding.argument->kind == KernelArgument::Kind::Input && binding.bound)
      return &binding;
  return nullptr;
}

/// Sizes the workspace fields for `extents` (reallocating, and so invalidating, when they
/// change) and binds them, laid out as the first input is, placed away from the states
/// modulo 4 KiB.
void prepareWorkspace(Operator::State &state, const std::vector<int64_t> &extents) {
  const size_t elementBytes = compiler::elementBytes(state.kernel->signature().element);
  const Binding *input = firstInput(state);
  // A kernel with fixed strides has them compiled in for its workspace too (and has refused
  // inputs laid out otherwise).
  const FieldLayout layout =
      input && input->shape == extents
          ? FieldLayout{extents, input->strides}
          : compiledLayout(state.kernel->signature(), 0).value_or(FieldLayout::contiguous(extents));
  // Element 0 at the input's address modulo a cache line: rows aligned as the input's are.
  const uint64_t phase = input ? input->buffers[0].words[1] % 64 : 0;
  for (Binding &binding : state.bindings) {
    if (binding.argument->kind != KernelArgument::Kind::Workspace)
      continue;
    if (binding.bound && binding.shape == extents && binding.strides == layout.strides) {
      // States bound elsewhere since: move the workspace to its new best place (it has to be
      // recomputed there).
      void *place = awayFromStates(state, binding.storage.data(), phase);
      if (reinterpret_cast<uint64_t>(place) != binding.buffers[0].words[1]) {
        binding.buffers[0].set(place, extents, layout.strides);
        state.workspaceValid = false;
      }
      continue;
    }
    binding.storage.assign((layout.span() * elementBytes + kSlack + 7) / 8, 0.0);
    binding.shape = extents;
    binding.strides = layout.strides;
    binding.buffers.assign(1, Descriptor());
    binding.buffers[0].set(awayFromStates(state, binding.storage.data(), phase), extents,
                           layout.strides);
    binding.bound = true;
    state.workspaceValid = false;
  }
}
} // namespace

namespace {
template <typename Bits>
std::vector<int64_t> zeroBoxOf(const void *data, const std::vector<int64_t> &extents,
                               const std::vector<int64_t> &strides) {
  const size_t dims = extents.size();
  const auto *bytes = static_cast<const unsigned char *>(data);
  auto isZero = [&](int64_t index) {
    Bits bits;
    std::memcpy(&bits, bytes + index * sizeof(Bits), sizeof(Bits));
    return bits == 0;
  };
  std::vector<int64_t> box(2 * dims, 0);
  if (dims == 0 || std::any_of(extents.begin(), extents.end(), [](int64_t e) { return e < 1; }))
    return box;
  // Rows run along the contiguous (last) axis; `outer` indexes the others.
  const int64_t rowLength = extents.back();
  auto rowStart = [&](const std::vector<int64_t> &outer) {
    int64_t offset = 0;
    for (size_t axis = 0; axis + 1 < dims; ++axis)
      offset += outer[axis] * strides[axis];
    return offset;
  };
  std::vector<int64_t> centre(dims);
  for (size_t axis = 0; axis < dims; ++axis)
    centre[axis] = extents[axis] / 2;
  const int64_t centreRow = rowStart(centre);
  if (!isZero(centreRow + centre.back()))
    return box;
  int64_t begin = centre.back(), end = centre.back() + 1;
  while (begin > 0 && isZero(centreRow + begin - 1))
    --begin;
  while (end < rowLength && isZero(centreRow + end))
    ++end;
  auto rowIsZero = [&](const std::vector<int64_t> &outer) {
    const int64_t start = rowStart(outer);
    for (int64_t i = begin; i < end; ++i)
      if (!isZero(start + i))
        return false;
    return true;
  };
  // Grow along the other axes, one plane at a time, while the new plane's rows are zero
  // over [begin, end). A plane that fails once fails for good (the box only widens).
  std::vector<int64_t> lower(centre.begin(), centre.end() - 1), upper(lower);
  for (int64_t &u : upper)
    ++u;
  auto planeIsZero = [&](size_t fixed, int64_t index) {
    std::vector<int64_t> outer = lower;
    outer[fixed] = index;
    while (true) {
      if (!rowIsZero(outer))
        return false;
      size_t axis = 0;
      for (; axis < outer.size(); ++axis) {
        if (axis == fixed)
          continue;
        if (++outer[axis] < upper[axis])
          break;
        outer[axis] = lower[axis];
      }
      if (axis == outer.size())
        return true;
    }
  };
  std::vector<bool> lowerBlocked(lower.size()), upperBlocked(lower.size());
  for (bool grew = true; grew;) {
    grew = false;
    for (size_t axis = 0; axis < lower.size(); ++axis) {
      if (!lowerBlocked[axis]) {
        lowerBlocked[axis] = lower[axis] == 0 || !planeIsZero(axis, lower[axis] - 1);
        lower[axis] -= lowerBlocked[axis] ? 0 : 1;
        grew = grew || !lowerBlocked[axis];
      }
      if (!upperBlocked[axis]) {
        upperBlocked[axis] = upper[axis] == extents[axis] || !planeIsZero(axis, upper[axis]);
        upper[axis] += upperBlocked[axis] ? 0 : 1;
        grew = grew || !upperBlocked[axis];
      }
    }
  }
  for (size_t axis = 0; axis + 1 < dims; ++axis) {
    box[axis] = lower[axis];
    box[dims + axis] = upper[axis];
  }
  box[dims - 1] = begin;
  box[2 * dims - 1] = end;
  return box;
}

/// Sets a ZeroBox binding from the current contents of its input.
void findZeroBox(Operator::State &state, Binding &binding) {
  const std::string input = compiler::zeroBoxInput(*binding.argument);
  Binding &field = state.find(input, {KernelArgument::Kind::Input}, "input");
  const auto *data = reinterpret_cast<const void *>(field.buffers[0].words[1]);
  binding.box = state.kernel->signature().element == ElementType::F32
                    ? zeroBoxOf<uint32_t>(data, field.shape, field.strides)
                    : zeroBoxOf<uint64_t>(data, field.shape, field.strides);
  const int64_t dims = static_cast<int64_t>(field.shape.size());
  binding.buffers.assign(1, Descriptor());
  binding.buffers[0].set(binding.box.data(), {2, dims});
}
} // namespace

std::vector<int64_t> zeroBox(const float *data, const std::vector<int64_t> &extents) {
  return zeroBoxOf<uint32_t>(data, extents, FieldLayout::contiguous(extents).strides);
}
std::vector<int64_t> zeroBox(const double *data, const std::vector<int64_t> &extents) {
  return zeroBoxOf<uint64_t>(data, extents, FieldLayout::contiguous(extents).strides);
}

void Operator::apply(int64_t timeBegin, int64_t timeEnd, bool inputsUnchanged) {
  const KernelSignature &sig = signature();
  if (timeBegin < 0 || timeEnd < timeBegin)
    throw Error("time steps must satisfy 0 <= begin <= end, got " + std::to_string(timeBegin) +
                " .. " + std::to_string(timeEnd));
  for (Binding &binding : state_->bindings) {
    auto kind = binding.argument->kind;
    if (kind == KernelArgument::Kind::TimeBegin || kind == KernelArgument::Kind::TimeEnd ||
        kind == KernelArgument::Kind::Workspace || kind == KernelArgument::Kind::Recompute ||
        kind == KernelArgument::Kind::ZeroBox)
      continue;
    if (!binding.bound)
      throw Error("'" + binding.argument->name + "' of model '" + sig.name +
                  "' is not bound; bind every field, source, receiver and scalar before apply()");
  }
  std::vector<int64_t> extents = commonGridExtents(state_->bindings, sig.dims);
  prepareWorkspace(*state_, extents);
  const int64_t recompute = inputsUnchanged && state_->workspaceValid ? 0 : 1;
  // The packed entry takes packed[i] = the address of argument i's value. A memref's value is
  // its descriptor's address, kept in `descriptors` (reserved up front, so never moved).
  std::vector<void *> descriptors, packed;
  descriptors.reserve(3 * state_->bindings.size());
  for (Binding &binding : state_->bindings) {
    switch (binding.argument->kind) {
    case KernelArgument::Kind::Points:
      if (binding.shape[1] > 0 && binding.shape[0] < timeEnd)
        throw Error("'" + binding.argument->name + "' has amplitudes for " +
                    std::to_string(binding.shape[0]) + " steps; running to step " +
                    std::to_string(timeEnd) + " needs " + std::to_string(timeEnd));
      checkSupport(binding, extents, sig.halo);
      [[fallthrough]];
    case KernelArgument::Kind::Input:
    case KernelArgument::Kind::State:
    case KernelArgument::Kind::Workspace:
      for (Descriptor &buffer : binding.buffers) {
        descriptors.push_back(buffer.words.data());
        packed.push_back(&descriptors.back());
      }
      break;
    case KernelArgument::Kind::TimeBegin:
      std::memcpy(&binding.scalar, &timeBegin, sizeof(timeBegin));
      packed.push_back(&binding.scalar);
      break;
    case KernelArgument::Kind::TimeEnd:
      std::memcpy(&binding.scalar, &timeEnd, sizeof(timeEnd));
      packed.push_back(&binding.scalar);
      break;
    case KernelArgument::Kind::Recompute:
      std::memcpy(&binding.scalar, &recompute, sizeof(recompute));
      packed.push_back(&binding.scalar);
      break;
    case KernelArgument::Kind::ZeroBox:
      // Found in the input's data whenever the workspace would be recomputed: the same
      // promise (inputs unchanged) covers both.
      if (recompute || binding.box.empty())
        findZeroBox(*state_, binding);
      descriptors.push_back(binding.buffers[0].words.data());
      packed.push_back(&descriptors.back());
      break;
    case KernelArgument::Kind::Scalar:
      packed.push_back(&binding.scalar);
      break;
    }
  }
  state_->kernel->entry()(packed.data());
  state_->workspaceValid = true;
}

} // namespace strata
