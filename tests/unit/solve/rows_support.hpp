#pragma once
// Builders for the hand-computed networks of issue 9's rows (flow_lp_rows_test.cpp and the
// tamper tests in check_test.cpp): places, one-way links, fleets, flow classes over every arc,
// and solves that must pass the public certificate checks.
#include <algorithm>

#include "support.hpp"

namespace bftest {

inline int add_place(Scenario& s, const std::string& id, const std::string& country) {
  Place p;
  p.id = id;
  p.name = id;
  p.country = country;
  s.places.push_back(p);
  return static_cast<int>(s.places.size()) - 1;
}

/// A one-way road (or `mode`) link with a fixed cost per tonne.
inline int add_link(Scenario& s, const std::string& id, int from, int to, double capacity_t_per_yr,
                    double cost_usd_per_t, Mode mode = Mode::Road) {
  Link l;
  l.id = id;
  l.name = id;
  l.from = from;
  l.to = to;
  l.mode = mode;
  l.length_km = 1;
  l.capacity_t_per_yr = capacity_t_per_yr;
  l.cost_usd_per_t = cost_usd_per_t;
  l.both_ways = false;
  s.links.push_back(l);
  return static_cast<int>(s.links.size()) - 1;
}

/// The class of tonnes from one place to another over every arc.
inline FlowClass trade(const Network& n, int from_place, int to_place) {
  FlowClass c;
  c.arc_usable.assign(n.arcs().size(), 1);
  c.sources = n.vertices_of(from_place);
  c.sinks = n.vertices_of(to_place);
  return c;
}

inline FlowClass demand(const Network& n, int from_place, int to_place, double quantity_t_per_yr, double unserved_usd_per_t) {
  FlowClass c = trade(n, from_place, to_place);
  c.supply_t_per_yr = quantity_t_per_yr;
  c.unserved_cost_usd_per_t = unserved_usd_per_t;
  return c;
}

/// The only row of an element (the first when it has several).
inline int row_of(const Network& n, ElementKind kind, int element) {
  const auto rows = n.rows_of({kind, element});
  REQUIRE_FALSE(rows.empty());
  return rows.front();
}

/// The arc of a one-way, single-layer link.
inline int arc_of(const Network& n, int link) {
  const auto arcs = n.arcs_of({ElementKind::Link, link});
  REQUIRE(arcs.size() == 1);
  return arcs.front();
}

inline FlowSolution certified_max_flow(const Network& n, const std::vector<FlowClass>& classes) {
  FlowSolution solution = solve_max_flow(n, classes);
  REQUIRE(solution.status == SolveStatus::Optimal);
  INFO(joined(check_max_flow(n, classes, solution)));
  REQUIRE(check_max_flow(n, classes, solution).empty());
  return solution;
}

inline FlowSolution certified_min_cost(const Network& n, const std::vector<FlowClass>& classes) {
  FlowSolution solution = solve_min_cost(n, classes);
  REQUIRE(solution.status == SolveStatus::Optimal);
  INFO(joined(check_routing(n, classes, solution)));
  REQUIRE(check_routing(n, classes, solution).empty());
  return solution;
}

/// A fleet of `count` ships of 5,000 t, turnaround 10 h, serving `links`.
inline void add_fleet(Scenario& s, double count, const std::vector<int>& links) {
  Vehicle ship;
  ship.id = "voyage";
  ship.mode = Mode::Sea;
  ship.payload_t = 5000;
  s.vehicles.push_back(ship);
  Fleet f;
  f.id = f.name = "feeders";
  f.vehicle = 0;
  f.count = count;
  f.payload_t = 5000;
  f.turnaround_h = 10;
  f.links = links;
  s.fleets.push_back(f);
}

/// Moves `amount` t/yr more of class k along the one-arc path `arc` (from one of its sources to
/// one of its sinks), keeping conservation, delivered tonnes, row use (weights, per-class
/// counting, caps on delivered tonnes) and the transport and source costs consistent. The
/// objective and unserved tonnes are left to the caller.
inline void shift(FlowSolution& solution, const Network& n, const std::vector<FlowClass>& classes, std::size_t k,
                  int arc, double amount) {
  const FlowClass& c = classes.at(k);
  ClassFlow& flow = solution.classes.at(k);
  const NetworkArc& a = n.arcs()[static_cast<std::size_t>(arc)];
  flow.arc_t_per_yr[static_cast<std::size_t>(arc)] += amount;
  const auto source = std::find(c.sources.begin(), c.sources.end(), a.tail) - c.sources.begin();
  const auto sink = std::find(c.sinks.begin(), c.sinks.end(), a.head) - c.sinks.begin();
  REQUIRE(static_cast<std::size_t>(source) < c.sources.size());
  REQUIRE(static_cast<std::size_t>(sink) < c.sinks.size());
  flow.source_t_per_yr[static_cast<std::size_t>(source)] += amount;
  flow.sink_t_per_yr[static_cast<std::size_t>(sink)] += amount;
  flow.delivered_t_per_yr += amount;
  auto counted = [&](int row) {
    if (!n.rows()[static_cast<std::size_t>(row)].per_class) return 1.0;
    for (const CountedRow& cr : c.counted_rows) {
      if (cr.row == row) return cr.weight;
    }
    return 0.0;
  };
  for (std::size_t r = 0; r < n.rows().size(); ++r) {
    const CapacityRow& row = n.rows()[r];
    if (row.arcs.empty()) solution.row_use[r] += counted(static_cast<int>(r)) * amount;
    for (std::size_t i = 0; i < row.arcs.size(); ++i) {
      if (row.arcs[i] == arc) solution.row_use[r] += row.weight(i) * counted(static_cast<int>(r)) * amount;
    }
  }
  solution.transport_cost_usd_per_yr += amount * (a.cost_usd_per_t + c.extra_cost(static_cast<std::size_t>(arc)));
  solution.source_cost_usd_per_yr += amount * c.source_cost_usd_per_t;
}

}  // namespace bftest
