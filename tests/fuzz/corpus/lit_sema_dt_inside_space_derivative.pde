// RUN: not strata compile %s --emit ast 2>&1 | FileCheck %s
// CHECK: {{.*}}sema_dt_inside_space_derivative.pde:14:1: error: equation is nonlinear in its unknown 'u': the time derivative of 'u' appears inside a space derivative, so 'u' at t+1 would be needed at neighbouring points (implicit schemes are not supported)
// CHECK-NEXT: equation m * dx(dt(u)) = laplace(u)
// CHECK-NEXT: ^~~~~~~~

model t
option space_order: int = 2
grid g
input m : field(g)
input damp : field(g)
state u : timefield(g, time_order = 2, space_order = space_order)
source src : points(g)
receiver rec : points(g)
equation m * dx(dt(u)) = laplace(u)
