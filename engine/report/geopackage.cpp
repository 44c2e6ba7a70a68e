#include "report/geopackage.hpp"

#include <utility>
#include <vector>

#include "core/diagnostic.hpp"
#include "core/geo_module.hpp"

namespace borderflow {

// config/qgis/<layer>.qml, embedded by engine/CMakeLists.txt (generated qgis_styles.cpp).
std::string_view embedded_qgis_style(std::string_view layer_name);

namespace {

constexpr const char* kGeometryColumn = "geom";  // the GIS module's geometry column

geo::FieldType field_type(GisFieldType type) {
  switch (type) {
    case GisFieldType::Text: return geo::FieldType::Text;
    case GisFieldType::Real: return geo::FieldType::Real;
    case GisFieldType::Integer: return geo::FieldType::Integer;
    case GisFieldType::Boolean: return geo::FieldType::Boolean;
  }
  return geo::FieldType::Text;
}

geo::Layer layer(const GisLayer& in, const std::string& scenario) {
  geo::Layer out;
  out.name = in.name;
  out.geometry = in.lines ? geo::GeometryType::LineString : geo::GeometryType::Point;
  out.description = "borderflow " + scenario + ": " + in.name;
  out.spatial_index = true;
  for (const GisField& field : in.fields) out.fields.push_back({field.name, field_type(field.type)});
  out.features.reserve(in.features.size());
  for (const GisFeature& f : in.features) {
    geo::Feature feature;
    feature.values = f.values;  // the same variant: null, text, real, integer, boolean
    for (const LonLat& at : f.points) feature.points.emplace_back(at.lon_deg, at.lat_deg);
    out.features.push_back(std::move(feature));
  }
  return out;
}

/// The table QGIS reads a layer's default style from (the columns QGIS itself creates), one row
/// per layer.
geo::Layer styles() {
  geo::Layer out;
  out.name = "layer_styles";
  out.description = "QGIS styles of the borderflow layers";
  out.fid_column = "id";
  using T = geo::FieldType;
  out.fields = {{"f_table_catalog", T::Text}, {"f_table_schema", T::Text}, {"f_table_name", T::Text},
                {"f_geometry_column", T::Text}, {"styleName", T::Text}, {"styleQML", T::Text},
                {"styleSLD", T::Text}, {"useAsDefault", T::Boolean}, {"description", T::Text},
                {"owner", T::Text}, {"ui", T::Text}, {"update_time", T::DateTime}};
  for (GisLayerKind kind : all_gis_layers()) {
    const std::string name = gis_layer_name(kind);
    geo::Feature feature;
    feature.values = {std::string(), std::string(), name, std::string(kGeometryColumn),
                      name, std::string(qgis_style(kind)), std::string(), true,
                      std::string("borderflow: config/qgis/" + name + ".qml"), std::string(), geo::Value{},
                      std::string(kGeoPackageTimestamp)};
    out.features.push_back(std::move(feature));
  }
  return out;
}

}  // namespace

std::string_view qgis_style(GisLayerKind kind) { return embedded_qgis_style(gis_layer_name(kind)); }

void write_geopackage(const MapLayers& layers, const std::string& path) {
  geo::GeoPackage package;
  for (GisLayerKind kind : all_gis_layers()) package.layers.push_back(layer(gis_layer(layers, kind), layers.scenario));
  package.layers.push_back(styles());
  const geo::Status status = geo::module().write_geopackage(package, path);
  if (!status.ok) throw EnvironmentError("cannot write " + path + ": " + status.error);
}

void write_geopackage(const SolvedScenario& solved, const std::string& path) {
  write_geopackage(map_layers(solved), path);
}

}  // namespace borderflow
