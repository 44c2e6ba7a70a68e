// engine/solve/answers: the hand-computed networks of tests/networks/, asserted to the tonne and
// dollar. Each YAML file states its hand computation at the top. Every answer here must also
// pass the public certificate checks (support.hpp: certified_capacity / certified_routing).
#include <catch2/catch.hpp>

#include <algorithm>

#include "report/items.hpp"
#include "report/labels.hpp"
#include "support.hpp"

using namespace bftest;
using Catch::Matchers::Contains;
using Catch::Matchers::Equals;
using Catch::Matchers::StartsWith;

namespace {

bool path_uses_transfer(const Network& n, const PathFlow& p) {
  return std::any_of(p.arcs.begin(), p.arcs.end(), [&](int a) { return n.arcs()[a].kind == ArcKind::Transfer; });
}

double transfer_flow(const Network& n, const std::vector<double>& arc_t_per_yr) {
  double total = 0;
  for (const auto& arc : n.arcs()) {
    if (arc.kind == ArcKind::Transfer) total += arc_t_per_yr[arc.index];
  }
  return total;
}

const DemandAnswer& demand(const Network& s, const RoutingAnswer& r, const std::string& id) {
  const int index = demand_index(s.scenario(), id);
  for (const auto& d : r.demands) {
    if (d.demand == index) return d;
  }
  FAIL("no answer for demand " << id);
  return r.demands.front();
}

double shadow_of(const Network& s, const std::vector<BindingRow>& rows, const std::string& label) {
  for (const auto& r : rows) {
    if (s.describe_row(r.row) == label) return r.shadow_price;
  }
  return 0;
}

/// Summed flow on both rail layers of a link in one direction (the arcs of one capacity row).
double link_row_use(const Network& s, const FlowSolution& solution, const std::string& label) {
  for (std::size_t r = 0; r < s.rows().size(); ++r) {
    if (s.describe_row(static_cast<int>(r)) == label) return solution.row_use.at(r);
  }
  FAIL("no row " << label);
  return 0;
}

}  // namespace

TEST_CASE("gauge break: the bogie exchange is the bottleneck", "[answers][networks]") {
  const Network g = load_network("gauge_break.yaml");
  const CapacityAnswer forward = certified_capacity(g, "a-d");
  CHECK(near(forward.capacity_t_per_yr, 1.1e6));
  CHECK(near(forward.cost_usd_per_t, 27));
  CHECK(near(forward.hours, 70));
  REQUIRE(forward.bottleneck.size() == 1);
  CHECK(g.describe_row(forward.bottleneck[0].row) == "transfer c-bogie rail:1520->rail:1435");
  CHECK(g.row_element_id(forward.bottleneck[0].row) == "c-bogie");
  CHECK(near(forward.bottleneck[0].shadow_price, 1));
  CHECK(near(forward.bottleneck[0].used_t_per_yr, 1.1e6));
  REQUIRE(forward.paths.size() == 1);
  CHECK(near(forward.paths[0].t_per_yr, 1.1e6));
  CHECK(near(forward.paths[0].cost_usd_per_t, 27));
  CHECK(path_uses_transfer(g, forward.paths[0]));

  const CapacityAnswer reverse = certified_capacity(g, "a-d", true);
  CHECK(near(reverse.capacity_t_per_yr, 1.1e6));
  REQUIRE(reverse.bottleneck.size() == 1);
  CHECK(g.describe_row(reverse.bottleneck[0].row) == "transfer c-bogie rail:1435->rail:1520");

  const RoutingAnswer routing = certified_routing(g);
  CHECK(near(routing.transport_cost_usd_per_yr, 29.7e6));
  CHECK(near(routing.unserved_penalty_usd_per_yr, 90e6));
  CHECK(near(routing.solution.objective, 119.7e6));
  const DemandAnswer& grain = demand(g, routing, "grain-a-d");
  CHECK(near(grain.delivered_t_per_yr, 1.1e6));
  CHECK(near(grain.unserved_t_per_yr, 0.9e6));
  CHECK(near(grain.cost_usd_per_t, 27));
  CHECK_THAT(unserved_sentence(g, grain),
             Equals("capacity: routes cheaper than 100.00 USD/t are full (transfer c-bogie "
                    "rail:1520->rail:1435 full at 1,100,000 t/yr)"));
  REQUIRE(routing.binding.size() == 1);
  CHECK(near(routing.binding[0].shadow_price, 73));
}

