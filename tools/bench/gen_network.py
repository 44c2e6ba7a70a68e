#!/usr/bin/env python3
"""Synthetic freight networks for the scale benchmarks (docs/benchmarks.md, "Scale").

Writes, for OUT (a path without extension):
  OUT/node.csv, OUT/link.csv, OUT/transfer.csv, OUT/crossing.csv   the network as tables
                                                                   (the format of issue 13)
  OUT.yaml       a scenario that `extends: OUT/` and adds commodities, routes and demands
  OUT-sweep.yaml with --sweep N: a sweep of N variants over OUT.yaml (sweep_yaml)
or, with --yaml, OUT.yaml alone: the same network and questions in one YAML file (terse flow
style), for engines whose reader has no tables yet.

Same seed, same options -> the same bytes. The network, as in the performance review:
  * four countries in quadrants (NW RU, NE CN, SW MN, SE KP);
  * 1520 mm west of a dual-gauge band in the middle, 1435 mm east of it; gauge transfers (bogie
    exchange or transload) at every place with both gauges;
  * road links (about 0.1 per place, to a neighbour) with rail<->road transfers at their ends;
  * a crossing on every link that joins two countries (every tenth one over two links);
  * 80 % of links capacitated (2-30 Mt/yr), crossings 3-15 Mt/yr, transfers 1-10 Mt/yr;
  * 4 route questions between corner blocks, both directions (one limited to RU and CN);
  * 8 demands (--demands K) between random places of two different countries.
--pure leaves out every capacity row over more than one arc: no dual-gauge track (band links
get one gauge and transfers join the gauges) and one link per crossing, so a pure network
solver answers exactly what the LP answers.

Topologies: `grid` (a square grid of junctions, ~2.1 links per place), `corridor` (hubs on a
jittered grid joined by long chains of stations, ~1.1 links per place: sparser and longer, as
real rail networks are; grids flatter push-relabel) and `tntp` (a published road network's
links and coordinates, e.g. the TransportationNetworks collection's Chicago-Sketch or Gold Coast,
with the attributes above laid over it; see tntp()).

Quantities are integers in kt/yr (tables: t/yr), km and thousandths of a USD, so a peer solver
in integers (LEMON) reads them exactly.
"""
import argparse
import math
import os
import random
import sys

COUNTRIES = {(0, 0): "RU", (1, 0): "CN", (0, 1): "MN", (1, 1): "KP"}  # (east?, south?) -> country


class Net:
    def __init__(self):
        self.places = []   # (id, x, y, zone) with x, y in [0, 1]; zone W (1520), B (band), E (1435)
        self.edges = []    # (a, b) place indices, rail
        self.roads = []    # (a, b) place indices


def zone_of(x, band_lo, band_hi):
    return "W" if x < band_lo else ("E" if x > band_hi else "B")


def grid(links, rng):
    # grid links ~ 2P, roads 0.1P
    p = max(16, int(links / 2.1))
    w = max(4, int(round(math.sqrt(p))))
    h = max(4, int(round(p / w)))
    net = Net()
    c0 = w // 2 - 1  # band: columns c0 and c0 + 1; the country border runs between them
    for j in range(h):
        for i in range(w):
            zone = "B" if i in (c0, c0 + 1) else ("W" if i < c0 else "E")
            net.places.append((f"n{j * w + i}", (i + 0.5) / w, (j + 0.5) / h, zone))
    for j in range(h):
        for i in range(w):
            k = j * w + i
            if i + 1 < w:
                net.edges.append((k, k + 1))
            if j + 1 < h:
                net.edges.append((k, k + w))
    for k in range(len(net.places)):
        if rng.random() < 0.1:
            i, j = k % w, k // w
            di, dj = rng.choice([(1, 0), (0, 1), (1, 1), (1, -1)])
            if 0 <= i + di < w and 0 <= j + dj < h:
                net.roads.append((k, (j + dj) * w + i + di))
    return net


