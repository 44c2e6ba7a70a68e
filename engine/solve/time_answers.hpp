#pragma once
// A time scenario (engine/scenario/time.hpp) answered period by period:
//
//   route capacity in period p = the route's max flow on the network of p alone
//       (scenario_in_period: every capacity at its factor in p, elements at factor 0 closed),
//       as a rate (t/yr) and as tonnes in the period (rate * days(p) / 365). It is what the
//       route can carry while the period lasts; storage and transit lags move tonnes between
//       periods but add nothing to a rate. Periods with the same factors share one answer.
//   routing = every demand routed at least cost over the time-expanded network (one LP,
//       engine/solve/flow_lp.hpp with slots and backlog, certified by check_routing), and per
//       period, read off its flows:
//         delivered_{d,p} = the demand's tonnes arriving in p;
//         backlog_{d,p}   = b_{d,p}, tonnes due by p still to come later (0 for a demand without `backlog:`);
//         unserved_{d,p}  = z_{d,p}, tonnes due in p never delivered;
//         so that sum_{s<=p} (delivered_s + unserved_s) + backlog_p = sum_{s<=p} q_s;
//         (with backlog, which period's tonnes are the undelivered ones is the LP's choice: it
//         writes them off in the earliest period that saves backlog cost; the horizon's total
//         unserved is what the plan leaves undelivered);
//         stock_{place,p} = tonnes held at the place from p into p + 1 (its storage arcs);
//         flow over a crossing or through a transfer (gauge change) in p, per direction of
//           travel = tonnes on its arcs departing in p;
//         cost_p = transport and fees on arcs departing in p (storage included) + origin
//           purchases entering in p + backlog costs l_p b_p + unserved penalties u z_p.
// Answers are numbers with indices; engine/report words them.
#include <array>
#include <memory>
#include <vector>

#include "solve/answers.hpp"

namespace borderflow {

/// The route capacities of one set of period factors, on its own one-period network.
struct PeriodPattern {
  std::shared_ptr<const Network> network;  ///< owns scenario_in_period of its first period
  std::vector<CapacityAnswer> capacities;  ///< as ScenarioAnswer::capacities
  BackgroundAnswer background;
};

struct DemandInPeriod {
  double wanted_t = 0;     ///< q_{d,p}
  double delivered_t = 0;
  double backlog_t = 0;
  double unserved_t = 0;
};

/// Tonnes over an element in one period, per direction of travel: for a crossing {its reference
/// way, against it} (crossing_direction); for a transfer {from -> to, to -> from}.
using TwoWays = std::array<double, 2>;

struct PeriodAnswer {
  int pattern = -1;                       ///< index into TimeAnswer::patterns
  std::vector<DemandInPeriod> demands;    ///< per scenario demand
  std::vector<TwoWays> crossings;         ///< per scenario crossing
  std::vector<TwoWays> transfers;         ///< per scenario transfer
  std::vector<double> stock_t;            ///< per scenario place (0 without storage)
  double transport_cost_usd = 0;          ///< incl. fees and storage
  double source_cost_usd = 0;
  double backlog_cost_usd = 0;
  double unserved_penalty_usd = 0;
  double cost_usd() const { return transport_cost_usd + source_cost_usd + backlog_cost_usd + unserved_penalty_usd; }
};

struct TimeAnswer {
  Horizon horizon;
  std::vector<PeriodPattern> patterns;
  std::vector<PeriodAnswer> periods;
};

/// The scenario of one period of a time scenario as a one-period (whole-year) scenario: every
/// link, transfer and crossing capacity (and background load on it) times the element's factor in
/// the period, elements at factor 0 closed and planned ones that have opened open; no time:,
/// storage, profiles or disruptions.
Scenario scenario_in_period(const Scenario& scenario, int period);

/// The delivered, backlog and unserved tonnes (and wanted) per period and demand, [period][demand],
/// read off a routing's flows over a time-expanded network (classes and class_demand as in
/// RoutingClasses); shared by answer_over_time and the sweep.
std::vector<std::vector<DemandInPeriod>> demands_by_period(const Network& network, const std::vector<FlowClass>& classes,
                                                           const std::vector<int>& class_demand,
                                                           const FlowSolution& solution);

/// The per-period answers of a time scenario whose routing over the time-expanded `network` is
/// `answer.routing` (see the top of this file).
TimeAnswer answer_over_time(const Network& network, const ScenarioAnswer& answer, const SolveLimits& limits = {});

}  // namespace borderflow
