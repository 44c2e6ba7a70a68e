#include "report/map.hpp"

#include <cmath>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "report/labels.hpp"

namespace borderflow {
namespace {

// ordered: the properties keep the layer's field order, as in the GeoPackage.
using json = nlohmann::ordered_json;

GisValue text(const std::string& value) { return value.empty() ? GisValue{} : GisValue{value}; }

/// NaN (an unlimited capacity, the utilisation of an unlimited element) is null, not a number.
GisValue real(double value) { return std::isnan(value) ? GisValue{} : GisValue{value}; }

std::string joined(const std::vector<std::string>& ids) {
  std::string out;
  for (const auto& id : ids) out += (out.empty() ? "" : ",") + id;
  return out;
}

/// The fuller direction's utilisation: what a style colours a two-way point by. Null when both
/// directions are unlimited.
GisValue fuller_utilisation(const DirectionFigures& forward, const DirectionFigures& reverse) {
  if (std::isnan(forward.utilisation)) return real(reverse.utilisation);
  if (std::isnan(reverse.utilisation)) return real(forward.utilisation);
  return std::max(forward.utilisation, reverse.utilisation);
}

const char* const kFigureNames[] = {"capacity_t_per_yr", "background_t_per_yr", "flow_t_per_yr",
                                    "utilisation",       "binding",             "shadow_price_usd_per_t"};

void add_figure_fields(std::vector<GisField>& fields, const std::string& prefix) {
  for (const char* name : kFigureNames) {
    const std::string n = name;
    fields.push_back({prefix + n, n == "binding" ? GisFieldType::Boolean : GisFieldType::Real});
  }
}

void add_figure_values(std::vector<GisValue>& values, const DirectionFigures& f) {
  values.insert(values.end(), {real(f.capacity_t_per_yr), real(f.background_t_per_yr), real(f.flow_t_per_yr),
                               real(f.utilisation), f.binding, real(f.shadow_price_usd_per_t)});
}

/// The two-way point layers (crossings and transfers): their own fields, then each direction's
/// figures, the fuller direction's utilisation, whether either direction binds, the source.
template <class Feature>
void add_two_way(GisLayer& layer, const std::vector<Feature>& features,
                 std::vector<GisValue> (*own_values)(const Feature&)) {
  add_figure_fields(layer.fields, "forward_");
  add_figure_fields(layer.fields, "reverse_");
  layer.fields.push_back({"max_utilisation", GisFieldType::Real});
  layer.fields.push_back({"binding", GisFieldType::Boolean});
  layer.fields.push_back({"source", GisFieldType::Text});
  for (const Feature& f : features) {
    GisFeature out;
    out.values = own_values(f);
    add_figure_values(out.values, f.forward);
    add_figure_values(out.values, f.reverse);
    out.values.push_back(fuller_utilisation(f.forward, f.reverse));
    out.values.push_back(f.forward.binding || f.reverse.binding);
    // text(f.source), emplaced: GCC 12 at -O2 misreports the pushed temporary variant here as
    // maybe-uninitialized.
    if (f.source.empty()) out.values.emplace_back();
    else out.values.emplace_back(std::in_place_type<std::string>, f.source);
    out.points = {f.at};
    layer.features.push_back(std::move(out));
  }
}

std::vector<GisValue> crossing_values(const CrossingFeature& c) {
  return {text(c.id), text(c.name), text(c.status), text(c.forward_countries), text(joined(c.link_ids))};
}

std::vector<GisValue> transfer_values(const TransferFeature& t) {
  return {text(t.id),         text(t.name),       text(t.method), text(t.place_id), text(t.status),
          text(t.from_layer), text(t.to_layer),   t.gauge_change};
}

json json_value(const GisValue& value) {
  if (const auto* s = std::get_if<std::string>(&value)) return *s;
  if (const auto* d = std::get_if<double>(&value)) return *d;
  if (const auto* i = std::get_if<long long>(&value)) return *i;
  if (const auto* b = std::get_if<bool>(&value)) return *b;
  return nullptr;
}

json coordinates(const LonLat& at) { return json::array({at.lon_deg, at.lat_deg}); }

}  // namespace

const std::vector<GisLayerKind>& all_gis_layers() {
  static const std::vector<GisLayerKind> all = {GisLayerKind::Places, GisLayerKind::Links, GisLayerKind::Crossings,
                                                GisLayerKind::Transfers, GisLayerKind::RoutePaths};
  return all;
}

std::string gis_layer_name(GisLayerKind kind) {
  switch (kind) {
    case GisLayerKind::Places: return "places";
    case GisLayerKind::Links: return "links";
    case GisLayerKind::Crossings: return "crossings";
    case GisLayerKind::Transfers: return "transfers";
    case GisLayerKind::RoutePaths: return "route_paths";
  }
  throw std::logic_error("unknown GIS layer");
}

std::optional<GisLayerKind> parse_gis_layer(const std::string& name) {
  for (GisLayerKind kind : all_gis_layers()) {
    if (gis_layer_name(kind) == name) return kind;
  }
  return std::nullopt;
}

GisLayer gis_layer(const MapLayers& layers, GisLayerKind kind) {
  GisLayer layer;
  layer.name = gis_layer_name(kind);
  using T = GisFieldType;
  switch (kind) {
    case GisLayerKind::Places:
      layer.fields = {{"id", T::Text}, {"name", T::Text}, {"country", T::Text}, {"kind", T::Text}, {"source", T::Text}};
      for (const PlaceFeature& p : layers.places) {
        layer.features.push_back({{text(p.id), text(p.name), text(p.country), text(p.kind), text(p.source)}, {p.at}});
      }
      break;
    case GisLayerKind::Links:
      layer.lines = true;
      layer.fields = {{"id", T::Text},     {"name", T::Text},        {"mode", T::Text},        {"gauge", T::Text},
                      {"direction", T::Text}, {"from_id", T::Text},  {"to_id", T::Text},       {"crossing_id", T::Text},
                      {"status", T::Text}, {"length_km", T::Real}};
      add_figure_fields(layer.fields, "");
      layer.fields.push_back({"source", T::Text});
      for (const LinkFeature& l : layers.links) {
        GisFeature out;
        out.values = {text(l.id),      text(l.name),  text(l.mode),        text(l.gauge),  text(l.direction),
                      text(l.from_id), text(l.to_id), text(l.crossing_id), text(l.status), real(l.length_km)};
        add_figure_values(out.values, l.figures);
        out.values.push_back(text(l.source));
        out.points = l.line;
        layer.features.push_back(std::move(out));
      }
      break;
    case GisLayerKind::Crossings:
      layer.fields = {{"id", T::Text}, {"name", T::Text}, {"status", T::Text}, {"forward_countries", T::Text},
                      {"link_ids", T::Text}};
      add_two_way(layer, layers.crossings, &crossing_values);
      break;
    case GisLayerKind::Transfers:
      layer.fields = {{"id", T::Text},     {"name", T::Text},       {"method", T::Text},  {"place_id", T::Text},
                      {"status", T::Text}, {"from_layer", T::Text}, {"to_layer", T::Text}, {"gauge_change", T::Boolean}};
      add_two_way(layer, layers.transfers, &transfer_values);
      break;
    case GisLayerKind::RoutePaths:
      layer.lines = true;
      layer.fields = {{"route_id", T::Text},      {"route_name", T::Text},     {"direction", T::Text},
                      {"rank", T::Integer},       {"flow_t_per_yr", T::Real},  {"cost_usd_per_t", T::Real},
                      {"transit_days", T::Real},  {"place_ids", T::Text}};
      for (const RoutePathFeature& r : layers.route_paths) {
        layer.features.push_back({{text(r.route_id), text(r.route_name), text(r.direction),
                                   static_cast<long long>(r.rank), real(r.t_per_yr), real(r.cost_usd_per_t),
                                   real(r.transit_days), text(joined(r.place_ids))},
                                  r.line});
      }
      break;
  }
  return layer;
}

std::string geojson_text(const MapLayers& layers, GisLayerKind kind, const std::string& routing_note) {
  const GisLayer layer = gis_layer(layers, kind);
  json features = json::array();
  for (const GisFeature& f : layer.features) {
    json properties = json::object();
    for (std::size_t i = 0; i < layer.fields.size(); ++i) properties[layer.fields[i].name] = json_value(f.values[i]);
    json geometry;
    if (layer.lines) {
      json line = json::array();
      for (const LonLat& at : f.points) line.push_back(coordinates(at));
      geometry = {{"type", "LineString"}, {"coordinates", line}};
    } else {
      geometry = {{"type", "Point"}, {"coordinates", coordinates(f.points.at(0))}};
    }
    features.push_back({{"type", "Feature"}, {"geometry", geometry}, {"properties", properties}});
  }
  json collection = {{"type", "FeatureCollection"}, {"name", layer.name}, {"scenario", layers.scenario},
                     {"features", features}};
  if (!routing_note.empty()) collection["routing"] = {{"status", layers.routing_status}, {"note", routing_note}};
  return collection.dump(1) + "\n";
}

std::string render_geojson(const SolvedScenario& solved, GisLayerKind kind) {
  // Why the map shows no routed flow although the scenario has demands; empty when it routed them.
  const std::string note =
      solved.scenario().demands.empty() ? std::string() : status_sentence(solved.answer.routing.status);
  return geojson_text(map_layers(solved), kind, note);
}

}  // namespace borderflow