TEST_CASE("dual gauge: no transfer needed, and the dual link's capacity is shared", "[answers][networks]") {
  const Network d = load_network("dual_gauge.yaml");

  // Both gauges feed the dual-gauge link: 2 + 2 Mt arrive, 3 Mt pass (shared, not 3 + 3).
  const CapacityAnswer shared = certified_capacity(d, "shared");
  CHECK(near(shared.capacity_t_per_yr, 3e6));
  REQUIRE(shared.bottleneck.size() == 1);
  CHECK(d.describe_row(shared.bottleneck[0].row) == "link bc ru-b->kp-c");
  CHECK(near(link_row_use(d, shared.solution, "link bc ru-b->kp-c"), 3e6));
  double per_gauge[2] = {0, 0};
  for (const auto& arc : d.arcs()) {
    if (arc.kind == ArcKind::Link && d.scenario().links[arc.element].id == "bc" && !arc.reversed) {
      per_gauge[d.vertex(arc.tail).layer.gauge_mm == 1435 ? 0 : 1] += shared.arc_t_per_yr[arc.index];
    }
  }
  CHECK(near(per_gauge[0] + per_gauge[1], 3e6));
  CHECK(per_gauge[0] <= 2e6 + 1e-3);
  CHECK(per_gauge[1] <= 2e6 + 1e-3);

  // 1520 traffic reaches kp-c on the dual segment without a bogie exchange.
  const CapacityAnswer a_c = certified_capacity(d, "a-c");
  CHECK(near(a_c.capacity_t_per_yr, 2e6));
  CHECK(near(a_c.cost_usd_per_t, 3));
  CHECK(near(transfer_flow(d, a_c.arc_t_per_yr), 0));
  for (const auto& p : a_c.paths) CHECK_FALSE(path_uses_transfer(d, p));

  // 1435 traffic runs through the dual segment to a 1435 line: no transfer either.
  const CapacityAnswer e_d = certified_capacity(d, "e-d");
  CHECK(near(e_d.capacity_t_per_yr, 2e6));
  CHECK(near(e_d.cost_usd_per_t, 13));
  CHECK(near(transfer_flow(d, e_d.arc_t_per_yr), 0));

  // 1520 traffic to the 1435 line must change gauge: the bogie binds.
  const CapacityAnswer a_d = certified_capacity(d, "a-d");
  CHECK(near(a_d.capacity_t_per_yr, 0.5e6));
  CHECK(near(a_d.cost_usd_per_t, 18));
  REQUIRE(a_d.bottleneck.size() == 1);
  CHECK(d.describe_row(a_d.bottleneck[0].row) == "transfer c-bogie rail:1520->rail:1435");

  const RoutingAnswer routing = certified_routing(d);
  CHECK(near(routing.transport_cost_usd_per_yr, 22e6));
  CHECK(near(routing.unserved_penalty_usd_per_yr, 50e6));
  const DemandAnswer& ed = demand(d, routing, "grain-e-d");
  CHECK(near(ed.delivered_t_per_yr, 1e6));
  CHECK(near(ed.cost_usd_per_t, 13));
  CHECK(unserved_sentence(d, ed).empty());
  for (const auto& p : ed.paths) CHECK_FALSE(path_uses_transfer(d, p));
  const DemandAnswer& ad = demand(d, routing, "grain-a-d");
  CHECK(near(ad.delivered_t_per_yr, 0.5e6));
  CHECK(near(ad.unserved_t_per_yr, 0.5e6));
  CHECK(near(shadow_of(d, routing.binding, "transfer c-bogie rail:1520->rail:1435"), 82));
  CHECK(near(link_row_use(d, routing.solution, "link bc ru-b->kp-c"), 1.5e6));
}

