// RUN: strata-opt --strata-emit-packed-entry %s | FileCheck %s

// Argument i of the C-interface function is loaded through args[i]: a pointer for a memref
// descriptor, the value itself for a scalar.
// CHECK: llvm.func @_strata_packed_kernel(%[[ARGS:.*]]: !llvm.ptr) {
// CHECK: %[[S0:.*]] = llvm.getelementptr %[[ARGS]][0] : (!llvm.ptr) -> !llvm.ptr, !llvm.ptr
// CHECK: %[[P0:.*]] = llvm.load %[[S0]] : !llvm.ptr -> !llvm.ptr
// CHECK: %[[A0:.*]] = llvm.load %[[P0]] : !llvm.ptr -> !llvm.ptr
// CHECK: %[[S1:.*]] = llvm.getelementptr %[[ARGS]][1]
// CHECK: %[[P1:.*]] = llvm.load %[[S1]] : !llvm.ptr -> !llvm.ptr
// CHECK: %[[A1:.*]] = llvm.load %[[P1]] : !llvm.ptr -> f32
// CHECK: %[[S2:.*]] = llvm.getelementptr %[[ARGS]][2]
// CHECK: %[[P2:.*]] = llvm.load %[[S2]] : !llvm.ptr -> !llvm.ptr
// CHECK: %[[A2:.*]] = llvm.load %[[P2]] : !llvm.ptr -> i64
// CHECK: llvm.call @_mlir_ciface_kernel(%[[A0]], %[[A1]], %[[A2]]) : (!llvm.ptr, f32, i64) -> ()
// CHECK: llvm.return
// Functions without the C interface get no packed entry.
// CHECK-NOT: _strata_packed_helper
llvm.func @_mlir_ciface_kernel(%descriptor: !llvm.ptr, %dt: f32, %steps: i64) {
  llvm.return
}
llvm.func @helper(%x: f32) {
  llvm.return
}
