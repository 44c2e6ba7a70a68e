#pragma once
// Flow problems on the expanded network as linear programs (COIN-OR CLP).
//
// Flow classes k (a route question's or a demand's tonnes of one origin-destination country
// pair, or one supplier's) each have usable arcs A_k, source vertices O_k and sink vertices
// D_k; classes form groups g that share one supply. Capacity rows r (engine/network/network.hpp)
// bound weighted sums of flows over all classes. Class k's coefficient in row r:
//
//   on arc a in r (weight w_{r,a}):  e_{k,r,a} = w_{r,a}               for an ordinary row,
//                                              = w_{r,a} * v_{k,r}     for a per-class row k counts
//                                                                      (v_{k,r}: its CountedRow weight),
//                                              = 0                     for a per-class row k does not count;
//   on its delivered tonnes:          e_{k,r,T} = v_{k,r}  for a per-class row over no arc (a cap on
//                                                          delivered tonnes) that k counts, else 0.
//
// Every row is answered on its spare capacity s_r = capacity - background (CapacityRow::spare),
// in its own unit (t/yr, t.h/yr for fleets, bbl/yr for barrel caps):
//
//   use_r = sum_k ( sum_a e_{k,r,a} x_{k,a} + e_{k,r,T} delivered_k ) <= s_r.
//
// Conservation holds per class at every vertex; sources are fed freely and sinks drain freely,
// and delivered_k is the sum of k's sink flows.
//
//   max flow:  maximise F = sum_k delivered_k   s.t. conservation per class, rows above, x >= 0.
//              Then, holding F at its maximum, the cheapest such flow (arc costs, class extra
//              costs and source costs as in routing).
//   routing:   minimise sum_k [ sum_a (c_a + f_{k,a}) x_{k,a} + p_k delivered_k ] + sum_g u_g z_g
//              s.t. conservation per class, rows above, and per group g
//                   sum_{k in g} delivered_k + z_g = q_g   (z_g: its unserved tonnes at price u_g),
//              with c_a the arc's cost, f_{k,a} class k's extra cost on it (fees), p_k its source
//              cost (a supplier's origin price, paid per tonne entering at a source).
//
// Over time (a time-expanded network, engine/network/network.hpp), a routing group's supply is
// split into slots s (periods) with supplies q_{g,s}: each sink serves one slot (its period), the
// group constraint holds per slot,
//   sum_{k in g} delivered_{k,s} + b_{g,s} - b_{g,s-1} + z_{g,s} = q_{g,s}   (b_{g,-1} = 0),
// where b_{g,s} >= 0 are the tonnes of slot s delivered with slot s + 1's arrivals or later
// (backlog, at cost l_{g,s} per tonne; absent when the demand keeps no backlog) and z_{g,s} the
// slot's unserved tonnes at u_g; the objective adds sum l_{g,s} b_{g,s}. A cap on delivered
// tonnes of period p counts only the sinks of period p.
//
// Routing aggregates classes (solve_min_cost, SolveLimits::aggregate_classes): classes with the
// same sources, usable arcs, extra costs, source cost and counted weights in rows over arcs form
// one commodity c with one column per usable arc, whatever their sinks and groups. Its sources are
// fed freely (cost p_c per tonne) and it drains at each member class's sinks through that class's
// own sink columns into its own group's T_{g,s} rows (with the class's own caps on delivered
// tonnes), so per group the supply equation and the unserved columns are unchanged, and the
// group's S_g row (implied by the T rows and conservation) is left out. Exact for these linear
// costs: the members' flows sum to a commodity flow of the same cost and row use, and a commodity
// flow splits into member flows (paths from the sources ending in each member's sink columns)
// with the same cost and row use; dual prices carry over with a zero price on S_g. The answer
// keeps one ClassFlow per class: the commodity's flow is split by a deterministic path
// decomposition (split_commodity_flow). The LP then grows with the commodities (origins x usable
// arc sets), not with the classes: 2,000 demands from 3 origins in one country build 3 x arcs arc
// columns, not 2,000 x arcs. Max flows and FlowSession keep one commodity per class (their
// per-class setters change one class alone).
//
// A pure network solver cannot express rows over several arcs (dual-gauge track, a border post
// over its rail and road bridges, a fleet over its lanes) nor classes sharing them; the LP can,
// and its row duals are the shadow prices. Flows are scaled to kt/yr inside the LP and each row
// is divided by its largest coefficient (fleet rows: hours, 10-500) for conditioning; shadow
// prices are reported per unit of the row's own capacity.
//
// Bound rows: a capacity row with one nonzero in the LP, v_r x_j <= s_r with v_r > 0 (a link's
// own capacity, a border post over one link, when one class may use the arc), is not an LP row
// but the bound x_j <= min over j's such rows of s_r / v_r; the feasible set is the same. Its
// dual is read from the column: y_r = max(0, -d_j / v_r) for the row attaining the minimum (the
// first in row order on ties), 0 for the others, where d_j is x_j's reduced cost (were the row in
// the LP, x_j would be basic at the bound, 0 = d_j - v_r dual_r). Changing s_r moves the bound by
// as much as j's other bound rows let it. Bases are recorded as if every bound row were a row
// (FlowLpBasis), so they carry between LPs whatever their bound rows.
#include <chrono>
#include <cstddef>
#include <functional>
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
/// A class with group -1 is its own group. The group's unserved tonnes are reported on its first
/// class (ClassFlow::unserved_t_per_yr; 0 on the others). A max flow over several classes
/// maximises their sum (groups play no part there).
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
  /// Routing over time: the slot of its group's supply each sink serves, parallel to sinks
  /// (empty: slot 0). Max flows ignore slots.
  std::vector<int> sink_slots;
  /// On a group's first class, routing over time: the supply of each slot (t); empty: one slot of
  /// supply_t_per_yr. Then supply_t_per_yr is their sum.
  std::vector<double> slot_supply_t;
  /// On a group's first class: l_{g,s}, the cost of a tonne of slot s delivered one slot late,
  /// for s = 0 .. slots - 2; empty: no backlog (a slot's shortfall is unserved).
  std::vector<double> backlog_cost_usd_per_t;

  double extra_cost(std::size_t arc) const {
    return arc_extra_cost_usd_per_t.empty() ? 0.0 : arc_extra_cost_usd_per_t[arc];
  }
};

