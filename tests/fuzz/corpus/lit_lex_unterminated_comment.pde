// RUN: not strata compile %s --emit ast 2>&1 | FileCheck %s
// CHECK: {{.*}}lex_unterminated_comment.pde:8:1: error: unterminated '/*' comment
// CHECK-NEXT: /* this comment never ends
// CHECK-NEXT: ^~

model t
grid g
/* this comment never ends
input m : field(g)
