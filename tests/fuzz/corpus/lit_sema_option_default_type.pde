// RUN: not strata compile %s --emit ast 2>&1 | FileCheck %s
// CHECK: {{.*}}sema_option_default_type.pde:7:17: error: default of int option 'n' must be an integer
// CHECK-NEXT: option n: int = 2.5
// CHECK-NEXT: ^~~

model t
option n: int = 2.5
