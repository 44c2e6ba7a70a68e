#include "sweep/summary.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <map>
#include <vector>

#include "core/csv.hpp"
#include "core/table.hpp"
#include "core/text.hpp"
#include "sweep/design.hpp"
#include "sweep/statistics.hpp"
#include "sweep/store.hpp"

// Three stages: read what the store holds (its layout and row counts), accumulate statistics
// by streaming the rows through statistics.hpp, render the text report and the three CSVs.

namespace borderflow {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// ---- read -----------------------------------------------------------------------------------

/// The store's columns sorted by role, its worlds and metadata.
struct Layout {
  std::vector<StoredColumn> columns;
  std::vector<std::string> worlds;
  std::map<std::string, std::string> meta;
  std::vector<int> parameters, real_outputs, text_outputs, delta_columns;  // indices into columns
  std::string design;

  const StoredColumn& column(int c) const { return columns[static_cast<std::size_t>(c)]; }
  std::size_t world_count() const { return worlds.size(); }
  std::size_t parameter_count() const { return parameters.size(); }
  std::string meta_of(const std::string& key) const {
    auto it = meta.find(key);
    return it == meta.end() ? std::string() : it->second;
  }
  bool sobol() const { return design == "sobol"; }
  bool morris() const { return design == "morris"; }
};

Layout read_layout(const SweepStore& store) {
  Layout layout;
  layout.columns = store.columns();
  layout.worlds = store.world_names();
  layout.meta = store.all_meta();
  layout.design = layout.meta_of("design");
  for (std::size_t c = 0; c < layout.columns.size(); ++c) {
    const StoredColumn& column = layout.columns[c];
    if (column.kind == ColumnKind::Parameter) layout.parameters.push_back(static_cast<int>(c));
    else if (column.kind == ColumnKind::Delta) layout.delta_columns.push_back(static_cast<int>(c));
    else if (column.text) layout.text_outputs.push_back(static_cast<int>(c));
    else layout.real_outputs.push_back(static_cast<int>(c));
  }
  return layout;
}

struct RowCounts {
  std::vector<std::uint64_t> ok, failed;  // per world
  std::uint64_t total_ok = 0, total_failed = 0;
};

RowCounts count_rows(const SweepStore& store, const Layout& layout) {
  const std::size_t world_count = layout.world_count();
  RowCounts counts{std::vector<std::uint64_t>(world_count, 0), std::vector<std::uint64_t>(world_count, 0)};
  sqlite::Statement q = store.query("SELECT world_index, status = 'ok', count(*) FROM rows GROUP BY world_index, status = 'ok'");
  while (q.step()) {
    const auto w = static_cast<std::size_t>(q.integer(0));
    if (w >= world_count) continue;
    (q.integer(1) ? counts.ok[w] : counts.failed[w]) += static_cast<std::uint64_t>(q.integer(2));
  }
  for (std::size_t w = 0; w < world_count; ++w) {
    counts.total_ok += counts.ok[w];
    counts.total_failed += counts.failed[w];
  }
  return counts;
}

/// SELECT world_index, <columns ...> FROM rows WHERE status = 'ok' <and>.
std::string select_ok(const Layout& layout, const std::vector<int>& columns, std::size_t start, std::size_t end,
                      const std::string& and_where = "") {
  std::string sql = "SELECT world_index";
  for (std::size_t i = start; i < end; ++i) sql += ", " + sqlite::quote_identifier(layout.column(columns[i]).name);
  return sql + " FROM rows WHERE status = 'ok'" + and_where;
}

// ---- accumulate -----------------------------------------------------------------------------

using ColumnWorld = std::pair<int, std::size_t>;  // (column index, world index)

/// Real outputs, then deltas: the columns with a distribution.
std::vector<int> stat_columns(const Layout& layout) {
  std::vector<int> out = layout.real_outputs;
  out.insert(out.end(), layout.delta_columns.begin(), layout.delta_columns.end());
  return out;
}

/// The distribution of every real output and delta per world (deltas from the second world on),
/// a batch of columns per scan so that the values held stay under a few million.
std::map<ColumnWorld, SampleStats> collect_stats(const SweepStore& store, const Layout& layout, const RowCounts& counts) {
  const std::size_t world_count = layout.world_count();
  const std::vector<int> columns = stat_columns(layout);
  std::map<ColumnWorld, SampleStats> stats;
  const std::uint64_t max_rows = *std::max_element(counts.ok.begin(), counts.ok.end());
  const std::size_t batch =
      std::max<std::size_t>(1, static_cast<std::size_t>(4000000 / std::max<std::uint64_t>(1, max_rows * world_count)));
  for (std::size_t start = 0; start < columns.size(); start += batch) {
    const std::size_t end = std::min(columns.size(), start + batch);
    std::vector<std::vector<std::vector<double>>> values(end - start, std::vector<std::vector<double>>(world_count));
    sqlite::Statement q = store.query(select_ok(layout, columns, start, end));
    while (q.step()) {
      const auto w = static_cast<std::size_t>(q.integer(0));
      if (w >= world_count) continue;
      for (std::size_t i = start; i < end; ++i) {
        const int col = static_cast<int>(i - start) + 1;
        if (!q.is_null(col)) values[i - start][w].push_back(q.real(col));
      }
    }
    for (std::size_t i = start; i < end; ++i) {
      for (std::size_t w = 0; w < world_count; ++w) {
        if (layout.column(columns[i]).kind == ColumnKind::Delta && w == 0) continue;
        stats[{columns[i], w}] = sample_stats(values[i - start][w], counts.ok[w]);
      }
    }
  }
  return stats;
}

const SampleStats& stats_at(const std::map<ColumnWorld, SampleStats>& stats, int column, std::size_t world) {
  static const SampleStats none;
  auto it = stats.find({column, world});
  return it == stats.end() ? none : it->second;
}

/// The values of a text output with their counts, commonest first.
using Tally = std::vector<std::pair<std::uint64_t, std::string>>;

std::map<ColumnWorld, Tally> collect_commonest(const SweepStore& store, const Layout& layout) {
  std::map<ColumnWorld, Tally> commonest;
  for (int c : layout.text_outputs) {
    sqlite::Statement q = store.query("SELECT world_index, " + sqlite::quote_identifier(layout.column(c).name) +
                                      ", count(*) FROM rows WHERE status = 'ok' GROUP BY 1, 2 ORDER BY 1, 3 DESC, 2");
    while (q.step()) {
      const auto w = static_cast<std::size_t>(q.integer(0));
      commonest[{c, w}].emplace_back(static_cast<std::uint64_t>(q.integer(2)), q.is_null(1) ? "(none)" : q.text(1));
    }
  }
  return commonest;
}

/// Ties in a matched pair: differences below these are solver noise, not a win.
double tie_tolerance(const std::string& unit) {
  if (unit == "t/yr") return 0.5;
  if (unit == "USD/t") return 1e-4;
  if (unit == "USD/yr") return 1.0;
  return 1e-9;
}

struct Wins {
  std::uint64_t n = 0, world = 0, reference = 0, ties = 0;
};

/// Per delta with a direction and per world after the first: who wins each matched pair.
std::map<ColumnWorld, Wins> collect_wins(const SweepStore& store, const Layout& layout) {
  std::map<ColumnWorld, Wins> wins;
  if (layout.world_count() <= 1) return wins;
  std::vector<int> directed;
  for (int c : layout.delta_columns) {
    if (layout.column(layout.column(c).source).better != 0) directed.push_back(c);
  }
  for (std::size_t start = 0; start < directed.size(); start += 200) {
    const std::size_t end = std::min(directed.size(), start + 200);
    sqlite::Statement q = store.query(select_ok(layout, directed, start, end, " AND world_index > 0"));
    while (q.step()) {
      const auto w = static_cast<std::size_t>(q.integer(0));
      for (std::size_t i = start; i < end; ++i) {
        const int col = static_cast<int>(i - start) + 1;
        if (q.is_null(col)) continue;
        const StoredColumn& source = layout.column(layout.column(directed[i]).source);
        const double signed_delta = q.real(col) * source.better;
        Wins& tally = wins[{directed[i], w}];
        ++tally.n;
        if (signed_delta > tie_tolerance(source.unit)) ++tally.world;
        else if (signed_delta < -tie_tolerance(source.unit)) ++tally.reference;
        else ++tally.ties;
      }
    }
  }
  return wins;
}

/// An output in a world whose sensitivities are estimated.
struct Target {
  int column = -1;
  std::size_t world = 0;
};

/// Every non-constant real output in every world, and every non-constant delta.
std::vector<Target> choose_targets(const Layout& layout, const std::map<ColumnWorld, SampleStats>& stats) {
  std::vector<Target> targets;
  for (int c : layout.real_outputs) {
    for (std::size_t w = 0; w < layout.world_count(); ++w) {
      if (!stats_at(stats, c, w).constant()) targets.push_back({c, w});
    }
  }
  for (int c : layout.delta_columns) {
    for (std::size_t w = 1; w < layout.world_count(); ++w) {
      if (!stats_at(stats, c, w).constant()) targets.push_back({c, w});
    }
  }
  return targets;
}

/// Per target: the regression of every design, and the Sobol or Morris estimates of those designs.
struct Sensitivities {
  std::vector<Regression> regressions;
  std::vector<SobolAccumulator> sobol;
  std::vector<MorrisAccumulator> morris;
};

/// Sobol and Morris designs come in groups of consecutive variants (Sobol: A, B, A_B^1..A_B^d;
/// Morris: the d + 1 points of a trajectory). Per world this holds the current group's value of
/// each target by role, and feeds the accumulators once the group is whole; a group with a
/// missing or failed variant is skipped.
class DesignGroups {
 public:
  DesignGroups(const Layout& layout, const std::vector<std::vector<std::size_t>>& targets_by_world, Sensitivities& out)
      : sobol_(layout.sobol()),
        d_(layout.parameter_count()),
        size_(sobol_ ? d_ + 2 : d_ + 1),
        by_world_(targets_by_world),
        out_(out),
        id_(layout.world_count(), UINT64_MAX),
        values_(layout.world_count()),
        seen_(layout.world_count()) {
    shape_.design = sobol_ ? DesignType::Sobol : DesignType::Morris;
    shape_.seed = std::stoull(layout.meta_of("seed").empty() ? "0" : layout.meta_of("seed"));
    shape_.parameters.resize(d_);
    morris_step_ = morris_delta(std::max(2, std::atoi(layout.meta_of("morris_levels").c_str())));
  }

