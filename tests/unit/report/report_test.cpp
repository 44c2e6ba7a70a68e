// engine/report: answers rendered as JSON, CSV, tables and Markdown; deterministic and safe.
#include <catch2/catch.hpp>

#include <sstream>

#include "core/text.hpp"
#include "report/labels.hpp"
#include "report/map.hpp"
#include "report/print_map.hpp"
#include "report/report.hpp"
#include "support.hpp"

using namespace bftest;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;
using nlohmann::json;

// Tables without a width limit: these tests read words out of the tables, not their layout
// (tests/cli table_width and unit/core/table_test.cpp test the fitting).
constexpr std::size_t kNoLimit = 0;

namespace {

/// A hand network answered, as the CLI would (the file name only labels compare's columns).
SolvedScenario answered(const Network& network, const std::string& file = "test.yaml") {
  return solve_scenario(network.shared_scenario(), file);
}

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

}  // namespace

TEST_CASE("run JSON carries the answers, verified, with units in the field names", "[report]") {
  const SolvedScenario g = answered(load_network("gauge_break.yaml"));
  const json j = run_to_json(g);
  CHECK(j["scenario"]["name"] == "gauge-break");
  CHECK(j["network"]["vertices"] == 5);
  CHECK(j["network"]["capacity_rows"] == 10);
  REQUIRE(j["route_capacities"].size() == 2);
  const json& forward = j["route_capacities"][0];
  CHECK(forward["route"] == "a-d");
  CHECK(forward["direction"] == "a -> d");
  CHECK(forward["status"] == "optimal");
  CHECK(forward["verified"] == true);
  CHECK(forward["capacity_t_per_yr"].get<double>() == 1100000.0);
  CHECK(forward["cost_usd_per_t_at_max_flow"].get<double>() == 27.0);
  CHECK(forward["transit_days_at_max_flow"].get<double>() == Approx(70.0 / 24).margin(1e-3));
  REQUIRE(forward["bottleneck"].size() == 1);
  CHECK(forward["bottleneck"][0]["kind"] == "transfer");
  CHECK(forward["bottleneck"][0]["id"] == "c-bogie");
  CHECK(forward["bottleneck"][0]["direction"] == "rail:1520->rail:1435");
  CHECK(j["route_capacities"][1]["direction"] == "d -> a");

  const json& routing = j["routing"];
  CHECK(routing["status"] == "optimal");
  CHECK(routing["verified"] == true);
  CHECK(routing["transport_cost_usd_per_yr"].get<double>() == 29700000.0);
  CHECK(routing["unserved_penalty_usd_per_yr"].get<double>() == 90000000.0);
  REQUIRE(routing["demands"].size() == 1);
  CHECK(routing["demands"][0]["delivered_t_per_yr"].get<double>() == 1100000.0);
  CHECK(routing["demands"][0]["unserved_t_per_yr"].get<double>() == 900000.0);
  CHECK(routing["demands"][0]["value_delivered_usd_per_yr"].get<double>() == 330000000.0);  // 1.1 Mt x 300 USD/t
  CHECK_THAT(routing["demands"][0]["unserved_reason"].get<std::string>(), StartsWith("capacity:"));
  REQUIRE(routing["binding"].size() == 1);
  CHECK(routing["binding"][0]["shadow_price"].get<double>() == Approx(73));
}

