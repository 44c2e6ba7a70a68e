#pragma once
// What a solved flow LP means in domain terms, computed one way for `run` (solve/answers) and
// for sweeps (sweep/model), so that their bottlenecks and costs cannot disagree:
//
//   binding rows     = { r : y_r > kBindingShadowPrice }, by y_r descending, then row index
//                      (y_r: the row's shadow price, engine/solve/flow_lp.hpp);
//   cost per tonne   = transport cost (USD/yr) / tonnes carried (t/yr), defined only when more
//                      than kFlowEpsilon_t_per_yr is carried;
//   unserved penalty = unserved tonnes (t/yr) * the price of an unserved tonne (USD/t).
#include <vector>

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

}  // namespace borderflow
