#pragma once
// Least-cost routing over a large time-expanded network by generating arcs: the routing LP of
// solve_min_cost (engine/solve/flow_lp.hpp) solved over a small set of arcs per class, grown
// until the set provably holds an optimum of the full LP.
//
// With the restricted LP's row prices y, class k's priced arc lengths are
//   l_{k,a} = c_a + f_{k,a} + sum_r e_{k,r,a} y_r      (check.hpp),
// and d_k(v), d^R_k(v) its shortest distances from its sources over all its usable arcs and over
// its restricted arcs. The restricted optimum is optimal for the full LP when d_k(v) = d^R_k(v) at
// every sink of every class: the Lagrangian bound of check.hpp computed over the full arcs then
// equals the one over the restricted arcs, which equals the restricted optimum (LP duality), and
// the restricted plan is a plan of the full LP. Otherwise the arcs of a shortest full path to each
// sink that the full arcs reach more cheaply are added and the LP is solved again. Every added
// path is new, so the loop ends; check_routing on the full classes certifies the result as it
// does any routing.
#include <vector>

#include "solve/flow_lp.hpp"

namespace borderflow {

// Max flows too (solve_max_flow_by_arcs), the LP path of solve_max_flow on a large network where
// a shared row binds and LEMON's relaxation cannot answer (network_flow.hpp). Each round solves
// the max flow LP over the restricted arcs H and prices all arcs with its row prices y:
//  - the maximum: with l_{k,a} = sum_r e_{k,r,a} y_r and t_k the delivery price (check.hpp),
//    if dist_k + t_k >= 1 over all of class k's arcs for every class, y is a dual of the full LP
//    with sum_r s_r y_r = F_H (LP duality on H), so F_H is the full maximum (weak duality: no
//    flow on all the arcs exceeds it). Otherwise the arcs of a shortest path to every sink
//    nearer than 1 - t_k join H, and the round is repeated; the cheapest phase is skipped until
//    the maximum is proven. Once proven it holds for every larger H (H's maximum can neither pass
//    the whole network's nor fall), so only the last round's prices prove it again, for the
//    certificate. The search settles zero-length arcs breadth first (shortest_tree): row prices
//    are 0 on most arcs, and breadth-first paths cut the rounds 2-7x on the scale grids.
//  - the cheapest flow at the maximum: the cheapest phase's row prices y' must give the same
//    distances over all arcs and over H (with arc costs and fees: the routing test above), which
//    makes the Lagrangian bound F * (min over sinks of the distance) - sum_r s_r y'_r over all arcs
//    equal H's cheapest cost; else the cheaper paths join H.
// Each round's LP starts from the previous round's optimal basis of the same phase
// (solve_max_flow_lp's MaxFlowWarmStart): H only grows, so every column and row of the old LP is
// in the new one, and the old basis with the new columns at 0 and the new rows' slacks basic is a
// primal feasible basis of it; the primal simplex goes on from there. (From scratch, each round
// paid CLP's presolve and a new dual simplex: half the 100k grid's time.)
// H starts from the arcs LEMON's relaxation flow uses (the answer but for the few rows it broke)
// and, at zero prices, a path to every sink. With a probe (answer_capacities' cut rows), the
// final H's LP is probed; a re-solve with a row's capacity moved is the whole network's only when
// its own row prices pass the first test, else that change is unknown (NaN: the cut rows are
// reported as not all tested), while rhs ranging keeps the proven prices and is exact.
// check_max_flow certifies the answer on the full classes, as on every path.

struct ArcGenerationStats {
  int rounds = 0;             ///< restricted LPs solved (a last pass of shortest paths proves the final one optimal)
  std::size_t arcs_used = 0;  ///< class-arc pairs in the final restricted LP
  int warm_phases = 0;        ///< max flows: LP phases started from the previous round's optimal basis
};

/// The same answer as solve_min_cost(network, classes, limits), up to ties between equally cheap
/// plans; flows on arcs outside the final restricted set are 0.
FlowSolution solve_min_cost_by_arcs(const Network& network, const std::vector<FlowClass>& classes,
                                    const SolveLimits& limits = {}, ArcGenerationStats* stats = nullptr);

/// solve_max_flow's answer (its LP path) found over generated arcs (see above), starting from
/// `seed_arcs` (network arcs; may be empty); with `probe` called as solve_max_flow calls it. Falls
/// back to the whole LP when row prices cannot price the arcs (a negative row weight) or the
/// prices stop improving without proving the maximum. `final_arcs`, when given, gets the network
/// arcs of the last H (any class's), or is cleared when the answer did not come from H.
FlowSolution solve_max_flow_by_arcs(const Network& network, const std::vector<FlowClass>& classes,
                                    const SolveLimits& limits, const std::vector<char>& seed_arcs,
                                    const MaxFlowProbe& probe = {}, ArcGenerationStats* stats = nullptr,
                                    std::vector<char>* final_arcs = nullptr);

/// Adds to `arcs` (network arcs) the twin of each arc in `of`: the arcs of the same element and
/// period that run the other way, head to tail. A route's way back then starts from the arcs its
/// way out ended with (solve_max_flows): on a network where every arc's twin has its capacity and
/// cost, they hold the way back's answer, turned round, and the rounds only prove it. A seed only:
/// whatever the network, the rounds prove or grow it as any other.
void add_twin_arcs(const Network& network, const std::vector<char>& of, std::vector<char>& arcs);

}  // namespace borderflow
