// prefetch=BYTES: at each whole vector, a software prefetch of every row the sweep reads
// there for the first time along the middle axes, BYTES ahead along the contiguous axis
// (64 bytes: 16 f32 or 8 f64 points). Rows are visited with the last middle axis (y in 3D,
// x in 2D) innermost, so per field, level and offsets along the outer axes only the row at
// the largest offset along that axis is new; the others were read one row before. Inputs
// read as +0.0 inside their zero box are not prefetched there, and the masked remainder
// of a row prefetches nothing.
// RUN: strata-opt --split-input-file --strata-stencil-to-loops="vector-width=8 prefetch=64 skip-zero-inputs=true fuse-sweeps=true" --canonicalize --cse %s | FileCheck %s
// RUN: strata-opt --split-input-file --strata-stencil-to-loops="vector-width=8 prefetch=64 time-tile=2" --canonicalize --cse %s | FileCheck %s --check-prefix=TILED
// RUN: strata-opt --split-input-file --strata-stencil-to-loops="vector-width=8" %s | FileCheck %s --check-prefix=OFF
// RUN: strata-opt --split-input-file --strata-stencil-to-loops="prefetch=64" %s | FileCheck %s --check-prefix=OFF
// RUN: not strata-opt --split-input-file --strata-stencil-to-loops="prefetch=-1" %s 2>&1 | FileCheck %s --check-prefix=NEGATIVE

!U = !stencil.field<3 x f32, levels = 3>
!M = !stencil.field<3 x f32>

// CHECK-LABEL: func.func @prefetched(
// CHECK-SAME: %[[U:[a-z0-9]+]]: memref<3x?x?x?xf32, {{.*}}> {stencil.name = "u"}
// CHECK-SAME: %[[M:[a-z0-9]+]]: memref<?x?x?xf32, strided<[?, ?, 1]>> {stencil.name = "m"}
// CHECK-SAME: %[[D:[a-z0-9]+]]: memref<?x?x?xf32, strided<[?, ?, 1]>> {stencil.name = "damp"}
// CHECK-SAME: stencil.prefetch = 64 : i64
// Rows inside the damping input's zero box: u at t (x - 1, y + 1 at x, x + 1), u at t - 1
// and m; not damp.
// CHECK: scf.for %[[Z:.*]] = %{{.*}} to %{{.*}} step %c8
// CHECK: %[[AHEAD:.*]] = arith.addi %[[Z]], %c16
// CHECK: memref.prefetch %[[U]][%[[T:.*]], %{{.*}}, %[[Y:.*]], %[[AHEAD]]], read, locality<3>, data
// CHECK: %[[NORTH:.*]] = arith.addi %[[Y]], %c1
// CHECK: memref.prefetch %[[U]][%[[T]], %[[X:.*]], %[[NORTH]], %[[AHEAD]]], read
// CHECK: memref.prefetch %[[U]][%[[T]], %{{.*}}, %[[Y]], %[[AHEAD]]], read
// CHECK: memref.prefetch %[[U]][%{{.*}}, %[[X]], %[[Y]], %[[AHEAD]]], read
// CHECK: memref.prefetch %[[M]][%[[X]], %[[Y]], %[[AHEAD]]], read
// CHECK-NOT: memref.prefetch
// CHECK: vector.load
// Rows outside it: damp too.
// CHECK: } else {
// CHECK: scf.for
// CHECK-COUNT-5: memref.prefetch
// CHECK-NEXT: memref.prefetch %[[D]][
// CHECK-NOT: memref.prefetch
// CHECK: vector.load
// The masked remainder:
// CHECK: vector.maskedload
// CHECK-NOT: memref.prefetch
// CHECK: return
// TILED-LABEL: func.func @prefetched(
// TILED-SAME: stencil.prefetch = 64 : i64
// TILED-SAME: stencil.time_tile = 2 : i64
// TILED-COUNT-6: memref.prefetch
// TILED-NOT: memref.prefetch
// TILED: return
// OFF-LABEL: func.func @prefetched(
// OFF-NOT: stencil.prefetch
// OFF-NOT: memref.prefetch
// OFF: return
// NEGATIVE: prefetch must be >= 0
stencil.program @prefetched(%u: !U {stencil.name = "u"}, %m: !M {stencil.name = "m"},
                            %d: !M {stencil.name = "damp", stencil.zero_interior},
                            %b: index {stencil.name = "time_begin"}, %e: index {stencil.name = "time_end"})
    attributes {dims = 3 : i64, halo = array<i64: 1, 1, 1>} {
  stencil.time_loop %b to %e {
    stencil.apply %u : !U {
      %w = stencil.access %u[-1, 0, 0] : !U
      %c = stencil.access %u[0, 0, 0] : !U
      %o = stencil.access %u[1, 0, 0] : !U
      %s = stencil.access %u[0, -1, 0] : !U
      %n = stencil.access %u[0, 1, 0] : !U
      %l = stencil.access %u[0, 0, -1] : !U
      %r = stencil.access %u[0, 0, 1] : !U
      %p = stencil.access %u[0, 0, 0] time = -1 : !U
      %x = stencil.access %m[0, 0, 0] : !M
      %y = stencil.access %d[0, 0, 0] : !M
      %s1 = arith.addf %w, %o : f32
      %s2 = arith.addf %s1, %s : f32
      %s3 = arith.addf %s2, %n : f32
      %s4 = arith.addf %s3, %l : f32
      %s5 = arith.addf %s4, %r : f32
      %s6 = arith.subf %s5, %c : f32
      %s7 = arith.mulf %s6, %x : f32
      %s8 = arith.mulf %y, %p : f32
      %v = arith.subf %s7, %s8 : f32
      stencil.return %v : f32
    }
  }
}

