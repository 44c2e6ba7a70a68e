#!/usr/bin/env bash
# Writes every output a user can get from the bundled data into OUT_DIR, so two builds can be
# compared byte for byte:   snapshot_outputs.sh BORDERFLOW OUT_DIR [VARIANTS]
#   tools/check/snapshot_outputs.sh old/borderflow /tmp/a && tools/check/snapshot_outputs.sh build/borderflow /tmp/b
#   diff -r /tmp/a /tmp/b && echo identical
# Covers: run (4 formats) and export (2 formats) of every bundled scenario and hand network,
# compare (4 formats), validate of every bad input (stderr and exit code), and every bundled
# sweep spec shrunk to VARIANTS variants (default 200): sweep validate, run --csv, summarize.
set -uo pipefail
BF=$(realpath "$1")
OUT=$2
VARIANTS=${3:-200}
SRC=$(cd "$(dirname "$0")/../.." && pwd)
rm -rf "$OUT"
mkdir -p "$OUT"
OUT=$(realpath "$OUT")
cd "$SRC"
record() { # name, command...: stdout, stderr and exit code of the command
  local name=$1; shift
  "$@" >"$OUT/$name.out" 2>"$OUT/$name.err"
  echo $? >"$OUT/$name.rc"
}
for f in scenarios/*.yaml tests/networks/*.yaml; do
  n=$(basename "$f" .yaml)
  for fmt in table json csv markdown; do record "run_${n}_$fmt" "$BF" run --verify --format $fmt "$f"; done
  for fmt in geojson svg; do record "export_${n}_$fmt" "$BF" export --format $fmt "$f"; done
done
for fmt in table json csv markdown; do
  record "compare_$fmt" "$BF" compare --format $fmt scenarios/bilateral.yaml scenarios/china-inclusive.yaml scenarios/baseline-2024.yaml
done
record validate_scenarios "$BF" validate scenarios/*.yaml
for d in tests/bad_input/*/ tests/sweep/bad_specs/*/; do
  n=$(echo "$d" | tr / _)
  args="validate input.yaml"
  [ -f "$d/args.txt" ] && args=$(cat "$d/args.txt")
  record "bad_$n" sh -c "cd '$d' && '$BF' $args"
done
# Sweeps: copies of config/ and scenarios/ with every spec shrunk to VARIANTS variants.
W=$(mktemp -d)
mkdir -p "$W/config" "$W/scenarios/sweeps"
cp config/*.yaml "$W/config/"; cp scenarios/*.yaml "$W/scenarios/"
for s in scenarios/sweeps/*.yaml; do
  n=$(basename "$s" .yaml)
  sed -E -e "s/variants: [0-9]+/variants: $VARIANTS/" -e "s/trajectories: [0-9]+/trajectories: 4/" "$s" >"$W/scenarios/sweeps/$n.yaml"
  record "sweep_validate_$n" "$BF" sweep validate "$W/scenarios/sweeps/$n.yaml"
  record "sweep_run_$n" "$BF" sweep run "$W/scenarios/sweeps/$n.yaml" -o "$W/$n.sqlite" --jobs 2 --progress none --csv "$OUT/sweep_$n.csv"
  record "sweep_summarize_$n" "$BF" sweep summarize "$W/$n.sqlite"
done
# Paths of the temporary folder are not part of the output.
sed -i "s#$W#WORK#g" "$OUT"/*.out "$OUT"/*.err
rm -rf "$W"
echo "snapshot: $(ls "$OUT" | wc -l) files in $OUT"