TEST_CASE("an unbounded route is null with a note, not a number", "[report]") {
  const SolvedScenario a = answered(expand(load_text(two_places() + R"(links:
  - {id: free, from: ru-a, to: ru-b, mode: road, length: 10 km}
routes:
  - {id: r, from: ru-a, to: ru-b, both_directions: false}
)")));
  const json j = run_to_json(a);
  CHECK(j["route_capacities"][0]["status"] == "unbounded");
  CHECK(j["route_capacities"][0]["capacity_t_per_yr"].is_null());
  CHECK_THAT(j["route_capacities"][0]["note"].get<std::string>(), StartsWith("unlimited"));
  CHECK_THAT(render_run(a, Format::Table), Contains("unlimited"));
}

TEST_CASE("every format renders the same bytes twice, and none contains NaN", "[report]") {
  for (const char* name : {"gauge_break.yaml", "dual_gauge.yaml", "border_post.yaml", "closed_link.yaml",
                           "expensive_demand.yaml"}) {
    CAPTURE(name);
    const SolvedScenario a = answered(load_network(name));
    const SolvedScenario b = answered(load_network(name));
    for (Format f : {Format::Table, Format::Json, Format::Csv, Format::Markdown}) {
      const std::string first = render_run(a, f);
      CHECK(first == render_run(b, f));
      CHECK_FALSE(first.empty());
      CHECK_THAT(first, !Contains("nan") && !Contains("inf\n") && !Contains("-0.0"));
    }
    CHECK_NOTHROW(json::parse(render_run(a, Format::Json)));
  }
}

TEST_CASE("the table says what was verified and names the bottleneck", "[report]") {
  const SolvedScenario g = answered(load_network("gauge_break.yaml"));
  const std::string table = render_run(g, Format::Table);
  CHECK_THAT(table, Contains("Scenario gauge-break") && Contains("1.1") && Contains("27.0") &&
                        Contains("transfer c-bogie rail:1520->rail:1435") && Contains("verified: yes"));
  const std::string markdown = render_run(g, Format::Markdown);
  CHECK_THAT(markdown, StartsWith("## Scenario gauge-break") && Contains("|---"));
}

TEST_CASE("CSV is tidy, quoted where needed, and defused against formula injection", "[report]") {
  const SolvedScenario a = answered(expand(load_text(R"(borderflow: 1
name: "=HYPERLINK(\"http://x\"),a"
places:
  - {id: ru-a, name: A, country: RU, lat: 43.0, lon: 132.0}
  - {id: ru-b, name: B, country: RU, lat: 42.5, lon: 131.0}
links:
  - {id: ab, from: ru-a, to: ru-b, mode: road, length: 10 km, capacity: 1 Mt/yr, cost: 2 USD/t}
routes:
  - {id: r, from: ru-a, to: ru-b}
)")));
  const std::string csv = render_run(a, Format::Csv);
  const auto rows = lines(csv);
  REQUIRE(rows.size() > 2);
  CHECK(rows[0] == "scenario,period,question,direction,element_kind,element_id,from,to,metric,unit,value");
  for (std::size_t i = 1; i < rows.size(); ++i) {
    CAPTURE(rows[i]);
    // The name starts with '=': a spreadsheet would run it; it gets a leading quote, inside CSV quotes.
    CHECK_THAT(rows[i], StartsWith("\"'=HYPERLINK(\"\"http://x\"\"),a\","));
  }
  CHECK_THAT(csv, Contains(",,r,forward,route,r,ru-a,ru-b,capacity,t/yr,1000000.0\n"));
  CHECK_THAT(csv, Contains(",,r,forward,route,r,ru-a,ru-b,verified,1,1\n"));
  CHECK_THAT(csv, Contains(",,r,forward,link,ab,ru-a,ru-b,binding_capacity,t/yr,1000000.0\n"));
}

TEST_CASE("compare puts scenarios side by side with deltas against the first", "[report]") {
  const Network base = load_network("gauge_break.yaml");
  Scenario wider = load_network("gauge_break.yaml").scenario();
  wider.name = "wider-bogie";
  wider.transfers[0].capacity_t_per_yr = 2e6;  // now bc (4 Mt), ab (5 Mt) and cd (3 Mt): 2 Mt passes
  const std::vector<SolvedScenario> both = {answered(base, "gauge_break.yaml"),
                                            answered(expand(std::move(wider)), "wider.yaml")};
  const json j = compare_to_json(both);
  REQUIRE(j["scenarios"].size() == 2);
  CHECK(j["scenarios"][1]["name"] == "wider-bogie");
  REQUIRE(j["questions"].size() == 2);
  const json& q = j["questions"][0];
  CHECK(q["route"] == "a-d");
  CHECK(q["reverse"] == false);
  REQUIRE(q["results"].size() == 2);
  CHECK(q["results"][0]["capacity_t_per_yr"].get<double>() == 1100000.0);
  CHECK(q["results"][1]["capacity_t_per_yr"].get<double>() == 2000000.0);
  CHECK(q["results"][1]["delta_capacity_t_per_yr"].get<double>() == 900000.0);
  CHECK_FALSE(q["results"][0].contains("delta_capacity_t_per_yr"));
  for (Format f : {Format::Table, Format::Json, Format::Csv, Format::Markdown}) {
    CHECK(render_compare(both, f) == render_compare(both, f));
  }
  const std::string csv = render_compare(both, Format::Csv);
  CHECK_THAT(csv, StartsWith("scenario,period,question,direction,element_kind,element_id,from,to,metric,unit,value\n"));
  CHECK_THAT(csv, Contains("\nwider-bogie,,a-d,forward,route,a-d,a,d,delta_capacity,t/yr,900000.0\n"));
  // Every value is a number or empty: no status words, no packed keys.
  for (const auto& row : lines(csv)) {
    const std::string value = row.substr(row.rfind(',') + 1);
    if (row == lines(csv)[0]) continue;
    CAPTURE(row);
    CHECK((value.empty() || parse_decimal(value).has_value()));
  }
}

TEST_CASE("compare opens with a headline in Mt/yr, and prints a sweep's bands beside the point values", "[report]") {
  const Network base = load_network("gauge_break.yaml");
  Scenario wider = load_network("gauge_break.yaml").scenario();
  wider.name = "wider-bogie";
  wider.transfers[0].capacity_t_per_yr = 2e6;
  const std::vector<SolvedScenario> both = {answered(base, "gauge_break.yaml"),
                                            answered(expand(std::move(wider)), "wider.yaml")};
  const std::string plain = render_compare(both, Format::Table, nullptr, kNoLimit);
  // The headline comes before the first question's table; 1.1 and 2.0 Mt/yr, +0.90 of change.
  const auto headline = plain.find("Headline");
  REQUIRE(headline != std::string::npos);
  CHECK(headline < plain.find("Route a-d"));
  CHECK_THAT(plain, Contains("capacity Mt/yr"));
  CHECK_THAT(plain, Contains("+0.90"));
  CHECK_THAT(plain, Contains("Point values only"));
  CHECK_THAT(plain, !Contains("USD/yr at demand mix"));
  CHECK_THAT(plain, !Contains("at capacity\n"));

  CompareBands bands;
  bands.sweep = "test-sweep";
  bands.file = "t.sqlite";
  bands.variants = 100;
  bands.bands[{"wider-bogie", "capacity.a-d"}] = Band{1.5e6, 1.9e6, 2.4e6, 100};
  bands.bands[{"wider-bogie", "delta.capacity.a-d"}] = Band{0.2e6, 0.8e6, 1.3e6, 100};
  const std::string banded = render_compare(both, Format::Table, &bands, kNoLimit);
  CHECK_THAT(banded, Contains("2.0 [1.5 to 2.4]"));
  CHECK_THAT(banded, Contains("+0.90 [0.20 to 1.3]"));
  CHECK_THAT(banded, Contains("over sweep test-sweep (100 variants, store t.sqlite)"));
  const json j = compare_to_json(both, &bands);
  const json& r = j["questions"][0]["results"][1];
  CHECK(r["capacity_band_t_per_yr"]["p10"].get<double>() == 1500000.0);
  CHECK(r["capacity_band_t_per_yr"]["p90"].get<double>() == 2400000.0);
  CHECK(r["delta_capacity_band_t_per_yr"]["p50"].get<double>() == 800000.0);
  CHECK_FALSE(j["questions"][0]["results"][0].contains("capacity_band_t_per_yr"));
  CHECK(j["bands_from"] == "sweep test-sweep (100 variants, store t.sqlite)");
}

TEST_CASE("Mt/yr and significant figures in tables", "[report]") {
  CHECK(format_mt(9e6) == "9.0");
  CHECK(format_mt(22883000) == "22.9");
  CHECK(format_mt(168000) == "0.17");
  CHECK(format_mt(50000) == "0.050");
  CHECK(format_mt(0) == "0");
  CHECK(format_mt(-900000) == "-0.90");
  CHECK(format_significant(45.8667, 3) == "45.9");
  CHECK(format_significant(618123456, 3) == "618,000,000");
  CHECK(format_significant(-0.7555, 3) == "-0.756");
  CHECK(format_significant(99.96, 3) == "100");
  CHECK(format_significant(3.0, 3) == "3.00");
}

TEST_CASE("direction labels name places, or countries when the route gives countries", "[report]") {
  const Network b = load_network("border_post.yaml");
  CHECK(direction_label(b.scenario(), b.scenario().routes[0], false) == "CN -> KP");
  CHECK(direction_label(b.scenario(), b.scenario().routes[0], true) == "KP -> CN");
  const Network d = load_network("dual_gauge.yaml");
  CHECK(direction_label(d.scenario(), d.scenario().routes[0], false) == "ru-a, ru-e -> kp-c");
}

TEST_CASE("every unanswered status is said with its reason in every format, routing included", "[report]") {
  const SolvedScenario optimal = answered(load_network("gauge_break.yaml"));
  for (SolveStatus status : {SolveStatus::Infeasible, SolveStatus::LimitReached, SolveStatus::NumericRange}) {
    CAPTURE(to_string(status));
    SolvedScenario g = answered(load_network("gauge_break.yaml"));
    g.answer.capacities[0].status = status;
    g.answer.routing.status = status;
    const std::string reason = status_sentence(status);
    CHECK_THAT(reason, StartsWith("not answered: "));

    const json j = run_to_json(g);
    CHECK(j["route_capacities"][0]["status"] == to_string(status));
    CHECK(j["route_capacities"][0]["capacity_t_per_yr"].is_null());
    CHECK(j["route_capacities"][0]["note"] == reason);
    CHECK_FALSE(j["route_capacities"][1].contains("note"));  // the answered question is unchanged
    CHECK(j["routing"]["status"] == to_string(status));
    CHECK(j["routing"]["note"] == reason);

    // The table keeps the Demands section, saying why it has no rows.
    const std::string table = render_run(g, Format::Table, kNoLimit);
    CHECK_THAT(table, Contains(std::string(" ") + to_string(status) + "  ") && Contains(reason));
    CHECK_THAT(table, Contains(std::string("Demands (least-cost routing: ") + to_string(status) + ")\n  " + reason + "\n"));
    CHECK_THAT(render_run(g, Format::Markdown), Contains("### Demands") && Contains(reason));

    // The CSV holds numbers only: the question and the routing are flagged unsolved, the
    // capacity empty; the reason is the JSON's.
    const std::string csv = render_run(g, Format::Csv);
    CHECK_THAT(csv, Contains(",,a-d,forward,route,a-d,a,d,solved,1,0\n"));
    CHECK_THAT(csv, Contains(",,a-d,forward,route,a-d,a,d,capacity,t/yr,\n"));
    CHECK_THAT(csv, Contains(",,,,routing,,,,solved,1,0\n"));

    CHECK_THAT(render_geojson(g), Contains("\"note\": \"" + reason + "\""));
    CHECK_THAT(render_svg_map(g), Contains("demand routing " + reason));

    const std::string compared = render_compare({answered(load_network("gauge_break.yaml"), "a.yaml"), g},
                                                Format::Table, nullptr, kNoLimit);
    CHECK_THAT(compared, Contains("note: gauge-break: " + reason));
  }
  // Optimal answers carry no note anywhere (the bundled outputs do not change).
  CHECK_THAT(render_run(optimal, Format::Json) + render_run(optimal, Format::Csv) + render_geojson(optimal),
             !Contains("note"));
}

TEST_CASE("a solve stopped at its iteration limit is reported, not dropped", "[report]") {
  const Network network = load_network("gauge_break.yaml");
  SolveLimits tiny;
  tiny.max_iterations = 0;
  const SolvedScenario stopped = solve_scenario(network.shared_scenario(), "test.yaml", tiny);
  REQUIRE(stopped.answer.routing.status != SolveStatus::Optimal);
  const json j = run_to_json(stopped);
  CHECK(j["routing"]["note"] == status_sentence(stopped.answer.routing.status));
  CHECK_THAT(render_run(stopped, Format::Table), Contains("Demands (least-cost routing: "));
  CHECK_FALSE(verification_failures(stopped).empty());
}

TEST_CASE("verification (--verify) fails on an unanswered question and holds for an unlimited route", "[report]") {
  SolvedScenario g = answered(load_network("gauge_break.yaml"));
  CHECK(verification_failures(g).empty());
  g.answer.capacities[1].status = SolveStatus::LimitReached;
  g.answer.routing.status = SolveStatus::NumericRange;
  const auto failures = verification_failures(g);
  REQUIRE(failures.size() == 2);
  CHECK(failures[0] == "route a-d (reverse): " + status_sentence(SolveStatus::LimitReached));
  CHECK(failures[1] == "routing: " + status_sentence(SolveStatus::NumericRange));

  const SolvedScenario unlimited = answered(expand(load_text(two_places() + R"(links:
  - {id: free, from: ru-a, to: ru-b, mode: road, length: 10 km}
routes:
  - {id: r, from: ru-a, to: ru-b, both_directions: false}
)")));
  REQUIRE(unlimited.answer.capacities[0].status == SolveStatus::Unbounded);
  CHECK(verification_failures(unlimited).empty());
}

TEST_CASE("names cannot drive the terminal or inject HTML into table and Markdown output", "[report]") {
  // U+009B (CSI), U+202E (right-to-left override), markup and '|' in the scenario's free text.
  const std::string name = "t</title><script>x</script>\xC2\x9B" "2J|\xE2\x80\xAE" "rev";
  const SolvedScenario a = answered(expand(load_text("borderflow: 1\nname: \"" + name + R"("
description: "line one\nline <b>two</b>"
places:
  - {id: ru-a, name: A, country: RU, lat: 43.0, lon: 132.0}
  - {id: ru-b, name: B, country: RU, lat: 42.5, lon: 131.0}
links:
  - {id: ab, from: ru-a, to: ru-b, mode: road, length: 10 km, capacity: 1 Mt/yr, cost: 2 USD/t}
routes:
  - {id: r, from: ru-a, to: ru-b}
)")));
  const std::string table = render_run(a, Format::Table);
  CHECK_THAT(table, StartsWith("Scenario t</title><script>x</script>\\u{9b}2J|\\u{202e}rev\nline one\nline <b>two</b>\n"));
  const std::string markdown = render_run(a, Format::Markdown);
  CHECK_THAT(markdown,
             StartsWith("## Scenario t&lt;/title>&lt;script>x&lt;/script>\\\\u{9b}2J\\|\\\\u{202e}rev\n"
                        "line one\nline &lt;b>two&lt;/b>\n"));
  for (Format f : {Format::Table, Format::Markdown}) {
    for (const std::string& out : {render_run(a, f), render_compare({a, a}, f)}) {
      CHECK_THAT(out, !Contains("\xC2\x9B") && !Contains("\xE2\x80\xAE"));
      if (f == Format::Markdown) CHECK_THAT(out, !Contains("<script>"));
    }
  }
  // JSON keeps the text as it is (its own escaping makes it safe).
  CHECK(run_to_json(a)["scenario"]["name"] == name);
}
