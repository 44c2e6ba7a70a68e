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
  double capacity_t_per_yr = 0;
  bool verified = false;
  std::vector<BindingItem> bottleneck;
  std::vector<CutItem> cuts;
  bool cuts_complete = true;
  std::vector<FlowItem> crossings, transfers, demand_crossings, demand_transfers;
  double demand_t_per_yr = 0, demand_delivered_t_per_yr = 0, demand_delivered_usd_per_yr = 0;
  double demand_cost_usd_per_t = 0, demand_transit_days = 0;
  std::optional<double> delta_capacity_t_per_yr, delta_demand_cost_usd_per_t;
  // From a sweep's world of the same name, when given (see CompareBands).
  std::optional<Band> capacity_band, delta_capacity_band;
};

struct QuestionItem {
  std::string route, direction, words, route_name;
  bool reverse = false;
  std::vector<ResultItem> results;
};

/// One demand's routing in every scenario that has it, for the headline's cost rows.
struct DemandResult {
  bool present = false;
  double wanted_t_per_yr = 0, delivered_t_per_yr = 0, cost_usd_per_t = NAN;
  std::optional<double> delta_cost_usd_per_t;
  std::optional<Band> cost_band, delta_cost_band;
};
struct DemandItem {
  std::string id, words;  ///< "grain, Chita -> Pyongyang"
  std::vector<DemandResult> results;  ///< one per scenario
};

struct CompareReport {
  std::vector<std::pair<std::string, std::string>> scenarios;  ///< (name, file)
  std::vector<QuestionItem> questions;
  std::vector<DemandItem> demands;
  std::string bands_source;  ///< "sweep headline-ranges (2,000 variants, store h.sqlite)"; "" without bands
};

std::optional<Band> band_of(const CompareBands* bands, const std::string& scenario, const std::string& column) {
  if (!bands) return std::nullopt;
  const Band* b = bands->find(scenario, column);
  if (!b || b->n == 0) return std::nullopt;
  return *b;
}

/// NaN for a non-finite value (a null), else the value rounded.
double rounded_or_nan(double value, int decimals) { return std::isfinite(value) ? rounded(value, decimals) : NAN; }

ResultItem result_item(const SolvedScenario& solved, const ComparedResult& c, const std::string& column,
                       const CompareBands* bands) {
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
  item.capacity_band = band_of(bands, item.scenario, column);
  item.delta_capacity_band = band_of(bands, item.scenario, "delta." + column);
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
  if (c.delta_demand_cost_usd_per_t) item.delta_demand_cost_usd_per_t = rounded(*c.delta_demand_cost_usd_per_t, 4);
  return item;
}

/// Every demand of any scenario, in the order first met, with its cost in each scenario and
/// the delta against the first scenario that delivers it.
std::vector<DemandItem> demand_items(const std::vector<SolvedScenario>& scenarios, const CompareBands* bands) {
  std::vector<DemandItem> out;
  for (std::size_t i = 0; i < scenarios.size(); ++i) {
    const Scenario& s = scenarios[i].scenario();
    for (const DemandAnswer& d : scenarios[i].answer.routing.demands) {
      const Demand& demand = s.demands[static_cast<std::size_t>(d.demand)];
      auto it = std::find_if(out.begin(), out.end(), [&](const DemandItem& item) { return item.id == demand.id; });
      if (it == out.end()) {
        DemandItem item;
        item.id = demand.id;
        const PlaceSet& from = demand.suppliers.size() == 1 ? demand.suppliers.front().origins : PlaceSet{};
        item.words = s.commodities[static_cast<std::size_t>(demand.commodity)].id + ", " +
                     (from.places.empty() ? std::string("several suppliers") : place_set_words(s, from)) + " -> " +
                     place_set_words(s, demand.destinations);
        item.results.resize(scenarios.size());
        out.push_back(std::move(item));
        it = out.end() - 1;
      }
      DemandResult& r = it->results[i];
      if (scenarios[i].answer.routing.status != SolveStatus::Optimal) continue;
      r.present = true;
      r.wanted_t_per_yr = rounded(demand.quantity_t_per_yr, 1);
      r.delivered_t_per_yr = rounded(d.delivered_t_per_yr, 1);
      r.cost_usd_per_t = d.delivered_t_per_yr > 0 ? rounded(d.cost_usd_per_t, 4) : NAN;
      r.cost_band = band_of(bands, s.name, "cost_per_t." + demand.id);
      r.delta_cost_band = band_of(bands, s.name, "delta.cost_per_t." + demand.id);
    }
  }
  for (auto& item : out) {
    const DemandResult* reference = nullptr;
    for (auto& r : item.results) {
      if (!r.present || std::isnan(r.cost_usd_per_t)) continue;
      if (reference) r.delta_cost_usd_per_t = rounded(r.cost_usd_per_t - reference->cost_usd_per_t, 4);
      else reference = &r;
    }
  }
  return out;
}

