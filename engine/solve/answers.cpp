#include "solve/answers.hpp"
#include "solve/arc_generation.hpp"
#include "solve/time_answers.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <optional>

#include "core/diagnostic.hpp"
#include "core/text.hpp"
#include "solve/flow_class.hpp"
#include "solve/check.hpp"
#include "solve/network_flow.hpp"
#include "solve/shortest_path.hpp"

namespace borderflow {
namespace {

/// Routing over a time-expanded network, or over a large one (SolveLimits::generate_arcs_from_columns),
/// grows its arcs (solve/arc_generation.hpp): the full LP has a column per class and arc (and
/// period), most of which no optimum uses. Other one-period networks build the whole LP.
FlowSolution routing_solution(const Network& network, const std::vector<FlowClass>& classes, const SolveLimits& limits) {
  return network.horizon() || generates_arcs(estimate_lp_size(network, classes, limits.aggregate_classes), limits)
             ? solve_min_cost_by_arcs(network, classes, limits)
             : solve_min_cost(network, classes, limits);
}

constexpr double kFlowEpsilon = kFlowEpsilon_t_per_yr;
constexpr double kCostRoundOff_usd_per_t = 1e-9;  // a route this much dearer than the price is not dearer

/// Transport cost of one class's flow at the network's arc costs plus the class's fees (USD/yr).
double transport_cost_usd_per_yr(const Network& network, const FlowClass& flow_class, const ClassFlow& flow) {
  double total = 0;
  for (const auto& arc : network.arcs()) {
    const auto a = static_cast<std::size_t>(arc.index);
    total += flow.arc_t_per_yr[a] * (arc.cost_usd_per_t + flow_class.extra_cost(a));
  }
  return total;
}

/// The cheapest landed cost of one tonne of class k (origin price + path cost under `length`),
/// +infinity when no path is open.
double cheapest_landed(const Network& network, const FlowClass& flow_class, const std::vector<double>& length) {
  return flow_class.source_cost_usd_per_t + nearest_sink_distance(network, flow_class, length);
}

/// Marks the priced rows on one cheapest path of class c under lengths c_a + fees + row prices
/// (walked back from its nearest sink over tight arcs), and the caps on delivered tonnes it
/// counts in.
void mark_cheapest_path_rows(const Network& network, const FlowClass& c, const std::vector<double>& row_price,
                             std::vector<char>& marked) {
  const std::vector<double> length = priced_lengths(network, c, row_price, true);
  const std::vector<double> dist = distances_from_sources(network, c, length);
  int v = -1;
  for (int sink : c.sinks) {
    if (std::isfinite(dist[static_cast<std::size_t>(sink)]) && (v < 0 || dist[static_cast<std::size_t>(sink)] < dist[static_cast<std::size_t>(v)])) v = sink;
  }
  if (v < 0) return;
  std::vector<char> class_counts(network.rows().size(), 0);
  for (const CountedRow& counted : c.counted_rows) {
    class_counts[static_cast<std::size_t>(counted.row)] = 1;
    if (network.rows()[static_cast<std::size_t>(counted.row)].arcs.empty()) marked[static_cast<std::size_t>(counted.row)] = 1;
  }
  std::vector<char> seen(static_cast<std::size_t>(network.vertex_count()), 0);
  const std::vector<int>& sources = c.sources;
  while (!seen[static_cast<std::size_t>(v)]) {
    seen[static_cast<std::size_t>(v)] = 1;
    if (dist[static_cast<std::size_t>(v)] == 0 && std::find(sources.begin(), sources.end(), v) != sources.end()) return;
    const double here = dist[static_cast<std::size_t>(v)];
    const NetworkArc* tight = nullptr;
    for (const NetworkArc& arc : network.arcs()) {
      const auto a = static_cast<std::size_t>(arc.index);
      if (arc.head != v || !c.arc_usable[a] || !std::isfinite(dist[static_cast<std::size_t>(arc.tail)])) continue;
      if (std::abs(dist[static_cast<std::size_t>(arc.tail)] + std::max(0.0, length[a]) - here) <= 1e-9 * std::max(1.0, here)) {
        tight = &arc;
        break;
      }
    }
    if (!tight) return;
    for (int r : tight->rows) {
      const CapacityRow& row = network.rows()[static_cast<std::size_t>(r)];
      if (!row.per_class || class_counts[static_cast<std::size_t>(r)]) marked[static_cast<std::size_t>(r)] = 1;
    }
    v = tight->tail;
  }
}

/// Why demand d of `answer` leaves tonnes unserved: no usable path, a cheapest landed cost
/// dearer than an unserved tonne, or full capacities on the cheaper paths.
UnservedReason unserved_reason(const Network& network, const RoutingAnswer& answer, std::size_t d) {
  const Demand& demand = network.scenario().demands[d];
  const std::vector<double> no_prices(network.rows().size(), 0.0);
  UnservedReason reason;
  double cheapest = std::numeric_limits<double>::infinity();
  for (std::size_t k = 0; k < answer.classes.size(); ++k) {
    if (answer.class_demand[k] != static_cast<int>(d)) continue;
    cheapest = std::min(cheapest, cheapest_landed(network, answer.classes[k], priced_lengths(network, answer.classes[k], no_prices, true)));
  }
  if (!std::isfinite(cheapest)) {
    reason.kind = UnservedReason::Kind::NoOpenRoute;
  } else if (cheapest > demand.unserved_cost_usd_per_t + kCostRoundOff_usd_per_t) {
    reason.kind = UnservedReason::Kind::TooExpensive;
    reason.cheapest_usd_per_t = cheapest;
  } else {
    reason.kind = UnservedReason::Kind::CapacityFull;
    // The full rows that price the demand's cheapest routes out: those on a cheapest path of one
    // of its classes under cost + row prices (and the caps on delivered tonnes it counts in).
    std::vector<char> on_cheapest(network.rows().size(), 0);
    for (std::size_t k = 0; k < answer.classes.size(); ++k) {
      if (answer.class_demand[k] == static_cast<int>(d)) mark_cheapest_path_rows(network, answer.classes[k], answer.solution.row_shadow, on_cheapest);
    }
    for (const auto& row : answer.binding) {
      if (!on_cheapest[static_cast<std::size_t>(row.row)]) continue;
      reason.full_rows.push_back(row.row);
      if (reason.full_rows.size() == 3) break;
    }
  }
  return reason;
}

/// Flow-weighted mean hours of some paths (0 when they carry nothing).
double mean_hours(const std::vector<PathFlow>& paths) {
  double hours = 0, carried = 0;
  for (const auto& p : paths) {
    hours += p.hours * p.t_per_yr;
    carried += p.t_per_yr;
  }
  return carried > 0 ? hours / carried : 0;
}

/// The paths of several classes, as one list in decompose_paths order.
std::vector<PathFlow> decompose_all(const Network& network, const std::vector<FlowClass>& classes,
                                    const FlowSolution& solution, const std::vector<int>* only = nullptr) {
  std::vector<PathFlow> paths;
  for (std::size_t k = 0; k < classes.size(); ++k) {
    if (only && std::find(only->begin(), only->end(), static_cast<int>(k)) == only->end()) continue;
    auto more = decompose_paths(network, classes[k], solution.classes[k]);
    paths.insert(paths.end(), std::make_move_iterator(more.begin()), std::make_move_iterator(more.end()));
  }
  std::stable_sort(paths.begin(), paths.end(), [](const PathFlow& a, const PathFlow& b) {
    if (std::abs(a.t_per_yr - b.t_per_yr) > kFlowEpsilon) return a.t_per_yr > b.t_per_yr;
    return a.arcs < b.arcs;
  });
  return paths;
}

/// Per supplier of demand d: delivered tonnes, landed cost, and the price that would make an
/// idle supplier win (see answers.hpp).
std::vector<SupplierAnswer> supplier_answers(const Network& network, const RoutingAnswer& answer, std::size_t d) {
  const Demand& demand = network.scenario().demands[d];
  const std::vector<Supplier> suppliers = demand.supplier_list();
  const std::vector<double> no_prices(network.rows().size(), 0.0);
  std::vector<SupplierAnswer> out(suppliers.size());
  std::vector<double> paid(out.size(), 0.0), congested(out.size(), std::numeric_limits<double>::infinity()),
      plain(out.size(), std::numeric_limits<double>::infinity());
  double marginal = demand.unserved_cost_usd_per_t;  // pi_g
  for (std::size_t k = 0; k < answer.classes.size(); ++k) {
    if (answer.class_demand[k] != static_cast<int>(d)) continue;
    const FlowClass& c = answer.classes[k];
    const ClassFlow& flow = answer.solution.classes[k];
    const auto s = static_cast<std::size_t>(answer.class_supplier[k]);
    out[s].supplier = static_cast<int>(s);
    out[s].delivered_t_per_yr += flow.delivered_t_per_yr;
    paid[s] += transport_cost_usd_per_yr(network, c, flow) + flow.delivered_t_per_yr * c.source_cost_usd_per_t;
    const double d_k = cheapest_landed(network, c, priced_lengths(network, c, answer.solution.row_shadow, true)) +
                       delivery_price(network, c, answer.solution.row_shadow);
    congested[s] = std::min(congested[s], d_k);
    marginal = std::min(marginal, d_k);
    plain[s] = std::min(plain[s], cheapest_landed(network, c, priced_lengths(network, c, no_prices, true)));
  }
  for (std::size_t s = 0; s < out.size(); ++s) {
    out[s].supplier = static_cast<int>(s);
    const double price = suppliers[s].price_usd_per_t;
    if (out[s].delivered_t_per_yr > kFlowEpsilon) {
      out[s].landed_cost_usd_per_t = paid[s] / out[s].delivered_t_per_yr;
      out[s].price_to_win_usd_per_t = NAN;
    } else {
      out[s].delivered_t_per_yr = 0;
      out[s].landed_cost_usd_per_t = std::isfinite(plain[s]) ? plain[s] : NAN;
      // congested[s] - price is the supplier's path cost under row prices: it wins below pi_g minus that.
      out[s].price_to_win_usd_per_t = std::isfinite(congested[s]) ? marginal - (congested[s] - price) : NAN;
    }
  }
  return out;
}

}  // namespace

std::vector<PathFlow> decompose_paths(const Network& network, const FlowClass& flow_class, const ClassFlow& flow) {
  const auto& arcs = network.arcs();
  const auto n = static_cast<std::size_t>(network.vertex_count());
  std::vector<double> remaining = flow.arc_t_per_yr;
  std::vector<double> source_left = flow.source_t_per_yr;
  std::vector<double> sink_left = flow.sink_t_per_yr;
  std::vector<int> sink_index(n, -1);
  for (std::size_t j = 0; j < flow_class.sinks.size(); ++j) sink_index[static_cast<std::size_t>(flow_class.sinks[j])] = static_cast<int>(j);
  // Each vertex's arcs with flow, in arc order, as offsets into one array: a vector per vertex
  // cost an allocation per vertex with flow, and a large network's answers decompose several
  // flows over hundreds of thousands of vertices.
  std::vector<int> out_begin(n + 1, 0);
  for (const auto& arc : arcs) {
    if (remaining[static_cast<std::size_t>(arc.index)] > kFlowEpsilon) ++out_begin[static_cast<std::size_t>(arc.tail) + 1];
  }
  for (std::size_t v = 0; v < n; ++v) out_begin[v + 1] += out_begin[v];
  std::vector<int> out(static_cast<std::size_t>(out_begin.back()));
  {
    std::vector<int> next(out_begin.begin(), out_begin.end() - 1);
    for (const auto& arc : arcs) {
      if (remaining[static_cast<std::size_t>(arc.index)] > kFlowEpsilon) out[static_cast<std::size_t>(next[static_cast<std::size_t>(arc.tail)]++)] = arc.index;
    }
  }
  // position[v]: the index in `path` where v was entered, -1 when v is not on it. Reset along
  // the path after each one, so a path costs its own length, not the network's.
  std::vector<long> position(n, -1);
  std::map<std::vector<int>, double> merged;
  for (std::size_t i = 0; i < flow_class.sources.size(); ++i) {
    int guard = 0;
    while (source_left[i] > kFlowEpsilon && ++guard < 10000) {
      std::vector<int> path;
      const int source = flow_class.sources[i];
      int v = source;
      position[static_cast<std::size_t>(v)] = 0;
      bool dead_end = false;
      while (true) {
        const int j = sink_index[static_cast<std::size_t>(v)];
        if (j >= 0 && sink_left[static_cast<std::size_t>(j)] > kFlowEpsilon) break;
        int best = -1;
        for (int k = out_begin[static_cast<std::size_t>(v)]; k < out_begin[static_cast<std::size_t>(v) + 1]; ++k) {
          const int a = out[static_cast<std::size_t>(k)];
          if (remaining[static_cast<std::size_t>(a)] <= kFlowEpsilon) continue;
          if (best < 0 || remaining[static_cast<std::size_t>(a)] > remaining[static_cast<std::size_t>(best)]) best = a;
        }
        if (best < 0) {
          dead_end = true;
          break;
        }
        const int w = arcs[static_cast<std::size_t>(best)].head;
        const long seen = position[static_cast<std::size_t>(w)];
        if (seen >= 0) {
          // A cycle: cancel it and continue from where it closed.
          double m = remaining[static_cast<std::size_t>(best)];
          for (std::size_t q = static_cast<std::size_t>(seen); q < path.size(); ++q) m = std::min(m, remaining[static_cast<std::size_t>(path[q])]);
          for (std::size_t q = static_cast<std::size_t>(seen); q < path.size(); ++q) remaining[static_cast<std::size_t>(path[q])] -= m;
          remaining[static_cast<std::size_t>(best)] -= m;
          for (std::size_t q = static_cast<std::size_t>(seen); q < path.size(); ++q) position[static_cast<std::size_t>(arcs[static_cast<std::size_t>(path[q])].head)] = -1;
          position[static_cast<std::size_t>(w)] = seen;
          path.resize(static_cast<std::size_t>(seen));
          v = w;
          continue;
        }
        path.push_back(best);
        position[static_cast<std::size_t>(w)] = static_cast<long>(path.size());
        v = w;
      }
      position[static_cast<std::size_t>(source)] = -1;
      for (int a : path) position[static_cast<std::size_t>(arcs[static_cast<std::size_t>(a)].head)] = -1;
      if (dead_end) {
        source_left[i] = 0;  // residue below solver precision
        break;
      }
      double amount = source_left[i];
      amount = std::min(amount, sink_left[static_cast<std::size_t>(sink_index[static_cast<std::size_t>(v)])]);
      for (int a : path) amount = std::min(amount, remaining[static_cast<std::size_t>(a)]);
      for (int a : path) remaining[static_cast<std::size_t>(a)] -= amount;
      source_left[i] -= amount;
      sink_left[static_cast<std::size_t>(sink_index[static_cast<std::size_t>(v)])] -= amount;
      if (!path.empty()) merged[path] += amount;
    }
  }
  std::vector<PathFlow> paths;
  for (const auto& [arcs_on_path, amount] : merged) {
    if (amount <= kFlowEpsilon) continue;
    PathFlow p;
    p.arcs = arcs_on_path;
    p.t_per_yr = amount;
    for (int a : arcs_on_path) {
      p.cost_usd_per_t += arcs[static_cast<std::size_t>(a)].cost_usd_per_t + flow_class.extra_cost(static_cast<std::size_t>(a));
      p.hours += arcs[static_cast<std::size_t>(a)].hours;
    }
    paths.push_back(std::move(p));
  }
  std::sort(paths.begin(), paths.end(), [](const PathFlow& a, const PathFlow& b) {
    if (std::abs(a.t_per_yr - b.t_per_yr) > kFlowEpsilon) return a.t_per_yr > b.t_per_yr;
    return a.arcs < b.arcs;
  });
  return paths;
}

namespace {

/// find_cut_rows' candidates (answers.hpp): rows with a price, bottleneck first, for raising;
/// those and the other rows at capacity for lowering; at most kMaxCutCandidates of each.
struct CutCandidates {
  std::vector<int> at_capacity, priced;
};
CutCandidates cut_candidates(const Network& network, const FlowSolution& max_flow, CutRows& cuts) {
  const auto& rows = network.rows();
  CutCandidates c;
  for (const BindingRow& b : binding_rows(network, max_flow)) c.priced.push_back(b.row);
  c.at_capacity = c.priced;
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const double use = max_flow.row_use[r];
    const double cap = rows[r].spare();
    const bool full = cap > 0 && use >= cap - std::max(kFlowEpsilon, 1e-9 * cap);
    if (full && std::find(c.priced.begin(), c.priced.end(), static_cast<int>(r)) == c.priced.end()) c.at_capacity.push_back(static_cast<int>(r));
  }
  if (c.at_capacity.size() > kMaxCutCandidates || c.priced.size() > kMaxCutCandidates) cuts.complete = false;
  c.at_capacity.resize(std::min(c.at_capacity.size(), kMaxCutCandidates));
  c.priced.resize(std::min(c.priced.size(), kMaxCutCandidates));
  return c;
}

/// The slope tests of find_cut_rows (answers.hpp) with `change`, the max flow's change when a
/// row's spare capacity alone is set to a value (NaN when the re-solve fails), around `flow`.
/// A row the max flow's own duals price at y_r > kCutSlope needs no re-solve to show that
/// lowering it lowers the flow: for any optimal dual y, F(c - d e_r) <= F(c) - d y_r (weak
/// duality), a drop above kCutSlope * d. Only rows with spare capacity are lowered (d > 0).
void test_cut_rows(const Network& network, const FlowSolution& max_flow, const CutCandidates& candidates, double flow,
                   const MaxFlowChange& change, CutRows& cuts) {
  const auto& rows = network.rows();
  const double step = std::max(1.0, kCutStep * flow);
  auto test = [&](const std::vector<int>& list, double sign, std::vector<int>& out) {
    for (int r : list) {
      const double cap = rows[static_cast<std::size_t>(r)].spare();
      const double delta = sign * std::min(step, sign < 0 ? cap : step);
      const double price = r < static_cast<int>(max_flow.row_shadow.size()) ? max_flow.row_shadow[static_cast<std::size_t>(r)] : 0.0;
      if (sign < 0 && delta < 0 && price > kCutSlope) {
        out.push_back(r);
        continue;
      }
      const double moved = change(r, std::max(0.0, cap + delta));
      if (std::isnan(moved)) {
        cuts.complete = false;
        return;
      }
      if (sign * moved > kCutSlope * std::abs(delta)) out.push_back(r);
    }
    std::sort(out.begin(), out.end());
  };
  test(candidates.at_capacity, -1.0, cuts.in_some_cut);
  test(candidates.priced, +1.0, cuts.in_every_cut);
  // A row in every minimum cut is in some; one at zero capacity could not be lowered to show it.
  for (int r : cuts.in_every_cut) {
    if (!std::binary_search(cuts.in_some_cut.begin(), cuts.in_some_cut.end(), r)) {
      cuts.in_some_cut.insert(std::upper_bound(cuts.in_some_cut.begin(), cuts.in_some_cut.end(), r), r);
    }
  }
}

}  // namespace

