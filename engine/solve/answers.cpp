#include "solve/answers.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include "core/diagnostic.hpp"
#include "core/text.hpp"
#include "solve/flow_class.hpp"
#include "solve/check.hpp"
#include "solve/shortest_path.hpp"

namespace borderflow {
namespace {

constexpr double kFlowEpsilon = kFlowEpsilon_t_per_yr;
constexpr double kCostRoundOff_usd_per_t = 1e-9;  // a route this much dearer than the price is not dearer

/// Transport cost of one class's flow at the network's arc costs (USD/yr).
double transport_cost_usd_per_yr(const Network& network, const ClassFlow& flow) {
  double total = 0;
  for (const auto& arc : network.arcs()) total += flow.arc_t_per_yr[static_cast<std::size_t>(arc.index)] * arc.cost_usd_per_t;
  return total;
}

/// Why demand k of `answer` leaves tonnes unserved: no usable path, a cheapest path dearer
/// than an unserved tonne, or full capacities on the cheaper paths.
UnservedReason unserved_reason(const Network& network, const RoutingAnswer& answer, std::size_t k,
                               const std::vector<double>& cost_length) {
  const Demand& d = network.scenario().demands[k];
  const FlowClass& c = answer.classes[k];
  UnservedReason reason;
  const double cheapest = distance_to_sinks(c, distances_from_sources(network, c, cost_length));
  if (!std::isfinite(cheapest)) {
    reason.kind = UnservedReason::Kind::NoOpenRoute;
  } else if (cheapest > d.unserved_cost_usd_per_t + kCostRoundOff_usd_per_t) {
    reason.kind = UnservedReason::Kind::TooExpensive;
    reason.cheapest_usd_per_t = cheapest;
  } else {
    reason.kind = UnservedReason::Kind::CapacityFull;
    for (const auto& row : answer.binding) {
      const auto& arcs_of_row = network.rows()[static_cast<std::size_t>(row.row)].arcs;
      const bool touches = std::any_of(arcs_of_row.begin(), arcs_of_row.end(),
                                       [&](int a) { return c.arc_usable[static_cast<std::size_t>(a)] != 0; });
      if (!touches) continue;
      reason.full_rows.push_back(row.row);
      if (reason.full_rows.size() == 3) break;
    }
  }
  return reason;
}

}  // namespace

std::vector<PathFlow> decompose_paths(const Network& network, const FlowClass& flow_class, const ClassFlow& flow) {
  const auto& arcs = network.arcs();
  std::vector<double> remaining = flow.arc_t_per_yr;
  std::vector<double> source_left = flow.source_t_per_yr;
  std::vector<double> sink_left = flow.sink_t_per_yr;
  std::vector<int> sink_index(static_cast<std::size_t>(network.vertex_count()), -1);
  for (std::size_t j = 0; j < flow_class.sinks.size(); ++j) sink_index[static_cast<std::size_t>(flow_class.sinks[j])] = static_cast<int>(j);
  std::vector<std::vector<int>> out(static_cast<std::size_t>(network.vertex_count()));
  for (const auto& arc : arcs) {
    if (remaining[static_cast<std::size_t>(arc.index)] > kFlowEpsilon) out[static_cast<std::size_t>(arc.tail)].push_back(arc.index);
  }
  std::map<std::vector<int>, double> merged;
  for (std::size_t i = 0; i < flow_class.sources.size(); ++i) {
    int guard = 0;
    while (source_left[i] > kFlowEpsilon && ++guard < 10000) {
      std::vector<int> path;
      std::map<int, std::size_t> position;  // vertex -> index in path where it was entered
      int v = flow_class.sources[i];
      position[v] = 0;
      bool dead_end = false;
      while (true) {
        const int j = sink_index[static_cast<std::size_t>(v)];
        if (j >= 0 && sink_left[static_cast<std::size_t>(j)] > kFlowEpsilon) break;
        int best = -1;
        for (int a : out[static_cast<std::size_t>(v)]) {
          if (remaining[static_cast<std::size_t>(a)] <= kFlowEpsilon) continue;
          if (best < 0 || remaining[static_cast<std::size_t>(a)] > remaining[static_cast<std::size_t>(best)]) best = a;
        }
        if (best < 0) {
          dead_end = true;
          break;
        }
        const int w = arcs[static_cast<std::size_t>(best)].head;
        auto seen = position.find(w);
        if (seen != position.end()) {
          // A cycle: cancel it and continue from where it closed.
          std::vector<int> cycle(path.begin() + static_cast<long>(seen->second), path.end());
          cycle.push_back(best);
          double m = remaining[static_cast<std::size_t>(best)];
          for (int a : cycle) m = std::min(m, remaining[static_cast<std::size_t>(a)]);
          for (int a : cycle) remaining[static_cast<std::size_t>(a)] -= m;
          for (std::size_t q = seen->second; q < path.size(); ++q) position.erase(arcs[static_cast<std::size_t>(path[q])].head);
          position[w] = seen->second;
          path.resize(seen->second);
          v = w;
          continue;
        }
        path.push_back(best);
        position[w] = path.size();
        v = w;
      }
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
      p.cost_usd_per_t += arcs[static_cast<std::size_t>(a)].cost_usd_per_t;
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

CutRows find_cut_rows(const Network& network, const FlowClass& flow_class, const FlowSolution& max_flow,
                      const SolveLimits& limits) {
  CutRows cuts;
  const auto& rows = network.rows();
  // Lowering candidates: rows at capacity (bottleneck first); raising: rows with a price.
  std::vector<int> at_capacity, priced;
  for (const BindingRow& b : binding_rows(network, max_flow)) priced.push_back(b.row);
  at_capacity = priced;
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const double use = max_flow.row_use[r];
    const double cap = rows[r].capacity_t_per_yr;
    const bool full = cap > 0 && use >= cap - std::max(kFlowEpsilon, 1e-9 * cap);
    if (full && std::find(priced.begin(), priced.end(), static_cast<int>(r)) == priced.end()) at_capacity.push_back(static_cast<int>(r));
  }
  if (at_capacity.size() > kMaxCutCandidates || priced.size() > kMaxCutCandidates) cuts.complete = false;
  at_capacity.resize(std::min(at_capacity.size(), kMaxCutCandidates));
  priced.resize(std::min(priced.size(), kMaxCutCandidates));
  if (at_capacity.empty() && priced.empty()) return cuts;

  FlowSession session(network, {flow_class}, FlowSession::Kind::MaxFlow);
  if (session.solve(limits) != SolveStatus::Optimal) {
    cuts.complete = false;
    return cuts;
  }
  const double flow = session.objective();
  const double step = std::max(1.0, kCutStep * flow);
  // The flow's change when row r's capacity moves by `delta` (NaN when the re-solve fails).
  auto change = [&](int r, double delta) {
    const double cap = rows[static_cast<std::size_t>(r)].capacity_t_per_yr;
    session.set_row_capacity(r, std::max(0.0, cap + delta));
    const bool solved = session.solve(limits) == SolveStatus::Optimal;
    const double changed = solved ? session.objective() - flow : NAN;
    session.set_row_capacity(r, cap);
    return changed;
  };
  auto test = [&](const std::vector<int>& candidates, double sign, std::vector<int>& out) {
    for (int r : candidates) {
      const double delta = sign * std::min(step, sign < 0 ? rows[static_cast<std::size_t>(r)].capacity_t_per_yr : step);
      const double moved = change(r, delta);
      if (std::isnan(moved)) {
        cuts.complete = false;
        return;
      }
      if (sign * moved > kCutSlope * std::abs(delta)) out.push_back(r);
    }
    std::sort(out.begin(), out.end());
  };
  test(at_capacity, -1.0, cuts.in_some_cut);
  test(priced, +1.0, cuts.in_every_cut);
  // A row in every minimum cut is in some; one at zero capacity could not be lowered to show it.
  for (int r : cuts.in_every_cut) {
    if (!std::binary_search(cuts.in_some_cut.begin(), cuts.in_some_cut.end(), r)) {
      cuts.in_some_cut.insert(std::upper_bound(cuts.in_some_cut.begin(), cuts.in_some_cut.end(), r), r);
    }
  }
  return cuts;
}

CapacityAnswer answer_capacity(const Network& network, int route_index, bool reverse, const SolveLimits& limits) {
  CapacityAnswer answer;
  answer.route = route_index;
  answer.reverse = reverse;
  answer.flow_class = route_class(network, route_index, reverse);
  answer.solution = solve_max_flow(network, answer.flow_class, limits);
  answer.status = answer.solution.status;
  if (answer.status != SolveStatus::Optimal) return answer;
  const ClassFlow& flow = answer.solution.classes[0];
  answer.capacity_t_per_yr = flow.delivered_t_per_yr;
  answer.arc_t_per_yr = flow.arc_t_per_yr;
  answer.bottleneck = binding_rows(network, answer.solution);
  answer.paths = decompose_paths(network, answer.flow_class, flow);
  const double cost = cost_per_tonne(answer.solution.transport_cost_usd_per_yr, answer.capacity_t_per_yr);
  if (!std::isnan(cost)) {
    answer.cost_usd_per_t = cost;
    double weighted_hours = 0, carried = 0;
    for (const auto& p : answer.paths) {
      weighted_hours += p.hours * p.t_per_yr;
      carried += p.t_per_yr;
    }
    answer.hours = carried > 0 ? weighted_hours / carried : 0;
  }
  answer.check_problems = check_max_flow(network, answer.flow_class, answer.solution);
  answer.certified = answer.check_problems.empty();
  CutRows cuts = find_cut_rows(network, answer.flow_class, answer.solution, limits);
  answer.cut_rows = std::move(cuts.in_some_cut);
  answer.raises_flow_alone = std::move(cuts.in_every_cut);
  answer.cuts_complete = cuts.complete;
  return answer;
}

RoutingAnswer answer_routing(const Network& network, const SolveLimits& limits) {
  const Scenario& s = network.scenario();
  RoutingAnswer answer;
  for (std::size_t k = 0; k < s.demands.size(); ++k) answer.classes.push_back(demand_class(network, static_cast<int>(k)));
  if (answer.classes.empty()) return answer;
  answer.solution = solve_min_cost(network, answer.classes, limits);
  answer.status = answer.solution.status;
  if (answer.status != SolveStatus::Optimal) return answer;
  answer.transport_cost_usd_per_yr = answer.solution.transport_cost_usd_per_yr;
  answer.binding = binding_rows(network, answer.solution);
  std::vector<double> cost_length(network.arcs().size());
  for (const auto& arc : network.arcs()) cost_length[static_cast<std::size_t>(arc.index)] = arc.cost_usd_per_t;
  for (std::size_t k = 0; k < s.demands.size(); ++k) {
    const ClassFlow& flow = answer.solution.classes[k];
    const DemandOutcome outcome = demand_outcome(flow.delivered_t_per_yr, flow.unserved_t_per_yr,
                                                 transport_cost_usd_per_yr(network, flow), s.demands[k].unserved_cost_usd_per_t);
    DemandAnswer da;
    da.demand = static_cast<int>(k);
    da.delivered_t_per_yr = outcome.delivered_t_per_yr;
    da.unserved_t_per_yr = outcome.unserved_t_per_yr;
    da.paths = decompose_paths(network, answer.classes[k], flow);
    double hours = 0, carried = 0;
    for (const auto& p : da.paths) {
      hours += p.hours * p.t_per_yr;
      carried += p.t_per_yr;
    }
    if (carried > 0) da.hours = hours / carried;
    if (!std::isnan(outcome.cost_usd_per_t)) da.cost_usd_per_t = outcome.cost_usd_per_t;
    answer.unserved_penalty_usd_per_yr += outcome.unserved_penalty_usd_per_yr;
    if (da.unserved_t_per_yr > kFlowEpsilon) da.unserved = unserved_reason(network, answer, k, cost_length);
    answer.demands.push_back(std::move(da));
  }
  answer.check_problems = check_routing(network, answer.classes, answer.solution);
  answer.certified = answer.check_problems.empty();
  return answer;
}

ScenarioAnswer answer_scenario(const Network& network, const SolveLimits& limits) {
  ScenarioAnswer answer;
  const Scenario& s = network.scenario();
  for (std::size_t r = 0; r < s.routes.size(); ++r) {
    answer.capacities.push_back(answer_capacity(network, static_cast<int>(r), false, limits));
    if (s.routes[r].both_directions) answer.capacities.push_back(answer_capacity(network, static_cast<int>(r), true, limits));
  }
  answer.routing = answer_routing(network, limits);
  return answer;
}

RunSize estimate_run_size(const Network& network) {
  const Scenario& s = network.scenario();
  RunSize size;
  size.arcs = network.arcs().size();
  const auto arcs = static_cast<double>(size.arcs);
  const auto rows = static_cast<double>(network.rows().size());
  constexpr double kKeptPerArc = sizeof(double) + sizeof(char);  // a flow and a usable flag
  constexpr double kKeptPerRow = 2 * sizeof(double);              // a shadow price and a use
  std::vector<FlowClass> classes;
  for (std::size_t k = 0; k < s.demands.size(); ++k) classes.push_back(demand_class(network, static_cast<int>(k)));
  size.demands = classes.size();
  if (!classes.empty()) {
    size.routing = estimate_lp_size(network, classes);
    size.routing_kept_bytes = static_cast<double>(size.demands) * arcs * kKeptPerArc + rows * kKeptPerRow;
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
    // Each question keeps its arc flows twice (the answer's and its solution's).
    size.routes_kept_bytes = static_cast<double>(size.route_questions) * (arcs * (kKeptPerArc + sizeof(double)) + rows * kKeptPerRow);
  }
  return size;
}

void require_within_memory(const RunSize& size, const SolveLimits& limits, const std::string& file) {
  if (!(size.bytes() > limits.max_memory_bytes)) return;
  auto gb = [](double bytes) { return format_fixed(bytes / 1e9, 1) + " GB"; };
  const std::string limit = "; the limit is " + gb(limits.max_memory_bytes) + " per run";
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

SolvedScenario solve_scenario(std::shared_ptr<const Scenario> scenario, std::string file, const SolveLimits& limits) {
  Network network(std::move(scenario));
  require_sound(network, "network expansion of " + file);
  require_within_memory(estimate_run_size(network), limits, file);
  ScenarioAnswer answer = answer_scenario(network, limits);
  return {std::move(file), std::move(network), std::move(answer)};
}

}  // namespace borderflow
