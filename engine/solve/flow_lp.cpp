#include "solve/flow_lp.hpp"

#include <algorithm>
#include <cmath>
#include <deque>
#include <stdexcept>

#include <coin/ClpSimplex.hpp>
#include <coin/CoinPackedMatrix.hpp>

namespace borderflow {

const char* to_string(SolveStatus status) {
  switch (status) {
    case SolveStatus::Optimal: return "optimal";
    case SolveStatus::Infeasible: return "infeasible";
    case SolveStatus::Unbounded: return "unbounded";
    case SolveStatus::LimitReached: return "limit-reached";
    case SolveStatus::NumericRange: return "numeric-range";
  }
  return "?";
}

namespace {

constexpr double kScale = 1e-3;         // LP flow unit: kt/yr
constexpr double kMaxMagnitude = 1e12;  // t/yr or USD/t beyond this is a data error, not a plan

/// Vertices usable by a class: reachable from its sources and able to reach its sinks.
std::vector<char> relevant_arcs(const Network& network, const FlowClass& c) {
  const int n = network.vertex_count();
  const auto& arcs = network.arcs();
  std::vector<std::vector<int>> out(n), in(n);
  for (const auto& arc : arcs) {
    if (!c.arc_usable[static_cast<std::size_t>(arc.index)]) continue;
    out[arc.tail].push_back(arc.index);
    in[arc.head].push_back(arc.index);
  }
  auto sweep = [&](const std::vector<int>& start, bool forward) {
    std::vector<char> seen(n, 0);
    std::deque<int> queue;
    for (int v : start) {
      if (!seen[v]) {
        seen[v] = 1;
        queue.push_back(v);
      }
    }
    while (!queue.empty()) {
      const int v = queue.front();
      queue.pop_front();
      for (int a : forward ? out[v] : in[v]) {
        const int w = forward ? arcs[a].head : arcs[a].tail;
        if (!seen[w]) {
          seen[w] = 1;
          queue.push_back(w);
        }
      }
    }
    return seen;
  };
  const auto from_sources = sweep(c.sources, true);
  const auto to_sinks = sweep(c.sinks, false);
  std::vector<char> relevant(arcs.size(), 0);
  for (const auto& arc : arcs) {
    relevant[arc.index] = c.arc_usable[arc.index] && from_sources[arc.tail] && to_sinks[arc.head];
  }
  return relevant;
}

/// Columns and nonzeros of one class (see FlowLp::build): per usable arc its two conservation
/// entries and its capacity rows; per source or sink arc two entries; the return or unserved
/// column two.
void count_class(const Network& network, const FlowClass& c, LpSize& size) {
  const auto relevant = relevant_arcs(network, c);
  for (const auto& arc : network.arcs()) {
    if (!relevant[static_cast<std::size_t>(arc.index)]) continue;
    size.columns += 1;
    size.nonzeros += 2 + arc.rows.size();
  }
  const std::size_t ends = c.sources.size() + c.sinks.size() + 1;
  size.columns += ends;
  size.nonzeros += 2 * ends;
  size.rows += static_cast<std::size_t>(network.vertex_count()) + 2;
}

/// Runs CLP's primal simplex on `model` within `limits` (the per-solve cap and the deadline).
SolveStatus run_primal(ClpSimplex& model, const SolveLimits& limits);

/// One LP over all classes. Columns: class arcs, source arcs, sink arcs, then per class either
/// an unserved column (routing) or a return arc T->S (max flow).
class FlowLp {
 public:
  /// `compact`: leave out rows no column uses (sessions re-solve the same LP thousands of
  /// times, and CLP's per-solve work grows with the row count).
  FlowLp(const Network& network, const std::vector<FlowClass>& classes, bool max_flow, bool compact = false)
      : network_(network), classes_(classes), max_flow_(max_flow), compact_(compact) {}

