// RUN: not strata compile %s --emit ast 2>&1 | FileCheck %s
// CHECK: {{.*}}import_self_cycle.pde:7:8: error: import cycle: import_self_cycle.pde -> import_self_cycle.pde
// CHECK-NEXT: import "import_self_cycle.pde"
// CHECK-NEXT: ^~~~~~~~~~~~~~~~~~~~~~~

model t
import "import_self_cycle.pde"
