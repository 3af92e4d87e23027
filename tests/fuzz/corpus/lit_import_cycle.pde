// RUN: not strata compile %s --emit ast 2>&1 | FileCheck %s
// CHECK: {{.*}}Inputs/cycle_b.pde:3:8: error: import cycle: cycle_a.pde -> cycle_b.pde -> cycle_a.pde
// CHECK-NEXT: import "cycle_a.pde"
// CHECK-NEXT: ^~~~~~~~~~~~~

model t
import "Inputs/cycle_a.pde"