  SolveStatus build() {
    const int n = network_.vertex_count();
    const auto& arcs = network_.arcs();
    const auto& rows = network_.rows();
    for (const auto& row : rows) {
      if (!(row.capacity_t_per_yr <= kMaxMagnitude)) return SolveStatus::NumericRange;
    }
    for (const auto& arc : arcs) {
      if (!(arc.cost_usd_per_t <= kMaxMagnitude)) return SolveStatus::NumericRange;
    }
    // Rows: per class conservation at each vertex + S + T, then one row per network capacity row.
    const int k_count = static_cast<int>(classes_.size());
    const int rows_per_class = n + 2;
    capacity_row_offset_ = k_count * rows_per_class;
    const int row_count = capacity_row_offset_ + static_cast<int>(rows.size());
    row_lower_.assign(row_count, 0.0);
    row_upper_.assign(row_count, 0.0);
    for (std::size_t r = 0; r < rows.size(); ++r) {
      row_lower_[capacity_row_offset_ + r] = -COIN_DBL_MAX;
      row_upper_[capacity_row_offset_ + r] = rows[r].capacity_t_per_yr * kScale;
    }
    arc_column_.assign(static_cast<std::size_t>(k_count), std::vector<int>(arcs.size(), -1));
    source_column_.resize(k_count);
    sink_column_.resize(k_count);
    extra_column_.assign(k_count, -1);
    for (int k = 0; k < k_count; ++k) {
      const FlowClass& c = classes_[k];
      if (c.supply_t_per_yr > kMaxMagnitude || c.unserved_cost_usd_per_t > kMaxMagnitude) return SolveStatus::NumericRange;
      const auto relevant = relevant_arcs(network_, c);
      const int base = k * rows_per_class;
      const int s_row = base + n;
      const int t_row = base + n + 1;
      // Conservation: out - in = 0 for inner vertices; S: out - in = supply, T: in - out = supply.
      for (const auto& arc : arcs) {
        if (!relevant[arc.index]) continue;
        arc_column_[k][arc.index] = add_column(arc.cost_usd_per_t, 0, COIN_DBL_MAX,
                                               {{base + arc.tail, 1.0}, {base + arc.head, -1.0}}, arc.rows);
      }
      for (int v : c.sources) source_column_[k].push_back(add_column(0, 0, COIN_DBL_MAX, {{s_row, 1.0}, {base + v, -1.0}}, {}));
      for (int v : c.sinks) sink_column_[k].push_back(add_column(0, 0, COIN_DBL_MAX, {{base + v, 1.0}, {t_row, -1.0}}, {}));
      if (max_flow_) {
        // Return arc T -> S closes the circulation; its cost is set per phase.
        extra_column_[k] = add_column(0, 0, COIN_DBL_MAX, {{t_row, 1.0}, {s_row, -1.0}}, {});
      } else {
        extra_column_[k] = add_column(c.unserved_cost_usd_per_t, 0, COIN_DBL_MAX, {{s_row, 1.0}, {t_row, -1.0}}, {});
        row_lower_[s_row] = row_upper_[s_row] = c.supply_t_per_yr * kScale;
        row_lower_[t_row] = row_upper_[t_row] = -c.supply_t_per_yr * kScale;
      }
    }
    row_map_.resize(static_cast<std::size_t>(row_count));
    int lp_rows = row_count;
    if (compact_) {
      std::vector<char> used(static_cast<std::size_t>(row_count), 0);
      for (int r : element_row_) used[static_cast<std::size_t>(r)] = 1;
      lp_rows = 0;
      for (int r = 0; r < row_count; ++r) {
        row_map_[static_cast<std::size_t>(r)] = used[static_cast<std::size_t>(r)] ? lp_rows++ : -1;
        if (row_map_[static_cast<std::size_t>(r)] >= 0) {
          row_lower_[static_cast<std::size_t>(row_map_[static_cast<std::size_t>(r)])] = row_lower_[static_cast<std::size_t>(r)];
          row_upper_[static_cast<std::size_t>(row_map_[static_cast<std::size_t>(r)])] = row_upper_[static_cast<std::size_t>(r)];
        }
      }
      for (int& r : element_row_) r = row_map_[static_cast<std::size_t>(r)];
      row_lower_.resize(static_cast<std::size_t>(lp_rows));
      row_upper_.resize(static_cast<std::size_t>(lp_rows));
    } else {
      for (int r = 0; r < row_count; ++r) row_map_[static_cast<std::size_t>(r)] = r;
    }
    CoinPackedMatrix matrix(true, element_row_.data(), element_column_.data(), element_value_.data(),
                            static_cast<CoinBigIndex>(element_value_.size()));
    matrix.setDimensions(lp_rows, static_cast<int>(column_cost_.size()));
    model_.setLogLevel(0);
    model_.loadProblem(matrix, column_lower_.data(), column_upper_.data(), column_cost_.data(), row_lower_.data(),
                       row_upper_.data());
    model_.setOptimizationDirection(1.0);
    return SolveStatus::Optimal;
  }

