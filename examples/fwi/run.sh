#!/usr/bin/env bash
# Full-waveform inversion on a built-in model: observed data from the true model (a fast disk),
# then 8 L-BFGS iterations from the background velocity. Pictures: true model
# (OUT/observed/model.png), initial and recovered models (OUT/inversion/model_iter0.png, the
# last model_iterN.png) and the misfit curve (OUT/inversion/misfit.png).
#   examples/fwi/run.sh [BUILD_DIR] [OUT]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-build}
out=${2:-out/fwi}
strata="$build/bin/strata"
rm -rf "$out"
"$strata" run stdlib/acoustic.pde --case "$here/true.json" --out "$out/observed" --quiet
"$strata" fwi stdlib/acoustic.pde --case "$here/initial.json" --data "$out/observed" \
  --out "$out/inversion" --iterations 8 --vmin 1.5 --vmax 3.0
echo "true model: $out/observed/model.png; initial and recovered: $out/inversion/model_iter0.png," \
  "$out/inversion/model_iter8.png; misfit: $out/inversion/misfit.png"
