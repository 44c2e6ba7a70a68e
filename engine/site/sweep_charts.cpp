#include "site/sweep_charts.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <map>
#include <set>

#include "core/text.hpp"
#include "report/charts_style.hpp"
#include "sweep/store.hpp"
#include "sweep/summary.hpp"

// Every figure comes from summarize_store (sweep/summary.hpp): its statistics, win and
// sensitivity tables, read back from the CSV text it returns, so a chart shows exactly what
// `borderflow sweep summarize` prints. The store itself is opened only for what a summary does not
// carry: the sweep's name and size, its worlds, and its columns' units and roles.

namespace borderflow {
namespace {

using nlohmann::json;
using charts::base_spec;
using charts::number;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// ---- reading the summary's CSV ----------------------------------------------------------------

/// One CSV text (RFC 4180, as core/csv.hpp writes it) as rows of cells; the header is row 0.
/// csv_cell guards a text cell beginning with = + - @ tab or CR by a leading apostrophe: it is
/// taken off again.
std::vector<std::vector<std::string>> parse_csv(const std::string& text) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  std::string cell;
  bool quoted = false, any = false;
  auto end_cell = [&] {
    if (cell.size() >= 2 && cell[0] == '\'' && std::string("=+-@\t\r").find(cell[1]) != std::string::npos) cell.erase(0, 1);
    row.push_back(cell);
    cell.clear();
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    any = true;
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        cell += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        cell += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      end_cell();
    } else if (c == '\n') {
      end_cell();
      rows.push_back(std::move(row));
      row.clear();
      any = false;
    } else if (c != '\r') {
      cell += c;
    }
  }
  if (any) {
    end_cell();
    rows.push_back(std::move(row));
  }
  return rows;
}

/// A CSV table whose cells are read by column name.
class CsvTable {
 public:
  explicit CsvTable(const std::string& text) : rows_(parse_csv(text)) {
    if (rows_.empty()) return;
    for (std::size_t c = 0; c < rows_[0].size(); ++c) columns_[rows_[0][c]] = c;
  }
  std::size_t size() const { return rows_.empty() ? 0 : rows_.size() - 1; }
  const std::string& text(std::size_t row, const std::string& column) const {
    static const std::string none;
    auto it = columns_.find(column);
    const auto& cells = rows_[row + 1];
    return it == columns_.end() || it->second >= cells.size() ? none : cells[it->second];
  }
  /// NaN for an empty cell (summary writes NaN as "").
  double real(std::size_t row, const std::string& column) const {
    const std::string& t = text(row, column);
    if (t.empty()) return kNaN;
    if (t == "inf") return std::numeric_limits<double>::infinity();
    if (t == "-inf") return -std::numeric_limits<double>::infinity();
    return std::strtod(t.c_str(), nullptr);
  }

 private:
  std::vector<std::vector<std::string>> rows_;
  std::map<std::string, std::size_t> columns_;
};

// ---- what the store says about its columns --------------------------------------------------

struct Layout {
  std::string sweep, design;
  std::uint64_t variants = 0;
  std::vector<std::string> worlds;
  std::vector<StoredColumn> columns;
  std::set<std::string> periods;  ///< time sweeps: the labels of delivered.<period> columns

  const StoredColumn* column(const std::string& name) const {
    for (const auto& c : columns) {
      if (c.name == name) return &c;
    }
    return nullptr;
  }
  /// delivered.<p>, backlog.<p>, unserved.<p> of a time sweep: drawn over the periods, not as outputs.
  bool per_period(const std::string& name) const {
    for (const char* metric : {"delivered.", "backlog.", "unserved."}) {
      const std::string prefix = metric;
      if (name.rfind(prefix, 0) == 0 && periods.count(name.substr(prefix.size()))) return true;
    }
    return false;
  }
};

