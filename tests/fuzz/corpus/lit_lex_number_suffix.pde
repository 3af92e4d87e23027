// RUN: not strata compile %s --emit ast 2>&1 | FileCheck %s
// CHECK: {{.*}}lex_number_suffix.pde:7:11: error: malformed number '12abc'
// CHECK-NEXT: const c = 12abc
// CHECK-NEXT: ^~~~~

model t
const c = 12abc
