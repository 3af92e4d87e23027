// The loop optimizations of strata-stencil-to-loops: explicit SIMD along the contiguous
// axis (vector-width), one loop nest for sweeps that can share it (fuse-sweeps), and cache
// blocking of y in 3D (block). Each keeps every point's operations and their order.
// RUN: strata-opt --split-input-file --strata-stencil-to-loops="vector-width=8" --canonicalize %s | FileCheck %s --check-prefix=VEC
// RUN: strata-opt --split-input-file --strata-stencil-to-loops="fuse-sweeps=true" --canonicalize %s | FileCheck %s --check-prefix=FUSE
// RUN: strata-opt --split-input-file --strata-stencil-to-loops="block=16" --canonicalize %s | FileCheck %s --check-prefix=BLOCK
// RUN: strata-opt --split-input-file --strata-stencil-to-loops %s | FileCheck %s --check-prefix=PLAIN
// RUN: not strata-opt --split-input-file --strata-stencil-to-loops="vector-width=-4" %s 2>&1 | FileCheck %s --check-prefix=BAD
// RUN: not strata-opt --split-input-file --strata-stencil-to-loops="time-tile=3 time-tile-rows=-8" %s 2>&1 | FileCheck %s --check-prefix=BAD

// BAD: vector-width, block, time-tile and time-tile-rows must be >= 0

!U = !stencil.field<2 x f32, levels = 3>
!M = !stencil.field<2 x f32>

// VEC-LABEL: func.func @wave(
// Whole vectors of 8 points, then the remaining points.
// VEC: %[[HI:.*]] = arith.subi %[[NZ:.*]], %c2
// VEC: scf.parallel
// VEC: %[[N:.*]] = arith.subi %[[NZ]], %c4
// VEC: %[[Q:.*]] = arith.divui %[[N]], %c8
// VEC: %[[W:.*]] = arith.muli %[[Q]], %c8
// VEC: %[[END:.*]] = arith.addi %[[W]], %c2
// VEC: scf.for %[[Z:.*]] = %c2 to %[[END]] step %c8
// VEC: vector.load %{{.*}}[%{{.*}}, %{{.*}}, %{{.*}}] : memref<3x?x?xf32, strided<[?, ?, 1]>>, vector<8xf32>
// Scalars that do not depend on the point stay scalar and are broadcast where they meet
// vectors.
// VEC: arith.mulf %{{.*}}, %{{.*}} : f32
// VEC: vector.broadcast %{{.*}} : f32 to vector<8xf32>
// VEC: arith.mulf %{{.*}}, %{{.*}} : vector<8xf32>
// VEC: vector.store %{{.*}}, %{{.*}}[%{{.*}}, %{{.*}}, %[[Z]]] : memref<3x?x?xf32, strided<[?, ?, 1]>>, vector<8xf32>
// The remaining points: one vector masked to the lanes that are points (masked-off lanes do
// not touch memory).
// VEC: %[[REST:.*]] = arith.subi %[[HI]], %[[END]]
// VEC: %[[MASK:.*]] = vector.create_mask %[[REST]] : vector<8xi1>
// VEC: vector.maskedload %{{.*}}[%{{.*}}, %{{.*}}, %{{.*}}], %[[MASK]], %{{.*}} : memref<3x?x?xf32, strided<[?, ?, 1]>>, vector<8xi1>, vector<8xf32> into vector<8xf32>
// VEC: vector.maskedstore %{{.*}}[%{{.*}}, %{{.*}}, %[[END]]], %[[MASK]], %{{.*}} : memref<3x?x?xf32, strided<[?, ?, 1]>>, vector<8xi1>, vector<8xf32>
// PLAIN-LABEL: func.func @wave(
// PLAIN-NOT: vector.
// PLAIN: return
stencil.program @wave(%u: !U {stencil.name = "u"}, %m: !M {stencil.name = "m"},
                      %c: f32 {stencil.name = "c"},
                      %b: index {stencil.name = "time_begin"}, %e: index {stencil.name = "time_end"})
    attributes {dims = 2 : i64, halo = array<i64: 1, 2>} {
  stencil.time_loop %b to %e {
    stencil.apply %u : !U {
      %l = stencil.access %u[0, -2] : !U
      %r = stencil.access %u[0, 2] : !U
      %o = stencil.access %u[0, 0] time = -1 : !U
      %x = stencil.access %m[1, 0] : !M
      %cc = arith.mulf %c, %c : f32
      %s = arith.addf %l, %r : f32
      %p = arith.mulf %s, %cc : f32
      %q = arith.mulf %p, %x : f32
      %v = arith.subf %q, %o : f32
      stencil.return %v : f32
    }
  }
}

// -----

!U = !stencil.field<2 x f32, levels = 3>
!M = !stencil.field<2 x f32>
!P = !stencil.points<2 x f32>

