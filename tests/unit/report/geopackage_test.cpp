// engine/report/geopackage: the GeoPackage read back through GDAL: its layers, geometry types,
// CRS, field values and nulls, the QGIS styles, the fixed timestamps and the same bytes every
// time; and the outputs it refuses or replaces.
#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <regex>
#include <string>
#include <vector>

#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

#include "core/diagnostic.hpp"
#include "report/geopackage.hpp"
#include "report/gis_support.hpp"

using namespace bftest;
using Catch::Matchers::Contains;

namespace {

namespace fs = std::filesystem;

struct Folder {
  fs::path path;
  Folder() {
    std::string pattern = (fs::temp_directory_path() / "borderflow-gpkg-XXXXXX").string();
    REQUIRE(::mkdtemp(pattern.data()) != nullptr);
    path = pattern;
  }
  ~Folder() {
    std::error_code ignored;
    fs::remove_all(path, ignored);
  }
};

std::string bytes(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

struct Closer {
  void operator()(void* dataset) const { GDALClose(dataset); }
};

std::unique_ptr<void, Closer> open_read_only(const fs::path& file) {
  GDALAllRegister();  // harmless when the writer registered the drivers already
  std::unique_ptr<void, Closer> dataset(GDALOpenEx(file.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr));
  REQUIRE(dataset);
  return dataset;
}

std::string field_text(OGRFeatureH feature, const char* name) {
  const int index = OGR_F_GetFieldIndex(feature, name);
  REQUIRE(index >= 0);
  return OGR_F_GetFieldAsString(feature, index);
}

bool field_null(OGRFeatureH feature, const char* name) {
  const int index = OGR_F_GetFieldIndex(feature, name);
  REQUIRE(index >= 0);
  return !OGR_F_IsFieldSetAndNotNull(feature, index);
}

}  // namespace

TEST_CASE("the GeoPackage holds every layer with its geometry, CRS, fields and styles", "[report][gis]") {
  const Folder folder;
  const fs::path file = folder.path / "map.gpkg";
  write_geopackage(hand_layers(), file.string());
  const auto dataset = open_read_only(file);

  struct Expected {
    const char* name;
    OGRwkbGeometryType geometry;
    GIntBig features;
  };
  for (const Expected& e : {Expected{"places", wkbPoint, 2}, Expected{"links", wkbLineString, 3},
                            Expected{"crossings", wkbPoint, 1}, Expected{"transfers", wkbPoint, 1},
                            Expected{"route_paths", wkbLineString, 1}}) {
    INFO(e.name);
    OGRLayerH layer = GDALDatasetGetLayerByName(dataset.get(), e.name);
    REQUIRE(layer);
    CHECK(wkbFlatten(OGR_L_GetGeomType(layer)) == e.geometry);
    CHECK(OGR_L_GetFeatureCount(layer, TRUE) == e.features);
    OGRSpatialReferenceH srs = OGR_L_GetSpatialRef(layer);
    REQUIRE(srs);
    CHECK(std::string(OSRGetAuthorityCode(srs, nullptr)) == "4326");
  }

  // The reverse direction of the border link: its own figures, nulls where unlimited, drawn from
  // where that direction starts.
  OGRLayerH links = GDALDatasetGetLayerByName(dataset.get(), "links");
  REQUIRE(OGR_L_SetAttributeFilter(links, "id = 'ab' AND direction = 'reverse'") == OGRERR_NONE);
  OGR_L_ResetReading(links);
  OGRFeatureH reverse = OGR_L_GetNextFeature(links);
  REQUIRE(reverse);
  CHECK(field_text(reverse, "from_id") == "kp-b");
  CHECK(OGR_F_GetFieldAsDouble(reverse, OGR_F_GetFieldIndex(reverse, "flow_t_per_yr")) == 2e5);
  CHECK(field_null(reverse, "capacity_t_per_yr"));
  CHECK(field_null(reverse, "utilisation"));
  CHECK(field_text(reverse, "binding") == "0");
  OGRGeometryH line = OGR_F_GetGeometryRef(reverse);
  REQUIRE(line);
  CHECK(OGR_G_GetX(line, 0) == 130.6);  // x is the longitude
  CHECK(OGR_G_GetY(line, 0) == 42.3);
  OGR_F_Destroy(reverse);
  OGRFeatureDefnH definition = OGR_L_GetLayerDefn(links);
  const int binding = OGR_FD_GetFieldIndex(definition, "binding");
  REQUIRE(binding >= 0);
  CHECK(OGR_Fld_GetSubType(OGR_FD_GetFieldDefn(definition, binding)) == OFSTBoolean);

  // Every layer's default style, as shipped in config/qgis/.
  OGRLayerH styles = GDALDatasetGetLayerByName(dataset.get(), "layer_styles");
  REQUIRE(styles);
  CHECK(OGR_L_GetFeatureCount(styles, TRUE) == 5);
  OGR_L_ResetReading(styles);
  int seen = 0;
  while (OGRFeatureH style = OGR_L_GetNextFeature(styles)) {
    const std::string layer = field_text(style, "f_table_name");
    const auto kind = parse_gis_layer(layer);
    REQUIRE(kind);
    CHECK(field_text(style, "f_geometry_column") == "geom");
    CHECK(field_text(style, "useAsDefault") == "1");
    CHECK(field_text(style, "styleQML") == std::string(qgis_style(*kind)));
    CHECK(field_text(style, "styleQML") == bytes(fs::path(BORDERFLOW_SOURCE_DIR) / "config/qgis" / (layer + ".qml")));
    OGR_F_Destroy(style);
    ++seen;
  }
  CHECK(seen == 5);

  // The timestamps GeoPackage keeps are fixed.
  OGRLayerH contents = GDALDatasetExecuteSQL(dataset.get(), "SELECT DISTINCT last_change FROM gpkg_contents", nullptr, nullptr);
  REQUIRE(contents);
  CHECK(OGR_L_GetFeatureCount(contents, TRUE) == 1);
  OGR_L_ResetReading(contents);
  OGRFeatureH change = OGR_L_GetNextFeature(contents);
  REQUIRE(change);
  CHECK(std::string(OGR_F_GetFieldAsString(change, 0)) == "2000/01/01 00:00:00+00");  // kGeoPackageTimestamp, as OGR prints it
  OGR_F_Destroy(change);
  GDALDatasetReleaseResultSet(dataset.get(), contents);
}

TEST_CASE("the same layers give the same GeoPackage bytes", "[report][gis]") {
  const Folder folder;
  write_geopackage(hand_layers(), (folder.path / "a.gpkg").string());
  write_geopackage(hand_layers(), (folder.path / "b.gpkg").string());
  const std::string a = bytes(folder.path / "a.gpkg");
  CHECK(a.size() > 0);
  CHECK(a == bytes(folder.path / "b.gpkg"));
}

TEST_CASE("a GeoPackage replaces a regular file whole, keeps its mode, and leaves no temporary", "[report][gis]") {
  const Folder folder;
  const fs::path file = folder.path / "map.gpkg";
  std::ofstream(file) << "old";
  REQUIRE(::chmod(file.c_str(), 0600) == 0);
  const fs::path link = folder.path / "link.gpkg";
  fs::create_symlink(file.filename(), link);
  write_geopackage(hand_layers(), link.string());
  CHECK(fs::is_symlink(link));  // followed, not replaced
  CHECK(bytes(file).substr(0, 15) == "SQLite format 3");
  struct stat status {};
  REQUIRE(::stat(file.c_str(), &status) == 0);
  CHECK((status.st_mode & 07777) == 0600);
  int entries = 0;
  for (const auto& entry : fs::directory_iterator(folder.path)) {
    (void)entry;
    ++entries;
  }
  CHECK(entries == 2);  // the file and the link: no temporary folder left behind
}

TEST_CASE("a GeoPackage is never written over a directory, a device or into a missing folder", "[report][gis]") {
  const Folder folder;
  CHECK_THROWS_WITH(write_geopackage(hand_layers(), folder.path.string()), Contains("it is a directory"));
  CHECK_THROWS_AS(write_geopackage(hand_layers(), "/dev/null"), EnvironmentError);
  CHECK_THROWS_WITH(write_geopackage(hand_layers(), "/dev/null"),
                    Contains("cannot write /dev/null: it is not a regular file"));
  CHECK_THROWS_WITH(write_geopackage(hand_layers(), (folder.path / "missing" / "map.gpkg").string()),
                    Contains("No such file or directory"));
  fs::create_symlink("nowhere.gpkg", folder.path / "dangling.gpkg");
  CHECK_THROWS_WITH(write_geopackage(hand_layers(), (folder.path / "dangling.gpkg").string()),
                    Contains("symbolic link to a file that does not exist"));
  int entries = 0;
  for (const auto& entry : fs::directory_iterator(folder.path)) {
    (void)entry;
    ++entries;
  }
  CHECK(entries == 1);  // the dangling link only
}

TEST_CASE("every field the QGIS styles name is a field of their layer", "[report][gis]") {
  // Style expressions quote field names ("flow_t_per_yr", escaped as &quot; in the XML); labels
  // name theirs in fieldName="...". A renamed field would leave QGIS drawing nothing.
  const MapLayers layers = hand_layers();
  for (GisLayerKind kind : all_gis_layers()) {
    const GisLayer layer = gis_layer(layers, kind);
    const std::string qml(qgis_style(kind));
    INFO(layer.name);
    CHECK_THAT(qml, Contains("<qgis ") && Contains("</qgis>"));
    auto has_field = [&](const std::string& name) {
      for (const GisField& f : layer.fields) {
        if (f.name == name) return true;
      }
      return false;
    };
    // Field names: &quot;x&quot; in double-quoted attributes (filters), "x" inside single-quoted
    // ones (expressions), and labels' fieldName="x".
    std::vector<std::string> names;
    const std::regex escaped("&quot;([a-z_]+)&quot;"), single_quoted("value='[^']*'"), quoted("\"([a-z_]+)\""),
        label("fieldName=\"([a-z_]+)\"");
    for (std::sregex_iterator m(qml.begin(), qml.end(), escaped), e; m != e; ++m) names.push_back((*m)[1]);
    for (std::sregex_iterator m(qml.begin(), qml.end(), label), e; m != e; ++m) names.push_back((*m)[1]);
    for (std::sregex_iterator v(qml.begin(), qml.end(), single_quoted), e; v != e; ++v) {
      const std::string value = v->str();
      for (std::sregex_iterator m(value.begin(), value.end(), quoted), f; m != f; ++m) names.push_back((*m)[1]);
    }
    for (const std::string& name : names) {
      INFO(name);
      CHECK(has_field(name));
    }
    const auto named = names.size();
    CHECK(named > 0);
  }
}
