// The HTML report's page builder (engine/site/): escaping, inline data that parses back, the
// Markdown the reports write turned into tables, and the folder a report of two scenarios makes.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>

#include <nlohmann/json.hpp>

#include "core/diagnostic.hpp"
#include "site/html.hpp"
#include "site/map_data.hpp"
#include "site/report_site.hpp"
#include "support.hpp"

using namespace borderflow;
using Catch::Matchers::Contains;
using nlohmann::json;

namespace {

const SiteFile* find_file(const std::vector<SiteFile>& files, const std::string& path) {
  for (const auto& f : files) {
    if (f.path == path) return &f;
  }
  return nullptr;
}

/// The text of <script type="application/json" id="ID">...</script> in `page`.
std::string script_json(const std::string& page, const std::string& id) {
  const std::string open = "<script type=\"application/json\" id=\"" + id + "\">";
  const std::size_t begin = page.find(open);
  REQUIRE(begin != std::string::npos);
  const std::size_t end = page.find("</script>", begin);
  REQUIRE(end != std::string::npos);
  return page.substr(begin + open.size(), end - begin - open.size());
}

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

/// The two bundled scenarios of the README's headline, answered (from the source tree).
const ReportInputs& bundled_pair() {
  static const ReportInputs inputs = [] {
    const std::string root = BORDERFLOW_SOURCE_DIR;
    std::filesystem::current_path(root);
    return read_report_inputs({"scenarios/bilateral.yaml", "scenarios/china-inclusive.yaml"});
  }();
  return inputs;
}

}  // namespace

TEST_CASE("link_href links only web addresses", "[site]") {
  CHECK(link_href("https://example.org/a?b=1&c=2") == "https://example.org/a?b=1&amp;c=2");
  CHECK(link_href("http://example.org") == "http://example.org");
  CHECK(link_href("javascript:alert(1)").empty());
  CHECK(link_href("data:text/html,x").empty());
  CHECK(link_href("../etc/passwd").empty());
}

TEST_CASE("json_for_script cannot close its script element and parses back to the same value", "[site]") {
  const json value = {{"name", "</script><script>alert(1)</script><!-- & \xe2\x80\xa8 \xe2\x80\xa9"}, {"n", 1.5}};
  const std::string text = json_for_script(value);
  CHECK(text.find('<') == std::string::npos);
  CHECK(text.find('>') == std::string::npos);
  CHECK(text.find('&') == std::string::npos);
  CHECK(text.find("\xe2\x80\xa8") == std::string::npos);
  CHECK(json::parse(text) == value);
}

TEST_CASE("markdown_to_html turns the reports' tables into HTML tables, unescaped then escaped", "[site]") {
  const std::string md =
      "## Scenario a<b\n"
      "network: 2 places\n"
      "\n"
      "### Route r: A &lt;-> B\n"
      "| measure | s1 |\n"
      "|---|---:|\n"
      "| capacity Mt/yr | 3.3 |\n"
      "|   change Mt/yr | a \\| b \\\\ &amp; |\n"
      "  note: s1: unlimited\n";
  const std::string html = markdown_to_html(md);
  CHECK_THAT(html, Contains("<h3>Scenario a&lt;b</h3>"));
  CHECK_THAT(html, Contains("<p>network: 2 places</p>"));
  CHECK_THAT(html, Contains("<h4>Route r: A &lt;-&gt; B</h4>"));
  CHECK_THAT(html, Contains("<th>measure</th><th class=\"r\">s1</th>"));
  CHECK_THAT(html, Contains("<td>capacity Mt/yr</td><td class=\"r\">3.3</td>"));
  CHECK_THAT(html, Contains("<td class=\"i1\">change Mt/yr</td><td class=\"r\">a | b \\ &amp;</td>"));
  CHECK_THAT(html, Contains("<p class=\"bf-note\">note: s1: unlimited</p>"));
  CHECK(count(html, "<table") == 1);
  CHECK(html.find("---") == std::string::npos);
}

TEST_CASE("markdown_section takes one section up to the next heading", "[site]") {
  const std::string md = "## Title\n\n### Headline\nnote\n| a |\n|---|\n| 1 |\n\n### Route x\n| b |\n";
  CHECK(markdown_section(md, "Headline") == "note\n| a |\n|---|\n| 1 |\n\n");
  CHECK(markdown_section(md, "Route x") == "| b |\n");
  CHECK(markdown_section(md, "Missing").empty());
}

