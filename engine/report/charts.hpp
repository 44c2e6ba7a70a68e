#pragma once
// Charts of the answers as Vega-Lite specifications (https://vega.github.io/vega-lite/), drawn in
// the HTML report by the Vega libraries built into the binary (engine/assets). Each spec carries
// its data inline and refers to no file or URL, so a report opens offline. Arithmetic stays in
// solve/; this file only chooses marks, scales and words.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "solve/answers.hpp"

namespace borderflow {

struct Chart {
  std::string id;       ///< unique in a page: lower case, digits and '-'
  std::string title;    ///< a heading
  std::string caption;  ///< what is shown, in what unit, and where the figures come from
  nlohmann::json spec;  ///< a complete Vega-Lite spec ("$schema" v6), data inline
};

/// The charts of one or more scenarios answered (the first is the base of every delta):
/// capacity per route question and direction side by side with the deltas; binding capacities;
/// flows per crossing and per gauge change; for time scenarios, flows and backlog over time; and
/// a time-cost-distance profile of `profile_route` (a route id; "" = the first route question
/// that carries anything) in each scenario. Charts with nothing to show are left out.
/// Time scenarios (SolvedScenario::time) get only the time charts; the year-long charts compare
/// the others, the first of them the base. std::invalid_argument when `profile_route` is not ""
/// and names no route of any scenario.
std::vector<Chart> scenario_charts(const std::vector<const SolvedScenario*>& scenarios,
                                   const std::string& profile_route = "");

}  // namespace borderflow
