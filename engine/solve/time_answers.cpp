#include "solve/time_answers.hpp"

#include <map>

namespace borderflow {
namespace {

/// The factors of every link, transfer and crossing in a period: periods with equal factors
/// share one network and one set of route answers.
std::vector<double> period_factors(const Scenario& s, int p) {
  const Horizon& h = *s.time;
  std::vector<double> out;
  for (const Link& l : s.links) out.push_back(l.availability->period_factor(h, p));
  for (const Transfer& t : s.transfers) out.push_back(t.availability->period_factor(h, p));
  for (const Crossing& c : s.crossings) out.push_back(c.availability->period_factor(h, p));
  return out;
}

/// An element's capacity and open status in a period.
template <class Element>
void scale_to_period(Element& e, double factor) {
  e.capacity_t_per_yr *= factor;
  e.capacity_both_ways_t_per_yr *= factor;
  if (!(factor > 0)) e.status = Status::Closed;
  else if (e.status == Status::Planned && e.availability->opens) e.status = Status::Open;
  e.availability.reset();
}

PeriodPattern answer_pattern(const Scenario& scenario, int period, const SolveLimits& limits) {
  PeriodPattern pattern;
  auto network = std::make_shared<Network>(scenario_in_period(scenario, period));
  require_sound(*network, "network of period " + std::to_string(period));
  pattern.background = route_background(*network, limits);
  pattern.capacities = answer_capacities(*network, limits);
  pattern.network = std::move(network);
  return pattern;
}

/// The demands' tonnes per period (demands_by_period) and the costs of origin purchases,
/// backlog and unserved tonnes in each period.
void read_demands(const Network& network, const RoutingAnswer& routing, TimeAnswer& out) {
  const auto& solution = routing.solution;
  const auto by_period = demands_by_period(network, routing.classes, routing.class_demand, solution);
  for (std::size_t p = 0; p < out.periods.size(); ++p) {
    for (std::size_t d = 0; d < by_period[p].size(); ++d) {
      DemandInPeriod& demand = out.periods[p].demands[d];
      demand.delivered_t = by_period[p][d].delivered_t;
      demand.backlog_t = by_period[p][d].backlog_t;
      demand.unserved_t = by_period[p][d].unserved_t;
    }
  }
  for (std::size_t k = 0; k < routing.classes.size() && k < solution.classes.size(); ++k) {
    const FlowClass& c = routing.classes[k];
    const ClassFlow& flow = solution.classes[k];
    for (std::size_t j = 0; j < c.sources.size(); ++j) {
      out.periods[static_cast<std::size_t>(network.vertex(c.sources[j]).period)].source_cost_usd +=
          flow.source_t_per_yr[j] * c.source_cost_usd_per_t;
    }
    for (std::size_t p = 0; p < flow.slot_unserved_t.size(); ++p) {
      out.periods[p].unserved_penalty_usd += flow.slot_unserved_t[p] * c.unserved_cost_usd_per_t;
    }
    for (std::size_t p = 0; p < flow.slot_backlog_t.size(); ++p) {
      out.periods[p].backlog_cost_usd += flow.slot_backlog_t[p] * c.backlog_cost_usd_per_t[p];
    }
  }
}

/// Flows over crossings, transfers and storage, and transport costs, per departure period.
void read_arcs(const Network& network, const RoutingAnswer& routing, TimeAnswer& out) {
  const Scenario& s = network.scenario();
  const auto& solution = routing.solution;
  for (std::size_t k = 0; k < routing.classes.size() && k < solution.classes.size(); ++k) {
    const FlowClass& c = routing.classes[k];
    for (const NetworkArc& arc : network.arcs()) {
      const double x = solution.classes[k].arc_t_per_yr[static_cast<std::size_t>(arc.index)];
      if (x == 0) continue;
      PeriodAnswer& period = out.periods[static_cast<std::size_t>(arc.period)];
      period.transport_cost_usd += x * (arc.cost_usd_per_t + c.extra_cost(static_cast<std::size_t>(arc.index)));
      const auto e = static_cast<std::size_t>(arc.element);
      if (arc.kind == ArcKind::Storage) {
        period.stock_t[e] += x;
      } else if (arc.kind == ArcKind::Transfer) {
        period.transfers[e][arc.reversed ? 1 : 0] += x;
      } else if (const int crossing = s.links[e].crossing; crossing >= 0) {
        const int way = crossing_direction(s, crossing, network.vertex(arc.tail).place, network.vertex(arc.head).place,
                                           arc.reversed);
        period.crossings[static_cast<std::size_t>(crossing)][static_cast<std::size_t>(way)] += x;
      }
    }
  }
}

}  // namespace

std::vector<std::vector<DemandInPeriod>> demands_by_period(const Network& network, const std::vector<FlowClass>& classes,
                                                           const std::vector<int>& class_demand,
                                                           const FlowSolution& solution) {
  const Scenario& s = network.scenario();
  std::vector<std::vector<DemandInPeriod>> out(static_cast<std::size_t>(network.period_count()),
                                               std::vector<DemandInPeriod>(s.demands.size()));
  for (std::size_t p = 0; p < out.size() && network.horizon(); ++p) {
    for (std::size_t d = 0; d < s.demands.size(); ++d) {
      out[p][d].wanted_t = demand_t_in_period(s.demands[d], *network.horizon(), static_cast<int>(p));
    }
  }
  for (std::size_t k = 0; k < classes.size() && k < solution.classes.size(); ++k) {
    const FlowClass& c = classes[k];
    const ClassFlow& flow = solution.classes[k];
    const auto d = static_cast<std::size_t>(class_demand[k]);
    for (std::size_t j = 0; j < c.sinks.size(); ++j) {
      out[static_cast<std::size_t>(network.vertex(c.sinks[j]).period)][d].delivered_t += flow.sink_t_per_yr[j];
    }
    for (std::size_t p = 0; p < flow.slot_unserved_t.size(); ++p) out[p][d].unserved_t += flow.slot_unserved_t[p];
    for (std::size_t p = 0; p < flow.slot_backlog_t.size(); ++p) out[p][d].backlog_t += flow.slot_backlog_t[p];
  }
  return out;
}

Scenario scenario_in_period(const Scenario& scenario, int period) {
  Scenario s = scenario;
  const Horizon h = *scenario.time;
  s.time.reset();
  for (Link& l : s.links) scale_to_period(l, l.availability->period_factor(h, period));
  for (Transfer& t : s.transfers) scale_to_period(t, t.availability->period_factor(h, period));
  for (Crossing& c : s.crossings) scale_to_period(c, c.availability->period_factor(h, period));
  for (BackgroundFlow& b : s.background) {
    if (b.is_load()) b.load_t_per_yr *= availability_of(scenario, *b.element).period_factor(h, period);
  }
  for (Place& p : s.places) p.storage.reset();
  for (Demand& d : s.demands) {
    d.monthly_profile.clear();
    d.per_period_t.clear();
    d.backlog_cost_usd_per_t_per_day.reset();
  }
  s.disruptions.clear();
  return s;
}

TimeAnswer answer_over_time(const Network& network, const ScenarioAnswer& answer, const SolveLimits& limits) {
  const Scenario& s = network.scenario();
  TimeAnswer out;
  out.horizon = *s.time;
  std::map<std::vector<double>, int> seen;
  for (int p = 0; p < out.horizon.periods; ++p) {
    PeriodAnswer period;
    const auto [found, fresh] = seen.emplace(period_factors(s, p), static_cast<int>(out.patterns.size()));
    if (fresh) out.patterns.push_back(answer_pattern(s, p, limits));
    period.pattern = found->second;
    period.demands.resize(s.demands.size());
    for (std::size_t d = 0; d < s.demands.size(); ++d) period.demands[d].wanted_t = demand_t_in_period(s.demands[d], out.horizon, p);
    period.crossings.assign(s.crossings.size(), {0, 0});
    period.transfers.assign(s.transfers.size(), {0, 0});
    period.stock_t.assign(s.places.size(), 0.0);
    out.periods.push_back(std::move(period));
  }
  if (answer.routing.status == SolveStatus::Optimal) {
    read_demands(network, answer.routing, out);
    read_arcs(network, answer.routing, out);
  }
  return out;
}

}  // namespace borderflow
