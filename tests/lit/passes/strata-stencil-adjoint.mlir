// RUN: strata-opt --split-input-file --strata-stencil-adjoint=gather-levels=false %s | FileCheck %s
// RUN: strata-opt --split-input-file --strata-stencil-adjoint="replace=true gather-levels=false" %s | FileCheck %s --check-prefix=REPLACE
// These cases test the scattering derivation (gather-levels=false); the default, which
// gathers each level t whole where the forward allows it, is in strata-stencil-adjoint-gather.mlir.

// A 1D leapfrog u[t+1] = c * u[t][-1] - u[t-1] with an input coefficient, a source and a
// receiver. The adjoint runs backwards: clear the oldest level, inject the receiver data
// (adjoint of interpolate), read the sources (adjoint of inject), then gather the update's
// transpose into each level it read: u[t] at offset -1 becomes a read of the adjoint at +1
// with the coefficient evaluated there.
// CHECK-LABEL: stencil.program @wave(
// CHECK-LABEL: stencil.program @wave_adjoint(
// CHECK-SAME: %[[C:[a-z0-9]+]]: !stencil.field<1 x f64> {stencil.name = "c"}
// CHECK-SAME: %[[U:[a-z0-9]+]]: !stencil.field<1 x f64, levels = 3> {stencil.name = "u"}
// CHECK-SAME: %[[S:[a-z0-9]+]]: !stencil.points<1 x f64> {stencil.name = "s"}
// CHECK-SAME: %[[R:[a-z0-9]+]]: !stencil.points<1 x f64> {stencil.name = "r"}
// CHECK: stencil.time_loop reverse
// CHECK: stencil.apply %[[U]] level = -1 :
// CHECK: arith.constant 0.0
// CHECK: stencil.inject %[[R]] into %[[U]] level = 0 :
// CHECK: stencil.interpolate %[[S]]
// CHECK: %[[W:.*]] = stencil.access %[[U]][0] time = 1
// CHECK: arith.mulf %{{.*}}, %[[W]]
// CHECK: stencil.apply %[[U]] level = 0 accumulate :
// CHECK-DAG: %[[CC:.*]] = stencil.access %[[C]][1] :
// CHECK-DAG: %[[A:.*]] = stencil.access %[[U]][1] time = 1 :
// CHECK: stencil.return
// CHECK: stencil.apply %[[U]] level = -1 accumulate :
// CHECK: stencil.access %[[U]][0] time = 1 :
// CHECK: stencil.return
// REPLACE-NOT: stencil.program @wave(
// REPLACE: stencil.program @wave_adjoint(
stencil.program @wave(%c: !stencil.field<1 x f64> {stencil.name = "c"},
                      %u: !stencil.field<1 x f64, levels = 3> {stencil.name = "u"},
                      %s: !stencil.points<1 x f64> {stencil.name = "s"},
                      %r: !stencil.points<1 x f64> {stencil.name = "r"},
                      %b: index {stencil.name = "time_begin"}, %e: index {stencil.name = "time_end"})
    attributes {dims = 1 : i64} {
  stencil.time_loop %b to %e {
    stencil.apply %u : !stencil.field<1 x f64, levels = 3> {
      %cc = stencil.access %c[0] : !stencil.field<1 x f64>
      %w = stencil.access %u[-1] : !stencil.field<1 x f64, levels = 3>
      %p = stencil.access %u[0] time = -1 : !stencil.field<1 x f64, levels = 3>
      %cw = arith.mulf %cc, %w : f64
      %n = arith.subf %cw, %p : f64
      stencil.return %n : f64
    }
    stencil.inject %s into %u : !stencil.points<1 x f64>, !stencil.field<1 x f64, levels = 3> {
      %cc = stencil.access %c[0] : !stencil.field<1 x f64>
      stencil.return %cc : f64
    }
    stencil.interpolate %r : !stencil.points<1 x f64> {
      %v = stencil.access %u[0] : !stencil.field<1 x f64, levels = 3>
      stencil.return %v : f64
    }
  }
}
