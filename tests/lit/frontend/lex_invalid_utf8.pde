// RUN: not strata compile %s --emit ast 2>&1 | FileCheck %s
// CHECK: {{.*}}lex_invalid_utf8.pde:8:8: error: invalid non-ASCII byte 0xFF in source (a .pde file is ASCII text)
// CHECK-NEXT: {{.+}}
// CHECK-NEXT: ^

model t
grid g
input mÿþ : field(g)
