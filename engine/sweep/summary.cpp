#include "sweep/summary.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <stdexcept>
#include <vector>

#include "core/text.hpp"
#include "sweep/design.hpp"
#include "sweep/store.hpp"

namespace borderflow {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// Compact numbers for tables: grouped thousands for large magnitudes, 3 decimals below.
std::string num(double v) {
  if (std::isnan(v)) return "-";
  if (std::abs(v) >= 1000) return format_grouped(v);
  if (std::abs(v) >= 1) return format_fixed(v, 2);
  return format_fixed(v, 3);
}

std::string pct(double share) { return format_fixed(share * 100, 1) + "%"; }

std::string pad(const std::string& s, std::size_t width, bool right = false) {
  if (s.size() >= width) return s;
  return right ? std::string(width - s.size(), ' ') + s : s + std::string(width - s.size(), ' ');
}

/// Linear interpolation between order statistics ("type 7"); `sorted` is ascending.
double quantile(const std::vector<double>& sorted, double p) {
  if (sorted.empty()) return kNaN;
  const double h = (static_cast<double>(sorted.size()) - 1) * p;
  const auto lo = static_cast<std::size_t>(std::floor(h));
  const std::size_t hi = std::min(lo + 1, sorted.size() - 1);
  return sorted[lo] + (h - static_cast<double>(lo)) * (sorted[hi] - sorted[lo]);
}

struct Stats {
  std::uint64_t n = 0, missing = 0;
  double min = kNaN, p10 = kNaN, p50 = kNaN, p90 = kNaN, max = kNaN, mean = kNaN;
  bool constant() const { return n == 0 || min == max; }
};

Stats stats_of(std::vector<double>& values, std::uint64_t rows) {
  Stats s;
  s.n = values.size();
  s.missing = rows - values.size();
  if (values.empty()) return s;
  std::sort(values.begin(), values.end());
  s.min = values.front();
  s.max = values.back();
  s.p10 = quantile(values, 0.10);
  s.p50 = quantile(values, 0.50);
  s.p90 = quantile(values, 0.90);
  double sum = 0;
  for (double v : values) sum += v;
  s.mean = sum / static_cast<double>(values.size());
  return s;
}

/// Ties in a matched pair: differences below these are solver noise, not a win.
double tie_tolerance(const std::string& unit) {
  if (unit == "t/yr") return 0.5;
  if (unit == "USD/t") return 1e-4;
  if (unit == "USD/yr") return 1.0;
  return 1e-9;
}

/// Online co-moments of z = (x_1 .. x_d, y) for one regression.
struct Regression {
  std::size_t d = 0;
  double n = 0;
  std::vector<double> mean, comoment;  // (d+1), (d+1)^2
  explicit Regression(std::size_t params = 0) : d(params), mean(params + 1, 0.0), comoment((params + 1) * (params + 1), 0.0) {}
  void add(const std::vector<double>& x, double y, std::vector<double>& delta) {
    const std::size_t m = d + 1;
    n += 1;
    delta.resize(m);
    for (std::size_t i = 0; i < m; ++i) {
      const double z = i < d ? x[i] : y;
      delta[i] = z - mean[i];
      mean[i] += delta[i] / n;
    }
    for (std::size_t i = 0; i < m; ++i) {
      const double z_i = i < d ? x[i] : y;
      const double after = z_i - mean[i];
      for (std::size_t j = 0; j < m; ++j) comoment[i * m + j] += delta[j] * after;
    }
  }
  /// Standardised coefficients (NaN for parameters without variance) and R^2.
  std::pair<std::vector<double>, double> src() const {
    const std::size_t m = d + 1;
    std::vector<double> out(d, kNaN);
    const double syy = comoment[d * m + d];
    if (n < 3 || !(syy > 0)) return {out, kNaN};
    std::vector<std::size_t> used;
    for (std::size_t i = 0; i < d; ++i) {
      if (comoment[i * m + i] > 1e-12 * std::max(1.0, std::abs(mean[i] * mean[i]) * n)) used.push_back(i);
    }
    const std::size_t k = used.size();
    if (k == 0) return {out, 0.0};
    // Solve Sxx b = Sxy by Gaussian elimination with partial pivoting on the standardised system.
    std::vector<double> a(k * (k + 1));
    std::vector<double> scale(k);
    for (std::size_t r = 0; r < k; ++r) scale[r] = std::sqrt(comoment[used[r] * m + used[r]]);
    const double sy = std::sqrt(syy);
    for (std::size_t r = 0; r < k; ++r) {
      for (std::size_t c = 0; c < k; ++c) a[r * (k + 1) + c] = comoment[used[r] * m + used[c]] / (scale[r] * scale[c]);
      a[r * (k + 1) + k] = comoment[used[r] * m + d] / (scale[r] * sy);
    }
    for (std::size_t col = 0; col < k; ++col) {
      std::size_t pivot = col;
      for (std::size_t r = col + 1; r < k; ++r) {
        if (std::abs(a[r * (k + 1) + col]) > std::abs(a[pivot * (k + 1) + col])) pivot = r;
      }
      if (std::abs(a[pivot * (k + 1) + col]) < 1e-12) continue;  // collinear: leave this coefficient at 0
      if (pivot != col) {
        for (std::size_t c = 0; c <= k; ++c) std::swap(a[col * (k + 1) + c], a[pivot * (k + 1) + c]);
      }
      for (std::size_t r = 0; r < k; ++r) {
        if (r == col) continue;
        const double f = a[r * (k + 1) + col] / a[col * (k + 1) + col];
        for (std::size_t c = col; c <= k; ++c) a[r * (k + 1) + c] -= f * a[col * (k + 1) + c];
      }
    }
    double r2 = 0;
    for (std::size_t r = 0; r < k; ++r) {
      const double diag = a[r * (k + 1) + r];
      const double b = std::abs(diag) < 1e-12 ? 0.0 : a[r * (k + 1) + k] / diag;
      out[used[r]] = b;
      r2 += b * (comoment[used[r] * m + d] / (scale[r] * sy));
    }
    return {out, r2};
  }
};

struct SobolAccumulator {
  double n = 0;
  double mean = 0, m2 = 0, count = 0;  // variance of f over A and B (Welford)
  std::vector<double> first, total;    // sums per parameter
  void add_variance(double f) {
    count += 1;
    const double delta = f - mean;
    mean += delta / count;
    m2 += delta * (f - mean);
  }
  double variance() const { return count > 1 ? m2 / (count - 1) : kNaN; }
};

struct MorrisAccumulator {
  std::vector<double> n, abs_sum, sum, sum2;
};

struct Target {
  int column = -1;  // index into columns
  int world = 0;
  std::string name;
  std::string world_name;
};

}  // namespace

