// RUN: not strata compile %s --emit ast 2>&1 | FileCheck %s
// CHECK: {{.*}}sema_dt2_first_order.pde:9:10: error: dt2(u) is a 2nd time derivative, but 'u' is declared with time_order = 1
// CHECK-NEXT: equation dt2(u) = laplace(u)
// CHECK-NEXT: ^~~~~~

model t
grid g
state u : timefield(g, time_order = 1, space_order = 2)
equation dt2(u) = laplace(u)
