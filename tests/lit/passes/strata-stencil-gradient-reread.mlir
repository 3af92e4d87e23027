// RUN: strata-opt --strata-stencil-gradient="input=m imaging-by-parts=false" %s | FileCheck %s
// RUN: strata-opt --strata-stencil-gradient="input=m reread-updates=false imaging-by-parts=false" %s | FileCheck %s --check-prefix=RECOMPUTE

// u[t+1] = x * (u[t][-1] + u[t][1] + u[t-1]) with x = 1/m, evidently non-zero, and a source
// injected into u[t+1] with coefficient 1/m. The imaging condition's dx * R reads R back as
// u[t+1] / x at the point: no neighbour of u is read by the dm update. The source also sits in
// u[t+1], so the injection's tangent takes back (dx / x) * 1/m: a second injection into dm.
// (A factor that may vanish keeps the recomputed stencil: strata-stencil-gradient.mlir.)
// CHECK-LABEL: stencil.program @wave_gradient(
// CHECK-SAME: %[[U:[a-z0-9]+]]: !stencil.field<1 x f64, levels = 3> {stencil.name = "u"}
// CHECK-SAME: %[[DM:[a-z0-9]+]]: !stencil.field<1 x f64> {stencil.name = "dm"}
// CHECK-SAME: %[[DU:[a-z0-9]+]]: !stencil.field<1 x f64, levels = 3> {stencil.name = "du"}
// CHECK: stencil.apply %[[DM]] level = 0 accumulate :
// CHECK-NEXT: stencil.access %[[U]][0] time = 1 :
// CHECK-NOT: stencil.access %[[U]][
// CHECK: stencil.return
// CHECK: stencil.inject %{{.*}} into %[[DU]] level = 0 :
// CHECK: stencil.inject %{{.*}} into %[[DM]] level = 0 :
// CHECK: stencil.inject %{{.*}} into %[[DM]] level = 0 :
// CHECK: arith.divf
// CHECK: arith.negf
// CHECK: stencil.access %[[DU]][0] time = 1 :

// Recomputed: the dm update evaluates the stencil at the current step's levels, and reads
// nothing at t+1; the injection's term is the coefficient's derivative only.
// RECOMPUTE-LABEL: stencil.program @wave_gradient(
// RECOMPUTE-SAME: %[[U:[a-z0-9]+]]: !stencil.field<1 x f64, levels = 3> {stencil.name = "u"}
// RECOMPUTE-SAME: %[[DM:[a-z0-9]+]]: !stencil.field<1 x f64> {stencil.name = "dm"}
// RECOMPUTE: stencil.apply %[[DM]] level = 0 accumulate :
// RECOMPUTE-NEXT: stencil.access %[[U]][-1] :
// RECOMPUTE-NEXT: stencil.access %[[U]][1] :
// RECOMPUTE-NOT: stencil.access %[[U]][0] time = 1
// RECOMPUTE: stencil.return
// RECOMPUTE: stencil.inject %{{.*}} into %[[DM]] level = 0 :
// RECOMPUTE-NOT: stencil.inject %{{.*}} into %[[DM]]
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
