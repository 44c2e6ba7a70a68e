// engine/report/time_report: `run` on a time scenario. A two-month hand network pins the figures
// (worked below); the bundled winter-ice scenario pins the shape of every format, the record
// count, the sums over periods against the routing, and one capacity worked by hand.
#include <catch2/catch.hpp>

#include <memory>
#include <set>
#include <sstream>
#include <string>

#include "report/report.hpp"
#include "report/time_report.hpp"
#include "scenario/loader.hpp"
#include "solve/time_answers.hpp"
#include "support.hpp"

using namespace bftest;
using Catch::Matchers::Contains;
using nlohmann::json;

namespace {

// January and February 2025 (31 and 28 days). Link ab carries 365 kt/yr (1,000 t a day) at
// 10 USD/t but is closed all January. The demand wants 182.5 kt/yr (500 t a day): 15,500 t in
// January, 14,000 t in February, and keeps a backlog. January delivers nothing; February carries
// 28,000 t of the 29,500 t due: 1,500 t are never delivered. Leaving January's tonnes unserved
// rather than February's holds less backlog through January, so the routing leaves
// z_Jan = 1,500 t and b_Jan = 15,500 - 1,500 = 14,000 t; February delivers 28,000 t and holds
// no backlog (the last period). Transport in February: 28,000 t x 10 USD/t = 280,000 USD;
// unserved penalty in January: 1,500 t x 100 USD/t = 150,000 USD; backlog cost in January:
// 14,000 t late by (31 + 28) / 2 = 29.5 days (midpoint to midpoint) at 1 USD/t/month = 12 / 365
// USD/t/day: 14,000 x 29.5 x 12 / 365 = 13,578.08 USD, so January costs 163,578.08 USD.
// Route r's capacity: 0 in January (closed), 365,000 x 28 / 365 = 28,000 t in February.
const std::string kTwoMonths = R"(borderflow: 1
name: two-months
time: {start: 2025-01-01, periods: 2, period: month}
places:
  - {id: ru-a, name: A, country: RU, lat: 43.0, lon: 132.0}
  - {id: kp-b, name: B, country: KP, lat: 42.3, lon: 130.5}
commodities:
  - {id: grain, class: bulk, value: 300 USD/t}
links:
  - id: ab
    from: ru-a
    to: kp-b
    mode: rail
    gauge: 1520
    length: 50 km
    capacity: 365 kt/yr
    cost: 10 USD/t
    closed: [{from: 2025-01-01, to: 2025-01-31}]
crossings:
  - {id: ab-post, links: [ab]}
demands:
  - id: grain-b
    commodity: grain
    from: [ru-a]
    to: [kp-b]
    quantity: 182.5 kt/yr
    unserved_cost: 100 USD/t
    backlog: {cost: 1 USD/t/month}
routes:
  - {id: r, from: [ru-a], to: [kp-b], both_directions: false}
)";

SolvedScenario solve_text(const std::string& yaml) {
  return solve_scenario(std::make_shared<const Scenario>(load_text(yaml)), "test.yaml");
}

SolvedScenario solve_bundled(const std::string& name) {
  const std::string file = "scenarios/" + name;
  auto scenario = std::make_shared<const Scenario>(load_scenario(std::string(BORDERFLOW_SOURCE_DIR) + "/" + file));
  return solve_scenario(scenario, file);
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

/// The value of the series record with these fields (fails when there is none).
double series_value(const json& run, const std::string& period, const std::string& kind, const std::string& id,
                    const std::string& metric) {
  for (const json& r : run.at("series")) {
    if (r.at("period") == period && r.at("element_kind") == kind && r.at("element_id") == id && r.at("metric") == metric) {
      return r.at("value").get<double>();
    }
  }
  FAIL("no record " << period << " " << kind << " " << id << " " << metric);
  return 0;
}

}  // namespace