TEST_CASE("closed links: by status, planned, by policy.closed, and a closed crossing", "[answers][networks]") {
  const Network c = load_network("closed_link.yaml");
  const CapacityAnswer a_b = certified_capacity(c, "a-b");
  CHECK(near(a_b.capacity_t_per_yr, 1e6));
  CHECK(near(a_b.cost_usd_per_t, 5));
  REQUIRE(a_b.bottleneck.size() == 1);
  CHECK(c.describe_row(a_b.bottleneck[0].row) == "link ab-1 ru-a->ru-b");
  const CapacityAnswer a_c = certified_capacity(c, "a-c");
  CHECK(a_c.capacity_t_per_yr == 0);
  CHECK(a_c.paths.empty());

  const RoutingAnswer routing = certified_routing(c);
  CHECK(near(routing.transport_cost_usd_per_yr, 5e6));
  CHECK(near(routing.unserved_penalty_usd_per_yr, 150e6));
  const DemandAnswer& to_b = demand(c, routing, "to-b");
  CHECK(near(to_b.delivered_t_per_yr, 1e6));
  CHECK_THAT(unserved_sentence(c, to_b), Contains("link ab-1 ru-a->ru-b full at 1,000,000 t/yr"));
  const DemandAnswer& to_c = demand(c, routing, "to-c");
  CHECK(to_c.delivered_t_per_yr == 0);
  CHECK(unserved_sentence(c, to_c) == "no open route from ru-a to kp-c under this scenario's closures");

  // Without the policy closures, ab-3 and the crossing reopen (ab-2 and ab-4 stay shut by status).
  Scenario open = c.scenario();
  open.policy.closed.clear();
  const Network reopened = expand(std::move(open));
  CHECK(near(certified_capacity(reopened, "a-b").capacity_t_per_yr, 5e6));
  // Road only: a reaches b by road (ab-1 + ab-3), then bc-road's 3 Mt. The rail bridge is open
  // again but unreachable: ab-2 stays closed and ru-b has no road-to-rail transfer.
  CHECK(near(certified_capacity(reopened, "a-c").capacity_t_per_yr, 3e6));
}

TEST_CASE("parallel links: capacities add", "[answers][networks]") {
  const Network p = load_network("parallel_links.yaml");
  const CapacityAnswer a_b = certified_capacity(p, "a-b");
  CHECK(near(a_b.capacity_t_per_yr, 3.5e6));
  CHECK(a_b.cost_usd_per_t == Approx(22.5 / 3.5).epsilon(1e-9));
  CHECK(a_b.bottleneck.size() == 3);
  for (const auto& row : a_b.bottleneck) CHECK(near(row.shadow_price, 1));

  const RoutingAnswer routing = certified_routing(p);
  CHECK(near(routing.transport_cost_usd_per_yr, 10.5e6));
  CHECK(near(routing.unserved_penalty_usd_per_yr, 0));
  const DemandAnswer& d = demand(p, routing, "a-to-b");
  CHECK(near(d.delivered_t_per_yr, 2e6));
  CHECK(unserved_sentence(p, d).empty());
  CHECK(near(shadow_of(p, routing.binding, "link r3 ru-a->ru-b"), 5));
  CHECK(near(shadow_of(p, routing.binding, "link r1 ru-a->ru-b"), 3));
  CHECK(near(shadow_of(p, routing.binding, "link r2 ru-a->ru-b"), 0));
  CHECK(d.paths.size() == 3);
}

