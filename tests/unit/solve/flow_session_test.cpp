// engine/solve/flow_lp.hpp FlowSession: warm-started re-solves agree with fresh solves of the
// same problem, and their solutions pass the public certificate checks. Differential and
// seeded: every failure prints its seed and step.
#include <catch2/catch.hpp>

#include <random>

#include "rows_support.hpp"

using namespace bftest;

namespace {

Network baseline() { return expand(load_scenario(std::string(BORDERFLOW_SOURCE_DIR) + "/scenarios/baseline-2024.yaml")); }

std::vector<FlowClass> demand_classes(const Network& n) {
  std::vector<FlowClass> classes;
  for (const Demand& d : n.scenario().demands) {
    FlowClass c = make_flow_class(n, d.origins, d.destinations, d.commodity, {}, {});
    c.supply_t_per_yr = d.quantity_t_per_yr;
    c.unserved_cost_usd_per_t = d.unserved_cost_usd_per_t;
    classes.push_back(std::move(c));
  }
  return classes;
}

std::vector<FlowClass> route_classes(const Network& n) {
  std::vector<FlowClass> out;
  for (const Route& r : n.scenario().routes) {
    out.push_back(make_flow_class(n, r.origins, r.destinations, r.commodity, r.links, r.countries));
    out.push_back(make_flow_class(n, r.destinations, r.origins, r.commodity, r.links, r.countries));
  }
  return out;
}

}  // namespace

TEST_CASE("sweep session: warm routing re-solves match fresh solves under random changes", "[sweep][session]") {
  const Network base = baseline();
  const auto seed = GENERATE(take(2, random(1u, 1000000u)));
  INFO("seed " << seed);
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> unit(0.0, 1.0);

  std::vector<FlowClass> classes = demand_classes(base);
  FlowSession session(base, classes, FlowSession::Kind::MinCost);
  for (int step = 0; step < 25; ++step) {
    INFO("step " << step);
    // A scenario with new transfer costs (the expansion, hence the arc order, is unchanged).
    Scenario changed = base.scenario();
    for (auto& t : changed.transfers) {
      if (unit(rng) < 0.2) t.cost_usd_per_t *= 0.25 + 1.5 * unit(rng);
    }
    Network fresh = expand(changed);
    REQUIRE(fresh.arcs().size() == base.arcs().size());
    for (const auto& arc : fresh.arcs()) session.set_arc_cost(arc.index, arc.cost_usd_per_t);
    for (std::size_t r = 0; r < fresh.rows().size(); ++r) {
      double capacity = base.rows()[r].capacity_t_per_yr;
      if (unit(rng) < 0.3) capacity *= 0.2 + 1.3 * unit(rng);
      fresh.set_row_capacity(static_cast<int>(r), capacity);
      // The session takes spare capacity: the baseline's rows carry background traffic.
      session.set_row_capacity(static_cast<int>(r), fresh.rows()[r].spare());
    }
    std::vector<FlowClass> now = classes;
    for (std::size_t k = 0; k < now.size(); ++k) {
      if (unit(rng) < 0.4) now[k].supply_t_per_yr = classes[k].supply_t_per_yr * (0.1 + 3 * unit(rng));
      session.set_supply(static_cast<int>(k), now[k].supply_t_per_yr);
      for (std::size_t a = 0; a < now[k].arc_usable.size(); ++a) {
        if (classes[k].arc_usable[a] && unit(rng) < 0.03) now[k].arc_usable[a] = 0;  // closures
        session.set_arc_usable(static_cast<int>(k), static_cast<int>(a), now[k].arc_usable[a] != 0);
      }
    }
    REQUIRE(session.solve() == SolveStatus::Optimal);
    const FlowSolution expected = solve_min_cost(fresh, now);
    REQUIRE(expected.status == SolveStatus::Optimal);
    CHECK(near(session.objective(), expected.objective));
    const FlowSolution warm = session.solution();
    INFO(joined(check_routing(fresh, now, warm)));
    CHECK(check_routing(fresh, now, warm).empty());
  }
}

