// engine/sweep/model: a unit rate swept in place (rates.<id>.cost_per_km, from the spec and from a
// range written on the rate) moves every link that uses it. Each variant's costs must equal a
// fresh run of a what-if that overrides the rates through extends: (the path an analyst takes by
// hand), and the hand computation of tests/networks/rate_chain.yaml at the sampled rates.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <memory>
#include <sstream>
#include <utility>
#include <vector>

#include "solve/answers.hpp"
#include "sweep/model.hpp"
#include "sweep/spec.hpp"
#include "sweep_support.hpp"

using namespace borderflow;
using namespace bftest;
using Catch::Matchers::Contains;

namespace {

const std::string kRateSpec =
    "borderflow-sweep: 1\n"
    "base: ../networks/rate_chain.yaml\n"
    "seed: 11\n"
    "design: {type: latin_hypercube, variants: 16}\n"
    "parameters:\n"
    "  - path: rates.ru-road.cost_per_km\n"
    "    range: [0.02 USD/t-km, 0.1 USD/t-km]\n"
    "scenario_ranges: all\n"  // ru-rail: [0.006, 0.02] USD/t-km, written on the rate
    "outputs: {route_capacity: all, route_cost: true, cost_per_tonne: all, total_cost: true}\n";

bool close(double a, double b) { return std::abs(a - b) <= 1e-6 * std::max(1.0, std::abs(b)) + 1e-6; }

std::string exact(double v) {
  std::ostringstream out;
  out << std::setprecision(17) << v;
  return out.str();
}

/// The hand computation of rate_chain.yaml at rail rate r and road rate q: three parallel
/// options a -> c (rail 1 + 500 r on 2 Mt, road 2 + 100 q on 1 Mt, old road 12 on 0.5 Mt),
/// filled cheapest first up to `tonnes`; returns the transport cost in USD/yr.
double hand_cost(double r, double q, double tonnes) {
  std::vector<std::pair<double, double>> options = {{1 + 500 * r, 2e6}, {2 + 100 * q, 1e6}, {12, 0.5e6}};
  std::sort(options.begin(), options.end());
  double total = 0;
  for (const auto& [cost, capacity] : options) {
    const double t = std::min(capacity, tonnes);
    total += t * cost;
    tonnes -= t;
  }
  return total;
}

}  // namespace

TEST_CASE("sweep: a unit rate swept in place equals fresh runs of the rates overridden through extends",
          "[sweep][rates]") {
  const SweepModel model(spec_from(kRateSpec));
  const SweepSpec& spec = model.spec();
  REQUIRE(spec.parameters.size() == 2);
  CHECK(spec.parameters[0].path == "rates.ru-road.cost_per_km");
  CHECK(spec.parameters[1].path == "rates.ru-rail.cost_per_km");
  CHECK(spec.parameters[1].origin == "scenario");
  CHECK(spec.parameters[1].low == 0.006);
  CHECK(spec.parameters[1].high == 0.02);
  CHECK(spec.parameters[1].unit == "USD/t-km");

  const std::vector<SweepRow> rows = sweep_rows(model, 1);
  REQUIRE(rows.size() == 16);
  int rail_first = 0, road_first = 0;
  for (const SweepRow& row : rows) {
    INFO("variant " << row.variant);
    REQUIRE(row.status == "ok");
    const double rail = column_value(model, row, "rates.ru-rail.cost_per_km");
    const double road = column_value(model, row, "rates.ru-road.cost_per_km");
    (1 + 500 * rail < 2 + 100 * road ? rail_first : road_first) += 1;

    auto source = memory_spec_source(kRateSpec);
    const std::string what_if = kMemoryRoot + "/networks/what-if.yaml";
    source->add(what_if, "borderflow: 1\nextends: rate_chain.yaml\nrates:\n"
                         "  - {id: ru-rail, cost_per_km: " + exact(rail) + " USD/t-km}\n"
                         "  - {id: ru-road, cost_per_km: " + exact(road) + " USD/t-km}\n");
    LoadOptions options;
    options.source = source;
    const SolvedScenario fresh = solve_scenario(std::make_shared<const Scenario>(load_scenario(what_if, options)), "what-if");
    REQUIRE(fresh.scenario().rates[0].cost_usd_per_t_km == rail);
    const RoutingAnswer& routing = fresh.answer.routing;
    REQUIRE(routing.demands.size() == 1);
    REQUIRE(fresh.answer.capacities.size() == 1);
    const CapacityAnswer& capacity = fresh.answer.capacities[0];

    CHECK(close(column_value(model, row, "cost_per_t.a-to-c"), routing.demands[0].cost_usd_per_t));
    CHECK(close(column_value(model, row, "total_cost"), routing.transport_cost_usd_per_yr + routing.unserved_penalty_usd_per_yr));
    CHECK(close(column_value(model, row, "capacity.a-c"), capacity.capacity_t_per_yr));
    CHECK(close(column_value(model, row, "route_cost.a-c"), capacity.cost_usd_per_t));
    // And by hand: 3.2 Mt/yr filled cheapest first; at capacity, all 3.5 Mt/yr.
    CHECK(close(column_value(model, row, "total_cost"), hand_cost(rail, road, 3.2e6)));
    CHECK(close(column_value(model, row, "cost_per_t.a-to-c"), hand_cost(rail, road, 3.2e6) / 3.2e6));
    CHECK(close(column_value(model, row, "capacity.a-c"), 3.5e6));
    CHECK(close(column_value(model, row, "route_cost.a-c"), hand_cost(rail, road, 3.5e6) / 3.5e6));
  }
  // The draws straddle the crossing point (rail 1 + 500 r against road 2 + 100 q), so the
  // routing changes order across variants, not only its cost.
  CHECK(rail_first > 0);
  CHECK(road_first > 0);
}

