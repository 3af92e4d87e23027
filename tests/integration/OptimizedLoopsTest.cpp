// The loop optimizations (explicit SIMD, sweep fusion, cache blocking, wavefronts, zero
// boxes, shared row loads) change how a kernel's
// loops are built, never what each point computes: every optimized kernel must produce the
// same bits as the plain lowering. Forward, adjoint, Born and gradient kernels of the
// acoustic model and of two models that are not self-adjoint, 2D and 3D, float32 and float64,
// from random states, inputs and source traces, on grids whose contiguous extent is not a
// multiple of the vector width and whose y extent is not a multiple of the block (so the
// remainder loops and the partial blocks run too), with contiguous arrays and with the
// simulators' padded, aligned rows. The comparison is bitwise (memcmp): no tolerance.
#include "RepositoryModels.h"
#include "strata/Compiler/Backend/Backend.h"
#include "strata/Runtime/Operator.h"
#include "strata/frontend/Model.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <limits>
#include <map>
#include <random>

using namespace strata;

namespace {

struct LoopCase {
  std::string model;
  int dims;
  ElementType element;
  std::string variant; // forward, adjoint, born, gradient; adjoint_scattered, gradient_scattered
};

std::string caseName(const ::testing::TestParamInfo<LoopCase> &info) {
  const LoopCase &c = info.param;
  std::string name = c.model.substr(c.model.find_last_of('/') + 1);
  name = name.substr(0, name.find('.'));
  return name + "_" + std::to_string(c.dims) + "D_" + c.variant +
         (c.element == ElementType::F32 ? "_f32" : "_f64");
}

/// Every buffer of one run, bound to an operator.
template <typename T> struct Buffers {
  std::map<std::string, std::vector<T>> fields, amplitudes, weights;
  std::map<std::string, std::vector<int64_t>> supports;
};

/// How the support entries of each source or receiver lie.
enum class Supports {
  Scattered, // anywhere in the interior: wider along x than a wavefront's minimal skew
  Compact,   // the 2^dims corners of a cell, as for (multi)linear interpolation
};

bool hasZeroBox(const Operator &op, const std::string &input) {
  const auto &arguments = op.signature().arguments;
  return std::any_of(arguments.begin(), arguments.end(), [&](const auto &argument) {
    return argument.kind == compiler::KernelArgument::Kind::ZeroBox &&
           compiler::zeroBoxInput(argument) == input;
  });
}

/// The per-axis indices of element `flat` of a C-order array of `shape`.
std::vector<int64_t> indicesOf(size_t flat, const std::vector<int64_t> &shape) {
  std::vector<int64_t> indices(shape.size());
  for (size_t axis = shape.size(); axis-- > 0;) {
    indices[axis] = static_cast<int64_t>(flat % shape[axis]);
    flat /= shape[axis];
  }
  return indices;
}

/// How a `zero_interior` input (a damping profile) is zero: kernels run the rows that are
/// zero over their whole length with the input read as +0.0, and the others as usual.
enum class ZeroPattern {
  WholeRows,   // zero more than two points inside the faces across, along all of each row
  PartialRows, // zero only more than two points inside every face: no row is wholly zero
};

/// Zeroes a `zero_interior` input as `pattern` says; it stays random (non-zero) elsewhere.
template <typename T>
void zeroInside(std::vector<T> &field, const std::vector<int64_t> &shape,
                const std::vector<int64_t> &halo, ZeroPattern pattern) {
  constexpr int64_t kLayer = 2;
  for (size_t index = 0; index < field.size(); ++index) {
    std::vector<int64_t> at = indicesOf(index, shape);
    bool inside = true;
    for (size_t axis = 0; axis < shape.size(); ++axis) {
      bool contiguous = axis + 1 == shape.size();
      if (!(contiguous && pattern == ZeroPattern::WholeRows))
        inside = inside && at[axis] >= halo[axis] + kLayer &&
                 at[axis] < shape[axis] - halo[axis] - kLayer;
    }
    if (inside)
      field[index] = T(0);
  }
}

/// Binds reproducible random buffers (the same for the same seed, whatever the kernel's
/// lowering) and benign scalars for `steps` steps; `zeroInputs` get a zero inside (see
/// zeroInside). Without `bindFields` the fields' values are made but left to the caller to
/// bind (in another layout).
template <typename T>
Buffers<T> bindRandom(Operator &op, const std::vector<int64_t> &interior, int64_t steps,
                      Supports layout = Supports::Scattered,
                      const std::vector<std::string> &zeroInputs = {},
                      ZeroPattern pattern = ZeroPattern::WholeRows, bool bindFields = true) {
  using Kind = compiler::KernelArgument::Kind;
  Buffers<T> buffers;
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  auto random = [&](size_t size, double low, double high) {
    std::vector<T> values(size);
    for (T &value : values)
      value = static_cast<T>(low + (high - low) * unit(rng));
    return values;
  };
  for (const auto &argument : op.signature().arguments) {
    if (argument.kind == Kind::Input || argument.kind == Kind::State) {
      std::vector<int64_t> shape = op.fieldShape(argument.name, interior);
      size_t size = 1;
      for (int64_t extent : shape)
        size *= static_cast<size_t>(extent);
      // Inputs are positive (m, damping, ...); states of either sign.
      auto &field = buffers.fields[argument.name];
      field = argument.kind == Kind::Input ? random(size, 0.5, 1.5) : random(size, -1.0, 1.0);
      if (std::count(zeroInputs.begin(), zeroInputs.end(), argument.name))
        zeroInside(field, shape, op.halo(), pattern);
      if (bindFields)
        op.bindField(argument.name, field.data(), shape);
    } else if (argument.kind == Kind::Points) {
      const int64_t points = 3, entries = int64_t{1} << interior.size();
      std::vector<int64_t> support;
      for (int64_t p = 0; p < points; ++p) {
        std::vector<int64_t> cell; // the lowest corner, for compact supports
        for (size_t axis = 0; axis < interior.size(); ++axis)
          cell.push_back(op.halo()[axis] +
                         static_cast<int64_t>(unit(rng) * double(interior[axis] - 1)));
        for (int64_t e = 0; e < entries; ++e)
          for (size_t axis = 0; axis < interior.size(); ++axis)
            support.push_back(layout == Supports::Compact
                                  ? cell[axis] + ((e >> axis) & 1)
                                  : op.halo()[axis] +
                                        static_cast<int64_t>(unit(rng) * double(interior[axis])));
      }
      buffers.supports[argument.name] = support;
      buffers.weights[argument.name] = random(points * entries, 0.0, 1.0);
      buffers.amplitudes[argument.name] = random(steps * points, -1.0, 1.0);
      op.bindPoints(argument.name, buffers.amplitudes[argument.name].data(), steps, points,
                    buffers.supports[argument.name].data(), entries,
                    buffers.weights[argument.name].data());
    } else if (argument.kind == Kind::Scalar) {
      op.setScalar(argument.name, argument.name == "dt" ? 0.3 : 1.0 + 0.25 * unit(rng));
    }
  }
  return buffers;
}

template <typename T>
Buffers<T> run(Operator &op, const std::vector<int64_t> &interior, int64_t steps, Supports layout,
               const std::vector<std::string> &zeroInputs = {},
               ZeroPattern pattern = ZeroPattern::WholeRows) {
  Buffers<T> buffers = bindRandom<T>(op, interior, steps, layout, zeroInputs, pattern);
  op.apply(0, steps);
  return buffers;
}

/// As run, with every field then copied into the Operator's fastest layout (padded rows with
/// aligned interiors, padded levels: what the simulators bind) whose padding holds NaN (a
/// kernel that read it into a value would show), bound so, and copied back out after the run.
template <typename T>
Buffers<T> runPadded(Operator &op, const std::vector<int64_t> &interior, int64_t steps,
                     Supports layout, const std::vector<std::string> &zeroInputs,
                     ZeroPattern pattern, bool alignRows = true) {
  Buffers<T> buffers =
      bindRandom<T>(op, interior, steps, layout, zeroInputs, pattern, /*bindFields=*/false);
  std::map<std::string, FieldBuffer<T>> padded;
  for (const auto &[name, values] : buffers.fields) {
    FieldLayout fieldLayout = op.fieldLayout(name, interior, alignRows);
    FieldBuffer<T> &buffer =
        padded.emplace(name, FieldBuffer<T>(fieldLayout, std::numeric_limits<T>::quiet_NaN()))
            .first->second;
    buffer.assign(values);
    if (alignRows) {
      // Rows of whole lines, every row's interior on a line.
      EXPECT_FALSE(fieldLayout.isContiguous()) << name;
      std::vector<int64_t> firstInterior(fieldLayout.shape.size(), 0);
      firstInterior.back() = op.halo().back();
      EXPECT_EQ(reinterpret_cast<uintptr_t>(&buffer.at(firstInterior)) % 64, 0u) << name;
      EXPECT_EQ(fieldLayout.strides[fieldLayout.shape.size() - 2] * sizeof(T) % 64, 0u) << name;
    }
    op.bindField(name, buffer);
  }
  op.apply(0, steps);
  for (auto &[name, values] : buffers.fields)
    values = padded.at(name).dense();
  return buffers;
}

template <typename T>
void expectSameBits(const std::map<std::string, std::vector<T>> &plain,
                    const std::map<std::string, std::vector<T>> &optimized, const char *what) {
  ASSERT_EQ(plain.size(), optimized.size());
  for (const auto &[name, values] : plain) {
    const std::vector<T> &other = optimized.at(name);
    ASSERT_EQ(values.size(), other.size()) << what << " " << name;
    size_t differing = 0;
    for (size_t i = 0; i < values.size(); ++i)
      differing += std::memcmp(&values[i], &other[i], sizeof(T)) != 0;
    EXPECT_EQ(differing, 0u) << what << " '" << name << "': " << differing << " of "
                             << values.size() << " values differ from the plain lowering";
  }
}

class OptimizedLoopsTest : public ::testing::TestWithParam<LoopCase> {};

TEST_P(OptimizedLoopsTest, SameBitsAsPlainLowering) {
  const LoopCase c = GetParam();
  auto model = strata::testing::loadRepositoryModel(c.model, c.dims);
  KernelOptions kernel;
  kernel.element = c.element;
  kernel.useCache = false;
  kernel.adjoint = c.variant.starts_with("adjoint");
  kernel.jacobian = c.variant == "born" ? "m" : "";
  kernel.gradient = c.variant.starts_with("gradient") ? "m" : "";
  kernel.gatherAdjointLevels = !c.variant.ends_with("_scattered");
  kernel.rereadGradientUpdates = !c.variant.ends_with("_recomputed");
  kernel.optimizeLoops = false;
  Operator plain = compile(*model, kernel);
  kernel.optimizeLoops = true;
  kernel.vectorWidth = c.element == ElementType::F32 ? 8 : 4;
  kernel.blockSize = 4;
  kernel.timeTile = 3;         // 3D forward and adjoint kernels: wavefront tiles of 3 steps
  kernel.timeTileMinBytes = 0; // tiled whatever the grid's size
  // Split tiling along y for float32 (the fewest rows a block may have: 2 T times the
  // reach, 24 rows at space order 8), whole planes for float64: both are compared.
  kernel.timeTileRows = c.element == ElementType::F32 ? 1 : 0;
  // Shared row loads for the float64 cases, none for float32: both ways are compared with
  // the plain lowering for every kernel.
  kernel.shareRowLoads = c.element == ElementType::F64 ? 1 : 0;
  // Prefetches change no value; 512 bytes reach past the rows' ends (and the last rows'
  // past the arrays' ends, where a prefetch must not fault).
  kernel.prefetchBytes = c.element == ElementType::F32 ? 64 : 512;
  Operator optimized = compile(*model, kernel);
  // The signature says what the kernel does: wavefronts only where the step has the shape
  // they need (3D, one sweep, injections that read no state); the gradient's injection into
  // dm reads its adjoint state (gathered or scattered), and the staggered model's step is
  // two sweeps.
  bool wavefronts =
      c.dims == 3 && c.model == "stdlib/acoustic.pde" && !c.variant.starts_with("gradient");
  EXPECT_EQ(optimized.signature().timeTile, wavefronts ? 3 : 0);
  EXPECT_EQ(optimized.signature().timeTileRows, wavefronts ? kernel.timeTileRows : 0);
  // Blocks are 3D only, and wavefronts sweep planes instead (tiled whatever the size, the
  // forward, adjoint and Born kernels have no other sweep: the adjoint, stored scaled,
  // precomputes nothing), unless split tiling may fall back to the step-by-step loop on
  // grids with too few rows for it.
  EXPECT_EQ(optimized.signature().blockSize,
            c.dims == 3 && !(wavefronts && kernel.timeTileRows == 0) ? 4 : 0);
  EXPECT_EQ(optimized.signature().vectorWidth, kernel.vectorWidth);
  EXPECT_EQ(optimized.signature().prefetchBytes, kernel.prefetchBytes);
  EXPECT_EQ(plain.signature().prefetchBytes, 0);
  EXPECT_EQ(plain.signature().timeTile, 0);
  EXPECT_EQ(plain.signature().vectorWidth, 0);
  // Inputs declared zero_interior (the acoustic model's damp) are zero inside the grid in
  // every run here, and the optimized kernels skip reading them there.
  std::vector<std::string> zeroInputs;
  for (const frontend::Field &field : model->fields)
    if (field.zeroInterior)
      zeroInputs.push_back(field.name);
  EXPECT_EQ(hasZeroBox(optimized, "damp"), c.model == "stdlib/acoustic.pde");
  EXPECT_FALSE(hasZeroBox(plain, "damp"));

  // Contiguous extents 37 and 21 are not multiples of 8 or 4; y = 11 is not one of 4. With
  // x = 13, scattered receiver supports span more planes than the wavefront's skew (the
  // stencil's reach): their values are captured plane by plane. Compact supports on x = 29
  // lie on two planes. y = 11 is too few rows for split tiling (two blocks of 24 at least),
  // which therefore runs step by step there; y = 77 makes three blocks, the last one of 29
  // rows, and their triangles. 7 steps: two whole tiles and a partial one.
  const int64_t steps = 7;
  // The fields of `op` contiguous, or laid out as the simulators lay them out (`padded`, rows
  // aligned or not), against the plain lowering's.
  auto compare = [&](auto zero, Operator &op, const std::vector<int64_t> &interior, Supports layout,
                     bool padded, bool alignRows, const std::string &what) {
    using T = decltype(zero);
    // Whole zero rows (the zero body runs) for float32, partial ones (it must not) for float64.
    const ZeroPattern pattern =
        c.element == ElementType::F32 ? ZeroPattern::WholeRows : ZeroPattern::PartialRows;
    Buffers<T> a = run<T>(plain, interior, steps, layout, zeroInputs, pattern);
    Buffers<T> b = padded
                       ? runPadded<T>(op, interior, steps, layout, zeroInputs, pattern, alignRows)
                       : run<T>(op, interior, steps, layout, zeroInputs, pattern);
    expectSameBits(a.fields, b.fields, (what + "field").c_str());
    expectSameBits(a.amplitudes, b.amplitudes, (what + "traces of").c_str());
  };
  auto compareAs = [&](Operator &op, const std::vector<int64_t> &interior, Supports layout,
                       bool padded, bool alignRows, const std::string &what) {
    if (c.element == ElementType::F32)
      compare(0.0f, op, interior, layout, padded, alignRows, what);
    else
      compare(0.0, op, interior, layout, padded, alignRows, what);
  };
  for (auto [interior, layout] :
       {std::pair{c.dims == 2 ? std::vector<int64_t>{13, 37} : std::vector<int64_t>{13, 11, 21},
                  Supports::Scattered},
        std::pair{c.dims == 2 ? std::vector<int64_t>{29, 37} : std::vector<int64_t>{29, 11, 21},
                  Supports::Compact},
        std::pair{c.dims == 2 ? std::vector<int64_t>{17, 37} : std::vector<int64_t>{13, 77, 21},
                  Supports::Scattered}}) {
    SCOPED_TRACE(layout == Supports::Compact ? "compact supports" : "scattered supports");
    // Contiguous arrays for compact supports, the simulators' padded layout otherwise.
    compareAs(optimized, interior, layout, layout != Supports::Compact, true, "");
  }

  // Strides compiled in for one grid (KernelOptions::fieldStrides, as the simulators
  // compile): aligned rows for float32, contiguous rows (levels still padded) for float64.
  const std::vector<int64_t> grid =
      c.dims == 2 ? std::vector<int64_t>{17, 37} : std::vector<int64_t>{13, 77, 21};
  const bool alignRows = c.element == ElementType::F32;
  kernel.gridShape = grid;
  kernel.fieldStrides = alignRows ? KernelOptions::FieldStrides::AlignedRows
                                  : KernelOptions::FieldStrides::ContiguousRows;
  Operator fixed = compile(*model, kernel);
  EXPECT_EQ(fixed.signature().fixedGrid, grid);
  EXPECT_EQ(fixed.signature().alignedRows, alignRows);
  compareAs(fixed, grid, Supports::Scattered, true, alignRows, "fixed strides: ");
}

std::vector<LoopCase> cases() {
  std::vector<LoopCase> all;
  for (ElementType element : {ElementType::F32, ElementType::F64})
    for (int dims : {2, 3}) {
      for (const char *variant : {"forward", "adjoint", "born", "gradient"})
        all.push_back({"stdlib/acoustic.pde", dims, element, variant});
      // The adjoint derivations that scatter into levels t and t-1 (gatherAdjointLevels off).
      for (const char *variant : {"adjoint_scattered", "gradient_scattered"})
        all.push_back({"stdlib/acoustic.pde", dims, element, variant});
      // The gradient that recomputes the forward stencil for its imaging condition.
      all.push_back({"stdlib/acoustic.pde", dims, element, "gradient_recomputed"});
      all.push_back({"examples/models/acoustic_staggered.pde", dims, element, "forward"});
      all.push_back({"examples/models/acoustic_staggered.pde", dims, element, "adjoint"});
    }
  all.push_back({"examples/models/advection_diffusion.pde", 2, ElementType::F32, "adjoint"});
  return all;
}

INSTANTIATE_TEST_SUITE_P(Models, OptimizedLoopsTest, ::testing::ValuesIn(cases()), caseName);

// Automatic choices (KernelOptions -1): temporal blocking and prefetches only for grids whose
// fields outgrow the host's last-level cache (a 1024^3 grid's take 20 GiB, more than any
// cache; a 16^3 grid's 80 KiB fit any), cache blocks only where a sweep's planes outgrow a
// core's L2, and none of them without a grid.
TEST(AutomaticLoopOptimizations, OnlyForGridsBeyondTheLastLevelCache) {
  auto model = strata::testing::loadRepositoryModel("stdlib/acoustic.pde", 3, 8);
  KernelOptions kernel;
  kernel.useCache = false;
  auto signatureFor = [&](std::vector<int64_t> grid) {
    kernel.gridShape = std::move(grid);
    return compile(*model, kernel).signature();
  };
  compiler::KernelSignature large = signatureFor({1024, 1024, 1024});
  EXPECT_EQ(large.prefetchBytes, compiler::kDefaultPrefetchBytes);
  EXPECT_EQ(large.timeTile, compiler::kAutomaticTimeTile);
  // A 1024^3 tile keeps 27 planes of 40 rows of 4 KiB in use, 4.3 MiB: more than a core's
  // L2 here, so whole planes (split tiling where it fits, below).
  if (backend::hostLevel2CacheBytes() < (int64_t(4) << 20)) {
    EXPECT_EQ(large.timeTileRows, 0);
  }
  // Cache blocks of a power of two rows, for the step-by-step sweep (and split tiling's
  // fallback; whole-plane wavefronts have none): nine planes of 1024 rows (36 MiB) fit no
  // core's L2.
  kernel.timeTile = 0;
  compiler::KernelSignature blocked = signatureFor({1024, 1024, 1024});
  kernel.timeTile = -1;
  EXPECT_GE(blocked.blockSize, 8);
  EXPECT_EQ(blocked.blockSize & (blocked.blockSize - 1), 0) << blocked.blockSize;
  for (const std::vector<int64_t> &grid : {std::vector<int64_t>{16, 16, 16}, {}}) {
    compiler::KernelSignature small = signatureFor(grid);
    EXPECT_EQ(small.prefetchBytes, 0) << grid.size();
    EXPECT_EQ(small.timeTile, 0) << grid.size();
    EXPECT_EQ(small.blockSize, 0) << grid.size();
    EXPECT_GT(small.vectorWidth, 0) << grid.size();
  }
  // Split tiling where a tile's planes fit a core's L2: on rows of 72 floats (288 bytes),
  // 27 planes of 40 rows take 304 KiB; 2 T r rows at least (48 at space order 16: 51 planes
  // of 64 rows of 192 bytes, 612 KiB).
  kernel.timeTile = 3;
  if (backend::hostLevel2CacheBytes() >= (int64_t(1) << 20)) {
    EXPECT_EQ(signatureFor({64, 512, 64}).timeTileRows, compiler::kDefaultTimeTileRows);
    auto wide = strata::testing::loadRepositoryModel("stdlib/acoustic.pde", 3, 16);
    kernel.gridShape = {64, 512, 32};
    EXPECT_EQ(compile(*wide, kernel).signature().timeTileRows, 48);
  }
  kernel.timeTileRows = 16; // asked for: as given
  EXPECT_EQ(signatureFor({1024, 1024, 1024}).timeTileRows, 16);
}

template <typename T> bool sameBits(const std::vector<T> &a, const std::vector<T> &b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(T)) == 0;
}

