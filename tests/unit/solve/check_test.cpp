// engine/solve/check: a check that never fails proves nothing. Each test takes a correct, certified
// answer, tampers with one thing, and asserts the independent checks report it.
#include <catch2/catch.hpp>

#include "rows_support.hpp"

using namespace bftest;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;

namespace {

int row_named(const Network& n, const std::string& label) {
  for (std::size_t r = 0; r < n.rows().size(); ++r) {
    if (n.describe_row(static_cast<int>(r)) == label) return static_cast<int>(r);
  }
  FAIL("no row " << label);
  return -1;
}

/// The arcs a path of the answer runs over, first path.
std::vector<int> first_path(const CapacityAnswer& answer) {
  REQUIRE_FALSE(answer.paths.empty());
  return answer.paths.front().arcs;
}

/// Pushes `amount` more along a whole source-to-sink path, keeping conservation exact.
void push_along(FlowSolution& solution, const FlowClass& c, const Network& n, const std::vector<int>& arcs,
                double amount) {
  ClassFlow& flow = solution.classes.at(0);
  for (int a : arcs) flow.arc_t_per_yr[a] += amount;
  const int first = n.arcs()[arcs.front()].tail;
  const int last = n.arcs()[arcs.back()].head;
  for (std::size_t i = 0; i < c.sources.size(); ++i) {
    if (c.sources[i] == first) {
      flow.source_t_per_yr[i] += amount;
      break;
    }
  }
  for (std::size_t i = 0; i < c.sinks.size(); ++i) {
    if (c.sinks[i] == last) {
      flow.sink_t_per_yr[i] += amount;
      break;
    }
  }
  flow.delivered_t_per_yr += amount;
  for (int a : arcs) {
    for (int r : n.arcs()[a].rows) solution.row_use[r] += amount;
    solution.transport_cost_usd_per_yr += amount * n.arcs()[a].cost_usd_per_t;
  }
}

}  // namespace

TEST_CASE("max flow: the untampered answer passes", "[check]") {
  const Network g = load_network("gauge_break.yaml");
  const CapacityAnswer answer = certified_capacity(g, "a-d");
  CHECK(check_max_flow(g, answer.classes.at(0), answer.solution).empty());
}

TEST_CASE("max flow: flow moved off an arc breaks conservation", "[check]") {
  const Network g = load_network("gauge_break.yaml");
  const CapacityAnswer answer = certified_capacity(g, "a-d");
  FlowSolution tampered = answer.solution;
  const int arc = first_path(answer)[1];  // the border link b -> c
  tampered.classes[0].arc_t_per_yr[arc] -= 100000;
  const std::string problems = joined(check_max_flow(g, answer.classes.at(0), tampered));
  CHECK_THAT(problems, Contains("flow not conserved at vertex " + std::to_string(g.arcs()[arc].tail)) &&
                           Contains("(imbalance 100000.000 t/yr)"));
}

TEST_CASE("max flow: a capacity exceeded along a whole path is reported", "[check]") {
  const Network g = load_network("gauge_break.yaml");
  const CapacityAnswer answer = certified_capacity(g, "a-d");
  FlowSolution tampered = answer.solution;
  push_along(tampered, answer.classes.at(0), g, first_path(answer), 200000);
  tampered.objective = tampered.classes[0].delivered_t_per_yr;
  const auto problems = check_max_flow(g, answer.classes.at(0), tampered);
  // (Flows are compared loosely: phase 2 of the solver may leave the maximum 1e-9 short.)
  CHECK_THAT(joined(problems),
             Contains("capacity exceeded: transfer c-bogie rail:1520->rail:1435 carries 1300000.0 of 1100000.0 t/yr") &&
                 Contains("certificate: bottleneck capacity 1100000.000 t/yr differs from the flow 1300000.000 t/yr"));
  CHECK_THAT(joined(problems), !Contains("conserved"));  // the tampering kept conservation exact
}

