// skip-zero-inputs: a sweep that reads an input marked stencil.zero_interior runs the rows
// whose whole vectors all lie inside the input's zero box (a run-time argument, shrunk by how
// far the sweep reads the input from the point) with +0.0 in place of the input's loads, and
// every other row, and every row's masked remainder, with the usual body. Without the
// option, or when no sweep reads the input, the function has no box argument.
// RUN: strata-opt --split-input-file --strata-stencil-to-loops="vector-width=8 skip-zero-inputs=true" --canonicalize %s | FileCheck %s
// RUN: strata-opt --split-input-file --strata-stencil-to-loops="vector-width=8" --canonicalize %s | FileCheck %s --check-prefix=OFF

!U = !stencil.field<2 x f32, levels = 3>
!M = !stencil.field<2 x f32>

// CHECK-LABEL: func.func @damped(
// CHECK-SAME: %[[DAMP:[a-z0-9]+]]: memref<?x?xf32, strided<[?, 1]>> {stencil.name = "damp"}
// CHECK-SAME: %[[BOX:[a-z0-9]+]]: memref<2x2xi64> {stencil.name = "damp.zero_box", stencil.zero_box}
// The box's first and one-past-last index per axis, read once.
// CHECK: memref.load %[[BOX]][%c0, %c0]
// CHECK: memref.load %[[BOX]][%c1, %c0]
// CHECK: %[[LO1:.*]] = memref.load %[[BOX]][%c0, %c1]
// CHECK: %[[LO1I:.*]] = arith.index_cast %[[LO1]]
// CHECK: %[[HI1:.*]] = memref.load %[[BOX]][%c1, %c1]
// CHECK: %[[HI1I:.*]] = arith.index_cast %[[HI1]]
// damp is read one point ahead along z: the region starts one point later and ends one
// point earlier there, and stays within the interior.
// CHECK: scf.for
// CHECK: %[[START:.*]] = arith.addi %[[LO1I]], %c1
// CHECK: %[[FIRST:.*]] = arith.maxsi %[[START]], %c2
// CHECK: %[[STOP:.*]] = arith.subi %[[HI1I]], %c1
// CHECK: %[[LAST:.*]] = arith.minsi %{{.*}}, %[[STOP]]
// CHECK: scf.parallel (%[[X:.*]]) =
// CHECK: %[[VEND:.*]] = arith.addi %{{.*}}, %c2
// The row's whole vectors [2, VEND) all in the region, and the row (x) in it too?
// CHECK: %[[TOEND:.*]] = arith.cmpi sge, %[[LAST]], %[[VEND]]
// CHECK: %[[FROMSTART:.*]] = arith.cmpi sle, %[[FIRST]], %c2
// CHECK: %[[ALONG:.*]] = arith.andi %[[FROMSTART]], %[[TOEND]]
// CHECK: arith.cmpi sge, %[[X]], %{{.*}}
// CHECK: arith.cmpi slt, %[[X]], %{{.*}}
// CHECK: %[[WHOLE:.*]] = arith.andi
// Then: no load of damp, the same arithmetic on +0.0.
// CHECK: scf.if %[[WHOLE]] {
// CHECK-NEXT: scf.for %{{.*}} = %c2 to %[[VEND]] step %c8
// CHECK-NOT: %[[DAMP]]
// CHECK: arith.mulf %{{.*}}, %cst
// CHECK: vector.store
// CHECK-NEXT: }
// Else the usual body, damp loaded:
// CHECK-NEXT: } else {
// CHECK-NEXT: scf.for %{{.*}} = %c2 to %[[VEND]] step %c8
// CHECK: vector.load %[[DAMP]]
// The remaining points, if any, with the usual body.
// CHECK: scf.if
// CHECK: vector.maskedload %[[DAMP]]
// OFF-LABEL: func.func @damped(
// OFF-NOT: zero_box
// OFF: return
stencil.program @damped(%u: !U {stencil.name = "u"}, %m: !M {stencil.name = "m"},
                        %d: !M {stencil.name = "damp", stencil.zero_interior},
                        %b: index {stencil.name = "time_begin"}, %e: index {stencil.name = "time_end"})
    attributes {dims = 2 : i64, halo = array<i64: 2, 2>} {
  stencil.time_loop %b to %e {
    stencil.apply %u : !U {
      %l = stencil.access %u[0, -2] : !U
      %r = stencil.access %u[0, 2] : !U
      %o = stencil.access %u[0, 0] time = -1 : !U
      %x = stencil.access %m[0, 0] : !M
      %y = stencil.access %d[0, 1] : !M
      %s = arith.addf %l, %r : f32
      %p = arith.mulf %s, %x : f32
      %q = arith.mulf %y, %o : f32
      %v = arith.subf %p, %q : f32
      stencil.return %v : f32
    }
  }
}

// -----

!U = !stencil.field<2 x f32, levels = 3>
!M = !stencil.field<2 x f32>

// A zero_interior input no sweep reads needs no box.
// CHECK-LABEL: func.func @unread(
// CHECK-NOT: zero_box
// CHECK: return
stencil.program @unread(%u: !U {stencil.name = "u"},
                        %d: !M {stencil.name = "damp", stencil.zero_interior},
                        %b: index {stencil.name = "time_begin"}, %e: index {stencil.name = "time_end"})
    attributes {dims = 2 : i64, halo = array<i64: 1, 1>} {
  stencil.time_loop %b to %e {
    stencil.apply %u : !U {
      %l = stencil.access %u[0, -1] : !U
      stencil.return %l : f32
    }
  }
}
