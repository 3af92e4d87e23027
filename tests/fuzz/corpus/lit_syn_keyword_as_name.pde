// RUN: not strata compile %s --emit ast 2>&1 | FileCheck %s
// CHECK: {{.*}}syn_keyword_as_name.pde:8:7: error: expected a name after 'input', found 'state'
// CHECK-NEXT: input state : field(g)
// CHECK-NEXT: ^~~~~

model t
grid g
input state : field(g)