Layout read_layout(const std::string& path) {
  const auto store = SweepStore::open(path, false);
  Layout layout;
  layout.sweep = store->meta("spec_name");
  layout.design = store->meta("design");
  const std::string variants = store->meta("variant_count");
  layout.variants = variants.empty() ? 0 : std::strtoull(variants.c_str(), nullptr, 10);
  layout.worlds = store->world_names();
  layout.columns = store->columns();
  for (const auto& c : layout.columns) {
    if (c.kind == ColumnKind::Output && c.name.rfind("delivered.", 0) == 0) layout.periods.insert(c.name.substr(10));
  }
  return layout;
}

/// How a unit is drawn: tonnes per year in Mt/yr, money per year in million USD/yr, tonnes in
/// kt, shares in per cent.
struct DisplayUnit {
  std::string unit;
  double divisor = 1;
};
DisplayUnit display_unit(const std::string& unit) {
  if (unit == "t/yr") return {"Mt/yr", 1e6};
  if (unit == "USD/yr") return {"million USD/yr", 1e6};
  if (unit == "USD") return {"million USD", 1e6};
  if (unit == "t") return {"kt", 1e3};
  if (unit == "share") return {"%", 0.01};
  return {unit.empty() ? "value" : unit, 1};
}

json tooltip(const std::string& field, const std::string& title, const std::string& type = "nominal",
             const std::string& format = "") {
  json t = {{"field", field}, {"title", title}, {"type", type}};
  if (!format.empty()) t["format"] = format;
  return t;
}

json world_colour(const Layout& layout) {
  json scale = charts::colour_scale(layout.worlds);
  return {{"field", "world"}, {"type", "nominal"}, {"scale", scale}, {"title", "world"}};
}

// ---- distributions ------------------------------------------------------------------------

