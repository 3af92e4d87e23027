// RUN: not strata compile %s --emit ast 2>&1 | FileCheck %s
// CHECK: {{.*}}sema_record_not_receiver.pde:15:8: error: record target 'u' must be a receiver, but it is a state
// CHECK-NEXT: record u = u
// CHECK-NEXT: ^

model t
option space_order: int = 2
grid g
input m : field(g)
input damp : field(g)
state u : timefield(g, time_order = 2, space_order = space_order)
source src : points(g)
receiver rec : points(g)
equation m * dt2(u) = laplace(u)
record u = u
