// RUN: strata-opt --split-input-file --pass-pipeline='builtin.module(stencil.program(strata-stencil-fuse))' %s | FileCheck %s

// Two independent velocity updates fuse; the pressure update reads them at t+1 away
// from its point, so it stays a separate sweep.
// CHECK-LABEL: stencil.program @staggered
// CHECK: stencil.apply %[[VX:[a-z0-9]+]], %[[VZ:[a-z0-9]+]] : !stencil.field<2 x f32, levels = 2>, !stencil.field<2 x f32, levels = 2> {
// CHECK-DAG: %[[A:.*]] = stencil.access %{{.*}}[1, 0] :
// CHECK-DAG: %[[B:.*]] = stencil.access %{{.*}}[0, 1] :
// CHECK: stencil.return %[[A]], %[[B]] : f32, f32
// CHECK: stencil.apply %{{.*}} : !stencil.field<2 x f32, levels = 2> {
// CHECK: stencil.access %[[VX]][-1, 0] time = 1
stencil.program @staggered(%vx: !stencil.field<2 x f32, levels = 2> {stencil.name = "vx"},
                           %vz: !stencil.field<2 x f32, levels = 2> {stencil.name = "vz"},
                           %p: !stencil.field<2 x f32, levels = 2> {stencil.name = "p"},
                           %b: index {stencil.name = "time_begin"}, %e: index {stencil.name = "time_end"})
    attributes {dims = 2 : i64} {
  stencil.time_loop %b to %e {
    stencil.apply %vx : !stencil.field<2 x f32, levels = 2> {
      %a = stencil.access %p[1, 0] : !stencil.field<2 x f32, levels = 2>
      stencil.return %a : f32
    }
    stencil.apply %vz : !stencil.field<2 x f32, levels = 2> {
      %a = stencil.access %p[0, 1] : !stencil.field<2 x f32, levels = 2>
      stencil.return %a : f32
    }
    stencil.apply %p : !stencil.field<2 x f32, levels = 2> {
      %a = stencil.access %vx[-1, 0] time = 1 : !stencil.field<2 x f32, levels = 2>
      stencil.return %a : f32
    }
  }
}

// -----

// A read of the first update's new value at the same point becomes that value.
// CHECK-LABEL: stencil.program @forward
// CHECK: stencil.apply %[[U:[a-z0-9]+]], %[[W:[a-z0-9]+]] :
// CHECK-NEXT: %[[X:.*]] = stencil.access %[[U]][1] :
// CHECK-NEXT: %[[Y:.*]] = arith.mulf %[[X]], %[[X]] : f64
// CHECK-NEXT: stencil.return %[[X]], %[[Y]] : f64, f64
// CHECK-NOT: stencil.apply
stencil.program @forward(%u: !stencil.field<1 x f64, levels = 2> {stencil.name = "u"},
                         %w: !stencil.field<1 x f64, levels = 2> {stencil.name = "w"},
                         %b: index {stencil.name = "time_begin"}, %e: index {stencil.name = "time_end"})
    attributes {dims = 1 : i64} {
  stencil.time_loop %b to %e {
    stencil.apply %u : !stencil.field<1 x f64, levels = 2> {
      %a = stencil.access %u[1] : !stencil.field<1 x f64, levels = 2>
      stencil.return %a : f64
    }
    stencil.apply %w : !stencil.field<1 x f64, levels = 2> {
      %n = stencil.access %u[0] time = 1 : !stencil.field<1 x f64, levels = 2>
      %sq = arith.mulf %n, %n : f64
      stencil.return %sq : f64
    }
  }
}

// -----

// An inject between two applies keeps them apart (the second must see the injection).
// CHECK-LABEL: stencil.program @separated
// CHECK: stencil.apply
// CHECK: stencil.inject
// CHECK: stencil.apply
stencil.program @separated(%u: !stencil.field<1 x f32, levels = 2> {stencil.name = "u"},
                           %w: !stencil.field<1 x f32, levels = 2> {stencil.name = "w"},
                           %s: !stencil.points<1 x f32> {stencil.name = "s"},
                           %b: index {stencil.name = "time_begin"}, %e: index {stencil.name = "time_end"})
    attributes {dims = 1 : i64} {
  stencil.time_loop %b to %e {
    stencil.apply %u : !stencil.field<1 x f32, levels = 2> {
      %a = stencil.access %u[0] : !stencil.field<1 x f32, levels = 2>
      stencil.return %a : f32
    }
    stencil.inject %s into %u : !stencil.points<1 x f32>, !stencil.field<1 x f32, levels = 2> {
      %one = arith.constant 1.0 : f32
      stencil.return %one : f32
    }
    stencil.apply %w : !stencil.field<1 x f32, levels = 2> {
      %n = stencil.access %u[0] time = 1 : !stencil.field<1 x f32, levels = 2>
      stencil.return %n : f32
    }
  }
}

// -----

// The first apply reading the second's target at t+1 forbids fusion.
// CHECK-LABEL: stencil.program @backwards
// CHECK: stencil.apply %{{.*}} : !stencil.field<1 x f32, levels = 2> {
// CHECK: stencil.apply %{{.*}} : !stencil.field<1 x f32, levels = 2> {
stencil.program @backwards(%u: !stencil.field<1 x f32, levels = 2> {stencil.name = "u"},
                           %w: !stencil.field<1 x f32, levels = 2> {stencil.name = "w"},
                           %b: index {stencil.name = "time_begin"}, %e: index {stencil.name = "time_end"})
    attributes {dims = 1 : i64} {
  stencil.time_loop %b to %e {
    stencil.apply %u : !stencil.field<1 x f32, levels = 2> {
      %a = stencil.access %w[0] time = 1 : !stencil.field<1 x f32, levels = 2>
      stencil.return %a : f32
    }
    stencil.apply %w : !stencil.field<1 x f32, levels = 2> {
      %n = stencil.access %w[0] : !stencil.field<1 x f32, levels = 2>
      stencil.return %n : f32
    }
  }
}
