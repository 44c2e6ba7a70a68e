#pragma once
// Answers rendered for people (table, Markdown) and programs (JSON, CSV). Output is a pure
// function of the answers: sorted rows, fixed precision, no timestamps or absolute paths.
// Every format is rendered from the same typed, rounded report (run_report.cpp,
// compare_report.cpp), so the formats cannot disagree. The JSON document's contract: keys in
// alphabetical order, `borderflow_version` from CMake's project(VERSION), tonnes per year
// rounded to 0.1, USD/t to 1e-4, days to 1e-3, shadow prices to 1e-6, USD/yr to the cent
// (routing totals) or the dollar (values).
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "solve/answers.hpp"

namespace borderflow {

enum class Format { Table, Json, Csv, Markdown };

/// One scenario's answers; a time scenario's period by period (time_report.hpp).
std::string render_run(const SolvedScenario& solved, Format format);
nlohmann::json run_to_json(const SolvedScenario& solved);

/// Scenarios side by side per route question and direction, with deltas against the first.
std::string render_compare(const std::vector<SolvedScenario>& scenarios, Format format);
nlohmann::json compare_to_json(const std::vector<SolvedScenario>& scenarios);

}  // namespace borderflow
