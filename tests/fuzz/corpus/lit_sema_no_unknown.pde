// RUN: not strata compile %s --emit ast 2>&1 | FileCheck %s
// CHECK: {{.*}}sema_no_unknown.pde:14:1: error: equation has no unknown: it must contain the time derivative of a state that no earlier equation updates
// CHECK-NEXT: equation m * u = laplace(u)
// CHECK-NEXT: ^~~~~~~~

model t
option space_order: int = 2
grid g
input m : field(g)
input damp : field(g)
state u : timefield(g, time_order = 2, space_order = space_order)
source src : points(g)
receiver rec : points(g)
equation m * u = laplace(u)
