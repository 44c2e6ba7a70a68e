// engine/scenario/loader: strict reading, unit conversion, extends:, and errors collected all at once.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "support.hpp"

using namespace bftest;
using Catch::Matchers::Contains;

namespace {

const std::string kBase = kMemoryRoot + "/config/base.yaml";

/// The one diagnostic of a failed load (fails if there are more or none).
Diagnostic only_error(const std::string& yaml) {
  const auto errors = load_errors(yaml);
  INFO(formatted(errors));
  REQUIRE(errors.size() == 1);
  return errors[0];
}

const char* kComplete = R"(borderflow: 1
name: tiny
description: How much oil reaches KP?
defaults:
  speed: {rail: 50 km/h}
sources:
  - {id: S1, title: "A source", publisher: P, date: 2018-10, url: "https://example.org/a"}
places:
  - {id: ru-a, name: A, country: RU, kind: city, lat: 43.0, lon: 132.0, source: S1}
  - {id: ru-b, name: B, country: RU, lat: -42.5, lon: -131.0, assumption: "a guess"}
  - {id: kp-c, name: Ч, country: KP, lat: 42.3, lon: 130.5, source: [S1]}
commodities:
  - {id: crude, class: liquid, value: 70 USD/bbl, bbl_per_t: 7.33}
  - {id: boxes, class: container, t_per_teu: 14}
  - {id: grain, name: Grain, class: bulk, value: 300 USD/t}
links:
  - {id: ab, from: ru-a, to: ru-b, mode: rail, gauge: 1520, length: 100 km}
  - {id: pipe, from: ru-a, to: ru-b, mode: pipeline, length: 500 m, capacity: 7330 bbl/day, commodities: [crude], cost: 1 USD/bbl}
  - {id: box-road, from: ru-a, to: ru-b, mode: road, length: 10 km, capacity: 100 TEU/day, commodities: boxes, direction: forward, status: planned}
  - {id: bc, name: Bridge, from: ru-b, to: kp-c, mode: rail, gauge: dual, length: 5 km, capacity: 100 t/day, cost: 3 USD/t, cost_per_km: 0.02 USD/t-km, transit: 90 min, status: closed}
transfers:
  - {id: bogie, place: kp-c, from: rail:1520, to: rail:1435, method: bogie_exchange, cost: 4 USD/t, time: 1 day, capacity: 1.1 Mt/yr, direction: forward}
crossings:
  - {id: post, links: [bc], capacity: 5 Mt/yr, dwell: 12 h, cost: 1 USD/t}
demands:
  - {id: oil, commodity: crude, from: [ru-a], to_countries: [KP], quantity: 1 Mbbl/yr, unserved_cost: 10 USD/bbl}
routes:
  - {id: r, from_countries: [RU], to: [kp-c], links: [bc, ab], countries: [RU, KP], commodity: grain, both_directions: false}
policy:
  closed: [post]
  no_transit: [CN]
)";

}  // namespace

TEST_CASE("a complete scenario loads with every quantity in internal units", "[loader]") {
  const Scenario s = load_text(kComplete);
  CHECK(s.name == "tiny");
  CHECK(s.description == "How much oil reaches KP?");
  CHECK(s.files == std::vector<std::string>{kMemoryScenario});
  CHECK(s.default_speed_km_per_h[static_cast<int>(Mode::Rail)] == 50);
  CHECK(s.default_speed_km_per_h[static_cast<int>(Mode::Road)] == 40);  // built-in default

  REQUIRE(s.sources.size() == 1);
  CHECK(s.sources[0].title == "A source");
  CHECK(s.sources[0].date == "2018-10");
  CHECK(s.sources[0].url == "https://example.org/a");

  REQUIRE(s.places.size() == 3);
  CHECK(s.places[0].kind == "city");
  CHECK(s.places[1].kind == "place");  // default
  CHECK(s.places[1].lat_deg == -42.5);
  CHECK(s.places[1].lon_deg == -131.0);
  CHECK(s.places[2].name == "Ч");
  CHECK(s.places[0].provenance->source_tags == std::vector<std::string>{"S1"});
  CHECK(s.places[1].provenance->assumption == "a guess");
  CHECK(s.places[2].provenance->source_tags == std::vector<std::string>{"S1"});
  CHECK(s.places[0].where.line == 9);

  REQUIRE(s.commodities.size() == 3);
  CHECK(s.commodities[0].value_usd_per_t == Approx(70 * 7.33));
  CHECK(s.commodities[0].bbl_per_t == 7.33);
  CHECK(s.commodities[1].t_per_teu == 14.0);
  CHECK(s.commodities[1].name == "boxes");  // defaults to the id
  CHECK(s.commodities[2].cargo_class == "bulk");

  REQUIRE(s.links.size() == 4);
  const Link& ab = s.links[0];
  CHECK(ab.gauges_mm == std::vector<int>{1520});
  CHECK(ab.transit_h == Approx(2.0));  // 100 km at the scenario's 50 km/h
  CHECK(ab.capacity_t_per_yr == kUnlimited);
  CHECK(ab.cost_usd_per_t == 0);
  CHECK(ab.both_ways);
  CHECK(ab.status == Status::Open);
  CHECK(ab.commodities.empty());
  CHECK(ab.crossing == -1);
  const Link& pipe = s.links[1];
  CHECK(pipe.mode == Mode::Pipeline);
  CHECK(pipe.gauges_mm.empty());
  CHECK(pipe.length_km == Approx(0.5));
  CHECK(pipe.capacity_t_per_yr == Approx(7330.0 * 365 / 7.33));  // 365,000 t/yr
  CHECK(pipe.cost_usd_per_t == Approx(7.33));
  CHECK(pipe.commodities == std::vector<int>{0});
  CHECK(pipe.transit_h == Approx(0.5 / 5));  // pipeline default 5 km/h
  const Link& boxes = s.links[2];
  CHECK(boxes.capacity_t_per_yr == Approx(100.0 * 365 * 14));
  CHECK(boxes.commodities == std::vector<int>{1});  // a single id is a list of one
  CHECK_FALSE(boxes.both_ways);
  CHECK(boxes.status == Status::Planned);
  const Link& bc = s.links[3];
  CHECK(bc.name == "Bridge");
  CHECK(bc.gauges_mm == std::vector<int>{1435, 1520});
  CHECK(bc.capacity_t_per_yr == Approx(36500));
  CHECK(bc.total_cost_usd_per_t() == Approx(3 + 0.02 * 5));
  CHECK(bc.transit_h == Approx(1.5));
  CHECK(bc.status == Status::Closed);
  CHECK(bc.crossing == 0);

  REQUIRE(s.transfers.size() == 1);
  const Transfer& t = s.transfers[0];
  CHECK(t.place == 2);
  CHECK(t.from == Layer{Mode::Rail, 1520});
  CHECK(t.to == Layer{Mode::Rail, 1435});
  CHECK(t.method == "bogie_exchange");
  CHECK(t.time_h == Approx(24));
  CHECK(t.capacity_t_per_yr == Approx(1.1e6));
  CHECK_FALSE(t.both_ways);

  REQUIRE(s.crossings.size() == 1);
  CHECK(s.crossings[0].links == std::vector<int>{3});
  CHECK(s.crossings[0].capacity_t_per_yr == Approx(5e6));
  CHECK(s.crossings[0].dwell_h == 12);
  CHECK(s.crossings[0].cost_usd_per_t == 1);

  REQUIRE(s.demands.size() == 1);
  const Demand& d = s.demands[0];
  CHECK(d.commodity == 0);
  CHECK(d.origins.places == std::vector<int>{0});
  CHECK(d.destinations.places == std::vector<int>{2});
  CHECK(d.destinations.countries == std::vector<std::string>{"KP"});
  CHECK(d.quantity_t_per_yr == Approx(1e6 / 7.33));
  CHECK(d.unserved_cost_usd_per_t == Approx(73.3));

  REQUIRE(s.routes.size() == 1);
  const Route& r = s.routes[0];
  CHECK(r.origins.places == std::vector<int>{0, 1});
  CHECK(r.destinations.places == std::vector<int>{2});
  CHECK(r.links == std::vector<int>{0, 3});  // sorted
  CHECK(r.countries == std::vector<std::string>{"RU", "KP"});
  CHECK(r.commodity == 2);
  CHECK_FALSE(r.both_directions);

  CHECK(s.policy.closed == std::vector<std::string>{"post"});
  CHECK(s.policy.no_transit == std::vector<std::string>{"CN"});
}

