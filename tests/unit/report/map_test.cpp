// engine/report/map: the map layers as GIS tables (one geometry type per layer, flows per
// direction, nulls for what has no value) and as GeoJSON.
#include <catch2/catch.hpp>

#include <stdexcept>

#include <nlohmann/json.hpp>

#include "report/map.hpp"
#include "report/gis_support.hpp"

using namespace bftest;
using nlohmann::json;

namespace {

const GisValue& value(const GisLayer& layer, std::size_t feature, const std::string& field) {
  for (std::size_t i = 0; i < layer.fields.size(); ++i) {
    if (layer.fields[i].name == field) return layer.features.at(feature).values.at(i);
  }
  FAIL("no field " << field << " in " << layer.name);
  throw std::logic_error("unreachable");
}

template <class T>
T get(const GisLayer& layer, std::size_t feature, const std::string& field) {
  const GisValue& v = value(layer, feature, field);
  REQUIRE(std::holds_alternative<T>(v));
  return std::get<T>(v);
}

bool is_null(const GisLayer& layer, std::size_t feature, const std::string& field) {
  return std::holds_alternative<std::monostate>(value(layer, feature, field));
}

}  // namespace

TEST_CASE("layer names round-trip and unknown names are refused", "[report][gis]") {
  REQUIRE(all_gis_layers().size() == 5);
  for (GisLayerKind kind : all_gis_layers()) CHECK(parse_gis_layer(gis_layer_name(kind)) == kind);
  CHECK(gis_layer_name(GisLayerKind::RoutePaths) == "route_paths");
  CHECK_FALSE(parse_gis_layer("link").has_value());
  CHECK_FALSE(parse_gis_layer("").has_value());
}

TEST_CASE("links are one line per direction, drawn in the direction of travel, never summed", "[report][gis]") {
  const GisLayer links = gis_layer(hand_layers(), GisLayerKind::Links);
  CHECK(links.name == "links");
  CHECK(links.lines);
  REQUIRE(links.features.size() == 3);
  for (const GisFeature& f : links.features) CHECK(f.values.size() == links.fields.size());
  CHECK(get<std::string>(links, 0, "direction") == "forward");
  CHECK(get<std::string>(links, 1, "direction") == "reverse");
  CHECK(get<std::string>(links, 1, "from_id") == "kp-b");
  CHECK(get<std::string>(links, 1, "to_id") == "ru-a");
  CHECK(links.features[1].points.front().lon_deg == 130.6);  // starts where the reverse direction starts
  CHECK(get<double>(links, 0, "flow_t_per_yr") == 4.9e6);
  CHECK(get<double>(links, 1, "flow_t_per_yr") == 2e5);
  CHECK(get<bool>(links, 0, "binding"));
  CHECK_FALSE(get<bool>(links, 1, "binding"));
  CHECK(get<double>(links, 0, "shadow_price_usd_per_t") == 3.25);
  CHECK(get<double>(links, 0, "utilisation") == 1.0);
  CHECK(get<std::string>(links, 0, "crossing_id") == "ab-post");
  CHECK(get<std::string>(links, 0, "source") == "source: S1");
  // Nothing to say is null, not "" or 0: an unlimited capacity, a road's gauge, no crossing.
  CHECK(is_null(links, 1, "capacity_t_per_yr"));
  CHECK(is_null(links, 1, "utilisation"));
  CHECK(is_null(links, 2, "gauge"));
  CHECK(is_null(links, 2, "crossing_id"));
  CHECK(get<std::string>(links, 2, "status") == "closed");
  CHECK(get<double>(links, 2, "flow_t_per_yr") == 0.0);  // a real zero stays a zero
}

