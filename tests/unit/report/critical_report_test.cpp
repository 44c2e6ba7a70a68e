// engine/report/critical_report: the N-1 and N-2 rankings of critical_chain (figures by hand in
// tests/networks/critical_chain.yaml) as JSON, tidy CSV, text and Markdown tables.
#include <catch2/catch.hpp>

#include <chrono>
#include <memory>
#include <sstream>

#include "report/critical_report.hpp"
#include "report/labels.hpp"
#include "support.hpp"

using namespace bftest;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;
using nlohmann::json;

// Tables without a width limit: these tests read words out of the tables, not their layout
// (tests/cli table_width and unit/core/table_test.cpp test the fitting).
constexpr std::size_t kNoLimit = 0;

namespace {

SolvedCritical critical_chain(bool pairs, std::size_t candidates = 6, const SolveLimits& limits = {}) {
  CriticalOptions options;
  options.pairs = pairs;
  options.pair_candidates = candidates;
  return solve_critical(std::make_shared<const Scenario>(load_scenario(network_path("critical_chain.yaml"))),
                        "critical_chain.yaml", options, limits);
}

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

}  // namespace

TEST_CASE("critical JSON: every element ranked with its figures, and the pairs", "[report][critical]") {
  const json j = critical_to_json(critical_chain(true));
  CHECK(j["scenario"]["name"] == "critical-chain");
  CHECK(j["definitions"]["ranking"] == critical_ranking_rule());
  REQUIRE(j["base"]["route_capacities"].size() == 1);
  CHECK(j["base"]["route_capacities"][0]["capacity_t_per_yr"] == 3'500'000.0);
  CHECK(j["base"]["routing"]["cost_usd_per_yr"] == 13'500'000.0);
  REQUIRE(j["elements"].size() == 6);
  const json& first = j["elements"][0];
  CHECK(first["rank"] == 1);
  CHECK(first["kind"] == "crossing");
  CHECK(first["id"] == "post");
  CHECK(first["worst_share"] == 1.0);
  CHECK(first["worst_route"] == "a-b");
  CHECK(first["worst_direction"] == "ru-a -> kp-b");
  CHECK(first["capacities"][0]["lost_t_per_yr"] == 3'500'000.0);
  CHECK(first["capacities"][0]["capacity_t_per_yr"] == 0.0);
  CHECK(first["routing"]["cost_rise_usd_per_yr"] == 336'500'000.0);
  CHECK(first["routing"]["unserved_rise_t_per_yr"] == 3'500'000.0);
  // 2.5 / 3.5 rounded to 1e-6.
  CHECK(j["elements"][1]["worst_share"] == 0.714286);
  // The last loses no capacity: no worst question.
  CHECK(j["elements"][5]["id"] == "a-m-road");
  CHECK(j["elements"][5]["worst_route"].is_null());
  CHECK(j["pairs"]["candidates"] == 6);
  REQUIRE(j["pairs"]["pairs"].size() == 6);
  const json& pair = j["pairs"]["pairs"][3];
  CHECK(pair["elements"][0]["id"] == "m-b-rail");
  CHECK(pair["elements"][1]["kind"] == "transfer");
  CHECK(pair["elements"][1]["id"] == "m-transload");
  CHECK(pair["routing"]["cost_rise_usd_per_yr"] == 246'500'000.0);
  // Without --pairs there is no pairs key.
  CHECK_FALSE(critical_to_json(critical_chain(false)).contains("pairs"));
}