std::vector<Chart> distribution_charts(const Layout& layout, const CsvTable& stats, const std::string& id) {
  // Per unit, in the order the store's columns first use it: outputs that vary in some world.
  std::vector<std::string> units;
  std::map<std::string, std::vector<std::string>> outputs_of;  // unit -> outputs in column order
  std::map<std::string, std::size_t> constant_of;
  std::map<std::pair<std::string, std::string>, std::size_t> row_of;  // (output, world) -> stats row
  std::set<std::string> varying;
  for (std::size_t r = 0; r < stats.size(); ++r) {
    const std::string& output = stats.text(r, "output");
    const StoredColumn* column = layout.column(output);
    if (!column || column->kind != ColumnKind::Output || layout.per_period(output)) continue;
    row_of[{output, stats.text(r, "world")}] = r;
    if (stats.real(r, "max") > stats.real(r, "min")) varying.insert(output);
  }
  for (const auto& c : layout.columns) {
    if (c.kind != ColumnKind::Output || c.text || layout.per_period(c.name)) continue;
    if (std::find(units.begin(), units.end(), c.unit) == units.end()) units.push_back(c.unit);
    if (varying.count(c.name)) outputs_of[c.unit].push_back(c.name);
    else ++constant_of[c.unit];
  }
  std::vector<Chart> out;
  for (const auto& unit : units) {
    const auto& outputs = outputs_of[unit];
    if (outputs.empty()) continue;
    const DisplayUnit shown = display_unit(unit);
    json values = json::array();
    for (const auto& output : outputs) {
      for (const auto& world : layout.worlds) {
        auto it = row_of.find({output, world});
        if (it == row_of.end()) continue;
        const std::size_t r = it->second;
        json v = {{"output", output}, {"world", world}, {"n", stats.text(r, "n")}, {"missing", stats.text(r, "missing")}};
        for (const char* q : {"min", "p10", "p50", "p90", "max", "mean"}) v[q] = number(stats.real(r, q) / shown.divisor, 4);
        values.push_back(std::move(v));
      }
    }
    const std::string axis = shown.unit == "%" ? "share of variants (%)" : shown.unit;
    std::string caption = "Each output's distribution over the sweep's variants, per world, in " + shown.unit +
                          ": the bar spans P10 to P90, the black tick is the median (P50), the thin line min to max. "
                          "Quantiles as `borderflow sweep summarize` computes them (linear between order statistics).";
    if (constant_of[unit]) {
      caption += " " + std::to_string(constant_of[unit]) + " output(s) in " + (unit.empty() ? "no unit" : unit) +
                 " are the same in every variant and are not drawn.";
    }
    const int step = std::max(18, 8 * static_cast<int>(layout.worlds.size()) + 10);
    json spec = base_spec(caption, values, {{"step", step}});
    json y = {{"field", "output"}, {"type", "nominal"}, {"sort", outputs}, {"title", nullptr}};
    json y_offset = {{"field", "world"}, {"type", "nominal"}, {"sort", layout.worlds}};
    json tips = json::array({tooltip("output", "output"), tooltip("world", "world"),
                             tooltip("p10", "P10 (" + shown.unit + ")", "quantitative", ",.3~f"),
                             tooltip("p50", "P50 (" + shown.unit + ")", "quantitative", ",.3~f"),
                             tooltip("p90", "P90 (" + shown.unit + ")", "quantitative", ",.3~f"),
                             tooltip("min", "min", "quantitative", ",.3~f"), tooltip("max", "max", "quantitative", ",.3~f"),
                             tooltip("n", "variants"), tooltip("missing", "without a value")});
    json range = {{"mark", {{"type", "rule"}, {"tooltip", true}}},
                  {"encoding",
                   {{"y", y}, {"yOffset", y_offset},
                    {"x", {{"field", "min"}, {"type", "quantitative"}, {"title", axis}}},
                    {"x2", {{"field", "max"}}}, {"color", world_colour(layout)}, {"tooltip", tips}}}};
    json band = {{"mark", {{"type", "bar"}, {"tooltip", true}, {"height", {{"band", 0.8}}}}},
                 {"encoding",
                  {{"y", y}, {"yOffset", y_offset}, {"x", {{"field", "p10"}, {"type", "quantitative"}}},
                   {"x2", {{"field", "p90"}}}, {"color", world_colour(layout)}, {"tooltip", tips}}}};
    json median = {{"mark", {{"type", "tick"}, {"color", "black"}, {"thickness", 2}, {"tooltip", true}}},
                   {"encoding",
                    {{"y", y}, {"yOffset", y_offset}, {"x", {{"field", "p50"}, {"type", "quantitative"}}}, {"tooltip", tips}}}};
    spec["layer"] = json::array({range, band, median});
    const std::string title = "Distributions (" + shown.unit + ")";
    out.push_back({id + "-distribution-" + charts::slug(shown.unit), title + ": " + layout.sweep, caption, std::move(spec)});
  }
  return out;
}

/// Bins of a histogram.
constexpr int kHistogramBins = 30;

