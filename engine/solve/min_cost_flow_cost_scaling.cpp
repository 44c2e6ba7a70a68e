// CostScaling, compiled as C++17: see min_cost_flow.hpp for why.
// GCC 12 warns, wrongly, that SmartDigraph::addNode and addArc push an uninitialised element when
// they are inlined into a function that builds a graph (the element's fields are all assigned
// first); the warning is placed in the standard allocator, so it is silenced for this file's
// includes.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
#include <lemon/cost_scaling.h>
#include <lemon/smart_graph.h>
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif

#include "solve/min_cost_flow.hpp"

namespace borderflow {

namespace {

using Code = lemon::CostScaling<FlowGraph, FlowUnits, FlowUnits>;

/// The cheapest circulation on the residual graph of `problem.feasible_flow` (min_cost_flow.hpp).
std::optional<IntegerFlow> from_feasible_flow(const CheapestFlowProblem& problem) {
  const FlowGraph& graph = problem.graph;
  const std::vector<FlowUnits>& x = *problem.feasible_flow;
  if (x.size() != static_cast<std::size_t>(graph.maxArcId() + 1)) return std::nullopt;
  FlowGraph residual;
  residual.reserveNode(lemon::countNodes(graph));
  for (FlowGraph::NodeIt v(graph); v != lemon::INVALID; ++v) residual.addNode();
  // Node ids are 0 .. n - 1 in both (SmartDigraph numbers nodes in order and never erases).
  std::vector<FlowGraph::Arc> forward(x.size(), lemon::INVALID), backward(x.size(), lemon::INVALID);
  FlowGraph::ArcMap<FlowUnits> capacity(residual), cost(residual);
  for (FlowGraph::ArcIt a(graph); a != lemon::INVALID; ++a) {
    const auto i = static_cast<std::size_t>(graph.id(a));
    const FlowGraph::Node u = residual.nodeFromId(graph.id(graph.source(a)));
    const FlowGraph::Node v = residual.nodeFromId(graph.id(graph.target(a)));
    if (x[i] < 0 || x[i] > problem.capacity[a]) return std::nullopt;
    if (x[i] < problem.capacity[a]) {
      forward[i] = residual.addArc(u, v);
      capacity[forward[i]] = problem.capacity[a] - x[i];
      cost[forward[i]] = problem.cost[a];
    }
    if (x[i] > 0) {
      backward[i] = residual.addArc(v, u);
      capacity[backward[i]] = x[i];
      cost[backward[i]] = -problem.cost[a];
    }
  }
  Code code(residual);
  code.upperMap(capacity).costMap(cost);
  if (code.run() != Code::OPTIMAL) return std::nullopt;
  IntegerFlow answer;
  answer.code = MinCostCode::CostScaling;
  answer.flow = x;
  answer.potential.resize(static_cast<std::size_t>(graph.maxNodeId() + 1), 0);
  for (std::size_t i = 0; i < x.size(); ++i) {
    if (forward[i] != lemon::INVALID) answer.flow[i] += code.flow(forward[i]);
    if (backward[i] != lemon::INVALID) answer.flow[i] -= code.flow(backward[i]);
  }
  for (FlowGraph::NodeIt v(graph); v != lemon::INVALID; ++v) {
    answer.potential[static_cast<std::size_t>(graph.id(v))] = code.potential(residual.nodeFromId(graph.id(v)));
  }
  return answer;
}

}  // namespace

std::optional<IntegerFlow> solve_cheapest_flow_cost_scaling(const CheapestFlowProblem& problem) {
  if (problem.feasible_flow) return from_feasible_flow(problem);
  Code code(problem.graph);
  code.upperMap(problem.capacity).costMap(problem.cost).stSupply(problem.s, problem.t, problem.value);
  if (code.run() != Code::OPTIMAL) return std::nullopt;
  return read_integer_flow(problem.graph, code, MinCostCode::CostScaling);
}

}  // namespace borderflow