// The unscaled adjoint precomputes 1 / (m/dt^2 + damp/(2 dt)), which it reads at every
// neighbour, into a workspace the Operator owns.
// Reusing it across calls (inputsUnchanged) gives the bits of one call; after the inputs
// change, a call that recomputes sees the new inputs, and one that is told they did not
// change keeps the old coefficients: the flag is what decides.
TEST(Workspace, ReusedAcrossCallsAndRecomputedWhenAsked) {
  auto model = strata::testing::loadRepositoryModel("stdlib/acoustic.pde", 2);
  KernelOptions kernel;
  kernel.element = ElementType::F64;
  kernel.useCache = false;
  kernel.adjoint = true;
  kernel.scaleAdjointStates = false; // the scaled adjoint reads the coefficient once a point
  const std::vector<int64_t> interior = {13, 37};
  const int64_t steps = 6;
  Operator whole = compile(*model, kernel);
  Operator split = compile(*model, kernel);
  using Kind = compiler::KernelArgument::Kind;
  ASSERT_TRUE(std::any_of(whole.signature().arguments.begin(), whole.signature().arguments.end(),
                          [](const auto &a) { return a.kind == Kind::Workspace; }))
      << "the adjoint should precompute its coefficient";

  Buffers<double> a = bindRandom<double>(whole, interior, steps);
  whole.apply(0, steps);
  Buffers<double> b = bindRandom<double>(split, interior, steps);
  split.apply(3, steps); // adjoints run backwards: the later steps first
  split.apply(0, 3, /*inputsUnchanged=*/true);
  for (const auto &[name, values] : a.fields)
    EXPECT_TRUE(sameBits(values, b.fields.at(name))) << name;
  EXPECT_TRUE(sameBits(a.amplitudes.at("src"), b.amplitudes.at("src")));

  // Change m in place, then run the same steps from the same start three ways.
  auto rerun = [&](Operator &op, Buffers<double> &buffers, bool inputsUnchanged,
                   const std::vector<double> &start) {
    buffers.fields.at("u") = start; // same address: still bound
    op.apply(0, steps, inputsUnchanged);
    return buffers.fields.at("u");
  };
  Buffers<double> fresh = bindRandom<double>(whole, interior, steps);
  const std::vector<double> start = fresh.fields.at("u");
  for (double &m : fresh.fields.at("m"))
    m *= 1.25;
  std::vector<double> expected = rerun(whole, fresh, false, start); // recomputes
  for (double &m : b.fields.at("m"))
    m *= 1.25;
  std::vector<double> stale = rerun(split, b, true, start);
  std::vector<double> recomputed = rerun(split, b, false, start);
  EXPECT_TRUE(sameBits(recomputed, expected));
  EXPECT_FALSE(sameBits(stale, expected))
      << "told the inputs are unchanged, the kernel should have kept the old coefficients";
  // Rebinding an input makes the next call recompute even when told nothing changed.
  split.bindField("m", b.fields.at("m").data(), split.fieldShape("m", interior));
  EXPECT_TRUE(sameBits(rerun(split, b, true, start), expected));
}

} // namespace