/// Each varying output's histogram per world, one output at a time (chosen in a list under the
/// chart), with its P10, P50 and P90 per world as rules. The values are binned here, from the
/// store's rows, so the page holds counts rather than every variant's value; bins span the
/// output's range over all worlds, so the worlds' bars line up.
std::vector<Chart> histogram_charts(const std::string& path, const Layout& layout, const CsvTable& stats,
                                    const std::string& id) {
  struct Range {
    double low = std::numeric_limits<double>::infinity(), high = -std::numeric_limits<double>::infinity();
  };
  std::map<std::string, Range> ranges;
  std::map<std::pair<std::string, std::string>, std::size_t> row_of;
  for (std::size_t r = 0; r < stats.size(); ++r) {
    const std::string& output = stats.text(r, "output");
    const StoredColumn* column = layout.column(output);
    if (!column || column->kind != ColumnKind::Output || layout.per_period(output)) continue;
    row_of[{output, stats.text(r, "world")}] = r;
    Range& range = ranges[output];
    if (std::isfinite(stats.real(r, "min"))) range.low = std::min(range.low, stats.real(r, "min"));
    if (std::isfinite(stats.real(r, "max"))) range.high = std::max(range.high, stats.real(r, "max"));
  }
  std::vector<std::string> outputs, labels;
  json bars = json::array(), quantiles = json::array();
  const auto store = SweepStore::open(path, false);
  for (const auto& c : layout.columns) {
    if (c.kind != ColumnKind::Output || c.text || layout.per_period(c.name)) continue;
    auto range = ranges.find(c.name);
    if (range == ranges.end() || !(range->second.high > range->second.low)) continue;
    const DisplayUnit shown = display_unit(c.unit);
    const double low = range->second.low, width = (range->second.high - low) / kHistogramBins;
    std::vector<std::vector<std::uint64_t>> counts(layout.worlds.size(), std::vector<std::uint64_t>(kHistogramBins, 0));
    std::vector<std::uint64_t> n(layout.worlds.size(), 0);
    sqlite::Statement q = store->query("SELECT world_index, " + sqlite::quote_identifier(c.name) +
                                       " FROM rows WHERE status = 'ok'");
    while (q.step()) {
      const auto w = static_cast<std::size_t>(q.integer(0));
      if (w >= layout.worlds.size() || q.is_null(1)) continue;
      const double v = q.real(1);
      if (!std::isfinite(v)) continue;
      const int bin = std::clamp(static_cast<int>(std::floor((v - low) / width)), 0, kHistogramBins - 1);
      ++counts[w][static_cast<std::size_t>(bin)];
      ++n[w];
    }
    outputs.push_back(c.name);
    labels.push_back(c.name + " (" + shown.unit + ")");
    for (std::size_t w = 0; w < layout.worlds.size(); ++w) {
      if (n[w] == 0) continue;
      for (int b = 0; b < kHistogramBins; ++b) {
        const std::uint64_t count = counts[w][static_cast<std::size_t>(b)];
        if (count == 0) continue;
        bars.push_back({{"output", c.name},
                        {"world", layout.worlds[w]},
                        {"from", number((low + b * width) / shown.divisor, 6)},
                        {"to", number((low + (b + 1) * width) / shown.divisor, 6)},
                        {"variants", count},
                        {"share_pct", number(100.0 * static_cast<double>(count) / static_cast<double>(n[w]), 3)},
                        {"unit", shown.unit}});
      }
      auto r = row_of.find({c.name, layout.worlds[w]});
      if (r == row_of.end()) continue;
      for (const char* quantile : {"p10", "p50", "p90"}) {
        quantiles.push_back({{"output", c.name},
                             {"world", layout.worlds[w]},
                             {"quantile", std::string(quantile) == "p10" ? "P10" : std::string(quantile) == "p50" ? "P50" : "P90"},
                             {"value", number(stats.real(r->second, quantile) / shown.divisor, 6)},
                             {"unit", shown.unit}});
      }
    }
  }
  std::vector<Chart> out;
  if (outputs.empty()) return out;
  const std::string caption =
      "How each output is distributed over the sweep's variants, per world: the share of variants in each of " +
      std::to_string(kHistogramBins) + " equal bins over the output's range, with P10 and P90 (dashed) and P50 (solid) "
      "per world. Choose the output in the list below the chart (unit in brackets: t/yr drawn as Mt/yr, USD/yr as "
      "million USD/yr). Bins counted from the store's rows; quantiles from `borderflow sweep summarize`.";
  json spec = base_spec(caption, bars, 260);
  spec["params"] = json::array({{{"name", "output"},
                                 {"value", outputs.front()},
                                 {"bind", {{"input", "select"}, {"options", outputs}, {"labels", labels}, {"name", "output: "}}}}});
  const json only_chosen = json::array({{{"filter", "datum.output == output"}}});
  json histogram = {{"transform", only_chosen},
                    {"mark", {{"type", "bar"}, {"opacity", 0.6}, {"tooltip", true}, {"binSpacing", 0}}},
                    {"encoding",
                     {{"x", {{"field", "from"}, {"type", "quantitative"}, {"title", "value of the chosen output"}}},
                      {"x2", {{"field", "to"}}},
                      {"y", {{"field", "share_pct"}, {"type", "quantitative"}, {"stack", nullptr}, {"title", "share of variants (%)"}}},
                      {"y2", {{"datum", 0}}},
                      {"color", world_colour(layout)},
                      {"tooltip", json::array({tooltip("world", "world"), tooltip("from", "from", "quantitative", ",.4~f"),
                                               tooltip("to", "to", "quantitative", ",.4~f"), tooltip("unit", "unit"),
                                               tooltip("variants", "variants"),
                                               tooltip("share_pct", "share (%)", "quantitative", ".1f")})}}}};
  json marks = {{"data", {{"values", quantiles}}},
                {"transform", only_chosen},
                {"mark", {{"type", "rule"}, {"strokeWidth", 2}, {"tooltip", true}}},
                {"encoding",
                 {{"x", {{"field", "value"}, {"type", "quantitative"}}},
                  {"color", world_colour(layout)},
                  {"strokeDash", {{"field", "quantile"}, {"type", "nominal"},
                                  {"scale", {{"domain", json::array({"P10", "P50", "P90"})},
                                             {"range", json::array({json::array({4, 3}), json::array({1, 0}), json::array({4, 3})})}}},
                                  {"title", "quantile"}}},
                  {"tooltip", json::array({tooltip("world", "world"), tooltip("quantile", "quantile"),
                                           tooltip("value", "value", "quantitative", ",.4~f"), tooltip("unit", "unit")})}}}};
  spec["layer"] = json::array({histogram, marks});
  out.push_back({id + "-histogram", "Histograms of the outputs: " + layout.sweep, caption, std::move(spec)});
  return out;
}