CutRows find_cut_rows(const Network& network, const std::vector<FlowClass>& classes, const FlowSolution& max_flow,
                      const SolveLimits& limits) {
  CutRows cuts;
  // A max flow LEMON answered carries its minimum cuts in its residual graph: no re-solves.
  if (auto exact = network_cut_rows(network, classes, max_flow, std::max(1.0, kCutStep * max_flow.objective), kCutSlope)) {
    cuts.in_some_cut = std::move(exact->in_some_cut);
    cuts.in_every_cut = std::move(exact->in_every_cut);
    return cuts;
  }
  const CutCandidates candidates = cut_candidates(network, max_flow, cuts);
  if (candidates.at_capacity.empty() && candidates.priced.empty()) return cuts;

  FlowSession session(network, classes, FlowSession::Kind::MaxFlow);
  if (session.solve(limits) != SolveStatus::Optimal) {
    cuts.complete = false;
    return cuts;
  }
  const double flow = session.objective();
  const MaxFlowChange change = [&](int r, double spare) {
    const double cap = network.rows()[static_cast<std::size_t>(r)].spare();
    session.set_row_capacity(r, spare);
    const bool solved = session.solve(limits) == SolveStatus::Optimal;
    const double changed = solved ? session.objective() - flow : NAN;
    session.set_row_capacity(r, cap);
    return changed;
  };
  test_cut_rows(network, max_flow, candidates, flow, change, cuts);
  return cuts;
}

