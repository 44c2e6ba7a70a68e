// `borderflow run` on a time scenario: the per-period answers as one typed, rounded TimeReport
// (time_report.hpp), rendered as period tables, a JSON document and tidy CSV.
#include "report/time_report.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "core/csv.hpp"
#include "core/table.hpp"
#include "core/text.hpp"
#include "report/items.hpp"
#include "report/labels.hpp"

namespace borderflow {
namespace {

using nlohmann::json;

constexpr double kDaysPerYear = 365;

// --- the report ------------------------------------------------------------------------------

bool certified_or_unlimited(const CapacityAnswer& c) {
  return c.status == SolveStatus::Unbounded || (c.status == SolveStatus::Optimal && c.certified);
}

/// The first binding capacity of a route question's answer, named on the pattern's network.
std::string first_bottleneck(const PeriodPattern& pattern, const CapacityAnswer& c) {
  if (c.status == SolveStatus::Unbounded) return "unlimited";
  if (c.status != SolveStatus::Optimal) return status_sentence(c.status);
  if (!c.bottleneck.empty()) return pattern.network->describe_row(c.bottleneck.front().row);
  return c.capacity_t_per_yr > kFlowEpsilon_t_per_yr ? "-" : "no open path";
}

QuestionSeries question_series(const Scenario& s, const TimeAnswer& time, std::size_t q) {
  const CapacityAnswer& first = time.patterns.front().capacities[q];
  const Route& route = s.routes[static_cast<std::size_t>(first.route)];
  QuestionSeries out;
  out.route = route.id;
  out.direction = direction_label(s, route, first.reverse);
  out.key = route.id + (first.reverse ? " <" : " >");
  out.reverse = first.reverse;
  out.from_ids = place_set_ids(s, first.reverse ? route.destinations : route.origins);
  out.to_ids = place_set_ids(s, first.reverse ? route.origins : route.destinations);
  for (std::size_t p = 0; p < time.periods.size(); ++p) {
    const PeriodPattern& pattern = time.patterns[static_cast<std::size_t>(time.periods[p].pattern)];
    const CapacityAnswer& c = pattern.capacities[q];
    const bool number = c.status == SolveStatus::Optimal;
    out.capacity_t.push_back(number ? rounded(c.capacity_t_per_yr * time.horizon.days(static_cast<int>(p)) / kDaysPerYear, 1)
                                    : NAN);
    out.no_number.push_back(number ? "" : c.status == SolveStatus::Unbounded ? "unlimited" : to_string(c.status));
    out.verified = out.verified && certified_or_unlimited(c);
    const std::string description = first_bottleneck(pattern, c);
    auto same = std::find_if(out.bottlenecks.begin(), out.bottlenecks.end(),
                             [&](const QuestionSeries::Bottleneck& b) { return b.description == description; });
    if (same == out.bottlenecks.end()) same = out.bottlenecks.insert(same, {description, {}});
    same->periods.push_back(static_cast<int>(p));
  }
  return out;
}

/// A series of one metric per period, rounded to 0.1 t.
template <class Read>
std::vector<double> per_period(const TimeAnswer& time, Read read) {
  std::vector<double> out;
  for (const PeriodAnswer& period : time.periods) out.push_back(rounded(read(period), 1));
  return out;
}

bool carries(const std::vector<double>& values) {
  return std::any_of(values.begin(), values.end(), [](double v) { return v > 0; });
}

std::vector<ElementSeries> demand_series(const Scenario& s, const TimeAnswer& time) {
  std::vector<ElementSeries> out;
  for (std::size_t d = 0; d < s.demands.size(); ++d) {
    const Demand& demand = s.demands[d];
    ElementSeries series{"demand", demand.id,
                         place_set_label(s, demand.origins, PlaceListStyle::Count) + " -> " +
                             place_set_label(s, demand.destinations, PlaceListStyle::Count),
                         demand.id, {}, place_set_ids(s, demand.origins), place_set_ids(s, demand.destinations)};
    series.values_t.push_back(per_period(time, [d](const PeriodAnswer& p) { return p.demands[d].wanted_t; }));
    series.values_t.push_back(per_period(time, [d](const PeriodAnswer& p) { return p.demands[d].delivered_t; }));
    series.values_t.push_back(per_period(time, [d](const PeriodAnswer& p) { return p.demands[d].backlog_t; }));
    series.values_t.push_back(per_period(time, [d](const PeriodAnswer& p) { return p.demands[d].unserved_t; }));
    out.push_back(std::move(series));
  }
  return out;
}

/// Each direction of each crossing that carries something in some period.
std::vector<ElementSeries> crossing_series(const Scenario& s, const TimeAnswer& time) {
  std::vector<ElementSeries> out;
  for (std::size_t c = 0; c < s.crossings.size(); ++c) {
    const auto labels = crossing_direction_labels(s, static_cast<int>(c));
    for (std::size_t way = 0; way < 2; ++way) {
      auto values = per_period(time, [c, way](const PeriodAnswer& p) { return p.crossings[c][way]; });
      if (!carries(values)) continue;
      out.push_back({"crossing", s.crossings[c].id, labels[way], s.crossings[c].id + " " + labels[way], {std::move(values)}});
    }
  }
  return out;
}

/// Each direction of each transfer that carries something in some period; a change of gauge
/// (rail to rail) is headed by its gauges ("1520->1435").
std::vector<ElementSeries> transfer_series(const Scenario& s, const TimeAnswer& time, std::vector<bool>& gauge_change) {
  std::vector<ElementSeries> out;
  for (std::size_t t = 0; t < s.transfers.size(); ++t) {
    const Transfer& transfer = s.transfers[t];
    const bool gauges = transfer.from.mode == Mode::Rail && transfer.to.mode == Mode::Rail;
    for (std::size_t way = 0; way < 2; ++way) {
      auto values = per_period(time, [t, way](const PeriodAnswer& p) { return p.transfers[t][way]; });
      if (!carries(values)) continue;
      const Layer& from = way == 0 ? transfer.from : transfer.to;
      const Layer& to = way == 0 ? transfer.to : transfer.from;
      const std::string heading =
          gauges ? std::to_string(from.gauge_mm) + "->" + std::to_string(to.gauge_mm) : to_string(from) + "->" + to_string(to);
      out.push_back({"transfer", transfer.id, to_string(from) + "->" + to_string(to), transfer.id + " " + heading,
                     {std::move(values)}});
      gauge_change.push_back(gauges);
    }
  }
  return out;
}

/// Every place with storage, whether or not it holds anything.
std::vector<ElementSeries> stock_series(const Scenario& s, const TimeAnswer& time) {
  std::vector<ElementSeries> out;
  for (std::size_t place = 0; place < s.places.size(); ++place) {
    if (!s.places[place].storage) continue;
    out.push_back({"place", s.places[place].id, "", s.places[place].id,
                   {per_period(time, [place](const PeriodAnswer& p) { return p.stock_t[place]; })}});
  }
  return out;
}

void add_records(const std::vector<ElementSeries>& elements, const std::vector<std::string>& metrics, int p,
                 std::vector<SeriesRecord>& out) {
  for (const ElementSeries& e : elements) {
    for (std::size_t m = 0; m < metrics.size(); ++m) {
      SeriesRecord record{p, e.kind, e.id, e.direction, metrics[m], "t", e.values_t[m][static_cast<std::size_t>(p)], "", "",
                          e.from_ids, e.to_ids};
      if (e.kind == "demand") record.question = e.id;
      out.push_back(std::move(record));
    }
  }
}

/// Period by period: route capacities, demands, crossings, transfers, stock, costs.
std::vector<SeriesRecord> make_series(const TimeReport& r) {
  std::vector<SeriesRecord> out;
  for (int p = 0; p < static_cast<int>(r.labels.size()); ++p) {
    const auto at = static_cast<std::size_t>(p);
    for (const QuestionSeries& q : r.questions) {
      out.push_back({p, "route", q.route, q.direction, "capacity", "t", q.capacity_t[at], q.route,
                     q.reverse ? "reverse" : "forward", q.from_ids, q.to_ids});
    }
    // Without a routing only what the demands want is known.
    add_records(r.demands, r.routed ? kDemandMetrics : std::vector<std::string>{kDemandMetrics.front()}, p, out);
    if (!r.routed) continue;
    add_records(r.crossings, {"flow"}, p, out);
    add_records(r.transfers, {"flow"}, p, out);
    add_records(r.stocks, {"stock"}, p, out);
    for (std::size_t m = 0; m < kCostMetrics.size(); ++m) out.push_back({p, "routing", "", "", kCostMetrics[m], "USD", r.costs_usd[at][m], "", "", "", ""});
  }
  return out;
}

void add_routing(const SolvedScenario& solved, TimeReport& r) {
  const Scenario& s = solved.scenario();
  const TimeAnswer& time = *solved.time;
  const RoutingAnswer& routing = solved.answer.routing;
  r.routing_status = routing.status;
  r.routed = !s.demands.empty() && routing.status == SolveStatus::Optimal;
  if (!s.demands.empty()) r.routing_note = status_sentence(routing.status);
  if (!r.routed) return;
  r.routing_verified = routing.certified;
  r.routing_check_problems = routing.check_problems;
  r.transport_cost_usd = rounded(routing.transport_cost_usd_per_yr, 2);
  r.source_cost_usd = rounded(routing.source_cost_usd_per_yr, 2);
  r.backlog_cost_usd = rounded(routing.solution.backlog_cost_usd_per_yr, 2);
  r.unserved_penalty_usd = rounded(routing.unserved_penalty_usd_per_yr, 2);
  for (const PeriodAnswer& p : time.periods) {
    for (const DemandInPeriod& d : p.demands) r.wanted_t += d.wanted_t;
  }
  for (const DemandAnswer& d : routing.demands) {
    r.delivered_t += d.delivered_t_per_yr;
    r.unserved_t += d.unserved_t_per_yr;
  }
  r.wanted_t = rounded(r.wanted_t, 1);
  r.delivered_t = rounded(r.delivered_t, 1);
  r.unserved_t = rounded(r.unserved_t, 1);
  r.crossings = crossing_series(s, time);
  r.transfers = transfer_series(s, time, r.gauge_change);
  r.stocks = stock_series(s, time);
  for (const PeriodAnswer& p : time.periods) {
    r.costs_usd.push_back({rounded(p.transport_cost_usd, 2), rounded(p.source_cost_usd, 2), rounded(p.backlog_cost_usd, 2),
                           rounded(p.unserved_penalty_usd, 2)});
  }
}

// --- text --------------------------------------------------------------------------------------

/// "1,943.5": tonnes as kt to 0.1 kt, grouped.
std::string kt_text(double t) {
  if (!std::isfinite(t)) return "";
  const long long tenths = std::llround(std::abs(t) / 100);
  const std::string text = format_grouped(static_cast<double>(tenths / 10)) + "." + std::to_string(tenths % 10);
  return t < 0 && tenths > 0 ? "-" + text : text;
}

std::string kusd_text(double usd) { return format_grouped(usd / 1000); }

std::string sum_kt_text(const std::vector<double>& values) {
  double sum = 0;
  for (double v : values) sum += v;
  return kt_text(sum);
}

/// "12 months from 2025-01 to 2025-12".
std::string horizon_text(const TimeReport& r) {
  const std::size_t n = r.labels.size();
  std::string out = std::to_string(n) + " " + r.unit + (n == 1 ? "" : "s") + " from " + r.labels.front();
  return n == 1 ? out : out + " to " + r.labels.back();
}

/// "2025-01..2025-02, 2025-12", or "all periods"; at most six runs are named.
std::string periods_text(const std::vector<int>& periods, const std::vector<std::string>& labels) {
  if (periods.size() == labels.size()) return "all periods";
  std::vector<std::string> runs;
  for (std::size_t i = 0; i < periods.size();) {
    std::size_t j = i;
    while (j + 1 < periods.size() && periods[j + 1] == periods[j] + 1) ++j;
    const auto& first = labels[static_cast<std::size_t>(periods[i])];
    runs.push_back(i == j ? first : first + ".." + labels[static_cast<std::size_t>(periods[j])]);
    i = j + 1;
  }
  constexpr std::size_t kShown = 6;
  std::string out;
  for (std::size_t i = 0; i < runs.size() && i < kShown; ++i) out += (i ? ", " : "") + runs[i];
  if (runs.size() > kShown) out += ", +" + std::to_string(runs.size() - kShown) + " more";
  return out;
}

/// A column of a period table: its heading and one cell per period (plus the totals row's).
struct Column {
  std::string heading;
  std::vector<std::string> cells;
};

class TimeText {
 public:
  TimeText(const TimeReport& r, bool markdown, std::size_t width) : r_(r), markdown_(markdown), width_(width) {}

