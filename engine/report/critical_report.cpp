// `borderflow critical`: the N-1 and N-2 rankings as a typed, rounded CriticalReport, rendered as
// JSON, a plain-text or Markdown table, and tidy CSV rows.
#include "report/critical_report.hpp"

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

struct BaseItem {
  std::string route, name, direction;
  bool reverse = false;
  SolveStatus status = SolveStatus::Optimal;
  std::string note;  ///< status_sentence; empty when optimal
  double capacity_t_per_yr = 0;
};

struct ElementItem {
  std::string kind, id, name;
};

struct CapacityItem {
  std::string route, direction;
  bool reverse = false;
  SolveStatus status = SolveStatus::Optimal;
  std::string note;
  double capacity_t_per_yr = 0, lost_t_per_yr = 0, lost_share = 0;
};

struct RoutingItem {
  SolveStatus status = SolveStatus::Optimal;
  std::string note;
  double cost_usd_per_yr = 0, cost_rise_usd_per_yr = 0, unserved_t_per_yr = 0, unserved_rise_t_per_yr = 0;
};

struct ClosureItem {
  std::size_t rank = 0;
  std::vector<ElementItem> elements;
  std::string label;  ///< closure_label
  double worst_share = 0;
  int worst = -1;  ///< index into capacities of the question losing worst_share; -1 when none loses
  std::size_t routes_losing = 0;
  std::vector<CapacityItem> capacities;
  RoutingItem routing;
};

struct CriticalReport {
  const Scenario* scenario = nullptr;
  std::string background_note;  ///< empty when the background was routed
  std::vector<BaseItem> base;
  bool routed = false;
  RoutingItem routing_base;
  std::string routing_base_text;
  std::vector<ClosureItem> singles;
  bool pairs_asked = false;
  std::size_t pair_candidates = 0;
  std::vector<ClosureItem> pairs;
};

const std::string& element_name(const Scenario& s, const ElementRef& e) {
  const auto i = static_cast<std::size_t>(e.index);
  switch (e.kind) {
    case ElementKind::Link: return s.links[i].name;
    case ElementKind::Transfer: return s.transfers[i].name;
    case ElementKind::Fleet: return s.fleets[i].name;
    case ElementKind::Cap: return s.caps[i].name;
    case ElementKind::Storage: return s.places[i].name;
    case ElementKind::Crossing: break;
  }
  return s.crossings[i].name;
}

RoutingItem routing_item(const RoutingChange& change) {
  RoutingItem item;
  item.status = change.status;
  item.note = status_sentence(change.status);
  item.cost_usd_per_yr = rounded(change.cost_usd_per_yr, 2);
  item.cost_rise_usd_per_yr = rounded(change.cost_rise_usd_per_yr, 2);
  item.unserved_t_per_yr = rounded(change.unserved_t_per_yr, 1);
  item.unserved_rise_t_per_yr = rounded(change.unserved_rise_t_per_yr, 1);
  return item;
}

ClosureItem closure_item(const Scenario& s, const CriticalAnswer& answer, const Closure& closure, std::size_t rank) {
  ClosureItem item;
  item.rank = rank;
  for (const ElementRef& e : closure.elements) item.elements.push_back({element_kind_name(e.kind), element_id(s, e), element_name(s, e)});
  item.label = closure_label(s, closure.elements);
  item.worst_share = rounded(closure.worst_share, 6);
  item.worst = closure.worst_question;
  for (std::size_t q = 0; q < closure.capacities.size(); ++q) {
    const CriticalQuestion& question = answer.questions[q];
    const Route& route = s.routes[static_cast<std::size_t>(question.route)];
    const CapacityChange& change = closure.capacities[q];
    CapacityItem c;
    c.route = route.id;
    c.direction = direction_label(s, route, question.reverse);
    c.reverse = question.reverse;
    c.status = change.status;
    c.note = status_sentence(change.status);
    c.capacity_t_per_yr = rounded(change.capacity_t_per_yr, 1);
    c.lost_t_per_yr = rounded(change.lost_t_per_yr, 1);
    c.lost_share = rounded(change.lost_share, 6);
    if (c.lost_t_per_yr > 0) ++item.routes_losing;
    item.capacities.push_back(std::move(c));
  }
  if (answer.routed) item.routing = routing_item(closure.routing);
  return item;
}