/// A time sweep: per period the P10-P90 band and the median of the tonnes delivered, in backlog
/// and unserved, one chart per world.
std::vector<Chart> over_time_charts(const Layout& layout, const CsvTable& stats, const std::string& id) {
  std::vector<Chart> out;
  if (layout.periods.empty()) return out;
  std::vector<std::string> periods;  // in column order
  for (const auto& c : layout.columns) {
    if (c.kind == ColumnKind::Output && c.name.rfind("delivered.", 0) == 0) periods.push_back(c.name.substr(10));
  }
  const std::vector<std::string> metrics = {"delivered", "backlog", "unserved"};
  for (const auto& world : layout.worlds) {
    json values = json::array();
    for (std::size_t r = 0; r < stats.size(); ++r) {
      if (stats.text(r, "world") != world) continue;
      const std::string& output = stats.text(r, "output");
      if (!layout.per_period(output)) continue;
      const std::size_t dot = output.find('.');
      values.push_back({{"metric", output.substr(0, dot)},
                        {"period", output.substr(dot + 1)},
                        {"p10", number(stats.real(r, "p10") / 1e3, 3)},
                        {"p50", number(stats.real(r, "p50") / 1e3, 3)},
                        {"p90", number(stats.real(r, "p90") / 1e3, 3)}});
    }
    if (values.empty()) continue;
    const std::string in = layout.worlds.size() > 1 ? " (" + world + ")" : "";
    const std::string caption = "Tonnes delivered, in backlog (due and still to come at the period's end) and never "
                                "delivered, per period over the sampled variants" + in +
                                ", in kt: the band spans P10 to P90, the line is the median (P50).";
    json colour = {{"field", "metric"}, {"type", "nominal"}, {"scale", charts::colour_scale(metrics)}, {"title", nullptr}};
    json x = {{"field", "period"}, {"type", "ordinal"}, {"sort", periods}, {"title", "period"}};
    json tips = json::array({tooltip("metric", "tonnes"), tooltip("period", "period"),
                             tooltip("p10", "P10 (kt)", "quantitative", ",.1f"), tooltip("p50", "P50 (kt)", "quantitative", ",.1f"),
                             tooltip("p90", "P90 (kt)", "quantitative", ",.1f")});
    json band = {{"mark", {{"type", "area"}, {"opacity", 0.25}}},
                 {"encoding", {{"x", x}, {"y", {{"field", "p10"}, {"type", "quantitative"}, {"title", "kt per period"}}},
                               {"y2", {{"field", "p90"}}}, {"color", colour}}}};
    json line = {{"mark", {{"type", "line"}, {"point", true}, {"tooltip", true}}},
                 {"encoding", {{"x", x}, {"y", {{"field", "p50"}, {"type", "quantitative"}}}, {"color", colour}, {"tooltip", tips}}}};
    json spec = base_spec(caption, values, 280);
    spec["layer"] = json::array({band, line});
    out.push_back({id + "-over-time-" + charts::slug(world), "Tonnes per period over the variants" + in + ": " + layout.sweep,
                   caption, std::move(spec)});
  }
  return out;
}

