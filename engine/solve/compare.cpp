#include "solve/compare.hpp"

#include <algorithm>
#include <cmath>

namespace borderflow {
namespace {

bool inside(const PlaceSet& part, const PlaceSet& whole) {
  return std::includes(whole.places.begin(), whole.places.end(), part.places.begin(), part.places.end());
}

/// The demand figures of one optimal answer (see the header).
void add_demand_mix(const SolvedScenario& solved, const CapacityAnswer& answer, ComparedResult& result) {
  const Scenario& s = solved.scenario();
  const Route& route = s.routes[static_cast<std::size_t>(answer.route)];
  const PlaceSet& from = answer.reverse ? route.destinations : route.origins;
  const PlaceSet& to = answer.reverse ? route.origins : route.destinations;
  double demand_cost = 0, demand_hours = 0;
  result.demand_arc_t_per_yr.assign(solved.network.arcs().size(), 0.0);
  for (const auto& d : solved.answer.routing.demands) {
    const Demand& demand = s.demands[static_cast<std::size_t>(d.demand)];
    if (!inside(demand.origins, from) || !inside(demand.destinations, to)) continue;
    // A demand is several classes (per supplier and country pair): sum the ones it owns.
    const RoutingAnswer& routing = solved.answer.routing;
    for (std::size_t k = 0; k < routing.class_demand.size(); ++k) {
      if (routing.class_demand[k] != d.demand) continue;
      const auto& class_arcs = routing.solution.classes[k].arc_t_per_yr;
      for (std::size_t a = 0; a < result.demand_arc_t_per_yr.size(); ++a) result.demand_arc_t_per_yr[a] += class_arcs[a];
    }
    const double unit_value = s.commodities[static_cast<std::size_t>(demand.commodity)].value_usd_per_t;
    result.demand_t_per_yr += demand.quantity_t_per_yr;
    result.demand_delivered_t_per_yr += d.delivered_t_per_yr;
    result.demand_delivered_usd_per_yr += d.delivered_t_per_yr * unit_value;
    demand_cost += d.cost_usd_per_t * d.delivered_t_per_yr;
    demand_hours += d.hours * d.delivered_t_per_yr;
  }
  const double delivered = result.demand_delivered_t_per_yr;
  result.demand_cost_usd_per_t = delivered > 0 ? demand_cost / delivered : NAN;
  result.demand_transit_h = delivered > 0 ? demand_hours / delivered : NAN;
}

}  // namespace

Comparison compare_scenarios(const std::vector<SolvedScenario>& scenarios) {
  Comparison out;
  // Questions keyed by route id and direction, in the order the scenarios first ask them.
  for (const auto& solved : scenarios) {
    for (const auto& c : solved.answer.capacities) {
      const std::string& id = solved.scenario().routes[static_cast<std::size_t>(c.route)].id;
      const bool known = std::any_of(out.questions.begin(), out.questions.end(),
                                     [&](const ComparedQuestion& q) { return q.route == id && q.reverse == c.reverse; });
      if (!known) out.questions.push_back({id, c.reverse, -1, {}});
    }
  }
  for (auto& q : out.questions) {
    int first = -1;  // index of the first optimal result: the reference of the deltas
    for (std::size_t i = 0; i < scenarios.size(); ++i) {
      const SolvedScenario& solved = scenarios[i];
      ComparedResult result;
      result.scenario = static_cast<int>(i);
      const auto& capacities = solved.answer.capacities;
      const auto it = std::find_if(capacities.begin(), capacities.end(), [&](const CapacityAnswer& a) {
        return solved.scenario().routes[static_cast<std::size_t>(a.route)].id == q.route && a.reverse == q.reverse;
      });
      if (it != capacities.end()) {
        result.answer = &*it;
        q.direction_scenario = static_cast<int>(i);
        if (it->status == SolveStatus::Optimal) {
          add_demand_mix(solved, *it, result);
          if (first >= 0) {
            const ComparedResult& reference = q.results[static_cast<std::size_t>(first)];
            result.delta_capacity_t_per_yr = it->capacity_t_per_yr - reference.answer->capacity_t_per_yr;
            const double cost_delta = result.demand_cost_usd_per_t - reference.demand_cost_usd_per_t;
            if (std::isfinite(cost_delta)) result.delta_demand_cost_usd_per_t = cost_delta;
          } else {
            first = static_cast<int>(i);
          }
        }
      }
      q.results.push_back(std::move(result));
    }
  }
  return out;
}

}  // namespace borderflow
