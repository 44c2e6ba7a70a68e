#pragma once
// Independent re-checks of a solver's answer: conservation, capacity bounds, recomputed cost,
// and a certificate of optimality built from the row shadow prices alone:
//  - max flow: with arc lengths l_a = sum of y_r over the rows of a, every source-sink path has
//    length >= 1, so F <= sum_r cap_r y_r; equality proves F maximal and names the cut;
//  - routing: with l_a = c_a + sum y_r, the Lagrangian bound
//    sum_k q_k min(dist_k, u_k) - sum_r cap_r y_r is a lower bound on any plan's cost;
//    equality with the plan's cost proves it cheapest.
#include <string>
#include <vector>

#include "solve/flow_lp.hpp"

namespace borderflow {

/// Problems found in a max-flow answer; empty means verified.
std::vector<std::string> check_max_flow(const Network& network, const FlowClass& flow_class,
                                        const FlowSolution& solution);

/// Problems found in a routing answer; empty means verified.
std::vector<std::string> check_routing(const Network& network, const std::vector<FlowClass>& classes,
                                       const FlowSolution& solution);

}  // namespace borderflow
