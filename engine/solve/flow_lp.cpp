#include "solve/flow_lp.hpp"
#include "solve/arc_generation.hpp"
#include "solve/min_cost_flow.hpp"
#include "solve/network_flow.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <queue>
#include <unordered_map>
#include <stdexcept>

#include <coin/ClpSimplex.hpp>
#include <coin/ClpPrimalColumnSteepest.hpp>
#include <coin/ClpSolve.hpp>
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
// How far below a moved bound a variable's value must stay for the probe to take its basis as
// still feasible without a re-solve (LP units: 1e-6 kt = 1 kg/yr, ten times CLP's primal
// tolerance).
constexpr double kKeptBoundMargin = 1e-6;
constexpr double kMaxMagnitude = 1e12;  // t/yr or USD/t beyond this is a data error, not a plan

/// The arcs a flow may use on some path from `sources` to `sinks`: usable, their tail reachable
/// from a source and their head reaching a sink over usable arcs.
std::vector<char> relevant_arcs(const Network& network, const std::vector<char>& usable, const std::vector<int>& sources,
                                const std::vector<int>& sinks) {
  const int n = network.vertex_count();
  const auto& arcs = network.arcs();
  // Usable arcs out of and into each vertex, in arc order, as offsets into one array each: a
  // vector per vertex cost two allocations per vertex on every LP built and estimated (a fifth
  // of a 100k-link run's time went to malloc and free).
  // The scans test the one-byte mask and read a 56-byte NetworkArc only where it is set: over
  // generated arcs the mask holds a few percent of a large network's arcs, and this runs every
  // round.
  std::vector<int> out_begin(static_cast<std::size_t>(n) + 1, 0), in_begin(static_cast<std::size_t>(n) + 1, 0);
  for (std::size_t a = 0; a < arcs.size(); ++a) {
    if (!usable[a]) continue;
    ++out_begin[static_cast<std::size_t>(arcs[a].tail) + 1];
    ++in_begin[static_cast<std::size_t>(arcs[a].head) + 1];
  }
  for (std::size_t v = 0; v < static_cast<std::size_t>(n); ++v) {
    out_begin[v + 1] += out_begin[v];
    in_begin[v + 1] += in_begin[v];
  }
  std::vector<int> out(static_cast<std::size_t>(out_begin.back())), in(out.size());
  {
    std::vector<int> out_next(out_begin.begin(), out_begin.end() - 1), in_next(in_begin.begin(), in_begin.end() - 1);
    for (std::size_t a = 0; a < arcs.size(); ++a) {
      if (!usable[a]) continue;
      out[static_cast<std::size_t>(out_next[static_cast<std::size_t>(arcs[a].tail)]++)] = static_cast<int>(a);
      in[static_cast<std::size_t>(in_next[static_cast<std::size_t>(arcs[a].head)]++)] = static_cast<int>(a);
    }
  }
  auto sweep = [&](const std::vector<int>& start, bool forward) {
    const auto& begin = forward ? out_begin : in_begin;
    const auto& adjacent = forward ? out : in;
    std::vector<char> seen(static_cast<std::size_t>(n), 0);
    std::vector<int> queue;  // breadth first: a vertex once, in the order it is reached
    for (int v : start) {
      if (!seen[static_cast<std::size_t>(v)]) {
        seen[static_cast<std::size_t>(v)] = 1;
        queue.push_back(v);
      }
    }
    for (std::size_t next = 0; next < queue.size(); ++next) {
      const auto v = static_cast<std::size_t>(queue[next]);
      for (int i = begin[v]; i < begin[v + 1]; ++i) {
        const auto& arc = arcs[static_cast<std::size_t>(adjacent[static_cast<std::size_t>(i)])];
        const int w = forward ? arc.head : arc.tail;
        if (!seen[static_cast<std::size_t>(w)]) {
          seen[static_cast<std::size_t>(w)] = 1;
          queue.push_back(w);
        }
      }
    }
    return seen;
  };
  const auto from_sources = sweep(sources, true);
  const auto to_sinks = sweep(sinks, false);
  std::vector<char> relevant(arcs.size(), 0);
  for (std::size_t a = 0; a < arcs.size(); ++a) {
    relevant[a] = usable[a] && from_sources[static_cast<std::size_t>(arcs[a].tail)] &&
                  to_sinks[static_cast<std::size_t>(arcs[a].head)];
  }
  return relevant;
}

/// The arcs a class may use on some path from its sources to its sinks.
std::vector<char> relevant_arcs(const Network& network, const FlowClass& c) {
  return relevant_arcs(network, c.arc_usable, c.sources, c.sinks);
}

/// The sinks of every member of a commodity, in member order.
std::vector<int> member_sinks(const std::vector<FlowClass>& classes, const std::vector<int>& members) {
  std::vector<int> sinks;
  for (int k : members) {
    const auto& more = classes[static_cast<std::size_t>(k)].sinks;
    sinks.insert(sinks.end(), more.begin(), more.end());
  }
  return sinks;
}

// --- Commodities (flow_lp.hpp): what classes must share to share arc columns -------------------

std::vector<int> sorted(std::vector<int> v) {
  std::sort(v.begin(), v.end());
  return v;
}

/// A class's weights in the per-class rows over arcs (on its arc columns), by row. Its weights
/// in caps on delivered tonnes sit on its own sink columns and need not be shared.
std::vector<CountedRow> arc_counted_rows(const Network& network, const FlowClass& c) {
  std::vector<CountedRow> out;
  for (const CountedRow& counted : c.counted_rows) {
    if (counted.weight != 0 && !network.rows()[static_cast<std::size_t>(counted.row)].arcs.empty()) out.push_back(counted);
  }
  std::sort(out.begin(), out.end(), [](const CountedRow& a, const CountedRow& b) { return a.row < b.row; });
  return out;
}

/// FNV-1a over what a commodity's members must share, to find candidates quickly.
std::uint64_t commodity_hash(const Network& network, const FlowClass& c) {
  std::uint64_t h = 1469598103934665603ULL;
  auto mix = [&h](const void* data, std::size_t bytes) {
    const auto* p = static_cast<const unsigned char*>(data);
    for (std::size_t i = 0; i < bytes; ++i) h = (h ^ p[i]) * 1099511628211ULL;
  };
  auto mix_double = [&mix](double v) {
    if (v == 0) v = 0;  // -0 and 0 are the same cost
    mix(&v, sizeof v);
  };
  for (int v : sorted(c.sources)) mix(&v, sizeof v);
  mix(c.arc_usable.data(), c.arc_usable.size());
  mix_double(c.source_cost_usd_per_t);
  for (std::size_t a = 0; a < c.arc_extra_cost_usd_per_t.size(); ++a) {
    if (c.arc_extra_cost_usd_per_t[a] == 0) continue;
    mix(&a, sizeof a);
    mix_double(c.arc_extra_cost_usd_per_t[a]);
  }
  for (const CountedRow& counted : arc_counted_rows(network, c)) {
    mix(&counted.row, sizeof counted.row);
    mix_double(counted.weight);
  }
  return h;
}

bool same_commodity(const Network& network, const FlowClass& a, const FlowClass& b) {
  if (a.source_cost_usd_per_t != b.source_cost_usd_per_t || a.arc_usable != b.arc_usable) return false;
  if (sorted(a.sources) != sorted(b.sources)) return false;
  if (!a.arc_extra_cost_usd_per_t.empty() || !b.arc_extra_cost_usd_per_t.empty()) {
    for (std::size_t arc = 0; arc < a.arc_usable.size(); ++arc) {
      if (a.extra_cost(arc) != b.extra_cost(arc)) return false;
    }
  }
  const auto rows_a = arc_counted_rows(network, a), rows_b = arc_counted_rows(network, b);
  return std::equal(rows_a.begin(), rows_a.end(), rows_b.begin(), rows_b.end(),
                    [](const CountedRow& x, const CountedRow& y) { return x.row == y.row && x.weight == y.weight; });
}

/// The coefficients e_{k,r,a} and e_{k,r,T} of the rows (see flow_lp.hpp), arc by arc, shared
/// by every class; a class brings only its counted weights v_{k,r}.
class RowCoefficients {
 public:
  // Each arc's entries in row order, as offsets into one array (not a vector per arc: 2 M
  // allocations at 1M links, on every LP built and estimated).
  explicit RowCoefficients(const Network& network)
      : row_count_(network.rows().size()), arc_begin_(network.arcs().size() + 1, 0) {
    const auto& rows = network.rows();
    for (const CapacityRow& row : rows) {
      for (int a : row.arcs) ++arc_begin_[static_cast<std::size_t>(a) + 1];
    }
    for (std::size_t a = 0; a + 1 < arc_begin_.size(); ++a) arc_begin_[a + 1] += arc_begin_[a];
    entries_.resize(arc_begin_.back());
    std::vector<std::size_t> next(arc_begin_.begin(), arc_begin_.end() - 1);
    for (std::size_t r = 0; r < rows.size(); ++r) {
      const CapacityRow& row = rows[r];
      if (row.per_class && row.arcs.empty()) delivery_rows_.push_back({static_cast<int>(r), row.period});
      for (std::size_t i = 0; i < row.arcs.size(); ++i) {
        entries_[next[static_cast<std::size_t>(row.arcs[i])]++] = {static_cast<int>(r), row.weight(i), row.per_class};
      }
    }
  }

  /// v_{k,r} per network row (0: the class does not count in it); empty when the class counts
  /// in no row, as most do (a dense vector per class would cost 8 bytes per row and class).
  std::vector<double> counted(const FlowClass& c) const {
    if (c.counted_rows.empty()) return {};
    std::vector<double> v(row_count_, 0.0);
    for (const CountedRow& counted : c.counted_rows) v[static_cast<std::size_t>(counted.row)] = counted.weight;
    return v;
  }
  /// Calls f(r, e_{k,r,a}) for each row r with a nonzero coefficient of the class on arc a.
  template <class F>
  void on_arc(std::size_t arc, const std::vector<double>& counted, F&& f) const {
    for (std::size_t i = arc_begin_[arc]; i < arc_begin_[arc + 1]; ++i) {
      const Entry& e = entries_[i];
      if (e.per_class && counted.empty()) continue;
      const double coefficient = e.per_class ? e.weight * counted[static_cast<std::size_t>(e.row)] : e.weight;
      if (coefficient != 0) f(e.row, coefficient);
    }
  }
  /// Calls f(r) for each row over arc a that is not per class, in row order.
  template <class F>
  void rows_on_arc(std::size_t arc, F&& f) const {
    for (std::size_t i = arc_begin_[arc]; i < arc_begin_[arc + 1]; ++i) {
      const Entry& e = entries_[i];
      if (!e.per_class) f(e.row);
    }
  }
  /// Calls f(r, e_{k,r,T}) for each row counting the class's tonnes delivered in `period` (a
  /// row of the whole year, period -1, counts every delivery).
  template <class F>
  void on_delivered(const std::vector<double>& counted, int period, F&& f) const {
    if (counted.empty()) return;
    for (const DeliveryRow& d : delivery_rows_) {
      if (d.period >= 0 && d.period != period) continue;
      if (counted[static_cast<std::size_t>(d.row)] != 0) f(d.row, counted[static_cast<std::size_t>(d.row)]);
    }
  }

 private:
  struct Entry {
    int row;
    double weight;
    bool per_class;
  };
  struct DeliveryRow {
    int row;
    int period;
  };
  std::size_t row_count_;
  std::vector<std::size_t> arc_begin_;  // arc a's entries: entries_[arc_begin_[a], arc_begin_[a + 1])
  std::vector<Entry> entries_;
  std::vector<DeliveryRow> delivery_rows_;
};

}  // namespace

struct FlowLpTables {
  explicit FlowLpTables(const Network& network) : coefficients(network) {}
  RowCoefficients coefficients;
};