TEST_CASE("sweep session: warm max-flow re-solves match fresh solves and certify", "[sweep][session]") {
  Network base = baseline();
  const auto seed = GENERATE(take(2, random(1u, 1000000u)));
  INFO("seed " << seed);
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  for (const FlowClass& c : route_classes(base)) {
    FlowSession session(base, {c}, FlowSession::Kind::MaxFlow);
    Network fresh = base;
    for (int step = 0; step < 6; ++step) {
      INFO("step " << step);
      for (std::size_t r = 0; r < fresh.rows().size(); ++r) {
        double capacity = base.rows()[r].capacity_t_per_yr;
        if (unit(rng) < 0.4) capacity *= 0.1 + 1.5 * unit(rng);
        fresh.set_row_capacity(static_cast<int>(r), capacity);
        session.set_row_capacity(static_cast<int>(r), fresh.rows()[r].spare());
      }
      FlowClass now = c;
      for (std::size_t a = 0; a < now.arc_usable.size(); ++a) {
        if (c.arc_usable[a] && unit(rng) < 0.05) now.arc_usable[a] = 0;
        session.set_arc_usable(0, static_cast<int>(a), now.arc_usable[a] != 0);
      }
      REQUIRE(session.solve() == SolveStatus::Optimal);
      const FlowSolution expected = solve_max_flow(fresh, now);
      REQUIRE(expected.status == SolveStatus::Optimal);
      // Both are the maximum, up to LP round-off.
      CHECK(near(session.objective(), expected.objective));
      const FlowSolution warm = session.solution();
      INFO(joined(check_max_flow(fresh, now, warm)));
      CHECK(check_max_flow(fresh, now, warm).empty());
      // The second phase: the cheapest flow at that maximum costs what the fresh one does.
      REQUIRE(session.solve_cheapest_at_max() == SolveStatus::Optimal);
      CHECK(std::abs(session.transport_cost_usd_per_yr(0) - expected.transport_cost_usd_per_yr) <=
            1e-2 + 1e-6 * expected.transport_cost_usd_per_yr);
    }
  }
}

TEST_CASE("sweep session: a basis carried to a new session gives the same optimum", "[sweep][session]") {
  const Network g = load_network("gauge_break.yaml");
  std::vector<FlowClass> classes = demand_classes(g);
  FlowSession first(g, classes, FlowSession::Kind::MinCost);
  REQUIRE(first.solve() == SolveStatus::Optimal);
  const double full = first.objective();
  FlowSession second(g, classes, FlowSession::Kind::MinCost);
  second.set_basis(first.basis());
  second.set_supply(0, classes[0].supply_t_per_yr / 2);
  first.set_supply(0, classes[0].supply_t_per_yr / 2);
  REQUIRE(second.solve() == SolveStatus::Optimal);
  REQUIRE(first.solve() == SolveStatus::Optimal);
  CHECK(near(first.objective(), second.objective()));
  // A basis of the wrong size is ignored, not trusted.
  FlowSession third(g, classes, FlowSession::Kind::MinCost);
  third.set_basis({1, 2, 3});
  REQUIRE(third.solve() == SolveStatus::Optimal);
  CHECK(near(third.objective(), full));
}

