// RUN: not strata compile %s --emit ast --dims 2 2>&1 | FileCheck %s
// CHECK: {{.*}}sema_stagger_axis_missing.pde:8:34: error: stagger axis 'y' does not exist in a 2D grid (axes: x, z)
// CHECK-NEXT: state v : timefield(g, stagger = y)
// CHECK-NEXT: ^

model t
grid g
state v : timefield(g, stagger = y)