CutRows cut_rows_from_probe(const Network& network, const FlowSolution& max_flow, const MaxFlowChange& change) {
  CutRows cuts;
  const CutCandidates candidates = cut_candidates(network, max_flow, cuts);
  if (candidates.at_capacity.empty() && candidates.priced.empty()) return cuts;
  test_cut_rows(network, max_flow, candidates, max_flow.objective, change, cuts);
  return cuts;
}

namespace {

/// The max flow as its minimum cut's capacity when the bottleneck is a cut of tonne rows whose
/// spare capacities add up to the LP's value within round-off: by max-flow/min-cut duality the
/// two are equal, and the sum of the data's own capacities is exact where CLP's value can be a
/// few ulps short (5,000,000 read as 4,999,999.9999999991). Otherwise the LP's value.
double exact_max_flow(const Network& network, const std::vector<BindingRow>& bottleneck, double value_t_per_yr) {
  if (bottleneck.empty()) return value_t_per_yr;
  double cut = 0;
  for (const BindingRow& b : bottleneck) {
    const CapacityRow& row = network.rows()[static_cast<std::size_t>(b.row)];
    if (row.unit != RowUnit::TonnesPerYear || row.per_class) return value_t_per_yr;
    cut += row.spare();
  }
  return std::abs(cut - value_t_per_yr) <= 1e-9 * std::max(1.0, cut) ? cut : value_t_per_yr;
}

}  // namespace

