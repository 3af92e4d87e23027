// RUN: strata-opt --split-input-file --pass-pipeline='builtin.module(stencil.program(strata-stencil-shape-inference))' %s | FileCheck %s
// RUN: strata-opt --split-input-file --pass-pipeline='builtin.module(stencil.program(strata-stencil-shape-inference{minimum-halo=4}))' %s | FileCheck %s --check-prefix=MIN

// Per-field halos from the largest offsets (apply, inject and interpolate bodies all
// count); the program's halo is the per-axis maximum.
// CHECK-LABEL: stencil.program @halos(
// CHECK-SAME: {stencil.halo = array<i64: 2, 1>, stencil.name = "u"}
// CHECK-SAME: {stencil.halo = array<i64: 0, 3>, stencil.name = "m"}
// CHECK-SAME: {stencil.halo = array<i64: 0, 0>, stencil.name = "unused"}
// CHECK-SAME: attributes {dims = 2 : i64, halo = array<i64: 2, 3>}
// MIN: attributes {dims = 2 : i64, halo = array<i64: 4, 4>}
stencil.program @halos(%u: !stencil.field<2 x f32, levels = 3> {stencil.name = "u"},
                       %m: !stencil.field<2 x f32> {stencil.name = "m"},
                       %unused: !stencil.field<2 x f32> {stencil.name = "unused"},
                       %r: !stencil.points<2 x f32> {stencil.name = "r"},
                       %b: index {stencil.name = "time_begin"}, %e: index {stencil.name = "time_end"})
    attributes {dims = 2 : i64} {
  stencil.time_loop %b to %e {
    stencil.apply %u : !stencil.field<2 x f32, levels = 3> {
      %a = stencil.access %u[-2, 0] time = -1 : !stencil.field<2 x f32, levels = 3>
      %c = stencil.access %m[0, 3] : !stencil.field<2 x f32>
      %s = arith.addf %a, %c : f32
      stencil.return %s : f32
    }
    stencil.interpolate %r : !stencil.points<2 x f32> {
      %v = stencil.access %u[0, -1] : !stencil.field<2 x f32, levels = 3>
      stencil.return %v : f32
    }
  }
}
