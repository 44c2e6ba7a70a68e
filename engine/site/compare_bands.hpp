#pragma once
// The P10-P90 bands of a sweep store beside compared scenarios: what `compare --bands` prints
// beside its point values and `report` shows in its headline. One reading with its outcomes; the
// two commands only word a "no" differently (compare refuses with exit 2, report notes why and
// goes on). A store's band belongs to a scenario by name: the sweep's world of the same name.
#include <string>
#include <vector>

#include "report/report.hpp"
#include "solve/answers.hpp"
#include "sweep/summary.hpp"

namespace borderflow {

struct CompareBandsRead {
  enum class Outcome {
    Read,             ///< `bands` holds the store's bands
    Unreadable,       ///< `error`: why the store cannot be read (not a store, damaged, ...)
    NoScenarioWorld,  ///< none of the store's worlds is named after a compared scenario
    Stale,            ///< the store was made from other data than its spec and scenarios hold now
    SpecUnreadable,   ///< the store's spec cannot be read from here to check that it is current
  };
  Outcome outcome = Outcome::Read;
  std::string error;
  StoreBands stored;          ///< what the store holds (all but Unreadable)
  std::string spec_hash_now;  ///< Stale: the digest of the spec and its scenarios as they are now
  CompareBands bands;         ///< Read
};

/// Reads `store` for `scenarios`, checking in this order: the store is readable, one of its worlds
/// is a compared scenario, and its digest of its spec and scenarios matches them as they are now
/// (bands of other data would sit beside point values they do not describe).
CompareBandsRead read_compare_bands(const std::string& store, const std::vector<SolvedScenario>& scenarios);

}  // namespace borderflow
