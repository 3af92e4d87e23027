// RUN: not strata compile %s --emit ast 2>&1 | FileCheck %s
// CHECK: {{.*}}sema_builtin_as_value.pde:14:23: error: 'dx' is a built-in operator; call it as dx(...)
// CHECK-NEXT: equation m * dt2(u) = dx + (u)
// CHECK-NEXT: ^~

model t
option space_order: int = 2
grid g
input m : field(g)
input damp : field(g)
state u : timefield(g, time_order = 2, space_order = space_order)
source src : points(g)
receiver rec : points(g)
equation m * dt2(u) = dx + (u)