// An adjoint's step: clear the oldest level, inject at the receivers, record at the
// sources, then two gathers. With fuse-sweeps the clear and the first gather (level -1)
// move past the injection and the interpolation, which touch neither level -1 nor what
// they read, and meet the second gather: all three share one loop nest, which reads level
// 1 around the point and writes levels -1 and 0 at the point only. The second gather still
// runs after the injection into level 0, as written.
// FUSE-LABEL: func.func @adjoint_step(
// FUSE: scf.for
// The injection into level 0, then the interpolation:
// FUSE: memref.load %{{.*}}[%{{.*}}, %{{.*}}, %c0] : memref<?x?x2xi64>
// FUSE: memref.store %{{.*}}, %[[U:.*]][%[[NEW:.*]], %{{.*}}, %{{.*}}] : memref<3x?x?xf32, strided<[?, ?, 1]>>
// FUSE: scf.yield
// FUSE: memref.store %{{.*}}, %{{.*}}[%{{.*}}, %{{.*}}] : memref<?x?xf32>
// One nest for the three sweeps, in order at each point:
// FUSE: scf.parallel (%[[I:.*]]) =
// FUSE: scf.for %[[J:.*]] =
// FUSE: memref.store %cst, %[[U]][%[[OLD:.*]], %[[I]], %[[J]]]
// FUSE: memref.load %[[U]][%[[OLD]], %[[I]], %[[J]]]
// FUSE: memref.store %{{.*}}, %[[U]][%[[OLD]], %[[I]], %[[J]]]
// FUSE: memref.load %[[U]][%[[NEW]], %[[I]], %[[J]]]
// FUSE: memref.store %{{.*}}, %[[U]][%[[NEW]], %[[I]], %[[J]]]
// FUSE-NOT: scf.parallel
// FUSE: return
// Without fusion: one nest per sweep.
// PLAIN-LABEL: func.func @adjoint_step(
// PLAIN-COUNT-3: scf.parallel
stencil.program @adjoint_step(%u: !U {stencil.name = "u"}, %m: !M {stencil.name = "m"},
                              %rec: !P {stencil.name = "rec"}, %src: !P {stencil.name = "src"},
                              %b: index {stencil.name = "time_begin"},
                              %e: index {stencil.name = "time_end"})
    attributes {dims = 2 : i64, halo = array<i64: 1, 1>} {
  stencil.time_loop reverse %b to %e {
    stencil.apply %u level = -1 : !U {
      %zero = arith.constant 0.0 : f32
      stencil.return %zero : f32
    }
    stencil.apply %u level = -1 accumulate : !U {
      %a = stencil.access %u[0, 0] time = 1 : !U
      %x = stencil.access %m[0, 0] : !M
      %p = arith.mulf %a, %x : f32
      stencil.return %p : f32
    }
    stencil.inject %rec into %u level = 0 : !P, !U {
      %one = arith.constant 1.0 : f32
      stencil.return %one : f32
    }
    stencil.interpolate %src : !P {
      %a = stencil.access %u[0, 0] time = 1 : !U
      stencil.return %a : f32
    }
    stencil.apply %u level = 0 accumulate : !U {
      %l = stencil.access %u[-1, 0] time = 1 : !U
      %r = stencil.access %u[1, 0] time = 1 : !U
      %s = arith.addf %l, %r : f32
      stencil.return %s : f32
    }
  }
}

// -----

!U = !stencil.field<3 x f32, levels = 2>

// Cache blocking in 3D: the threads share out blocks of 16 y rows; x runs over the whole
// grid inside each block.
// BLOCK-LABEL: func.func @heat3d(
// BLOCK: scf.parallel (%[[YB:.*]]) = (%c1) to (%{{.*}}) step (%c16)
// BLOCK: %[[YE0:.*]] = arith.addi %[[YB]], %c16
// BLOCK: %[[YE:.*]] = arith.minui %[[YE0]], %{{.*}}
// BLOCK: scf.for %[[X:.*]] = %c1 to
// BLOCK: scf.for %[[Y:.*]] = %[[YB]] to %[[YE]] step %c1
// BLOCK: scf.for %[[Z:.*]] = %c1 to
// BLOCK: memref.store %{{.*}}, %{{.*}}[%{{.*}}, %[[X]], %[[Y]], %[[Z]]]
stencil.program @heat3d(%u: !U {stencil.name = "u"},
                        %b: index {stencil.name = "time_begin"},
                        %e: index {stencil.name = "time_end"})
    attributes {dims = 3 : i64, halo = array<i64: 1, 1, 1>} {
  stencil.time_loop %b to %e {
    stencil.apply %u : !U {
      %c = stencil.access %u[0, 0, 0] : !U
      %l = stencil.access %u[-1, 0, 0] : !U
      %r = stencil.access %u[0, 1, 0] : !U
      %s = arith.addf %l, %r : f32
      %t = arith.addf %s, %c : f32
      stencil.return %t : f32
    }
  }
}
