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

struct ArcGenerationStats {
  int rounds = 0;             ///< restricted LPs solved (a last pass of shortest paths proves the final one optimal)
  std::size_t arcs_used = 0;  ///< class-arc pairs in the final restricted LP
};

/// The same answer as solve_min_cost(network, classes, limits), up to ties between equally cheap
/// plans; flows on arcs outside the final restricted set are 0.
FlowSolution solve_min_cost_by_arcs(const Network& network, const std::vector<FlowClass>& classes,
                                    const SolveLimits& limits = {}, ArcGenerationStats* stats = nullptr);

}  // namespace borderflow