CriticalReport make_report(const SolvedCritical& solved) {
  const Scenario& s = solved.scenario();
  const CriticalAnswer& answer = solved.answer;
  CriticalReport r;
  r.scenario = &s;
  if (answer.background_status != SolveStatus::Optimal) r.background_note = critical_background_note(answer.background_status);
  for (const CriticalQuestion& q : answer.questions) {
    const Route& route = s.routes[static_cast<std::size_t>(q.route)];
    r.base.push_back({route.id, route.name, direction_label(s, route, q.reverse), q.reverse, q.status,
                      status_sentence(q.status), rounded(q.capacity_t_per_yr, 1)});
  }
  r.routed = answer.routed;
  if (r.routed) {
    RoutingChange base;
    base.status = answer.routing_status;
    base.cost_usd_per_yr = answer.routing_cost_usd_per_yr;
    base.unserved_t_per_yr = answer.routing_unserved_t_per_yr;
    r.routing_base = routing_item(base);
    r.routing_base_text = critical_routing_base(answer);
  }
  for (std::size_t i = 0; i < answer.singles.size(); ++i) r.singles.push_back(closure_item(s, answer, answer.singles[i], i + 1));
  r.pairs_asked = answer.pairs_asked;
  r.pair_candidates = answer.pair_candidates;
  for (std::size_t i = 0; i < answer.pairs.size(); ++i) r.pairs.push_back(closure_item(s, answer, answer.pairs[i], i + 1));
  return r;
}

// --- JSON ------------------------------------------------------------------------------------

json routing_json(const RoutingItem& r, bool with_rise) {
  json out = {{"status", to_string(r.status)}};
  const bool ok = r.status == SolveStatus::Optimal;
  out["cost_usd_per_yr"] = ok ? json(r.cost_usd_per_yr) : json(nullptr);
  out["unserved_t_per_yr"] = ok ? json(r.unserved_t_per_yr) : json(nullptr);
  if (with_rise) {
    out["cost_rise_usd_per_yr"] = ok ? json(r.cost_rise_usd_per_yr) : json(nullptr);
    out["unserved_rise_t_per_yr"] = ok ? json(r.unserved_rise_t_per_yr) : json(nullptr);
  }
  if (!ok) out["note"] = r.note;
  return out;
}

json closure_json(const ClosureItem& c, bool routed, bool pair) {
  json out = {{"rank", c.rank}, {"worst_share", c.worst_share}};
  const CapacityItem* worst = c.worst >= 0 ? &c.capacities[static_cast<std::size_t>(c.worst)] : nullptr;
  out["worst_route"] = worst ? json(worst->route) : json(nullptr);
  out["worst_direction"] = worst ? json(worst->direction) : json(nullptr);
  if (pair) {
    json elements = json::array();
    for (const auto& e : c.elements) elements.push_back({{"kind", e.kind}, {"id", e.id}, {"name", e.name}});
    out["elements"] = std::move(elements);
  } else {
    out["kind"] = c.elements.front().kind;
    out["id"] = c.elements.front().id;
    out["name"] = c.elements.front().name;
  }
  json capacities = json::array();
  for (const auto& q : c.capacities) {
    const bool ok = q.status == SolveStatus::Optimal;
    json item = {{"route", q.route}, {"direction", q.direction}, {"reverse", q.reverse}, {"status", to_string(q.status)}};
    item["capacity_t_per_yr"] = ok ? json(q.capacity_t_per_yr) : json(nullptr);
    item["lost_t_per_yr"] = ok ? json(q.lost_t_per_yr) : json(nullptr);
    item["lost_share"] = ok ? json(q.lost_share) : json(nullptr);
    if (!ok) item["note"] = q.note;
    capacities.push_back(std::move(item));
  }
  out["capacities"] = std::move(capacities);
  out["routing"] = routed ? routing_json(c.routing, true) : json(nullptr);
  return out;
}

