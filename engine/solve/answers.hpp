#pragma once
// The questions a scenario asks, answered in domain terms: what each route can carry and what
// holds it back; how the demands are routed, at what cost, and why any tonne is left unserved.
//
//   background      = the background demands routed first at least cost (solve/flow_class.hpp),
//                     their tonnes and the background loads taken off the rows they count in;
//                     everything below is answered on the spare capacity that is left;
//   route capacity  = max flow F of the route's classes (one per pair of endpoint countries),
//                     with the cheapest flow among maximum flows; bottleneck = its binding rows
//                     (solve/measures.hpp);
//   routing         = least-cost routing of every demand's classes together (per supplier and
//                     country pair, sharing the demand's quantity), unserved tonnes priced;
//   supplier choice = per supplier, its landed cost (origin price + transport + fees), and for a
//                     supplier that serves nothing the price at which it would: pi_g - d_k, where
//                     d_k is its cheapest path under the lengths c + fees + row prices and
//                     pi_g = min(u_g, min over the demand's classes of (price_k + d_k)) is what
//                     one more tonne delivered to the demand costs at the optimum.
//
// Answers are values with indices, never sentences: rows index Network::rows(), arcs
// Network::arcs(), routes and demands the scenario's vectors. engine/report words them.
#include <memory>
#include <string>
#include <vector>

#include "solve/flow_class.hpp"
#include "solve/flow_lp.hpp"
#include "solve/measures.hpp"

