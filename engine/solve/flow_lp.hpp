#pragma once
// Flow problems on the expanded network as linear programs (COIN-OR CLP).
//
// Given flow classes k (a demand, or one route question), each with usable arcs A_k, source
// vertices O_k, sink vertices D_k, and capacity rows r bounding sums of arcs over all classes:
//
//   max flow (one class):  maximise F
//       s.t. sum_{a in out(v)} x_a - sum_{a in in(v)} x_a = 0   for inner v
//            (sources are fed freely from S, sinks drain freely to T, F = flow S -> T)
//            sum_{a in r} x_a <= cap_r,  x >= 0
//   min-cost routing:      minimise sum_k sum_a c_a x_{k,a} + sum_k u_k z_k
//       s.t. conservation per class, q_k = delivered_k + z_k (z_k: unserved tonnes at price u_k),
//            sum_k sum_{a in r} x_{k,a} <= cap_r,  x, z >= 0
//
// A pure network solver cannot express rows over several arcs (dual-gauge track, a border post
// over its rail and road bridges) nor classes sharing them; the LP can, and its row duals are
// the shadow prices. Flows are scaled to kt/yr inside the LP for conditioning.
#include <vector>

#include "network/network.hpp"

namespace borderflow {

enum class SolveStatus { Optimal, Infeasible, Unbounded, LimitReached, NumericRange };
const char* to_string(SolveStatus status);

struct FlowClass {
  std::vector<char> arc_usable;  ///< per network arc
  std::vector<int> sources;      ///< vertices fed from the super-source
  std::vector<int> sinks;        ///< vertices draining to the super-sink
  double supply_t_per_yr = 0;           ///< routing only
  double unserved_cost_usd_per_t = 0;   ///< routing only
};

struct ClassFlow {
  std::vector<double> arc_t_per_yr;     ///< per network arc (0 where unusable)
  std::vector<double> source_t_per_yr;  ///< parallel to FlowClass::sources
  std::vector<double> sink_t_per_yr;    ///< parallel to FlowClass::sinks
  double delivered_t_per_yr = 0;
  double unserved_t_per_yr = 0;
};

struct FlowSolution {
  SolveStatus status = SolveStatus::Optimal;
  std::vector<ClassFlow> classes;
  /// Max flow: the flow value (t/yr). Routing: total cost incl. unserved penalties (USD/yr).
  double objective = 0;
  /// Shadow price y_r >= 0 of each network row: max flow, t/yr of value per t/yr of capacity;
  /// routing, USD saved per extra tonne of capacity.
  std::vector<double> row_shadow;
  std::vector<double> row_use_t_per_yr;
  double transport_cost_usd_per_yr = 0;  ///< sum of arc costs times flow (routing and min-cost max flow)
};

struct SolveLimits {
  int max_iterations = 1000000;
  double max_seconds = 60;
};

/// Maximum flow for one class; the returned flow is the cheapest among maximum flows, and
/// row_shadow holds the max-flow duals (the bottleneck certificate).
FlowSolution solve_max_flow(const Network& network, const FlowClass& flow_class, const SolveLimits& limits = {});

/// Least-cost routing of several classes sharing capacity; unserved tonnes are priced.
FlowSolution solve_min_cost(const Network& network, const std::vector<FlowClass>& classes,
                            const SolveLimits& limits = {});

}  // namespace borderflow