TEST_CASE("max flow: less than the maximum is caught by the certificate", "[check]") {
  const Network g = load_network("gauge_break.yaml");
  const CapacityAnswer answer = certified_capacity(g, "a-d");
  FlowSolution tampered = answer.solution;
  push_along(tampered, answer.classes.at(0), g, first_path(answer), -300000);  // feasible, not maximal
  tampered.objective = tampered.classes[0].delivered_t_per_yr;
  const auto problems = check_max_flow(g, answer.classes.at(0), tampered);
  REQUIRE(problems.size() == 1);
  CHECK_THAT(problems[0], StartsWith("certificate: bottleneck capacity 1100000.000 t/yr differs from the flow 800000.000 t/yr"));
}

TEST_CASE("max flow: a zeroed shadow price no longer certifies the cut", "[check]") {
  const Network g = load_network("gauge_break.yaml");
  const CapacityAnswer answer = certified_capacity(g, "a-d");
  FlowSolution tampered = answer.solution;
  tampered.row_shadow[row_named(g, "transfer c-bogie rail:1520->rail:1435")] = 0;
  const std::string problems = joined(check_max_flow(g, answer.classes.at(0), tampered));
  CHECK_THAT(problems, Contains("certificate: a source-sink path crosses the bottleneck with weight 0.000000 < 1"));
  CHECK_THAT(problems, Contains("certificate: bottleneck capacity 0.000 t/yr differs from the flow 1100000.000 t/yr"));
}

TEST_CASE("max flow: a shadow price moved to a slack row is caught", "[check]") {
  const Network g = load_network("gauge_break.yaml");
  const CapacityAnswer answer = certified_capacity(g, "a-d");
  FlowSolution tampered = answer.solution;
  tampered.row_shadow[row_named(g, "transfer c-bogie rail:1520->rail:1435")] = 0;
  tampered.row_shadow[row_named(g, "link cd c->d")] = 1;  // a cut, but of 3 Mt, not 1.1 Mt
  const auto problems = check_max_flow(g, answer.classes.at(0), tampered);
  REQUIRE(problems.size() == 1);
  CHECK_THAT(problems[0], StartsWith("certificate: bottleneck capacity 3000000.000 t/yr differs from the flow 1100000.000 t/yr"));
}

TEST_CASE("max flow: other tampering", "[check]") {
  const Network g = load_network("gauge_break.yaml");
  const CapacityAnswer answer = certified_capacity(g, "a-d");
  SECTION("an inflated objective") {
    FlowSolution tampered = answer.solution;
    tampered.objective += 550000;
    const auto problems = check_max_flow(g, answer.classes.at(0), tampered);
    REQUIRE(problems.size() == 1);
    CHECK_THAT(problems[0], StartsWith("objective 1650000.000 t/yr differs from the delivered flow 1100000.000 t/yr"));
  }
  SECTION("a wrong delivered total") {
    FlowSolution tampered = answer.solution;
    tampered.classes[0].delivered_t_per_yr += 5000;
    CHECK_THAT(joined(check_max_flow(g, answer.classes.at(0), tampered)), Contains("class 0: delivered total is wrong"));
  }
  SECTION("a negative shadow price") {
    FlowSolution tampered = answer.solution;
    tampered.row_shadow[0] = -1;
    CHECK_THAT(joined(check_max_flow(g, answer.classes.at(0), tampered)), Contains("negative shadow price on link ab"));
  }
  SECTION("no shadow prices at all") {
    FlowSolution tampered = answer.solution;
    tampered.row_shadow.clear();
    CHECK(joined(check_max_flow(g, answer.classes.at(0), tampered)) == "no shadow prices to certify the maximum\n");
  }
  SECTION("flow on an arc the class may not use") {
    FlowClass narrowed = answer.classes.at(0);
    const int arc = first_path(answer)[0];
    narrowed.arc_usable[arc] = 0;
    CHECK_THAT(joined(check_max_flow(g, narrowed, answer.solution)),
               Contains("class 0: flow on arc " + std::to_string(arc) + " that the class may not use"));
  }
  SECTION("negative flow") {
    FlowSolution tampered = answer.solution;
    // A cancelling pair keeps conservation: -x on one arc, +x on its reverse twin.
    const int arc = first_path(answer)[0];
    int twin = -1;
    for (const auto& other : g.arcs()) {
      if (other.kind == ArcKind::Link && other.element == g.arcs()[arc].element && other.reversed) twin = other.index;
    }
    REQUIRE(twin >= 0);
    tampered.classes[0].arc_t_per_yr[twin] = -10;
    CHECK_THAT(joined(check_max_flow(g, answer.classes.at(0), tampered)),
               Contains("class 0: negative flow on arc " + std::to_string(twin)));
  }
  SECTION("an unsolved status") {
    FlowSolution tampered = answer.solution;
    tampered.status = SolveStatus::LimitReached;
    CHECK(joined(check_max_flow(g, answer.classes.at(0), tampered)) == "not solved: limit-reached\n");
  }
  SECTION("the wrong number of classes") {
    FlowSolution tampered = answer.solution;
    tampered.classes.push_back(tampered.classes[0]);
    CHECK(joined(check_max_flow(g, answer.classes.at(0), tampered)) == "class count mismatch\n");
  }
}

