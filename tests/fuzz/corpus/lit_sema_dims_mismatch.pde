// RUN: not strata compile %s --emit ast --dims 2 2>&1 | FileCheck %s
// CHECK: {{.*}}sema_dims_mismatch.pde:14:32: error: axis 'y' does not exist in a 2D grid (axes: x, z)
// CHECK-NEXT: equation m * dt2(u) = dxx(u) + dyy(u)
// CHECK-NEXT: ^~~

model t
option space_order: int = 2
grid g
input m : field(g)
input damp : field(g)
state u : timefield(g, time_order = 2, space_order = space_order)
source src : points(g)
receiver rec : points(g)
equation m * dt2(u) = dxx(u) + dyy(u)
