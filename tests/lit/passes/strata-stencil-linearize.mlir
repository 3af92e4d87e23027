// RUN: strata-opt --strata-stencil-linearize=input=c %s | FileCheck %s
// RUN: strata-opt --strata-stencil-linearize="input=c replace=true" %s | FileCheck %s --check-prefix=REPLACE

// u[t+1] = u[t][-1] / c + sqrt(c): the Born program keeps the background update and adds
// the perturbation's: du[t+1] = du[t][-1] / c - (u[t][-1] / c) dc / c + dc / (2 sqrt(c)).
// The source is injected into u only (its coefficient does not depend on c: a zero
// tangent); the receiver records du.
// CHECK-LABEL: stencil.program @wave_born(
// CHECK-SAME: %[[C:[a-z0-9]+]]: !stencil.field<1 x f64> {stencil.name = "c"}
// CHECK-SAME: %[[U:[a-z0-9]+]]: !stencil.field<1 x f64, levels = 2> {stencil.name = "u"}
// CHECK-SAME: %[[DC:[a-z0-9]+]]: !stencil.field<1 x f64> {stencil.name = "dc"}
// CHECK-SAME: %[[DU:[a-z0-9]+]]: !stencil.field<1 x f64, levels = 2> {stencil.name = "du"}
// CHECK: stencil.apply %[[U]] :
// CHECK: stencil.apply %[[DU]] :
// CHECK-DAG: stencil.access %[[DU]][-1] :
// CHECK-DAG: stencil.access %[[DC]][0] :
// CHECK-DAG: math.sqrt
// CHECK: arith.divf
// CHECK: stencil.return
// CHECK: stencil.inject %{{.*}} into %[[U]] :
// CHECK: stencil.inject %{{.*}} into %[[DU]] :
// CHECK: arith.constant 0.0
// CHECK: stencil.interpolate
// CHECK: stencil.access %[[DU]][0] :
// REPLACE-NOT: stencil.program @wave(
// REPLACE: stencil.program @wave_born(
stencil.program @wave(%c: !stencil.field<1 x f64> {stencil.name = "c"},
                      %u: !stencil.field<1 x f64, levels = 2> {stencil.name = "u"},
                      %s: !stencil.points<1 x f64> {stencil.name = "s"},
                      %r: !stencil.points<1 x f64> {stencil.name = "r"},
                      %b: index {stencil.name = "time_begin"}, %e: index {stencil.name = "time_end"})
    attributes {dims = 1 : i64} {
  stencil.time_loop %b to %e {
    stencil.apply %u : !stencil.field<1 x f64, levels = 2> {
      %cc = stencil.access %c[0] : !stencil.field<1 x f64>
      %w = stencil.access %u[-1] : !stencil.field<1 x f64, levels = 2>
      %q = arith.divf %w, %cc : f64
      %root = math.sqrt %cc : f64
      %n = arith.addf %q, %root : f64
      stencil.return %n : f64
    }
    stencil.inject %s into %u : !stencil.points<1 x f64>, !stencil.field<1 x f64, levels = 2> {
      %one = arith.constant 1.0 : f64
      stencil.return %one : f64
    }
    stencil.interpolate %r : !stencil.points<1 x f64> {
      %v = stencil.access %u[0] : !stencil.field<1 x f64, levels = 2>
      stencil.return %v : f64
    }
  }
}

