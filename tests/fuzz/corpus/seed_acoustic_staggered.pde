// First-order velocity-pressure acoustics on a staggered grid:
//   rho dv/dt = -grad p,    dp/dt = -K div v
// Each velocity component lives half a cell forward along its own axis, so
// dx+(p) (pressure differences taken forward) lands on vx's points and
// dx-(vx) lands back on p's points. The same file compiles in 2D and 3D:
// the y component only exists when dims == 3.
model acoustic_staggered

option space_order: int = 4

grid g
input    rho : field(g)           // density
input    K   : field(g)           // bulk modulus
state    vx  : timefield(g, time_order = 1, space_order = space_order, stagger = x)
if dims == 3: state vy : timefield(g, time_order = 1, space_order = space_order, stagger = y)
state    vz  : timefield(g, time_order = 1, space_order = space_order, stagger = z)
state    p   : timefield(g, time_order = 1, space_order = space_order)
source   src : points(g)
receiver rec : points(g)

// Velocities first: each sees p at t and is then known at t+1.
equation dt(vx) = -dx+(p) / rho
if dims == 3: equation dt(vy) = -dy+(p) / rho
equation dt(vz) = -dz+(p) / rho

// Pressure uses the freshly updated velocities (read at t+1).
if dims == 2: equation dt(p) = -K * (dx-(vx) + dz-(vz)) + src
if dims == 3: equation dt(p) = -K * (dx-(vx) + dy-(vy) + dz-(vz)) + src

record rec = p
