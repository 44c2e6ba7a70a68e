// The issue 9 features against hand-computed networks (tests/networks/*.yaml, each stating its
// hand computation at the top): fleets, caps and suppliers, fees, background traffic, both-ways
// capacities, per-tonne transit rules and vehicle units, asserted to the tonne and dollar through
// the public answers. Every answer must pass the public certificate checks.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <memory>

#include "support.hpp"

using namespace bftest;

namespace {

/// Index of the element `id` of `kind` in its scenario vector; fails the test when absent.
int element_index(const Scenario& s, ElementKind kind, const std::string& id) {
  auto find = [&](const auto& elements) {
    for (std::size_t i = 0; i < elements.size(); ++i) {
      if (elements[i].id == id) return static_cast<int>(i);
    }
    return -1;
  };
  int index = -1;
  switch (kind) {
    case ElementKind::Link: index = find(s.links); break;
    case ElementKind::Transfer: index = find(s.transfers); break;
    case ElementKind::Crossing: index = find(s.crossings); break;
    case ElementKind::Fleet: index = find(s.fleets); break;
    case ElementKind::Cap: index = find(s.caps); break;
    case ElementKind::Storage: index = find(s.places); break;
  }
  INFO("element " << id);
  REQUIRE(index >= 0);
  return index;
}

/// The row of an element: its both-ways row (`direction` "both ways"), the one bounding the
/// direction `direction` reads ("ru-a->kp-b", "RU->KP"), or, for fleets and caps, its only row.
int row_of(const Network& n, ElementKind kind, const std::string& id, const std::string& direction = "") {
  const std::vector<int> rows = n.rows_of({kind, element_index(n.scenario(), kind, id)});
  std::vector<int> matching;
  for (int r : rows) {
    const CapacityRow& row = n.rows()[static_cast<std::size_t>(r)];
    const bool fits = direction.empty() ? true
                      : direction == "both ways" ? row.both_ways
                                                 : !row.both_ways && n.row_direction(r) == direction;
    if (fits) matching.push_back(r);
  }
  INFO("row of " << id << " " << direction);
  REQUIRE(matching.size() == 1);
  return matching.front();
}

/// Whether a bottleneck or binding list is exactly `rows` (any order).
bool same_rows(const std::vector<BindingRow>& binding, std::vector<int> rows) {
  std::vector<int> got;
  for (const auto& b : binding) got.push_back(b.row);
  std::sort(got.begin(), got.end());
  std::sort(rows.begin(), rows.end());
  return got == rows;
}

/// The shadow price of `row` in a binding list (0 when it does not bind).
double shadow(const std::vector<BindingRow>& binding, int row) {
  for (const auto& b : binding) {
    if (b.row == row) return b.shadow_price;
  }
  return 0;
}

const DemandAnswer& demand_answer(const Network& n, const RoutingAnswer& routing, const std::string& id) {
  const int index = demand_index(n.scenario(), id);
  for (const auto& d : routing.demands) {
    if (d.demand == index) return d;
  }
  FAIL("no answer for demand " << id);
  return routing.demands.front();
}

/// The ids of the links a path runs on, in order.
std::vector<std::string> path_links(const Network& n, const PathFlow& path) {
  std::vector<std::string> out;
  for (int a : path.arcs) {
    const NetworkArc& arc = n.arcs()[static_cast<std::size_t>(a)];
    if (arc.kind == ArcKind::Link) out.push_back(n.scenario().links[static_cast<std::size_t>(arc.element)].id);
  }
  return out;
}

/// Flow on a link's arcs in one direction (forward: from -> to as written).
double link_flow(const Network& n, const std::vector<double>& arc_t_per_yr, const std::string& link, bool reversed) {
  const int l = n.scenario().find_link(link);
  double total = 0;
  for (const auto& arc : n.arcs()) {
    if (arc.kind == ArcKind::Link && arc.element == l && arc.reversed == reversed) total += arc_t_per_yr[static_cast<std::size_t>(arc.index)];
  }
  return total;
}

/// A scenario solved as `run` solves it (background routed first), every answer certified.
SolvedScenario certified_solve(Scenario scenario) {
  SolvedScenario solved = solve_scenario(std::make_shared<const Scenario>(std::move(scenario)), "hand network");
  INFO("background: " << joined(solved.answer.background.check_problems));
  REQUIRE(solved.answer.background.status == SolveStatus::Optimal);
  REQUIRE(solved.answer.background.certified);
  for (const CapacityAnswer& c : solved.answer.capacities) {
    INFO("route " << c.route << (c.reverse ? " reverse" : "") << ": " << joined(c.check_problems));
    REQUIRE(c.status == SolveStatus::Optimal);
    REQUIRE(c.certified);
    REQUIRE(check_max_flow(solved.network, c.classes, c.solution).empty());
  }
  const RoutingAnswer& routing = solved.answer.routing;
  if (!routing.classes.empty()) {
    INFO("routing: " << joined(routing.check_problems));
    REQUIRE(routing.status == SolveStatus::Optimal);
    REQUIRE(routing.certified);
    REQUIRE(check_routing(solved.network, routing.classes, routing.solution).empty());
  }
  return solved;
}

const CapacityAnswer& capacity_of(const SolvedScenario& solved, const std::string& route, bool reverse = false) {
  const int r = route_index(solved.scenario(), route);
  for (const auto& c : solved.answer.capacities) {
    if (c.route == r && c.reverse == reverse) return c;
  }
  FAIL("no capacity answer for " << route);
  return solved.answer.capacities.front();
}

Scenario load_file(const std::string& name) { return load_scenario(network_path(name)); }

}  // namespace