namespace {

/// Group index g (0, 1, ... by first appearance) of each class, the first class of each group,
/// and each group's slots (routing: its first class's slot supplies, at least one; max flow: one).
struct Groups {
  std::vector<int> of_class;
  std::vector<int> first;
  std::vector<int> slots;
  Groups(const std::vector<FlowClass>& classes, bool max_flow) {
    find(classes, max_flow);
    for (int f : first) {
      const auto& supplies = classes[static_cast<std::size_t>(f)].slot_supply_t;
      slots.push_back(max_flow || supplies.empty() ? 1 : static_cast<int>(supplies.size()));
    }
  }
  void find(const std::vector<FlowClass>& classes, bool max_flow) {
    std::map<int, int> index;  // FlowClass::group -> g
    for (std::size_t k = 0; k < classes.size(); ++k) {
      const int id = max_flow ? 0 : classes[k].group;
      const auto found = id >= 0 ? index.find(id) : index.end();
      if (found != index.end()) {
        of_class.push_back(found->second);
        continue;
      }
      const int g = static_cast<int>(first.size());
      if (id >= 0) index.emplace(id, g);
      of_class.push_back(g);
      first.push_back(static_cast<int>(k));
    }
  }
};

/// Columns and nonzeros of one class (see FlowLp::build): per usable arc its two conservation
/// entries and its row coefficients; per source two entries; per sink two and its delivery rows.
void count_class(const Network& network, const RowCoefficients& coefficients, const FlowClass& c, bool compact,
                 LpSize& size) {
  const auto relevant = relevant_arcs(network, c);
  const auto counted = coefficients.counted(c);
  // Compact: a row per vertex a column touches (FlowLp's `compact`), else one per vertex.
  std::vector<char> touched(compact ? static_cast<std::size_t>(network.vertex_count()) : 0, 0);
  for (int v : c.sinks) {
    size.nonzeros += 2;
    coefficients.on_delivered(counted, network.vertex(v).period, [&](int, double) { ++size.nonzeros; });
    if (compact) touched[static_cast<std::size_t>(v)] = 1;
  }
  for (std::size_t a = 0; a < relevant.size(); ++a) {
    if (!relevant[a]) continue;
    const NetworkArc& arc = network.arcs()[a];
    size.columns += 1;
    size.nonzeros += 2;
    coefficients.on_arc(static_cast<std::size_t>(arc.index), counted, [&](int, double) { ++size.nonzeros; });
    if (compact) touched[static_cast<std::size_t>(arc.tail)] = touched[static_cast<std::size_t>(arc.head)] = 1;
  }
  for (int v : c.sources) {
    if (compact) touched[static_cast<std::size_t>(v)] = 1;
  }
  size.columns += c.sources.size() + c.sinks.size();
  size.nonzeros += 2 * c.sources.size();
  size.rows += (compact ? static_cast<std::size_t>(std::count(touched.begin(), touched.end(), 1))
                        : static_cast<std::size_t>(network.vertex_count())) +
               2;
}

/// Columns, nonzeros and vertex rows of one commodity of an aggregated routing LP (see
/// FlowLp::build_aggregated): per arc its members may use on a path from the sources to some
/// member's sink, two conservation entries and its row coefficients; per source one entry; per
/// member sink two and the member's delivery rows; a row per vertex the commodity touches.
void count_commodity(const Network& network, const RowCoefficients& coefficients, const std::vector<FlowClass>& classes,
                     const std::vector<int>& members, LpSize& size) {
  const FlowClass& lead = classes[static_cast<std::size_t>(members.front())];
  const auto relevant = relevant_arcs(network, lead.arc_usable, lead.sources, member_sinks(classes, members));
  std::vector<char> touched(static_cast<std::size_t>(network.vertex_count()), 0);
  const auto lead_counted = coefficients.counted(lead);
  for (std::size_t a = 0; a < relevant.size(); ++a) {
    if (!relevant[a]) continue;
    const NetworkArc& arc = network.arcs()[a];
    size.columns += 1;
    size.nonzeros += 2;
    touched[static_cast<std::size_t>(arc.tail)] = touched[static_cast<std::size_t>(arc.head)] = 1;
    coefficients.on_arc(static_cast<std::size_t>(arc.index), lead_counted, [&](int, double) { ++size.nonzeros; });
  }
  for (int v : lead.sources) touched[static_cast<std::size_t>(v)] = 1;
  size.columns += lead.sources.size();
  size.nonzeros += lead.sources.size();
  for (int k : members) {
    const FlowClass& c = classes[static_cast<std::size_t>(k)];
    const auto counted = coefficients.counted(c);
    for (int v : c.sinks) {
      touched[static_cast<std::size_t>(v)] = 1;
      size.columns += 1;
      size.nonzeros += 2;
      coefficients.on_delivered(counted, network.vertex(v).period, [&](int, double) { ++size.nonzeros; });
    }
  }
  size.rows += static_cast<std::size_t>(std::count(touched.begin(), touched.end(), 1));
}

std::vector<std::vector<double>> split_flow(const Network& network, std::vector<double>& remaining,
                                            std::vector<double>& source_left, const std::vector<std::vector<int>>& member_sinks,
                                            const std::vector<std::vector<double>>& member_sink_t, const PathSink& on_path);

/// Runs CLP's primal simplex on `model` within `limits` (the per-solve cap and the deadline).
/// `start_finish`: CLP's startFinishOptions (1 keep the factorisation and work arrays at the end,
/// 2 start from the kept factorisation, 4 skip re-initialising what did not change).
SolveStatus run_primal(ClpSimplex& model, const SolveLimits& limits, int start_finish = 0);
/// Runs CLP's dual simplex on `model` from the basis it holds, within `limits`.
SolveStatus run_dual(ClpSimplex& model, const SolveLimits& limits, int start_finish = 0);
/// Runs CLP's presolve, dual simplex and postsolve on `model` within `limits`, leaving the
/// optimal basis of the whole model for later warm solves.
SolveStatus run_presolved_dual(ClpSimplex& model, const SolveLimits& limits);

bool within_range(double value) { return std::abs(value) <= kMaxMagnitude; }

/// One LP over all classes (see flow_lp.hpp), in an equivalent form with one super-source S_g
/// and a super-sink T_{g,s} per group g and slot s (max flow: one group of every class, one
/// slot): class k's sources are fed from S_g and each sink drains to the T of its slot, and
/// conservation at the class's own vertices keeps each class balanced.
///   routing:  S_g fixed at sum_s q_{g,s}, T_{g,s} at q_{g,s}; an unserved column
///             z_{g,s}: S_g -> T_{g,s} priced u_g per slot, and a backlog column
///             b_{g,s}: T_{g,s+1} -> T_{g,s} priced l_{g,s} (a tonne arriving for slot s + 1 serves s);
///   max flow: S_g and T_g balanced, a return column T_g -> S_g carrying F.
/// Rows: per class its vertices, then two rows that are S_g and T_{g,0} when the class is its
/// group's first (empty otherwise), then, for a first class, T_{g,1}, ...; then the network's
/// capacity rows. Columns per class: arcs, source arcs, sink arcs, then for a group's first class the
/// group's unserved and backlog columns, or the return column.
class FlowLp {
 public:
  /// `compact`: leave out rows no column uses (sessions re-solve the same LP thousands of
  /// times, and CLP's per-solve work grows with the row count).
  /// `commodities` (routing only): build the aggregated LP over them (build_aggregated), always
  /// compact; null: one commodity per class.
  /// `tables`: the network's, when the caller keeps them between LPs (else built here).
  FlowLp(const Network& network, const std::vector<FlowClass>& classes, bool max_flow, bool compact = false,
         const Commodities* commodities = nullptr, std::shared_ptr<const FlowLpTables> tables = nullptr)
      : network_(network), classes_(classes), max_flow_(max_flow), compact_(compact || commodities != nullptr),
        tables_(tables ? std::move(tables) : std::make_shared<const FlowLpTables>(network)),
        coefficients_(tables_->coefficients), groups_(classes, max_flow) {
    if (commodities) commodities_ = *commodities;
  }

  SolveStatus build() {
    if (!magnitudes_in_range()) return SolveStatus::NumericRange;
    if (commodities_) return build_aggregated();
    const int n = network_.vertex_count();
    const auto& rows = network_.rows();
    const int k_count = static_cast<int>(classes_.size());
    class_row_base_.assign(static_cast<std::size_t>(k_count), 0);
    int next_row = 0;
    for (int k = 0; k < k_count; ++k) {
      class_row_base_[static_cast<std::size_t>(k)] = next_row;
      const int g = groups_.of_class[static_cast<std::size_t>(k)];
      next_row += n + 2 + (groups_.first[static_cast<std::size_t>(g)] == k ? groups_.slots[static_cast<std::size_t>(g)] - 1 : 0);
    }
    capacity_row_offset_ = next_row;
    const int row_count = capacity_row_offset_ + static_cast<int>(rows.size());
    row_lower_.assign(static_cast<std::size_t>(row_count), 0.0);
    row_upper_.assign(static_cast<std::size_t>(row_count), 0.0);
    arc_column_.assign(static_cast<std::size_t>(k_count), std::vector<int>(network_.arcs().size(), -1));
    source_column_.resize(static_cast<std::size_t>(k_count));
    sink_column_.resize(static_cast<std::size_t>(k_count));
    unserved_columns_.assign(groups_.first.size(), {});
    backlog_columns_.assign(groups_.first.size(), {});
    return_column_ = -1;
    counted_.resize(static_cast<std::size_t>(k_count));
    for (int k = 0; k < k_count; ++k) add_class(k);
    normalise_rows();
    for (std::size_t r = 0; r < rows.size(); ++r) {
      const double bound = rows[r].spare() / row_scale_[r];
      if (!(rows[r].capacity_t_per_yr / row_scale_[r] <= kMaxMagnitude)) return SolveStatus::NumericRange;
      row_lower_[capacity_row_offset_ + r] = -COIN_DBL_MAX;
      row_upper_[capacity_row_offset_ + r] = bound * kScale;
    }
    for (std::size_t g = 0; g < groups_.first.size() && !max_flow_; ++g) {
      const auto supplies = slot_supplies(static_cast<int>(g));
      double total_lp = 0;
      for (int slot = 0; slot < groups_.slots[g]; ++slot) {
        const double supply_lp = supplies[static_cast<std::size_t>(slot)] * kScale;
        total_lp += supply_lp;
        row_lower_[static_cast<std::size_t>(t_row(static_cast<int>(g), slot))] = -supply_lp;
        row_upper_[static_cast<std::size_t>(t_row(static_cast<int>(g), slot))] = -supply_lp;
      }
      row_lower_[static_cast<std::size_t>(s_row(static_cast<int>(g)))] = total_lp;
      row_upper_[static_cast<std::size_t>(s_row(static_cast<int>(g)))] = total_lp;
    }
    load(row_count);
    return SolveStatus::Optimal;
  }

  /// Over time, CLP's crash first: a time-expanded LP is long chains of periods, and a starting
  /// basis of slacks makes the primal simplex walk them pivot by pivot (3.3 s against 1.1 s for
  /// a 365-day routing). One-period LPs start from slacks, as they always have.
  ///
  /// A large one-period LP goes through CLP's presolve and then the dual simplex
  /// (SolveLimits::presolve_dual_from_columns), each time: the presolve folds the chains of a
  /// large network's vertex rows. On the 10k-link benchmark network `run --verify` takes 8.8 s
  /// CPU this way against 17.1 s by the primal simplex, and 12.2 s when only the first solve is
  /// presolved and the second (the cheapest flow at the maximum) starts from its basis; the
  /// bytes out are the same. On the bundled scenarios' LPs of a few hundred columns the
  /// presolve costs more than it saves.
  SolveStatus run(const SolveLimits& limits, int start_finish = 0) {
    if (network_.horizon()) {
      model_.crash(1000, 1);
    } else if (model_.numberColumns() >= limits.presolve_dual_from_columns) {
      return run_presolved_dual(model_, limits);
    } else if (start_from_cheapest_paths()) {
      const SolveStatus status = run_dual(model_, limits, start_finish);
      if (status == SolveStatus::Optimal || status == SolveStatus::LimitReached) return status;
      // Not expected (the start is dual feasible wherever a path reaches): anything else is
      // solved again from slacks, as before, rather than reported from this start.
      model_.allSlackBasis(true);
    }
    return run_primal(model_, limits, start_finish);
  }

  /// Routing, one period: the starting basis of each commodity's cheapest paths, for the dual
  /// simplex. The conservation rows are a graph: a column with +1 in row u and -1 in row v is an
  /// arc u -> v at its cost, one with only a -1 (a source, an unserved tonne) an arc from a
  /// ground node outside the LP. Let d be the cheapest-path distance from the roots (the ground,
  /// and each S_g row, whose supply the T rows balance) and take as basic, for every other row
  /// the path reaches, the column it is reached by (its tree arc), and for the roots, the rows
  /// no path reaches and the capacity rows, the row's slack. That is one basic variable per row,
  /// and the tree arcs with the roots' slacks are a nonsingular basis (a spanning forest of the
  /// rows). Its duals are y_r = -d(r) on conservation rows and 0 on capacity rows, so each
  /// column's reduced cost is c_j + d(u) - d(v) >= 0 (d is a shortest-path distance): the basis
  /// is dual feasible, its flow is every demand sent the cheapest way regardless of capacity,
  /// and the dual simplex only has to repair the capacities it breaks. The bundled routing LP
  /// (618 rows, 959 columns) took 426 primal pivots from slacks and takes 2 dual pivots from
  /// this basis; the background routing, 34 and 0. Not for time-expanded LPs (CLP's crash, in
  /// run) or for negative costs (false: no such start); unreached rows (empty, or behind closed
  /// arcs only) keep their slacks, and CLP's dual simplex mends any dual infeasibility they
  /// leave.
  ///
  /// Which of several equally cheap optima, and which of several optimal duals, the simplex ends
  /// at depends on where it starts (docs/design.md, "The routing LP starts from cheapest paths"):
  /// on the bundled scenarios a transload on the other side of the same border, at the same
  /// cost, and one degenerate shadow price, which from here is the saving from one more tonne of
  /// capacity (checked by a re-solve) where the primal simplex from slacks had reported the cost
  /// of one tonne less.
  bool start_from_cheapest_paths() {
    if (max_flow_) return false;
    const int rows = model_.numberRows();
    const int columns = model_.numberColumns();
    // Vertex and slot rows (conservation) come first in the LP, then the capacity rows.
    int conservation = 0;
    for (int r = 0; r < capacity_row_offset_; ++r) conservation += row_map_[static_cast<std::size_t>(r)] >= 0 ? 1 : 0;
    const CoinPackedMatrix* matrix = model_.matrix();
    const double* element = matrix->getElements();
    const int* row_index = matrix->getIndices();
    const CoinBigIndex* start = matrix->getVectorStarts();
    const int* length = matrix->getVectorLengths();
    const double* cost = model_.objective();
    const double* lower = model_.columnLower();
    // Each column as an arc between conservation rows: +1 where it leaves, -1 where it enters;
    // a column with only one of them joins the ground node (index `conservation`).
    const int ground = conservation;
    std::vector<int> from(static_cast<std::size_t>(columns), -1), to(static_cast<std::size_t>(columns), -1);
    std::vector<int> degree(static_cast<std::size_t>(conservation) + 2, 0);
    for (int j = 0; j < columns; ++j) {
      int out = ground, in = ground, seen = 0;
      for (CoinBigIndex i = start[j]; i < start[j] + length[j]; ++i) {
        const int r = row_index[i];
        if (r >= conservation) continue;
        ++seen;
        if (element[i] == 1.0) out = r;
        else if (element[i] == -1.0) in = r;
        else return false;
      }
      if (seen > 2 || (seen == 2 && (out == ground || in == ground))) return false;
      if (lower[j] != 0.0) return false;
      if (seen == 0) continue;
      if (!(cost[j] >= 0)) return false;
      from[static_cast<std::size_t>(j)] = out;
      to[static_cast<std::size_t>(j)] = in;
      ++degree[static_cast<std::size_t>(out)];
    }
    std::vector<int> first(static_cast<std::size_t>(conservation) + 2, 0);
    for (int v = 0; v <= conservation; ++v) first[static_cast<std::size_t>(v) + 1] = first[static_cast<std::size_t>(v)] + degree[static_cast<std::size_t>(v)];
    std::vector<int> out_column(static_cast<std::size_t>(first[static_cast<std::size_t>(conservation) + 1]));
    {
      std::vector<int> next(first.begin(), first.end() - 1);
      for (int j = 0; j < columns; ++j) {
        if (from[static_cast<std::size_t>(j)] >= 0) out_column[static_cast<std::size_t>(next[static_cast<std::size_t>(from[static_cast<std::size_t>(j)])]++)] = j;
      }
    }
    std::vector<double> distance(static_cast<std::size_t>(conservation) + 1, std::numeric_limits<double>::infinity());
    std::vector<int> through(static_cast<std::size_t>(conservation) + 1, -1);
    using Item = std::pair<double, int>;
    std::priority_queue<Item, std::vector<Item>, std::greater<>> heap;
    // Roots: the ground, and every row that supplies flow (S_g when classes are not aggregated:
    // its equation is balanced by the T rows, so one row per group keeps its slack basic).
    const double* row_lower = model_.rowLower();
    std::vector<char> root(static_cast<std::size_t>(conservation) + 1, 0);
    root[static_cast<std::size_t>(ground)] = 1;
    for (int r = 0; r < conservation; ++r) root[static_cast<std::size_t>(r)] = row_lower[r] > 0;
    for (int v = 0; v <= conservation; ++v) {
      if (!root[static_cast<std::size_t>(v)]) continue;
      distance[static_cast<std::size_t>(v)] = 0;
      heap.emplace(0.0, v);
    }
    while (!heap.empty()) {
      const auto [d, v] = heap.top();
      heap.pop();
      if (d != distance[static_cast<std::size_t>(v)]) continue;
      for (int e = first[static_cast<std::size_t>(v)]; e < first[static_cast<std::size_t>(v) + 1]; ++e) {
        const int j = out_column[static_cast<std::size_t>(e)];
        const int w = to[static_cast<std::size_t>(j)];
        const double nd = d + cost[j];
        if (nd < distance[static_cast<std::size_t>(w)]) {
          distance[static_cast<std::size_t>(w)] = nd;
          through[static_cast<std::size_t>(w)] = j;
          heap.emplace(nd, w);
        }
      }
    }
    // A row no path reaches (an empty vertex row, or one behind closed arcs only) keeps its slack
    // basic, as a root of its own.
    for (int r = 0; r < conservation; ++r) {
      if (through[static_cast<std::size_t>(r)] < 0) root[static_cast<std::size_t>(r)] = 1;
    }
    for (int j = 0; j < columns; ++j) model_.setColumnStatus(j, ClpSimplex::atLowerBound);
    for (int r = 0; r < rows; ++r) {
      model_.setRowStatus(r, r < conservation && !root[static_cast<std::size_t>(r)] ? ClpSimplex::atLowerBound : ClpSimplex::basic);
    }
    for (int r = 0; r < conservation; ++r) {
      if (!root[static_cast<std::size_t>(r)]) model_.setColumnStatus(through[static_cast<std::size_t>(r)], ClpSimplex::basic);
    }
    return true;
  }

