// The print map (report/print_map.hpp): drawn from hand-made layers (what each figure should
// look like is known) and from hand networks solved end to end.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "report/layers.hpp"
#include "report/print_map.hpp"
#include "report/print_map_draw.hpp"
#include "support.hpp"

using namespace bftest;
namespace pm = borderflow::print_map;

namespace {

DirectionFigures figures(double flow, double capacity, bool binding = false) {
  DirectionFigures f;
  f.flow_t_per_yr = flow;
  f.capacity_t_per_yr = capacity;
  f.utilisation = std::isfinite(capacity) && capacity > 0 ? flow / capacity : std::nan("");
  f.binding = binding;
  return f;
}

PlaceFeature place(const std::string& id, const std::string& name, const std::string& country, double lat, double lon,
                   const std::string& kind = "station") {
  PlaceFeature p;
  p.id = id, p.name = name, p.country = country, p.kind = kind;
  p.at = {lon, lat};
  return p;
}

LinkFeature link(const MapLayers& layers, const std::string& id, const std::string& from, const std::string& to,
                 const std::string& mode, const std::string& direction, double flow, const std::string& crossing = "",
                 const std::string& status = "open") {
  LinkFeature l;
  l.id = id, l.name = id, l.mode = mode, l.direction = direction, l.crossing_id = crossing, l.status = status;
  l.from_id = direction == "forward" ? from : to;
  l.to_id = direction == "forward" ? to : from;
  for (const PlaceFeature& p : layers.places) {
    if (p.id == l.from_id) l.line.insert(l.line.begin(), p.at);
  }
  for (const PlaceFeature& p : layers.places) {
    if (p.id == l.to_id) l.line.push_back(p.at);
  }
  l.figures = figures(flow, 5e6, false);
  return l;
}

/// Dandong and Sinuiju 2.7 km apart across the Yalu, with a rail bridge and a closed road
/// bridge, Shenyang and Pyongyang behind them; `bridge_flow` on the rail bridge each way.
MapLayers yalu_layers(double bridge_flow, double other_flow, bool road_closed) {
  MapLayers layers;
  layers.scenario = "yalu-test";
  layers.routing_status = "optimal";
  layers.places = {place("cn-shenyang", "Shenyang", "CN", 41.8, 123.43, "junction"),
                   place("cn-dandong", "Dandong, Friendship Bridge head", "CN", 40.1218, 124.3836, "border_station"),
                   place("kp-sinuiju", "Sinuiju", "KP", 40.1, 124.4, "border_station"),
                   place("kp-pyongyang", "Pyongyang", "KP", 39.03, 125.75, "city"),
                   place("kp-nampo", "Nampo port", "KP", 38.73, 125.4, "port")};
  for (const char* dir : {"forward", "reverse"}) {
    layers.links.push_back(link(layers, "shenyang-dandong-rail", "cn-shenyang", "cn-dandong", "rail", dir, other_flow));
    layers.links.push_back(link(layers, "dandong-sinuiju-rail", "cn-dandong", "kp-sinuiju", "rail", dir, bridge_flow, "cn-kp-bridge"));
    layers.links.push_back(link(layers, "dandong-sinuiju-road", "cn-dandong", "kp-sinuiju", "road", dir, 0, "cn-kp-road-bridge",
                                road_closed ? "closed" : "open"));
    layers.links.push_back(link(layers, "sinuiju-pyongyang-rail", "kp-sinuiju", "kp-pyongyang", "rail", dir, other_flow));
    layers.links.push_back(link(layers, "pyongyang-nampo-road", "kp-pyongyang", "kp-nampo", "road", dir, 0));
  }
  CrossingFeature rail;
  rail.id = "cn-kp-bridge", rail.name = "Friendship Bridge", rail.status = "open", rail.forward_countries = "CN->KP";
  rail.link_ids = {"dandong-sinuiju-rail"};
  rail.forward = figures(bridge_flow, 5e6, bridge_flow >= 5e6);
  rail.reverse = figures(bridge_flow, 5e6);
  rail.at = {124.3918, 40.1109};
  CrossingFeature road = rail;
  road.id = "cn-kp-road-bridge", road.name = "Road bridge", road.status = road_closed ? "closed" : "open";
  road.link_ids = {"dandong-sinuiju-road"};
  road.forward = road.reverse = figures(0, 5e6);
  layers.crossings = {rail, road};
  return layers;
}

/// Enough of XML to fail on what a hand-written SVG writer gets wrong: unbalanced or crossed
/// tags, unquoted attributes, a raw '&' or '<' in text.
std::string xml_problem(const std::string& xml) {
  std::vector<std::string> open;
  std::size_t i = 0;
  auto name_at = [&](std::size_t from) {
    std::size_t end = from;
    while (end < xml.size() && (std::isalnum(static_cast<unsigned char>(xml[end])) || xml[end] == '-' || xml[end] == ':')) ++end;
    return xml.substr(from, end - from);
  };
  while (i < xml.size()) {
    if (xml[i] == '&') {
      const std::size_t semi = xml.find(';', i);
      const std::string entity = semi == std::string::npos ? "" : xml.substr(i, semi - i + 1);
      // The entities escape_markup writes; &#39; is a character reference, which XML reads.
      if (entity != "&amp;" && entity != "&lt;" && entity != "&gt;" && entity != "&quot;" && entity != "&#39;") return "bad entity at " + std::to_string(i);
      i = semi + 1;
      continue;
    }
    if (xml[i] != '<') {
      ++i;
      continue;
    }
    if (xml.compare(i, 5, "<?xml") == 0) {
      i = xml.find("?>", i) + 2;
      continue;
    }
    const std::size_t end = xml.find('>', i);
    if (end == std::string::npos) return "unclosed tag at " + std::to_string(i);
    const std::string tag = xml.substr(i, end - i + 1);
    if (tag.find('<', 1) != std::string::npos) return "'<' inside a tag at " + std::to_string(i);
    if (tag[1] == '/') {
      const std::string name = name_at(i + 2);
      if (open.empty() || open.back() != name) return "</" + name + "> closes " + (open.empty() ? "nothing" : open.back());
      open.pop_back();
    } else {
      std::size_t quotes = 0;
      for (char c : tag) quotes += c == '"';
      if (quotes % 2 != 0) return "unbalanced quotes in " + tag;
      for (std::size_t eq = tag.find('='); eq != std::string::npos; eq = tag.find('=', eq + 1)) {
        // '=' inside a quoted value is text; outside, the value must be quoted.
        std::size_t before = 0;
        for (std::size_t k = 0; k < eq; ++k) before += tag[k] == '"';
        if (before % 2 == 0 && tag[eq + 1] != '"') return "unquoted attribute in " + tag;
      }
      if (tag[tag.size() - 2] != '/') open.push_back(name_at(i + 1));
    }
    i = end + 1;
  }
  return open.empty() ? "" : "<" + open.back() + "> never closed";
}

/// xmllint's verdict when it is installed (Debian's libxml2-utils), else the check above's.
void check_well_formed(const std::string& svg) {
  INFO(xml_problem(svg));
  CHECK(xml_problem(svg).empty());
  if (std::system("command -v xmllint >/dev/null 2>&1") == 0) {
    const auto file = std::filesystem::temp_directory_path() / ("borderflow_print_map_" + std::to_string(::getpid()) + ".svg");
    std::ofstream(file) << svg;
    CHECK(std::system(("xmllint --noout " + file.string()).c_str()) == 0);
    std::filesystem::remove(file);
  }
}

void check_labels_apart(const pm::DrawnMap& map) {
  for (std::size_t a = 0; a < map.labels.size(); ++a) {
    for (std::size_t b = a + 1; b < map.labels.size(); ++b) {
      if (map.labels[a].panel != map.labels[b].panel) continue;
      INFO(map.labels[a].text << " and " << map.labels[b].text);
      CHECK_FALSE(map.labels[a].box.overlaps(map.labels[b].box));
    }
  }
}

const pm::DrawnLink& drawn(const pm::DrawnMap& map, const std::string& id, const std::string& direction,
                           const std::string& panel = "main") {
  for (const auto& l : map.links) {
    if (l.link_id == id && l.direction == direction && l.panel == panel) return l;
  }
  FAIL("link " << id << " " << direction << " not drawn in " << panel);
  throw;
}

double length(const std::vector<pm::Point>& line) {
  double total = 0;
  for (std::size_t i = 0; i + 1 < line.size(); ++i) total += std::hypot(line[i + 1].x - line[i].x, line[i + 1].y - line[i].y);
  return total;
}

std::uint32_t png_width(const std::string& png) {
  // IHDR is the first chunk: 8 signature bytes, 4 length, 4 type, then the width, big-endian.
  REQUIRE(png.size() > 24);
  std::uint32_t w = 0;
  for (int k = 16; k < 20; ++k) w = (w << 8) | static_cast<unsigned char>(png[static_cast<std::size_t>(k)]);
  return w;
}

SolvedScenario solve_network(const std::string& name) {
  return solve_scenario(load_network(name).shared_scenario(), "tests/networks/" + name);
}

}  // namespace

