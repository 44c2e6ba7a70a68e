#pragma once
// A sweep store (sweep run -o) as charts for the HTML report: each output's distribution with
// its P10-P50-P90 per world, the matched-pair win shares between worlds, and the ranked
// sensitivity (tornado) of each headline output to the swept inputs. Figures come from the
// store through sweep/summary.hpp, so the report and `sweep summarize` agree.
#include <cstdint>
#include <string>
#include <vector>

#include "report/charts.hpp"

namespace borderflow {

struct SweepSection {
  std::string sweep;  ///< the sweep's name
  std::string file;   ///< the store, as given
  std::uint64_t variants = 0;
  std::vector<std::string> worlds;
  std::vector<Chart> charts;
};

/// Reads the store at `path`; StoreInputError (sweep/store.hpp) when it is not a readable store.
SweepSection sweep_section(const std::string& path);

}  // namespace borderflow
