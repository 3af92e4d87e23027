// RUN: not strata compile %s --emit ast 2>&1 | FileCheck %s
// CHECK: {{.*}}import_missing.pde:7:8: error: cannot find imported file 'Inputs/does_not_exist.pde'
// CHECK-NEXT: import "Inputs/does_not_exist.pde"
// CHECK-NEXT: ^~~~~~~~~~~~~~~~~~~~~~~~~~~

model t
import "Inputs/does_not_exist.pde"