namespace {

/// A capacity answer from its max flow (solve_max_flow's, with `probed` the cut rows its probe
/// found on the LP path).
CapacityAnswer capacity_answer(const Network& network, CapacityAnswer answer, std::optional<CutRows> probed,
                               const SolveLimits& limits) {
  answer.status = answer.solution.status;
  if (answer.status != SolveStatus::Optimal) return answer;
  answer.arc_t_per_yr.assign(network.arcs().size(), 0.0);
  for (const ClassFlow& flow : answer.solution.classes) {
    answer.capacity_t_per_yr += flow.delivered_t_per_yr;
    for (std::size_t a = 0; a < answer.arc_t_per_yr.size(); ++a) answer.arc_t_per_yr[a] += flow.arc_t_per_yr[a];
  }
  answer.bottleneck = binding_rows(network, answer.solution);
  answer.capacity_t_per_yr = exact_max_flow(network, answer.bottleneck, answer.capacity_t_per_yr);
  answer.paths = decompose_all(network, answer.classes, answer.solution);
  const double cost = cost_per_tonne(answer.solution.transport_cost_usd_per_yr, answer.capacity_t_per_yr);
  if (!std::isnan(cost)) {
    answer.cost_usd_per_t = cost;
    answer.hours = mean_hours(answer.paths);
  }
  answer.check_problems = check_max_flow(network, answer.classes, answer.solution);
  answer.certified = answer.check_problems.empty();
  CutRows cuts = probed ? std::move(*probed) : find_cut_rows(network, answer.classes, answer.solution, limits);
  answer.cut_rows = std::move(cuts.in_some_cut);
  answer.raises_flow_alone = std::move(cuts.in_every_cut);
  answer.cuts_complete = cuts.complete;
  return answer;
}

CapacityAnswer capacity_question(const Network& network, int route_index, bool reverse) {
  CapacityAnswer answer;
  answer.route = route_index;
  answer.reverse = reverse;
  answer.classes = route_classes(network, route_index, reverse);
  return answer;
}

}  // namespace

