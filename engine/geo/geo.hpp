#pragma once
// The GIS module's implementations of the core/geo_module.hpp entry points (module.cpp collects
// them into the exported geo::Module).
#include "core/geo_module.hpp"

namespace borderflow::geo {

Status read_layers(const std::string& path, Format format, const std::vector<std::string>& layers,
                   LayerVisitor& visitor);
Status write_geopackage(const GeoPackage& package, const std::string& path);
Status svg_to_png(const std::string& svg, int width_px, int height_px, std::string& png);
TextExtents measure_text(const std::string& text, double font_px, bool bold);

}  // namespace borderflow::geo