Summary summarize_store(const std::string& path, const SummaryOptions& options) {
  auto store = SweepStore::open(path, false);
  const auto columns = store->columns();
  const auto worlds = store->world_names();
  const auto meta = store->all_meta();
  auto meta_of = [&](const std::string& key) {
    auto it = meta.find(key);
    return it == meta.end() ? std::string() : it->second;
  };
  const std::string design = meta_of("design");
  const std::size_t world_count = worlds.size();

  std::vector<int> parameters, real_outputs, text_outputs, delta_columns;
  for (std::size_t c = 0; c < columns.size(); ++c) {
    if (columns[c].kind == ColumnKind::Parameter) parameters.push_back(static_cast<int>(c));
    else if (columns[c].kind == ColumnKind::Delta) delta_columns.push_back(static_cast<int>(c));
    else if (columns[c].text) text_outputs.push_back(static_cast<int>(c));
    else real_outputs.push_back(static_cast<int>(c));
  }
  const std::size_t d = parameters.size();

  std::vector<std::uint64_t> rows_ok(world_count, 0), rows_failed(world_count, 0);
  {
    sqlite::Statement q = store->query("SELECT world_index, status = 'ok', count(*) FROM rows GROUP BY world_index, status = 'ok'");
    while (q.step()) {
      const auto w = static_cast<std::size_t>(q.integer(0));
      if (w >= world_count) continue;
      (q.integer(1) ? rows_ok[w] : rows_failed[w]) += static_cast<std::uint64_t>(q.integer(2));
    }
  }
  std::uint64_t total_ok = 0, total_failed = 0;
  for (std::size_t w = 0; w < world_count; ++w) {
    total_ok += rows_ok[w];
    total_failed += rows_failed[w];
  }

  // ---- statistics, a batch of columns per scan ----------------------------------------------
  std::vector<int> stat_columns = real_outputs;
  stat_columns.insert(stat_columns.end(), delta_columns.begin(), delta_columns.end());
  std::map<std::pair<int, std::size_t>, Stats> stats;  // (column, world)
  const std::uint64_t max_rows = *std::max_element(rows_ok.begin(), rows_ok.end());
  const std::size_t batch = std::max<std::size_t>(1, static_cast<std::size_t>(4000000 / std::max<std::uint64_t>(1, max_rows * world_count)));
  for (std::size_t start = 0; start < stat_columns.size(); start += batch) {
    const std::size_t end = std::min(stat_columns.size(), start + batch);
    std::string sql = "SELECT world_index";
    for (std::size_t i = start; i < end; ++i) sql += ", " + sqlite::quote_identifier(columns[static_cast<std::size_t>(stat_columns[i])].name);
    sql += " FROM rows WHERE status = 'ok'";
    std::vector<std::vector<std::vector<double>>> values(end - start, std::vector<std::vector<double>>(world_count));
    sqlite::Statement q = store->query(sql);
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
        if (columns[static_cast<std::size_t>(stat_columns[i])].kind == ColumnKind::Delta && w == 0) continue;
        stats[{stat_columns[i], w}] = stats_of(values[i - start][w], rows_ok[w]);
      }
    }
  }
  // Commonest values of text outputs.
  std::map<std::pair<int, std::size_t>, std::vector<std::pair<std::uint64_t, std::string>>> commonest;
  for (int c : text_outputs) {
    sqlite::Statement q = store->query("SELECT world_index, " + sqlite::quote_identifier(columns[static_cast<std::size_t>(c)].name) +
                    ", count(*) FROM rows WHERE status = 'ok' GROUP BY 1, 2 ORDER BY 1, 3 DESC, 2");
    while (q.step()) {
      const auto w = static_cast<std::size_t>(q.integer(0));
      commonest[{c, w}].emplace_back(static_cast<std::uint64_t>(q.integer(2)), q.is_null(1) ? "(none)" : q.text(1));
    }
  }

  // ---- matched pairs ------------------------------------------------------------------------
  struct Wins {
    std::uint64_t n = 0, world = 0, reference = 0, ties = 0;
  };
  std::map<std::pair<int, std::size_t>, Wins> wins;  // (delta column, world)
  if (world_count > 1 && !delta_columns.empty()) {
    std::vector<int> directed;
    for (int c : delta_columns) {
      const auto& source = columns[static_cast<std::size_t>(columns[static_cast<std::size_t>(c)].source)];
      if (source.better != 0) directed.push_back(c);
    }
    for (std::size_t start = 0; start < directed.size(); start += 200) {
      const std::size_t end = std::min(directed.size(), start + 200);
      std::string sql = "SELECT world_index";
      for (std::size_t i = start; i < end; ++i) sql += ", " + sqlite::quote_identifier(columns[static_cast<std::size_t>(directed[i])].name);
      sql += " FROM rows WHERE status = 'ok' AND world_index > 0";
      sqlite::Statement q = store->query(sql);
      while (q.step()) {
        const auto w = static_cast<std::size_t>(q.integer(0));
        for (std::size_t i = start; i < end; ++i) {
          const int col = static_cast<int>(i - start) + 1;
          if (q.is_null(col)) continue;
          const auto& delta_column = columns[static_cast<std::size_t>(directed[i])];
          const auto& source = columns[static_cast<std::size_t>(delta_column.source)];
          const double signed_delta = q.real(col) * source.better;
          Wins& tally = wins[{directed[i], w}];
          ++tally.n;
          if (signed_delta > tie_tolerance(source.unit)) ++tally.world;
          else if (signed_delta < -tie_tolerance(source.unit)) ++tally.reference;
          else ++tally.ties;
        }
      }
    }
  }

  // ---- sensitivities ------------------------------------------------------------------------
  // Targets: every non-constant real output in every world, and every non-constant delta.
  std::vector<Target> targets;
  for (int c : real_outputs) {
    for (std::size_t w = 0; w < world_count; ++w) {
      if (!stats[{c, w}].constant()) targets.push_back({c, static_cast<int>(w), columns[static_cast<std::size_t>(c)].name, worlds[w]});
    }
  }
  for (int c : delta_columns) {
    for (std::size_t w = 1; w < world_count; ++w) {
      if (!stats[{c, w}].constant()) targets.push_back({c, static_cast<int>(w), columns[static_cast<std::size_t>(c)].name, worlds[w]});
    }
  }
  std::vector<Regression> regressions(targets.size(), Regression(d));
  const bool sobol = design == "sobol";
  const bool morris = design == "morris";
  std::vector<SobolAccumulator> sobol_acc(targets.size());
  std::vector<MorrisAccumulator> morris_acc(targets.size());
  for (auto& s : sobol_acc) s.first.assign(d, 0.0), s.total.assign(d, 0.0);
  for (auto& m : morris_acc) m.n.assign(d, 0.0), m.abs_sum.assign(d, 0.0), m.sum.assign(d, 0.0), m.sum2.assign(d, 0.0);
  SweepSpec shape;  // enough of the spec to place variants in the design
  shape.design = sobol ? DesignType::Sobol : morris ? DesignType::Morris : DesignType::Random;
  shape.seed = std::stoull(meta_of("seed").empty() ? "0" : meta_of("seed"));
  shape.parameters.resize(d);
  const int morris_levels = std::max(2, std::atoi(meta_of("morris_levels").c_str()));
  const double morris_step = morris_delta(morris_levels);
  if (!targets.empty() && d > 0) {
    // Text parameters (status) enter as 1 = open, 0 = closed.
    std::string sql = "SELECT variant, world_index";
    for (int c : parameters) sql += ", " + sqlite::quote_identifier(columns[static_cast<std::size_t>(c)].name);
    std::vector<int> target_columns;
    for (const auto& t : targets) {
      if (std::find(target_columns.begin(), target_columns.end(), t.column) == target_columns.end()) target_columns.push_back(t.column);
    }
    for (int c : target_columns) sql += ", " + sqlite::quote_identifier(columns[static_cast<std::size_t>(c)].name);
    sql += " FROM rows WHERE status = 'ok' ORDER BY variant, world_index";
    std::map<int, int> position;  // column -> result index
    for (std::size_t i = 0; i < target_columns.size(); ++i) position[target_columns[i]] = static_cast<int>(2 + d + i);
    std::vector<std::vector<std::size_t>> by_world(world_count);
    for (std::size_t t = 0; t < targets.size(); ++t) by_world[static_cast<std::size_t>(targets[t].world)].push_back(t);

    // Structured designs: per world, the current group's values of every target by role.
    const std::size_t group_size = sobol ? d + 2 : morris ? d + 1 : 1;
    std::vector<std::uint64_t> group_id(world_count, UINT64_MAX);
    std::vector<std::vector<std::vector<double>>> group(world_count);  // [world][role][target slot]
    std::vector<std::vector<char>> group_seen(world_count);
    auto flush_group = [&](std::size_t w) {
      if (group_id[w] == UINT64_MAX) return;
      const auto& seen = group_seen[w];
      if (std::find(seen.begin(), seen.end(), 0) != seen.end()) return;  // incomplete or failed: skipped
      const auto& targets_here = by_world[w];
      for (std::size_t slot = 0; slot < targets_here.size(); ++slot) {
        const std::size_t t = targets_here[slot];
        if (sobol) {
          const double fa = group[w][0][slot];
          const double fb = group[w][1][slot];
          if (std::isnan(fa) || std::isnan(fb)) continue;
          bool complete = true;
          for (std::size_t i = 0; i < d; ++i) complete = complete && !std::isnan(group[w][2 + i][slot]);
          if (!complete) continue;
          auto& acc = sobol_acc[t];
          acc.n += 1;
          acc.add_variance(fa);
          acc.add_variance(fb);
          for (std::size_t i = 0; i < d; ++i) {
            const double fab = group[w][2 + i][slot];
            acc.first[i] += fb * (fab - fa);
            acc.total[i] += (fa - fab) * (fa - fab);
          }
        } else {
          auto& acc = morris_acc[t];
          for (std::size_t s = 1; s <= d; ++s) {
            const double before = group[w][s - 1][slot];
            const double after = group[w][s][slot];
            if (std::isnan(before) || std::isnan(after)) continue;
            const DesignPosition pos = design_position(shape, group_id[w] * (d + 1) + s);
            if (pos.changed < 0) continue;
            const auto i = static_cast<std::size_t>(pos.changed);
            const double effect = (after - before) / morris_step;
            acc.n[i] += 1;
            acc.abs_sum[i] += std::abs(effect);
            acc.sum[i] += effect;
            acc.sum2[i] += effect * effect;
          }
        }
      }
    };

    sqlite::Statement q = store->query(sql);
    std::vector<double> x(d), scratch;
    while (q.step()) {
      const auto variant = static_cast<std::uint64_t>(q.integer(0));
      const auto w = static_cast<std::size_t>(q.integer(1));
      if (w >= world_count) continue;
      for (std::size_t i = 0; i < d; ++i) {
        const auto& pc = columns[static_cast<std::size_t>(parameters[i])];
        if (pc.text) x[i] = q.text(static_cast<int>(2 + i)) == "open" ? 1.0 : 0.0;
        else x[i] = q.is_null(static_cast<int>(2 + i)) ? 0.0 : q.real(static_cast<int>(2 + i));
      }
      const auto& targets_here = by_world[w];
      for (std::size_t t : targets_here) {
        const int col = position[targets[t].column];
        if (q.is_null(col)) continue;
        regressions[t].add(x, q.real(col), scratch);
      }
      if (sobol || morris) {
        const std::uint64_t g = variant / group_size;
        const std::uint64_t role = variant % group_size;
        if (g != group_id[w]) {
          flush_group(w);
          group_id[w] = g;
          group[w].assign(group_size, std::vector<double>(targets_here.size(), kNaN));
          group_seen[w].assign(group_size, 0);
        }
        group_seen[w][role] = 1;
        for (std::size_t slot = 0; slot < targets_here.size(); ++slot) {
          const int col = position[targets[targets_here[slot]].column];
          group[w][role][slot] = q.is_null(col) ? kNaN : q.real(col);
        }
      }
    }
    for (std::size_t w = 0; w < world_count; ++w) flush_group(w);
  }

  // ---- report -------------------------------------------------------------------------------
  std::size_t name_width = 8, param_width = 10, world_width = 7;
  for (const auto& c : columns) {
    if (c.kind == ColumnKind::Parameter) param_width = std::max(param_width, c.name.size() + 2);
    else name_width = std::max(name_width, c.name.size() + 2);
  }
  for (const auto& w : worlds) world_width = std::max(world_width, w.size() + 2);
  Summary out;
  std::string& text = out.text;
  text += "Sweep " + meta_of("spec_name") + ": " + design + " design, " + format_grouped(std::stod(meta_of("variant_count").empty() ? "0" : meta_of("variant_count"))) +
          " variants x " + std::to_string(world_count) + " world" + (world_count == 1 ? "" : "s") + " (" +
          format_grouped(static_cast<double>(total_ok)) + " rows ok, " + format_grouped(static_cast<double>(total_failed)) +
          " failed)\n";
  const std::uint64_t expected_rows = static_cast<std::uint64_t>(std::stoull(meta_of("variant_count").empty() ? "0" : meta_of("variant_count"))) * world_count;
  if (total_ok + total_failed < expected_rows) {
    text += "note: the store holds " + format_grouped(static_cast<double>(total_ok + total_failed)) + " of " +
            format_grouped(static_cast<double>(expected_rows)) + " rows (unfinished or a shard)\n";
  }

  out.stats_csv = "output,world,unit,n,missing,min,p10,p50,p90,max,mean\n";
  text += "\nOutputs (over successful variants; constant outputs are in the CSV only)\n";
  text += "  " + pad("output", name_width) + pad("world", world_width) + pad("unit", 8) + pad("min", 14, true) + pad("P10", 14, true) +
          pad("P50", 14, true) + pad("P90", 14, true) + pad("max", 14, true) + "\n";
  std::size_t hidden = 0;
  for (int c : stat_columns) {
    const auto& column = columns[static_cast<std::size_t>(c)];
    for (std::size_t w = 0; w < world_count; ++w) {
      auto it = stats.find({c, w});
      if (it == stats.end()) continue;
      const Stats& s = it->second;
      out.stats_csv += csv_cell(column.name, false) + "," + csv_cell(worlds[w], false) + "," + column.unit + "," +
                       std::to_string(s.n) + "," + std::to_string(s.missing) + "," + format_real(s.min) + "," +
                       format_real(s.p10) + "," + format_real(s.p50) + "," + format_real(s.p90) + "," + format_real(s.max) +
                       "," + format_real(s.mean) + "\n";
      if (s.constant()) {
        ++hidden;
        continue;
      }
      text += "  " + pad(column.name, name_width) + pad(worlds[w], world_width) + pad(column.unit, 8) + pad(num(s.min), 14, true) +
              pad(num(s.p10), 14, true) + pad(num(s.p50), 14, true) + pad(num(s.p90), 14, true) + pad(num(s.max), 14, true) +
              "\n";
    }
  }
  if (hidden) text += "  (" + std::to_string(hidden) + " output/world pairs constant across variants)\n";

  if (!text_outputs.empty()) {
    text += "\nBottlenecks (commonest binding capacities per route)\n";
    for (int c : text_outputs) {
      for (std::size_t w = 0; w < world_count; ++w) {
        auto it = commonest.find({c, w});
        if (it == commonest.end()) continue;
        std::uint64_t n = 0;
        for (const auto& [count, value] : it->second) n += count;
        std::string line;
        for (std::size_t i = 0; i < it->second.size() && i < 3; ++i) {
          line += (i ? ", " : "") + it->second[i].second + " " + pct(static_cast<double>(it->second[i].first) / static_cast<double>(n));
        }
        if (it->second.size() > 3) line += ", ... (" + std::to_string(it->second.size()) + " distinct)";
        text += "  " + pad(columns[static_cast<std::size_t>(c)].name, name_width) + pad(worlds[w], world_width) + line + "\n";
      }
    }
  }

  out.wins_csv = "output,world,reference,n,world_wins,reference_wins,ties,world_share,reference_share,tie_share,"
                 "delta_min,delta_p10,delta_p50,delta_p90,delta_max,delta_mean\n";
  if (world_count > 1) {
    for (std::size_t w = 1; w < world_count; ++w) {
      text += "\nMatched pairs: " + worlds[w] + " vs " + worlds[0] + " on the same draws (delta = " + worlds[w] + " - " +
              worlds[0] + "; ties within solver noise)\n";
      text += "  " + pad("output", name_width) + pad("better", 8) + pad("n", 9, true) + pad(worlds[w] + " wins", 22, true) +
              pad(worlds[0] + " wins", 22, true) + pad("ties", 9, true) + pad("delta P10", 14, true) +
              pad("P50", 14, true) + pad("P90", 14, true) + "\n";
      std::size_t all_ties = 0;
      for (int c : delta_columns) {
        const auto& column = columns[static_cast<std::size_t>(c)];
        const auto& source = columns[static_cast<std::size_t>(column.source)];
        const Stats& s = stats[{c, w}];
        auto it = wins.find({c, w});
        const Wins tally = it == wins.end() ? Wins{} : it->second;
        const double n = static_cast<double>(std::max<std::uint64_t>(1, tally.n));
        out.wins_csv += csv_cell(source.name, false) + "," + csv_cell(worlds[w], false) + "," + csv_cell(worlds[0], false) + "," +
                        std::to_string(tally.n) + "," + std::to_string(tally.world) + "," + std::to_string(tally.reference) +
                        "," + std::to_string(tally.ties) + "," + format_real(tally.world / n) + "," +
                        format_real(tally.reference / n) + "," + format_real(tally.ties / n) + "," + format_real(s.min) + "," +
                        format_real(s.p10) + "," + format_real(s.p50) + "," + format_real(s.p90) + "," + format_real(s.max) +
                        "," + format_real(s.mean) + "\n";
        if (source.better == 0) continue;
        if (tally.n == 0 || tally.ties == tally.n) {
          ++all_ties;
          continue;
        }
        text += "  " + pad(source.name, name_width) + pad(source.better > 0 ? "higher" : "lower", 8) +
                pad(std::to_string(tally.n), 9, true) + pad(pct(tally.world / n), 22, true) +
                pad(pct(tally.reference / n), 22, true) + pad(pct(tally.ties / n), 9, true) + pad(num(s.p10), 14, true) +
                pad(num(s.p50), 14, true) + pad(num(s.p90), 14, true) + "\n";
      }
      if (all_ties) text += "  (" + std::to_string(all_ties) + " outputs tie in every variant)\n";
    }
  }

  // Per target: the ranking measure of every parameter (for the overview) and the table rows.
  std::vector<double> influence_sum(d, 0.0);
  std::vector<std::size_t> influence_first(d, 0);
  std::size_t influence_targets = 0;
  std::string ranked;
  out.sensitivity_csv = "output,world,parameter,rank,src,r2,s1,st,mu_star,mu,sigma\n";
  const std::string measure = sobol ? "total Sobol index ST" : morris ? "Morris mu*" : "|SRC|";
  text += "\nSensitivities (parameters ranked by " + measure + "; SRC = standardised regression coefficient, R2 of the linear fit";
  if (sobol) text += "; S1/ST first-order/total Sobol indices";
  if (morris) text += "; mu*, sigma of the elementary effects in units of the output per unit range";
  text += ")\n";
  std::string header;
  if (d == 0 || targets.empty()) text += "  (no varying outputs or no parameters)\n";
  else {
    header = "  " + pad("output", name_width) + pad("world", world_width) + pad("#", 3) + pad("parameter", param_width) +
             pad("SRC", 8, true) + pad("R2", 7, true);
    if (sobol) header += pad("S1", 8, true) + pad("ST", 8, true);
    if (morris) header += pad("mu*", 14, true) + pad("sigma", 14, true);
    header += "\n";
  }
  for (std::size_t t = 0; t < targets.size(); ++t) {
    const auto [coefficients, r2] = regressions[t].src();
    std::vector<double> s1(d, kNaN), st(d, kNaN), mu_star(d, kNaN), mu(d, kNaN), sigma(d, kNaN);
    if (sobol) {
      const auto& acc = sobol_acc[t];
      const double v = acc.variance();
      if (acc.n > 0 && v > 0) {
        for (std::size_t i = 0; i < d; ++i) {
          s1[i] = acc.first[i] / acc.n / v;
          st[i] = acc.total[i] / (2 * acc.n) / v;
        }
      }
    }
    if (morris) {
      const auto& acc = morris_acc[t];
      for (std::size_t i = 0; i < d; ++i) {
        if (acc.n[i] < 1) continue;
        mu_star[i] = acc.abs_sum[i] / acc.n[i];
        mu[i] = acc.sum[i] / acc.n[i];
        sigma[i] = acc.n[i] > 1 ? std::sqrt(std::max(0.0, (acc.sum2[i] - acc.sum[i] * acc.sum[i] / acc.n[i]) / (acc.n[i] - 1))) : kNaN;
      }
    }
    std::vector<std::size_t> order(d);
    for (std::size_t i = 0; i < d; ++i) order[i] = i;
    auto key = [&](std::size_t i) {
      const double v = sobol ? st[i] : morris ? mu_star[i] : std::abs(coefficients[i]);
      return std::isnan(v) ? -1.0 : v;
    };
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return key(a) > key(b); });
    // The overview weighs each output equally: measures normalised by this output's largest.
    const double top_key = d > 0 ? key(order[0]) : 0;
    if (top_key > 0) {
      ++influence_targets;
      ++influence_first[order[0]];
      for (std::size_t i = 0; i < d; ++i) influence_sum[i] += std::max(0.0, key(i)) / top_key;
    }
    for (std::size_t r = 0; r < d; ++r) {
      const std::size_t i = order[r];
      const std::string& pname = columns[static_cast<std::size_t>(parameters[i])].name;
      out.sensitivity_csv += csv_cell(targets[t].name, false) + "," + csv_cell(targets[t].world_name, false) + "," +
                             csv_cell(pname, false) + "," + std::to_string(r + 1) + "," + format_real(coefficients[i]) + "," +
                             format_real(r2) + "," + format_real(s1[i]) + "," + format_real(st[i]) + "," +
                             format_real(mu_star[i]) + "," + format_real(mu[i]) + "," + format_real(sigma[i]) + "\n";
      if (r >= options.top || key(i) <= 0) continue;
      ranked += "  " + pad(r == 0 ? targets[t].name : "", name_width) + pad(r == 0 ? targets[t].world_name : "", world_width) +
              pad(std::to_string(r + 1), 3) + pad(pname, param_width) + pad(std::isnan(coefficients[i]) ? "-" : format_fixed(coefficients[i], 3), 8, true) +
              pad(r == 0 && !std::isnan(r2) ? format_fixed(r2, 2) : "", 7, true);
      if (sobol) ranked += pad(std::isnan(s1[i]) ? "-" : format_fixed(s1[i], 3), 8, true) + pad(std::isnan(st[i]) ? "-" : format_fixed(st[i], 3), 8, true);
      if (morris) ranked += pad(num(mu_star[i]), 14, true) + pad(num(sigma[i]), 14, true);
      ranked += "\n";
    }
  }
  if (influence_targets > 0) {
    std::vector<std::size_t> order(d);
    for (std::size_t i = 0; i < d; ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return influence_sum[a] > influence_sum[b]; });
    text += "  Which input moves the answers most: over " + std::to_string(influence_targets) +
            " varying outputs, how often each input ranks first, and its mean " + measure + " relative to the first\n";
    text += "  " + pad("parameter", param_width) + pad("first", 8, true) + pad("mean", 8, true) + "\n";
    for (std::size_t i : order) {
      text += "  " + pad(columns[static_cast<std::size_t>(parameters[i])].name, param_width) +
              pad(std::to_string(influence_first[i]), 8, true) +
              pad(format_fixed(influence_sum[i] / static_cast<double>(influence_targets), 3), 8, true) + "\n";
    }
    text += "\n";
  }
  text += header + ranked;
  return out;
}

}  // namespace borderflow
