// RUN: strata-opt --strata-stencil-gradient="input=c gather-levels=false" %s | FileCheck %s
// RUN: strata-opt --strata-stencil-gradient="input=c scale-states=false gather-levels=false" %s | FileCheck %s --check-prefix=OFF
// These cases test the scattering derivation (gather-levels=false); the default, which
// gathers each level t whole where the forward allows it, is in strata-stencil-adjoint-gather.mlir.

// u[t+1] = a * u[t][-1] with a = 1/c, evidently non-zero. The gradient stores du scaled,
// w = a * du_adj: the gather into du reads w alone; the imaging condition's c-term, which
// does not carry the factor, reads w / a; each step ends by scaling the completed level.
// CHECK-LABEL: stencil.program @wave_gradient(
// CHECK-SAME: %[[C:[a-z0-9]+]]: !stencil.field<1 x f64> {stencil.name = "c"}
// CHECK-SAME: %[[DC:[a-z0-9]+]]: !stencil.field<1 x f64> {stencil.name = "dc"}
// CHECK-SAME: %[[DU:[a-z0-9]+]]: !stencil.field<1 x f64, levels = 2> {stencil.name = "du"}
// CHECK: stencil.apply %[[DC]] level = 0 accumulate :
// CHECK: %[[CC:.*]] = stencil.access %[[C]][0] :
// CHECK: %[[A:.*]] = arith.divf %{{.*}}, %[[CC]]
// CHECK: %[[W:.*]] = stencil.access %[[DU]][0] time = 1 :
// CHECK-NEXT: arith.divf %[[W]], %[[A]]
// CHECK: stencil.apply %[[DU]] level = 0 accumulate :
// CHECK-NOT: stencil.access %[[C]]
// CHECK: stencil.access %[[DU]][1] time = 1 :
// CHECK-NOT: stencil.access %[[C]]
// CHECK: stencil.return
// CHECK: stencil.apply %[[DU]] level = 0 :
// CHECK-NEXT: stencil.access %[[DU]][0] :
// Unscaled, the gather into du reads the factor at the neighbour, and no step scales.
// OFF-LABEL: stencil.program @wave_gradient(
// OFF: stencil.apply %{{.*}} level = 0 accumulate : !stencil.field<1 x f64, levels = 2>
// OFF: stencil.access %{{.*}}[1] : !stencil.field<1 x f64>
// OFF-NOT: stencil.apply %{{.*}} level = 0 :
stencil.program @wave(%c: !stencil.field<1 x f64> {stencil.name = "c"},
                      %u: !stencil.field<1 x f64, levels = 2> {stencil.name = "u"},
                      %s: !stencil.points<1 x f64> {stencil.name = "s"},
                      %r: !stencil.points<1 x f64> {stencil.name = "r"},
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
      stencil.return %one : f64
    }
    stencil.interpolate %r : !stencil.points<1 x f64> {
      %v = stencil.access %u[0] : !stencil.field<1 x f64, levels = 2>
      stencil.return %v : f64
    }
  }
}
