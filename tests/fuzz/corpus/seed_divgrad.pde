model k
grid g
input c : field(g)
state u : timefield(g, space_order = 4)
equation dt(u) = div(c * grad(u)) + dxz(u) + dx(u, side = right, order = 2)