CompareReport make_compare_report(const std::vector<SolvedScenario>& scenarios, const CompareBands* bands) {
  CompareReport report;
  if (bands) {
    report.bands_source = "sweep " + bands->sweep + " (" + format_grouped(static_cast<double>(bands->variants)) +
                          " variants, store " + bands->file + ")";
  }
  for (const auto& s : scenarios) report.scenarios.emplace_back(s.scenario().name, s.file);
  for (const ComparedQuestion& q : compare_scenarios(scenarios).questions) {
    QuestionItem item;
    item.route = q.route;
    item.reverse = q.reverse;
    // The direction as the last scenario asking the question words it.
    const ComparedResult& naming = q.results[static_cast<std::size_t>(q.direction_scenario)];
    const Scenario& named_by = scenarios[static_cast<std::size_t>(naming.scenario)].scenario();
    const Route& route = named_by.routes[static_cast<std::size_t>(naming.answer->route)];
    item.direction = direction_label(named_by, route, q.reverse);
    item.words = question_words(named_by, route, q.reverse);
    item.route_name = route.name;
    const std::string column = "capacity." + q.route + (q.reverse ? ".reverse" : "");
    for (const auto& r : q.results) {
      item.results.push_back(result_item(scenarios[static_cast<std::size_t>(r.scenario)], r, column, bands));
    }
    report.questions.push_back(std::move(item));
  }
  report.demands = demand_items(scenarios, bands);
  return report;
}

json null_if_nan(double value) { return std::isnan(value) ? json(nullptr) : json(value); }

json band_json(const Band& b, int decimals) {
  return {{"p10", rounded(b.p10, decimals)}, {"p50", rounded(b.p50, decimals)}, {"p90", rounded(b.p90, decimals)}, {"n", b.n}};
}

json result_json(const ResultItem& r) {
  json item = {{"scenario", r.scenario}, {"status", r.status}};
  if (!r.note.empty()) item["note"] = r.note;
  if (!r.optimal) return item;
  item["capacity_t_per_yr"] = r.capacity_t_per_yr;
  if (r.capacity_band) item["capacity_band_t_per_yr"] = band_json(*r.capacity_band, 1);
  if (r.delta_capacity_band) item["delta_capacity_band_t_per_yr"] = band_json(*r.delta_capacity_band, 1);
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
  if (r.delta_demand_cost_usd_per_t) item["delta_demand_cost_usd_per_t"] = *r.delta_demand_cost_usd_per_t;
  return item;
}

json demand_json(const DemandItem& d, const CompareReport& report) {
  json per = json::array();
  for (std::size_t i = 0; i < d.results.size(); ++i) {
    const DemandResult& r = d.results[i];
    json item = {{"scenario", report.scenarios[i].first}, {"present", r.present}};
    if (r.present) {
      item["wanted_t_per_yr"] = r.wanted_t_per_yr;
      item["delivered_t_per_yr"] = r.delivered_t_per_yr;
      item["cost_usd_per_t"] = null_if_nan(r.cost_usd_per_t);
      if (r.delta_cost_usd_per_t) item["delta_cost_usd_per_t"] = *r.delta_cost_usd_per_t;
      if (r.cost_band) item["cost_band_usd_per_t"] = band_json(*r.cost_band, 4);
      if (r.delta_cost_band) item["delta_cost_band_usd_per_t"] = band_json(*r.delta_cost_band, 4);
    }
    per.push_back(std::move(item));
  }
  return {{"demand", d.id}, {"description", d.words}, {"results", std::move(per)}};
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
    questions.push_back({{"route", q.route},
                         {"name", q.route_name},
                         {"reverse", q.reverse},
                         {"direction", q.direction},
                         {"question", q.words},
                         {"results", std::move(per)}});
  }
  out["questions"] = std::move(questions);
  json demands = json::array();
  for (const auto& d : report.demands) demands.push_back(demand_json(d, report));
  out["demands"] = std::move(demands);
  if (!report.bands_source.empty()) out["bands_from"] = report.bands_source;
  return out;
}

std::string mt_or_dash(double value) { return std::isnan(value) ? "-" : format_mt(value); }
std::string signed_mt(double value) { return (value > 0 ? "+" : "") + format_mt(value); }
std::string money_or_dash(double value) { return std::isfinite(value) ? format_significant(value, 3) : "-"; }
std::string signed_money(double value) { return (value > 0 ? "+" : "") + format_significant(value, 3); }
std::string fixed_or_dash(double value, int decimals) { return std::isfinite(value) ? format_fixed(value, decimals) : "-"; }
std::string band_text(const Band& b, std::string (*format)(double)) { return "[" + format(b.p10) + " to " + format(b.p90) + "]"; }
std::string mt_text(double value) { return format_mt(value); }
std::string money_text(double value) { return format_significant(value, 3); }

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
    out.emplace_back(c.kind + " " + c.id + " " + c.direction, cut_capacity_text(c) + (c.raises_alone ? " alone" : " tied"));
  }
  return out;
}
ElementCells flow_cells(const std::vector<FlowItem>& items, bool gauge_changes_only) {
  ElementCells out;
  for (const auto& f : items) {
    if (!gauge_changes_only || f.gauge_change) out.emplace_back(f.id + " " + f.direction, format_mt(f.t_per_yr));
  }
  return out;
}

