#pragma once
// YAML text -> Scenario. Reading is strict (unknown and duplicate keys, empty required fields,
// units) and collects every problem before failing, so one run lists them all.
#include <functional>
#include <string>

#include "core/limits.hpp"
#include "scenario/scenario.hpp"

namespace borderflow {

struct LoadOptions {
  Limits limits;
  /// Also report elements without source: or assumption: (the rule for config/).
  bool require_provenance = false;
  /// Reads a file's bytes; tests replace it with an in-memory source.
  std::function<std::string(const std::string& path, const Limits&)> read_file;
};

/// Loads a scenario file and everything it extends. Throws InputError listing every problem.
Scenario load_scenario(const std::string& path, const LoadOptions& options = {});

}  // namespace borderflow