struct ClassFlow {
  std::vector<double> arc_t_per_yr;     ///< per network arc (0 where unusable)
  std::vector<double> source_t_per_yr;  ///< parallel to FlowClass::sources
  std::vector<double> sink_t_per_yr;    ///< parallel to FlowClass::sinks
  double delivered_t_per_yr = 0;
  /// Routing: the unserved tonnes of the class's group on the group's first class, 0 on others.
  double unserved_t_per_yr = 0;
  /// Routing over time, on a group's first class: z_{g,s} per slot, and b_{g,s} per slot but the
  /// last (empty without backlog).
  std::vector<double> slot_unserved_t;
  std::vector<double> slot_backlog_t;
};

/// Which solver produced a FlowSolution: the LP (CLP), or, for a max flow that is a pure
/// network problem, LEMON's network codes (engine/solve/network_flow.hpp).
enum class FlowMethod { Lp, Network };

struct FlowSolution {
  SolveStatus status = SolveStatus::Optimal;
  FlowMethod method = FlowMethod::Lp;
  std::vector<ClassFlow> classes;
  /// Max flow: the flow value summed over classes (t/yr). Routing: transport cost plus source
  /// costs plus unserved penalties (USD/yr).
  double objective = 0;
  /// Shadow price y_r >= 0 of each network row, per unit of the row's own capacity (t/yr,
  /// t.h/yr, bbl/yr): max flow, t/yr of value per unit; routing, USD/yr saved per unit.
  std::vector<double> row_shadow;
  /// use_r of each network row (see above), in the row's own unit.
  std::vector<double> row_use;
  /// Sum over classes and arcs of (arc cost + the class's extra cost) times flow: transport and
  /// fees, not origin purchases (routing and min-cost max flow).
  double transport_cost_usd_per_yr = 0;
  /// Sum over classes of source cost times tonnes entering (origin purchases).
  double source_cost_usd_per_yr = 0;
  /// Routing over time: sum over groups and slots of l_{g,s} b_{g,s} (lateness).
  double backlog_cost_usd_per_yr = 0;
};

