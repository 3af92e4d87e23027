// RUN: not strata compile %s --emit ast 2>&1 | FileCheck %s
// CHECK: {{.*}}syn_if_missing_colon.pde:8:14: error: expected ':' after the condition of 'if', found 'input'
// CHECK-NEXT: if dims == 3 input m : field(g)
// CHECK-NEXT: ^~~~~

model t
grid g
if dims == 3 input m : field(g)
