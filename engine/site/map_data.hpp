#pragma once
// The report's maps as data for the page's script: report/layers.hpp's layers of each scenario,
// and for two scenarios the difference of their flows, with each feature's popup already
// written (figures formatted as in the text reports, text escaped) so the script only draws.
#include <map>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "report/layers.hpp"

namespace borderflow {

/// The widest line of every map, in pixels (the script scales widths to it, the legend too).
inline constexpr double kMapMaxLineWidthPx = 12;

/// A route question's maximum flow per link direction, to draw beside the demand routing: what
/// the route's capacity uses, and (in a difference map) where another scenario finds more.
struct RouteFlows {
  std::string question;  ///< "ru-kp: 8 places in Russia -> any place in the DPRK"; "" when not answered
  double capacity_t_per_yr = 0;
  std::map<std::pair<std::string, std::string>, double> t_per_yr;  ///< (link id, "forward"/"reverse") -> t/yr
};

/// The max flow of route question `route` (reverse: destinations to origins) in `solved` per link
/// direction, rounded to 0.1 t/yr; an empty question when the scenario does not answer it
/// optimally (a time scenario answers no route question).
RouteFlows route_flows(const SolvedScenario& solved, const std::string& route, bool reverse);

/// The flow that sets the widest line of every map of a report (one scale, so maps compare line
/// by line): the largest flow of any link direction in `layers`, and the largest change between
/// `layers[0]` and each other in a difference map; at least 1 t/yr.
double map_scale_t_per_yr(const std::vector<MapLayers>& layers, const std::vector<RouteFlows>& routes = {});

/// One scenario's map: {"scenario", "diff": false, "places", "links", "crossings", "transfers"};
/// with `route` (its question not empty), "route_title" and each link's "route_flow".
nlohmann::json scenario_map_json(const MapLayers& layers, const RouteFlows* route = nullptr);

/// The flows of `other` minus those of `base` per link direction and crossing (matched by id and
/// direction; an element in one scenario only counts 0 in the other): {"scenario": "B - A",
/// "diff": true, "base", "other", "places", "links", "crossings"}, each with "delta" in t/yr.
/// With both routes given, "route_title" and each link's "route_delta"; "default_layer" is
/// "route" when the route's flows change more than the routing's (summed over link directions).
nlohmann::json difference_map_json(const MapLayers& base, const MapLayers& other, const RouteFlows* base_route = nullptr,
                                   const RouteFlows* other_route = nullptr);

/// The legend of a scenario map or of a difference map, as HTML (symbols drawn in inline SVG).
std::string map_legend_html(double scale_t_per_yr, bool difference);

/// A place's name for a map label: its name up to the first " (" or ", " ("Dandong").
std::string place_label(const std::string& name);

}  // namespace borderflow
