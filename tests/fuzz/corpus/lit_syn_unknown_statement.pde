// RUN: not strata compile %s --emit ast 2>&1 | FileCheck %s
// CHECK: {{.*}}syn_unknown_statement.pde:14:1: error: expected a statement (model, option, grid, const, let, input, state, source, receiver, equation, record, import or if), found 'foo'
// CHECK-NEXT: foo = 3
// CHECK-NEXT: ^~~

model t
option space_order: int = 2
grid g
input m : field(g)
input damp : field(g)
state u : timefield(g, time_order = 2, space_order = space_order)
source src : points(g)
receiver rec : points(g)
foo = 3
