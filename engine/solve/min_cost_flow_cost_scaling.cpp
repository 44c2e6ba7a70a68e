// CostScaling, compiled as C++17: see min_cost_flow.hpp for why.
#include <lemon/cost_scaling.h>

#include "solve/min_cost_flow.hpp"

namespace borderflow {

std::optional<IntegerFlow> solve_cheapest_flow_cost_scaling(const CheapestFlowProblem& problem) {
  using Code = lemon::CostScaling<FlowGraph, FlowUnits, FlowUnits>;
  Code code(problem.graph);
  code.upperMap(problem.capacity).costMap(problem.cost).stSupply(problem.s, problem.t, problem.value);
  if (code.run() != Code::OPTIMAL) return std::nullopt;
  IntegerFlow answer;
  answer.code = MinCostCode::CostScaling;
  answer.flow.resize(static_cast<std::size_t>(problem.graph.maxArcId() + 1), 0);
  answer.potential.resize(static_cast<std::size_t>(problem.graph.maxNodeId() + 1), 0);
  for (FlowGraph::ArcIt a(problem.graph); a != lemon::INVALID; ++a)
    answer.flow[static_cast<std::size_t>(problem.graph.id(a))] = code.flow(a);
  for (FlowGraph::NodeIt v(problem.graph); v != lemon::INVALID; ++v)
    answer.potential[static_cast<std::size_t>(problem.graph.id(v))] = code.potential(v);
  return answer;
}

}  // namespace borderflow