def corridor(links, rng):
    # hub edges ~1.35 J, each a chain of 5-40 intermediate stations (~23.5 links), roads 0.1P
    hubs = max(9, int(links / 35))
    w = max(3, int(round(math.sqrt(hubs))))
    h = max(3, int(round(hubs / w)))
    net = Net()
    band_lo, band_hi = 0.48, 0.52
    hub_index = {}
    for j in range(h):
        for i in range(w):
            x = (i + 0.5 + rng.uniform(-0.3, 0.3)) / w
            y = (j + 0.5 + rng.uniform(-0.3, 0.3)) / h
            hub_index[(i, j)] = len(net.places)
            net.places.append((f"h{i}-{j}", x, y, zone_of(x, band_lo, band_hi)))
    hub_edges = []
    for j in range(h):
        for i in range(w):
            if i + 1 < w:
                hub_edges.append(((i, j), (i + 1, j)))  # rows always: every row is connected
            if j + 1 < h and (i in (0, w - 1) or rng.random() < 0.35):
                hub_edges.append(((i, j), (i, j + 1)))  # the outer columns join the rows
    for a, b in hub_edges:
        ia, ib = hub_index[a], hub_index[b]
        _, xa, ya, _ = net.places[ia]
        _, xb, yb, _ = net.places[ib]
        m = rng.randint(5, 40)
        prev = ia
        for s in range(1, m + 1):
            t = s / (m + 1)
            x = xa + (xb - xa) * t + rng.uniform(-0.002, 0.002)
            y = ya + (yb - ya) * t + rng.uniform(-0.002, 0.002)
            k = len(net.places)
            net.places.append((f"s{k}", x, y, zone_of(x, band_lo, band_hi)))
            net.edges.append((prev, k))
            prev = k
        net.edges.append((prev, ib))
    # roads: parallel to a rail link (a road beside the line between two neighbouring stations)
    for a, b in net.edges:
        if rng.random() < 0.1:
            net.roads.append((a, b))
    return net


def tntp(net_path, node_path, rng):
    """A published road network's topology (TNTP files as converted by the TransportationNetworks
    collections: a `NODES:/ZONES:/EDGES:/END` header, then `from to capacity length ...` per
    directed link, 0-based; the node file `id x y`). Zone centroids (ids below ZONES) and their
    connectors are left out, directed pairs become one link, and only the largest connected part
    is kept. Coordinates are scaled into [0, 1] (y grows southwards, as in the generated
    topologies). Everything else (gauges, capacities, costs, roads, crossings) follows the
    generator's own rules: the topology is real, the attributes are not."""
    zones = 0
    pairs = set()
    with open(net_path) as f:
        for line in f:
            if line.startswith("ZONES:"):
                zones = int(line.split(":")[1])
            fields = line.split()
            if len(fields) < 3 or not fields[0].isdigit():
                continue
            a, b = int(fields[0]), int(fields[1])
            if a == b or a < zones or b < zones:
                continue
            pairs.add((min(a, b), max(a, b)))
    xy = {}
    with open(node_path) as f:
        for line in f:
            fields = line.split()
            if len(fields) >= 3 and fields[0].isdigit():
                xy[int(fields[0])] = (float(fields[1]), float(fields[2]))
    pairs = sorted(p for p in pairs if p[0] in xy and p[1] in xy)
    # the largest connected part (union-find)
    parent = {}
    def find(v):
        while parent.setdefault(v, v) != v:
            parent[v] = parent[parent[v]]
            v = parent[v]
        return v
    for a, b in pairs:
        parent[find(a)] = find(b)
    sizes = {}
    for v in list(parent):
        sizes[find(v)] = sizes.get(find(v), 0) + 1
    main = max(sizes, key=lambda r: (sizes[r], -r))
    keep = sorted(v for v in parent if find(v) == main)
    xs = [xy[v][0] for v in keep]
    ys = [xy[v][1] for v in keep]
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    net = Net()
    index = {}
    band_lo, band_hi = 0.48, 0.52
    for v in keep:
        x = (xy[v][0] - x0) / ((x1 - x0) or 1)
        y = 1 - (xy[v][1] - y0) / ((y1 - y0) or 1)
        index[v] = len(net.places)
        net.places.append((f"n{v}", x, y, zone_of(x, band_lo, band_hi)))
    for a, b in pairs:
        if a in index and b in index:
            net.edges.append((index[a], index[b]))
    for a, b in net.edges:
        if rng.random() < 0.1:
            net.roads.append((a, b))
    return net


