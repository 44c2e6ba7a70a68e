#include "report/charts.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <stdexcept>
#include <utility>

#include "core/text.hpp"
#include "report/charts_style.hpp"
#include "report/items.hpp"
#include "report/labels.hpp"
#include "report/time_report.hpp"
#include "solve/route_profile.hpp"
#include "solve/time_answers.hpp"

// The charts choose marks, scales and words; every figure is read from the answers (solve/) or
// the rounded items the text reports print (report/items.hpp, report/time_report.hpp), so a
// chart and a table of the same report cannot disagree. Tonnes per year are drawn in Mt/yr (the
// capacities run to tens of millions), tonnes in a period in kt.

namespace borderflow {
namespace {

using nlohmann::json;
using charts::base_spec;
using charts::number;

constexpr double kTonnesPerMt = 1e6;
constexpr double kTonnesPerKt = 1e3;
/// Bottlenecks of the route questions drawn at most: a chart of more cannot be read.
constexpr std::size_t kMaxBottlenecks = 20;

/// A scenario as the charts show it: its answers, its name on the page, its colour's index.
struct Shown {
  const SolvedScenario* solved = nullptr;
  std::string name;
  std::size_t index = 0;  ///< position among all scenarios (colour and id)
};

json tooltip(const std::string& field, const std::string& title, const std::string& type = "nominal",
             const std::string& format = "") {
  json t = {{"field", field}, {"title", title}, {"type", type}};
  if (!format.empty()) t["format"] = format;
  return t;
}

/// A horizontal bar chart with one bar per (category, scenario): categories down the y axis in
/// `order`, scenarios side by side within a category (yOffset) in their colours, each bar
/// labelled with its value (`label_format`, d3-format) beside its end. Layers: the bars, then the
/// labels of values >= 0 and of values < 0 (set right of and left of the bar's end).
json grouped_bars(const std::string& description, json values, const std::vector<std::string>& order,
                  const std::vector<std::string>& names, const std::string& x_field, const std::string& x_title,
                  json tooltips, const std::string& label_format = ",.2f") {
  const int step = std::max(18, 8 * static_cast<int>(names.size()) + 8);
  json spec = base_spec(description, std::move(values), {{"step", step}});
  const json y = {{"field", "category"}, {"type", "nominal"}, {"sort", order}, {"title", nullptr}};
  const json y_offset = {{"field", "scenario"}, {"type", "nominal"}, {"sort", names}};
  json bars = {{"mark", {{"type", "bar"}, {"tooltip", true}}},
               {"encoding",
                {{"y", y},
                 {"yOffset", y_offset},
                 {"x", {{"field", x_field}, {"type", "quantitative"}, {"title", x_title}}},
                 {"color", {{"field", "scenario"}, {"type", "nominal"}, {"scale", charts::colour_scale(names)}, {"title", "scenario"}}},
                 {"tooltip", std::move(tooltips)}}}};
  auto label = [&](bool negative) {
    return json{{"transform", json::array({{{"filter", "datum['" + x_field + "'] " + (negative ? "<" : ">=") + " 0"}}})},
                {"mark", {{"type", "text"}, {"align", negative ? "right" : "left"}, {"dx", negative ? -3 : 3},
                          {"fontSize", 10}, {"color", "#333333"}}},
                {"encoding",
                 {{"y", y},
                  {"yOffset", y_offset},
                  {"x", {{"field", x_field}, {"type", "quantitative"}}},
                  {"text", {{"field", x_field}, {"type", "quantitative"}, {"format", label_format}}}}}};
  };
  spec["layer"] = json::array({bars, label(false), label(true)});
  return spec;
}

std::string join(const std::vector<std::string>& parts, const std::string& separator) {
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : separator) + p;
  return out;
}

/// Categories in order of first appearance.
void note_category(std::vector<std::string>& order, const std::string& category) {
  if (std::find(order.begin(), order.end(), category) == order.end()) order.push_back(category);
}

std::vector<std::string> names_of(const std::vector<Shown>& shown) {
  std::vector<std::string> out;
  for (const auto& s : shown) out.push_back(s.name);
  return out;
}

bool any_background(const std::vector<Shown>& shown) {
  return std::any_of(shown.begin(), shown.end(), [](const Shown& s) { return !s.solved->scenario().background.empty(); });
}

std::string question_category(const Scenario& scenario, const Route& route, bool reverse) {
  return route.id + ": " + question_words(scenario, route, reverse);
}

// ---- capacity per route question, and deltas -----------------------------------------------

/// A route question's capacity in one scenario; NaN with a note when it is no number.
struct QuestionValue {
  std::string category, route, direction, words, note;
  bool reverse = false;
  double capacity_t_per_yr = std::numeric_limits<double>::quiet_NaN();
  double cost_usd_per_t = std::numeric_limits<double>::quiet_NaN();
};

std::vector<QuestionValue> question_values(const SolvedScenario& solved) {
  const Scenario& s = solved.scenario();
  std::vector<QuestionValue> out;
  for (const auto& c : solved.answer.capacities) {
    const Route& route = s.routes[static_cast<std::size_t>(c.route)];
    QuestionValue v;
    v.category = question_category(s, route, c.reverse);
    v.route = route.id;
    v.reverse = c.reverse;
    v.direction = direction_label(s, route, c.reverse);
    v.words = question_words(s, route, c.reverse);
    if (c.status == SolveStatus::Optimal) {
      v.capacity_t_per_yr = c.capacity_t_per_yr;
      if (c.capacity_t_per_yr > kFlowEpsilon_t_per_yr) v.cost_usd_per_t = c.cost_usd_per_t;
    } else {
      v.note = c.status == SolveStatus::Unbounded ? "unlimited" : status_sentence(c.status);
    }
    out.push_back(std::move(v));
  }
  return out;
}

std::string capacity_word(const std::vector<Shown>& shown) {
  return any_background(shown) ? "spare capacity" : "capacity";
}

std::vector<Chart> capacity_charts(const std::vector<Shown>& shown) {
  std::vector<Chart> out;
  const std::vector<std::string> names = names_of(shown);
  std::vector<std::string> order;
  json values = json::array();
  std::map<std::string, double> base;  // category -> the first scenario's capacity
  std::vector<std::string> unlimited;
  for (std::size_t i = 0; i < shown.size(); ++i) {
    for (const auto& v : question_values(*shown[i].solved)) {
      note_category(order, v.category);
      if (i == 0) base[v.category] = v.capacity_t_per_yr;
      if (!std::isfinite(v.capacity_t_per_yr)) {
        unlimited.push_back(shown[i].name + " " + v.category + " (" + v.note + ")");
        continue;
      }
      values.push_back({{"scenario", shown[i].name},
                        {"category", v.category},
                        {"route", v.route},
                        {"direction", v.direction},
                        {"reverse", v.reverse},
                        {"question", v.words},
                        {"capacity_t_per_yr", number(v.capacity_t_per_yr, 1)},
                        {"capacity_mt_per_yr", number(v.capacity_t_per_yr / kTonnesPerMt, 4)},
                        {"cost_usd_per_t", number(v.cost_usd_per_t, 2)}});
    }
  }
  if (values.empty()) return out;
  const std::string word = capacity_word(shown);
  json tips = json::array({tooltip("scenario", "scenario"), tooltip("route", "route"), tooltip("direction", "direction"),
                           tooltip("question", "question"),
                           tooltip("capacity_mt_per_yr", word + " (Mt/yr)", "quantitative", ",.2f"),
                           tooltip("cost_usd_per_t", "mean cost at capacity (USD/t)", "quantitative", ",.2f")});
  std::string caption = "Maximum flow of each route question and direction (" + word +
                        (any_background(shown) ? " left after the background traffic" : "") +
                        "), in Mt/yr, per scenario; the figures of `borderflow run` and `compare`.";
  if (!unlimited.empty()) caption += " Not drawn: " + join(unlimited, "; ") + ".";
  Chart chart{"capacity", "Route " + word + " by question and direction", caption, {}};
  chart.spec = grouped_bars(caption, values, order, names, "capacity_mt_per_yr", word + " (Mt/yr)", tips);
  out.push_back(std::move(chart));

  if (shown.size() < 2) return out;
  // Deltas against the first scenario: bars from zero, gains to the right, losses to the left.
  json deltas = json::array();
  std::vector<std::string> delta_names(names.begin() + 1, names.end());
  for (std::size_t i = 1; i < shown.size(); ++i) {
    for (const auto& v : question_values(*shown[i].solved)) {
      auto b = base.find(v.category);
      if (b == base.end() || !std::isfinite(b->second) || !std::isfinite(v.capacity_t_per_yr)) continue;
      const double delta = v.capacity_t_per_yr - b->second;
      deltas.push_back({{"scenario", shown[i].name},
                        {"category", v.category},
                        {"route", v.route},
                        {"direction", v.direction},
                        {"reverse", v.reverse},
                        {"base_t_per_yr", number(b->second, 1)},
                        {"capacity_t_per_yr", number(v.capacity_t_per_yr, 1)},
                        {"delta_t_per_yr", number(delta, 1)},
                        {"delta_mt_per_yr", number(delta / kTonnesPerMt, 4)},
                        {"delta_pct", b->second > 0 ? number(100.0 * delta / b->second, 1) : json(nullptr)},
                        {"change", delta > 0.5 ? "gain" : delta < -0.5 ? "loss" : "no change"}});
    }
  }
  if (deltas.empty()) return out;
  const std::string delta_caption = "Change of each route question's " + word + " against " + names.front() +
                                    " (the first scenario), in Mt/yr: right of zero a gain, left a loss.";
  json delta_tips = json::array({tooltip("scenario", "scenario"), tooltip("route", "route"), tooltip("direction", "direction"),
                                 tooltip("base_t_per_yr", names.front() + " (t/yr)", "quantitative", ",.0f"),
                                 tooltip("capacity_t_per_yr", "this scenario (t/yr)", "quantitative", ",.0f"),
                                 tooltip("delta_mt_per_yr", "change (Mt/yr)", "quantitative", "+,.2f"),
                                 tooltip("delta_pct", "change (%)", "quantitative", "+,.1f")});
  Chart delta{"capacity-delta", "Change in route " + word + " against " + names.front(), delta_caption, {}};
  json spec = grouped_bars(delta_caption, deltas, order, delta_names, "delta_mt_per_yr",
                           "change against " + names.front() + " (Mt/yr)", delta_tips, "+,.2f");
  // Keep each scenario's colour (its index among all scenarios), not its index among the deltas.
  json range = json::array();
  for (std::size_t i = 1; i < shown.size(); ++i) range.push_back(charts::series_colours()[shown[i].index % charts::series_colours().size()]);
  spec["layer"][0]["encoding"]["color"]["scale"] = {{"domain", delta_names}, {"range", range}};
  spec["layer"][0]["encoding"]["x"]["axis"] = {{"format", "+,.1f"}};
  // A rule at zero, so gains and losses read against it.
  spec["layer"].push_back({{"mark", {{"type", "rule"}, {"color", "#333333"}}}, {"encoding", {{"x", {{"datum", 0}}}}}});
  delta.spec = std::move(spec);
  out.push_back(std::move(delta));
  return out;
}

// ---- binding capacities ----------------------------------------------------------------------

std::string binding_category(const BindingItem& item) {
  return item.kind + " " + item.id + " " + item.direction;
}

std::vector<Chart> binding_charts(const std::vector<Shown>& shown) {
  std::vector<Chart> out;
  const std::vector<std::string> names = names_of(shown);
  const bool spare = any_background(shown);

  // The routing: what one more t/yr of each binding capacity saves, USD/yr per t/yr = USD/t.
  json routing = json::array();
  std::vector<std::string> routing_order;
  std::size_t other_units = 0;
  for (const auto& s : shown) {
    const Network& network = s.solved->network;
    const RoutingAnswer& r = s.solved->answer.routing;
    if (r.status != SolveStatus::Optimal) continue;
    const auto totals = total_arc_flows(r.solution, network.arcs().size());
    for (const auto& item : binding_items(network, r.binding, totals)) {
      if (item.unit != RowUnit::TonnesPerYear) {
        ++other_units;
        continue;
      }
      note_category(routing_order, binding_category(item));
      routing.push_back({{"scenario", s.name},
                         {"category", binding_category(item)},
                         {"element", item.label},
                         {"name", item.name},
                         {"capacity_mt_per_yr", number((spare ? item.spare : item.capacity) / kTonnesPerMt, 4)},
                         {"used_mt_per_yr", number(item.used / kTonnesPerMt, 4)},
                         {"shadow_price_usd_per_t", number(item.shadow_price, 4)}});
    }
  }
  if (!routing.empty()) {
    std::string caption =
        "Capacities that bind the least-cost routing of the demands, by shadow price: what the routing would save, "
        "in USD per year, for each t/yr more of the capacity (so USD/t). Tooltips give the " +
        std::string(spare ? "spare capacity (after background traffic)" : "capacity") +
        " and the routed tonnes, in Mt/yr; from `borderflow run`, \"Binding capacities\".";
    if (other_units) caption += " Fleets and caps, whose prices are per vehicle or per barrel, are in the tables only.";
    json tips = json::array({tooltip("scenario", "scenario"), tooltip("element", "capacity"), tooltip("name", "name"),
                             tooltip("shadow_price_usd_per_t", "shadow price (USD/t)", "quantitative", ",.2f"),
                             tooltip("capacity_mt_per_yr", std::string(spare ? "spare " : "") + "capacity (Mt/yr)", "quantitative", ",.3f"),
                             tooltip("used_mt_per_yr", "routed (Mt/yr)", "quantitative", ",.3f")});
    Chart chart{"binding-routing", "Binding capacities of the demand routing", caption, {}};
    chart.spec = grouped_bars(caption, routing, routing_order, names, "shadow_price_usd_per_t",
                              "shadow price (USD per t/yr of capacity)", tips);
    out.push_back(std::move(chart));
  }

  // The route questions: each binding capacity once per scenario, with the questions it binds.
  struct Row {
    std::string scenario, category, element, name;
    double capacity = 0, shadow = 0;
    std::vector<std::string> questions;
  };
  std::vector<Row> rows;
  std::vector<std::string> route_order;
  for (const auto& s : shown) {
    const Network& network = s.solved->network;
    const Scenario& sc = s.solved->scenario();
    for (const auto& c : s.solved->answer.capacities) {
      if (c.status != SolveStatus::Optimal) continue;
      const std::string question =
          question_category(sc, sc.routes[static_cast<std::size_t>(c.route)], c.reverse);
      for (const auto& item : binding_items(network, c.bottleneck, c.arc_t_per_yr)) {
        if (item.unit != RowUnit::TonnesPerYear) {
          ++other_units;
          continue;
        }
        const std::string category = binding_category(item);
        note_category(route_order, category);
        auto it = std::find_if(rows.begin(), rows.end(),
                               [&](const Row& r) { return r.scenario == s.name && r.category == category; });
        if (it == rows.end()) {
          rows.push_back({s.name, category, item.label, item.name, spare ? item.spare : item.capacity, item.shadow_price, {}});
          it = rows.end() - 1;
        }
        it->shadow = std::max(it->shadow, item.shadow_price);
        it->questions.push_back(question);
      }
    }
  }
  if (!rows.empty()) {
    // The capacities that bind the most questions first; past kMaxBottlenecks, the tables only.
    std::map<std::string, std::size_t> bound;
    for (const auto& r : rows) bound[r.category] += r.questions.size();
    std::stable_sort(route_order.begin(), route_order.end(),
                     [&](const std::string& a, const std::string& b) { return bound[a] > bound[b]; });
    const std::size_t left_out = route_order.size() > kMaxBottlenecks ? route_order.size() - kMaxBottlenecks : 0;
    if (left_out) route_order.resize(kMaxBottlenecks);
    json values = json::array();
    for (const auto& r : rows) {
      if (std::find(route_order.begin(), route_order.end(), r.category) == route_order.end()) continue;
      values.push_back({{"scenario", r.scenario},
                        {"category", r.category},
                        {"element", r.element},
                        {"name", r.name},
                        {"capacity_mt_per_yr", number(r.capacity / kTonnesPerMt, 4)},
                        {"shadow_price", number(r.shadow, 4)},
                        {"questions", join(r.questions, "; ")},
                        {"question_count", static_cast<int>(r.questions.size())}});
    }
    const std::string word = spare ? "spare capacity" : "capacity";
    const std::string caption =
        "The capacities that hold back the route questions (the bottleneck of each maximum flow), by their " + word +
        " in Mt/yr; tooltips name the questions each one binds and its shadow price (t/yr of route capacity per t/yr "
        "more of it; 1 when it alone is the cut), those binding the most questions first. From `borderflow run`, "
        "\"Route capacities\", bottleneck column." +
        (left_out ? " " + std::to_string(left_out) + " more that bind fewer questions are in the tables." : std::string());
    json tips = json::array({tooltip("scenario", "scenario"), tooltip("element", "capacity"), tooltip("name", "name"),
                             tooltip("capacity_mt_per_yr", word + " (Mt/yr)", "quantitative", ",.3f"),
                             tooltip("shadow_price", "shadow price (t/yr per t/yr)", "quantitative", ",.3f"),
                             tooltip("questions", "binds")});
    Chart chart{"binding-routes", "Bottlenecks of the route questions", caption, {}};
    chart.spec = grouped_bars(caption, values, route_order, names, "capacity_mt_per_yr", word + " (Mt/yr)", tips);
    out.push_back(std::move(chart));
  }
  return out;
}

// ---- flows per crossing and per gauge change --------------------------------------------------

std::vector<Chart> flow_charts(const std::vector<Shown>& shown) {
  std::vector<Chart> out;
  const std::vector<std::string> names = names_of(shown);
  json crossings = json::array(), gauges = json::array();
  std::vector<std::string> crossing_order, gauge_order;
  for (const auto& s : shown) {
    const Network& network = s.solved->network;
    const RoutingAnswer& r = s.solved->answer.routing;
    if (s.solved->scenario().demands.empty() || r.status != SolveStatus::Optimal) continue;
    const auto totals = total_arc_flows(r.solution, network.arcs().size());
    for (const auto& e : element_flows(network, totals)) {
      const bool crossing = e.kind == ElementKind::Crossing;
      if (!crossing && !(e.kind == ElementKind::Transfer && e.gauge_change)) continue;
      // The direction first: a long name is cut at the axis's label limit, the direction must not be.
      const std::string category = e.direction + ": " + (e.name.empty() ? e.id : e.name);
      note_category(crossing ? crossing_order : gauge_order, category);
      (crossing ? crossings : gauges)
          .push_back({{"scenario", s.name},
                      {"category", category},
                      {"id", e.id},
                      {"direction", e.direction},
                      {"flow_t_per_yr", number(e.t_per_yr, 1)},
                      {"flow_mt_per_yr", number(e.t_per_yr / kTonnesPerMt, 4)}});
    }
  }
  auto tips = [](const std::string& what) {
    return json::array({tooltip("scenario", "scenario"), tooltip("id", what), tooltip("direction", "direction"),
                        tooltip("flow_mt_per_yr", "routed (Mt/yr)", "quantitative", ",.3f"),
                        tooltip("flow_t_per_yr", "routed (t/yr)", "quantitative", ",.0f")});
  };
  if (!crossings.empty()) {
    const std::string caption =
        "Tonnes the least-cost routing of the demands carries over each border crossing, per direction of travel "
        "(countries), in Mt/yr; background traffic is not included. From `borderflow run`, the routing's crossings.";
    Chart chart{"crossing-flows", "Routed flows per border crossing and direction", caption, {}};
    chart.spec = grouped_bars(caption, crossings, crossing_order, names, "flow_mt_per_yr", "routed (Mt/yr)", tips("crossing"));
    out.push_back(std::move(chart));
  }
  if (!gauges.empty()) {
    const std::string caption =
        "Tonnes the routing moves through each gauge change (a transfer between rail gauges: bogie exchange or "
        "transload), per direction (gauge from -> to), in Mt/yr. From `borderflow run`, the routing's transfers.";
    Chart chart{"gauge-change-flows", "Routed flows per gauge change", caption, {}};
    chart.spec = grouped_bars(caption, gauges, gauge_order, names, "flow_mt_per_yr", "routed (Mt/yr)", tips("transfer"));
    out.push_back(std::move(chart));
  }
  return out;
}

// ---- time scenarios ---------------------------------------------------------------------------

/// Lines over the periods: one per series, kt per period.
json period_lines(const std::string& description, json values, const std::vector<std::string>& periods,
                  const std::vector<std::string>& series, const std::string& y_title, const std::string& series_title) {
  json spec = base_spec(description, std::move(values), 280);
  spec["mark"] = {{"type", "line"}, {"point", true}, {"tooltip", true}};
  spec["encoding"] = {
      {"x", {{"field", "period"}, {"type", "ordinal"}, {"sort", periods}, {"title", "period"}}},
      {"y", {{"field", "kt"}, {"type", "quantitative"}, {"title", y_title}}},
      {"color", {{"field", "series"}, {"type", "nominal"}, {"scale", charts::colour_scale(series)}, {"title", series_title}}},
      {"tooltip", json::array({tooltip("series", series_title), tooltip("period", "period"),
                               tooltip("kt", y_title, "quantitative", ",.1f")})}};
  return spec;
}

std::vector<Chart> time_charts(const Shown& s) {
  std::vector<Chart> out;
  const TimeReport report = make_time_report(*s.solved);
  const std::string id = std::to_string(s.index + 1) + "-" + charts::slug(s.name);
  const std::string in = " (" + s.name + ")";

  json flows = json::array();
  std::vector<std::string> crossing_series;
  for (const auto& e : report.crossings) {
    crossing_series.push_back(e.heading);
    for (std::size_t p = 0; p < report.labels.size(); ++p) {
      flows.push_back({{"series", e.heading},
                       {"id", e.id},
                       {"direction", e.direction},
                       {"period", report.labels[p]},
                       {"kt", number(e.values_t[0][p] / kTonnesPerKt, 3)}});
    }
  }
  if (!flows.empty()) {
    const std::string caption = "Tonnes the routing carries over each border crossing per " + report.unit +
                                " and direction, in kt, over the horizon" + in +
                                "; from `borderflow run` on the time scenario, \"Flows per crossing\".";
    Chart chart{"time-crossings-" + id, "Flows per crossing over time" + in, caption, {}};
    chart.spec = period_lines(caption, flows, report.labels, crossing_series, "kt per " + report.unit, "crossing, direction");
    out.push_back(std::move(chart));
  }

  // Backlog: due and still to come at a period's end (kDemandMetrics[2]).
  json backlog = json::array();
  std::vector<std::string> demand_series;
  for (const auto& d : report.demands) {
    const auto& values = d.values_t[2];
    if (std::none_of(values.begin(), values.end(), [](double v) { return v > 0; })) continue;
    demand_series.push_back(d.id);
    for (std::size_t p = 0; p < report.labels.size(); ++p) {
      backlog.push_back({{"series", d.id}, {"period", report.labels[p]}, {"kt", number(values[p] / kTonnesPerKt, 3)}});
    }
  }
  if (!backlog.empty()) {
    const std::string caption = "Backlog of each demand that keeps one: tonnes due and still to come at the end of each " +
                                report.unit + ", in kt" + in + "; from `borderflow run`, \"Backlog\".";
    Chart chart{"time-backlog-" + id, "Backlog per demand over time" + in, caption, {}};
    chart.spec = period_lines(caption, backlog, report.labels, demand_series, "backlog (kt)", "demand");
    out.push_back(std::move(chart));
  }
  return out;
}

// ---- time-cost-distance profile ------------------------------------------------------------

/// The question whose profile is drawn in a scenario: `route` forward when it carries anything,
/// else reverse; null when neither does.
const CapacityAnswer* profile_question(const SolvedScenario& solved, const std::string& route) {
  const CapacityAnswer* fallback = nullptr;
  for (const auto& c : solved.answer.capacities) {
    const Route& r = solved.scenario().routes[static_cast<std::size_t>(c.route)];
    if (r.id != route || c.status != SolveStatus::Optimal || c.paths.empty()) continue;
    if (c.paths.front().t_per_yr <= kFlowEpsilon_t_per_yr) continue;
    if (!c.reverse) return &c;
    if (!fallback) fallback = &c;
  }
  return fallback;
}

std::string step_label(const Network& network, const ProfileStep& step) {
  const Scenario& s = network.scenario();
  switch (step.kind) {
    case ProfileStep::Kind::Border: {
      const Crossing& c = s.crossings[static_cast<std::size_t>(step.element)];
      return "border: " + (c.name.empty() ? c.id : c.name);
    }
    case ProfileStep::Kind::Transfer: {
      const NetworkArc& arc = network.arcs()[static_cast<std::size_t>(step.arc)];
      const Transfer& t = s.transfers[static_cast<std::size_t>(step.element)];
      const std::string layers = to_string(network.vertex(arc.tail).layer) + " -> " + to_string(network.vertex(arc.head).layer);
      return (step.gauge_change ? "gauge change " : "transfer ") + layers + " at " +
             s.places[static_cast<std::size_t>(t.place)].name;
    }
    case ProfileStep::Kind::Storage:
      return "held at " + s.places[static_cast<std::size_t>(step.element)].name;
    default:
      return "";
  }
}

const char* step_kind(ProfileStep::Kind kind) {
  switch (kind) {
    case ProfileStep::Kind::Start: return "origin";
    case ProfileStep::Kind::Link: return "link";
    case ProfileStep::Kind::Border: return "border";
    case ProfileStep::Kind::Transfer: return "transfer";
    case ProfileStep::Kind::Storage: return "storage";
  }
  return "";
}

Chart profile_chart(const Shown& s, const CapacityAnswer& question) {
  const Network& network = s.solved->network;
  const Scenario& sc = network.scenario();
  const Route& route = sc.routes[static_cast<std::size_t>(question.route)];
  const PathFlow& path = question.paths.front();  // the largest (answers.cpp sorts them)
  const std::vector<ProfileStep> steps = path_profile(network, path);
  // Days read better than hours once the trip takes more than three days.
  const bool days = path.hours > 72;
  const double hours_per_unit = days ? 24.0 : 1.0;
  const std::string time_unit = days ? "days" : "hours";

  // Jumps at one point (a border post, then a gauge change) share one label, on the last of them.
  std::vector<std::string> labels(steps.size());
  for (std::size_t i = 0; i < steps.size(); ++i) {
    const std::string label = step_label(network, steps[i]);
    if (label.empty()) continue;
    if (i > 0 && !labels[i - 1].empty() && steps[i].step_km == 0) {
      labels[i] = labels[i - 1] + "; " + label;
      labels[i - 1].clear();
    } else {
      labels[i] = label;
    }
  }
  json values = json::array();
  for (std::size_t i = 0; i < steps.size(); ++i) {
    const ProfileStep& step = steps[i];
    const Place& place = sc.places[static_cast<std::size_t>(step.place)];
    values.push_back({{"step", static_cast<int>(i)},
                      {"kind", step_kind(step.kind)},
                      {"place", place.name.empty() ? place.id : place.name},
                      {"km", number(step.cumulative_km, 1)},
                      {"cost_usd_per_t", number(step.cumulative_cost_usd_per_t, 2)},
                      {"time", number(step.cumulative_hours / hours_per_unit, 3)},
                      {"step_cost_usd_per_t", number(step.step_cost_usd_per_t, 2)},
                      {"step_time", number(step.step_hours / hours_per_unit, 3)},
                      {"label", labels[i]}});
  }
  const std::string words = question_words(sc, route, question.reverse);
  const std::string caption =
      "Time-cost-distance profile (ESCAP method) of route " + route.id + " (" + words + ") in " + s.name +
      ": along its largest maximum-flow path (" + format_significant(path.t_per_yr / kTonnesPerMt, 2) +
      " Mt/yr), the cumulative cost in USD/t (solid) and time in " + time_unit +
      " (dashed) against the distance in km; vertical steps are border posts (dwell and fee) and transfers "
      "(gauge changes, transloads). Arc costs and times of the network, transit fees excluded; path from "
      "`borderflow run`, \"paths\" of the route question.";
  const std::string colour = charts::series_colours()[s.index % charts::series_colours().size()];
  const json cost_title = "cumulative cost (USD/t)";
  const json time_title = "cumulative time (" + time_unit + ")";
  json tips = json::array({tooltip("place", "place"), tooltip("kind", "step"), tooltip("label", "at"),
                           tooltip("km", "distance (km)", "quantitative", ",.0f"),
                           tooltip("cost_usd_per_t", "cost (USD/t)", "quantitative", ",.2f"),
                           tooltip("time", "time (" + time_unit + ")", "quantitative", ",.2f")});
  json dash_scale = {{"domain", json::array({"cost (USD/t)", "time (" + time_unit + ")"})},
                     {"range", json::array({json::array({1, 0}), json::array({6, 4})})}};
  auto measure = [](const std::string& name) { return json::array({{{"calculate", "'" + name + "'"}, {"as", "measure"}}}); };
  json x = {{"field", "km"}, {"type", "quantitative"}, {"title", "cumulative distance (km)"}};
  json cost_line = {{"transform", measure("cost (USD/t)")},
                    {"mark", {{"type", "line"}, {"color", colour}, {"strokeWidth", 2.5}, {"point", true}, {"tooltip", true}}},
                    {"encoding",
                     {{"x", x},
                      {"y", {{"field", "cost_usd_per_t"}, {"type", "quantitative"}, {"title", cost_title},
                             {"axis", {{"titleColor", colour}}}}},
                      {"order", {{"field", "step"}}},
                      {"strokeDash", {{"field", "measure"}, {"type", "nominal"}, {"scale", dash_scale}, {"title", nullptr}}},
                      {"tooltip", tips}}}};
  json label_layer = {{"transform", json::array({{{"filter", "datum.label != ''"}}})},
                 {"mark", {{"type", "text"}, {"align", "left"}, {"dx", 6}, {"dy", -6}, {"angle", 0}, {"fontSize", 10},
                           {"color", "#333333"}}},
                 {"encoding",
                  {{"x", x},
                   {"y", {{"field", "cost_usd_per_t"}, {"type", "quantitative"}}},
                   {"text", {{"field", "label"}}}}}};
  json time_line = {{"transform", measure("time (" + time_unit + ")")},
                    {"mark", {{"type", "line"}, {"color", "#555555"}, {"strokeWidth", 1.5}, {"tooltip", true}}},
                    {"encoding",
                     {{"x", x},
                      {"y", {{"field", "time"}, {"type", "quantitative"}, {"title", time_title},
                             {"axis", {{"orient", "right"}, {"grid", false}}}}},
                      {"order", {{"field", "step"}}},
                      {"strokeDash", {{"field", "measure"}, {"type", "nominal"}, {"scale", dash_scale}, {"title", nullptr}}},
                      {"tooltip", tips}}}};
  json spec = base_spec(caption, values, 320);
  spec["layer"] = json::array({{{"layer", json::array({cost_line, label_layer})}}, time_line});
  spec["resolve"] = {{"scale", {{"y", "independent"}}}};
  const std::string id = "profile-" + std::to_string(s.index + 1) + "-" + charts::slug(s.name);
  return Chart{id, "Time-cost-distance profile of " + route.id + " (" + s.name + ")", caption, std::move(spec)};
}

/// The route id of the first question that carries anything, in scenario then question order.
std::string default_profile_route(const std::vector<Shown>& shown) {
  for (const auto& s : shown) {
    for (const auto& c : s.solved->answer.capacities) {
      if (c.status == SolveStatus::Optimal && !c.paths.empty() && c.paths.front().t_per_yr > kFlowEpsilon_t_per_yr) {
        return s.solved->scenario().routes[static_cast<std::size_t>(c.route)].id;
      }
    }
  }
  return "";
}

}  // namespace