TEST_CASE("a one-way link carries nothing backwards", "[answers][networks]") {
  const Network o = load_network("one_way.yaml");
  const CapacityAnswer forward = certified_capacity(o, "a-b");
  CHECK(near(forward.capacity_t_per_yr, 1e6));
  CHECK(near(forward.cost_usd_per_t, 2));
  const CapacityAnswer backward = certified_capacity(o, "a-b", true);
  CHECK(backward.capacity_t_per_yr == 0);
  CHECK(backward.bottleneck.empty());

  const RoutingAnswer routing = certified_routing(o);
  CHECK(near(routing.transport_cost_usd_per_yr, 1e6));
  CHECK(near(routing.unserved_penalty_usd_per_yr, 40e6));
  CHECK(unserved_sentence(o, demand(o, routing, "forth")).empty());
  CHECK(unserved_sentence(o, demand(o, routing, "back")) == "no open route from ru-b to ru-a under this scenario's closures");
}

TEST_CASE("an unreachable demand says there is no open route", "[answers][networks]") {
  const Network u = load_network("unreachable_demand.yaml");
  const RoutingAnswer routing = certified_routing(u);
  const DemandAnswer& to_z = demand(u, routing, "to-z");
  CHECK(to_z.delivered_t_per_yr == 0);
  CHECK(near(to_z.unserved_t_per_yr, 1e6));
  CHECK(to_z.paths.empty());
  CHECK(unserved_sentence(u, to_z) == "no open route from ru-a to kp-z under this scenario's closures");
  CHECK(near(demand(u, routing, "to-b").delivered_t_per_yr, 0.2e6));
  CHECK(near(routing.transport_cost_usd_per_yr, 0.6e6));
  CHECK(near(routing.unserved_penalty_usd_per_yr, 60e6));
}

TEST_CASE("a demand whose cheapest route costs too much is unserved, and says why", "[answers][networks]") {
  const Network e = load_network("expensive_demand.yaml");
  const RoutingAnswer routing = certified_routing(e);
  const DemandAnswer& sand = demand(e, routing, "cheap-sand");
  CHECK(sand.delivered_t_per_yr == 0);
  CHECK(near(sand.unserved_t_per_yr, 1e6));
  CHECK(unserved_sentence(e, sand) ==
        "cheapest open route costs 25.00 USD/t, above the 10.00 USD/t at which this trade pays");
  const DemandAnswer& steel = demand(e, routing, "steel");
  CHECK(near(steel.delivered_t_per_yr, 0.5e6));
  CHECK(near(steel.cost_usd_per_t, 25));
  CHECK(near(routing.transport_cost_usd_per_yr, 12.5e6));
  CHECK(near(routing.unserved_penalty_usd_per_yr, 10e6));
  CHECK(routing.binding.empty());  // nothing is full
}

TEST_CASE("two demands sharing one capacity: the LP gives it to the costlier loss", "[answers][networks]") {
  const Network s = load_network("shared_capacity.yaml");
  const RoutingAnswer routing = certified_routing(s);
  const DemandAnswer& grain = demand(s, routing, "grain");
  const DemandAnswer& coal = demand(s, routing, "coal");
  CHECK(near(grain.delivered_t_per_yr, 1e6));
  CHECK(near(grain.cost_usd_per_t, 10));
  CHECK(unserved_sentence(s, grain).empty());
  CHECK(near(coal.delivered_t_per_yr, 0.5e6));
  CHECK(near(coal.unserved_t_per_yr, 0.5e6));
  CHECK(near(coal.cost_usd_per_t, 12));
  CHECK(unserved_sentence(s, coal) ==
        "capacity: routes cheaper than 50.00 USD/t are full (link m-c ru-m->ru-c full at 1,500,000 t/yr)");
  CHECK(near(routing.transport_cost_usd_per_yr, 16e6));
  CHECK(near(routing.unserved_penalty_usd_per_yr, 25e6));
  CHECK(near(routing.solution.objective, 41e6));
  REQUIRE(routing.binding.size() == 1);
  CHECK(s.describe_row(routing.binding[0].row) == "link m-c ru-m->ru-c");
  CHECK(near(routing.binding[0].shadow_price, 38));
  CHECK(near(routing.binding[0].used_t_per_yr, 1.5e6));
}

