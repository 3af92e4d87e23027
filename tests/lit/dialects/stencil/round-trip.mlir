// Print -> parse -> print of the stencil dialect is stable, custom and generic forms.
// RUN: strata-opt %s | strata-opt | FileCheck %s
// RUN: strata-opt --mlir-print-op-generic %s | strata-opt | FileCheck %s

// CHECK-LABEL: stencil.program @diffusion(
// CHECK-SAME: %[[U:.*]]: !stencil.field<2 x f32, levels = 2> {stencil.name = "u"}
// CHECK-SAME: %{{.*}}: !stencil.points<2 x f32> {stencil.name = "src"}
// CHECK-SAME: attributes {dims = 2 : i64, halo = array<i64: 1, 1>}
stencil.program @diffusion(%u: !stencil.field<2 x f32, levels = 2> {stencil.name = "u"},
                           %src: !stencil.points<2 x f32> {stencil.name = "src"},
                           %rec: !stencil.points<2 x f32> {stencil.name = "rec"},
                           %dt: f32 {stencil.name = "dt"},
                           %begin: index {stencil.name = "time_begin"},
                           %end: index {stencil.name = "time_end"})
    attributes {dims = 2 : i64, halo = array<i64: 1, 1>} {
  // CHECK: stencil.time_loop %{{.*}} to %{{.*}} {
  stencil.time_loop %begin to %end {
    // CHECK: stencil.apply %[[U]] : !stencil.field<2 x f32, levels = 2> {
    stencil.apply %u : !stencil.field<2 x f32, levels = 2> {
      // CHECK: stencil.access %[[U]][0, 0] : !stencil.field<2 x f32, levels = 2>
      %c = stencil.access %u[0, 0] : !stencil.field<2 x f32, levels = 2>
      // CHECK: stencil.access %[[U]][-1, 0] : !stencil.field<2 x f32, levels = 2>
      %w = stencil.access %u[-1, 0] : !stencil.field<2 x f32, levels = 2>
      %e = stencil.access %u[1, 0] : !stencil.field<2 x f32, levels = 2>
      %s = arith.addf %w, %e : f32
      %d = arith.mulf %s, %dt : f32
      %r = arith.addf %c, %d : f32
      // CHECK: stencil.return %{{.*}} : f32
      stencil.return %r : f32
    }
    // CHECK: stencil.inject %{{.*}} into %[[U]] : !stencil.points<2 x f32>, !stencil.field<2 x f32, levels = 2> {
    stencil.inject %src into %u : !stencil.points<2 x f32>, !stencil.field<2 x f32, levels = 2> {
      stencil.return %dt : f32
    }
    // CHECK: stencil.interpolate %{{.*}} : !stencil.points<2 x f32> {
    stencil.interpolate %rec : !stencil.points<2 x f32> {
      // CHECK: stencil.access %[[U]][0, 0] time = 1
      %v = stencil.access %u[0, 0] time = 1 : !stencil.field<2 x f32, levels = 2>
      stencil.return %v : f32
    }
    // CHECK: }
  }
}

// The adjoint forms: a reversed time loop, updates of other levels, accumulation, and
// injection into the current level.
// CHECK-LABEL: stencil.program @adjoint_forms(
stencil.program @adjoint_forms(%u: !stencil.field<1 x f64, levels = 3> {stencil.name = "u"},
                               %r: !stencil.points<1 x f64> {stencil.name = "r"},
                               %b: index {stencil.name = "time_begin"},
                               %e: index {stencil.name = "time_end"})
    attributes {dims = 1 : i64} {
  // CHECK: stencil.time_loop reverse %{{.*}} to %{{.*}} {
  stencil.time_loop reverse %b to %e {
    // CHECK: stencil.apply %{{.*}} level = -1 : !stencil.field<1 x f64, levels = 3>
    stencil.apply %u level = -1 : !stencil.field<1 x f64, levels = 3> {
      %z = arith.constant 0.0 : f64
      stencil.return %z : f64
    }
    // CHECK: stencil.apply %{{.*}} level = 0 accumulate : !stencil.field<1 x f64, levels = 3>
    stencil.apply %u level = 0 accumulate : !stencil.field<1 x f64, levels = 3> {
      %a = stencil.access %u[-1] time = 1 : !stencil.field<1 x f64, levels = 3>
      stencil.return %a : f64
    }
    // CHECK: stencil.inject %{{.*}} into %{{.*}} level = 0 :
    stencil.inject %r into %u level = 0 : !stencil.points<1 x f64>, !stencil.field<1 x f64, levels = 3> {
      %one = arith.constant 1.0 : f64
      stencil.return %one : f64
    }
    // An update may read the level it writes at the point itself (the value before it):
    // a scaled adjoint scales the level a step completed.
    // CHECK: stencil.apply %{{.*}} level = 0 : !stencil.field<1 x f64, levels = 3>
    // CHECK-NEXT: stencil.access %{{.*}}[0] : !stencil.field<1 x f64, levels = 3>
    stencil.apply %u level = 0 : !stencil.field<1 x f64, levels = 3> {
      %old = stencil.access %u[0] : !stencil.field<1 x f64, levels = 3>
      %two = arith.constant 2.0 : f64
      %scaled = arith.mulf %two, %old : f64
      stencil.return %scaled : f64
    }
  }
}

