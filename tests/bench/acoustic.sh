#!/usr/bin/env bash
# The acoustic benchmark table of docs/performance.md: 3D 256^3 (and 2D 1024^2), space order
# 8, float32, each kernel with the plain lowering and with each optimization (zero_interior
# inputs a 40-point damping layer unless a variant says otherwise: bench --absorb), the variants
# run alternately (round-robin) so that a noisy machine slows them alike. Prints one
# markdown row per variant: the median over all rounds of each round's median GPts/s.
#
#   tests/bench/acoustic.sh [ROUNDS] [NT] [SHAPE]     (defaults: 5 rounds, 20 steps, 256,256,256)
#
# Needs a built tree (build/bin/strata). Not a test: nothing is asserted.
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
strata="${STRATA:-$here/build/bin/strata}"
rounds="${1:-5}"
nt="${2:-20}"
shape="${3:-256,256,256}"
model="$here/stdlib/acoustic.pde"

variants=(
  "forward, plain lowering|--plain"
  "forward, SIMD only|--no-fuse --no-hoist --time-tile 0"
  "forward, SIMD + blocking (16 rows)|--block 16 --time-tile 0"
  "forward, default without temporal blocking or prefetch|--time-tile 0 --prefetch 0"
  "forward, default without temporal blocking|--time-tile 0"
  "forward, default without prefetch|--prefetch 0"
  "forward, default without huge pages|--huge-pages 0"
  "forward, wavefronts over whole planes|--tile-rows 0"
  "forward, split tiling in blocks of 32 rows|--tile-rows 32"
  "forward, strides from the descriptors (not compiled in)|--dynamic-strides"
  "forward, contiguous rows (not padded and aligned)|--align-rows 0"
  "forward, descriptor strides, contiguous rows, split tiling (before the ninth session)|--dynamic-strides --align-rows 0 --tile-rows 32"
  "forward, default without temporal blocking, unblocked|--time-tile 0 --block 0"
  "forward, default (temporal blocking where it pays)|"
  "forward, default + reassociation|--reassociate"
  "forward, damp zero everywhere, read everywhere|--absorb 0 --no-skip-zero"
  "forward, damp zero everywhere, default (skipped)|--absorb 0"
  "adjoint, plain lowering|--adjoint --plain"
  "adjoint, unscaled states (the derivation before scale-states)|--adjoint --unscaled-adjoint"
  "adjoint, default without temporal blocking|--adjoint --time-tile 0"
  "adjoint, default + shared row loads|--adjoint --share-row-loads 1"
  "adjoint, default without prefetch|--adjoint --prefetch 0"
  "adjoint, default without huge pages|--adjoint --huge-pages 0"
  "adjoint, scattered into t and t-1 (the derivation before gather-levels)|--adjoint --scatter-adjoint"
  "adjoint, scattered, without temporal blocking|--adjoint --scatter-adjoint --time-tile 0"
  "adjoint, default (scaled states, gathered levels)|--adjoint"
  "gradient, plain lowering|--gradient m --plain"
  "gradient, unscaled states|--gradient m --unscaled-adjoint"
  "gradient, default without prefetch|--gradient m --prefetch 0"
  "gradient, scattered into t and t-1|--gradient m --scatter-adjoint"
  "gradient, default (scaled states, gathered levels)|--gradient m"
  "gradient, default + shared row loads|--gradient m --share-row-loads 1"
  "born, plain lowering|--jacobian m --plain"
  "born, default without prefetch|--jacobian m --prefetch 0"
  "born, default|--jacobian m"
)
if [[ -n "${STRATA_BENCH_EXTRA:-}" ]]; then
  variants+=("forward, $STRATA_BENCH_EXTRA|$STRATA_BENCH_EXTRA")
fi

declare -A samples
triads=()
for ((round = 1; round <= rounds; round++)); do
  for entry in "${variants[@]}"; do
    name="${entry%%|*}"
    flags="${entry#*|}"
    # shellcheck disable=SC2086
    out="$("$strata" bench "$model" --shape "$shape" --nt "$nt" --runs 3 -D space_order=8 \
      --stream-mb 64 $flags)"
    rate="$(awk '/^throughput/ {print $2}' <<<"$out")"
    triads+=("$(awk '/^roofline/ {print $4}' <<<"$out")")
    bytes="$(awk '/^traffic/ {print $2}' <<<"$out")"
    samples["$name"]+="$rate "
    samples["$name/bytes"]="$bytes"
    echo "round $round: $name: $rate GPts/s" >&2
  done
done

median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
triad="$(printf '%s\n' "${triads[@]}" | median)"
echo "STREAM triad, median of all measurements: $triad GB/s"
echo
echo "| kernel | GPts/s (median of $rounds) | bytes/pt | GB/s | of triad roofline |"
echo "|---|---|---|---|---|"
for entry in "${variants[@]}"; do
  name="${entry%%|*}"
  rate="$(median <<<"${samples[$name]}")"
  bytes="${samples[$name/bytes]}"
  awk -v n="$name" -v r="$rate" -v b="$bytes" -v t="$triad" \
    'BEGIN {printf "| %s | %.3f | %d | %.1f | %.0f%% |\n", n, r, b, r * b, 100 * r * b / t}'
done
