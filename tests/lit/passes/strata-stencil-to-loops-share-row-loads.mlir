// share-row-loads: accesses of one field's row at offsets -2..2 along the contiguous axis
// (within one vector) share two vector loads, at the first and the last offset; the other
// offsets are shuffles of the two. Rows at other offsets across (here x = 1) and the masked
// remainder keep their own loads.
// RUN: strata-opt --strata-stencil-to-loops="vector-width=8 share-row-loads=true" --canonicalize %s | FileCheck %s
// RUN: strata-opt --strata-stencil-to-loops="vector-width=8" --canonicalize %s | FileCheck %s --check-prefix=OFF

!U = !stencil.field<2 x f32, levels = 3>

// CHECK-LABEL: func.func @row(
// CHECK: scf.for %[[Z:.*]] = %c2 to %{{.*}} step %c8
// CHECK: %[[LEFT:.*]] = arith.addi %[[Z]], %c-2
// CHECK: %[[LO:.*]] = vector.load %{{.*}}[%{{.*}}, %{{.*}}, %[[LEFT]]]
// CHECK: %[[RIGHT:.*]] = arith.addi %[[Z]], %c2
// CHECK: %[[HI:.*]] = vector.load %{{.*}}[%{{.*}}, %{{.*}}, %[[RIGHT]]]
// Offset -1: lanes 1..7 of the low load, then lane 4 of the high one (8 + 4 = 12).
// CHECK: %[[M1:.*]] = vector.shuffle %[[LO]], %[[HI]] [1, 2, 3, 4, 5, 6, 7, 12]
// Offset 0 and 1:
// CHECK: vector.shuffle %[[LO]], %[[HI]] [2, 3, 4, 5, 6, 7, 12, 13]
// CHECK: vector.shuffle %[[LO]], %[[HI]] [3, 4, 5, 6, 7, 12, 13, 14]
// The row across (x + 1) is a single access: its own load.
// CHECK: vector.load %{{.*}}[%{{.*}}, %{{.*}}, %[[Z]]]
// CHECK: vector.store
// The remainder: masked loads, one per access.
// CHECK-COUNT-6: vector.maskedload
// OFF-LABEL: func.func @row(
// OFF-NOT: vector.shuffle
// OFF: return
stencil.program @row(%u: !U {stencil.name = "u"},
                     %b: index {stencil.name = "time_begin"}, %e: index {stencil.name = "time_end"})
    attributes {dims = 2 : i64, halo = array<i64: 1, 2>} {
  stencil.time_loop %b to %e {
    stencil.apply %u : !U {
      %a = stencil.access %u[0, -2] : !U
      %c = stencil.access %u[0, -1] : !U
      %d = stencil.access %u[0, 0] : !U
      %f = stencil.access %u[0, 1] : !U
      %g = stencil.access %u[0, 2] : !U
      %x = stencil.access %u[1, 0] : !U
      %s1 = arith.addf %a, %c : f32
      %s2 = arith.addf %s1, %d : f32
      %s3 = arith.addf %s2, %f : f32
      %s4 = arith.addf %s3, %g : f32
      %s5 = arith.mulf %s4, %x : f32
      stencil.return %s5 : f32
    }
  }
}