json to_json(const CriticalReport& r) {
  const Scenario& s = *r.scenario;
  json out;
  out["borderflow_version"] = kBorderflowVersion;
  out["schema_version"] = kJsonSchemaVersion;
  out["scenario"] = {{"name", s.name}, {"description", s.description}, {"files", s.files}};
  out["definitions"] = {{"ranking", critical_ranking_rule()}, {"figures", critical_definitions()}};
  if (!r.background_note.empty()) out["background_note"] = r.background_note;
  json capacities = json::array();
  for (const auto& b : r.base) {
    json item = {{"route", b.route}, {"name", b.name}, {"direction", b.direction}, {"reverse", b.reverse},
                 {"status", to_string(b.status)}};
    item["capacity_t_per_yr"] = b.status == SolveStatus::Optimal ? json(b.capacity_t_per_yr) : json(nullptr);
    if (b.status != SolveStatus::Optimal) item["note"] = b.note;
    capacities.push_back(std::move(item));
  }
  out["base"] = {{"route_capacities", std::move(capacities)},
                 {"routing", r.routed ? routing_json(r.routing_base, false) : json(nullptr)}};
  json elements = json::array();
  for (const auto& c : r.singles) elements.push_back(closure_json(c, r.routed, false));
  out["elements"] = std::move(elements);
  if (r.pairs_asked) {
    json pairs = json::array();
    for (const auto& c : r.pairs) pairs.push_back(closure_json(c, r.routed, true));
    out["pairs"] = {{"candidates", r.pair_candidates}, {"pairs", std::move(pairs)}};
  }
  return out;
}

// --- Table and Markdown ----------------------------------------------------------------------

std::string share_text(double share) { return format_fixed(share * 100.0, 2) + "%"; }

std::vector<std::string> closure_row(const ClosureItem& c, bool routed) {
  std::string worst = "-", lost = "0", share = share_text(0);
  if (c.worst >= 0) {
    const CapacityItem& q = c.capacities[static_cast<std::size_t>(c.worst)];
    worst = q.route + " " + q.direction;
    lost = format_mt(q.lost_t_per_yr);
    share = share_text(q.lost_share);
  }
  std::string cost = "-", unserved = "-";
  if (routed) {
    const bool ok = c.routing.status == SolveStatus::Optimal;
    cost = ok ? format_significant(c.routing.cost_rise_usd_per_yr, 3) : to_string(c.routing.status);
    unserved = ok ? format_mt(c.routing.unserved_rise_t_per_yr) : "";
  }
  std::string losing = std::to_string(c.routes_losing);
  const auto unanswered = std::count_if(c.capacities.begin(), c.capacities.end(),
                                        [](const CapacityItem& q) { return q.status != SolveStatus::Optimal; });
  if (unanswered > 0) losing += " (" + std::to_string(unanswered) + " not answered)";
  return {std::to_string(c.rank), c.label, worst, lost, share, losing, cost, unserved};
}

std::string render_text(const CriticalReport& r, bool markdown, std::size_t top, std::size_t width) {
  std::ostringstream out;
  const auto safe = [markdown](const std::string& line) { return markdown ? escape_markdown(line) : escape_controls(line); };
  auto table = [&](const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows,
                   const std::vector<bool>& right) {
    out << (markdown ? markdown_table(header, rows, right) : text_table(header, rows, right, width));
  };
  auto heading = [&](const std::string& title) { out << "\n" << (markdown ? "### " : "") << title << "\n"; };
  out << (markdown ? "## " : "") << "Scenario " << safe(r.scenario->name) << "\n";
  out << safe(critical_scope(r.singles.size(), r.base.size(), r.routed)) << "\n";
  out << safe(critical_ranking_rule()) << "\n";
  out << safe(critical_definitions()) << "\n";
  if (!r.background_note.empty()) out << safe(r.background_note) << "\n";

  heading(critical_base_heading());
  std::vector<std::vector<std::string>> rows;
  for (const auto& b : r.base) {
    rows.push_back({b.route, b.direction, b.status == SolveStatus::Optimal ? format_mt(b.capacity_t_per_yr) : b.note});
  }
  table(critical_base_columns(), rows, {false, false, true});
  if (r.routed) out << "  " << safe(r.routing_base_text) << "\n";

  const std::vector<bool> right = {true, false, false, true, true, true, true, true};
  heading(critical_singles_heading(std::min(top, r.singles.size()), r.singles.size()));
  rows.clear();
  for (std::size_t i = 0; i < r.singles.size() && i < top; ++i) rows.push_back(closure_row(r.singles[i], r.routed));
  table(critical_closure_columns(false), rows, right);
  if (!r.pairs_asked) return out.str();
  heading(critical_pairs_heading(std::min(top, r.pairs.size()), r.pairs.size(), r.pair_candidates));
  if (r.pairs.empty()) {
    out << "  " << safe(critical_no_pairs_sentence(r.pair_candidates)) << "\n";
    return out.str();
  }
  rows.clear();
  for (std::size_t i = 0; i < r.pairs.size() && i < top; ++i) rows.push_back(closure_row(r.pairs[i], r.routed));
  table(critical_closure_columns(true), rows, right);
  return out.str();
}

