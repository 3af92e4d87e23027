// RUN: strata-opt --strata-stencil-gradient="input=m replace=true" %s | FileCheck %s
// RUN: strata-opt --strata-stencil-gradient="input=m replace=true imaging-by-parts=false" %s | FileCheck %s --check-prefix=AT-UPDATE

// u[t+1] = x * (u[t][-1] + u[t][1] + u[t-1]), x = 1/m, a source into u[t+1] and a receiver
// of u[t]. With the update reread, the imaging condition at step t is c * u[t+1] * du[t+1]
// (the terms of u[t] and u[t-1] cancel in dR/dm here: R does not depend on m). By parts,
// sum_t u[t+1] du[t+1] = sum_s u[s] du[s]: step s reads u at level 0 only, and du at level
// 0, the level its gather computed, at the point. So the dm update comes right after the
// gather, before the residual is added to du[0], and a twin of that injection adds the
// residual's share into dm.
// CHECK-LABEL: stencil.program @wave_gradient(
// CHECK-SAME: %[[U:[a-z0-9]+]]: !stencil.field<1 x f64, levels = 3> {stencil.name = "u"}
// CHECK-SAME: %[[DM:[a-z0-9]+]]: !stencil.field<1 x f64> {stencil.name = "dm"}
// CHECK-SAME: %[[DU:[a-z0-9]+]]: !stencil.field<1 x f64, levels = 3> {stencil.name = "du"}
// CHECK-SAME: %[[S:[a-z0-9]+]]: !stencil.points<1 x f64> {stencil.name = "s"}
// CHECK-SAME: %[[R:[a-z0-9]+]]: !stencil.points<1 x f64> {stencil.name = "r"}
// CHECK: stencil.time_loop reverse
// CHECK-NEXT: stencil.apply %[[DU]] level = 0 :
// CHECK: stencil.return
// CHECK-NEXT: }
// CHECK-NEXT: stencil.apply %[[DM]] level = 0 accumulate :
// CHECK-NOT: time =
// CHECK: stencil.access %[[U]][0] :
// CHECK-NOT: time =
// CHECK: stencil.access %[[DU]][0] :
// CHECK-NOT: time =
// CHECK: stencil.return
// CHECK: stencil.inject %[[R]] into %[[DU]] level = 0 :
// CHECK: stencil.inject %[[R]] into %[[DM]] level = 0 :
// CHECK: stencil.access %[[U]][0] :
// CHECK: stencil.return
// CHECK: stencil.inject %[[S]] into %[[DM]] level = 0 :

// Not by parts: the imaging condition reads u[t+1] and du[t+1], after the residual is in.
// AT-UPDATE: stencil.apply %[[DU:[a-z0-9]+]] level = 0 :
// AT-UPDATE: stencil.apply %{{.*}} level = 0 accumulate :
// AT-UPDATE: stencil.access %{{.*}}[0] time = 1 :
// AT-UPDATE: stencil.access %[[DU]][0] time = 1 :
// AT-UPDATE: stencil.return
// AT-UPDATE-NEXT: }
// AT-UPDATE-NEXT: stencil.inject %{{.*}} into %[[DU]] level = 0 :
// AT-UPDATE-NEXT: arith.constant
stencil.program @wave(%m: !stencil.field<1 x f64> {stencil.name = "m"},
                      %u: !stencil.field<1 x f64, levels = 3> {stencil.name = "u"},
                      %s: !stencil.points<1 x f64> {stencil.name = "s"},
                      %r: !stencil.points<1 x f64> {stencil.name = "r"},
                      %b: index {stencil.name = "time_begin"}, %e: index {stencil.name = "time_end"})
    attributes {dims = 1 : i64} {
  stencil.time_loop %b to %e {
    stencil.apply %u : !stencil.field<1 x f64, levels = 3> {
      %one = arith.constant 1.0 : f64
      %mm = stencil.access %m[0] : !stencil.field<1 x f64>
      %x = arith.divf %one, %mm : f64
      %l = stencil.access %u[-1] : !stencil.field<1 x f64, levels = 3>
      %c = stencil.access %u[0] : !stencil.field<1 x f64, levels = 3>
      %rr = stencil.access %u[1] : !stencil.field<1 x f64, levels = 3>
      %o = stencil.access %u[0] time = -1 : !stencil.field<1 x f64, levels = 3>
      %s1 = arith.addf %l, %rr : f64
      %s2 = arith.addf %s1, %o : f64
      %n = arith.mulf %x, %s2 : f64
      stencil.return %n : f64
    }
    stencil.inject %s into %u : !stencil.points<1 x f64>, !stencil.field<1 x f64, levels = 3> {
      %one = arith.constant 1.0 : f64
      %mm = stencil.access %m[0] : !stencil.field<1 x f64>
      %x = arith.divf %one, %mm : f64
      stencil.return %x : f64
    }
    stencil.interpolate %r : !stencil.points<1 x f64> {
      %v = stencil.access %u[0] : !stencil.field<1 x f64, levels = 3>
      stencil.return %v : f64
    }
  }
}
