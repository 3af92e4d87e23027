// RUN: not strata compile %s --emit ast 2>&1 | FileCheck %s
// CHECK: {{.*}}sema_two_unknowns.pde:15:1: error: equation has two unknowns, 'u' and 'v': each equation must update exactly one state
// CHECK-NEXT: equation dt2(u) + dt2(v) = laplace(u)
// CHECK-NEXT: ^~~~~~~~

model t
option space_order: int = 2
grid g
input m : field(g)
input damp : field(g)
state u : timefield(g, time_order = 2, space_order = space_order)
source src : points(g)
receiver rec : points(g)
state v : timefield(g, time_order = 2)
equation dt2(u) + dt2(v) = laplace(u)
