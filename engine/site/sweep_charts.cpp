#include "site/sweep_charts.hpp"

namespace borderflow {

// Placeholder until the sweep charts land (issue 12, charts helper).
SweepSection sweep_section(const std::string& path) {
  SweepSection section;
  section.file = path;
  return section;
}

}  // namespace borderflow
