#!/usr/bin/env bash
# CLI behaviour that needs a shell: cli_test.sh CASE BORDERFLOW SOURCE_DIR WORK_DIR
#   stdout_full           run, compare, export, validate with stdout on /dev/full: exit 2 and the reason
#   stdout_closed         the same with stdout closed (>&-)
#   verbosity_after_command  -v and -q work after the command too
#   quiet_hides_progress  sweep run -q prints no progress
set -uo pipefail
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
  *) fail "unknown case $CASE" ;;
esac
echo "ok: $CASE"