// States may be bound with their time levels padded apart (Operator::bindField with a level
// stride, as the simulator does against 4K aliasing): the kernel follows the descriptor's
// strides, so the padded run gives the bits of the back-to-back one, level by level, for
// the step-by-step and the wavefront loops alike.
TEST(PaddedLevels, SameBitsAsBackToBackLevels) {
  auto model = strata::testing::loadRepositoryModel("stdlib/acoustic.pde", 3);
  for (bool adjoint : {false, true}) {
    KernelOptions kernel;
    kernel.useCache = false;
    kernel.adjoint = adjoint;
    kernel.timeTile = adjoint ? 3 : 0;
    kernel.timeTileMinBytes = 0;
    Operator op = compile(*model, kernel);
    EXPECT_EQ(op.signature().timeTile, adjoint ? 3 : 0); // both loop structures are covered
    const std::vector<int64_t> interior = {29, 11, 21};
    const int64_t steps = 7;
    Buffers<float> plain = run<float>(op, interior, steps, Supports::Compact);

    // The same random values, then u re-bound with 3 levels padded apart.
    Buffers<float> padded = bindRandom<float>(op, interior, steps, Supports::Compact);
    std::vector<int64_t> shape = op.fieldShape("u", interior);
    const int64_t levelSize = shape[1] * shape[2] * shape[3];
    const int64_t stride = paddedLevelStride(shape[0], levelSize, sizeof(float));
    ASSERT_GT(stride, levelSize) << "this grid's levels are 4 KiB-aliased back to back";
    std::vector<float> levels(shape[0] * stride, 0.0f);
    const std::vector<float> &start = padded.fields.at("u");
    for (int64_t level = 0; level < shape[0]; ++level)
      std::copy_n(start.begin() + level * levelSize, levelSize, levels.begin() + level * stride);
    op.bindField("u", levels.data(), shape, stride);
    op.apply(0, steps);
    for (int64_t level = 0; level < shape[0]; ++level) {
      std::vector<float> a(plain.fields.at("u").begin() + level * levelSize,
                           plain.fields.at("u").begin() + (level + 1) * levelSize);
      std::vector<float> b(levels.begin() + level * stride,
                           levels.begin() + level * stride + levelSize);
      EXPECT_TRUE(sameBits(a, b)) << (adjoint ? "adjoint" : "forward") << ", level " << level;
    }
    EXPECT_TRUE(sameBits(plain.amplitudes.at(adjoint ? "src" : "rec"),
                         padded.amplitudes.at(adjoint ? "src" : "rec")));
  }
}