/// The binding capacity that carries the most of the flow ("transfer tumangang-bogie-exchange
/// 1.1"), "+N more" when several rows bind together: in a max flow every binding row has the
/// same shadow price, so the largest one is the one an analyst asks about first.
std::string held_by_text(const ResultItem& r) {
  if (r.bottleneck.empty()) return std::isinf(r.capacity_t_per_yr) ? "nothing (unlimited)" : "-";
  const BindingItem* largest = &r.bottleneck.front();
  for (const BindingItem& b : r.bottleneck) {
    const bool tonnes = !b.fleet && b.unit == RowUnit::TonnesPerYear;
    const bool largest_tonnes = !largest->fleet && largest->unit == RowUnit::TonnesPerYear;
    if (tonnes && (!largest_tonnes || b.used > largest->used)) largest = &b;
  }
  std::string out = largest->kind + " " + largest->id;
  if (!largest->fleet && largest->unit == RowUnit::TonnesPerYear) out += " " + format_mt(largest->used);
  if (r.bottleneck.size() > 1) out += " +" + std::to_string(r.bottleneck.size() - 1) + " more";
  return out;
}

/// The headline: every question's capacity, change and bottleneck, then every demand's cost,
/// one row group each, with the sweep's P10-P90 beside the point values when bands are given.
std::string render_headline(const CompareReport& report, bool markdown) {
  std::vector<std::string> header = {"question", "measure"};
  for (const auto& [name, file] : report.scenarios) header.push_back(name);
  std::vector<std::vector<std::string>> rows;
  const bool several = report.scenarios.size() > 1;
  for (const auto& q : report.questions) {
    std::vector<std::string> capacity = {q.route + ": " + q.words, "capacity Mt/yr"}, change = {"", "  change Mt/yr"},
                             held = {"", "  held by"};
    for (const auto& r : q.results) {
      if (!r.optimal) {
        capacity.push_back(r.status);
        change.push_back("-");
        held.push_back("-");
        continue;
      }
      capacity.push_back(mt_or_dash(r.capacity_t_per_yr) + (r.capacity_band ? " " + band_text(*r.capacity_band, mt_text) : ""));
      change.push_back(r.delta_capacity_t_per_yr
                           ? signed_mt(*r.delta_capacity_t_per_yr) +
                                 (r.delta_capacity_band ? " " + band_text(*r.delta_capacity_band, mt_text) : "")
                           : "-");
      held.push_back(held_by_text(r));
    }
    rows.push_back(std::move(capacity));
    // A change row only where some scenario changes the capacity (or a band says how it may).
    const bool changes = std::any_of(q.results.begin(), q.results.end(), [](const ResultItem& r) {
      return (r.delta_capacity_t_per_yr && *r.delta_capacity_t_per_yr != 0) || r.delta_capacity_band;
    });
    if (several && changes) rows.push_back(std::move(change));
    rows.push_back(std::move(held));
  }
  for (const auto& d : report.demands) {
    std::vector<std::string> cost = {d.id + ": " + d.words, "cost USD/t"}, change = {"", "  change USD/t"};
    for (const auto& r : d.results) {
      if (!r.present) {
        cost.push_back("not asked");
        change.push_back("-");
        continue;
      }
      cost.push_back(money_or_dash(r.cost_usd_per_t) + (r.cost_band ? " " + band_text(*r.cost_band, money_text) : ""));
      change.push_back(r.delta_cost_usd_per_t ? signed_money(*r.delta_cost_usd_per_t) +
                                                     (r.delta_cost_band ? " " + band_text(*r.delta_cost_band, money_text) : "")
                                              : "-");
    }
    rows.push_back(std::move(cost));
    const bool changes = std::any_of(d.results.begin(), d.results.end(), [](const DemandResult& r) {
      return (r.delta_cost_usd_per_t && *r.delta_cost_usd_per_t != 0) || r.delta_cost_band;
    });
    if (several && changes) rows.push_back(std::move(change));
  }
  std::vector<bool> right(header.size(), true);
  right[0] = right[1] = false;
  return markdown ? markdown_table(header, rows, right) : text_table(header, rows, right);
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
  add("capacity Mt/yr", [](const ResultItem& r) { return mt_or_dash(r.capacity_t_per_yr); });
  if (std::any_of(q.results.begin(), q.results.end(), [](const ResultItem& r) { return r.capacity_band.has_value(); })) {
    add("  P10 to P90 Mt/yr", [](const ResultItem& r) { return r.capacity_band ? band_text(*r.capacity_band, mt_text) : "-"; });
  }
  add("  change Mt/yr", [](const ResultItem& r) { return r.delta_capacity_t_per_yr ? signed_mt(*r.delta_capacity_t_per_yr) : "-"; });
  add("demand wanted Mt/yr", [](const ResultItem& r) { return mt_or_dash(r.demand_t_per_yr); });
  add("demand delivered Mt/yr", [](const ResultItem& r) { return mt_or_dash(r.demand_delivered_t_per_yr); });
  add("demand delivered value USD/yr", [](const ResultItem& r) { return money_or_dash(r.demand_delivered_usd_per_yr); });
  add("demand cost USD/t", [](const ResultItem& r) { return money_or_dash(r.demand_cost_usd_per_t); });
  add("  change USD/t", [](const ResultItem& r) {
    return r.delta_demand_cost_usd_per_t ? signed_money(*r.delta_demand_cost_usd_per_t) : std::string("-");
  });
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
  element_rows("bottleneck (binding capacity, Mt/yr)", [](const ResultItem& r) { return binding_cells(r.bottleneck); });
  element_rows("in a minimum cut (Mt/yr; alone: raising it alone raises the capacity)",
               [](const ResultItem& r) { return cut_cells(r.cuts); });
  if (std::any_of(q.results.begin(), q.results.end(), [](const ResultItem& r) { return r.optimal && !r.cuts_complete; })) {
    add("  every candidate tested", [](const ResultItem& r) { return std::string(r.cuts_complete ? "yes" : "NO"); });
  }
  element_rows("flow per crossing at capacity, Mt/yr", [](const ResultItem& r) { return flow_cells(r.crossings, false); });
  element_rows("flow per gauge change at capacity, Mt/yr", [](const ResultItem& r) { return flow_cells(r.transfers, true); });
  element_rows("demand flow per crossing, Mt/yr", [](const ResultItem& r) { return flow_cells(r.demand_crossings, false); });
  element_rows("demand flow per gauge change, Mt/yr",
               [](const ResultItem& r) { return flow_cells(r.demand_transfers, true); });
  for (auto& row : rows) row.resize(header.size());
  std::vector<bool> right(header.size(), true);
  right[0] = false;
  return markdown ? markdown_table(header, rows, right) : text_table(header, rows, right);
}

