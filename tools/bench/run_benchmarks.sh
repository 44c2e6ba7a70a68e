#!/usr/bin/env bash
# Runs the measurements behind docs/benchmarks.md and prints the median rate of each.
#   tools/bench/run_benchmarks.sh BUILD_DIR [REPEATS]
# Needs a Release build (cmake --build BUILD_DIR --target borderflow_bench) and, for the NetworkX
# line, Debian's python3-networkx. Single-core figures are pinned to CPU 1 with taskset.
set -euo pipefail
build=${1:?usage: run_benchmarks.sh BUILD_DIR [REPEATS]}
repeats=${2:-5}
bench="$build/borderflow_bench"
cd "$(dirname "$0")/../.."

median_rate() {  # runs "$@" $repeats times, prints the median of the rate= fields
  for _ in $(seq "$repeats"); do "$@"; done | sed -n 's/.*rate=\([0-9.]*\).*/\1/p' | sort -n |
    awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}

echo "machine: $(nproc) CPUs; $(lscpu | sed -n 's/^Model name: *//p')"
for mode in capacity routing; do
  n=$([ "$mode" = capacity ] && echo 20000 || echo 5000)
  for what in engine bare; do
    echo "$mode $what jobs=1 variants=$n median=$(median_rate taskset -c 1 "$bench" --mode "$mode" --variants "$n" --what "$what") variants/s"
  done
  echo "$mode fresh jobs=1 variants=500 median=$(median_rate taskset -c 1 "$bench" --mode "$mode" --variants 500 --what fresh) variants/s"
  for what in engine store; do
    echo "$mode $what jobs=2 variants=$n median=$(median_rate "$bench" --mode "$mode" --variants "$n" --what "$what" --jobs 2) variants/s"
  done
done
if /usr/bin/python3 -c "import networkx" 2>/dev/null; then
  net=$(mktemp /tmp/borderflow-net.XXXXXX.json)
  "$bench" --dump-network "$net" >/dev/null
  echo "capacity networkx variants=200 median=$(median_rate taskset -c 1 /usr/bin/python3 tools/bench/networkx_sweep.py "$net" --mode capacity --variants 200) variants/s"
  echo "routing networkx variants=60 median=$(median_rate taskset -c 1 /usr/bin/python3 tools/bench/networkx_sweep.py "$net" --mode routing --variants 60) variants/s"
  rm -f "$net"
fi
