#pragma once
// Flow classes (engine/solve/flow_lp.hpp): which arcs one flow may use, where it enters and
// where it leaves, what it pays beyond the arcs' own costs and which caps count it.
//
// A trade between place sets O (origins) and D (destinations) becomes one class per pair
// (origin country o, destination country d) of its endpoints, because each tonne's own
// countries decide which countries it transits (a tonne from a Chinese origin does not transit
// China). For the pair's places O_o and D_d:
//
//   transit countries T = every country other than o and d;
//   P       = places the class may pass: in `only_countries` when given, and not in a country of
//             T that bans transit (policy.no_transit, or policy.no_transit_of for its commodity);
//   sources = every vertex (layer) of each place of O_o in P,  sinks = the same for D_d;
//   arc a is usable iff both its places are in P, and
//     - a link arc: the link carries the commodity (a link listing none carries all), when the
//       route is restricted to `only_links` is one of them, and, when o != d, does not enter o
//       nor leave d: a tonne crosses out of its origin country once and into its destination
//       country once. Without this rule a Russia -> Pyongyang tonne could enter the DPRK at
//       Tumangang, ship from Rajin to Shanghai and back to Chongjin, and so "transit China" round
//       the DPRK's own gauge change and trunk line: a loop no trade takes, counted as capacity;
//     - a transfer arc: when the route is restricted, its place is an end of one of its links;
//   extra cost of arc a (fees, USD/t): every fee whose commodities include the class's (or
//     name none): a crossing fee on the arcs of the crossing's links, a transit fee of country
//     C in T on the link arcs that enter C from another country;
//   counted rows: every cap whose filters all match the class (its commodity among the cap's,
//     its destination country among the cap's, its demand among the cap's; a route question
//     matches no cap that names demands), weighted by bbl_per_t for a cap in barrels.
//
// A route question or a demand without commodity (-1) matches only what names no commodity.
// Every route question and demand is turned into classes here and nowhere else: `run`, the
// sweep model, `critical` and the benchmarks use these functions, so they cannot disagree.
#include <string>
#include <vector>

#include "solve/flow_lp.hpp"

namespace borderflow {

/// The countries closed to transit: to everything, and to some commodities.
struct TransitPolicy {
  std::vector<std::string> no_transit;
  std::vector<SelectiveNoTransit> no_transit_of;
};
/// The scenario's own policy.
TransitPolicy transit_policy(const Scenario& scenario);

/// What a trade is, for make_flow_classes: its endpoints, its commodity (-1: any), its
/// restrictions (route questions), and the demand it serves (-1: a route question).
struct Trade {
  const PlaceSet* origins = nullptr;
  const PlaceSet* destinations = nullptr;
  int commodity = -1;
  std::vector<int> only_links;               ///< empty: any link
  std::vector<std::string> only_countries;   ///< empty: any country
  int demand = -1;
};

/// One class per (origin country, destination country) pair of the trade, pairs in country
/// order, each its own group (-1); pairs whose places the policy leaves no source or sink are kept
/// (they carry nothing), so the class count depends on the endpoints alone.
std::vector<FlowClass> make_flow_classes(const Network& network, const Trade& trade, const TransitPolicy& policy);

/// The one class of a trade whose origins lie in one country and whose destinations lie in one
/// country (tests and benchmarks on such networks); std::invalid_argument otherwise.
FlowClass make_flow_class(const Network& network, const PlaceSet& origins, const PlaceSet& destinations,
                          int commodity, const std::vector<int>& only_links, const std::vector<std::string>& only_countries);

/// The classes of route question `route` (index into scenario().routes); reverse: destinations
/// to origins. With `policy` given, it replaces the scenario's (sweep worlds).
std::vector<FlowClass> route_classes(const Network& network, int route, bool reverse);
std::vector<FlowClass> route_classes(const Network& network, int route, bool reverse, const TransitPolicy& policy);

/// The classes of all demands, in demand order, then supplier order, then country pair: each
/// with group = its demand's index, the demand's quantity and unserved price, and its
/// supplier's price as source cost.
struct RoutingClasses {
  std::vector<FlowClass> classes;
  std::vector<int> demand;    ///< per class: index into scenario().demands
  std::vector<int> supplier;  ///< per class: index into that demand's suppliers
};
RoutingClasses routing_classes(const Network& network);
RoutingClasses routing_classes(const Network& network, const TransitPolicy& policy);

/// The unserved price given to background demands: they are routed at least cost and served
/// whenever any open route exists, whatever it costs.
inline constexpr double kBackgroundUnservedCost_usd_per_t = 1e6;

/// The classes of the background demands (loads are not routed), grouped by background index.
struct BackgroundClasses {
  std::vector<FlowClass> classes;
  std::vector<int> flow;  ///< per class: index into scenario().background
};
BackgroundClasses background_classes(const Network& network);

}  // namespace borderflow
