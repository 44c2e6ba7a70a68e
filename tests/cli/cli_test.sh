#!/usr/bin/env bash
# CLI behaviour that needs a shell: cli_test.sh CASE BORDERFLOW SOURCE_DIR WORK_DIR
#   stdout_full           run, compare, export, validate with stdout on /dev/full: exit 2 and the reason
#   stdout_closed         the same with stdout closed (>&-)
#   verbosity_after_command  -v and -q work after the command too
#   quiet_hides_progress  sweep run -q prints no progress
#   critical              borderflow critical: formats, --top, --pairs, -o atomic, exit codes
#   compare_bands         the headline with the bundled sweep's P10 to P90 (tests/cli/compare_bands_expected.txt),
#                         and a store that is missing or whose worlds are not the scenarios: exit 2
#   input_limits          a network over the default input limits is refused, naming the limit and the
#                         flag that raises it; --trusted or the flag reads it; --max-memory-gb refuses a run
#   convert               borderflow convert: the reference network to a CSV folder, a GeoPackage and back to
#                         YAML; baseline-2024 over each prints what it prints over config/network.yaml;
#                         usage and output errors
#   gis_module_missing    with the GIS module (libborderflow_geo.so) nowhere to be found, each command that
#                         needs it (tables, convert to .gpkg, export gpkg/svg/png) exits 2 naming the file it
#                         tried and why; run, validate and export to GeoJSON never notice
#   yaml_cache            the YAML cache ($BORDERFLOW_CACHE_DIR): run and a FILE:LINE:COLUMN error print the same
#                         bytes with the cache cold, warm, damaged, unwritable and off; only large files get
#                         an entry; off writes nothing
#   table_width           text tables fit $COLUMNS (no terminal here): no line of run, compare or
#                         critical is wider; a file written with -o is fitted the same way
set -uo pipefail
# Tables are fitted to $COLUMNS when stdout is no terminal: one width, whoever runs the tests.
export COLUMNS=120
CASE=$1
BF=$2
cd "$3"
WORK=$4/$CASE
rm -rf "$WORK" && mkdir -p "$WORK"
S=scenarios/bilateral.yaml
fail() { echo "FAIL: $*"; exit 1; }

# expect_stdout_error REASON COMMAND...: the command, run with the redirection in $REDIRECT, must
# exit 2 and say why on stderr.
expect_stdout_error() {
  local reason=$1; shift
  local err=$WORK/err
  eval "\"\$@\" $REDIRECT 2>\"$err\""
  local code=$?
  [ "$code" -eq 2 ] || fail "$* $REDIRECT: exit $code, expected 2"
  grep -qx "error: cannot write standard output: $reason" "$err" || fail "$* $REDIRECT: stderr was: $(cat "$err")"
}

every_command() {
  local reason=$1
  expect_stdout_error "$reason" "$BF" run $S
  expect_stdout_error "$reason" "$BF" run --format json $S
  expect_stdout_error "$reason" "$BF" compare $S scenarios/china-inclusive.yaml
  expect_stdout_error "$reason" "$BF" export --format svg $S
  expect_stdout_error "$reason" "$BF" validate $S
}

# expect_exit CODE COMMAND...: the command's exit code; its stdout in $WORK/out, stderr in $WORK/err.
expect_exit() {
  local want=$1; shift
  "$@" >"$WORK/out" 2>"$WORK/err"
  local code=$?
  [ "$code" -eq "$want" ] || fail "$*: exit $code, expected $want; stderr: $(head -3 "$WORK/err")"
}

case $CASE in
  stdout_full)
    REDIRECT='>/dev/full'
    every_command "No space left on device"
    ;;
  stdout_closed)
    REDIRECT='>&-'
    every_command "Bad file descriptor"
    # Writing to a file needs no stdout: still fine.
    "$BF" run $S -o "$WORK/out.txt" >&- || fail "run -o with stdout closed failed"
    [ -s "$WORK/out.txt" ] || fail "run -o with stdout closed wrote nothing"
    ;;
  verbosity_after_command)
    "$BF" run $S -o "$WORK/a.txt" -v 2>"$WORK/err" || fail "run ... -v failed"
    grep -q "^info: wrote " "$WORK/err" || fail "-v after the command did not raise the log level"
    "$BF" validate $S -q >/dev/null || fail "validate ... -q failed"
    "$BF" sweep validate scenarios/sweeps/bogie-grid.yaml -q >/dev/null || fail "sweep validate ... -q failed"
    ;;
  quiet_hides_progress)
    "$BF" sweep run scenarios/sweeps/bogie-grid.yaml -o "$WORK/s.sqlite" -q -j 2 2>"$WORK/err" >/dev/null ||
      fail "sweep run -q failed: $(cat "$WORK/err")"
    [ ! -s "$WORK/err" ] || fail "sweep run -q printed: $(head -3 "$WORK/err")"
    ;;
  critical)
    C=tests/networks/critical_chain.yaml
    # expect_exit CODE COMMAND...: the exit code, with stdout and stderr kept in $WORK/out, $WORK/err.
    expect_exit 0 "$BF" critical $C --top 2
    grep -q "^     1  crossing post " "$WORK/out" || fail "critical: rank 1 is not the post: $(cat "$WORK/out")"
    grep -q "top 2 of 6" "$WORK/out" || fail "critical --top 2 did not limit the table"
    ! grep -q "^     3 " "$WORK/out" || fail "critical --top 2 printed a third row"
    expect_exit 0 "$BF" critical $C --pairs --format json
    /usr/bin/python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
