#!/usr/bin/env python3
"""Validates chart specs against the Vega-Lite JSON schema of the release the report embeds.

usage: check_vega_lite.py SCHEMA DIR ID...
Every DIR/*.json must validate; each ID must be the stem of one of them (so that an empty
folder, or a chart that silently stopped being made, fails the check)."""
import json
import pathlib
import sys

import jsonschema


def main() -> int:
    schema_path, folder, *expected = sys.argv[1:]
    schema = json.loads(pathlib.Path(schema_path).read_text())
    validator = jsonschema.Draft7Validator(schema)
    specs = sorted(pathlib.Path(folder).glob("*.json"))
    failures = 0
    for path in specs:
        spec = json.loads(path.read_text())
        if spec.get("$schema") != "https://vega.github.io/schema/vega-lite/v6.json":
            print(f"{path.name}: $schema is {spec.get('$schema')!r}, expected Vega-Lite v6")
            failures += 1
        errors = sorted(validator.iter_errors(spec), key=lambda e: list(e.absolute_path))
        for error in errors[:5]:
            print(f"{path.name}: at /{'/'.join(map(str, error.absolute_path))}: {error.message[:300]}")
        failures += bool(errors)
    stems = {p.stem for p in specs}
    for name in expected:
        if not any(stem == name or (name.endswith("*") and stem.startswith(name[:-1])) for stem in stems):
            print(f"no chart {name} among {len(specs)} specs")
            failures += 1
    print(f"{len(specs)} chart specs checked against {pathlib.Path(schema_path).parent.parent.name}, {failures} failing")
    return 1 if failures or not specs else 0


if __name__ == "__main__":
    sys.exit(main())
