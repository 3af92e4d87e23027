// RUN: strata-opt --strata-stencil-gradient="input=c gather-levels=false" %s | FileCheck %s
// These cases test the scattering derivation (gather-levels=false); the default, which
// gathers each level t whole where the forward allows it, is in strata-stencil-adjoint-gather.mlir.

// The gradient program of u[t+1] = c u[t][-1] with a source and a receiver: u is the given
// forward wavefield (never updated), du the adjoint wavefield, dc accumulates the gradient:
// the transpose of the Born update's c-term is dc(z) += u[t](z - 1) du[t+1](z), read at the
// same step; the receiver residual is injected into du.
// CHECK-LABEL: stencil.program @wave_gradient(
// CHECK-SAME: %[[U:[a-z0-9]+]]: !stencil.field<1 x f64, levels = 2> {stencil.name = "u"}
// CHECK-SAME: %[[DC:[a-z0-9]+]]: !stencil.field<1 x f64> {stencil.name = "dc"}
// CHECK-SAME: %[[DU:[a-z0-9]+]]: !stencil.field<1 x f64, levels = 2> {stencil.name = "du"}
// CHECK: stencil.time_loop reverse
// CHECK: stencil.apply %[[DU]] level = 0 :
// CHECK: stencil.inject %{{.*}} into %[[DU]] level = 0 :
// CHECK: stencil.apply %[[DC]] level = 0 accumulate :
// CHECK-DAG: stencil.access %[[U]][-1] :
// CHECK-DAG: stencil.access %[[DU]][0] time = 1 :
// CHECK: stencil.apply %[[DU]] level = 0 accumulate :
// CHECK: stencil.access %[[DU]][1] time = 1 :
// CHECK-NOT: stencil.apply %[[U]]
// CHECK-NOT: stencil.program @wave_born
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
      %n = arith.mulf %cc, %w : f64
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