  std::string render() {
    header();
    capacities();
    if (!r_.routing_note.empty() && !r_.routed) {
      heading("Demands (least-cost routing over the horizon: " + std::string(to_string(r_.routing_status)) + ")");
      out_ << "  " << (markdown_ ? escape_markdown(r_.routing_note) : r_.routing_note) << "\n";
    }
    if (!r_.routed) return out_.str();
    demands();
    element_tables("Flows per crossing by period (kt, by direction of travel)", r_.crossings, {}, true);
    element_tables("Gauge changes by period (kt)", r_.transfers, r_.gauge_change, true);
    element_tables("Stock by place (kt held at the end of the period)", r_.stocks, {}, false);
    return out_.str();
  }

 private:
  using Rows = std::vector<std::vector<std::string>>;

  /// Tables under one heading are a blank line apart (in Markdown, else they would run together).
  void table(const std::vector<std::string>& header, const Rows& rows, const std::vector<bool>& right) {
    if (after_table_) out_ << "\n";
    out_ << (markdown_ ? markdown_table(header, rows, right) : text_table(header, rows, right, width_));
    after_table_ = true;
  }
  void heading(const std::string& title) {
    out_ << "\n" << (markdown_ ? "### " : "") << title << "\n";
    after_table_ = false;
  }
  void line(const std::string& text) { out_ << text << "\n"; }