  /// Max flow, phase 1: maximise the return flow with zero arc costs.
  void set_max_flow_objective() {
    for (std::size_t j = 0; j < column_cost_.size(); ++j) model_.setObjectiveCoefficient(static_cast<int>(j), 0.0);
    if (const int column = return_column(); column >= 0) model_.setObjectiveCoefficient(column, -1.0);
  }

  /// Max flow, phase 2: hold the value at its maximum and take the cheapest such flow. The
  /// value row gets the maximum as its lower bound: no flow can exceed the maximum, so the
  /// value is exactly the maximum, and the phase-1 optimum is a feasible start. (A slack below
  /// the maximum would be spent, because carrying less is cheaper: the maximum would be reported
  /// short by it, and a dear bottleneck could be emptied. A fixed column, lower = upper, would
  /// leave CLP's basis marking it fixed when later solves free it again.)
  void set_cheapest_at(double value_lp) {
    for (std::size_t j = 0; j < column_cost_.size(); ++j) {
      model_.setObjectiveCoefficient(static_cast<int>(j), column_cost_[j]);
    }
    if (const int column = return_column(); column >= 0) model_.setColumnBounds(column, value_lp, COIN_DBL_MAX);
  }

  /// Max flow: the return flow F in LP units (0 without classes).
  double value_lp() const {
    const int column = return_column();
    return column < 0 ? 0.0 : model_.primalColumnSolution()[column];
  }

  // --- In-place changes and accessors for FlowSession ---------------------------------------

  ClpSimplex& model() { return model_; }
  const ClpSimplex& model() const { return model_; }

  /// The model's current basis, keyed (FlowLpBasis), as if every bound row were a row: a column
  /// at the bound of its bound row is recorded basic and that row at its upper bound, every other
  /// bound row basic. So a basis fits LPs whose bound rows differ (start_from).
  FlowLpBasis keyed_basis() const {
    FlowLpBasis basis;
    const std::size_t arcs = network_.arcs().size();
    std::vector<unsigned char> column_status(static_cast<std::size_t>(model_.numberColumns()));
    for (int j = 0; j < model_.numberColumns(); ++j) {
      column_status[static_cast<std::size_t>(j)] = static_cast<unsigned char>(model_.getColumnStatus(j));
    }
    basis.row.assign(row_map_.size(), FlowLpBasis::kAbsent);
    for (std::size_t i = 0; i < row_map_.size(); ++i) {
      if (row_map_[i] >= 0) basis.row[i] = static_cast<unsigned char>(model_.getRowStatus(row_map_[i]));
    }
    for (std::size_t r = 0; r < bound_column_.size(); ++r) {
      const int column = bound_column_[r];
      if (column < 0) continue;
      unsigned char& row_status = basis.row[static_cast<std::size_t>(capacity_row_offset_) + r];
      row_status = ClpSimplex::basic;
      unsigned char& status = column_status[static_cast<std::size_t>(column)];
      if (bound_sequence(static_cast<int>(r)) == column && status == ClpSimplex::atUpperBound) {
        row_status = ClpSimplex::atUpperBound;
        status = ClpSimplex::basic;
      }
    }
    const auto status = [&](int column) {
      return column < 0 ? FlowLpBasis::kAbsent : column_status[static_cast<std::size_t>(column)];
    };
    basis.arc.assign(arc_column_.size() * arcs, FlowLpBasis::kAbsent);
    for (std::size_t k = 0; k < arc_column_.size(); ++k) {
      for (std::size_t a = 0; a < arcs; ++a) basis.arc[k * arcs + a] = status(arc_column_[k][a]);
    }
    for_each_end_column([&](int column) { basis.end.push_back(status(column)); });
    return basis;
  }

  /// Makes `basis` (keyed_basis of an LP of the same classes over fewer arcs) the start of the
  /// next solve: its columns and rows keep their statuses, new columns start at their lower bound
  /// (0) and new rows with their slack basic. Then the basic count is the row count and the flow
  /// is the old basis's, which every new row holds at 0: primal feasible. False (the model left
  /// as it was) when the basis does not fit, a column or row of it being gone.
  bool start_from(const FlowLpBasis& basis) {
    const std::size_t arcs = network_.arcs().size();
    const int columns = model_.numberColumns();
    std::vector<unsigned char> status(static_cast<std::size_t>(columns + model_.numberRows()), ClpSimplex::atLowerBound);
    bool valid = true;  // every kept status one of CLP's (0 isFree .. 5 isFixed)
    const auto take = [&](int place, unsigned char was, unsigned char fresh) {
      if (was != FlowLpBasis::kAbsent && was > ClpSimplex::isFixed) valid = false;
      if (place >= 0) status[static_cast<std::size_t>(place)] = was == FlowLpBasis::kAbsent ? fresh : was;
    };
    if (basis.arc.size() != arc_column_.size() * arcs || basis.row.size() != row_map_.size()) return false;
    for (std::size_t k = 0; k < arc_column_.size(); ++k) {
      for (std::size_t a = 0; a < arcs; ++a) {
        const int column = arc_column_[k][a];
        const unsigned char was = basis.arc[k * arcs + a];
        if (was != FlowLpBasis::kAbsent && column < 0) return false;
        take(column, was, ClpSimplex::atLowerBound);
      }
    }
    std::size_t i = 0;
    bool fits = true;
    for_each_end_column([&](int column) {
      const unsigned char was = i < basis.end.size() ? basis.end[i] : FlowLpBasis::kAbsent;
      ++i;
      if (was != FlowLpBasis::kAbsent && column < 0) fits = false;
      take(column, was, ClpSimplex::atLowerBound);
    });
    if (!fits || i != basis.end.size()) return false;
    for (std::size_t r = 0; r < row_map_.size(); ++r) {
      const int lp_row = row_map_[r];
      const bool bound_row = r >= static_cast<std::size_t>(capacity_row_offset_) &&
                             bound_column(static_cast<int>(r) - capacity_row_offset_) >= 0;
      if (basis.row[r] != FlowLpBasis::kAbsent && lp_row < 0 && !bound_row) return false;
      take(lp_row < 0 ? -1 : columns + lp_row, basis.row[r], ClpSimplex::basic);
    }
    // A bound row recorded basic goes with its slack; one recorded at its bound puts its column,
    // recorded basic, at that bound, if the row bounds it here.
    for (std::size_t r = 0; r < bound_column_.size(); ++r) {
      const int column = bound_column_[r];
      const unsigned char was = basis.row[static_cast<std::size_t>(capacity_row_offset_) + r];
      if (column < 0 || was == FlowLpBasis::kAbsent || was == ClpSimplex::basic) continue;
      unsigned char& column_status = status[static_cast<std::size_t>(column)];
      if (bound_sequence(static_cast<int>(r)) != column || column_status != ClpSimplex::basic) return false;
      column_status = ClpSimplex::atUpperBound;
    }
    if (!valid) return false;
    std::size_t basic = 0;
    for (unsigned char st : status) basic += st == ClpSimplex::basic ? 1 : 0;
    if (basic != static_cast<std::size_t>(model_.numberRows())) return false;
    model_.copyinStatus(status.data());
    return true;
  }
  bool max_flow() const { return max_flow_; }
  int arc_column(std::size_t k, std::size_t arc) const { return arc_column_[k][arc]; }
  const std::vector<int>& source_columns(std::size_t k) const { return source_column_[k]; }
  const std::vector<int>& sink_columns(std::size_t k) const { return sink_column_[k]; }
  int group_of(std::size_t k) const { return groups_.of_class[k]; }
  int first_of_group(int g) const { return groups_.first[static_cast<std::size_t>(g)]; }
  /// Routing: group g's unserved column per slot.
  const std::vector<int>& unserved_columns(int g) const { return unserved_columns_[static_cast<std::size_t>(g)]; }
  /// Max flow: the return column (-1 without classes).
  int return_column() const { return return_column_; }
  int slot_count(int g) const { return groups_.slots[static_cast<std::size_t>(g)]; }
  /// The supply of each of group g's slots (t), from its first class.
  std::vector<double> slot_supplies(int g) const {
    const FlowClass& head = classes_[static_cast<std::size_t>(groups_.first[static_cast<std::size_t>(g)])];
    return head.slot_supply_t.empty() ? std::vector<double>{head.supply_t_per_yr} : head.slot_supply_t;
  }
  double column_cost(int column) const { return column_cost_[static_cast<std::size_t>(column)]; }
  /// The LP row of network row r, or -1 when the LP left it out (no column uses it) or holds it
  /// as a column's bound (bound_column).
  int capacity_row(int r) const { return row_map_[static_cast<std::size_t>(capacity_row_offset_ + r)]; }
  /// The column network row r bounds (a bound row, move_single_rows_to_bounds), or -1.
  int bound_column(int r) const { return bound_column_.empty() ? -1 : bound_column_[static_cast<std::size_t>(r)]; }
  /// Whether the LP holds network row r, as a row or as a bound.
  bool holds_row(int r) const { return capacity_row(r) >= 0 || bound_column(r) >= 0; }
  /// Network row r's rhs in LP units (its spare / row scale * kScale); r held by the LP.
  double capacity_rhs(int r) const {
    const int lp_row = capacity_row(r);
    return lp_row >= 0 ? model_.rowUpper()[lp_row] : bound_rhs_[static_cast<std::size_t>(r)];
  }
  /// Sets network row r's rhs in LP units; true when the model changed (a bound row that does
  /// not bound its column, before or after, changes nothing).
  bool set_capacity_rhs(int r, double rhs) {
    if (const int lp_row = capacity_row(r); lp_row >= 0) {
      model_.setRowUpper(lp_row, rhs);
      return true;
    }
    const int column = bound_column(r);
    if (column < 0) return false;
    const double before = column_bound(column);
    bound_rhs_[static_cast<std::size_t>(r)] = rhs;
    const double after = column_bound(column);
    if (after == before || closed_[static_cast<std::size_t>(column)]) return false;
    model_.setColumnUpper(column, after);
    return true;
  }
  /// Opens a column (upper bound: its bound rows', else none) or closes it (upper bound 0).
  void set_column_open(int column, bool open) {
    if (!closed_.empty()) closed_[static_cast<std::size_t>(column)] = open ? 0 : 1;
    model_.setColumnUpper(column, open ? column_bound(column) : 0.0);
  }
  /// The simplex variable whose bound is network row r now: the LP row's (columns + row), or
  /// the column a bound row bounds when it is that column's bound_row_of; -1 otherwise.
  int bound_sequence(int r) const {
    if (const int lp_row = capacity_row(r); lp_row >= 0) return model_.numberColumns() + lp_row;
    const int column = bound_column(r);
    return column >= 0 && !closed_[static_cast<std::size_t>(column)] && bound_row_of(column) == r ? column : -1;
  }
  /// Column j's upper bound from its bound rows, min_r rhs_r / v_r (none: COIN_DBL_MAX), whether
  /// open or closed.
  double column_bound(int column) const {
    const int r = bound_row_of(column);
    return r < 0 ? COIN_DBL_MAX : bound_rhs_[static_cast<std::size_t>(r)] / bound_coefficient_[static_cast<std::size_t>(r)];
  }
  /// The divisor of network row r in the LP (its largest coefficient; 1 for unit rows).
  double row_scale(int r) const { return row_scale_[static_cast<std::size_t>(r)]; }
  /// The LP rows of group g's super-source S_g and super-sink T_{g,slot} (-1 when left out).
  int supply_row(int g) const { return row_map_[static_cast<std::size_t>(s_row(g))]; }
  int demand_row(int g, int slot) const { return row_map_[static_cast<std::size_t>(t_row(g, slot))]; }
  /// Records a column's cost for the phases that price columns; `apply` also sets it in the model now.
  void set_column_cost(int column, double cost, bool apply) {
    column_cost_[static_cast<std::size_t>(column)] = cost;
    if (apply) model_.setObjectiveCoefficient(column, cost);
  }
  /// Max flow, after phase 2: back to the phase-1 objective and a free return arc.
  void restore_max_flow_phase() {
    set_max_flow_objective();
    if (const int column = return_column(); column >= 0) model_.setColumnBounds(column, 0.0, COIN_DBL_MAX);
  }

  /// The row duals y_r per unit of each row's own capacity. Twin rows (over the same arcs with
  /// the same weights and the same bound now: a crossing over one link and that link's own row,
  /// when their spares are equal) are one constraint written twice, and the LP's dual may price
  /// either, depending on the basis it stops at. Every twin's price goes to the first of them in
  /// row order, as on LEMON's path (network_flow.hpp): the same dual (every path's length and
  /// sum s_r y_r are unchanged), so reports name one row whichever basis the LP reached.
  /// `merge_twins` false: the LP's own duals, as its rhs ranging needs them.
  std::vector<double> shadow_prices(bool merge_twins = true) const {
    const double* dual = model_.dualRowSolution();
    const double* reduced_cost = model_.dualColumnSolution();
    const auto& rows = network_.rows();
    std::vector<double> y(rows.size());
    const int columns = model_.numberColumns();
    for (std::size_t r = 0; r < rows.size(); ++r) {
      const int sequence = bound_sequence(static_cast<int>(r));
      if (sequence < 0) continue;
      // The LP row is the network row divided by row_scale: its dual is row_scale times y_r. A
      // bound row's dual is its column's reduced cost over v_r: with the row in the LP the column
      // would be basic at its bound, reduced cost 0 = d_j - v_r * dual_r.
      const double lp_dual = sequence >= columns ? dual[sequence - columns]
                                                 : reduced_cost[sequence] / bound_coefficient_[r];
      y[r] = std::max(0.0, -lp_dual) / row_scale_[r];
    }
    for (std::size_t r = 0; merge_twins && r < rows.size(); ++r) {
      if (y[r] > 0) {
        if (const int first = first_twin(static_cast<int>(r)); first >= 0) {
          y[static_cast<std::size_t>(first)] += y[r];
          y[r] = 0;
        }
      }
    }
    return y;
  }

  /// The first row before `r` in row order that is r's twin (see shadow_prices), or -1.
  int first_twin(int r) const {
    const auto& rows = network_.rows();
    const CapacityRow& row = rows[static_cast<std::size_t>(r)];
    if (row.per_class || row.arcs.empty()) return -1;
    const auto terms = [](const CapacityRow& x) {
      std::vector<std::pair<int, double>> t;
      for (std::size_t i = 0; i < x.arcs.size(); ++i) t.emplace_back(x.arcs[i], x.weight(i));
      std::sort(t.begin(), t.end());
      return t;
    };
    int first = -1;
    std::vector<std::pair<int, double>> mine;
    coefficients_.rows_on_arc(static_cast<std::size_t>(row.arcs[0]), [&](int other) {
      if (first >= 0 || other >= r) return;
      const CapacityRow& twin = rows[static_cast<std::size_t>(other)];
      if (twin.arcs.size() != row.arcs.size() || twin.unit != row.unit || twin.period != row.period || !holds_row(other) ||
          row_scale_[static_cast<std::size_t>(other)] != row_scale_[static_cast<std::size_t>(r)] ||
          capacity_rhs(other) != capacity_rhs(r))
        return;
      if (mine.empty()) mine = terms(row);
      if (terms(twin) == mine) first = other;
    });
    return first;
  }