TEST_CASE("print map: flow widths are linear on the fixed scale and capped at it", "[print_map]") {
  const double scale = 10e6;
  CHECK(pm::flow_width(0, scale) == pm::kNoFlowWidth);
  CHECK(pm::flow_width(scale, scale) == pm::kMaxFlowWidth);
  CHECK(pm::flow_width(3 * scale, scale) == pm::kMaxFlowWidth);
  CHECK(pm::flow_width(4e6, scale) == Approx(2 * pm::flow_width(2e6, scale)));
  CHECK(pm::flow_width(1, scale) == pm::kMinFlowWidth);
}

TEST_CASE("print map: the same flow gets the same width in two scenarios", "[print_map]") {
  // Scenario B carries four times A's flow elsewhere: a per-map scale would thin the bridge.
  const pm::DrawnMap a = pm::draw_print_map(yalu_layers(2e6, 1e6, false), {});
  const pm::DrawnMap b = pm::draw_print_map(yalu_layers(2e6, 4e6, true), {});
  CHECK(drawn(a, "dandong-sinuiju-rail", "forward").width == drawn(b, "dandong-sinuiju-rail", "forward").width);
  CHECK(drawn(a, "dandong-sinuiju-rail", "forward").width == Approx(pm::flow_width(2e6, 10e6)));
  CHECK(drawn(b, "shenyang-dandong-rail", "forward").width == Approx(4 * drawn(a, "shenyang-dandong-rail", "forward").width));
  // A different scale is a different map: half the scale, twice the width.
  PrintMapOptions half;
  half.scale_t_per_yr = 5e6;
  CHECK(drawn(pm::draw_print_map(yalu_layers(2e6, 1e6, false), half), "dandong-sinuiju-rail", "forward").width ==
        Approx(2 * drawn(a, "dandong-sinuiju-rail", "forward").width));
}