// A level stride keeps every two levels at least a quarter of 4 KiB apart modulo 4 KiB when
// three levels share the page offsets, pads by less than 4 KiB, and is refused where it
// cannot apply.
TEST(PaddedLevels, StrideChoiceAndErrors) {
  const int64_t aliased = 1024 * 256; // 1 MiB of float: every level at the same page offset
  const int64_t stride = paddedLevelStride(3, aliased, 4);
  EXPECT_GT(stride, aliased);
  EXPECT_LT((stride - aliased) * 4, 4096);
  for (int64_t apart : {1, 2}) {
    int64_t offset = (apart * stride * 4) % 4096;
    EXPECT_GE(std::min(offset, 4096 - offset), 1024) << apart;
  }
  EXPECT_EQ(stride % 16, 0) << "whole cache lines";

  auto model = strata::testing::loadRepositoryModel("stdlib/acoustic.pde", 2);
  KernelOptions kernel;
  kernel.useCache = false;
  Operator op = compile(*model, kernel);
  std::vector<int64_t> shape = op.fieldShape("u", {10, 12});
  const int64_t levelSize = shape[1] * shape[2];
  std::vector<float> u(shape[0] * (levelSize + 16));
  EXPECT_THROW(op.bindField("u", u.data(), shape, levelSize - 1), Error);
  std::vector<int64_t> grid(shape.begin() + 1, shape.end());
  EXPECT_THROW(op.bindField("m", u.data(), grid, levelSize), Error);
  EXPECT_NO_THROW(op.bindField("u", u.data(), shape, levelSize + 16));
}

