#include "solve/measures.hpp"

#include <algorithm>
#include <limits>
#include <utility>

namespace borderflow {

std::vector<BindingRow> binding_rows(const Network& network, const std::vector<double>& row_shadow,
                                     const std::vector<double>& row_use_t_per_yr) {
  std::vector<BindingRow> out;
  for (std::size_t r = 0; r < network.rows().size() && r < row_shadow.size(); ++r) {
    if (row_shadow[r] <= kBindingShadowPrice) continue;
    out.push_back({static_cast<int>(r), network.rows()[r].capacity_t_per_yr,
                   row_use_t_per_yr.size() > r ? row_use_t_per_yr[r] : 0.0, row_shadow[r]});
  }
  std::sort(out.begin(), out.end(), [](const BindingRow& a, const BindingRow& b) {
    if (a.shadow_price != b.shadow_price) return a.shadow_price > b.shadow_price;
    return a.row < b.row;
  });
  return out;
}

std::vector<BindingRow> binding_rows(const Network& network, const FlowSolution& solution) {
  return binding_rows(network, solution.row_shadow, solution.row_use);
}

double cost_per_tonne(double transport_cost_usd_per_yr, double carried_t_per_yr) {
  if (!(carried_t_per_yr > kFlowEpsilon_t_per_yr)) return std::numeric_limits<double>::quiet_NaN();
  return transport_cost_usd_per_yr / carried_t_per_yr;
}

DemandOutcome demand_outcome(double delivered_t_per_yr, double unserved_t_per_yr, double transport_cost_usd_per_yr,
                             double unserved_price_usd_per_t) {
  return {delivered_t_per_yr, unserved_t_per_yr, transport_cost_usd_per_yr,
          cost_per_tonne(transport_cost_usd_per_yr, delivered_t_per_yr), unserved_t_per_yr * unserved_price_usd_per_t};
}

double fees_usd_per_yr(const std::vector<FlowClass>& classes, const FlowSolution& solution) {
  double total = 0;
  for (std::size_t k = 0; k < classes.size() && k < solution.classes.size(); ++k) {
    const auto& x = solution.classes[k].arc_t_per_yr;
    for (std::size_t a = 0; a < x.size(); ++a) total += x[a] * classes[k].extra_cost(a);
  }
  return total;
}

std::vector<double> total_arc_flows(const FlowSolution& solution, std::size_t arc_count) {
  std::vector<double> total(arc_count, 0.0);
  for (const ClassFlow& c : solution.classes) {
    for (std::size_t a = 0; a < arc_count && a < c.arc_t_per_yr.size(); ++a) total[a] += c.arc_t_per_yr[a];
  }
  return total;
}

namespace {

/// sum_i x_{arcs[i]} (tonnes) and sum_i weight_i * x_{arcs[i]} (the row's unit).
std::pair<double, double> row_flow(const CapacityRow& row, const std::vector<double>& arc_t_per_yr) {
  double tonnes = 0, weighted = 0;
  for (std::size_t i = 0; i < row.arcs.size(); ++i) {
    const double x = arc_t_per_yr[static_cast<std::size_t>(row.arcs[i])];
    tonnes += x;
    weighted += x * row.weight(i);
  }
  return {tonnes, weighted};
}

/// The vehicle capacity an element row was written in (vehicle -1 when in tonnes, or not an element).
VehicleCapacity written_in(const Scenario& s, const CapacityRow& row) {
  const auto e = static_cast<std::size_t>(row.element);
  switch (row.kind) {
    case ElementKind::Link: return s.links[e].vehicle;
    case ElementKind::Transfer: return s.transfers[e].vehicle;
    case ElementKind::Crossing: return s.crossings[e].vehicle;
    case ElementKind::Fleet:
    case ElementKind::Cap:
    case ElementKind::Storage: break;
  }
  return {};
}

}  // namespace

std::vector<FleetUse> fleet_uses(const Network& network, const std::vector<double>& arc_t_per_yr,
                                 const std::vector<double>& row_shadow) {
  std::vector<FleetUse> out;
  const auto& rows = network.rows();
  for (std::size_t r = 0; r < rows.size(); ++r) {
    if (rows[r].kind != ElementKind::Fleet) continue;
    const Fleet& fleet = network.scenario().fleets[static_cast<std::size_t>(rows[r].element)];
    const double vehicle_year_t_h = fleet.payload_t * kVehicleHoursPerYear;
    const auto [tonnes, use] = row_flow(rows[r], arc_t_per_yr);
    FleetUse f;
    f.row = static_cast<int>(r);
    f.fleet = rows[r].element;
    f.carried_t_per_yr = tonnes;
    f.use_t_h_per_yr = use;
    f.vehicles_needed = use / vehicle_year_t_h;
    f.background_vehicles = rows[r].background / vehicle_year_t_h;
    f.share_of_fleet = fleet.count > 0 ? f.vehicles_needed / fleet.count : 0.0;
    f.departures_per_day = tonnes / kDaysPerYear / fleet.payload_t;
    f.shadow_price_per_vehicle = (r < row_shadow.size() ? row_shadow[r] : 0.0) * vehicle_year_t_h;
    out.push_back(f);
  }
  return out;
}

std::vector<VehicleUse> vehicle_uses(const Network& network, const std::vector<double>& arc_t_per_yr) {
  std::vector<VehicleUse> out;
  const auto& rows = network.rows();
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const VehicleCapacity written = written_in(network.scenario(), rows[r]);
    if (written.vehicle < 0 || !(written.payload_t > 0)) continue;
    const double tonnes = row_flow(rows[r], arc_t_per_yr).first;
    if (tonnes <= kFlowEpsilon_t_per_yr) continue;
    const double per_day = kDaysPerYear * written.payload_t;  // t/yr of one vehicle a day
    out.push_back({static_cast<int>(r), written.vehicle, written.payload_t, tonnes / per_day,
                   rows[r].capacity_t_per_yr / per_day, rows[r].background / per_day});
  }
  return out;
}

}  // namespace borderflow
