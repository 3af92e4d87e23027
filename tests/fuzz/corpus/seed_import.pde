model imp
import "seed_acoustic.pde"
receiver r2 : points(g)
record r2 = u