// The simulators' layout: rows of whole 64-byte lines (the pitch rounds the padded row up,
// and is the row itself when that is already whole lines), levels padded apart on top, any
// allocation shifted so that row interiors start on a line; bindField refuses strides that
// are not row-major, overlap, or leave the last axis non-contiguous.
TEST(PaddedRows, LayoutAndErrors) {
  FieldLayout state = paddedFieldLayout({3, 10, 12, 29}, 3, 4, sizeof(float));
  EXPECT_EQ(state.strides[3], 1);
  EXPECT_EQ(state.strides[2], 32);
  EXPECT_EQ(state.strides[1], 12 * 32);
  EXPECT_GE(state.strides[0], 10 * 12 * 32);
  EXPECT_EQ(state.strides[0] % 16, 0);
  EXPECT_EQ(state.span(), size_t(2 * state.strides[0] + 9 * 12 * 32 + 11 * 32 + 29));
  EXPECT_EQ(paddedFieldLayout({10, 12, 32}, 0, 4, sizeof(float)).strides,
            (std::vector<int64_t>{12 * 32, 32, 1}));
  EXPECT_EQ(paddedFieldLayout({10, 29}, 0, 4, sizeof(double)).strides,
            (std::vector<int64_t>{32, 1}));
  FieldLayout unaligned = paddedFieldLayout({10, 12, 29}, 0, 4, sizeof(float), false);
  EXPECT_TRUE(unaligned.isContiguous());
  EXPECT_EQ(unaligned.allocationSize(sizeof(float)), unaligned.span());
  // Wherever the allocation lies (element-aligned), element 0 moves by less than a line.
  alignas(64) float storage[64];
  for (int shift = 0; shift < 16; ++shift) {
    size_t origin = state.originOffset(storage + shift, sizeof(float));
    EXPECT_LT(origin, 16u);
    EXPECT_EQ(reinterpret_cast<uintptr_t>(storage + shift + origin + 4) % 64, 0u) << shift;
  }

  auto model = strata::testing::loadRepositoryModel("stdlib/acoustic.pde", 3);
  KernelOptions kernel;
  kernel.useCache = false;
  Operator op = compile(*model, kernel);
  FieldLayout u = op.fieldLayout("u", {10, 12, 21});
  EXPECT_EQ(u.shape, op.fieldShape("u", {10, 12, 21}));
  EXPECT_EQ(u.strides[2] % 16, 0);
  FieldBuffer<float> buffer(u);
  EXPECT_NO_THROW(op.bindField("u", buffer));
  auto refused = [&](std::vector<int64_t> strides) {
    FieldLayout bad = u;
    bad.strides = std::move(strides);
    EXPECT_THROW(op.bindField("u", buffer.data(), bad), Error);
  };
  refused({u.strides[0], u.strides[1], u.strides[2]});      // one stride short
  refused({u.strides[0], u.strides[1], u.strides[2], 2});   // last axis not contiguous
  refused({u.strides[0], u.strides[1], u.shape[3] - 1, 1}); // rows overlap
  refused({u.strides[1] * u.shape[1] - 1, u.strides[1], u.strides[2], 1}); // levels overlap

  // A kernel with its strides compiled in takes that layout only, and says which.
  kernel.gridShape = {10, 12, 21};
  kernel.fieldStrides = KernelOptions::FieldStrides::AlignedRows;
  Operator fixed = compile(*model, kernel);
  EXPECT_EQ(fixed.fieldLayout("u", {10, 12, 21}).strides, u.strides);
  EXPECT_NO_THROW(fixed.bindField("u", buffer));
  std::vector<float> contiguous(FieldLayout::contiguous(u.shape).span());
  try {
    fixed.bindField("u", contiguous.data(), u.shape);
    ADD_FAILURE() << "a contiguous array was bound to a kernel compiled for padded rows";
  } catch (const Error &error) {
    EXPECT_NE(std::string(error.what()).find("compiled with the strides of grid 10x12x21"),
              std::string::npos)
        << error.what();
  }
  EXPECT_THROW(fixed.fieldLayout("u", {10, 12, 20}), Error);
  EXPECT_THROW(fixed.fieldLayout("u", {10, 12, 21}, /*alignRows=*/false), Error);
  // Fixed strides without the grid they are for cannot be compiled.
  kernel.gridShape.clear();
  EXPECT_THROW(compile(*model, kernel), Error);
}

