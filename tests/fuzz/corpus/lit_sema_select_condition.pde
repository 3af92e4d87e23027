// RUN: not strata compile %s --emit ast 2>&1 | FileCheck %s
// CHECK: {{.*}}sema_select_condition.pde:14:30: error: the first argument of select must be a condition such as a < b
// CHECK-NEXT: equation m * dt2(u) = select(m, u, 0)
// CHECK-NEXT: ^

model t
option space_order: int = 2
grid g
input m : field(g)
input damp : field(g)
state u : timefield(g, time_order = 2, space_order = space_order)
source src : points(g)
receiver rec : points(g)
equation m * dt2(u) = select(m, u, 0)
