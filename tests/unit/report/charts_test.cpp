// engine/report/charts: Vega-Lite specs of the answers. Each spec is checked as JSON (schema,
// ids, inline data) and its data against the answers it draws: route capacities and their deltas
// against CapacityAnswer, the profile's last point against the path's cost, the time charts
// against the time report; a scenario without time: has no time chart.
#include <catch2/catch.hpp>

#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "report/charts.hpp"
#include "report/time_report.hpp"
#include "scenario/loader.hpp"
#include "solve/time_answers.hpp"
#include "support.hpp"

using namespace bftest;
using nlohmann::json;

namespace {

SolvedScenario solve_file(const std::string& relative) {
  auto scenario = std::make_shared<const Scenario>(load_scenario(std::string(BORDERFLOW_SOURCE_DIR) + "/" + relative));
  return solve_scenario(scenario, relative);
}

/// gauge_break.yaml with its name changed and its bogie exchange widened to `bogie`.
SolvedScenario gauge_break(const std::string& name, const std::string& bogie) {
  std::ifstream in(network_path("gauge_break.yaml"));
  std::stringstream text;
  text << in.rdbuf();
  std::string yaml = std::regex_replace(text.str(), std::regex("name: gauge-break"), "name: " + name);
  yaml = std::regex_replace(yaml, std::regex("capacity: 1.1 Mt/yr"), "capacity: " + bogie);
  return solve_scenario(std::make_shared<const Scenario>(load_text(yaml)), name + ".yaml");
}

const Chart* find_chart(const std::vector<Chart>& charts, const std::string& id) {
  for (const auto& c : charts) {
    if (c.id == id) return &c;
  }
  return nullptr;
}

/// The spec's inline data.
const json& values_of(const Chart& chart) { return chart.spec.at("data").at("values"); }

void check_well_formed(const std::vector<Chart>& charts) {
  std::set<std::string> ids;
  for (const auto& c : charts) {
    INFO("chart " << c.id);
    CHECK(std::regex_match(c.id, std::regex("[a-z0-9-]+")));
    CHECK(ids.insert(c.id).second);
    CHECK_FALSE(c.title.empty());
    CHECK_FALSE(c.caption.empty());
    // Valid JSON that reads back the same, and a complete Vega-Lite v6 single or layered view.
    const json again = json::parse(c.spec.dump());
    CHECK(again == c.spec);
    CHECK(c.spec.at("$schema") == "https://vega.github.io/schema/vega-lite/v6.json");
    CHECK(c.spec.at("width") == "container");
    CHECK((c.spec.contains("mark") || c.spec.contains("layer")));
    CHECK(values_of(c).is_array());
    CHECK_FALSE(values_of(c).empty());
    // Inline data only: no URL anywhere.
    CHECK(c.spec.dump().find("\"url\"") == std::string::npos);
  }
}

const CapacityAnswer& answer_for(const SolvedScenario& solved, const std::string& route, bool reverse) {
  for (const auto& c : solved.answer.capacities) {
    if (solved.scenario().routes[static_cast<std::size_t>(c.route)].id == route && c.reverse == reverse) return c;
  }
  FAIL("no question " << route);
  throw std::logic_error("unreachable");
}

}  // namespace

TEST_CASE("charts of two scenarios: capacities and deltas equal the answers", "[charts]") {
  const SolvedScenario base = gauge_break("narrow", "1.1 Mt/yr");
  const SolvedScenario wide = gauge_break("wide", "2.5 Mt/yr");
  const std::vector<Chart> charts = scenario_charts({&base, &wide});
  check_well_formed(charts);

  const Chart* capacity = find_chart(charts, "capacity");
  REQUIRE(capacity);
  std::size_t checked = 0;
  for (const auto& v : values_of(*capacity)) {
    const SolvedScenario& solved = v.at("scenario") == "narrow" ? base : wide;
    const CapacityAnswer& a = answer_for(solved, v.at("route"), v.at("reverse"));
    CHECK(v.at("capacity_t_per_yr").get<double>() == Approx(a.capacity_t_per_yr).margin(0.05));
    CHECK(v.at("capacity_mt_per_yr").get<double>() == Approx(a.capacity_t_per_yr / 1e6).margin(1e-4));
    ++checked;
  }
  CHECK(checked == 4);  // a-d both ways in both scenarios
  // By hand (gauge_break.yaml): the bogie binds at 1.1 Mt/yr; widened to 2.5, the 3 Mt/yr line
  // does not yet bind, so the route carries 2.5 Mt/yr: a gain of 1.4 Mt/yr each way.
  const Chart* delta = find_chart(charts, "capacity-delta");
  REQUIRE(delta);
  REQUIRE(values_of(*delta).size() == 2);
  for (const auto& v : values_of(*delta)) {
    CHECK(v.at("scenario") == "wide");
    CHECK(v.at("delta_t_per_yr").get<double>() ==
          Approx(answer_for(wide, "a-d", v.at("reverse")).capacity_t_per_yr -
                 answer_for(base, "a-d", v.at("reverse")).capacity_t_per_yr).margin(0.1));
    CHECK(v.at("delta_mt_per_yr").get<double>() == Approx(1.4).margin(1e-4));
    CHECK(v.at("change") == "gain");
  }
  // The scenarios keep their colours from chart to chart: "wide" is the second colour in both.
  const json& capacity_colours = capacity->spec.at("layer").at(0).at("encoding").at("color").at("scale");
  const json& delta_colours = delta->spec.at("layer").at(0).at("encoding").at("color").at("scale");
  CHECK(capacity_colours.at("domain") == json::array({"narrow", "wide"}));
  CHECK(delta_colours.at("domain") == json::array({"wide"}));
  CHECK(delta_colours.at("range").at(0) == capacity_colours.at("range").at(1));

  // The bogie exchange binds the narrow scenario's routing and route questions.
  const Chart* routing = find_chart(charts, "binding-routing");
  REQUIRE(routing);
  bool bogie = false;
  for (const auto& v : values_of(*routing)) {
    if (v.at("scenario") == "narrow" && v.at("category").get<std::string>().find("c-bogie") != std::string::npos) {
      bogie = true;
      CHECK(v.at("shadow_price_usd_per_t").get<double>() == Approx(73));  // 100 - 27 USD/t, by hand
    }
  }
  CHECK(bogie);
  REQUIRE(find_chart(charts, "binding-routes"));
  REQUIRE(find_chart(charts, "crossing-flows"));
  const Chart* gauges = find_chart(charts, "gauge-change-flows");
  REQUIRE(gauges);
  for (const auto& v : values_of(*gauges)) {
    if (v.at("scenario") == "narrow") CHECK(v.at("flow_t_per_yr").get<double>() == Approx(1.1e6).margin(0.1));
  }
  // No time: no time chart.
  for (const auto& c : charts) CHECK(c.id.rfind("time-", 0) != 0);
  // The same answers give the same bytes.
  const std::vector<Chart> again = scenario_charts({&base, &wide});
  REQUIRE(again.size() == charts.size());
  for (std::size_t i = 0; i < charts.size(); ++i) CHECK(again[i].spec.dump() == charts[i].spec.dump());
}