def country_of(x, y):
    return COUNTRIES[(int(x >= 0.5), int(y >= 0.5))]


def build(net, rng, pure, demand_count):
    """The elements, as dicts of YAML-ish fields, from the abstract graph."""
    places = []
    for pid, x, y, zone in net.places:
        places.append({"id": pid, "name": pid, "country": country_of(x, y),
                       "kind": "junction" if pid[0] in "nh" else "station",
                       "lon": round(100 + 30 * x, 5), "lat": round(35 + 25 * (1 - y), 5)})
    zones = [p[3] for p in net.places]
    layers = [set() for _ in places]
    links = []
    for n, (a, b) in enumerate(net.edges):
        za, zb = zones[a], zones[b]
        pair = {za, zb}
        if pair <= {"W", "B"} and pair != {"B"}:
            gauge = "1520"
        elif pair <= {"E", "B"} and pair != {"B"}:
            gauge = "1435"
        elif pure:  # band-band or west-east: one gauge, transfers join them
            gauge = "1520" if n % 2 == 0 else "1435"
        else:
            gauge = "dual"
        for k in (a, b):
            layers[k].update(["1520", "1435"] if gauge == "dual" else [gauge])
        length = rng.randint(20, 200)
        link = {"id": f"l{n}", "from": places[a]["id"], "to": places[b]["id"], "mode": "rail", "gauge": gauge,
                "length_km": length, "cost_per_km_milli": rng.randint(8, 30)}
        if rng.random() < 0.8:
            link["capacity_kt"] = rng.randint(2000, 30000)
        links.append(link)
    road_ends = set()
    for n, (a, b) in enumerate(net.roads):
        length = rng.randint(10, 150)
        links.append({"id": f"r{n}", "from": places[a]["id"], "to": places[b]["id"], "mode": "road",
                      "length_km": length, "cost_per_km_milli": rng.randint(50, 90),
                      "capacity_kt": rng.randint(500, 5000)})
        road_ends.update([a, b])
    transfers = []
    for k, p in enumerate(places):
        if {"1520", "1435"} <= layers[k]:
            method = "bogie_exchange" if rng.random() < 0.5 else "transload"
            transfers.append({"id": f"g{k}", "place": p["id"], "from": "rail:1520", "to": "rail:1435",
                              "method": method, "cost_milli": rng.randint(2000, 8000), "time_h": rng.randint(4, 24),
                              "capacity_kt": rng.randint(1000, 10000)})
        if k in road_ends and layers[k]:
            rail = "rail:1520" if "1520" in layers[k] else "rail:1435"
            transfers.append({"id": f"t{k}", "place": p["id"], "from": "road", "to": rail, "method": "transload",
                              "cost_milli": rng.randint(1000, 4000), "time_h": rng.randint(2, 12),
                              "capacity_kt": rng.randint(500, 3000)})
    crossings = []
    pending = None  # the previous border link of a pair, waiting for its partner (not pure)
    index = {p["id"]: p for p in places}
    for link in links:
        ca, cb = index[link["from"]]["country"], index[link["to"]]["country"]
        if ca == cb:
            continue
        n = len(crossings)
        if pending is not None and pending[1] == (ca, cb):
            pending[0]["links"].append(link["id"])
            pending = None
            continue
        crossing = {"id": f"x{n}", "links": [link["id"]], "capacity_kt": rng.randint(3000, 15000),
                    "dwell_h": rng.randint(2, 24), "cost_milli": rng.randint(1000, 5000)}
        crossings.append(crossing)
        if not pure and n % 10 == 9:
            pending = (crossing, (ca, cb))
    return places, links, transfers, crossings