TEST_CASE("place_label keeps a place's name up to its first aside", "[site]") {
  CHECK(place_label("Dandong, Friendship Bridge head (rail, road, pipeline)") == "Dandong");
  CHECK(place_label("Chita (Trans-Siberian; gateway)") == "Chita");
  CHECK(place_label("Pyongyang") == "Pyongyang");
}

TEST_CASE("a report of two scenarios holds the headline, maps, charts' slots, tables, provenance and its data", "[site]") {
  const ReportInputs& inputs = bundled_pair();
  REQUIRE(inputs.scenarios.size() == 2);
  const auto files = build_report_site(inputs);
  for (const char* path : {"lib/leaflet.js", "lib/leaflet.css", "lib/vega.min.js", "lib/vega-lite.min.js",
                           "lib/vega-embed.min.js", "lib/LICENSES.txt", "data/bilateral.run.json", "data/bilateral.run.csv",
                           "data/china-inclusive.run.json", "data/china-inclusive.run.csv", "data/compare.json",
                           "data/compare.csv", "index.html"}) {
    INFO(path);
    const SiteFile* f = find_file(files, path);
    REQUIRE(f != nullptr);
    CHECK(!f->bytes.empty());
  }
  CHECK(files.back().path == "index.html");
  const SiteFile& licences = *find_file(files, "lib/LICENSES.txt");
  for (const char* name : {"Leaflet", "Vega-Lite", "Vega-Embed", "Natural Earth"}) CHECK_THAT(licences.bytes, Contains(name));
  CHECK(json::parse(find_file(files, "data/compare.json")->bytes)["scenarios"].size() == 2);

  const std::string& page = files.back().bytes;
  CHECK(page.rfind("<!DOCTYPE html>", 0) == 0);
  CHECK_THAT(page, Contains("<section id=\"headline\">"));
  // The headline is compare's: a row per route question with each scenario's capacity.
  const std::size_t headline = page.find("<section id=\"headline\">");
  const std::string headline_html = page.substr(headline, page.find("</section>", headline) - headline);
  CHECK_THAT(headline_html, Contains("<th class=\"r\">bilateral</th><th class=\"r\">china-inclusive</th>"));
  CHECK_THAT(headline_html, Contains("capacity Mt/yr"));
  CHECK(page.find("<section id=\"headline\">") < page.find("<section id=\"maps\">"));
  // One map per scenario and the difference map.
  CHECK_THAT(page, Contains("<div class=\"bf-map\" id=\"bf-map-1\" data-scenario=\"bilateral\">"));
  CHECK_THAT(page, Contains("<div class=\"bf-map\" id=\"bf-map-2\" data-scenario=\"china-inclusive\">"));
  CHECK_THAT(page, Contains("<div class=\"bf-map bf-diff\" id=\"bf-map-3\" data-scenario=\"china-inclusive - bilateral\">"));
  CHECK_THAT(page, Contains("<section id=\"tables\">"));
  // The inputs that differ: the two files differ in one line, policy.no_transit (scenario/diff.hpp).
  const std::size_t inputs_at = page.find("<section id=\"inputs\">");
  REQUIRE(inputs_at != std::string::npos);
  const std::string inputs_html = page.substr(inputs_at, page.find("</section>", inputs_at) - inputs_at);
  CHECK(count(inputs_html, "<tr><td>") == 1);
  CHECK_THAT(inputs_html, Contains("<td>policy</td><td></td><td>no_transit</td>"));
  CHECK_THAT(inputs_html, Contains("scenarios/bilateral.yaml:"));
  CHECK_THAT(page, Contains("<section id=\"provenance\">"));
  CHECK_THAT(page, Contains("href=\"data/compare.json\""));
  // Libraries from lib/, nothing from the network.
  CHECK_THAT(page, Contains("<script src=\"lib/vega-embed.min.js\"></script>"));
  CHECK(page.find("http://") == page.find("http://"));  // links to sources are allowed ...
  CHECK(page.find("src=\"http") == std::string::npos);  // ... loading from the web is not
  CHECK(page.find("href=\"//") == std::string::npos);

  // The inline data parses, with one map entry per map div and one scale for all.
  const json data = json::parse(script_json(page, "bf-data"));
  REQUIRE(data["maps"].size() == 3);
  const double scale = data["scale"]["max_t_per_yr"].get<double>();
  CHECK(scale >= 1);
  for (const auto& m : data["maps"]) {
    for (const auto& l : m["links"]) {
      if (l.contains("flow")) CHECK(l["flow"].get<double>() <= scale);
      if (l.contains("delta")) CHECK(std::abs(l["delta"].get<double>()) <= scale);
    }
  }
  CHECK(data["maps"][2]["diff"] == true);
  CHECK(data["maps"][2]["base"] == "bilateral");
  const json basemap = json::parse(script_json(page, "bf-basemap"));
  CHECK(basemap["features"].size() == 5);
}

