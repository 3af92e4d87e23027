// RUN: not strata compile %s --emit ast 2>&1 | FileCheck %s
// CHECK: {{.*}}sema_field_as_int.pde:9:54: error: 'space_order' must be a compile-time integer, but 'm' is an input field
// CHECK-NEXT: state u : timefield(g, time_order = 2, space_order = m)
// CHECK-NEXT: ^

model t
grid g
input m : field(g)
state u : timefield(g, time_order = 2, space_order = m)
