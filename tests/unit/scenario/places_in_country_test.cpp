// Every place lies in its own country: config/network.yaml and every bundled scenario, checked
// against the bundled boundary file config/boundaries/region-10m.geojson (Natural Earth 1:10m,
// see config/boundaries/README.md). A place must lie inside its own country's polygons and
// inside no other country's. The 1:10m line is good to about 1 km on the Yalu and Tumen and to a
// few km on straight land borders, so border posts sit about 1 km inside it
// (config/boundaries/README.md).
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "core/text.hpp"
#include "scenario/loader.hpp"

namespace bf = borderflow;
using Catch::Matchers::Contains;

namespace {

const std::string kSourceDir = BORDERFLOW_SOURCE_DIR;

struct LonLat {
  double lon_deg = 0, lat_deg = 0;
};
using Ring = std::vector<LonLat>;  ///< closed: the last point repeats the first

/// One country's area as rings (exteriors and holes alike): a point lies inside when a ray from
/// it crosses the rings an odd number of times. Holes need no flag under that rule, and neither
/// do the separate polygons of a MultiPolygon (they do not overlap).
struct CountryArea {
  std::vector<Ring> rings;

  bool contains(LonLat p) const {
    bool inside = false;
    for (const auto& ring : rings)
      for (std::size_t i = 1; i < ring.size(); ++i) {
        const LonLat a = ring[i - 1], b = ring[i];
        if ((a.lat_deg > p.lat_deg) == (b.lat_deg > p.lat_deg)) continue;  // edge does not span the ray's latitude
        const double crossing_lon = a.lon_deg + (p.lat_deg - a.lat_deg) * (b.lon_deg - a.lon_deg) / (b.lat_deg - a.lat_deg);
        if (p.lon_deg < crossing_lon) inside = !inside;
      }
    return inside;
  }
};

using Boundaries = std::map<std::string, CountryArea>;  ///< by ISO 3166-1 alpha-2 (feature property iso_a2)

Boundaries parse_boundaries(const std::string& geojson_text) {
  const auto document = nlohmann::json::parse(geojson_text);
  Boundaries boundaries;
  for (const auto& feature : document.at("features")) {
    auto& area = boundaries[feature.at("properties").at("iso_a2").get<std::string>()];
    const auto& geometry = feature.at("geometry");
    const auto& coordinates = geometry.at("coordinates");
    // A Polygon is a list of rings; a MultiPolygon a list of Polygons.
    const auto polygons = geometry.at("type") == "Polygon" ? nlohmann::json::array({coordinates}) : coordinates;
    for (const auto& polygon : polygons)
      for (const auto& ring : polygon) {
        Ring points;
        for (const auto& position : ring) points.push_back({position.at(0).get<double>(), position.at(1).get<double>()});
        area.rings.push_back(std::move(points));
      }
  }
  return boundaries;
}

const Boundaries& bundled_boundaries() {
  static const Boundaries boundaries = [] {
    std::ifstream in(kSourceDir + "/config/boundaries/region-10m.geojson");
    REQUIRE(in);
    std::ostringstream text;
    text << in.rdbuf();
    return parse_boundaries(text.str());
  }();
  return boundaries;
}

/// One line per place that lies outside its own country or inside another; empty when all are right.
std::vector<std::string> misplaced(const bf::Scenario& scenario, const Boundaries& boundaries) {
  std::vector<std::string> problems;
  for (const auto& place : scenario.places) {
    const LonLat at{place.lon_deg, place.lat_deg};
    const std::string where = "place " + place.id + " (" + place.country + ") at " + bf::format_fixed(place.lat_deg, 4) +
                              " N " + bf::format_fixed(place.lon_deg, 4) + " E";
    const auto own = boundaries.find(place.country);
    if (own == boundaries.end()) {
      problems.push_back(where + ": the boundary file has no country " + place.country);
      continue;
    }
    if (!own->second.contains(at)) problems.push_back(where + " lies outside " + place.country);
    for (const auto& [code, area] : boundaries)
      if (code != place.country && area.contains(at)) problems.push_back(where + " lies inside " + code);
  }
  return problems;
}

std::string lines(const std::vector<std::string>& problems) {
  std::string out;
  for (const auto& p : problems) out += p + "\n";
  return out;
}

bf::Scenario load_reference_network() { return bf::load_scenario(kSourceDir + "/config/network.yaml"); }

bf::Place& place_named(bf::Scenario& scenario, const std::string& id) {
  const auto it = std::find_if(scenario.places.begin(), scenario.places.end(),
                               [&id](const bf::Place& place) { return place.id == id; });
  REQUIRE(it != scenario.places.end());
  return *it;
}

}  // namespace

