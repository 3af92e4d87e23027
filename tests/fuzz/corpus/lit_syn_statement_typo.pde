// RUN: not strata compile %s --emit ast 2>&1 | FileCheck %s
// CHECK: {{.*}}syn_statement_typo.pde:14:1: error: unknown statement 'equatoin'; did you mean 'equation'?
// CHECK-NEXT: equatoin m * dt2(u) = laplace(u)
// CHECK-NEXT: ^~~~~~~~

model t
option space_order: int = 2
grid g
input m : field(g)
input damp : field(g)
state u : timefield(g, time_order = 2, space_order = space_order)
source src : points(g)
receiver rec : points(g)
equatoin m * dt2(u) = laplace(u)