namespace borderflow {

/// A path through the expanded network carrying some flow.
struct PathFlow {
  std::vector<int> arcs;  ///< arc indices, source to sink
  double t_per_yr = 0;
  double cost_usd_per_t = 0;  ///< sum of the arcs' costs
  double hours = 0;           ///< sum of the arcs' transit and dwell times
};

struct CapacityAnswer {
  int route = -1;  ///< index into scenario().routes
  bool reverse = false;  ///< destinations -> origins
  SolveStatus status = SolveStatus::Optimal;
  double capacity_t_per_yr = 0;
  double cost_usd_per_t = 0;  ///< flow-weighted mean at capacity, cheapest way to carry it
  double hours = 0;           ///< flow-weighted mean transit at capacity
  std::vector<BindingRow> bottleneck;  ///< binding rows, highest shadow price first
  /// Minimum cuts may tie (two 5 Mt/yr links in a row): `bottleneck` is the one cut the solver's
  /// duals name. cut_rows are the rows in some minimum cut (lowering one alone lowers the
  /// capacity), in row order; raises_flow_alone those in every minimum cut (raising one alone
  /// raises the capacity), a subset. See find_cut_rows.
  std::vector<int> cut_rows;
  std::vector<int> raises_flow_alone;
  bool cuts_complete = true;  ///< false: not every candidate row was tested (see CutRows)
  std::vector<PathFlow> paths;
  std::vector<double> arc_t_per_yr;  ///< per arc
  std::vector<FlowClass> classes;    ///< one per pair of endpoint countries
  FlowSolution solution;
  bool certified = false;
  std::vector<std::string> check_problems;
};

/// Why a demand leaves tonnes unserved.
struct UnservedReason {
  enum class Kind {
    None,          ///< all is delivered
    NoOpenRoute,   ///< no usable path at all (closures, no-transit policy, restrictions)
    TooExpensive,  ///< the cheapest open route costs more than an unserved tonne
    CapacityFull,  ///< routes cheaper than an unserved tonne exist but are full
  };
  Kind kind = Kind::None;
  double cheapest_usd_per_t = 0;  ///< TooExpensive: cost of the cheapest open route
  std::vector<int> full_rows;     ///< CapacityFull: up to three binding rows (Network::rows()) the demand may use, highest shadow price first
};

/// What one supplier of a demand delivers and at what landed cost.
struct SupplierAnswer {
  int supplier = -1;  ///< index into the demand's suppliers
  double delivered_t_per_yr = 0;
  /// Origin price + transport + fees per tonne: of its delivered tonnes, or, when it delivers
  /// none, of one tonne on its cheapest open path (NaN when none is open).
  double landed_cost_usd_per_t = 0;
  /// A supplier delivering nothing would deliver at an origin price below this (NaN when it
  /// delivers, or has no open path).
  double price_to_win_usd_per_t = 0;
};

struct DemandAnswer {
  int demand = -1;  ///< index into scenario().demands
  double delivered_t_per_yr = 0;
  double unserved_t_per_yr = 0;
  double cost_usd_per_t = 0;  ///< transport cost incl. fees per delivered tonne (0 when none is delivered)
  double landed_cost_usd_per_t = 0;  ///< plus the origin price (0 when none is delivered)
  std::vector<SupplierAnswer> suppliers;  ///< one per supplier of the demand
  double hours = 0;           ///< flow-weighted mean transit of the delivered tonnes
  std::vector<PathFlow> paths;
  UnservedReason unserved;
};

struct RoutingAnswer {
  SolveStatus status = SolveStatus::Optimal;
  double transport_cost_usd_per_yr = 0;  ///< incl. fees
  double source_cost_usd_per_yr = 0;     ///< paid to suppliers at their origin prices
  double unserved_penalty_usd_per_yr = 0;
  std::vector<DemandAnswer> demands;
  std::vector<BindingRow> binding;  ///< highest shadow price first
  std::vector<FlowClass> classes;   ///< see RoutingClasses: per demand, supplier and country pair
  std::vector<int> class_demand;    ///< per class: index into scenario().demands
  std::vector<int> class_supplier;  ///< per class: index into the demand's suppliers
  FlowSolution solution;
  bool certified = false;
  std::vector<std::string> check_problems;
};

/// The background demands as routed before any question (loads need no routing).
struct BackgroundAnswer {
  SolveStatus status = SolveStatus::Optimal;
  std::vector<int> flows;                ///< indices into scenario().background of routed demands
  std::vector<double> delivered_t_per_yr;  ///< parallel to flows
  std::vector<double> unserved_t_per_yr;   ///< parallel to flows: no open route had room
  std::vector<FlowClass> classes;
  FlowSolution solution;
  bool certified = true;
  std::vector<std::string> check_problems;
};

struct ScenarioAnswer {
  BackgroundAnswer background;
  std::vector<CapacityAnswer> capacities;
  RoutingAnswer routing;
};

struct TimeAnswer;  // engine/solve/time_answers.hpp

/// A scenario expanded and answered, kept alive together as one value (the network owns the
/// scenario; the answer refers to both by index only): what run, compare and export report on.
/// A time scenario's network is time-expanded: its answer holds the background and the routing
/// over the horizon, no route capacities, and `time` the per-period answers.
struct SolvedScenario {
  std::string file;  ///< as given, for reports and messages
  Network network;
  ScenarioAnswer answer;
  std::shared_ptr<const TimeAnswer> time;  ///< time scenarios only