std::vector<Chart> scenario_charts(const std::vector<const SolvedScenario*>& scenarios, const std::string& profile_route) {
  std::vector<std::string> raw;
  for (const auto* s : scenarios) raw.push_back(s->scenario().name);
  const std::vector<std::string> names = charts::distinct_names(raw);
  // Time scenarios answer per period (their networks are time-expanded): they get the time
  // charts; the year-long charts compare the others, the first of them the base.
  std::vector<Shown> year, over_time;
  for (std::size_t i = 0; i < scenarios.size(); ++i) {
    (scenarios[i]->time ? over_time : year).push_back({scenarios[i], names[i], i});
  }
  if (!profile_route.empty()) {
    const bool known = std::any_of(scenarios.begin(), scenarios.end(), [&](const SolvedScenario* s) {
      const auto& routes = s->scenario().routes;
      return std::any_of(routes.begin(), routes.end(), [&](const Route& r) { return r.id == profile_route; });
    });
    if (!known) throw std::invalid_argument("no route '" + profile_route + "' in the scenarios charted");
  }

  std::vector<Chart> out;
  auto append = [&out](std::vector<Chart> more) {
    for (auto& c : more) out.push_back(std::move(c));
  };
  if (!year.empty()) {
    append(capacity_charts(year));
    append(binding_charts(year));
    append(flow_charts(year));
  }
  for (const auto& s : over_time) append(time_charts(s));
  const std::string route = profile_route.empty() ? default_profile_route(year) : profile_route;
  if (!route.empty()) {
    for (const auto& s : year) {
      if (const CapacityAnswer* q = profile_question(*s.solved, route)) out.push_back(profile_chart(s, *q));
    }
  }
  return out;
}

}  // namespace borderflow