TEST_CASE("time report: a closure, a backlog and what is never delivered, worked by hand", "[report][time]") {
  const SolvedScenario solved = solve_text(kTwoMonths);
  REQUIRE(solved.time);
  REQUIRE(solved.answer.routing.status == SolveStatus::Optimal);
  const json run = run_to_json(solved);
  CHECK(run.at("time").at("labels") == json({"2025-01", "2025-02"}));
  CHECK(run.at("time").at("start") == "2025-01-01");
  CHECK(series_value(run, "2025-01", "route", "r", "capacity") == 0);
  CHECK(series_value(run, "2025-02", "route", "r", "capacity") == Approx(28000));
  CHECK(series_value(run, "2025-01", "demand", "grain-b", "wanted") == Approx(15500));
  CHECK(series_value(run, "2025-02", "demand", "grain-b", "wanted") == Approx(14000));
  CHECK(series_value(run, "2025-01", "demand", "grain-b", "delivered") == 0);
  CHECK(series_value(run, "2025-01", "demand", "grain-b", "backlog") == Approx(14000));
  CHECK(series_value(run, "2025-01", "demand", "grain-b", "unserved") == Approx(1500));
  CHECK(series_value(run, "2025-02", "demand", "grain-b", "delivered") == Approx(28000));
  CHECK(series_value(run, "2025-02", "demand", "grain-b", "backlog") == 0);
  CHECK(series_value(run, "2025-02", "crossing", "ab-post", "flow") == Approx(28000));
  CHECK(series_value(run, "2025-02", "routing", "", "transport_cost") == Approx(280000));
  CHECK(series_value(run, "2025-01", "routing", "", "unserved_penalty") == Approx(150000));
  CHECK(series_value(run, "2025-01", "routing", "", "backlog_cost") == Approx(13578.08));
  CHECK(run.at("routing").at("backlog_cost_usd") == Approx(13578.08));
  CHECK(run.at("routing").at("delivered_t") == Approx(28000));
  CHECK(run.at("routing").at("unserved_t") == Approx(1500));
  CHECK(run.at("routing").at("transport_cost_usd") == Approx(280000));

  const std::string table = render_run(solved, Format::Table);
  CHECK_THAT(table, Contains("time: 2 months from 2025-01 to 2025-02"));
  CHECK_THAT(table, Contains("no open path"));  // January's bottleneck
  CHECK_THAT(table, Contains("link ab ru-a->kp-b"));  // February's
  // January: wanted 15.5 kt, delivered 0, backlog 14.0, unserved 1.5, cost 164 kUSD.
  CHECK_THAT(table, Contains("\n  2025-01    15.5        0.0     14.0       1.5   164\n"));
  CHECK_THAT(table, Contains("\n  total      29.5       28.0                1.5   444\n"));
}