namespace {
/// Every point of `box` (strata::zeroBox's layout) is +0.0 bit for bit.
bool boxIsZero(const std::vector<float> &data, const std::vector<int64_t> &extents,
               const std::vector<int64_t> &box) {
  const size_t dims = extents.size();
  for (size_t index = 0; index < data.size(); ++index) {
    std::vector<int64_t> at = indicesOf(index, extents);
    bool inside = true;
    for (size_t axis = 0; axis < dims; ++axis)
      inside = inside && at[axis] >= box[axis] && at[axis] < box[dims + axis];
    uint32_t bits;
    std::memcpy(&bits, &data[index], sizeof(bits));
    if (inside && bits != 0)
      return false;
  }
  return true;
}
} // namespace

// The box the Operator finds in a zero_interior input: for a damping profile (non-zero in
// layers along the faces, of different widths per face) exactly the inside; the whole array
// when all zero; empty when the centre is not zero; never a point that is not +0.0 bit for
// bit (-0.0 and scattered non-zeros included).
TEST(ZeroBox, FindsTheInsideOfADampingProfile) {
  const std::vector<int64_t> extents = {12, 9, 20};
  const std::vector<int64_t> lowLayer = {2, 1, 3}, highLayer = {3, 2, 5};
  std::vector<float> damp(12 * 9 * 20);
  for (size_t index = 0; index < damp.size(); ++index) {
    std::vector<int64_t> at = indicesOf(index, extents);
    bool inside = true;
    for (size_t axis = 0; axis < 3; ++axis)
      inside = inside && at[axis] >= lowLayer[axis] && at[axis] < extents[axis] - highLayer[axis];
    damp[index] = inside ? 0.0f : 0.5f;
  }
  EXPECT_EQ(zeroBox(damp.data(), extents), (std::vector<int64_t>{2, 1, 3, 9, 7, 15}));

  std::vector<float> zeros(damp.size(), 0.0f);
  EXPECT_EQ(zeroBox(zeros.data(), extents), (std::vector<int64_t>{0, 0, 0, 12, 9, 20}));
  const std::vector<double> zeros2D(6 * 7, 0.0);
  EXPECT_EQ(zeroBox(zeros2D.data(), {6, 7}), (std::vector<int64_t>{0, 0, 6, 7}));

  std::vector<float> centre = zeros;
  centre[(6 * 9 + 4) * 20 + 10] = -0.0f; // not +0.0: multiplying by it flips signs
  std::vector<int64_t> none = zeroBox(centre.data(), extents);
  for (size_t axis = 0; axis < 3; ++axis)
    EXPECT_EQ(none[axis], none[3 + axis]) << "empty";

  std::mt19937 rng(3);
  for (int trial = 0; trial < 50; ++trial) {
    std::vector<float> sparse = zeros;
    for (int k = 0; k < 1 + trial % 7; ++k)
      sparse[rng() % sparse.size()] = (k % 2) ? -0.0f : 1.0f;
    std::vector<int64_t> box = zeroBox(sparse.data(), extents);
    EXPECT_TRUE(boxIsZero(sparse, extents, box)) << "trial " << trial;
  }
}

