#include "solve/check.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <span>

#include "core/text.hpp"
#include "solve/shortest_path.hpp"

namespace borderflow {
namespace {

double tolerance(double magnitude) { return 1e-3 + 1e-7 * std::abs(magnitude); }

const char* unit_of(const CapacityRow& row) {
  switch (row.unit) {
    case RowUnit::TonnesPerYear: return "t/yr";
    case RowUnit::TonneHoursPerYear: return "t.h/yr";
    case RowUnit::BarrelsPerYear: return "bbl/yr";
    case RowUnit::Tonnes: return "t";
  }
  return "?";
}

/// Class k's row coefficients (check.hpp), recomputed from the network's rows: per arc the rows
/// it counts in with e_{k,r,a}, and the rows counting its delivered tonnes with e_{k,r,T}.
struct DeliveryCoefficient {
  int row;
  double e;
  int period;  ///< the period whose deliveries the row counts; -1: every delivery
  bool counts(int sink_period) const { return period < 0 || period == sink_period; }
};
struct ClassCoefficients {
  /// Arc a's (row, e_{k,r,a}) in row order: arc_entries[arc_begin[a] .. arc_begin[a + 1]) (one
  /// array for all arcs, not a list per arc: a check runs for every answer).
  std::vector<std::size_t> arc_begin;
  std::vector<std::pair<int, double>> arc_entries;
  std::vector<DeliveryCoefficient> on_delivered;

  std::span<const std::pair<int, double>> on_arc(std::size_t a) const {
    return {arc_entries.data() + arc_begin[a], arc_begin[a + 1] - arc_begin[a]};
  }
};

ClassCoefficients class_coefficients(const Network& network, const FlowClass& c) {
  std::map<int, double> counted;
  for (const CountedRow& row : c.counted_rows) counted[row.row] = row.weight;
  ClassCoefficients out;
  const auto& rows = network.rows();
  const auto class_weight = [&](std::size_t r) {
    const auto found = counted.find(static_cast<int>(r));
    return !rows[r].per_class ? 1.0 : found == counted.end() ? 0.0 : found->second;
  };
  // Two passes over the rows: count each arc's entries, then place them in row order.
  out.arc_begin.assign(network.arcs().size() + 1, 0);
  for (std::size_t r = 0; r < rows.size(); ++r) {
    if (class_weight(r) == 0) continue;
    for (int a : rows[r].arcs) ++out.arc_begin[static_cast<std::size_t>(a) + 1];
  }
  for (std::size_t a = 0; a + 1 < out.arc_begin.size(); ++a) out.arc_begin[a + 1] += out.arc_begin[a];
  out.arc_entries.resize(out.arc_begin.back());
  std::vector<std::size_t> next(out.arc_begin.begin(), out.arc_begin.end() - 1);
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const CapacityRow& row = rows[r];
    const double weight = class_weight(r);
    if (weight == 0) continue;
    if (row.arcs.empty()) out.on_delivered.push_back({static_cast<int>(r), weight, row.period});
    for (std::size_t i = 0; i < row.arcs.size(); ++i) {
      out.arc_entries[next[static_cast<std::size_t>(row.arcs[i])]++] = {static_cast<int>(r), row.weight(i) * weight};
    }
  }
  return out;
}

/// Every class's coefficients, computed once per distinct set of counted rows: thousands of
/// demand classes counting in the same caps share one copy (a copy holds a list per arc).
class AllCoefficients {
 public:
  AllCoefficients(const Network& network, const std::vector<FlowClass>& classes) {
    std::map<std::vector<std::pair<int, double>>, std::size_t> index;
    for (const FlowClass& c : classes) {
      std::map<int, double> counted;  // as class_coefficients reads them
      for (const CountedRow& row : c.counted_rows) counted[row.row] = row.weight;
      const auto [found, added] = index.emplace(std::vector<std::pair<int, double>>(counted.begin(), counted.end()), distinct_.size());
      if (added) distinct_.push_back(class_coefficients(network, c));
      of_class_.push_back(found->second);
    }
  }
  const ClassCoefficients& operator[](std::size_t k) const { return distinct_[of_class_[k]]; }

