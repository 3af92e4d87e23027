model guarded
option so: int = 4
option c: float = 1.5
option on: bool = false
const k = c * so / 2
grid g
if dims == 3: input my : field(g)
state u : timefield(g, time_order = 2, space_order = so)
source s : points(g)
receiver r : points(g)
let a = select(on, k, 1) * sqrt(abs(u) + 1)
if dims == 3: equation dt2(u) = dyy(u) * my + a + s
if dims != 3: equation dt2(u) = dxx(u, order = 2) + dxz(u) + a + s
record r = u ^ 2
