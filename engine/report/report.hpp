#pragma once
// Answers rendered for people (table, Markdown) and programs (JSON, CSV). Output is a pure
// function of the answers: sorted rows, fixed precision, no timestamps or absolute paths.
// Every format is rendered from the same typed, rounded report (run_report.cpp,
// compare_report.cpp), so the formats cannot disagree. The JSON document's contract: keys in
// alphabetical order, `borderflow_version` from CMake's project(VERSION), tonnes per year
// rounded to 0.1, USD/t to 1e-4, days to 1e-3, shadow prices to 1e-6, USD/yr to the cent
// (routing totals) or the dollar (values).
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/table.hpp"
#include "solve/answers.hpp"

namespace borderflow {

enum class Format { Table, Json, Csv, Markdown };

/// One scenario's answers; a time scenario's period by period (time_report.hpp). `width`: the
/// widest line a text table may print (the terminal's, which the caller reads; core/table.hpp
/// wraps long cells to fit; 0: no limit); Markdown, JSON and CSV ignore it.
std::string render_run(const SolvedScenario& solved, Format format, std::size_t width = kDefaultTableWidth);
nlohmann::json run_to_json(const SolvedScenario& solved);

/// P10-P90 bands from a sweep, shown beside compare's point values. A band belongs to a scenario
/// by name (the sweep's world of the same name) and to a figure by the sweep store's column name:
/// "capacity.<route>", "capacity.<route>.reverse", "cost_per_t.<demand>", and "delta.<column>"
/// for the world's difference from the sweep's first world, variant by variant.
struct Band {
  double p10 = 0, p50 = 0, p90 = 0;
  std::uint64_t n = 0;  ///< variants with a value
};
struct CompareBands {
  std::string sweep;  ///< the sweep's name
  std::string file;   ///< the store, as given
  std::uint64_t variants = 0;
  std::map<std::pair<std::string, std::string>, Band> bands;  ///< (scenario name, column) -> band
  const Band* find(const std::string& scenario, const std::string& column) const {
    auto it = bands.find({scenario, column});
    return it == bands.end() ? nullptr : &it->second;
  }
};

/// Scenarios side by side per route question and direction, with deltas against the first: a
/// headline table of every question and demand, then one table per question. `bands` (may be
/// null) adds a sweep's P10-P90 beside the point values.
std::string render_compare(const std::vector<SolvedScenario>& scenarios, Format format, const CompareBands* bands = nullptr,
                           std::size_t width = kDefaultTableWidth);
nlohmann::json compare_to_json(const std::vector<SolvedScenario>& scenarios, const CompareBands* bands = nullptr);

}  // namespace borderflow
