// engine/scenario: named unit rates (`rates:`, a link's `rate:`): what the loader resolves, what it
// refuses (unknown rate, rate beside cost_per_km, a negative rate), how extends: overrides a
// rate and swaps a link between cost_per_km and rate, the unused-rate warning, ranges on a rate,
// same_network, and the sweep path rates.<id>.cost_per_km (resolve_field).
#include <catch2/catch.hpp>

#include "input/reader.hpp"
#include "scenario/fields.hpp"
#include "support.hpp"

using namespace bftest;
using Catch::Matchers::Contains;

namespace {

/// Two places, a rate ru-rail at 0.011 USD/t-km, and `links` (YAML list items).
std::string with_rate(const std::string& links) {
  return two_places() +
         "rates:\n"
         "  - {id: ru-rail, name: Russian rail, cost_per_km: 0.011 USD/t-km}\n"
         "links:\n" +
         links;
}

const std::string kRailLink =
    "  - {id: ab, from: ru-a, to: ru-b, mode: rail, gauge: 1520, length: 654 km, cost: 1 USD/t, rate: ru-rail}\n";

const std::string kBase = kMemoryRoot + "/scenarios/base.yaml";

Scenario load_over_base(const std::string& base, const std::string& top, std::vector<Diagnostic>* warnings = nullptr) {
  LoadOptions options = memory_options({{kBase, base}, {kMemoryScenario, top}});
  options.warnings = warnings;
  return load_scenario(kMemoryScenario, options);
}

std::string only_error(const std::string& yaml) {
  const auto errors = load_errors(yaml);
  REQUIRE(errors.size() == 1);
  return errors[0].format();
}

}  // namespace

TEST_CASE("rates: a link using a rate costs the rate x its length, as if it wrote the value", "[rates][loader]") {
  const Scenario s = load_text(with_rate(kRailLink));
  REQUIRE(s.rates.size() == 1);
  CHECK(s.rates[0].id == "ru-rail");
  CHECK(s.rates[0].name == "Russian rail");
  CHECK(s.rates[0].cost_usd_per_t_km == 0.011);
  CHECK(s.find_rate("ru-rail") == 0);
  CHECK(s.find_rate("cn-rail") == -1);
  const Link& l = s.links[0];
  CHECK(l.rate == 0);
  CHECK(l.cost_usd_per_t_km == 0.011);
  // 1 + 0.011 x 654 = 8.194 USD/t, bit for bit what cost_per_km: 0.011 USD/t-km gives.
  const Scenario written = load_text(two_places() + "links:\n  - {id: ab, from: ru-a, to: ru-b, mode: rail, gauge: 1520, "
                                                    "length: 654 km, cost: 1 USD/t, cost_per_km: 0.011 USD/t-km}\n");
  CHECK(written.links[0].rate == -1);
  CHECK(l.total_cost_usd_per_t() == written.links[0].total_cost_usd_per_t());
  CHECK(l.total_cost_usd_per_t() == Approx(8.194).epsilon(1e-12));
}

TEST_CASE("rates: unknown rate, rate beside cost_per_km, negative and missing values are input errors", "[rates][loader]") {
  CHECK(only_error(with_rate("  - {id: ab, from: ru-a, to: ru-b, mode: road, length: 1 km, rate: ru-rial}\n")) ==
        "/borderflow-memory/scenarios/test.yaml:8:68: error: unknown rate 'ru-rial'; did you mean 'ru-rail'? (at "
        "links[0].rate)");
  CHECK(only_error(with_rate("  - {id: ab, from: ru-a, to: ru-b, mode: road, length: 1 km, cost_per_km: 0.02 USD/t-km, "
                             "rate: ru-rail}\n")) ==
        "/borderflow-memory/scenarios/test.yaml:8:96: error: a link's cost per km is its own cost_per_km: or a unit "
        "rate's (rate:), not both; drop one (at links[0].rate)");
  CHECK_THAT(only_error(two_places() + "rates:\n  - {id: r, name: R, cost_per_km: -0.01 USD/t-km}\n"),
             Contains("must be zero or more, got '-0.01 USD/t-km' (at rates[0].cost_per_km)"));
  CHECK_THAT(only_error(two_places() + "rates:\n  - {id: r, name: R, cost_per_km: .inf USD/t-km}\n"),
             Contains("(at rates[0].cost_per_km)"));
  CHECK_THAT(only_error(two_places() + "rates:\n  - {id: r, name: R, cost_per_km: 1e400 USD/t-km}\n"),
             Contains("(at rates[0].cost_per_km)"));
  CHECK_THAT(only_error(two_places() + "rates:\n  - {id: r, name: R}\n"),
             Contains("missing required 'cost_per_km'"));
  CHECK_THAT(only_error(two_places() + "rates:\n  - {id: r, cost_per_km: 0.01 USD/t-km}\n"),
             Contains("missing required 'name'"));
  CHECK_THAT(only_error(two_places() + "rates:\n  - {id: r, name: R, cost_per_km: 0.01 USD/t-km, cost: 1 USD/t}\n"),
             Contains("unknown key 'cost' in rates"));
}

