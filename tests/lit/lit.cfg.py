# Compiler tests: dialect round trips, passes, frontend diagnostics.
config.name = "Strata"
config.suffixes = [".mlir", ".pde"]
