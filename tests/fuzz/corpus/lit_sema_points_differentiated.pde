// RUN: not strata compile %s --emit ast 2>&1 | FileCheck %s
// CHECK: {{.*}}sema_points_differentiated.pde:14:40: error: source 'src' is a set of points, not a field; it cannot be differentiated
// CHECK-NEXT: equation m * dt2(u) = laplace(u) + dxx(src)
// CHECK-NEXT: ^~~

model t
option space_order: int = 2
grid g
input m : field(g)
input damp : field(g)
state u : timefield(g, time_order = 2, space_order = space_order)
source src : points(g)
receiver rec : points(g)
equation m * dt2(u) = laplace(u) + dxx(src)