TEST_CASE("fleet_binds: the fleet binds before the lane, and two lanes share it", "[issue9][networks][fleet]") {
  const Network n = load_network("fleet_binds.yaml");
  const Scenario& s = n.scenario();
  REQUIRE(s.fleets.size() == 1);
  CHECK(s.fleets[0].count == 4);
  CHECK(s.fleets[0].payload_t == 10000);  // its own, not the ship's 8,000
  CHECK(s.fleets[0].turnaround_h == 12);
  const int fleet = row_of(n, ElementKind::Fleet, "rajin-feeders");
  CHECK(n.rows()[fleet].unit == RowUnit::TonneHoursPerYear);
  CHECK(n.rows()[fleet].capacity_t_per_yr == Approx(350.4e6).epsilon(1e-12));  // 4 x 10,000 x 8,760
  const int lane_b = row_of(n, ElementKind::Link, "posyet-rajin", "ru-posyet->kp-rajin");

  // Alone, lane vlad-rajin carries 350.4e6 / 96 = 3,650,000, below its 5 Mt: the fleet binds.
  for (bool reverse : {false, true}) {
    CAPTURE(reverse);
    const CapacityAnswer alone = certified_capacity(n, "vlad-to-rajin", reverse);
    CHECK(near(alone.capacity_t_per_yr, 3.65e6));
    CHECK(near(alone.cost_usd_per_t, 20));
    REQUIRE(alone.bottleneck.size() == 1);
    CHECK(n.rows()[alone.bottleneck[0].row].kind == ElementKind::Fleet);
    CHECK(n.row_element_id(alone.bottleneck[0].row) == "rajin-feeders");
    CHECK(alone.bottleneck[0].shadow_price == Approx(1.0 / 96).epsilon(1e-6));
  }

  // Both lanes: posyet tonnes need half the ship-hours, fB = 2 Mt, fA = 2.65 Mt.
  const CapacityAnswer both = certified_capacity(n, "both-lanes");
  CHECK(near(both.capacity_t_per_yr, 4.65e6));
  CHECK(near(link_flow(n, both.arc_t_per_yr, "vlad-rajin", false), 2.65e6));
  CHECK(near(link_flow(n, both.arc_t_per_yr, "posyet-rajin", false), 2e6));
  CHECK(both.cost_usd_per_t == Approx(73.0 / 4.65).epsilon(1e-9));
  CHECK(same_rows(both.bottleneck, {fleet, lane_b}));
  CHECK(shadow(both.bottleneck, fleet) == Approx(1.0 / 96).epsilon(1e-6));
  CHECK(shadow(both.bottleneck, lane_b) == Approx(0.5).epsilon(1e-6));

  // Routing: vladivostok saves 0.833 USD per fleet hour, posyet 0.625: vladivostok first.
  const RoutingAnswer routing = certified_routing(n);
  const DemandAnswer& vlad = demand_answer(n, routing, "vlad-goods");
  const DemandAnswer& posyet = demand_answer(n, routing, "posyet-goods");
  CHECK(near(vlad.delivered_t_per_yr, 3e6));
  CHECK(near(posyet.delivered_t_per_yr, 1.3e6));
  CHECK(near(posyet.unserved_t_per_yr, 0.7e6));
  CHECK(near(routing.transport_cost_usd_per_yr, 73e6));
  CHECK(near(routing.unserved_penalty_usd_per_yr, 28e6));
  CHECK(near(routing.solution.objective, 101e6));
  REQUIRE(routing.binding.size() == 1);
  CHECK(routing.binding[0].row == fleet);
  CHECK(routing.binding[0].shadow_price == Approx(0.625).epsilon(1e-6));
  CHECK(posyet.unserved.kind == UnservedReason::Kind::CapacityFull);
  CHECK(std::find(posyet.unserved.full_rows.begin(), posyet.unserved.full_rows.end(), fleet) != posyet.unserved.full_rows.end());
}