  SolveStatus run(const SolveLimits& limits) { return run_primal(model_, limits); }

  /// Max flow, phase 1: maximise the return-arc flow with zero arc costs.
  void set_max_flow_objective() {
    for (std::size_t j = 0; j < column_cost_.size(); ++j) model_.setObjectiveCoefficient(static_cast<int>(j), 0.0);
    model_.setObjectiveCoefficient(extra_column_[0], -1.0);
  }

  /// Max flow, phase 2: hold the value at its maximum and take the cheapest such flow. The
  /// return arc gets the maximum as its lower bound: no flow can exceed the maximum, so the
  /// value is exactly the maximum, and the phase-1 optimum is a feasible start. (A slack below
  /// the maximum would be spent, because carrying less is cheaper: the maximum would be reported
  /// short by it, and a dear bottleneck could be emptied. A fixed column, lower = upper, would
  /// leave CLP's basis marking it fixed when later solves free it again.)
  void set_cheapest_at(double value_lp) {
    for (std::size_t j = 0; j < column_cost_.size(); ++j) {
      model_.setObjectiveCoefficient(static_cast<int>(j), column_cost_[j]);
    }
    model_.setObjectiveCoefficient(extra_column_[0], 0.0);
    model_.setColumnBounds(extra_column_[0], value_lp, COIN_DBL_MAX);
  }

  double extra_value(int k) const { return model_.primalColumnSolution()[extra_column_[k]]; }

  // --- In-place changes and accessors for FlowSession ---------------------------------------

  ClpSimplex& model() { return model_; }
  const ClpSimplex& model() const { return model_; }
  bool max_flow() const { return max_flow_; }
  int arc_column(std::size_t k, std::size_t arc) const { return arc_column_[k][arc]; }
  int extra_column(std::size_t k) const { return extra_column_[k]; }
  const std::vector<int>& sink_columns(std::size_t k) const { return sink_column_[k]; }
  /// The LP row of network row r, or -1 when the LP left it out (no column uses it).
  int capacity_row(int r) const { return row_map_[static_cast<std::size_t>(capacity_row_offset_ + r)]; }
  /// The LP rows of class k's super-source S and super-sink T (-1 when left out).
  int supply_row(int k) const { return row_map_[static_cast<std::size_t>(k * (network_.vertex_count() + 2) + network_.vertex_count())]; }
  int demand_row(int k) const { return row_map_[static_cast<std::size_t>(k * (network_.vertex_count() + 2) + network_.vertex_count() + 1)]; }
  /// Records an arc cost for the phases that price arcs; `apply` also sets it in the model now.
  void set_column_cost(int column, double cost, bool apply) {
    column_cost_[static_cast<std::size_t>(column)] = cost;
    if (apply) model_.setObjectiveCoefficient(column, cost);
  }
  /// Max flow, after phase 2: back to the phase-1 objective and a free return arc.
  void restore_max_flow_phase() {
    set_max_flow_objective();
    model_.setColumnBounds(extra_column_[0], 0.0, COIN_DBL_MAX);
  }

  std::vector<double> shadow_prices() const {
    const double* dual = model_.dualRowSolution();
    const auto& rows = network_.rows();
    std::vector<double> y(rows.size());
    for (std::size_t r = 0; r < rows.size(); ++r) {
      const int lp_row = row_map_[capacity_row_offset_ + r];
      y[r] = lp_row < 0 ? 0.0 : std::max(0.0, -dual[lp_row]);
    }
    return y;
  }