TEST_CASE("defaults: name from the file, transit from each mode's speed", "[loader]") {
  const Scenario s = load_text(two_places() + R"(links:
  - {id: road, from: ru-a, to: ru-b, mode: road, length: 80 km}
  - {id: sea, from: ru-a, to: ru-b, mode: sea, length: 44 km}
  - {id: rail, from: ru-a, to: ru-b, mode: rail, gauge: 1435, length: 60 km}
routes:
  - {id: r, from: ru-a, to: ru-b}
)");
  CHECK(s.name == "test");
  CHECK(s.description.empty());
  CHECK(s.links[0].transit_h == Approx(2.0));
  CHECK(s.links[1].transit_h == Approx(2.0));
  CHECK(s.links[2].transit_h == Approx(2.0));
  CHECK(s.routes[0].both_directions);  // default true
  CHECK(s.routes[0].commodity == -1);
}

TEST_CASE("t/day is 365 t/yr, t/month 12 t/yr", "[loader][units]") {
  const Scenario s = load_text(two_places() + R"(links:
  - {id: d, from: ru-a, to: ru-b, mode: road, length: 1 km, capacity: 1 t/day}
  - {id: m, from: ru-a, to: ru-b, mode: road, length: 1 km, capacity: 1 t/month}
  - {id: k, from: ru-a, to: ru-b, mode: road, length: 1 km, capacity: 2 kt/day}
)");
  CHECK(s.links[0].capacity_t_per_yr == Approx(365));
  CHECK(s.links[1].capacity_t_per_yr == Approx(12));
  CHECK(s.links[2].capacity_t_per_yr == Approx(730000));
}

TEST_CASE("barrel and TEU units need exactly one commodity with the conversion", "[loader][units]") {
  const std::string commodities = R"(commodities:
  - {id: crude, class: liquid, bbl_per_t: 7.33}
  - {id: fuel, class: liquid, bbl_per_t: 8.5}
  - {id: grain, class: bulk}
)";
  SECTION("two commodities on the link") {
    const Diagnostic d = only_error(two_places() + commodities + R"(links:
  - {id: p, from: ru-a, to: ru-b, mode: pipeline, length: 1 km, commodities: [crude, fuel], capacity: 100 bbl/day}
)");
    CHECK_THAT(d.message, Contains("needs exactly one commodity that defines bbl_per_t"));
    CHECK(d.yaml_path == "links[0].capacity");
  }
  SECTION("a commodity without bbl_per_t") {
    const Diagnostic d = only_error(two_places() + commodities + R"(links:
  - {id: p, from: ru-a, to: ru-b, mode: road, length: 1 km, commodities: [grain], capacity: 100 bbl/day}
)");
    CHECK_THAT(d.message, Contains("'grain' has none"));
  }
  SECTION("a demand quantity in barrels of a grain demand") {
    const Diagnostic d = only_error(two_places() + commodities + R"(demands:
  - {id: g, commodity: grain, from: ru-a, to: ru-b, quantity: 5 kbbl/yr, unserved_cost: 10 USD/t}
)");
    CHECK_THAT(d.message, Contains("'grain' has none"));
    CHECK(d.yaml_path == "demands[0].quantity");
  }
  SECTION("transfers and crossings are in tonnes") {
    const Diagnostic d = only_error(two_places() + commodities + R"(transfers:
  - {id: t, place: ru-a, from: road, to: pipeline, method: pump, capacity: 100 bbl/day}
)");
    CHECK_THAT(d.message, Contains("bbl_per_t"));
  }
}