TEST_CASE("rates: a rate without provenance fails --require-provenance like every element", "[rates][loader]") {
  const std::string yaml = two_places() + "rates:\n  - {id: r, name: R, cost_per_km: 0.01 USD/t-km}\n";
  const auto errors = load_errors(kMemoryScenario, {{kMemoryScenario, yaml}}, {}, true);
  CHECK_THAT(formatted(errors), Contains("'r' has neither source: nor assumption: (at rates[0])"));
}

TEST_CASE("rates: a rate no link uses is a warning, not an error", "[rates][loader]") {
  // The only link writes its own cost_per_km.
  LoadOptions options = memory_options(
      {{kMemoryScenario, with_rate("  - {id: ab, from: ru-a, to: ru-b, mode: road, length: 1 km, cost_per_km: 0.1 USD/t-km}\n")}});
  std::vector<Diagnostic> warnings;
  options.warnings = &warnings;
  (void)load_scenario(kMemoryScenario, options);
  REQUIRE(warnings.size() == 1);
  CHECK(warnings[0].format() ==
        "/borderflow-memory/scenarios/test.yaml:6:5: warning: rate 'ru-rail' is used by no link, so it changes nothing (a link uses it with "
        "rate: ru-rail) (at rates[0])");
}

TEST_CASE("rates: extends overrides a rate by id and swaps a link between cost_per_km and rate", "[rates][loader]") {
  const std::string base =
      with_rate(kRailLink +
                "  - {id: ba, from: ru-b, to: ru-a, mode: rail, gauge: 1520, length: 100 km, cost_per_km: 0.02 USD/t-km}\n");
  const Scenario s = load_over_base(base,
                                    "borderflow: 1\nextends: base.yaml\n"
                                    "rates:\n  - {id: ru-rail, cost_per_km: 0.014 USD/t-km}\n"
                                    "links:\n  - {id: ab, cost_per_km: 0.03 USD/t-km}\n  - {id: ba, rate: ru-rail}\n");
  CHECK(s.rates[0].cost_usd_per_t_km == 0.014);
  CHECK(s.rates[0].name == "Russian rail");  // inherited
  // ab gave its own cost_per_km: the inherited rate: is dropped (no "not both" error).
  CHECK(s.links[0].rate == -1);
  CHECK(s.links[0].cost_usd_per_t_km == 0.03);
  // ba took the rate: the inherited cost_per_km: is dropped.
  CHECK(s.links[1].rate == 0);
  CHECK(s.links[1].cost_usd_per_t_km == 0.014);
  CHECK(s.links[1].total_cost_usd_per_t() == Approx(1.4).epsilon(1e-12));  // 0.014 x 100
}

TEST_CASE("rates: an override of a misspelt rate id is reported with the closest inherited id", "[rates][loader]") {
  const auto errors = load_errors(kMemoryScenario, {{kBase, with_rate(kRailLink)},
                                                    {kMemoryScenario, "borderflow: 1\nextends: base.yaml\nrates:\n"
                                                                      "  - {id: ru-rial, cost_per_km: 0.014 USD/t-km}\n"}});
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].message == "no rate 'ru-rial' in the base; did you mean 'ru-rail'? (a new rate needs name and cost_per_km)");
}