/// Peak memory of building and solving one of these LPs (bytes), per nonzero (the builder's
/// triplets, CLP's column and row copies) and per row (bounds, duals, CLP's work arrays and
/// factorisation): peak RSS of routings measured with /usr/bin/time, see docs/design.md.
inline constexpr double kLpBytesPerNonzero = 100;
inline constexpr double kLpBytesPerRow = 450;

/// The size of the LP solve_max_flow (max_flow) or solve_min_cost would build for `classes`,
/// counted without building it: a column per arc a class can use on some source-sink path (the
/// arcs the builder keeps), per source and sink, and one more per group (its unserved column;
/// a max flow has one return column, so this counts at most one column too many). Capacity rows
/// the LP holds as bounds (bound rows, above) are counted as rows: the estimate is an upper bound
/// on the rows and nonzeros CLP holds, and the budgets and the arc-generation threshold read the
/// same figures as before bound rows.
struct LpSize {
  std::size_t columns = 0;
  std::size_t rows = 0;
  std::size_t nonzeros = 0;
  double bytes() const {
    return static_cast<double>(nonzeros) * kLpBytesPerNonzero + static_cast<double>(rows) * kLpBytesPerRow;
  }
};
/// `aggregated`: the routing LP solve_min_cost builds with SolveLimits::aggregate_classes, one
/// arc column per commodity (find_commodities) and its used vertex rows only. `compact`: every
/// class's vertex rows are its used ones only (solve_min_cost's and solve_max_flow_lp's
/// `compact`).
LpSize estimate_lp_size(const Network& network, const std::vector<FlowClass>& classes, bool aggregated = false,
                        bool compact = false);

/// Routing classes that share one LP commodity (see above): the commodity of each class, and
/// each commodity's classes in class order (commodities in order of their first class).
struct Commodities {
  std::vector<int> of_class;
  std::vector<std::vector<int>> members;
};
Commodities find_commodities(const Network& network, const std::vector<FlowClass>& classes);

/// One commodity's flow split into its members' flows, deterministically: for each member in
/// order and each of its sinks in order, paths are traced back from the sink over the arcs still
/// carrying flow (the arc carrying most first, lowest index on ties; cycles met are cancelled) to
/// a vertex whose source still feeds, and each path's tonnes are moved from the commodity to the
/// member: on_path(member, its arcs from the sink back to the source, the source vertex, t/yr).
/// `arc_t_per_yr` (per network arc) and `source_t_per_yr` (per vertex) are the commodity's and
/// are used up; member i's sink j drains `member_sink_t[i][j]` t/yr at vertex `member_sinks[i][j]`.
/// Tonnes the commodity's flow cannot explain (solver round-off: a sink draining more than its
/// arcs bring) are left unassigned.
using PathSink = std::function<void(std::size_t member, const std::vector<int>& arcs, int source, double t_per_yr)>;
void split_commodity_flow(const Network& network, std::vector<double>& arc_t_per_yr, std::vector<double>& source_t_per_yr,
                          const std::vector<std::vector<int>>& member_sinks,
                          const std::vector<std::vector<double>>& member_sink_t, const PathSink& on_path);