// ---- matched-pair win shares --------------------------------------------------------------

std::vector<Chart> win_charts(const Layout& layout, const CsvTable& wins, const std::string& id) {
  std::vector<Chart> out;
  if (layout.worlds.size() < 2) return out;
  const std::string& reference = layout.worlds.front();
  for (std::size_t w = 1; w < layout.worlds.size(); ++w) {
    const std::string& world = layout.worlds[w];
    const std::string world_better = world + " better", tie = "tie", reference_better = reference + " better";
    json values = json::array();
    std::vector<std::string> outputs;
    std::size_t all_ties = 0;
    for (std::size_t r = 0; r < wins.size(); ++r) {
      if (wins.text(r, "world") != world) continue;
      const std::string& output = wins.text(r, "output");
      const StoredColumn* column = layout.column(output);
      if (!column || column->better == 0 || layout.per_period(output)) continue;
      const double n = wins.real(r, "n");
      if (!(n > 0)) continue;
      if (wins.real(r, "ties") == n) {
        ++all_ties;
        continue;
      }
      outputs.push_back(output);
      const DisplayUnit shown = display_unit(column->unit);
      const std::string better = column->better > 0 ? "higher" : "lower";
      const std::vector<std::pair<std::string, std::string>> parts = {
          {world_better, "world_wins"}, {tie, "ties"}, {reference_better, "reference_wins"}};
      for (std::size_t k = 0; k < parts.size(); ++k) {
        values.push_back({{"output", output},
                          {"outcome", parts[k].first},
                          {"order", static_cast<int>(k)},
                          {"share_pct", number(100.0 * wins.real(r, parts[k].second) / n, 2)},
                          {"variants", static_cast<long long>(wins.real(r, parts[k].second))},
                          {"n", static_cast<long long>(n)},
                          {"better", better},
                          {"delta_p10", number(wins.real(r, "delta_p10") / shown.divisor, 4)},
                          {"delta_p50", number(wins.real(r, "delta_p50") / shown.divisor, 4)},
                          {"delta_p90", number(wins.real(r, "delta_p90") / shown.divisor, 4)},
                          {"delta_unit", shown.unit}});
      }
    }
    if (outputs.empty()) continue;
    std::string caption = "Matched pairs: each variant's draw of the inputs answered in " + world + " and in " + reference +
                          "; the share of variants in which each world does better on the output (higher capacity, "
                          "lower cost or unserved tonnes), and the ties (within solver noise). From `borderflow sweep "
                          "summarize`, \"Matched pairs\"; tooltips give the delta (" + world + " - " + reference + ") P10-P50-P90.";
    if (all_ties) caption += " " + std::to_string(all_ties) + " output(s) tie in every variant and are not drawn.";
    const int step = 22;
    json spec = base_spec(caption, values, {{"step", step}});
    json colours = {{"domain", json::array({world_better, tie, reference_better})},
                    {"range", json::array({charts::series_colours()[w % charts::series_colours().size()],
                                           charts::kNeutralColour, charts::series_colours()[0]})}};
    spec["mark"] = {{"type", "bar"}, {"tooltip", true}};
    spec["encoding"] = {
        {"y", {{"field", "output"}, {"type", "nominal"}, {"sort", outputs}, {"title", nullptr}}},
        {"x", {{"field", "share_pct"}, {"type", "quantitative"}, {"stack", "zero"}, {"title", "share of matched variants (%)"},
               {"scale", {{"domain", json::array({0, 100})}}}}},
        {"color", {{"field", "outcome"}, {"type", "nominal"}, {"scale", colours}, {"title", nullptr}}},
        {"order", {{"field", "order"}, {"type", "quantitative"}}},
        {"tooltip", json::array({tooltip("output", "output"), tooltip("outcome", "outcome"),
                                 tooltip("share_pct", "share (%)", "quantitative", ".1f"), tooltip("variants", "variants"),
                                 tooltip("better", "better is"), tooltip("delta_p10", "delta P10", "quantitative", ",.3~f"),
                                 tooltip("delta_p50", "delta P50", "quantitative", ",.3~f"),
                                 tooltip("delta_p90", "delta P90", "quantitative", ",.3~f"), tooltip("delta_unit", "unit")})}};
    out.push_back({id + "-wins-" + charts::slug(world), "Win shares, " + world + " against " + reference + ": " + layout.sweep,
                   caption, std::move(spec)});
  }
  return out;
}

