#!/usr/bin/env python3
"""Derives config/boundaries/region-10m.geojson from Natural Earth's 1:10m admin-0 countries.

The source is the TopoJSON file countries-10m.json of the npm package world-atlas 2.0.2, which
redistributes Natural Earth 4.1.0 (public domain). Fetch it with the ordinary npm client:

    npm pack world-atlas@2.0.2            # writes world-atlas-2.0.2.tgz
    python3 tools/geo/derive_boundaries.py world-atlas-2.0.2.tgz

The argument may be the package tarball or the extracted countries-10m.json. The script refuses
any other file than the pinned one (by SHA-256), so the same command always writes the same bytes.

Python standard library only: the TopoJSON arcs are decoded here (delta-encoded, quantized
integers; a negative arc index ~i is arc i reversed), each ring is clipped to the region's
rectangle (Sutherland-Hodgman, exact for a convex clip window and for even-odd point tests inside
it), rounded, and written as RFC 7946 GeoJSON (exterior rings counter-clockwise, holes clockwise).
"""
import argparse
import hashlib
import io
import json
import os
import sys
import tarfile

SOURCE_MEMBER = "package/countries-10m.json"
SOURCE_SHA256 = "3bc6f1d367a9bcec479841bae0e76092f512838411d0cef124e92eec4db45f79"

# The region the network lives in: the Trans-Siberian at Chita (113.5 E) to the Far East ports
# (133 E), and the Chinese ports facing the DPRK from Dalian down to Lianyungang (34.6 N) and
# Shanghai (31.2 N), with margin. The report's basemap uses the same window.
BBOX_W, BBOX_S, BBOX_E, BBOX_N = 110.0, 30.0, 145.0, 55.0

# ISO 3166-1 numeric (world-atlas feature id) -> alpha-2, the code places carry in `country:`.
# South Korea and Mongolia are context for the map; no place of the network lies in them.
ISO_A2 = {"156": "CN", "408": "KP", "643": "RU", "410": "KR", "496": "MN"}

DECIMALS = 4  # 1e-4 degree is about 11 m: far below the 1:10m line's own accuracy (~1 km)


def read_source(path):
    """The countries-10m.json bytes, from the package tarball or the extracted file."""
    if path.endswith(".tgz") or path.endswith(".tar.gz"):
        with tarfile.open(path, "r:gz") as archive:
            member = archive.extractfile(SOURCE_MEMBER)
            if member is None:
                sys.exit(f"{path}: no {SOURCE_MEMBER} in the archive")
            data = member.read()
    else:
        with open(path, "rb") as f:
            data = f.read()
    digest = hashlib.sha256(data).hexdigest()
    if digest != SOURCE_SHA256:
        sys.exit(f"{path}: countries-10m.json has SHA-256 {digest}, expected {SOURCE_SHA256} "
                 "(world-atlas 2.0.2); a different version would change the bundled file")
    return data