TEST_CASE("routing: the untampered answer passes", "[check]") {
  const Network g = load_network("gauge_break.yaml");
  const RoutingAnswer answer = certified_routing(g);
  CHECK(check_routing(g, answer.classes, answer.solution).empty());
}

TEST_CASE("routing: flow moved off an arc breaks conservation", "[check]") {
  const Network g = load_network("gauge_break.yaml");
  const RoutingAnswer answer = certified_routing(g);
  FlowSolution tampered = answer.solution;
  const int arc = answer.demands[0].paths.at(0).arcs.at(2);  // the bogie exchange
  tampered.classes[0].arc_t_per_yr[arc] -= 1000;
  CHECK_THAT(joined(check_routing(g, answer.classes, tampered)), Contains("class 0: flow not conserved"));
}

TEST_CASE("routing: an exceeded capacity is reported", "[check]") {
  const Network g = load_network("gauge_break.yaml");
  const RoutingAnswer answer = certified_routing(g);
  FlowSolution tampered = answer.solution;
  // Deliver the unserved 0.9 Mt too, along the same path: conservation and totals stay exact.
  const auto& path = answer.demands[0].paths.at(0).arcs;
  ClassFlow& flow = tampered.classes[0];
  for (int a : path) {
    flow.arc_t_per_yr[a] += 0.9e6;
    tampered.transport_cost_usd_per_yr += 0.9e6 * g.arcs()[a].cost_usd_per_t;
    for (int r : g.arcs()[a].rows) tampered.row_use[r] += 0.9e6;
  }
  flow.source_t_per_yr[0] += 0.9e6;
  flow.sink_t_per_yr[0] += 0.9e6;
  flow.delivered_t_per_yr += 0.9e6;
  flow.unserved_t_per_yr = 0;
  tampered.objective = tampered.transport_cost_usd_per_yr;
  const std::string problems = joined(check_routing(g, answer.classes, tampered));
  CHECK(problems == "capacity exceeded: transfer c-bogie rail:1520->rail:1435 carries 2000000.0 of 1100000.0 t/yr\n");
}

TEST_CASE("routing: a zeroed shadow price leaves the plan uncertified", "[check]") {
  const Network g = load_network("gauge_break.yaml");
  const RoutingAnswer answer = certified_routing(g);
  FlowSolution tampered = answer.solution;
  tampered.row_shadow[row_named(g, "transfer c-bogie rail:1520->rail:1435")] = 0;
  // Without the bogie's 73 USD/t the dual bound is 2 Mt x 27 = 54,000,000 < 119,700,000.
  CHECK(joined(check_routing(g, answer.classes, tampered)) ==
        "certificate: plan costs 119700000.00 USD/yr but the dual bound is 54000000.00 USD/yr\n");
}

