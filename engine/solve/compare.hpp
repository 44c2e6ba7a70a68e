#pragma once
// Scenarios compared per route question (route id and direction), in the order the scenarios
// first ask them. For scenario i answering question q = (route, reverse) optimally:
//
//   demands of q      = demands whose origins lie inside q's origin places and destinations
//                       inside q's destination places (the direction q travels);
//   demand cost, transit = delivered-weighted means over q's demands (NaN when none delivered);
//   deltas            = capacity and demand cost minus those of the first scenario that answers
//                       q optimally (absent for that scenario itself, and the cost delta when
//                       either has nothing delivered).
//
// Two measures an earlier version compared are left out on purpose: the capacity valued at the
// demands' value mix (a ceiling filled with this scenario's cargo is not trade; it read as ~800x
// recorded trade) and the cost per tonne of the route filled from its nearest origin (it reads as
// the opposite of the demand cost). The cost of what actually moves is the demand cost.
//
// Numbers are unrounded; engine/report rounds and words them.
#include <optional>
#include <string>
#include <vector>

#include "solve/answers.hpp"

namespace borderflow {

/// One scenario's result for one question.
struct ComparedResult {
  int scenario = -1;                      ///< index into the compared scenarios
  const CapacityAnswer* answer = nullptr; ///< null when the scenario does not ask the question
  double demand_t_per_yr = 0;             ///< wanted by the question's demands
  double demand_delivered_t_per_yr = 0;
  double demand_delivered_usd_per_yr = 0;
  double demand_cost_usd_per_t = 0;       ///< NaN when nothing is delivered
  double demand_transit_h = 0;            ///< NaN when nothing is delivered
  std::vector<double> demand_arc_t_per_yr;  ///< the question's demands' flow per arc
  /// Against the first scenario answering optimally; absent for that one and for non-optimal answers.
  std::optional<double> delta_capacity_t_per_yr, delta_demand_cost_usd_per_t;
};

struct ComparedQuestion {
  std::string route;  ///< route id
  bool reverse = false;
  int direction_scenario = -1;  ///< index of the last scenario asking it (its route names the direction)
  std::vector<ComparedResult> results;  ///< one per scenario, in order
};

struct Comparison {
  std::vector<ComparedQuestion> questions;
};

/// The comparison of `scenarios` (at least one); the first is the reference of the deltas.
/// Results point into `scenarios`, which must outlive the comparison.
Comparison compare_scenarios(const std::vector<SolvedScenario>& scenarios);

}  // namespace borderflow
