// stdlib/acoustic.pde — isotropic acoustic wave equation, second order in time.
//
//   m d2u/dt2 - laplace(u) + damp du/dt = src,   rec = u at the receivers
//
// 2D (x, z) or 3D (x, y, z), chosen at compile time (--dims).
model acoustic

option space_order: int = 8

grid g
input    m    : field(g)          // squared slowness, s^2/km^2
input    damp : field(g, zero_interior = true) // absorbing-layer damping: 0 inside, so the
                                               // kernels need not read it there
state    u    : timefield(g, time_order = 2, space_order = space_order)
source   src  : points(g)         // point sources, injected into the equation
receiver rec  : points(g)         // receivers, interpolated from u

equation m * dt2(u) - laplace(u) + damp * dt(u) = src

record rec = u