  void header() {
    line("time: " + horizon_text(r_) + "; route capacities verified: " + yes_no(all_questions_verified()));
    if (!r_.routed) return;
    line("routing over the horizon (least cost, all demands sharing capacity), verified: " + yes_no(r_.routing_verified));
    const double total = r_.transport_cost_usd + r_.source_cost_usd + r_.backlog_cost_usd + r_.unserved_penalty_usd;
    line("cost: " + format_grouped(total) + " USD = transport " + format_grouped(r_.transport_cost_usd) +
         " + purchases " + format_grouped(r_.source_cost_usd) + " + backlog " + format_grouped(r_.backlog_cost_usd) +
         " + unserved penalty " + format_grouped(r_.unserved_penalty_usd));
  }

  static std::string yes_no(bool yes) { return yes ? "yes" : "NO"; }
  bool all_questions_verified() const {
    return std::all_of(r_.questions.begin(), r_.questions.end(), [](const QuestionSeries& q) { return q.verified; });
  }

  /// Rows are periods (and a totals row when `totals` holds one cell per column); the columns
  /// are split into as many tables as keep every line within the width asked.
  void period_tables(const std::vector<Column>& columns, const std::vector<std::string>& totals = {}) {
    std::size_t label_width = std::string("period").size();
    for (const auto& label : r_.labels) label_width = std::max(label_width, display_width(label));
    for (std::size_t begin = 0; begin < columns.size();) {
      std::size_t width = 2 + label_width, end = begin;
      while (end < columns.size()) {
        std::size_t column = display_width(columns[end].heading);
        for (const auto& cell : columns[end].cells) column = std::max(column, display_width(cell));
        if (end > begin && width + 2 + column > width_) break;
        width += 2 + column;
        ++end;
      }
      std::vector<std::string> header = {"period"};
      for (std::size_t c = begin; c < end; ++c) header.push_back(columns[c].heading);
      Rows rows;
      for (std::size_t p = 0; p < r_.labels.size(); ++p) {
        rows.push_back({r_.labels[p]});
        for (std::size_t c = begin; c < end; ++c) rows.back().push_back(columns[c].cells[p]);
      }
      if (!totals.empty()) {
        rows.push_back({"total"});
        for (std::size_t c = begin; c < end; ++c) rows.back().push_back(totals[c]);
      }
      std::vector<bool> right(header.size(), true);
      right[0] = false;
      table(header, rows, right);
      begin = end;
    }
  }

