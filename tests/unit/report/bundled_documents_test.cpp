// The JSON documents of the bundled scenarios, pinned by the figures that matter rather than byte
// for byte (tests/golden/ keeps the bundled scenarios in table form and the full JSON schema on
// hand networks). What is pinned: the document's shape, the route capacities and what crosses
// the border at them, the routing totals, and compare's deltas. Every figure is
// one a reader of the README or docs/calibration.md would cite.
#include <catch2/catch.hpp>

#include <memory>
#include <string>
#include <vector>

#include "report/report.hpp"
#include "scenario/loader.hpp"
#include "support.hpp"

using namespace bftest;
using nlohmann::json;

namespace {

SolvedScenario solve_bundled(const std::string& name) {
  const std::string file = "scenarios/" + name;
  auto scenario = std::make_shared<const Scenario>(load_scenario(std::string(BORDERFLOW_SOURCE_DIR) + "/" + file));
  return solve_scenario(scenario, file);
}

/// The capacity entry of a route question in a run document.
const json& route_capacity(const json& run, const std::string& route, bool reverse) {
  for (const json& c : run.at("route_capacities")) {
    if (c.at("route") == route && c.at("reverse") == reverse) return c;
  }
  FAIL("no route question " << route << (reverse ? " (reverse)" : ""));
  throw;
}

double crossing_flow(const json& entry, const std::string& id) {
  for (const json& c : entry.at("crossings")) {
    if (c.at("id") == id) return c.at("t_per_yr").get<double>();
  }
  return 0;
}

/// A bottleneck is a minimum cut: every tonne row in it is full (its spare capacity used), and
/// without fleet rows (whose limit is in vehicle-hours) their spare capacities add up to the flow.
void check_bottleneck_is_a_cut(const json& entry) {
  double cut = 0;
  bool fleets = false;
  for (const json& row : entry.at("bottleneck")) {
    if (row.at("kind") == "fleet") {
      fleets = true;
      continue;
    }
    const double spare = row.at("spare_t_per_yr").get<double>();
    CHECK(row.at("used_t_per_yr").get<double>() == Approx(spare).margin(0.1));
    cut += spare;
  }
  const double flow = entry.at("capacity_t_per_yr").get<double>();
  if (fleets) CHECK(cut <= flow + 0.1);
  else CHECK(cut == Approx(flow).margin(0.1));
}

}  // namespace

TEST_CASE("baseline-2024 JSON: shape, capacities and routing totals", "[report][bundled]") {
  const json run = run_to_json(solve_bundled("baseline-2024.yaml"));
  CHECK(run.at("borderflow_version") == BORDERFLOW_VERSION_FOR_TESTS);
  CHECK(run.at("scenario").at("name") == "baseline-2024");
  const json& network = run.at("network");
  CHECK(network.at("places") == 76);
  CHECK(network.at("links") == 134);
  CHECK(network.at("transfers") == 50);
  CHECK(network.at("crossings") == 30);
  CHECK(run.at("route_capacities").size() == 14);
  for (const json& c : run.at("route_capacities")) {
    INFO(c.at("route") << (c.at("reverse").get<bool>() ? " reverse" : ""));
    CHECK(c.at("status") == "optimal");
    CHECK(c.at("verified") == true);
    check_bottleneck_is_a_cut(c);
  }
  // The headline (README, docs/calibration.md): Russia to Pyongyang on the spare capacity, China allowed.
  CHECK(route_capacity(run, "ru-pyongyang", false).at("capacity_t_per_yr") == 5700000.0);
  CHECK(route_capacity(run, "ru-pyongyang", true).at("capacity_t_per_yr") == 5900000.0);
  CHECK(route_capacity(run, "ru-kp", false).at("capacity_t_per_yr") == 9325846.8);
  CHECK(route_capacity(run, "bilateral-rail", false).at("capacity_t_per_yr") == 5000000.0);
  CHECK(route_capacity(run, "bilateral-sea", false).at("capacity_t_per_yr") == 1925846.8);
  // DPRK -> China covers the 22.49 Mt of coal exported in 2016 (docs/calibration.md).
  CHECK(route_capacity(run, "china-kp-all", false).at("capacity_t_per_yr") == 40533000.0);
  CHECK(route_capacity(run, "china-kp-all", true).at("capacity_t_per_yr") == 42133000.0);

  const json& routing = run.at("routing");
  CHECK(routing.at("status") == "optimal");
  CHECK(routing.at("verified") == true);
  CHECK(routing.at("transport_cost_usd_per_yr") == 79252380.0);
  CHECK(routing.at("unserved_penalty_usd_per_yr") == 0.0);
  CHECK(routing.at("demands").size() == 5);  // Russia's trades; China's own is background
}