 private:
  std::vector<ClassCoefficients> distinct_;
  std::vector<std::size_t> of_class_;
};

AllCoefficients all_coefficients(const Network& network, const std::vector<FlowClass>& classes) {
  return AllCoefficients(network, classes);
}

/// Conservation, bounds and usability of one class's flow.
void check_class_flow(const Network& network, const FlowClass& c, const ClassFlow& flow, std::size_t k,
                      std::vector<std::string>& problems) {
  const std::string label = "class " + std::to_string(k) + ": ";
  std::vector<double> net(static_cast<std::size_t>(network.vertex_count()), 0.0);
  double scale = 1;
  for (const auto& arc : network.arcs()) {
    const double x = flow.arc_t_per_yr[static_cast<std::size_t>(arc.index)];
    if (x < -tolerance(0)) problems.push_back(label + "negative flow on arc " + std::to_string(arc.index));
    if (x > tolerance(0) && !c.arc_usable[static_cast<std::size_t>(arc.index)]) {
      problems.push_back(label + "flow on arc " + std::to_string(arc.index) + " that the class may not use");
    }
    net[static_cast<std::size_t>(arc.tail)] += x;
    net[static_cast<std::size_t>(arc.head)] -= x;
    scale = std::max(scale, std::abs(x));
  }
  double sourced = 0, sunk = 0;
  for (std::size_t i = 0; i < c.sources.size(); ++i) {
    net[static_cast<std::size_t>(c.sources[i])] -= flow.source_t_per_yr[i];
    sourced += flow.source_t_per_yr[i];
  }
  for (std::size_t i = 0; i < c.sinks.size(); ++i) {
    net[static_cast<std::size_t>(c.sinks[i])] += flow.sink_t_per_yr[i];
    sunk += flow.sink_t_per_yr[i];
  }
  for (std::size_t v = 0; v < net.size(); ++v) {
    if (std::abs(net[v]) > tolerance(scale)) {
      problems.push_back(label + "flow not conserved at vertex " + std::to_string(v) + " (imbalance " +
                         format_fixed(net[v], 3) + " t/yr)");
    }
  }
  if (std::abs(sourced - sunk) > tolerance(scale)) problems.push_back(label + "sources and sinks disagree");
  if (std::abs(sunk - flow.delivered_t_per_yr) > tolerance(scale)) problems.push_back(label + "delivered total is wrong");
}

/// Each row's use (sum over classes of its coefficients times flows) against its spare capacity,
/// the solver's reported use, and the signs of the shadow prices.
void check_rows(const Network& network, const std::vector<FlowClass>& classes,
                const AllCoefficients& coefficients, const FlowSolution& solution,
                std::vector<std::string>& problems) {
  const auto& rows = network.rows();
  std::vector<double> use(rows.size(), 0.0);
  for (std::size_t k = 0; k < solution.classes.size(); ++k) {
    const ClassFlow& flow = solution.classes[k];
    for (std::size_t a = 0; a < flow.arc_t_per_yr.size(); ++a) {
      for (const auto& [r, e] : coefficients[k].on_arc(a)) use[static_cast<std::size_t>(r)] += e * flow.arc_t_per_yr[a];
    }
    for (std::size_t j = 0; j < classes[k].sinks.size(); ++j) {
      const int period = network.vertex(classes[k].sinks[j]).period;
      for (const auto& d : coefficients[k].on_delivered) {
        if (d.counts(period)) use[static_cast<std::size_t>(d.row)] += d.e * flow.sink_t_per_yr[j];
      }
    }
  }
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const CapacityRow& row = rows[r];
    // Named only when something is wrong: naming every row cost more than the checks at 10^5 rows.
    auto name = [&] { return network.describe_row(static_cast<int>(r)); };
    if (use[r] > row.spare() + tolerance(row.spare())) {
      std::string line = "capacity exceeded: " + name() + " carries " + format_fixed(use[r], 1) + " of " +
                         format_fixed(row.spare(), 1) + " " + unit_of(row);
      if (row.background > 0) line += " spare (background " + format_fixed(row.background, 1) + ")";
      problems.push_back(line);
    }
    if (solution.row_use.size() == rows.size() && std::abs(solution.row_use[r] - use[r]) > tolerance(use[r])) {
      problems.push_back("use of " + name() + " recomputes to " + format_fixed(use[r], 1) + " " + unit_of(row) +
                         ", solver said " + format_fixed(solution.row_use[r], 1));
    }
    if (solution.row_shadow.size() == rows.size() && solution.row_shadow[r] < 0) {
      problems.push_back("negative shadow price on " + name());
    }
  }
}

