#!/usr/bin/env bash
# Installs every Debian package that Strata's build, tests and demo need.
# Idempotent: when everything is present it only checks (well under a second) and exits 0.
# Runs as root, or through sudo when available.
set -euo pipefail

packages=(
  # build
  cmake ninja-build g++ make ccache git python3 python3-numpy pkg-config
  # LLVM/MLIR 19: libraries, TableGen, FileCheck/lit/not for the lit suites, clang for the fuzzer
  llvm-19-dev llvm-19-tools libmlir-19-dev mlir-19-tools clang-19 libclang-rt-19-dev libomp-19-dev
  # libraries
  libopenmpi-dev openmpi-bin libfmt-dev nlohmann-json3-dev libgtest-dev libgmock-dev
  libpng-dev zlib1g-dev libzstd-dev
)

missing=()
for pkg in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$pkg")
done

if [[ ${#missing[@]} -eq 0 ]]; then
  exit 0
fi

echo "install-deps: installing ${#missing[@]} missing package(s): ${missing[*]}"
sudo_cmd=()
if [[ $(id -u) -ne 0 ]]; then
  if command -v sudo >/dev/null 2>&1; then
    sudo_cmd=(sudo)
  else
    echo "install-deps: not root and no sudo; install these packages first: ${missing[*]}" >&2
    exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -q
"${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
echo "install-deps: done"
