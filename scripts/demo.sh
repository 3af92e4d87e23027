#!/usr/bin/env bash
# `make demo`: Strata's main job on built-in defaults. Ten shots over the camembert model
# (a fast disk in a slow background, examples/cases/camembert2d.json) through the kernel
# compiled from stdlib/acoustic.pde: traces (.npy), snapshots and pictures in out/demo/.
# Also shows the compiler's stages for the same model.
set -euo pipefail
build_dir=${1:-build}
strata="$build_dir/bin/strata"
out=out/demo
rm -rf "$out"
mkdir -p "$out"

echo "== the model: stdlib/acoustic.pde, discretized (2D, space order 8) =="
"$strata" compile stdlib/acoustic.pde --emit discrete | sed -n '1,3p' | cut -c1-160
echo
echo "== compile (JIT, cold then from the kernel cache) =="
export STRATA_CACHE_DIR="$out/kernel-cache"
"$strata" compile stdlib/acoustic.pde --jit --timings
"$strata" compile stdlib/acoustic.pde --jit --timings
echo
echo "== ten shots over the camembert model =="
"$strata" run stdlib/acoustic.pde --case examples/cases/camembert2d.json --out "$out/camembert"
echo
echo "pictures: $out/camembert/model.png, gather_shot*.png, snapshot_shot*_*.png"
echo "traces:   $out/camembert/traces_shot*.npy (float32, time x receivers), times.npy (ms)"
echo
echo "== full-waveform inversion of a disk from the background velocity (examples/fwi) =="
examples/fwi/run.sh "$build_dir" "$out/fwi"