TEST_CASE("cap_two_suppliers: a cap in barrels splits a demand between two suppliers", "[issue9][networks][cap]") {
  const Network n = load_network("cap_two_suppliers.yaml");
  const int cap = row_of(n, ElementKind::Cap, "un-refined");
  CHECK(n.rows()[cap].unit == RowUnit::BarrelsPerYear);
  CHECK(n.rows()[cap].capacity_t_per_yr == 4e6);  // in barrels per year

  const RoutingAnswer routing = certified_routing(n);
  const DemandAnswer& fuel = demand_answer(n, routing, "fuel-pyongyang");
  CHECK(near(fuel.delivered_t_per_yr, 1e6));
  CHECK(near(fuel.unserved_t_per_yr, 0));
  REQUIRE(fuel.suppliers.size() == 2);
  const SupplierAnswer& ru = fuel.suppliers[0];
  const SupplierAnswer& cn = fuel.suppliers[1];
  CHECK(ru.supplier == 0);
  CHECK(cn.supplier == 1);
  CHECK(near(ru.delivered_t_per_yr, 0.5e6));  // 4,000,000 bbl / 8 bbl/t
  CHECK(near(cn.delivered_t_per_yr, 0.5e6));
  CHECK(ru.landed_cost_usd_per_t == Approx(630).epsilon(1e-9));
  CHECK(cn.landed_cost_usd_per_t == Approx(660).epsilon(1e-9));
  CHECK(std::isnan(ru.price_to_win_usd_per_t));  // both deliver
  CHECK(std::isnan(cn.price_to_win_usd_per_t));
  CHECK(fuel.cost_usd_per_t == Approx(20).epsilon(1e-9));
  CHECK(fuel.landed_cost_usd_per_t == Approx(645).epsilon(1e-9));
  CHECK(near(routing.transport_cost_usd_per_yr, 20e6));
  CHECK(near(routing.source_cost_usd_per_yr, 625e6));
  CHECK(near(routing.unserved_penalty_usd_per_yr, 0));
  CHECK(near(routing.solution.objective, 645e6));
  REQUIRE(routing.binding.size() == 1);
  CHECK(routing.binding[0].row == cap);
  CHECK(n.rows()[routing.binding[0].row].kind == ElementKind::Cap);
  CHECK(routing.binding[0].shadow_price == Approx(30.0 / 8).epsilon(1e-6));  // USD per bbl/yr

  // Route questions: the refined one is capped both ways; one of no commodity is not counted.
  for (bool reverse : {false, true}) {
    CAPTURE(reverse);
    const CapacityAnswer refined = certified_capacity(n, "ru-kp-refined", reverse);
    CHECK(near(refined.capacity_t_per_yr, 0.5e6));
    REQUIRE(refined.bottleneck.size() == 1);
    CHECK(refined.bottleneck[0].row == cap);
    CHECK(refined.bottleneck[0].shadow_price == Approx(1.0 / 8).epsilon(1e-6));
  }
  const CapacityAnswer any = certified_capacity(n, "ru-kp-any");
  CHECK(near(any.capacity_t_per_yr, 2e6));
  REQUIRE(any.bottleneck.size() == 1);
  CHECK(any.bottleneck[0].row == row_of(n, ElementKind::Link, "ru-kp-road", "ru-nakhodka->kp-pyongyang"));

  SECTION("without the cap the cheaper supplier serves it all; the other would win below 620") {
    Scenario uncapped = n.scenario();
    uncapped.caps.clear();
    const Network u = expand(std::move(uncapped));
    const RoutingAnswer free = certified_routing(u);
    const DemandAnswer& d = demand_answer(u, free, "fuel-pyongyang");
    REQUIRE(d.suppliers.size() == 2);
    CHECK(near(d.suppliers[0].delivered_t_per_yr, 1e6));
    CHECK(d.suppliers[0].landed_cost_usd_per_t == Approx(630).epsilon(1e-9));
    CHECK(d.suppliers[1].delivered_t_per_yr == 0);
    CHECK(d.suppliers[1].landed_cost_usd_per_t == Approx(660).epsilon(1e-9));
    CHECK(d.suppliers[1].price_to_win_usd_per_t == Approx(620).epsilon(1e-9));
    CHECK(d.landed_cost_usd_per_t == Approx(630).epsilon(1e-9));
    CHECK(free.binding.empty());
  }

  SECTION("a cap on the demand's delivered barrels leaves tonnes unserved") {
    Scenario delivered = n.scenario();
    Cap& c = delivered.caps[0];
    c.elements.clear();
    c.demands = {demand_index(delivered, "fuel-pyongyang")};
    c.limit = 6e6;  // bbl/yr = 750,000 t
    const Network d = expand(std::move(delivered));
    const int delivered_cap = row_of(d, ElementKind::Cap, "un-refined");
    const RoutingAnswer capped = certified_routing(d);
    const DemandAnswer& fuel_d = demand_answer(d, capped, "fuel-pyongyang");
    CHECK(near(fuel_d.delivered_t_per_yr, 0.75e6));
    CHECK(near(fuel_d.unserved_t_per_yr, 0.25e6));
    CHECK(near(fuel_d.suppliers[0].delivered_t_per_yr, 0.75e6));
    CHECK(fuel_d.suppliers[1].delivered_t_per_yr == 0);
    CHECK(fuel_d.suppliers[1].price_to_win_usd_per_t == Approx(620).epsilon(1e-9));
    CHECK(near(capped.unserved_penalty_usd_per_yr, 250e6));
    REQUIRE(capped.binding.size() == 1);
    CHECK(capped.binding[0].row == delivered_cap);
    CHECK(capped.binding[0].shadow_price == Approx(370.0 / 8).epsilon(1e-6));  // (1000 - 630) / 8
    CHECK(fuel_d.unserved.kind == UnservedReason::Kind::CapacityFull);
    // A cap naming demands never binds a route question.
    CHECK(near(certified_capacity(d, "ru-kp-refined").capacity_t_per_yr, 2e6));
  }
}