TEST_CASE("sweep validate refuses an unknown rate, a rate no link uses and a link's own path beside its rate",
          "[sweep][rates][spec]") {
  const std::string head = "borderflow-sweep: 1\nbase: ../networks/rate_chain.yaml\nseed: 1\n"
                           "design: {type: random, variants: 4}\nparameters:\n";
  CHECK_THAT(formatted(spec_errors(head + "  - path: rates.ru-rial.cost_per_km\n    range: [0.01 USD/t-km, 0.02 USD/t-km]\n")),
             Contains("in-memory.yaml:6:11: error: 'rates.ru-rial.cost_per_km': no rate 'ru-rial' in the base scenario; "
                      "did you mean 'ru-rail'? (at parameters[0].path)"));
  CHECK_THAT(formatted(spec_errors(head + "  - path: links.ab-rail.cost_per_km\n    range: [0.01 USD/t-km, 0.02 USD/t-km]\n")),
             Contains("link 'ab-rail' takes its cost per km from rate 'ru-rail'; vary rates.ru-rail.cost_per_km"));
  CHECK_THAT(formatted(spec_errors(head + "  - path: rates.ru-rail.cost_per_km\n    range: [0.01 USD/t, 0.02 USD/t]\n")),
             Contains("(at parameters[0].range[0])"));
  // A link with its own cost_per_km keeps its path.
  CHECK_NOTHROW(spec_from(head + "  - path: links.ac-road-old.cost_per_km\n    range: [0.01 USD/t-km, 0.02 USD/t-km]\n"));

  // A rate whose every link is closed moves nothing: the model refuses the parameter.
  auto source = memory_spec_source("borderflow-sweep: 1\nbase: ../networks/rate_closed.yaml\nseed: 1\n"
                                   "design: {type: random, variants: 4}\nparameters:\n"
                                   "  - path: rates.ru-road.cost_per_km\n    range: [0.01 USD/t-km, 0.02 USD/t-km]\n");
  source->add(kMemoryRoot + "/networks/rate_closed.yaml",
              "borderflow: 1\nextends: rate_chain.yaml\nlinks: [{id: ac-road, status: closed}]\n");
  SweepLoadOptions options;
  options.source = source;
  SweepSpec closed = load_sweep_spec(memory_spec_path(), options);
  try {
    const SweepModel model(std::move(closed));
    FAIL("expected the model to refuse the parameter");
  } catch (const InputError& error) {
    CHECK_THAT(formatted(error.diagnostics()), Contains("'rates.ru-road.cost_per_km' has no effect: no open link uses the rate"));
  }
}
