#pragma once
// Cheapest paths over a flow class's usable arcs (Dijkstra on the network's graph), used by the result
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

/// The length of each arc for class k under row prices y (Network::rows order):
///   l_a = [with_costs] (c_a + extra_{k,a}) + sum over rows r of a that count k of coef_{r,a,k} y_r,
/// where coef is the row's weight on a, times k's CountedRow weight for a per-class row (caps),
/// which counts k only when k lists it. Indexed by network arc.
std::vector<double> priced_lengths(const Network& network, const FlowClass& flow_class,
                                   const std::vector<double>& row_price, bool with_costs);

/// What a tonne of class k delivered pays in per-class rows over no arcs (caps on delivered
/// tonnes): sum of weight * y_r over the ones k counts in.
double delivery_price(const Network& network, const FlowClass& flow_class, const std::vector<double>& row_price);

}  // namespace borderflow
