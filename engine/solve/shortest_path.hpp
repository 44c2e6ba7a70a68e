#pragma once
// Cheapest paths over a flow class's usable arcs (Boost.Graph Dijkstra), used by the result
// checks (dual bounds) and by the "why unserved" explanation.
#include <vector>

#include "solve/flow_lp.hpp"

namespace borderflow {

/// Distance from the nearest source of the class to every vertex, with non-negative arc lengths
/// (indexed by network arc). Unreachable vertices get +infinity.
std::vector<double> distances_from_sources(const Network& network, const FlowClass& flow_class,
                                           const std::vector<double>& arc_length);

/// The smallest distance over the class's sinks (+infinity when none is reachable).
double distance_to_sinks(const FlowClass& flow_class, const std::vector<double>& distances);

}  // namespace borderflow