TEST_CASE("routing: an inflated cost is reported", "[check]") {
  const Network g = load_network("gauge_break.yaml");
  const RoutingAnswer answer = certified_routing(g);
  SECTION("transport cost") {
    FlowSolution tampered = answer.solution;
    tampered.transport_cost_usd_per_yr *= 1.1;
    CHECK_THAT(joined(check_routing(g, answer.classes, tampered)),
               Contains("transport cost recomputes to 29700000.00 USD/yr, solver said 32670000.00"));
  }
  SECTION("total objective") {
    FlowSolution tampered = answer.solution;
    tampered.objective += 1e6;
    CHECK(joined(check_routing(g, answer.classes, tampered)) ==
          "objective 120700000.00 USD/yr differs from the recomputed cost 119700000.00 USD/yr (transport, source costs, "
          "unserved penalties and backlog)\n");
  }
}

TEST_CASE("routing: a feasible but dearer plan fails the optimality certificate", "[check]") {
  const Network p = load_network("parallel_links.yaml");
  const RoutingAnswer answer = certified_routing(p);
  FlowSolution tampered = answer.solution;
  // Move 0.5 Mt from r3 (rail, 3 USD/t) to r2 (road, 8 USD/t), which has room: every total is
  // kept consistent, so only the certificate can tell.
  int r3 = -1, r2 = -1;
  for (const auto& arc : p.arcs()) {
    if (arc.reversed) continue;
    if (p.scenario().links[arc.element].id == "r3") r3 = arc.index;
    if (p.scenario().links[arc.element].id == "r2") r2 = arc.index;
  }
  REQUIRE(r3 >= 0);
  REQUIRE(r2 >= 0);
  ClassFlow& flow = tampered.classes[0];
  REQUIRE(near(flow.arc_t_per_yr[r3], 0.5e6));
  flow.arc_t_per_yr[r3] -= 0.5e6;
  flow.arc_t_per_yr[r2] += 0.5e6;
  REQUIRE_FALSE(p.arcs()[r3].rows.empty());
  REQUIRE_FALSE(p.arcs()[r2].rows.empty());
  tampered.row_use[p.arcs()[r3].rows[0]] -= 0.5e6;
  tampered.row_use[p.arcs()[r2].rows[0]] += 0.5e6;
  // The rail and road vertices are separate sources and sinks: move their feed and drain too.
  const int rail_source = p.arcs()[r3].tail, road_source = p.arcs()[r2].tail;
  const int rail_sink = p.arcs()[r3].head, road_sink = p.arcs()[r2].head;
  const auto& c = answer.classes[0];
  for (std::size_t i = 0; i < c.sources.size(); ++i) {
    if (c.sources[i] == rail_source) flow.source_t_per_yr[i] -= 0.5e6;
    if (c.sources[i] == road_source) flow.source_t_per_yr[i] += 0.5e6;
  }
  for (std::size_t i = 0; i < c.sinks.size(); ++i) {
    if (c.sinks[i] == rail_sink) flow.sink_t_per_yr[i] -= 0.5e6;
    if (c.sinks[i] == road_sink) flow.sink_t_per_yr[i] += 0.5e6;
  }
  tampered.transport_cost_usd_per_yr += 0.5e6 * (8 - 3);
  tampered.objective += 0.5e6 * (8 - 3);
  CHECK(joined(check_routing(p, answer.classes, tampered)) ==
        "certificate: plan costs 13000000.00 USD/yr but the dual bound is 10500000.00 USD/yr\n");
}

