// Temporal blocking in strata-stencil-to-loops (time-tile=T): wavefronts along x for 3D
// time loops, forward or reversed (adjoint), made of one sweep plus injections into what it
// writes and interpolations around it; with time-tile-rows, split tiling along y.
// RUN: strata-opt --split-input-file --strata-stencil-to-loops="time-tile=3 fuse-sweeps=1" --canonicalize %s | FileCheck %s
// RUN: strata-opt --split-input-file --strata-stencil-to-loops="time-tile=3 time-tile-min-bytes=1000000" --canonicalize %s | FileCheck %s --check-prefix=AUTO
// RUN: strata-opt --split-input-file --strata-stencil-to-loops %s | FileCheck %s --check-prefix=OFF
// RUN: strata-opt --split-input-file --strata-stencil-to-loops="time-tile=3 time-tile-rows=8" --canonicalize %s | FileCheck %s --check-prefix=ROWS

!U = !stencil.field<3 x f32, levels = 3>
!M = !stencil.field<3 x f32>
!P = !stencil.points<3 x f32>

// CHECK-LABEL: func.func @wave(
// Before the time loop, each points argument's support entries sorted by plane (counting
// sort): entries per plane, their prefix sums, each entry at its place (p * entries + c).
// CHECK: %[[START:.*]] = memref.alloc(%{{.*}}) : memref<?xindex>
// CHECK: %[[FILL:.*]] = memref.alloc(%{{.*}}) : memref<?xindex>
// CHECK: %[[ORDER:.*]] = memref.alloc(%{{.*}}) : memref<?xindex>
// CHECK: memref.store %{{.*}}, %[[ORDER]][%{{.*}}] : memref<?xindex>
// CHECK: memref.dealloc %[[FILL]]
// The receivers' values of a tile's steps, captured as the points are done: T x points x entries.
// CHECK: %[[CAPTURED:.*]] = memref.alloc(%{{.*}}, %{{.*}}) : memref<3x?x?xf32>
// Tiles of 3 steps; wavefront positions; the steps of the tile; plane x = w - k * 2 (the
// stencil's reach along x; receivers do not widen it).
// CHECK: scf.for %[[T0:.*]] = %arg8 to %arg9 step %c3 {
// CHECK: scf.for %[[W:.*]] =
// CHECK: scf.for %[[K:.*]] = %c0 to
// CHECK: %[[LAG:.*]] = arith.muli %[[K]], %c2
// CHECK: %[[X:.*]] = arith.subi %[[W]], %[[LAG]]
// CHECK: scf.if
// CHECK: %[[T:.*]] = arith.addi %[[T0]], %[[K]]
// The plane: its y rows in parallel.
// CHECK: scf.parallel
// CHECK: memref.store %{{.*}}, %{{.*}}[%{{.*}}, %[[X]], %{{.*}}, %{{.*}}] : memref<3x?x?x?xf32, strided<[?, ?, ?, 1]>>
// Injection: the support entries of this plane (from the sorted order), on its rows.
// CHECK: %[[FROM:.*]] = memref.load %[[START]][%{{.*}}] : memref<?xindex>
// CHECK: %[[TO:.*]] = memref.load %[[START]][%{{.*}}] : memref<?xindex>
// CHECK: scf.for %{{.*}} = %[[FROM]] to %[[TO]]
// CHECK: memref.load %[[ORDER]][%{{.*}}] : memref<?xindex>
// CHECK: arith.divui
// CHECK: arith.remui
// CHECK-DAG: arith.cmpi sge
// CHECK-DAG: arith.cmpi slt
// CHECK: scf.if
// CHECK: memref.load %{{.*}}[%[[T]], %{{.*}}] : memref<?x?xf32>
// Interpolation: each entry's value on this plane captured for step k of the tile.
// CHECK: scf.if
// CHECK: memref.store %{{.*}}, %[[CAPTURED]][%[[K]], %{{.*}}, %{{.*}}] : memref<3x?x?xf32>
// After the tile's wavefronts: each step's traces, summed over the entries in order.
// CHECK: scf.for %[[KS:.*]] = %c0 to
// CHECK: %[[TS:.*]] = arith.addi %[[T0]], %[[KS]]
// CHECK: scf.for
// CHECK: scf.for {{.*}} iter_args
// CHECK: memref.load %[[CAPTURED]][%[[KS]], %{{.*}}, %{{.*}}] : memref<3x?x?xf32>
// CHECK: memref.store %{{.*}}, %{{.*}}[%[[TS]], %{{.*}}] : memref<?x?xf32>
// CHECK: memref.dealloc %[[CAPTURED]]
// Split tiling along y (time-tile-rows): blocks of max(6, min(8, ny / 2)) rows (6 = 2 T
// times the reach along y), tiled only with two blocks at least (ny >= 12), else step by step.
// ROWS-LABEL: func.func @wave(
// ROWS-SAME: stencil.time_tile = 3 : i64, stencil.time_tile_rows = 8 : i64
// ROWS: %[[NY:.*]] = arith.subi %dim_{{[0-9]+}}, %c2 : index
// ROWS: %[[ENOUGH:.*]] = arith.cmpi sge, %[[NY]], %c12
// ROWS: scf.if %[[ENOUGH]] {
// ROWS: scf.for %[[T0:.*]] = %arg8 to %arg9 step %c3 {
// ROWS: %[[HALF:.*]] = arith.divui %{{.*}}, %c2
// ROWS: %[[UPTO:.*]] = arith.minsi %[[HALF]], %c8
// ROWS: %[[B:.*]] = arith.maxsi %[[UPTO]], %c6
// ROWS: %[[BLOCKS:.*]] = arith.divui %{{.*}}, %[[B]]
// Phase 1, one thread per block: trapezoids, whose inner edges move in by k rows per step.
// ROWS: scf.parallel (%[[I:.*]]) = (%c0) to (%[[BLOCKS]])
// ROWS: scf.for %[[W:.*]] =
// ROWS: scf.for %[[K:.*]] = %c0 to
// ROWS: %[[FROM:.*]] = arith.select %{{.*}}, %{{.*}}, %{{.*}} : index
// ROWS: %[[TO:.*]] = arith.select %{{.*}}, %{{.*}}, %{{.*}} : index
// ROWS: scf.if
// The block's rows of the plane, one after the other (no nested parallel loop).
// ROWS-NOT: scf.parallel
// ROWS: scf.for %{{.*}} = %[[FROM]] to %[[TO]] step %c1 {
// ROWS: scf.reduce
// Phase 2: the triangles around each boundary b between blocks, rows [b - k, b + k).
// ROWS: scf.parallel (%[[J:.*]]) = (%c1) to (%[[BLOCKS]])
// ROWS: %[[BJ:.*]] = arith.muli %[[J]], %[[B]]
// ROWS: scf.for
// ROWS: scf.for %[[K2:.*]] = %c0 to
// ROWS: arith.subi %{{.*}}, %[[K2]]
// ROWS: arith.addi %{{.*}}, %[[K2]]
// ROWS: scf.reduce
// Then the receivers' sums; fewer rows: step by step.
// ROWS: memref.load %{{.*}} : memref<3x?x?xf32>
// ROWS: } else {
// ROWS: scf.for %{{.*}} = %arg8 to %arg9 step %c1 {
// With a size threshold the choice is made at run time: tiled above, step by step below.
// AUTO-LABEL: func.func @wave(
// AUTO: %[[BIG:.*]] = arith.cmpi sge, %{{.*}}, %c1000000
// AUTO: scf.if %[[BIG]] {
// AUTO: memref.alloc
// AUTO: } else {
// AUTO: scf.for
// AUTO: scf.parallel
// OFF-LABEL: func.func @wave(
// OFF-NOT: memref.alloc
// OFF: return
stencil.program @wave(%u: !U {stencil.name = "u"}, %m: !M {stencil.name = "m"},
                      %src: !P {stencil.name = "src"}, %rec: !P {stencil.name = "rec"},
                      %b: index {stencil.name = "time_begin"}, %e: index {stencil.name = "time_end"})
    attributes {dims = 3 : i64, halo = array<i64: 2, 1, 1>} {
  stencil.time_loop %b to %e {
    stencil.apply %u : !U {
      %l = stencil.access %u[-2, 0, 0] : !U
      %r = stencil.access %u[2, 0, 0] : !U
      %o = stencil.access %u[0, 0, 0] time = -1 : !U
      %x = stencil.access %m[0, 0, 0] : !M
      %s = arith.addf %l, %r : f32
      %p = arith.mulf %s, %x : f32
      %v = arith.subf %p, %o : f32
      stencil.return %v : f32
    }
    stencil.inject %src into %u : !P, !U {
      %one = arith.constant 1.0 : f32
      stencil.return %one : f32
    }
    stencil.interpolate %rec : !P {
      %a = stencil.access %u[0, 0, 0] time = 1 : !U
      stencil.return %a : f32
    }
  }
}

