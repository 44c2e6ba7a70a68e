#!/usr/bin/env bash
# The scale table of docs/benchmarks.md ("Scale: 1k to 1M links against LEMON"), issue 13.
#   tools/bench/scale_bench.sh BUILD_DIR [SIZES]       SIZES: "1000 10000 100000 1000000" by default
# Needs a Release build: cmake --build BUILD_DIR --target borderflow borderflow_scale_bench.
# Environment: TOPOLOGY=grid|corridor (grid), SEED (1), SCRATCH (BUILD_DIR/bench-scale),
#   TIMEOUT seconds per command (600), BENCH_SECONDS per engine phase in the bench (300),
#   YAML_MAX largest size also written as one YAML file, the fallback while the engine reads no
#   tables (100000), ANSWERS_MAX largest size where the bench also times answer_capacities and
#   answer_routing (10000), BUNDLED_RUNS (10), DEMANDS per network (8; more for the hostile case
#   of many demands, which demand aggregation is for).
#
# Per size it writes two networks with tools/bench/gen_network.py: a realistic one (dual-gauge
# band, two-link crossings) for `validate` (load and expand: CPU, peak RSS) and `run --verify`
# (end to end, pinned to one core), and a --pure one (every capacity row over one arc) for
# borderflow_scale_bench, which answers the route capacities and the routing with the engine and
# with LEMON on the same expanded network in one process (see tools/bench/scale_bench.cpp).
# Each scenario is tried in tables first, then as one YAML file; a size the engine refuses
# prints "refused: <message>" in its row, and the script goes on. Times are CPU seconds
# (user + sys) unless they say wall.
set -uo pipefail
build=$(cd "${1:?usage: scale_bench.sh BUILD_DIR [SIZES]}" && pwd)
sizes=${2:-"1000 10000 100000 1000000"}
cd "$(dirname "$0")/../.."
root=$(pwd)
topology=${TOPOLOGY:-grid}
seed=${SEED:-1}
scratch=${SCRATCH:-$build/bench-scale}
timeout_s=${TIMEOUT:-600}
bench_seconds=${BENCH_SECONDS:-300}
yaml_max=${YAML_MAX:-100000}
answers_max=${ANSWERS_MAX:-10000}
bundled_runs=${BUNDLED_RUNS:-10}
demands=${DEMANDS:-8}
cli="$build/borderflow"
bench="$build/borderflow_scale_bench"
for exe in "$cli" "$bench"; do
  [ -x "$exe" ] || { echo "scale_bench.sh: $exe missing; build the targets borderflow and borderflow_scale_bench" >&2; exit 1; }
done
mkdir -p "$scratch"
pin=()
if command -v taskset >/dev/null && taskset -c 1 true 2>/dev/null; then pin=(taskset -c 1); fi
# Input limits: the CLI guards untrusted input by default; once it has --trusted, a benchmark
# of our own generated files uses it.
trusted=()
if "$cli" --help 2>/dev/null | grep -q -- '--trusted'; then trusted=(--trusted); fi

# timed OUT CMD...: runs CMD under /usr/bin/time -v and a timeout; sets cpu, wall, rss_mb, rc.
timed() {
  local out=$1; shift
  /usr/bin/time -v -o "$out.time" timeout --signal=KILL "$timeout_s" "$@" >"$out.stdout" 2>"$out.stderr"
  rc=$?
  cpu=$(awk -F': ' '/User time/ { u = $2 } /System time/ { s = $2 } END { printf "%.2f", u + s }' "$out.time")
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); w = 0; for (i = 1; i <= n; i++) w = w * 60 + p[i]; printf "%.2f", w }' "$out.time")
  rss_mb=$(awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$out.time")
}

# The first error line of a refused command, for its row, without the file's path.
why() { grep -m1 -E 'error|refused' "$1" | sed -e 's/^refused: //' -e 's/^[^ ]*: error: //' -e 's/ (at [a-z_]*)$//' | cut -c1-90; }

field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" "$2"; }

echo "machine: $(nproc) CPUs; $(lscpu | sed -n 's/^Model name: *//p'); load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet 2>/dev/null || echo ' (modified)'); topology $topology, seed $seed, $demands demands; CLI limits: ${trusted[*]:-defaults}"
echo