// -----

// 2D, f64: rows are x; only x + 2 is new for u at t (64 bytes: 8 points ahead).
!U = !stencil.field<2 x f64, levels = 2>

// CHECK-LABEL: func.func @plane(
// CHECK-SAME: %[[U:[a-z0-9]+]]: memref<2x?x?xf64
// CHECK: scf.parallel (%[[X:[a-z0-9]+]]) =
// CHECK: scf.for %[[Z:.*]] = %{{.*}} to %{{.*}} step %c8
// CHECK-DAG: %[[AHEAD:.*]] = arith.addi %[[Z]], %c8
// CHECK-DAG: %[[EAST:.*]] = arith.addi %[[X]], %c2
// CHECK: memref.prefetch %[[U]][%{{.*}}, %[[EAST]], %[[AHEAD]]], read
// CHECK-NOT: memref.prefetch
// CHECK: vector.load
// CHECK: return
stencil.program @plane(%u: !U {stencil.name = "u"},
                       %b: index {stencil.name = "time_begin"}, %e: index {stencil.name = "time_end"})
    attributes {dims = 2 : i64, halo = array<i64: 2, 1>} {
  stencil.time_loop %b to %e {
    stencil.apply %u : !U {
      %w = stencil.access %u[-2, 0] : !U
      %c = stencil.access %u[0, 0] : !U
      %o = stencil.access %u[2, 0] : !U
      %r = stencil.access %u[0, 1] : !U
      %s1 = arith.addf %w, %o : f64
      %s2 = arith.addf %s1, %c : f64
      %s3 = arith.addf %s2, %r : f64
      stencil.return %s3 : f64
    }
  }
}

// -----

// Accumulating applies read their targets at the point: dm (a gradient's) is prefetched;
// level -1 of v, cleared by the sweep's first apply just before, is not, whether accumulated
// to or read.
!V = !stencil.field<2 x f32, levels = 3>
!M = !stencil.field<2 x f32>

// CHECK-LABEL: func.func @accumulated(
// CHECK-SAME: %[[V:[a-z0-9]+]]: memref<3x?x?xf32
// CHECK-SAME: %[[DM:[a-z0-9]+]]: memref<?x?xf32, strided<[?, 1]>>
// CHECK: scf.for %[[Z:.*]] = %{{.*}} to %{{.*}} step %c8
// CHECK: %[[AHEAD:.*]] = arith.addi %[[Z]], %c16
// CHECK: memref.prefetch %[[V]][%{{.*}}, %{{.*}}, %[[AHEAD]]], read
// CHECK-NEXT: memref.prefetch %[[DM]][%{{.*}}, %[[AHEAD]]], read
// CHECK-NOT: memref.prefetch
// CHECK: vector.load
// CHECK: return
stencil.program @accumulated(%v: !V {stencil.name = "v"}, %dm: !M {stencil.name = "dm"},
                             %b: index {stencil.name = "time_begin"}, %e: index {stencil.name = "time_end"})
    attributes {dims = 2 : i64, halo = array<i64: 1, 1>} {
  stencil.time_loop %b to %e {
    stencil.apply %v level = -1 : !V {
      %zero = arith.constant 0.0 : f32
      stencil.return %zero : f32
    }
    stencil.apply %v level = -1 accumulate : !V {
      %c = stencil.access %v[1, 0] : !V
      stencil.return %c : f32
    }
    stencil.apply %dm level = 0 accumulate : !M {
      %c = stencil.access %v[0, 0] : !V
      %p = stencil.access %v[0, 0] time = -1 : !V
      %s = arith.mulf %c, %p : f32
      stencil.return %s : f32
    }
  }
}
