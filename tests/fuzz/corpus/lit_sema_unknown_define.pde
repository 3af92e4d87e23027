// RUN: not strata compile %s --emit ast -D spce_order=4 2>&1 | FileCheck %s
// CHECK: error: unknown option 'spce_order' (from -D spce_order=4); did you mean 'space_order'?
//
//

model t
option space_order: int = 2
grid g
input m : field(g)
input damp : field(g)
state u : timefield(g, time_order = 2, space_order = space_order)
source src : points(g)
receiver rec : points(g)
equation m * dt2(u) = laplace(u)
