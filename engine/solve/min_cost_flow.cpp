#include "solve/min_cost_flow.hpp"

#include <lemon/network_simplex.h>

namespace borderflow {

std::optional<IntegerFlow> solve_cheapest_flow(const CheapestFlowProblem& problem, MinCostCode code) {
  if (code == MinCostCode::CostScaling) return solve_cheapest_flow_cost_scaling(problem);
  using Code = lemon::NetworkSimplex<FlowGraph, FlowUnits, FlowUnits>;
  Code simplex(problem.graph);
  simplex.upperMap(problem.capacity).costMap(problem.cost).stSupply(problem.s, problem.t, problem.value);
  if (simplex.run() != Code::OPTIMAL) return std::nullopt;
  return read_integer_flow(problem.graph, simplex, MinCostCode::NetworkSimplex);
}

std::string check_cheapest_flow(const CheapestFlowProblem& problem, const IntegerFlow& answer) {
  // Exact integer arithmetic; a sum that leaves int64 is reported as a failure, never wrapped.
  const FlowGraph& g = problem.graph;
  if (answer.flow.size() != static_cast<std::size_t>(g.maxArcId() + 1) ||
      answer.potential.size() != static_cast<std::size_t>(g.maxNodeId() + 1))
    return "flow or potentials of the wrong size";
  std::vector<FlowUnits> balance(answer.potential.size(), 0);
  for (FlowGraph::ArcIt a(g); a != lemon::INVALID; ++a) {
    const std::string arc = "arc " + std::to_string(g.id(a));
    const FlowUnits x = answer.flow[static_cast<std::size_t>(g.id(a))];
    const FlowUnits u = problem.capacity[a];
    if (x < 0 || x > u) return arc + " carries " + std::to_string(x) + " outside [0, " + std::to_string(u) + "]";
    const auto tail = static_cast<std::size_t>(g.id(g.source(a)));
    const auto head = static_cast<std::size_t>(g.id(g.target(a)));
    FlowUnits reduced = 0;
    if (__builtin_add_overflow(balance[tail], x, &balance[tail]) || __builtin_sub_overflow(balance[head], x, &balance[head]) ||
        __builtin_add_overflow(problem.cost[a], answer.potential[tail], &reduced) ||
        __builtin_sub_overflow(reduced, answer.potential[head], &reduced))
      return arc + ": a sum leaves the 64-bit range";
    if ((x < u && reduced < 0) || (x > 0 && reduced > 0)) return arc + " breaks complementary slackness";
  }
  for (FlowGraph::NodeIt v(g); v != lemon::INVALID; ++v) {
    const FlowUnits want = v == problem.s ? problem.value : v == problem.t ? -problem.value : 0;
    if (balance[static_cast<std::size_t>(g.id(v))] != want) return "node " + std::to_string(g.id(v)) + " does not conserve flow";
  }
  return {};
}

std::optional<IntegerFlow> cheapest_flow(const CheapestFlowProblem& problem, int cost_scaling_from_arcs) {
  if (lemon::countArcs(problem.graph) >= cost_scaling_from_arcs) {
    if (auto answer = solve_cheapest_flow(problem, MinCostCode::CostScaling); answer && check_cheapest_flow(problem, *answer).empty())
      return answer;
  }
  auto answer = solve_cheapest_flow(problem, MinCostCode::NetworkSimplex);
  if (answer && check_cheapest_flow(problem, *answer).empty()) return answer;
  return std::nullopt;
}

}  // namespace borderflow