CapacityAnswer answer_capacity(const Network& network, int route_index, bool reverse, const SolveLimits& limits) {
  CapacityAnswer answer = capacity_question(network, route_index, reverse);
  // On the LP path the cut rows are found on the max flow's own LP, warm from its optimal basis.
  std::optional<CutRows> probed;
  answer.solution = solve_max_flow(network, answer.classes, limits, [&](const FlowSolution& solution, const MaxFlowChange& change) {
    probed = cut_rows_from_probe(network, solution, change);
  });
  return capacity_answer(network, std::move(answer), std::move(probed), limits);
}

RoutingAnswer answer_routing(const Network& network, const SolveLimits& limits) {
  const Scenario& s = network.scenario();
  RoutingAnswer answer;
  RoutingClasses classes = routing_classes(network);
  answer.classes = std::move(classes.classes);
  answer.class_demand = std::move(classes.demand);
  answer.class_supplier = std::move(classes.supplier);
  if (answer.classes.empty()) return answer;
  answer.solution = routing_solution(network, answer.classes, limits);
  answer.status = answer.solution.status;
  if (answer.status != SolveStatus::Optimal) return answer;
  answer.transport_cost_usd_per_yr = answer.solution.transport_cost_usd_per_yr;
  answer.source_cost_usd_per_yr = answer.solution.source_cost_usd_per_yr;
  answer.binding = binding_rows(network, answer.solution);
  for (std::size_t d = 0; d < s.demands.size(); ++d) {
    std::vector<int> mine;
    double delivered = 0, unserved = 0, transport = 0, source = 0;
    for (std::size_t k = 0; k < answer.classes.size(); ++k) {
      if (answer.class_demand[k] != static_cast<int>(d)) continue;
      mine.push_back(static_cast<int>(k));
      const ClassFlow& flow = answer.solution.classes[k];
      delivered += flow.delivered_t_per_yr;
      unserved += flow.unserved_t_per_yr;
      transport += transport_cost_usd_per_yr(network, answer.classes[k], flow);
      source += flow.delivered_t_per_yr * answer.classes[k].source_cost_usd_per_t;
    }
    const DemandOutcome outcome = demand_outcome(delivered, unserved, transport, s.demands[d].unserved_cost_usd_per_t);
    DemandAnswer da;
    da.demand = static_cast<int>(d);
    da.delivered_t_per_yr = outcome.delivered_t_per_yr;
    da.unserved_t_per_yr = outcome.unserved_t_per_yr;
    da.paths = decompose_all(network, answer.classes, answer.solution, &mine);
    da.hours = mean_hours(da.paths);
    if (!std::isnan(outcome.cost_usd_per_t)) {
      da.cost_usd_per_t = outcome.cost_usd_per_t;
      da.landed_cost_usd_per_t = cost_per_tonne(transport + source, delivered);
    }
    da.suppliers = supplier_answers(network, answer, d);
    answer.unserved_penalty_usd_per_yr += outcome.unserved_penalty_usd_per_yr;
    if (da.unserved_t_per_yr > kFlowEpsilon) da.unserved = unserved_reason(network, answer, d);
    answer.demands.push_back(std::move(da));
  }
  answer.check_problems = check_routing(network, answer.classes, answer.solution);
  answer.certified = answer.check_problems.empty();
  return answer;
}

