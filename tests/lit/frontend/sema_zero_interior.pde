// `zero_interior` takes a compile-time condition, on inputs only.
// RUN: not strata compile %s --emit ast 2>&1 | FileCheck %s --check-prefixes=CHECK,MORE
// CHECK: {{.*}}sema_zero_interior.pde:15:36: error: 'zero_interior' must be a compile-time condition: true, false or a bool option
// CHECK-NEXT: input d : field(g, zero_interior = 1)
// MORE: {{.*}}sema_zero_interior.pde:16:20: error: unknown field argument 'zero' (expected zero_interior)
// MORE: {{.*}}sema_zero_interior.pde:17:36: error: 'zero_interior' must be a compile-time condition: true, false or a bool option
// MORE: {{.*}}sema_zero_interior.pde:19:24: error: unexpected argument 'zero_interior': only field(...) and timefield(...) take arguments

model t
option mostly_zero: bool = true
grid g
input m : field(g)
input damp : field(g, zero_interior = mostly_zero)
input e : field(g, zero_interior = false)
input d : field(g, zero_interior = 1)
input f : field(g, zero = true)
input h : field(g, zero_interior = m > 0)
state u : timefield(g, time_order = 2, space_order = 2)
source src : points(g, zero_interior = true)
receiver rec : points(g)
equation m * dt2(u) = laplace(u) - damp * dt(u) + e * dt(u)
