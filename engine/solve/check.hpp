#pragma once
// Independent re-checks of a solver's answer: conservation, row bounds, recomputed costs, and a
// certificate of optimality built from the row shadow prices alone. The row coefficients are
// recomputed here from the network and the classes, not taken from the solver: class k's
// coefficient in row r is e_{k,r,a} on arc a and e_{k,r,T} on its delivered tonnes, as stated in
// engine/solve/flow_lp.hpp (row weights, per-class counting, caps on delivered tonnes), and
// every row is checked against its spare capacity s_r = capacity - background, in its own unit.
//
// With y_r >= 0 the shadow prices, class k's dual length of arc a and its sink term are
//   l_{k,a} = [c_a + f_{k,a}] + sum_r e_{k,r,a} y_r,      t_k = sum_r e_{k,r,T} y_r
// (the bracket in routing only: arc cost plus the class's extra cost), and
// dist_k = min over source-sink paths P of class k of sum_{a in P} l_{k,a}, plus t_k.
//
//  - max flow (several classes, F = sum_k delivered_k): if dist_k >= 1 for every class, each
//    tonne of any class uses at least one unit of sum_r s_r y_r, so F <= sum_r s_r y_r for
//    every feasible flow; equality proves F maximal and names the cut. The cheapest-at-maximum
//    costs are recomputed (transport with fees, and source costs).
//  - routing: relaxing the rows with y gives, per group g (supply q_g, unserved price u_g),
//    the Lagrangian bound
//        sum_g q_g * min(u_g, min_{k in g} (p_k + dist_k)) - sum_r s_r y_r
//    (p_k: the class's source cost), a lower bound on any plan's cost (transport + fees +
//    source costs + unserved penalties); equality with the plan's cost proves it cheapest.
//    Each group's delivered plus unserved tonnes must equal its supply.
#include <string>
#include <vector>

#include "solve/flow_lp.hpp"

namespace borderflow {

/// Problems found in a max-flow answer over `classes`; empty means verified.
std::vector<std::string> check_max_flow(const Network& network, const std::vector<FlowClass>& classes,
                                        const FlowSolution& solution);
/// The same for one class.
std::vector<std::string> check_max_flow(const Network& network, const FlowClass& flow_class,
                                        const FlowSolution& solution);

/// Problems found in a routing answer; empty means verified.
std::vector<std::string> check_routing(const Network& network, const std::vector<FlowClass>& classes,
                                       const FlowSolution& solution);

}  // namespace borderflow
