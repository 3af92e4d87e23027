// RUN: strata-opt --split-input-file --strata-pde-to-stencil %s | FileCheck %s
// RUN: strata-opt --split-input-file --strata-pde-to-stencil=dtype=f64 %s | FileCheck %s --check-prefix=F64

// 1D diffusion, dt(u) = 0.5 * dxx(u): forward Euler in time, 2nd-order centered in space.
// CHECK-LABEL: stencil.program @diffusion(
// CHECK-SAME: %[[U:[a-z0-9]+]]: !stencil.field<1 x f32, levels = 2> {stencil.name = "u"}
// CHECK-SAME: %[[DT:[a-z0-9]+]]: f32 {stencil.name = "dt"}
// CHECK-SAME: %[[HX:[a-z0-9]+]]: f32 {stencil.name = "h_x"}
// CHECK-SAME: %[[B:[a-z0-9]+]]: index {stencil.name = "time_begin"}
// CHECK-SAME: %[[E:[a-z0-9]+]]: index {stencil.name = "time_end"}
// CHECK-SAME: attributes {dims = 1 : i64}
// CHECK: stencil.time_loop %[[B]] to %[[E]] {
// CHECK: stencil.apply %[[U]] : !stencil.field<1 x f32, levels = 2> {
// CHECK-DAG: stencil.access %[[U]][-1] : !stencil.field<1 x f32, levels = 2>
// CHECK-DAG: stencil.access %[[U]][0] : !stencil.field<1 x f32, levels = 2>
// CHECK-DAG: stencil.access %[[U]][1] : !stencil.field<1 x f32, levels = 2>
// CHECK-NOT: time = 1
// CHECK: stencil.return %{{.*}} : f32
// F64: stencil.program @diffusion(%{{.*}}: !stencil.field<1 x f64, levels = 2>
pde.model @diffusion dims = 1 {
  %u = pde.state "u" time_order = 1 space_order = 2
  %d = pde.dt %u order = 1
  %half = pde.constant 0.5
  %uxx = pde.deriv %u axis = 0 order = 2
  %rhs = pde.mul %half, %uxx
  pde.equation %d = %rhs
}

// -----

// The acoustic model in 2D at space order 4: u[t+1] from u[t-1], u[t] and a 5-point
// stencil per axis; the source is injected with its solved coefficient, and the
// receiver records u at step t (time offset 0).
// CHECK-LABEL: stencil.program @acoustic(
// CHECK-SAME: %[[M:[a-z0-9]+]]: !stencil.field<2 x f32> {stencil.name = "m"}
// CHECK-SAME: %[[U:[a-z0-9]+]]: !stencil.field<2 x f32, levels = 3> {stencil.name = "u"}
// CHECK-SAME: %[[SRC:[a-z0-9]+]]: !stencil.points<2 x f32> {stencil.name = "src"}
// CHECK-SAME: %[[REC:[a-z0-9]+]]: !stencil.points<2 x f32> {stencil.name = "rec"}
// CHECK-SAME: f32 {stencil.name = "h_x"}, %{{.*}}: f32 {stencil.name = "h_z"}
// CHECK: stencil.apply %[[U]]
// CHECK-DAG: stencil.access %[[U]][0, 0] time = -1
// CHECK-DAG: stencil.access %[[U]][-2, 0] :
// CHECK-DAG: stencil.access %[[U]][0, 2] :
// CHECK-DAG: stencil.access %[[M]][0, 0] :
// CHECK: stencil.return
// CHECK: stencil.inject %[[SRC]] into %[[U]]
// CHECK: stencil.access %[[M]][0, 0]
// CHECK: stencil.return
// CHECK: stencil.interpolate %[[REC]]
// CHECK-NEXT: %[[V:.*]] = stencil.access %[[U]][0, 0] : !stencil.field<2 x f32, levels = 3>
// CHECK-NEXT: stencil.return %[[V]] : f32
pde.model @acoustic dims = 2 {
  %m = pde.input "m"
  %u = pde.state "u" time_order = 2 space_order = 4
  %src = pde.source "src"
  %rec = pde.receiver "rec"
  %d2 = pde.dt %u order = 2
  %mu = pde.mul %m, %d2
  %lap = pde.laplace %u
  %lhs = pde.sub %mu, %lap
  %s = pde.inject %src
  pde.equation %lhs = %s
  pde.record %rec = %u
}

// -----

// A staggered pair: v lives half a cell forward along x. dx+(p) at v's points reads
// p at storage offsets 0 and 1; dx-(v) at p's points reads the new v at -1 and 0.
// CHECK-LABEL: stencil.program @staggered(
// CHECK-SAME: %[[V:[a-z0-9]+]]: !stencil.field<1 x f32, levels = 2> {stencil.name = "v"}
// CHECK-SAME: %[[P:[a-z0-9]+]]: !stencil.field<1 x f32, levels = 2> {stencil.name = "p"}
// CHECK: stencil.apply %[[V]]
// CHECK-DAG: stencil.access %[[P]][0] :
// CHECK-DAG: stencil.access %[[P]][1] :
// CHECK: stencil.return
// CHECK: stencil.apply %[[P]]
// CHECK-DAG: stencil.access %[[V]][-1] time = 1
// CHECK-DAG: stencil.access %[[V]][0] time = 1
// CHECK: stencil.return
pde.model @staggered dims = 1 {
  %v = pde.state "v" time_order = 1 space_order = 2 stagger = 0
  %p = pde.state "p" time_order = 1 space_order = 2
  %dv = pde.dt %v order = 1
  %px = pde.deriv %p axis = 0 order = 1 variant = forward_half
  pde.equation %dv = %px
  %dp = pde.dt %p order = 1
  %vx = pde.deriv %v axis = 0 order = 1 variant = backward_half
  pde.equation %dp = %vx
}
