#pragma once
// YAML text -> Scenario. Reading is strict (unknown and duplicate keys, empty required fields,
// units) and collects every problem before failing, so one run lists them all.
#include <memory>
#include <string>

#include "core/limits.hpp"
#include "input/source.hpp"
#include "scenario/scenario.hpp"

namespace borderflow {

struct LoadOptions {
  Limits limits;
  /// Also report elements without source: or assumption: (the rule for config/).
  bool require_provenance = false;
  /// Where the file and everything it extends are read; tests pass a MemorySource.
  std::shared_ptr<const InputSource> source = FileSource::shared();
  /// Where a successful load leaves its warnings (e.g. a capacity below the reports'
  /// resolution), in file order; null: they are dropped.
  std::vector<Diagnostic>* warnings = nullptr;
  /// Also record where each field was written (Scenario::field_locations), which only the
  /// comparison of two scenarios' inputs reads (scenario/diff.hpp, the report's "what differs"
  /// table). Off by default: it is a map entry per field written, about 150 MB of a 100k-link
  /// network's 616 MB peak when read from YAML, and 5 % of a bundled `run`.
  bool field_locations = false;
};

/// Loads a scenario file and everything it extends. Throws InputError listing every problem.
Scenario load_scenario(const std::string& path, const LoadOptions& options = {});

}  // namespace borderflow