TEST_CASE("a border post's own capacity binds over its rail and road bridges", "[answers][networks]") {
  const Network b = load_network("border_post.yaml");
  for (bool reverse : {false, true}) {
    CAPTURE(reverse);
    const CapacityAnswer answer = certified_capacity(b, "cn-kp", reverse);
    CHECK(near(answer.capacity_t_per_yr, 4e6));  // not 3 + 2
    CHECK(near(answer.cost_usd_per_t, 4));
    REQUIRE(answer.bottleneck.size() == 1);
    CHECK(b.describe_row(answer.bottleneck[0].row) ==
          std::string("border post yalu-post (Yalu border post) ") + (reverse ? "KP->CN" : "CN->KP"));
  }
  const RoutingAnswer routing = certified_routing(b);
  CHECK(near(routing.transport_cost_usd_per_yr, 16e6));
  CHECK(near(routing.unserved_penalty_usd_per_yr, 100e6));
  CHECK(near(shadow_of(b, routing.binding, "border post yalu-post (Yalu border post) CN->KP"), 93));
  CHECK(near(shadow_of(b, routing.binding, "link yalu-rail cn-dandong->kp-sinuiju"), 4));
  CHECK_THAT(unserved_sentence(b, demand(b, routing, "cn-to-kp")), Contains("border post yalu-post"));
}

TEST_CASE("a border post over bridges from two countries passes its capacity once per direction", "[answers][networks]") {
  const Network m = load_network("mixed_border_post.yaml");
  for (bool reverse : {false, true}) {
    CAPTURE(reverse);
    const CapacityAnswer answer = certified_capacity(m, "into-kp", reverse);
    CHECK(near(answer.capacity_t_per_yr, 4e6));  // not 3 + 3 (the post counted once per pair)
    CHECK(near(answer.cost_usd_per_t, 4));
    REQUIRE(answer.bottleneck.size() == 1);
    CHECK(m.describe_row(answer.bottleneck[0].row) ==
          std::string("border post tumen-post (Tumen border post) ") + (reverse ? "KP->CN/RU" : "CN/RU->KP"));
  }
  const RoutingAnswer routing = certified_routing(m);
  CHECK(near(routing.transport_cost_usd_per_yr, 16e6));
  CHECK(near(routing.unserved_penalty_usd_per_yr, 100e6));
  CHECK(near(shadow_of(m, routing.binding, "border post tumen-post (Tumen border post) CN/RU->KP"), 93));
  CHECK(near(shadow_of(m, routing.binding, "link khasan-bridge ru-khasan->kp-tumangang"), 4));
}

TEST_CASE("policy.no_transit keeps trade between two other countries out of a third", "[answers][networks]") {
  const Network n = load_network("no_transit.yaml");
  const CapacityAnswer ru_kp = certified_capacity(n, "ru-kp");
  CHECK(near(ru_kp.capacity_t_per_yr, 1e6));
  CHECK(near(ru_kp.cost_usd_per_t, 10));
  const int cn_x = n.scenario().find_place("cn-x");
  for (const auto& arc : n.arcs()) {
    if (n.vertex(arc.tail).place == cn_x || n.vertex(arc.head).place == cn_x) {
      CHECK(ru_kp.arc_t_per_yr[arc.index] == 0);
      CHECK_FALSE(ru_kp.classes.at(0).arc_usable[arc.index]);
    }
  }
  // China may carry trade that starts or ends in China.
  CHECK(near(certified_capacity(n, "ru-cn").capacity_t_per_yr, 6e6));

  const RoutingAnswer routing = certified_routing(n);
  const DemandAnswer& grain = demand(n, routing, "ru-kp-grain");
  CHECK(near(grain.delivered_t_per_yr, 1e6));
  CHECK(near(grain.cost_usd_per_t, 10));
  CHECK_THAT(unserved_sentence(n, grain), Contains("link a-b ru-a->kp-b full"));
  CHECK(near(shadow_of(n, routing.binding, "link a-b ru-a->kp-b"), 90));

  // The same network without the policy routes through China.
  Scenario free_transit = n.scenario();
  free_transit.policy.no_transit.clear();
  const Network open = expand(std::move(free_transit));
  CHECK(near(certified_capacity(open, "ru-kp").capacity_t_per_yr, 6e6));
  const RoutingAnswer through_china = certified_routing(open);
  CHECK(near(demand(open, through_china, "ru-kp-grain").delivered_t_per_yr, 3e6));
  CHECK(near(through_china.transport_cost_usd_per_yr, 12e6));
}