  void extract(FlowSolution& solution) const {
    const double* x = model_.primalColumnSolution();
    const auto& arcs = network_.arcs();
    solution.classes.resize(classes_.size());
    solution.row_use_t_per_yr.assign(network_.rows().size(), 0.0);
    solution.transport_cost_usd_per_yr = 0;
    auto clean = [](double v) { return std::abs(v) < 1e-9 ? 0.0 : v / kScale; };
    for (std::size_t k = 0; k < classes_.size(); ++k) {
      ClassFlow& flow = solution.classes[k];
      flow.arc_t_per_yr.assign(arcs.size(), 0.0);
      for (const auto& arc : arcs) {
        const int column = arc_column_[k][arc.index];
        if (column < 0) continue;
        const double value = clean(x[column]);
        flow.arc_t_per_yr[arc.index] = value;
        solution.transport_cost_usd_per_yr += value * arc.cost_usd_per_t;
        for (int r : arc.rows) solution.row_use_t_per_yr[r] += value;
      }
      flow.source_t_per_yr.clear();
      for (int column : source_column_[k]) flow.source_t_per_yr.push_back(clean(x[column]));
      flow.sink_t_per_yr.clear();
      flow.delivered_t_per_yr = 0;
      for (int column : sink_column_[k]) {
        flow.sink_t_per_yr.push_back(clean(x[column]));
        flow.delivered_t_per_yr += flow.sink_t_per_yr.back();
      }
      flow.unserved_t_per_yr = max_flow_ ? 0.0 : clean(x[extra_column_[k]]);
    }
  }

 private:
  int add_column(double cost, double lower, double upper, std::vector<std::pair<int, double>> entries,
                 const std::vector<int>& capacity_rows) {
    const int column = static_cast<int>(column_cost_.size());
    column_cost_.push_back(cost);
    column_lower_.push_back(lower);
    column_upper_.push_back(upper);
    for (int r : capacity_rows) entries.emplace_back(capacity_row_offset_ + r, 1.0);
    for (const auto& [row, value] : entries) {
      element_row_.push_back(row);
      element_column_.push_back(column);
      element_value_.push_back(value);
    }
    return column;
  }

  const Network& network_;
  const std::vector<FlowClass>& classes_;
  bool max_flow_;
  ClpSimplex model_;
  bool compact_ = false;
  int capacity_row_offset_ = 0;
  std::vector<int> row_map_;  // logical row -> LP row (-1: left out)
  std::vector<double> row_lower_, row_upper_, column_cost_, column_lower_, column_upper_, element_value_;
  std::vector<int> element_row_, element_column_;
  std::vector<std::vector<int>> arc_column_, source_column_, sink_column_;
  std::vector<int> extra_column_;
};

SolveStatus status_of(const ClpSimplex& model) {
  switch (model.status()) {
    case 0: return SolveStatus::Optimal;
    case 1: return SolveStatus::Infeasible;
    case 2: return SolveStatus::Unbounded;
    case 3: return SolveStatus::LimitReached;
    default: return SolveStatus::NumericRange;
  }
}

/// Sets the iteration and time caps for the next solve; false when the budget is already spent.
bool apply_limits(ClpSimplex& model, const SolveLimits& limits) {
  const double seconds = seconds_left(limits);
  if (!(seconds > 0)) return false;
  model.setMaximumIterations(limits.max_iterations);
  model.setMaximumSeconds(seconds);
  return true;
}

SolveStatus run_primal(ClpSimplex& model, const SolveLimits& limits) {
  if (!apply_limits(model, limits)) return SolveStatus::LimitReached;
  model.primal();
  return status_of(model);
}

}  // namespace

double seconds_left(const SolveLimits& limits) {
  if (!limits.deadline) return limits.max_seconds;
  const std::chrono::duration<double> left = *limits.deadline - std::chrono::steady_clock::now();
  return std::min(limits.max_seconds, left.count());
}

LpSize estimate_lp_size(const Network& network, const std::vector<FlowClass>& classes) {
  LpSize size;
  for (const auto& c : classes) count_class(network, c, size);
  size.rows += network.rows().size();
  return size;
}

FlowSolution solve_max_flow(const Network& network, const FlowClass& flow_class, const SolveLimits& limits) {
  const std::vector<FlowClass> classes = {flow_class};
  FlowSolution solution;
  FlowLp lp(network, classes, true);
  solution.status = lp.build();
  if (solution.status != SolveStatus::Optimal) return solution;
  lp.set_max_flow_objective();
  solution.status = lp.run(limits);
  if (solution.status != SolveStatus::Optimal) return solution;
  const double value_lp = lp.extra_value(0);
  solution.row_shadow = lp.shadow_prices();
  lp.set_cheapest_at(value_lp);
  solution.status = lp.run(limits);
  if (solution.status != SolveStatus::Optimal) return solution;
  lp.extract(solution);
  solution.objective = solution.classes[0].delivered_t_per_yr;
  return solution;
}

FlowSolution solve_min_cost(const Network& network, const std::vector<FlowClass>& classes, const SolveLimits& limits) {
  FlowSolution solution;
  FlowLp lp(network, classes, false);
  solution.status = lp.build();
  if (solution.status != SolveStatus::Optimal) return solution;
  solution.status = lp.run(limits);
  if (solution.status != SolveStatus::Optimal) return solution;
  lp.extract(solution);
  solution.row_shadow = lp.shadow_prices();
  solution.objective = solution.transport_cost_usd_per_yr;
  for (std::size_t k = 0; k < classes.size(); ++k) {
    solution.objective += solution.classes[k].unserved_t_per_yr * classes[k].unserved_cost_usd_per_t;
  }
  return solution;
}

// ---------------------------------------------------------------------------------------------
// FlowSession: one FlowLp kept across solves.

struct FlowSession::Impl {
  Impl(const Network& network_in, std::vector<FlowClass> classes_in, Kind kind)
      : network(network_in), classes(std::move(classes_in)), lp(network_in, classes, kind == Kind::MaxFlow, true) {}

