// Part of the import_cycle.pde test.
input m : field(g)
import "cycle_a.pde"