// -----

!U = !stencil.field<3 x f32, levels = 3>
!M = !stencil.field<3 x f32>
!P = !stencil.points<3 x f32>

// An adjoint step: injection into level t (before the sweep that accumulates into it),
// source traces from level t+1, then one sweep writing levels t-1 and t. Time runs
// backwards: step index t = begin + end - 1 - (tile start + k). The traces' level t+1 is
// overwritten by the very next step (it clears level t-1, the same slot), which captured
// values do not mind: the skew stays the reach (1).
// CHECK-LABEL: func.func @backwards(
// CHECK-SAME: stencil.time_tile = 3
// CHECK: %[[CAPTURED:.*]] = memref.alloc(%{{.*}}, %{{.*}}) : memref<3x?x?xf32>
// CHECK: scf.for %[[T0:.*]] = %arg8 to %arg9 step %c3 {
// CHECK: scf.for %[[W:.*]] =
// CHECK: scf.for %[[K:.*]] = %c0 to
// CHECK: %[[X:.*]] = arith.subi %[[W]], %[[K]]
// CHECK: scf.if
// CHECK: %[[I:.*]] = arith.addi %[[T0]], %[[K]]
// CHECK: %[[SPAN:.*]] = arith.addi %arg8, %arg9
// CHECK: %[[LASTSTEP:.*]] = arith.subi %[[SPAN]], %c1
// CHECK: %[[T:.*]] = arith.subi %[[LASTSTEP]], %[[I]]
// Injection first, on this plane only (its entries from the plane index); then the traces'
// values captured; then the sweep's plane.
// CHECK: %[[PLANE:.*]] = arith.subi %[[X]], %c1 : index
// CHECK: memref.load %{{.*}}[%[[PLANE]]] : memref<?xindex>
// CHECK: memref.load %{{.*}}[%[[T]], %{{.*}}] : memref<?x?xf32>
// CHECK: memref.store %{{.*}}, %[[CAPTURED]][%[[K]], %{{.*}}, %{{.*}}] : memref<3x?x?xf32>
// CHECK: scf.parallel
// CHECK: memref.store %{{.*}}, %{{.*}}[%{{.*}}, %[[X]], %{{.*}}, %{{.*}}] : memref<3x?x?x?xf32, strided<[?, ?, ?, 1]>>
// The traces after the tile, at the steps' own indices.
// CHECK: memref.load %[[CAPTURED]]
// CHECK: memref.store %{{.*}}, %{{.*}}[%{{.*}}, %{{.*}}] : memref<?x?xf32>
// CHECK: memref.dealloc %[[CAPTURED]]
stencil.program @backwards(%u: !U {stencil.name = "u"}, %m: !M {stencil.name = "m"},
                           %src: !P {stencil.name = "src"}, %rec: !P {stencil.name = "rec"},
                           %b: index {stencil.name = "time_begin"},
                           %e: index {stencil.name = "time_end"})
    attributes {dims = 3 : i64, halo = array<i64: 1, 1, 1>} {
  stencil.time_loop reverse %b to %e {
    stencil.inject %rec into %u level = 0 : !P, !U {
      %one = arith.constant 1.0 : f32
      stencil.return %one : f32
    }
    stencil.interpolate %src : !P {
      %a = stencil.access %u[0, 0, 0] time = 1 : !U
      stencil.return %a : f32
    }
    stencil.apply %u level = -1 : !U {
      %a = stencil.access %u[0, 0, 0] time = 1 : !U
      %x = stencil.access %m[0, 0, 0] : !M
      %p = arith.mulf %a, %x : f32
      stencil.return %p : f32
    }
    stencil.apply %u level = 0 accumulate : !U {
      %a = stencil.access %u[1, 0, 0] time = 1 : !U
      %c = stencil.access %u[-1, 0, 0] time = 1 : !U
      %s = arith.addf %a, %c : f32
      stencil.return %s : f32
    }
  }
}