  void capacities() {
    if (r_.questions.empty()) return;
    heading(std::string("Route ") + (r_.after_background ? "spare " : "") +
            "capacity by period (kt in the period: max flow rate x days / 365 on the period's network)");
    Rows legend;
    std::vector<Column> columns;
    for (const QuestionSeries& q : r_.questions) {
      legend.push_back({q.key, q.direction});
      Column column{q.key, {}};
      for (std::size_t p = 0; p < q.capacity_t.size(); ++p) {
        column.cells.push_back(q.no_number[p].empty() ? kt_text(q.capacity_t[p]) : q.no_number[p]);
      }
      columns.push_back(std::move(column));
    }
    table({"question", "direction"}, legend, {false, false});
    period_tables(columns);
    heading("Bottlenecks (the first binding capacity; periods with the same capacities share one answer)");
    Rows rows;
    for (const QuestionSeries& q : r_.questions) {
      for (const auto& b : q.bottlenecks) rows.push_back({q.key, periods_text(b.periods, r_.labels), b.description});
    }
    table({"question", "periods", "bottleneck"}, rows, {false, false, false});
  }

  void demands() {
    heading("Demands by period (kt; backlog: still to deliver at the end of the period; cost: kUSD)");
    std::vector<Column> columns = {{"wanted", {}}, {"delivered", {}}, {"backlog", {}}, {"unserved", {}}, {"cost", {}}};
    std::vector<double> sums(kDemandMetrics.size(), 0.0);
    double cost_sum = 0;
    for (std::size_t p = 0; p < r_.labels.size(); ++p) {
      for (std::size_t m = 0; m < kDemandMetrics.size(); ++m) {
        double t = 0;
        for (const ElementSeries& d : r_.demands) t += d.values_t[m][p];
        columns[m].cells.push_back(kt_text(t));
        sums[m] += t;
      }
      double cost = 0;
      for (double usd : r_.costs_usd[p]) cost += usd;
      columns.back().cells.push_back(kusd_text(cost));
      cost_sum += cost;
    }
    // Backlog is a stock at the end of each period: it has no total.
    period_tables(columns, {kt_text(sums[0]), kt_text(sums[1]), "", kt_text(sums[3]), kusd_text(cost_sum)});
    demand_tables(1, "Delivered per demand by period (kt)", true);
    demand_tables(2, "Backlog per demand by period (kt at the end of the period)", false);
  }

