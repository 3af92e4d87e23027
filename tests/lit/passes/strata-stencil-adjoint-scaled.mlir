// Scaled adjoint states (strata-stencil-adjoint scale-states, on by default): an update
// u[t+1] = a * G(u) whose adjoint every reader sees through a is transposed with the
// adjoint stored as w = a * u_adj.
// RUN: strata-opt --split-input-file --strata-stencil-adjoint="replace=true gather-levels=false" %s | FileCheck %s
// RUN: strata-opt --split-input-file --strata-stencil-adjoint="replace=true scale-states=false gather-levels=false" %s | FileCheck %s --check-prefix=OFF
// These cases test the scattering derivation (gather-levels=false); the default, which
// gathers each level t whole where the forward allows it, is in strata-stencil-adjoint-gather.mlir.

// a = 1/c; the source is injected with coefficient -a, written out again (not the same SSA
// value, the same expression). Gathers read w alone at each neighbour; the source traces
// read -w; the step ends by scaling the level it completed, w = a * u_adj.
// CHECK-LABEL: stencil.program @scaled_adjoint(
// CHECK-SAME: %[[C:[a-z0-9]+]]: !stencil.field<1 x f64> {stencil.name = "c"}
// CHECK-SAME: %[[U:[a-z0-9]+]]: !stencil.field<1 x f64, levels = 3> {stencil.name = "u"}
// CHECK: stencil.interpolate
// CHECK-NEXT: %[[W:.*]] = stencil.access %[[U]][0] time = 1
// CHECK-NEXT: %[[NEG:.*]] = arith.negf %[[W]]
// CHECK-NEXT: stencil.return %[[NEG]]
// CHECK: stencil.apply %[[U]] level = 0 accumulate :
// CHECK-NOT: stencil.access %[[C]]
// CHECK: stencil.return
// CHECK: stencil.apply %[[U]] level = -1 accumulate :
// CHECK-NOT: stencil.access %[[C]]
// CHECK: stencil.return
// CHECK: stencil.apply %[[U]] level = 0 :
// CHECK-NEXT: %[[DONE:.*]] = stencil.access %[[U]][0] :
// CHECK: %[[CC:.*]] = stencil.access %[[C]][0] :
// CHECK-NEXT: %[[A:.*]] = arith.divf %{{.*}}, %[[CC]]
// CHECK-NEXT: %[[S:.*]] = arith.mulf %[[A]], %[[DONE]]
// CHECK-NEXT: stencil.return %[[S]]
// OFF-LABEL: stencil.program @scaled_adjoint(
// OFF: stencil.interpolate
// OFF: arith.mulf
// OFF: stencil.apply %{{.*}} level = 0 accumulate :
// OFF: stencil.access %{{.*}}[1] :
// OFF-NOT: stencil.apply %{{.*}} level = 0 :
stencil.program @scaled(%c: !stencil.field<1 x f64> {stencil.name = "c"},
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

// The source coefficient is the factor itself (on the right of the product this time): the
// source traces read w as it is.
// CHECK-LABEL: stencil.program @same_factor_adjoint(
// OFF-LABEL: stencil.program @same_factor_adjoint(
// CHECK: stencil.interpolate
// CHECK-NEXT: %[[W:.*]] = stencil.access %{{.*}}[0] time = 1
// CHECK-NEXT: stencil.return %[[W]]
// CHECK: stencil.apply %{{.*}} level = 0 :
stencil.program @same_factor(%c: !stencil.field<1 x f64> {stencil.name = "c"},
                             %u: !stencil.field<1 x f64, levels = 2> {stencil.name = "u"},
                             %s: !stencil.points<1 x f64> {stencil.name = "s"},
                             %b: index {stencil.name = "time_begin"}, %e: index {stencil.name = "time_end"})
    attributes {dims = 1 : i64} {
  stencil.time_loop %b to %e {
    stencil.apply %u : !stencil.field<1 x f64, levels = 2> {
      %a = stencil.access %c[0] : !stencil.field<1 x f64>
      %w = stencil.access %u[-1] : !stencil.field<1 x f64, levels = 2>
      %n = arith.mulf %w, %a : f64
      stencil.return %n : f64
    }
    stencil.inject %s into %u : !stencil.points<1 x f64>, !stencil.field<1 x f64, levels = 2> {
      %a = stencil.access %c[0] : !stencil.field<1 x f64>
      stencil.return %a : f64
    }
  }
}

// -----

// The source coefficient is 2a: its trace reads u_adj, w / a, but a = c may be zero, so the
// adjoint stays unscaled (the gathers read c at the neighbour; no final scaling).
// CHECK-LABEL: stencil.program @other_coefficient_adjoint(
// CHECK: stencil.interpolate
// CHECK: arith.mulf
// CHECK: stencil.apply %{{.*}} level = 0 accumulate :
// CHECK: stencil.access %{{.*}}[1] :
// CHECK-NOT: stencil.apply %{{.*}} level = 0 :
stencil.program @other_coefficient(%c: !stencil.field<1 x f64> {stencil.name = "c"},
                                   %u: !stencil.field<1 x f64, levels = 2> {stencil.name = "u"},
                                   %s: !stencil.points<1 x f64> {stencil.name = "s"},
                                   %b: index {stencil.name = "time_begin"}, %e: index {stencil.name = "time_end"})
    attributes {dims = 1 : i64} {
  stencil.time_loop %b to %e {
    stencil.apply %u : !stencil.field<1 x f64, levels = 2> {
      %a = stencil.access %c[0] : !stencil.field<1 x f64>
      %w = stencil.access %u[-1] : !stencil.field<1 x f64, levels = 2>
      %n = arith.mulf %a, %w : f64
      stencil.return %n : f64
    }
    stencil.inject %s into %u : !stencil.points<1 x f64>, !stencil.field<1 x f64, levels = 2> {
      %two = arith.constant 2.0 : f64
      %a = stencil.access %c[0] : !stencil.field<1 x f64>
      %twice = arith.mulf %two, %a : f64
      stencil.return %twice : f64
    }
  }
}

// -----

// The receiver records u at t+1, the level the update writes: its adjoint would add
// receiver data to a level already scaled, so the adjoint stays unscaled.
// CHECK-LABEL: stencil.program @records_new_level_adjoint(
// CHECK: stencil.apply %{{.*}} level = 0 accumulate :
// CHECK: stencil.access %{{.*}}[1] :
// CHECK-NOT: stencil.apply %{{.*}} level = 0 :
stencil.program @records_new_level(%c: !stencil.field<1 x f64> {stencil.name = "c"},
                                   %u: !stencil.field<1 x f64, levels = 2> {stencil.name = "u"},
                                   %r: !stencil.points<1 x f64> {stencil.name = "r"},
                                   %b: index {stencil.name = "time_begin"}, %e: index {stencil.name = "time_end"})
    attributes {dims = 1 : i64} {
  stencil.time_loop %b to %e {
    stencil.apply %u : !stencil.field<1 x f64, levels = 2> {
      %a = stencil.access %c[0] : !stencil.field<1 x f64>
      %w = stencil.access %u[-1] : !stencil.field<1 x f64, levels = 2>
      %n = arith.mulf %a, %w : f64
      stencil.return %n : f64
    }
    stencil.interpolate %r : !stencil.points<1 x f64> {
      %v = stencil.access %u[0] time = 1 : !stencil.field<1 x f64, levels = 2>
      stencil.return %v : f64
    }
  }
}

// -----

// The same with a = 1/c, evidently non-zero: scaled, and the source trace reads 2a * (w / a).
// CHECK-LABEL: stencil.program @divided_trace_adjoint(
// CHECK: stencil.interpolate
// CHECK: %[[W:.*]] = stencil.access %{{.*}}[0] time = 1
// CHECK: %[[A:.*]] = arith.divf
// CHECK-NEXT: %[[U:.*]] = arith.divf %[[W]], %[[A]]
// CHECK: arith.mulf %{{.*}}, %[[U]]
// CHECK: stencil.apply %{{.*}} level = 0 accumulate :
// CHECK-NOT: stencil.access %{{.*}}[1] :
// CHECK: stencil.access %{{.*}}[1] time = 1
// CHECK: stencil.apply %{{.*}} level = 0 :
stencil.program @divided_trace(%c: !stencil.field<1 x f64> {stencil.name = "c"},
                               %u: !stencil.field<1 x f64, levels = 2> {stencil.name = "u"},
                               %s: !stencil.points<1 x f64> {stencil.name = "s"},
                               %b: index {stencil.name = "time_begin"}, %e: index {stencil.name = "time_end"})
    attributes {dims = 1 : i64} {
  stencil.time_loop %b to %e {
    stencil.apply %u : !stencil.field<1 x f64, levels = 2> {
      %one = arith.constant 1.0 : f64
      %cc = stencil.access %c[0] : !stencil.field<1 x f64>
      %a = arith.divf %one, %cc : f64
      %w = stencil.access %u[-1] : !stencil.field<1 x f64, levels = 2>
      %n = arith.mulf %a, %w : f64
      stencil.return %n : f64
    }
    stencil.inject %s into %u : !stencil.points<1 x f64>, !stencil.field<1 x f64, levels = 2> {
      %one = arith.constant 1.0 : f64
      %two = arith.constant 2.0 : f64
      %cc = stencil.access %c[0] : !stencil.field<1 x f64>
      %a = arith.divf %one, %cc : f64
      %twice = arith.mulf %two, %a : f64
      stencil.return %twice : f64
    }
  }
}

// -----

// u is written at level 0 of two from another state: the level its adjoint step would
// complete, t-1, is not one u keeps, so u's adjoint stays unscaled (and the program valid).
// CHECK-LABEL: stencil.program @writes_current_level_adjoint(
// CHECK-NOT: level = -1
// CHECK: stencil.access %{{.*}}[1] : !stencil.field<1 x f64>
// CHECK-NOT: level = -1
stencil.program @writes_current_level(%c: !stencil.field<1 x f64> {stencil.name = "c"},
                                      %p: !stencil.field<1 x f64, levels = 2> {stencil.name = "p"},
                                      %u: !stencil.field<1 x f64, levels = 2> {stencil.name = "u"},
                                      %b: index {stencil.name = "time_begin"}, %e: index {stencil.name = "time_end"})
    attributes {dims = 1 : i64} {
  stencil.time_loop %b to %e {
    stencil.apply %p : !stencil.field<1 x f64, levels = 2> {
      %q = stencil.access %p[1] : !stencil.field<1 x f64, levels = 2>
      stencil.return %q : f64
    }
    stencil.apply %u level = 0 : !stencil.field<1 x f64, levels = 2> {
      %one = arith.constant 1.0 : f64
      %cc = stencil.access %c[0] : !stencil.field<1 x f64>
      %a = arith.divf %one, %cc : f64
      %w = stencil.access %p[-1] time = 1 : !stencil.field<1 x f64, levels = 2>
      %n = arith.mulf %a, %w : f64
      stencil.return %n : f64
    }
  }
}
