#pragma once
// Flow classes (engine/solve/flow_lp.hpp): which arcs one flow may use, where it enters and
// where it leaves. A class is a trade between two place sets O (origins) and D (destinations):
//
//   P      = places the trade may pass: in `only_countries` when given, and not in a no-transit
//            country unless an endpoint of the trade lies in that country;
//   sources = every vertex (layer) of each origin place in P,  sinks = the same for D;
//   arc a is usable iff both its places are in P, and
//     - a link arc: the link carries the commodity (a link listing none carries all) and, when
//       the route is restricted to `only_links`, is one of them;
//     - a transfer arc: when the route is restricted, its place is an end of one of its links.
//
// Every route question and demand is turned into a class here and nowhere else: `run`, the
// sweep model and the benchmarks use these functions, so they cannot disagree on a mask.
#include <string>
#include <vector>

#include "solve/flow_lp.hpp"

namespace borderflow {

/// The class of a trade; `no_transit` lists the ISO codes no trade may cross.
FlowClass make_flow_class(const Network& network, const PlaceSet& origins, const PlaceSet& destinations,
                          int commodity, const std::vector<int>& only_links, const std::vector<std::string>& only_countries,
                          const std::vector<std::string>& no_transit);
/// The same under the scenario's own policy.no_transit.
FlowClass make_flow_class(const Network& network, const PlaceSet& origins, const PlaceSet& destinations,
                          int commodity, const std::vector<int>& only_links, const std::vector<std::string>& only_countries);

/// The class of route question `route` (index into scenario().routes); reverse: destinations
/// to origins. With `no_transit` given, it replaces the scenario's policy (sweep worlds).
FlowClass route_class(const Network& network, int route, bool reverse);
FlowClass route_class(const Network& network, int route, bool reverse, const std::vector<std::string>& no_transit);

/// The class of demand `demand` (index into scenario().demands) with its supply and unserved
/// price set; `no_transit` as for route_class.
FlowClass demand_class(const Network& network, int demand);
FlowClass demand_class(const Network& network, int demand, const std::vector<std::string>& no_transit);

}  // namespace borderflow
