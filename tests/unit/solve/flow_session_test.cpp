// engine/solve/flow_lp.hpp FlowSession: warm-started re-solves agree with fresh solves of the
// same problem, and their solutions pass the public certificate checks. Differential and
// seeded: every failure prints its seed and step.
#include <catch2/catch.hpp>

#include <random>

#include "support.hpp"

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
      session.set_row_capacity(static_cast<int>(r), capacity);
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
        session.set_row_capacity(static_cast<int>(r), capacity);
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