TEST_CASE("strict numbers and ranges in the loader", "[loader][numbers]") {
  auto place_with = [](const std::string& fields) {
    return "borderflow: 1\nplaces:\n  - {id: ru-a, name: A, country: RU, " + fields + "}\n";
  };
  CHECK(only_error(place_with("lat: 0x10, lon: 1")).message ==
        "'0x10' is not a plain decimal number (no hex, octal, '_', inf or nan)");
  CHECK_THAT(only_error(place_with("lat: 010, lon: 1")).message, Contains("not a plain decimal"));
  CHECK_THAT(only_error(place_with("lat: .nan, lon: 1")).message, Contains("not a plain decimal"));
  CHECK_THAT(only_error(place_with("lat: 1_0, lon: 1")).message, Contains("not a plain decimal"));
  CHECK_THAT(only_error(place_with("lat: .inf, lon: 1")).message, Contains("not a plain decimal"));
  const Diagnostic range = only_error(place_with("lat: 91, lon: 1"));
  CHECK(range.message == "'91' is out of range [-90, 90]");
  CHECK(range.yaml_path == "places[0].lat");
  CHECK(only_error(place_with("lat: 1, lon: -180.5")).message == "'-180.5' is out of range [-180, 180]");

  auto link_with = [](const std::string& fields) {
    return two_places() + "links:\n  - {id: ab, from: ru-a, to: ru-b, mode: road, " + fields + "}\n";
  };
  CHECK(only_error(link_with("length: 1 km, capacity: -2 Mt/yr")).message == "must be zero or more, got '-2 Mt/yr'");
  CHECK(only_error(link_with("length: -1 km")).message == "must be zero or more, got '-1 km'");
  CHECK_THAT(only_error(link_with("length: 1 km, cost: .nan USD/t")).message, Contains("not a plain decimal"));
  CHECK_THAT(only_error(link_with("length: 1 km, capacity: .inf")).message, Contains("not a plain decimal"));
  CHECK_THAT(only_error(link_with("length: 1 km, capacity: 0x10 Mt/yr")).message, Contains("not a plain decimal"));
  CHECK_THAT(only_error(link_with("length: 10")).message, Contains("missing unit"));
  CHECK_THAT(only_error(link_with("length: 10 Mt/yr")).message, Contains("unknown unit 'Mt/yr'; accepted: km, m"));

  const Diagnostic zero = only_error(two_places() + R"(commodities: [{id: g, class: bulk}]
demands:
  - {id: d, commodity: g, from: ru-a, to: ru-b, quantity: 1 Mt/yr, unserved_cost: 0 USD/t}
)");
  CHECK(zero.message == "must be more than zero, got '0 USD/t'");
}

TEST_CASE("every problem in a file is reported at once, in line order", "[loader][errors]") {
  const auto errors = load_errors(R"(borderflow: 1
places:
  - {id: ru-a, name: A, country: RU, lat: 43.0, lon: 132.0}
  - {id: ru-b, name: B, country: Russia, lat: 42.5, lon: 131.0}
  - {id: ru-c, country: RU, lat: 95, lon: 131.0}
links:
  - {id: ab, from: ru-a, to: ru-x, mode: road, length: 10 km}
  - {id: ba, from: ru-b, to: ru-a, mode: raod, length: 10 km, capacity: 5}
  - {id: ca, from: ru-c, to: ru-a, mode: road, length: 10 km, capcity: 1 Mt/yr}
)");
  INFO(formatted(errors));
  REQUIRE(errors.size() == 7);
  CHECK_THAT(errors[0].message, Contains("'Russia' is not an ISO 3166-1 alpha-2 country code"));
  CHECK(errors[0].where.line == 4);
  CHECK(errors[1].message == "missing required 'name'");
  CHECK(errors[1].where.line == 5);
  CHECK(errors[2].message == "'95' is out of range [-90, 90]");
  CHECK(errors[2].where.line == 5);
  CHECK(errors[3].message == "unknown place 'ru-x'; did you mean 'ru-a'?");
  CHECK(errors[3].where.line == 7);
  CHECK(errors[4].message == "'raod' is not one of: rail, road, sea, pipeline; did you mean 'road'?");
  CHECK(errors[4].where.line == 8);
  CHECK_THAT(errors[5].message, Contains("missing unit"));
  CHECK(errors[5].where.line == 8);
  CHECK(errors[6].message == "unknown key 'capcity' in links; did you mean 'capacity'?");
  CHECK(errors[6].where.line == 9);
  for (std::size_t i = 1; i < errors.size(); ++i) {
    CHECK(std::tie(errors[i - 1].where.line, errors[i - 1].where.column) <
          std::tie(errors[i].where.line, errors[i].where.column));
  }
  // A misspelt mode and a misspelt country cause no follow-on errors (no "missing gauge", no border).
  CHECK_THAT(formatted(errors), !Contains("gauge") && !Contains("crosses the"));
}

