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
std::string render_run(const Network& network, const ScenarioAnswer& answer, Format format);
nlohmann::json run_to_json(const Network& network, const ScenarioAnswer& answer);

/// One solved scenario, as compare needs it.
struct ComparedScenario {
  std::string file;
  const Network* network = nullptr;
  const ScenarioAnswer* answer = nullptr;
};

/// Scenarios side by side per route question and direction, with deltas against the first.
std::string render_compare(const std::vector<ComparedScenario>& scenarios, Format format);
nlohmann::json compare_to_json(const std::vector<ComparedScenario>& scenarios);

/// "RU -> KP" or "ru-vladivostok -> kp-pyongyang" for a route question.
std::string direction_label(const Scenario& scenario, const Route& route, bool reverse);

}  // namespace borderflow
