// Network tables (engine/scenario/network_tables.*): a CSV folder or a GeoPackage as the base
// of a scenario, YAML over it by id, every error a table can hold with its FILE:ROW:COLUMN, and
// the converter's round trip on the reference network.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <stdexcept>
#include <sstream>
#include <string>
#include <vector>

#include <gdal.h>
#include <ogr_api.h>

#include "core/diagnostic.hpp"
#include "core/geo_module.hpp"
#include "scenario/loader.hpp"
#include "scenario/network_tables.hpp"

namespace fs = std::filesystem;
using namespace borderflow;

namespace {

/// A fresh folder two levels below /tmp (extends: may name files below the parent of the top
/// file's folder), removed afterwards.
class Workspace {
 public:
  Workspace() {
    std::string name = (fs::temp_directory_path() / "bf_tables_XXXXXX").string();
    REQUIRE(::mkdtemp(name.data()) != nullptr);
    root_ = name;
    fs::create_directories(root_ / "case");
  }
  ~Workspace() {
    std::error_code ignored;
    fs::remove_all(root_, ignored);
  }
  fs::path dir() const { return root_ / "case"; }
  std::string write(const std::string& relative, const std::string& text) const {
    const fs::path path = dir() / relative;
    fs::create_directories(path.parent_path());
    std::ofstream(path) << text;
    return path.string();
  }

 private:
  fs::path root_;
};

/// The messages of a failed load, one a line, with the workspace folder cut from the paths.
std::string errors_of(const std::string& top, const Workspace& w, Limits limits = {}) {
  LoadOptions options;
  options.limits = limits;
  try {
    (void)load_scenario(top, options);
  } catch (const InputError& error) {
    std::string out;
    const std::string prefix = w.dir().string() + "/";
    for (const auto& d : error.diagnostics()) {
      std::string line = d.format();
      for (std::size_t at; (at = line.find(prefix)) != std::string::npos;) line.erase(at, prefix.size());
      out += line + "\n";
    }
    return out;
  }
  return "loaded without error\n";
}

const std::string kTop = "borderflow: 1\nextends: net/\n";

const std::string kNodes =
    "node_id,name,country,kind,x_coord,y_coord\n"
    "a,Alpha,RU,station,131.0,42.5\n"
    "b,Bravo,RU,junction,130.7,42.4\n";

/// Layers of string fields written to a GeoPackage through OGR: {layer, {header, rows...}}.
void write_gpkg(const std::string& path, const std::vector<std::pair<std::string, std::vector<std::vector<std::string>>>>& layers) {
  GDALAllRegister();
  GDALDriverH driver = GDALGetDriverByName("GPKG");
  REQUIRE(driver);
  GDALDatasetH dataset = GDALCreate(driver, path.c_str(), 0, 0, 0, GDT_Unknown, nullptr);
  REQUIRE(dataset);
  for (const auto& [name, rows] : layers) {
    OGRLayerH layer = GDALDatasetCreateLayer(dataset, name.c_str(), nullptr, wkbNone, nullptr);
    REQUIRE(layer);
    for (const auto& column : rows.front()) {
      OGRFieldDefnH field = OGR_Fld_Create(column.c_str(), OFTString);
      REQUIRE(OGR_L_CreateField(layer, field, TRUE) == OGRERR_NONE);
      OGR_Fld_Destroy(field);
    }
    for (std::size_t r = 1; r < rows.size(); ++r) {
      OGRFeatureH feature = OGR_F_Create(OGR_L_GetLayerDefn(layer));
      for (std::size_t i = 0; i < rows[r].size(); ++i) {
        if (!rows[r][i].empty()) OGR_F_SetFieldString(feature, static_cast<int>(i), rows[r][i].c_str());
      }
      REQUIRE(OGR_L_CreateFeature(layer, feature) == OGRERR_NONE);
      OGR_F_Destroy(feature);
    }
  }
  GDALClose(dataset);
}

std::string source_path(const std::string& relative) { return std::string(BORDERFLOW_SOURCE_DIR) + "/" + relative; }

std::string read_text(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

/// config/network.yaml without its network sections, extending `base` instead of sources.yaml:
/// what a scenario over converted tables keeps in YAML (defaults, rates, commodities, vehicles,
/// fleets).
std::string network_rest(const std::string& base) {
  std::istringstream in(read_text(source_path("config/network.yaml")));
  std::string out, line;
  bool skip = false;
  for (; std::getline(in, line);) {
    const bool top = !line.empty() && line[0] >= 'a' && line[0] <= 'z';
    if (top) {
      const std::string key = line.substr(0, line.find(':'));
      skip = key == "places" || key == "links" || key == "transfers" || key == "crossings";
      if (key == "extends") {
        out += "extends: " + base + "\n";
        continue;
      }
    }
    if (!skip) out += line + "\n";
  }
  return out;
}

}  // namespace

/// Counts what the module hands it and throws from the call numbered `throw_at` (layer and
/// feature calls counted together, from 1).
class ThrowingVisitor : public geo::LayerVisitor {
 public:
  explicit ThrowingVisitor(int throw_at) : throw_at_(throw_at) {}
  bool layer(std::size_t, bool found, const std::vector<geo::Field>&) override {
    visit();
    return found;
  }
  bool feature(const std::vector<geo::Value>&, const std::optional<geo::LonLatDeg>&) override {
    visit();
    ++features;
    return true;
  }
  int calls = 0;
  int features = 0;

