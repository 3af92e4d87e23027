// RUN: not strata compile %s --emit ast 2>&1 | FileCheck %s
// CHECK: {{.*}}sema_receiver_read.pde:14:36: error: receiver 'rec' cannot be read; receivers are only written by 'record'
// CHECK-NEXT: equation m * dt2(u) = laplace(u) + rec
// CHECK-NEXT: ^~~

model t
option space_order: int = 2
grid g
input m : field(g)
input damp : field(g)
state u : timefield(g, time_order = 2, space_order = space_order)
source src : points(g)
receiver rec : points(g)
equation m * dt2(u) = laplace(u) + rec
