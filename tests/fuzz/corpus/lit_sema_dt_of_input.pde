// RUN: not strata compile %s --emit ast 2>&1 | FileCheck %s
// CHECK: {{.*}}sema_dt_of_input.pde:14:13: error: 'm' is an input; only states have time derivatives
// CHECK-NEXT: equation dt(m) = laplace(u)
// CHECK-NEXT: ^

model t
option space_order: int = 2
grid g
input m : field(g)
input damp : field(g)
state u : timefield(g, time_order = 2, space_order = space_order)
source src : points(g)
receiver rec : points(g)
equation dt(m) = laplace(u)