  /// The values (per target of world `w`) of one variant.
  void add(std::uint64_t variant, std::size_t w, const std::vector<double>& values) {
    const std::uint64_t group = variant / size_;
    const std::uint64_t role = variant % size_;
    if (group != id_[w]) {
      flush(w);
      id_[w] = group;
      values_[w].assign(size_, std::vector<double>(by_world_[w].size(), kNaN));
      seen_[w].assign(size_, 0);
    }
    seen_[w][role] = 1;
    values_[w][role] = values;
  }

  void flush_all() {
    for (std::size_t w = 0; w < id_.size(); ++w) flush(w);
  }

 private:
  void flush(std::size_t w) {
    if (id_[w] == UINT64_MAX) return;
    if (std::find(seen_[w].begin(), seen_[w].end(), 0) != seen_[w].end()) return;
    const auto& group = values_[w];
    std::vector<double> f_ab(d_);
    for (std::size_t slot = 0; slot < by_world_[w].size(); ++slot) {
      const std::size_t t = by_world_[w][slot];
      if (sobol_) {
        for (std::size_t i = 0; i < d_; ++i) f_ab[i] = group[2 + i][slot];
        out_.sobol[t].add(group[0][slot], group[1][slot], f_ab);
        continue;
      }
      for (std::size_t s = 1; s <= d_; ++s) {
        const double before = group[s - 1][slot];
        const double after = group[s][slot];
        if (std::isnan(before) || std::isnan(after)) continue;
        const DesignPosition pos = design_position(shape_, id_[w] * (d_ + 1) + s);
        if (pos.changed < 0) continue;
        out_.morris[t].add(static_cast<std::size_t>(pos.changed), (after - before) / morris_step_);
      }
    }
  }