TEST_CASE("sweep session: groups, source costs, fees and caps change in place like fresh solves", "[sweep][session][rows]") {
  // Grain to kp from ru (240 USD/t + 10 transport) or cn (260 + 5), one group of 1 Mt/yr; a cap on
  // delivered Russian tonnes; a fee on the cn link for the cn class. Every step changes prices,
  // the fee, the group's supply (through its second class) and the cap, warm and fresh alike.
  Scenario s;
  const int ru = add_place(s, "ru", "RU"), cn = add_place(s, "cn", "CN"), kp = add_place(s, "kp", "KP");
  add_link(s, "ru-kp", ru, kp, 2e6, 10);
  add_link(s, "cn-kp", cn, kp, kUnlimited, 5);
  Cap cap;
  cap.id = cap.name = "ru-grain";
  cap.limit = 400000;
  s.caps.push_back(cap);
  Network fresh = expand(s);
  const int cap_row = row_of(fresh, ElementKind::Cap, 0);
  const int cn_arc = arc_of(fresh, 1);
  std::vector<FlowClass> classes(2);
  classes[0] = demand(fresh, ru, kp, 1e6, 600);
  classes[0].source_cost_usd_per_t = 240;
  classes[0].counted_rows = {{cap_row, 1}};
  classes[1] = demand(fresh, cn, kp, 0, 0);
  classes[1].source_cost_usd_per_t = 260;
  for (auto& c : classes) c.group = 3;
  FlowSession session(fresh, classes, FlowSession::Kind::MinCost);
  const auto seed = GENERATE(take(2, random(1u, 1000000u)));
  INFO("seed " << seed);
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  for (int step = 0; step < 20; ++step) {
    INFO("step " << step);
    classes[0].source_cost_usd_per_t = 200 + 100 * unit(rng);
    classes[1].source_cost_usd_per_t = 200 + 100 * unit(rng);
    classes[1].arc_extra_cost_usd_per_t.assign(fresh.arcs().size(), 0.0);
    classes[1].arc_extra_cost_usd_per_t[static_cast<std::size_t>(cn_arc)] = 30 * unit(rng);
    classes[0].supply_t_per_yr = 3e6 * unit(rng);
    classes[0].unserved_cost_usd_per_t = 250 + 100 * unit(rng);
    const double limit = 1e6 * unit(rng);
    fresh.set_row_capacity(cap_row, limit);
    for (int k = 0; k < 2; ++k) session.set_source_cost(k, classes[static_cast<std::size_t>(k)].source_cost_usd_per_t);
    session.set_class_arc_cost(1, cn_arc, classes[1].arc_extra_cost_usd_per_t[static_cast<std::size_t>(cn_arc)]);
    session.set_supply(1, classes[0].supply_t_per_yr);  // any class of the group sets its supply
    session.set_unserved_cost(1, classes[0].unserved_cost_usd_per_t);
    session.set_row_capacity(cap_row, limit);
    REQUIRE(session.solve() == SolveStatus::Optimal);
    const FlowSolution expected = certified_min_cost(fresh, classes);
    CHECK(near(session.objective(), expected.objective));
    const FlowSolution warm = session.solution();
    INFO(joined(check_routing(fresh, classes, warm)));
    CHECK(check_routing(fresh, classes, warm).empty());
    CHECK(near(session.source_cost_usd_per_yr(0) + session.source_cost_usd_per_yr(1), expected.source_cost_usd_per_yr));
    CHECK(near(session.unserved_t_per_yr(0), expected.classes[0].unserved_t_per_yr));
    CHECK(session.unserved_t_per_yr(1) == 0);
  }
}

TEST_CASE("sweep session: a max flow over several classes, and its cheapest phase with source costs", "[sweep][session][rows]") {
  // A single-track lane a - b (600,000 t/yr per direction, 1 Mt both ways) asked both ways, plus
  // a dearer second lane a -> b (30 USD/t, 300,000 t/yr). Source cost 5 USD/t on the a -> b class.
  Scenario s;
  const int a = add_place(s, "a", "RU"), b = add_place(s, "b", "KP");
  const int lane = add_link(s, "lane", a, b, 600000, 1);
  s.links[0].both_ways = true;
  s.links[0].capacity_both_ways_t_per_yr = 1e6;
  add_link(s, "bypass", a, b, 300000, 30);
  Network fresh = expand(s);
  std::vector<FlowClass> classes = {trade(fresh, a, b), trade(fresh, b, a)};
  classes[0].source_cost_usd_per_t = 5;
  FlowSession session(fresh, classes, FlowSession::Kind::MaxFlow);
  int shared = -1;
  for (int r : fresh.rows_of({ElementKind::Link, lane})) {
    if (fresh.rows()[static_cast<std::size_t>(r)].both_ways) shared = r;
  }
  REQUIRE(shared >= 0);
  for (double both_ways : {1e6, 800000.0, 1.5e6}) {
    INFO("both ways " << both_ways);
    fresh.set_row_capacity(shared, both_ways);
    session.set_row_capacity(shared, both_ways);
    REQUIRE(session.solve() == SolveStatus::Optimal);
    // min(1.2 Mt, both ways) on the lane plus the bypass's 300,000.
    CHECK(near(session.objective(), std::min(1.2e6, both_ways) + 300000));
    INFO(joined(check_max_flow(fresh, classes, session.solution())));
    CHECK(check_max_flow(fresh, classes, session.solution()).empty());
    const FlowSolution expected = certified_max_flow(fresh, classes);
    REQUIRE(session.solve_cheapest_at_max() == SolveStatus::Optimal);
    CHECK(near(session.transport_cost_usd_per_yr(0) + session.transport_cost_usd_per_yr(1),
               expected.transport_cost_usd_per_yr));
    CHECK(near(session.source_cost_usd_per_yr(0), expected.source_cost_usd_per_yr));
    CHECK(near(session.source_cost_usd_per_yr(0), 5 * expected.classes[0].delivered_t_per_yr));
  }
}
