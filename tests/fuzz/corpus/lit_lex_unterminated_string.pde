// RUN: not strata compile %s --emit ast 2>&1 | FileCheck %s
// CHECK: {{.*}}lex_unterminated_string.pde:7:8: error: unterminated string literal
// CHECK-NEXT: import "other.pde
// CHECK-NEXT: ^

model t
import "other.pde
