#include "report/layers.hpp"

namespace borderflow {

// Placeholder: the layers land next (issue 12).
MapLayers map_layers(const SolvedScenario& solved) {
  MapLayers layers;
  layers.scenario = solved.scenario().name;
  return layers;
}

}  // namespace borderflow