TEST_CASE("fee_flips_route: transit and crossing fees flip routes, per commodity", "[issue9][networks][fee]") {
  const Network n = load_network("fee_flips_route.yaml");
  const RoutingAnswer routing = certified_routing(n);
  struct Expected {
    const char* demand;
    double cost_usd_per_t;
    std::vector<std::string> links;
  };
  const std::vector<Expected> expected = {
      {"grain-ru-kp", 10, {"khasan-rajin"}},                     // 12 through China
      {"coal-ru-kp", 9, {"khasan-hunchun", "hunchun-rajin"}},    // 2 + 2 + 5
      {"coal-cn-kp", 2, {"hunchun-rajin"}},                      // origin CN: no transit fee
      {"grain-ru-cn", 2, {"khasan-hunchun"}},                    // destination CN: no transit fee
      {"timber-cn-kp", 12, {"khasan-hunchun", "khasan-rajin"}},  // 13 over the CN-KP post
  };
  for (const auto& e : expected) {
    CAPTURE(e.demand);
    const DemandAnswer& d = demand_answer(n, routing, e.demand);
    CHECK(near(d.delivered_t_per_yr, 1e6));
    CHECK(d.cost_usd_per_t == Approx(e.cost_usd_per_t).epsilon(1e-9));
    CHECK(d.landed_cost_usd_per_t == Approx(e.cost_usd_per_t).epsilon(1e-9));  // no origin price
    REQUIRE(d.paths.size() == 1);
    CHECK(d.paths[0].cost_usd_per_t == Approx(e.cost_usd_per_t).epsilon(1e-9));
    CHECK(path_links(n, d.paths[0]) == e.links);
  }
  CHECK(near(routing.transport_cost_usd_per_yr, 35e6));
  CHECK(routing.binding.empty());

  // Route questions pay the fees of their commodity in the cheapest flow at capacity.
  const CapacityAnswer grain = certified_capacity(n, "ru-kp-grain");
  CHECK(near(grain.capacity_t_per_yr, 10e6));
  CHECK(grain.cost_usd_per_t == Approx(11).epsilon(1e-9));
  const CapacityAnswer any = certified_capacity(n, "ru-kp-any");
  CHECK(near(any.capacity_t_per_yr, 10e6));
  CHECK(any.cost_usd_per_t == Approx(9.5).epsilon(1e-9));

  SECTION("without fees every demand takes its cheapest road") {
    Scenario no_fees = n.scenario();
    no_fees.fees.clear();
    const Network f = expand(std::move(no_fees));
    const RoutingAnswer free = certified_routing(f);
    CHECK(near(free.transport_cost_usd_per_yr, 14e6));
    CHECK(demand_answer(f, free, "grain-ru-kp").cost_usd_per_t == Approx(4).epsilon(1e-9));
    CHECK(demand_answer(f, free, "timber-cn-kp").cost_usd_per_t == Approx(2).epsilon(1e-9));
  }
}

