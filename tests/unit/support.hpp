#pragma once
// Shared helpers for the unit tests: in-memory scenario files, loading hand networks from
// tests/networks/, and solving with the public certificate checks always applied.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "core/diagnostic.hpp"
#include "network/network.hpp"
#include "scenario/loader.hpp"
#include "solve/answers.hpp"
#include "solve/check.hpp"

namespace bftest {

using namespace borderflow;

/// Where in-memory scenarios live. Nothing exists there on disk, so a test that reads the real
/// file system by mistake fails loudly.
inline const std::string kMemoryRoot = "/borderflow-memory";
inline const std::string kMemoryScenario = kMemoryRoot + "/scenarios/test.yaml";

/// LoadOptions whose source serves `files` (absolute path -> text) and nothing else.
inline LoadOptions memory_options(const std::map<std::string, std::string>& files, Limits limits = {}) {
  LoadOptions options;
  options.limits = limits;
  auto source = std::make_shared<MemorySource>();
  for (const auto& [path, text] : files) source->add(path, text);
  options.source = source;
  return options;
}

/// Solver limits that keep every max flow on the LP (no LEMON fast path): the reference side of
/// the tests that compare the two paths.
inline SolveLimits lp_only() {
  SolveLimits limits;
  limits.network_fast_path = false;
  return limits;
}

/// Every bundled scenario (scenarios/*.yaml) without a time horizon, loaded, in file-name order:
/// the real networks the tests that compare two solve paths run over.
inline std::vector<std::pair<std::string, std::shared_ptr<const Scenario>>> bundled_one_period_scenarios() {
  std::vector<std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator(std::string(BORDERFLOW_SOURCE_DIR) + "/scenarios"))
    if (entry.path().extension() == ".yaml") files.push_back(entry.path().string());
  std::sort(files.begin(), files.end());
  std::vector<std::pair<std::string, std::shared_ptr<const Scenario>>> out;
  for (const auto& file : files) {
    auto scenario = std::make_shared<const Scenario>(load_scenario(file));
    if (!scenario->time) out.emplace_back(std::filesystem::path(file).filename().string(), std::move(scenario));
  }
  return out;
}

/// Loads one in-memory scenario (at kMemoryScenario).
inline Scenario load_text(const std::string& yaml, Limits limits = {}) {
  return load_scenario(kMemoryScenario, memory_options({{kMemoryScenario, yaml}}, limits));
}

/// The diagnostics a load fails with; fails the test when the load succeeds.
inline std::vector<Diagnostic> load_errors(const std::string& top, std::map<std::string, std::string> files,
                                           Limits limits = {}, bool require_provenance = false) {
  LoadOptions options = memory_options(std::move(files), limits);
  options.require_provenance = require_provenance;
  try {
    (void)load_scenario(top, options);
  } catch (const InputError& error) {
    return error.diagnostics();
  }
  FAIL("expected the scenario to be rejected");
  return {};
}

inline std::vector<Diagnostic> load_errors(const std::string& yaml, Limits limits = {}) {
  return load_errors(kMemoryScenario, {{kMemoryScenario, yaml}}, limits);
}

/// Every diagnostic formatted, one per line, for CHECK_THAT(..., Contains(...)).
inline std::string formatted(const std::vector<Diagnostic>& diagnostics) {
  std::string out;
  for (const auto& d : diagnostics) out += d.format() + "\n";
  return out;
}

/// "borderflow: 1" plus two Russian places ru-a and ru-b, for small loader tests.
inline std::string two_places() {
  return "borderflow: 1\n"
         "places:\n"
         "  - {id: ru-a, name: A, country: RU, lat: 43.0, lon: 132.0}\n"
         "  - {id: ru-b, name: B, country: RU, lat: 42.5, lon: 131.0}\n";
}

/// The expanded network of a scenario (it owns the scenario), whose invariants must hold.
inline Network expand(Scenario scenario) {
  Network network(std::move(scenario));
  const auto problems = network.check();
  INFO((problems.empty() ? std::string() : problems.front()));
  REQUIRE(problems.empty());
  return network;
}

inline std::string network_path(const std::string& name) {
  return std::string(BORDERFLOW_SOURCE_DIR) + "/tests/networks/" + name;
}

/// Loads and expands tests/networks/<name>.
inline Network load_network(const std::string& name) { return expand(load_scenario(network_path(name))); }

inline int route_index(const Scenario& s, const std::string& id) {
  for (std::size_t r = 0; r < s.routes.size(); ++r) {
    if (s.routes[r].id == id) return static_cast<int>(r);
  }
  FAIL("no route " << id);
  return -1;
}

inline int demand_index(const Scenario& s, const std::string& id) {
  for (std::size_t d = 0; d < s.demands.size(); ++d) {
    if (s.demands[d].id == id) return static_cast<int>(d);
  }
  FAIL("no demand " << id);
  return -1;
}

inline std::string joined(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& l : lines) out += l + "\n";
  return out;
}

/// A route's max flow, which must be optimal and pass the public certificate check.
inline CapacityAnswer certified_capacity(const Network& network, const std::string& route, bool reverse = false) {
  CapacityAnswer answer = answer_capacity(network, route_index(network.scenario(), route), reverse);
  INFO("route " << route << (reverse ? " (reverse)" : "") << ": " << joined(answer.check_problems));
  REQUIRE(answer.status == SolveStatus::Optimal);
  REQUIRE(answer.certified);
  REQUIRE(check_max_flow(network, answer.classes, answer.solution).empty());
  return answer;
}

/// The demand routing, which must be optimal and pass the public certificate check.
inline RoutingAnswer certified_routing(const Network& network) {
  RoutingAnswer answer = answer_routing(network);
  INFO("routing: " << joined(answer.check_problems));
  REQUIRE(answer.status == SolveStatus::Optimal);
  REQUIRE(answer.certified);
  REQUIRE(check_routing(network, answer.classes, answer.solution).empty());
  return answer;
}

/// Row labels ("transfer c-bogie rail:1520->rail:1435") of a bottleneck or binding list.
inline std::vector<std::string> row_labels(const Network& network, const std::vector<BindingRow>& rows) {
  std::vector<std::string> out;
  for (const auto& r : rows) out.push_back(network.describe_row(r.row));
  return out;
}

/// Flow summed over the arcs of one element kind/id (both layers of a dual-gauge link, say).
inline double element_flow(const Network& network, const std::vector<double>& arc_t_per_yr, ArcKind kind,
                           int element) {
  double total = 0;
  for (const auto& arc : network.arcs()) {
    if (arc.kind == kind && arc.element == element) total += arc_t_per_yr[static_cast<std::size_t>(arc.index)];
  }
  return total;
}

/// |a - b| within 1e-3 t (or USD) plus one part in 1e9: LP answers are exact up to round-off.
inline bool near(double a, double b) { return std::abs(a - b) <= 1e-3 + 1e-9 * std::abs(b); }

}  // namespace bftest