TEST_CASE("did-you-mean hints", "[loader][errors]") {
  CHECK(only_error("borderflow: 1\nplace: []\n").message == "unknown key 'place' in the scenario; did you mean 'places'?");
  CHECK(only_error(two_places() + "links:\n  - {id: ab, from: ru-a, to: ru-b, mode: road, lenght: 1 km, length: 1 km}\n")
            .message == "unknown key 'lenght' in links; did you mean 'length'?");
  CHECK(only_error(two_places() + "links:\n  - {id: ab, from: ru-a, to: ru-bb, mode: road, length: 1 km}\n").message ==
        "unknown place 'ru-bb'; did you mean 'ru-b'?");
  CHECK(only_error(two_places() + "links:\n  - {id: ab, from: ru-a, to: ru-b, mode: rail, gauge: 1502, length: 1 km}\n")
            .message == "'1502' is not one of: 1435, 1520, dual; did you mean '1520'?");
  CHECK(only_error(two_places() + "defaults: {speed: {rial: 30 km/h}}\n").message ==
        "unknown key 'rial' in defaults.speed; did you mean 'rail'?");
  CHECK(only_error(two_places() + "defaults: {sped: {}}\n").message == "unknown key 'sped' in defaults; did you mean 'speed'?");
  CHECK(only_error(two_places() + "policy: {no_transits: [CN]}\n").message ==
        "unknown key 'no_transits' in policy; did you mean 'no_transit'?");
  CHECK(only_error(two_places() + "commodities: [{id: grain, class: bulk}]\n"
                                  "links:\n  - {id: ab, from: ru-a, to: ru-b, mode: road, length: 1 km, commodities: [grian]}\n")
            .message == "unknown commodity 'grian'; did you mean 'grain'?");
  CHECK(only_error(two_places() + "commodities: [{id: grain, class: bulk}]\n"
                                  "demands:\n  - {id: d, commodity: grains, from: ru-a, to: ru-b, quantity: 1 t/yr, unserved_cost: 1 USD/t}\n")
            .message == "unknown commodity 'grains'; did you mean 'grain'?");
  CHECK(only_error(two_places() + "links:\n  - {id: ab-road, from: ru-a, to: ru-b, mode: road, length: 1 km}\n"
                                  "routes:\n  - {id: r, from: ru-a, to: ru-b, links: [ab-raod]}\n")
            .message == "unknown link 'ab-raod'; did you mean 'ab-road'?");
  CHECK(only_error(two_places() + "links:\n  - {id: ab-road, from: ru-a, to: ru-b, mode: road, length: 1 km}\n"
                                  "policy: {closed: [ab-raod]}\n")
            .message == "policy.closed: 'ab-raod' is not a link, transfer or crossing; did you mean 'ab-road'?");
  CHECK(only_error("borderflow: 1\nsources: [{id: TASS-2018, title: T}]\n"
                   "places:\n  - {id: ru-a, name: A, country: RU, lat: 1, lon: 1, source: TASS-2019}\n")
            .message == "source tag 'TASS-2019' is not defined in any sources: section; did you mean 'TASS-2018'?");
  // No hint when nothing is close; then the accepted keys are listed.
  CHECK(only_error("borderflow: 1\nbandwidth: 5\n").message ==
        "unknown key 'bandwidth' in the scenario; expected one of: borderflow, name, description, extends, defaults, "
        "policy, sources, places, rates, links, transfers, crossings, commodities, demands, routes, vehicles, fleets, "
        "background, fees, caps, time, disruptions");
  // The merge key '<<' is not a typo of anything.
  CHECK(only_error(two_places() + "links:\n  - {id: ab, <<: {mode: road}, from: ru-a, to: ru-b, mode: road, length: 1 km}\n")
            .message == "unknown key '<<' in links; YAML merge keys are not supported: write the fields out, or use extends:");
}

TEST_CASE("a misspelt required key is reported once, not also as missing", "[loader][errors]") {
  const auto errors = load_errors(two_places() + R"(links:
  - {id: ab, form: ru-a, to: ru-b, mode: road, lenght: 5 km}
  - {id: ba, from: ru-b, to: ru-a, mdoe: road, length: 5 km}
crossings:
  - {id: x, link: [ab]}
commodities: [{id: g, class: bulk}]
demands:
  - {id: d, comodity: g, form: ru-a, to: ru-b, quantity: 1 t/yr, unserved_cost: 1 USD/t}
  - {id: e, commodity: g, from_country: [RU], to: ru-b, quantity: 1 t/yr, unserved_cost: 1 USD/t}
)");
  INFO(formatted(errors));
  CHECK_THAT(formatted(errors), !Contains("missing"));
  CHECK(errors.size() == 7);
}

TEST_CASE("unknown keys do not hide the other errors of the file", "[loader][errors]") {
  const auto errors = load_errors(two_places() + R"(links:
  - {id: ab, from: ru-a, to: ru-b, mode: road, length: 5 km, capacty: 1 Mt/yr}
  - {id: ba, from: ru-b, to: ru-c, mode: road, length: 5}
policy: {closd: [ab]}
)");
  INFO(formatted(errors));
  REQUIRE(errors.size() == 4);
  CHECK_THAT(errors[0].message, Contains("unknown key 'capacty'"));
  CHECK_THAT(errors[1].message, Contains("unknown place 'ru-c'"));
  CHECK_THAT(errors[2].message, Contains("missing unit"));
  CHECK_THAT(errors[3].message, Contains("unknown key 'closd' in policy"));
}

TEST_CASE("a dropped element or section stops before follow-on errors", "[loader][errors]") {
  // The place without a usable id is dropped; links that name it would only repeat the problem.
  const auto bad_id = load_errors("borderflow: 1\nplaces:\n  - {id: \"ru a\", name: A, country: RU, lat: 1, lon: 1}\n"
                                  "links:\n  - {id: ab, from: ru a, to: ru a, mode: road, length: 5}\n");
  REQUIRE(bad_id.size() == 1);
  CHECK_THAT(bad_id[0].message, Contains("id must be"));
  // A misspelt section name loses the section: no "scenario has no places" on top.
  const auto section = load_errors("borderflow: 1\nplace:\n  - {id: ru-a, name: A, country: RU, lat: 1, lon: 1}\n");
  REQUIRE(section.size() == 1);
  CHECK(section[0].message == "unknown key 'place' in the scenario; did you mean 'places'?");
}

TEST_CASE("duplicate keys and ids", "[loader][errors]") {
  const auto keys = load_errors(two_places() + R"(links:
  - id: ab
    from: ru-a
    to: ru-b
    mode: road
    length: 1 km
    length: 2 km
)");
  REQUIRE(keys.size() == 1);
  CHECK(keys[0].message == "duplicate key 'length' (first given on line 10)");
  CHECK(keys[0].where.line == 11);
  CHECK(keys[0].yaml_path == "links[0].length");

  CHECK(only_error(two_places() + "name: a\nname: b\n").message == "duplicate key 'name' (first given on line 5)");

  const Diagnostic id = only_error(two_places() + "  - {id: ru-a, name: again, country: RU, lat: 1, lon: 1}\n");
  CHECK(id.message == "duplicate id 'ru-a' in places (first on line 3)");
  CHECK(id.yaml_path == "places[2].id");

  // The same id in two sections is fine.
  CHECK_NOTHROW(load_text(two_places() + "links: [{id: ru-a, from: ru-a, to: ru-b, mode: road, length: 1 km}]\n"));
}

