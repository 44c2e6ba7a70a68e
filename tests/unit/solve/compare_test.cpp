// engine/solve/compare: the arithmetic behind `borderflow compare`, before any rounding or wording.
#include <catch2/catch.hpp>

#include <cmath>

#include "solve/compare.hpp"
#include "support.hpp"

using namespace bftest;

namespace {

SolvedScenario solved(Scenario scenario, const std::string& file) {
  return solve_scenario(std::make_shared<const Scenario>(std::move(scenario)), file);
}

}  // namespace

TEST_CASE("compare: questions in first-asked order, deltas against the first optimal answer", "[compare]") {
  Scenario wider = load_network("gauge_break.yaml").scenario();
  wider.name = "wider-bogie";
  wider.transfers[0].capacity_t_per_yr = 2e6;  // the bogie exchange no longer binds first: 2 Mt passes
  const std::vector<SolvedScenario> scenarios = {solved(load_network("gauge_break.yaml").scenario(), "a.yaml"),
                                                 solved(wider, "b.yaml")};
  const Comparison c = compare_scenarios(scenarios);
  REQUIRE(c.questions.size() == 2);
  CHECK(c.questions[0].route == "a-d");
  CHECK_FALSE(c.questions[0].reverse);
  CHECK(c.questions[1].reverse);
  const auto& results = c.questions[0].results;
  REQUIRE(results.size() == 2);
  REQUIRE(results[0].answer != nullptr);
  CHECK(near(results[0].answer->capacity_t_per_yr, 1.1e6));
  CHECK_FALSE(results[0].delta_capacity_t_per_yr.has_value());
  REQUIRE(results[1].delta_capacity_t_per_yr.has_value());
  CHECK(near(*results[1].delta_capacity_t_per_yr, 0.9e6));
  CHECK(c.questions[0].direction_scenario == 1);
}

TEST_CASE("compare: a question one scenario does not ask has no answer there", "[compare]") {
  const std::vector<SolvedScenario> scenarios = {solved(load_network("gauge_break.yaml").scenario(), "a.yaml"),
                                                 solved(load_network("dual_gauge.yaml").scenario(), "b.yaml")};
  const Comparison c = compare_scenarios(scenarios);
  // gauge_break asks a-d both ways; dual_gauge asks a-d forward, then shared, a-c, e-d.
  REQUIRE(c.questions.size() == 5);
  CHECK((c.questions[1].route == "a-d" && c.questions[1].reverse));
  CHECK(c.questions[1].results[0].answer != nullptr);
  CHECK(c.questions[1].results[1].answer == nullptr);
  CHECK(c.questions[1].direction_scenario == 0);
  CHECK(c.questions[2].route == "shared");
  CHECK(c.questions[2].results[0].answer == nullptr);
  CHECK(c.questions[2].direction_scenario == 1);
}

TEST_CASE("compare: demand figures summed over the question's demands, cost weighted by delivered tonnes", "[compare]") {
  const std::vector<SolvedScenario> scenarios = {solved(load_network("gauge_break.yaml").scenario(), "a.yaml")};
  const Comparison c = compare_scenarios(scenarios);
  const ComparedResult& r = c.questions[0].results[0];
  const Scenario& s = scenarios[0].scenario();
  double wanted = 0, delivered_value = 0, cost = 0, delivered = 0;
  for (const DemandAnswer& d : scenarios[0].answer.routing.demands) {
    const Demand& demand = s.demands[static_cast<std::size_t>(d.demand)];
    wanted += demand.quantity_t_per_yr;
    delivered += d.delivered_t_per_yr;
    delivered_value += d.delivered_t_per_yr * s.commodities[static_cast<std::size_t>(demand.commodity)].value_usd_per_t;
    cost += d.cost_usd_per_t * d.delivered_t_per_yr;
  }
  REQUIRE(wanted > 0);
  REQUIRE(delivered > 0);
  CHECK(near(r.demand_t_per_yr, wanted));
  CHECK(near(r.demand_delivered_t_per_yr, delivered));
  CHECK(near(r.demand_delivered_usd_per_yr, delivered_value));
  CHECK(near(r.demand_cost_usd_per_t, cost / delivered));
}

TEST_CASE("compare: the demand cost change is against the first scenario that delivers", "[compare]") {
  const std::vector<SolvedScenario> scenarios = {solved(load_network("gauge_break.yaml").scenario(), "a.yaml"),
                                                 solved(load_network("gauge_break.yaml").scenario(), "b.yaml")};
  const Comparison c = compare_scenarios(scenarios);
  const ComparedResult& first = c.questions[0].results[0];
  const ComparedResult& second = c.questions[0].results[1];
  CHECK_FALSE(first.delta_demand_cost_usd_per_t.has_value());
  REQUIRE(second.delta_demand_cost_usd_per_t.has_value());
  CHECK(*second.delta_demand_cost_usd_per_t == 0.0);
}