TEST_CASE("the same inputs give the same bytes", "[site]") {
  const auto a = build_report_site(bundled_pair());
  const auto b = build_report_site(bundled_pair());
  REQUIRE(a.size() == b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    CHECK(a[i].path == b[i].path);
    CHECK(a[i].bytes == b[i].bytes);
  }
  CHECK(find_file(a, "index.html")->bytes.find(BORDERFLOW_SOURCE_DIR) == std::string::npos);
}

TEST_CASE("text from a scenario is escaped in the page and its sources link only to the web", "[site]") {
  const std::string yaml =
      "borderflow: 1\n"
      "name: tricky\n"
      "description: \"a </script><script>alert(1)</script> & <b>bold</b>\"\n"
      "sources:\n"
      "  - {id: s1, title: \"</td><img src=x onerror=alert(1)>\", publisher: \"P & Q\", date: \"2024\", url: \"javascript:alert(1)\"}\n"
      "  - {id: s2, title: T, publisher: P, date: \"2024\", url: \"https://example.org/?a=1&b=2\"}\n"
      "places:\n"
      "  - {id: cn-dandong, name: \"Dandong <i>\", country: CN, lat: 40.13, lon: 124.39, source: [s1]}\n"
      "  - {id: kp-sinuiju, name: Sinuiju, country: KP, lat: 40.10, lon: 124.40, source: [s2]}\n"
      "links:\n"
      "  - {id: yalu-rail, name: \"Yalu </script>\", from: cn-dandong, to: kp-sinuiju, mode: rail, gauge: 1435, length: 1 km, "
      "capacity: 3 Mt/yr, cost: 2 USD/t, source: [s1]}\n"
      "crossings:\n"
      "  - {id: yalu-post, name: \"Yalu <post>\", links: [yalu-rail], capacity: 4 Mt/yr, source: [s2]}\n"
      "commodities:\n"
      "  - {id: goods, class: general}\n"
      "demands:\n"
      "  - {id: cn-to-kp, commodity: goods, from: [cn-dandong], to: [kp-sinuiju], quantity: 1 Mt/yr, unserved_cost: 100 USD/t}\n"
      "routes:\n"
      "  - {id: cn-kp, from_countries: [CN], to_countries: [KP]}\n";
  ReportInputs inputs;
  auto scenario = std::make_shared<const Scenario>(bftest::load_text(yaml));
  inputs.scenarios.push_back(solve_scenario(scenario, "tricky.yaml"));
  const auto files = build_report_site(inputs);
  const std::string& page = find_file(files, "index.html")->bytes;
  // Every <script> in the page is one we wrote: the scenario's text opened none.
  CHECK(count(page, "<script") == 7);  // bf-data, bf-basemap, four libraries, our script
  CHECK(page.find("<img src=x") == std::string::npos);
  CHECK(page.find("<b>bold</b>") == std::string::npos);
  CHECK_THAT(page, Contains("&lt;/td&gt;&lt;img src=x onerror=alert(1)&gt;"));
  CHECK(page.find("href=\"javascript:") == std::string::npos);
  CHECK_THAT(page, Contains("<a href=\"https://example.org/?a=1&amp;b=2\""));
  const json data = json::parse(script_json(page, "bf-data"));
  CHECK(data["maps"][0]["scenario"] == "tricky");
  REQUIRE(data["maps"][0]["crossings"].size() == 1);
  CHECK_THAT(data["maps"][0]["crossings"][0]["popup"].get<std::string>(), Contains("<b>Yalu &lt;post&gt;</b>"));
  REQUIRE(data["maps"][0]["links"].size() == 2);  // both directions
  CHECK_THAT(data["maps"][0]["links"][0]["popup"].get<std::string>(), Contains("Yalu &lt;/script&gt;"));
}

