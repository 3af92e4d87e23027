// RUN: not strata compile %s --emit ast 2>&1 | FileCheck %s
// CHECK: {{.*}}sema_space_order_exceeded.pde:14:31: error: 'u' is differentiated to total order 4 in space, above its space_order = 2
// CHECK-NEXT: equation m * dt2(u) = dxx(dxx(u))
// CHECK-NEXT: ^

model t
option space_order: int = 2
grid g
input m : field(g)
input damp : field(g)
state u : timefield(g, time_order = 2, space_order = space_order)
source src : points(g)
receiver rec : points(g)
equation m * dt2(u) = dxx(dxx(u))
