#include "solve/flow_lp.hpp"

#include <cmath>
#include <deque>

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

/// One LP over all classes. Columns: class arcs, source arcs, sink arcs, then per class either
/// an unserved column (routing) or a return arc T->S (max flow).
class FlowLp {
 public:
  FlowLp(const Network& network, const std::vector<FlowClass>& classes, bool max_flow)
      : network_(network), classes_(classes), max_flow_(max_flow) {}

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
    CoinPackedMatrix matrix(true, element_row_.data(), element_column_.data(), element_value_.data(),
                            static_cast<CoinBigIndex>(element_value_.size()));
    matrix.setDimensions(row_count, static_cast<int>(column_cost_.size()));
    model_.setLogLevel(0);
    model_.loadProblem(matrix, column_lower_.data(), column_upper_.data(), column_cost_.data(), row_lower_.data(),
                       row_upper_.data());
    model_.setOptimizationDirection(1.0);
    return SolveStatus::Optimal;
  }

  SolveStatus run(const SolveLimits& limits) {
    model_.setMaximumIterations(limits.max_iterations);
    model_.setMaximumSeconds(limits.max_seconds);
    model_.primal();
    switch (model_.status()) {
      case 0: return SolveStatus::Optimal;
      case 1: return SolveStatus::Infeasible;
      case 2: return SolveStatus::Unbounded;
      case 3: return SolveStatus::LimitReached;
      default: return SolveStatus::NumericRange;
    }
  }

  /// Max flow, phase 1: maximise the return-arc flow with zero arc costs.
  void set_max_flow_objective() {
    for (std::size_t j = 0; j < column_cost_.size(); ++j) model_.setObjectiveCoefficient(static_cast<int>(j), 0.0);
    model_.setObjectiveCoefficient(extra_column_[0], -1.0);
  }

  /// Max flow, phase 2: hold the value at its maximum and take the cheapest such flow.
  void set_cheapest_at(double value_lp) {
    for (std::size_t j = 0; j < column_cost_.size(); ++j) {
      model_.setObjectiveCoefficient(static_cast<int>(j), column_cost_[j]);
    }
    model_.setObjectiveCoefficient(extra_column_[0], 0.0);
    // A hair of slack keeps phase 2 feasible after rounding in phase 1.
    model_.setColumnBounds(extra_column_[0], value_lp * (1 - 1e-9), value_lp);
  }

  double extra_value(int k) const { return model_.primalColumnSolution()[extra_column_[k]]; }

  std::vector<double> shadow_prices() const {
    const double* dual = model_.dualRowSolution();
    const auto& rows = network_.rows();
    std::vector<double> y(rows.size());
    for (std::size_t r = 0; r < rows.size(); ++r) y[r] = std::max(0.0, -dual[capacity_row_offset_ + r]);
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
  int capacity_row_offset_ = 0;
  std::vector<double> row_lower_, row_upper_, column_cost_, column_lower_, column_upper_, element_value_;
  std::vector<int> element_row_, element_column_;
  std::vector<std::vector<int>> arc_column_, source_column_, sink_column_;
  std::vector<int> extra_column_;
};

}  // namespace

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

}  // namespace borderflow