TEST_CASE("routing: other tampering", "[check]") {
  const Network s = load_network("shared_capacity.yaml");
  const RoutingAnswer answer = certified_routing(s);
  SECTION("delivered plus unserved differs from the demand") {
    FlowSolution tampered = answer.solution;
    tampered.classes[1].unserved_t_per_yr -= 0.25e6;
    tampered.objective -= 0.25e6 * 50;
    CHECK_THAT(joined(check_routing(s, answer.classes, tampered)),
               Contains("class 1: delivered plus unserved differs from the demand"));
  }
  SECTION("negative unserved tonnes") {
    FlowSolution tampered = answer.solution;
    tampered.classes[0].unserved_t_per_yr = -5;
    CHECK_THAT(joined(check_routing(s, answer.classes, tampered)), Contains("negative unserved tonnes"));
  }
  SECTION("a class missing") {
    FlowSolution tampered = answer.solution;
    tampered.classes.pop_back();
    CHECK(joined(check_routing(s, answer.classes, tampered)) == "class count mismatch\n");
  }
  SECTION("no shadow prices") {
    FlowSolution tampered = answer.solution;
    tampered.row_shadow.clear();
    CHECK(joined(check_routing(s, answer.classes, tampered)) == "no shadow prices to certify the cost\n");
  }
  SECTION("an unsolved status") {
    FlowSolution tampered = answer.solution;
    tampered.status = SolveStatus::Infeasible;
    CHECK(joined(check_routing(s, answer.classes, tampered)) == "not solved: infeasible\n");
  }
  SECTION("the shared row's price halved") {
    FlowSolution tampered = answer.solution;
    tampered.row_shadow[row_named(s, "link m-c ru-m->ru-c")] = 19;
    CHECK_THAT(joined(check_routing(s, answer.classes, tampered)), Contains("certificate: plan costs 41000000.00"));
  }
}

// --- Issue 9's rows: each new ingredient, tampered, is caught --------------------------------

TEST_CASE("fleet: tonnes beyond the fleet's tonne-hours, and a price read per tonne, are caught", "[check][rows]") {
  // Lane a -> b (1 Mt/yr, transit 40 h); two ships of 5,000 t, turnaround 10 h: cycle 100 h,
  // 87,600,000 t.h/yr, so 876,000 t/yr at most (flow_lp_rows_test.cpp).
  Scenario s;
  const int a = add_place(s, "a", "RU"), b = add_place(s, "b", "KP");
  const int lane = add_link(s, "lane", a, b, 1e6, 10, Mode::Sea);
  s.links[0].transit_h = 40;
  add_fleet(s, 2, {lane});
  const Network n = expand(s);
  const std::vector<FlowClass> classes = {trade(n, a, b)};
  const FlowSolution solution = certified_max_flow(n, classes);
  const int fleet_row = row_of(n, ElementKind::Fleet, 0);
  SECTION("100,000 t more fit the lane but not the fleet: 976,000 x 100 h") {
    FlowSolution tampered = solution;
    shift(tampered, n, classes, 0, arc_of(n, lane), 100000);
    tampered.objective += 100000;
    CHECK_THAT(joined(check_max_flow(n, classes, tampered)),
               Contains("capacity exceeded: fleet feeders both ways carries 97600000.0 of 87600000.0 t.h/yr"));
  }
  SECTION("a shadow price per tonne instead of per tonne-hour") {
    // y = 1 per t.h would bound the flow by 87,600,000 t/yr, not 876,000.
    FlowSolution tampered = solution;
    tampered.row_shadow[static_cast<std::size_t>(fleet_row)] = 1;
    CHECK_THAT(joined(check_max_flow(n, classes, tampered)),
               Contains("certificate: bottleneck capacity 87600000.000 t/yr differs from the flow 876000.000 t/yr"));
  }
  SECTION("a row use misreported") {
    FlowSolution tampered = solution;
    tampered.row_use[static_cast<std::size_t>(fleet_row)] = 876000;  // tonnes, not tonne-hours
    CHECK(joined(check_max_flow(n, classes, tampered)) ==
          "use of fleet feeders both ways recomputes to 87600000.0 t.h/yr, solver said 876000.0\n");
  }
}

