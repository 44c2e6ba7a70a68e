#!/usr/bin/env python3
"""Validates borderflow's JSON documents against docs/schema/*.schema.json (JSON Schema 2020-12).

    validate.py CASE BORDERFLOW SOURCE_DIR

CASE:
  run       `run --format json` of every bundled scenario and hand network (a time scenario
            against time_run.schema.json)
  compare   `compare --format json` of scenario pairs (bundled and hand networks)
  critical  `critical --format json` (with --pairs) of every one-year hand network
  tamper    documents with a key removed, a key misspelt, a wrong type or a wrong
            schema_version must fail; the schemas themselves must be valid 2020-12 schemas
"""
import copy
import glob
import json
import os
import subprocess
import sys

import jsonschema

CASE, BORDERFLOW, SOURCE = sys.argv[1], sys.argv[2], sys.argv[3]
SCHEMAS = os.path.join(SOURCE, "docs", "schema")
NAMES = ["run", "time_run", "compare", "critical"]


def load_schemas():
    schemas = {}
    for name in NAMES:
        with open(os.path.join(SCHEMAS, name + ".schema.json"), encoding="utf-8") as f:
            schemas[name] = json.load(f)
    return schemas


SCHEMA = load_schemas()


def validator(name):
    """A 2020-12 validator of one document kind, resolving the schemas' references to each other."""
    schema = SCHEMA[name]
    try:
        from referencing import Registry, Resource
        registry = Registry().with_resources(
            (s["$id"], Resource.from_contents(s)) for s in SCHEMA.values())
        return jsonschema.Draft202012Validator(schema, registry=registry)
    except ImportError:  # jsonschema before 4.18
        resolver = jsonschema.RefResolver.from_schema(schema, store={s["$id"]: s for s in SCHEMA.values()})
        return jsonschema.Draft202012Validator(schema, resolver=resolver)


VALIDATORS = {name: validator(name) for name in NAMES}


def borderflow_json(*args):
    result = subprocess.run([BORDERFLOW, *args, "--format", "json"], cwd=SOURCE, capture_output=True, text=True,
                            timeout=240)
    if result.returncode != 0:
        sys.exit(f"FAIL: borderflow {' '.join(args)} exited {result.returncode}: {result.stderr[:500]}")
    return json.loads(result.stdout)


def errors(name, document):
    return sorted(VALIDATORS[name].iter_errors(document), key=lambda e: list(e.absolute_path))


failures = 0


def check(name, document, what):
    global failures
    found = errors(name, document)
    if found:
        failures += 1
        print(f"FAIL: {what} does not match {name}.schema.json:")
        for e in found[:5]:
            print(f"  at /{'/'.join(str(p) for p in e.absolute_path)}: {e.message[:300]}")
    else:
        print(f"ok: {what}")


def scenarios():
    return sorted(glob.glob("scenarios/*.yaml", root_dir=SOURCE))


def networks():
    return sorted(glob.glob("tests/networks/*.yaml", root_dir=SOURCE))


def run_document(path):
    document = borderflow_json("run", path)
    return ("time_run" if "time" in document else "run"), document


if CASE == "run":
    kinds = set()
    for path in scenarios() + networks():
        kind, document = run_document(path)
        kinds.add(kind)
        check(kind, document, f"run {path}")
    if kinds != {"run", "time_run"}:
        sys.exit(f"FAIL: expected one-year and time scenarios among the inputs, got {sorted(kinds)}")
elif CASE == "compare":
    pairs = [("scenarios/bilateral.yaml", "scenarios/china-inclusive.yaml"),
             ("scenarios/baseline-2024.yaml", "scenarios/covid-closure.yaml", "scenarios/road-bridge-2026.yaml"),
             ("scenarios/baseline-2024.yaml", "scenarios/sanctions-2024.yaml"),
             ("tests/networks/no_transit.yaml", "tests/networks/no_transit_lifted.yaml"),
             ("tests/networks/gauge_break.yaml", "tests/networks/closed_link.yaml", "tests/networks/unreachable_demand.yaml"),
             ("tests/networks/cap_two_suppliers.yaml", "tests/networks/fleet_binds.yaml")]
    for files in pairs:
        check("compare", borderflow_json("compare", *files), "compare " + " ".join(files))