TEST_CASE("charts: the profile ends at the path's cost and time", "[charts]") {
  const SolvedScenario solved = gauge_break("narrow", "1.1 Mt/yr");
  const std::vector<Chart> charts = scenario_charts({&solved});
  check_well_formed(charts);
  CHECK_FALSE(find_chart(charts, "capacity-delta"));  // one scenario: no delta
  const Chart* profile = find_chart(charts, "profile-1-narrow");
  REQUIRE(profile);
  const PathFlow& path = answer_for(solved, "a-d", false).paths.front();
  const json& points = values_of(*profile);
  CHECK(points.front().at("km") == 0);
  CHECK(points.back().at("cost_usd_per_t").get<double>() == Approx(path.cost_usd_per_t).margin(0.005));
  CHECK(points.back().at("km").get<double>() == Approx(905));
  // 70 h: under three days, so the time axis is in hours.
  CHECK(points.back().at("time").get<double>() == Approx(path.hours).margin(0.001));
  // The border post and the gauge change are labelled.
  std::string labels;
  for (const auto& p : points) labels += p.at("label").get<std::string>() + "|";
  CHECK(labels.find("border: bc-bridge") != std::string::npos);
  CHECK(labels.find("gauge change rail:1520 -> rail:1435 at C") != std::string::npos);

  // A named route is drawn; an unknown one is an error, not a silent omission.
  CHECK(find_chart(scenario_charts({&solved}, "a-d"), "profile-1-narrow"));
  CHECK_THROWS_WITH(scenario_charts({&solved}, "nowhere"), Catch::Matchers::Contains("no route 'nowhere'"));
}

TEST_CASE("charts of the bundled comparison and of a time scenario", "[charts][scenarios]") {
  const SolvedScenario bilateral = solve_file("scenarios/bilateral.yaml");
  const SolvedScenario inclusive = solve_file("scenarios/china-inclusive.yaml");
  const SolvedScenario winter = solve_file("scenarios/winter-ice.yaml");
  const std::vector<Chart> charts = scenario_charts({&bilateral, &inclusive, &winter});
  check_well_formed(charts);
  for (const char* id : {"capacity", "capacity-delta", "binding-routing", "binding-routes", "crossing-flows",
                         "profile-1-bilateral", "profile-2-china-inclusive", "time-crossings-3-winter-ice"}) {
    INFO(id);
    CHECK(find_chart(charts, id));
  }
  // Every route question of both one-year scenarios with a number is drawn, at its capacity.
  std::size_t drawn = 0;
  for (const auto& v : values_of(*find_chart(charts, "capacity"))) {
    CHECK(v.at("scenario") != "winter-ice");  // time scenarios have no year-long route questions
    const SolvedScenario& solved = v.at("scenario") == "bilateral" ? bilateral : inclusive;
    CHECK(v.at("capacity_t_per_yr").get<double>() ==
          Approx(answer_for(solved, v.at("route"), v.at("reverse")).capacity_t_per_yr).margin(0.05));
    ++drawn;
  }
  CHECK(drawn == bilateral.answer.capacities.size() + inclusive.answer.capacities.size());
  // The time chart holds the time report's crossing flows, in kt.
  const TimeReport report = make_time_report(winter);
  double report_kt = 0, chart_kt = 0;
  for (const auto& e : report.crossings) {
    for (double t : e.values_t[0]) report_kt += t / 1e3;
  }
  for (const auto& v : values_of(*find_chart(charts, "time-crossings-3-winter-ice"))) chart_kt += v.at("kt").get<double>();
  CHECK(chart_kt == Approx(report_kt).margin(0.01));
}