TEST_CASE("bilateral JSON: Russia reaches the DPRK over the Friendship Bridge and by sea only", "[report][bundled]") {
  const json run = run_to_json(solve_bundled("bilateral.yaml"));
  const json& ru_kp = route_capacity(run, "ru-kp", false);
  CHECK(ru_kp.at("capacity_t_per_yr") == 6925846.8);
  CHECK(crossing_flow(ru_kp, "ru-kp-friendship-bridge") == 5000000.0);
  for (const json& c : ru_kp.at("crossings")) CHECK(c.at("direction") == "RU->KP");
  check_bottleneck_is_a_cut(ru_kp);
  // Inland, the bridge carries what the gauge changes pass: the bogie exchange (1.1 Mt/yr) and the
  // Rajin transload (0.3 Mt/yr); ships to Rajin, Chongjin and Wonsan carry the rest, up to what the
  // P'yongra line (3 Mt/yr Chongjin - Hamhung) and the Wonsan lane (0.3) take on to Pyongyang.
  const json& inland = route_capacity(run, "ru-pyongyang", false);
  CHECK(inland.at("capacity_t_per_yr") == 3300000.0);
  CHECK(crossing_flow(inland, "ru-kp-friendship-bridge") == 1400000.0);
  CHECK(crossing_flow(inland, "ru-kp-friendship-bridge") + crossing_flow(inland, "kp-rajin-sea-entry") +
            crossing_flow(inland, "kp-chongjin-sea-entry") + crossing_flow(inland, "kp-wonsan-sea-entry") ==
        Approx(3300000.0));
  for (const json& c : inland.at("crossings")) CHECK(c.at("direction") == "RU->KP");
  check_bottleneck_is_a_cut(inland);
}

TEST_CASE("compare JSON: China-inclusive against bilateral, inland first, deltas", "[report][bundled]") {
  std::vector<SolvedScenario> solved;
  for (const char* name : {"bilateral.yaml", "china-inclusive.yaml", "road-bridge-2026.yaml"}) solved.push_back(solve_bundled(name));
  const json doc = compare_to_json(solved);
  REQUIRE(doc.at("scenarios").size() == 3);
  CHECK(doc.at("scenarios")[1].at("file") == "scenarios/china-inclusive.yaml");
  REQUIRE(doc.at("questions").size() == 14);
  const json& inland = doc.at("questions")[0];
  CHECK(inland.at("route") == "ru-pyongyang");
  CHECK(inland.at("reverse") == false);
  CHECK(inland.at("question") == "8 places in Russia -> Pyongyang");
  const json& bilateral = inland.at("results")[0];
  const json& inclusive = inland.at("results")[1];
  const json& road = inland.at("results")[2];
  CHECK(bilateral.at("capacity_t_per_yr") == 3300000.0);
  CHECK(inclusive.at("capacity_t_per_yr") == 5700000.0);
  CHECK(road.at("capacity_t_per_yr") == 3300000.0);
  CHECK(inclusive.at("delta_capacity_t_per_yr") == 2400000.0);
  // The misleading measures are gone: a ceiling valued at the demand mix, the cost of a full route.
  for (const char* dropped : {"capacity_value_usd_per_yr", "delta_capacity_value_usd_per_yr", "cost_usd_per_t",
                              "delta_cost_usd_per_t", "transit_days"}) {
    CHECK_FALSE(inclusive.contains(dropped));
  }
  // The cost of serving the same Russia-DPRK demands, bilateral and through China: the same, since
  // Zabaikalsk, the one post west of every branch, is full with Russia's own exports.
  CHECK(bilateral.at("demand_cost_usd_per_t") == 57.3988);
  CHECK(inclusive.at("demand_cost_usd_per_t") == 57.3988);
  CHECK(inclusive.at("delta_demand_cost_usd_per_t") == 0.0);
  REQUIRE(doc.at("demands").size() == 5);
  CHECK(doc.at("demands")[0].at("demand") == "ru-grain-kp");
  for (const json& q : doc.at("questions")) {
    for (const json& r : q.at("results")) {
      CHECK(r.at("status") == "optimal");
      CHECK(r.at("verified") == true);
    }
  }
}