TEST_CASE("print map: both directions show, each on its right-hand side", "[print_map]") {
  const pm::DrawnMap map = pm::draw_print_map(yalu_layers(2e6, 1e6, false), {});
  const auto& fwd = drawn(map, "shenyang-dandong-rail", "forward");
  const auto& rev = drawn(map, "shenyang-dandong-rail", "reverse");
  // Shenyang -> Dandong runs south-east on the page; its right-hand side is south-west.
  const pm::Point f0 = fwd.line.front(), f1 = fwd.line.back(), r0 = rev.line.back();
  const double cross = (f1.x - f0.x) * (r0.y - f0.y) - (f1.y - f0.y) * (r0.x - f0.x);
  CHECK(cross < 0);  // the reverse line lies to the left of the forward one's travel
  const double gap = std::abs(cross) / std::hypot(f1.x - f0.x, f1.y - f0.y);
  CHECK(gap >= (fwd.width + rev.width) / 2);
}

TEST_CASE("print map: a closed border bridge of 2.7 km is drawn long enough to see, dashed and marked", "[print_map]") {
  const pm::DrawnMap map = pm::draw_print_map(yalu_layers(2e6, 1e6, true), {});
  const auto& road = drawn(map, "dandong-sinuiju-road", "forward");
  CHECK(road.status == "closed");
  CHECK(length(road.line) >= pm::kMinBorderLinkLength - 1e-6);
  CHECK(length(drawn(map, "dandong-sinuiju-rail", "reverse").line) >= pm::kMinBorderLinkLength - 1e-6);
  bool closed_symbol = false;
  for (const auto& c : map.crossings) {
    if (c.crossing_id == "cn-kp-road-bridge" && c.panel == "main") closed_symbol = c.status == "closed" && c.fill == "#222222";
  }
  CHECK(closed_symbol);
  CHECK(map.svg.find("stroke-dasharray=\"5 3\"") != std::string::npos);
  // The two crossings' symbols at one bridge head do not cover each other.
  std::vector<pm::DrawnCrossing> main;
  for (const auto& c : map.crossings) {
    if (c.panel == "main") main.push_back(c);
  }
  REQUIRE(main.size() == 2);
  CHECK(std::hypot(main[0].at.x - main[1].at.x, main[0].at.y - main[1].at.y) >= main[0].radius + main[1].radius);
}