rows=()
notes=()
for n in $sizes; do
  real="$scratch/$topology-$n"
  pure="$scratch/$topology-$n-pure"
  python3 tools/bench/gen_network.py --links "$n" --seed "$seed" --topology "$topology" --demands "$demands" --out "$real" 2>"$real.gen"
  python3 tools/bench/gen_network.py --links "$n" --seed "$seed" --topology "$topology" --demands "$demands" --out "$pure" --pure 2>"$pure.gen"
  real_files=("$real.yaml")
  pure_files=("$pure.yaml")
  if [ "$n" -le "$yaml_max" ]; then
    python3 tools/bench/gen_network.py --links "$n" --seed "$seed" --topology "$topology" --demands "$demands" --out "$real-yaml" --yaml 2>/dev/null
    python3 tools/bench/gen_network.py --links "$n" --seed "$seed" --topology "$topology" --demands "$demands" --out "$pure-yaml" --yaml --pure 2>/dev/null
    real_files+=("$real-yaml.yaml")
    pure_files+=("$pure-yaml.yaml")
  fi
  links=$(sed -n 's/.*places, \([0-9]*\) links.*/\1/p' "$real.gen")
  echo "== $n links ($links generated): $(sed 's/^[^:]*: //' "$real.gen")"

  # 1. load + expand through the CLI (tables, else the one YAML file)
  load="refused"; load_wall="-"; load_mb="-"; used="-"
  for f in "${real_files[@]}"; do
    timed "$scratch/validate" "$cli" validate "${trusted[@]}" "$f"
    if [ "$rc" = 0 ]; then load=$cpu; load_wall=$wall; load_mb=$rss_mb; used=$([[ $f == *-yaml.yaml ]] && echo yaml || echo tables); break; fi
    if [ "$rc" = 137 ]; then msg="timeout after ${timeout_s} s"; else msg=$(why "$scratch/validate.stderr"); fi
    [ "$rc" = 137 ] || msg="refused: $msg"
    echo "  validate $(basename "$f"): $msg (${cpu} s, ${rss_mb} MB)"
    if [ "$load" = refused ]; then load=$msg; else load="$load; $msg"; fi
  done
  [ "$used" != "-" ] && echo "  validate ($used): ${load} s CPU, ${load_wall} s wall, ${load_mb} MB"

  # 2. side by side with LEMON on the pure network (the bench raises the input limits itself)
  answers=()
  [ "$n" -le "$answers_max" ] && answers=(--answers)
  timed "$scratch/bench" "${pin[@]}" "$bench" --max-seconds "$bench_seconds" "${answers[@]}" "${pure_files[@]}"
  sed 's/^/  /' "$scratch/bench.stdout" | grep -v '^  RESULT'
  result="$scratch/bench.stdout"
  if grep -q '^RESULT status=ok\|^RESULT status=mismatch' "$result"; then
    cap_e=$(printf '%.2f' "$(field cap_engine_s "$result")"); cap_l=$(printf '%.3f' "$(field cap_lemon_s "$result")")
    cap_r=$(printf '%.1f' "$(field cap_ratio "$result")")
    rt_e=$(printf '%.2f' "$(field routing_engine_s "$result")"); rt_l=$(printf '%.3f' "$(field routing_lemon_s "$result")")
    rt_r=$(printf '%.1f' "$(field routing_ratio "$result")")
    [ "$(field cap_limited "$result")" != 0 ] && cap_e=">$cap_e" && cap_r=">$cap_r"
    [ "$(field routing_status "$result")" != optimal ] && rt_e=">$rt_e" && rt_r=">$rt_r"
    [ "$(field cap_mismatches "$result")" != 0 ] && cap_r="$cap_r MISMATCH"
    bench_file=$(field file "$result"); bench_used=$([[ $bench_file == *-yaml.yaml ]] && echo yaml || echo tables)
    bench_load=$(printf '%.2f' "$(field load_s "$result")"); bench_mb=$(printf '%.0f' "$(field load_rss_mb "$result")")
  else
    if [ "$rc" = 137 ]; then msg="timeout after ${timeout_s} s"; else msg=$(sed -n 's/^RESULT .* message=//p' "$result" | sed 's/^[^ ]*: error: //' | cut -c1-90); [ -n "$msg" ] || msg=$(why "$scratch/bench.stderr"); fi
    if [ "$rc" = 137 ]; then cap_e=$msg; else cap_e="refused: $msg"; fi; cap_l="-"; cap_r="-"; rt_e="-"; rt_l="-"; rt_r="-"; bench_used="-"; bench_load="-"; bench_mb="-"
  fi

  # 3. end to end on one core: load, expand, every answer, certificates, the table written
  e2e="refused"; e2e_mb="-"
  for f in "${real_files[@]}"; do
    timed "$scratch/run" "${pin[@]}" "$cli" run "${trusted[@]}" --verify "$f" -o "$scratch/run.out"
    if [ "$rc" = 0 ]; then e2e=$cpu; e2e_mb=$rss_mb; echo "  run --verify: ${cpu} s CPU, ${wall} s wall, ${rss_mb} MB"; break; fi
    if [ "$rc" = 137 ]; then msg="timeout after ${timeout_s} s"; else msg=$(why "$scratch/run.stderr"); fi
    [ "$rc" = 137 ] || msg="refused: $msg"
    echo "  run --verify $(basename "$f"): $msg (exit $rc, ${cpu} s)"
    if [ "$e2e" = refused ]; then e2e=$msg; else e2e="$e2e; $msg"; fi
  done

  # targets
  t=()
  if [ "$n" -ge 90000 ] && [ "$n" -le 110000 ]; then
    if [[ $load =~ ^[0-9.]+$ ]]; then
      t+=("load<3s/300MB: $(awk -v s="$load" -v m="$load_mb" 'BEGIN { print (s < 3 && m < 300) ? "met" : "NOT met" }')")
    else t+=("load<3s/300MB: NOT met"); fi
  fi
  if [[ $cap_r =~ ^[0-9.]+$ ]]; then
    t+=("cap<=2x: $(awk -v r="$cap_r" 'BEGIN { print (r <= 2) ? "met" : "NOT met" }')")
  else t+=("cap<=2x: NOT met"); fi
  if [ "$n" -ge 900000 ]; then
    if [[ $e2e =~ ^[0-9.]+$ ]]; then
      t+=("1M<3min: $(awk -v s="$e2e" 'BEGIN { print (s < 180) ? "met" : "NOT met" }')")
    else t+=("1M<3min: NOT met"); fi
  fi
  rows+=("| ${links:-$n} | $used | $load | $load_mb | $bench_used | $bench_load | $bench_mb | $cap_e | $cap_l | $cap_r | $rt_e | $rt_l | $rt_r | $e2e | $e2e_mb | $(IFS=';'; echo "${t[*]}" | sed 's/;/; /g') |")
  echo