TEST_CASE("critical CSV: tidy rows, one metric each, kind and id apart", "[report][critical]") {
  const auto rows = lines(render_critical(critical_chain(true), Format::Csv));
  REQUIRE_FALSE(rows.empty());
  CHECK(rows[0] ==
        "scenario,period,question,direction,element_kind,element_id,from,to,metric,unit,value,closure,other_kind,other_id");
  // 1 header + base (2 rows for the route, 3 for the routing) + 6 elements and 6 pairs, each with
  // 2 rows for its rank, 4 for the route and 5 for the routing: 1 + 5 + 66 + 66.
  CHECK(rows.size() == 138);
  auto has = [&](const std::string& row) { return std::find(rows.begin(), rows.end(), row) != rows.end(); };
  CHECK(has("critical-chain,,a-b,forward,route,a-b,,,capacity,t/yr,3500000.0,base,,"));
  CHECK(has("critical-chain,,,,routing,,,,routing_cost,USD/yr,13500000.00,base,,"));
  CHECK(has("critical-chain,,,,crossing,post,,,rank,1,1,single,,"));
  CHECK(has("critical-chain,,a-b,forward,crossing,post,,,lost_share,1,1.000000,single,,"));
  CHECK(has("critical-chain,,,,transfer,m-transload,,,rank,1,5,single,,"));
  CHECK(has("critical-chain,,,,transfer,m-transload,,,routing_cost_rise,USD/yr,500000.00,single,,"));
  CHECK(has("critical-chain,,,,link,a-m-rail,,,routing_cost_rise,USD/yr,336500000.00,pair,link,a-m-road"));
  CHECK(has("critical-chain,,,,link,a-m-road,,,rank,1,6,pair,transfer,m-transload"));
  CHECK(has("critical-chain,,a-b,forward,link,a-m-road,,,lost,t/yr,500000.0,pair,transfer,m-transload"));
}

TEST_CASE("critical tables: --top limits the rows, the rule is stated, Markdown", "[report][critical]") {
  const SolvedCritical solved = critical_chain(true);
  const std::string text = render_critical(solved, Format::Table, 2, kNoLimit);
  CHECK_THAT(text, StartsWith("Scenario critical-chain\n"));
  CHECK_THAT(text, Contains(critical_ranking_rule()));
  CHECK_THAT(text, Contains("routing: total cost 13,500,000 USD/yr, unserved 0 Mt/yr"));
  CHECK_THAT(text, Contains("Most critical elements, closed alone (N-1; top 2 of 6)"));
  CHECK_THAT(text, Contains("     1  crossing post "));
  CHECK_THAT(text, Contains("     2  link a-m-rail "));
  CHECK_THAT(text, Contains("71.43%"));
  CHECK_THAT(text, Contains("(2 of 6 shown)"));
  CHECK_THAT(text, Contains("link a-m-rail + link a-m-road"));
  // Without pairs, m-b-road (rank 4) is below the top 2.
  CHECK_THAT(render_critical(critical_chain(false), Format::Table, 2), !Contains("link m-b-road"));
  CHECK_THAT(render_critical(critical_chain(false), Format::Table, 4, kNoLimit), Contains("     4  link m-b-road "));
  const std::string markdown = render_critical(solved, Format::Markdown);
  CHECK_THAT(markdown, StartsWith("## Scenario critical-chain\n"));
  CHECK_THAT(markdown, Contains("### " + critical_base_heading()));
  CHECK_THAT(markdown, Contains("| 1 | crossing post | a-b ru-a -> kp-b | 3.5 | 100.00% | 1 | 337,000,000 | 3.5 |"));
  // No pair among the top 3 loses more than its worse element alone.
  CHECK_THAT(render_critical(critical_chain(true, 3), Format::Table), Contains(critical_no_pairs_sentence(3)));
}

TEST_CASE("critical: closures cut off by the budget say so in every format", "[report][critical]") {
  SolveLimits spent;
  spent.deadline = std::chrono::steady_clock::now() - std::chrono::seconds(1);
  const SolvedCritical late = critical_chain(false, 6, spent);
  CHECK_THAT(critical_limit_notice(late, 0), Contains("raise --max-seconds"));
  CHECK(critical_limit_notice(critical_chain(false), 300).empty());
  const json j = critical_to_json(late);
  CHECK(j["base"]["route_capacities"][0]["status"] == "limit-reached");
  CHECK(j["base"]["route_capacities"][0]["capacity_t_per_yr"].is_null());
  CHECK(j["elements"][0]["capacities"][0]["lost_t_per_yr"].is_null());
  CHECK(j["elements"][0]["capacities"][0]["note"] == status_sentence(SolveStatus::LimitReached));
  CHECK_THAT(render_critical(late, Format::Csv), Contains(",a-b,forward,route,a-b,,,solved,1,0,base,,\n"));
  CHECK_THAT(render_critical(late, Format::Table), Contains("1 not answered"));
}
