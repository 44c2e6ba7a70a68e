#include "report/print_map.hpp"

#include <cmath>
#include <stdexcept>

#include "core/geo_module.hpp"
#include "report/layers.hpp"
#include "report/print_map_draw.hpp"

namespace borderflow {

std::string render_svg_map(const SolvedScenario& solved, const PrintMapOptions& options) {
  return print_map::draw_print_map(map_layers(solved), options).svg;
}

std::string render_png_map(const SolvedScenario& solved, const PrintMapOptions& options) {
  const print_map::DrawnMap drawn = print_map::draw_print_map(map_layers(solved), options);
  return print_map::svg_to_png(drawn.svg, options.width_px, drawn.page_height * options.width_px / print_map::kPageWidth);
}

namespace print_map {

// librsvg and cairo are called in the GIS module (core/geo_module.hpp), loaded here if not yet.
std::string svg_to_png(const std::string& svg, double width_px, double height_px) {
  const int width = static_cast<int>(std::lround(width_px)), height = static_cast<int>(std::ceil(height_px));
  std::string png;
  const geo::Status status = geo::module().svg_to_png(svg, width, height, png);
  if (!status.ok) throw std::runtime_error("the map could not be rendered to PNG: " + status.error);
  return png;
}

}  // namespace print_map
}  // namespace borderflow
