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
