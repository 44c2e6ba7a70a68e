// engine/solve/shortest_path: cheapest distances over a flow class's usable arcs.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <random>

#include "solve/flow_class.hpp"
#include "solve/shortest_path.hpp"
#include "support.hpp"

using namespace bftest;

TEST_CASE("distances follow arc lengths from the nearest source", "[shortest_path]") {
  const Network g = load_network("gauge_break.yaml");
  const Network& n = g;
  const Scenario& s = g.scenario();
  PlaceSet a, d;
  a.places = {s.find_place("a")};
  d.places = {s.find_place("d")};
  const FlowClass c = make_flow_class(n, a, d, -1, {}, {});
  std::vector<double> cost(n.arcs().size());
  for (const auto& arc : n.arcs()) cost[arc.index] = arc.cost_usd_per_t;
  const auto dist = distances_from_sources(n, c, cost);
  REQUIRE(dist.size() == static_cast<std::size_t>(n.vertex_count()));
  CHECK(dist[n.vertices_of(s.find_place("a"))[0]] == 0);
  CHECK(dist[n.vertices_of(s.find_place("b"))[0]] == 1);
  CHECK(distance_to_sinks(c, dist) == Approx(27));

  // Negative lengths are clamped to zero (Dijkstra's domain).
  std::vector<double> negative(n.arcs().size(), -5);
  CHECK(distance_to_sinks(c, distances_from_sources(n, c, negative)) == 0);

  // Without the transfer, d is out of reach.
  FlowClass blocked = c;
  for (const auto& arc : n.arcs()) {
    if (arc.kind == ArcKind::Transfer) blocked.arc_usable[arc.index] = 0;
  }
  const auto unreachable = distances_from_sources(n, blocked, cost);
  CHECK(std::isinf(distance_to_sinks(blocked, unreachable)));
  CHECK(std::isinf(unreachable[n.vertices_of(s.find_place("d"))[0]]));
}

TEST_CASE("no sinks means no distance", "[shortest_path]") {
  FlowClass empty;
  CHECK(std::isinf(distance_to_sinks(empty, {})));
}

TEST_CASE("searches that stop early: nearest sink, every sink, and sinks nearer than a bound from both ends",
          "[shortest_path]") {
  // The bundled reference network, with random source and sink sets, random lengths of which many
  // are 0 (the max flow's priced lengths: row prices on a few arcs) and random bounds, against the
  // one-ended Dijkstra of distances_from_sources.
  const Network n = expand(load_scenario(std::string(BORDERFLOW_SOURCE_DIR) + "/scenarios/baseline-2024.yaml"));
  const ArcsInto into(n);
  REQUIRE(into.arc.size() == n.arcs().size());
  for (const NetworkArc& arc : n.arcs()) {
    const auto v = static_cast<std::size_t>(arc.head);
    const auto begin = into.arc.begin() + static_cast<std::ptrdiff_t>(into.first[v]);
    const auto end = into.arc.begin() + static_cast<std::ptrdiff_t>(into.first[v + 1]);
    CHECK(std::find(begin, end, arc.index) != end);
  }
  std::mt19937 random(7);
  const auto uniform = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(random); };
  int nearer = 0, not_nearer = 0, unreachable = 0;
  for (int trial = 0; trial < 400; ++trial) {
    INFO("trial " << trial);
    FlowClass c;
    c.arc_usable.assign(n.arcs().size(), 1);
    for (auto& usable : c.arc_usable) usable = uniform(0, 9) > 0;
    const int ends = uniform(1, 4);
    for (int i = 0; i < ends; ++i) c.sources.push_back(uniform(0, n.vertex_count() - 1));
    for (int i = 0; i < ends; ++i) c.sinks.push_back(uniform(0, n.vertex_count() - 1));
    std::vector<double> length(n.arcs().size());
    const int zero_in_ten = uniform(0, 10);
    for (double& l : length) l = uniform(1, 10) <= zero_in_ten ? 0.0 : uniform(-2, 40) / 8.0;
    const std::vector<double> everywhere = distances_from_sources(n, c, length);
    const double exact = distance_to_sinks(c, everywhere);
    // The searches that stop early: at the first sink settled, and once every sink is.
    CHECK(nearest_sink_distance(n, c, length) == exact);
    const std::vector<double> until_sinks = distances_from_sources(n, c, length, c.sinks);
    for (int v : c.sinks) CHECK(until_sinks[static_cast<std::size_t>(v)] == everywhere[static_cast<std::size_t>(v)]);
    for (const double stop_at : {exact, std::nextafter(exact, 0.0), exact + 0.5, exact - 0.5, 0.0, 1e9}) {
      if (std::isinf(exact) && !std::isinf(stop_at)) {
        CHECK_FALSE(sinks_nearer_than(n, c, length, stop_at, into));
        continue;
      }
      const bool expected = exact < stop_at;
      CHECK(sinks_nearer_than(n, c, length, stop_at, into) == expected);
      (expected ? nearer : not_nearer) += 1;
    }
    unreachable += std::isinf(exact);
  }
  INFO(nearer << " nearer, " << not_nearer << " not, " << unreachable << " unreachable");
  CHECK(nearer > 200);
  CHECK(not_nearer > 200);
  CHECK(unreachable > 0);
}