TEST_CASE("both-ways row: two directions over the shared capacity, or a path left unpriced, are caught", "[check][rows]") {
  // A single-track link a - b: 600,000 t/yr per direction, 1,000,000 both ways: the two
  // directions together carry 1,000,000.
  Scenario s;
  const int a = add_place(s, "a", "RU"), b = add_place(s, "b", "KP");
  const int lane = add_link(s, "lane", a, b, 600000, 1);
  s.links[0].both_ways = true;
  s.links[0].capacity_both_ways_t_per_yr = 1e6;
  const Network n = expand(s);
  const std::vector<FlowClass> classes = {trade(n, a, b), trade(n, b, a)};
  const FlowSolution solution = certified_max_flow(n, classes);
  const auto arcs = n.arcs_of({ElementKind::Link, lane});
  REQUIRE(arcs.size() == 2);
  SECTION("50,000 t more on the lighter direction stays within it but not within both ways") {
    FlowSolution tampered = solution;
    const std::size_t k = solution.classes[0].delivered_t_per_yr <= 500000 ? 0 : 1;
    shift(tampered, n, classes, k, arcs[k], 50000);
    tampered.objective += 50000;
    CHECK_THAT(joined(check_max_flow(n, classes, tampered)),
               Contains("capacity exceeded: link lane both ways carries 1050000.0 of 1000000.0 t/yr"));
  }
  SECTION("the shared row's price moved to one direction leaves the other direction's paths short") {
    FlowSolution tampered = solution;
    for (int r : n.rows_of({ElementKind::Link, lane})) {
      tampered.row_shadow[static_cast<std::size_t>(r)] = n.rows()[static_cast<std::size_t>(r)].both_ways ? 0 : 0.5;
    }
    CHECK_THAT(joined(check_max_flow(n, classes, tampered)),
               Contains("class 0: certificate: a source-sink path crosses the bottleneck with weight 0.500000 < 1") &&
                   Contains("class 1: certificate: a source-sink path crosses the bottleneck with weight 0.500000 < 1"));
  }
}

namespace {

/// Two grain suppliers in one group (1 Mt/yr to kp, unserved 600 USD/t): ru at 240 + 10 = 250
/// landed, cn at 260 + 5 = 265; a cap of 400,000 t/yr on delivered Russian tonnes. The optimum
/// buys 400,000 from ru and 600,000 from cn: 259,000,000 USD/yr (flow_lp_rows_test.cpp).
struct Suppliers {
  Network network;
  std::vector<FlowClass> classes;
  int cap_row = -1;
};

Suppliers suppliers() {
  Scenario s;
  const int ru = add_place(s, "ru", "RU"), cn = add_place(s, "cn", "CN"), kp = add_place(s, "kp", "KP");
  add_link(s, "ru-kp", ru, kp, kUnlimited, 10);
  add_link(s, "cn-kp", cn, kp, kUnlimited, 5);
  Cap cap;
  cap.id = cap.name = "ru-grain";
  cap.limit = 400000;
  s.caps.push_back(cap);
  Suppliers out{expand(s), {}, -1};
  const Network& n = out.network;
  out.cap_row = row_of(n, ElementKind::Cap, 0);
  FlowClass from_ru = demand(n, ru, kp, 1e6, 600);
  from_ru.group = 0;
  from_ru.source_cost_usd_per_t = 240;
  from_ru.counted_rows = {{out.cap_row, 1}};
  FlowClass from_cn = demand(n, cn, kp, 0, 0);
  from_cn.group = 0;
  from_cn.source_cost_usd_per_t = 260;
  out.classes = {from_ru, from_cn};
  return out;
}

}  // namespace

