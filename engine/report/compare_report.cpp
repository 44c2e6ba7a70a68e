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
  std::string from_ids, to_ids;  ///< place_set_ids, as the naming scenario has them
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
  std::string from_ids, to_ids;  ///< place_set_ids, as the first scenario with it has them
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
  const auto flows = element_flows(network, a.arc_t_per_yr);
  item.crossings = flow_items(flows, ElementKind::Crossing);
  item.transfers = flow_items(flows, ElementKind::Transfer);
  item.demand_t_per_yr = rounded(c.demand_t_per_yr, 1);
  item.demand_delivered_t_per_yr = rounded(c.demand_delivered_t_per_yr, 1);
  item.demand_delivered_usd_per_yr = rounded(c.demand_delivered_usd_per_yr, 0);
  item.demand_cost_usd_per_t = rounded_or_nan(c.demand_cost_usd_per_t, 4);
  item.demand_transit_days = rounded_or_nan(c.demand_transit_h / 24.0, 3);
  const auto demand_flows = element_flows(network, c.demand_arc_t_per_yr);
  item.demand_crossings = flow_items(demand_flows, ElementKind::Crossing);
  item.demand_transfers = flow_items(demand_flows, ElementKind::Transfer);
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
        item.from_ids = place_set_ids(s, demand.origins);
        item.to_ids = place_set_ids(s, demand.destinations);
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
    item.from_ids = place_set_ids(named_by, q.reverse ? route.destinations : route.origins);
    item.to_ids = place_set_ids(named_by, q.reverse ? route.origins : route.destinations);
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
  out["schema_version"] = kJsonSchemaVersion;
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

/// The binding capacity that carries the most of the flow ("tumangang-bogie-exchange
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
  // The id alone (ids name their kind: "-rail", "-exchange", "ru-cn-..."): the headline keeps one
  // screen's width, and the question's own table names the kind.
  std::string out = largest->id;
  if (!largest->fleet && largest->unit == RowUnit::TonnesPerYear) out += " " + format_mt(largest->used);
  if (r.bottleneck.size() > 1) out += " +" + std::to_string(r.bottleneck.size() - 1) + " more";
  return out;
}

/// When the headline would be wider than `width`, the question column gets what the other
/// columns leave, and a question's words wrap onto the rows of its own group (the change and
/// held-by rows have an empty first cell) before a row is added: the headline stays near one
/// screen. `groups`: the first row of each group, ascending.
void flow_questions(const std::vector<std::string>& header, const std::vector<std::size_t>& groups,
                    std::vector<std::vector<std::string>>& rows, std::size_t width) {
  std::vector<std::size_t> column(header.size(), 0);
  for (std::size_t i = 0; i < header.size(); ++i) column[i] = display_width(header[i]);
  for (const auto& row : rows) {
    for (std::size_t i = 0; i < row.size() && i < column.size(); ++i) column[i] = std::max(column[i], display_width(row[i]));
  }
  std::size_t others = 2 + 2 * (column.size() - 1);
  for (std::size_t i = 1; i < column.size(); ++i) others += column[i];
  const std::size_t question = std::max(others < width ? width - others : 0, std::max(kMinWrappedColumn, display_width(header[0])));
  if (column[0] <= question) return;
  std::vector<std::vector<std::string>> out;
  for (std::size_t g = 0; g < groups.size(); ++g) {
    const std::size_t begin = groups[g], end = g + 1 < groups.size() ? groups[g + 1] : rows.size();
    const std::vector<std::string> lines = wrap_text(rows[begin][0], question);
    for (std::size_t r = begin; r < end || r - begin < lines.size(); ++r) {
      std::vector<std::string> row = r < end ? rows[r] : std::vector<std::string>(header.size());
      row[0] = r - begin < lines.size() ? lines[r - begin] : "";
      out.push_back(std::move(row));
    }
  }
  rows = std::move(out);
}