/// Class k's dual lengths l_{k,a} (with_cost: arc cost plus the class's extra cost, plus the
/// priced rows).
std::vector<double> dual_lengths(const Network& network, const FlowClass& c, const ClassCoefficients& coefficients,
                                 const FlowSolution& solution, bool with_cost) {
  std::vector<double> length(network.arcs().size(), 0.0);
  for (const auto& arc : network.arcs()) {
    const auto a = static_cast<std::size_t>(arc.index);
    double l = with_cost ? arc.cost_usd_per_t + c.extra_cost(a) : 0.0;
    for (const auto& [r, e] : coefficients.on_arc(a)) l += e * solution.row_shadow[static_cast<std::size_t>(r)];
    length[a] = l;
  }
  return length;
}

/// Per sink j of the class: its shortest path from a source under the dual lengths, plus the
/// sink term t_k of the rows counting deliveries in the sink's period.
std::vector<double> dual_sink_distances(const Network& network, const FlowClass& c, const ClassCoefficients& coefficients,
                                        const FlowSolution& solution, bool with_cost) {
  const auto length = dual_lengths(network, c, coefficients, solution, with_cost);
  const auto distance = distances_from_sources(network, c, length, c.sinks);  // exact at the sinks
  std::vector<double> out;
  for (int v : c.sinks) {
    double sink_term = 0;
    for (const auto& d : coefficients.on_delivered) {
      if (d.counts(network.vertex(v).period)) sink_term += d.e * solution.row_shadow[static_cast<std::size_t>(d.row)];
    }
    out.push_back(distance[static_cast<std::size_t>(v)] + sink_term);
  }
  return out;
}

/// dist_k: the shortest source-sink path of the class under its dual lengths, plus t_k.
double dual_distance(const Network& network, const FlowClass& c, const ClassCoefficients& coefficients,
                     const FlowSolution& solution, bool with_cost) {
  const auto per_sink = dual_sink_distances(network, c, coefficients, solution, with_cost);
  return per_sink.empty() ? std::numeric_limits<double>::infinity() : *std::min_element(per_sink.begin(), per_sink.end());
}

/// sum_r s_r y_r.
double capacity_dual_total(const Network& network, const FlowSolution& solution) {
  double total = 0;
  for (std::size_t r = 0; r < network.rows().size(); ++r) {
    if (solution.row_shadow[r] > 0) total += network.rows()[r].spare() * solution.row_shadow[r];
  }
  return total;
}

/// The costs of the flows recomputed: transport with fees, and source costs.
struct Costs {
  double transport_usd_per_yr = 0;
  double source_usd_per_yr = 0;
};

Costs recompute_costs(const Network& network, const std::vector<FlowClass>& classes, const FlowSolution& solution) {
  Costs costs;
  for (std::size_t k = 0; k < classes.size(); ++k) {
    const ClassFlow& flow = solution.classes[k];
    for (const auto& arc : network.arcs()) {
      const auto a = static_cast<std::size_t>(arc.index);
      costs.transport_usd_per_yr += flow.arc_t_per_yr[a] * (arc.cost_usd_per_t + classes[k].extra_cost(a));
    }
    for (double entering : flow.source_t_per_yr) costs.source_usd_per_yr += entering * classes[k].source_cost_usd_per_t;
  }
  return costs;
}

void check_costs(const Costs& costs, const FlowSolution& solution, std::vector<std::string>& problems) {
  if (std::abs(costs.transport_usd_per_yr - solution.transport_cost_usd_per_yr) > tolerance(costs.transport_usd_per_yr)) {
    problems.push_back("transport cost recomputes to " + format_fixed(costs.transport_usd_per_yr, 2) +
                       " USD/yr, solver said " + format_fixed(solution.transport_cost_usd_per_yr, 2));
  }
  if (std::abs(costs.source_usd_per_yr - solution.source_cost_usd_per_yr) > tolerance(costs.source_usd_per_yr)) {
    problems.push_back("source cost recomputes to " + format_fixed(costs.source_usd_per_yr, 2) + " USD/yr, solver said " +
                       format_fixed(solution.source_cost_usd_per_yr, 2));
  }
}

}  // namespace