def questions(places, rng, demand_count, block):
    """Routes between corner blocks and demands between random places of two countries."""
    def corner(cx, cy):
        # the `block` places nearest to the corner, within the corner's own country
        want = country_of(0.25 + 0.5 * cx, 0.25 + 0.5 * cy)
        scored = []
        for p in places:
            if p["country"] != want:
                continue
            x, y = (p["lon"] - 100) / 30, 1 - (p["lat"] - 35) / 25
            scored.append(((x - cx) ** 2 + (y - cy) ** 2, p["id"]))
        scored.sort()
        return [pid for _, pid in scored[:block]]
    nw, ne, sw, se = corner(0, 0), corner(1, 0), corner(0, 1), corner(1, 1)
    routes = [
        {"id": "ru-kp", "from": nw, "to": se},
        {"id": "mn-cn", "from": sw, "to": ne},
        {"id": "ru-cn-direct", "from": nw, "to": ne, "countries": ["RU", "CN"]},
        {"id": "mn-kp", "from": sw, "to": se},
    ]
    by_country = {}
    for p in places:
        by_country.setdefault(p["country"], []).append(p["id"])
    names = sorted(by_country)
    commodities = ["coal", "grain", "containers"]
    demands = []
    for n in range(demand_count):
        a, b = rng.sample(names, 2)
        demands.append({"id": f"d{n}", "commodity": commodities[n % 3], "from": [rng.choice(by_country[a])],
                        "to": [rng.choice(by_country[b])], "quantity_kt": rng.randint(500, 5000),
                        "unserved_usd": rng.randint(150, 400)})
    return routes, demands


def usd(milli):
    return f"{milli // 1000}.{milli % 1000:03d}"


def write_tables(folder, places, links, transfers, crossings):
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "node.csv"), "w") as f:
        f.write("node_id,name,country,kind,x_coord,y_coord\n")
        for p in places:
            f.write(f"{p['id']},{p['name']},{p['country']},{p['kind']},{p['lon']},{p['lat']}\n")
    with open(os.path.join(folder, "link.csv"), "w") as f:
        f.write("link_id,from_node_id,to_node_id,mode,gauge_mm,length_km,capacity_t_per_yr,cost_usd_per_t_km\n")
        for l in links:
            gauge = {"dual": "1435;1520"}.get(l.get("gauge"), l.get("gauge", ""))
            cap = str(l["capacity_kt"] * 1000) if "capacity_kt" in l else ""
            f.write(f"{l['id']},{l['from']},{l['to']},{l['mode']},{gauge},{l['length_km']},{cap},"
                    f"{usd(l['cost_per_km_milli'])}\n")
    with open(os.path.join(folder, "transfer.csv"), "w") as f:
        f.write("transfer_id,node_id,from_layer,to_layer,method,cost_usd_per_t,time_h,capacity_t_per_yr\n")
        for t in transfers:
            f.write(f"{t['id']},{t['place']},{t['from']},{t['to']},{t['method']},{usd(t['cost_milli'])},"
                    f"{t['time_h']},{t['capacity_kt'] * 1000}\n")
    with open(os.path.join(folder, "crossing.csv"), "w") as f:
        f.write("crossing_id,link_ids,capacity_t_per_yr,dwell_h,cost_usd_per_t\n")
        for c in crossings:
            f.write(f"{c['id']},{';'.join(c['links'])},{c['capacity_kt'] * 1000},{c['dwell_h']},"
                    f"{usd(c['cost_milli'])}\n")


