#!/usr/bin/env bash
# CLI tests of `borderflow sweep` on the bundled network (run by ctest; see tests/CMakeLists.txt).
#
#   cli_test.sh setup     BORDERFLOW SOURCE_DIR WORK_DIR [VARIANTS]
#   cli_test.sh jobs|resume|shards|summarize|damaged|lock|interrupt|stdout BORDERFLOW SOURCE_DIR WORK_DIR
#   cli_test.sh mpi       BORDERFLOW SOURCE_DIR WORK_DIR MPIEXEC
#
# `setup` copies config/ and scenarios/ into WORK_DIR/data (specs may only reach files below the
# parent of their folder, and tests never write into the source tree), shrinks
# scenarios/sweeps/transit-lhs.yaml (the 100,000-variant Latin hypercube with paired bilateral and
# China-inclusive worlds) to VARIANTS variants, and runs it once on one thread: ref.csv. Every
# other case must reproduce ref.csv byte for byte by another road: two threads, SIGKILL and
# --resume, four shards merged, MPI ranks.
set -euo pipefail
command=$1
BF=$2
SRC=$3
W=$4
SPEC="$W/data/scenarios/sweeps/lhs.yaml"

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

# Exits with the failure unless COMMAND... exits `rc` and its standard error contains `text`.
expect_refusal() {
  local rc=$1 text=$2
  shift 2
  local got=0
  "$@" >"$W/refusal.out" 2>"$W/refusal.err" || got=$?
  [ "$got" -eq "$rc" ] || fail "'$*' exited $got, not $rc: $(cat "$W/refusal.err")"
  grep -qF -- "$text" "$W/refusal.err" || fail "'$*' did not say '$text': $(cat "$W/refusal.err")"
}

# Flips the lowest bit of every stored copy of the real VALUE in FILE (SQLite keeps a real as 8
# bytes, most significant first), as a failing disk or a bad copy would.
flip_stored_real() {
  perl -e 'my ($file, $value) = @ARGV; open(my $h, "+<:raw", $file) or die "$file: $!"; local $/; my $d = <$h>;
    my $n = pack("d>", $value); my $copies = 0;
    for (my $i = index($d, $n); $i >= 0; $i = index($d, $n, $i + 8)) { substr($d, $i + 7, 1) ^= "\x01"; $copies++; }
    die "no stored copy of $value\n" unless $copies; seek($h, 0, 0); print $h $d; close($h) or die;' "$1" "$2"
}

# The data rows an export of STORE gives now (-1 while there is no store).
stored_rows() { echo $(($("$BF" sweep export "$1" 2>/dev/null | wc -l) - 1)); }

# same_as_reference CSV [STORE]: the rows, and the STORE's full bottleneck sets, as the reference run's.
same_as_reference() {
  local csv=$1 store=${2:-}
  cmp "$W/ref.csv" "$csv" || fail "$csv differs from the single-threaded reference run"
  echo "ok: $csv is identical to ref.csv ($(($(wc -l <"$csv") - 1)) rows)"
  if [ -n "$store" ]; then
    "$BF" sweep export --bottlenecks "$store" -o "$csv.bottlenecks"
    cmp "$W/ref.bottlenecks.csv" "$csv.bottlenecks" || fail "the bottleneck sets of $store differ from the reference run's"
    echo "ok: its bottleneck sets are identical too ($(($(wc -l <"$csv.bottlenecks") - 1)) rows)"
  fi
}

