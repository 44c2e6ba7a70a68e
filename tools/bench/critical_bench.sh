#!/usr/bin/env bash
# Times `borderflow critical` (docs/benchmarks.md): the whole N-1 of a scenario, and with --pairs,
# on one core (taskset -c 1), and prints the median wall time of each.
#   tools/bench/critical_bench.sh BUILD_DIR [SCENARIO] [REPEATS]
set -euo pipefail
build=${1:?usage: critical_bench.sh BUILD_DIR [SCENARIO] [REPEATS]}
scenario=${2:-scenarios/baseline-2024.yaml}
repeats=${3:-7}
cd "$(dirname "$0")/../.."

median_seconds() {  # runs "$@" $repeats times (output discarded), prints the median wall time
  for _ in $(seq "$repeats"); do
    local start end
    start=$(date +%s.%N)
    "$@" >/dev/null
    end=$(date +%s.%N)
    echo "$end - $start" | bc -l
  done | sort -n | awk '{ a[NR] = $1 } END { printf "%.3f\n", (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}

echo "machine: $(nproc) CPUs; $(lscpu | sed -n 's/^Model name: *//p')"
"$build/borderflow" critical "$scenario" -vv 2>&1 >/dev/null | grep "LPs solved" || true
echo "critical $scenario jobs=1 median=$(median_seconds taskset -c 1 "$build/borderflow" critical "$scenario") s"
"$build/borderflow" critical "$scenario" --pairs -vv 2>&1 >/dev/null | grep "LPs solved" || true
echo "critical --pairs $scenario jobs=1 median=$(median_seconds taskset -c 1 "$build/borderflow" critical "$scenario" --pairs) s"