// ---- sensitivity (tornado) ------------------------------------------------------------------

/// Parameters drawn per output.
constexpr std::size_t kTornadoParameters = 8;

/// The outputs whose sensitivities are charted: the route capacities when the sweep has any
/// (the headline questions), else every real output; never a per-period column of a time sweep.
std::vector<std::string> headline_outputs(const Layout& layout) {
  std::vector<std::string> capacities, all;
  for (const auto& c : layout.columns) {
    if (c.kind != ColumnKind::Output || c.text || layout.per_period(c.name)) continue;
    all.push_back(c.name);
    if (c.name.rfind("capacity.", 0) == 0) capacities.push_back(c.name);
  }
  return capacities.empty() ? all : capacities;
}

std::vector<Chart> sensitivity_charts(const Layout& layout, const CsvTable& sensitivity, const std::string& id) {
  std::vector<Chart> out;
  const bool sobol = layout.design == "sobol", morris = layout.design == "morris";
  const std::string field = sobol ? "st" : morris ? "mu_star" : "src";
  const std::string measure = sobol ? "total Sobol index ST" : morris ? "Morris mu* (output units per unit range)"
                                                                       : "standardised regression coefficient SRC";
  const std::vector<std::string> headline = headline_outputs(layout);
  // Per output: (parameter, world) -> measure; and R^2 per (output, world).
  std::map<std::string, std::map<std::pair<std::string, std::string>, double>> measure_of;
  std::map<std::pair<std::string, std::string>, double> r2_of;
  for (std::size_t r = 0; r < sensitivity.size(); ++r) {
    const std::string& output = sensitivity.text(r, "output");
    if (std::find(headline.begin(), headline.end(), output) == headline.end()) continue;
    const double v = sensitivity.real(r, field);
    if (!std::isfinite(v)) continue;
    measure_of[output][{sensitivity.text(r, "parameter"), sensitivity.text(r, "world")}] = v;
    r2_of[{output, sensitivity.text(r, "world")}] = sensitivity.real(r, "r2");
  }
  json values = json::array();
  std::vector<std::string> outputs;
  for (const auto& output : headline) {
    auto it = measure_of.find(output);
    if (it == measure_of.end()) continue;
    // Rank parameters by their largest |measure| over the worlds; keep the first few that move it.
    std::map<std::string, double> strength;
    for (const auto& [key, v] : it->second) strength[key.first] = std::max(strength[key.first], std::abs(v));
    std::vector<std::pair<double, std::string>> ranked;
    for (const auto& [parameter, s] : strength) {
      if (s > 0) ranked.emplace_back(-s, parameter);
    }
    std::sort(ranked.begin(), ranked.end());
    if (ranked.empty()) continue;
    if (ranked.size() > kTornadoParameters) ranked.resize(kTornadoParameters);
    outputs.push_back(output);
    for (std::size_t k = 0; k < ranked.size(); ++k) {
      const std::string& parameter = ranked[k].second;
      const StoredColumn* column = layout.column(parameter);
      for (const auto& world : layout.worlds) {
        auto m = it->second.find({parameter, world});
        if (m == it->second.end()) continue;
        values.push_back({{"output", output},
                          {"parameter", parameter},
                          {"parameter_unit", column ? column->unit : ""},
                          {"rank", static_cast<int>(k + 1)},
                          {"world", world},
                          {"value", number(m->second, 4)},
                          {"r2", number(r2_of[{output, world}], 3)}});
      }
    }
  }
  if (outputs.empty()) return out;
  std::string caption = "Which swept inputs move each headline output most, ranked by the " + measure +
                        " that `borderflow sweep summarize` computes (largest over the worlds first; the " +
                        std::to_string(kTornadoParameters) + " strongest shown). Choose the output in the list below the chart.";
  if (!sobol && !morris) {
    caption += " SRC: the change of the output, in its standard deviations, per standard deviation of the input, from a "
               "linear fit over all variants (R2 in the tooltip says how well a line fits); the sign says the direction.";
  }
  json spec = base_spec(caption, values, {{"step", std::max(18, 8 * static_cast<int>(layout.worlds.size()) + 10)}});
  spec["params"] = json::array({{{"name", "output"},
                                 {"value", outputs.front()},
                                 {"bind", {{"input", "select"}, {"options", outputs}, {"name", "output: "}}}}});
  spec["transform"] = json::array({{{"filter", "datum.output == output"}}});
  json tips = json::array({tooltip("output", "output"), tooltip("parameter", "input"), tooltip("parameter_unit", "input unit"),
                           tooltip("world", "world"), tooltip("rank", "rank"),
                           tooltip("value", sobol ? "ST" : morris ? "mu*" : "SRC", "quantitative", ".3f")});
  if (!sobol && !morris) tips.push_back(tooltip("r2", "R2 of the fit", "quantitative", ".2f"));
  json bars = {{"mark", {{"type", "bar"}, {"tooltip", true}}},
               {"encoding",
                {{"y", {{"field", "parameter"}, {"type", "nominal"}, {"sort", {{"field", "rank"}, {"op", "min"}}}, {"title", nullptr}}},
                 {"yOffset", {{"field", "world"}, {"type", "nominal"}, {"sort", layout.worlds}}},
                 {"x", {{"field", "value"}, {"type", "quantitative"}, {"title", sobol ? "ST" : morris ? "mu*" : "SRC"}}},
                 {"color", world_colour(layout)},
                 {"tooltip", tips}}}};
  json zero = {{"mark", {{"type", "rule"}, {"color", "#333333"}}}, {"encoding", {{"x", {{"datum", 0}}}}}};
  spec["layer"] = json::array({bars, zero});
  out.push_back({id + "-sensitivity", "Sensitivity of the headline outputs: " + layout.sweep, caption, std::move(spec)});
  return out;
}

}  // namespace

SweepSection sweep_section(const std::string& path) {
  const Layout layout = read_layout(path);
  const Summary summary = summarize_store(path);
  SweepSection section;
  section.sweep = layout.sweep;
  section.file = path;
  section.variants = layout.variants;
  section.worlds = layout.worlds;
  const std::string id = "sweep-" + (layout.sweep.empty() ? std::string("store") : charts::slug(layout.sweep));
  const CsvTable stats(summary.stats_csv), wins(summary.wins_csv), sensitivity(summary.sensitivity_csv);
  auto append = [&section](std::vector<Chart> more) {
    for (auto& c : more) section.charts.push_back(std::move(c));
  };
  append(distribution_charts(layout, stats, id));
  append(histogram_charts(path, layout, stats, id));
  append(over_time_charts(layout, stats, id));
  append(win_charts(layout, wins, id));
  append(sensitivity_charts(layout, sensitivity, id));
  return section;
}

}  // namespace borderflow