TEST_CASE("shapes and required fields", "[loader][errors]") {
  CHECK(only_error("borderflow: 1\nplaces: {id: a}\n").message ==
        "places: expects a list of elements, each starting with '- id: ...'");
  CHECK(only_error(two_places() + "  - just-a-word\n").message == "expected a mapping with an 'id'");
  CHECK(only_error(two_places() + "  - {name: C, country: RU, lat: 1, lon: 1}\n").message == "missing 'id'");
  CHECK_THAT(only_error(two_places() + "  - {id: \"a b\", name: C, country: RU, lat: 1, lon: 1}\n").message,
             Contains("id must be 1-64 characters"));
  CHECK(only_error("borderflow: 1\nplaces:\n  - {id: a, name: [x], country: RU, lat: 1, lon: 1}\n").message ==
        "expected a single value, not a list or mapping");
  const Diagnostic null_field = only_error(two_places() + "links:\n  - id: ab\n    from:\n    to: ru-b\n    mode: road\n    length: 1 km\n");
  CHECK(null_field.message == "value is empty");
  CHECK(null_field.yaml_path == "links[0].from");
  CHECK(only_error("borderflow: 1\nplaces:\n  - {id: a, name: \"\", country: RU, lat: 1, lon: 1}\n").message ==
        "value is empty");
  CHECK(only_error(two_places() + "links:\n  - {id: ab, from: ru-a, to: ru-b, length: 1 km}\n").message ==
        "missing required 'mode' (one of: rail, road, sea, pipeline)");
  CHECK(only_error(two_places() + "links:\n  - {id: ab, from: ru-a, to: ru-b, mode: rail, length: 1 km}\n").message ==
        "missing required 'gauge' (one of: 1435, 1520, dual)");
  CHECK(only_error(two_places() + "links:\n  - {id: ab, from: ru-a, to: ru-b, mode: road}\n").message ==
        "missing required 'length' (km, m)");
  CHECK(only_error(two_places() + "links:\n  - {id: ab, from: ru-a, to: ru-b, mode: road, length: 1 km, commodities: {a: 1}}\n")
            .message == "expected a list of ids, e.g. [a, b]");
  CHECK(only_error(two_places() + "routes:\n  - {id: r, from: ru-a, to: ru-b, both_directions: maybe}\n").message ==
        "'maybe' is not one of: true, false");
  CHECK(only_error("borderflow: 1\n? [a, b]\n: 1\n" + two_places().substr(14)).message == "keys must be plain words");
  CHECK(only_error(two_places() + "defaults: [speed]\n").message == "defaults: expects a mapping");
  CHECK(only_error(two_places() + "policy: closed\n").message == "policy: expects a mapping");
  CHECK(only_error(two_places() + "description: [a]\n").message == "description: expects text");
}

TEST_CASE("the format version is required and must be 1", "[loader][errors]") {
  const std::string places = two_places().substr(std::string("borderflow: 1\n").size());
  const Diagnostic missing = only_error(places);
  CHECK(missing.message == "missing 'borderflow: 1' (the format version) at the top of the file");
  CHECK(missing.where.line == 1);
  CHECK(only_error("borderflow: 2\n" + places).message == "unsupported format version '2'; this engine reads 'borderflow: 1'");
  CHECK(only_error("borderflow: 1.0\n" + places).message ==
        "unsupported format version '1.0'; this engine reads 'borderflow: 1'");
  CHECK(only_error("borderflow: [1]\n" + places).message == "unsupported format version; this engine reads 'borderflow: 1'");
}

TEST_CASE("network rules the loader enforces", "[loader][errors]") {
  const std::string border = R"(borderflow: 1
places:
  - {id: ru-a, name: A, country: RU, lat: 42.4, lon: 130.6}
  - {id: ru-b, name: B, country: RU, lat: 42.5, lon: 130.7}
  - {id: kp-c, name: C, country: KP, lat: 42.3, lon: 130.5}
)";
  const Diagnostic unlisted = only_error(border + "links:\n  - {id: ac, from: ru-a, to: kp-c, mode: road, length: 1 km}\n");
  CHECK(unlisted.message == "link 'ac' crosses the RU-KP border but belongs to no crossing; list it under crossings:");
  CHECK(unlisted.yaml_path == "links[0]");
  CHECK(only_error(border + "links:\n  - {id: ab, from: ru-a, to: ru-b, mode: road, length: 1 km}\n"
                            "crossings:\n  - {id: x, links: [ab]}\n")
            .message == "link 'ab' does not cross a border (both ends in RU)");
  CHECK(only_error(border + "links:\n  - {id: ac, from: ru-a, to: kp-c, mode: road, length: 1 km}\n"
                            "crossings:\n  - {id: x, links: [ac]}\n  - {id: y, links: [ac]}\n")
            .message == "link 'ac' already belongs to crossing 'x'");
  CHECK(only_error(border + "crossings:\n  - {id: x}\n").message == "missing required 'links'");
  CHECK(only_error(border + "links:\n  - {id: aa, from: ru-a, to: ru-a, mode: road, length: 1 km}\n").message ==
        "a link must join two different places");
  CHECK(only_error(border + "links:\n  - {id: ab, from: ru-a, to: ru-b, mode: road, gauge: 1520, length: 1 km}\n")
            .message == "gauge applies to rail links only");
  CHECK(only_error(border + "transfers:\n  - {id: t, place: ru-a, from: road, to: road, method: transload}\n").message ==
        "a transfer joins two different layers");
  CHECK(only_error(border + "transfers:\n  - {id: t, place: ru-a, from: rail:1000, to: road, method: transload}\n")
            .message == "'rail:1000' is not one of: rail:1435, rail:1520, road, sea, pipeline; did you mean 'rail:1520'?");
  CHECK(only_error(border + "commodities: [{id: g, class: bulk}]\n"
                            "demands:\n  - {id: d, commodity: g, from: ru-a, to: [ru-a, kp-c], quantity: 1 t/yr, unserved_cost: 1 USD/t}\n")
            .message == "place 'ru-a' is both an origin and a destination");
  CHECK(only_error(border + "routes:\n  - {id: r, from_countries: [RU], to: ru-b}\n").message ==
        "place 'ru-b' is both an origin and a destination");
  CHECK(only_error(border + "routes:\n  - {id: r, to: ru-b}\n").message ==
        "missing 'from' (place ids) or 'from_countries' (country codes)");
  CHECK(only_error(border + "routes:\n  - {id: r, from: ru-a, to_countries: [CN]}\n").message ==
        "no place lies in country 'CN'");
  CHECK(only_error(border + "routes:\n  - {id: r, from: ru-a, to_countries: [kp]}\n").message ==
        "'kp' is not an ISO 3166-1 alpha-2 country code");
  CHECK(only_error(border + "routes:\n  - {id: r, from: ru-a, to: ru-b, countries: [Korea]}\n").message ==
        "'Korea' is not a country code");
  CHECK(only_error(border + "policy: {no_transit: [China]}\n").message ==
        "'China' is not an ISO 3166-1 alpha-2 country code");
  CHECK(only_error("borderflow: 1\nname: empty\n").message == "scenario has no places");
}

