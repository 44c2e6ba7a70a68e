// engine/scenario/scenario: the plain-data model, layers and lookups.
#include <catch2/catch.hpp>

#include "scenario/scenario.hpp"

using namespace borderflow;

TEST_CASE("modes, layers and statuses print as the scenario format writes them", "[scenario]") {
  CHECK(to_string(Mode::Rail) == "rail");
  CHECK(to_string(Mode::Road) == "road");
  CHECK(to_string(Mode::Sea) == "sea");
  CHECK(to_string(Mode::Pipeline) == "pipeline");
  CHECK(to_string(Layer{Mode::Rail, 1435}) == "rail:1435");
  CHECK(to_string(Layer{Mode::Rail, 1520}) == "rail:1520");
  CHECK(to_string(Layer{Mode::Road, 0}) == "road");
  CHECK(to_string(Status::Open) == "open");
  CHECK(to_string(Status::Closed) == "closed");
  CHECK(to_string(Status::Planned) == "planned");
}

TEST_CASE("parse_layer round-trips every layer and rejects others", "[scenario]") {
  for (const char* text : {"rail:1435", "rail:1520", "road", "sea", "pipeline"}) {
    CAPTURE(text);
    const auto layer = parse_layer(text);
    REQUIRE(layer.has_value());
    CHECK(to_string(*layer) == text);
  }
  for (const char* bad : {"", "rail", "rail:1000", "rail:dual", "Road", "air", "rail:1435 "}) {
    CAPTURE(bad);
    CHECK_FALSE(parse_layer(bad).has_value());
  }
}

TEST_CASE("layers order by mode, then gauge", "[scenario]") {
  CHECK(Layer{Mode::Rail, 1435} < Layer{Mode::Rail, 1520});
  CHECK(Layer{Mode::Rail, 1520} < Layer{Mode::Road, 0});
  CHECK(Layer{Mode::Road, 0} < Layer{Mode::Sea, 0});
  CHECK(Layer{Mode::Sea, 0} < Layer{Mode::Pipeline, 0});
  CHECK(Layer{Mode::Rail, 1520} == Layer{Mode::Rail, 1520});
}

TEST_CASE("find_* look elements up by id and return -1 when absent", "[scenario]") {
  Scenario s;
  s.places.push_back({});
  s.places.back().id = "ru-a";
  s.places.push_back({});
  s.places.back().id = "kp-b";
  s.links.push_back({});
  s.links.back().id = "ab";
  s.transfers.push_back({});
  s.transfers.back().id = "bogie";
  s.crossings.push_back({});
  s.crossings.back().id = "bridge";
  s.commodities.push_back({});
  s.commodities.back().id = "grain";
  CHECK(s.find_place("ru-a") == 0);
  CHECK(s.find_place("kp-b") == 1);
  CHECK(s.find_place("kp-c") == -1);
  CHECK(s.find_link("ab") == 0);
  CHECK(s.find_link("ba") == -1);
  CHECK(s.find_transfer("bogie") == 0);
  CHECK(s.find_transfer("ab") == -1);
  CHECK(s.find_crossing("bridge") == 0);
  CHECK(s.find_commodity("grain") == 0);
  CHECK(s.find_commodity("coal") == -1);
}

TEST_CASE("a link's total cost is its fixed charge plus cost per km times length", "[scenario]") {
  Link link;
  link.cost_usd_per_t = 20;
  link.cost_usd_per_t_km = 0.05;
  link.length_km = 100;
  CHECK(link.total_cost_usd_per_t() == Approx(25));
  CHECK(Link{}.capacity_t_per_yr == kUnlimited);  // capacity omitted = unlimited
  CHECK(Link{}.both_ways);
  CHECK(Link{}.status == Status::Open);
}

TEST_CASE("Provenance is empty without tags and reasoning", "[scenario]") {
  Provenance p;
  CHECK(p.empty());
  p.assumption = "border tariff assumed";
  CHECK_FALSE(p.empty());
  Provenance q;
  q.source_tags = {"TASS-2018-10"};
  CHECK_FALSE(q.empty());
}
