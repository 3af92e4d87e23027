// RUN: not strata compile %s --emit ast 2>&1 | FileCheck %s
// CHECK: {{.*}}sema_nonlinear_function.pde:14:1: error: equation is nonlinear in its unknown 'u': the time derivative of 'u' appears inside 'sin'
// CHECK-NEXT: equation m * sin(dt2(u)) = laplace(u)
// CHECK-NEXT: ^~~~~~~~

model t
option space_order: int = 2
grid g
input m : field(g)
input damp : field(g)
state u : timefield(g, time_order = 2, space_order = space_order)
source src : points(g)
receiver rec : points(g)
equation m * sin(dt2(u)) = laplace(u)