TEST_CASE("crossings and transfers are one point each with every figure per direction", "[report][gis]") {
  const MapLayers m = hand_layers();
  const GisLayer crossings = gis_layer(m, GisLayerKind::Crossings);
  CHECK_FALSE(crossings.lines);
  REQUIRE(crossings.features.size() == 1);
  REQUIRE(crossings.features[0].points.size() == 1);
  CHECK(crossings.features[0].points[0].lat_deg == 42.35);
  CHECK(get<std::string>(crossings, 0, "forward_countries") == "RU->KP");
  CHECK(get<std::string>(crossings, 0, "link_ids") == "ab,ab-road");
  CHECK(get<double>(crossings, 0, "forward_flow_t_per_yr") == 4.9e6);
  CHECK(get<double>(crossings, 0, "reverse_flow_t_per_yr") == 2e5);
  CHECK(get<double>(crossings, 0, "reverse_shadow_price_usd_per_t") == 1.5);
  CHECK(get<double>(crossings, 0, "max_utilisation") == 0.83);  // the fuller direction
  CHECK(get<bool>(crossings, 0, "binding"));                     // the reverse binds
  CHECK_FALSE(get<bool>(crossings, 0, "forward_binding"));
  CHECK(is_null(crossings, 0, "source"));

  const GisLayer transfers = gis_layer(m, GisLayerKind::Transfers);
  REQUIRE(transfers.features.size() == 1);
  CHECK(get<bool>(transfers, 0, "gauge_change"));
  CHECK(get<std::string>(transfers, 0, "from_layer") == "rail:1520");
  CHECK(get<std::string>(transfers, 0, "place_id") == "kp-b");
  CHECK(is_null(transfers, 0, "max_utilisation"));  // unlimited both ways
  CHECK_FALSE(get<bool>(transfers, 0, "binding"));
  CHECK(get<double>(transfers, 0, "reverse_flow_t_per_yr") == 2.0);
}

TEST_CASE("places and route paths carry their ids, and a path its places in order", "[report][gis]") {
  const MapLayers m = hand_layers();
  const GisLayer places = gis_layer(m, GisLayerKind::Places);
  REQUIRE(places.features.size() == 2);
  CHECK(get<std::string>(places, 1, "country") == "KP");
  CHECK(is_null(places, 1, "source"));
  const GisLayer paths = gis_layer(m, GisLayerKind::RoutePaths);
  CHECK(paths.lines);
  REQUIRE(paths.features.size() == 1);
  CHECK(get<long long>(paths, 0, "rank") == 1);
  CHECK(get<std::string>(paths, 0, "place_ids") == "ru-a,kp-b");
  CHECK(get<double>(paths, 0, "flow_t_per_yr") == 4.9e6);
  CHECK(paths.features[0].points.size() == 2);
}

TEST_CASE("GeoJSON holds one layer of one geometry type, named for GDAL", "[report][gis]") {
  const MapLayers m = hand_layers();
  const json links = json::parse(geojson_text(m, GisLayerKind::Links));
  CHECK(links["type"] == "FeatureCollection");
  CHECK(links["name"] == "links");
  CHECK(links["scenario"] == "hand");
  CHECK_FALSE(links.contains("crs"));
  CHECK_FALSE(links.contains("routing"));
  REQUIRE(links["features"].size() == 3);
  for (const auto& f : links["features"]) CHECK(f["geometry"]["type"] == "LineString");
  const json& reverse = links["features"][1];
  CHECK(reverse["geometry"]["coordinates"][0] == json::array({130.6, 42.3}));
  CHECK(reverse["properties"]["direction"] == "reverse");
  CHECK(reverse["properties"]["capacity_t_per_yr"].is_null());
  CHECK(reverse["properties"]["flow_t_per_yr"] == 2e5);
  CHECK(links["features"][0]["properties"]["binding"] == true);
  // The properties keep the layer's field order (as the GeoPackage's columns).
  const auto ordered = nlohmann::ordered_json::parse(geojson_text(m, GisLayerKind::Links));
  CHECK(ordered["features"][0]["properties"].begin().key() == "id");

  const json places = json::parse(geojson_text(m, GisLayerKind::Places, "not answered: because"));
  for (const auto& f : places["features"]) CHECK(f["geometry"]["type"] == "Point");
  CHECK(places["routing"]["note"] == "not answered: because");
  CHECK(places["routing"]["status"] == "optimal");

  // Deterministic: the same layers give the same bytes.
  CHECK(geojson_text(m, GisLayerKind::Crossings) == geojson_text(hand_layers(), GisLayerKind::Crossings));
}
