// Temporal blocking in strata-stencil-to-loops (time-tile=T): wavefronts along x for 3D
// time loops, forward or reversed (adjoint), made of one sweep plus injections into what it
// writes and interpolations around it.
// RUN: strata-opt --split-input-file --strata-stencil-to-loops="time-tile=3 fuse-sweeps=1" --canonicalize %s | FileCheck %s
// RUN: strata-opt --split-input-file --strata-stencil-to-loops="time-tile=3 time-tile-min-bytes=1000000" --canonicalize %s | FileCheck %s --check-prefix=AUTO
// RUN: strata-opt --split-input-file --strata-stencil-to-loops %s | FileCheck %s --check-prefix=OFF

!U = !stencil.field<3 x f32, levels = 3>
!M = !stencil.field<3 x f32>
!P = !stencil.points<3 x f32>

// CHECK-LABEL: func.func @wave(
// Each receiver's last support plane, and the skew its support needs: ceil(width / 3), since
// the level it records (t+1) is overwritten 3 steps later; at least the stencil's reach (2).
// CHECK: %[[LAST:.*]] = memref.alloc(%{{.*}}) : memref<?xindex>
// CHECK: %[[WIDTH:.*]] = scf.for
// CHECK: memref.store %{{.*}}, %[[LAST]][%{{.*}}] : memref<?xindex>
// CHECK: %[[ROUND:.*]] = arith.addi %[[WIDTH]], %c2
// CHECK: %[[Q:.*]] = arith.divui %[[ROUND]], %c3
// CHECK: %[[SKEW:.*]] = arith.maxsi %[[Q]], %c2
// Tiles of 3 steps; wavefront positions; the steps of the tile; plane x = w - k * skew.
// CHECK: scf.for %[[T0:.*]] = %arg8 to %arg9 step %c3 {
// CHECK: scf.for %[[W:.*]] =
// CHECK: scf.for %[[K:.*]] = %c0 to
// CHECK: %[[LAG:.*]] = arith.muli %[[K]], %[[SKEW]]
// CHECK: %[[X:.*]] = arith.subi %[[W]], %[[LAG]]
// CHECK: scf.if
// CHECK: %[[T:.*]] = arith.addi %[[T0]], %[[K]]
// The plane: its y rows in parallel.
// CHECK: scf.parallel
// CHECK: memref.store %{{.*}}, %{{.*}}[%{{.*}}, %[[X]], %{{.*}}, %{{.*}}] : memref<3x?x?x?xf32, strided<[?, ?, ?, 1]>>
// Injection: only the support entries on this plane.
// CHECK: arith.cmpi eq, %{{.*}}, %[[X]] : index
// CHECK: scf.if
// CHECK: memref.load %{{.*}}[%[[T]], %{{.*}}] : memref<?x?xf32>
// Interpolation: the receivers whose last support plane this is.
// CHECK: memref.load %[[LAST]][%{{.*}}] : memref<?xindex>
// CHECK: scf.if
// CHECK: memref.store %{{.*}}, %{{.*}}[%[[T]], %{{.*}}] : memref<?x?xf32>
// CHECK: memref.dealloc %[[LAST]]
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
// backwards: step index t = begin + end - 1 - (tile start + k). The traces' level t+1 is overwritten
// by the very next step (it clears level t-1, the same slot), so the skew is
// ceil(width / 1), at least the reach (1).
// CHECK-LABEL: func.func @backwards(
// CHECK-SAME: stencil.time_tile = 3
// CHECK: %[[LAST:.*]] = memref.alloc(%{{.*}}) : memref<?xindex>
// CHECK: %[[WIDTH:.*]] = scf.for
// CHECK: %[[SKEW:.*]] = arith.maxsi %[[WIDTH]], %c1
// CHECK: scf.for %[[T0:.*]] = %arg8 to %arg9 step %c3 {
// CHECK: scf.for %[[W:.*]] =
// CHECK: scf.for %[[K:.*]] = %c0 to
// CHECK: %[[LAG:.*]] = arith.muli %[[K]], %[[SKEW]]
// CHECK: %[[X:.*]] = arith.subi %[[W]], %[[LAG]]
// CHECK: scf.if
// CHECK: %[[I:.*]] = arith.addi %[[T0]], %[[K]]
// CHECK: %[[SPAN:.*]] = arith.addi %arg8, %arg9
// CHECK: %[[LASTSTEP:.*]] = arith.subi %[[SPAN]], %c1
// CHECK: %[[T:.*]] = arith.subi %[[LASTSTEP]], %[[I]]
// Injection first, on this plane only; then the traces; then the sweep's plane.
// CHECK: arith.cmpi eq, %{{.*}}, %[[X]] : index
// CHECK: memref.load %{{.*}}[%[[T]], %{{.*}}] : memref<?x?xf32>
// CHECK: memref.load %[[LAST]][%{{.*}}] : memref<?xindex>
// CHECK: memref.store %{{.*}}, %{{.*}}[%[[T]], %{{.*}}] : memref<?x?xf32>
// CHECK: scf.parallel
// CHECK: memref.store %{{.*}}, %{{.*}}[%{{.*}}, %[[X]], %{{.*}}, %{{.*}}] : memref<3x?x?x?xf32, strided<[?, ?, ?, 1]>>
// CHECK: memref.dealloc %[[LAST]]
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

// Not tiled: the traces read level t, which the sweep after them changes; run when their
// last support plane is done, they would see some planes already updated.
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
