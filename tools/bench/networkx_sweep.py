#!/usr/bin/env python3
"""The sweep of tools/bench/sweep_bench.cpp written as a plain Python script with NetworkX: what an
analyst would otherwise write. It reads the expanded network, the flow classes of each world and
where each parameter lands from `borderflow_bench --dump-network FILE`, then for each variant
draws the parameters, and per world either

  capacity: the max flow of every route question (nx.maximum_flow_value), or
  routing:  routes the demands one after another at least cost (nx.network_simplex, with an
            S->T bypass priced at the unserved cost), each on what the earlier ones left.

NetworkX has no flow with capacities shared by several arcs, so a capacity row over several arcs
(dual-gauge track, a border post over several links) becomes a bound on each arc, and demands
are routed greedily rather than jointly: the script does no more work than the engine, only
different (weaker) work. It is a speed reference, not an oracle.

    /usr/bin/python3 tools/bench/networkx_sweep.py NET.json --mode capacity --variants 200
Debian 12: apt-get install python3-networkx (not in tools/setup.sh; benchmarks only).
"""
import argparse
import json
import math
import random
import sys
import time

import networkx as nx


def arc_capacity(arc, row_capacity):
    cap = math.inf
    for r in arc["rows"]:
        cap = min(cap, row_capacity[r])
    return cap


def graph_for(net, klass, row_capacity, arc_cost, integer=False):
    """A DiGraph of the class's usable arcs; each arc gets its own midpoint node, since two arcs
    may join the same pair of vertices."""
    g = nx.DiGraph()
    for a in klass["arcs"]:
        arc = net["arcs"][a]
        mid = ("a", a)
        cap = arc_capacity(arc, row_capacity)
        attrs = {} if math.isinf(cap) else {"capacity": int(cap) if integer else cap}
        g.add_edge(arc["tail"], mid, weight=int(round(arc_cost[a] * 100)) if integer else arc_cost[a], **attrs)
        g.add_edge(mid, arc["head"], weight=0)
    for v in klass["sources"]:
        g.add_edge("S", v, weight=0)
    for v in klass["sinks"]:
        g.add_edge(v, "T", weight=0)
    return g


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("network")
    parser.add_argument("--mode", choices=["capacity", "routing"], default="capacity")
    parser.add_argument("--variants", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    net = json.load(open(args.network))
    base_rows = list(net["rows"])
    base_cost = [a["cost"] for a in net["arcs"]]
    params = net["parameters"]
    checksum = 0.0
    start = time.perf_counter()
    for v in range(args.variants):
        rng = random.Random(args.seed * 1000003 + v)
        values = [p["low"] + rng.random() * (p["high"] - p["low"]) for p in params]
        row_capacity = list(base_rows)
        arc_cost = list(base_cost)
        supply = {}
        for p, x in zip(params, values):
            for r in p["rows"]:
                row_capacity[r] = x
            for a in p["arcs"]:
                arc_cost[a] = base_cost[a] + x - p["base"]
            if p["demand"] >= 0:
                supply[p["demand"]] = x
        for world in net["worlds"]:
            if args.mode == "capacity":
                for klass in world["routes"]:
                    g = graph_for(net, klass, row_capacity, arc_cost)
                    if "S" in g and "T" in g:
                        checksum += nx.maximum_flow_value(g, "S", "T")
            else:
                remaining = list(row_capacity)
                for k, klass in enumerate(world["demands"]):
                    q = int(round(supply.get(k, klass["supply"])))
                    if q <= 0:
                        continue
                    g = graph_for(net, klass, remaining, arc_cost, integer=True)
                    g.add_edge("S", "T", weight=int(round(klass["unserved_cost"] * 100)))
                    g.nodes["S"]["demand"] = -q
                    g.nodes["T"]["demand"] = q
                    cost, flow = nx.network_simplex(g)
                    checksum += cost / 100.0
                    for a in klass["arcs"]:
                        x = flow.get(net["arcs"][a]["tail"], {}).get(("a", a), 0)
                        for r in net["arcs"][a]["rows"]:
                            remaining[r] = max(0.0, remaining[r] - x)
    seconds = time.perf_counter() - start
    print(f"mode={args.mode} what=networkx variants={args.variants} seconds={seconds:.2f} "
          f"rate={args.variants / seconds:.2f} variants/s checksum={checksum:.1f} networkx={nx.__version__}")


if __name__ == "__main__":
    sys.exit(main())
