// engine/sweep/model: the issue 9 fields (background loads, fleet counts and payloads, fees, cap
// limits, supplier prices) swept in place agree with fresh answers of the scenario edited to the
// same values. The bundled specs scenarios/sweeps/sanctions-lhs.yaml and spare-capacity-lhs.yaml
// vary all of them; a fresh `run` of the edited scenario is the independent reference.
#include <catch2/catch.hpp>

#include <cmath>
#include <memory>

#include "solve/answers.hpp"
#include "sweep/model.hpp"
#include "sweep/spec.hpp"
#include "sweep_support.hpp"

using namespace borderflow;
using namespace bftest;

namespace {

SweepSpec bundled(const std::string& name) {
  return load_sweep_spec(std::string(BORDERFLOW_SOURCE_DIR) + "/scenarios/sweeps/" + name);
}

bool close(double a, double b) { return std::abs(a - b) <= 1e-6 * std::max(1.0, std::abs(b)) + 0.02; }

/// The capacity of a route question in a fresh answer.
double capacity(const ScenarioAnswer& answer, const Scenario& s, const std::string& route, bool reverse) {
  for (const auto& c : answer.capacities) {
    if (s.routes[static_cast<std::size_t>(c.route)].id == route && c.reverse == reverse) return c.capacity_t_per_yr;
  }
  FAIL("no route " << route);
  return 0;
}

const DemandAnswer& demand(const ScenarioAnswer& answer, const Scenario& s, const std::string& id) {
  for (const auto& d : answer.routing.demands) {
    if (s.demands[static_cast<std::size_t>(d.demand)].id == id) return d;
  }
  FAIL("no demand " << id);
  return answer.routing.demands.front();
}

}  // namespace

TEST_CASE("sweep: fleets, fees, caps and supplier prices swept in place equal fresh answers", "[sweep][issue9]") {
  const SweepModel model(bundled("sanctions-lhs.yaml"));
  SweepBlock block;
  model.evaluate_block(0, block);
  REQUIRE(block.rows.size() >= 6);
  for (std::size_t i = 0; i < 6; ++i) {
    const SweepRow& row = block.rows[i];
    INFO("variant " << row.variant);
    REQUIRE(row.status == "ok");
    auto edited = std::make_shared<Scenario>(*model.spec().base);
    Fleet& fleet = edited->fleets[static_cast<std::size_t>(edited->fleets.size() - 1)];
    REQUIRE(fleet.id == "dunai-shuttle");
    fleet.count = column_value(model, row, "fleets.dunai-shuttle.count");
    fleet.payload_t = column_value(model, row, "fleets.dunai-shuttle.payload");
    edited->fees.front().fee_usd_per_t = column_value(model, row, "fees.cn-transit.fee");
    edited->caps.front().limit = column_value(model, row, "caps.un-refined-petroleum.limit");
    Demand& grain = edited->demands[static_cast<std::size_t>(edited->demands.size() - 1)];
    REQUIRE(grain.id == "kp-grain");
    grain.suppliers[0].price_usd_per_t = column_value(model, row, "suppliers.ru-grain.price");
    grain.suppliers[1].price_usd_per_t = column_value(model, row, "suppliers.cn-grain.price");
    const SolvedScenario fresh = solve_scenario(edited, "edited");
    const Scenario& s = fresh.scenario();
    CHECK(close(column_value(model, row, "capacity.ru-kp"), capacity(fresh.answer, s, "ru-kp", false)));
    CHECK(close(column_value(model, row, "capacity.bilateral-sea"), capacity(fresh.answer, s, "bilateral-sea", false)));
    CHECK(close(column_value(model, row, "unserved.ru-refined-kp"), demand(fresh.answer, s, "ru-refined-kp").unserved_t_per_yr));
    CHECK(close(column_value(model, row, "cost_per_t.kp-grain"), demand(fresh.answer, s, "kp-grain").cost_usd_per_t));
    const auto& r = fresh.answer.routing;
    CHECK(close(column_value(model, row, "total_cost"), r.transport_cost_usd_per_yr + r.unserved_penalty_usd_per_yr));
  }
}

TEST_CASE("sweep: background loads swept in place equal fresh answers", "[sweep][issue9]") {
  const SweepModel model(bundled("spare-capacity-lhs.yaml"));
  SweepBlock block;
  model.evaluate_block(0, block);
  REQUIRE(block.rows.size() >= 6);
  for (std::size_t i = 0; i < 6; ++i) {
    const SweepRow& row = block.rows[i];
    INFO("variant " << row.variant);
    REQUIRE(row.status == "ok");
    auto edited = std::make_shared<Scenario>(*model.spec().base);
    int swept = 0;
    for (auto& flow : edited->background) {
      const std::string column = "background." + flow.id + ".load";
      if (column_slot(model, column) < 0) continue;
      flow.load_t_per_yr = column_value(model, row, column);
      ++swept;
    }
    CHECK(swept == 5);
    const SolvedScenario fresh = solve_scenario(edited, "edited");
    CHECK(close(column_value(model, row, "capacity.ru-kp"), capacity(fresh.answer, fresh.scenario(), "ru-kp", false)));
    CHECK(close(column_value(model, row, "capacity.ru-kp.reverse"), capacity(fresh.answer, fresh.scenario(), "ru-kp", true)));
  }
}
