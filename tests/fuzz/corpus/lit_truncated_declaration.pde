// RUN: not strata compile %s --emit ast 2>&1 | FileCheck %s
// CHECK: {{.*}}truncated_declaration.pde:8:40: error: expected 'name = value', found 'space_ord'
// CHECK-NEXT: state u : timefield(g, time_order = 2, space_ord
// CHECK-NEXT: ^~~~~~~~~

model t
grid g
state u : timefield(g, time_order = 2, space_ord