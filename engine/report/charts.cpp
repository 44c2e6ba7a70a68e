#include "report/charts.hpp"

namespace borderflow {

// Placeholder until the charts land (issue 12, charts helper): no chart is drawn.
std::vector<Chart> scenario_charts(const std::vector<const SolvedScenario*>&, const std::string&) { return {}; }

}  // namespace borderflow