TEST_CASE("cap on delivered tonnes, group supply and source costs: tampering is caught", "[check][rows]") {
  const Suppliers x = suppliers();
  const Network& n = x.network;
  const FlowSolution solution = certified_min_cost(n, x.classes);
  const int ru_arc = arc_of(n, 0), cn_arc = arc_of(n, 1);
  SECTION("100,000 t moved from cn to ru: the cap on delivered tonnes is exceeded") {
    FlowSolution tampered = solution;
    shift(tampered, n, x.classes, 0, ru_arc, 100000);
    shift(tampered, n, x.classes, 1, cn_arc, -100000);
    tampered.objective -= 100000.0 * 15;
    CHECK(joined(check_routing(n, x.classes, tampered)) ==
          "capacity exceeded: cap ru-grain delivered carries 500000.0 of 400000.0 t/yr\n");
  }
  SECTION("100,000 t moved from ru to cn: feasible, dearer by 15 USD/t, and the certificate says so") {
    FlowSolution tampered = solution;
    shift(tampered, n, x.classes, 0, ru_arc, -100000);
    shift(tampered, n, x.classes, 1, cn_arc, 100000);
    tampered.objective += 100000.0 * 15;
    CHECK(joined(check_routing(n, x.classes, tampered)) ==
          "certificate: plan costs 260500000.00 USD/yr but the dual bound is 259000000.00 USD/yr\n");
  }
  SECTION("the cap's price zeroed: the bound falls to 1 Mt x 250") {
    FlowSolution tampered = solution;
    tampered.row_shadow[static_cast<std::size_t>(x.cap_row)] = 0;
    CHECK(joined(check_routing(n, x.classes, tampered)) ==
          "certificate: plan costs 259000000.00 USD/yr but the dual bound is 250000000.00 USD/yr\n");
  }
  SECTION("unserved tonnes added to the group break its supply balance") {
    FlowSolution tampered = solution;
    tampered.classes[0].unserved_t_per_yr = 100000;
    tampered.objective += 100000.0 * 600;
    // (The plan now also costs 60,000,000 more than the bound.)
    CHECK_THAT(joined(check_routing(n, x.classes, tampered)),
               StartsWith("class 0: delivered plus unserved differs from the demand\n"));
  }
  SECTION("source costs left out of the solver's totals") {
    FlowSolution tampered = solution;
    tampered.source_cost_usd_per_yr = 0;
    tampered.objective -= 252e6;
    CHECK_THAT(joined(check_routing(n, x.classes, tampered)),
               Contains("source cost recomputes to 252000000.00 USD/yr, solver said 0.00") &&
                   Contains("objective 7000000.00 USD/yr differs from the recomputed cost 259000000.00 USD/yr"));
  }
}

TEST_CASE("per-class cap on an element: tonnes past it, or the class's counting dropped, are caught", "[check][rows]") {
  // One link a -> b (1 Mt/yr, 10 USD/t), two classes of 500,000 t/yr (unserved 100 USD/t); a cap
  // of 300,000 t/yr on the link counts class 0 only: class 0 carries 300,000, class 1 500,000.
  Scenario s;
  const int a = add_place(s, "a", "RU"), b = add_place(s, "b", "KP");
  const int link = add_link(s, "friendship", a, b, 1e6, 10);
  Cap cap;
  cap.id = cap.name = "un-refined";
  cap.limit = 300000;
  cap.elements = {{ElementKind::Link, link}};
  s.caps.push_back(cap);
  const Network n = expand(s);
  const int cap_row = row_of(n, ElementKind::Cap, 0);
  FlowClass refined = demand(n, a, b, 500000, 100);
  refined.counted_rows = {{cap_row, 1}};
  const std::vector<FlowClass> classes = {refined, demand(n, a, b, 500000, 100)};
  const FlowSolution solution = certified_min_cost(n, classes);
  SECTION("50,000 t more of the capped class") {
    FlowSolution tampered = solution;
    shift(tampered, n, classes, 0, arc_of(n, link), 50000);
    tampered.classes[0].unserved_t_per_yr -= 50000;
    tampered.objective -= 50000.0 * (100 - 10);
    CHECK(joined(check_routing(n, classes, tampered)) ==
          "capacity exceeded: cap un-refined on its elements carries 350000.0 of 300000.0 t/yr\n");
  }
  SECTION("checked as if the class did not count in the cap") {
    // The cap's use recomputes to 0, and without the cap in class 0's lengths the bound is
    // 1 Mt x 10 - 300,000 x 90 = -17,000,000.
    std::vector<FlowClass> uncounted = classes;
    uncounted[0].counted_rows.clear();
    CHECK(joined(check_routing(n, uncounted, solution)) ==
          "use of cap un-refined on its elements recomputes to 0.0 t/yr, solver said 300000.0\n"
          "certificate: plan costs 28000000.00 USD/yr but the dual bound is -17000000.00 USD/yr\n");
  }
}

