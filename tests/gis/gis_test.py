#!/usr/bin/env python3
"""GIS export check: `borderflow export` of a bundled scenario, read back by GDAL's own ogrinfo.

Usage: gis_test.py BORDERFLOW SOURCE_DIR WORK_DIR [SCENARIO]

The expected feature counts come from the scenario's YAML (read here with PyYAML, following
`extends:` and merging lists by id as the loader does), never from borderflow's output; the
route paths from `run --format json`. One known link's flows per direction, and its crossing's,
must equal the figures `run --format json` gives for that crossing. Exits non-zero naming every
difference.
"""
import json
import os
import re
import sqlite3
import subprocess
import sys

import yaml

BORDERFLOW, SOURCE, WORK = sys.argv[1:4]
SCENARIO = sys.argv[4] if len(sys.argv) > 4 else "scenarios/baseline-2024.yaml"
# A Russia-DPRK border link with flow both ways in the baseline, and its crossing.
KNOWN_LINK, KNOWN_CROSSING = "khasan-tumangang-rail", "ru-kp-friendship-bridge"
LAYERS = {"places": "Point", "links": "Line String", "crossings": "Point", "transfers": "Point",
          "route_paths": "Line String"}

failures = []


def check(condition, message):
    if not condition:
        failures.append(message)


def merged(path):
    """The scenario document with its `extends:` chain applied: lists of elements merged by id."""
    with open(path, encoding="utf-8") as f:
        doc = yaml.safe_load(f)
    base_name = doc.pop("extends", None)
    if not base_name:
        return doc
    base = merged(os.path.join(os.path.dirname(path), base_name))
    for key, value in doc.items():
        if isinstance(value, list) and isinstance(base.get(key), list) and all(isinstance(e, dict) and "id" in e
                                                                                for e in value + base[key]):
            by_id = {e["id"]: dict(e) for e in base[key]}
            order = [e["id"] for e in base[key]]
            for e in value:
                if e["id"] in by_id:
                    by_id[e["id"]].update(e)
                else:
                    by_id[e["id"]] = dict(e)
                    order.append(e["id"])
            base[key] = [by_id[i] for i in order]
        else:
            base[key] = value
    return base


def run(*args, **kwargs):
    return subprocess.run([BORDERFLOW, *args], cwd=SOURCE, check=True, capture_output=True, **kwargs)


def ogr_summary(path):
    """{layer: (geometry, feature count, EPSG:4326?)} as `ogrinfo -so -al` prints them."""
    text = subprocess.run(["ogrinfo", "-ro", "-so", "-al", path], check=True, capture_output=True, text=True).stdout
    layers = {}
    for block in text.split("\nLayer name: ")[1:]:
        name = block.split("\n", 1)[0].strip()
        geometry = re.search(r"^Geometry: (.*)$", block, re.M)
        count = re.search(r"^Feature Count: (\d+)$", block, re.M)
        layers[name] = (geometry.group(1) if geometry else None, int(count.group(1)) if count else None,
                        'ID["EPSG",4326]' in block)
    return layers


def ogr_features(path, layer, where):
    """The features of `layer` matching `where`, as {field: text} (ogrinfo -al)."""
    text = subprocess.run(["ogrinfo", "-ro", "-q", "-where", where, path, layer], check=True, capture_output=True,
                          text=True).stdout
    features = []
    for block in text.split("OGRFeature(")[1:]:
        fields = dict(re.findall(r"^  (\w+) \([^)]*\) = (.*)$", block, re.M))
        features.append(fields)
    return features


os.makedirs(WORK, exist_ok=True)
doc = merged(os.path.join(SOURCE, SCENARIO))
countries = {p["id"]: p["country"] for p in doc["places"]}
expected = {
    "places": len(doc["places"]),
    "links": sum(1 if l.get("direction", "both") == "forward" else 2 for l in doc["links"]),
    "crossings": len(doc.get("crossings", [])),
    "transfers": len(doc.get("transfers", [])),
}
report = json.loads(run("run", SCENARIO, "--format", "json").stdout)
expected["route_paths"] = sum(len(q.get("paths") or []) for q in report["route_capacities"])
check(report["routing"]["status"] == "optimal", "the scenario's routing is not optimal: its flows are all 0")

# The GeoPackage: every layer, its geometry type, count and CRS; written twice, the same bytes.
gpkg = os.path.join(WORK, "map.gpkg")
for stale in (gpkg, gpkg + ".again.gpkg"):
    if os.path.exists(stale):
        os.remove(stale)
run("export", SCENARIO, "-o", gpkg)
run("export", SCENARIO, "-o", gpkg + ".again.gpkg")
with open(gpkg, "rb") as a, open(gpkg + ".again.gpkg", "rb") as b:
    check(a.read() == b.read(), "two exports of the same scenario to GeoPackage differ")
summary = ogr_summary(gpkg)
for layer, geometry in LAYERS.items():
    got = summary.get(layer)
    check(got is not None, f"gpkg: no layer {layer} (layers: {sorted(summary)})")
    if got:
        check(got[0] == geometry, f"gpkg {layer}: geometry {got[0]}, expected {geometry}")
        check(got[1] == expected[layer], f"gpkg {layer}: {got[1]} features, expected {expected[layer]}")
        check(got[2], f"gpkg {layer}: not EPSG:4326")
check(summary.get("layer_styles", (None, 0))[1] == len(LAYERS), f"gpkg layer_styles: {summary.get('layer_styles')}")
check(set(summary) == set(LAYERS) | {"layer_styles"}, f"gpkg layers: {sorted(summary)}")