 private:
  void visit() {
    if (++calls == throw_at_) throw std::runtime_error("visitor stopped at call " + std::to_string(calls));
  }
  int throw_at_;
};

TEST_CASE("network tables: a visitor's exception stops the read and reaches the caller, not the module") {
  // geo::visit_layers keeps exceptions out of the GIS module (core/geo_module.hpp): the executable
  // may carry its own C++ runtime, so GDAL's frames are never unwound through.
  Workspace w;
  const std::string file = w.write("net/node.csv", kNodes + "c,Charlie,RU,station,131.2,42.6\n");
  // Call 1 is the layer, calls 2-4 its three rows.
  for (const int throw_at : {1, 3}) {
    ThrowingVisitor visitor(throw_at);
    try {
      (void)geo::visit_layers(file, geo::Format::Csv, {""}, visitor);
      FAIL("visit_layers returned after the visitor threw");
    } catch (const std::runtime_error& error) {
      CHECK(std::string(error.what()) == "visitor stopped at call " + std::to_string(throw_at));
    }
    CHECK(visitor.calls == throw_at);  // nothing after the throw reached the visitor
  }
  // The module reads on as before.
  ThrowingVisitor reader(0);
  const geo::Status status = geo::visit_layers(file, geo::Format::Csv, {""}, reader);
  CHECK(status.ok);
  CHECK(reader.features == 3);
}

TEST_CASE("network tables: a CSV folder is the base, YAML over it overrides and adds by id") {
  const Scenario s = load_scenario(source_path("tests/networks/tables/small_over.yaml"));
  REQUIRE(s.places.size() == 4);
  REQUIRE(s.links.size() == 4);
  const Place& a = s.places[static_cast<std::size_t>(s.find_place("a"))];
  CHECK(a.lat_deg == 42.5);
  CHECK(a.lon_deg == 131.0);
  CHECK(a.kind == "station");
  CHECK(a.provenance->source_tags == std::vector<std::string>{"SRC1"});
  CHECK(s.places[static_cast<std::size_t>(s.find_place("c"))].provenance->source_tags ==
        std::vector<std::string>{"SRC1", "SRC2"});
  const Link& ab = s.links[static_cast<std::size_t>(s.find_link("ab"))];
  CHECK(ab.capacity_t_per_yr == 4e6);  // the YAML override, over 5000000 in link.csv
  CHECK(ab.length_km == 40);           // the rest of the row stays
  CHECK(ab.cost_usd_per_t_km == 0.02);
  CHECK(ab.where.line == 2);
  const Link& bc = s.links[static_cast<std::size_t>(s.find_link("bc"))];
  CHECK(bc.gauges_mm == std::vector<int>{1435, 1520});
  const Link& ac = s.links[static_cast<std::size_t>(s.find_link("ac"))];
  CHECK(ac.mode == Mode::Road);
  CHECK_FALSE(ac.both_ways);
  CHECK(ac.status == Status::Planned);
  CHECK(ac.capacity_t_per_yr == kUnlimited);  // an empty cell: not given
  CHECK(s.find_link("cd") >= 0);               // added in YAML
  REQUIRE(s.crossings.size() == 1);
  CHECK(s.crossings[0].links.size() == 2);
  CHECK(s.crossings[0].dwell_h == 12);
  CHECK(s.crossings[0].capacity_t_per_yr == 2e6);
  REQUIRE(s.transfers.size() == 1);
  CHECK(s.transfers[0].time_h == 24);
  CHECK(s.transfers[0].method == "transload");
  REQUIRE(s.sources.size() == 2);
  CHECK(s.sources[0].title == "A survey, with a comma");
}

TEST_CASE("network tables: every error of a CSV table with FILE:ROW:COLUMN") {
  const Workspace w;
  w.write("net/node.csv",
          "node_id,name,country,kind,x_coord,y_coord,colour\n"
          "a,Alpha,RU,station,131.0,42.5,red\n"
          "a,Again,RU,station,131.0,42.5,\n"
          "b,Bravo,RU,junction,200,42.4,\n"
          "c,Charlie,RU,junction,130,42.4,\n");
  w.write("net/link.csv",
          "link_id,name,from_node_id,to_node_id,mode,gauge_mm,lenght_km,capacity_t_per_yr,both_ways\n"
          "ab,Alpha-Bravo,a,bb,rail,1520,40,5 Mt,yes\n"
          "bc,,b,c,rial,1000,40,-5,true\n"
          "b c,,b,c,road,,40,,true\n");
  const std::string top = w.write("s.yaml", kTop);
  CHECK(errors_of(top, w) ==
        "net/link.csv:1:7: error: unknown column 'lenght_km' in link.csv; did you mean 'length_km'?\n"
        "net/link.csv:2:8: error: '5 Mt' is not a number; capacity_t_per_yr is in t/yr: write the number alone "
        "(e.g. 12.5)\n"
        "net/link.csv:2:9: error: 'yes' is not true or false\n"
        "net/link.csv:3:6: error: '1000' is not a gauge: expected 1435, 1520 or 1435;1520\n"
        "net/link.csv:4:1: error: id must be 1-64 characters from A-Z a-z 0-9 _ . : - starting with a letter or "
        "digit\n"
        "net/node.csv:1:7: error: unknown column 'colour' in node.csv; expected one of: node_id, name, country, "
        "kind, x_coord, y_coord, source, assumption\n"
        "net/node.csv:3:1: error: duplicate id 'a' in node.csv (first on line 2)\n");
  // A row that cannot be named (a bad id) is lost, and stage 2 is skipped (it would report
  // follow-on unknown ids); without it, stage 2 reports the cells' units, ranges and references.
  w.write("net/link.csv",
          "link_id,name,from_node_id,to_node_id,mode,gauge_mm,length_km,capacity_t_per_yr,both_ways\n"
          "ab,Alpha-Bravo,a,bb,rail,1520,40,5 Mt,yes\n"
          "bc,,b,c,rial,1000,40,-5,true\n"
          "ca,,c,a,road,,,,true\n");
  w.write("net/node.csv",
          "node_id,name,country,kind,x_coord,y_coord\n"
          "a,Alpha,RU,station,131.0,42.5\n"
          "b,Bravo,RU,junction,200,42.4\n"
          "c,Charlie,RU,junction,130,42.4\n");
  CHECK(errors_of(top, w) ==
        "net/link.csv:2:4: error: unknown place 'bb'; did you mean 'b'? (at to_node_id)\n"
        "net/link.csv:2:8: error: '5 Mt' is not a number; capacity_t_per_yr is in t/yr: write the number alone "
        "(e.g. 12.5)\n"
        "net/link.csv:2:9: error: 'yes' is not true or false\n"
        "net/link.csv:3:5: error: 'rial' is not one of: rail, road, sea, pipeline; did you mean 'rail'? (at mode)\n"
        "net/link.csv:3:6: error: '1000' is not a gauge: expected 1435, 1520 or 1435;1520\n"
        "net/link.csv:3:8: error: must be zero or more, got '-5 t/yr' (at capacity_t_per_yr)\n"
        "net/link.csv:4:1: error: missing required 'length_km' (km, m)\n"
        "net/node.csv:3:5: error: '200' is out of range [-180, 180] (at x_coord)\n");
}

TEST_CASE("network tables: the same errors in a GeoPackage, rows counted from 2 as in CSV") {
  const Workspace w;
  write_gpkg((w.dir() / "net.gpkg").string(),
             {{"node",
               {{"node_id", "name", "country", "x_coord", "y_coord"},
                {"a", "Alpha", "RU", "131.0", "42.5"},
                {"a", "Again", "RU", "131.0", "42.5"},
                {"b", "Bravo", "RU", "130", "42.4"}}},
              {"link",
               {{"link_id", "from_node_id", "to_node_id", "mode", "gauge_mm", "length_km", "capcity_t_per_yr"},
                {"ab", "a", "bb", "rail", "1520", "4O", ""}}}});
  const std::string top = w.write("s.yaml", "borderflow: 1\nextends: net.gpkg\n");
  CHECK(errors_of(top, w) ==
        "net.gpkg:1:7: error: unknown column 'capcity_t_per_yr' in layer link; did you mean 'capacity_t_per_yr'?\n"
        "net.gpkg:2:3: error: unknown place 'bb'; did you mean 'b'? (at to_node_id)\n"
        "net.gpkg:2:6: error: '4O' is not a number; length_km is in km: write the number alone (e.g. 12.5)\n"
        "net.gpkg:3:1: error: duplicate id 'a' in layer node (first on line 2)\n");
  // Node ids come from the geometry-less layer too; with the link fixed, only the unknown node.
  write_gpkg((w.dir() / "net2.gpkg").string(),
             {{"node", {{"node_id", "name", "country", "x_coord", "y_coord"}, {"a", "Alpha", "RU", "131.0", "42.5"},
                        {"b", "Bravo", "RU", "130", "42.4"}}},
              {"link", {{"link_id", "from_node_id", "to_node_id", "mode", "gauge_mm", "length_km"},
                        {"ab", "a", "bb", "rail", "1520", "40"}}}});
  const std::string top2 = w.write("s2.yaml", "borderflow: 1\nextends: net2.gpkg\n");
  CHECK(errors_of(top2, w) == "net2.gpkg:2:3: error: unknown place 'bb'; did you mean 'b'? (at to_node_id)\n");
}

TEST_CASE("network tables: a missing node.csv or link.csv, layer or id column is named") {
  const Workspace w;
  w.write("net/node.csv", kNodes);
  const std::string top = w.write("s.yaml", kTop);
  CHECK(errors_of(top, w) ==
        "net/: error: no link.csv in this folder: a network in tables is a folder of node.csv and link.csv "
        "(transfer.csv, crossing.csv and source.csv are optional), or a .gpkg with those layers\n");
  w.write("net/link.csv", "linkid,from_node_id\nab,a\n");
  CHECK(errors_of(top, w) ==
        "net/link.csv:1:1: error: unknown column 'linkid' in link.csv; did you mean 'link_id'?\n"
        "net/link.csv:1:1: error: link.csv has no 'link_id' column: every row is named by its id\n");
  // A table file that is a link (which could lead out of the scenario tree) is refused.
  fs::remove(w.dir() / "net/link.csv");
  fs::create_symlink(w.dir() / "net/node.csv", w.dir() / "net/link.csv");
  CHECK(errors_of(top, w) ==
        "net/link.csv: error: not a regular file (a link, device, pipe or folder); expected a CSV table\n");
  fs::remove(w.dir() / "net/link.csv");
  std::string wide = "link_id";
  for (int i = 0; i < 300; ++i) wide += ",c" + std::to_string(i);
  w.write("net/link.csv", wide + "\n");
  CHECK(errors_of(top, w) == "net/link.csv:1:257: error: link.csv has 301 columns; a network table has at most 256\n");
  write_gpkg((w.dir() / "net.gpkg").string(), {{"node", {{"node_id", "name"}, {"a", "A"}}}});
  const std::string gpkg = w.write("g.yaml", "borderflow: 1\nextends: net.gpkg\n");
  CHECK(errors_of(gpkg, w) ==
        "net.gpkg: error: the GeoPackage has no layer link: a network in tables needs layers node and link "
        "(transfer, crossing and source are optional)\n");
}

TEST_CASE("network tables: rows count against Limits::max_elements") {
  const Workspace w;
  w.write("net/node.csv", kNodes);
  w.write("net/link.csv", "link_id,from_node_id,to_node_id,mode,gauge_mm,length_km\nab,a,b,rail,1520,40\n");
  const std::string top = w.write("s.yaml", kTop);
  Limits limits;
  limits.max_elements = 2;
  CHECK(errors_of(top, w, limits) ==
        "net/link.csv:2:1: error: the network has more than 2 rows; the limit is 2; raise it with --max-elements N, or --trusted for input you trust\n");
  limits.max_elements = 3;
  LoadOptions options;
  options.limits = limits;
  CHECK(load_scenario(top, options).links.size() == 1);
}

TEST_CASE("network tables: a cell list and a YAML override that drops an alternative") {
  const Workspace w;
  w.write("net/node.csv", kNodes);
  w.write("net/link.csv",
          "link_id,from_node_id,to_node_id,mode,gauge_mm,length_km,cost_usd_per_t_km,commodities\n"
          "ab,a,b,rail,1520,40,0.02,coal;oil\n");
  const std::string top = w.write("s.yaml", kTop +
                                                "commodities:\n  - {id: coal, class: bulk}\n  - {id: oil, class: liquid}\n"
                                                "rates:\n  - {id: r, name: R, cost_per_km: 0.05 USD/t-km}\n"
                                                "links:\n  - {id: ab, rate: r}\n");
  const Scenario s = load_scenario(top);
  CHECK(s.links[0].commodities.size() == 2);
  CHECK(s.links[0].rate == 0);  // rate: given in YAML replaces the row's own cost_usd_per_t_km
  CHECK(s.links[0].cost_usd_per_t_km == 0.05);
  // An unknown commodity in a list cell is reported at the cell.
  w.write("net/link.csv",
          "link_id,from_node_id,to_node_id,mode,gauge_mm,length_km,commodities\n"
          "ab,a,b,rail,1520,40,coal;oill\n");
  const std::string bad = w.write("b.yaml", kTop + "commodities:\n  - {id: coal, class: bulk}\n  - {id: oil, class: liquid}\n");
  CHECK(errors_of(bad, w) == "net/link.csv:2:7: error: unknown commodity 'oill'; did you mean 'oil'? (at commodities)\n");
}

TEST_CASE("network tables: the reference network round-trips through CSV, GeoPackage and YAML") {
  const Workspace w;
  const Scenario reference = load_scenario(source_path("scenarios/baseline-2024.yaml"));
  const std::vector<std::string> notes = write_network_tables(reference, (w.dir() / "net/").string());
  CHECK_FALSE(notes.empty());  // the reference network has ranges, which tables do not carry
  (void)write_network_tables(reference, (w.dir() / "net.gpkg").string());
  std::ofstream(w.dir() / "net.yaml") << network_tables_to_yaml((w.dir() / "net").string(), Limits{});
  const std::string baseline = read_text(source_path("scenarios/baseline-2024.yaml"));
  for (const std::string base : {"net/", "net.gpkg", "net.yaml"}) {
    INFO(base);
    const std::string rest = "rest-" + std::string(base == "net/" ? "csv" : base == "net.gpkg" ? "gpkg" : "yaml") + ".yaml";
    w.write(rest, network_rest(base));
    std::string scenario = baseline;
    scenario.replace(scenario.find("extends: ../config/network.yaml"), std::string("extends: ../config/network.yaml").size(),
                     "extends: " + rest);
    const Scenario converted = load_scenario(w.write("baseline-" + rest, scenario));
    std::string where;
    CHECK(same_network(reference, converted, &where));
    CHECK(where == "");
    // same_network ignores names, provenance and positions; the tables carry them too.
    REQUIRE(converted.links.size() == reference.links.size());
    for (std::size_t i = 0; i < reference.links.size(); ++i) {
      CHECK(converted.links[i].name == reference.links[i].name);
      CHECK(converted.links[i].provenance->source_tags == reference.links[i].provenance->source_tags);
      CHECK(converted.links[i].provenance->assumption == reference.links[i].provenance->assumption);
      CHECK(converted.links[i].transit_h == reference.links[i].transit_h);
    }
    for (std::size_t i = 0; i < reference.places.size(); ++i) {
      CHECK(converted.places[i].lat_deg == reference.places[i].lat_deg);
      CHECK(converted.places[i].lon_deg == reference.places[i].lon_deg);
    }
  }
}

TEST_CASE("network tables: capacities written in vehicles round-trip in the bare capacity column") {
  const Workspace w;
  const std::string top = w.write("v.yaml",
                                  "borderflow: 1\n"
                                  "vehicles:\n  - {id: train, mode: rail, payload: 2000 t}\n"
                                  "places:\n  - {id: a, name: A, country: RU, lat: 1, lon: 1}\n"
                                  "  - {id: b, name: B, country: RU, lat: 2, lon: 2}\n"
                                  "links:\n  - {id: ab, from: a, to: b, mode: rail, gauge: 1520, length: 10 km, "
                                  "capacity: 12 trains/day, payload: 1500 t}\n"
                                  "  - {id: ba, from: b, to: a, mode: rail, gauge: 1520, length: 10 km, "
                                  "capacity: 7 trains/day}\n");
  const Scenario original = load_scenario(top);
  (void)write_network_tables(original, (w.dir() / "vt").string());
  const std::string csv = read_text((w.dir() / "vt/link.csv").string());
  CHECK(csv.find(",12 train/day,") != std::string::npos);
  CHECK(csv.find(",1500,") != std::string::npos);  // payload_t: the link's own
  const Scenario back = load_scenario(
      w.write("over.yaml", "borderflow: 1\nextends: vt/\nvehicles:\n  - {id: train, mode: rail, payload: 2000 t}\n"));
  REQUIRE(back.links.size() == 2);
  for (std::size_t i = 0; i < 2; ++i) {
    CHECK(back.links[i].capacity_t_per_yr == original.links[i].capacity_t_per_yr);
    CHECK(back.links[i].vehicle.vehicle == 0);
    CHECK(back.links[i].vehicle.payload_t == original.links[i].vehicle.payload_t);
  }
}
