#pragma once
// Files the outputs carry inside the binary, so that `borderflow report` and `export` work from
// any folder and offline: the region's basemap and the browser libraries of the HTML report.
//
// Contract: every asset is the exact bytes of its file at build time (embedded with the
// assembler's .incbin, see assets.cmake); a name is its path below the asset root, e.g.
// "basemap/region-10m.geojson", "leaflet/leaflet.js". The views live as long as the program.
#include <string_view>
#include <vector>

namespace borderflow {

/// The asset's bytes; std::out_of_range naming it when there is no such asset.
std::string_view asset(std::string_view name);

/// Every asset's name, sorted.
std::vector<std::string_view> asset_names();

}  // namespace borderflow