std::vector<std::string> check_max_flow(const Network& network, const std::vector<FlowClass>& classes,
                                        const FlowSolution& solution) {
  std::vector<std::string> problems;
  if (solution.status != SolveStatus::Optimal) return {std::string("not solved: ") + to_string(solution.status)};
  if (solution.classes.size() != classes.size()) return {"class count mismatch"};
  const auto coefficients = all_coefficients(network, classes);
  double value = 0;
  for (std::size_t k = 0; k < classes.size(); ++k) {
    check_class_flow(network, classes[k], solution.classes[k], k, problems);
    value += solution.classes[k].delivered_t_per_yr;
  }
  check_rows(network, classes, coefficients, solution, problems);
  check_costs(recompute_costs(network, classes, solution), solution, problems);
  if (solution.row_shadow.size() != network.rows().size()) {
    problems.push_back("no shadow prices to certify the maximum");
    return problems;
  }
  if (std::abs(solution.objective - value) > tolerance(value)) {
    problems.push_back("objective " + format_fixed(solution.objective, 3) + " t/yr differs from the delivered flow " +
                       format_fixed(value, 3) + " t/yr");
  }
  for (std::size_t k = 0; k < classes.size(); ++k) {
    const double cut_distance = dual_distance(network, classes[k], coefficients[k], solution, false);
    if (cut_distance < 1 - 1e-6) {
      problems.push_back(std::string(classes.size() > 1 ? "class " + std::to_string(k) + ": " : "") +
                         "certificate: a source-sink path crosses the bottleneck with weight " +
                         format_fixed(cut_distance, 6) + " < 1");
    }
  }
  const double bound = capacity_dual_total(network, solution);
  if (std::abs(bound - value) > tolerance(value)) {
    problems.push_back("certificate: bottleneck capacity " + format_fixed(bound, 3) + " t/yr differs from the flow " +
                       format_fixed(value, 3) + " t/yr");
  }
  return problems;
}

std::vector<std::string> check_max_flow(const Network& network, const FlowClass& flow_class,
                                        const FlowSolution& solution) {
  return check_max_flow(network, std::vector<FlowClass>{flow_class}, solution);
}

namespace {

/// One group of a routing: its classes, supply per slot, unserved price and backlog costs (its
/// first class's).
struct Group {
  std::vector<std::size_t> classes;
  std::vector<double> slot_supply_t;
  double unserved_cost_usd_per_t = 0;
  std::vector<double> backlog_cost_usd_per_t;
};

/// The slot sink j of class c serves.
int slot_of(const FlowClass& c, std::size_t j) { return c.sink_slots.empty() ? 0 : c.sink_slots[j]; }

std::vector<Group> groups_of(const std::vector<FlowClass>& classes) {
  std::vector<Group> groups;
  std::map<int, std::size_t> index;
  for (std::size_t k = 0; k < classes.size(); ++k) {
    const int id = classes[k].group;
    const auto found = id >= 0 ? index.find(id) : index.end();
    if (found != index.end()) {
      groups[found->second].classes.push_back(k);
      continue;
    }
    if (id >= 0) index.emplace(id, groups.size());
    const FlowClass& head = classes[k];
    groups.push_back({{k},
                      head.slot_supply_t.empty() ? std::vector<double>{head.supply_t_per_yr} : head.slot_supply_t,
                      head.unserved_cost_usd_per_t,
                      head.backlog_cost_usd_per_t});
  }
  return groups;
}

/// Per slot s of each group, arrivals + b_s - b_{s-1} + z_s = q_s (flow_lp.hpp), with b and z
/// not negative; returns the unserved penalties plus the backlog costs.
double check_groups(const std::vector<FlowClass>& classes, const std::vector<Group>& groups,
                    const FlowSolution& solution, std::vector<std::string>& problems) {
  double penalty = 0;
  for (const Group& g : groups) {
    const std::size_t slots = g.slot_supply_t.size();
    const ClassFlow& head = solution.classes[g.classes.front()];
    // One slot: the classes' delivered totals (check_class_flow ties them to the sinks).
    const bool timed = slots > 1;
    std::vector<double> balance(slots, 0.0), unserved(slots, 0.0), backlog(slots, 0.0);
    for (std::size_t k : g.classes) {
      if (!timed) balance[0] += solution.classes[k].delivered_t_per_yr;
      for (std::size_t j = 0; timed && j < classes[k].sinks.size(); ++j) {
        balance[static_cast<std::size_t>(slot_of(classes[k], j))] += solution.classes[k].sink_t_per_yr[j];
      }
      if (solution.classes[k].unserved_t_per_yr < -tolerance(0)) problems.push_back("negative unserved tonnes");
    }
    if (!timed) {
      unserved[0] = head.unserved_t_per_yr;
    } else if (head.slot_unserved_t.size() != slots ||
               head.slot_backlog_t.size() != (g.backlog_cost_usd_per_t.empty() ? 0 : slots - 1)) {
      problems.push_back("class " + std::to_string(g.classes.front()) + ": unserved or backlog tonnes missing per slot");
      continue;
    } else {
      unserved = head.slot_unserved_t;
      for (std::size_t s = 0; s < head.slot_backlog_t.size(); ++s) backlog[s] = head.slot_backlog_t[s];
    }
    for (std::size_t s = 0; s < slots; ++s) {
      if (unserved[s] < -tolerance(0) || backlog[s] < -tolerance(0)) problems.push_back("negative unserved or backlog tonnes");
      const double total = balance[s] + backlog[s] - (s > 0 ? backlog[s - 1] : 0.0) + unserved[s];
      if (std::abs(total - g.slot_supply_t[s]) > tolerance(g.slot_supply_t[s])) {
        problems.push_back("class " + std::to_string(g.classes.front()) + ": delivered plus unserved differs from the demand" +
                           (timed ? " in slot " + std::to_string(s) : std::string()));
      }
      penalty += unserved[s] * g.unserved_cost_usd_per_t;
      if (s < g.backlog_cost_usd_per_t.size()) penalty += backlog[s] * g.backlog_cost_usd_per_t[s];
    }
  }
  return penalty;
}

/// A group's Lagrangian term sum_s q_s best_s (check.hpp), with per slot the cheapest priced
/// arrival D_s = min over its classes k and their sinks of slot s of (p_k + dist), and
/// best_s = min(u, D_s, best_{s+1} + l_s) (a tonne of slot s arriving later pays the backlog).
double group_bound(const Network& network, const std::vector<FlowClass>& classes,
                   const AllCoefficients& coefficients, const FlowSolution& solution, const Group& g) {
  const std::size_t slots = g.slot_supply_t.size();
  std::vector<double> arrival(slots, std::numeric_limits<double>::infinity());
  for (std::size_t k : g.classes) {
    const auto per_sink = dual_sink_distances(network, classes[k], coefficients[k], solution, true);
    for (std::size_t j = 0; j < per_sink.size(); ++j) {
      double& best = arrival[static_cast<std::size_t>(slot_of(classes[k], j))];
      best = std::min(best, classes[k].source_cost_usd_per_t + per_sink[j]);
    }
  }
  double bound = 0, later = std::numeric_limits<double>::infinity();
  for (std::size_t s = slots; s-- > 0;) {
    double best = std::min(g.unserved_cost_usd_per_t, arrival[s]);
    if (s < g.backlog_cost_usd_per_t.size()) best = std::min(best, later + g.backlog_cost_usd_per_t[s]);
    bound += g.slot_supply_t[s] * best;
    later = best;
  }
  return bound;
}

}  // namespace

