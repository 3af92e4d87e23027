// Imported by import_cycle.pde; imports cycle_b.pde, which imports this file.
grid g
import "cycle_b.pde"
