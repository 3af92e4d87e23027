// RUN: not strata compile %s --emit ast 2>&1 | FileCheck %s
// CHECK: {{.*}}syn_missing_model.pde:6:1: error: a model file must start with 'model NAME'
// CHECK-NEXT: grid g
// CHECK-NEXT: ^~~~

grid g
input m : field(g)
