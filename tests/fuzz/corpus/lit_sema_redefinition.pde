// RUN: not strata compile %s --emit ast 2>&1 | FileCheck %s
// CHECK: {{.*}}sema_redefinition.pde:14:7: error: redefinition of 'm'
// CHECK-NEXT: input m : field(g)
// CHECK-NEXT: ^

model t
option space_order: int = 2
grid g
input m : field(g)
input damp : field(g)
state u : timefield(g, time_order = 2, space_order = space_order)
source src : points(g)
receiver rec : points(g)
input m : field(g)
