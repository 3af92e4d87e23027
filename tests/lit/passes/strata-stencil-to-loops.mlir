// RUN: strata-opt --split-input-file --strata-stencil-to-loops --canonicalize %s | FileCheck %s
// RUN: strata-opt --split-input-file --strata-stencil-to-loops=parallel=false %s | FileCheck %s --check-prefix=SERIAL

// CHECK-LABEL: func.func @wave(
// CHECK-SAME: %[[U:[a-z0-9]+]]: memref<3x?x?xf32, strided<[?, ?, 1]>> {stencil.name = "u"}
// CHECK-SAME: %[[M:[a-z0-9]+]]: memref<?x?xf32, strided<[?, 1]>> {stencil.name = "m"}
// CHECK-SAME: %[[AMP:[a-z0-9]+]]: memref<?x?xf32> {stencil.name = "s.amplitudes"}
// CHECK-SAME: %[[SUP:[a-z0-9]+]]: memref<?x?x2xi64> {stencil.name = "s.support"}
// CHECK-SAME: %[[W:[a-z0-9]+]]: memref<?x?xf32> {stencil.name = "s.weights"}
// CHECK-SAME: %[[C:[a-z0-9]+]]: f32 {stencil.name = "c"}
// CHECK-SAME: %[[B:[a-z0-9]+]]: index {stencil.name = "time_begin"}
// CHECK-SAME: %[[E:[a-z0-9]+]]: index {stencil.name = "time_end"}
// CHECK-SAME: attributes {llvm.emit_c_interface, stencil.halo = array<i64: 1, 2>}
// The interior is [halo, extent - halo) along each axis.
// CHECK: %[[NX:.*]] = memref.dim %[[U]], %c1
// CHECK: %[[HX:.*]] = arith.subi %[[NX]], %c1
// CHECK: %[[NZ:.*]] = memref.dim %[[U]], %c2
// CHECK: %[[HZ:.*]] = arith.subi %[[NZ]], %c2
// CHECK: scf.for %[[T:.*]] = %[[B]] to %[[E]] step
// Level t+k lives in buffer (t + k + 3) mod 3.
// CHECK-DAG: %[[TM1:.*]] = arith.addi %[[T]], %c2
// CHECK-DAG: %[[SM1:.*]] = arith.remui %[[TM1]], %c3
// CHECK-DAG: %[[TP1:.*]] = arith.addi %[[T]], %c4
// CHECK-DAG: %[[SP1:.*]] = arith.remui %[[TP1]], %c3
// The outermost axis is parallel, the contiguous one a sequential inner loop.
// CHECK: scf.parallel (%[[I:.*]]) = (%c1) to (%[[HX]])
// CHECK: scf.for %[[J:.*]] = %c2 to %[[HZ]]
// CHECK: memref.load %[[U]][%[[SM1]], %[[I]], %{{.*}}]
// CHECK: memref.load %[[M]][%{{.*}}, %[[J]]]
// CHECK: memref.store %{{.*}}, %[[U]][%[[SP1]], %[[I]], %[[J]]]
// Injection: points in order, each support entry adds weight * amplitude * coefficient.
// CHECK: scf.for %[[P:.*]] = %c0 to
// CHECK: scf.for %[[Q:.*]] = %c0 to
// CHECK: memref.load %[[SUP]][%[[P]], %[[Q]], %c0]
// CHECK: memref.load %[[W]][%[[P]], %[[Q]]]
// CHECK: memref.load %[[AMP]][%[[T]], %[[P]]]
// CHECK: memref.store %{{.*}}, %[[U]][%[[SP1]],
// SERIAL-LABEL: func.func @wave(
// SERIAL-NOT: scf.parallel
stencil.program @wave(%u: !stencil.field<2 x f32, levels = 3> {stencil.name = "u"},
                      %m: !stencil.field<2 x f32> {stencil.name = "m"},
                      %s: !stencil.points<2 x f32> {stencil.name = "s"},
                      %c: f32 {stencil.name = "c"},
                      %b: index {stencil.name = "time_begin"}, %e: index {stencil.name = "time_end"})
    attributes {dims = 2 : i64, halo = array<i64: 1, 2>} {
  stencil.time_loop %b to %e {
    stencil.apply %u : !stencil.field<2 x f32, levels = 3> {
      %a = stencil.access %u[0, -2] time = -1 : !stencil.field<2 x f32, levels = 3>
      %x = stencil.access %m[1, 0] : !stencil.field<2 x f32>
      %p = arith.mulf %a, %x : f32
      stencil.return %p : f32
    }
    stencil.inject %s into %u : !stencil.points<2 x f32>, !stencil.field<2 x f32, levels = 3> {
      stencil.return %c : f32
    }
  }
}

// -----

// Receivers: a weighted sum over each point's support, stored in the step's row.
// CHECK-LABEL: func.func @record(
// CHECK-SAME: %[[U:[a-z0-9]+]]: memref<2x?xf64, strided<[?, 1]>>
// CHECK-SAME: %[[AMP:[a-z0-9]+]]: memref<?x?xf64> {stencil.name = "r.amplitudes"}
// CHECK: scf.for %[[T:[a-z0-9]+]] =
// CHECK: scf.for %[[P:[a-z0-9]+]] =
// CHECK: %[[SUM:.*]] = scf.for {{.*}} iter_args(%[[ACC:.*]] = %{{.*}}) -> (f64)
// CHECK: %[[V:.*]] = memref.load %[[U]]
// CHECK: %[[WV:.*]] = arith.mulf %{{.*}}, %[[V]] : f64
// CHECK: %[[NEXT:.*]] = arith.addf %[[ACC]], %[[WV]] : f64
// CHECK: scf.yield %[[NEXT]] : f64
// CHECK: memref.store %[[SUM]], %[[AMP]][%[[T]], %[[P]]]
stencil.program @record(%u: !stencil.field<1 x f64, levels = 2> {stencil.name = "u"},
                        %r: !stencil.points<1 x f64> {stencil.name = "r"},
                        %b: index {stencil.name = "time_begin"}, %e: index {stencil.name = "time_end"})
    attributes {dims = 1 : i64, halo = array<i64: 0>} {
  stencil.time_loop %b to %e {
    stencil.interpolate %r : !stencil.points<1 x f64> {
      %v = stencil.access %u[0] : !stencil.field<1 x f64, levels = 2>
      stencil.return %v : f64
    }
  }
}
