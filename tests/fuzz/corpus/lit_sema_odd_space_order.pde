// RUN: not strata compile %s --emit ast -D space_order=3 2>&1 | FileCheck %s
// CHECK: {{.*}}sema_odd_space_order.pde:11:54: error: 'space_order' must be an even integer between 2 and 64, got 3
// CHECK-NEXT: state u : timefield(g, time_order = 2, space_order = space_order)
// CHECK-NEXT: ^~~~~~~~~~~

model t
option space_order: int = 2
grid g
input m : field(g)
input damp : field(g)
state u : timefield(g, time_order = 2, space_order = space_order)
source src : points(g)
receiver rec : points(g)
equation m * dt2(u) = laplace(u)