// The Operator finds the box again when the input may have changed (apply without
// inputsUnchanged): damp made non-zero everywhere in place still gives the plain kernel's
// bits, wavefronts included.
TEST(ZeroBox, FoundAgainWhenTheInputChanges) {
  auto model = strata::testing::loadRepositoryModel("stdlib/acoustic.pde", 3);
  KernelOptions kernel;
  kernel.useCache = false;
  kernel.optimizeLoops = false;
  Operator plain = compile(*model, kernel);
  kernel.optimizeLoops = true;
  kernel.timeTile = 3;
  kernel.timeTileMinBytes = 0;
  Operator optimized = compile(*model, kernel);
  ASSERT_TRUE(hasZeroBox(optimized, "damp"));
  const std::vector<int64_t> interior = {29, 11, 37};
  const int64_t steps = 5;
  auto twice = [&](Operator &op) {
    Buffers<float> buffers = bindRandom<float>(op, interior, steps, Supports::Compact, {"damp"});
    op.apply(0, steps);
    for (float &d : buffers.fields.at("damp"))
      d = 0.25f;
    op.apply(0, steps);
    return buffers;
  };
  Buffers<float> a = twice(plain), b = twice(optimized);
  expectSameBits(a.fields, b.fields, "field");
  expectSameBits(a.amplitudes, b.amplitudes, "traces of");
}
