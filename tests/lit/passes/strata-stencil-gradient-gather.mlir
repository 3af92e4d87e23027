// RUN: strata-opt --strata-stencil-gradient="input=c imaging-by-parts=false" %s | FileCheck %s --check-prefix=GRADIENT
// Gathered levels in a gradient program (see strata-stencil-adjoint-gather.mlir); the imaging
// condition summed by parts is in strata-stencil-gradient-by-parts.mlir.

// The gradient of u[t+1] = a * (u[t][-1] - u[t-1]), a = 1/c, with respect to c: du
// gathered at level 0, then the imaging condition into dc (it reads du at t+1 only, so it
// can share du's sweep), then the residual into du and the source term's share into dc.
// GRADIENT-LABEL: stencil.program @leapfrog_gradient(
// GRADIENT-SAME: %[[DC:[a-z0-9]+]]: !stencil.field<1 x f64> {stencil.name = "dc"}
// GRADIENT-SAME: %[[DU:[a-z0-9]+]]: !stencil.field<1 x f64, levels = 3> {stencil.name = "du"}
// GRADIENT: stencil.time_loop reverse
// GRADIENT-NEXT: stencil.apply %[[DU]] level = 0 :
// GRADIENT: stencil.access %[[DU]][1] time = 1 :
// GRADIENT: stencil.access %[[DU]][0] time = 2 :
// GRADIENT: stencil.return
// GRADIENT: stencil.apply %[[DC]] level = 0 accumulate :
// GRADIENT: stencil.access %[[DU]][0] time = 1 :
// GRADIENT: stencil.return
// GRADIENT: stencil.inject %{{.*}} into %[[DU]] level = 0 :
// GRADIENT: stencil.inject %{{.*}} into %[[DC]] level = 0 :
// GRADIENT-NOT: stencil.apply
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

