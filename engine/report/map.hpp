#pragma once
// The map layers (report/layers.hpp) as GIS tables: one geometry type per layer, one row per
// feature, the same fields in GeoJSON (`export -o x.geojson`) and in the GeoPackage
// (report/geopackage.hpp), so the two cannot disagree.
//
//   places       Point       one per place
//   links        LineString  one per link and direction (a two-way link has two, drawn from ->
//                            to in the direction of travel; flows are never summed over both)
//   crossings    Point       one per border crossing, each figure per direction (forward_*,
//                            reverse_*), plus the fuller direction's utilisation for styling
//   transfers    Point       one per transfer (gauge change, road-rail, port), as crossings
//   route_paths  LineString  one per path of a route question's maximum flow, per direction
//
// A field with no value is null (an unlimited capacity and its utilisation, a link that is not a
// crossing, a gauge off the railway), never "" or 0.
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "report/layers.hpp"
#include "solve/answers.hpp"

namespace borderflow {

enum class GisLayerKind { Places, Links, Crossings, Transfers, RoutePaths };

/// Every layer, in the order the GeoPackage holds them.
const std::vector<GisLayerKind>& all_gis_layers();
/// "places", "links", "crossings", "transfers", "route_paths".
std::string gis_layer_name(GisLayerKind kind);
/// The kind named `name` (as gis_layer_name), or nullopt.
std::optional<GisLayerKind> parse_gis_layer(const std::string& name);

enum class GisFieldType { Text, Real, Integer, Boolean };

struct GisField {
  std::string name;
  GisFieldType type = GisFieldType::Text;
};

/// null, text, a real, an integer or a boolean (as the field's type says).
using GisValue = std::variant<std::monostate, std::string, double, long long, bool>;

struct GisFeature {
  std::vector<GisValue> values;  ///< one per field of the layer, in field order
  std::vector<LonLat> points;    ///< one for a Point, two or more for a LineString
};

struct GisLayer {
  std::string name;            ///< gis_layer_name(kind)
  bool lines = false;          ///< LineString when true, else Point
  std::vector<GisField> fields;
  std::vector<GisFeature> features;  ///< in MapLayers order
};

/// The layer `kind` of a scenario's map layers as a GIS table.
GisLayer gis_layer(const MapLayers& layers, GisLayerKind kind);

/// One layer as an RFC 7946 GeoJSON FeatureCollection (WGS 84 lon/lat, no `crs` member), with
/// the foreign members `name` (the layer name, which GDAL takes as the layer's name) and
/// `scenario`; `routing_note` (why the routing carries no flow) adds {"routing": {status, note}}.
std::string geojson_text(const MapLayers& layers, GisLayerKind kind, const std::string& routing_note = {});

/// `borderflow export --format geojson`: one layer of the scenario's map.
std::string render_geojson(const SolvedScenario& solved, GisLayerKind kind = GisLayerKind::Links);

}  // namespace borderflow