  bool sobol_;
  std::size_t d_, size_;
  const std::vector<std::vector<std::size_t>>& by_world_;
  Sensitivities& out_;
  SweepSpec shape_;  // enough of the spec to place variants in the design
  double morris_step_ = 1;
  std::vector<std::uint64_t> id_;                      // current group per world
  std::vector<std::vector<std::vector<double>>> values_;  // [world][role][target slot]
  std::vector<std::vector<char>> seen_;                // [world][role]
};

/// One scan of the successful rows in variant order: parameters and every target's value.
Sensitivities collect_sensitivities(const SweepStore& store, const Layout& layout, const std::vector<Target>& targets) {
  const std::size_t d = layout.parameter_count(), world_count = layout.world_count();
  Sensitivities out;
  out.regressions.assign(targets.size(), Regression(d));
  if (layout.sobol()) out.sobol.assign(targets.size(), SobolAccumulator(d));
  if (layout.morris()) out.morris.assign(targets.size(), MorrisAccumulator(d));
  if (targets.empty() || d == 0) return out;

  std::vector<int> target_columns;
  for (const auto& t : targets) {
    if (std::find(target_columns.begin(), target_columns.end(), t.column) == target_columns.end()) target_columns.push_back(t.column);
  }
  std::string sql = "SELECT variant, world_index";
  for (int c : layout.parameters) sql += ", " + sqlite::quote_identifier(layout.column(c).name);
  for (int c : target_columns) sql += ", " + sqlite::quote_identifier(layout.column(c).name);
  sql += " FROM rows WHERE status = 'ok' ORDER BY variant, world_index";
  std::map<int, int> position;  // column -> result index
  for (std::size_t i = 0; i < target_columns.size(); ++i) position[target_columns[i]] = static_cast<int>(2 + d + i);
  std::vector<std::vector<std::size_t>> by_world(world_count);
  for (std::size_t t = 0; t < targets.size(); ++t) by_world[targets[t].world].push_back(t);

  const bool grouped = layout.sobol() || layout.morris();
  DesignGroups groups(layout, by_world, out);
  sqlite::Statement q = store.query(sql);
  std::vector<double> x(d), values;
  while (q.step()) {
    const auto variant = static_cast<std::uint64_t>(q.integer(0));
    const auto w = static_cast<std::size_t>(q.integer(1));
    if (w >= world_count) continue;
    for (std::size_t i = 0; i < d; ++i) {
      const int col = static_cast<int>(2 + i);
      // Text parameters (status) enter as 1 = open, 0 = closed.
      if (layout.column(layout.parameters[i]).text) x[i] = q.text(col) == "open" ? 1.0 : 0.0;
      else x[i] = q.is_null(col) ? 0.0 : q.real(col);
    }
    values.clear();
    for (std::size_t t : by_world[w]) {
      const int col = position[targets[t].column];
      values.push_back(q.is_null(col) ? kNaN : q.real(col));
      if (!std::isnan(values.back())) out.regressions[t].add(x, values.back());
    }
    if (grouped) groups.add(variant, w, values);
  }
  if (grouped) groups.flush_all();
  return out;
}

// ---- render ---------------------------------------------------------------------------------

/// Compact numbers for tables: grouped thousands for large magnitudes, 3 decimals below.
std::string num(double v) {
  if (std::isnan(v)) return "-";
  if (std::abs(v) >= 1000) return format_grouped(v);
  if (std::abs(v) >= 1) return format_fixed(v, 2);
  return format_fixed(v, 3);
}

std::string pct(double share) { return format_fixed(share * 100, 1) + "%"; }

std::string fixed_or_dash(double v, int decimals) { return std::isnan(v) ? "-" : format_fixed(v, decimals); }

/// Everything the renderers share.
struct Report {
  const Layout& layout;
  const std::map<ColumnWorld, SampleStats>& stats;
  std::size_t name_width = 8, param_width = 10, world_width = 7;
  Summary& out;

