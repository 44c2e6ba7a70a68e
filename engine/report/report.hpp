#pragma once
// Answers rendered for people (table, Markdown) and programs (JSON, CSV). Output is a pure
// function of the answers: sorted rows, fixed precision, no timestamps or absolute paths.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "solve/answers.hpp"

namespace borderflow {

enum class Format { Table, Json, Csv, Markdown };

/// One scenario's answers.
std::string render_run(const SolvedScenario& solved, Format format);
nlohmann::json run_to_json(const SolvedScenario& solved);

/// Scenarios side by side per route question and direction, with deltas against the first.
std::string render_compare(const std::vector<SolvedScenario>& scenarios, Format format);
nlohmann::json compare_to_json(const std::vector<SolvedScenario>& scenarios);

}  // namespace borderflow
