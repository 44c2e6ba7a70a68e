// The bundled scenarios answer the question they state: bilateral routing sends no Russia-DPRK
// tonne through China, China-inclusive may, and every answer is certified.
#include <catch2/catch.hpp>

#include <memory>
#include <string>

#include "network/network.hpp"
#include "scenario/loader.hpp"
#include "solve/answers.hpp"

namespace bf = borderflow;

namespace {

std::string scenario_path(const std::string& name) { return std::string(BORDERFLOW_SOURCE_DIR) + "/scenarios/" + name; }

bool is_russia_dprk(const bf::Scenario& s, const bf::PlaceSet& from, const bf::PlaceSet& to) {
  auto all_in = [&](const bf::PlaceSet& set, const std::string& a, const std::string& b) {
    for (int p : set.places) {
      const auto& c = s.places[static_cast<std::size_t>(p)].country;
      if (c != a && c != b) return false;
    }
    return !set.places.empty();
  };
  return all_in(from, "RU", "KP") && all_in(to, "RU", "KP");
}

/// Tonnes per year of a flow that touch a Chinese place.
double flow_through_china(const bf::Network& network, const std::vector<double>& arc_t_per_yr) {
  const auto& s = network.scenario();
  double total = 0;
  for (const auto& arc : network.arcs()) {
    const auto& tail = s.places[static_cast<std::size_t>(network.vertex(arc.tail).place)];
    const auto& head = s.places[static_cast<std::size_t>(network.vertex(arc.head).place)];
    if (tail.country == "CN" || head.country == "CN") total += arc_t_per_yr[static_cast<std::size_t>(arc.index)];
  }
  return total;
}

bf::SolvedScenario solve_bundled(const std::string& name) {
  return bf::solve_scenario(std::make_shared<const bf::Scenario>(bf::load_scenario(scenario_path(name))), name);
}

}  // namespace

TEST_CASE("bilateral routes no Russia-DPRK tonne through China", "[scenarios]") {
  const bf::SolvedScenario solved = solve_bundled("bilateral.yaml");
  const auto& s = solved.scenario();
  REQUIRE(solved.network.check().empty());
  int russia_dprk_questions = 0;
  for (const auto& c : solved.answer.capacities) {
    const auto& route = s.routes[static_cast<std::size_t>(c.route)];
    REQUIRE(c.certified);
    if (!is_russia_dprk(s, route.origins, route.destinations)) continue;
    ++russia_dprk_questions;
    INFO("route " << route.id << (c.reverse ? " reverse" : ""));
    CHECK(c.capacity_t_per_yr > 0);
    CHECK(flow_through_china(solved.network, c.arc_t_per_yr) == 0.0);
  }
  CHECK(russia_dprk_questions > 0);
  REQUIRE(solved.answer.routing.certified);
  int russia_dprk_demands = 0;
  for (std::size_t k = 0; k < s.demands.size(); ++k) {
    const auto& d = s.demands[k];
    if (!is_russia_dprk(s, d.origins, d.destinations)) continue;
    ++russia_dprk_demands;
    INFO("demand " << d.id);
    CHECK(flow_through_china(solved.network, solved.answer.routing.solution.classes[k].arc_t_per_yr) == 0.0);
  }
  CHECK(russia_dprk_demands > 0);
}

TEST_CASE("china-inclusive may route Russia-DPRK trade through China, and carries more", "[scenarios]") {
  const bf::SolvedScenario bilateral = solve_bundled("bilateral.yaml");
  const bf::SolvedScenario inclusive = solve_bundled("china-inclusive.yaml");
  REQUIRE(inclusive.network.check().empty());
  double bilateral_ru_kp = -1, inclusive_ru_kp = -1, inclusive_through_china = 0;
  for (const auto& c : bilateral.answer.capacities) {
    if (bilateral.scenario().routes[static_cast<std::size_t>(c.route)].id == "ru-kp" && !c.reverse) bilateral_ru_kp = c.capacity_t_per_yr;
  }
  for (const auto& c : inclusive.answer.capacities) {
    REQUIRE(c.certified);
    if (inclusive.scenario().routes[static_cast<std::size_t>(c.route)].id == "ru-kp" && !c.reverse) {
      inclusive_ru_kp = c.capacity_t_per_yr;
      inclusive_through_china = flow_through_china(inclusive.network, c.arc_t_per_yr);
    }
  }
  REQUIRE(bilateral_ru_kp > 0);
  CHECK(inclusive_ru_kp > bilateral_ru_kp);
  CHECK(inclusive_through_china > 0);
  // Opening a route can only lower the cost of serving the same demands.
  CHECK(inclusive.answer.routing.solution.objective <= bilateral.answer.routing.solution.objective + 1e-6);
}