// --- CSV -------------------------------------------------------------------------------------

/// The tidy CSV of every run (docs/schema/README.md) with three columns of its own after
/// `value`: closure (base, single, pair), other_kind and other_id (a pair's second element). A
/// closure's records name the closed element in element_kind and element_id; the route
/// question they measure in question and direction; the routing's under question "".
std::string render_csv(const CriticalReport& r) {
  std::string header = kTidyCsvHeader;
  header.pop_back();
  std::string out = header + ",closure,other_kind,other_id\n";
  TidyRecord at;
  at.scenario = r.scenario->name;
  std::string closure;
  ElementItem other;
  auto emit = [&](const std::string& metric, const std::string& unit, double value, int decimals) {
    TidyRecord record = at;
    record.metric = metric;
    record.unit = unit;
    record.value = value;
    record.decimals = decimals;
    std::string line = tidy_csv_line(record);
    line.pop_back();
    out += line + "," + csv_cell(closure) + "," + csv_cell(other.kind) + "," + csv_cell(other.id) + "\n";
  };
  auto flag = [&](const std::string& metric, bool value) { emit(metric, "1", value ? 1 : 0, 0); };
  auto question = [&](const std::string& route, bool reverse) {
    at.question = route;
    at.direction = route.empty() ? "" : reverse ? "reverse" : "forward";
  };
  auto emit_routing = [&](const RoutingItem& routing, bool with_rise) {
    question("", false);
    const bool ok = routing.status == SolveStatus::Optimal;
    flag("routing_solved", ok);
    emit("routing_cost", "USD/yr", ok ? routing.cost_usd_per_yr : NAN, 2);
    if (with_rise) emit("routing_cost_rise", "USD/yr", ok ? routing.cost_rise_usd_per_yr : NAN, 2);
    emit("unserved", "t/yr", ok ? routing.unserved_t_per_yr : NAN, 1);
    if (with_rise) emit("unserved_rise", "t/yr", ok ? routing.unserved_rise_t_per_yr : NAN, 1);
  };
  closure = "base";
  for (const auto& b : r.base) {
    question(b.route, b.reverse);
    at.element_kind = "route";
    at.element_id = b.route;
    const bool ok = b.status == SolveStatus::Optimal;
    flag("solved", ok);
    emit("capacity", "t/yr", ok ? b.capacity_t_per_yr : NAN, 1);
  }
  if (r.routed) {
    at.element_kind = "routing";
    at.element_id = "";
    emit_routing(r.routing_base, false);
  }
  auto emit_closures = [&](const std::string& kind, const std::vector<ClosureItem>& items) {
    closure = kind;
    for (const auto& c : items) {
      at.element_kind = c.elements.empty() ? "" : c.elements[0].kind;
      at.element_id = c.elements.empty() ? "" : c.elements[0].id;
      other = c.elements.size() < 2 ? ElementItem{} : c.elements[1];
      question("", false);
      emit("rank", "1", static_cast<double>(c.rank), 0);
      emit("worst_lost_share", "1", c.worst_share, 6);
      for (const auto& q : c.capacities) {
        question(q.route, q.reverse);
        const bool ok = q.status == SolveStatus::Optimal;
        flag("solved", ok);
        emit("capacity", "t/yr", ok ? q.capacity_t_per_yr : NAN, 1);
        emit("lost", "t/yr", ok ? q.lost_t_per_yr : NAN, 1);
        emit("lost_share", "1", ok ? q.lost_share : NAN, 6);
      }
      if (r.routed) emit_routing(c.routing, true);
    }
  };
  emit_closures("single", r.singles);
  if (r.pairs_asked) emit_closures("pair", r.pairs);
  return out;
}

}  // namespace

json critical_to_json(const SolvedCritical& solved) { return to_json(make_report(solved)); }

std::string render_critical(const SolvedCritical& solved, Format format, std::size_t top, std::size_t width) {
  const CriticalReport report = make_report(solved);
  switch (format) {
    case Format::Json: return to_json(report).dump(2) + "\n";
    case Format::Csv: return render_csv(report);
    case Format::Markdown: return render_text(report, true, top, width);
    case Format::Table: return fit_lines(render_text(report, false, top, width), width);
  }
  return {};
}

}  // namespace borderflow
