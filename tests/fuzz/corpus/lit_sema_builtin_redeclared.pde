// RUN: not strata compile %s --emit ast 2>&1 | FileCheck %s
// CHECK: {{.*}}sema_builtin_redeclared.pde:8:7: error: 'dx' is a built-in name and cannot be redeclared
// CHECK-NEXT: input dx : field(g)
// CHECK-NEXT: ^~

model t
grid g
input dx : field(g)
