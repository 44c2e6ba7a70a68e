#pragma once
// The map for print (`borderflow export --format svg|png`): the routed flows over the region's
// basemap (coastlines and borders), drawn from report/layers.hpp.
#include <string>

#include "solve/answers.hpp"

namespace borderflow {

struct PrintMapOptions {
  /// Flow drawn at the widest line (and twice as wide for twice the flow up to it): a fixed
  /// scale, so that two maps drawn with the same value can be compared line by line.
  double scale_t_per_yr = 10e6;
  double width_px = 1400;
};

/// A standalone SVG document.
std::string render_svg_map(const SolvedScenario& solved, const PrintMapOptions& options = {});

/// The same map as PNG bytes (rendered from the SVG by librsvg).
std::string render_png_map(const SolvedScenario& solved, const PrintMapOptions& options = {});

}  // namespace borderflow
