#pragma once
// INTERIM (removed when the multi-class solver lands in this session): one-class stand-ins for
// the several-class max flow and its check, so the tree builds meanwhile.
#include <stdexcept>
#include <vector>

#include "solve/check.hpp"
#include "solve/flow_lp.hpp"

namespace borderflow {

inline FlowSolution solve_max_flow(const Network& network, const std::vector<FlowClass>& classes, const SolveLimits& limits) {
  if (classes.size() != 1) throw std::logic_error("interim: one class only");
  return solve_max_flow(network, classes.front(), limits);
}

inline std::vector<std::string> check_max_flow(const Network& network, const std::vector<FlowClass>& classes,
                                               const FlowSolution& solution) {
  if (classes.size() != 1) throw std::logic_error("interim: one class only");
  return check_max_flow(network, classes.front(), solution);
}

}  // namespace borderflow
