// Gathered levels (strata-stencil-adjoint / -gradient gather-levels, on by default): where
// every update writes t+1 from levels t and older and receivers record level t, the adjoint
// step writes level t whole from the newer levels t+1 .. t+L-1, then injects the receiver
// data into it. No level is cleared, accumulated into or rescaled.
// RUN: strata-opt --split-input-file --strata-stencil-adjoint=replace=true %s | FileCheck %s
// RUN: strata-opt --split-input-file --strata-stencil-adjoint="replace=true scale-states=false" %s | FileCheck %s --check-prefix=UNSCALED

// u[t+1] = a * (u[t][-1] - u[t-1]), a = 1/c, with a source (coefficient -a) and a receiver.
// Level t of the scaled adjoint w = a * u_adj: a(z) * (w[t+1](z+1) - w[t+2](z)), the
// second term from the update at step t+1 that read u[t] as its level t-1. The receiver
// data enter w, so times a; the source traces read -w[t+1].
// CHECK-LABEL: stencil.program @leapfrog_adjoint(
// CHECK-SAME: %[[C:[a-z0-9]+]]: !stencil.field<1 x f64> {stencil.name = "c"}
// CHECK-SAME: %[[U:[a-z0-9]+]]: !stencil.field<1 x f64, levels = 3> {stencil.name = "u"}
// CHECK-SAME: %[[S:[a-z0-9]+]]: !stencil.points<1 x f64> {stencil.name = "s"}
// CHECK-SAME: %[[R:[a-z0-9]+]]: !stencil.points<1 x f64> {stencil.name = "r"}
// CHECK: stencil.time_loop reverse
// CHECK-NEXT: stencil.apply %[[U]] level = 0 :
// CHECK-NOT: stencil.access %[[C]][1]
// CHECK: %[[NEXT:.*]] = stencil.access %[[U]][1] time = 1 :
// CHECK-NOT: stencil.access %[[C]][1]
// CHECK: %[[AFTER:.*]] = stencil.access %[[U]][0] time = 2 :
// CHECK: %[[CC:.*]] = stencil.access %[[C]][0] :
// CHECK-NEXT: %[[A:.*]] = arith.divf %{{.*}}, %[[CC]]
// CHECK-NEXT: %[[W:.*]] = arith.mulf %[[A]], %{{.*}}
// CHECK-NEXT: stencil.return %[[W]]
// CHECK: stencil.inject %[[R]] into %[[U]] level = 0 :
// CHECK: %[[RC:.*]] = stencil.access %[[C]][0] :
// CHECK-NEXT: %[[RA:.*]] = arith.divf %{{.*}}, %[[RC]]
// CHECK-NEXT: %[[RW:.*]] = arith.mulf %[[RA]], %{{.*}}
// CHECK-NEXT: stencil.return %[[RW]]
// CHECK: stencil.interpolate %[[S]]
// CHECK-NEXT: %[[SW:.*]] = stencil.access %[[U]][0] time = 1
// CHECK-NEXT: arith.negf %[[SW]]
// CHECK-NOT: stencil.apply
// CHECK-NOT: level = -1
// CHECK: // -----
// Unscaled: the gathers read a at each neighbour and level t is not multiplied by a, nor
// are the receiver data.
// UNSCALED-LABEL: stencil.program @leapfrog_adjoint(
// UNSCALED: stencil.time_loop reverse
// UNSCALED-NEXT: stencil.apply %{{.*}} level = 0 :
// UNSCALED: stencil.access %{{.*}}[1] : !stencil.field<1 x f64>
// UNSCALED: stencil.access %{{.*}}[1] time = 1 :
// UNSCALED: stencil.access %{{.*}}[0] time = 2 :
// UNSCALED: stencil.return
// UNSCALED: stencil.inject %{{.*}} level = 0 :
// UNSCALED-NEXT: %[[ONE:.*]] = arith.constant 1.0
// UNSCALED-NEXT: stencil.return %[[ONE]]
// UNSCALED-NOT: stencil.apply
// UNSCALED: // -----
stencil.program @leapfrog(%c: !stencil.field<1 x f64> {stencil.name = "c"},
                          %u: !stencil.field<1 x f64, levels = 3> {stencil.name = "u"},
                          %s: !stencil.points<1 x f64> {stencil.name = "s"},
                          %r: !stencil.points<1 x f64> {stencil.name = "r"},
                          %b: index {stencil.name = "time_begin"}, %e: index {stencil.name = "time_end"})
    attributes {dims = 1 : i64} {
  stencil.time_loop %b to %e {
    stencil.apply %u : !stencil.field<1 x f64, levels = 3> {
      %one = arith.constant 1.0 : f64
      %cc = stencil.access %c[0] : !stencil.field<1 x f64>
      %a = arith.divf %one, %cc : f64
      %w = stencil.access %u[-1] : !stencil.field<1 x f64, levels = 3>
      %p = stencil.access %u[0] time = -1 : !stencil.field<1 x f64, levels = 3>
      %g = arith.subf %w, %p : f64
      %n = arith.mulf %a, %g : f64
      stencil.return %n : f64
    }
    stencil.inject %s into %u : !stencil.points<1 x f64>, !stencil.field<1 x f64, levels = 3> {
      %one = arith.constant 1.0 : f64
      %cc = stencil.access %c[0] : !stencil.field<1 x f64>
      %a = arith.divf %one, %cc : f64
      %neg = arith.negf %a : f64
      stencil.return %neg : f64
    }
    stencil.interpolate %r : !stencil.points<1 x f64> {
      %v = stencil.access %u[0] : !stencil.field<1 x f64, levels = 3>
      stencil.return %v : f64
    }
  }
}