/// The headline: every question's capacity, change and bottleneck, then every demand's cost,
/// one row group each, with the sweep's P10-P90 beside the point values when bands are given.
std::string render_headline(const CompareReport& report, bool markdown, std::size_t width) {
  std::vector<std::string> header = {"question", "measure"};
  for (const auto& [name, file] : report.scenarios) header.push_back(name);
  std::vector<std::vector<std::string>> rows;
  std::vector<std::size_t> groups;  ///< the first row of each question's and demand's rows
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
    groups.push_back(rows.size());
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
    groups.push_back(rows.size());
    rows.push_back(std::move(cost));
    const bool changes = std::any_of(d.results.begin(), d.results.end(), [](const DemandResult& r) {
      return (r.delta_cost_usd_per_t && *r.delta_cost_usd_per_t != 0) || r.delta_cost_band;
    });
    if (several && changes) rows.push_back(std::move(change));
  }
  std::vector<bool> right(header.size(), true);
  right[0] = right[1] = false;
  if (markdown) return markdown_table(header, rows, right);
  if (width > 0) flow_questions(header, groups, rows, width);
  return text_table(header, rows, right, width);
}

std::string render_question_text(const QuestionItem& q, bool markdown, std::size_t width) {
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
  return markdown ? markdown_table(header, rows, right) : text_table(header, rows, right, width);
}

std::string render_compare_text(const CompareReport& report, bool markdown, std::size_t width) {
  std::ostringstream out;
  const std::string first = report.scenarios[0].first;
  auto escaped = [&](const std::string& text) { return markdown ? escape_markdown(text) : escape_controls(text); };
  out << (markdown ? "## " : "") << "Comparison of " << report.scenarios.size() << " scenarios (changes against "
      << escaped(first) << ")\n\n";
  out << (markdown ? "### " : "") << "Headline\n";
  out << escaped(compare_headline_note(!report.bands_source.empty(), report.bands_source)) << "\n\n";
  out << render_headline(report, markdown, width);
  for (const auto& q : report.questions) {
    out << "\n" << (markdown ? "### " : "") << "Route " << escaped(q.route) << ": " << escaped(q.words) << " ("
        << escaped(q.route_name) << ")\n";
    out << render_question_text(q, markdown, width);
    for (const auto& r : q.results) {
      if (r.note.empty()) continue;
      const std::string note = "note: " + r.scenario + ": " + r.note;
      out << "  " << escaped(note) << "\n";
    }
  }
  return out.str();
}