BackgroundAnswer route_background(Network& network, const SolveLimits& limits) {
  const Scenario& s = network.scenario();
  BackgroundAnswer answer;
  BackgroundClasses classes = background_classes(network);
  if (!classes.classes.empty()) {
    answer.classes = std::move(classes.classes);
    answer.solution = routing_solution(network, answer.classes, limits);
    answer.status = answer.solution.status;
    if (answer.status != SolveStatus::Optimal) return answer;
    answer.check_problems = check_routing(network, answer.classes, answer.solution);
    answer.certified = answer.check_problems.empty();
    std::vector<double> arc_t_per_yr(network.arcs().size(), 0.0);
    for (std::size_t k = 0; k < answer.classes.size(); ++k) {
      const ClassFlow& flow = answer.solution.classes[k];
      for (std::size_t a = 0; a < arc_t_per_yr.size(); ++a) arc_t_per_yr[a] += flow.arc_t_per_yr[a];
      const int b = classes.flow[k];
      if (answer.flows.empty() || answer.flows.back() != b) {
        answer.flows.push_back(b);
        answer.delivered_t_per_yr.push_back(0);
        answer.unserved_t_per_yr.push_back(0);
      }
      answer.delivered_t_per_yr.back() += flow.delivered_t_per_yr;
      answer.unserved_t_per_yr.back() += flow.unserved_t_per_yr;
    }
    network.add_background(arc_t_per_yr);
  }
  const auto overloads = network.background_overloads();
  if (!overloads.empty()) {
    std::vector<Diagnostic> problems;
    for (const BackgroundOverload& o : overloads) {
      const CapacityRow& row = network.rows()[static_cast<std::size_t>(o.row)];
      const BackgroundFlow& flow = s.background[static_cast<std::size_t>(o.first_flow)];
      problems.push_back({flow.where,
                          "the background on " + network.describe_row(o.row) + " ('" + flow.id +
                              "' and any other flow counted there) takes " + format_grouped(o.background) + " " +
                              to_string(row.unit) + ", more than its capacity of " + format_grouped(row.capacity_t_per_yr) +
                              " " + to_string(row.unit) + "; lower the background or raise the capacity",
                          "", Severity::Error});
    }
    throw InputError(std::move(problems));
  }
  return answer;
}

