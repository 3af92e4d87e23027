//===- StencilToLoops.cpp - stencil programs to scf/memref loop nests -----===//
//
// A program becomes a function over memrefs. Point computations (the bodies of
// apply, inject and interpolate) are cloned into the loops with each access
// replaced by a load at the point's index plus the access offset; scalars and
// arithmetic are cloned as they are.
//
//===----------------------------------------------------------------------===//
#include "strata/Compiler/FieldLayout.h"
#include "strata/Compiler/Passes.h"

#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/IRMapping.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/ScopeExit.h"

namespace strata {
#define GEN_PASS_DEF_STENCILTOLOOPS
#include "strata/Compiler/Passes.h.inc"
} // namespace strata

using namespace mlir;
using namespace strata::stencil;

namespace {

/// What one op of a time step reads and writes, by (field, time level). Reads at a zero
/// spatial offset are told apart: two sweeps may share a loop nest when one reads what the
/// other writes only at the point being computed.
struct Footprint {
  struct Read {
    Value field;
    int64_t level;
    bool local; // at the point being computed (zero offset)
  };
  SmallVector<Read> reads;
  SmallVector<std::pair<Value, int64_t>> writes;

  bool hasWrite(Value field, int64_t level) const {
    return llvm::is_contained(writes, std::make_pair(field, level));
  }
  bool hasRead(Value field, int64_t level, bool onlyNonLocal) const {
    return llvm::any_of(reads, [&](const Read &read) {
      return read.field == field && read.level == level && !(onlyNonLocal && read.local);
    });
  }
  void append(const Footprint &other) {
    reads.append(other.reads);
    writes.append(other.writes);
  }
};

/// A sweep may join a group when, at every point, running the bodies one after the other
/// reads the same values as running the sweeps one after the other: what one writes, the
/// others read only at the same point.
bool canJoin(const Footprint &group, const Footprint &next) {
  for (const auto &read : next.reads)
    if (!read.local && group.hasWrite(read.field, read.level))
      return false;
  for (const auto &[field, level] : next.writes)
    if (group.hasRead(field, level, /*onlyNonLocal=*/true))
      return false;
  return true;
}

/// A group of sweeps may run after `other` (instead of before it) when they are
/// independent: neither writes what the other reads or writes.
bool canMovePast(const Footprint &group, const Footprint &other) {
  for (const auto &[field, level] : other.writes)
    if (group.hasWrite(field, level) || group.hasRead(field, level, /*onlyNonLocal=*/false))
      return false;
  for (const auto &[field, level] : group.writes)
    if (other.hasRead(field, level, /*onlyNonLocal=*/false))
      return false;
  return true;
}

static bool isVectorizable(Region &body);

/// The run-time buffers of a `!stencil.points` argument.
struct PointBuffers {
  Value amplitudes; // steps x points
  Value support;    // points x support x rank (i64 grid indices)
  Value weights;    // points x support
};

class ProgramLowering {
public:
  ProgramLowering(ProgramOp program, const strata::StencilToLoopsOptions &options)
      : program_(program), options_(options), builder_(program), loc_(program.getLoc()),
        rank_(program.getRank()) {}

  LogicalResult run();

private:
  MemRefType memrefFor(FieldType type);
  func::FuncOp createFunction();
  void computeInteriorBounds();
  Value indexConstant(int64_t value) {
    return builder_.create<arith::ConstantIndexOp>(loc_, value);
  }

  void lowerTimeLoop(TimeLoopOp loop);
  /// What a time step lowers to, in order: sweeps (applies sharing one loop nest, when
  /// fuse-sweeps lets them), injections and interpolations. An action is a sweep when
  /// `sweep` is non-empty, else the injection or interpolation `op`.
  struct StepAction {
    SmallVector<ApplyOp> sweep;
    Operation *op = nullptr;
  };
  SmallVector<StepAction> planStep(TimeLoopOp loop) const;
  /// The step index of iteration `k` (begin .. end-1) of a loop from `begin` to `end`: k
  /// itself forward, begin + end - 1 - k for adjoint (reversed) loops.
  Value stepAt(TimeLoopOp loop, Value begin, Value end, Value k);
  /// The time loop one step after the other (no temporal blocking).
  void lowerSteps(TimeLoopOp loop);
  /// Bytes of all fields (every time level), as an index.
  Value fieldBytes();
  void lowerPrecompute(PrecomputeOp precompute);
  /// The buffer of each level a step of `loop` may touch (see TimeLoopOp), at step `step`.
  void computeSlots(TimeLoopOp loop, Value step);
  Value slot(FieldType type, int64_t time) const;

  /// Part of a 3D grid that temporal blocking visits at once: the rows [rowsBegin, rowsEnd)
  /// (along y) of plane x = `plane`, in parallel or not.
  struct PlaneRows {
    Value plane, rowsBegin, rowsEnd;
    bool parallel = false;
  };
  /// Lowers applies that share one loop nest: at each point, their bodies in order. With
  /// `rows`, only the points of those rows.
  void lowerSweep(ArrayRef<ApplyOp> applies, const PlaneRows *rows = nullptr);
  /// An scf.parallel (when `parallel`) or scf.for over [from, to).
  void buildLoop(OpBuilder &builder, Value from, Value to, Value step, bool parallel,
                 function_ref<void(OpBuilder &, Value)> body);
  /// With `rows`, only the support entries that lie there (see forEachEntryOnRows).
  void lowerInject(InjectOp inject, Value step, const PlaneRows *rows = nullptr);
  /// Each receiver's value at `step`: the sum over its support entries, in order, of weight
  /// times the interpolated value, read at the entry's point or, with `captured`, from
  /// captured[k][p][c] (see captureInterpolate).
  void lowerInterpolate(InterpolateOp interpolate, Value step, Value captured = {}, Value k = {});
  /// Temporal blocking: stores the interpolated value of each support entry (p, c) on `rows`
  /// into captured[k][p][c], when that point has just been computed for the tile's k-th step.
  void captureInterpolate(InterpolateOp interpolate, Value captured, Value k,
                          const PlaneRows &rows);
  /// Temporal blocking: the support entries of a points argument sorted by plane (stably,
  /// so entries of one plane keep their order): those of plane x are
  /// order[start[x - x0] .. start[x - x0 + 1]), as p * entries + c; halo planes count as
  /// the nearest interior one. Built once before the time loop, so that each plane visits
  /// its own entries instead of all of them.
  struct PlaneIndex {
    Value start, order;
  };
  PlaneIndex buildPlaneIndex(const PointBuffers &buffers);
  /// Loops over the support entries (p, c) on `rows`, in order: those of the plane (from
  /// the plane index) whose row is among them. Points in the halo count as on the nearest
  /// interior plane and row, so that every entry falls on exactly one.
  void forEachEntryOnRows(const PointBuffers &buffers, const PlaneRows &rows,
                          function_ref<void(OpBuilder &, Value p, Value c)> body);
  /// Whether row `y` (clamped to the interior) is among `rows` (an i1).
  Value inRows(OpBuilder &builder, Value y, const PlaneRows &rows);

  /// Temporal blocking (time-tile): see timeTileable and lowerTimeTiled. A step that can
  /// run in wavefronts: its actions, and what its one sweep reads and writes.
  struct TiledStep {
    SmallVector<StepAction> actions;
    Footprint sweep;
  };
  std::optional<TiledStep> timeTileable(TimeLoopOp loop) const;
  void lowerTimeTiled(TimeLoopOp loop, const TiledStep &step);
  /// The y rows [begin, end) that the tile's k-th step covers in a block of rows.
  using RowsOfStep = function_ref<std::pair<Value, Value>(OpBuilder &, Value k)>;
  /// One tile's wavefronts along x over `count` steps from `first`, each step on the rows
  /// `rowsOf` gives (see lowerTimeTiled).
  void lowerWavefronts(TimeLoopOp loop, const TiledStep &step, Value first, Value count,
                       RowsOfStep rowsOf, bool parallelRows,
                       const llvm::MapVector<Operation *, Value> &captures);
  /// time-tile-rows: the two phases of split tiling along y (see lowerTimeTiled).
  void lowerBlockedWavefronts(TimeLoopOp loop, const TiledStep &step, Value first, Value count,
                              const llvm::MapVector<Operation *, Value> &captures);
  /// time-tile-rows: the fewest rows per block (what the skew along y needs, at least).
  int64_t minTileRows();
  /// The stencil's reach along `axis` (the program's halo there), at least 1: the skew of
  /// temporal blocking along that axis.
  int64_t reachAlong(int64_t axis);
  /// `index` clamped to the interior along `axis`: halo points count as the nearest
  /// interior plane or row.
  Value clampToInterior(OpBuilder &builder, Value index, int64_t axis);

  /// Builds loops over the interior: the outermost parallel (when asked), the innermost
  /// over the contiguous axis; calls `body` with the point's indices and the number of
  /// lanes it covers along the contiguous axis (`width` > 0: vectors of that many points
  /// starting at the point, 0: the single point).
  void buildInteriorLoops(bool vectorize,
                          function_ref<void(OpBuilder &, ValueRange, int64_t width)> body);
  void buildBlockedLoops(bool vectorize,
                         function_ref<void(OpBuilder &, ValueRange, int64_t width)> body);
  void buildContiguousLoop(OpBuilder &builder, bool vectorize, const SmallVector<Value> &outer,
                           function_ref<void(OpBuilder &, ValueRange, int64_t width)> body);
  /// Whether the points [from, to) of the row at `outer` all lie in the zero region of the
  /// sweep being lowered (an i1).
  Value inZeroRegion(OpBuilder &builder, const SmallVector<Value> &outer, Value from, Value to);