TEST_CASE("background_moves_bottleneck: questions answered on spare capacity", "[issue9][networks][background]") {
  const SolvedScenario solved = certified_solve(load_file("background_moves_bottleneck.yaml"));
  const Network& n = solved.network;
  const int post_in = row_of(n, ElementKind::Crossing, "tumen-post", "RU->KP");
  const int post_out = row_of(n, ElementKind::Crossing, "tumen-post", "KP->RU");
  const int bridge_in = row_of(n, ElementKind::Link, "khasan-tumangang", "ru-khasan->kp-tumangang");
  const int feeder = row_of(n, ElementKind::Link, "posyet-khasan", "ru-posyet->ru-khasan");
  const int direct = row_of(n, ElementKind::Link, "posyet-tumangang", "ru-posyet->kp-tumangang");
  const int inland_in = row_of(n, ElementKind::Link, "ussuriysk-khasan", "ru-ussuriysk->ru-khasan");
  const int inland_out = row_of(n, ElementKind::Link, "ussuriysk-khasan", "ru-khasan->ru-ussuriysk");

  // The background demand took the cheap way; then every row shows what is left.
  const BackgroundAnswer& background = solved.answer.background;
  REQUIRE(background.flows == std::vector<int>{1});
  CHECK(near(background.delivered_t_per_yr.at(0), 0.5e6));
  CHECK(near(background.unserved_t_per_yr.at(0), 0));
  CHECK(near(n.rows()[post_in].background, 2e6));
  CHECK(near(n.rows()[post_in].spare(), 2e6));
  CHECK(near(n.rows()[post_out].spare(), 4e6));
  CHECK(near(n.rows()[bridge_in].background, 0.5e6));  // the post's load is not on the bridge's row
  CHECK(near(n.rows()[bridge_in].spare(), 4.5e6));
  CHECK(near(n.rows()[feeder].spare(), 1.5e6));
  CHECK(near(n.rows()[direct].spare(), 1e6));
  CHECK(near(n.rows()[inland_in].spare(), 3e6));

  const CapacityAnswer& to_kp = capacity_of(solved, "to-kp");
  CHECK(near(to_kp.capacity_t_per_yr, 2e6));
  CHECK(to_kp.cost_usd_per_t == Approx(5).epsilon(1e-9));
  REQUIRE(to_kp.bottleneck.size() == 1);
  CHECK(to_kp.bottleneck[0].row == post_in);
  CHECK(n.rows()[to_kp.bottleneck[0].row].kind == ElementKind::Crossing);
  CHECK(to_kp.bottleneck[0].shadow_price == Approx(1).epsilon(1e-6));
  const CapacityAnswer& back = capacity_of(solved, "to-kp", true);
  CHECK(near(back.capacity_t_per_yr, 3e6));
  REQUIRE(back.bottleneck.size() == 1);
  CHECK(back.bottleneck[0].row == inland_out);

  const CapacityAnswer& posyet = capacity_of(solved, "posyet-kp");
  CHECK(near(posyet.capacity_t_per_yr, 2.5e6));
  CHECK(posyet.cost_usd_per_t == Approx(10.4).epsilon(1e-9));
  CHECK(same_rows(posyet.bottleneck, {feeder, direct}));

  const RoutingAnswer& routing = solved.answer.routing;
  const DemandAnswer& goods = demand_answer(n, routing, "ussuriysk-goods");
  CHECK(near(goods.delivered_t_per_yr, 2e6));
  CHECK(near(goods.unserved_t_per_yr, 1e6));
  CHECK(near(routing.transport_cost_usd_per_yr, 10e6));
  CHECK(near(routing.unserved_penalty_usd_per_yr, 100e6));
  REQUIRE(routing.binding.size() == 1);
  CHECK(routing.binding[0].row == post_in);
  CHECK(routing.binding[0].shadow_price == Approx(95).epsilon(1e-6));

  SECTION("with the load alone the post binds at 2,500,000; with no background the inland link binds at 3,000,000") {
    Scenario load_only = solved.scenario();
    load_only.background.pop_back();  // the routed demand
    const SolvedScenario loaded = certified_solve(std::move(load_only));
    const CapacityAnswer& l = capacity_of(loaded, "to-kp");
    CHECK(near(l.capacity_t_per_yr, 2.5e6));
    REQUIRE(l.bottleneck.size() == 1);
    CHECK(l.bottleneck[0].row == row_of(loaded.network, ElementKind::Crossing, "tumen-post", "RU->KP"));

    Scenario empty = solved.scenario();
    empty.background.clear();
    const SolvedScenario none = certified_solve(std::move(empty));
    const CapacityAnswer& e = capacity_of(none, "to-kp");
    CHECK(near(e.capacity_t_per_yr, 3e6));
    REQUIRE(e.bottleneck.size() == 1);
    CHECK(e.bottleneck[0].row == row_of(none.network, ElementKind::Link, "ussuriysk-khasan", "ru-ussuriysk->ru-khasan"));
    CHECK(near(capacity_of(none, "posyet-kp").capacity_t_per_yr, 3e6));
  }
}