std::vector<CapacityAnswer> answer_capacities(const Network& network, const SolveLimits& limits) {
  std::vector<CapacityAnswer> out;
  const Scenario& s = network.scenario();
  for (std::size_t r = 0; r < s.routes.size(); ++r) {
    out.push_back(capacity_question(network, static_cast<int>(r), false));
    if (s.routes[r].both_directions) out.push_back(capacity_question(network, static_cast<int>(r), true));
  }
  // All questions at once, so that those from one set of origins (or to one set of destinations)
  // share an LP (solve_max_flows).
  std::vector<std::vector<FlowClass>> questions;
  std::vector<std::optional<CutRows>> probed(out.size());
  std::vector<MaxFlowProbe> probes;
  for (std::size_t i = 0; i < out.size(); ++i) {
    questions.push_back(out[i].classes);
    probes.push_back([&network, &probed, i](const FlowSolution& solution, const MaxFlowChange& change) {
      probed[i] = cut_rows_from_probe(network, solution, change);
    });
  }
  std::vector<FlowSolution> solutions = solve_max_flows(network, questions, limits, probes);
  for (std::size_t i = 0; i < out.size(); ++i) {
    out[i].solution = std::move(solutions[i]);
    out[i] = capacity_answer(network, std::move(out[i]), std::move(probed[i]), limits);
  }
  return out;
}

ScenarioAnswer answer_scenario(const Network& network, const SolveLimits& limits) {
  ScenarioAnswer answer;
  answer.capacities = answer_capacities(network, limits);
  answer.routing = answer_routing(network, limits);
  return answer;
}