// -----

!U = !stencil.field<3 x f32, levels = 3>
!M = !stencil.field<3 x f32>
!P = !stencil.points<3 x f32>

// Not tiled: the traces read level t, which the sweep after them changes; captured plane by
// plane, they would see some planes already updated.
// CHECK-LABEL: func.func @reads_before_update(
// CHECK-NOT: stencil.time_tile
// CHECK-NOT: memref.alloc
// CHECK: return
stencil.program @reads_before_update(%u: !U {stencil.name = "u"},
                                     %rec: !P {stencil.name = "rec"},
                                     %b: index {stencil.name = "time_begin"},
                                     %e: index {stencil.name = "time_end"})
    attributes {dims = 3 : i64, halo = array<i64: 1, 1, 1>} {
  stencil.time_loop reverse %b to %e {
    stencil.interpolate %rec : !P {
      %a = stencil.access %u[0, 0, 0] : !U
      stencil.return %a : f32
    }
    stencil.apply %u level = 0 accumulate : !U {
      %a = stencil.access %u[1, 0, 0] time = 1 : !U
      stencil.return %a : f32
    }
  }
}

// -----

!U = !stencil.field<3 x f32, levels = 3>
!M = !stencil.field<3 x f32>

// Not tiled: the sweep also writes a field that is not a state (a gradient accumulated at
// every step).
// CHECK-LABEL: func.func @writes_input(
// CHECK-NOT: stencil.time_tile
// CHECK: return
stencil.program @writes_input(%u: !U {stencil.name = "u"}, %g: !M {stencil.name = "g"},
                              %b: index {stencil.name = "time_begin"},
                              %e: index {stencil.name = "time_end"})
    attributes {dims = 3 : i64, halo = array<i64: 1, 1, 1>} {
  stencil.time_loop reverse %b to %e {
    stencil.apply %u, %g level = 0 accumulate : !U, !M {
      %a = stencil.access %u[1, 0, 0] time = 1 : !U
      stencil.return %a, %a : f32, f32
    }
  }
}