  Report(const Layout& l, const std::map<ColumnWorld, SampleStats>& s, Summary& o) : layout(l), stats(s), out(o) {
    for (const auto& c : layout.columns) {
      if (c.kind == ColumnKind::Parameter) param_width = std::max(param_width, display_width(c.name) + 2);
      else name_width = std::max(name_width, display_width(c.name) + 2);
    }
    for (const auto& w : layout.worlds) world_width = std::max(world_width, display_width(w) + 2);
  }
  const std::string& world(std::size_t w) const { return layout.worlds[w]; }
};

void render_heading(Report& r, const RowCounts& counts) {
  const std::size_t world_count = r.layout.world_count();
  const std::string variants = r.layout.meta_of("variant_count").empty() ? "0" : r.layout.meta_of("variant_count");
  r.out.text += "Sweep " + r.layout.meta_of("spec_name") + ": " + r.layout.design + " design, " +
                format_grouped(std::stod(variants)) + " variants x " + std::to_string(world_count) + " world" +
                (world_count == 1 ? "" : "s") + " (" + format_grouped(static_cast<double>(counts.total_ok)) + " rows ok, " +
                format_grouped(static_cast<double>(counts.total_failed)) + " failed)\n";
  const std::uint64_t expected_rows = static_cast<std::uint64_t>(std::stoull(variants)) * world_count;
  const std::uint64_t rows = counts.total_ok + counts.total_failed;
  if (rows < expected_rows) {
    r.out.text += "note: the store holds " + format_grouped(static_cast<double>(rows)) + " of " +
                  format_grouped(static_cast<double>(expected_rows)) + " rows (unfinished or a shard)\n";
  }
}

void render_outputs(Report& r) {
  std::string& text = r.out.text;
  r.out.stats_csv = "output,world,unit,n,missing,min,p10,p50,p90,max,mean\n";
  text += "\nOutputs (over successful variants; constant outputs are in the CSV only)\n";
  text += "  " + pad("output", r.name_width) + pad("world", r.world_width) + pad("unit", 8) + pad("min", 14, true) +
          pad("P10", 14, true) + pad("P50", 14, true) + pad("P90", 14, true) + pad("max", 14, true) + "\n";
  std::size_t hidden = 0;
  for (int c : stat_columns(r.layout)) {
    const StoredColumn& column = r.layout.column(c);
    for (std::size_t w = 0; w < r.layout.world_count(); ++w) {
      auto it = r.stats.find({c, w});
      if (it == r.stats.end()) continue;
      const SampleStats& s = it->second;
      r.out.stats_csv += csv_cell(column.name) + "," + csv_cell(r.world(w)) + "," + csv_cell(column.unit) + "," +
                         std::to_string(s.n) + "," + std::to_string(s.missing) + "," + format_real(s.min) + "," +
                         format_real(s.p10) + "," + format_real(s.p50) + "," + format_real(s.p90) + "," +
                         format_real(s.max) + "," + format_real(s.mean) + "\n";
      if (s.constant()) {
        ++hidden;
        continue;
      }
      text += "  " + pad(column.name, r.name_width) + pad(r.world(w), r.world_width) + pad(column.unit, 8) +
              pad(num(s.min), 14, true) + pad(num(s.p10), 14, true) + pad(num(s.p50), 14, true) +
              pad(num(s.p90), 14, true) + pad(num(s.max), 14, true) + "\n";
    }
  }
  if (hidden) text += "  (" + std::to_string(hidden) + " output/world pairs constant across variants)\n";
}

/// A sweep of a time scenario: per period the bands of the tonnes delivered and of the backlog
/// (columns delivered.<period>, backlog.<period>, unserved.<period>), and per demand the share of
/// sampled years in which it misses tonnes (the mean of its 0/1 column missed.<demand>).
void render_over_time(Report& r) {
  auto find = [&](const std::string& name) {
    for (int c : r.layout.real_outputs) {
      if (r.layout.column(c).name == name) return c;
    }
    return -1;
  };
  std::vector<std::string> periods;
  std::vector<int> missed;
  for (int c : r.layout.real_outputs) {
    const std::string& name = r.layout.column(c).name;
    if (name.rfind("delivered.", 0) == 0) periods.push_back(name.substr(10));
    if (name.rfind("missed.", 0) == 0) missed.push_back(c);
  }
  if (periods.empty()) return;
  std::string& text = r.out.text;
  // Whole tonnes: the columns are rounded to 1e-3 t, which reads as noise in a band table.
  auto tonnes = [](double v) { return std::isnan(v) ? std::string("-") : format_grouped(std::round(v)); };
  for (std::size_t w = 0; w < r.layout.world_count(); ++w) {
    text += "\nOver time" + (r.layout.world_count() > 1 ? " (" + r.world(w) + ")" : std::string()) +
            ": tonnes per period over the sampled variants (backlog: due and still to come at the period's end)\n";
    text += "  " + pad("period", 12) + pad("delivered P10", 15, true) + pad("P50", 12, true) + pad("P90", 12, true) +
            pad("backlog P10", 14, true) + pad("P50", 12, true) + pad("P90", 12, true) + pad("unserved P50", 14, true) +
            pad("P90", 12, true) + "\n";
    for (const std::string& label : periods) {
      const SampleStats& d = stats_at(r.stats, find("delivered." + label), w);
      const SampleStats& b = stats_at(r.stats, find("backlog." + label), w);
      const SampleStats& u = stats_at(r.stats, find("unserved." + label), w);
      text += "  " + pad(label, 12) + pad(tonnes(d.p10), 15, true) + pad(tonnes(d.p50), 12, true) +
              pad(tonnes(d.p90), 12, true) + pad(tonnes(b.p10), 14, true) + pad(tonnes(b.p50), 12, true) +
              pad(tonnes(b.p90), 12, true) + pad(tonnes(u.p50), 14, true) + pad(tonnes(u.p90), 12, true) + "\n";
    }
    text += "  Share of sampled years in which a demand misses tonnes (never delivered within the horizon):\n";
    for (int c : missed) {
      const SampleStats& m = stats_at(r.stats, c, w);
      text += "    " + pad(r.layout.column(c).name.substr(7), r.name_width) + pad(std::isnan(m.mean) ? "-" : pct(m.mean), 8, true) + "\n";
    }
  }
}

void render_bottlenecks(Report& r, const std::map<ColumnWorld, Tally>& commonest) {
  if (r.layout.text_outputs.empty()) return;
  r.out.text += "\nBottlenecks (commonest binding capacities per route)\n";
  for (int c : r.layout.text_outputs) {
    for (std::size_t w = 0; w < r.layout.world_count(); ++w) {
      auto it = commonest.find({c, w});
      if (it == commonest.end()) continue;
      const Tally& tally = it->second;
      std::uint64_t n = 0;
      for (const auto& entry : tally) n += entry.first;
      std::string line;
      for (std::size_t i = 0; i < tally.size() && i < 3; ++i) {
        line += (i ? ", " : "") + tally[i].second + " " + pct(static_cast<double>(tally[i].first) / static_cast<double>(n));
      }
      if (tally.size() > 3) line += ", ... (" + std::to_string(tally.size()) + " distinct)";
      r.out.text += "  " + pad(r.layout.column(c).name, r.name_width) + pad(r.world(w), r.world_width) + line + "\n";
    }
  }
}

void render_matched_pairs(Report& r, const std::map<ColumnWorld, Wins>& wins) {
  r.out.wins_csv = "output,world,reference,n,world_wins,reference_wins,ties,world_share,reference_share,tie_share,"
                   "delta_min,delta_p10,delta_p50,delta_p90,delta_max,delta_mean\n";
  std::string& text = r.out.text;
  const std::string& reference = r.world(0);
  for (std::size_t w = 1; w < r.layout.world_count(); ++w) {
    text += "\nMatched pairs: " + r.world(w) + " vs " + reference + " on the same draws (delta = " + r.world(w) + " - " +
            reference + "; ties within solver noise)\n";
    text += "  " + pad("output", r.name_width) + pad("better", 8) + pad("n", 9, true) + pad(r.world(w) + " wins", 22, true) +
            pad(reference + " wins", 22, true) + pad("ties", 9, true) + pad("delta P10", 14, true) + pad("P50", 14, true) +
            pad("P90", 14, true) + "\n";
    std::size_t all_ties = 0;
    for (int c : r.layout.delta_columns) {
      const StoredColumn& source = r.layout.column(r.layout.column(c).source);
      const SampleStats& s = stats_at(r.stats, c, w);
      auto it = wins.find({c, w});
      const Wins tally = it == wins.end() ? Wins{} : it->second;
      const double n = static_cast<double>(std::max<std::uint64_t>(1, tally.n));
      r.out.wins_csv += csv_cell(source.name) + "," + csv_cell(r.world(w)) + "," + csv_cell(reference) +
                        "," + std::to_string(tally.n) + "," + std::to_string(tally.world) + "," +
                        std::to_string(tally.reference) + "," + std::to_string(tally.ties) + "," +
                        format_real(tally.world / n) + "," + format_real(tally.reference / n) + "," +
                        format_real(tally.ties / n) + "," + format_real(s.min) + "," + format_real(s.p10) + "," +
                        format_real(s.p50) + "," + format_real(s.p90) + "," + format_real(s.max) + "," +
                        format_real(s.mean) + "\n";
      if (source.better == 0) continue;
      if (tally.n == 0 || tally.ties == tally.n) {
        ++all_ties;
        continue;
      }
      text += "  " + pad(source.name, r.name_width) + pad(source.better > 0 ? "higher" : "lower", 8) +
              pad(std::to_string(tally.n), 9, true) + pad(pct(tally.world / n), 22, true) +
              pad(pct(tally.reference / n), 22, true) + pad(pct(tally.ties / n), 9, true) + pad(num(s.p10), 14, true) +
              pad(num(s.p50), 14, true) + pad(num(s.p90), 14, true) + "\n";
    }
    if (all_ties) text += "  (" + std::to_string(all_ties) + " outputs tie in every variant)\n";
  }
}

/// One target's estimates per parameter, and the order parameters rank in.
struct TargetMeasures {
  Regression::Fit fit;
  std::vector<double> s1, st, mu_star, mu, sigma;
  std::vector<double> key;  // the ranking measure, -1 where undefined
  std::vector<std::size_t> order;
};

TargetMeasures measure_target(const Layout& layout, const Sensitivities& sensitivities, std::size_t t) {
  const std::size_t d = layout.parameter_count();
  TargetMeasures m;
  m.fit = sensitivities.regressions[t].fit();
  m.s1 = m.st = m.mu_star = m.mu = m.sigma = std::vector<double>(d, kNaN);
  if (layout.sobol()) {
    auto indices = sensitivities.sobol[t].indices();
    m.s1 = std::move(indices.first);
    m.st = std::move(indices.total);
  }
  if (layout.morris()) {
    auto measures = sensitivities.morris[t].measures();
    m.mu_star = std::move(measures.mu_star);
    m.mu = std::move(measures.mu);
    m.sigma = std::move(measures.sigma);
  }
  for (std::size_t i = 0; i < d; ++i) {
    const double v = layout.sobol() ? m.st[i] : layout.morris() ? m.mu_star[i] : std::abs(m.fit.src[i]);
    m.key.push_back(std::isnan(v) ? -1.0 : v);
    m.order.push_back(i);
  }
  std::stable_sort(m.order.begin(), m.order.end(), [&m](std::size_t a, std::size_t b) { return m.key[a] > m.key[b]; });
  return m;
}

/// One target's lines of the sensitivity CSV (every parameter) and of the ranked table (the top).
void render_target(Report& r, const Target& target, const TargetMeasures& m, std::size_t top, std::string& ranked) {
  const std::string& name = r.layout.column(target.column).name;
  const std::string& world = r.world(target.world);
  for (std::size_t rank = 0; rank < m.order.size(); ++rank) {
    const std::size_t i = m.order[rank];
    const std::string& parameter = r.layout.column(r.layout.parameters[i]).name;
    r.out.sensitivity_csv += csv_cell(name) + "," + csv_cell(world) + "," + csv_cell(parameter) + "," +
                             std::to_string(rank + 1) + "," + format_real(m.fit.src[i]) + "," + format_real(m.fit.r2) +
                             "," + format_real(m.s1[i]) + "," + format_real(m.st[i]) + "," + format_real(m.mu_star[i]) +
                             "," + format_real(m.mu[i]) + "," + format_real(m.sigma[i]) + "\n";
    if (rank >= top || m.key[i] <= 0) continue;
    ranked += "  " + pad(rank == 0 ? name : "", r.name_width) + pad(rank == 0 ? world : "", r.world_width) +
              pad(std::to_string(rank + 1), 3) + pad(parameter, r.param_width) + pad(fixed_or_dash(m.fit.src[i], 3), 8, true) +
              pad(rank == 0 && !std::isnan(m.fit.r2) ? format_fixed(m.fit.r2, 2) : "", 7, true);
    if (r.layout.sobol()) ranked += pad(fixed_or_dash(m.s1[i], 3), 8, true) + pad(fixed_or_dash(m.st[i], 3), 8, true);
    if (r.layout.morris()) ranked += pad(num(m.mu_star[i]), 14, true) + pad(num(m.sigma[i]), 14, true);
    ranked += "\n";
  }
}

void render_sensitivities(Report& r, const std::vector<Target>& targets, const Sensitivities& sensitivities,
                          std::size_t top) {
  const Layout& layout = r.layout;
  const std::size_t d = layout.parameter_count();
  std::string& text = r.out.text;
  r.out.sensitivity_csv = "output,world,parameter,rank,src,r2,s1,st,mu_star,mu,sigma\n";
  const std::string measure = layout.sobol() ? "total Sobol index ST" : layout.morris() ? "Morris mu*" : "|SRC|";
  text += "\nSensitivities (parameters ranked by " + measure +
          "; SRC = standardised regression coefficient, R2 of the linear fit";
  if (layout.sobol()) text += "; S1/ST first-order/total Sobol indices";
  if (layout.morris()) text += "; mu*, sigma of the elementary effects in units of the output per unit range";
  text += ")\n";
  std::string header;
  if (d == 0 || targets.empty()) text += "  (no varying outputs or no parameters)\n";
  else {
    header = "  " + pad("output", r.name_width) + pad("world", r.world_width) + pad("#", 3) + pad("parameter", r.param_width) +
             pad("SRC", 8, true) + pad("R2", 7, true);
    if (layout.sobol()) header += pad("S1", 8, true) + pad("ST", 8, true);
    if (layout.morris()) header += pad("mu*", 14, true) + pad("sigma", 14, true);
    header += "\n";
  }
  // The overview weighs each output equally: measures normalised by this output's largest.
  std::vector<double> influence_sum(d, 0.0);
  std::vector<std::size_t> influence_first(d, 0);
  std::size_t influence_targets = 0;
  std::string ranked;
  for (std::size_t t = 0; t < targets.size(); ++t) {
    const TargetMeasures m = measure_target(layout, sensitivities, t);
    const double top_key = d > 0 ? m.key[m.order[0]] : 0;
    if (top_key > 0) {
      ++influence_targets;
      ++influence_first[m.order[0]];
      for (std::size_t i = 0; i < d; ++i) influence_sum[i] += std::max(0.0, m.key[i]) / top_key;
    }
    render_target(r, targets[t], m, top, ranked);
  }
  if (influence_targets > 0) {
    std::vector<std::size_t> order(d);
    for (std::size_t i = 0; i < d; ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return influence_sum[a] > influence_sum[b]; });
    text += "  Which input moves the answers most: over " + std::to_string(influence_targets) +
            " varying outputs, how often each input ranks first, and its mean " + measure + " relative to the first\n";
    text += "  " + pad("parameter", r.param_width) + pad("first", 8, true) + pad("mean", 8, true) + "\n";
    for (std::size_t i : order) {
      text += "  " + pad(layout.column(layout.parameters[i]).name, r.param_width) + pad(std::to_string(influence_first[i]), 8, true) +
              pad(format_fixed(influence_sum[i] / static_cast<double>(influence_targets), 3), 8, true) + "\n";
    }
    text += "\n";
  }
  text += header + ranked;
}

}  // namespace