RunSize estimate_run_size(const Network& network, const SolveLimits& limits) {
  const Scenario& s = network.scenario();
  RunSize size;
  size.arcs = network.arcs().size();
  const auto arcs = static_cast<double>(size.arcs);
  const auto rows = static_cast<double>(network.rows().size());
  constexpr double kKeptPerArc = sizeof(double) + sizeof(char);  // a flow and a usable flag
  constexpr double kKeptPerRow = 2 * sizeof(double);              // a shadow price and a use
  const std::vector<FlowClass> classes = routing_classes(network).classes;
  size.demands = s.demands.size();
  if (!classes.empty()) {
    size.routing = estimate_lp_size(network, classes, limits.aggregate_classes);
    if (generates_arcs(size.routing, limits) && !network.horizon()) size.routing = {};
    // Per class (demand x supplier x country pair) its flow and usable flag per arc, and its fees.
    size.routing_kept_bytes = rows * kKeptPerRow;
    for (const FlowClass& c : classes) {
      size.routing_kept_bytes += arcs * kKeptPerArc + static_cast<double>(c.arc_extra_cost_usd_per_t.size() * sizeof(double));
    }
  }
  for (const auto& route : s.routes) size.route_questions += route.both_directions ? 2 : 1;
  if (size.route_questions > 0) {
    // Bounded by a class that may use every arc and enters and leaves at every vertex, so the
    // estimate needs no class per question.
    FlowClass every;
    every.arc_usable.assign(size.arcs, 1);
    for (int v = 0; v < network.vertex_count(); ++v) every.sources.push_back(v);
    every.sinks = every.sources;
    size.largest_route = estimate_lp_size(network, {every});
    if (generates_arcs(size.largest_route, limits)) size.largest_route = {};
    // Each question keeps its arc flows twice (the answer's and its solution's). And one
    // relaxation flow is kept from question to question for a route's way back
    // (SolvedCheapestFlow: a tail, head, capacity, cost and flow per arc of LEMON's graph, at
    // most one per network arc and one per vertex for the terminal arcs; a potential per vertex).
    size.routes_kept_bytes = static_cast<double>(size.route_questions) * (arcs * (kKeptPerArc + sizeof(double)) + rows * kKeptPerRow);
    if (size.route_questions > 1) {
      constexpr double kKeptRelaxationPerArc = 2 * sizeof(int) + 3 * sizeof(std::int64_t);
      const auto vertices = static_cast<double>(network.vertex_count());
      size.routes_kept_bytes += (arcs + vertices) * kKeptRelaxationPerArc + vertices * sizeof(std::int64_t);
    }
  }
  return size;
}

void require_within_memory(const RunSize& size, const SolveLimits& limits, const std::string& file) {
  if (!(size.bytes() > limits.max_memory_bytes)) return;
  auto gb = [](double bytes) {
    return bytes >= 1e9 ? format_fixed(bytes / 1e9, 1) + " GB" : format_grouped(std::ceil(bytes / 1e6)) + " MB";
  };
  const std::string limit = "; the limit is " + gb(limits.max_memory_bytes) + " per run (" + kMaxMemoryFlag + ")";
  std::string message;
  if (size.routing_bytes() >= size.routes_bytes()) {
    message = "routing " + format_grouped(static_cast<double>(size.demands)) + " demands over " +
              format_grouped(static_cast<double>(size.arcs)) + " arcs needs " +
              format_grouped(static_cast<double>(size.routing.columns)) + " LP columns, " +
              format_grouped(static_cast<double>(size.routing.rows)) + " rows and " +
              format_grouped(static_cast<double>(size.routing.nonzeros)) + " nonzeros (about " + gb(size.bytes()) +
              " for the whole run)" + limit +
              "; split the demands over several scenarios, or merge demands that share origins and destinations";
  } else {
    message = "answering " + format_grouped(static_cast<double>(size.route_questions)) + " route questions over " +
              format_grouped(static_cast<double>(size.arcs)) + " arcs keeps " +
              format_grouped(static_cast<double>(size.route_questions) * static_cast<double>(size.arcs)) +
              " flows per arc (about " + gb(size.bytes()) + " for the whole run)" + limit +
              "; split the routes over several scenarios, or ask fewer of them in both directions";
  }
  throw InputError(SourceLocation{file, 0, 0}, message);
}

void require_one_period(const Scenario& scenario, const std::string& command) {
  if (!scenario.time) return;
  throw InputError(scenario.time->where,
                   "'" + command + "' answers a scenario as one year, and this one has time: (" +
                       std::to_string(scenario.time->periods) + " " + to_string(scenario.time->unit) +
                       "s); use 'borderflow run' for its answers per period (--format csv for the series), or '" + command +
                       "' on the scenario it extends");
}

SolvedScenario solve_scenario(std::shared_ptr<const Scenario> scenario, std::string file, const SolveLimits& limits) {
  Network network(std::move(scenario));
  require_sound(network, "network expansion of " + file);
  const bool over_time = network.horizon() != nullptr;
  RunSize size = estimate_run_size(network, limits);
  if (over_time) {  // route questions are asked per period, on one-period networks
    size.largest_route = {};
    size.routes_kept_bytes = 0;
  }
  require_within_memory(size, limits, file);
  BackgroundAnswer background = route_background(network, limits);
  ScenarioAnswer answer;
  if (over_time) answer.routing = answer_routing(network, limits);
  else answer = answer_scenario(network, limits);
  answer.background = std::move(background);
  SolvedScenario solved{std::move(file), std::move(network), std::move(answer), nullptr};
  if (over_time) solved.time = std::make_shared<const TimeAnswer>(answer_over_time(solved.network, solved.answer, limits));
  return solved;
}

}  // namespace borderflow