TEST_CASE("print map: well-formed SVG with names, not ids, a legend, a scale bar and the basemap", "[print_map]") {
  const pm::DrawnMap map = pm::draw_print_map(yalu_layers(2e6, 1e6, true), {});
  check_well_formed(map.svg);
  CHECK(map.svg.find(">Dandong</text>") != std::string::npos);
  CHECK(map.svg.find(">Nampo</text>") != std::string::npos);
  CHECK(map.svg.find(">cn-dandong</text>") == std::string::npos);
  CHECK(map.svg.find(">yalu-test</text>") != std::string::npos);  // the title
  CHECK(map.svg.find("Natural Earth") != std::string::npos);
  CHECK(map.svg.find(" km</text>") != std::string::npos);
  CHECK(map.svg.find("10 Mt/yr or more") != std::string::npos);
  CHECK(map.svg.find("fill=\"#f6e9e4\"") != std::string::npos);  // DPRK land
  CHECK(map.svg.find("fill=\"#dbe9f4\"") != std::string::npos);  // sea
  check_labels_apart(map);
}

TEST_CASE("print map: the same layers give the same bytes", "[print_map]") {
  const MapLayers layers = yalu_layers(2e6, 1e6, true);
  CHECK(pm::draw_print_map(layers, {}).svg == pm::draw_print_map(layers, {}).svg);
}

TEST_CASE("print map: a name that fits nowhere is left out, the others keep clear of each other", "[print_map]") {
  // Twelve places on one spot of the page: at most eight positions exist around it.
  MapLayers layers;
  layers.scenario = "crowd";
  layers.routing_status = "optimal";
  layers.places.push_back(place("ru-far", "Far Away", "RU", 48.0, 135.0));
  for (int k = 0; k < 12; ++k) {
    layers.places.push_back(place("cn-p" + std::to_string(k), "Place number " + std::to_string(k), "CN", 42.0 + k * 0.05, 125.0));
  }
  const pm::DrawnMap map = pm::draw_print_map(layers, {});
  CHECK_FALSE(map.dropped_labels.empty());
  CHECK(map.labels.size() + map.dropped_labels.size() == 13);
  check_labels_apart(map);
  // The page says so.
  CHECK(map.svg.find("place names did not fit") != std::string::npos);
}

TEST_CASE("print map: bad options are refused with the reason", "[print_map]") {
  PrintMapOptions options;
  options.scale_t_per_yr = 0;
  CHECK_THROWS_WITH(pm::draw_print_map(yalu_layers(1, 1, false), options), Catch::Contains("positive number of t/yr"));
  options = {};
  options.width_px = 10;
  CHECK_THROWS_WITH(pm::draw_print_map(yalu_layers(1, 1, false), options), Catch::Contains("200 to 8,000 px"));
}

TEST_CASE("print map: place labels drop kind words", "[print_map]") {
  CHECK(pm::map_place_label("Karymskaya junction (Trans-Siberian / Trans-Manchurian branch)") == "Karymskaya");
  CHECK(pm::map_place_label("Dandong, Friendship Bridge head (rail, road, pipeline)") == "Dandong");
  CHECK(pm::map_place_label("Vostochny port (incl. oil terminal)") == "Vostochny");
  CHECK(pm::map_place_label("Zabaikalsk border station") == "Zabaikalsk");
  CHECK(pm::map_place_label("Khasan road checkpoint (new)") == "Khasan");
  CHECK(pm::map_place_label("Pyongyang") == "Pyongyang");
}

TEST_CASE("print map: PNG from a solved hand network, with the PNG signature and the width asked for", "[print_map]") {
  const SolvedScenario solved = solve_network("closed_link.yaml");
  PrintMapOptions options;
  options.width_px = 700;
  const std::string png = render_png_map(solved, options);
  CHECK(png.compare(0, 8, std::string("\x89PNG\r\n\x1a\n", 8)) == 0);
  CHECK(png_width(png) == 700);
  CHECK(render_png_map(solved, options) == png);  // deterministic bytes
  const std::string svg = render_svg_map(solved, options);
  check_well_formed(svg);
  CHECK(svg.find("width=\"700.0\"") != std::string::npos);
}