TEST_CASE("empty lists that would silently change a question's meaning are errors", "[loader][errors]") {
  const std::string base = two_places() + "commodities: [{id: g, class: bulk}]\n"
                                          "links:\n  - {id: ab, from: ru-a, to: ru-b, mode: road, length: 1 km}\n";
  CHECK(only_error(base + "routes:\n  - {id: r, from: [], to: ru-b}\n").message ==
        "'from' is empty: give at least one place id");
  CHECK(only_error(base + "routes:\n  - {id: r, from: ru-a, to_countries: []}\n").message ==
        "'to_countries' is empty: give at least one country code");
  CHECK(only_error(base + "demands:\n  - {id: d, commodity: g, from: ru-a, to: [], quantity: 1 t/yr, unserved_cost: 1 USD/t}\n")
            .message == "'to' is empty: give at least one place id");
  CHECK(only_error(base + "routes:\n  - {id: r, from: ru-a, to: ru-b, links: []}\n").message ==
        "'links: []' allows no link; omit 'links' to allow every link");
  CHECK(only_error(base + "routes:\n  - {id: r, from: ru-a, to: ru-b, countries: []}\n").message ==
        "'countries: []' allows no country; omit 'countries' to allow every country");
  CHECK(only_error(two_places() + "links:\n  - {id: ab, from: ru-a, to: ru-b, mode: road, length: 1 km, commodities: []}\n")
            .message == "'commodities: []' allows no commodity; omit it to allow every commodity");
  CHECK(only_error(two_places() + "crossings:\n  - {id: x, links: []}\n").message == "a crossing needs at least one link");
  // Empty policy lists are meaningful (an extending file clears the inherited list).
  CHECK(load_text(two_places() + "policy: {closed: [], no_transit: []}\n").policy.closed.empty());
}

TEST_CASE("provenance is required on request", "[loader]") {
  const std::string text = two_places();
  CHECK_NOTHROW(load_text(text));
  const auto errors = load_errors(kMemoryScenario, {{kMemoryScenario, text}}, {}, true);
  REQUIRE(errors.size() == 2);
  CHECK(errors[0].message == "'ru-a' has neither source: nor assumption:");
  CHECK(errors[1].message == "'ru-b' has neither source: nor assumption:");
}

TEST_CASE("limits reach the loader", "[loader][limits]") {
  Limits few;
  few.max_elements = 1;
  CHECK(load_errors(two_places(), few).at(0).message == "scenario has 2 elements; the limit is 1; raise it with --max-elements N, or --trusted for input you trust");
  Limits shallow;
  shallow.max_depth = 2;
  CHECK(load_errors(two_places(), shallow).at(0).message == "nesting deeper than 2 levels");
  Limits small;
  small.max_file_bytes = 20;
  const std::size_t bytes = two_places().size();
  CHECK(load_errors(two_places(), small).at(0).message ==  // from the memory source, worded as from disk
        "file is " + std::to_string(bytes) + " bytes; the limit is 20; raise it with --max-file-bytes N, or --trusted for input you trust");
}

// ---------------------------------------------------------------------------------------------
// extends:

namespace {

const char* kBaseText = R"(borderflow: 1
name: base
description: the reference network
defaults:
  speed: {rail: 50 km/h, road: 60 km/h}
places:
  - {id: ru-a, name: A, country: RU, lat: 43.0, lon: 132.0}
  - {id: ru-b, name: B, country: RU, lat: 42.5, lon: 131.0}
links:
  - {id: ab, from: ru-a, to: ru-b, mode: road, length: 120 km, capacity: 1 Mt/yr, cost: 5 USD/t}
  - {id: ab-rail, from: ru-a, to: ru-b, mode: rail, gauge: 1520, length: 100 km, capacity: 2 Mt/yr}
policy:
  closed: [ab-rail]
  no_transit: [CN]
)";

Scenario load_extending(const std::string& top) {
  return load_scenario(kMemoryScenario, memory_options({{kMemoryScenario, top}, {kBase, kBaseText}}));
}

std::vector<Diagnostic> extends_errors(std::map<std::string, std::string> files) {
  return load_errors(kMemoryScenario, std::move(files));
}

}  // namespace

TEST_CASE("extends: inherits everything the including file does not change", "[loader][extends]") {
  const Scenario s = load_extending("borderflow: 1\nextends: ../config/base.yaml\n");
  CHECK(s.name == "base");
  CHECK(s.description == "the reference network");
  CHECK(s.files == std::vector<std::string>{kMemoryScenario, kBase});
  CHECK(s.places.size() == 2);
  CHECK(s.links.size() == 2);
  CHECK(s.links[0].capacity_t_per_yr == Approx(1e6));
  CHECK(s.links[0].transit_h == Approx(2.0));  // 120 km at the base's 60 km/h
  CHECK(s.policy.closed == std::vector<std::string>{"ab-rail"});
  CHECK(s.policy.no_transit == std::vector<std::string>{"CN"});
}

