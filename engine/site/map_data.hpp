#pragma once
// The report's maps as data for the page's script: report/layers.hpp's layers of each scenario,
// and for two scenarios the difference of their flows, with each feature's popup already
// written (figures formatted as in the text reports, text escaped) so the script only draws.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "report/layers.hpp"

namespace borderflow {

/// The flow that sets the widest line of every map of a report (one scale, so maps compare line
/// by line): the largest flow of any link direction in `layers`, and the largest change between
/// `layers[0]` and each other in a difference map; at least 1 t/yr.
double map_scale_t_per_yr(const std::vector<MapLayers>& layers);

/// One scenario's map: {"scenario", "diff": false, "places", "links", "crossings", "transfers"}.
nlohmann::json scenario_map_json(const MapLayers& layers);

/// The flows of `other` minus those of `base` per link direction and crossing (matched by id and
/// direction; an element in one scenario only counts 0 in the other): {"scenario": "B - A",
/// "diff": true, "base", "other", "places", "links", "crossings"}, each with "delta" in t/yr.
nlohmann::json difference_map_json(const MapLayers& base, const MapLayers& other);

/// The legend of a scenario map or of a difference map, as HTML (symbols drawn in inline SVG).
std::string map_legend_html(double scale_t_per_yr, bool difference);

/// A place's name for a map label: its name up to the first " (" or ", " ("Dandong").
std::string place_label(const std::string& name);

}  // namespace borderflow