TEST_CASE("point in country: even-odd over every ring, so a hole is outside", "[places]") {
  // A 4x4 degree square with a 2x2 hole in its middle, and a second square (island) beside it.
  const auto boundaries = parse_boundaries(R"({"features": [{"properties": {"iso_a2": "XX"},
    "geometry": {"type": "MultiPolygon", "coordinates": [
      [[[0,0],[4,0],[4,4],[0,4],[0,0]], [[1,1],[1,3],[3,3],[3,1],[1,1]]],
      [[[10,0],[11,0],[11,1],[10,1],[10,0]]]]}}]})");
  const auto& area = boundaries.at("XX");
  CHECK(area.contains({0.5, 0.5}));     // in the square, outside the hole
  CHECK_FALSE(area.contains({2, 2}));   // in the hole
  CHECK(area.contains({10.5, 0.5}));    // on the island
  CHECK_FALSE(area.contains({5, 2}));   // between them
  CHECK_FALSE(area.contains({-1, 2}));  // west of everything
}

TEST_CASE("the boundary file holds China, the DPRK and Russia", "[places]") {
  const auto& boundaries = bundled_boundaries();
  for (const char* code : {"CN", "KP", "RU"}) {
    INFO(code);
    CHECK(boundaries.count(code) == 1);
  }
  // Pyongyang, Harbin and Vladivostok city centres, far from any border.
  CHECK(boundaries.at("KP").contains({125.75, 39.03}));
  CHECK(boundaries.at("CN").contains({126.63, 45.76}));
  CHECK(boundaries.at("RU").contains({131.95, 43.80}));
}

TEST_CASE("every place of config/network.yaml lies in its own country", "[places]") {
  const auto problems = misplaced(load_reference_network(), bundled_boundaries());
  INFO(lines(problems));
  CHECK(problems.empty());
}

TEST_CASE("every place of every bundled scenario lies in its own country", "[places]") {
  int scenarios = 0;
  for (const auto& entry : std::filesystem::directory_iterator(kSourceDir + "/scenarios")) {
    if (entry.path().extension() != ".yaml") continue;
    ++scenarios;
    INFO(entry.path().filename().string());
    const auto problems = misplaced(bf::load_scenario(entry.path().string()), bundled_boundaries());
    INFO(lines(problems));
    CHECK(problems.empty());
  }
  CHECK(scenarios > 0);
}

TEST_CASE("a place moved across the Yalu or out to sea is reported by id", "[places]") {
  bf::Scenario network = load_reference_network();
  REQUIRE(misplaced(network, bundled_boundaries()).empty());

  // Sinuiju 3 km north-west, across the Yalu into Dandong: 3 km / sqrt(2) = 2.12 km each way,
  // 2.12 / 110.6 km per degree of latitude = 0.0192; 2.12 / (111.3 x cos 40.1 deg) = 0.0248.
  auto& sinuiju = place_named(network, "kp-sinuiju");
  sinuiju.lat_deg += 0.0192;
  sinuiju.lon_deg -= 0.0248;
  // Rajin 0.2 degrees (16 km) east, into the East Sea: inside no country at all.
  auto& rajin = place_named(network, "kp-rajin");
  rajin.lon_deg += 0.2;

  const auto problems = misplaced(network, bundled_boundaries());
  INFO(lines(problems));
  REQUIRE(problems.size() == 3);
  CHECK_THAT(problems[0], Contains("place kp-sinuiju (KP)") && Contains("lies outside KP"));
  CHECK_THAT(problems[1], Contains("place kp-sinuiju (KP)") && Contains("lies inside CN"));
  CHECK_THAT(problems[2], Contains("place kp-rajin (KP)") && Contains("lies outside KP"));
}

TEST_CASE("a place of a country the boundary file lacks is reported", "[places]") {
  bf::Scenario network = load_reference_network();
  place_named(network, "ru-chita").country = "JP";
  const auto problems = misplaced(network, bundled_boundaries());
  REQUIRE(problems.size() == 1);
  CHECK_THAT(problems[0], Contains("place ru-chita (JP)") && Contains("has no country JP"));
}