  /// The solution at the costs recorded by set_column_cost (the network's, unless a session
  /// changed them); objective and row_shadow are left to the caller.
  void extract(FlowSolution& solution) const {
    if (commodities_) {
      extract_aggregated(solution);
      return;
    }
    const double* x = model_.primalColumnSolution();
    solution.classes.resize(classes_.size());
    solution.row_use.assign(network_.rows().size(), 0.0);
    solution.transport_cost_usd_per_yr = 0;
    solution.source_cost_usd_per_yr = 0;
    solution.backlog_cost_usd_per_yr = 0;
    for (std::size_t k = 0; k < classes_.size(); ++k) {
      ClassFlow& flow = solution.classes[k];
      flow.arc_t_per_yr.assign(network_.arcs().size(), 0.0);
      for (std::size_t a = 0; a < flow.arc_t_per_yr.size(); ++a) {
        const int column = arc_column_[k][a];
        if (column < 0) continue;
        const double value = clean(x[column]);
        flow.arc_t_per_yr[a] = value;
        solution.transport_cost_usd_per_yr += value * column_cost(column);
        coefficients_.on_arc(a, counted_[k], [&](int r, double e) { solution.row_use[static_cast<std::size_t>(r)] += e * value; });
      }
      flow.source_t_per_yr.clear();
      for (int column : source_column_[k]) {
        flow.source_t_per_yr.push_back(column < 0 ? 0.0 : clean(x[column]));
        if (column >= 0) solution.source_cost_usd_per_yr += flow.source_t_per_yr.back() * column_cost(column);
      }
      flow.sink_t_per_yr.clear();
      flow.delivered_t_per_yr = 0;
      const FlowClass& c = classes_[k];
      for (std::size_t j = 0; j < sink_column_[k].size(); ++j) {
        const int column = sink_column_[k][j];
        const double value = column < 0 ? 0.0 : clean(x[column]);
        flow.sink_t_per_yr.push_back(value);
        flow.delivered_t_per_yr += value;
        coefficients_.on_delivered(counted_[k], network_.vertex(c.sinks[j]).period, [&](int r, double e) {
          solution.row_use[static_cast<std::size_t>(r)] += e * value;
        });
      }
      flow.unserved_t_per_yr = unserved_t_per_yr(k);
      flow.slot_unserved_t.clear();
      flow.slot_backlog_t.clear();
      if (max_flow_ || !is_group_head(k)) continue;
      const auto g = static_cast<std::size_t>(groups_.of_class[k]);
      for (int column : unserved_columns_[g]) flow.slot_unserved_t.push_back(clean(x[column]));
      for (int column : backlog_columns_[g]) {
        flow.slot_backlog_t.push_back(clean(x[column]));
        solution.backlog_cost_usd_per_yr += flow.slot_backlog_t.back() * column_cost(column);
      }
    }
  }

  bool is_group_head(std::size_t k) const {
    return groups_.first[static_cast<std::size_t>(groups_.of_class[k])] == static_cast<int>(k);
  }

  /// The unserved tonnes of k's group, over its slots, when k is its first class (routing), else 0.
  double unserved_t_per_yr(std::size_t k) const {
    if (max_flow_ || !is_group_head(k)) return 0.0;
    double total = 0;
    for (int column : unserved_columns_[static_cast<std::size_t>(groups_.of_class[k])]) {
      total += clean(model_.primalColumnSolution()[column]);
    }
    return total;
  }

  /// Group g's backlog cost sum_s l_{g,s} b_{g,s} (USD) at the current solution.
  double backlog_cost_usd(int g) const {
    double total = 0;
    for (int column : backlog_columns_[static_cast<std::size_t>(g)]) {
      total += clean(model_.primalColumnSolution()[column]) * column_cost(column);
    }
    return total;
  }

  /// A column value in t/yr, with solver noise below 1e-9 (LP units) set to 0.
  static double clean(double v) { return std::abs(v) < 1e-9 ? 0.0 : v / kScale; }

 private:
  bool magnitudes_in_range() const { return lp_inputs_in_range(network_, classes_); }

  /// The logical rows S_g and T_{g,slot} of group g.
  int s_row(int g) const {
    return class_row_base_[static_cast<std::size_t>(groups_.first[static_cast<std::size_t>(g)])] + network_.vertex_count();
  }
  int t_row(int g, int slot) const {
    if (commodities_) return group_row_base_[static_cast<std::size_t>(g)] + slot;
    return s_row(g) + 1 + slot;
  }

  /// Class k's columns. Conservation rows read out - in = 0 at every vertex; S_g: out - in =
  /// supply, T_{g,s}: out - in = -q_{g,s} (routing), both 0 (max flow).
  void add_class(int k) {
    const FlowClass& c = classes_[static_cast<std::size_t>(k)];
    const auto kk = static_cast<std::size_t>(k);
    const int base = class_row_base_[kk];
    const int g = groups_.of_class[kk];
    const int first = groups_.first[static_cast<std::size_t>(g)];
    const int s = s_row(g);
    const auto relevant = relevant_arcs(network_, c);
    counted_[kk] = coefficients_.counted(c);
    // Over time a class enters at its origins and leaves at its destinations in every period:
    // sources no usable arc leaves and sinks no usable arc reaches get no column (-1), which keeps
    // the LP near the size of the arcs it may use. (One-period LPs keep every column, as before.)
    const bool prune = network_.horizon() != nullptr;
    std::vector<char> leaves(prune ? static_cast<std::size_t>(network_.vertex_count()) : 0, 0);
    std::vector<char> reached(leaves.size(), 0);
    add_arc_columns(c, base, relevant, counted_[kk], arc_column_[kk], leaves, reached);
    std::vector<std::pair<int, double>> entries;
    for (int v : c.sources) {
      const bool useless = prune && !leaves[static_cast<std::size_t>(v)];
      source_column_[kk].push_back(useless ? -1 : add_column(c.source_cost_usd_per_t, {{s, 1.0}, {base + v, -1.0}}));
    }
    for (std::size_t j = 0; j < c.sinks.size(); ++j) {
      const int v = c.sinks[j];
      if (prune && !reached[static_cast<std::size_t>(v)]) {
        sink_column_[kk].push_back(-1);
        continue;
      }
      const int slot = max_flow_ || c.sink_slots.empty() ? 0 : c.sink_slots[j];
      if (slot < 0 || slot >= groups_.slots[static_cast<std::size_t>(g)]) {
        throw std::invalid_argument("flow class sink serves slot " + std::to_string(slot) + " of a group with " +
                                    std::to_string(groups_.slots[static_cast<std::size_t>(g)]));
      }
      entries = {{base + v, 1.0}, {t_row(g, slot), -1.0}};
      coefficients_.on_delivered(counted_[kk], network_.vertex(v).period,
                                 [&](int r, double e) { entries.emplace_back(capacity_row_offset_ + r, e); });
      sink_column_[kk].push_back(add_column(0, entries));
    }
    if (first != k) return;
    if (max_flow_) {
      // The return arc T_g -> S_g closes the circulation (its cost is set per phase).
      return_column_ = add_column(0, {{t_row(g, 0), 1.0}, {s, -1.0}});
      return;
    }
    // Per slot, the unserved arc S_g -> T_{g,s} takes what the group does not deliver; the
    // backlog arc T_{g,s+1} -> T_{g,s} lets a later slot's arrivals serve slot s.
    const int slots = groups_.slots[static_cast<std::size_t>(g)];
    for (int slot = 0; slot < slots; ++slot) {
      unserved_columns_[static_cast<std::size_t>(g)].push_back(
          add_column(c.unserved_cost_usd_per_t, {{s, 1.0}, {t_row(g, slot), -1.0}}));
    }
    if (c.backlog_cost_usd_per_t.empty()) return;
    if (c.backlog_cost_usd_per_t.size() + 1 != static_cast<std::size_t>(slots)) {
      throw std::invalid_argument("flow class backlog costs must number one less than its slots");
    }
    for (int slot = 0; slot + 1 < slots; ++slot) {
      backlog_columns_[static_cast<std::size_t>(g)].push_back(add_column(
          c.backlog_cost_usd_per_t[static_cast<std::size_t>(slot)], {{t_row(g, slot + 1), 1.0}, {t_row(g, slot), -1.0}}));
    }
  }

  // --- The aggregated routing LP (flow_lp.hpp) -----------------------------------------------
  //
  // Rows: per commodity c a conservation row per vertex; per group g a row T_{g,s} per slot;
  // then the network's capacity rows (compact: rows no column uses are left out). Columns: per
  // commodity its arcs and its sources (fed freely at its source cost), then per member class its
  // sinks (commodity vertex -> the member's T_{g,s}); then per group its unserved and backlog
  // columns. T_{g,s}: out - in = -q_{g,s}, so per slot the group's arrivals, backlog change and
  // unserved tonnes make up its supply, as in the per-class LP.

  SolveStatus build_aggregated() {
    const int n = network_.vertex_count();
    const auto& rows = network_.rows();
    const std::size_t commodity_count = commodities_->members.size();
    int next_row = 0;
    commodity_row_base_.assign(commodity_count, 0);
    for (std::size_t c = 0; c < commodity_count; ++c) {
      commodity_row_base_[c] = next_row;
      next_row += n;
    }
    group_row_base_.assign(groups_.first.size(), 0);
    for (std::size_t g = 0; g < groups_.first.size(); ++g) {
      group_row_base_[g] = next_row;
      next_row += groups_.slots[g];
    }
    capacity_row_offset_ = next_row;
    const int row_count = capacity_row_offset_ + static_cast<int>(rows.size());
    row_lower_.assign(static_cast<std::size_t>(row_count), 0.0);
    row_upper_.assign(static_cast<std::size_t>(row_count), 0.0);
    commodity_arc_column_.assign(commodity_count, {});
    commodity_source_column_.assign(commodity_count, {});
    commodity_counted_.assign(commodity_count, {});
    sink_column_.assign(classes_.size(), {});
    unserved_columns_.assign(groups_.first.size(), {});
    backlog_columns_.assign(groups_.first.size(), {});
    return_column_ = -1;
    for (std::size_t c = 0; c < commodity_count; ++c) add_commodity(c);
    for (std::size_t g = 0; g < groups_.first.size(); ++g) add_group_columns(static_cast<int>(g));
    normalise_rows();
    for (std::size_t r = 0; r < rows.size(); ++r) {
      if (!(rows[r].capacity_t_per_yr / row_scale_[r] <= kMaxMagnitude)) return SolveStatus::NumericRange;
      row_lower_[capacity_row_offset_ + r] = -COIN_DBL_MAX;
      row_upper_[capacity_row_offset_ + r] = rows[r].spare() / row_scale_[r] * kScale;
    }
    for (std::size_t g = 0; g < groups_.first.size(); ++g) {
      const auto supplies = slot_supplies(static_cast<int>(g));
      for (int slot = 0; slot < groups_.slots[g]; ++slot) {
        const double supply_lp = supplies[static_cast<std::size_t>(slot)] * kScale;
        row_lower_[static_cast<std::size_t>(t_row(static_cast<int>(g), slot))] = -supply_lp;
        row_upper_[static_cast<std::size_t>(t_row(static_cast<int>(g), slot))] = -supply_lp;
      }
    }
    load(row_count);
    return SolveStatus::Optimal;
  }

  /// Commodity c's arc and source columns and its members' sink columns.
  void add_commodity(std::size_t c) {
    const std::vector<int>& members = commodities_->members[c];
    const FlowClass& lead = classes_[static_cast<std::size_t>(members.front())];
    const int base = commodity_row_base_[c];
    const auto relevant = relevant_arcs(network_, lead.arc_usable, lead.sources, member_sinks(classes_, members));
    // Only the weights in rows over arcs count on arc columns, and the members share those.
    commodity_counted_[c] = coefficients_.counted(lead);
    // Over time, sources no usable arc leaves and sinks none reaches get no column, as per class.
    const bool prune = network_.horizon() != nullptr;
    std::vector<char> leaves(prune ? static_cast<std::size_t>(network_.vertex_count()) : 0, 0);
    std::vector<char> reached(leaves.size(), 0);
    commodity_arc_column_[c].assign(network_.arcs().size(), -1);
    add_arc_columns(lead, base, relevant, commodity_counted_[c], commodity_arc_column_[c], leaves, reached);
    std::vector<std::pair<int, double>> entries;
    for (int v : lead.sources) {
      const bool useless = prune && !leaves[static_cast<std::size_t>(v)];
      commodity_source_column_[c].push_back(useless ? -1 : add_column(lead.source_cost_usd_per_t, {{base + v, -1.0}}));
    }
    std::vector<double> counted(network_.rows().size(), 0.0);
    for (int k : members) {
      const FlowClass& member = classes_[static_cast<std::size_t>(k)];
      const int g = groups_.of_class[static_cast<std::size_t>(k)];
      for (const CountedRow& row : member.counted_rows) counted[static_cast<std::size_t>(row.row)] = row.weight;
      for (std::size_t j = 0; j < member.sinks.size(); ++j) {
        const int v = member.sinks[j];
        if (prune && !reached[static_cast<std::size_t>(v)]) {
          sink_column_[static_cast<std::size_t>(k)].push_back(-1);
          continue;
        }
        const int slot = member.sink_slots.empty() ? 0 : member.sink_slots[j];
        if (slot < 0 || slot >= groups_.slots[static_cast<std::size_t>(g)]) {
          throw std::invalid_argument("flow class sink serves slot " + std::to_string(slot) + " of a group with " +
                                      std::to_string(groups_.slots[static_cast<std::size_t>(g)]));
        }
        entries = {{base + v, 1.0}, {t_row(g, slot), -1.0}};
        coefficients_.on_delivered(counted, network_.vertex(v).period,
                                   [&](int r, double e) { entries.emplace_back(capacity_row_offset_ + r, e); });
        sink_column_[static_cast<std::size_t>(k)].push_back(add_column(0, entries));
      }
      for (const CountedRow& row : member.counted_rows) counted[static_cast<std::size_t>(row.row)] = 0;
    }
  }

  /// Group g's unserved column per slot (into T_{g,s}) and backlog columns T_{g,s+1} -> T_{g,s}.
  void add_group_columns(int g) {
    const FlowClass& head = classes_[static_cast<std::size_t>(groups_.first[static_cast<std::size_t>(g)])];
    const int slots = groups_.slots[static_cast<std::size_t>(g)];
    for (int slot = 0; slot < slots; ++slot) {
      unserved_columns_[static_cast<std::size_t>(g)].push_back(add_column(head.unserved_cost_usd_per_t, {{t_row(g, slot), -1.0}}));
    }
    if (head.backlog_cost_usd_per_t.empty()) return;
    if (head.backlog_cost_usd_per_t.size() + 1 != static_cast<std::size_t>(slots)) {
      throw std::invalid_argument("flow class backlog costs must number one less than its slots");
    }
    for (int slot = 0; slot + 1 < slots; ++slot) {
      backlog_columns_[static_cast<std::size_t>(g)].push_back(add_column(
          head.backlog_cost_usd_per_t[static_cast<std::size_t>(slot)], {{t_row(g, slot + 1), 1.0}, {t_row(g, slot), -1.0}}));
    }
  }