TEST_CASE("no_transit_lifted.yaml: the policy lifted by extends, as its hand computation says", "[answers][networks]") {
  const Network n = load_network("no_transit_lifted.yaml");
  CHECK(n.scenario().policy.no_transit.empty());
  const CapacityAnswer ru_kp = certified_capacity(n, "ru-kp");
  CHECK(near(ru_kp.capacity_t_per_yr, 6e6));
  CHECK(near(ru_kp.cost_usd_per_t, 5));
  const CapacityAnswer ru_cn = certified_capacity(n, "ru-cn");
  CHECK(near(ru_cn.capacity_t_per_yr, 6e6));
  CHECK(near(ru_cn.cost_usd_per_t, 22.0 / 6));
  const RoutingAnswer routing = certified_routing(n);
  CHECK(near(demand(n, routing, "ru-kp-grain").delivered_t_per_yr, 3e6));
  CHECK(near(routing.transport_cost_usd_per_yr, 12e6));
}

TEST_CASE("no_transit with every route through the barred country: no open route", "[answers]") {
  Scenario s = load_network("no_transit.yaml").scenario();
  s.links[static_cast<std::size_t>(s.find_link("a-b"))].status = Status::Closed;
  const Network barred = expand(std::move(s));
  const RoutingAnswer routing = certified_routing(barred);
  CHECK(unserved_sentence(barred, demand(barred, routing, "ru-kp-grain")) ==
        "no open route from RU to KP under this scenario's closures and no-transit policy (CN)");
}

TEST_CASE("route questions restricted by links: and countries:", "[answers][networks]") {
  const Network r = load_network("route_restrictions.yaml");
  CHECK(near(certified_capacity(r, "all").capacity_t_per_yr, 5.5e6));
  const CapacityAnswer by_links = certified_capacity(r, "by-links");
  CHECK(near(by_links.capacity_t_per_yr, 2e6));
  CHECK(near(by_links.cost_usd_per_t, 2));
  for (const auto& arc : r.arcs()) {
    const std::string& id = r.scenario().links[arc.element].id;
    if (id != "a-m" && id != "m-b") CHECK(by_links.arc_t_per_yr[arc.index] == 0);
  }
  const CapacityAnswer by_countries = certified_capacity(r, "by-countries");
  CHECK(near(by_countries.capacity_t_per_yr, 2.5e6));
  CHECK(near(by_countries.cost_usd_per_t, (2 * 2 + 0.5 * 5) / 2.5));
  CHECK(near(certified_capacity(r, "via-china").capacity_t_per_yr, 3e6));
}