  const Network& network;
  std::vector<FlowClass> classes;  // construction-time masks: the columns that exist
  FlowLp lp;
  SolveStatus build_status = SolveStatus::Optimal;
  std::vector<std::vector<char>> usable;  // current availability per class and arc
  std::vector<double> arc_cost;           // current cost per network arc
  std::vector<double> row_capacity;       // current capacity per network row
  SolveStatus last_status = SolveStatus::Optimal;
  bool solved_once = false;
  bool bounds_changed = false;
  bool costs_changed = false;
  bool need_cold = false;  // the last solve failed: start again from the slack basis
  bool in_phase2 = false;
  bool from_given_basis = false;  // the next solve starts from set_basis(), with no factorisation yet

  SolveStatus run(const SolveLimits& limits, bool prefer_primal) {
    ClpSimplex& model = lp.model();
    // Not started: the model and the change flags are untouched, so the next solve still does
    // this one's work.
    if (!apply_limits(model, limits)) return SolveStatus::LimitReached;
    // Keep work arrays and the factorisation between solves and skip re-initialising what did
    // not change (startFinishOptions 1 | 2 | 4; CLP tracks changes made through its setters,
    // which are the only way this class changes the model).
    constexpr int options = 1 | 2 | 4;
    if (!solved_once || need_cold) {
      if (need_cold) model.allSlackBasis(true);
      model.primal(0, 1);
    } else if (from_given_basis) {
      model.dual(0, 1);
    } else if (prefer_primal || (costs_changed && !bounds_changed)) {
      model.primal(0, options);
    } else {
      model.dual(0, options);
    }
    solved_once = true;
    from_given_basis = false;
    bounds_changed = costs_changed = false;
    const SolveStatus status = status_of(model);
    need_cold = status != SolveStatus::Optimal;
    last_status = status;
    return status;
  }
};

FlowSession::FlowSession(const Network& network, std::vector<FlowClass> classes, Kind kind) {
  if (kind == Kind::MaxFlow && classes.size() != 1) throw std::invalid_argument("FlowSession: max flow takes one class");
  impl_ = std::make_unique<Impl>(network, std::move(classes), kind);
  Impl& m = *impl_;
  m.build_status = m.lp.build();
  m.usable.reserve(m.classes.size());
  for (const auto& c : m.classes) m.usable.push_back(c.arc_usable);
  m.arc_cost.resize(network.arcs().size());
  for (const auto& arc : network.arcs()) m.arc_cost[static_cast<std::size_t>(arc.index)] = arc.cost_usd_per_t;
  m.row_capacity.resize(network.rows().size());
  for (std::size_t r = 0; r < network.rows().size(); ++r) m.row_capacity[r] = network.rows()[r].capacity_t_per_yr;
  if (m.build_status == SolveStatus::Optimal && kind == Kind::MaxFlow) m.lp.set_max_flow_objective();
  // The LP is in kt/yr and USD/t, already well scaled; CLP's scaling would be redone per solve.
  m.lp.model().scaling(0);
}

FlowSession::~FlowSession() = default;

void FlowSession::set_row_capacity(int row, double capacity_t_per_yr) {
  Impl& m = *impl_;
  const auto r = static_cast<std::size_t>(row);
  if (m.row_capacity[r] == capacity_t_per_yr) return;
  m.row_capacity[r] = capacity_t_per_yr;
  // A row no column of this LP counts against is not in the LP: nothing to change or solve.
  const int lp_row = m.lp.capacity_row(row);
  if (lp_row < 0) return;
  m.lp.model().setRowUpper(lp_row, capacity_t_per_yr * kScale);
  m.bounds_changed = true;
}

void FlowSession::set_arc_cost(int arc, double cost_usd_per_t) {
  Impl& m = *impl_;
  const auto a = static_cast<std::size_t>(arc);
  if (m.arc_cost[a] == cost_usd_per_t) return;
  m.arc_cost[a] = cost_usd_per_t;
  const bool apply = !m.lp.max_flow() || m.in_phase2;
  for (std::size_t k = 0; k < m.classes.size(); ++k) {
    const int column = m.lp.arc_column(k, a);
    if (column >= 0) m.lp.set_column_cost(column, cost_usd_per_t, apply);
  }
  if (apply) m.costs_changed = true;
}

void FlowSession::set_arc_usable(int k, int arc, bool usable) {
  Impl& m = *impl_;
  const auto kk = static_cast<std::size_t>(k);
  const auto a = static_cast<std::size_t>(arc);
  const char value = usable ? 1 : 0;
  if (m.usable[kk][a] == value) return;
  m.usable[kk][a] = value;
  const int column = m.lp.arc_column(kk, a);
  if (column < 0) return;
  m.lp.model().setColumnUpper(column, usable ? COIN_DBL_MAX : 0.0);
  m.bounds_changed = true;
}

void FlowSession::set_supply(int k, double supply_t_per_yr) {
  Impl& m = *impl_;
  if (m.lp.max_flow()) return;
  const double supply_lp = supply_t_per_yr * kScale;
  if (const int s_row = m.lp.supply_row(k); s_row >= 0) m.lp.model().setRowBounds(s_row, supply_lp, supply_lp);
  if (const int t_row = m.lp.demand_row(k); t_row >= 0) m.lp.model().setRowBounds(t_row, -supply_lp, -supply_lp);
  m.classes[static_cast<std::size_t>(k)].supply_t_per_yr = supply_t_per_yr;
  m.bounds_changed = true;
}

void FlowSession::set_unserved_cost(int k, double cost_usd_per_t) {
  Impl& m = *impl_;
  if (m.lp.max_flow()) return;
  m.lp.set_column_cost(m.lp.extra_column(static_cast<std::size_t>(k)), cost_usd_per_t, true);
  m.classes[static_cast<std::size_t>(k)].unserved_cost_usd_per_t = cost_usd_per_t;
  m.costs_changed = true;
}

SolveStatus FlowSession::solve(const SolveLimits& limits) {
  Impl& m = *impl_;
  if (m.build_status != SolveStatus::Optimal) return m.build_status;
  // Nothing changed since an optimal solve: the solution stands.
  if (m.solved_once && !m.need_cold && !m.in_phase2 && !m.bounds_changed && !m.costs_changed) return m.last_status;
  bool prefer_primal = false;
  if (m.in_phase2) {
    // Back to phase 1: only the objective changes, so the phase-2 basis stays primal feasible
    // unless bounds changed meanwhile.
    m.lp.restore_max_flow_phase();
    m.in_phase2 = false;
    prefer_primal = !m.bounds_changed;
    m.bounds_changed = true;
  }
  return m.run(limits, prefer_primal);
}

SolveStatus FlowSession::solve_cheapest_at_max(const SolveLimits& limits) {
  Impl& m = *impl_;
  if (!m.lp.max_flow()) return solve(limits);
  if (m.build_status != SolveStatus::Optimal) return m.build_status;
  m.lp.set_cheapest_at(m.lp.extra_value(0));
  m.in_phase2 = true;
  return m.run(limits, true);
}

int FlowSession::class_count() const { return static_cast<int>(impl_->classes.size()); }

double FlowSession::objective() const {
  const Impl& m = *impl_;
  if (m.lp.max_flow()) return delivered_t_per_yr(0);
  double total = 0;
  for (std::size_t k = 0; k < m.classes.size(); ++k) {
    total += transport_cost_usd_per_yr(static_cast<int>(k)) +
             unserved_t_per_yr(static_cast<int>(k)) * m.classes[k].unserved_cost_usd_per_t;
  }
  return total;
}

double FlowSession::delivered_t_per_yr(int k) const {
  const Impl& m = *impl_;
  const double* x = m.lp.model().primalColumnSolution();
  double total = 0;
  for (int column : m.lp.sink_columns(static_cast<std::size_t>(k))) {
    if (std::abs(x[column]) >= 1e-9) total += x[column] / kScale;
  }
  return total;
}

double FlowSession::unserved_t_per_yr(int k) const {
  const Impl& m = *impl_;
  if (m.lp.max_flow()) return 0.0;
  const double value = m.lp.model().primalColumnSolution()[m.lp.extra_column(static_cast<std::size_t>(k))];
  return std::abs(value) < 1e-9 ? 0.0 : value / kScale;
}

double FlowSession::transport_cost_usd_per_yr(int k) const {
  const Impl& m = *impl_;
  const double* x = m.lp.model().primalColumnSolution();
  const auto kk = static_cast<std::size_t>(k);
  double total = 0;
  for (std::size_t a = 0; a < m.arc_cost.size(); ++a) {
    const int column = m.lp.arc_column(kk, a);
    if (column < 0 || std::abs(x[column]) < 1e-9) continue;
    total += x[column] / kScale * m.arc_cost[a];
  }
  return total;
}

void FlowSession::arc_flows(std::vector<double>& out) const {
  const Impl& m = *impl_;
  const double* x = m.lp.model().primalColumnSolution();
  out.assign(m.arc_cost.size(), 0.0);
  for (std::size_t k = 0; k < m.classes.size(); ++k) {
    for (std::size_t a = 0; a < out.size(); ++a) {
      const int column = m.lp.arc_column(k, a);
      if (column >= 0 && std::abs(x[column]) >= 1e-9) out[a] += x[column] / kScale;
    }
  }
}

void FlowSession::row_shadow(std::vector<double>& out) const { out = impl_->lp.shadow_prices(); }

std::vector<unsigned char> FlowSession::basis() const {
  const Impl& m = *impl_;
  if (!m.solved_once || m.build_status != SolveStatus::Optimal) return {};
  const ClpSimplex& model = m.lp.model();
  const unsigned char* status = model.statusArray();
  if (!status) return {};
  return std::vector<unsigned char>(status, status + model.numberColumns() + model.numberRows());
}

void FlowSession::set_basis(const std::vector<unsigned char>& basis) {
  Impl& m = *impl_;
  ClpSimplex& model = m.lp.model();
  if (m.build_status != SolveStatus::Optimal ||
      basis.size() != static_cast<std::size_t>(model.numberColumns() + model.numberRows())) {
    return;
  }
  model.copyinStatus(basis.data());
  m.solved_once = true;
  m.need_cold = false;
  m.from_given_basis = true;
  m.bounds_changed = true;
}

FlowSolution FlowSession::solution() const {
  const Impl& m = *impl_;
  FlowSolution solution;
  m.lp.extract(solution);
  // extract() prices arcs at the network's costs; the session's may differ.
  solution.transport_cost_usd_per_yr = 0;
  for (std::size_t k = 0; k < m.classes.size(); ++k) {
    solution.transport_cost_usd_per_yr += transport_cost_usd_per_yr(static_cast<int>(k));
  }
  solution.row_shadow = m.lp.shadow_prices();
  solution.objective = objective();
  return solution;
}

}  // namespace borderflow