  /// skip-zero-inputs: the zero boxes' bounds per input (loaded once at entry), and the
  /// region of the sweep being lowered where its zero inputs may be taken as +0.0.
  struct ZeroRegion {
    SmallVector<Value> fields;
    SmallVector<Value> lower, upper; // per axis, within the interior
  };
  void addZeroBoxArguments(SmallVector<Type> &inputs, SmallVector<std::string> &names);
  void loadZeroBoxes();
  std::optional<ZeroRegion> zeroRegionOf(ArrayRef<ApplyOp> applies);
  /// Clones a point computation at `point`; returns the values its stencil.return yields.
  /// With `width` > 0 the computation runs on vectors of `width` consecutive points along
  /// the contiguous axis; values that do not depend on the point stay scalars.
  SmallVector<Value> emitPointBody(Region &body, OpBuilder &builder, ValueRange point,
                                   int64_t width = 0);
  Operation *cloneOnVectors(Operation &op, OpBuilder &builder, IRMapping &mapping, int64_t width);
  /// Redundant loads along the contiguous axis: accesses of a field's row at offsets within
  /// one vector's span share two vector loads (its first and last offsets); the others are
  /// shuffles of the two (the same values, bitwise).
  struct RowGroup {
    int64_t lo = 0, hi = 0;
    Value low, high;
  };
  struct RowLoads {
    SmallVector<RowGroup> groups;
    DenseMap<Operation *, unsigned> groupOf; // access -> its group
  };
  RowLoads planRowLoads(Region &body);
  Value rowLoad(OpBuilder &builder, RowGroup &group, AccessOp access, ValueRange point,
                int64_t width);
  Value broadcastTo(OpBuilder &builder, Value value, int64_t width);
  /// prefetch: at the start of a (whole) vector of points, software prefetches of the rows
  /// the sweep's bodies read there for the first time along the middle axes, options_.
  /// prefetchBytes ahead along the contiguous axis.
  void emitPrefetches(OpBuilder &builder, ArrayRef<ApplyOp> applies, ValueRange point);
  /// A load at `indices` of one point (`width` 0) or of a vector of `width` points, masked
  /// by mask_ in a row's remainder.
  Value loadAt(OpBuilder &builder, Value buffer, ValueRange indices, int64_t width);
  /// Stores a point's scalar or a vector of points (as loadAt).
  void storeAt(OpBuilder &builder, Value value, Value buffer, ValueRange indices);
  void storeValue(OpBuilder &builder, ApplyOp apply, Value target, Value value, ValueRange point,
                  int64_t width);
  Footprint footprintOf(Operation *op) const;
  SmallVector<Value> fieldIndices(OpBuilder &builder, FieldType type, ArrayRef<int64_t> offset,
                                  int64_t time, ValueRange point);
  /// The grid indices of support entry (p, c) of a points argument.
  SmallVector<Value> supportPoint(OpBuilder &builder, const PointBuffers &buffers, Value p,
                                  Value c);