TEST_CASE("two_way_single_lane: one row over both directions", "[issue9][networks][both_ways]") {
  const Network n = load_network("two_way_single_lane.yaml");
  const int bridge = row_of(n, ElementKind::Link, "friendship-bridge", "both ways");
  const int post = row_of(n, ElementKind::Crossing, "rason-post", "both ways");
  // The bridge has no per-direction capacity, the post none per direction.
  CHECK(n.rows_of({ElementKind::Link, n.scenario().find_link("friendship-bridge")}).size() == 1);
  CHECK(n.rows_of({ElementKind::Crossing, n.scenario().find_crossing("rason-post")}).size() == 1);

  // A route question asks one direction at a time: each has the whole shared capacity.
  for (bool reverse : {false, true}) {
    CAPTURE(reverse);
    const CapacityAnswer b = certified_capacity(n, "bridge", reverse);
    CHECK(near(b.capacity_t_per_yr, 2e6));
    REQUIRE(b.bottleneck.size() == 1);
    CHECK(b.bottleneck[0].row == bridge);
    const CapacityAnswer r = certified_capacity(n, "rason", reverse);
    CHECK(near(r.capacity_t_per_yr, 1.5e6));
    REQUIRE(r.bottleneck.size() == 1);
    CHECK(r.bottleneck[0].row ==
          row_of(n, ElementKind::Link, "zarubino-rason", reverse ? "kp-rason->ru-zarubino" : "ru-zarubino->kp-rason"));
  }

  // Demands both ways share it.
  const RoutingAnswer routing = certified_routing(n);
  CHECK(near(demand_answer(n, routing, "bridge-north").delivered_t_per_yr, 1.5e6));
  CHECK(near(demand_answer(n, routing, "bridge-south").delivered_t_per_yr, 0.5e6));
  CHECK(near(demand_answer(n, routing, "rason-north").delivered_t_per_yr, 1.5e6));
  CHECK(near(demand_answer(n, routing, "rason-south").delivered_t_per_yr, 0.5e6));
  CHECK(near(routing.transport_cost_usd_per_yr, 20e6));
  CHECK(near(routing.unserved_penalty_usd_per_yr, 168e6));
  const int rason_north = row_of(n, ElementKind::Link, "zarubino-rason", "ru-zarubino->kp-rason");
  CHECK(same_rows(routing.binding, {bridge, post, rason_north}));
  CHECK(shadow(routing.binding, bridge) == Approx(55).epsilon(1e-6));
  CHECK(shadow(routing.binding, post) == Approx(55).epsilon(1e-6));
  CHECK(shadow(routing.binding, rason_north) == Approx(40).epsilon(1e-6));
  for (const auto& b : routing.binding) {
    if (b.row == bridge || b.row == post) CHECK(near(b.used_t_per_yr, 2e6));
  }
}