struct SolveLimits {
  int max_iterations = 1000000;
  double max_seconds = 60;  ///< per LP solve, wall time
  /// The whole run's time budget: an LP that would start after it is not started, and none runs
  /// past it; either way its status is LimitReached. Unset: no budget beyond max_seconds.
  std::optional<std::chrono::steady_clock::time_point> deadline;
  /// The memory a whole run may need, estimated before anything is built (solve_scenario
  /// refuses a larger run with an InputError that gives the numbers).
  double max_memory_bytes = 2e9;
  /// solve_max_flow answers a pure network question with LEMON (engine/solve/network_flow.hpp);
  /// false forces the LP, so that tests can compare the two.
  bool network_fast_path = true;
  /// Routing (solve_min_cost) shares one LP commodity among classes that can share it (see
  /// above); false builds one per class, as before (tests compare the two).
  bool aggregate_classes = true;
  /// The pure network path's cheapest flow uses LEMON's CostScaling on graphs of at least this
  /// many arcs and NetworkSimplex below (engine/solve/min_cost_flow.hpp: chosen by size alone,
  /// so one input always gets one code); tests lower it to compare the two.
  int cost_scaling_from_arcs = 400000;
  /// An LP of at least this many columns is first solved through CLP's presolve and its dual
  /// simplex, a smaller one by the primal simplex from slacks (FlowLp::run in flow_lp.cpp).
  /// Chosen by size alone, so one input always takes one path.
  int presolve_dual_from_columns = 1000;
  /// A max flow question the LP must answer (LEMON's relaxation broke a shared row), or a
  /// one-period routing, whose whole LP would have at least this many columns (estimate_lp_size,
  /// aggregated as solve_min_cost aggregates) is answered over generated arcs
  /// (engine/solve/arc_generation.hpp) instead: on large networks an optimum uses a few percent
  /// of the arcs. Chosen by size alone, so one input always takes one path; tests lower it to
  /// compare the two.
  int generate_arcs_from_columns = 20000;
};
/// The command-line option that sets SolveLimits::max_memory_bytes, in GB (tools/borderflow).
inline constexpr const char* kMaxMemoryFlag = "--max-memory-gb";
/// Whether an LP of `whole_lp`'s size is answered over generated arcs
/// (SolveLimits::generate_arcs_from_columns).
bool generates_arcs(const LpSize& whole_lp, const SolveLimits& limits);
/// Whether the arc costs and the classes' supplies, prices and fees are within kMaxMagnitude, the
/// range the LP builder accepts (else a solve is NumericRange, from either solver).
bool lp_inputs_in_range(const Network& network, const std::vector<FlowClass>& classes);
/// Seconds a solve may take now under `limits` (<= 0: the budget is spent).
double seconds_left(const SolveLimits& limits);

/// Maximum flow summed over `classes`; the returned flow is the cheapest among maximum flows
/// (arc, extra and source costs), and row_shadow holds the max-flow duals (the bottleneck
/// certificate). A pure network question is answered by solve_max_flow_network
/// (engine/solve/network_flow.hpp) unless limits.network_fast_path is false; the LP otherwise.
FlowSolution solve_max_flow(const Network& network, const std::vector<FlowClass>& classes, const SolveLimits& limits = {});
/// The change of the max flow (t/yr) when network row `row`'s spare capacity alone is `spare`
/// instead of its own (NaN when the re-solve does not finish).
using MaxFlowChange = std::function<double(int row, double spare)>;
/// Called with an optimal LP answer and its MaxFlowChange, which re-solves the max flow's first
/// phase warm from that LP's optimal basis (dual simplex: a capacity change keeps it dual
/// feasible) instead of building and solving a new LP (find_cut_rows, answers.hpp).
using MaxFlowProbe = std::function<void(const FlowSolution&, const MaxFlowChange&)>;
/// solve_max_flow, and `probe` when the LP answered it optimally (not on LEMON's path, whose
/// minimum cuts are read from its residual graph). The answer is the same as without a probe.
FlowSolution solve_max_flow(const Network& network, const std::vector<FlowClass>& classes, const SolveLimits& limits,
                            const MaxFlowProbe& probe);
