// RUN: strata-opt --split-input-file --pass-pipeline='builtin.module(pde.model(strata-pde-expand-vector-calculus))' %s | FileCheck %s

// laplace in 3D: the sum of three second derivatives, accuracy carried over.
// CHECK-LABEL: pde.model @laplace3d dims = 3
pde.model @laplace3d dims = 3 {
  %u = pde.state "u" time_order = 2 space_order = 8
  // CHECK: %[[U:.*]] = pde.state "u"
  // CHECK-NOT: pde.laplace
  // CHECK-DAG: %[[X:.*]] = pde.deriv %[[U]] axis = 0 order = 2 accuracy = 4
  // CHECK-DAG: %[[Y:.*]] = pde.deriv %[[U]] axis = 1 order = 2 accuracy = 4
  // CHECK-DAG: %[[Z:.*]] = pde.deriv %[[U]] axis = 2 order = 2 accuracy = 4
  // CHECK-DAG: %[[XY:.*]] = pde.add %[[X]], %[[Y]]
  // CHECK-DAG: %[[XYZ:.*]] = pde.add %[[XY]], %[[Z]]
  // CHECK: pde.equation %{{.*}} = %[[XYZ]]
  %l = pde.laplace %u accuracy = 4
  %d = pde.dt %u order = 2
  pde.equation %d = %l
}

// -----

// laplace in 2D has exactly two terms and no accuracy override.
// CHECK-LABEL: pde.model @laplace2d dims = 2
pde.model @laplace2d dims = 2 {
  %u = pde.state "u" time_order = 2 space_order = 8
  // CHECK: pde.deriv %{{.*}} axis = 0 order = 2{{$}}
  // CHECK: pde.deriv %{{.*}} axis = 1 order = 2{{$}}
  // CHECK-NOT: axis = 2
  %l = pde.laplace %u
  %d = pde.dt %u order = 2
  pde.equation %d = %l
}

// -----

// div(b * grad(p)) is the variable-coefficient form: d_i(b * d_i p) per axis.
// CHECK-LABEL: pde.model @variable_density dims = 2
pde.model @variable_density dims = 2 {
  %b = pde.input "b"
  %p = pde.state "p" time_order = 2 space_order = 4
  // CHECK: %[[B:.*]] = pde.input "b"
  // CHECK: %[[P:.*]] = pde.state "p"
  // CHECK: %[[PX:.*]] = pde.deriv %[[P]] axis = 0 order = 1 accuracy = 6
  // CHECK: %[[FX:.*]] = pde.mul %[[B]], %[[PX]]
  // CHECK: %[[DX:.*]] = pde.deriv %[[FX]] axis = 0 order = 1 accuracy = 6
  // CHECK: %[[PZ:.*]] = pde.deriv %[[P]] axis = 1 order = 1 accuracy = 6
  // CHECK: %[[FZ:.*]] = pde.mul %[[B]], %[[PZ]]
  // CHECK: %[[DZ:.*]] = pde.deriv %[[FZ]] axis = 1 order = 1 accuracy = 6
  // CHECK: %[[SUM:.*]] = pde.add %[[DX]], %[[DZ]]
  // CHECK: pde.equation %{{.*}} = %[[SUM]]
  // CHECK-NOT: pde.grad
  %g = pde.grad %p
  %bg = pde.scale_vector %b, %g
  %div = pde.divergence %bg accuracy = 6
  %d = pde.dt %p order = 2
  pde.equation %d = %div
}

// -----

// div(grad(u)) without a coefficient is the laplacian; the gradient's accuracy wins.
// CHECK-LABEL: pde.model @div_grad dims = 1
pde.model @div_grad dims = 1 {
  %u = pde.state "u" time_order = 1 space_order = 2
  // CHECK: pde.deriv %{{.*}} axis = 0 order = 2 accuracy = 8
  // CHECK-NOT: pde.divergence
  %g = pde.grad %u accuracy = 8
  %div = pde.divergence %g accuracy = 2
  %d = pde.dt %u order = 1
  pde.equation %d = %div
}