  const Scenario& scenario() const { return network.scenario(); }
};

/// What answering a network takes in memory, estimated before any LP is built: the routing LP
/// over every demand (`aggregated`: over the commodities solve_min_cost builds with
/// SolveLimits::aggregate_classes, so it grows with origins, not demands), the largest route LP
/// (route LPs are solved one at a time), and what the answers keep (per question and routing
/// class: a flow and a usable flag per arc, and its fees; a price and a use per row; one
/// relaxation flow kept for a route's way back).
struct RunSize {
  std::size_t route_questions = 0;  ///< max-flow LPs, each direction counted
  std::size_t demands = 0;
  std::size_t arcs = 0;
  LpSize routing;
  LpSize largest_route;
  double routing_kept_bytes = 0;
  double routes_kept_bytes = 0;
  double routing_bytes() const { return routing.bytes() + routing_kept_bytes; }
  double routes_bytes() const { return largest_route.bytes() + routes_kept_bytes; }
  double bytes() const { return routing_bytes() + routes_bytes(); }
};
/// `limits`: aggregate_classes (one routing commodity per origin set) and generate_arcs_from_columns: a
/// routing or route question answered over generated arcs (arc_generation.hpp) never builds its
/// whole LP, which is then not counted here (each round's LP is checked against
/// max_memory_bytes before it is built instead).
RunSize estimate_run_size(const Network& network, const SolveLimits& limits = {});

/// Throws InputError at `file` when `size` needs more than limits.max_memory_bytes, naming the
/// part that does and what to change.
void require_within_memory(const RunSize& size, const SolveLimits& limits, const std::string& file);

/// Routes the background demands of `network` at least cost and takes their tonnes off its rows
/// (Network::add_background); then throws InputError when any background flow, load or routed,
/// takes more than a row's capacity, naming the flow (its file position) and the row.
BackgroundAnswer route_background(Network& network, const SolveLimits& limits = {});

/// Throws InputError at the scenario's `time:` when it has one: `command` answers a scenario as
/// one year (compare, export, critical), and a time scenario's answers are per period (`run`).
void require_one_period(const Scenario& scenario, const std::string& command);

/// Expands `scenario` (std::logic_error when the expansion is unsound), refuses it when it is
/// too large to answer (require_within_memory), routes its background and answers it within
/// `limits`.
SolvedScenario solve_scenario(std::shared_ptr<const Scenario> scenario, std::string file,
                              const SolveLimits& limits = {});

/// The rows of a max flow's minimum cuts, found by re-solving (the max flow as a function of
/// one row's capacity c_r is concave and nondecreasing, so its one-sided slopes decide):
///   r is in some minimum cut   iff  lowering c_r alone by d lowers the flow (left slope > 0);
///   r is in every minimum cut  iff  raising c_r alone by d raises the flow (right slope > 0),
/// with d = kCutStep of the flow (at least 1 t/yr) and a change counted when it exceeds
/// kCutSlope * d: a tie closer than d counts as a tie. Candidates: rows at capacity for lowering,
/// rows with a positive shadow price for raising (every optimal dual prices a row of every
/// minimum cut, so none is missed); at most kMaxCutCandidates of each, by bottleneck order.
inline constexpr double kCutStep = 1e-6;
inline constexpr double kCutSlope = 1e-3;
inline constexpr std::size_t kMaxCutCandidates = 64;
struct CutRows {
  std::vector<int> in_some_cut;   ///< row order
  std::vector<int> in_every_cut;  ///< row order
  bool complete = true;           ///< false: candidates were capped, or a re-solve did not finish
};
CutRows find_cut_rows(const Network& network, const std::vector<FlowClass>& classes, const FlowSolution& max_flow,
                      const SolveLimits& limits = {});

/// find_cut_rows on the LP that answered `max_flow` (solve_max_flow's probe): the same tests,
/// re-solved by `change` from that LP's optimal basis instead of a new one's.
CutRows cut_rows_from_probe(const Network& network, const FlowSolution& max_flow, const MaxFlowChange& change);

/// Max flow of one route question (reverse: destinations to origins), checked.
CapacityAnswer answer_capacity(const Network& network, int route, bool reverse, const SolveLimits& limits = {});

/// Least-cost routing of all demands together, checked.
RoutingAnswer answer_routing(const Network& network, const SolveLimits& limits = {});

/// Every route question, in route order, forward before reverse where both directions are asked.
std::vector<CapacityAnswer> answer_capacities(const Network& network, const SolveLimits& limits = {});

/// Every route question (both directions where asked) and the demand routing.
ScenarioAnswer answer_scenario(const Network& network, const SolveLimits& limits = {});

/// Splits a class's flow into source-to-sink paths (deterministic; cycles are cancelled).
std::vector<PathFlow> decompose_paths(const Network& network, const FlowClass& flow_class, const ClassFlow& flow);

}  // namespace borderflow
