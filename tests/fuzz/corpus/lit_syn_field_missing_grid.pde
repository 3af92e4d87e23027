// RUN: not strata compile %s --emit ast 2>&1 | FileCheck %s
// CHECK: {{.*}}syn_field_missing_grid.pde:8:17: error: expected a grid name, found ')'
// CHECK-NEXT: input m : field()
// CHECK-NEXT: ^

model t
grid g
input m : field()
