// RUN: not strata compile %s --emit ast 2>&1 | FileCheck %s
// CHECK: {{.*}}syn_empty_file.pde:1:1: error: a model file must start with 'model NAME'
// CHECK-NEXT: // RUN: not strata compile %s --emit ast 2>&1 | FileCheck %s
// CHECK-NEXT: ^

// nothing but a comment
