// Named unit rates on the hand networks tests/networks/rate_chain.yaml and rate_override.yaml
// (each states its hand computation at the top): cost = fixed + rate x km, asserted to the dollar
// through certified answers; and converting links from cost_per_km: X to rate: R (R = X) changes
// no byte of any output format, the map exports included.
#include <catch2/catch.hpp>

#include <fstream>
#include <memory>
#include <sstream>

#include "report/map.hpp"
#include "report/print_map.hpp"
#include "report/report.hpp"
#include "support.hpp"

using namespace bftest;

namespace {

/// A scenario solved as `run` solves it, every answer certified.
SolvedScenario certified_solve(Scenario scenario) {
  SolvedScenario solved = solve_scenario(std::make_shared<const Scenario>(std::move(scenario)), "hand network");
  for (const CapacityAnswer& c : solved.answer.capacities) {
    INFO("route " << c.route << ": " << joined(c.check_problems));
    REQUIRE(c.status == SolveStatus::Optimal);
    REQUIRE(c.certified);
  }
  const RoutingAnswer& routing = solved.answer.routing;
  INFO("routing: " << joined(routing.check_problems));
  REQUIRE(routing.status == SolveStatus::Optimal);
  REQUIRE(routing.certified);
  return solved;
}

double link_cost(const Scenario& s, const std::string& id) {
  const int l = s.find_link(id);
  REQUIRE(l >= 0);
  return s.links[static_cast<std::size_t>(l)].total_cost_usd_per_t();
}

std::string file_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

/// `text` with every occurrence of `from` replaced by `to`; at least one must occur.
std::string replaced(std::string text, const std::string& from, const std::string& to) {
  std::size_t at = text.find(from);
  REQUIRE(at != std::string::npos);
  for (; at != std::string::npos; at = text.find(from, at + to.size())) text.replace(at, from.size(), to);
  return text;
}

}  // namespace

TEST_CASE("rate_chain: links on a rate cost fixed + rate x km, and routing fills them cheapest first",
          "[rates][networks]") {
  const Scenario s = load_scenario(network_path("rate_chain.yaml"));
  CHECK(link_cost(s, "ab-rail") == Approx(2));       // 0.01 x 200
  CHECK(link_cost(s, "bc-rail") == Approx(4));       // 1 + 0.01 x 300
  CHECK(link_cost(s, "ac-road") == Approx(7));       // 2 + 0.05 x 100
  CHECK(link_cost(s, "ac-road-old") == Approx(12));  // 0.08 x 150, its own cost_per_km
  const SolvedScenario solved = certified_solve(s);
  REQUIRE(solved.answer.capacities.size() == 1);
  CHECK(near(solved.answer.capacities[0].capacity_t_per_yr, 3.5e6));
  // At capacity: (2 x 6 + 1 x 7 + 0.5 x 12) / 3.5 = 25 / 3.5 USD/t.
  CHECK(solved.answer.capacities[0].cost_usd_per_t == Approx(25.0 / 3.5).epsilon(1e-9));
  const RoutingAnswer& routing = solved.answer.routing;
  REQUIRE(routing.demands.size() == 1);
  CHECK(near(routing.demands[0].delivered_t_per_yr, 3.2e6));
  CHECK(near(routing.transport_cost_usd_per_yr, 21.4e6));  // 12 + 7 + 2.4 million
  CHECK(routing.demands[0].cost_usd_per_t == Approx(6.6875).epsilon(1e-9));
}

TEST_CASE("rate_override: a what-if changes a rate by id and moves a link onto a rate", "[rates][networks]") {
  const Scenario s = load_scenario(network_path("rate_override.yaml"));
  CHECK(s.ranges.empty());  // the plain override replaced ru-rail's range too
  CHECK(link_cost(s, "ab-rail") == Approx(4));        // 0.02 x 200
  CHECK(link_cost(s, "bc-rail") == Approx(7));        // 1 + 0.02 x 300
  CHECK(link_cost(s, "ac-road-old") == Approx(7.5));  // 0.05 x 150 on ru-road now
  const SolvedScenario solved = certified_solve(s);
  CHECK(near(solved.answer.capacities[0].capacity_t_per_yr, 3.5e6));
  const RoutingAnswer& routing = solved.answer.routing;
  CHECK(near(routing.transport_cost_usd_per_yr, 29.45e6));  // 7 + 3.75 + 18.7 million
  CHECK(routing.demands[0].cost_usd_per_t == Approx(9.203125).epsilon(1e-9));
}

TEST_CASE("rates: converting cost_per_km: X to rate: R with R = X changes no byte of any output", "[rates][report]") {
  const std::string with_rates = file_text(network_path("rate_chain.yaml"));
  // The same network with each rate's value written on its links, the rates: section kept so that
  // nothing else moves (it is then unused: a warning, not an output).
  std::string written = replaced(with_rates, "rate: ru-rail}", "cost_per_km: 0.01 USD/t-km}");
  written = replaced(written, "rate: ru-road}", "cost_per_km: 0.05 USD/t-km}");
  const auto solve = [](const std::string& yaml) {
    return solve_scenario(std::make_shared<const Scenario>(load_text(yaml)), "rate_chain.yaml");
  };
  const SolvedScenario a = solve(with_rates);
  const SolvedScenario b = solve(written);
  REQUIRE(b.scenario().links[0].rate == -1);
  REQUIRE(a.scenario().links[0].rate == 0);
  for (Format f : {Format::Table, Format::Json, Format::Csv, Format::Markdown}) {
    CHECK(render_run(a, f) == render_run(b, f));
  }
  CHECK(render_geojson(a) == render_geojson(b));
  CHECK(render_svg_map(a) == render_svg_map(b));
  CHECK(render_compare({a, b}, Format::Json) == render_compare({b, a}, Format::Json));
}
