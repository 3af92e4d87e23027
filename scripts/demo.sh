#!/usr/bin/env bash
# `make demo`: Strata's main job on built-in defaults. Today the end-to-end path is the
# compiler's front half: the stdlib acoustic model, parsed, checked, discretized and
# emitted as the `pde` dialect, in 2D and 3D. Outputs land in out/demo/.
set -euo pipefail
build_dir=${1:-build}
strata="$build_dir/bin/strata"
out=out/demo
mkdir -p "$out"

for dims in 2 3; do
  echo "== stdlib/acoustic.pde, ${dims}D, space order 8 =="
  "$strata" compile stdlib/acoustic.pde --dims "$dims" --emit pde -o "$out/acoustic_${dims}d.pde.mlir"
  "$strata" compile stdlib/acoustic.pde --dims "$dims" --emit discrete -o "$out/acoustic_${dims}d.discrete.txt"
  echo "pde dialect ($out/acoustic_${dims}d.pde.mlir):"
  sed 's/^/    /' "$out/acoustic_${dims}d.pde.mlir"
done
echo
echo "== discrete update of the 2D model (solved for u at t+dt) =="
sed 's/^/    /' "$out/acoustic_2d.discrete.txt"
echo
echo "demo outputs: $out/"
