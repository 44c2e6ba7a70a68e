#!/usr/bin/env bash
# Rebuilds the seed corpora in tools/fuzz/corpus/ from the repository's own inputs:
#   scenario/  scenarios/*.yaml and tests/networks/*.yaml
#   spec/      scenarios/sweeps/*.yaml, tests/sweep/transit-*.yaml, the tests/sweep/bad_specs
#              inputs, and seeds/tiny-sweep.yaml (small enough to be solved on every execution)
#   yamlcache/ the payloads of the YAML cache entries the borderflow binary writes for
#              tests/networks/critical_chain.yaml (4 KB) and scenarios/baseline-2024.yaml (16 KB), each
#              entry less its 56-byte header (engine/input/yaml_cache.cpp); the entries of the large
#              files baseline-2024.yaml extends (payloads over 32 KB) are left out, so that mutations
#              land on fewer bytes
#   store/     tiny.sqlite: seeds/tiny-sweep.yaml run by the borderflow binary given (default
#              build/borderflow), vacuumed to 512-byte pages so the fuzzer's mutations land on
#              fewer bytes (12 KB instead of 36 KB)
# Usage: tools/fuzz/make_corpus.sh [path/to/borderflow]   (needs the sqlite3 command)
set -euo pipefail
cd "$(dirname "$0")/../.."
borderflow=$(realpath "${1:-build/borderflow}")
corpus=tools/fuzz/corpus
rm -rf "$corpus"
mkdir -p "$corpus/scenario" "$corpus/spec" "$corpus/store" "$corpus/yamlcache"

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

BORDERFLOW_CACHE_DIR="$work/cache" "$borderflow" validate tests/networks/critical_chain.yaml scenarios/baseline-2024.yaml >/dev/null
for entry in $(find "$work/cache" -name '*.yamltree' -size -32k); do
  tail -c +57 "$entry" >"$corpus/yamlcache/$(basename "$entry" .yamltree | head -c 16).payload"
done
echo "corpus: $(ls "$corpus/scenario" | wc -l) scenario, $(ls "$corpus/spec" | wc -l) spec, $(ls "$corpus/store" | wc -l) store," \
  "$(ls "$corpus/yamlcache" | wc -l) yamlcache seeds"
