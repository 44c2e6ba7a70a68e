// engine/solve/shortest_path: cheapest distances over a flow class's usable arcs.
#include <catch2/catch.hpp>

#include <cmath>

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
