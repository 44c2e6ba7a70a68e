#include "report/print_map.hpp"

#include <stdexcept>

#include "report/map.hpp"

namespace borderflow {

// Placeholder until the print map lands (issue 12, print-map helper): today's SVG.
std::string render_svg_map(const SolvedScenario& solved, const PrintMapOptions&) { return render_plain_svg_map(solved); }

std::string render_png_map(const SolvedScenario&, const PrintMapOptions&) {
  throw std::logic_error("PNG maps are not built yet");
}

}  // namespace borderflow
