// engine/solve/check: a check that never fails proves nothing. Each test takes a correct, certified
// answer, tampers with one thing, and asserts the independent checks report it.
#include <catch2/catch.hpp>

#include "support.hpp"

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
  CHECK(check_max_flow(g, answer.flow_class, answer.solution).empty());
}

TEST_CASE("max flow: flow moved off an arc breaks conservation", "[check]") {
  const Network g = load_network("gauge_break.yaml");
  const CapacityAnswer answer = certified_capacity(g, "a-d");
  FlowSolution tampered = answer.solution;
  const int arc = first_path(answer)[1];  // the border link b -> c
  tampered.classes[0].arc_t_per_yr[arc] -= 100000;
  const std::string problems = joined(check_max_flow(g, answer.flow_class, tampered));
  CHECK_THAT(problems, Contains("flow not conserved at vertex " + std::to_string(g.arcs()[arc].tail)) &&
                           Contains("(imbalance 100000.000 t/yr)"));
}

TEST_CASE("max flow: a capacity exceeded along a whole path is reported", "[check]") {
  const Network g = load_network("gauge_break.yaml");
  const CapacityAnswer answer = certified_capacity(g, "a-d");
  FlowSolution tampered = answer.solution;
  push_along(tampered, answer.flow_class, g, first_path(answer), 200000);
  tampered.objective = tampered.classes[0].delivered_t_per_yr;
  const auto problems = check_max_flow(g, answer.flow_class, tampered);
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
  push_along(tampered, answer.flow_class, g, first_path(answer), -300000);  // feasible, not maximal
  tampered.objective = tampered.classes[0].delivered_t_per_yr;
  const auto problems = check_max_flow(g, answer.flow_class, tampered);
  REQUIRE(problems.size() == 1);
  CHECK_THAT(problems[0], StartsWith("certificate: bottleneck capacity 1100000.000 t/yr differs from the flow 800000.000 t/yr"));
}

TEST_CASE("max flow: a zeroed shadow price no longer certifies the cut", "[check]") {
  const Network g = load_network("gauge_break.yaml");
  const CapacityAnswer answer = certified_capacity(g, "a-d");
  FlowSolution tampered = answer.solution;
  tampered.row_shadow[row_named(g, "transfer c-bogie rail:1520->rail:1435")] = 0;
  const std::string problems = joined(check_max_flow(g, answer.flow_class, tampered));
  CHECK_THAT(problems, Contains("certificate: a source-sink path crosses the bottleneck with weight 0.000000 < 1"));
  CHECK_THAT(problems, Contains("certificate: bottleneck capacity 0.000 t/yr differs from the flow 1100000.000 t/yr"));
}

TEST_CASE("max flow: a shadow price moved to a slack row is caught", "[check]") {
  const Network g = load_network("gauge_break.yaml");
  const CapacityAnswer answer = certified_capacity(g, "a-d");
  FlowSolution tampered = answer.solution;
  tampered.row_shadow[row_named(g, "transfer c-bogie rail:1520->rail:1435")] = 0;
  tampered.row_shadow[row_named(g, "link cd c->d")] = 1;  // a cut, but of 3 Mt, not 1.1 Mt
  const auto problems = check_max_flow(g, answer.flow_class, tampered);
  REQUIRE(problems.size() == 1);
  CHECK_THAT(problems[0], StartsWith("certificate: bottleneck capacity 3000000.000 t/yr differs from the flow 1100000.000 t/yr"));
}

TEST_CASE("max flow: other tampering", "[check]") {
  const Network g = load_network("gauge_break.yaml");
  const CapacityAnswer answer = certified_capacity(g, "a-d");
  SECTION("an inflated objective") {
    FlowSolution tampered = answer.solution;
    tampered.objective += 550000;
    const auto problems = check_max_flow(g, answer.flow_class, tampered);
    REQUIRE(problems.size() == 1);
    CHECK_THAT(problems[0], StartsWith("objective 1650000.000 t/yr differs from the delivered flow 1100000.000 t/yr"));
  }
  SECTION("a wrong delivered total") {
    FlowSolution tampered = answer.solution;
    tampered.classes[0].delivered_t_per_yr += 5000;
    CHECK_THAT(joined(check_max_flow(g, answer.flow_class, tampered)), Contains("class 0: delivered total is wrong"));
  }
  SECTION("a negative shadow price") {
    FlowSolution tampered = answer.solution;
    tampered.row_shadow[0] = -1;
    CHECK_THAT(joined(check_max_flow(g, answer.flow_class, tampered)), Contains("negative shadow price on link ab"));
  }
  SECTION("no shadow prices at all") {
    FlowSolution tampered = answer.solution;
    tampered.row_shadow.clear();
    CHECK(joined(check_max_flow(g, answer.flow_class, tampered)) == "no shadow prices to certify the maximum\n");
  }
  SECTION("flow on an arc the class may not use") {
    FlowClass narrowed = answer.flow_class;
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
    CHECK_THAT(joined(check_max_flow(g, answer.flow_class, tampered)),
               Contains("class 0: negative flow on arc " + std::to_string(twin)));
  }
  SECTION("an unsolved status") {
    FlowSolution tampered = answer.solution;
    tampered.status = SolveStatus::LimitReached;
    CHECK(joined(check_max_flow(g, answer.flow_class, tampered)) == "not solved: limit-reached\n");
  }
  SECTION("the wrong number of classes") {
    FlowSolution tampered = answer.solution;
    tampered.classes.push_back(tampered.classes[0]);
    CHECK(joined(check_max_flow(g, answer.flow_class, tampered)) == "class count mismatch\n");
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
          "objective 120700000.00 USD/yr differs from the recomputed cost 119700000.00 USD/yr (transport, source costs "
          "and unserved penalties)\n");
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
  tampered.row_use[p.arcs()[r3].rows.at(0)] -= 0.5e6;
  tampered.row_use[p.arcs()[r2].rows.at(0)] += 0.5e6;
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