def yaml_list(ids):
    return "[" + ", ".join(ids) + "]"


def questions_yaml(routes, demands):
    out = ["commodities:"]
    for c, cls in (("coal", "bulk"), ("grain", "bulk"), ("containers", "container")):
        out.append(f"  - {{id: {c}, name: {c}, class: {cls}}}")
    out.append("routes:")
    for r in routes:
        extra = f", countries: {yaml_list(r['countries'])}" if "countries" in r else ""
        out.append(f"  - {{id: {r['id']}, from: {yaml_list(r['from'])}, to: {yaml_list(r['to'])}{extra}, "
                   f"both_directions: true}}")
    if demands:
        out.append("demands:")
    for d in demands:
        out.append(f"  - {{id: {d['id']}, commodity: {d['commodity']}, from: {yaml_list(d['from'])}, "
                   f"to: {yaml_list(d['to'])}, quantity: {d['quantity_kt']} kt/yr, "
                   f"unserved_cost: {d['unserved_usd']} USD/t}}")
    return out


def network_yaml(places, links, transfers, crossings):
    out = ["places:"]
    for p in places:
        out.append(f"  - {{id: {p['id']}, name: {p['name']}, country: {p['country']}, kind: {p['kind']}, "
                   f"lat: {p['lat']}, lon: {p['lon']}}}")
    out.append("links:")
    for l in links:
        if "gauge" not in l:
            gauge = ""
        elif l["gauge"] == "dual":
            gauge = ", gauge: dual"
        else:
            gauge = f", gauge: \"{l['gauge']}\""
        cap = f", capacity: {l['capacity_kt']} kt/yr" if "capacity_kt" in l else ""
        out.append(f"  - {{id: {l['id']}, from: {l['from']}, to: {l['to']}, mode: {l['mode']}{gauge}, "
                   f"length: {l['length_km']} km{cap}, cost_per_km: {usd(l['cost_per_km_milli'])} USD/t-km}}")
    if transfers:
        out.append("transfers:")
    for t in transfers:
        out.append(f"  - {{id: {t['id']}, place: {t['place']}, from: \"{t['from']}\", to: \"{t['to']}\", "
                   f"method: {t['method']}, cost: {usd(t['cost_milli'])} USD/t, time: {t['time_h']} h, "
                   f"capacity: {t['capacity_kt']} kt/yr}}")
    if crossings:
        out.append("crossings:")
    for c in crossings:
        out.append(f"  - {{id: {c['id']}, links: {yaml_list(c['links'])}, capacity: {c['capacity_kt']} kt/yr, "
                   f"dwell: {c['dwell_h']} h, cost: {usd(c['cost_milli'])} USD/t}}")
    return out