TEST_CASE("priced lengths, summed row by row, equal the arc-by-arc sum to the bit", "[shortest_path]") {
  // The definition (shortest_path.hpp), arc by arc over each arc's own rows.
  const auto reference = [](const Network& n, const FlowClass& c, const std::vector<double>& y, bool with_costs) {
    std::vector<double> weight(n.rows().size(), 0.0);
    for (const CountedRow& counted : c.counted_rows) weight[static_cast<std::size_t>(counted.row)] = counted.weight;
    std::vector<double> length;
    for (const NetworkArc& arc : n.arcs()) {
      double l = with_costs ? arc.cost_usd_per_t + c.extra_cost(static_cast<std::size_t>(arc.index)) : 0.0;
      for (int r : arc.rows) {
        const CapacityRow& row = n.rows()[static_cast<std::size_t>(r)];
        if (y[static_cast<std::size_t>(r)] == 0) continue;
        const auto at = static_cast<std::size_t>(std::find(row.arcs.begin(), row.arcs.end(), arc.index) - row.arcs.begin());
        l += row.weight(at) * (row.per_class ? weight[static_cast<std::size_t>(r)] : 1.0) * y[static_cast<std::size_t>(r)];
      }
      length.push_back(l);
    }
    return length;
  };
  std::mt19937 random(11);
  int classes = 0, per_class_rows_priced = 0;
  // The bundled networks, and a cap in barrels over a road (a per-class row over arcs, 8 bbl/t).
  auto networks = bundled_one_period_scenarios();
  networks.emplace_back("cap_two_suppliers.yaml",
                        std::make_shared<const Scenario>(load_scenario(network_path("cap_two_suppliers.yaml"))));
  for (const auto& [name, scenario] : networks) {
    INFO(name);
    const Network n(scenario);
    for (const FlowClass& c : routing_classes(n).classes) {
      ++classes;
      for (int trial = 0; trial < 3; ++trial) {
        std::vector<double> y(n.rows().size(), 0.0);
        for (std::size_t r = 0; r < y.size(); ++r) {
          if (std::uniform_int_distribution<int>(0, 3)(random) == 0) {
            y[r] = std::uniform_real_distribution<double>(0, 50)(random);
            per_class_rows_priced += n.rows()[r].per_class && !n.rows()[r].arcs.empty();
          }
        }
        for (const bool with_costs : {true, false}) CHECK(priced_lengths(n, c, y, with_costs) == reference(n, c, y, with_costs));
      }
    }
  }
  CHECK(classes > 20);
  CHECK(per_class_rows_priced > 0);
}
