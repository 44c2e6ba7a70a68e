#include "solve/measures.hpp"

#include <algorithm>
#include <limits>

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

}  // namespace borderflow