TEST_CASE("every bundled scenario is certified and the closures lower capacity", "[scenarios]") {
  const bf::SolvedScenario baseline = solve_bundled("baseline-2024.yaml");
  const bf::SolvedScenario covid = solve_bundled("covid-closure.yaml");
  const bf::SolvedScenario road = solve_bundled("road-bridge-2026.yaml");
  const bf::SolvedScenario bilateral = solve_bundled("bilateral.yaml");
  for (const bf::SolvedScenario* solved : {&baseline, &covid, &road}) {
    for (const auto& c : solved->answer.capacities) CHECK(c.certified);
    CHECK(solved->answer.routing.certified);
  }
  auto ru_kp = [](const bf::SolvedScenario& solved) {
    for (const auto& c : solved.answer.capacities) {
      if (solved.scenario().routes[static_cast<std::size_t>(c.route)].id == "ru-kp" && !c.reverse) return c.capacity_t_per_yr;
    }
    return -1.0;
  };
  CHECK(ru_kp(covid) < ru_kp(baseline));
  CHECK(ru_kp(road) > ru_kp(bilateral));  // the road bridge adds to the bilateral corridor
}

namespace {

const bf::CapacityAnswer& capacity_of(const bf::SolvedScenario& solved, const std::string& route, bool reverse) {
  for (const auto& c : solved.answer.capacities) {
    if (solved.scenario().routes[static_cast<std::size_t>(c.route)].id == route && c.reverse == reverse) return c;
  }
  FAIL("no route " << route);
  return solved.answer.capacities.front();
}

const bf::DemandAnswer& demand_of(const bf::SolvedScenario& solved, const std::string& id) {
  for (const auto& d : solved.answer.routing.demands) {
    if (solved.scenario().demands[static_cast<std::size_t>(d.demand)].id == id) return d;
  }
  FAIL("no demand " << id);
  return solved.answer.routing.demands.front();
}

}  // namespace

// The figures README.md quotes for the issue 9 scenarios.
TEST_CASE("china-inclusive answers on the capacity existing trade leaves; no-background-ceilings shows the ceilings", "[scenarios]") {
  const bf::SolvedScenario empty = solve_bundled("no-background-ceilings.yaml");
  const bf::SolvedScenario spare = solve_bundled("china-inclusive.yaml");
  for (const auto& c : spare.answer.capacities) CHECK(c.certified);
  CHECK(spare.answer.routing.certified);
  CHECK(spare.answer.background.certified);
  for (const auto& c : empty.answer.capacities) CHECK(c.certified);
  // Russia to Pyongyang: 18.3 Mt/yr on empty posts, 5.7 on what Russia's exports to China (Zabaikalsk
  // full, Grodekovo 1.45 of 10 Mt/yr spare, ...) and China's own trade with the DPRK leave.
  CHECK(capacity_of(empty, "ru-pyongyang", false).capacity_t_per_yr == Approx(18300000).margin(1));
  CHECK(capacity_of(spare, "ru-pyongyang", false).capacity_t_per_yr == Approx(5700000).margin(1));
  CHECK(capacity_of(empty, "ru-kp", false).capacity_t_per_yr == Approx(26208846.8).margin(1));
  CHECK(capacity_of(spare, "ru-kp", false).capacity_t_per_yr == Approx(9325846.8).margin(1));
  // Chinese exports through Dandong (1.4 Mt/yr) are routed first, in full.
  bool dandong = false;
  const auto& routed = spare.answer.background;
  for (std::size_t k = 0; k < routed.flows.size(); ++k) {
    if (spare.scenario().background[static_cast<std::size_t>(routed.flows[k])].id != "cn-exports-dandong") continue;
    dandong = true;
    CHECK(routed.delivered_t_per_yr[k] == Approx(1400000).margin(1));
  }
  CHECK(dandong);
}

