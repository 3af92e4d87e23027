// RUN: strata-opt --split-input-file '--strata-stencil-to-loops=grid-shape=6,21' %s | FileCheck %s
// RUN: strata-opt --split-input-file '--strata-stencil-to-loops=grid-shape=6,21 align-rows=false' %s | FileCheck %s --check-prefix=CONTIGUOUS
// RUN: strata-opt --split-input-file '--strata-stencil-to-loops=grid-shape=6,21 vector-width=8' %s | FileCheck %s --check-prefix=VECTOR
// RUN: not strata-opt --split-input-file '--strata-stencil-to-loops=grid-shape=6' %s 2>&1 | FileCheck %s --check-prefix=BAD
// RUN: not strata-opt --split-input-file '--strata-stencil-to-loops=grid-shape=6,0' %s 2>&1 | FileCheck %s --check-prefix=BAD

// grid-shape compiles the runtime's layout of the padded grid (6 + 2, 21 + 4) in as constant
// strides: rows of 25 floats padded to 32 (two cache lines), the state's three levels of
// 8 x 32 = 256 floats (1 KiB: levels 1 and 2 KiB apart modulo 4 KiB) padded to 336 (1344
// bytes, about a third of 4 KiB between any two). With align-rows=false the rows stay 25
// floats, the levels 200 padded to 344. Sizes stay dynamic: extents still come from the
// descriptor.
// CHECK-LABEL: func.func @wave(
// CHECK-SAME: memref<3x?x?xf32, strided<[336, 32, 1]>> {stencil.name = "u"}
// CHECK-SAME: memref<?x?xf32, strided<[32, 1]>> {stencil.name = "m"}
// Sparse points keep their own (contiguous) layout.
// CHECK-SAME: memref<?x?xf32> {stencil.name = "s.amplitudes"}
// CHECK-SAME: attributes {llvm.emit_c_interface, stencil.aligned_rows, stencil.grid = array<i64: 6, 21>, stencil.halo = array<i64: 1, 2>}
// CHECK: memref.dim
// CONTIGUOUS-LABEL: func.func @wave(
// CONTIGUOUS-SAME: memref<3x?x?xf32, strided<[344, 25, 1]>> {stencil.name = "u"}
// CONTIGUOUS-SAME: memref<?x?xf32, strided<[25, 1]>> {stencil.name = "m"}
// CONTIGUOUS-NOT: stencil.aligned_rows
// CONTIGUOUS-SAME: stencil.grid = array<i64: 6, 21>
// Vector loads and stores address the same constant-stride memrefs.
// VECTOR: vector.load %{{.*}} : memref<3x?x?xf32, strided<[336, 32, 1]>>, vector<8xf32>
// VECTOR: vector.store %{{.*}} : memref<3x?x?xf32, strided<[336, 32, 1]>>, vector<8xf32>
// BAD: grid-shape needs one positive extent per axis (2) and a halo
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

// float64 rows of 25 are padded to 32 as well (8 doubles a line); each level of 256 doubles
// (2 KiB: levels 0 and 2 would share their page offsets) padded to 344 (2752 bytes: any two
// levels 1344 or 1408 bytes apart modulo 4 KiB).
// CHECK-LABEL: func.func @wave64(
// CHECK-SAME: memref<3x?x?xf64, strided<[344, 32, 1]>> {stencil.name = "u"}
stencil.program @wave64(%u: !stencil.field<2 x f64, levels = 3> {stencil.name = "u"},
                        %b: index {stencil.name = "time_begin"}, %e: index {stencil.name = "time_end"})
    attributes {dims = 2 : i64, halo = array<i64: 1, 2>} {
  stencil.time_loop %b to %e {
    stencil.apply %u : !stencil.field<2 x f64, levels = 3> {
      %a = stencil.access %u[0, -2] time = -1 : !stencil.field<2 x f64, levels = 3>
      stencil.return %a : f64
    }
  }
}