TEST_CASE("write_report_site refuses an output that is not a folder and writes nothing", "[site]") {
  const auto dir = std::filesystem::temp_directory_path() / "borderflow_site_test";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const std::vector<SiteFile> files = {{"lib/a.js", "a"}, {"index.html", "<!DOCTYPE html>"}};

  const auto file = dir / "plain";
  std::ofstream(file) << "keep";
  CHECK_THROWS_AS(write_report_site(file.string(), files), EnvironmentError);
  std::ifstream in(file);
  std::string kept;
  in >> kept;
  CHECK(kept == "keep");

  const auto blocked = dir / "blocked";
  std::filesystem::create_directories(blocked);
  std::ofstream(blocked / "lib") << "not a folder";
  CHECK_THROWS_WITH(write_report_site(blocked.string(), files), Contains("is not a folder"));
  CHECK(!std::filesystem::exists(blocked / "index.html"));

  const auto fresh = dir / "new" / "report";
  write_report_site(fresh.string(), files);
  CHECK(std::filesystem::is_regular_file(fresh / "lib" / "a.js"));
  CHECK(std::filesystem::is_regular_file(fresh / "index.html"));
  std::filesystem::remove_all(dir);
}

TEST_CASE("unknown_route_message names the route ids there are", "[site]") {
  const ReportInputs& inputs = bundled_pair();
  CHECK(unknown_route_message(inputs, "").empty());
  CHECK(unknown_route_message(inputs, "ru-kp").empty());
  CHECK_THAT(unknown_route_message(inputs, "ru-kpp"), Contains("did you mean 'ru-kp'?"));
  CHECK_THAT(unknown_route_message(inputs, "zzzzzzzz"), Contains("the routes are: "));
}

namespace {

LinkFeature link_feature(const std::string& id, const std::string& direction, double flow_t_per_yr) {
  LinkFeature f;
  f.id = id;
  f.name = id;
  f.mode = "rail";
  f.direction = direction;
  f.from_id = direction == "forward" ? "a" : "b";
  f.to_id = direction == "forward" ? "b" : "a";
  f.status = "open";
  f.figures.flow_t_per_yr = flow_t_per_yr;
  f.line = {{130, 42}, {131, 43}};
  return f;
}

}  // namespace

TEST_CASE("the difference map subtracts per link direction, an element missing on one side counting 0", "[site]") {
  MapLayers a, b;
  a.scenario = "A";
  b.scenario = "B";
  a.links = {link_feature("ab", "forward", 1e6), link_feature("ab", "reverse", 2e5), link_feature("gone", "forward", 3e5)};
  b.links = {link_feature("ab", "forward", 4e5), link_feature("ab", "reverse", 2e5), link_feature("new", "forward", 5e5)};
  const json diff = difference_map_json(a, b);
  CHECK(diff["scenario"] == "B - A");
  CHECK(diff["diff"] == true);
  REQUIRE(diff["links"].size() == 4);  // ab both ways, gone, new: the union
  std::map<std::pair<std::string, std::string>, double> delta;
  for (const auto& l : diff["links"]) delta[{l["id"].get<std::string>(), l["dir"].get<std::string>()}] = l["delta"].get<double>();
  CHECK(delta[{"ab", "forward"}] == Approx(-6e5));
  CHECK(delta[{"ab", "reverse"}] == 0);
  CHECK(delta[{"gone", "forward"}] == Approx(-3e5));
  CHECK(delta[{"new", "forward"}] == Approx(5e5));
  // One scale for every map: the largest flow of any scenario, or of any change, whichever is larger.
  CHECK(map_scale_t_per_yr({a, b}) == Approx(1e6));
  b.links[0].figures.flow_t_per_yr = 3e6;  // a change of 2 Mt/yr, and a flow of 3
  CHECK(map_scale_t_per_yr({a, b}) == Approx(3e6));
  a.links[0].figures.flow_t_per_yr = 2.5e6;
  b.links[0].figures.flow_t_per_yr = 0;  // a loss of 2.5 Mt/yr sets the scale with the flow
  CHECK(map_scale_t_per_yr({a, b}) == Approx(2.5e6));
}

TEST_CASE("a scenario map carries each link direction once, with its popup escaped", "[site]") {
  MapLayers a;
  a.scenario = "A";
  a.links = {link_feature("ab", "forward", 1e6), link_feature("ab", "reverse", 0)};
  a.links[0].name = "A <-> B";
  const json map = scenario_map_json(a);
  REQUIRE(map["links"].size() == 2);
  CHECK(map["links"][0]["dir"] == "forward");
  CHECK(map["links"][1]["dir"] == "reverse");
  CHECK(map["links"][0]["flow"] == 1e6);
  CHECK_THAT(map["links"][0]["popup"].get<std::string>(), Contains("<b>A &lt;-&gt; B</b>"));
  CHECK_THAT(map["links"][0]["popup"].get<std::string>(), Contains("<th>flow</th><td>1.0 Mt/yr</td>"));
  CHECK(!map.contains("route_title"));
}