std::string render_compare_text(const CompareReport& report, bool markdown) {
  std::ostringstream out;
  const std::string first = report.scenarios[0].first;
  auto escaped = [&](const std::string& text) { return markdown ? escape_markdown(text) : escape_controls(text); };
  out << (markdown ? "## " : "") << "Comparison of " << report.scenarios.size() << " scenarios (changes against "
      << escaped(first) << ")\n\n";
  out << (markdown ? "### " : "") << "Headline\n";
  out << escaped(compare_headline_note(!report.bands_source.empty(), report.bands_source)) << "\n\n";
  out << render_headline(report, markdown);
  for (const auto& q : report.questions) {
    out << "\n" << (markdown ? "### " : "") << "Route " << escaped(q.route) << ": " << escaped(q.words) << " ("
        << escaped(q.route_name) << ")\n";
    out << render_question_text(q, markdown);
    for (const auto& r : q.results) {
      if (r.note.empty()) continue;
      const std::string note = "note: " + r.scenario + ": " + r.note;
      out << "  " << escaped(note) << "\n";
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
      if (r.capacity_band) {
        emit("capacity_p10_t_per_yr", number_text(r.capacity_band->p10, 1));
        emit("capacity_p90_t_per_yr", number_text(r.capacity_band->p90, 1));
      }
      emit("demand_delivered_usd_per_yr", number_text(r.demand_delivered_usd_per_yr, 0));
      emit("demand_cost_usd_per_t", number_text(r.demand_cost_usd_per_t, 4));
      emit_optional("delta_demand_cost_usd_per_t", r.delta_demand_cost_usd_per_t, 4);
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

json compare_to_json(const std::vector<SolvedScenario>& scenarios, const CompareBands* bands) {
  return to_json(make_compare_report(scenarios, bands));
}

std::string render_compare(const std::vector<SolvedScenario>& scenarios, Format format, const CompareBands* bands) {
  const CompareReport report = make_compare_report(scenarios, bands);
  switch (format) {
    case Format::Json: return to_json(report).dump(2) + "\n";
    case Format::Csv: return render_compare_csv(report);
    case Format::Markdown: return render_compare_text(report, true);
    case Format::Table: return render_compare_text(report, false);
  }
  return {};
}

}  // namespace borderflow