  ProgramOp program_;
  strata::StencilToLoopsOptions options_;
  /// The optimizations the lowering applied (0: not applied), recorded on the function as
  /// stencil.vector_width, stencil.block, stencil.time_tile and stencil.prefetch for
  /// whoever reports them.
  struct {
    int64_t vectorWidth = 0, blockSize = 0, timeTile = 0, timeTileRows = 0, prefetchBytes = 0;
  } applied_;
  Value mask_; // while emitting the remainder of a row: the lanes that are points
  SmallVector<Value> zeroInputs_;                             // program fields with a zero box
  DenseMap<Value, Value> zeroBoxArgs_;                        // program field -> box memref
  DenseMap<Value, SmallVector<Value>> zeroLower_, zeroUpper_; // program field -> box bounds
  std::optional<ZeroRegion> zeroRegion_;                      // of the sweep being lowered
  DenseSet<Value> zeroFields_; // while emitting a row's zero region: fields read as +0.0
  OpBuilder builder_;
  Location loc_;
  int64_t rank_;
  func::FuncOp func_;
  IRMapping scalars_;                   // program scalars -> function arguments
  DenseMap<Value, Value> fieldBuffers_; // program field -> memref argument
  DenseMap<Value, PointBuffers> pointBuffers_;
  DenseMap<Value, PlaneIndex> planeIndices_;            // support memref -> its entries by plane
  SmallVector<Value> lower_, upper_;                    // interior bounds per axis
  DenseMap<std::pair<unsigned, int64_t>, Value> slots_; // (levels, time) -> buffer index
};

MemRefType ProgramLowering::memrefFor(FieldType type) {
  SmallVector<int64_t> shape;
  if (type.isTimeDependent())
    shape.push_back(type.getLevels());
  shape.append(type.getRank(), ShapedType::kDynamic);
  // Every stride but the contiguous axis's comes from the descriptor: callers pad rows (so
  // that each row's interior starts on a cache line: vector loads and stores that do not
  // straddle two lines) and a state's time levels (so that the levels a sweep stores to and
  // loads from do not alias modulo 4 KiB). See docs/abi.md.
  SmallVector<int64_t> strides(shape.size(), ShapedType::kDynamic);
  strides.back() = 1;
  if (!options_.gridShape.empty()) {
    // Fixed strides: the runtime's layout of the padded grid, as constants.
    ArrayRef<int64_t> halo = program_.getHalo().value_or(ArrayRef<int64_t>{});
    std::vector<int64_t> padded;
    if (type.isTimeDependent())
      padded.push_back(type.getLevels());
    for (auto [extent, width] : llvm::zip_equal(options_.gridShape, halo))
      padded.push_back(extent + 2 * width);
    const int64_t elementBytes = type.getElementType().getIntOrFloatBitWidth() / 8;
    std::vector<int64_t> fixed = strata::compiler::paddedStrides(
        padded, type.isTimeDependent() ? type.getLevels() : 0, elementBytes, options_.alignRows);
    strides.assign(fixed.begin(), fixed.end());
  }
  return MemRefType::get(shape, type.getElementType(),
                         StridedLayoutAttr::get(type.getContext(), /*offset=*/0, strides));
}

func::FuncOp ProgramLowering::createFunction() {
  MLIRContext *context = program_.getContext();
  SmallVector<Type> inputs;
  SmallVector<std::string> names;
  for (BlockArgument arg : program_.getArguments()) {
    std::string name = program_.getArgName(arg.getArgNumber()).str();
    if (auto field = dyn_cast<FieldType>(arg.getType())) {
      inputs.push_back(memrefFor(field));
      names.push_back(name);
    } else if (auto points = dyn_cast<PointsType>(arg.getType())) {
      Type element = points.getElementType();
      int64_t dyn = ShapedType::kDynamic;
      inputs.push_back(MemRefType::get({dyn, dyn}, element));
      inputs.push_back(
          MemRefType::get({dyn, dyn, int64_t(points.getRank())}, IntegerType::get(context, 64)));
      inputs.push_back(MemRefType::get({dyn, dyn}, element));
      names.push_back(name + ".amplitudes");
      names.push_back(name + ".support");
      names.push_back(name + ".weights");
    } else {
      inputs.push_back(arg.getType());
      names.push_back(name);
    }
  }
  const size_t programInputs = inputs.size();
  addZeroBoxArguments(inputs, names);
  builder_.setInsertionPoint(program_);
  auto func = builder_.create<func::FuncOp>(loc_, program_.getSymName(),
                                            FunctionType::get(context, inputs, {}));
  func->setAttr("llvm.emit_c_interface", UnitAttr::get(context));
  if (auto halo = program_.getHaloAttr())
    func->setAttr("stencil.halo", halo);
  for (auto [index, name] : llvm::enumerate(names))
    func.setArgAttr(index, "stencil.name", builder_.getStringAttr(name));
  for (size_t index = programInputs; index < inputs.size(); ++index)
    func.setArgAttr(index, "stencil.zero_box", UnitAttr::get(context));
  Block *entry = func.addEntryBlock();

  unsigned next = 0;
  for (BlockArgument arg : program_.getArguments()) {
    if (isa<FieldType>(arg.getType())) {
      fieldBuffers_[arg] = entry->getArgument(next++);
    } else if (isa<PointsType>(arg.getType())) {
      pointBuffers_[arg] = {entry->getArgument(next), entry->getArgument(next + 1),
                            entry->getArgument(next + 2)};
      next += 3;
    } else {
      scalars_.map(arg, entry->getArgument(next++));
    }
  }
  for (Value field : zeroInputs_)
    zeroBoxArgs_[field] = entry->getArgument(next++);
  return func;
}

// Inputs the model declares zero in an interior box (stencil.zero_interior) and some sweep
// reads get a box argument: the caller (the runtime's Operator) finds the box in the data.
void ProgramLowering::addZeroBoxArguments(SmallVector<Type> &inputs,
                                          SmallVector<std::string> &names) {
  if (!options_.skipZeroInputs)
    return;
  DenseSet<Value> swept;
  program_.walk([&](ApplyOp apply) {
    apply.getBody().walk([&](AccessOp access) { swept.insert(access.getField()); });
  });
  Type box = MemRefType::get({2, rank_}, IntegerType::get(program_.getContext(), 64));
  for (BlockArgument arg : program_.getArguments()) {
    auto field = dyn_cast<FieldType>(arg.getType());
    if (!field || field.isTimeDependent() || !swept.contains(arg) ||
        !program_.getArgAttr(arg.getArgNumber(), "stencil.zero_interior"))
      continue;
    zeroInputs_.push_back(arg);
    inputs.push_back(box);
    names.push_back(program_.getArgName(arg.getArgNumber()).str() + ".zero_box");
  }
}

void ProgramLowering::loadZeroBoxes() {
  for (Value field : zeroInputs_) {
    Value box = zeroBoxArgs_.lookup(field);
    for (int64_t axis = 0; axis < rank_; ++axis)
      for (int64_t side = 0; side < 2; ++side) {
        Value bound = builder_.create<memref::LoadOp>(
            loc_, box, ValueRange{indexConstant(side), indexConstant(axis)});
        bound = builder_.create<arith::IndexCastOp>(loc_, builder_.getIndexType(), bound);
        (side == 0 ? zeroLower_ : zeroUpper_)[field].push_back(bound);
      }
  }
}

// Where a sweep may read its zero inputs as +0.0: the intersection of their boxes, each
// shrunk by how far the sweep reads it from the point, and of the interior.
std::optional<ProgramLowering::ZeroRegion>
ProgramLowering::zeroRegionOf(ArrayRef<ApplyOp> applies) {
  DenseMap<Value, SmallVector<int64_t>> reach;
  for (ApplyOp apply : applies)
    apply.getBody().walk([&](AccessOp access) {
      if (!zeroBoxArgs_.count(access.getField()))
        return;
      auto [it, added] = reach.try_emplace(access.getField(), SmallVector<int64_t>(rank_, 0));
      for (auto [axis, offset] : llvm::enumerate(access.getOffset()))
        it->second[axis] = std::max(it->second[axis], std::abs(offset));
    });
  if (reach.empty())
    return std::nullopt;
  ZeroRegion region{{}, lower_, upper_};
  for (Value field : zeroInputs_) {
    auto it = reach.find(field);
    if (it == reach.end())
      continue;
    region.fields.push_back(field);
    for (int64_t axis = 0; axis < rank_; ++axis) {
      Value shift = indexConstant(it->second[axis]);
      region.lower[axis] = builder_.create<arith::MaxSIOp>(
          loc_, region.lower[axis],
          builder_.create<arith::AddIOp>(loc_, zeroLower_[field][axis], shift));
      region.upper[axis] = builder_.create<arith::MinSIOp>(
          loc_, region.upper[axis],
          builder_.create<arith::SubIOp>(loc_, zeroUpper_[field][axis], shift));
    }
  }
  return region;
}

void ProgramLowering::computeInteriorBounds() {
  // Every field shares the program's padded shape: take the extents from the first one.
  ArrayRef<int64_t> halo = program_.getHalo().value_or(ArrayRef<int64_t>{});
  Value reference;
  bool timeDependent = false;
  for (BlockArgument arg : program_.getArguments())
    if (auto type = dyn_cast<FieldType>(arg.getType())) {
      reference = fieldBuffers_[arg];
      timeDependent = type.isTimeDependent();
      break;
    }
  for (int64_t axis = 0; axis < rank_; ++axis) {
    int64_t width = axis < static_cast<int64_t>(halo.size()) ? halo[axis] : 0;
    Value extent = builder_.create<memref::DimOp>(loc_, reference, axis + (timeDependent ? 1 : 0));
    lower_.push_back(indexConstant(width));
    upper_.push_back(builder_.create<arith::SubIOp>(loc_, extent, indexConstant(width)));
  }
}

LogicalResult ProgramLowering::run() {
  bool hasField =
      llvm::any_of(program_.getArgumentTypes(), [](Type type) { return isa<FieldType>(type); });
  if (!hasField)
    return program_.emitOpError("has no field to take the grid extents from");
  if (!options_.gridShape.empty() &&
      (options_.gridShape.size() != static_cast<size_t>(rank_) || !program_.getHalo() ||
       llvm::any_of(options_.gridShape, [](int64_t extent) { return extent < 1; })))
    return program_.emitOpError("grid-shape needs one positive extent per axis (")
           << rank_ << ") and a halo, got " << options_.gridShape.size() << " extents";
  func_ = createFunction();
  builder_.setInsertionPointToStart(&func_.getBody().front());
  computeInteriorBounds();
  loadZeroBoxes();
  for (Operation &op : llvm::make_early_inc_range(program_.getBody().front())) {
    if (auto precompute = dyn_cast<PrecomputeOp>(op)) {
      lowerPrecompute(precompute);
      continue;
    }
    auto loop = dyn_cast<TimeLoopOp>(op);
    if (!loop)
      return op.emitOpError("is not expected at the top level of a stencil.program");
    lowerTimeLoop(loop);
  }
  builder_.create<func::ReturnOp>(loc_);
  for (auto [name, value] : {std::pair{"stencil.vector_width", applied_.vectorWidth},
                             std::pair{"stencil.block", applied_.blockSize},
                             std::pair{"stencil.time_tile", applied_.timeTile},
                             std::pair{"stencil.time_tile_rows", applied_.timeTileRows},
                             std::pair{"stencil.prefetch", applied_.prefetchBytes}})
    if (value > 0)
      func_->setAttr(name, builder_.getI64IntegerAttr(value));
  if (!options_.gridShape.empty()) {
    func_->setAttr("stencil.grid", builder_.getDenseI64ArrayAttr(options_.gridShape));
    if (options_.alignRows)
      func_->setAttr("stencil.aligned_rows", builder_.getUnitAttr());
  }
  program_.erase();
  return success();
}

// A precompute fills its targets at every point of the padded grid, when asked to.
void ProgramLowering::lowerPrecompute(PrecomputeOp precompute) {
  Value flag = scalars_.lookup(precompute.getRecompute());
  Value asked =
      builder_.create<arith::CmpIOp>(loc_, arith::CmpIPredicate::ne, flag, indexConstant(0));
  auto ifOp = builder_.create<scf::IfOp>(loc_, asked, /*withElseRegion=*/false);
  OpBuilder::InsertionGuard guard(builder_);
  builder_.setInsertionPoint(ifOp.thenBlock()->getTerminator());
  SmallVector<Value> interiorLower = lower_, interiorUpper = upper_;
  Value reference = fieldBuffers_.lookup(precompute.getTargets().front());
  for (int64_t axis = 0; axis < rank_; ++axis) {
    lower_[axis] = indexConstant(0);
    upper_[axis] = builder_.create<memref::DimOp>(loc_, reference, axis);
  }
  bool vectorize = options_.vectorWidth > 0 && isVectorizable(precompute.getBody());
  buildInteriorLoops(vectorize, [&](OpBuilder &builder, ValueRange point, int64_t width) {
    SmallVector<Value> values = emitPointBody(precompute.getBody(), builder, point, width);
    for (auto [target, value] : llvm::zip(precompute.getTargets(), values)) {
      if (width > 0)
        value = broadcastTo(builder, value, width);
      storeAt(builder, value, fieldBuffers_.lookup(target), point);
    }
  });
  lower_ = interiorLower;
  upper_ = interiorUpper;
}

void ProgramLowering::lowerTimeLoop(TimeLoopOp loop) {
  std::optional<TiledStep> tiled = timeTileable(loop);
  if (!tiled) {
    lowerSteps(loop);
    return;
  }
  applied_.timeTile = options_.timeTile;
  applied_.timeTileRows = options_.timeTileRows;
  if (options_.timeTileMinBytes <= 0 && options_.timeTileRows <= 0) {
    lowerTimeTiled(loop, *tiled);
    return;
  }
  // Wavefronts pay when the fields do not fit in cache anyway; on small grids the sweeps
  // already run from cache and the per-plane thread start-ups would dominate.
  Value tiles = builder_.create<arith::ConstantIntOp>(loc_, 1, 1);
  if (options_.timeTileMinBytes > 0)
    tiles = builder_.create<arith::CmpIOp>(loc_, arith::CmpIPredicate::sge, fieldBytes(),
                                           indexConstant(options_.timeTileMinBytes));
  // Split tiling along y needs two blocks at least, one per thread and phase.
  if (options_.timeTileRows > 0)
    tiles = builder_.create<arith::AndIOp>(
        loc_, tiles,
        builder_.create<arith::CmpIOp>(loc_, arith::CmpIPredicate::sge,
                                       builder_.create<arith::SubIOp>(loc_, upper_[1], lower_[1]),
                                       indexConstant(2 * minTileRows())));
  auto choice = builder_.create<scf::IfOp>(loc_, tiles, /*withElseRegion=*/true);
  OpBuilder::InsertionGuard guard(builder_);
  builder_.setInsertionPoint(choice.thenBlock()->getTerminator());
  lowerTimeTiled(loop, *tiled);
  builder_.setInsertionPoint(choice.elseBlock()->getTerminator());
  lowerSteps(loop);
}

Value ProgramLowering::fieldBytes() {
  int64_t arrays = 0;
  Value reference;
  for (BlockArgument arg : program_.getArguments())
    if (auto type = dyn_cast<FieldType>(arg.getType())) {
      int64_t bytes = type.getElementType().getIntOrFloatBitWidth() / 8;
      arrays += (type.isTimeDependent() ? type.getLevels() : 1) * bytes;
      if (!reference || type.isTimeDependent())
        reference = fieldBuffers_.lookup(arg);
    }
  Value total = indexConstant(arrays);
  auto memref = cast<MemRefType>(reference.getType());
  for (int64_t axis = memref.getRank() - rank_; axis < memref.getRank(); ++axis)
    total = builder_.create<arith::MulIOp>(loc_, total,
                                           builder_.create<memref::DimOp>(loc_, reference, axis));
  return total;
}

Value ProgramLowering::stepAt(TimeLoopOp loop, Value begin, Value end, Value k) {
  if (!loop.getReverse())
    return k;
  // Adjoint loops run t = end-1 down to begin.
  Value last = builder_.create<arith::SubIOp>(
      loc_, builder_.create<arith::AddIOp>(loc_, begin, end), indexConstant(1));
  return builder_.create<arith::SubIOp>(loc_, last, k);
}

// With fuse-sweeps, consecutive applies share one loop nest when no apply reads, away from
// the point being computed, what another one of the group writes. A pending group is moved
// past injections and interpolations it is independent of, so that the sweeps an adjoint
// makes around its point sources still meet.
SmallVector<ProgramLowering::StepAction> ProgramLowering::planStep(TimeLoopOp loop) const {
  SmallVector<StepAction> actions;
  SmallVector<ApplyOp> group;
  Footprint groupFootprint;
  auto flush = [&]() {
    if (!group.empty())
      actions.push_back({group, nullptr});
    group.clear();
    groupFootprint = Footprint();
  };
  for (Operation &op : loop.getBody().front().without_terminator()) {
    Footprint footprint = footprintOf(&op);
    if (auto apply = dyn_cast<ApplyOp>(op)) {
      if (group.empty() || !options_.fuseSweeps || !canJoin(groupFootprint, footprint))
        flush();
      group.push_back(apply);
      groupFootprint.append(footprint);
      continue;
    }
    if (!group.empty() && !(options_.fuseSweeps && canMovePast(groupFootprint, footprint)))
      flush();
    if (isa<InjectOp, InterpolateOp>(op))
      actions.push_back({{}, &op});
  }
  flush();
  return actions;
}

void ProgramLowering::lowerSteps(TimeLoopOp loop) {
  Value begin = scalars_.lookup(loop.getBegin());
  Value end = scalars_.lookup(loop.getEnd());
  auto forOp = builder_.create<scf::ForOp>(loc_, begin, end, indexConstant(1));
  OpBuilder::InsertionGuard guard(builder_);
  builder_.setInsertionPointToStart(forOp.getBody());
  Value step = stepAt(loop, begin, end, forOp.getInductionVar());
  computeSlots(loop, step);
  for (const StepAction &action : planStep(loop)) {
    if (!action.sweep.empty())
      lowerSweep(action.sweep);
    else if (auto inject = dyn_cast<InjectOp>(action.op))
      lowerInject(inject, step);
    else
      lowerInterpolate(cast<InterpolateOp>(action.op), step);
  }
}

Footprint ProgramLowering::footprintOf(Operation *op) const {
  Footprint footprint;
  // Injections and interpolations touch the grid at their points' supports: anywhere.
  bool pointwiseOp = isa<ApplyOp>(op);
  op->walk([&](AccessOp access) {
    bool local = pointwiseOp && llvm::all_of(access.getOffset(), [](int64_t o) { return o == 0; });
    footprint.reads.push_back({access.getField(), access.getTimeOffset(), local});
  });
  if (auto apply = dyn_cast<ApplyOp>(op)) {
    for (Value target : apply.getTargets()) {
      footprint.writes.push_back({target, apply.getLevelOffset()});
      if (apply.getAccumulate())
        footprint.reads.push_back({target, apply.getLevelOffset(), /*local=*/true});
    }
  } else if (auto inject = dyn_cast<InjectOp>(op)) {
    footprint.writes.push_back({inject.getTarget(), inject.getLevelOffset()});
    footprint.reads.push_back({inject.getTarget(), inject.getLevelOffset(), /*local=*/false});
  }
  return footprint;
}

void ProgramLowering::computeSlots(TimeLoopOp loop, Value step) {
  slots_.clear();
  for (BlockArgument arg : program_.getArguments()) {
    auto type = dyn_cast<FieldType>(arg.getType());
    if (!type || !type.isTimeDependent())
      continue;
    int64_t levels = type.getLevels();
    auto [lowest, highest] = loop.getLevelRange(levels);
    for (int64_t time = lowest; time <= highest; ++time) {
      auto key = std::make_pair(type.getLevels(), time);
      if (slots_.count(key))
        continue;
      // (t + time + L) mod L: non-negative for every step t >= 0 since time >= 2 - L.
      Value shifted = builder_.create<arith::AddIOp>(loc_, step, indexConstant(time + levels));
      slots_[key] = builder_.create<arith::RemUIOp>(loc_, shifted, indexConstant(levels));
    }
  }
}

Value ProgramLowering::slot(FieldType type, int64_t time) const {
  return slots_.lookup(std::make_pair(type.getLevels(), time));
}

SmallVector<Value> ProgramLowering::fieldIndices(OpBuilder &builder, FieldType type,
                                                 ArrayRef<int64_t> offset, int64_t time,
                                                 ValueRange point) {
  SmallVector<Value> indices;
  if (type.isTimeDependent())
    indices.push_back(slot(type, time));
  for (auto [axis, index] : llvm::enumerate(point)) {
    if (offset[axis] == 0) {
      indices.push_back(index);
      continue;
    }
    Value delta = builder.create<arith::ConstantIndexOp>(loc_, offset[axis]);
    indices.push_back(builder.create<arith::AddIOp>(loc_, index, delta));
  }
  return indices;
}

ProgramLowering::RowLoads ProgramLowering::planRowLoads(Region &body) {
  // Accesses of one field and time level that differ only along the contiguous axis, by
  // less than a vector, form a group; groups of three or more share two loads.
  using Key = std::tuple<Value, int64_t, SmallVector<int64_t>>;
  SmallVector<Key> keys;
  SmallVector<SmallVector<AccessOp>> groups;
  for (Operation &op : body.front()) {
    auto access = dyn_cast<AccessOp>(op);
    if (!access || zeroFields_.contains(access.getField()))
      continue;
    ArrayRef<int64_t> offset = access.getOffset();
    Key key{access.getField(), access.getTimeOffset(),
            SmallVector<int64_t>(offset.begin(), offset.end() - 1)};
    auto found = llvm::find(keys, key);
    if (found == keys.end()) {
      keys.push_back(key);
      groups.emplace_back();
      found = keys.end() - 1;
    }
    groups[found - keys.begin()].push_back(access);
  }
  RowLoads rows;
  for (const SmallVector<AccessOp> &group : groups) {
    if (group.size() < 3)
      continue;
    auto shifts = llvm::map_range(group, [](AccessOp a) { return a.getOffset().back(); });
    RowGroup shared{*llvm::min_element(shifts), *llvm::max_element(shifts), {}, {}};
    if (shared.hi - shared.lo >= options_.vectorWidth)
      continue;
    for (AccessOp access : group)
      rows.groupOf[access.getOperation()] = rows.groups.size();
    rows.groups.push_back(shared);
  }
  return rows;
}

Value ProgramLowering::rowLoad(OpBuilder &builder, RowGroup &group, AccessOp access,
                               ValueRange point, int64_t width) {
  auto type = cast<FieldType>(access.getField().getType());
  Value buffer = fieldBuffers_.lookup(access.getField());
  auto loadShift = [&](int64_t shift) {
    SmallVector<int64_t> offset(access.getOffset().begin(), access.getOffset().end());
    offset.back() = shift;
    return loadAt(builder, buffer,
                  fieldIndices(builder, type, offset, access.getTimeOffset(), point), width);
  };
  if (!group.low) {
    group.low = loadShift(group.lo);
    group.high = group.hi == group.lo ? group.low : loadShift(group.hi);
  }
  int64_t shift = access.getOffset().back();
  if (shift == group.lo)
    return group.low;
  if (shift == group.hi)
    return group.high;
  SmallVector<int64_t> mask;
  for (int64_t lane = 0; lane < width; ++lane) {
    int64_t element = shift + lane; // relative to the point
    mask.push_back(element - group.lo < width ? element - group.lo : width + element - group.hi);
  }
  return builder.create<vector::ShuffleOp>(loc_, group.low, group.high, mask);
}

SmallVector<Value> ProgramLowering::emitPointBody(Region &body, OpBuilder &builder,
                                                  ValueRange point, int64_t width) {
  IRMapping mapping = scalars_;
  RowLoads rows;
  if (width > 0 && !mask_ && options_.shareRowLoads)
    rows = planRowLoads(body);
  for (Operation &op : body.front()) {
    if (auto access = dyn_cast<AccessOp>(op)) {
      auto type = cast<FieldType>(access.getField().getType());
      if (auto found = rows.groupOf.find(access.getOperation()); found != rows.groupOf.end()) {
        mapping.map(access.getResult(),
                    rowLoad(builder, rows.groups[found->second], access, point, width));
        continue;
      }
      if (zeroFields_.contains(access.getField())) {
        // Inside the input's zero box: the value every load there would give.
        Value zero = builder.create<arith::ConstantOp>(
            loc_, builder.getFloatAttr(type.getElementType(), 0.0));
        mapping.map(access.getResult(), width > 0 ? broadcastTo(builder, zero, width) : zero);
        continue;
      }
      Value buffer = fieldBuffers_.lookup(access.getField());
      SmallVector<Value> indices =
          fieldIndices(builder, type, access.getOffset(), access.getTimeOffset(), point);
      mapping.map(access.getResult(), loadAt(builder, buffer, indices, width));
      continue;
    }
    if (auto ret = dyn_cast<ReturnOp>(op)) {
      SmallVector<Value> values;
      for (Value value : ret.getValues())
        values.push_back(mapping.lookup(value));
      return values;
    }
    if (width > 0)
      cloneOnVectors(op, builder, mapping, width);
    else
      builder.clone(op, mapping);
  }
  llvm_unreachable("verified bodies end with stencil.return");
}

/// True when a body can run on vectors lane by lane: its ops are accesses, constants and
/// elementwise arithmetic on scalars (so each lane computes exactly what the scalar loop
/// computes for its point).
static bool isVectorizable(Region &body) {
  for (Operation &op : body.front()) {
    if (isa<AccessOp, ReturnOp, arith::ConstantOp>(op))
      continue;
    if (!OpTrait::hasElementwiseMappableTraits(&op) || op.getNumRegions() != 0)
      return false;
    auto scalar = [](Type type) { return type.isIntOrFloat(); };
    if (!llvm::all_of(op.getOperandTypes(), scalar) || !llvm::all_of(op.getResultTypes(), scalar))
      return false;
  }
  return true;
}

Value ProgramLowering::loadAt(OpBuilder &builder, Value buffer, ValueRange indices, int64_t width) {
  if (width == 0)
    return builder.create<memref::LoadOp>(loc_, buffer, indices);
  auto type = VectorType::get({width}, cast<MemRefType>(buffer.getType()).getElementType());
  if (!mask_)
    return builder.create<vector::LoadOp>(loc_, type, buffer, indices);
  Value zeros = builder.create<arith::ConstantOp>(
      loc_, type, DenseElementsAttr::get(type, builder.getZeroAttr(type.getElementType())));
  return builder.create<vector::MaskedLoadOp>(loc_, type, buffer, indices, mask_, zeros);
}

void ProgramLowering::storeAt(OpBuilder &builder, Value value, Value buffer, ValueRange indices) {
  if (!isa<VectorType>(value.getType()))
    builder.create<memref::StoreOp>(loc_, value, buffer, indices);
  else if (mask_)
    builder.create<vector::MaskedStoreOp>(loc_, buffer, indices, mask_, value);
  else
    builder.create<vector::StoreOp>(loc_, value, buffer, indices);
}

Value ProgramLowering::broadcastTo(OpBuilder &builder, Value value, int64_t width) {
  if (isa<VectorType>(value.getType()))
    return value;
  return builder.create<vector::BroadcastOp>(loc_, VectorType::get({width}, value.getType()),
                                             value);
}

Operation *ProgramLowering::cloneOnVectors(Operation &op, OpBuilder &builder, IRMapping &mapping,
                                           int64_t width) {
  bool pointDependent = llvm::any_of(op.getOperands(), [&](Value operand) {
    return isa<VectorType>(mapping.lookupOrDefault(operand).getType());
  });
  // Values that are the same at every point (constants, functions of dt and h) stay scalar.
  if (!pointDependent)
    return builder.clone(op, mapping);
  OperationState state(op.getLoc(), op.getName());
  for (Value operand : op.getOperands())
    state.addOperands(broadcastTo(builder, mapping.lookupOrDefault(operand), width));
  for (Type type : op.getResultTypes())
    state.addTypes(VectorType::get({width}, type));
  state.addAttributes(op.getAttrs());
  Operation *vectorOp = builder.create(state);
  mapping.map(op.getResults(), vectorOp->getResults());
  return vectorOp;
}

void ProgramLowering::buildContiguousLoop(
    OpBuilder &builder, bool vectorize, const SmallVector<Value> &outer,
    function_ref<void(OpBuilder &, ValueRange, int64_t)> body) {
  int64_t axis = rank_ - 1;
  const int64_t width = vectorize ? options_.vectorWidth : 0;
  Value lanes = builder.create<arith::ConstantIndexOp>(loc_, std::max<int64_t>(width, 1));
  auto loopWith = [&](OpBuilder &at, Value from, Value to, bool zero) {
    if (zero)
      zeroFields_.insert(zeroRegion_->fields.begin(), zeroRegion_->fields.end());
    at.create<scf::ForOp>(loc_, from, to, lanes, ValueRange{},
                          [&](OpBuilder &nested, Location loc, Value iv, ValueRange) {
                            SmallVector<Value> indices = outer;
                            indices.push_back(iv);
                            body(nested, indices, width);
                            nested.create<scf::YieldOp>(loc);
                          });
    zeroFields_.clear();
  };
  // Points [from, to) of the row: with the zero body when the sweep's zero region holds
  // them all, else with the usual body. Rows are not split at the range's ends: three loops
  // per row instead of one cost more than the skipped stream saves, with strides from the
  // descriptor (each loop sets up some twenty row pointers, with spills: 6-8% slower on
  // 256^3 with a 20-point damping layer) and with fixed strides too (one base register:
  // still 4-7% slower with a 40-point layer, docs/performance.md).
  auto loop = [&](Value from, Value to) {
    if (!zeroRegion_) {
      loopWith(builder, from, to, false);
      return;
    }
    builder.create<scf::IfOp>(
        loc_, inZeroRegion(builder, outer, from, to),
        [&](OpBuilder &then, Location loc) {
          loopWith(then, from, to, true);
          then.create<scf::YieldOp>(loc);
        },
        [&](OpBuilder &otherwise, Location loc) {
          loopWith(otherwise, from, to, false);
          otherwise.create<scf::YieldOp>(loc);
        });
  };
  if (!vectorize) {
    loop(lower_[axis], upper_[axis]);
    return;
  }
  // Whole vectors first, then the remaining points.
  applied_.vectorWidth = width;
  Value extent = builder.create<arith::SubIOp>(loc_, upper_[axis], lower_[axis]);
  Value whole = builder.create<arith::MulIOp>(
      loc_, builder.create<arith::DivUIOp>(loc_, extent, lanes), lanes);
  Value vectorEnd = builder.create<arith::AddIOp>(loc_, lower_[axis], whole);
  loop(lower_[axis], vectorEnd);
  // The remaining points (fewer than a vector), if any, as one masked vector with the usual
  // body: the lanes compute what the scalar loop would, and masked-off lanes neither read
  // nor write memory. One copy of the body instead of a scalar one halves the code LLVM has
  // to generate.
  Value remaining = builder.create<arith::SubIOp>(loc_, upper_[axis], vectorEnd);
  Value some = builder.create<arith::CmpIOp>(loc_, arith::CmpIPredicate::sgt, remaining,
                                             builder.create<arith::ConstantIndexOp>(loc_, 0));
  builder.create<scf::IfOp>(loc_, some, [&](OpBuilder &nested, Location loc) {
    mask_ = nested.create<vector::CreateMaskOp>(loc, VectorType::get({width}, nested.getI1Type()),
                                                ValueRange{remaining});
    SmallVector<Value> indices = outer;
    indices.push_back(vectorEnd);
    body(nested, indices, width);
    mask_ = Value();
    nested.create<scf::YieldOp>(loc);
  });
}

Value ProgramLowering::inZeroRegion(OpBuilder &builder, const SmallVector<Value> &outer, Value from,
                                    Value to) {
  const ZeroRegion &region = *zeroRegion_;
  const int64_t axis = rank_ - 1;
  auto compare = [&](arith::CmpIPredicate predicate, Value a, Value b) {
    return builder.create<arith::CmpIOp>(loc_, predicate, a, b);
  };
  Value inside = builder.create<arith::AndIOp>(
      loc_, compare(arith::CmpIPredicate::sle, region.lower[axis], from),
      compare(arith::CmpIPredicate::sge, region.upper[axis], to));
  for (auto [index, value] : llvm::enumerate(outer)) {
    inside = builder.create<arith::AndIOp>(
        loc_, inside, compare(arith::CmpIPredicate::sge, value, region.lower[index]));
    inside = builder.create<arith::AndIOp>(
        loc_, inside, compare(arith::CmpIPredicate::slt, value, region.upper[index]));
  }
  return inside;
}

void ProgramLowering::buildLoop(OpBuilder &builder, Value from, Value to, Value step, bool parallel,
                                function_ref<void(OpBuilder &, Value)> body) {
  if (parallel) {
    builder.create<scf::ParallelOp>(
        loc_, ValueRange{from}, ValueRange{to}, ValueRange{step},
        [&](OpBuilder &nested, Location, ValueRange ivs) { body(nested, ivs[0]); });
    return;
  }
  builder.create<scf::ForOp>(loc_, from, to, step, ValueRange{},
                             [&](OpBuilder &nested, Location loc, Value iv, ValueRange) {
                               body(nested, iv);
                               nested.create<scf::YieldOp>(loc);
                             });
}

void ProgramLowering::buildInteriorLoops(
    bool vectorize, function_ref<void(OpBuilder &, ValueRange, int64_t)> body) {
  Value one = indexConstant(1);
  // Loops over the axes before the contiguous one, outermost first (and parallel).
  std::function<void(OpBuilder &, int64_t, SmallVector<Value>)> nest =
      [&](OpBuilder &builder, int64_t axis, SmallVector<Value> point) {
        if (axis == rank_ - 1) {
          buildContiguousLoop(builder, vectorize, point, body);
          return;
        }
        buildLoop(builder, lower_[axis], upper_[axis], one, options_.parallel && axis == 0,
                  [&](OpBuilder &nested, Value index) {
                    SmallVector<Value> extended = point;
                    extended.push_back(index);
                    nest(nested, axis + 1, extended);
                  });
      };
  if (rank_ == 3 && options_.blockSize > 0) {
    buildBlockedLoops(vectorize, body);
    return;
  }
  nest(builder_, 0, {});
}

// Cache blocking in 3D: the threads share out blocks of y; within one, x runs over the whole
// grid, so the planes x-r..x+r a stencil of radius r reads stay in cache as blocks of
// rows (a block of 2r+1 planes of B rows) instead of whole planes.
void ProgramLowering::buildBlockedLoops(bool vectorize,
                                        function_ref<void(OpBuilder &, ValueRange, int64_t)> body) {
  applied_.blockSize = options_.blockSize;
  Value one = indexConstant(1);
  Value block = indexConstant(options_.blockSize);
  buildLoop(builder_, lower_[1], upper_[1], block, options_.parallel,
            [&](OpBuilder &builder, Value blockBegin) {
              Value blockEnd = builder.create<arith::MinUIOp>(
                  loc_, builder.create<arith::AddIOp>(loc_, blockBegin, block), upper_[1]);
              buildLoop(builder, lower_[0], upper_[0], one, /*parallel=*/false,
                        [&](OpBuilder &xB, Value x) {
                          buildLoop(xB, blockBegin, blockEnd, one, /*parallel=*/false,
                                    [&](OpBuilder &yB, Value y) {
                                      buildContiguousLoop(yB, vectorize, {x, y}, body);
                                    });
                        });
            });
}

void ProgramLowering::storeValue(OpBuilder &builder, ApplyOp apply, Value target, Value value,
                                 ValueRange point, int64_t width) {
  auto type = cast<FieldType>(target.getType());
  Value buffer = fieldBuffers_.lookup(target);
  SmallVector<int64_t> zero(rank_, 0);
  SmallVector<Value> indices = fieldIndices(builder, type, zero, apply.getLevelOffset(), point);
  if (width > 0)
    value = broadcastTo(builder, value, width);
  if (apply.getAccumulate())
    value = builder.create<arith::AddFOp>(apply.getLoc(), loadAt(builder, buffer, indices, width),
                                          value);
  storeAt(builder, value, buffer, indices);
}

void ProgramLowering::lowerSweep(ArrayRef<ApplyOp> applies, const PlaneRows *rows) {
  bool vectorize = options_.vectorWidth > 0 && llvm::all_of(applies, [](ApplyOp apply) {
                     return isVectorizable(apply.getBody());
                   });
  auto body = [&](OpBuilder &builder, ValueRange point, int64_t width) {
    if (width > 0 && !mask_ && options_.prefetchBytes > 0)
      emitPrefetches(builder, applies, point);
    for (ApplyOp apply : applies) {
      SmallVector<Value> values = emitPointBody(apply.getBody(), builder, point, width);
      for (auto [target, value] : llvm::zip(apply.getTargets(), values))
        storeValue(builder, apply, target, value, point, width);
    }
  };
  zeroRegion_ = zeroRegionOf(applies);
  auto done = llvm::make_scope_exit([&] { zeroRegion_.reset(); });
  if (!rows) {
    buildInteriorLoops(vectorize, body);
    return;
  }
  // Rows of one plane of a 3D grid (temporal blocking).
  buildLoop(builder_, rows->rowsBegin, rows->rowsEnd, indexConstant(1),
            options_.parallel && rows->parallel, [&](OpBuilder &builder, Value y) {
              buildContiguousLoop(builder, vectorize, {rows->plane, y}, body);
            });
}

// The loops visit rows (all axes but the contiguous one) in order, the last middle axis
// innermost. A row a body reads at offset d along that axis was, in most cases, read at
// offset d+1 one row before, and is still in the L1 cache; only the rows at the largest
// such offset (per field, level and offsets along the outer axes) are new at each row. On
// a 256^3 grid those are eight x-neighbour planes 256 KiB apart plus the leading y row, and
// the hardware prefetchers do not keep that many streams ahead: prefetching them measured
// 10-25% faster (docs/performance.md). Prefetches do not change any value computed.
void ProgramLowering::emitPrefetches(OpBuilder &builder, ArrayRef<ApplyOp> applies,
                                     ValueRange point) {
  using Outer = std::tuple<Value, int64_t, SmallVector<int64_t>>; // field, level, outer axes
  SmallVector<Outer> keys;
  SmallVector<int64_t> leading; // per key: the largest offset along the last middle axis
  auto note = [&](Value field, int64_t level, ArrayRef<int64_t> offset) {
    const int64_t middle = rank_ >= 2 ? offset[rank_ - 2] : 0;
    Outer key{field, level,
              SmallVector<int64_t>(offset.begin(), offset.end() - std::min<int64_t>(rank_, 2))};
    auto found = llvm::find(keys, key);
    if (found == keys.end()) {
      keys.push_back(key);
      leading.push_back(middle);
    } else {
      int64_t &largest = leading[found - keys.begin()];
      largest = std::max(largest, middle);
    }
  };
  const SmallVector<int64_t> here(rank_, 0);
  // What the sweep's earlier applies wrote, at the point (fusion lets a later apply read it
  // there only): in the L1 already, like an adjoint's cleared level its gathers accumulate to.
  DenseSet<std::pair<Value, int64_t>> written;
  for (ApplyOp apply : applies) {
    for (Operation &op : apply.getBody().front())
      if (auto access = dyn_cast<AccessOp>(op);
          access && !zeroFields_.contains(access.getField()) &&
          !written.contains({access.getField(), access.getTimeOffset()}))
        note(access.getField(), access.getTimeOffset(), access.getOffset());
    // An accumulating apply reads its targets at the point too.
    for (Value target : apply.getTargets()) {
      if (apply.getAccumulate() && !written.contains({target, apply.getLevelOffset()}))
        note(target, apply.getLevelOffset(), here);
      written.insert({target, apply.getLevelOffset()});
    }
  }
  applied_.prefetchBytes = options_.prefetchBytes;
  for (auto [key, middle] : llvm::zip(keys, leading)) {
    auto &[field, level, outer] = key;
    auto type = cast<FieldType>(field.getType());
    const int64_t elementBytes = type.getElementType().getIntOrFloatBitWidth() / 8;
    SmallVector<int64_t> offset = outer;
    if (rank_ >= 2)
      offset.push_back(middle);
    offset.push_back(std::max<int64_t>(1, options_.prefetchBytes / elementBytes));
    builder.create<memref::PrefetchOp>(loc_, fieldBuffers_.lookup(field),
                                       fieldIndices(builder, type, offset, level, point),
                                       /*isWrite=*/false, /*localityHint=*/3,
                                       /*isDataCache=*/true);
  }
}

SmallVector<Value> ProgramLowering::supportPoint(OpBuilder &builder, const PointBuffers &buffers,
                                                 Value p, Value c) {
  SmallVector<Value> point;
  for (int64_t axis = 0; axis < rank_; ++axis) {
    Value axisIndex = builder.create<arith::ConstantIndexOp>(loc_, axis);
    Value raw = builder.create<memref::LoadOp>(loc_, buffers.support, ValueRange{p, c, axisIndex});
    point.push_back(builder.create<arith::IndexCastOp>(loc_, builder.getIndexType(), raw));
  }
  return point;
}

/// Loops p over the points and c over each point's support, in order.
static void forEachSupportEntry(OpBuilder &builder, Location loc, Value support,
                                function_ref<void(OpBuilder &, Value, Value)> body) {
  Value zero = builder.create<arith::ConstantIndexOp>(loc, 0);
  Value one = builder.create<arith::ConstantIndexOp>(loc, 1);
  Value points = builder.create<memref::DimOp>(loc, support, 0);
  Value entries = builder.create<memref::DimOp>(loc, support, 1);
  builder.create<scf::ForOp>(
      loc, zero, points, one, ValueRange{}, [&](OpBuilder &outer, Location, Value p, ValueRange) {
        outer.create<scf::ForOp>(loc, zero, entries, one, ValueRange{},
                                 [&](OpBuilder &inner, Location, Value c, ValueRange) {
                                   body(inner, p, c);
                                   inner.create<scf::YieldOp>(loc);
                                 });
        outer.create<scf::YieldOp>(loc);
      });
}

void ProgramLowering::lowerInject(InjectOp inject, Value step, const PlaneRows *rows) {
  const PointBuffers &buffers = pointBuffers_[inject.getSource()];
  auto targetType = cast<FieldType>(inject.getTarget().getType());
  Value target = fieldBuffers_.lookup(inject.getTarget());
  auto entry = [&](OpBuilder &builder, Value p, Value c) {
    SmallVector<Value> point = supportPoint(builder, buffers, p, c);
    Value coefficient = emitPointBody(inject.getBody(), builder, point).front();
    Value weight = builder.create<memref::LoadOp>(loc_, buffers.weights, ValueRange{p, c});
    Value amplitude = builder.create<memref::LoadOp>(loc_, buffers.amplitudes, ValueRange{step, p});
    Value scaled = builder.create<arith::MulFOp>(
        loc_, builder.create<arith::MulFOp>(loc_, weight, amplitude), coefficient);
    SmallVector<int64_t> zero(rank_, 0);
    SmallVector<Value> indices =
        fieldIndices(builder, targetType, zero, inject.getLevelOffset(), point);
    Value old = builder.create<memref::LoadOp>(loc_, target, indices);
    builder.create<memref::StoreOp>(loc_, builder.create<arith::AddFOp>(loc_, old, scaled), target,
                                    indices);
  };
  if (rows)
    forEachEntryOnRows(buffers, *rows, entry);
  else
    forEachSupportEntry(builder_, loc_, buffers.support, entry);
}

void ProgramLowering::lowerInterpolate(InterpolateOp interpolate, Value step, Value captured,
                                       Value k) {
  const PointBuffers &buffers = pointBuffers_[interpolate.getReceiver()];
  auto type = cast<PointsType>(interpolate.getReceiver().getType());
  Value zero = indexConstant(0), one = indexConstant(1);
  Value points = builder_.create<memref::DimOp>(loc_, buffers.support, 0);
  Value entries = builder_.create<memref::DimOp>(loc_, buffers.support, 1);
  Value initial =
      builder_.create<arith::ConstantOp>(loc_, builder_.getFloatAttr(type.getElementType(), 0.0));
  builder_.create<scf::ForOp>(
      loc_, zero, points, one, ValueRange{}, [&](OpBuilder &outer, Location, Value p, ValueRange) {
        auto sum = outer.create<scf::ForOp>(
            loc_, zero, entries, one, ValueRange{initial},
            [&](OpBuilder &inner, Location, Value c, ValueRange partial) {
              Value value = captured
                                ? inner.create<memref::LoadOp>(loc_, captured, ValueRange{k, p, c})
                                : emitPointBody(interpolate.getBody(), inner,
                                                supportPoint(inner, buffers, p, c))
                                      .front();
              Value weight = inner.create<memref::LoadOp>(loc_, buffers.weights, ValueRange{p, c});
              Value term = inner.create<arith::MulFOp>(loc_, weight, value);
              inner.create<scf::YieldOp>(
                  loc_, ValueRange{inner.create<arith::AddFOp>(loc_, partial[0], term)});
            });
        outer.create<memref::StoreOp>(loc_, sum.getResult(0), buffers.amplitudes,
                                      ValueRange{step, p});
        outer.create<scf::YieldOp>(loc_);
      });
}

void ProgramLowering::captureInterpolate(InterpolateOp interpolate, Value captured, Value k,
                                         const PlaneRows &rows) {
  const PointBuffers &buffers = pointBuffers_[interpolate.getReceiver()];
  forEachEntryOnRows(buffers, rows, [&](OpBuilder &builder, Value p, Value c) {
    Value value =
        emitPointBody(interpolate.getBody(), builder, supportPoint(builder, buffers, p, c)).front();
    builder.create<memref::StoreOp>(loc_, value, captured, ValueRange{k, p, c});
  });
}

ProgramLowering::PlaneIndex ProgramLowering::buildPlaneIndex(const PointBuffers &buffers) {
  OpBuilder &b = builder_;
  Value zero = indexConstant(0), one = indexConstant(1);
  auto indexBuffer = [&](Value size) {
    return b.create<memref::AllocOp>(
        loc_, MemRefType::get({ShapedType::kDynamic}, b.getIndexType()), ValueRange{size});
  };
  auto forRange = [&](Value from, Value to, function_ref<void(OpBuilder &, Value)> body) {
    b.create<scf::ForOp>(loc_, from, to, one, ValueRange{},
                         [&](OpBuilder &nested, Location loc, Value i, ValueRange) {
                           body(nested, i);
                           nested.create<scf::YieldOp>(loc);
                         });
  };
  Value entries = b.create<memref::DimOp>(loc_, buffers.support, 1);
  Value planes = b.create<arith::SubIOp>(loc_, upper_[0], lower_[0]);
  // The entry's plane, from 0.
  auto planeOf = [&](OpBuilder &at, Value p, Value c) {
    Value x = clampToInterior(at, supportPoint(at, buffers, p, c)[0], 0);
    return at.create<arith::SubIOp>(loc_, x, lower_[0]);
  };
  auto increment = [&](OpBuilder &at, Value buffer, Value i) {
    Value old = at.create<memref::LoadOp>(loc_, buffer, ValueRange{i});
    at.create<memref::StoreOp>(
        loc_, at.create<arith::AddIOp>(loc_, old, at.create<arith::ConstantIndexOp>(loc_, 1)),
        buffer, ValueRange{i});
  };
  // Counting sort: entries per plane, their prefix sums, then each entry at its place.
  Value start = indexBuffer(b.create<arith::AddIOp>(loc_, planes, one));
  forRange(zero, b.create<arith::AddIOp>(loc_, planes, one), [&](OpBuilder &at, Value i) {
    at.create<memref::StoreOp>(loc_, zero, start, ValueRange{i});
  });
  forEachSupportEntry(b, loc_, buffers.support, [&](OpBuilder &at, Value p, Value c) {
    increment(at, start, at.create<arith::AddIOp>(loc_, planeOf(at, p, c), one));
  });
  forRange(one, b.create<arith::AddIOp>(loc_, planes, one), [&](OpBuilder &at, Value i) {
    Value before =
        at.create<memref::LoadOp>(loc_, start, ValueRange{at.create<arith::SubIOp>(loc_, i, one)});
    Value here = at.create<memref::LoadOp>(loc_, start, ValueRange{i});
    at.create<memref::StoreOp>(loc_, at.create<arith::AddIOp>(loc_, before, here), start,
                               ValueRange{i});
  });
  Value fill = indexBuffer(planes);
  forRange(zero, planes, [&](OpBuilder &at, Value i) {
    at.create<memref::StoreOp>(loc_, at.create<memref::LoadOp>(loc_, start, ValueRange{i}), fill,
                               ValueRange{i});
  });
  Value points = b.create<memref::DimOp>(loc_, buffers.support, 0);
  Value order = indexBuffer(b.create<arith::MulIOp>(loc_, points, entries));
  forEachSupportEntry(b, loc_, buffers.support, [&](OpBuilder &at, Value p, Value c) {
    Value plane = planeOf(at, p, c);
    Value place = at.create<memref::LoadOp>(loc_, fill, ValueRange{plane});
    Value flat = at.create<arith::AddIOp>(loc_, at.create<arith::MulIOp>(loc_, p, entries), c);
    at.create<memref::StoreOp>(loc_, flat, order, ValueRange{place});
    increment(at, fill, plane);
  });
  b.create<memref::DeallocOp>(loc_, fill);
  return {start, order};
}

void ProgramLowering::forEachEntryOnRows(const PointBuffers &buffers, const PlaneRows &rows,
                                         function_ref<void(OpBuilder &, Value, Value)> body) {
  const PlaneIndex &index = planeIndices_.at(buffers.support);
  Value one = indexConstant(1);
  Value plane = builder_.create<arith::SubIOp>(loc_, rows.plane, lower_[0]);
  Value from = builder_.create<memref::LoadOp>(loc_, index.start, ValueRange{plane});
  Value to = builder_.create<memref::LoadOp>(
      loc_, index.start, ValueRange{builder_.create<arith::AddIOp>(loc_, plane, one)});
  Value entries = builder_.create<memref::DimOp>(loc_, buffers.support, 1);
  builder_.create<scf::ForOp>(
      loc_, from, to, one, ValueRange{}, [&](OpBuilder &loop, Location, Value i, ValueRange) {
        Value flat = loop.create<memref::LoadOp>(loc_, index.order, ValueRange{i});
        Value p = loop.create<arith::DivUIOp>(loc_, flat, entries);
        Value c = loop.create<arith::RemUIOp>(loc_, flat, entries);
        // The plane index lists this plane's entries only: what is left is the row.
        Value y = supportPoint(loop, buffers, p, c)[1];
        auto here = loop.create<scf::IfOp>(loc_, inRows(loop, y, rows), /*withElseRegion=*/false);
        OpBuilder inner = loop;
        inner.setInsertionPoint(here.thenBlock()->getTerminator());
        body(inner, p, c);
        loop.create<scf::YieldOp>(loc_);
      });
}

Value ProgramLowering::clampToInterior(OpBuilder &builder, Value index, int64_t axis) {
  Value last = builder.create<arith::SubIOp>(loc_, upper_[axis],
                                             builder.create<arith::ConstantIndexOp>(loc_, 1));
  return builder.create<arith::MinSIOp>(
      loc_, builder.create<arith::MaxSIOp>(loc_, index, lower_[axis]), last);
}

Value ProgramLowering::inRows(OpBuilder &builder, Value y, const PlaneRows &rows) {
  Value row = clampToInterior(builder, y, 1);
  return builder.create<arith::AndIOp>(
      loc_, builder.create<arith::CmpIOp>(loc_, arith::CmpIPredicate::sge, row, rows.rowsBegin),
      builder.create<arith::CmpIOp>(loc_, arith::CmpIPredicate::slt, row, rows.rowsEnd));
}

/// Whether an interpolation reads its field values only at its support points.
static bool readsAtSupportOnly(InterpolateOp interpolate) {
  return !interpolate.getBody()
              .walk([](AccessOp access) {
                return llvm::all_of(access.getOffset(), [](int64_t o) { return o == 0; })
                           ? WalkResult::advance()
                           : WalkResult::interrupt();
              })
              .wasInterrupted();
}

static bool readsStates(Operation *op) {
  return op
      ->walk([](AccessOp access) {
        return cast<FieldType>(access.getField().getType()).isTimeDependent()
                   ? WalkResult::interrupt()
                   : WalkResult::advance();
      })
      .wasInterrupted();
}

// Temporal blocking applies to time loops in 3D, forward or reversed (adjoint), whose step
// is one sweep that writes only states, plus injections and interpolations around it:
// - each injection adds to a (state, level) the sweep writes and reads no state, so that
//   running it plane by plane, in its place before or after the sweep's plane, gives each
//   point the same sequence of updates;
// - each interpolation reads at its support points only, and nothing that an action after
//   it in the step writes: captured point by point as the rows are done, it must see what
//   the step-by-step loop saw at its place in the step.
// A forward modeling step (sweep, injections into t+1, receivers) and an adjoint step
// (injections into t, source traces from t+1, sweep) both have this shape.
std::optional<ProgramLowering::TiledStep> ProgramLowering::timeTileable(TimeLoopOp loop) const {
  if (options_.timeTile < 2 || rank_ != 3)
    return std::nullopt;
  TiledStep step{planStep(loop), Footprint()};
  ArrayRef<StepAction> actions = step.actions;
  if (llvm::count_if(actions, [](const StepAction &a) { return !a.sweep.empty(); }) != 1)
    return std::nullopt; // no sweep, or several: each would need its own skew
  for (const StepAction &action : actions)
    for (ApplyOp apply : action.sweep) {
      if (!llvm::all_of(apply.getTargets(), [](Value target) {
            return cast<FieldType>(target.getType()).isTimeDependent();
          }))
        return std::nullopt;
      step.sweep.append(footprintOf(apply));
    }
  for (auto [index, action] : llvm::enumerate(actions)) {
    if (auto inject = dyn_cast_or_null<InjectOp>(action.op)) {
      if (!step.sweep.hasWrite(inject.getTarget(), inject.getLevelOffset()) || readsStates(inject))
        return std::nullopt;
    } else if (auto interpolate = dyn_cast_or_null<InterpolateOp>(action.op)) {
      if (!readsAtSupportOnly(interpolate))
        return std::nullopt;
      Footprint reads = footprintOf(interpolate);
      for (const StepAction &later : actions.drop_front(index + 1)) {
        Footprint writes = later.sweep.empty() ? footprintOf(later.op) : step.sweep;
        for (const auto &[field, level] : writes.writes)
          if (reads.hasRead(field, level, /*onlyNonLocal=*/false))
            return std::nullopt;
      }
    }
  }
  return step;
}

int64_t ProgramLowering::reachAlong(int64_t axis) {
  ArrayRef<int64_t> halo = program_.getHalo().value_or(ArrayRef<int64_t>{});
  return std::max<int64_t>(int64_t(halo.size()) > axis ? halo[axis] : 1, 1);
}

int64_t ProgramLowering::minTileRows() { return 2 * options_.timeTile * reachAlong(1); }

// Temporal blocking by wavefronts along x. Steps run in tiles of T (in the loop's order,
// backwards for adjoint loops); inside a tile, wavefront position w visits, for
// k = 0 .. T-1, plane x = w - k S of the tile's k-th step. With the skew S at least the
// stencil's reach along x, a step finds the planes it reads from the step before it already
// computed, and the ring-buffer slots it reads not yet reused by a later step: each plane of
// each step is computed from exactly the values the step-by-step loop would use, so the
// results are bitwise the same. The T steps' planes stay in cache between visits instead of
// streaming the grid from memory once per step.
//
// Without time-tile-rows a tile's wavefronts cover the whole y extent, each plane's rows in
// parallel. With it (split tiling along y), the y rows are cut into blocks of B rows, and a
// tile runs in two parallel phases, one thread per block: first each block's trapezoid, whose
// inner edges move in by the reach R along y at each step (rows [a + k R, b - k R) at step
// k; edges on the grid's boundary stay), which reads nothing outside itself; then the
// triangles between neighbouring blocks (rows [b - k R, b + k R)), which read the
// trapezoids' rows beside them. B >= 2 T R keeps trapezoids from closing and triangles from
// reading what another triangle writes; each row's values are those of the step-by-step
// loop by the argument above, along y as along x. A thread then keeps a block's planes
// (B rows, not the whole plane) in its own cache for T steps.
//
// Each plane runs the step's actions in their order: injections for the support entries on
// its rows, the sweep over its rows, and each interpolation's values at the support entries
// on its rows, captured into a buffer (T x points x entries); interpolations read at their
// points only, so the captured value is the one the step-by-step loop reads there. The
// receivers' sums run after the tile, entry by entry in their usual order.
void ProgramLowering::lowerTimeTiled(TimeLoopOp loop, const TiledStep &step) {
  Value begin = scalars_.lookup(loop.getBegin());
  Value end = scalars_.lookup(loop.getEnd());
  Value zero = indexConstant(0), one = indexConstant(1);
  Value tile = indexConstant(options_.timeTile);
  // In the step's order, so that the IR is the same from run to run.
  llvm::MapVector<Operation *, Value> captures;
  for (const StepAction &action : step.actions) {
    Value points;
    if (auto inject = dyn_cast_or_null<InjectOp>(action.op))
      points = inject.getSource();
    else if (auto interpolate = dyn_cast_or_null<InterpolateOp>(action.op))
      points = interpolate.getReceiver();
    if (points && !planeIndices_.count(pointBuffers_[points].support))
      planeIndices_[pointBuffers_[points].support] = buildPlaneIndex(pointBuffers_[points]);
  }
  for (const StepAction &action : step.actions)
    if (auto interpolate = dyn_cast_or_null<InterpolateOp>(action.op)) {
      const PointBuffers &buffers = pointBuffers_[interpolate.getReceiver()];
      auto type = cast<PointsType>(interpolate.getReceiver().getType());
      Value points = builder_.create<memref::DimOp>(loc_, buffers.support, 0);
      Value entries = builder_.create<memref::DimOp>(loc_, buffers.support, 1);
      captures[interpolate] = builder_.create<memref::AllocOp>(
          loc_,
          MemRefType::get({options_.timeTile, ShapedType::kDynamic, ShapedType::kDynamic},
                          type.getElementType()),
          ValueRange{points, entries});
    }
  auto tiles = builder_.create<scf::ForOp>(loc_, begin, end, tile);
  {
    OpBuilder::InsertionGuard guard(builder_);
    builder_.setInsertionPointToStart(tiles.getBody());
    Value first = tiles.getInductionVar();
    Value count = builder_.create<arith::MinSIOp>(loc_, tile,
                                                  builder_.create<arith::SubIOp>(loc_, end, first));
    if (options_.timeTileRows <= 0) {
      lowerWavefronts(
          loop, step, first, count,
          [&](OpBuilder &, Value) { return std::make_pair(lower_[1], upper_[1]); },
          /*parallelRows=*/true, captures);
    } else {
      lowerBlockedWavefronts(loop, step, first, count, captures);
    }
    for (auto &[op, captured] : captures) {
      auto steps = builder_.create<scf::ForOp>(loc_, zero, count, one);
      OpBuilder::InsertionGuard inner(builder_);
      builder_.setInsertionPointToStart(steps.getBody());
      Value k = steps.getInductionVar();
      Value t = stepAt(loop, begin, end, builder_.create<arith::AddIOp>(loc_, first, k));
      lowerInterpolate(cast<InterpolateOp>(op), t, captured, k);
    }
  }
  for (auto &[interpolate, captured] : captures)
    builder_.create<memref::DeallocOp>(loc_, captured);
  for (auto &[support, index] : planeIndices_) {
    builder_.create<memref::DeallocOp>(loc_, index.start);
    builder_.create<memref::DeallocOp>(loc_, index.order);
  }
  planeIndices_.clear();
}

void ProgramLowering::lowerBlockedWavefronts(TimeLoopOp loop, const TiledStep &step, Value first,
                                             Value count,
                                             const llvm::MapVector<Operation *, Value> &captures) {
  Value reach = indexConstant(reachAlong(1));
  Value zero = indexConstant(0), one = indexConstant(1);
  // B = max(minimum, min(time-tile-rows, ny / 2)): at least two blocks, so that both phases
  // have threads to share them (lowerTimeLoop runs grids with fewer rows step by step).
  Value rows = builder_.create<arith::SubIOp>(loc_, upper_[1], lower_[1]);
  Value height = builder_.create<arith::MaxSIOp>(
      loc_, indexConstant(minTileRows()),
      builder_.create<arith::MinSIOp>(
          loc_, indexConstant(options_.timeTileRows),
          builder_.create<arith::DivUIOp>(loc_, rows, indexConstant(2))));
  Value blocks = builder_.create<arith::DivUIOp>(loc_, rows, height);
  Value lastBlock = builder_.create<arith::SubIOp>(loc_, blocks, one);
  auto mul = [&](OpBuilder &b, Value x, Value y) { return b.create<arith::MulIOp>(loc_, x, y); };
  auto add = [&](OpBuilder &b, Value x, Value y) { return b.create<arith::AddIOp>(loc_, x, y); };
  auto sub = [&](OpBuilder &b, Value x, Value y) { return b.create<arith::SubIOp>(loc_, x, y); };
  auto blockStart = [&](OpBuilder &b, Value i) { return add(b, lower_[1], mul(b, i, height)); };
  auto parallelOver = [&](Value from, Value to, function_ref<void(Value)> body) {
    auto parallel =
        builder_.create<scf::ParallelOp>(loc_, ValueRange{from}, ValueRange{to}, ValueRange{one});
    OpBuilder::InsertionGuard guard(builder_);
    builder_.setInsertionPointToStart(parallel.getBody());
    body(parallel.getInductionVars()[0]);
  };
  // Trapezoids: block i is [a, b), the last block reaching the grid's end; its inner edges
  // move in by the reach at each step, the grid's edges stay.
  parallelOver(zero, blocks, [&](Value i) {
    Value a = blockStart(builder_, i);
    Value isLast = builder_.create<arith::CmpIOp>(loc_, arith::CmpIPredicate::eq, i, lastBlock);
    Value b = builder_.create<arith::SelectOp>(loc_, isLast, upper_[1], add(builder_, a, height));
    Value innerBegin = builder_.create<arith::CmpIOp>(loc_, arith::CmpIPredicate::ugt, i, zero);
    Value innerEnd = builder_.create<arith::CmpIOp>(loc_, arith::CmpIPredicate::ult, i, lastBlock);
    lowerWavefronts(
        loop, step, first, count,
        [&](OpBuilder &at, Value k) {
          Value moved = mul(at, k, reach);
          Value from = at.create<arith::SelectOp>(loc_, innerBegin, add(at, a, moved), a);
          Value to = at.create<arith::SelectOp>(loc_, innerEnd, sub(at, b, moved), b);
          return std::make_pair(Value(from), Value(to));
        },
        /*parallelRows=*/false, captures);
  });
  // Triangles: around each boundary between blocks, rows [b - k R, b + k R).
  parallelOver(one, blocks, [&](Value i) {
    Value b = blockStart(builder_, i);
    lowerWavefronts(
        loop, step, first, count,
        [&](OpBuilder &at, Value k) {
          Value moved = mul(at, k, reach);
          return std::make_pair(Value(sub(at, b, moved)), Value(add(at, b, moved)));
        },
        /*parallelRows=*/false, captures);
  });
}

void ProgramLowering::lowerWavefronts(TimeLoopOp loop, const TiledStep &step, Value first,
                                      Value count, RowsOfStep rowsOf, bool parallelRows,
                                      const llvm::MapVector<Operation *, Value> &captures) {
  Value begin = scalars_.lookup(loop.getBegin());
  Value end = scalars_.lookup(loop.getEnd());
  Value zero = indexConstant(0), one = indexConstant(1);
  Value skew = indexConstant(reachAlong(0));
  OpBuilder::InsertionGuard guard(builder_);
  Value lag =
      builder_.create<arith::MulIOp>(loc_, builder_.create<arith::SubIOp>(loc_, count, one), skew);
  Value fronts = builder_.create<arith::AddIOp>(loc_, upper_[0], lag);
  auto waves = builder_.create<scf::ForOp>(loc_, lower_[0], fronts, one);
  builder_.setInsertionPointToStart(waves.getBody());
  auto stepsInTile = builder_.create<scf::ForOp>(loc_, zero, count, one);
  builder_.setInsertionPointToStart(stepsInTile.getBody());
  Value k = stepsInTile.getInductionVar();
  Value x = builder_.create<arith::SubIOp>(loc_, waves.getInductionVar(),
                                           builder_.create<arith::MulIOp>(loc_, k, skew));
  auto [rowsBegin, rowsEnd] = rowsOf(builder_, k);
  auto compare = [&](arith::CmpIPredicate predicate, Value a, Value b) {
    return builder_.create<arith::CmpIOp>(loc_, predicate, a, b);
  };
  Value inside = builder_.create<arith::AndIOp>(
      loc_,
      builder_.create<arith::AndIOp>(loc_, compare(arith::CmpIPredicate::sge, x, lower_[0]),
                                     compare(arith::CmpIPredicate::slt, x, upper_[0])),
      compare(arith::CmpIPredicate::slt, rowsBegin, rowsEnd));
  auto onGrid = builder_.create<scf::IfOp>(loc_, inside, /*withElseRegion=*/false);
  builder_.setInsertionPoint(onGrid.thenBlock()->getTerminator());
  Value t = stepAt(loop, begin, end, builder_.create<arith::AddIOp>(loc_, first, k));
  computeSlots(loop, t);
  const PlaneRows rows{x, rowsBegin, rowsEnd, parallelRows};
  for (const StepAction &action : step.actions) {
    if (!action.sweep.empty())
      lowerSweep(action.sweep, &rows);
    else if (auto inject = dyn_cast<InjectOp>(action.op))
      lowerInject(inject, t, &rows);
    else
      captureInterpolate(cast<InterpolateOp>(action.op), captures.lookup(action.op), k, rows);
  }
}

struct StencilToLoopsPass : strata::impl::StencilToLoopsBase<StencilToLoopsPass> {
  using StencilToLoopsBase::StencilToLoopsBase;

  void runOnOperation() override {
    if (vectorWidth < 0 || blockSize < 0 || timeTile < 0 || timeTileRows < 0) {
      getOperation().emitError("strata-stencil-to-loops: vector-width, block, time-tile and "
                               "time-tile-rows must be >= 0");
      return signalPassFailure();
    }
    if (prefetchBytes < 0) {
      getOperation().emitError("strata-stencil-to-loops: prefetch must be >= 0");
      return signalPassFailure();
    }
    strata::StencilToLoopsOptions options{
        parallel,         vectorWidth,    fuseSweeps,    blockSize,     timeTile,  timeTileRows,
        timeTileMinBytes, skipZeroInputs, shareRowLoads, prefetchBytes, gridShape, alignRows};
    SmallVector<ProgramOp> programs(getOperation().getOps<ProgramOp>());
    for (ProgramOp program : programs)
      if (failed(ProgramLowering(program, options).run()))
        return signalPassFailure();
  }
};

} // namespace