TEST_CASE("a route restricted to a commodity uses only links open to it", "[answers]") {
  const Network s = expand(load_text(two_places() + R"(commodities:
  - {id: crude, class: liquid}
  - {id: grain, class: bulk}
links:
  - {id: pipe, from: ru-a, to: ru-b, mode: pipeline, length: 10 km, capacity: 5 Mt/yr, commodities: [crude]}
  - {id: road, from: ru-a, to: ru-b, mode: road, length: 10 km, capacity: 1 Mt/yr}
routes:
  - {id: oil, from: ru-a, to: ru-b, commodity: crude, both_directions: false}
  - {id: food, from: ru-a, to: ru-b, commodity: grain, both_directions: false}
  - {id: any, from: ru-a, to: ru-b, both_directions: false}
)"));
  CHECK(near(certified_capacity(s, "oil").capacity_t_per_yr, 6e6));
  CHECK(near(certified_capacity(s, "food").capacity_t_per_yr, 1e6));
  CHECK(near(certified_capacity(s, "any").capacity_t_per_yr, 6e6));
}

TEST_CASE("an unlimited path is reported as unbounded, not as a number", "[answers]") {
  const Network s = expand(load_text(two_places() + R"(links:
  - {id: free, from: ru-a, to: ru-b, mode: road, length: 10 km}
routes:
  - {id: r, from: ru-a, to: ru-b, both_directions: false}
)"));
  const CapacityAnswer answer = answer_capacity(s, 0, false);
  CHECK(answer.status == SolveStatus::Unbounded);
  CHECK_FALSE(answer.certified);
}

TEST_CASE("answer_scenario asks every route in both directions where asked", "[answers]") {
  const Network g = load_network("gauge_break.yaml");
  const ScenarioAnswer all = answer_scenario(g);
  REQUIRE(all.capacities.size() == 2);
  CHECK_FALSE(all.capacities[0].reverse);
  CHECK(all.capacities[1].reverse);
  for (const auto& c : all.capacities) CHECK(c.certified);
  CHECK(all.routing.certified);
  const Network d = load_network("dual_gauge.yaml");
  CHECK(answer_scenario(d).capacities.size() == 4);  // both_directions: false on all four
}

TEST_CASE("a scenario without demands routes nothing", "[answers]") {
  const Network r = load_network("route_restrictions.yaml");
  const RoutingAnswer routing = answer_routing(r);
  CHECK(routing.demands.empty());
  CHECK(routing.classes.empty());
  CHECK(routing.transport_cost_usd_per_yr == 0);
}

TEST_CASE("paths, element flows and path descriptions", "[answers]") {
  const Network g = load_network("gauge_break.yaml");
  const CapacityAnswer answer = certified_capacity(g, "a-d");
  REQUIRE(answer.paths.size() == 1);
  CHECK(answer.paths[0].arcs.size() == 4);  // ab, bc, bogie, cd
  CHECK_THAT(path_label(g, answer.paths[0]),
             StartsWith("a (rail:1520) > b > c") && Contains("[bogie_exchange rail:1520->rail:1435] > d"));
  CHECK(path_label(g, PathFlow{}) == "(no movement)");

  const auto flows = element_flows(g, answer.arc_t_per_yr);
  std::vector<std::string> seen;
  for (const auto& f : flows) {
    seen.push_back(element_kind_name(f.kind) + (" " + f.id) + " " + f.direction);
    CHECK(near(f.t_per_yr, 1.1e6));
  }
  CHECK(seen == std::vector<std::string>{"link ab a->b", "link bc b->c", "link cd c->d",
                                         "transfer c-bogie rail:1520->rail:1435", "crossing bc-bridge RU->KP"});
}

TEST_CASE("decompose_paths splits flow into source-to-sink paths and cancels cycles", "[answers]") {
  const Network p = load_network("parallel_links.yaml");
  const CapacityAnswer answer = certified_capacity(p, "a-b");
  const auto paths = decompose_paths(p, answer.classes.at(0), answer.solution.classes[0]);
  double total = 0;
  for (const auto& path : paths) total += path.t_per_yr;
  CHECK(near(total, 3.5e6));
  CHECK(paths.size() == 3);

  // Add a cycle a -> b -> a on top of the flow: the decomposition must not report it as delivered.
  ClassFlow cyclic = answer.solution.classes[0];
  for (const auto& arc : p.arcs()) {
    if (p.scenario().links[arc.element].id == "r2") cyclic.arc_t_per_yr[arc.index] += 1000;
  }
  double with_cycle = 0;
  for (const auto& path : decompose_paths(p, answer.classes.at(0), cyclic)) with_cycle += path.t_per_yr;
  CHECK(near(with_cycle, 3.5e6));
}

TEST_CASE("make_flow_class: every layer of the endpoints, usable arcs by policy and restriction", "[answers]") {
  const Network d = load_network("dual_gauge.yaml");
  const Scenario& s = d.scenario();
  PlaceSet from, to;
  from.places = {s.find_place("ru-b")};
  to.places = {s.find_place("kp-c")};
  const FlowClass c = make_flow_class(d, from, to, -1, {}, {});
  CHECK(c.sources.size() == 2);  // ru-b: rail:1435 and rail:1520
  CHECK(c.sinks.size() == 2);
  // Every arc but those back into Russia or out of the DPRK: a RU -> KP tonne crosses each once.
  auto crosses_back = [&](const NetworkArc& arc) {
    const std::string& tail = s.places[static_cast<std::size_t>(d.vertex(arc.tail).place)].country;
    const std::string& head = s.places[static_cast<std::size_t>(d.vertex(arc.head).place)].country;
    return tail != head && (head == "RU" || tail == "KP");
  };
  std::size_t back = 0;
  for (const auto& arc : d.arcs()) {
    back += crosses_back(arc);
    CHECK((c.arc_usable[arc.index] != 0) == !crosses_back(arc));
  }
  CHECK(back > 0);
  // Restricted to links [bc]: transfers stay usable only at places on those links.
  const FlowClass only_bc = make_flow_class(d, from, to, -1, {s.find_link("bc")}, {});
  for (const auto& arc : d.arcs()) {
    const bool expected = (arc.kind == ArcKind::Transfer || s.links[arc.element].id == "bc") && !crosses_back(arc);
    CHECK((only_bc.arc_usable[arc.index] != 0) == expected);
  }
  // Countries [KP] only: ru-b is outside, so there are no sources at all.
  const FlowClass kp_only = make_flow_class(d, from, to, -1, {}, {"KP"});
  CHECK(kp_only.sources.empty());
}

TEST_CASE("demands use only links open to their commodity", "[answers]") {
  const Network s = expand(load_text(two_places() + R"(commodities:
  - {id: crude, class: liquid, bbl_per_t: 7.33}
  - {id: grain, class: bulk}
links:
  - {id: pipe, from: ru-a, to: ru-b, mode: pipeline, length: 10 km, capacity: 5 Mt/yr, cost: 1 USD/t, commodities: [crude]}
  - {id: road, from: ru-a, to: ru-b, mode: road, length: 10 km, capacity: 1 Mt/yr, cost: 8 USD/t}
demands:
  - {id: oil, commodity: crude, from: ru-a, to: ru-b, quantity: 2 Mt/yr, unserved_cost: 50 USD/t}
  - {id: food, commodity: grain, from: ru-a, to: ru-b, quantity: 2 Mt/yr, unserved_cost: 50 USD/t}
)"));
  const RoutingAnswer routing = certified_routing(s);
  const DemandAnswer& oil = demand(s, routing, "oil");
  const DemandAnswer& food = demand(s, routing, "food");
  CHECK(near(oil.delivered_t_per_yr, 2e6));
  CHECK(near(oil.cost_usd_per_t, 1));  // all by pipe
  CHECK(near(food.delivered_t_per_yr, 1e6));  // the pipe is closed to grain; the road holds 1 Mt
  CHECK(near(food.cost_usd_per_t, 8));
  CHECK_THAT(unserved_sentence(s, food), Contains("link road ru-a->ru-b full"));
  CHECK(near(routing.transport_cost_usd_per_yr, 2e6 * 1 + 1e6 * 8));
}
