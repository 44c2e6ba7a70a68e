#pragma once
// What a solved flow LP means in domain terms, computed one way for `run` (solve/answers) and
// for sweeps (sweep/model), so that their bottlenecks and costs cannot disagree:
//
//   binding rows     = { r : y_r > kBindingShadowPrice }, by y_r descending, then row index
//                      (y_r: the row's shadow price, engine/solve/flow_lp.hpp);
//   cost per tonne   = transport cost (USD/yr) / tonnes carried (t/yr), defined only when more
//                      than kFlowEpsilon_t_per_yr is carried;
//   unserved penalty = unserved tonnes (t/yr) * the price of an unserved tonne (USD/t);
//   fees paid        = sum_k sum_a x_{k,a} * fee_k(a)  (FlowClass::extra_cost, USD/yr).
//
// Flows in vehicles (reports read them in the units analysts count from imagery), from the
// tonnes x_a on the arcs, summed over a question's classes:
//   fleet f (row r, arcs a both ways, weights cycle_h(a), Fleet in scenario.hpp):
//     use_r             = sum_a cycle_h(a) * x_a                        (t-h/yr)
//     vehicles needed   = use_r / (payload_t * 8760)    (vehicles kept busy the whole year)
//     share of fleet    = vehicles needed / count
//     departures per day = sum_a x_a / 365 / payload_t   (loaded departures, both ways)
//     price per vehicle = y_r * payload_t * 8760         (one more vehicle adds payload*8760 t-h/yr)
//   element row r whose capacity was written in vehicles (VehicleCapacity, payload p):
//     vehicles per day  = sum_a x_a / 365 / p, and likewise its capacity and its background.
#include <vector>

#include "core/quantity.hpp"
#include "solve/flow_lp.hpp"

namespace borderflow {

/// Below this a flow is solver noise (t/yr).
inline constexpr double kFlowEpsilon_t_per_yr = 1e-3;
/// At or below this a shadow price is zero up to round-off.
inline constexpr double kBindingShadowPrice = 1e-9;

/// A capacity row that limits the answer: its shadow price is positive.
struct BindingRow {
  int row = -1;  ///< index into Network::rows()
  double capacity_t_per_yr = 0;
  double used_t_per_yr = 0;
  double shadow_price = 0;  ///< see FlowSolution::row_shadow
};

/// The binding rows of a solution; `row_use_t_per_yr` may be empty (uses are then 0).
std::vector<BindingRow> binding_rows(const Network& network, const std::vector<double>& row_shadow,
                                     const std::vector<double>& row_use_t_per_yr);
std::vector<BindingRow> binding_rows(const Network& network, const FlowSolution& solution);

/// USD per tonne carried, or NaN when no more than kFlowEpsilon_t_per_yr is carried.
double cost_per_tonne(double transport_cost_usd_per_yr, double carried_t_per_yr);

/// One demand's result in a routing.
struct DemandOutcome {
  double delivered_t_per_yr = 0;
  double unserved_t_per_yr = 0;
  double transport_cost_usd_per_yr = 0;
  double cost_usd_per_t = 0;  ///< cost_per_tonne of the delivered tonnes (NaN when none)
  double unserved_penalty_usd_per_yr = 0;
};
DemandOutcome demand_outcome(double delivered_t_per_yr, double unserved_t_per_yr, double transport_cost_usd_per_yr,
                             double unserved_price_usd_per_t);

/// Fees (USD/yr) the classes' flows pay beyond the arcs' own costs; classes and solution.classes
/// are parallel.
double fees_usd_per_yr(const std::vector<FlowClass>& classes, const FlowSolution& solution);

/// Tonnes per network arc summed over a solution's classes (t/yr); `arc_count` entries.
std::vector<double> total_arc_flows(const FlowSolution& solution, std::size_t arc_count);

/// Hours in a year of a vehicle's work: a fleet row's capacity is count * payload * this.
inline constexpr double kVehicleHoursPerYear = 24 * kDaysPerYear;

/// One fleet's row read in vehicles (see the top of this file). Shadow prices are per
/// vehicle-year in the question's objective: t/yr of route capacity (max flow) or USD/yr saved
/// (routing).
struct FleetUse {
  int row = -1;    ///< index into Network::rows()
  int fleet = -1;  ///< index into scenario().fleets
  double carried_t_per_yr = 0;       ///< on the served links, both ways
  double use_t_h_per_yr = 0;
  double vehicles_needed = 0;
  double background_vehicles = 0;    ///< the row's background in vehicles
  double share_of_fleet = 0;         ///< vehicles_needed / count (0 for an empty fleet)
  double departures_per_day = 0;
  double shadow_price_per_vehicle = 0;
};
/// One per fleet row, in row order; `row_shadow` may be empty (prices are then 0).
std::vector<FleetUse> fleet_uses(const Network& network, const std::vector<double>& arc_t_per_yr,
                                 const std::vector<double>& row_shadow);

/// One row of an element whose capacity was written in vehicles, read in vehicles per day.
struct VehicleUse {
  int row = -1;      ///< index into Network::rows()
  int vehicle = -1;  ///< index into scenario().vehicles
  double payload_t = 0;
  double per_day = 0;             ///< the question's flows
  double capacity_per_day = 0;
  double background_per_day = 0;
};
/// One per such row carrying more than kFlowEpsilon_t_per_yr, in row order.
std::vector<VehicleUse> vehicle_uses(const Network& network, const std::vector<double>& arc_t_per_yr);

}  // namespace borderflow
