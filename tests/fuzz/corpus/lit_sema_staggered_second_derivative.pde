// RUN: not strata compile %s --emit ast 2>&1 | FileCheck %s
// CHECK: {{.*}}sema_staggered_second_derivative.pde:14:23: error: staggered variants exist only for first derivatives (dx+, dy+, dz+, dx-, ...)
// CHECK-NEXT: equation m * dt2(u) = dxx+(u)
// CHECK-NEXT: ^~~

model t
option space_order: int = 2
grid g
input m : field(g)
input damp : field(g)
state u : timefield(g, time_order = 2, space_order = space_order)
source src : points(g)
receiver rec : points(g)
equation m * dt2(u) = dxx+(u)
