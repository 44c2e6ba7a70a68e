#pragma once
// One scenario's network and answers as map layers: what every map draws (GeoJSON, GeoPackage,
// the printed SVG/PNG, the HTML report's Leaflet map), made once here so they cannot disagree.
//
//   flow        = the demand routing's tonnes on the element in that direction, every class
//                 summed (never both directions added together);
//   background  = the background traffic the element carries in that direction (loads and the
//                 routed background demands), already taken off its rows before any question;
//   utilisation = (background + flow) / capacity of the element's own per-direction row, or of
//                 its both-ways row when that is fuller; NaN when the element is unlimited;
//   binding     = one of the element's rows is a binding row of the routing (solve/measures.hpp);
//   shadow      = the routing's shadow price of that row, USD/yr per t/yr of capacity (0 when
//                 slack): what one more tonne a year of capacity there would save.
// Directions are "forward" (as the element is written: a link from -> to, a transfer from layer
// -> to layer, a crossing from the country of its first link's `from` to the other) and
// "reverse". Figures are rounded as in the reports (tonnes 0.1, USD 1e-4, shadow prices 1e-6).
#include <string>
#include <vector>

#include "solve/answers.hpp"

namespace borderflow {

struct LonLat {
  double lon_deg = 0, lat_deg = 0;
};

/// Provenance in one line: "source: tag1, tag2" or "assumption: ..." ("" when none is given).
struct PlaceFeature {
  std::string id, name, country, kind, source;
  LonLat at;
};

/// What every element feature carries per direction.
struct DirectionFigures {
  double capacity_t_per_yr = 0;    ///< NaN when unlimited; spare capacity is capacity - background
  double background_t_per_yr = 0;
  double flow_t_per_yr = 0;
  double utilisation = 0;          ///< NaN when unlimited
  bool binding = false;
  double shadow_price_usd_per_t = 0;
};

/// One link in one direction; a link that is one-way has only its forward feature.
struct LinkFeature {
  std::string id, name, mode, gauge;  ///< mode "rail"...; gauge "1435", "1520", "dual", "" (not rail)
  std::string direction;              ///< "forward" or "reverse"
  std::string from_id, to_id;         ///< places, in the direction of travel
  std::string crossing_id;            ///< "" unless the link crosses a border
  std::string status;                 ///< "open", "closed", "planned"
  double length_km = 0;
  DirectionFigures figures;
  std::string source;
  std::vector<LonLat> line;  ///< from -> to in the direction of travel
};

/// A border post (one point: the mean of its links' midpoints), both directions.
struct CrossingFeature {
  std::string id, name, status;
  std::string forward_countries;  ///< "CN->KP": the forward direction
  std::vector<std::string> link_ids;
  DirectionFigures forward, reverse;
  std::string source;
  LonLat at;
};

/// A transfer between layers at a place (gauge change, road-rail, port), both directions.
struct TransferFeature {
  std::string id, name, method, place_id, status;
  std::string from_layer, to_layer;  ///< "rail:1520", "road", "sea"
  bool gauge_change = false;
  DirectionFigures forward, reverse;
  std::string source;
  LonLat at;
};

/// One path of a route question's maximum flow (CapacityAnswer::paths), as the places it visits.
struct RoutePathFeature {
  std::string route_id, route_name, direction;  ///< direction "forward" (as asked) or "reverse"
  int rank = 0;                                 ///< 1 = the path carrying the most
  double t_per_yr = 0, cost_usd_per_t = 0, transit_days = 0;
  std::vector<std::string> place_ids;
  std::vector<LonLat> line;
};

struct MapLayers {
  std::string scenario;  ///< the scenario's name
  std::string routing_status;  ///< "optimal", ...; flows are 0 unless optimal
  std::vector<PlaceFeature> places;            ///< scenario order
  std::vector<LinkFeature> links;              ///< scenario order, forward before reverse
  std::vector<CrossingFeature> crossings;      ///< scenario order
  std::vector<TransferFeature> transfers;      ///< scenario order
  std::vector<RoutePathFeature> route_paths;   ///< question order, then rank
};

/// The layers of a scenario. A time scenario (`time:`) has its flows summed over the horizon and
/// its capacities as a year at the rates written in the scenario.
MapLayers map_layers(const SolvedScenario& solved);

}  // namespace borderflow
