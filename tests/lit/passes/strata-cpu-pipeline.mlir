// The named CPU pipeline takes a pde model all the way to the LLVM dialect.
// RUN: strata-opt --pass-pipeline='builtin.module(strata-cpu-pipeline{dtype=f64})' %s | FileCheck %s

// CHECK-DAG: llvm.func @heat(
// CHECK-DAG: llvm.func @_mlir_ciface_heat(
// CHECK-DAG: llvm.func @_strata_packed_heat(
// CHECK-DAG: omp.parallel
// CHECK-DAG: llvm.fmul %{{.*}} : f64
// CHECK-NOT: pde.
// CHECK-NOT: stencil.
pde.model @heat dims = 2 {
  %u = pde.state "u" time_order = 1 space_order = 2
  %d = pde.dt %u order = 1
  %l = pde.laplace %u
  pde.equation %d = %l
}