def sweep_yaml(name, links, transfers, variants):
    """A Latin hypercube over 3 link capacities, a gauge transfer's capacity and cost and 2 demand
    quantities, in two worlds (open; no transit through CN), asking route ru-kp's capacity both
    ways with its bottlenecks, cost per tonne, unserved tonnes and total cost: the sweep of the
    performance review's section 3.2, for per-worker memory and speed on large networks."""
    capacitated = [l["id"] for l in links if "capacity_kt" in l and l["mode"] == "rail"][:3]
    gauge = next(t for t in transfers if t["id"].startswith("g"))
    out = [
        "borderflow-sweep: 1",
        f"name: {name}-sweep",
        f"base: {name}.yaml",
        "seed: 1",
        f"max_variants: {max(variants, 1)}",
        f"design: {{type: latin_hypercube, variants: {variants}}}",
        "parameters:",
    ]
    for link in capacitated:
        out.append(f"  - {{path: links.{link}.capacity, range: [2 Mt/yr, 30 Mt/yr]}}")
    out.append(f"  - {{path: transfers.{gauge['id']}.capacity, range: [1 Mt/yr, 10 Mt/yr]}}")
    out.append(f"  - {{path: transfers.{gauge['id']}.cost, range: [2 USD/t, 8 USD/t]}}")
    out.append("  - {path: demands.d0.quantity, range: [500 kt/yr, 5000 kt/yr]}")
    out.append("  - {path: demands.d1.quantity, range: [500 kt/yr, 5000 kt/yr]}")
    out += [
        "worlds:",
        "  - {name: open, policy: {no_transit: []}}",
        "  - {name: no-cn-transit, policy: {no_transit: [CN]}}",
        "outputs:",
        "  route_capacity: [ru-kp]",
        "  bottleneck: true",
        "  crossing_flow: none",
        "  transfer_flow: none",
        "  link_flow: none",
        "  cost_per_tonne: all",
        "  unserved: all",
        "  total_cost: true",
    ]
    return out


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--links", type=int, required=True, help="about this many links (the count is printed)")
    ap.add_argument("--out", required=True, help="OUT: writes OUT/*.csv and OUT.yaml (or OUT.yaml alone with --yaml)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--topology", choices=["grid", "corridor", "tntp"], default="grid",
                    help="tntp: a published network's topology from --tntp NET,NODE (--links is then ignored)")
    ap.add_argument("--tntp", metavar="NET,NODE", help="the TNTP link and node files of --topology tntp")
    ap.add_argument("--pure", action="store_true", help="no capacity row over more than one arc")
    ap.add_argument("--demands", type=int, default=8, help="number of demands (8; more for the hostile case)")
    ap.add_argument("--block", type=int, default=0, help="places per corner block of a route (default: by size)")
    ap.add_argument("--yaml", action="store_true", help="one YAML scenario, no tables")
    ap.add_argument("--sweep", type=int, default=0, metavar="N",
                    help="also write OUT-sweep.yaml: a sweep of N variants over the scenario (see sweep_yaml)")
    a = ap.parse_args(argv)
    rng = random.Random(a.seed)
    if a.topology == "tntp":
        if not a.tntp or "," not in a.tntp:
            ap.error("--topology tntp needs --tntp NET,NODE")
        net = tntp(*a.tntp.split(",", 1), rng)
    else:
        net = (grid if a.topology == "grid" else corridor)(a.links, rng)
    places, links, transfers, crossings = build(net, rng, a.pure, a.demands)
    block = a.block or max(2, min(50, int(math.sqrt(len(places)) / 10)))
    routes, demands = questions(places, rng, a.demands, block)
    out = a.out.rstrip("/")
    name = os.path.basename(out)
    header = [
        "borderflow: 1",
        f"name: {name}",
        f"description: synthetic {a.topology} network, {len(links)} links, seed {a.seed}"
        + (", pure" if a.pure else "") + " (tools/bench/gen_network.py)",
    ]
    parent = os.path.dirname(out)
    if parent:
        os.makedirs(parent, exist_ok=True)
    with open(out + ".yaml", "w") as f:
        if a.yaml:
            body = network_yaml(places, links, transfers, crossings)
        else:
            write_tables(out, places, links, transfers, crossings)
            header.append(f"extends: {name}/")
            body = []
        f.write("\n".join(header + body + questions_yaml(routes, demands)) + "\n")
    if a.sweep:
        with open(out + "-sweep.yaml", "w") as f:
            f.write("\n".join(sweep_yaml(name, links, transfers, a.sweep)) + "\n")
    multi = sum(1 for l in links if l.get("gauge") == "dual") + sum(1 for c in crossings if len(c["links"]) > 1)
    print(f"{out}: {len(places)} places, {len(links)} links, {len(transfers)} transfers, {len(crossings)} crossings, "
          f"{len(routes)} routes, {len(demands)} demands, {multi} multi-arc elements"
          f" ({'yaml' if a.yaml else 'tables'})", file=sys.stderr)


if __name__ == "__main__":
    main()
