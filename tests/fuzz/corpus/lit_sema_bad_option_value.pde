// RUN: not strata compile %s --emit ast -D space_order=abc 2>&1 | FileCheck %s
// CHECK: {{.*}}sema_bad_option_value.pde:7:8: error: invalid value 'abc' for int option 'space_order' (from -D space_order=abc)
// CHECK-NEXT: option space_order: int = 2
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