Summary summarize_store(const std::string& path, const SummaryOptions& options) {
  const auto store = SweepStore::open(path, false);
  const Layout layout = read_layout(*store);
  const RowCounts counts = count_rows(*store, layout);

  const auto stats = collect_stats(*store, layout, counts);
  const auto commonest = collect_commonest(*store, layout);
  const auto wins = collect_wins(*store, layout);
  const auto targets = choose_targets(layout, stats);
  const Sensitivities sensitivities = collect_sensitivities(*store, layout, targets);

  Summary out;
  Report report(layout, stats, out);
  render_heading(report, counts);
  render_outputs(report);
  render_over_time(report);
  render_bottlenecks(report, commonest);
  render_matched_pairs(report, wins);
  render_sensitivities(report, targets, sensitivities, options.top);
  return out;
}

StoreBands store_bands(const std::string& path) {
  const auto store = SweepStore::open(path, false);
  const Layout layout = read_layout(*store);
  const RowCounts counts = count_rows(*store, layout);
  const auto stats = collect_stats(*store, layout, counts);
  StoreBands out;
  out.sweep = layout.meta_of("spec_name");
  out.spec_file = layout.meta_of("spec_file");
  out.spec_hash = layout.meta_of("spec_hash");
  const std::string variants = layout.meta_of("variant_count");
  out.variants = variants.empty() ? 0 : std::stoull(variants);
  out.rows_ok = counts.total_ok;
  out.rows_failed = counts.total_failed;
  for (int c : stat_columns(layout)) {
    for (std::size_t w = 0; w < layout.world_count(); ++w) {
      if (layout.column(c).kind == ColumnKind::Delta && w == 0) continue;  // the reference world has no delta
      const SampleStats& s = stats_at(stats, c, w);
      out.bands.push_back({layout.column(c).name, layout.worlds[w], layout.column(c).unit, s.n, s.missing, s.p10, s.p50, s.p90});
    }
  }
  return out;
}

}  // namespace borderflow
