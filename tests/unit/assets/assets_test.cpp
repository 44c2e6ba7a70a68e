#include <algorithm>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

#include <catch2/catch.hpp>

#include "assets/assets.hpp"

namespace {
std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}
}  // namespace

TEST_CASE("the embedded basemap is the committed file, byte for byte", "[assets]") {
  const std::string committed = read_file(std::string(BORDERFLOW_SOURCE_DIR) + "/config/boundaries/region-10m.geojson");
  REQUIRE(!committed.empty());
  CHECK(borderflow::asset("basemap/region-10m.geojson") == committed);
}

TEST_CASE("the report's browser libraries are embedded with their licences", "[assets]") {
  for (const char* name : {"leaflet/leaflet.js", "vega/vega.min.js", "vega-lite/vega-lite.min.js", "vega-embed/vega-embed.min.js"}) {
    INFO(name);
    const std::string_view js = borderflow::asset(name);
    CHECK(js.size() > 50000);
    // A UMD bundle defines a global when no module system is present (file:// pages have none).
    CHECK(js.find("function") != std::string_view::npos);
  }
  for (const char* name : {"leaflet/LICENSE", "vega/LICENSE", "vega-lite/LICENSE", "vega-embed/LICENSE"}) {
    INFO(name);
    CHECK(borderflow::asset(name).find("Copyright") != std::string_view::npos);
  }
  CHECK(borderflow::asset("leaflet/leaflet.css").find(".leaflet-container") != std::string_view::npos);
}

TEST_CASE("an unknown asset is named in the error", "[assets]") {
  CHECK_THROWS_WITH(borderflow::asset("leaflet/missing.js"), Catch::Contains("leaflet/missing.js"));
  const auto names = borderflow::asset_names();
  CHECK(std::is_sorted(names.begin(), names.end()));
  CHECK(names.size() == 11);
}
