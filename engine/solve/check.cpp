#include "solve/check.hpp"

#include <cmath>

#include "core/text.hpp"
#include "solve/shortest_path.hpp"

namespace borderflow {
namespace {

double tolerance(double magnitude) { return 1e-3 + 1e-7 * std::abs(magnitude); }

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

void check_rows(const Network& network, const FlowSolution& solution, std::vector<std::string>& problems) {
  const auto& rows = network.rows();
  std::vector<double> use(rows.size(), 0.0);
  for (const auto& flow : solution.classes) {
    for (const auto& arc : network.arcs()) {
      for (int r : arc.rows) use[static_cast<std::size_t>(r)] += flow.arc_t_per_yr[static_cast<std::size_t>(arc.index)];
    }
  }
  for (std::size_t r = 0; r < rows.size(); ++r) {
    if (use[r] > rows[r].capacity_t_per_yr + tolerance(rows[r].capacity_t_per_yr)) {
      problems.push_back("capacity exceeded: " + network.describe_row(static_cast<int>(r)) + " carries " +
                         format_fixed(use[r], 1) + " of " + format_fixed(rows[r].capacity_t_per_yr, 1) + " t/yr");
    }
    if (solution.row_shadow.size() == rows.size() && solution.row_shadow[r] < 0) {
      problems.push_back("negative shadow price on " + network.describe_row(static_cast<int>(r)));
    }
  }
}

std::vector<double> dual_lengths(const Network& network, const FlowSolution& solution, bool with_cost) {
  std::vector<double> length(network.arcs().size(), 0.0);
  for (const auto& arc : network.arcs()) {
    double l = with_cost ? arc.cost_usd_per_t : 0.0;
    for (int r : arc.rows) l += solution.row_shadow[static_cast<std::size_t>(r)];
    length[static_cast<std::size_t>(arc.index)] = l;
  }
  return length;
}

double capacity_dual_total(const Network& network, const FlowSolution& solution) {
  double total = 0;
  for (std::size_t r = 0; r < network.rows().size(); ++r) {
    if (solution.row_shadow[r] > 0) total += network.rows()[r].capacity_t_per_yr * solution.row_shadow[r];
  }
  return total;
}

}  // namespace

std::vector<std::string> check_max_flow(const Network& network, const FlowClass& flow_class,
                                        const FlowSolution& solution) {
  std::vector<std::string> problems;
  if (solution.status != SolveStatus::Optimal) return {std::string("not solved: ") + to_string(solution.status)};
  if (solution.classes.size() != 1) return {"expected one flow class"};
  check_class_flow(network, flow_class, solution.classes[0], 0, problems);
  check_rows(network, solution, problems);
  if (solution.row_shadow.size() != network.rows().size()) {
    problems.push_back("no shadow prices to certify the maximum");
    return problems;
  }
  const double value = solution.classes[0].delivered_t_per_yr;
  if (std::abs(solution.objective - value) > tolerance(value)) {
    problems.push_back("objective " + format_fixed(solution.objective, 3) + " t/yr differs from the delivered flow " +
                       format_fixed(value, 3) + " t/yr");
  }
  const auto distances = distances_from_sources(network, flow_class, dual_lengths(network, solution, false));
  const double cut_distance = distance_to_sinks(flow_class, distances);
  if (cut_distance < 1 - 1e-6) {
    problems.push_back("certificate: a source-sink path crosses the bottleneck with weight " +
                       format_fixed(cut_distance, 6) + " < 1");
  }
  const double bound = capacity_dual_total(network, solution);
  if (std::abs(bound - value) > tolerance(value)) {
    problems.push_back("certificate: bottleneck capacity " + format_fixed(bound, 3) + " t/yr differs from the flow " +
                       format_fixed(value, 3) + " t/yr");
  }
  return problems;
}

std::vector<std::string> check_routing(const Network& network, const std::vector<FlowClass>& classes,
                                       const FlowSolution& solution) {
  std::vector<std::string> problems;
  if (solution.status != SolveStatus::Optimal) return {std::string("not solved: ") + to_string(solution.status)};
  if (solution.classes.size() != classes.size()) return {"class count mismatch"};
  double transport = 0, penalty = 0;
  for (std::size_t k = 0; k < classes.size(); ++k) {
    const ClassFlow& flow = solution.classes[k];
    check_class_flow(network, classes[k], flow, k, problems);
    if (flow.unserved_t_per_yr < -tolerance(0)) problems.push_back("negative unserved tonnes");
    if (std::abs(flow.delivered_t_per_yr + flow.unserved_t_per_yr - classes[k].supply_t_per_yr) >
        tolerance(classes[k].supply_t_per_yr)) {
      problems.push_back("class " + std::to_string(k) + ": delivered plus unserved differs from the demand");
    }
    for (const auto& arc : network.arcs()) transport += flow.arc_t_per_yr[static_cast<std::size_t>(arc.index)] * arc.cost_usd_per_t;
    penalty += flow.unserved_t_per_yr * classes[k].unserved_cost_usd_per_t;
  }
  check_rows(network, solution, problems);
  if (std::abs(transport - solution.transport_cost_usd_per_yr) > tolerance(transport)) {
    problems.push_back("transport cost recomputes to " + format_fixed(transport, 2) + " USD/yr, solver said " +
                       format_fixed(solution.transport_cost_usd_per_yr, 2));
  }
  const double primal = transport + penalty;
  if (std::abs(solution.objective - primal) > tolerance(primal)) {
    problems.push_back("objective " + format_fixed(solution.objective, 2) + " USD/yr differs from the recomputed cost " +
                       format_fixed(primal, 2) + " USD/yr (transport plus unserved penalties)");
  }
  if (solution.row_shadow.size() != network.rows().size()) {
    problems.push_back("no shadow prices to certify the cost");
    return problems;
  }
  const auto length = dual_lengths(network, solution, true);
  double bound = -capacity_dual_total(network, solution);
  for (const auto& c : classes) {
    const double d = distance_to_sinks(c, distances_from_sources(network, c, length));
    bound += c.supply_t_per_yr * std::min(d, c.unserved_cost_usd_per_t);
  }
  if (primal > bound + 1e-6 * std::max(1.0, std::abs(primal)) + 1e-2) {
    problems.push_back("certificate: plan costs " + format_fixed(primal, 2) + " USD/yr but the dual bound is " +
                       format_fixed(bound, 2) + " USD/yr");
  }
  return problems;
}

}  // namespace borderflow