  /// One column per demand for metric m: every demand when there are at most ten, else those
  /// whose deliveries differ from what they want in some period; the backlog only of demands
  /// that keep some.
  void demand_tables(std::size_t m, const std::string& title, bool totals) {
    constexpr std::size_t kAllDemandsUpTo = 10;
    std::vector<Column> columns;
    std::vector<std::string> sums;
    for (const ElementSeries& d : r_.demands) {
      const bool differs = d.values_t[0] != d.values_t[1];
      if (m == 1 && r_.demands.size() > kAllDemandsUpTo && !differs) continue;
      if (m != 1 && !carries(d.values_t[m])) continue;
      Column column{d.heading, {}};
      for (double t : d.values_t[m]) column.cells.push_back(kt_text(t));
      columns.push_back(std::move(column));
      sums.push_back(sum_kt_text(d.values_t[m]));
    }
    if (columns.empty()) return;
    heading(title);
    period_tables(columns, totals ? sums : std::vector<std::string>{});
  }

  /// `only`: when not empty, the series to show (one flag per series).
  void element_tables(const std::string& title, const std::vector<ElementSeries>& series, const std::vector<bool>& only,
                      bool totals) {
    std::vector<Column> columns;
    std::vector<std::string> sums;
    for (std::size_t i = 0; i < series.size(); ++i) {
      if ((!only.empty() && !only[i]) || !carries(series[i].values_t[0])) continue;
      Column column{series[i].heading, {}};
      for (double t : series[i].values_t[0]) column.cells.push_back(kt_text(t));
      columns.push_back(std::move(column));
      sums.push_back(sum_kt_text(series[i].values_t[0]));
    }
    if (columns.empty()) return;
    heading(title);
    period_tables(columns, totals ? sums : std::vector<std::string>{});
  }