// A gathering adjoint step: level t from the newer levels t+1 and t+2 (a reversed loop
// may touch up to t+L-1, three consecutive levels here).
// CHECK-LABEL: stencil.program @gathered_adjoint(
stencil.program @gathered_adjoint(%u: !stencil.field<1 x f64, levels = 3> {stencil.name = "u"},
                                  %b: index {stencil.name = "time_begin"},
                                  %e: index {stencil.name = "time_end"})
    attributes {dims = 1 : i64} {
  stencil.time_loop reverse %b to %e {
    // CHECK: stencil.apply %{{.*}} level = 0 : !stencil.field<1 x f64, levels = 3>
    // CHECK-NEXT: stencil.access %{{.*}}[1] time = 1 :
    // CHECK-NEXT: stencil.access %{{.*}}[0] time = 2 :
    stencil.apply %u level = 0 : !stencil.field<1 x f64, levels = 3> {
      %next = stencil.access %u[1] time = 1 : !stencil.field<1 x f64, levels = 3>
      %after = stencil.access %u[0] time = 2 : !stencil.field<1 x f64, levels = 3>
      %sum = arith.subf %next, %after : f64
      stencil.return %sum : f64
    }
  }
}

// CHECK-LABEL: stencil.program @wave3d(
stencil.program @wave3d(%u: !stencil.field<3 x f64, levels = 3> {stencil.name = "u"},
                        %m: !stencil.field<3 x f64> {stencil.name = "m"},
                        %begin: index {stencil.name = "time_begin"},
                        %end: index {stencil.name = "time_end"})
    attributes {dims = 3 : i64} {
  stencil.time_loop %begin to %end {
    stencil.apply %u : !stencil.field<3 x f64, levels = 3> {
      // CHECK: stencil.access %{{.*}}[0, 0, 2] time = -1 : !stencil.field<3 x f64, levels = 3>
      %a = stencil.access %u[0, 0, 2] time = -1 : !stencil.field<3 x f64, levels = 3>
      // CHECK: stencil.access %{{.*}}[0, 0, 0] : !stencil.field<3 x f64>
      %m0 = stencil.access %m[0, 0, 0] : !stencil.field<3 x f64>
      %r = math.sqrt %m0 : f64
      %v = arith.mulf %a, %r : f64
      stencil.return %v : f64
    }
  }
}

// CHECK-LABEL: stencil.program @precomputed(
// CHECK: stencil.precompute %{{.*}} if %{{.*}} : !stencil.field<2 x f32> {
// CHECK: stencil.access %{{.*}}[0, 0] : !stencil.field<2 x f32>
// CHECK: stencil.return %{{.*}} : f32
stencil.program @precomputed(%c: !stencil.field<2 x f32> {stencil.name = "c"},
                             %m: !stencil.field<2 x f32> {stencil.name = "m"},
                             %r: index {stencil.name = "recompute_workspace"})
    attributes {dims = 2 : i64} {
  stencil.precompute %c if %r : !stencil.field<2 x f32> {
    %one = arith.constant 1.0 : f32
    %x = stencil.access %m[0, 0] : !stencil.field<2 x f32>
    %y = arith.divf %one, %x : f32
    stencil.return %y : f32
  }
}