  /// The per-class solution of the aggregated LP: each commodity's flow split into its members'
  /// (split_commodity_flow); costs and row use are summed from the members' flows, so they agree
  /// with what check_routing recomputes from them.
  void extract_aggregated(FlowSolution& solution) const {
    const double* x = model_.primalColumnSolution();
    const auto arc_count = network_.arcs().size();
    const auto n = static_cast<std::size_t>(network_.vertex_count());
    solution.classes.assign(classes_.size(), ClassFlow{});
    solution.row_use.assign(network_.rows().size(), 0.0);
    solution.transport_cost_usd_per_yr = 0;
    solution.source_cost_usd_per_yr = 0;
    solution.backlog_cost_usd_per_yr = 0;
    std::vector<double> arc_flow(arc_count, 0.0), source_flow(n, 0.0), assigned(arc_count, 0.0), counted(network_.rows().size(), 0.0);
    std::vector<std::vector<double>> extra_unserved(groups_.first.size());  // per group and slot
    for (std::size_t g = 0; g < extra_unserved.size(); ++g) extra_unserved[g].assign(static_cast<std::size_t>(groups_.slots[g]), 0.0);
    for (std::size_t c = 0; c < commodities_->members.size(); ++c) {
      const std::vector<int>& members = commodities_->members[c];
      const FlowClass& lead = classes_[static_cast<std::size_t>(members.front())];
      const auto& arc_columns = commodity_arc_column_[c];
      for (std::size_t a = 0; a < arc_count; ++a) {
        arc_flow[a] = arc_columns[a] < 0 ? 0.0 : clean(x[arc_columns[a]]);
        assigned[a] = 0;
      }
      std::fill(source_flow.begin(), source_flow.end(), 0.0);
      double source_cost = 0;
      for (std::size_t i = 0; i < lead.sources.size(); ++i) {
        const int column = commodity_source_column_[c][i];
        if (column < 0) continue;
        source_flow[static_cast<std::size_t>(lead.sources[i])] += clean(x[column]);
        source_cost = column_cost(column);
      }
      std::vector<std::vector<int>> sinks;
      std::vector<std::vector<double>> sink_t;
      for (int k : members) {
        ClassFlow& flow = solution.classes[static_cast<std::size_t>(k)];
        flow.arc_t_per_yr.assign(arc_count, 0.0);
        flow.delivered_t_per_yr = 0;
        for (int column : sink_column_[static_cast<std::size_t>(k)]) {
          flow.sink_t_per_yr.push_back(column < 0 ? 0.0 : clean(x[column]));
          flow.delivered_t_per_yr += flow.sink_t_per_yr.back();
        }
        sinks.push_back(classes_[static_cast<std::size_t>(k)].sinks);
        sink_t.push_back(flow.sink_t_per_yr);
      }
      // What each member takes from each source vertex.
      std::vector<std::map<int, double>> taken(members.size());
      const auto unexplained = split_flow(network_, arc_flow, source_flow, sinks, sink_t,
                           [&](std::size_t i, const std::vector<int>& path, int source, double t) {
                             auto& mine = solution.classes[static_cast<std::size_t>(members[i])].arc_t_per_yr;
                             for (int a : path) {
                               mine[static_cast<std::size_t>(a)] += t;
                               assigned[static_cast<std::size_t>(a)] += t;
                             }
                             taken[i][source] += t;
                           });
      for (std::size_t a = 0; a < arc_count; ++a) {
        if (assigned[a] == 0) continue;
        solution.transport_cost_usd_per_yr += assigned[a] * column_cost(arc_columns[a]);
        coefficients_.on_arc(a, commodity_counted_[c], [&](int r, double e) { solution.row_use[static_cast<std::size_t>(r)] += e * assigned[a]; });
      }
      for (std::size_t i = 0; i < members.size(); ++i) {
        const auto k = static_cast<std::size_t>(members[i]);
        const FlowClass& member = classes_[k];
        ClassFlow& flow = solution.classes[k];
        // Round-off no path carries (a few grams past the LP's feasibility tolerance, which is
        // relative to the commodity's tonnes, not the member's) counts as unserved, so the
        // member's flow balances exactly.
        for (std::size_t j = 0; j < member.sinks.size(); ++j) {
          const double r = unexplained[i][j];
          if (r <= 0) continue;
          flow.sink_t_per_yr[j] -= r;
          flow.delivered_t_per_yr -= r;
          const auto g = static_cast<std::size_t>(groups_.of_class[k]);
          extra_unserved[g][member.sink_slots.empty() ? 0 : static_cast<std::size_t>(member.sink_slots[j])] += r;
        }
        for (int v : member.sources) {
          // A vertex listed twice takes its tonnes once.
          auto found = taken[i].find(v);
          flow.source_t_per_yr.push_back(found == taken[i].end() ? 0.0 : found->second);
          if (found != taken[i].end()) found->second = 0;
          solution.source_cost_usd_per_yr += flow.source_t_per_yr.back() * source_cost;
        }
        for (const CountedRow& row : member.counted_rows) counted[static_cast<std::size_t>(row.row)] = row.weight;
        for (std::size_t j = 0; j < member.sinks.size(); ++j) {
          coefficients_.on_delivered(counted, network_.vertex(member.sinks[j]).period, [&](int r, double e) {
            solution.row_use[static_cast<std::size_t>(r)] += e * flow.sink_t_per_yr[j];
          });
        }
        for (const CountedRow& row : member.counted_rows) counted[static_cast<std::size_t>(row.row)] = 0;
      }
    }
    for (std::size_t k = 0; k < classes_.size(); ++k) {
      ClassFlow& flow = solution.classes[k];
      flow.unserved_t_per_yr = unserved_t_per_yr(k);
      if (!is_group_head(k)) continue;
      const auto g = static_cast<std::size_t>(groups_.of_class[k]);
      for (double r : extra_unserved[g]) flow.unserved_t_per_yr += r;
      for (std::size_t slot = 0; slot < unserved_columns_[g].size(); ++slot) {
        flow.slot_unserved_t.push_back(clean(x[unserved_columns_[g][slot]]) + extra_unserved[g][slot]);
      }
      for (int column : backlog_columns_[g]) {
        flow.slot_backlog_t.push_back(clean(x[column]));
        solution.backlog_cost_usd_per_yr += flow.slot_backlog_t.back() * column_cost(column);
      }
    }
  }

  /// Divides each capacity row by its largest coefficient (1 for rows of unit weights, which
  /// stay exactly as they are).
  void normalise_rows() {
    const std::size_t row_count = network_.rows().size();
    row_scale_.assign(row_count, 0.0);
    auto capacity_row = [&](std::size_t i) {
      const int r = element_row_[i] - capacity_row_offset_;
      return r >= 0 && r < static_cast<int>(row_count) ? r : -1;
    };
    for (std::size_t i = 0; i < element_row_.size(); ++i) {
      if (const int r = capacity_row(i); r >= 0) {
        row_scale_[static_cast<std::size_t>(r)] = std::max(row_scale_[static_cast<std::size_t>(r)], std::abs(element_value_[i]));
      }
    }
    for (double& scale : row_scale_) {
      if (!(scale > 0)) scale = 1;
    }
    for (std::size_t i = 0; i < element_row_.size(); ++i) {
      if (const int r = capacity_row(i); r >= 0 && row_scale_[static_cast<std::size_t>(r)] != 1) {
        element_value_[i] /= row_scale_[static_cast<std::size_t>(r)];
      }
    }
  }

  /// Maps logical rows to LP rows (compact: without unused rows) and loads CLP.
  void load(int row_count) {
    row_map_.resize(static_cast<std::size_t>(row_count));
    int lp_rows = row_count;
    if (compact_) {
      std::vector<char> used(static_cast<std::size_t>(row_count), 0);
      for (int r : element_row_) used[static_cast<std::size_t>(r)] = 1;
      lp_rows = 0;
      for (std::size_t r = 0; r < used.size(); ++r) {
        row_map_[r] = used[r] ? lp_rows++ : -1;
        if (row_map_[r] >= 0) {
          row_lower_[static_cast<std::size_t>(row_map_[r])] = row_lower_[r];
          row_upper_[static_cast<std::size_t>(row_map_[r])] = row_upper_[r];
        }
      }
      for (int& r : element_row_) r = row_map_[static_cast<std::size_t>(r)];
      row_lower_.resize(static_cast<std::size_t>(lp_rows));
      row_upper_.resize(static_cast<std::size_t>(lp_rows));
    } else {
      for (int r = 0; r < row_count; ++r) row_map_[static_cast<std::size_t>(r)] = r;
    }
    move_single_rows_to_bounds(lp_rows);
    CoinPackedMatrix matrix(true, element_row_.data(), element_column_.data(), element_value_.data(),
                            static_cast<CoinBigIndex>(element_value_.size()));
    matrix.setDimensions(lp_rows, static_cast<int>(column_cost_.size()));
    model_.setLogLevel(0);
    model_.loadProblem(matrix, column_lower_.data(), column_upper_.data(), column_cost_.data(), row_lower_.data(),
                       row_upper_.data());
    model_.setOptimizationDirection(1.0);
    // CLP holds its own copies now; the triplets and bounds were only the way in. A sweep keeps
    // one LP per world and question alive per worker, so what the builder keeps is per-worker
    // memory (column_cost_ stays: the cost phases read it).
    release(element_row_);
    release(element_column_);
    release(element_value_);
    release(column_lower_);
    release(column_upper_);
    release(row_lower_);
    release(row_upper_);
  }

  /// Bound rows (see capacity_rhs): each capacity row with one entry in the LP, a positive one,
  /// leaves the LP and bounds that entry's column instead, x_j <= rhs_r / v_r. The feasible set is
  /// the same; the simplex keeps a bound outside its basis, so the LP has a row per vertex and
  /// per shared row only. A route question's LP is mostly single-arc rows (a link's or a
  /// crossing's own capacity): on the bundled network's LPs of 408 rows and 376 columns, 235 of
  /// them, and solving from slacks took 38 % less time without them (docs/benchmarks.md,
  /// fourteenth pass). Done after the rows are normalised and mapped, on the triplets.
  void move_single_rows_to_bounds(int& lp_rows) {
    const std::size_t network_rows = network_.rows().size();
    const std::size_t columns = column_cost_.size();
    bound_column_.assign(network_rows, -1);
    bound_coefficient_.assign(network_rows, 1.0);
    bound_rhs_.assign(network_rows, 0.0);
    closed_.assign(columns, 0);
    first_bound_row_.assign(columns, -1);
    next_bound_row_.assign(network_rows, -1);
    std::vector<int> entries(static_cast<std::size_t>(lp_rows), 0);
    std::vector<std::size_t> entry_of(static_cast<std::size_t>(lp_rows), 0);
    for (std::size_t i = 0; i < element_row_.size(); ++i) {
      ++entries[static_cast<std::size_t>(element_row_[i])];
      entry_of[static_cast<std::size_t>(element_row_[i])] = i;
    }
    std::vector<int> last_bound_row(columns, -1);
    std::vector<char> gone(static_cast<std::size_t>(lp_rows), 0);
    bool any = false;
    for (std::size_t r = 0; r < network_rows; ++r) {
      const int lp_row = row_map_[static_cast<std::size_t>(capacity_row_offset_) + r];
      if (lp_row < 0 || entries[static_cast<std::size_t>(lp_row)] != 1) continue;
      const std::size_t i = entry_of[static_cast<std::size_t>(lp_row)];
      const double v = element_value_[i];
      if (!(v > 0) || row_lower_[static_cast<std::size_t>(lp_row)] > -COIN_DBL_MAX) continue;
      const int column = element_column_[i];
      bound_column_[r] = column;
      bound_coefficient_[r] = v;
      bound_rhs_[r] = row_upper_[static_cast<std::size_t>(lp_row)];
      // Each column's bound rows in row order, so that ties go to the first (bound_row_of).
      int& last = last_bound_row[static_cast<std::size_t>(column)];
      (last < 0 ? first_bound_row_[static_cast<std::size_t>(column)] : next_bound_row_[static_cast<std::size_t>(last)]) =
          static_cast<int>(r);
      last = static_cast<int>(r);
      gone[static_cast<std::size_t>(lp_row)] = 1;
      any = true;
    }
    if (!any) return;
    std::vector<int> renumbered(static_cast<std::size_t>(lp_rows), -1);
    int kept = 0;
    for (int r = 0; r < lp_rows; ++r) {
      if (gone[static_cast<std::size_t>(r)]) continue;
      row_lower_[static_cast<std::size_t>(kept)] = row_lower_[static_cast<std::size_t>(r)];
      row_upper_[static_cast<std::size_t>(kept)] = row_upper_[static_cast<std::size_t>(r)];
      renumbered[static_cast<std::size_t>(r)] = kept++;
    }
    row_lower_.resize(static_cast<std::size_t>(kept));
    row_upper_.resize(static_cast<std::size_t>(kept));
    for (int& r : row_map_) {
      if (r >= 0) r = renumbered[static_cast<std::size_t>(r)];
    }
    std::size_t out = 0;
    for (std::size_t i = 0; i < element_row_.size(); ++i) {
      const int r = renumbered[static_cast<std::size_t>(element_row_[i])];
      if (r < 0) continue;
      element_row_[out] = r;
      element_column_[out] = element_column_[i];
      element_value_[out] = element_value_[i];
      ++out;
    }
    element_row_.resize(out);
    element_column_.resize(out);
    element_value_.resize(out);
    lp_rows = kept;
    for (std::size_t j = 0; j < columns; ++j) {
      if (first_bound_row_[j] >= 0) column_upper_[j] = std::min(column_upper_[j], column_bound(static_cast<int>(j)));
    }
  }

  /// The bound row that bounds column j now: the smallest rhs_r / v_r, the first in row order on
  /// ties (as twin rows' prices go to the first, shadow_prices), or -1.
  int bound_row_of(int column) const {
    int best = -1;
    double bound = 0;
    for (int r = first_bound_row_.empty() ? -1 : first_bound_row_[static_cast<std::size_t>(column)]; r >= 0;
         r = next_bound_row_[static_cast<std::size_t>(r)]) {
      const double b = bound_rhs_[static_cast<std::size_t>(r)] / bound_coefficient_[static_cast<std::size_t>(r)];
      if (best < 0 || b < bound) {
        best = r;
        bound = b;
      }
    }
    return best;
  }

  /// Every column that is not an arc's, in build order: per class its sources and sinks (-1 where
  /// pruned), then per group its unserved and backlog columns, then the return column.
  template <class F>
  void for_each_end_column(F&& f) const {
    for (std::size_t k = 0; k < source_column_.size(); ++k) {
      for (int column : source_column_[k]) f(column);
      for (int column : sink_column_[k]) f(column);
    }
    for (const auto& group : unserved_columns_) {
      for (int column : group) f(column);
    }
    for (const auto& group : backlog_columns_) {
      for (int column : group) f(column);
    }
    f(return_column_);
  }

  template <class T>
  static void release(std::vector<T>& v) {
    std::vector<T>().swap(v);
  }

