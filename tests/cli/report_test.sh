#!/usr/bin/env bash
# borderflow report: report_test.sh CASE BORDERFLOW SOURCE_DIR WORK_DIR
#   folder        two scenarios -> index.html, lib/ (libraries and licences), data/; the same
#                 bytes when run again; the page holds the headline, three maps and the data links
#   not_a_folder  -o naming a regular file, or a folder whose lib is a file: exit 2, nothing written
#   bad_input     a scenario with an error: exit 2 naming file:line:column; an unknown --route: exit
#                 1 with a hint; a store that is not one: exit 2
#   sweep         report_test.sh sweep BORDERFLOW SOURCE_DIR WORK_DIR STORE: the two scenarios and the
#                 sweep tests' reference store (worlds named after them): the sweep's section with its
#                 sensitivity and win-share charts, its summaries in data/, P10 to P90 in the headline
set -uo pipefail
CASE=$1
BF=$2
cd "$3"
WORK=$4/report_$CASE
rm -rf "$WORK" && mkdir -p "$WORK"
fail() { echo "FAIL: $*"; exit 1; }

# expect_exit CODE COMMAND...: the command's exit code; its stdout in $WORK/out, stderr in $WORK/err.
expect_exit() {
  local want=$1; shift
  "$@" >"$WORK/out" 2>"$WORK/err"
  local code=$?
  [ "$code" -eq "$want" ] || fail "$*: exit $code, expected $want; stderr: $(head -3 "$WORK/err")"
}

PAIR="scenarios/bilateral.yaml scenarios/china-inclusive.yaml"
case $CASE in
  folder)
    expect_exit 0 "$BF" report $PAIR -o "$WORK/site/new"
    for f in index.html lib/leaflet.js lib/leaflet.css lib/vega.min.js lib/vega-lite.min.js lib/vega-embed.min.js \
             lib/LICENSES.txt data/bilateral.run.json data/china-inclusive.run.csv data/compare.json data/compare.csv; do
      [ -s "$WORK/site/new/$f" ] || fail "report did not write $f"
    done
    page=$WORK/site/new/index.html
    grep -q '<section id="headline">' "$page" || fail "no headline section"
    [ "$(grep -c 'class="bf-map[ "]' "$page")" -eq 3 ] || fail "expected two maps and a difference map"
    grep -q 'class="bf-map bf-diff"' "$page" || fail "no difference map"
    grep -q 'href="data/compare.json"' "$page" || fail "the page does not link its data"
    ! grep -q 'src="http' "$page" || fail "the page loads something from the web"
    grep -q 'Leaflet' "$WORK/site/new/lib/LICENSES.txt" || fail "LICENSES.txt lacks Leaflet"
    /usr/bin/python3 -c 'import json, sys; json.load(open(sys.argv[1]))' "$WORK/site/new/data/compare.json" ||
      fail "data/compare.json is not JSON"
    # Same inputs, same bytes; and writing over an existing report replaces it.
    expect_exit 0 "$BF" report $PAIR -o "$WORK/again"
    expect_exit 0 "$BF" report $PAIR -o "$WORK/site/new"
    diff -r "$WORK/site/new" "$WORK/again" >/dev/null || fail "two runs wrote different bytes"
    ;;
  not_a_folder)
    echo keep >"$WORK/file"
    expect_exit 2 "$BF" report $PAIR -o "$WORK/file"
    grep -q "is not a folder" "$WORK/err" || fail "-o over a file: stderr was: $(cat "$WORK/err")"
    [ "$(cat "$WORK/file")" = keep ] || fail "-o over a file changed the file"
    mkdir -p "$WORK/blocked" && echo x >"$WORK/blocked/lib"
    expect_exit 2 "$BF" report $PAIR -o "$WORK/blocked"
    [ ! -e "$WORK/blocked/index.html" ] && [ ! -e "$WORK/blocked/data" ] || fail "a refused report wrote files"
    ;;
  bad_input)
    printf 'borderflow: 1\nname: bad\nplaces:\n  - {id: a, name: A, country: RU, lat: 43.0, lon: 132.0, colour: red}\n' >"$WORK/bad.yaml"
    expect_exit 2 "$BF" report scenarios/bilateral.yaml "$WORK/bad.yaml" -o "$WORK/out_bad"
    grep -qE "bad\.yaml:4:[0-9]+: error: " "$WORK/err" || fail "bad scenario: stderr was: $(cat "$WORK/err")"
    [ ! -e "$WORK/out_bad" ] || fail "a bad scenario still wrote the folder"
    expect_exit 1 "$BF" report $PAIR -o "$WORK/out_route" --route ru-kpp
    grep -q "did you mean 'ru-kp'" "$WORK/err" || fail "--route typo: stderr was: $(cat "$WORK/err")"
    echo "not a store" >"$WORK/fake.sqlite"
    expect_exit 2 "$BF" report "$WORK/fake.sqlite" -o "$WORK/out_store"
    grep -q "fake.sqlite" "$WORK/err" || fail "bad store: stderr was: $(cat "$WORK/err")"
    expect_exit 1 "$BF" report $PAIR
    ;;
  sweep)
    STORE=$5
    expect_exit 0 "$BF" report $PAIR "$STORE" -o "$WORK/site"
    page=$WORK/site/index.html
    grep -q '<section class="bf-sweep"' "$page" || fail "no sweep section"
    grep -q 'data-chart="[^"]*sensitivity' "$page" || fail "no sensitivity chart"
    grep -q 'data-chart="[^"]*wins' "$page" || fail "no win-share chart"
    ls "$WORK"/site/data/sweep-*.stats.csv >/dev/null 2>&1 || fail "no sweep summary in data/"
    # The headline carries the bands, as compare --bands prints them.
    sed -n '/<section id="headline">/,/<\/section>/p' "$page" >"$WORK/headline.html"
    grep -qE '<td class="r">[0-9.]+ \[[0-9.]+ to [0-9.]+\]' "$WORK/headline.html" || fail "no P10 to P90 band in the headline"
    ;;
  *) fail "unknown case $CASE" ;;
esac
echo "ok: $CASE"
