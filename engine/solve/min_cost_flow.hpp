#pragma once
// The cheapest flow of a given value F from s to t on a LEMON digraph with integer capacities
// u_a >= 0 and integer costs c_a, and the proof that it is cheapest.
//
//   minimise sum_a c_a x_a   subject to  0 <= x_a <= u_a,
//            sum_{a out of v} x_a - sum_{a into v} x_a = F at s, -F at t, 0 elsewhere.
//
// Codes. LEMON's NetworkSimplex and CostScaling (partial augment-relabel) both solve it exactly
// in integers. Which one is faster depends on size: on the scale bench's graphs NetworkSimplex
// wins below about 400,000 arcs (SolveLimits::cost_scaling_from_arcs) and CostScaling above (2.8x at 1M arcs:
// docs/benchmarks.md, "The cheapest flow at scale"). Both give an optimal flow; among several
// optimal flows they may pick different ones, so the choice is made by size alone, never by
// timing, and a given input always gets the same code and the same bytes.
//
// Why CostScaling lives in a C++17 file. Debian's LEMON 1.3.1 keeps the maps of its
// StaticDigraph (which CostScaling builds internally) with std::allocator::construct/destroy,
// removed in C++20. min_cost_flow_cost_scaling.cpp is therefore compiled as C++17; its interface
// is this header, plain LEMON SmartDigraph types, identical under both standards.
//
// Starting from a known flow. CostScaling first finds a feasible flow itself, by LEMON's
// Circulation: 17 % of the 1M realistic grid's run, where Preflow had just found one. Given
// `feasible_flow` x, CostScaling instead solves the cheapest circulation y on x's residual graph
// (per arc a = (u, v): u -> v with capacity u_a - x_a and cost c_a, v -> u with capacity x_a and
// cost -c_a; every supply 0, which needs no search) and the flow is x_a + y_fwd - y_back. With
// the same potentials, the residual arcs' optimality conditions are the arc's (x' < u_a needs a
// forward residual below capacity or a backward one in use, both r_a >= 0; x' > 0 symmetrically),
// and check_cheapest_flow tests the result on the problem as posed.
//
// Certificate. Let pi be node potentials and r_a = c_a + pi_tail(a) - pi_head(a) the reduced
// cost. A feasible x is cheapest iff (complementary slackness) every arc with x_a < u_a has
// r_a >= 0 and every arc with x_a > 0 has r_a <= 0: then for any feasible y,
//   c.y - c.x = sum_a r_a (y_a - x_a) >= 0
// (the potential terms cancel because y and x have the same supplies; r_a > 0 forces x_a = 0 so
// y_a - x_a >= 0, r_a < 0 forces x_a = u_a so y_a - x_a <= 0). check_cheapest_flow tests
// feasibility and these conditions exactly, in 128-bit integers, on the flow and potentials the
// code returns; a code's answer that fails it is not used (cheapest_flow then tries
// NetworkSimplex, and reports nothing if that fails too). This also guards CostScaling's
// internal cost scaling (costs times n * 16) against overflow on huge inputs.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <lemon/smart_graph.h>

namespace borderflow {

using FlowUnits = std::int64_t;
using FlowGraph = lemon::SmartDigraph;

enum class MinCostCode { NetworkSimplex, CostScaling };

struct IntegerFlow {
  MinCostCode code = MinCostCode::NetworkSimplex;
  std::vector<FlowUnits> flow;       // per arc id
  std::vector<FlowUnits> potential;  // per node id (pi above)
};

struct CheapestFlowProblem {
  const FlowGraph& graph;
  const FlowGraph::ArcMap<FlowUnits>& capacity;
  const FlowGraph::ArcMap<FlowUnits>& cost;
  FlowGraph::Node s, t;
  FlowUnits value;  // F
  /// Optional: a feasible flow of value F (per arc id), which CostScaling starts from (below).
  const std::vector<FlowUnits>* feasible_flow = nullptr;
};

/// The flow and potentials a LEMON min-cost code found (NetworkSimplex or CostScaling: the same
/// flow() and potential() accessors), per arc id and node id.
template <typename Code>
IntegerFlow read_integer_flow(const FlowGraph& graph, const Code& solved, MinCostCode code) {
  IntegerFlow answer;
  answer.code = code;
  answer.flow.resize(static_cast<std::size_t>(graph.maxArcId() + 1), 0);
  answer.potential.resize(static_cast<std::size_t>(graph.maxNodeId() + 1), 0);
  for (FlowGraph::ArcIt a(graph); a != lemon::INVALID; ++a) answer.flow[static_cast<std::size_t>(graph.id(a))] = solved.flow(a);
  for (FlowGraph::NodeIt v(graph); v != lemon::INVALID; ++v)
    answer.potential[static_cast<std::size_t>(graph.id(v))] = solved.potential(v);
  return answer;
}

/// The cheapest flow of value F by `code`, or nothing when the code finds none (infeasible).
/// Not checked: see cheapest_flow.
std::optional<IntegerFlow> solve_cheapest_flow(const CheapestFlowProblem& problem, MinCostCode code);

/// The same by CostScaling (min_cost_flow_cost_scaling.cpp, C++17).
std::optional<IntegerFlow> solve_cheapest_flow_cost_scaling(const CheapestFlowProblem& problem);

/// What is wrong with `answer` as a cheapest flow of `problem` (the certificate above); empty
/// when it is proven cheapest.
std::string check_cheapest_flow(const CheapestFlowProblem& problem, const IntegerFlow& answer);

/// The cheapest flow by the code for the graph's size (CostScaling from `cost_scaling_from_arcs`
/// arcs), checked; NetworkSimplex if CostScaling's answer fails the check; nothing if no checked
/// answer is found.
std::optional<IntegerFlow> cheapest_flow(const CheapestFlowProblem& problem, int cost_scaling_from_arcs);

// A problem's reverse. Routes are asked both ways (a route's `both_directions`), and on a network
// whose every arc u -> v has a twin v -> u of the same capacity and cost the way back is the way
// out turned round: let P' have the same nodes with s' and t' swapped, and a bijection from P's
// arcs u -> v to P''s arcs v -> u (nodes other than s, t mapped to themselves, s to t', t to s')
// with equal capacities and costs. Then x'(b) = x(a) for the arc b matched to a is a flow of P'
// of value F (what leaves s in P enters t' in P'), and with pi'(v) = -pi(v) each arc's reduced
// cost in P', c + pi'(v) - pi'(u), is its twin's in P, c + pi(u) - pi(v); so the twin's
// complementary slackness carries over and x' is P''s cheapest flow. reversed_flow builds
// (x', pi') from a solved P; whether P' really is P reversed is left to check_cheapest_flow,
// which proves the candidate or rejects it (it is then solved afresh). A search on a million
// arcs takes tens of seconds, the matching and the check well under one.

/// A solved cheapest flow, kept for a later problem that may be its reverse.
struct SolvedCheapestFlow {
  MinCostCode code = MinCostCode::NetworkSimplex;    // the code that found it
  int s = -1, t = -1;                                // node ids
  std::vector<int> tail, head;                       // per arc id
  std::vector<FlowUnits> capacity, cost, flow;       // per arc id
  std::vector<FlowUnits> potential;                  // per node id
};
SolvedCheapestFlow keep_solved(const CheapestFlowProblem& problem, const IntegerFlow& answer);

/// `earlier`'s flow reversed onto `problem` (above), not checked; nothing when the arcs do not
/// match one to one.
std::optional<IntegerFlow> reversed_flow(const CheapestFlowProblem& problem, const SolvedCheapestFlow& earlier);

}  // namespace borderflow