case "$command" in
  setup)
    variants=${5:-2000}
    rm -rf "$W"
    mkdir -p "$W/data/config" "$W/data/scenarios/sweeps"
    cp "$SRC"/config/*.yaml "$W/data/config/"
    cp "$SRC"/scenarios/*.yaml "$W/data/scenarios/"
    sed -e "s/variants: 100000/variants: $variants/" "$SRC/scenarios/sweeps/transit-lhs.yaml" >"$SPEC"
    grep -q "variants: $variants" "$SPEC" || fail "could not shrink the spec"
    "$BF" sweep run "$SPEC" -o "$W/ref.sqlite" --jobs 1 --progress none --csv "$W/ref.csv"
    rows=$(($(wc -l <"$W/ref.csv") - 1))
    [ "$rows" -eq $((variants * 2)) ] || fail "expected $((variants * 2)) rows, got $rows"
    echo "ok: reference run, $rows rows"
    # The long bottlenecks table holds whole sets: some question has more binding rows than the
    # three the wide row's text names.
    "$BF" sweep export --bottlenecks "$W/ref.sqlite" -o "$W/ref.bottlenecks.csv"
    head -1 "$W/ref.bottlenecks.csv" | grep -qx "variant,world,question,direction,rank,element_kind,element_id,element_direction" ||
      fail "sweep export --bottlenecks: wrong header"
    awk -F, 'NR > 1 && $5 > 3 { found = 1 } END { exit !found }' "$W/ref.bottlenecks.csv" ||
      fail "no bottleneck set of more than three rows: the test shows nothing"
    grep -q "more" "$W/ref.csv" || fail "the wide rows no longer name a truncated set: the comparison above shows nothing"
    echo "ok: full bottleneck sets, $(($(wc -l <"$W/ref.bottlenecks.csv") - 1)) rows"
    ;;

  jobs)
    "$BF" sweep run "$SPEC" -o "$W/jobs2.sqlite" --jobs 2 --progress none --csv "$W/jobs2.csv"
    same_as_reference "$W/jobs2.csv" "$W/jobs2.sqlite"
    # Without --resume an existing store is never overwritten.
    if "$BF" sweep run "$SPEC" -o "$W/jobs2.sqlite" --progress none 2>"$W/exists.err"; then
      fail "a second run into an existing store succeeded"
    fi
    grep -q "exists; pass --resume" "$W/exists.err" || fail "no clear message for an existing store"
    # Exit codes: a store the user should not have pointed at, or a path the user gave that cannot
    # be written (here: no such folder), is the user's to fix (2); 3 is left for the engine.
    echo "not a store" >"$W/not-a-store.sqlite"
    rc=0
    "$BF" sweep run "$SPEC" -o "$W/not-a-store.sqlite" --resume --progress none 2>/dev/null || rc=$?
    [ "$rc" -eq 2 ] || fail "resuming a file that is not a store exited $rc, not 2"
    rc=0
    "$BF" sweep run "$SPEC" -o "$W/no-such-folder/x.sqlite" --progress none 2>/dev/null || rc=$?
    [ "$rc" -eq 2 ] || fail "a store that cannot be created exited $rc, not 2"
    echo "ok: exit codes 2 (not a store, cannot create)"
    # On a terminal the progress is a bar with rate and ETA (util-linux script gives a pty).
    if command -v script >/dev/null; then
      script -qec "'$BF' sweep run '$SPEC' -o '$W/tty.sqlite' --jobs 2" /dev/null >"$W/tty.out" 2>&1 || true
      grep -q "variants/s\|/s  ETA" "$W/tty.out" && grep -q "\[#" "$W/tty.out" || fail "no progress bar on a terminal"
      echo "ok: progress bar on a terminal"
    fi
    ;;

  resume)
    store="$W/resume.sqlite"
    rm -f "$store" "$store"-* "$store.lock" "$W"/.resume.sqlite.tmp-*
    total=$(($(wc -l <"$W/ref.csv") - 1))
    killed_mid_run=0
    for delay in early 0.1 0.3 0.6; do
      before=$(stored_rows "$store")
      [ "$before" -ge 0 ] || before=0  # no store yet: wait for rows, not for the empty store
      "$BF" sweep run "$SPEC" -o "$store" --resume --jobs 2 --progress none &
      pid=$!
      if [ "$delay" = early ]; then
        sleep 0.4  # while it starts, or creates the store
      else
        # DELAY after this run's first committed block, however slow the machine is.
        for _ in $(seq 600); do
          [ "$(stored_rows "$store")" -gt "$before" ] && break
          kill -0 "$pid" 2>/dev/null || break
          sleep 0.05
        done
        sleep "$delay"
      fi
      kill -9 "$pid" 2>/dev/null || true
      wait "$pid" 2>/dev/null || true
      if [ -f "$store" ]; then
        rows=$(($("$BF" sweep export "$store" | wc -l) - 1))
        echo "after SIGKILL ($delay): $rows of $total rows committed"
        if [ "$rows" -lt "$total" ]; then killed_mid_run=1; fi
      fi
    done
    [ "$killed_mid_run" -eq 1 ] || fail "every run finished before its SIGKILL; the test proved nothing"
    "$BF" sweep run "$SPEC" -o "$store" --resume --jobs 2 --progress none
    "$BF" sweep export "$store" -o "$W/resume.csv"
    same_as_reference "$W/resume.csv" "$store"
    ;;

  shards)
    for k in 1 2 3 4; do
      "$BF" sweep run "$SPEC" -o "$W/shard$k.sqlite" --shard "$k/4" --jobs 1 --progress none &
    done
    wait
    if "$BF" sweep merge "$W/three.sqlite" "$W/shard1.sqlite" "$W/shard2.sqlite" "$W/shard4.sqlite" 2>"$W/three.err"; then
      fail "a merge with a shard missing succeeded"
    fi
    grep -q "a shard is missing" "$W/three.err" || fail "no clear message for a missing shard"
    "$BF" sweep merge "$W/merged.sqlite" "$W"/shard{1,2,3,4}.sqlite
    "$BF" sweep export "$W/merged.sqlite" -o "$W/merged.csv"
    same_as_reference "$W/merged.csv" "$W/merged.sqlite"
    # -o names the output, as for `sweep run`, in any position; the output-first form above stays.
    rm -f "$W/merged-o.sqlite" "$W/merged-output.sqlite"
    "$BF" sweep merge -o "$W/merged-o.sqlite" "$W"/shard{1,2,3,4}.sqlite
    "$BF" sweep merge "$W"/shard{1,2}.sqlite --output "$W/merged-output.sqlite" "$W"/shard{3,4}.sqlite
    for merged in merged-o merged-output; do
      "$BF" sweep export "$W/$merged.sqlite" -o "$W/$merged.csv"
      same_as_reference "$W/$merged.csv"
    done
    expect_refusal 1 "name the merged store: sweep merge -o OUT SHARD..." "$BF" sweep merge "$W/shard1.sqlite"
    ;;

  mpi)
    MPIEXEC=$5
    "$MPIEXEC" --allow-run-as-root --oversubscribe -np 2 "$BF" sweep run "$SPEC" -o "$W/mpi.sqlite" --progress lines
    "$BF" sweep export "$W/mpi.sqlite" -o "$W/mpi.csv"
    same_as_reference "$W/mpi.csv" "$W/mpi.sqlite"
    # The MPI calls are in a module loaded only here (tools/borderflow/mpi_module.hpp): the
    # executable itself does not need Open MPI, and without the module `--mpi` is refused
    # before any store is made.
    ! ldd "$BF" | grep -q libmpi || fail "borderflow links Open MPI: $(ldd "$BF" | grep mpi)"
    expect_refusal 2 "the MPI module (libborderflow_mpi.so: Open MPI) that \`sweep run --mpi\` needs could not be loaded" \
      env BORDERFLOW_MODULE_DIR="$W/no-modules" "$BF" sweep run "$SPEC" -o "$W/mpi-none.sqlite" --mpi --progress none
    [ ! -e "$W/mpi-none.sqlite" ] || fail "a store was made without the MPI module"
    echo "ok: without its module, --mpi is refused (exit 2) and no store is made"
    ;;

  summarize)
    "$BF" sweep summarize "$W/ref.sqlite" -o "$W/summary" >"$W/summary.txt"
    for expected in "Matched pairs: china-inclusive vs bilateral on the same draws" "china-inclusive wins" \
      "bilateral wins" "Sensitivities (parameters ranked by |SRC|" "Which input moves the answers most" \
      "capacity.ru-kp"; do
      grep -qF "$expected" "$W/summary.txt" || fail "summary lacks '$expected'"
    done
    head -1 "$W/summary.wins.csv" | grep -q "^output,world,reference,n,world_wins,reference_wins,ties" || fail "wins CSV header"
    head -1 "$W/summary.sensitivity.csv" | grep -q "^output,world,parameter,rank,src" || fail "sensitivity CSV header"
    [ "$(wc -l <"$W/summary.sensitivity.csv")" -gt 10 ] || fail "sensitivity CSV nearly empty"
    echo "ok: summary with win shares and ranked sensitivities"
    ;;

  damaged)
    # One changed bit in a stored value: every command that reads the store refuses it (exit 2,
    # the user's file is damaged) and names the block, instead of using the changed number.
    cp "$W/ref.sqlite" "$W/damaged.sqlite"
    value=$(sed -n 2p "$W/ref.csv" | cut -d, -f5)  # variant 0's first parameter
    flip_stored_real "$W/damaged.sqlite" "$value"
    damage="damaged.sqlite is damaged: the rows of block 0 (variants 0 to 31) differ from those committed"
    expect_refusal 2 "$damage" "$BF" sweep export "$W/damaged.sqlite" -o "$W/damaged.csv"
    [ ! -e "$W/damaged.csv" ] || fail "a damaged store was exported"
    expect_refusal 2 "$damage" "$BF" sweep summarize "$W/damaged.sqlite" -o "$W/damaged"
    expect_refusal 2 "$damage" "$BF" sweep run "$SPEC" -o "$W/damaged.sqlite" --resume --progress none
    expect_refusal 2 "$damage" "$BF" sweep merge "$W/damaged-merged.sqlite" "$W/damaged.sqlite" --allow-partial
    echo "ok: a store with one changed bit is refused by export, summarize, resume and merge"
    ;;

  lock)
    # Two runs on one store: the second is refused while the first holds the store (exit 2, with
    # the first's pid) instead of computing the same blocks; the first finishes untouched.
    store="$W/locked.sqlite"
    rm -f "$store" "$store"-* "$store.lock"
    "$BF" sweep run "$SPEC" -o "$store" --jobs 1 --progress none --csv "$W/locked.csv" &
    first=$!
    for _ in $(seq 600); do [ -e "$store" ] && break; sleep 0.05; done
    [ -e "$store" ] || fail "the first run never created its store"
    expect_refusal 2 "store $store is in use by pid $first" "$BF" sweep run "$SPEC" -o "$store" --resume --progress none
    kill -0 "$first" 2>/dev/null || fail "the first run ended before the second started; the test proved nothing"
    wait "$first" || fail "the first run failed"
    same_as_reference "$W/locked.csv"
    [ ! -e "$store.lock" ] || fail "the lock file was left behind"
    echo "ok: a second run on a store in use is refused with the holder's pid"
    ;;

  interrupt)
    # SIGTERM and SIGINT end a run as before (143, 130), after saying how many blocks are
    # committed and the exact command that continues it; that command finishes the reference rows.
    store="$W/interrupted.sqlite"
    csv="$W/interrupted.csv"
    rm -f "$store" "$store"-* "$store.lock" "$csv"
    command=""
    for signal in TERM INT; do
      before=$(stored_rows "$store")
      [ "$before" -ge 0 ] || before=0  # no store yet: wait for rows, not for the empty store
      set -m  # a job of its own: a script's background jobs ignore SIGINT, and so would the run
      "$BF" sweep run "$SPEC" -o "$store" --resume --jobs 1 --progress none --csv "$csv" 2>"$W/interrupt.err" &
      pid=$!
      set +m
      # Signal once this run has committed a block (however slow the machine is).
      for _ in $(seq 600); do [ "$(stored_rows "$store")" -gt "$before" ] && break; sleep 0.05; done
      kill -0 "$pid" 2>/dev/null || fail "the run finished before SIG$signal; the test proved nothing"
      kill -"$signal" "$pid"
      rc=0
      wait "$pid" || rc=$?
      expected=143
      [ "$signal" = INT ] && expected=130
      [ "$rc" -eq "$expected" ] || fail "SIG$signal: exit $rc, not $expected"
      committed=$(sed -n "s#^interrupted: \([0-9]*\) of 63 blocks are committed to $store; continue with:\$#\1#p" "$W/interrupt.err")
      [ -n "$committed" ] || fail "SIG$signal: no count of committed blocks: $(cat "$W/interrupt.err")"
      rows=$(($("$BF" sweep export "$store" | wc -l) - 1))
      [ "$rows" -eq $((committed * 32 * 2)) ] || fail "SIG$signal: said $committed blocks, the store holds $rows rows"
      command=$(sed -n 's/^  //p' "$W/interrupt.err")
      [ "$command" = "$BF sweep run $SPEC -o $store --resume --jobs 1 --csv $csv --progress none" ] ||
        fail "SIG$signal: unexpected command '$command'"
      echo "ok: SIG$signal: exit $rc, $committed blocks committed, as the store holds"
    done
    eval "$command"
    same_as_reference "$csv"
    ;;

  stdout)
    # Output lost on standard output (a full disk, a closed descriptor) is an error with its
    # reason, never exit 0. /dev/full is only ever the target of a redirection here.
    for args in "sweep validate $SPEC" "sweep summarize $W/ref.sqlite -o $W/stdout" "sweep export $W/ref.sqlite"; do
      if [ -c /dev/full ]; then
        rc=0
        # shellcheck disable=SC2086
        "$BF" $args >/dev/full 2>"$W/stdout.err" || rc=$?
        [ "$rc" -eq 2 ] || fail "'$args > /dev/full' exited $rc, not 2"
        grep -qxF "error: standard output: No space left on device" "$W/stdout.err" ||
          fail "'$args > /dev/full' said: $(cat "$W/stdout.err")"
      fi
      rc=0
      # shellcheck disable=SC2086
      "$BF" $args >&- 2>"$W/stdout.err" || rc=$?
      [ "$rc" -eq 2 ] || fail "'$args' with stdout closed exited $rc, not 2"
      grep -qxF "error: standard output: Bad file descriptor" "$W/stdout.err" ||
        fail "'$args' with stdout closed said: $(cat "$W/stdout.err")"
      echo "ok: $args: a lost standard output exits 2 with the reason"
    done
    ;;

  *)
    fail "unknown case $command"
    ;;
esac
