// engine/sweep/model on a time scenario with random disruptions (tests/sweep/time-disrupted.yaml, whose
// floods always cost something, and the bundled scenarios/sweeps/flood-season-mc.yaml):
// each variant's per-period columns equal a fresh `run` of the scenario edited to the variant's
// demand quantity, with the variant's sampled closed days written as `closed:` windows of its
// elements. The fresh run builds the time-expanded network from the scenario; the sweep scales
// its rows in place, so the two are independent ways to the same numbers.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <memory>

#include "scenario/disruption.hpp"
#include "solve/time_answers.hpp"
#include "sweep/model.hpp"
#include "sweep/spec.hpp"
#include "sweep_support.hpp"

using namespace borderflow;
using namespace bftest;

namespace {

/// Each closed day of `days` as a one-day window.
void close_days(Availability& a, const Horizon& h, const std::vector<char>& days) {
  for (std::size_t d = 0; d < days.size(); ++d) {
    if (!days[d]) continue;
    const Date date = date_of(h.first_day(0) + static_cast<std::int64_t>(d));
    a.closed.push_back({date, date});
  }
}

/// Compares a block of the sweep `spec_path` (relative to the source tree) with fresh runs of the
/// edited scenario; `demand_id` is the demand whose quantity the spec varies. Returns how many
/// compared variants had closures that changed the optimum.
int compare_with_fresh_runs(const std::string& spec_path, const std::string& demand_id, std::size_t at_least) {
  const SweepModel model(load_sweep_spec(std::string(BORDERFLOW_SOURCE_DIR) + "/" + spec_path));
  const Scenario& base = *model.spec().base;
  REQUIRE(base.time);
  const Horizon& h = *base.time;
  SweepBlock block;
  model.evaluate_block(0, block);
  REQUIRE(block.rows.size() >= 4);
  int disrupted_variants = 0;
  int closures_that_cost = 0;  // variants whose closures change the optimum: the test can see a missed one
  // Variants in order until one whose closures change the optimum has been compared (most
  // closures fall where spare crossings absorb them at no cost).
  for (std::size_t i = 0; i < block.rows.size() && (i < at_least || closures_that_cost == 0); ++i) {
    const SweepRow& row = block.rows[i];
    INFO("variant " << row.variant);
    REQUIRE(row.status == "ok");
    Scenario edited = base;
    for (Demand& d : edited.demands) {
      if (d.id == demand_id) d.quantity_t_per_yr = column_value(model, row, "demands." + demand_id + ".quantity");
    }
    const DisruptedDays world = sample_disruptions(base, disruption_seed(model.spec(), row.variant));
    bool any = false;
    for (std::size_t c = 0; c < edited.crossings.size(); ++c) {
      close_days(edited.crossings[c].availability.edit(), h, world.crossings[c]);
      any = any || std::find(world.crossings[c].begin(), world.crossings[c].end(), 1) != world.crossings[c].end();
    }
    for (std::size_t l = 0; l < edited.links.size(); ++l) {
      close_days(edited.links[l].availability.edit(), h, world.links[l]);
      any = any || std::find(world.links[l].begin(), world.links[l].end(), 1) != world.links[l].end();
    }
    for (std::size_t t = 0; t < edited.transfers.size(); ++t) close_days(edited.transfers[t].availability.edit(), h, world.transfers[t]);
    disrupted_variants += any ? 1 : 0;
    const SolvedScenario fresh = solve_scenario(std::make_shared<const Scenario>(edited), "edited");
    REQUIRE(fresh.answer.routing.certified);
    for (int p = 0; p < h.periods; ++p) {
      double delivered = 0, backlog = 0, unserved = 0;
      for (const DemandInPeriod& d : fresh.time->periods[static_cast<std::size_t>(p)].demands) {
        delivered += d.delivered_t;
        backlog += d.backlog_t;
        unserved += d.unserved_t;
      }
      INFO("period " << h.label(p));
      CHECK(column_value(model, row, "delivered." + h.label(p)) == Approx(delivered).margin(0.01));
      CHECK(column_value(model, row, "backlog." + h.label(p)) == Approx(backlog).margin(0.01));
      CHECK(column_value(model, row, "unserved." + h.label(p)) == Approx(unserved).margin(0.01));
    }
    const RoutingAnswer& r = fresh.answer.routing;
    const double cost = r.transport_cost_usd_per_yr + r.source_cost_usd_per_yr + r.unserved_penalty_usd_per_yr +
                        r.solution.backlog_cost_usd_per_yr;
    CHECK(column_value(model, row, "total_cost") == Approx(cost).epsilon(1e-7).margin(0.02));
    if (any) {
      Scenario undisrupted = base;
      for (Demand& d : undisrupted.demands) {
        if (d.id == demand_id) d.quantity_t_per_yr = column_value(model, row, "demands." + demand_id + ".quantity");
      }
      const SolvedScenario plain = solve_scenario(std::make_shared<const Scenario>(undisrupted), "plain");
      const RoutingAnswer& q = plain.answer.routing;
      const double plain_cost = q.transport_cost_usd_per_yr + q.source_cost_usd_per_yr + q.unserved_penalty_usd_per_yr +
                                q.solution.backlog_cost_usd_per_yr;
      if (std::abs(plain_cost - cost) > 1) ++closures_that_cost;
    }
  }
  CHECK(disrupted_variants > 0);  // the comparison exercised sampled closures
  return closures_that_cost;
}

}  // namespace

TEST_CASE("sweep over time: per-period deliveries under sampled disruptions equal fresh runs", "[sweep][time]") {
  // Floods that always bind: the sweep's in-place closures must match closed windows exactly.
  CHECK(compare_with_fresh_runs("tests/sweep/time-disrupted.yaml", "a-to-b", 6) > 0);
  // The bundled flood years, where spare crossings absorb most closures.
  compare_with_fresh_runs("scenarios/sweeps/flood-season-mc.yaml", "cn-general-kp", 3);
}

TEST_CASE("sweep over time: the same variant samples the same disruptions in every block layout", "[sweep][time]") {
  const SweepSpec spec = load_sweep_spec(std::string(BORDERFLOW_SOURCE_DIR) + "/scenarios/sweeps/flood-season-mc.yaml");
  const Scenario& base = *spec.base;
  const auto a = sample_disruptions(base, disruption_seed(spec, 17));
  const auto b = sample_disruptions(base, disruption_seed(spec, 17));
  const auto c = sample_disruptions(base, disruption_seed(spec, 18));
  CHECK(a.crossings == b.crossings);
  CHECK(a.links == b.links);
  CHECK((a.crossings != c.crossings || a.links != c.links));
}