/// The tidy CSV of every run (docs/schema/README.md): per question, each scenario's capacity,
/// change, bands, its demand's routing, and the elements that bind, cut or carry; then each
/// demand's cost per scenario.
std::string render_compare_csv(const CompareReport& report) {
  TidyCsv csv("");
  auto band = [&](const ElementKey& key, const std::string& metric, const std::string& unit,
                  const std::optional<Band>& b, int decimals) {
    if (!b) return;
    csv.add(key, metric + "_p10", unit, b->p10, decimals);
    csv.add(key, metric + "_p50", unit, b->p50, decimals);
    csv.add(key, metric + "_p90", unit, b->p90, decimals);
  };
  auto optional = [&](const ElementKey& key, const std::string& metric, const std::string& unit,
                      const std::optional<double>& value, int decimals) {
    if (value) csv.add(key, metric, unit, *value, decimals);
  };
  for (const auto& q : report.questions) {
    const ElementKey route{"route", q.route, q.from_ids, q.to_ids};
    for (const auto& r : q.results) {
      csv.scenario(r.scenario);
      csv.question(q.route, q.reverse ? "reverse" : "forward");
      if (r.status == "not asked") continue;
      csv.flag(route, "solved", r.optimal);
      if (!r.optimal) {
        csv.add(route, "capacity", "t/yr", NAN, 1);
        continue;
      }
      csv.add(route, "capacity", "t/yr", r.capacity_t_per_yr, 1);
      optional(route, "delta_capacity", "t/yr", r.delta_capacity_t_per_yr, 1);
      band(route, "capacity", "t/yr", r.capacity_band, 1);
      band(route, "delta_capacity", "t/yr", r.delta_capacity_band, 1);
      csv.flag(route, "verified", r.verified);
      csv.flag(route, "min_cut_complete", r.cuts_complete);
      csv.add(route, "demand_quantity", "t/yr", r.demand_t_per_yr, 1);
      csv.add(route, "demand_delivered", "t/yr", r.demand_delivered_t_per_yr, 1);
      csv.add(route, "demand_value_delivered", "USD/yr", r.demand_delivered_usd_per_yr, 0);
      csv.add(route, "demand_cost", "USD/t", r.demand_cost_usd_per_t, 4);
      optional(route, "delta_demand_cost", "USD/t", r.delta_demand_cost_usd_per_t, 4);
      csv.add(route, "demand_transit", "days", r.demand_transit_days, 3);
      for (const auto& b : r.bottleneck) {
        const ElementKey key = element_key(b.kind, b.id, b.direction);
        csv.add(key, "binding_capacity", to_string(b.unit), b.capacity, 1);
        csv.add(key, "shadow_price", shadow_price_unit(b.unit, false), b.shadow_price, 6);
      }
      for (const auto& c : r.cuts) {
        const ElementKey key = element_key(c.kind, c.id, c.direction);
        csv.add(key, "min_cut_capacity", to_string(c.unit), c.capacity, 1);
        csv.flag(key, "raises_capacity_alone", c.raises_alone);
      }
      auto flows = [&](const std::vector<FlowItem>& items, const std::string& kind, const std::string& metric) {
        for (const auto& f : items) {
          const ElementKey key = element_key(kind, f.id, f.direction);
          csv.add(key, metric, "t/yr", f.t_per_yr, 1);
          if (kind == "transfer") csv.flag(key, "gauge_change", f.gauge_change);
        }
      };
      flows(r.crossings, "crossing", "flow");
      flows(r.transfers, "transfer", "flow");
      flows(r.demand_crossings, "crossing", "demand_flow");
      flows(r.demand_transfers, "transfer", "demand_flow");
    }
  }
  for (const auto& d : report.demands) {
    const ElementKey demand{"demand", d.id, d.from_ids, d.to_ids};
    for (std::size_t i = 0; i < d.results.size(); ++i) {
      const DemandResult& r = d.results[i];
      if (!r.present) continue;
      csv.scenario(report.scenarios[i].first);
      csv.question(d.id);
      csv.add(demand, "quantity", "t/yr", r.wanted_t_per_yr, 1);
      csv.add(demand, "delivered", "t/yr", r.delivered_t_per_yr, 1);
      csv.add(demand, "cost", "USD/t", r.cost_usd_per_t, 4);
      optional(demand, "delta_cost", "USD/t", r.delta_cost_usd_per_t, 4);
      band(demand, "cost", "USD/t", r.cost_band, 4);
      band(demand, "delta_cost", "USD/t", r.delta_cost_band, 4);
    }
  }
  return csv.text();
}

}  // namespace

json compare_to_json(const std::vector<SolvedScenario>& scenarios, const CompareBands* bands) {
  return to_json(make_compare_report(scenarios, bands));
}

std::string render_compare(const std::vector<SolvedScenario>& scenarios, Format format, const CompareBands* bands,
                           std::size_t width) {
  const CompareReport report = make_compare_report(scenarios, bands);
  switch (format) {
    case Format::Json: return to_json(report).dump(2) + "\n";
    case Format::Csv: return render_compare_csv(report);
    case Format::Markdown: return render_compare_text(report, true, width);
    case Format::Table: return fit_lines(render_compare_text(report, false, width), width);
  }
  return {};
}

}  // namespace borderflow
