#!/usr/bin/env bash
# Rebuilds the seed corpora in tools/fuzz/corpus/ from the repository's own inputs:
#   scenario/  scenarios/*.yaml and tests/networks/*.yaml
#   spec/      scenarios/sweeps/*.yaml, tests/sweep/transit-*.yaml, the tests/sweep/bad_specs
#              inputs, and seeds/tiny-sweep.yaml (small enough to be solved on every execution)
#   store/     tiny.sqlite: seeds/tiny-sweep.yaml run by the borderflow binary given (default
#              build/borderflow), vacuumed to 512-byte pages so the fuzzer's mutations land on
#              fewer bytes (12 KB instead of 36 KB)
# Usage: tools/fuzz/make_corpus.sh [path/to/borderflow]   (needs the sqlite3 command)
set -euo pipefail
cd "$(dirname "$0")/../.."
borderflow=$(realpath "${1:-build/borderflow}")
corpus=tools/fuzz/corpus
rm -rf "$corpus"
mkdir -p "$corpus/scenario" "$corpus/spec" "$corpus/store"

cp scenarios/*.yaml tests/networks/*.yaml "$corpus/scenario/"
cp scenarios/sweeps/*.yaml tools/fuzz/seeds/tiny-sweep.yaml "$corpus/spec/"
for spec in tests/sweep/transit-*.yaml; do cp "$spec" "$corpus/spec/test-$(basename "$spec")"; done
for case in tests/sweep/bad_specs/*/; do
  cp "$case/input.yaml" "$corpus/spec/bad-$(basename "$case").yaml"
done

# The spec sits one folder below its base, as in the fuzz target's tree (fuzz_tree.hpp).
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/sweeps"
cp tests/sweep/bad_specs/base.yaml "$work/base.yaml"
cp tools/fuzz/seeds/tiny-sweep.yaml "$work/sweeps/"
"$borderflow" sweep run "$work/sweeps/tiny-sweep.yaml" -o "$work/tiny.sqlite" --progress none
sqlite3 "$work/tiny.sqlite" "PRAGMA page_size=512; VACUUM;"
"$borderflow" sweep export "$work/tiny.sqlite" >/dev/null  # still a store the engine reads
cp "$work/tiny.sqlite" "$corpus/store/tiny.sqlite"
echo "corpus: $(ls "$corpus/scenario" | wc -l) scenario, $(ls "$corpus/spec" | wc -l) spec, $(ls "$corpus/store" | wc -l) store seeds"
