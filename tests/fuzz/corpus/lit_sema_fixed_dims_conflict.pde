// RUN: not strata compile %s --emit ast --dims 3 2>&1 | FileCheck %s
// CHECK: {{.*}}sema_fixed_dims_conflict.pde:7:15: error: grid 'g' is fixed to 2 dimensions, but --dims 3 was requested
// CHECK-NEXT: grid g(dims = 2)
// CHECK-NEXT: ^

model t
grid g(dims = 2)
