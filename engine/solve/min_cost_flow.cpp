#include "solve/min_cost_flow.hpp"

#include <limits>

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

SolvedCheapestFlow keep_solved(const CheapestFlowProblem& problem, const IntegerFlow& answer) {
  const FlowGraph& g = problem.graph;
  SolvedCheapestFlow kept;
  kept.s = g.id(problem.s);
  kept.t = g.id(problem.t);
  const auto arcs = static_cast<std::size_t>(g.maxArcId() + 1);
  kept.tail.resize(arcs);
  kept.head.resize(arcs);
  kept.capacity.resize(arcs);
  kept.cost.resize(arcs);
  for (FlowGraph::ArcIt a(g); a != lemon::INVALID; ++a) {
    const auto i = static_cast<std::size_t>(g.id(a));
    kept.tail[i] = g.id(g.source(a));
    kept.head[i] = g.id(g.target(a));
    kept.capacity[i] = problem.capacity[a];
    kept.cost[i] = problem.cost[a];
  }
  kept.code = answer.code;
  kept.flow = answer.flow;
  kept.potential = answer.potential;
  return kept;
}

std::optional<IntegerFlow> reversed_flow(const CheapestFlowProblem& problem, const SolvedCheapestFlow& earlier) {
  const FlowGraph& g = problem.graph;
  const auto nodes = static_cast<std::size_t>(g.maxNodeId() + 1);
  const auto arcs = static_cast<std::size_t>(g.maxArcId() + 1);
  if (earlier.potential.size() != nodes || earlier.tail.size() != arcs || earlier.flow.size() != arcs) return std::nullopt;
  const int s = g.id(problem.s), t = g.id(problem.t);
  const auto twin_node = [&](int v) { return v == s ? earlier.t : v == t ? earlier.s : v; };
  // The earlier arcs by tail, in two flat arrays.
  std::vector<int> first(nodes + 1, 0), by_tail(arcs);
  for (int v : earlier.tail) {
    if (v < 0 || static_cast<std::size_t>(v) >= nodes) return std::nullopt;
    ++first[static_cast<std::size_t>(v) + 1];
  }
  for (std::size_t v = 0; v < nodes; ++v) first[v + 1] += first[v];
  {
    std::vector<int> fill(first.begin(), first.end() - 1);
    for (std::size_t i = 0; i < arcs; ++i) by_tail[static_cast<std::size_t>(fill[static_cast<std::size_t>(earlier.tail[i])]++)] = static_cast<int>(i);
  }
  std::vector<char> matched(arcs, 0);
  IntegerFlow answer;
  answer.flow.assign(arcs, 0);
  answer.potential.assign(nodes, 0);
  for (FlowGraph::ArcIt a(g); a != lemon::INVALID; ++a) {
    // The twin of u -> v runs v -> u in the earlier problem.
    const auto from = static_cast<std::size_t>(twin_node(g.id(g.target(a))));
    const int to = twin_node(g.id(g.source(a)));
    int twin = -1;
    for (int k = first[from]; k < first[from + 1]; ++k) {
      const auto i = static_cast<std::size_t>(by_tail[static_cast<std::size_t>(k)]);
      if (!matched[i] && earlier.head[i] == to && earlier.capacity[i] == problem.capacity[a] && earlier.cost[i] == problem.cost[a]) {
        twin = static_cast<int>(i);
        break;
      }
    }
    if (twin < 0) return std::nullopt;
    matched[static_cast<std::size_t>(twin)] = 1;
    answer.flow[static_cast<std::size_t>(g.id(a))] = earlier.flow[static_cast<std::size_t>(twin)];
  }
  for (std::size_t v = 0; v < nodes; ++v) {
    const FlowUnits pi = earlier.potential[static_cast<std::size_t>(twin_node(static_cast<int>(v)))];
    if (pi == std::numeric_limits<FlowUnits>::min()) return std::nullopt;  // no negation in int64
    answer.potential[v] = -pi;
  }
  answer.code = earlier.code;
  return answer;
}

}  // namespace borderflow