std::vector<std::string> check_routing(const Network& network, const std::vector<FlowClass>& classes,
                                       const FlowSolution& solution) {
  std::vector<std::string> problems;
  if (solution.status != SolveStatus::Optimal) return {std::string("not solved: ") + to_string(solution.status)};
  if (solution.classes.size() != classes.size()) return {"class count mismatch"};
  const auto coefficients = all_coefficients(network, classes);
  for (std::size_t k = 0; k < classes.size(); ++k) check_class_flow(network, classes[k], solution.classes[k], k, problems);
  const auto groups = groups_of(classes);
  const double penalty = check_groups(classes, groups, solution, problems);
  check_rows(network, classes, coefficients, solution, problems);
  const Costs costs = recompute_costs(network, classes, solution);
  check_costs(costs, solution, problems);
  const double primal = costs.transport_usd_per_yr + costs.source_usd_per_yr + penalty;
  if (std::abs(solution.objective - primal) > tolerance(primal)) {
    problems.push_back("objective " + format_fixed(solution.objective, 2) + " USD/yr differs from the recomputed cost " +
                       format_fixed(primal, 2) + " USD/yr (transport, source costs, unserved penalties and backlog)");
  }
  if (solution.row_shadow.size() != network.rows().size()) {
    problems.push_back("no shadow prices to certify the cost");
    return problems;
  }
  double bound = -capacity_dual_total(network, solution);
  for (const Group& g : groups) bound += group_bound(network, classes, coefficients, solution, g);
  if (primal > bound + 1e-6 * std::max(1.0, std::abs(primal)) + 1e-2) {
    problems.push_back("certificate: plan costs " + format_fixed(primal, 2) + " USD/yr but the dual bound is " +
                       format_fixed(bound, 2) + " USD/yr");
  }
  return problems;
}

}  // namespace borderflow
