// RUN: not strata compile %s --emit ast 2>&1 | FileCheck %s
// CHECK: {{.*}}sema_use_before_declaration.pde:8:13: error: 'u' is used before its declaration
// CHECK-NEXT: equation dt(u) = laplace(u)
// CHECK-NEXT: ^

model t
grid g
equation dt(u) = laplace(u)
state u : timefield(g)