/// The same for one class.
FlowSolution solve_max_flow(const Network& network, const FlowClass& flow_class, const SolveLimits& limits = {});

/// Whether row prices y (Network::rows order) of a max flow answered on fewer arcs than its
/// question's prove the same maximum over all of them (engine/solve/arc_generation.hpp).
using MaxFlowDualCheck = std::function<bool(const std::vector<double>& row_price)>;
/// The LP path of solve_max_flow on `classes` as given (never LEMON's), its LP leaving out the
/// vertex rows no column touches (the same maximum; for classes restricted to a few arcs of a
/// large network), with what arc generation (engine/solve/arc_generation.hpp) needs besides the
/// answer: `cheapest_row_price`, the row
/// prices of the cheapest phase (per unit of each row's own capacity, as row_shadow is for the
/// maximum; empty when `maximum_only` or that phase did not finish); with `maximum_only` the
/// cheapest phase is skipped (the flow is then some maximum flow, costs not the cheapest). When
/// `probe_check` is given, each of the probe's re-solves must pass it with its own row prices, else
/// that change is NaN (rhs ranging keeps the first phase's prices, which the caller has checked).
struct MaxFlowLpAnswer {
  FlowSolution solution;
  std::vector<double> cheapest_row_price;
};
/// An LP basis keyed by what its columns and rows stand for, not by their places in one LP, so
/// that a later LP over more arcs of the same classes can start from it (arc generation's rounds).
/// `arc`: per class k and network arc a, at k * arcs + a; `end`: the source, sink and return
/// columns in build order; `row`: per logical row (class vertex rows, the super rows, then the
/// network's capacity rows, as FlowLp numbers them before leaving rows out). Values are CLP
/// statuses (ClpSimplex::Status), kAbsent where that LP had no such column or row.
struct FlowLpBasis {
  static constexpr unsigned char kAbsent = 0xff;
  std::vector<unsigned char> arc, end, row;
  bool empty() const { return row.empty(); }
};
/// What an LP build reads from the whole network and every round would build again (each arc's
/// row entries; flow_lp.cpp).
struct FlowLpTables;
/// The optimal bases of a max flow LP's two phases, from one round to the next, and the network's
/// tables the rounds share (all rounds of one network).
struct MaxFlowWarmStart {
  FlowLpBasis maximum, cheapest;
  int warm_phases = 0;  ///< phases that started from a basis here (it fitted)
  std::shared_ptr<const FlowLpTables> tables;
};
/// `warm` (optional): start each phase from its basis there when it has one (the LP's columns and
/// rows a superset of that basis's: a basis over fewer arcs, extended by the new columns at 0
/// and the new rows' slacks, is primal feasible, so the primal simplex goes on from it instead of
/// a new start), and leave there the optimal bases this LP ends at.
MaxFlowLpAnswer solve_max_flow_lp(const Network& network, const std::vector<FlowClass>& classes,
                                  const SolveLimits& limits, bool maximum_only, const MaxFlowProbe& probe = {},
                                  const MaxFlowDualCheck& probe_check = {}, MaxFlowWarmStart* warm = nullptr);
/// solve_max_flow(network, questions[i], limits, probes[i]) for every i, with one LP for each set
/// of questions that the LP answers and that differ only in their ends: one class each, with the
/// same usable arcs, costs, fees and counted rows, no vertex twice among its sources or its sinks.
/// Such a set is built once over the union of their sources and sinks; each question closes the
/// others' end columns (upper bound 0) and starts from the previous one's phase-1 optimal basis by
/// the dual simplex (only bounds changed), so the headline questions from one set of origins cost
/// a few pivots each after the first instead of a new LP each (docs/benchmarks.md, sixth pass).
/// Extra columns can only carry flow round cycles, so each maximum equals its own LP's; among
/// equally good flows and duals another may be found. Each answer names its own question's ends.
std::vector<FlowSolution> solve_max_flows(const Network& network, const std::vector<std::vector<FlowClass>>& questions,
                                          const SolveLimits& limits, const std::vector<MaxFlowProbe>& probes);

