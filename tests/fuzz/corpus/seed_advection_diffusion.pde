// Advection-diffusion of a tracer c in a prescribed velocity field:
//   dc/dt + vx dc/dx + vz dc/dz = kappa laplace(c)
// The advection uses one-sided (upwind-style) first derivatives along x and
// centered ones along z; the z-velocity term exists in any dimension.
model advection_diffusion

option space_order: int = 4
option kappa: float = 0.01
const  cfl_safety = 0.9

grid g
input    vx  : field(g)              // velocity along x
input    vz  : field(g)              // velocity along z (depth)
state    c   : timefield(g, time_order = 1, space_order = space_order)
source   src : points(g)
receiver rec : points(g)

let advection = vx * dx(c, side = left) + vz * dz(c)

equation dt(c) + advection = kappa * laplace(c) + src

record rec = c
