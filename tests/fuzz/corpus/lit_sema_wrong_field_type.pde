// RUN: not strata compile %s --emit ast 2>&1 | FileCheck %s
// CHECK: {{.*}}sema_wrong_field_type.pde:8:11: error: input 'm' must have type field(GRID), not 'timefield'
// CHECK-NEXT: input m : timefield(g)
// CHECK-NEXT: ^~~~~~~~~

model t
grid g
input m : timefield(g)