  /// The arc columns of one flow class, or of one commodity through its lead class (whose usable
  /// arcs, extra costs and counted rows its members share): per arc `c` may use, +1 in the
  /// conservation row of its tail and -1 in its head's (rows from `base`), its weight in every
  /// capacity row that counts it (`counted`), cost plus `c`'s extra cost; the column's index goes
  /// into `columns[arc]`. With pruning (non-empty `leaves`), marks the vertices usable arcs leave
  /// and reach. One function for both, so a class and a commodity of one member build the same LP.
  void add_arc_columns(const FlowClass& c, int base, const std::vector<char>& relevant, const std::vector<double>& counted,
                       std::vector<int>& columns, std::vector<char>& leaves, std::vector<char>& reached) {
    const bool prune = !leaves.empty();
    std::vector<std::pair<int, double>> entries;
    for (std::size_t a = 0; a < relevant.size(); ++a) {
      if (!relevant[a]) continue;
      const NetworkArc& arc = network_.arcs()[a];
      if (prune) {
        leaves[static_cast<std::size_t>(arc.tail)] = 1;
        reached[static_cast<std::size_t>(arc.head)] = 1;
      }
      entries = {{base + arc.tail, 1.0}, {base + arc.head, -1.0}};
      coefficients_.on_arc(a, counted, [&](int r, double e) { entries.emplace_back(capacity_row_offset_ + r, e); });
      columns[a] = add_column(arc.cost_usd_per_t + c.extra_cost(a), entries);
    }
  }

  int add_column(double cost, const std::vector<std::pair<int, double>>& entries) {
    const int column = static_cast<int>(column_cost_.size());
    column_cost_.push_back(cost);
    column_lower_.push_back(0);
    column_upper_.push_back(COIN_DBL_MAX);
    for (const auto& entry : entries) {
      element_row_.push_back(entry.first);
      element_column_.push_back(column);
      element_value_.push_back(entry.second);
    }
    return column;
  }