TEST_CASE("sanctions-2024: the UN cap, the shuttle fleet and grain suppliers bind as README says", "[scenarios]") {
  const bf::SolvedScenario solved = solve_bundled("sanctions-2024.yaml");
  for (const auto& c : solved.answer.capacities) CHECK(c.certified);
  CHECK(solved.answer.routing.certified);
  // 500,000 bbl/yr at 8 bbl/t: 62,500 t of the 190,000 t/yr of Russian products.
  CHECK(demand_of(solved, "ru-refined-kp").delivered_t_per_yr == Approx(62500).margin(0.1));
  // One more barrel: (300 USD/t unserved price - 37.64 USD/t transport) / 8 bbl/t.
  const bf::Network& n = solved.network;
  bool cap_priced = false;
  for (const auto& b : solved.answer.routing.binding) {
    if (n.rows()[static_cast<std::size_t>(b.row)].kind != bf::ElementKind::Cap) continue;
    CHECK(b.shadow_price == Approx((300 - 37.642) / 8).margin(0.01));
    cap_priced = true;
  }
  CHECK(cap_priced);
  // The five lanes no fleet serves at their capacities (0.3 + 0.2 + 0.3 + 0.3 + 0.3 Mt/yr), the Dunai
  // shuttle's 4 ships x 6,000 t x 8,760 h over its shorter round trip, 2 x (205 km / 20 km/h + 300 h),
  // and the 12 tankers x 2,900 t x 8,760 h over 2 x (300 km / 20 km/h + 800 h) to Chongjin.
  CHECK(capacity_of(solved, "bilateral-sea", false).capacity_t_per_yr ==
        Approx(1400000 + 4 * 6000 * 8760 / (2 * (205 / 20.0 + 300)) + 12 * 2900 * 8760 / (2 * (300 / 20.0 + 800))).margin(1));
  // Russian grain wins at 230 USD/t; Chinese grain would win below its price to win.
  const bf::DemandAnswer& grain = demand_of(solved, "kp-grain");
  REQUIRE(grain.suppliers.size() == 2);
  CHECK(grain.suppliers[0].delivered_t_per_yr == Approx(200000).margin(0.1));
  CHECK(grain.suppliers[1].delivered_t_per_yr == 0);
  CHECK(grain.suppliers[1].price_to_win_usd_per_t < 300);
}

// "Shadow price: USD/yr saved per extra t/yr" (the routing table's heading): each binding row's
// price against a re-solve with that row's capacity raised by 1,000 t/yr. A row that is full
// with nothing to spare is degenerate: its optimal duals span the cost of one tonne less to the
// saving of one tonne more, and the routing LP's start decides which it reports. From slacks the
// primal simplex reported 64.46 USD/t for Zabaikalsk-Manzhouli in baseline-2024, where one more
// tonne saves 0.15 (flow_lp.cpp, start_from_cheapest_paths).
TEST_CASE("a routing shadow price is the saving from one more tonne of the row's capacity", "[scenarios][shadow]") {
  const char* names[] = {"baseline-2024.yaml", "china-inclusive.yaml", "bilateral.yaml", "sanctions-2024.yaml",
                         "road-bridge-2026.yaml", "no-background-ceilings.yaml", "covid-closure.yaml", "flood-season.yaml", "winter-ice.yaml"};
  int rows_checked = 0;
  for (const char* name : names) {
    INFO(name);
    const bf::SolvedScenario solved = solve_bundled(name);
    if (solved.network.horizon()) continue;
    const bf::RoutingAnswer& routing = solved.answer.routing;
    REQUIRE(routing.status == bf::SolveStatus::Optimal);
    for (const bf::BindingRow& b : routing.binding) {
      INFO("row " << b.row << " (element " << solved.network.rows()[static_cast<std::size_t>(b.row)].element << "), shadow price "
                  << b.shadow_price);
      constexpr double kStep_t_per_yr = 1000;
      bf::Network raised = solved.network;
      raised.set_row_capacity(b.row, b.capacity_t_per_yr + kStep_t_per_yr);
      const bf::RoutingAnswer more = bf::answer_routing(raised);
      REQUIRE(more.status == bf::SolveStatus::Optimal);
      const double saving_usd_per_t = (routing.solution.objective - more.solution.objective) / kStep_t_per_yr;
      CHECK(b.shadow_price == Approx(saving_usd_per_t).epsilon(1e-3).margin(1e-3));
      ++rows_checked;
    }
  }
  CHECK(rows_checked > 0);
}