  const TimeReport& r_;
  bool markdown_;
  std::size_t width_;
  bool after_table_ = false;
  std::ostringstream out_;
};

/// Tonnes to 0.1 t, USD to the cent.
int decimals_of(const SeriesRecord& record) { return record.unit == "USD" ? 2 : 1; }

}  // namespace

TimeReport make_time_report(const SolvedScenario& solved) {
  const Scenario& s = solved.scenario();
  const TimeAnswer& time = *solved.time;
  TimeReport r;
  for (int p = 0; p < time.horizon.periods; ++p) r.labels.push_back(time.horizon.label(p));
  r.start = to_string(time.horizon.start);
  r.unit = to_string(time.horizon.unit);
  r.after_background = !s.background.empty();
  const std::size_t questions = time.patterns.empty() ? 0 : time.patterns.front().capacities.size();
  for (std::size_t q = 0; q < questions; ++q) r.questions.push_back(question_series(s, time, q));
  r.demands = demand_series(s, time);
  add_routing(solved, r);
  r.series = make_series(r);
  return r;
}

std::string render_time_text(const TimeReport& report, bool markdown, std::size_t width) {
  return TimeText(report, markdown, width).render();
}

void add_time_json(const TimeReport& r, json& document) {
  document["time"] = {{"start", r.start}, {"period", r.unit}, {"periods", r.labels.size()}, {"labels", r.labels}};
  json questions = json::array();
  for (const QuestionSeries& q : r.questions) {
    json bottlenecks = json::array();
    for (const auto& b : q.bottlenecks) {
      json periods = json::array();
      for (int p : b.periods) periods.push_back(r.labels[static_cast<std::size_t>(p)]);
      bottlenecks.push_back({{"bottleneck", b.description}, {"periods", std::move(periods)}});
    }
    questions.push_back({{"route", q.route}, {"direction", q.direction}, {"verified", q.verified},
                         {"bottlenecks", std::move(bottlenecks)}});
  }
  document["route_questions"] = std::move(questions);
  json routing = {{"status", to_string(r.routing_status)}};
  if (!r.routing_note.empty()) routing["note"] = r.routing_note;
  if (r.routed) {
    routing["verified"] = r.routing_verified;
    if (!r.routing_verified) routing["check_problems"] = r.routing_check_problems;
    routing["transport_cost_usd"] = r.transport_cost_usd;
    routing["source_cost_usd"] = r.source_cost_usd;
    routing["backlog_cost_usd"] = r.backlog_cost_usd;
    routing["unserved_penalty_usd"] = r.unserved_penalty_usd;
    routing["total_cost_usd"] = rounded(r.transport_cost_usd + r.source_cost_usd + r.backlog_cost_usd + r.unserved_penalty_usd, 2);
    routing["wanted_t"] = r.wanted_t;
    routing["delivered_t"] = r.delivered_t;
    routing["unserved_t"] = r.unserved_t;
  }
  document["routing"] = std::move(routing);
  json series = json::array();
  for (const SeriesRecord& record : r.series) {
    series.push_back({{"period", r.labels[static_cast<std::size_t>(record.period)]},
                      {"element_kind", record.element_kind},
                      {"element_id", record.element_id},
                      {"direction", record.direction},
                      {"metric", record.metric},
                      {"unit", record.unit},
                      {"value", number_or_null(record.value, decimals_of(record))}});
  }
  document["series"] = std::move(series);
}

std::string render_time_csv(const TimeReport& r, const std::string& scenario) {
  TidyCsv csv(scenario);
  for (const SeriesRecord& record : r.series) {
    csv.period(r.labels[static_cast<std::size_t>(record.period)]);
    csv.question(record.question, record.question_direction);
    ElementKey key = element_key(record.element_kind, record.element_id, record.direction);
    if (!record.from.empty() || !record.to.empty()) key = {record.element_kind, record.element_id, record.from, record.to};
    csv.add(key, record.metric, record.unit, record.value, decimals_of(record));
  }
  return csv.text();
}

}  // namespace borderflow
