#pragma once
// The network and its flows as a map: GeoJSON for GIS tools, a standalone SVG for reports.
#include <string>

#include "solve/answers.hpp"

namespace borderflow {

/// Places as Points and links as LineStrings (lon, lat), with mode, gauge, capacity, status and
/// the demand routing's flow per link as properties.
std::string render_geojson(const SolvedScenario& solved);

/// An equirectangular SVG map: links coloured by mode, width by routed flow, closed links
/// dashed, border crossings marked, places labelled.
std::string render_plain_svg_map(const SolvedScenario& solved);

}  // namespace borderflow