TEST_CASE("extends: an element with a known id has the given fields replaced", "[loader][extends]") {
  const Scenario s = load_extending(R"(borderflow: 1
extends: ../config/base.yaml
name: what-if
description: a bigger road
links:
  - {id: ab, capacity: 3 Mt/yr, status: closed}
)");
  CHECK(s.name == "what-if");
  CHECK(s.description == "a bigger road");
  REQUIRE(s.links.size() == 2);
  const Link& ab = s.links[0];
  CHECK(ab.capacity_t_per_yr == Approx(3e6));  // replaced
  CHECK(ab.status == Status::Closed);          // replaced
  CHECK(ab.cost_usd_per_t == 5);               // kept
  CHECK(ab.length_km == 120);                  // kept
  CHECK(ab.mode == Mode::Road);                // kept
  CHECK(s.links[1].id == "ab-rail");           // untouched, order kept
}

TEST_CASE("extends: a new id adds a complete element", "[loader][extends]") {
  const Scenario s = load_extending(R"(borderflow: 1
extends: ../config/base.yaml
places:
  - {id: ru-c, name: C, country: RU, lat: 42.0, lon: 131.0}
links:
  - {id: bc, from: ru-b, to: ru-c, mode: road, length: 30 km}
)");
  REQUIRE(s.places.size() == 3);
  CHECK(s.places[2].id == "ru-c");
  REQUIRE(s.links.size() == 3);
  CHECK(s.links[2].id == "bc");
  CHECK(s.links[2].from == 1);
  CHECK(s.links[2].to == 2);
  // A new element must be complete.
  const auto errors = extends_errors({{kMemoryScenario, "borderflow: 1\nextends: ../config/base.yaml\n"
                                                        "links:\n  - {id: new, from: ru-b, capacity: 1 Mt/yr}\n"},
                                      {kBase, kBaseText}});
  CHECK_THAT(formatted(errors), Contains("missing required 'to'") && Contains("missing required 'length'"));
  // One with none of the keys a new element needs reads as an override of a misspelt id: one error.
  const auto misnamed = extends_errors({{kMemoryScenario, "borderflow: 1\nextends: ../config/base.yaml\n"
                                                          "links:\n  - {id: new, capacity: 1 Mt/yr}\n"},
                                        {kBase, kBaseText}});
  REQUIRE(misnamed.size() == 1);
  CHECK(misnamed[0].message == "no link 'new' in the base (a new link needs from, to, mode, length)");
}

TEST_CASE("extends: policy lists given are replaced, others kept", "[loader][extends]") {
  const Scenario s = load_extending("borderflow: 1\nextends: ../config/base.yaml\npolicy:\n  closed: [ab]\n");
  CHECK(s.policy.closed == std::vector<std::string>{"ab"});      // replaced, not appended
  CHECK(s.policy.no_transit == std::vector<std::string>{"CN"});  // not given: kept
  const Scenario open = load_extending("borderflow: 1\nextends: ../config/base.yaml\npolicy: {closed: [], no_transit: []}\n");
  CHECK(open.policy.closed.empty());
  CHECK(open.policy.no_transit.empty());
}

TEST_CASE("extends: defaults merge key by key", "[loader][extends]") {
  const Scenario s = load_extending(R"(borderflow: 1
extends: ../config/base.yaml
defaults:
  speed: {road: 40 km/h}
)");
  CHECK(s.default_speed_km_per_h[static_cast<int>(Mode::Rail)] == 50);  // from the base
  CHECK(s.default_speed_km_per_h[static_cast<int>(Mode::Road)] == 40);  // replaced
  CHECK(s.links[0].transit_h == Approx(3.0));                           // 120 km at 40 km/h
}

TEST_CASE("extends: chains of up to 4 files, the 5th is refused", "[loader][extends]") {
  auto chain = [](int files_extended) {
    std::map<std::string, std::string> files;
    files[kMemoryScenario] = "borderflow: 1\nextends: level1.yaml\n";
    for (int i = 1; i <= files_extended; ++i) {
      const std::string next = i < files_extended ? "extends: level" + std::to_string(i + 1) + ".yaml\n" : two_places().substr(14);
      files[kMemoryRoot + "/scenarios/level" + std::to_string(i) + ".yaml"] = "borderflow: 1\n" + next;
    }
    return files;
  };
  const auto four = chain(4);
  const Scenario s = load_scenario(kMemoryScenario, memory_options(four));
  CHECK(s.files.size() == 5);
  CHECK(s.places.size() == 2);
  const auto errors = extends_errors(chain(5));
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].message == "extends: chain deeper than 4 files; raise it with --max-extends N, or --trusted for input you trust");
  CHECK(errors[0].where.file == kMemoryRoot + "/scenarios/level4.yaml");
  CHECK(errors[0].yaml_path == "extends");
}

TEST_CASE("extends: cycles are refused", "[loader][extends]") {
  const auto self = extends_errors({{kMemoryScenario, two_places() + "extends: test.yaml\n"}});
  REQUIRE(self.size() == 1);
  CHECK(self[0].message == "extends: cycle: 'test.yaml' is already being loaded");

  const std::string other = kMemoryRoot + "/scenarios/other.yaml";
  const auto pair = extends_errors({{kMemoryScenario, "borderflow: 1\nextends: other.yaml\n"},
                                    {other, two_places() + "extends: ./test.yaml\n"}});
  REQUIRE(pair.size() == 1);
  CHECK(pair[0].message == "extends: cycle: './test.yaml' is already being loaded");
  CHECK(pair[0].where.file == other);
  CHECK(pair[0].where.line == 5);
}

