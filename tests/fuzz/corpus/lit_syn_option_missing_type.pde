// RUN: not strata compile %s --emit ast 2>&1 | FileCheck %s
// CHECK: {{.*}}syn_option_missing_type.pde:7:11: error: expected ':' and a type after the option name, found '='
// CHECK-NEXT: option so = 4
// CHECK-NEXT: ^

model t
option so = 4