TEST_CASE("rates: of inherited ids equally close to a misspelt override, the first in id order is named",
          "[rates][loader]") {
  // The base's index of ids is a hash map: the hint must not depend on its order.
  const std::string base = two_places() +
                           "rates:\n"
                           "  - {id: aa-rail, name: A, cost_per_km: 0.011 USD/t-km}\n"
                           "  - {id: zz-rail, name: Z, cost_per_km: 0.012 USD/t-km}\n";
  const auto errors = load_errors(kMemoryScenario, {{kBase, base},
                                                    {kMemoryScenario, "borderflow: 1\nextends: base.yaml\nrates:\n"
                                                                      "  - {id: xx-rail, cost_per_km: 0.014 USD/t-km}\n"}});
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].message == "no rate 'xx-rail' in the base; did you mean 'aa-rail'? (a new rate needs name and cost_per_km)");
}

TEST_CASE("rates: a ranged rate takes its value and is recorded for sweeps", "[rates][loader][ranges]") {
  const Scenario s = load_text(two_places() +
                               "rates:\n  - {id: ru-rail, name: R, cost_per_km: {value: 0.011 USD/t-km, "
                               "range: [0.009 USD/t-km, 0.014 USD/t-km], source: T}}\n"
                               "sources: [{id: T, title: T}]\nlinks:\n" + kRailLink);
  CHECK(s.links[0].cost_usd_per_t_km == 0.011);
  REQUIRE(s.ranges.size() == 1);
  CHECK(s.ranges[0].field.id == FieldId::RateCostPerKm);
  CHECK(s.ranges[0].field.element == 0);
  CHECK(s.ranges[0].range.low == 0.009);
  CHECK(s.ranges[0].range.high == 0.014);
  CHECK(field_path(s, s.ranges[0].field) == "rates.ru-rail.cost_per_km");
  CHECK(variable_field(FieldId::RateCostPerKm).dimension == Dimension::CostPerTonneKm);
  CHECK_THAT(only_error(two_places() + "rates:\n  - {id: r, name: R, cost_per_km: {value: 0.02 USD/t-km, "
                                       "range: [0.009 USD/t-km, 0.014 USD/t-km]}}\n"),
             Contains("value lies outside its range"));
}

TEST_CASE("rates: same_network names a rate that differs, and a link that changed to a rate", "[rates][scenario]") {
  const Scenario a = load_text(with_rate(kRailLink));
  Scenario b = a;
  std::string where;
  CHECK(same_network(a, b, &where));
  b.rates[0].cost_usd_per_t_km = 0.012;
  CHECK_FALSE(same_network(a, b, &where));
  CHECK(where == "rates.ru-rail");
  b = a;
  b.links[0].rate = -1;  // the same cost, written on the link: a sweep of the rate would miss it
  CHECK_FALSE(same_network(a, b, &where));
  CHECK(where == "links.ab");
}

TEST_CASE("rates: the sweep path rates.<id>.cost_per_km resolves; a link on a rate has no cost_per_km path",
          "[rates][fields]") {
  const Scenario s = load_text(with_rate(kRailLink));
  DiagnosticSink sink;
  Reader reader(sink);
  const auto resolve = [&](const std::string& text) {
    Word word;  // field by field: GCC 12 misreads a nested brace initialiser
    word.text = text;
    word.where = {"spec.yaml", 3, 9};
    word.path = "parameters[0].path";
    return resolve_field(s, word, reader, "the base scenario");
  };
  const auto rate = resolve("rates.ru-rail.cost_per_km");
  REQUIRE(rate);
  CHECK(rate->id == FieldId::RateCostPerKm);
  CHECK(rate->element == 0);
  CHECK(sink.empty());
  CHECK_FALSE(resolve("rates.ru-rial.cost_per_km"));
  CHECK_FALSE(resolve("links.ab.cost_per_km"));
  CHECK_FALSE(resolve("rates.ru-rail.cost"));
  REQUIRE(sink.size() == 3);
  CHECK(sink.diagnostics()[0].format() ==
        "spec.yaml:3:9: error: 'rates.ru-rial.cost_per_km': no rate 'ru-rial' in the base scenario; did you mean "
        "'ru-rail'? (at parameters[0].path)");
  CHECK(sink.diagnostics()[1].format() ==
        "spec.yaml:3:9: error: 'links.ab.cost_per_km': link 'ab' takes its cost per km from rate 'ru-rail'; vary "
        "rates.ru-rail.cost_per_km (every link using the rate), or give the link its own cost_per_km: in the base "
        "scenario (at parameters[0].path)");
  CHECK(sink.diagnostics()[2].format() ==
        "spec.yaml:3:9: error: 'rates.ru-rail.cost': rates have no sweepable field 'cost'; expected one of: "
        "cost_per_km (at parameters[0].path)");
}