TEST_CASE("mixed_origin_no_transit: each tonne's own countries decide what it transits", "[issue9][networks][no_transit]") {
  const Network n = load_network("mixed_origin_no_transit.yaml");
  const int direct = row_of(n, ElementKind::Link, "khasan-rajin", "ru-khasan->kp-rajin");
  const int inland = row_of(n, ElementKind::Link, "hunchun-quanhe", "cn-hunchun->cn-quanhe");

  const CapacityAnswer mixed = certified_capacity(n, "mixed");
  CHECK(mixed.classes.size() == 2);  // CN -> KP and RU -> KP
  CHECK(near(mixed.capacity_t_per_yr, 2e6));  // not 6,000,000
  CHECK(mixed.cost_usd_per_t == Approx(6.5).epsilon(1e-9));
  CHECK(near(link_flow(n, mixed.arc_t_per_yr, "khasan-quanhe", false), 0));  // no Russian tonne into China
  CHECK(same_rows(mixed.bottleneck, {direct, inland}));
  CHECK(shadow(mixed.bottleneck, direct) == Approx(1).epsilon(1e-6));
  CHECK(shadow(mixed.bottleneck, inland) == Approx(1).epsilon(1e-6));
  // The Russian class may not even use the arcs into China; the Chinese one may leave China and
  // pass Russia, but not come back into China nor leave the DPRK (each border crossed once).
  const int ru_class = n.scenario().places[static_cast<std::size_t>(n.vertex(mixed.classes[1].sources.at(0)).place)].country == "RU" ? 1 : 0;
  for (const auto& arc : n.arcs()) {
    const std::string& tail = n.scenario().places[static_cast<std::size_t>(n.vertex(arc.tail).place)].country;
    const std::string& head = n.scenario().places[static_cast<std::size_t>(n.vertex(arc.head).place)].country;
    if (tail == "CN" || head == "CN") CHECK_FALSE(mixed.classes[ru_class].arc_usable[arc.index]);
    const bool crosses_back = tail != head && (head == "CN" || tail == "KP");
    CHECK((mixed.classes[1 - ru_class].arc_usable[arc.index] != 0) == !crosses_back);
  }

  const CapacityAnswer reverse = certified_capacity(n, "mixed", true);
  CHECK(near(reverse.capacity_t_per_yr, 2e6));

  const RoutingAnswer routing = certified_routing(n);
  const DemandAnswer& goods = demand_answer(n, routing, "mixed-goods");
  CHECK(near(goods.delivered_t_per_yr, 2e6));
  CHECK(near(goods.unserved_t_per_yr, 2e6));
  CHECK(goods.cost_usd_per_t == Approx(6.5).epsilon(1e-9));
  CHECK(near(routing.transport_cost_usd_per_yr, 13e6));
  CHECK(near(routing.unserved_penalty_usd_per_yr, 200e6));
  CHECK(same_rows(routing.binding, {direct, inland}));
  CHECK(shadow(routing.binding, direct) == Approx(90).epsilon(1e-6));
  CHECK(shadow(routing.binding, inland) == Approx(97).epsilon(1e-6));
  CHECK(near(link_flow(n, routing.solution.classes.at(0).arc_t_per_yr, "khasan-quanhe", false) +
                 link_flow(n, routing.solution.classes.at(1).arc_t_per_yr, "khasan-quanhe", false),
             0));

  SECTION("lifting the policy lets Russian tonnes through China: 6,000,000") {
    Scenario open = n.scenario();
    open.policy.no_transit.clear();
    const Network o = expand(std::move(open));
    CHECK(near(certified_capacity(o, "mixed").capacity_t_per_yr, 6e6));
  }
}

TEST_CASE("selective_no_transit: food crosses China, munitions do not", "[issue9][networks][no_transit]") {
  const Network n = load_network("selective_no_transit.yaml");
  const int direct = row_of(n, ElementKind::Link, "khasan-rajin", "ru-khasan->kp-rajin");
  const CapacityAnswer food = certified_capacity(n, "food-ru-kp");
  CHECK(near(food.capacity_t_per_yr, 6e6));
  CHECK(food.cost_usd_per_t == Approx(5).epsilon(1e-9));
  const CapacityAnswer munitions = certified_capacity(n, "munitions-ru-kp");
  CHECK(near(munitions.capacity_t_per_yr, 1e6));
  CHECK(munitions.cost_usd_per_t == Approx(10).epsilon(1e-9));
  REQUIRE(munitions.bottleneck.size() == 1);
  CHECK(munitions.bottleneck[0].row == direct);
  CHECK(near(link_flow(n, munitions.arc_t_per_yr, "khasan-quanhe", false), 0));
  CHECK(near(certified_capacity(n, "munitions-cn-kp").capacity_t_per_yr, 6e6));
  CHECK(near(certified_capacity(n, "any-ru-kp").capacity_t_per_yr, 6e6));

  const RoutingAnswer routing = certified_routing(n);
  const DemandAnswer& food_d = demand_answer(n, routing, "food-ru-kp");
  const DemandAnswer& munitions_d = demand_answer(n, routing, "munitions-ru-kp");
  CHECK(near(food_d.delivered_t_per_yr, 2e6));
  CHECK(food_d.cost_usd_per_t == Approx(4).epsilon(1e-9));
  CHECK(near(munitions_d.delivered_t_per_yr, 1e6));
  CHECK(near(munitions_d.unserved_t_per_yr, 1e6));
  for (const auto& p : munitions_d.paths) CHECK(path_links(n, p) == std::vector<std::string>{"khasan-rajin"});
  CHECK(near(routing.transport_cost_usd_per_yr, 18e6));
  CHECK(near(routing.unserved_penalty_usd_per_yr, 100e6));
  REQUIRE(routing.binding.size() == 1);
  CHECK(routing.binding[0].row == direct);
  CHECK(routing.binding[0].shadow_price == Approx(90).epsilon(1e-6));
}