TEST_CASE("extends: absolute paths and paths above the root are refused", "[loader][extends]") {
  const auto absolute = extends_errors({{kMemoryScenario, two_places() + "extends: " + kBase + "\n"},
                                        {kBase, kBaseText}});
  REQUIRE(absolute.size() == 1);
  CHECK(absolute[0].message == "extends: path must be relative to this file, got '" + kBase + "'");

  // The root is the parent of the top file's folder: ../config is fine, ../../ is out.
  const std::string outside = "/outside.yaml";
  for (const std::string target : {"../../outside.yaml", "../config/../../outside.yaml", "../../borderflow-memory2/x.yaml"}) {
    CAPTURE(target);
    const auto errors = extends_errors({{kMemoryScenario, two_places() + "extends: " + target + "\n"},
                                        {outside, kBaseText}});
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].message == "extends: '" + target +
                                   "' leaves the scenario tree; only files below the parent of the top scenario's "
                                   "folder can be extended");
    CHECK(errors[0].message.find(kMemoryRoot + "/") == std::string::npos);  // no absolute path in messages
  }
  const auto empty = extends_errors({{kMemoryScenario, two_places() + "extends: \"\"\n"}});
  CHECK(empty.at(0).message == "extends: expects a relative file path");
}

TEST_CASE("extends: problems in the extended file are reported with its name", "[loader][extends]") {
  SECTION("a missing file") {
    const auto errors = extends_errors({{kMemoryScenario, two_places() + "extends: gone.yaml\n"}});
    REQUIRE(errors.size() == 2);  // sorted by file name: gone.yaml before test.yaml
    CHECK(errors[0].where.file == kMemoryRoot + "/scenarios/gone.yaml");
    CHECK(errors[0].message == "cannot open file: no such file");
    CHECK(errors[1].where.file == kMemoryScenario);
    CHECK(errors[1].message == "extends: 'gone.yaml' could not be loaded");
    CHECK(errors[1].where.line == 5);
  }
  SECTION("a guard violation in the extended file") {
    const auto errors = extends_errors({{kMemoryScenario, two_places() + "extends: ../config/base.yaml\n"},
                                        {kBase, "borderflow: 1\nname: &x base\n"}});
    REQUIRE(errors.size() == 2);
    CHECK(errors[0].where.file == kBase);
    CHECK_THAT(errors[0].message, Contains("anchors"));
    CHECK(errors[1].message == "extends: '../config/base.yaml' could not be loaded");
  }
  SECTION("schema errors in both files, all reported, grouped by file") {
    const auto errors = extends_errors(
        {{kMemoryScenario, "borderflow: 1\nextends: ../config/base.yaml\nlinks:\n  - {id: ab, capacity: 5, colour: red}\n"},
         {kBase, std::string(kBaseText) + "transfers:\n  - {id: t, place: ru-a, from: road, to: sea, method: transload, cost: 5}\n"}});
    INFO(formatted(errors));
    REQUIRE(errors.size() == 3);
    CHECK(errors[0].where.file == kBase);
    CHECK(errors[0].where.line == 16);
    CHECK_THAT(errors[0].message, Contains("missing unit"));
    CHECK(errors[1].where.file == kMemoryScenario);
    CHECK(errors[1].where.line == 4);  // the override's bad value is located in the including file
    CHECK_THAT(errors[1].message, Contains("missing unit"));
    CHECK_THAT(errors[2].message, Contains("unknown key 'colour'"));
  }
  SECTION("an id duplicated inside the including file is still an error") {
    const auto errors = extends_errors({{kMemoryScenario, "borderflow: 1\nextends: ../config/base.yaml\n"
                                                          "links:\n  - {id: ab, cost: 1 USD/t}\n  - {id: ab, cost: 2 USD/t}\n"},
                                        {kBase, kBaseText}});
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].message == "duplicate id 'ab' in links (first on line 4)");
  }
}

TEST_CASE("extends: works on real files and relative paths", "[loader][extends][files]") {
  std::string pattern = (std::filesystem::temp_directory_path() / "borderflow-loader-XXXXXX").string();
  REQUIRE(::mkdtemp(pattern.data()) != nullptr);
  const std::filesystem::path root(pattern);
  std::filesystem::create_directories(root / "tree" / "config");
  std::filesystem::create_directories(root / "tree" / "scenarios");
  std::ofstream(root / "tree" / "config" / "base.yaml") << kBaseText;
  std::ofstream(root / "tree" / "scenarios" / "top.yaml")
      << "borderflow: 1\nextends: ../config/base.yaml\nlinks: [{id: ab, capacity: 2 Mt/yr}]\n";
  std::ofstream(root / "outside.yaml") << kBaseText;
  std::ofstream(root / "tree" / "scenarios" / "escape.yaml") << "borderflow: 1\nextends: ../../outside.yaml\n";
  std::ofstream(root / "tree" / "scenarios" / "missing.yaml") << "borderflow: 1\nextends: nowhere.yaml\n";

  const Scenario s = load_scenario((root / "tree" / "scenarios" / "top.yaml").string());
  CHECK(s.links[0].capacity_t_per_yr == Approx(2e6));
  CHECK(s.name == "base");

  // Relative to the working directory, as the CLI is used.
  const auto cwd = std::filesystem::current_path();
  std::filesystem::current_path(root / "tree" / "scenarios");
  try {
    CHECK(load_scenario("top.yaml").links.size() == 2);
    try {
      (void)load_scenario("escape.yaml");
      FAIL("escape.yaml must be refused");
    } catch (const InputError& error) {
      REQUIRE(error.diagnostics().size() == 1);
      CHECK_THAT(error.diagnostics()[0].message, Contains("leaves the scenario tree"));
    }
    try {
      (void)load_scenario("missing.yaml");
      FAIL("missing.yaml must be refused");
    } catch (const InputError& error) {
      REQUIRE(error.diagnostics().size() == 2);
      CHECK(error.diagnostics()[0].format() == "missing.yaml:2:10: error: extends: 'nowhere.yaml' could not be loaded (at extends)");
      CHECK(error.diagnostics()[1].format() == "nowhere.yaml: error: cannot open file: no such file");
    }
  } catch (...) {
    std::filesystem::current_path(cwd);
    std::filesystem::remove_all(root);
    throw;
  }
  std::filesystem::current_path(cwd);
  std::filesystem::remove_all(root);
}
