// Routing over time by generating arcs (engine/solve/arc_generation.hpp) against the whole LP
// (solve_min_cost) on the same time-expanded networks: the same least cost to the cent, both
// certified by check_routing over the full classes, and fewer class-arc columns.
#include <catch2/catch.hpp>

#include <cmath>
#include <memory>

#include "solve/arc_generation.hpp"
#include "solve/check.hpp"
#include "solve/flow_class.hpp"
#include "support.hpp"

using namespace bftest;

namespace {

void same_optimum(const Scenario& scenario, const std::string& what, bool fewer_columns) {
  Network network(std::make_shared<const Scenario>(scenario));
  route_background(network);
  const auto classes = routing_classes(network).classes;
  REQUIRE_FALSE(classes.empty());
  const FlowSolution whole = solve_min_cost(network, classes);
  ArcGenerationStats stats;
  const FlowSolution grown = solve_min_cost_by_arcs(network, classes, {}, &stats);
  INFO(what << ": " << stats.rounds << " rounds, " << stats.arcs_used << " class-arcs");
  REQUIRE(whole.status == SolveStatus::Optimal);
  REQUIRE(grown.status == SolveStatus::Optimal);
  CHECK(std::abs(grown.objective - whole.objective) <= 1e-6 * std::abs(whole.objective) + 0.01);
  CHECK(joined(check_routing(network, classes, grown)).empty());
  CHECK(joined(check_routing(network, classes, whole)).empty());
  std::size_t all = 0;
  for (const FlowClass& c : classes) {
    for (char u : c.arc_usable) all += u ? 1 : 0;
  }
  CHECK(stats.arcs_used <= all);
  if (fewer_columns) CHECK(stats.arcs_used * 4 < all);  // a year of periods: most columns are never needed
  CHECK(stats.rounds >= 1);
}

}  // namespace

TEST_CASE("arc generation: the same optimum as the whole LP on the hand time networks") {
  for (const char* name : {"time_storage_closure.yaml", "time_backlog.yaml", "time_transit_lag.yaml", "time_ramp.yaml",
                           "time_seasons.yaml"}) {
    same_optimum(load_scenario(network_path(name)), name, false);
  }
}

TEST_CASE("arc generation: the same optimum as the whole LP on the bundled flood and ice years") {
  same_optimum(load_scenario(std::string(BORDERFLOW_SOURCE_DIR) + "/scenarios/flood-season.yaml"), "flood-season", true);
  same_optimum(load_scenario(std::string(BORDERFLOW_SOURCE_DIR) + "/scenarios/winter-ice.yaml"), "winter-ice", true);
}

TEST_CASE("arc generation: a class that needs a second route is found in a later round") {
  // The storage network closes B->C in week 1: the cheapest paths at zero row prices overload
  // the open weeks, and only the priced round adds the storage route and the later weeks' arcs.
  Scenario s = load_scenario(network_path("time_storage_closure.yaml"));
  Network network(std::make_shared<const Scenario>(s));
  const auto classes = routing_classes(network).classes;
  ArcGenerationStats stats;
  const FlowSolution grown = solve_min_cost_by_arcs(network, classes, {}, &stats);
  REQUIRE(grown.status == SolveStatus::Optimal);
  CHECK(stats.rounds >= 2);
  CHECK(joined(check_routing(network, classes, grown)).empty());
}