assert len(d["elements"]) == 6 and d["elements"][0]["id"] == "post", d["elements"][0]
assert len(d["pairs"]["pairs"]) == 6' "$WORK/out" || fail "critical --format json: wrong document"
    expect_exit 0 "$BF" critical $C --format markdown
    grep -q "^## Scenario critical-chain" "$WORK/out" || fail "critical --format markdown"
    # -o replaces a file atomically: the whole new content, no temporary left beside it.
    echo old >"$WORK/c.csv"
    expect_exit 0 "$BF" critical $C --format csv -o "$WORK/c.csv"
    [ ! -s "$WORK/out" ] || fail "critical -o also wrote to stdout"
    head -1 "$WORK/c.csv" | grep -qx "scenario,period,question,direction,element_kind,element_id,from,to,metric,unit,value,closure,other_kind,other_id" ||
      fail "critical -o: wrong CSV header"
    ! ls -A "$WORK" | grep -q '\.tmp\.' || fail "critical -o left a temporary: $(ls -A "$WORK")"
    # A bad scenario: exit 2 with FILE:LINE:COL, and the output file is left as it was.
    cp "$WORK/c.csv" "$WORK/kept.csv"
    expect_exit 2 "$BF" critical tests/bad_input/unknown_key_typo/input.yaml -o "$WORK/c.csv"
    grep -q "^tests/bad_input/unknown_key_typo/input.yaml:[0-9]*:[0-9]*: error:" "$WORK/err" ||
      fail "critical on a bad scenario: $(cat "$WORK/err")"
    cmp -s "$WORK/c.csv" "$WORK/kept.csv" || fail "critical on a bad scenario touched the output file"
    expect_exit 2 "$BF" critical no_such_scenario.yaml
    grep -q "no_such_scenario.yaml: error: cannot open file" "$WORK/err" || fail "critical on a missing file: $(cat "$WORK/err")"
    expect_exit 2 "$BF" critical $C -o "$WORK/no_such_folder/c.txt"
    grep -qx "error: cannot write $WORK/no_such_folder/c.txt: No such file or directory" "$WORK/err" ||
      fail "critical -o into a missing folder: $(cat "$WORK/err")"
    # Usage errors exit 1.
    expect_exit 1 "$BF" critical $C --top 0
    expect_exit 1 "$BF" critical $C --format svg
    expect_exit 1 "$BF" critical
    # A spent budget: every closure limit-reached, named on stderr, exit 2.
    expect_exit 2 "$BF" critical $C --max-seconds 0
    grep -q "stopped at a solver limit" "$WORK/err" || fail "critical --max-seconds 0: $(cat "$WORK/err")"
    # Lost standard output exits 2 with the reason.
    REDIRECT='>/dev/full'
    expect_stdout_error "No space left on device" "$BF" critical $C
    ;;
  compare_bands)
    H=scenarios/sweeps/headline-ranges.yaml
    expect_exit 0 "$BF" sweep run $H -o "$WORK/h.sqlite" -q
    # Unfitted (the store's path, in the note, differs from machine to machine), as the README quotes it.
    COLUMNS=10000 expect_exit 0 "$BF" compare $S scenarios/china-inclusive.yaml --bands "$WORK/h.sqlite"
    # The headline as the README quotes it, with the store's path made relative.
    sed "s|$WORK/||g" "$WORK/out" > "$WORK/headline.txt"
    diff -u tests/cli/compare_bands_expected.txt "$WORK/headline.txt" || fail "compare --bands: the headline changed"
    grep -q "^  ru-pyongyang: .*  capacity Mt/yr  *3.3 \[" "$WORK/out" ||
      fail "compare --bands: the inland question does not lead: $(head -12 "$WORK/out")"
    expect_exit 0 "$BF" compare $S scenarios/china-inclusive.yaml --bands "$WORK/h.sqlite" --format json
    grep -q '"capacity_band_t_per_yr"' "$WORK/out" || fail "compare --bands --format json carries no band"
    expect_exit 2 "$BF" compare $S scenarios/china-inclusive.yaml --bands "$WORK/missing.sqlite"
    grep -q "^error: --bands: " "$WORK/err" || fail "compare --bands on a missing store: $(cat "$WORK/err")"
    expect_exit 2 "$BF" compare scenarios/covid-closure.yaml scenarios/sanctions-2024.yaml --bands "$WORK/h.sqlite"
    grep -q "include none of the compared scenarios (covid-closure, sanctions-2024)" "$WORK/err" ||
      fail "compare --bands with other worlds: $(cat "$WORK/err")"
    # A store made from data that has changed since is refused, not printed beside new point values.
    # (a copy of the data, so that the spec can be edited; specs may read only files in their tree)
    cp -r config scenarios "$WORK/"
    SMALL=$WORK/scenarios/sweeps/small.yaml
    printf 'borderflow-sweep: 1\nbase: ../baseline-2024.yaml\nseed: 1\ndesign: {type: random, variants: 4}\nscenario_ranges: all\nworlds:\n  - {name: bilateral, scenario: ../bilateral.yaml}\n  - {name: china-inclusive, scenario: ../china-inclusive.yaml}\n' > "$SMALL"
    expect_exit 0 "$BF" sweep run "$SMALL" -o "$WORK/small.sqlite" -q
    expect_exit 0 "$BF" compare $S scenarios/china-inclusive.yaml --bands "$WORK/small.sqlite"
    echo "# edited after the run" >> "$SMALL"
    expect_exit 2 "$BF" compare $S scenarios/china-inclusive.yaml --bands "$WORK/small.sqlite"
    grep -q "was made from other data than .*small.yaml and its scenarios hold now" "$WORK/err" ||
      fail "compare --bands on a stale store: $(cat "$WORK/err")"
    rm "$SMALL"
    expect_exit 2 "$BF" compare $S scenarios/china-inclusive.yaml --bands "$WORK/small.sqlite"
    grep -q "cannot be read from here" "$WORK/err" || fail "compare --bands without its spec: $(cat "$WORK/err")"
    ;;
  input_limits)
    # 11,000 places and 11,000 road links in one file: ~2 MB, ~200,000 YAML nodes, 22,000 elements.
    big=$WORK/big.yaml
    {
      echo "borderflow: 1"
      echo "name: over-the-default-limits"
      echo "places:"
      for i in $(seq 0 10999); do echo "  - {id: p$i, name: p$i, country: RU, kind: station, lat: 50, lon: 100}"; done
      echo "links:"
      for i in $(seq 1 11000); do echo "  - {id: l$i, from: p$((i - 1)), to: p$((i % 11000)), mode: road, length: 10 km}"; done
    } >"$big"
    expect_exit 2 "$BF" validate "$big"
    grep -q "the limit is 1048576; raise it with --max-file-bytes N, or --trusted for input you trust" "$WORK/err" ||
      fail "file size refusal: $(cat "$WORK/err")"
    expect_exit 2 "$BF" validate --max-file-bytes 4000000 "$big"
    grep -q "more than 100000 YAML nodes in one file; raise it with --max-yaml-nodes N" "$WORK/err" ||
      fail "node refusal: $(cat "$WORK/err")"
    expect_exit 2 "$BF" validate --max-file-bytes 4000000 --max-yaml-nodes 1000000 "$big"
    grep -q "scenario has 22000 elements; the limit is 20000; raise it with --max-elements N" "$WORK/err" ||
      fail "element refusal: $(cat "$WORK/err")"
    expect_exit 0 "$BF" validate --trusted "$big"
    # The options work after the command too, and an explicit limit wins over --trusted.
    expect_exit 2 "$BF" validate "$big" --trusted --max-elements 21000
    grep -q "the limit is 21000" "$WORK/err" || fail "explicit over trusted: $(cat "$WORK/err")"
    # The LP budget: refused before anything is built, with the numbers and the flag.
    expect_exit 2 "$BF" run $S --max-memory-gb 0.00001
    grep -q "the limit is 1 MB per run (--max-memory-gb)" "$WORK/err" || fail "memory refusal: $(cat "$WORK/err")"
    expect_exit 0 "$BF" run $S --max-memory-gb 1
    ;;
  table_width)
    # widest FILE: the longest line's display width (wc -L counts wide characters as two).
    widest() { wc -L <"$1"; }
    for columns in 120 80 60; do
      COLUMNS=$columns expect_exit 0 "$BF" run scenarios/baseline-2024.yaml
      [ "$(widest "$WORK/out")" -le "$columns" ] || fail "run at COLUMNS=$columns: a line of $(widest "$WORK/out")"
      COLUMNS=$columns expect_exit 0 "$BF" compare $S scenarios/china-inclusive.yaml
      [ "$(widest "$WORK/out")" -le "$columns" ] || fail "compare at COLUMNS=$columns: a line of $(widest "$WORK/out")"
      COLUMNS=$columns expect_exit 0 "$BF" critical tests/networks/critical_chain.yaml --pairs
      [ "$(widest "$WORK/out")" -le "$columns" ] || fail "critical at COLUMNS=$columns: a line of $(widest "$WORK/out")"
    done
    # A file is fitted the same way; a very wide $COLUMNS leaves the long lines whole.
    COLUMNS=60 expect_exit 0 "$BF" run scenarios/baseline-2024.yaml -o "$WORK/narrow.txt"
    [ "$(widest "$WORK/narrow.txt")" -le 60 ] || fail "run -o at COLUMNS=60: a line of $(widest "$WORK/narrow.txt")"
    COLUMNS=10000 expect_exit 0 "$BF" run scenarios/baseline-2024.yaml
    [ "$(widest "$WORK/out")" -gt 120 ] || fail "run without a width limit wrapped anyway"
    # No -o and no terminal, no $COLUMNS: 120.
    env -u COLUMNS "$BF" run scenarios/baseline-2024.yaml >"$WORK/out" || fail "run without COLUMNS failed"
    [ "$(widest "$WORK/out")" -le 120 ] || fail "run without COLUMNS: a line of $(widest "$WORK/out")"
    ;;
  convert)
    expect_exit 0 "$BF" convert config/network.yaml -o "$WORK/net/"
    grep -q "^note: .*range is not carried" "$WORK/err" || fail "convert: no note on the ranges: $(head -3 "$WORK/err")"
    for table in node link transfer crossing source; do
      [ -s "$WORK/net/$table.csv" ] || fail "convert -o net/: no $table.csv"
    done
    expect_exit 0 "$BF" convert config/network.yaml -o "$WORK/net.gpkg"
    expect_exit 0 "$BF" convert "$WORK/net/" -o "$WORK/net.yaml"
    expect_exit 0 "$BF" convert "$WORK/net.gpkg" -o "$WORK/net-from-gpkg.yaml"
    cmp -s "$WORK/net.yaml" "$WORK/net-from-gpkg.yaml" || fail "convert: the CSV folder and the GeoPackage read back differ"
    ! ls -A "$WORK" | grep -q '\.tmp\.' || fail "convert left a temporary: $(ls -A "$WORK")"
    expect_exit 0 "$BF" run scenarios/baseline-2024.yaml
    cp "$WORK/out" "$WORK/expected.txt"
    # What a scenario over the tables keeps in YAML: config/network.yaml without its network sections.
    for base in net/ net.gpkg net.yaml; do
      name=$(echo "$base" | tr -d /.)
      awk -v base="$base" '/^[a-z_]+:/ { skip = ($1 == "places:" || $1 == "links:" || $1 == "transfers:" || $1 == "crossings:") }
        /^extends:/ { print "extends: " base; next } !skip' config/network.yaml >"$WORK/rest-$name.yaml"
      sed "s#^extends: ../config/network.yaml#extends: rest-$name.yaml#" scenarios/baseline-2024.yaml >"$WORK/baseline-$name.yaml"
      expect_exit 0 "$BF" run "$WORK/baseline-$name.yaml"
      diff "$WORK/expected.txt" "$WORK/out" >"$WORK/diff" || fail "run over $base differs: $(head -5 "$WORK/diff")"
    done
    # Usage: tables convert to YAML, networks to a folder or .gpkg; a GeoPackage is never written
    # over a non-regular file.
    expect_exit 1 "$BF" convert "$WORK/net/" -o "$WORK/x.csv"
    expect_exit 1 "$BF" convert config/network.yaml -o "$WORK/x.txt"
    mkfifo "$WORK/fifo.gpkg"
    expect_exit 2 "$BF" convert config/network.yaml -o "$WORK/fifo.gpkg"
    grep -q "not a regular file" "$WORK/err" || fail "convert over a FIFO: $(cat "$WORK/err")"
    ;;
  gis_module_missing)
    expect_exit 0 "$BF" convert config/network.yaml -o "$WORK/net/"
    mkdir -p "$WORK/empty"
    export BORDERFLOW_MODULE_DIR=$WORK/empty
    # expect_module_error COMMAND...: exit 2, the message names the file tried and dlerror's reason.
    expect_module_error() {
      expect_exit 2 "$@"
      grep -q "^error: the GIS module (libborderflow_geo.so: GDAL/OGR, librsvg, cairo) this command needs could not be loaded" "$WORK/err" ||
        fail "$*: stderr: $(cat "$WORK/err")"
      grep -qF "$WORK/empty/libborderflow_geo.so: cannot open shared object file: No such file or directory" "$WORK/err" ||
        fail "$*: the file tried is not named: $(cat "$WORK/err")"
      grep -q "BORDERFLOW_MODULE_DIR" "$WORK/err" || fail "$*: no word of BORDERFLOW_MODULE_DIR: $(cat "$WORK/err")"
    }
    expect_module_error "$BF" convert config/network.yaml -o "$WORK/net.gpkg"
    [ ! -e "$WORK/net.gpkg" ] || fail "convert wrote a GeoPackage without the module"
    expect_module_error "$BF" convert "$WORK/net/" -o "$WORK/net.yaml"
    expect_module_error "$BF" export -o "$WORK/map.gpkg" $S
    expect_module_error "$BF" export --format png -o "$WORK/map.png" $S
    expect_module_error "$BF" export --format svg $S
    # Commands that do not need it never load it.
    expect_exit 0 "$BF" run $S
    expect_exit 0 "$BF" validate $S
    expect_exit 0 "$BF" export --format geojson $S
    expect_exit 0 "$BF" --version
    # The binary alone in a folder of its own finds the module of the build tree it was built in
    # (unit tests rely on it); with BORDERFLOW_MODULE_DIR set, only that folder is searched.
    unset BORDERFLOW_MODULE_DIR
    cp "$BF" "$WORK/empty/borderflow"
    expect_exit 0 "$WORK/empty/borderflow" convert config/network.yaml -o "$WORK/net.gpkg"
    ;;
  yaml_cache)
    # A copy of the reference network with one bad unit deep in it (line 1620): 128 KB, cached,
    # and an error whose position comes from the tree.
    mkdir -p "$WORK/bad/config"
    cp config/network.yaml config/sources.yaml "$WORK/bad/config/"
    sed -i '1620s/length: 720 km/length: 720 furlongs/' "$WORK/bad/config/network.yaml"
    bad=$WORK/bad/config/network.yaml
    base=scenarios/baseline-2024.yaml
    # compare TAG DIR: run and validate with BORDERFLOW_CACHE_DIR=DIR print what they printed first.
    compare() {
      BORDERFLOW_CACHE_DIR=$2 expect_exit 0 "$BF" run "$base"
      cp "$WORK/out" "$WORK/run.$1"
      cmp -s "$WORK/run.$1" "$WORK/run.first" || fail "run with the cache $1 printed something else"
      BORDERFLOW_CACHE_DIR=$2 expect_exit 2 "$BF" validate "$bad"
      cmp -s "$WORK/err" "$WORK/err.first" || fail "validate with the cache $1: $(cat "$WORK/err")"
    }
    BORDERFLOW_CACHE_DIR=off expect_exit 0 "$BF" run "$base"
    cp "$WORK/out" "$WORK/run.first"
    BORDERFLOW_CACHE_DIR=off expect_exit 2 "$BF" validate "$bad"
    cp "$WORK/err" "$WORK/err.first"
    grep -q "config/network.yaml:1620:13: " "$WORK/err.first" || fail "expected the bad unit at 1620:13: $(cat "$WORK/err.first")"
    entries() { find "$WORK/cache" -name '*.yamltree' 2>/dev/null | wc -l; }
    [ "$(entries)" -eq 0 ] || fail "off wrote entries"
    compare cold "$WORK/cache"
    # baseline-2024.yaml, the two networks and sources.yaml (the bad copy is valid YAML).
    [ "$(entries)" -eq 4 ] || fail "expected 4 entries, found $(entries)"
    compare warm "$WORK/cache"
    for entry in "$WORK"/cache/*.yamltree; do head -c 100 "$entry" >"$entry.part" && mv "$entry.part" "$entry"; done
    compare damaged "$WORK/cache"
    [ "$(find "$WORK/cache" -name '*.yamltree' -size -200c | wc -l)" -eq 0 ] || fail "damaged entries were not rewritten"
    echo "a file" >"$WORK/file"
    compare unwritable "$WORK/file/cache"
    ;;
  *) fail "unknown case $CASE" ;;
esac
echo "ok: $CASE"
