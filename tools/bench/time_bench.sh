#!/usr/bin/env bash
# Time horizons (issue 10): how long `run` takes on the bundled network as the horizon grows
# (daily periods over flood-season.yaml's demands and closures), and how fast a Monte Carlo sweep
# of a 12-month horizon with random disruptions runs on 2 threads.
#   tools/bench/time_bench.sh [BUILD_DIR] [DAYS...]     (default: build, 30 60 90 365)
# Prints one line per measurement: what, seconds (wall), peak RSS in MiB. Results go by hand into
# docs/benchmarks.md with the machine they were measured on.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${1:-build}
shift || true
DAYS=("${@:-30 60 90 365}")
BF="$ROOT/$BUILD/borderflow"
# The horizon file must sit beside the scenarios it extends (files may only extend within the tree).
TMP="$ROOT/scenarios/.bench-daily.yaml"
trap 'rm -f "$TMP"' EXIT
for days in ${DAYS[*]}; do
  printf 'borderflow: 1\nname: bench-daily-%s\nextends: flood-season.yaml\ntime: {start: 2025-01-01, periods: %s, period: day}\n' \
    "$days" "$days" >"$TMP"
  /usr/bin/time -f "run, $days daily periods: %e s, %M KiB" "$BF" run "$TMP" --max-seconds 600 >/dev/null 2>/tmp/bench-time.err || true
  tail -1 /tmp/bench-time.err
  grep -m1 "limit" /tmp/bench-time.err || true
done
for scenario in flood-season winter-ice covid-closure-monthly; do
  /usr/bin/time -f "run $scenario: %e s, %M KiB" "$BF" run "$ROOT/scenarios/$scenario.yaml" >/dev/null 2>/tmp/bench-time.err
  tail -1 /tmp/bench-time.err
done
STORE=$(mktemp -u /tmp/bench-mc-XXXX.sqlite)
/usr/bin/time -f "sweep flood-season-mc (1,000 variants, 12 months, --jobs 2): %e s, %M KiB" \
  "$BF" sweep run "$ROOT/scenarios/sweeps/flood-season-mc.yaml" -o "$STORE" --jobs 2 --progress none 2>&1 | tail -1
rm -f "$STORE"
