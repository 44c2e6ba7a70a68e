#pragma once
// `borderflow run` on a time scenario (SolvedScenario::time set): the per-period answers of
// engine/solve/time_answers.hpp as one typed, rounded TimeReport (internal to report/), rendered
// as period tables (text, Markdown), a JSON document and tidy CSV. All three formats read the one
// `series` of the report, so they cannot disagree:
//
//   series = one record per period x element x metric, in this order: route capacities
//     (kind "route", metric "capacity", t in the period = max flow rate x days / 365, on the
//     period's own network), demands (wanted, delivered, backlog at the end of the period,
//     unserved; t), crossing and transfer flows per direction of travel (metric "flow", t; only
//     elements carrying something in some period), stock held at the end of a period at each
//     place with storage (metric "stock", t), and the period's costs (kind "routing", metrics
//     transport_cost (fees and storage included), source_cost, backlog_cost, unserved_penalty;
//     USD). Tonnes are rounded to 0.1 t, USD to the cent; a value that is no number (a route
//     question without an optimum, an unlimited route) is NaN: null in JSON, empty in CSV.
//
// Tables show tonnes as kt and costs as kUSD, rows by period, and are split into several tables
// when their columns would run past the width asked (120 unless the terminal says otherwise).
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "solve/time_answers.hpp"

namespace borderflow {


/// One measured value of the time series (see the top of this file).
struct SeriesRecord {
  int period = 0;  ///< index into the horizon's periods
  std::string element_kind, element_id, direction, metric, unit;
  double value = 0;  ///< rounded; NaN: no number
  /// For the tidy CSV: the route question ("forward"/"reverse") or demand it belongs to.
  std::string question, question_direction;
  std::string from, to;  ///< a route's or demand's place_set_ids; empty for elements (read from direction)
};

/// One route question over the periods.
struct QuestionSeries {
  std::string route, direction;  ///< direction: direction_label
  std::string key;               ///< the column heading: "<route> >" as asked, "<route> <" reversed
  bool reverse = false;
  std::string from_ids, to_ids;  ///< place_set_ids of the question's origins and destinations
  std::vector<double> capacity_t;      ///< per period, rounded; NaN when it is no number
  std::vector<std::string> no_number;  ///< per period: "unlimited" or the status; "" when a number
  /// The first binding capacity of each distinct answer ("no open path" when nothing flows and
  /// nothing binds), and the periods that have it.
  struct Bottleneck {
    std::string description;
    std::vector<int> periods;
  };
  std::vector<Bottleneck> bottlenecks;
  bool verified = true;  ///< every period's answer is certified (or proven unlimited)
};

/// A demand, a crossing or transfer direction, or a place's stock over the periods: one series
/// of tonnes per metric.
struct ElementSeries {
  std::string kind, id, direction;
  std::string heading;  ///< its column heading in a period table
  std::vector<std::vector<double>> values_t;  ///< per metric, per period, rounded to 0.1 t
  std::string from_ids = {}, to_ids = {};  ///< a demand's place_set_ids
};

struct TimeReport {
  std::vector<std::string> labels;  ///< per period: Horizon::label
  std::string start;                ///< the horizon's first day, ISO
  std::string unit;                 ///< "month", "week" or "day"
  bool after_background = false;    ///< route capacities are spare capacities
  std::vector<QuestionSeries> questions;
  SolveStatus routing_status = SolveStatus::Optimal;
  std::string routing_note;  ///< status_sentence when the routing has no optimum; else empty
  bool routed = false;       ///< demands exist and the routing is optimal: the fields below are set
  bool routing_verified = false;
  std::vector<std::string> routing_check_problems;
  /// Over the horizon (the routing LP's own totals), USD rounded to the cent.
  double transport_cost_usd = 0, source_cost_usd = 0, backlog_cost_usd = 0, unserved_penalty_usd = 0;
  double wanted_t = 0, delivered_t = 0, unserved_t = 0;
  /// Metrics of a demand series: kDemandMetrics, in that order.
  std::vector<ElementSeries> demands;
  std::vector<ElementSeries> crossings, transfers, stocks;  ///< one metric each
  std::vector<bool> gauge_change;  ///< per transfer series: a transfer between two rail layers
  /// Per period: kCostMetrics in that order, USD rounded to the cent.
  std::vector<std::vector<double>> costs_usd;
  std::vector<SeriesRecord> series;
};

inline const std::vector<std::string> kDemandMetrics = {"wanted", "delivered", "backlog", "unserved"};
inline const std::vector<std::string> kCostMetrics = {"transport_cost", "source_cost", "backlog_cost",
                                                      "unserved_penalty"};

/// The report of a solved time scenario (`solved.time` must be set).
TimeReport make_time_report(const SolvedScenario& solved);

/// The lines and sections that follow the scenario's header (name, description, network).
/// `width`: the widest line a period table may print before its columns are split into several
/// tables (report.hpp render_run).
std::string render_time_text(const TimeReport& report, bool markdown, std::size_t width);
/// Adds `time`, `routing` and `series` to a run document that holds its header keys.
void add_time_json(const TimeReport& report, nlohmann::json& document);
/// The series as the tidy CSV of every run (docs/schema/README.md), the scenario named `scenario`.
std::string render_time_csv(const TimeReport& report, const std::string& scenario);

}  // namespace borderflow
