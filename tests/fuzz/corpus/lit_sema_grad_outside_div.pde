// RUN: not strata compile %s --emit ast 2>&1 | FileCheck %s
// CHECK: {{.*}}sema_grad_outside_div.pde:14:36: error: grad(...) is a vector and can only be used inside div(...)
// CHECK-NEXT: equation m * dt2(u) = laplace(u) + grad(u)
// CHECK-NEXT: ^~~~

model t
option space_order: int = 2
grid g
input m : field(g)
input damp : field(g)
state u : timefield(g, time_order = 2, space_order = space_order)
source src : points(g)
receiver rec : points(g)
equation m * dt2(u) = laplace(u) + grad(u)
