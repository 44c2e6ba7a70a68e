// CostScaling, compiled as C++17: see min_cost_flow.hpp for why.
#include <lemon/cost_scaling.h>

#include "solve/min_cost_flow.hpp"

namespace borderflow {

std::optional<IntegerFlow> solve_cheapest_flow_cost_scaling(const CheapestFlowProblem& problem) {
  using Code = lemon::CostScaling<FlowGraph, FlowUnits, FlowUnits>;
  Code code(problem.graph);
  code.upperMap(problem.capacity).costMap(problem.cost).stSupply(problem.s, problem.t, problem.value);
  if (code.run() != Code::OPTIMAL) return std::nullopt;
  return read_integer_flow(problem.graph, code, MinCostCode::CostScaling);
}

}  // namespace borderflow
