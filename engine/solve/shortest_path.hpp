#pragma once
// Cheapest paths over a flow class's usable arcs (Dijkstra on the network's graph), used by the result
// checks (dual bounds) and by the "why unserved" explanation.
#include <vector>

#include "solve/flow_lp.hpp"

namespace borderflow {

/// Distance from the nearest source of the class to every vertex, with non-negative arc lengths
/// (indexed by network arc). Unreachable vertices get +infinity. With `until` given, the search
/// stops once every vertex of it is settled: their distances are exact, every other vertex's is
/// then the length of some path to it (at least its distance) or +infinity.
std::vector<double> distances_from_sources(const Network& network, const FlowClass& flow_class,
                                           const std::vector<double>& arc_length, const std::vector<int>& until = {});

/// The smallest distance over the class's sinks (+infinity when none is reachable).
double distance_to_sinks(const FlowClass& flow_class, const std::vector<double>& distances);

/// distance_to_sinks(flow_class, distances_from_sources(network, flow_class, arc_length)), by a
/// search that stops at the first sink it settles.
double nearest_sink_distance(const Network& network, const FlowClass& flow_class, const std::vector<double>& arc_length);

/// The arcs into each vertex (by head, in arc order), for searches that walk arcs backwards: the
/// network keeps only its out-edges. Built once per network and question (a million-arc network:
/// two integers per arc and one per vertex).
struct ArcsInto {
  std::vector<std::size_t> first;  ///< vertex v's arcs are arc[first[v], first[v + 1])
  std::vector<int> arc;
  explicit ArcsInto(const Network& network);
};

/// Distance from every vertex to the class's nearest sink over its usable arcs, backwards from
/// the sinks (lengths below 0 taken as 0); +infinity where no sink is reached. With arc costs as
/// lengths it bounds from below the distance under any lengths at least the costs: arc
/// generation's A* searches take it as the remaining distance (arc_generation.cpp).
std::vector<double> distances_to_sinks(const Network& network, const FlowClass& flow_class,
                                       const std::vector<double>& arc_length, const ArcsInto& into);

/// Whether some sink of the class is nearer than `stop_at` to its nearest source over its usable
/// arcs (lengths below 0 taken as 0, as distances_from_sources does): the same answer as
/// distance_to_sinks(distances_from_sources(...)) < stop_at, found by two searches taking turns,
/// one from the sources and one from the sinks over the arcs backwards. Each settles vertices in
/// distance order and stops at `stop_at`, so either alone decides it and the first to end
/// answers: at most twice the cheaper one. Where the class's cut is near one end, its prices leave
/// that end's search small, while the other would first settle everything on its side of the cut
/// (arc generation's proofs of a maximum, arc_generation.hpp).
bool sinks_nearer_than(const Network& network, const FlowClass& flow_class, const std::vector<double>& arc_length,
                       double stop_at, const ArcsInto& into);

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