TEST_CASE("fees: a fee left out of the cost, or a plan paying it needlessly, are caught", "[check][rows]") {
  // via-cn 20 USD/t, via-ru 25 USD/t (50,000 t/yr); class 1 pays 8 USD/t on via-cn. Optimum:
  // class 0 all via-cn, class 1 50,000 via-ru and 50,000 via-cn (fee paid): 4,650,000 USD/yr.
  Scenario s;
  const int a = add_place(s, "a", "RU"), b = add_place(s, "b", "KP");
  const int via_cn = add_link(s, "via-cn", a, b, kUnlimited, 20);
  const int via_ru = add_link(s, "via-ru", a, b, 50000, 25);
  const Network n = expand(s);
  FlowClass charged = demand(n, a, b, 100000, 1000);
  charged.arc_extra_cost_usd_per_t.assign(n.arcs().size(), 0.0);
  charged.arc_extra_cost_usd_per_t[static_cast<std::size_t>(arc_of(n, via_cn))] = 8;
  const std::vector<FlowClass> classes = {demand(n, a, b, 100000, 1000), charged};
  const FlowSolution solution = certified_min_cost(n, classes);
  SECTION("the fee left out of the transport cost") {
    FlowSolution tampered = solution;
    tampered.transport_cost_usd_per_yr -= 50000.0 * 8;
    tampered.objective -= 50000.0 * 8;
    CHECK_THAT(joined(check_routing(n, classes, tampered)),
               Contains("transport cost recomputes to 4650000.00 USD/yr, solver said 4250000.00"));
  }
  SECTION("via-ru given to the class without the fee: class 1 pays the fee on all its tonnes") {
    // 50,000 x 20 + 50,000 x 25 + 100,000 x 28 = 5,050,000.
    FlowSolution tampered = solution;
    shift(tampered, n, classes, 0, arc_of(n, via_cn), -50000);
    shift(tampered, n, classes, 0, arc_of(n, via_ru), 50000);
    shift(tampered, n, classes, 1, arc_of(n, via_ru), -50000);
    shift(tampered, n, classes, 1, arc_of(n, via_cn), 50000);
    tampered.objective = tampered.transport_cost_usd_per_yr;
    CHECK(joined(check_routing(n, classes, tampered)) ==
          "certificate: plan costs 5050000.00 USD/yr but the dual bound is 4650000.00 USD/yr\n");
  }
}

TEST_CASE("background: flow within the capacity but past the spare is caught", "[check][rows]") {
  // a -> b 1,000,000 t/yr with a background load of 700,000: 300,000 spare, all taken.
  Scenario s;
  const int a = add_place(s, "a", "RU"), b = add_place(s, "b", "KP");
  const int ab = add_link(s, "ab", a, b, 1e6, 1);
  BackgroundFlow load;
  load.id = "existing";
  load.element = ElementRef{ElementKind::Link, ab};
  load.load_t_per_yr = 700000;
  s.background.push_back(load);
  const Network n = expand(s);
  const std::vector<FlowClass> classes = {trade(n, a, b)};
  const FlowSolution solution = certified_max_flow(n, classes);
  SECTION("100,000 t more: 400,000 is within the 1 Mt capacity, not within the 300,000 spare") {
    FlowSolution tampered = solution;
    shift(tampered, n, classes, 0, arc_of(n, ab), 100000);
    tampered.objective += 100000;
    CHECK_THAT(joined(check_max_flow(n, classes, tampered)),
               Contains("capacity exceeded: link ab a->b carries 400000.0 of 300000.0 t/yr spare (background 700000.0)") &&
                   Contains("certificate: bottleneck capacity 300000.000 t/yr differs from the flow 400000.000 t/yr"));
  }
}