TEST_CASE("vehicle_units: trains/day and voyages/month converted to t/yr", "[issue9][networks][vehicles]") {
  const Network n = load_network("vehicle_units.yaml");
  const Scenario& s = n.scenario();
  const int train = s.find_vehicle("train");
  const int voyage = s.find_vehicle("voyage");
  REQUIRE(train >= 0);
  REQUIRE(voyage >= 0);
  CHECK(s.vehicles[train].payload_t == 2400);
  CHECK(s.vehicles[voyage].payload_t == 3000);
  auto link = [&](const std::string& id) -> const Link& { return s.links[static_cast<std::size_t>(s.find_link(id))]; };
  CHECK(link("ussuriysk-khasan").capacity_t_per_yr == Approx(10512000).epsilon(1e-12));  // 12 x 2,400 x 365
  CHECK(link("ussuriysk-khasan").vehicle.vehicle == train);
  CHECK(link("ussuriysk-khasan").vehicle.payload_t == 2400);
  CHECK(link("khasan-tumangang").capacity_t_per_yr == Approx(6570000).epsilon(1e-12));  // 12 x 1,500 x 365
  CHECK(link("khasan-tumangang").capacity_both_ways_t_per_yr == Approx(10950000).epsilon(1e-12));  // 20 x 1,500 x 365
  CHECK(link("khasan-tumangang").vehicle.vehicle == train);
  CHECK(link("khasan-tumangang").vehicle.payload_t == 1500);
  CHECK(link("tumangang-rajin").capacity_t_per_yr == Approx(2628000).epsilon(1e-12));  // 3 x 2,400 x 365
  CHECK(link("rajin-sonbong").capacity_t_per_yr == Approx(876000).epsilon(1e-12));     // 1 x 2,400 x 365
  CHECK(link("vlad-rajin").capacity_t_per_yr == Approx(144000).epsilon(1e-12));        // 4 x 3,000 x 12
  CHECK(link("vlad-rajin").vehicle.vehicle == voyage);
  CHECK(link("vlad-rajin").vehicle.payload_t == 3000);
  const Crossing& post = s.crossings[static_cast<std::size_t>(s.find_crossing("tumen-post"))];
  CHECK(post.capacity_t_per_yr == Approx(7008000).epsilon(1e-12));  // 8 x 2,400 x 365
  CHECK(post.vehicle.vehicle == train);
  const Transfer& bogie = s.transfers[static_cast<std::size_t>(s.find_transfer("tumangang-bogie"))];
  CHECK(bogie.capacity_t_per_yr == Approx(1200000).epsilon(1e-12));  // 500 x 2,400
  CHECK(bogie.vehicle.vehicle == train);
  // A capacity written in tonnes remembers no vehicle.
  CHECK(s.crossings[static_cast<std::size_t>(s.find_crossing("rajin-sea-entry"))].vehicle.vehicle == -1);

  const CapacityAnswer to_tumangang = certified_capacity(n, "to-tumangang");
  CHECK(near(to_tumangang.capacity_t_per_yr, 6.57e6));
  REQUIRE(to_tumangang.bottleneck.size() == 1);
  CHECK(to_tumangang.bottleneck[0].row == row_of(n, ElementKind::Link, "khasan-tumangang", "ru-khasan->kp-tumangang"));
  const CapacityAnswer to_rajin = certified_capacity(n, "to-rajin");
  CHECK(near(to_rajin.capacity_t_per_yr, 1.2e6));
  REQUIRE(to_rajin.bottleneck.size() == 1);
  CHECK(n.rows()[to_rajin.bottleneck[0].row].kind == ElementKind::Transfer);
  CHECK(n.row_element_id(to_rajin.bottleneck[0].row) == "tumangang-bogie");
  const CapacityAnswer by_sea = certified_capacity(n, "by-sea");
  CHECK(near(by_sea.capacity_t_per_yr, 144000));
  REQUIRE(by_sea.bottleneck.size() == 1);
  CHECK(by_sea.bottleneck[0].row == row_of(n, ElementKind::Link, "vlad-rajin", "ru-vladivostok->kp-rajin"));
}
