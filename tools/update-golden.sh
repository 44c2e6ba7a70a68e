#!/usr/bin/env bash
# Rewrites tests/golden/*/expected.txt from the current build; review `git diff` before committing.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -DBORDERFLOW=build/borderflow -DCASES=tests/golden -DSOURCE_DIR="$PWD" -DBINARY_DIR=build -DUPDATE=ON \
  -P tests/golden/run_golden.cmake