  const Network& network_;
  const std::vector<FlowClass>& classes_;
  bool max_flow_;
  ClpSimplex model_;
  bool compact_ = false;
  std::shared_ptr<const FlowLpTables> tables_;
  const RowCoefficients& coefficients_;
  Groups groups_;
  int capacity_row_offset_ = 0;
  std::vector<int> row_map_;  // logical row -> LP row (-1: left out, or a bound row)
  // Bound rows (move_single_rows_to_bounds), per network row: the column it bounds (-1: none),
  // its coefficient v_r there and its rhs in LP units; per column, its bound rows as a list in row
  // order (first_bound_row_, next_bound_row_), and whether it is closed (upper bound 0).
  std::vector<int> bound_column_;
  std::vector<double> bound_coefficient_, bound_rhs_;
  std::vector<int> first_bound_row_, next_bound_row_;
  std::vector<char> closed_;
  std::vector<double> row_scale_;  // per network row
  std::vector<std::vector<double>> counted_;  // per class, v_{k,r} per network row
  std::vector<double> row_lower_, row_upper_, column_cost_, column_lower_, column_upper_, element_value_;
  std::vector<int> element_row_, element_column_;
  std::vector<std::vector<int>> arc_column_, source_column_, sink_column_;
  std::vector<int> class_row_base_;  // per class: its first logical row
  std::vector<std::vector<int>> unserved_columns_;  // per group and slot (routing)
  std::vector<std::vector<int>> backlog_columns_;   // per group and slot but the last (routing with backlog)
  int return_column_ = -1;                          // max flow
  // The aggregated routing LP (build_aggregated); commodities_ empty: one commodity per class.
  std::optional<Commodities> commodities_;
  std::vector<int> commodity_row_base_;                  // per commodity: its first vertex row
  std::vector<int> group_row_base_;                      // per group: its row T_{g,0}
  std::vector<std::vector<int>> commodity_arc_column_;     // per commodity and network arc (-1: none)
  std::vector<std::vector<int>> commodity_source_column_;  // per commodity, parallel to its first member's sources
  std::vector<std::vector<double>> commodity_counted_;     // per commodity, v_{k,r} per network row
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
/// The cap is wall time, as the deadline is. CLP reads its clock at every pivot: its CPU clock
/// is a getrusage system call (1,324 of them in a bundled `run`) and counts the whole process,
/// so in a sweep with two threads a solve stopped at half its cap; the wall clock is read without
/// entering the kernel.
bool apply_limits(ClpSimplex& model, const SolveLimits& limits) {
  const double seconds = seconds_left(limits);
  if (!(seconds > 0)) return false;
  model.setMaximumIterations(limits.max_iterations);
  model.setMaximumSeconds(-1);
  model.setMaximumWallSeconds(seconds);
  return true;
}

SolveStatus run_primal(ClpSimplex& model, const SolveLimits& limits, int start_finish) {
  if (!apply_limits(model, limits)) return SolveStatus::LimitReached;
  model.primal(0, start_finish);
  return status_of(model);
}

SolveStatus run_dual(ClpSimplex& model, const SolveLimits& limits, int start_finish) {
  if (!apply_limits(model, limits)) return SolveStatus::LimitReached;
  model.dual(0, start_finish);
  return status_of(model);
}

SolveStatus run_presolved_dual(ClpSimplex& model, const SolveLimits& limits) {
  if (!apply_limits(model, limits)) return SolveStatus::LimitReached;
  ClpSolve options;
  options.setPresolveType(ClpSolve::presolveOn);
  options.setSolveType(ClpSolve::useDual);
  model.initialSolve(options);
  return status_of(model);
}

}  // namespace

bool lp_inputs_in_range(const Network& network, const std::vector<FlowClass>& classes) {
  for (const auto& arc : network.arcs()) {
    if (!(arc.cost_usd_per_t <= kMaxMagnitude)) return false;
  }
  for (const FlowClass& c : classes) {
    if (c.supply_t_per_yr > kMaxMagnitude || c.unserved_cost_usd_per_t > kMaxMagnitude) return false;
    for (double q : c.slot_supply_t) {
      if (!(q >= 0 && q <= kMaxMagnitude)) return false;
    }
    for (double l : c.backlog_cost_usd_per_t) {
      if (!within_range(l)) return false;
    }
    if (!within_range(c.source_cost_usd_per_t)) return false;
    for (double extra : c.arc_extra_cost_usd_per_t) {
      if (!within_range(extra)) return false;
    }
  }
  return true;
}

double seconds_left(const SolveLimits& limits) {
  if (!limits.deadline) return limits.max_seconds;
  const std::chrono::duration<double> left = *limits.deadline - std::chrono::steady_clock::now();
  return std::min(limits.max_seconds, left.count());
}

Commodities find_commodities(const Network& network, const std::vector<FlowClass>& classes) {
  Commodities out;
  std::unordered_map<std::uint64_t, std::vector<int>> by_hash;  // hash -> commodities
  for (std::size_t k = 0; k < classes.size(); ++k) {
    auto& candidates = by_hash[commodity_hash(network, classes[k])];
    int found = -1;
    for (int c : candidates) {
      const auto lead = static_cast<std::size_t>(out.members[static_cast<std::size_t>(c)].front());
      if (same_commodity(network, classes[lead], classes[k])) {
        found = c;
        break;
      }
    }
    if (found < 0) {
      found = static_cast<int>(out.members.size());
      out.members.emplace_back();
      candidates.push_back(found);
    }
    out.of_class.push_back(found);
    out.members[static_cast<std::size_t>(found)].push_back(static_cast<int>(k));
  }
  return out;
}

void split_commodity_flow(const Network& network, std::vector<double>& remaining, std::vector<double>& source_left,
                          const std::vector<std::vector<int>>& member_sinks, const std::vector<std::vector<double>>& member_sink_t,
                          const PathSink& on_path) {
  (void)split_flow(network, remaining, source_left, member_sinks, member_sink_t, on_path);
}

namespace {

/// split_commodity_flow, returning per member sink the tonnes the commodity's flow cannot
/// explain (solver round-off: a sink draining a few grams more than its arcs bring).
std::vector<std::vector<double>> split_flow(const Network& network, std::vector<double>& remaining, std::vector<double>& source_left,
                          const std::vector<std::vector<int>>& member_sinks, const std::vector<std::vector<double>>& member_sink_t,
                          const PathSink& on_path) {
  const auto& arcs = network.arcs();
  const auto n = static_cast<std::size_t>(network.vertex_count());
  // Below eps a quantity is spent: a few ulps of the largest, so round-off leaves no slivers
  // to chase, and far below the certificate's 1e-3 t tolerance.
  double largest = 1;
  for (double f : remaining) largest = std::max(largest, f);
  for (double f : source_left) largest = std::max(largest, f);
  const double eps = std::max(1e-7, 1e-13 * largest);
  // The arcs carrying flow into each vertex, in arc order.
  std::vector<std::size_t> first_in(n + 1, 0);
  for (const auto& arc : arcs) {
    if (remaining[static_cast<std::size_t>(arc.index)] > eps) ++first_in[static_cast<std::size_t>(arc.head) + 1];
  }
  for (std::size_t v = 0; v < n; ++v) first_in[v + 1] += first_in[v];
  std::vector<int> in_arcs(first_in[n]);
  {
    std::vector<std::size_t> next(first_in.begin(), first_in.end() - 1);
    for (const auto& arc : arcs) {
      if (remaining[static_cast<std::size_t>(arc.index)] > eps) in_arcs[next[static_cast<std::size_t>(arc.head)]++] = arc.index;
    }
  }
  std::vector<int> position(n, -1);  // a vertex's place on the path being traced, -1 off it
  std::vector<int> path, vertices;   // path[q] enters vertices[q] from vertices[q + 1]
  std::vector<std::vector<double>> unexplained(member_sinks.size());
  for (std::size_t i = 0; i < member_sinks.size(); ++i) {
    unexplained[i].assign(member_sinks[i].size(), 0.0);
    for (std::size_t j = 0; j < member_sinks[i].size(); ++j) {
      double left = member_sink_t[i][j];
      const int sink = member_sinks[i][j];
      // Each traced path spends the sink's tonnes, a source's or an arc's (or a cycle's arc).
      for (std::size_t guard = 0; left > eps && guard <= arcs.size() + n; ++guard) {
        path.clear();
        vertices.assign(1, sink);
        position[static_cast<std::size_t>(sink)] = 0;
        int u = sink;
        bool found = false;
        while (true) {
          if (source_left[static_cast<std::size_t>(u)] > eps) {
            found = true;
            break;
          }
          int best = -1;
          for (std::size_t e = first_in[static_cast<std::size_t>(u)]; e < first_in[static_cast<std::size_t>(u) + 1]; ++e) {
            const int a = in_arcs[e];
            if (remaining[static_cast<std::size_t>(a)] > eps &&
                (best < 0 || remaining[static_cast<std::size_t>(a)] > remaining[static_cast<std::size_t>(best)])) {
              best = a;
            }
          }
          if (best < 0) break;
          const int w = arcs[static_cast<std::size_t>(best)].tail;
          const int seen = position[static_cast<std::size_t>(w)];
          if (seen >= 0) {
            // A cycle w -> u -> ... -> w: cancel it (it moves nothing anywhere) and go on from w.
            double m = remaining[static_cast<std::size_t>(best)];
            for (std::size_t q = static_cast<std::size_t>(seen); q < path.size(); ++q) m = std::min(m, remaining[static_cast<std::size_t>(path[q])]);
            remaining[static_cast<std::size_t>(best)] -= m;
            for (std::size_t q = static_cast<std::size_t>(seen); q < path.size(); ++q) remaining[static_cast<std::size_t>(path[q])] -= m;
            for (std::size_t q = static_cast<std::size_t>(seen) + 1; q < vertices.size(); ++q) position[static_cast<std::size_t>(vertices[q])] = -1;
            vertices.resize(static_cast<std::size_t>(seen) + 1);
            path.resize(static_cast<std::size_t>(seen));
            u = w;
            continue;
          }
          path.push_back(best);
          position[static_cast<std::size_t>(w)] = static_cast<int>(path.size());
          vertices.push_back(w);
          u = w;
        }
        for (int v : vertices) position[static_cast<std::size_t>(v)] = -1;
        if (!found) break;  // round-off: the sink drains more than reaches it
        double amount = std::min(left, source_left[static_cast<std::size_t>(u)]);
        for (int a : path) amount = std::min(amount, remaining[static_cast<std::size_t>(a)]);
        for (int a : path) remaining[static_cast<std::size_t>(a)] -= amount;
        source_left[static_cast<std::size_t>(u)] -= amount;
        left -= amount;
        on_path(i, path, u, amount);
      }
      unexplained[i][j] = left > eps ? left : 0.0;
    }
  }
  return unexplained;
}

}  // namespace

LpSize estimate_lp_size(const Network& network, const std::vector<FlowClass>& classes, bool aggregated, bool compact) {
  LpSize size;
  const RowCoefficients coefficients(network);
  // solve_min_cost aggregates only when some commodity has several members.
  const Commodities commodities = aggregated ? find_commodities(network, classes) : Commodities{};
  aggregated = aggregated && commodities.members.size() < classes.size();
  if (aggregated) {
    for (const auto& members : commodities.members) count_commodity(network, coefficients, classes, members, size);
  } else {
    for (const auto& c : classes) count_class(network, coefficients, c, compact, size);
  }
  // Per group and slot its unserved and backlog columns: S_g and its T rows (aggregated: its T
  // rows only, and an unserved column has one entry).
  const Groups groups(classes, false);
  std::size_t group_columns = 0, unserved_columns = 0;
  for (std::size_t g = 0; g < groups.first.size(); ++g) {
    const bool backlog = !classes[static_cast<std::size_t>(groups.first[g])].backlog_cost_usd_per_t.empty();
    group_columns += static_cast<std::size_t>(groups.slots[g] * (backlog ? 2 : 1));
    unserved_columns += static_cast<std::size_t>(groups.slots[g]);
  }
  size.rows += network.rows().size();
  for (int slots : groups.slots) size.rows += static_cast<std::size_t>(aggregated ? slots : slots - 1);
  size.columns += group_columns;
  size.nonzeros += 2 * group_columns - (aggregated ? unserved_columns : 0);
  return size;
}

FlowSolution solve_max_flow(const Network& network, const std::vector<FlowClass>& classes, const SolveLimits& limits) {
  return solve_max_flow(network, classes, limits, MaxFlowProbe{});
}

bool generates_arcs(const LpSize& whole_lp, const SolveLimits& limits) {
  return whole_lp.columns >= static_cast<std::size_t>(std::max(0, limits.generate_arcs_from_columns));
}

namespace {

/// The max flow on a built LP (solve_max_flow's two phases and its probe). `warm`: the model
/// holds an optimal phase-1 basis of the same LP with other end columns open (a question before
/// this one in solve_max_flows): phase 1 is a dual simplex from it, since closing and opening end
/// columns changes bounds only. `keep_phase1`: on return the model is at this question's phase-1
/// optimal basis with the phase-1 objective, ready for the next question, whenever phase 1 was
/// solved.
/// `answer`, when given: the arc generation's extras (solve_max_flow_lp): with `maximum_only`, no
/// cheapest phase; the cheapest phase's row prices; the probe's re-solves checked.
struct MaxFlowExtras {
  bool maximum_only = false;
  std::vector<double>* cheapest_row_price = nullptr;
  const MaxFlowDualCheck* probe_check = nullptr;
  MaxFlowWarmStart* warm_start = nullptr;
};

/// One phase of max_flow_on: from `start`'s basis by the primal simplex when there is one and it
/// fits the LP (solve_max_flow_lp), else as the LP runs; the optimal basis goes back into `start`.
///
/// From a start the primal simplex prices partially (CLP's steepest-edge mode 4: partial Dantzig
/// or devex first, scanning part of the nonbasic columns per pivot). A round's LP is the last
/// one plus a few hundred new columns, and most of its ~100k columns never enter; scanning and
/// weighting all of them at every pivot was most of a pivot's cost. On the 1M realistic grid's
/// first route (its way out, 32 rounds) the maximum's LPs took 7.1 s against 12.5 s and the
/// cheapest flow's 7.1 against 9.8 s, with the same output; on the 100k grid the modes do not
/// differ (docs/benchmarks.md, thirteenth pass). Only here: the bundled run's small LPs keep
/// CLP's default, which the seventh pass found no mode to beat.
SolveStatus run_phase(FlowLp& lp, const SolveLimits& limits, MaxFlowWarmStart* warm, FlowLpBasis MaxFlowWarmStart::*phase,
                      int start_finish) {
  if (!warm) return lp.run(limits, start_finish);
  FlowLpBasis& start = warm->*phase;
  const bool from_start = !start.empty() && lp.start_from(start);
  warm->warm_phases += from_start ? 1 : 0;
  SolveStatus status;
  if (from_start) {
    ClpSimplex& model = lp.model();
    ClpPrimalColumnSteepest partial(4), usual;  // usual: CLP's default (mode 3)
    model.setPrimalColumnPivotAlgorithm(partial);
    status = run_primal(model, limits, start_finish);
    model.setPrimalColumnPivotAlgorithm(usual);
  } else {
    status = lp.run(limits, start_finish);
  }
  if (status == SolveStatus::Optimal) start = lp.keyed_basis();
  return status;
}

FlowSolution max_flow_on(const Network& network, FlowLp& lp, const SolveLimits& limits, const MaxFlowProbe& probe,
                         bool warm, bool keep_phase1, const MaxFlowExtras& extras = {}) {
  FlowSolution solution;
  if (warm) {
    ClpSimplex& model = lp.model();
    solution.status = SolveStatus::LimitReached;
    if (apply_limits(model, limits)) {
      model.dual(0, 1);
      solution.status = status_of(model);
    }
  } else {
    solution.status = run_phase(lp, limits, extras.warm_start, &MaxFlowWarmStart::maximum, 1);
  }
  if (solution.status != SolveStatus::Optimal) return solution;
  solution.row_shadow = lp.shadow_prices();
  const double value_lp = lp.value_lp();
  // The phase-1 optimal basis, for the probe's re-solves after phase 2 has moved the LP on.
  std::vector<unsigned char> phase1_basis;
  if (probe || keep_phase1) {
    const ClpSimplex& model = lp.model();
    phase1_basis.assign(model.statusArray(), model.statusArray() + model.numberColumns() + model.numberRows());
  }
  const auto back_to_phase1 = [&] {
    if (!keep_phase1) return;
    lp.restore_max_flow_phase();
    lp.model().copyinStatus(phase1_basis.data());
  };
  if (extras.maximum_only) {
    lp.extract(solution);
    solution.objective = 0;
    for (const ClassFlow& flow : solution.classes) solution.objective += flow.delivered_t_per_yr;
    return solution;
  }
  lp.set_cheapest_at(value_lp);
  // Phase 2 starts at phase 1's optimal basis, whose factorisation phase 1 kept (CLP's
  // startFinishOptions 1 above): only costs and the return column's lower bound changed, through
  // setters CLP tracks, so it reuses that factorisation and work arrays (2 | 4) instead of
  // factorising the same basis again. Where phase 1 kept none (the presolved dual), CLP factorises
  // as before. Bundled run: 159.5 to 155.9 M instructions, every output byte-identical
  // (docs/benchmarks.md, fifteenth pass).
  solution.status = run_phase(lp, limits, extras.warm_start, &MaxFlowWarmStart::cheapest, 1 | 2 | 4);
  if (solution.status != SolveStatus::Optimal) {
    back_to_phase1();
    return solution;
  }
  if (extras.cheapest_row_price) *extras.cheapest_row_price = lp.shadow_prices(false);
  lp.extract(solution);
  solution.objective = 0;
  for (const ClassFlow& flow : solution.classes) solution.objective += flow.delivered_t_per_yr;
  if (!probe) {
    back_to_phase1();
    return solution;
  }

  // Back to phase 1 at its optimal basis: a row's capacity change leaves it dual feasible, so
  // each re-solve is a dual simplex from there, keeping CLP's work arrays and factorisation
  // between re-solves (as FlowSession does); after a failed one, from that basis again.
  ClpSimplex& model = lp.model();
  lp.restore_max_flow_phase();
  // Rhs ranging at the phase-1 basis: while a row at its bound (nonbasic) moves within the range
  // that keeps every basic variable within its bounds, the basis stays primal and dual feasible,
  // so F changes by exactly y_r per unit (y: that basis's duals) and no re-solve is needed.
  // Unscaled from here, so that the ranges are in the LP's own units.
  model.scaling(0);
  model.copyinStatus(phase1_basis.data());
  // Per LP row: how far its bound may rise / fall; ranged only for the capacity rows at their
  // bound in that basis that the probe may ask about (answers.hpp, find_cut_rows: rows priced, or
  // at capacity in the flow reported; here with a looser tolerance, so that every such row is
  // among them), since ranging costs an FTRAN and a ratio test per row: of the bundled LPs' ~150
  // capacity rows at their bound, the probe asks about ~17. A row not ranged is re-solved.
  // A bound row's variable is its column (FlowLp::bound_sequence), whose ranges are in column
  // units: v_r of them make one of the row's.
  std::vector<double> up_lp, down_lp;  // per simplex variable (columns, then rows)
  std::vector<double> phase1_value;    // per simplex variable: x_j, then row activities
  const auto at_bound = [&](int sequence) {
    const unsigned char status = phase1_basis[static_cast<std::size_t>(sequence)] & 7;
    return status != ClpSimplex::basic && status != ClpSimplex::isFree;
  };
  // CLP's ranging first runs its primal simplex from the basis copied in (optimal: no pivots),
  // which factorises it; a solve of ours before it would factorise it twice.
  if (apply_limits(model, limits)) {
    std::vector<int> which;
    for (int r = 0; r < static_cast<int>(network.rows().size()); ++r) {
      const int sequence = lp.bound_sequence(r);
      if (sequence < 0 || !at_bound(sequence)) continue;
      const double spare = network.rows()[static_cast<std::size_t>(r)].spare();
      const bool full = solution.row_use[static_cast<std::size_t>(r)] >= spare - std::max(1.0, 1e-6 * std::abs(spare));
      if (full || solution.row_shadow[static_cast<std::size_t>(r)] > 0) which.push_back(sequence);
    }
    std::vector<double> up(which.size()), down(which.size());
    std::vector<int> up_seq(which.size()), down_seq(which.size());
    const int ranged = model.primalRanging(static_cast<int>(which.size()), which.data(), up.data(), up_seq.data(),
                                           down.data(), down_seq.data());
    if (ranged == 0 && status_of(model) == SolveStatus::Optimal) {
      up_lp.assign(static_cast<std::size_t>(model.numberColumns() + model.numberRows()), 0.0);
      down_lp.assign(up_lp.size(), 0.0);
      for (std::size_t i = 0; i < which.size(); ++i) {
        up_lp[static_cast<std::size_t>(which[i])] = up[i];
        down_lp[static_cast<std::size_t>(which[i])] = down[i];
      }
      phase1_value.assign(model.primalColumnSolution(), model.primalColumnSolution() + model.numberColumns());
      phase1_value.insert(phase1_value.end(), model.primalRowSolution(), model.primalRowSolution() + model.numberRows());
    }
  }
  const std::vector<double> y = lp.shadow_prices(false);
  bool from_basis = up_lp.empty();  // else the model is at that basis, factorised
  // A bound row's change moves its column's bound, by as much as the column's other bound rows
  // let it; at the phase-1 basis F moves by -d_j per LP unit of column j's bound (d: reduced costs).
  const std::vector<double> reduced_cost(model.dualColumnSolution(), model.dualColumnSolution() + model.numberColumns());
  const MaxFlowChange change = [&](int row, double spare) {
    if (!lp.holds_row(row)) return 0.0;  // no column counts against the row
    const double spare_change = spare - network.rows()[static_cast<std::size_t>(row)].spare();
    const double upper = lp.capacity_rhs(row);
    const double rhs = spare / lp.row_scale(row) * kScale;
    // Half the range, so that round-off at its end cannot matter.
    const auto in_range = [&](int sequence, double move_lp) {
      const auto i = static_cast<std::size_t>(sequence);
      return !up_lp.empty() && at_bound(sequence) && (move_lp >= 0 ? move_lp <= 0.5 * up_lp[i] : -move_lp <= 0.5 * down_lp[i]);
    };
    // An upper bound moved where phase 1's value still keeps clear of it, on a variable that is
    // basic or at its lower bound there (a row at capacity in the cheapest flow but not in phase
    // 1's): the basic solution does not depend on that bound, nor do the duals, so the basis
    // stays feasible and optimal and F does not move. Not on fewer arcs than the question's
    // (probe_check), where a value needs its own proof.
    const auto stays_off_bound = [&](int sequence, double bound_lp) {
      const auto i = static_cast<std::size_t>(sequence);
      const unsigned char status = phase1_basis[i] & 7;
      return !phase1_value.empty() && !extras.probe_check &&
             (status == ClpSimplex::basic || status == ClpSimplex::atLowerBound) &&
             phase1_value[i] <= bound_lp - kKeptBoundMargin;
    };
    if (const int lp_row = lp.capacity_row(row); lp_row >= 0) {
      if (in_range(model.numberColumns() + lp_row, spare_change / lp.row_scale(row) * kScale)) {
        return y[static_cast<std::size_t>(row)] * spare_change;
      }
      if (stays_off_bound(model.numberColumns() + lp_row, rhs)) return 0.0;
      lp.set_capacity_rhs(row, rhs);
    } else {
      const int column = lp.bound_column(row);
      const double before = lp.column_bound(column);
      // A bound row that neither bounds its column now nor would: the LP, and F, stay as they are.
      if (!lp.set_capacity_rhs(row, rhs)) {
        lp.set_capacity_rhs(row, upper);
        return 0.0;
      }
      const double bound = lp.column_bound(column);
      std::optional<double> moved;
      if (stays_off_bound(column, bound)) {
        moved = 0.0;
      } else if (in_range(column, bound - before)) {
        moved = -reduced_cost[static_cast<std::size_t>(column)] * (bound - before) / kScale;
      }
      if (moved) {
        lp.set_capacity_rhs(row, upper);
        return *moved;
      }
    }
    if (from_basis) model.copyinStatus(phase1_basis.data());
    SolveStatus status = SolveStatus::LimitReached;
    if (apply_limits(model, limits)) {
      model.dual(0, from_basis ? 1 : 1 | 2 | 4);
      status = status_of(model);
    }
    // On fewer arcs than the question's, the re-solve's value is the whole question's only when
    // its own prices prove it (arc_generation.hpp).
    const bool proven = status == SolveStatus::Optimal &&
                        (!extras.probe_check || (*extras.probe_check)(lp.shadow_prices(false)));
    const double moved = proven ? (lp.value_lp() - value_lp) / kScale : NAN;
    lp.set_capacity_rhs(row, upper);
    from_basis = status != SolveStatus::Optimal;
    return moved;
  };
  probe(solution, change);
  back_to_phase1();
  return solution;
}

}  // namespace

FlowSolution solve_max_flow(const Network& network, const std::vector<FlowClass>& classes, const SolveLimits& limits,
                            const MaxFlowProbe& probe) {
  std::vector<char> relaxation_arcs;
  if (limits.network_fast_path) {
    if (auto fast = solve_max_flow_network(network, classes, limits, &relaxation_arcs)) return std::move(*fast);
  }
  if (generates_arcs(estimate_lp_size(network, classes), limits)) {
    return solve_max_flow_by_arcs(network, classes, limits, relaxation_arcs, probe);
  }
  FlowLp lp(network, classes, true);
  if (const SolveStatus built = lp.build(); built != SolveStatus::Optimal) {
    FlowSolution solution;
    solution.status = built;
    return solution;
  }
  lp.set_max_flow_objective();
  return max_flow_on(network, lp, limits, probe, false, false);
}

MaxFlowLpAnswer solve_max_flow_lp(const Network& network, const std::vector<FlowClass>& classes,
                                  const SolveLimits& limits, bool maximum_only, const MaxFlowProbe& probe,
                                  const MaxFlowDualCheck& probe_check, MaxFlowWarmStart* warm) {
  MaxFlowLpAnswer answer;
  if (warm && !warm->tables) warm->tables = std::make_shared<const FlowLpTables>(network);
  FlowLp lp(network, classes, true, true, nullptr, warm ? warm->tables : nullptr);
  if (const SolveStatus built = lp.build(); built != SolveStatus::Optimal) {
    answer.solution.status = built;
    return answer;
  }
  lp.set_max_flow_objective();
  MaxFlowExtras extras;
  extras.maximum_only = maximum_only;
  extras.cheapest_row_price = &answer.cheapest_row_price;
  extras.probe_check = probe_check ? &probe_check : nullptr;
  extras.warm_start = warm;
  answer.solution = max_flow_on(network, lp, limits, probe, false, false, extras);
  return answer;
}

namespace {

bool ends_distinct(const std::vector<int>& ends) {
  std::vector<int> sorted = ends;
  std::sort(sorted.begin(), sorted.end());
  return std::adjacent_find(sorted.begin(), sorted.end()) == sorted.end();
}

/// Whether two max-flow questions can share one LP (solve_max_flows): one class each, equal but
/// for their sources and sinks.
bool share_lp(const std::vector<FlowClass>& a, const std::vector<FlowClass>& b) {
  if (a.size() != 1 || b.size() != 1) return false;
  const FlowClass& x = a.front();
  const FlowClass& y = b.front();
  const auto same_rows = [](const std::vector<CountedRow>& p, const std::vector<CountedRow>& q) {
    return std::equal(p.begin(), p.end(), q.begin(), q.end(),
                      [](const CountedRow& l, const CountedRow& r) { return l.row == r.row && l.weight == r.weight; });
  };
  return x.arc_usable == y.arc_usable && x.arc_extra_cost_usd_per_t == y.arc_extra_cost_usd_per_t &&
         x.source_cost_usd_per_t == y.source_cost_usd_per_t && same_rows(x.counted_rows, y.counted_rows) &&
         x.group == y.group && ends_distinct(x.sources) && ends_distinct(x.sinks) && ends_distinct(y.sources) &&
         ends_distinct(y.sinks);
}

/// Whether max-flow question b is question a's way back: one class each, b's sources being a's
/// sinks and b's sinks a's sources. Their usable arcs are not compared: they differ (a trade
/// never re-enters its origin country nor leaves its destination, flow_class.cpp), as twins on a
/// symmetric network, and the twins of a's arcs are only b's first set, cut to b's usable arcs.
bool way_back(const std::vector<FlowClass>& a, const std::vector<FlowClass>& b) {
  if (a.size() != 1 || b.size() != 1) return false;
  const auto same_set = [](std::vector<int> p, std::vector<int> q) {
    std::sort(p.begin(), p.end());
    std::sort(q.begin(), q.end());
    return p == q;
  };
  return same_set(a.front().sources, b.front().sinks) && same_set(a.front().sinks, b.front().sources);
}

/// Adds the vertices of `ends` not yet in `all`, in order.
void add_ends(std::vector<int>& all, const std::vector<int>& ends) {
  for (int v : ends) {
    if (std::find(all.begin(), all.end(), v) == all.end()) all.push_back(v);
  }
}

/// Opens the end columns of `all` that are in `open` and closes the others.
void open_ends(FlowLp& lp, const std::vector<int>& columns, const std::vector<int>& all, const std::vector<int>& open) {
  for (std::size_t j = 0; j < all.size(); ++j) {
    if (columns[j] < 0) continue;
    lp.set_column_open(columns[j], std::find(open.begin(), open.end(), all[j]) != open.end());
  }
}

/// The union class's flow as the question's own: its ends' tonnes picked out of the union's.
ClassFlow own_flow(const ClassFlow& shared, const FlowClass& union_class, const FlowClass& own) {
  ClassFlow flow;
  flow.arc_t_per_yr = shared.arc_t_per_yr;
  flow.delivered_t_per_yr = shared.delivered_t_per_yr;
  const auto pick = [](const std::vector<int>& all, const std::vector<double>& t, const std::vector<int>& mine) {
    std::vector<double> out;
    out.reserve(mine.size());
    for (int v : mine) out.push_back(t[static_cast<std::size_t>(std::find(all.begin(), all.end(), v) - all.begin())]);
    return out;
  };
  flow.source_t_per_yr = pick(union_class.sources, shared.source_t_per_yr, own.sources);
  flow.sink_t_per_yr = pick(union_class.sinks, shared.sink_t_per_yr, own.sinks);
  return flow;
}

}  // namespace

std::vector<FlowSolution> solve_max_flows(const Network& network, const std::vector<std::vector<FlowClass>>& questions,
                                          const SolveLimits& limits, const std::vector<MaxFlowProbe>& probes) {
  std::vector<FlowSolution> out(questions.size());
  std::vector<char> done(questions.size(), 0);
  const auto probe_of = [&](std::size_t i) { return i < probes.size() ? probes[i] : MaxFlowProbe{}; };
  std::vector<char> relaxation_arcs;
  // A route asked both ways: the way back can reuse the way out's work (min_cost_flow.hpp, "A
  // problem's reverse"; add_twin_arcs), each reuse proven or dropped.
  SolvedCheapestFlow earlier_cheapest;
  std::vector<char> earlier_arcs;  // the final H of the last question answered over generated arcs
  std::size_t earlier_question = questions.size();
  for (std::size_t i = 0; i < questions.size(); ++i) {
    relaxation_arcs.clear();
    if (limits.network_fast_path) {
      if (auto fast = solve_max_flow_network(network, questions[i], limits, &relaxation_arcs, &earlier_cheapest)) {
        out[i] = std::move(*fast);
        done[i] = 1;
        continue;
      }
    }
    // A large question is answered alone, over generated arcs.
    if (generates_arcs(estimate_lp_size(network, questions[i]), limits)) {
      if (earlier_question < questions.size() && way_back(questions[earlier_question], questions[i])) {
        add_twin_arcs(network, earlier_arcs, relaxation_arcs);
      }
      out[i] = solve_max_flow_by_arcs(network, questions[i], limits, relaxation_arcs, probe_of(i), nullptr, &earlier_arcs);
      earlier_question = i;
      done[i] = 1;
    }
  }
  for (std::size_t i = 0; i < questions.size(); ++i) {
    if (done[i]) continue;
    std::vector<std::size_t> set{i};
    for (std::size_t j = i + 1; j < questions.size(); ++j) {
      if (!done[j] && share_lp(questions[i], questions[j])) set.push_back(j);
    }
    if (set.size() == 1) {
      SolveLimits lp_only = limits;
      lp_only.network_fast_path = false;
      out[i] = solve_max_flow(network, questions[i], lp_only, probe_of(i));
      done[i] = 1;
      continue;
    }
    FlowClass union_class = questions[i].front();
    union_class.sources.clear();
    union_class.sinks.clear();
    for (std::size_t q : set) {
      add_ends(union_class.sources, questions[q].front().sources);
      add_ends(union_class.sinks, questions[q].front().sinks);
    }
    const std::vector<FlowClass> classes{union_class};
    FlowLp lp(network, classes, true);
    const SolveStatus built = lp.build();
    if (built == SolveStatus::Optimal) lp.set_max_flow_objective();
    bool warm = false;
    for (std::size_t q : set) {
      done[q] = 1;
      if (built != SolveStatus::Optimal) {
        out[q].status = built;
        continue;
      }
      const FlowClass& own = questions[q].front();
      open_ends(lp, lp.source_columns(0), union_class.sources, own.sources);
      open_ends(lp, lp.sink_columns(0), union_class.sinks, own.sinks);
      const MaxFlowProbe probe = probe_of(q);
      // The probe sees the answer in the question's own terms.
      const MaxFlowProbe own_probe = probe ? MaxFlowProbe([&](const FlowSolution& shared, const MaxFlowChange& change) {
        FlowSolution mine = shared;
        mine.classes = {own_flow(shared.classes.front(), union_class, own)};
        probe(mine, change);
      })
                                           : MaxFlowProbe{};
      FlowSolution solution = max_flow_on(network, lp, limits, own_probe, warm, true);
      if (solution.status == SolveStatus::Optimal) solution.classes = {own_flow(solution.classes.front(), union_class, own)};
      // After a failed solve the next question starts cold (from slacks).
      warm = solution.status == SolveStatus::Optimal;
      if (!warm) lp.model().allSlackBasis(true);
      out[q] = std::move(solution);
    }
  }
  return out;
}

FlowSolution solve_max_flow(const Network& network, const FlowClass& flow_class, const SolveLimits& limits) {
  return solve_max_flow(network, std::vector<FlowClass>{flow_class}, limits);
}

FlowSolution solve_min_cost(const Network& network, const std::vector<FlowClass>& classes, const SolveLimits& limits) {
  return solve_min_cost(network, classes, limits, false);
}

FlowSolution solve_min_cost(const Network& network, const std::vector<FlowClass>& classes, const SolveLimits& limits,
                            bool compact) {
  FlowSolution solution;
  // Classes that share a commodity share its arc columns; with none to share the LP is built
  // per class, exactly as without aggregation.
  std::optional<Commodities> commodities;
  if (limits.aggregate_classes) {
    Commodities found = find_commodities(network, classes);
    if (found.members.size() < classes.size()) commodities = std::move(found);
  }
  // A time-expanded network leaves most of each class's vertex rows empty: leave them out.
  FlowLp lp(network, classes, false, compact || network.horizon() != nullptr, commodities ? &*commodities : nullptr);
  solution.status = lp.build();
  if (solution.status != SolveStatus::Optimal) return solution;
  solution.status = lp.run(limits);
  if (solution.status != SolveStatus::Optimal) return solution;
  lp.extract(solution);
  solution.row_shadow = lp.shadow_prices();
  solution.objective = solution.transport_cost_usd_per_yr + solution.source_cost_usd_per_yr + solution.backlog_cost_usd_per_yr;
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
  // Construction-time masks (the columns that exist), then the current supplies, prices, source
  // and extra costs (supply and unserved price on each group's first class).
  std::vector<FlowClass> classes;
  FlowLp lp;
  SolveStatus build_status = SolveStatus::Optimal;
  std::vector<std::vector<char>> usable;  // current availability per class and arc
  std::vector<double> arc_cost;           // current cost per network arc
  std::vector<double> row_spare;          // current spare capacity per network row
  SolveStatus last_status = SolveStatus::Optimal;
  bool solved_once = false;
  bool bounds_changed = false;
  bool costs_changed = false;
  bool need_cold = false;  // the last solve failed: start again from the slack basis
  bool in_phase2 = false;
  bool from_given_basis = false;  // the next solve starts from set_basis(), with no factorisation yet

  /// Costs reach the model now in routing and in the max flow's cheapest phase; otherwise they
  /// are recorded for that phase.
  bool costs_apply() const { return !lp.max_flow() || in_phase2; }
  void set_cost(int column, double cost) {
    const bool apply = costs_apply();
    lp.set_column_cost(column, cost, apply);
    if (apply) costs_changed = true;
  }
  /// The first class of k's group, which holds the group's supply and unserved price.
  FlowClass& group_head(int k) {
    return classes[static_cast<std::size_t>(lp.first_of_group(lp.group_of(static_cast<std::size_t>(k))))];
  }

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
  impl_ = std::make_unique<Impl>(network, std::move(classes), kind);
  Impl& m = *impl_;
  m.build_status = m.lp.build();
  m.usable.reserve(m.classes.size());
  // The masks move to `usable` (the current availability): the LP's columns are built, and
  // nothing reads a class's construction-time mask again.
  for (auto& c : m.classes) m.usable.push_back(std::move(c.arc_usable));
  m.arc_cost.resize(network.arcs().size());
  for (const auto& arc : network.arcs()) m.arc_cost[static_cast<std::size_t>(arc.index)] = arc.cost_usd_per_t;
  m.row_spare.resize(network.rows().size());
  for (std::size_t r = 0; r < network.rows().size(); ++r) m.row_spare[r] = network.rows()[r].spare();
  if (m.build_status == SolveStatus::Optimal && kind == Kind::MaxFlow) m.lp.set_max_flow_objective();
  // The LP is in kt/yr and USD/t with rows normalised, already well scaled; CLP's scaling would
  // be redone per solve.
  m.lp.model().scaling(0);
}

FlowSession::~FlowSession() = default;

void FlowSession::set_row_capacity(int row, double spare) {
  Impl& m = *impl_;
  const auto r = static_cast<std::size_t>(row);
  if (m.row_spare[r] == spare) return;
  m.row_spare[r] = spare;
  // A row no column of this LP counts against is not in the LP: nothing to change or solve; nor
  // when a bound row's change leaves its column's bound as it was.
  if (m.lp.set_capacity_rhs(row, spare / m.lp.row_scale(row) * kScale)) m.bounds_changed = true;
}

void FlowSession::set_arc_cost(int arc, double cost_usd_per_t) {
  Impl& m = *impl_;
  const auto a = static_cast<std::size_t>(arc);
  if (m.arc_cost[a] == cost_usd_per_t) return;
  m.arc_cost[a] = cost_usd_per_t;
  for (std::size_t k = 0; k < m.classes.size(); ++k) {
    const int column = m.lp.arc_column(k, a);
    if (column >= 0) m.set_cost(column, cost_usd_per_t + m.classes[k].extra_cost(a));
  }
}

void FlowSession::set_class_arc_cost(int k, int arc, double extra_usd_per_t) {
  Impl& m = *impl_;
  const auto kk = static_cast<std::size_t>(k);
  const auto a = static_cast<std::size_t>(arc);
  FlowClass& c = m.classes[kk];
  if (c.extra_cost(a) == extra_usd_per_t) return;
  if (c.arc_extra_cost_usd_per_t.empty()) c.arc_extra_cost_usd_per_t.assign(m.arc_cost.size(), 0.0);
  c.arc_extra_cost_usd_per_t[a] = extra_usd_per_t;
  const int column = m.lp.arc_column(kk, a);
  if (column >= 0) m.set_cost(column, m.arc_cost[a] + extra_usd_per_t);
}

void FlowSession::set_source_cost(int k, double usd_per_t) {
  Impl& m = *impl_;
  const auto kk = static_cast<std::size_t>(k);
  if (m.classes[kk].source_cost_usd_per_t == usd_per_t) return;
  m.classes[kk].source_cost_usd_per_t = usd_per_t;
  for (int column : m.lp.source_columns(kk)) {
    if (column >= 0) m.set_cost(column, usd_per_t);
  }
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
  m.lp.set_column_open(column, usable);
  m.bounds_changed = true;
}

void FlowSession::set_supply(int k, double supply_t_per_yr) {
  Impl& m = *impl_;
  if (m.lp.max_flow()) return;
  const int g = m.lp.group_of(static_cast<std::size_t>(k));
  FlowClass& head = m.group_head(k);
  // Slots keep the group's profile: each is scaled by the new total over the old.
  if (!head.slot_supply_t.empty()) {
    const double factor = head.supply_t_per_yr > 0 ? supply_t_per_yr / head.supply_t_per_yr : 0.0;
    for (double& q : head.slot_supply_t) q *= factor;
  }
  head.supply_t_per_yr = supply_t_per_yr;
  const auto supplies = m.lp.slot_supplies(g);
  for (int slot = 0; slot < m.lp.slot_count(g); ++slot) {
    const double supply_lp = supplies[static_cast<std::size_t>(slot)] * kScale;
    if (const int t_row = m.lp.demand_row(g, slot); t_row >= 0) m.lp.model().setRowBounds(t_row, -supply_lp, -supply_lp);
  }
  const double supply_lp = supply_t_per_yr * kScale;
  if (const int s_row = m.lp.supply_row(g); s_row >= 0) m.lp.model().setRowBounds(s_row, supply_lp, supply_lp);
  m.bounds_changed = true;
}

void FlowSession::set_unserved_cost(int k, double cost_usd_per_t) {
  Impl& m = *impl_;
  if (m.lp.max_flow()) return;
  for (int column : m.lp.unserved_columns(m.lp.group_of(static_cast<std::size_t>(k)))) m.set_cost(column, cost_usd_per_t);
  m.group_head(k).unserved_cost_usd_per_t = cost_usd_per_t;
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
  m.lp.set_cheapest_at(m.lp.value_lp());
  m.in_phase2 = true;
  return m.run(limits, true);
}

int FlowSession::class_count() const { return static_cast<int>(impl_->classes.size()); }

double FlowSession::objective() const {
  const Impl& m = *impl_;
  double total = 0;
  for (std::size_t k = 0; k < m.classes.size(); ++k) {
    const int kk = static_cast<int>(k);
    if (m.lp.max_flow()) {
      total += delivered_t_per_yr(kk);
    } else {
      total += transport_cost_usd_per_yr(kk) + source_cost_usd_per_yr(kk) +
               unserved_t_per_yr(kk) * m.classes[k].unserved_cost_usd_per_t;
      if (m.lp.is_group_head(k)) total += m.lp.backlog_cost_usd(m.lp.group_of(k));
    }
  }
  return total;
}

double FlowSession::delivered_t_per_yr(int k) const {
  const Impl& m = *impl_;
  const double* x = m.lp.model().primalColumnSolution();
  double total = 0;
  for (int column : m.lp.sink_columns(static_cast<std::size_t>(k))) {
    if (column >= 0) total += FlowLp::clean(x[column]);
  }
  return total;
}

double FlowSession::unserved_t_per_yr(int k) const { return impl_->lp.unserved_t_per_yr(static_cast<std::size_t>(k)); }

double FlowSession::transport_cost_usd_per_yr(int k) const {
  const Impl& m = *impl_;
  const double* x = m.lp.model().primalColumnSolution();
  const auto kk = static_cast<std::size_t>(k);
  double total = 0;
  for (std::size_t a = 0; a < m.arc_cost.size(); ++a) {
    const int column = m.lp.arc_column(kk, a);
    if (column >= 0) total += FlowLp::clean(x[column]) * m.lp.column_cost(column);
  }
  return total;
}

double FlowSession::source_cost_usd_per_yr(int k) const {
  const Impl& m = *impl_;
  const double* x = m.lp.model().primalColumnSolution();
  double total = 0;
  for (int column : m.lp.source_columns(static_cast<std::size_t>(k))) {
    if (column >= 0) total += FlowLp::clean(x[column]) * m.lp.column_cost(column);
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
      if (column >= 0) out[a] += FlowLp::clean(x[column]);
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
  solution.row_shadow = m.lp.shadow_prices();
  solution.objective = objective();
  return solution;
}

}  // namespace borderflow