TEST_CASE("time report: winter-ice in every format", "[report][time][bundled]") {
  const SolvedScenario solved = solve_bundled("winter-ice.yaml");
  REQUIRE(solved.time);
  const Scenario& s = solved.scenario();
  const TimeAnswer& time = *solved.time;

  SECTION("the table has a row per period in each section and keeps period tables narrow") {
    const std::string table = render_run(solved, Format::Table);
    CHECK_THAT(table, Contains("time: 12 months from 2025-01 to 2025-12"));
    CHECK_THAT(table, Contains("routing over the horizon (least cost, all demands sharing capacity), verified: yes"));
    // The bundled scenarios carry background traffic: the capacities are spare capacities.
    for (const char* heading : {"Route spare capacity by period", "Bottlenecks", "Demands by period", "Delivered per demand",
                                "Flows per crossing by period", "Gauge changes by period"}) {
      CHECK_THAT(table, Contains(std::string("\n") + heading));
    }
    std::size_t january_rows = 0;
    bool in_period_table = false;
    for (const std::string& line : lines_of(table)) {
      if (line.rfind("  period ", 0) == 0) in_period_table = true;
      if (line.empty() || line.rfind("  question", 0) == 0) in_period_table = false;
      if (in_period_table) CHECK(line.size() <= kDefaultTableWidth);
      if (line.rfind("  2025-01 ", 0) == 0) ++january_rows;
    }
    // At least: route capacities, demands, delivered per demand, crossings, gauge changes.
    CHECK(january_rows >= 5);
    for (int p = 0; p < 12; ++p) CHECK_THAT(table, Contains("\n  " + time.horizon.label(p) + " "));
  }

  SECTION("CSV: the header and one row per period, element and metric") {
    const std::string csv = render_run(solved, Format::Csv);
    const auto lines = lines_of(csv);
    REQUIRE(!lines.empty());
    CHECK(lines.front() == "scenario,period,question,direction,element_kind,element_id,from,to,metric,unit,value");
    // Per period: one capacity per route question, four metrics per demand, one flow per
    // direction of a crossing or transfer that carries anything (>= 0.05 t in some period, what
    // rounds above 0.0), one stock per place with storage (none here), four costs.
    std::size_t carrying = 0;
    for (std::size_t c = 0; c < s.crossings.size(); ++c) {
      for (std::size_t way = 0; way < 2; ++way) {
        bool any = false;
        for (const PeriodAnswer& p : time.periods) any = any || p.crossings[c][way] >= 0.05;
        carrying += any ? 1 : 0;
      }
    }
    for (std::size_t t = 0; t < s.transfers.size(); ++t) {
      for (std::size_t way = 0; way < 2; ++way) {
        bool any = false;
        for (const PeriodAnswer& p : time.periods) any = any || p.transfers[t][way] >= 0.05;
        carrying += any ? 1 : 0;
      }
    }
    const std::size_t questions = time.patterns.front().capacities.size();
    CHECK(questions == 2 * s.routes.size());  // every route, both directions
    CHECK(questions == 14);
    const std::size_t per_period = questions + 4 * s.demands.size() + carrying + 4;
    CHECK(lines.size() == 1 + 12 * per_period);
    // Hand-checked: bilateral-rail is bound by the Khasan - Tumangang rail bridge, 5 Mt/yr, which
    // has no season: 5,000,000 x 31 / 365 = 424,657.5 t in January, x 28 / 365 = 383,561.6 in February.
    const std::string key = ",bilateral-rail,forward,route,bilateral-rail,ru-baranovsky,kp-pyongyang kp-rajin,capacity,t,";
    CHECK_THAT(csv, Contains("," + std::string("2025-01") + key + "424657.5\n"));
    CHECK_THAT(csv, Contains("," + std::string("2025-02") + key + "383561.6\n"));
  }

  SECTION("JSON: the same series; deliveries over the periods add up to the routing's") {
    const json run = run_to_json(solved);
    for (const char* key : {"borderflow_version", "scenario", "network", "time", "routing", "route_questions", "series"}) {
      CHECK(run.contains(key));
    }
    CHECK_FALSE(run.contains("route_capacities"));
    CHECK(run.at("time").at("periods") == 12);
    CHECK(run.at("time").at("period") == "month");
    CHECK(run.at("series").size() + 1 == lines_of(render_run(solved, Format::Csv)).size());
    const RoutingAnswer& routing = solved.answer.routing;
    double all_delivered = 0;
    for (const DemandAnswer& d : routing.demands) {
      const std::string& id = s.demands[static_cast<std::size_t>(d.demand)].id;
      double delivered = 0;
      for (const json& r : run.at("series")) {
        if (r.at("element_kind") == "demand" && r.at("element_id") == id && r.at("metric") == "delivered") {
          delivered += r.at("value").get<double>();
        }
      }
      INFO(id);
      CHECK(delivered == Approx(d.delivered_t_per_yr).margin(12 * 0.05));  // twelve roundings to 0.1 t
      all_delivered += delivered;
    }
    CHECK(run.at("routing").at("delivered_t").get<double>() == Approx(all_delivered).margin(1));
    // The period costs add up to the routing's totals.
    double transport = 0, penalty = 0;
    for (const json& r : run.at("series")) {
      if (r.at("metric") == "transport_cost") transport += r.at("value").get<double>();
      if (r.at("metric") == "unserved_penalty") penalty += r.at("value").get<double>();
    }
    CHECK(transport == Approx(run.at("routing").at("transport_cost_usd").get<double>()));
    CHECK(penalty == Approx(run.at("routing").at("unserved_penalty_usd").get<double>()));
    // The ice moves China's Nampo cargo off the sea lanes in January: less enters at Nampo than
    // in May (both 31-day months).
    CHECK(series_value(run, "2025-01", "crossing", "kp-nampo-sea-entry", "flow") <
          series_value(run, "2025-05", "crossing", "kp-nampo-sea-entry", "flow"));
  }
}
