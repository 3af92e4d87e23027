// RUN: strata-opt --split-input-file --pass-pipeline='builtin.module(stencil.program(strata-stencil-hoist-coefficients))' %s | FileCheck %s
// RUN: strata-opt --split-input-file --pass-pipeline='builtin.module(stencil.program(strata-stencil-hoist-coefficients{minimum-offsets=3}))' %s | FileCheck %s --check-prefix=THREE
// RUN: strata-opt --split-input-file --pass-pipeline='builtin.module(stencil.program(strata-stencil-hoist-coefficients),strata-stencil-to-loops{vector-width=4},canonicalize)' %s | FileCheck %s --check-prefix=LOOPS

!U = !stencil.field<2 x f32, levels = 3>
!M = !stencil.field<2 x f32>

// A gather reads 1 / (m/dt^2 + d) at two neighbours: the expression becomes a workspace
// field filled before the time loop, read at each offset. The weights (cheap) stay.
// CHECK-LABEL: stencil.program @gather(
// CHECK-SAME: %[[M:[a-z0-9]+]]: !stencil.field<2 x f32> {stencil.name = "m"}
// CHECK-SAME: %[[D:[a-z0-9]+]]: !stencil.field<2 x f32> {stencil.name = "d"}
// CHECK-SAME: %[[DT:[a-z0-9]+]]: f32 {stencil.name = "dt"}
// CHECK-SAME: %[[C:[a-z0-9]+]]: !stencil.field<2 x f32> {stencil.name = "coefficient0", stencil.workspace}
// CHECK-SAME: %[[R:[a-z0-9]+]]: index {stencil.name = "recompute_workspace"}
// CHECK: stencil.precompute %[[C]] if %[[R]] : !stencil.field<2 x f32> {
// CHECK: %[[MM:.*]] = stencil.access %[[M]][0, 0]
// CHECK: %[[DD:.*]] = stencil.access %[[D]][0, 0]
// CHECK: %[[S:.*]] = arith.addf
// CHECK: %[[Q:.*]] = arith.divf %{{.*}}, %[[S]] : f32
// CHECK: stencil.return %[[Q]]
// CHECK: stencil.time_loop
// CHECK: stencil.apply
// CHECK-NOT: arith.divf %{{.*}}, %{{.*}} : f32
// CHECK: stencil.access %[[C]][-1, 0]
// CHECK: stencil.access %[[C]][1, 0]
// CHECK: stencil.return
// Only two offsets: with minimum-offsets=3 nothing changes.
// THREE-LABEL: stencil.program @gather(
// THREE-NOT: stencil.precompute
// THREE-NOT: coefficient0
// THREE: return
// The precompute runs over the whole padded grid when the flag is non-zero.
// LOOPS-LABEL: func.func @gather(
// LOOPS: %[[ASK:.*]] = arith.cmpi ne, %{{.*}}, %c0
// LOOPS: scf.if %[[ASK]] {
// LOOPS: scf.parallel (%{{.*}}) = (%c0) to
// LOOPS: arith.divf %{{.*}} : vector<4xf32>
// LOOPS: vector.store
// LOOPS: scf.for
stencil.program @gather(%u: !U {stencil.name = "u"}, %m: !M {stencil.name = "m"},
                        %d: !M {stencil.name = "d"}, %dt: f32 {stencil.name = "dt"},
                        %b: index {stencil.name = "time_begin"},
                        %e: index {stencil.name = "time_end"})
    attributes {dims = 2 : i64, halo = array<i64: 1, 1>} {
  stencil.time_loop reverse %b to %e {
    stencil.apply %u level = 0 accumulate : !U {
      %one = arith.constant 1.0 : f32
      %w = arith.constant 0.5 : f32
      %dt2 = arith.mulf %dt, %dt : f32
      %m1 = stencil.access %m[-1, 0] : !M
      %d1 = stencil.access %d[-1, 0] : !M
      %a1 = arith.divf %m1, %dt2 : f32
      %s1 = arith.addf %a1, %d1 : f32
      %c1 = arith.divf %one, %s1 : f32
      %k1 = arith.mulf %w, %c1 : f32
      %u1 = stencil.access %u[-1, 0] time = 1 : !U
      %t1 = arith.mulf %k1, %u1 : f32
      %m2 = stencil.access %m[1, 0] : !M
      %d2 = stencil.access %d[1, 0] : !M
      %a2 = arith.divf %m2, %dt2 : f32
      %s2 = arith.addf %a2, %d2 : f32
      %c2 = arith.divf %one, %s2 : f32
      %k2 = arith.mulf %w, %c2 : f32
      %u2 = stencil.access %u[1, 0] time = 1 : !U
      %t2 = arith.mulf %k2, %u2 : f32
      %sum = arith.addf %t1, %t2 : f32
      stencil.return %sum : f32
    }
  }
}

// -----

!U = !stencil.field<2 x f32, levels = 3>
!M = !stencil.field<2 x f32>

// Not hoisted: a coefficient read at one offset only (a forward update), an expression
// mixing fields read at different offsets, and a field that a sweep writes (not invariant).
// CHECK-LABEL: stencil.program @kept(
// CHECK-NOT: stencil.precompute
// CHECK-NOT: stencil.workspace
// CHECK: return
stencil.program @kept(%u: !U {stencil.name = "u"}, %m: !M {stencil.name = "m"},
                      %g: !M {stencil.name = "g"},
                      %b: index {stencil.name = "time_begin"},
                      %e: index {stencil.name = "time_end"})
    attributes {dims = 2 : i64, halo = array<i64: 1, 1>} {
  stencil.time_loop %b to %e {
    stencil.apply %u : !U {
      %one = arith.constant 1.0 : f32
      %m0 = stencil.access %m[0, 0] : !M
      %c0 = arith.divf %one, %m0 : f32
      %ml = stencil.access %m[-1, 0] : !M
      %mr = stencil.access %m[1, 0] : !M
      %x = arith.divf %ml, %mr : f32
      %ul = stencil.access %u[-1, 0] : !U
      %p = arith.mulf %c0, %ul : f32
      %q = arith.mulf %x, %p : f32
      stencil.return %q : f32
    }
    stencil.apply %g level = 0 accumulate : !M {
      %one = arith.constant 1.0 : f32
      %u0 = stencil.access %u[0, 0] time = 1 : !U
      stencil.return %u0 : f32
    }
    stencil.apply %u level = 0 accumulate : !U {
      %one = arith.constant 1.0 : f32
      %gl = stencil.access %g[-1, 0] : !M
      %gr = stencil.access %g[1, 0] : !M
      %cl = arith.divf %one, %gl : f32
      %cr = arith.divf %one, %gr : f32
      %s = arith.addf %cl, %cr : f32
      stencil.return %s : f32
    }
  }
}