# The styles QGIS loads are the shipped ones.
with sqlite3.connect(gpkg) as db:
    styles = dict(db.execute("SELECT f_table_name, styleQML FROM layer_styles WHERE useAsDefault AND "
                             "f_geometry_column = 'geom'"))
    last_changes = {row[0] for row in db.execute("SELECT last_change FROM gpkg_contents")}
for layer in LAYERS:
    with open(os.path.join(SOURCE, "config", "qgis", layer + ".qml"), encoding="utf-8") as f:
        check(styles.get(layer) == f.read(), f"gpkg layer_styles: the {layer} style is not config/qgis/{layer}.qml")
check(last_changes == {"2000-01-01T00:00:00.000Z"}, f"gpkg_contents.last_change not fixed: {last_changes}")

# Each GeoJSON layer: one layer of one geometry type, the same count.
geojson = {}
for layer, geometry in LAYERS.items():
    path = os.path.join(WORK, layer + ".geojson")
    run("export", SCENARIO, "--layer", layer, "-o", path)
    got = ogr_summary(path)
    check(list(got) == [layer], f"{layer}.geojson: layers {sorted(got)}")
    if layer in got and expected[layer] > 0:
        check(got[layer][0] == geometry, f"{layer}.geojson: geometry {got[layer][0]}, expected {geometry}")
    if layer in got:
        check(got[layer][1] == expected[layer], f"{layer}.geojson: {got[layer][1]} features, expected {expected[layer]}")
    with open(path, encoding="utf-8") as f:
        geojson[layer] = json.load(f)

# One known link, per direction: its flow equals run's flow on its crossing (the crossing's only link).
crossing = next(c for c in doc["crossings"] if c["id"] == KNOWN_CROSSING)
check(crossing["links"] == [KNOWN_LINK], f"{KNOWN_CROSSING} is no longer the one link {KNOWN_LINK}")
link = next(l for l in doc["links"] if l["id"] == KNOWN_LINK)
forward = f"{countries[link['from']]}->{countries[link['to']]}"
reverse = f"{countries[link['to']]}->{countries[link['from']]}"
run_flow = {c["direction"]: c["t_per_yr"] for c in report["routing"]["crossings"] if c["id"] == KNOWN_CROSSING}
check(run_flow.get(forward, 0) > 0 and run_flow.get(reverse, 0) > 0,
      f"run gives no flow both ways on {KNOWN_CROSSING}: {run_flow}; pick another known link")
features = ogr_features(gpkg, "links", f"id = '{KNOWN_LINK}'")
check(len(features) == 2, f"gpkg links: {len(features)} features for {KNOWN_LINK}, expected 2")
for f in features:
    countries_way = forward if f.get("direction") == "forward" else reverse
    check(f.get("from_id") == (link["from"] if f.get("direction") == "forward" else link["to"]),
          f"gpkg {KNOWN_LINK} {f.get('direction')}: from_id {f.get('from_id')}")
    check(abs(float(f.get("flow_t_per_yr", "nan")) - run_flow.get(countries_way, -1)) < 0.05,
          f"gpkg {KNOWN_LINK} {f.get('direction')}: flow {f.get('flow_t_per_yr')} t/yr, run gives "
          f"{run_flow.get(countries_way)} for {countries_way}")
    check(f.get("mode") == "rail" and f.get("crossing_id") == KNOWN_CROSSING and f.get("status") == "open",
          f"gpkg {KNOWN_LINK}: {f}")
geo = {f["properties"]["direction"]: f["properties"] for f in geojson["links"]["features"]
       if f["properties"]["id"] == KNOWN_LINK}
for direction, way in (("forward", forward), ("reverse", reverse)):
    check(abs(geo.get(direction, {}).get("flow_t_per_yr", -1) - run_flow.get(way, -2)) < 0.05,
          f"geojson {KNOWN_LINK} {direction}: {geo.get(direction)} against run {run_flow.get(way)}")
crossing_features = ogr_features(gpkg, "crossings", f"id = '{KNOWN_CROSSING}'")
check(len(crossing_features) == 1, f"gpkg crossings: {len(crossing_features)} features for {KNOWN_CROSSING}")
for f in crossing_features:
    check(f.get("forward_countries") == forward, f"gpkg {KNOWN_CROSSING}: forward_countries {f.get('forward_countries')}")
    for prefix, way in (("forward", forward), ("reverse", reverse)):
        got = float(f.get(prefix + "_flow_t_per_yr", "nan"))
        check(abs(got - run_flow.get(way, -1)) < 0.05, f"gpkg {KNOWN_CROSSING} {prefix}: {got} against run {run_flow.get(way)}")

# The format follows the output's name (a .svg is an SVG, not GeoJSON as before), in any case of
# letters; --format that agrees is accepted; -o - and no -o write GeoJSON to standard output.
inferred = {"map.svg": b"<svg", "map.json": b"{", "MAP.GeoJSON": b"{", "upper.GPKG": b"SQLite format 3\0"}
for name, start in inferred.items():
    path = os.path.join(WORK, name)
    run("export", "tests/networks/gauge_break.yaml", "-o", path)
    with open(path, "rb") as f:
        check(f.read(len(start)) == start, f"export -o {name}: does not start with {start!r}")
run("export", "tests/networks/gauge_break.yaml", "--format", "gpkg", "-o", os.path.join(WORK, "agree.gpkg"))
for args in ([], ["-o", "-"]):
    out = run("export", "tests/networks/gauge_break.yaml", *args).stdout
    check(json.loads(out).get("name") == "links", f"export {args}: standard output is not the GeoJSON links layer")

if failures:
    print("\n".join(failures))
    sys.exit(1)
print("gis: " + ", ".join(f"{layer} {expected[layer]}" for layer in LAYERS) + "; known link and crossing match run")
