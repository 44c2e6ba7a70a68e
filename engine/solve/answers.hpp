#pragma once
// The questions a scenario asks, answered in domain terms: what each route can carry and what
// holds it back; how the demands are routed, at what cost, and why any tonne is left unserved.
#include <string>
#include <vector>

#include "solve/flow_lp.hpp"

namespace borderflow {

/// A path through the expanded network carrying some flow.
struct PathFlow {
  std::vector<int> arcs;
  double t_per_yr = 0;
  double cost_usd_per_t = 0;
  double hours = 0;
};

/// A capacity row with its use and shadow price.
struct RowReport {
  int row = -1;
  double capacity_t_per_yr = 0;
  double used_t_per_yr = 0;
  double shadow_price = 0;
};

struct CapacityAnswer {
  int route = -1;
  bool reverse = false;  ///< destinations -> origins
  SolveStatus status = SolveStatus::Optimal;
  double capacity_t_per_yr = 0;
  double cost_usd_per_t = 0;  ///< flow-weighted mean at capacity, cheapest way to carry it
  double hours = 0;           ///< flow-weighted mean transit at capacity
  std::vector<RowReport> bottleneck;  ///< rows with positive shadow price, highest first
  std::vector<PathFlow> paths;
  std::vector<double> arc_t_per_yr;
  FlowClass flow_class;
  FlowSolution solution;
  bool certified = false;
  std::vector<std::string> check_problems;
};

struct DemandAnswer {
  int demand = -1;
  double delivered_t_per_yr = 0;
  double unserved_t_per_yr = 0;
  double cost_usd_per_t = 0;  ///< flow-weighted mean over delivered tonnes
  double hours = 0;
  std::vector<PathFlow> paths;
  std::string unserved_reason;  ///< empty when all is delivered
};

struct RoutingAnswer {
  SolveStatus status = SolveStatus::Optimal;
  double transport_cost_usd_per_yr = 0;
  double unserved_penalty_usd_per_yr = 0;
  std::vector<DemandAnswer> demands;
  std::vector<RowReport> binding;  ///< rows with positive shadow price
  std::vector<FlowClass> classes;
  FlowSolution solution;
  bool certified = false;
  std::vector<std::string> check_problems;
};

struct ScenarioAnswer {
  std::vector<CapacityAnswer> capacities;
  RoutingAnswer routing;
};

/// The flow class of a trade between two place sets: every layer of each endpoint place, all
/// open arcs allowed by the commodity, the route's restrictions, and policy.no_transit.
FlowClass make_flow_class(const Network& network, const PlaceSet& origins, const PlaceSet& destinations,
                          int commodity, const std::vector<int>& only_links, const std::vector<std::string>& only_countries);

/// Max flow of one route question (reverse: destinations to origins), checked.
CapacityAnswer answer_capacity(const Network& network, int route, bool reverse, const SolveLimits& limits = {});

/// Least-cost routing of all demands together, checked.
RoutingAnswer answer_routing(const Network& network, const SolveLimits& limits = {});

/// Every route question (both directions where asked) and the demand routing.
ScenarioAnswer answer_scenario(const Network& network, const SolveLimits& limits = {});

/// Splits a class's flow into source-to-sink paths (deterministic; cycles are cancelled).
std::vector<PathFlow> decompose_paths(const Network& network, const FlowClass& flow_class, const ClassFlow& flow);

/// Flow per element summed over classes: per link, transfer and crossing id, per direction label.
struct ElementFlow {
  std::string kind;  ///< "link", "transfer", "crossing"
  std::string id, name, direction;
  bool gauge_change = false;  ///< a transfer between rail layers of different gauge
  double t_per_yr = 0;
};
std::vector<ElementFlow> element_flows(const Network& network, const std::vector<double>& arc_t_per_yr);

/// "ru-khasan -> kp-tumangang [bogie exchange] -> ..." for reports.
std::string describe_path(const Network& network, const PathFlow& path);

}  // namespace borderflow
