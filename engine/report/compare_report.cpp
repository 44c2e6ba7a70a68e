// `borderflow compare`: the typed Comparison (engine/solve/compare.hpp) rounded into a
// CompareReport and rendered as JSON, a plain-text or Markdown table per question, and tidy CSV.
#include <algorithm>
#include <cmath>
#include <optional>
#include <sstream>

#include "core/csv.hpp"
#include "core/table.hpp"
#include "core/text.hpp"
#include "report/items.hpp"
#include "report/labels.hpp"
#include "report/report.hpp"
#include "solve/compare.hpp"

namespace borderflow {
namespace {

using nlohmann::json;

/// One scenario's result for one question, rounded. NaN is a JSON null; nullopt an absent field.
struct ResultItem {
  std::string scenario;
  std::string status;  ///< "not asked" or a SolveStatus
  std::string note;    ///< why an asked question has no number (status_sentence); else empty
  bool optimal = false;
  // Optimal only:
  double capacity_t_per_yr = 0, capacity_value_usd_per_yr = 0, cost_usd_per_t = 0, transit_days = 0;
  bool verified = false;
  std::vector<BindingItem> bottleneck;
  std::vector<CutItem> cuts;
  bool cuts_complete = true;
  std::vector<FlowItem> crossings, transfers, demand_crossings, demand_transfers;
  double demand_t_per_yr = 0, demand_delivered_t_per_yr = 0, demand_delivered_usd_per_yr = 0;
  double demand_cost_usd_per_t = 0, demand_transit_days = 0;
  std::optional<double> delta_capacity_t_per_yr, delta_capacity_value_usd_per_yr, delta_cost_usd_per_t;
};

struct QuestionItem {
  std::string route, direction;
  bool reverse = false;
  std::vector<ResultItem> results;
};

struct CompareReport {
  std::vector<std::pair<std::string, std::string>> scenarios;  ///< (name, file)
  std::vector<QuestionItem> questions;
};

/// NaN for a non-finite value (a null), else the value rounded.
double rounded_or_nan(double value, int decimals) { return std::isfinite(value) ? rounded(value, decimals) : NAN; }

ResultItem result_item(const SolvedScenario& solved, const ComparedResult& c) {
  const Network& network = solved.network;
  ResultItem item;
  item.scenario = solved.scenario().name;
  if (!c.answer) {
    item.status = "not asked";
    return item;
  }
  const CapacityAnswer& a = *c.answer;
  item.status = to_string(a.status);
  item.note = status_sentence(a.status);
  item.optimal = a.status == SolveStatus::Optimal;
  if (!item.optimal) return item;
  item.capacity_t_per_yr = rounded(a.capacity_t_per_yr, 1);
  item.capacity_value_usd_per_yr = rounded_or_nan(c.capacity_value_usd_per_yr, 0);
  item.cost_usd_per_t = rounded(a.cost_usd_per_t, 4);
  item.transit_days = rounded(a.hours / 24.0, 3);
  item.verified = a.certified;
  item.bottleneck = binding_items(network, a.bottleneck, a.arc_t_per_yr);
  item.cuts = cut_items(network, a);
  item.cuts_complete = a.cuts_complete;
  item.crossings = flow_items(network, a.arc_t_per_yr, ElementKind::Crossing);
  item.transfers = flow_items(network, a.arc_t_per_yr, ElementKind::Transfer);
  item.demand_t_per_yr = rounded(c.demand_t_per_yr, 1);
  item.demand_delivered_t_per_yr = rounded(c.demand_delivered_t_per_yr, 1);
  item.demand_delivered_usd_per_yr = rounded(c.demand_delivered_usd_per_yr, 0);
  item.demand_cost_usd_per_t = rounded_or_nan(c.demand_cost_usd_per_t, 4);
  item.demand_transit_days = rounded_or_nan(c.demand_transit_h / 24.0, 3);
  item.demand_crossings = flow_items(network, c.demand_arc_t_per_yr, ElementKind::Crossing);
  item.demand_transfers = flow_items(network, c.demand_arc_t_per_yr, ElementKind::Transfer);
  if (c.delta_capacity_t_per_yr) item.delta_capacity_t_per_yr = rounded(*c.delta_capacity_t_per_yr, 1);
  if (c.delta_capacity_value_usd_per_yr) {
    item.delta_capacity_value_usd_per_yr = rounded_or_nan(*c.delta_capacity_value_usd_per_yr, 0);
  }
  if (c.delta_cost_usd_per_t) item.delta_cost_usd_per_t = rounded(*c.delta_cost_usd_per_t, 4);
  return item;
}

CompareReport make_compare_report(const std::vector<SolvedScenario>& scenarios) {
  CompareReport report;
  for (const auto& s : scenarios) report.scenarios.emplace_back(s.scenario().name, s.file);
  for (const ComparedQuestion& q : compare_scenarios(scenarios).questions) {
    QuestionItem item;
    item.route = q.route;
    item.reverse = q.reverse;
    // The direction as the last scenario asking the question words it.
    const ComparedResult& naming = q.results[static_cast<std::size_t>(q.direction_scenario)];
    const Scenario& named_by = scenarios[static_cast<std::size_t>(naming.scenario)].scenario();
    item.direction = direction_label(named_by, named_by.routes[static_cast<std::size_t>(naming.answer->route)], q.reverse);
    for (const auto& r : q.results) item.results.push_back(result_item(scenarios[static_cast<std::size_t>(r.scenario)], r));
    report.questions.push_back(std::move(item));
  }
  return report;
}

json null_if_nan(double value) { return std::isnan(value) ? json(nullptr) : json(value); }

json result_json(const ResultItem& r) {
  json item = {{"scenario", r.scenario}, {"status", r.status}};
  if (!r.note.empty()) item["note"] = r.note;
  if (!r.optimal) return item;
  item["capacity_t_per_yr"] = r.capacity_t_per_yr;
  item["capacity_value_usd_per_yr"] = null_if_nan(r.capacity_value_usd_per_yr);
  item["cost_usd_per_t"] = r.cost_usd_per_t;
  item["transit_days"] = r.transit_days;
  item["verified"] = r.verified;
  item["bottleneck"] = to_json(r.bottleneck);
  item["min_cut_elements"] = to_json(r.cuts);
  item["min_cut_elements_complete"] = r.cuts_complete;
  item["crossings"] = to_json(r.crossings, ElementKind::Crossing);
  item["transfers"] = to_json(r.transfers, ElementKind::Transfer);
  item["demand_t_per_yr"] = r.demand_t_per_yr;
  item["demand_delivered_t_per_yr"] = r.demand_delivered_t_per_yr;
  item["demand_delivered_usd_per_yr"] = r.demand_delivered_usd_per_yr;
  item["demand_cost_usd_per_t"] = null_if_nan(r.demand_cost_usd_per_t);
  item["demand_transit_days"] = null_if_nan(r.demand_transit_days);
  item["demand_crossings"] = to_json(r.demand_crossings, ElementKind::Crossing);
  item["demand_transfers"] = to_json(r.demand_transfers, ElementKind::Transfer);
  if (r.delta_capacity_t_per_yr) item["delta_capacity_t_per_yr"] = *r.delta_capacity_t_per_yr;
  if (r.delta_capacity_value_usd_per_yr) item["delta_capacity_value_usd_per_yr"] = null_if_nan(*r.delta_capacity_value_usd_per_yr);
  if (r.delta_cost_usd_per_t) item["delta_cost_usd_per_t"] = *r.delta_cost_usd_per_t;
  return item;
}

json to_json(const CompareReport& report) {
  json out;
  out["borderflow_version"] = kBorderflowVersion;
  json names = json::array();
  for (const auto& [name, file] : report.scenarios) names.push_back({{"name", name}, {"file", file}});
  out["scenarios"] = names;
  json questions = json::array();
  for (const auto& q : report.questions) {
    json per = json::array();
    for (const auto& r : q.results) per.push_back(result_json(r));
    questions.push_back({{"route", q.route}, {"reverse", q.reverse}, {"direction", q.direction}, {"results", std::move(per)}});
  }
  out["questions"] = std::move(questions);
  return out;
}

std::string grouped_or_dash(double value) { return std::isfinite(value) ? format_grouped(value) : "-"; }
std::string grouped_or_dash(const std::optional<double>& value) { return value ? grouped_or_dash(*value) : "-"; }
std::string fixed_or_dash(double value, int decimals) { return std::isfinite(value) ? format_fixed(value, decimals) : "-"; }

/// (label, cell) of the rows one result lists under a heading: "kind id direction" for
/// bottlenecks and cuts, "id direction" for flows.
using ElementCells = std::vector<std::pair<std::string, std::string>>;
ElementCells binding_cells(const std::vector<BindingItem>& items) {
  ElementCells out;
  for (const auto& b : items) out.emplace_back(b.kind + " " + b.id + " " + b.direction, binding_value_text(b));
  return out;
}
ElementCells cut_cells(const std::vector<CutItem>& items) {
  ElementCells out;
  for (const auto& c : items) {
    out.emplace_back(c.kind + " " + c.id + " " + c.direction,
                     format_grouped(c.capacity_t_per_yr) + (c.raises_alone ? " alone" : " tied"));
  }
  return out;
}
ElementCells flow_cells(const std::vector<FlowItem>& items, bool gauge_changes_only) {
  ElementCells out;
  for (const auto& f : items) {
    if (!gauge_changes_only || f.gauge_change) out.emplace_back(f.id + " " + f.direction, format_grouped(f.t_per_yr));
  }
  return out;
}

std::string render_question_text(const QuestionItem& q, bool markdown) {
  std::vector<std::string> header = {"measure"};
  for (const auto& r : q.results) header.push_back(r.scenario);
  std::vector<std::vector<std::string>> rows;
  auto add = [&](const std::string& measure, auto cell) {
    std::vector<std::string> row = {measure};
    for (const auto& r : q.results) row.push_back(r.optimal ? cell(r) : r.status);
    rows.push_back(std::move(row));
  };
  add("capacity t/yr", [](const ResultItem& r) { return grouped_or_dash(r.capacity_t_per_yr); });
  add("  delta t/yr", [](const ResultItem& r) { return grouped_or_dash(r.delta_capacity_t_per_yr); });
  add("capacity USD/yr at demand mix", [](const ResultItem& r) { return grouped_or_dash(r.capacity_value_usd_per_yr); });
  add("  delta USD/yr", [](const ResultItem& r) { return grouped_or_dash(r.delta_capacity_value_usd_per_yr); });
  add("cost USD/t at capacity", [](const ResultItem& r) { return fixed_or_dash(r.cost_usd_per_t, 2); });
  add("transit days at capacity", [](const ResultItem& r) { return fixed_or_dash(r.transit_days, 1); });
  add("demand wanted t/yr", [](const ResultItem& r) { return grouped_or_dash(r.demand_t_per_yr); });
  add("demand delivered t/yr", [](const ResultItem& r) { return grouped_or_dash(r.demand_delivered_t_per_yr); });
  add("demand delivered USD/yr", [](const ResultItem& r) { return grouped_or_dash(r.demand_delivered_usd_per_yr); });
  add("demand cost USD/t", [](const ResultItem& r) { return fixed_or_dash(r.demand_cost_usd_per_t, 2); });
  add("demand transit days", [](const ResultItem& r) { return fixed_or_dash(r.demand_transit_days, 1); });
  add("verified", [](const ResultItem& r) { return std::string(r.verified ? "yes" : "NO"); });
  // One row per element that binds, or carries flow, in any of the scenarios.
  auto element_rows = [&](const std::string& title, auto cells_of) {
    std::vector<std::string> labels;
    for (const auto& r : q.results) {
      if (!r.optimal) continue;
      for (const auto& cell : cells_of(r)) {
        if (std::find(labels.begin(), labels.end(), cell.first) == labels.end()) labels.push_back(cell.first);
      }
    }
    if (labels.empty()) return;
    rows.push_back({title});
    for (const auto& label : labels) {
      add("  " + label, [&](const ResultItem& r) {
        for (const auto& cell : cells_of(r)) {
          if (cell.first == label) return cell.second;
        }
        return std::string(".");
      });
    }
  };
  element_rows("bottleneck (binding capacity, t/yr)", [](const ResultItem& r) { return binding_cells(r.bottleneck); });
  element_rows("in a minimum cut (t/yr; alone: raising it alone raises the capacity)",
               [](const ResultItem& r) { return cut_cells(r.cuts); });
  if (std::any_of(q.results.begin(), q.results.end(), [](const ResultItem& r) { return r.optimal && !r.cuts_complete; })) {
    add("  every candidate tested", [](const ResultItem& r) { return std::string(r.cuts_complete ? "yes" : "NO"); });
  }
  element_rows("flow per crossing at capacity, t/yr", [](const ResultItem& r) { return flow_cells(r.crossings, false); });
  element_rows("flow per gauge change at capacity, t/yr", [](const ResultItem& r) { return flow_cells(r.transfers, true); });
  element_rows("demand flow per crossing, t/yr", [](const ResultItem& r) { return flow_cells(r.demand_crossings, false); });
  element_rows("demand flow per gauge change, t/yr",
               [](const ResultItem& r) { return flow_cells(r.demand_transfers, true); });
  for (auto& row : rows) row.resize(header.size());
  std::vector<bool> right(header.size(), true);
  right[0] = false;
  return markdown ? markdown_table(header, rows, right) : text_table(header, rows, right);
}

std::string render_compare_text(const CompareReport& report, bool markdown) {
  std::ostringstream out;
  const std::string first = report.scenarios[0].first;
  out << (markdown ? "## " : "") << "Comparison of " << report.scenarios.size() << " scenarios (deltas against "
      << (markdown ? escape_markdown(first) : escape_controls(first)) << ")\n";
  for (const auto& q : report.questions) {
    out << "\n" << (markdown ? "### " : "") << "Route " << q.route << ": " << q.direction << "\n";
    out << render_question_text(q, markdown);
    for (const auto& r : q.results) {
      if (r.note.empty()) continue;
      const std::string note = "note: " + r.scenario + ": " + r.note;
      out << "  " << (markdown ? escape_markdown(note) : escape_controls(note)) << "\n";
    }
  }
  return out.str();
}

std::string render_compare_csv(const CompareReport& report) {
  std::string out = "route,direction,scenario,metric,value\n";
  for (const auto& q : report.questions) {
    for (const auto& r : q.results) {
      auto emit = [&](const std::string& metric, const std::string& value) {
        out += csv_cell(q.route) + "," + csv_cell(q.direction) + "," + csv_cell(r.scenario) + "," + csv_cell(metric) + "," +
               csv_cell(value) + "\n";
      };
      auto emit_optional = [&](const std::string& metric, const std::optional<double>& value, int decimals) {
        if (value) emit(metric, number_text(*value, decimals));
      };
      auto emit_flows = [&](const std::string& prefix, const std::vector<FlowItem>& flows) {
        for (const auto& f : flows) emit(prefix + f.id + ":" + f.direction, format_fixed(f.t_per_yr, 1));
      };
      emit("status", r.status);
      if (!r.note.empty()) emit("note", r.note);
      if (!r.optimal) continue;
      emit("capacity_t_per_yr", number_text(r.capacity_t_per_yr, 1));
      emit_optional("delta_capacity_t_per_yr", r.delta_capacity_t_per_yr, 1);
      emit("demand_t_per_yr", number_text(r.demand_t_per_yr, 1));
      emit("demand_delivered_t_per_yr", number_text(r.demand_delivered_t_per_yr, 1));
      emit("capacity_value_usd_per_yr", number_text(r.capacity_value_usd_per_yr, 0));
      emit_optional("delta_capacity_value_usd_per_yr", r.delta_capacity_value_usd_per_yr, 0);
      emit("demand_delivered_usd_per_yr", number_text(r.demand_delivered_usd_per_yr, 0));
      emit("cost_usd_per_t", number_text(r.cost_usd_per_t, 4));
      emit_optional("delta_cost_usd_per_t", r.delta_cost_usd_per_t, 4);
      emit("demand_cost_usd_per_t", number_text(r.demand_cost_usd_per_t, 4));
      emit("transit_days", number_text(r.transit_days, 3));
      emit("demand_transit_days", number_text(r.demand_transit_days, 3));
      for (const auto& b : r.bottleneck) {
        emit("bottleneck:" + b.kind + ":" + b.id + ":" + b.direction, format_fixed(b.capacity, 1));
      }
      for (const auto& c : r.cuts) {
        emit("min_cut:" + c.kind + ":" + c.id + ":" + c.direction, c.raises_alone ? "raises_capacity_alone" : "tied");
      }
      if (!r.cuts_complete) emit("min_cut_complete", "false");
      emit_flows("crossing_flow:", r.crossings);
      emit_flows("transfer_flow:", r.transfers);
      emit_flows("demand_crossing_flow:", r.demand_crossings);
      emit_flows("demand_transfer_flow:", r.demand_transfers);
    }
  }
  return out;
}

}  // namespace

json compare_to_json(const std::vector<SolvedScenario>& scenarios) { return to_json(make_compare_report(scenarios)); }

std::string render_compare(const std::vector<SolvedScenario>& scenarios, Format format) {
  const CompareReport report = make_compare_report(scenarios);
  switch (format) {
    case Format::Json: return to_json(report).dump(2) + "\n";
    case Format::Csv: return render_compare_csv(report);
    case Format::Markdown: return render_compare_text(report, true);
    case Format::Table: return render_compare_text(report, false);
  }
  return {};
}

}  // namespace borderflow
