// Heat / diffusion equation, first order in time (explicit Euler step):
//   du/dt = kappa * laplace(u) + src
model diffusion

option space_order: int = 2
option kappa: float = 0.5          // diffusivity

grid g
state    u   : timefield(g, time_order = 1, space_order = space_order)
source   src : points(g)
receiver rec : points(g)

equation dt(u) = kappa * laplace(u) + src

record rec = u
