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
#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <vector>

#include "network/network.hpp"

namespace borderflow {

enum class SolveStatus { Optimal, Infeasible, Unbounded, LimitReached, NumericRange };
const char* to_string(SolveStatus status);

/// A per-class row (a cap) this class counts in, and how much each of its tonnes counts there
/// (1 for t/yr caps; bbl_per_t of its commodity for barrel caps).
struct CountedRow {
  int row = -1;
  double weight = 1;
};

/// One flow of one origin-destination country pair: tonnes of one kind that enter at `sources`
/// and leave at `sinks`, over the arcs they may use.
///
/// Groups: classes with the same group >= 0 share one supply (a demand split by supplier or by
/// country pair): sum over the group of delivered + unserved = the supply of the group's first
/// class, priced at its first class's unserved cost (the others' supply and price are ignored).
/// A class with group -1 is its own group. A max flow over several classes maximises their sum.
struct FlowClass {
  std::vector<char> arc_usable;  ///< per network arc
  std::vector<int> sources;      ///< vertices fed from the super-source
  std::vector<int> sinks;        ///< vertices draining to the super-sink
  double supply_t_per_yr = 0;           ///< routing only
  double unserved_cost_usd_per_t = 0;   ///< routing only
  int group = -1;
  /// Paid per tonne entering at a source (a supplier's origin price), in routing and in the
  /// cheapest-at-maximum phase of a max flow.
  double source_cost_usd_per_t = 0;
  /// Added to the network's arc cost for this class only (fees); empty = none.
  std::vector<double> arc_extra_cost_usd_per_t;
  std::vector<CountedRow> counted_rows;  ///< per-class rows (caps) this class counts in

  double extra_cost(std::size_t arc) const {
    return arc_extra_cost_usd_per_t.empty() ? 0.0 : arc_extra_cost_usd_per_t[arc];
  }
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
  double source_cost_usd_per_yr = 0;     ///< origin prices paid (FlowClass::source_cost_usd_per_t)
};

/// Peak memory of building and solving one of these LPs (bytes), per nonzero (the builder's
/// triplets, CLP's column and row copies) and per row (bounds, duals, CLP's work arrays and
/// factorisation): peak RSS of routings measured with /usr/bin/time, see docs/design.md.
inline constexpr double kLpBytesPerNonzero = 100;
inline constexpr double kLpBytesPerRow = 450;

/// The size of the LP solve_max_flow (max_flow) or solve_min_cost would build for `classes`,
/// counted without building it: a column per arc a class can use on some source-sink path (the
/// arcs the builder keeps), per source and sink, and one more per class.
struct LpSize {
  std::size_t columns = 0;
  std::size_t rows = 0;
  std::size_t nonzeros = 0;
  double bytes() const {
    return static_cast<double>(nonzeros) * kLpBytesPerNonzero + static_cast<double>(rows) * kLpBytesPerRow;
  }
};
LpSize estimate_lp_size(const Network& network, const std::vector<FlowClass>& classes);

struct SolveLimits {
  int max_iterations = 1000000;
  double max_seconds = 60;  ///< per LP solve
  /// The whole run's time budget: an LP that would start after it is not started, and none runs
  /// past it; either way its status is LimitReached. Unset: no budget beyond max_seconds.
  std::optional<std::chrono::steady_clock::time_point> deadline;
  /// The memory a whole run may need, estimated before anything is built (solve_scenario
  /// refuses a larger run with an InputError that gives the numbers).
  double max_memory_bytes = 2e9;
};
/// Seconds a solve may take now under `limits` (<= 0: the budget is spent).
double seconds_left(const SolveLimits& limits);

/// Maximum flow for one class; the returned flow is the cheapest among maximum flows, and
/// row_shadow holds the max-flow duals (the bottleneck certificate).
FlowSolution solve_max_flow(const Network& network, const FlowClass& flow_class, const SolveLimits& limits = {});

/// Least-cost routing of several classes sharing capacity; unserved tonnes are priced.
FlowSolution solve_min_cost(const Network& network, const std::vector<FlowClass>& classes,
                            const SolveLimits& limits = {});

/// One of the LPs above kept alive across many solves (sweeps). It is built once, over the union
/// of the usable arcs its classes are given at construction; afterwards capacities, arc costs,
/// supplies, unserved prices and per-class arc availability change in place, and each solve
/// starts from the previous optimal basis (dual simplex after bound changes, primal after cost
/// changes) instead of building a new model. Results equal a fresh solve's up to ties between
/// equally good flows. Not thread-safe: keep one session per worker thread.
class FlowSession {
 public:
  enum class Kind { MaxFlow, MinCost };

  /// MaxFlow takes exactly one class. Arc costs and row capacities start from the network's.
  FlowSession(const Network& network, std::vector<FlowClass> classes, Kind kind);
  ~FlowSession();
  FlowSession(const FlowSession&) = delete;
  FlowSession& operator=(const FlowSession&) = delete;

  /// Capacity of network row `row` (t/yr, finite, >= 0).
  void set_row_capacity(int row, double capacity_t_per_yr);
  /// Cost of network arc `arc` (USD/t) for every class.
  void set_arc_cost(int arc, double cost_usd_per_t);
  /// Whether class k may use `arc` now; arcs outside the construction-time mask stay unusable.
  void set_arc_usable(int k, int arc, bool usable);
  /// Routing only: the tonnes class k wants moved, and the price of each unserved tonne.
  void set_supply(int k, double supply_t_per_yr);
  void set_unserved_cost(int k, double cost_usd_per_t);

  /// Max flow: maximises the flow (no cost phase). Routing: least total cost. Returns at once
  /// when nothing this LP depends on changed since the last optimal solve.
  SolveStatus solve(const SolveLimits& limits = {});
  /// Max flow after solve(): the cheapest flow among maximum flows (the second phase of
  /// solve_max_flow). Read row_shadow() before: afterwards it holds this phase's duals.
  SolveStatus solve_cheapest_at_max(const SolveLimits& limits = {});

  int class_count() const;
  /// Max flow: the flow value (t/yr). Routing: transport cost plus unserved penalties (USD/yr).
  double objective() const;
  double delivered_t_per_yr(int k) const;
  double unserved_t_per_yr(int k) const;
  /// Sum of arc cost times flow of class k (USD/yr) at the current arc costs.
  double transport_cost_usd_per_yr(int k) const;
  /// Flow per network arc summed over classes (t/yr), into `out` (resized).
  void arc_flows(std::vector<double>& out) const;
  /// Shadow price per network row (see FlowSolution::row_shadow), into `out` (resized).
  void row_shadow(std::vector<double>& out) const;
  /// The whole solution in the form solve_max_flow / solve_min_cost return.
  FlowSolution solution() const;

  /// The current basis: one CLP status byte per column and row (empty before the first solve).
  std::vector<unsigned char> basis() const;
  /// Starts the next solve from `basis`, taken from a session built from the same network and
  /// classes, instead of from scratch (a wrong-sized basis is ignored).
  void set_basis(const std::vector<unsigned char>& basis);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace borderflow
