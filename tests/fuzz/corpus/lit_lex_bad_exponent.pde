// RUN: not strata compile %s --emit ast 2>&1 | FileCheck %s
// CHECK: {{.*}}lex_bad_exponent.pde:7:11: error: malformed number: expected digits in the exponent
// CHECK-NEXT: const c = 1.5e
// CHECK-NEXT: ^~~~

model t
const c = 1.5e