elif CASE == "critical":
    for path in networks():
        if os.path.basename(path).startswith("time_"):
            continue  # critical answers one-year scenarios only
        check("critical", borderflow_json("critical", path, "--pairs", "--top", "4"), f"critical {path}")
elif CASE == "tamper":
    for name in NAMES:
        jsonschema.Draft202012Validator.check_schema(SCHEMA[name])
    print("ok: the four schemas are valid JSON Schema 2020-12")
    _, run = run_document("tests/networks/fleet_binds.yaml")
    compare = borderflow_json("compare", "tests/networks/no_transit.yaml", "tests/networks/no_transit_lifted.yaml")
    critical = borderflow_json("critical", "tests/networks/critical_chain.yaml", "--pairs")
    _, time_run = run_document("tests/networks/time_backlog.yaml")
    originals = {"run": run, "compare": compare, "critical": critical, "time_run": time_run}
    for name, document in originals.items():
        if errors(name, document):
            sys.exit(f"FAIL: the untampered {name} document does not validate; the tamper cases would prove nothing")

    def tampered(name, change, what):
        global failures
        document = copy.deepcopy(originals[name])
        change(document)
        if errors(name, document):
            print(f"ok: {name} with {what} fails")
        else:
            failures += 1
            print(f"FAIL: {name} with {what} still validates")

    def rename(d, old, new):
        d[new] = d.pop(old)

    tampered("run", lambda d: d.pop("schema_version"), "no schema_version")
    tampered("run", lambda d: d.update(schema_version=2), "schema_version 2")
    tampered("run", lambda d: d.update(schema_version="1"), "schema_version \"1\"")
    tampered("run", lambda d: rename(d["route_capacities"][0], "capacity_t_per_yr", "capacity_t_per_year"),
             "a misspelt capacity key")
    tampered("run", lambda d: d["route_capacities"][0].pop("bottleneck"), "an optimal question without its bottleneck")
    tampered("run", lambda d: d["route_capacities"][0]["bottleneck"][0].update(capacity_t_per_yr="1000"),
             "a capacity as text")
    tampered("run", lambda d: rename(d["routing"], "transport_cost_usd_per_yr", "transport_cost"), "a misspelt routing key")
    tampered("run", lambda d: d["network"].update(nodes=3), "an unknown network key")
    tampered("run", lambda d: rename(d["routing"]["fleets"][0], "shadow_price_usd_per_yr_per_vehicle", "shadow_price"),
             "a fleet without its price per vehicle")
    tampered("time_run", lambda d: d["series"][0].update(unit="kt"), "a series unit that is not t or USD")
    tampered("time_run", lambda d: d["series"][0].pop("period"), "a series record without its period")
    with_delta = [r for q in compare["questions"] for r in q["results"] if "delta_capacity_t_per_yr" in r]
    if not with_delta:
        sys.exit("FAIL: the compared networks give no delta; the tamper case would prove nothing")

    def misspell_delta(d):
        for q in d["questions"]:
            for r in q["results"]:
                if "delta_capacity_t_per_yr" in r:
                    return rename(r, "delta_capacity_t_per_yr", "delta_t_per_yr")

    tampered("compare", misspell_delta, "a misspelt delta")
    tampered("compare", lambda d: d["questions"][0]["results"][0].pop("capacity_t_per_yr"), "an optimal result without capacity")
    tampered("compare", lambda d: d.update(scenarios=d["scenarios"][:1]), "one scenario")
    tampered("critical", lambda d: rename(d["elements"][0], "worst_share", "worst_lost_share"), "a misspelt closure key")
    tampered("critical", lambda d: d["pairs"]["pairs"][0]["elements"].pop(), "a pair of one element")
    tampered("critical", lambda d: d["elements"][0].update(kind="bridge"), "an unknown element kind")
else:
    sys.exit(f"unknown case {CASE}")

if failures:
    sys.exit(f"{failures} failed")
print("all ok")
