// Print -> parse -> print of every pde op is stable, in the custom and the generic form.
// RUN: strata-opt %s | strata-opt | FileCheck %s
// RUN: strata-opt --mlir-print-op-generic %s | strata-opt | FileCheck %s

// CHECK-LABEL: pde.model @acoustic dims = 2 options {space_order = 8 : i64} {
pde.model @acoustic dims = 2 options {space_order = 8 : i64} {
  // CHECK: %[[M:.*]] = pde.input "m"{{$}}
  %m = pde.input "m"
  // CHECK: %[[DAMP:.*]] = pde.input "damp" zero_interior{{$}}
  %damp = pde.input "damp" zero_interior
  // CHECK: %[[U:.*]] = pde.state "u" time_order = 2 space_order = 8
  %u = pde.state "u" time_order = 2 space_order = 8
  // CHECK: %[[SRC:.*]] = pde.source "src"
  %src = pde.source "src"
  // CHECK: %[[REC:.*]] = pde.receiver "rec"
  %rec = pde.receiver "rec"
  // CHECK: %[[D2:.*]] = pde.dt %[[U]] order = 2
  %d2 = pde.dt %u order = 2
  %lhs0 = pde.mul %m, %d2
  // CHECK: %[[LAP:.*]] = pde.laplace %[[U]]
  %lap = pde.laplace %u
  %lhs1 = pde.sub %lhs0, %lap
  %d1 = pde.dt %u order = 1
  %damping = pde.mul %damp, %d1
  %lhs = pde.add %lhs1, %damping
  // CHECK: %[[S:.*]] = pde.inject %[[SRC]]
  %s = pde.inject %src
  // CHECK: pde.equation %{{.*}} = %[[S]]
  pde.equation %lhs = %s
  // CHECK: pde.record %[[REC]] = %[[U]]
  pde.record %rec = %u
}

// CHECK-LABEL: pde.model @everything dims = 3 {
pde.model @everything dims = 3 {
  // CHECK: pde.state "v" time_order = 1 space_order = 4 stagger = 2
  %v = pde.state "v" time_order = 1 space_order = 4 stagger = 2
  %p = pde.state "p" time_order = 1 space_order = 4
  // CHECK: pde.constant 2.500000e-01
  %c = pde.constant 0.25
  // CHECK: pde.spacing 1
  %h = pde.spacing 1
  // CHECK: pde.time_step
  %dt = pde.time_step
  // CHECK: pde.deriv %{{.*}} axis = 2 order = 1 variant = forward_half
  %a = pde.deriv %p axis = 2 order = 1 variant = forward_half
  // CHECK: pde.deriv %{{.*}} axis = 0 order = 1 variant = left accuracy = 3
  %b = pde.deriv %p axis = 0 order = 1 variant = left accuracy = 3
  // CHECK: pde.deriv %{{.*}} axis = 1 order = 2 accuracy = 4
  %b2 = pde.deriv %p axis = 1 order = 2 accuracy = 4
  // CHECK: pde.mixed_deriv %{{.*}} axes = (0, 2) accuracy = 2
  %x = pde.mixed_deriv %p axes = (0, 2) accuracy = 2
  // CHECK: pde.math sqrt
  %s = pde.math sqrt %c
  // CHECK: pde.cmp lt
  %cmp = pde.cmp lt %s, %h
  // CHECK: pde.select
  %sel = pde.select %cmp, %a, %b
  %q = pde.div %sel, %dt
  %w = pde.pow %q, %c
  %mn = pde.min %w, %b2
  %mx = pde.max %mn, %x
  %n = pde.neg %mx
  // CHECK: %[[G:.*]] = pde.grad %{{.*}} accuracy = 8
  %g = pde.grad %p accuracy = 8
  // CHECK: %[[SG:.*]] = pde.scale_vector %{{.*}}, %[[G]]
  %sg = pde.scale_vector %c, %g
  // CHECK: pde.divergence %[[SG]]
  %dv = pde.divergence %sg
  %dtv = pde.dt %v order = 1
  %rhs = pde.add %n, %dv
  pde.equation %dtv = %rhs
}
