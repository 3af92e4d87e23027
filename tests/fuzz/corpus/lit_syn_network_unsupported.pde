// RUN: not strata compile %s --emit ast 2>&1 | FileCheck %s
// CHECK: {{.*}}syn_network_unsupported.pde:6:1: error: 'network' models are not supported yet; use 'model'
// CHECK-NEXT: network fno
// CHECK-NEXT: ^~~~~~~

network fno
