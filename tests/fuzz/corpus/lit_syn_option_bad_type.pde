// RUN: not strata compile %s --emit ast 2>&1 | FileCheck %s
// CHECK: {{.*}}syn_option_bad_type.pde:7:12: error: expected an option type (int, float or bool), found 'double'
// CHECK-NEXT: option so: double = 4
// CHECK-NEXT: ^~~~~~

model t
option so: double = 4