def decode_arcs(topology):
    """Every arc as a list of (lon, lat) in degrees."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring_points(arc_indices, arcs):
    """One closed ring from its arcs; consecutive arcs share their joining point."""
    ring = []
    for index in arc_indices:
        points = arcs[index] if index >= 0 else arcs[~index][::-1]
        ring.extend(points if not ring else points[1:])
    return ring


def clip_ring(ring):
    """The ring clipped to the bbox (Sutherland-Hodgman against each of the four edges)."""
    edges = (
        (lambda p: p[0] >= BBOX_W, lambda a, b: cut_x(a, b, BBOX_W)),
        (lambda p: p[0] <= BBOX_E, lambda a, b: cut_x(a, b, BBOX_E)),
        (lambda p: p[1] >= BBOX_S, lambda a, b: cut_y(a, b, BBOX_S)),
        (lambda p: p[1] <= BBOX_N, lambda a, b: cut_y(a, b, BBOX_N)),
    )
    points = ring[:-1] if ring and ring[0] == ring[-1] else ring
    for inside, cut in edges:
        if not points:
            break
        clipped = []
        previous = points[-1]
        for current in points:
            if inside(current):
                if not inside(previous):
                    clipped.append(cut(previous, current))
                clipped.append(current)
            elif inside(previous):
                clipped.append(cut(previous, current))
            previous = current
        points = clipped
    return points


def cut_x(a, b, x):
    t = (x - a[0]) / (b[0] - a[0])
    return (x, a[1] + t * (b[1] - a[1]))


def cut_y(a, b, y):
    t = (y - a[1]) / (b[1] - a[1])
    return (a[0] + t * (b[0] - a[0]), y)


def rounded_ring(points, counter_clockwise):
    """Rounded, without repeated points, closed, in the wanted orientation; None if degenerate."""
    ring = []
    for lon, lat in points:
        p = (round(lon, DECIMALS), round(lat, DECIMALS))
        if not ring or ring[-1] != p:
            ring.append(p)
    while len(ring) > 1 and ring[0] == ring[-1]:
        ring.pop()
    if len(ring) < 3:
        return None
    area2 = sum(a[0] * b[1] - b[0] * a[1] for a, b in zip(ring, ring[1:] + ring[:1]))
    if area2 == 0:
        return None
    if (area2 > 0) != counter_clockwise:
        ring.reverse()
    return ring + ring[:1]


def country_polygons(geometry, arcs):
    """The country's polygons clipped to the bbox: lists of rings, exterior first."""
    polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
    result = []
    for polygon in polygons:
        rings = []
        for position, arc_indices in enumerate(polygon):
            ring = rounded_ring(clip_ring(ring_points(arc_indices, arcs)), counter_clockwise=position == 0)
            if ring is None and position == 0:
                break  # the exterior lies outside the window: so do its holes
            if ring is not None:
                rings.append(ring)
        if rings:
            result.append(rings)
    return result


def geojson_text(features, source_note):
    """GeoJSON with one ring per line, so that a change to the data shows as a readable diff."""
    lines = ["{", '"type": "FeatureCollection",', f'"bbox": [{BBOX_W}, {BBOX_S}, {BBOX_E}, {BBOX_N}],',
             f'"source": {json.dumps(source_note)},', '"features": [']
    for f_index, (iso_a2, name, polygons) in enumerate(features):
        lines.append('{"type": "Feature", "properties": '
                     + json.dumps({"iso_a2": iso_a2, "name": name})
                     + ', "geometry": {"type": "MultiPolygon", "coordinates": [')
        for p_index, rings in enumerate(polygons):
            ring_texts = ["[" + ",".join(f"[{lon:.{DECIMALS}f},{lat:.{DECIMALS}f}]" for lon, lat in ring) + "]"
                          for ring in rings]
            lines.append("[" + ",\n".join(ring_texts) + "]" + ("," if p_index + 1 < len(polygons) else ""))
        lines.append("]}}" + ("," if f_index + 1 < len(features) else ""))
    lines += ["]", "}"]
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("source", help="world-atlas-2.0.2.tgz or its countries-10m.json")
    parser.add_argument("--out", default=os.path.normpath(os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "..", "config", "boundaries", "region-10m.geojson")))
    args = parser.parse_args()

    topology = json.load(io.BytesIO(read_source(args.source)))
    arcs = decode_arcs(topology)
    features = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        if geometry.get("id") not in ISO_A2:
            continue
        iso_a2, name = ISO_A2[geometry["id"]], geometry["properties"]["name"]
        polygons = country_polygons(geometry, arcs)
        if polygons:
            features.append((iso_a2, name, polygons))
    features.sort(key=lambda f: f[0])

    note = ("Natural Earth 4.1.0 admin-0 countries 1:10m (public domain), from world-atlas 2.0.2 "
            "countries-10m.json; clipped to the bbox by tools/geo/derive_boundaries.py")
    with open(args.out, "w", encoding="utf-8", newline="\n") as out:
        out.write(geojson_text(features, note))
    points = sum(len(r) for _, _, ps in features for rings in ps for r in rings)
    print(f"{args.out}: {len(features)} countries, {points} points, {os.path.getsize(args.out)} bytes")


if __name__ == "__main__":
    main()
