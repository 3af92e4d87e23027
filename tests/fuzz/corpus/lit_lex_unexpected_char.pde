// RUN: not strata compile %s --emit ast 2>&1 | FileCheck %s
// CHECK: {{.*}}lex_unexpected_char.pde:7:19: error: unexpected character '#'
// CHECK-NEXT: option a: int = 3 # not a comment
// CHECK-NEXT: ^

model t
option a: int = 3 # not a comment