// -----

// Two levels: level t gathers level t+1 only.
// CHECK-LABEL: stencil.program @first_order_adjoint(
// CHECK: stencil.time_loop reverse
// CHECK-NEXT: stencil.apply %{{.*}} level = 0 :
// CHECK: stencil.access %{{.*}}[1] time = 1 :
// CHECK-NOT: time = 2
// CHECK: stencil.return
// CHECK-NOT: stencil.apply
// CHECK: // -----
stencil.program @first_order(%c: !stencil.field<1 x f64> {stencil.name = "c"},
                             %u: !stencil.field<1 x f64, levels = 2> {stencil.name = "u"},
                             %r: !stencil.points<1 x f64> {stencil.name = "r"},
                             %b: index {stencil.name = "time_begin"}, %e: index {stencil.name = "time_end"})
    attributes {dims = 1 : i64} {
  stencil.time_loop %b to %e {
    stencil.apply %u : !stencil.field<1 x f64, levels = 2> {
      %cc = stencil.access %c[0] : !stencil.field<1 x f64>
      %w = stencil.access %u[-1] : !stencil.field<1 x f64, levels = 2>
      %n = arith.mulf %cc, %w : f64
      stencil.return %n : f64
    }
    stencil.interpolate %r : !stencil.points<1 x f64> {
      %v = stencil.access %u[0] : !stencil.field<1 x f64, levels = 2>
      stencil.return %v : f64
    }
  }
}

// -----

// A staggered pair: p's update reads v at t+1, written by the same step, so v's adjoint at
// t depends on what the adjoint step computes for p: the step scatters (accumulates).
// CHECK-LABEL: stencil.program @staggered_adjoint(
// CHECK: stencil.time_loop reverse
// CHECK: stencil.apply %{{.*}} level = 0 accumulate :
stencil.program @staggered(%v: !stencil.field<1 x f64, levels = 2> {stencil.name = "v"},
                           %p: !stencil.field<1 x f64, levels = 2> {stencil.name = "p"},
                           %b: index {stencil.name = "time_begin"}, %e: index {stencil.name = "time_end"})
    attributes {dims = 1 : i64} {
  stencil.time_loop %b to %e {
    stencil.apply %v : !stencil.field<1 x f64, levels = 2> {
      %a = stencil.access %v[0] : !stencil.field<1 x f64, levels = 2>
      %q = stencil.access %p[1] : !stencil.field<1 x f64, levels = 2>
      %n = arith.addf %a, %q : f64
      stencil.return %n : f64
    }
    stencil.apply %p : !stencil.field<1 x f64, levels = 2> {
      %a = stencil.access %p[0] : !stencil.field<1 x f64, levels = 2>
      %q = stencil.access %v[-1] time = 1 : !stencil.field<1 x f64, levels = 2>
      %n = arith.addf %a, %q : f64
      stencil.return %n : f64
    }
  }
}

// -----

// A receiver of the new level t+1: its data would enter level t+1, which the gathered step
// before has completed already. The step scatters.
// CHECK-LABEL: stencil.program @records_new_level_adjoint(
// CHECK: stencil.time_loop reverse
// CHECK: stencil.apply %{{.*}} level = -1 :
// CHECK: stencil.inject %{{.*}} into %{{.*}} :
// CHECK: stencil.apply %{{.*}} level = 0 accumulate :
stencil.program @records_new_level(%u: !stencil.field<1 x f64, levels = 3> {stencil.name = "u"},
                                   %r: !stencil.points<1 x f64> {stencil.name = "r"},
                                   %b: index {stencil.name = "time_begin"}, %e: index {stencil.name = "time_end"})
    attributes {dims = 1 : i64} {
  stencil.time_loop %b to %e {
    stencil.apply %u : !stencil.field<1 x f64, levels = 3> {
      %w = stencil.access %u[-1] : !stencil.field<1 x f64, levels = 3>
      %p = stencil.access %u[0] time = -1 : !stencil.field<1 x f64, levels = 3>
      %n = arith.subf %w, %p : f64
      stencil.return %n : f64
    }
    stencil.interpolate %r : !stencil.points<1 x f64> {
      %v = stencil.access %u[0] time = 1 : !stencil.field<1 x f64, levels = 3>
      stencil.return %v : f64
    }
  }
}