/// Least-cost routing of several classes sharing capacity; unserved tonnes are priced per group.
/// `compact`: the LP leaves out the vertex rows no column of a class touches, as over time (for
/// classes restricted to a few arcs of a large network: arc_generation.hpp); the same optimum.
FlowSolution solve_min_cost(const Network& network, const std::vector<FlowClass>& classes, const SolveLimits& limits,
                            bool compact);
FlowSolution solve_min_cost(const Network& network, const std::vector<FlowClass>& classes,
                            const SolveLimits& limits = {});

/// One of the LPs above kept alive across many solves (sweeps). It is built once, over the union
/// of the usable arcs its classes are given at construction; afterwards capacities, arc costs,
/// supplies, unserved prices, source costs, per-class extra arc costs and per-class arc
/// availability change in place, and each solve
/// starts from the previous optimal basis (dual simplex after bound changes, primal after cost
/// changes) instead of building a new model. Results equal a fresh solve's up to ties between
/// equally good flows. Not thread-safe: keep one session per worker thread.
class FlowSession {
 public:
  enum class Kind { MaxFlow, MinCost };

  /// MaxFlow maximises the sum over its classes. Arc costs start from the network's, row
  /// bounds from their spare() capacities.
  FlowSession(const Network& network, std::vector<FlowClass> classes, Kind kind);
  ~FlowSession();
  FlowSession(const FlowSession&) = delete;
  FlowSession& operator=(const FlowSession&) = delete;

  /// The SPARE capacity of network row `row` (in the row's unit, finite, >= 0): callers that
  /// change a capacity subtract the row's background themselves.
  void set_row_capacity(int row, double spare);
  /// Cost of network arc `arc` (USD/t) for every class (each class's extra cost comes on top).
  void set_arc_cost(int arc, double cost_usd_per_t);
  /// Class k's extra cost on `arc` (USD/t, fees), on top of the arc's cost.
  void set_class_arc_cost(int k, int arc, double extra_usd_per_t);
  /// Class k's cost per tonne entering at its sources (USD/t).
  void set_source_cost(int k, double usd_per_t);
  /// Whether class k may use `arc` now; arcs outside the construction-time mask stay unusable.
  void set_arc_usable(int k, int arc, bool usable);
  /// Routing only: the tonnes class k's group wants moved (a group with slots keeps its profile:
  /// every slot is scaled by the same factor), and the price of each unserved tonne of the group.
  void set_supply(int k, double supply_t_per_yr);
  void set_unserved_cost(int k, double cost_usd_per_t);

  /// Max flow: maximises the flow (no cost phase). Routing: least total cost. Returns at once
  /// when nothing this LP depends on changed since the last optimal solve.
  SolveStatus solve(const SolveLimits& limits = {});
  /// Max flow after solve(): the cheapest flow among maximum flows (the second phase of
  /// solve_max_flow). Read row_shadow() before: afterwards it holds this phase's duals.
  SolveStatus solve_cheapest_at_max(const SolveLimits& limits = {});

  int class_count() const;
  /// Max flow: the flow value summed over classes (t/yr). Routing: transport and source costs
  /// plus unserved penalties (USD/yr).
  double objective() const;
  double delivered_t_per_yr(int k) const;
  /// The unserved tonnes of k's group when k is the group's first class, else 0 (routing).
  double unserved_t_per_yr(int k) const;
  /// Sum of (arc cost + k's extra cost) times flow of class k (USD/yr) at the current costs.
  double transport_cost_usd_per_yr(int k) const;
  /// Class k's source cost times the tonnes entering (USD/yr).
  double source_cost_usd_per_yr(int k) const;
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