/// The bundled baseline and a what-if that closes the Dandong-Sinuiju bridges and doubles the
/// Rajin sea lanes (the new user's what-if in the UX review), solved.
static std::vector<SolvedScenario> bundled_and_closure() {
  std::map<std::string, std::string> files;
  auto read = [](const std::string& path) {
    std::ifstream in(std::string(BORDERFLOW_SOURCE_DIR) + "/" + path);
    return std::string(std::istreambuf_iterator<char>(in), {});
  };
  files[kMemoryRoot + "/scenarios/baseline-2024.yaml"] = read("scenarios/baseline-2024.yaml");
  files[kMemoryRoot + "/config/network.yaml"] = read("config/network.yaml");
  files[kMemoryRoot + "/config/sources.yaml"] = read("config/sources.yaml");
  files[kMemoryRoot + "/scenarios/whatif.yaml"] =
      "borderflow: 1\nname: close-dandong-double-rajin\nextends: baseline-2024.yaml\n"
      "policy: {closed: [cn-kp-dandong-sinuiju]}\n"
      "links:\n  - {id: vladivostok-rajin-sea, capacity: 2 Mt/yr}\n  - {id: vostochny-rajin-sea, capacity: 4 Mt/yr}\n"
      "  - {id: dunai-rajin-sea, capacity: 2 Mt/yr}\n";
  std::vector<SolvedScenario> out;
  for (const char* name : {"baseline-2024.yaml", "whatif.yaml"}) {
    auto scenario = std::make_shared<const Scenario>(load_scenario(kMemoryRoot + "/scenarios/" + name, memory_options(files)));
    out.push_back(solve_scenario(scenario, name));
  }
  return out;
}

TEST_CASE("print map: the bundled baseline and a closure what-if, names apart, bridges shown, one width scale",
          "[print_map]") {
  const std::vector<SolvedScenario> solved = bundled_and_closure();
  std::vector<pm::DrawnMap> maps;
  for (const SolvedScenario& s : solved) maps.push_back(pm::draw_print_map(map_layers(s), {}));
  for (const pm::DrawnMap& map : maps) {
    check_labels_apart(map);
    CHECK(map.insets == 2);  // Tumen/Rason and Dandong/Sinuiju
    // Most names fit: the insets take the crowded corners.
    CHECK(map.dropped_labels.size() * 5 < map.labels.size());
    bool rajin = false;
    for (const auto& l : map.labels) rajin = rajin || (l.text == "Rajin" && l.panel == "inset A");
    CHECK(rajin);
  }
  check_well_formed(maps[1].svg);
  // The closed bridges: dashed lines at least the minimum length in the Yalu inset, each with the
  // closed symbol beside it and not on it.
  const auto& bridge = drawn(maps[1], "dandong-sinuiju-rail", "forward", "inset B");
  CHECK(bridge.status == "closed");
  CHECK(length(bridge.line) >= pm::kMinBorderLinkLength - 1e-6);
  bool closed_symbol = false;
  for (const auto& c : maps[1].crossings) {
    if (c.crossing_id != "cn-kp-dandong-sinuiju" || c.panel != "inset B") continue;
    closed_symbol = c.status == "closed";
    const pm::Point a = bridge.line.front(), b = bridge.line.back();
    const double distance = std::abs((b.x - a.x) * (c.at.y - a.y) - (b.y - a.y) * (c.at.x - a.x)) / length(bridge.line);
    CHECK(distance >= c.radius);
  }
  CHECK(closed_symbol);
  // Same flow, same width in both maps; the map's own largest flow does not set the scale.
  std::size_t same = 0;
  for (const auto& a : maps[0].links) {
    for (const auto& b : maps[1].links) {
      if (a.link_id != b.link_id || a.direction != b.direction || a.panel != b.panel) continue;
      if (a.flow_t_per_yr == b.flow_t_per_yr) {
        ++same;
        CHECK(a.width == b.width);
      } else if (a.flow_t_per_yr < b.flow_t_per_yr) {
        CHECK(a.width <= b.width);
      }
    }
  }
  CHECK(same > 50);
}

// Not run by default: writes the bundled baseline and the closure what-if to PNG and SVG for a look
// (BORDERFLOW_PRINT_MAP_OUT=/tmp/maps build/tests/borderflow_unit_tests "[.print_map_render]").
TEST_CASE("print map: render the bundled baseline and a closure what-if", "[.print_map_render]") {
  const char* out = std::getenv("BORDERFLOW_PRINT_MAP_OUT");
  REQUIRE(out != nullptr);
  std::filesystem::create_directories(out);
  for (const SolvedScenario& solved : bundled_and_closure()) {
    const std::string stem = std::string(out) + "/" + solved.scenario().name;
    std::ofstream(stem + ".svg") << render_svg_map(solved);
    std::ofstream(stem + ".png", std::ios::binary) << render_png_map(solved);
  }
}