done

# The bundled run: CPU of the whole process, median of BUNDLED_RUNS.
cpus=()
for _ in $(seq "$bundled_runs"); do
  timed "$scratch/bundled" "${pin[@]}" "$cli" run scenarios/baseline-2024.yaml -o "$scratch/bundled.out"
  [ "$rc" = 0 ] && cpus+=("$cpu")
done
bundled=$(printf '%s\n' "${cpus[@]}" | sort -n | awk '{ a[NR] = $1 } END { if (NR == 0) print "failed"; else printf "%.3f", (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }')
bundled_ms=$(awk -v s="$bundled" 'BEGIN { printf "%.0f", s * 1000 }')

echo "| links | CLI read | load (validate) CPU s | load peak MB | bench read | bench load CPU s | bench load peak MB | capacities: engine s | LEMON s | engine / LEMON | routing: engine s | LEMON s (greedy) | engine / LEMON | run --verify, 1 core, CPU s | run peak MB | targets |"
echo "|---:|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"
printf '%s\n' "${rows[@]}"
echo
echo "bundled run (scenarios/baseline-2024.yaml, median of ${#cpus[@]}): ${bundled_ms} ms CPU; target < 25 ms: $(awk -v s="$bundled" 'BEGIN { print (s + 0 < 0.025 && s != "failed") ? "met" : "NOT met" }')"
