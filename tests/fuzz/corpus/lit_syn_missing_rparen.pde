// RUN: not strata compile %s --emit ast 2>&1 | FileCheck %s
// CHECK: {{.*}}syn_missing_rparen.pde:15:1: error: expected ',' or ')', found 'record'
// CHECK-NEXT: record rec = u
// CHECK-NEXT: ^~~~~~

model t
option space_order: int = 2
grid g
input m : field(g)
input damp : field(g)
state u : timefield(g, time_order = 2, space_order = space_order)
source src : points(g)
receiver rec : points(g)
equation m * dt2(u) = laplace(u
record rec = u
