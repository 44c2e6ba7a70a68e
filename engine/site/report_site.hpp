#pragma once
// `borderflow report FILE... -o DIR`: scenarios and sweep stores as one folder that opens offline
// from file:// in any browser:
//
//   DIR/index.html        the page: headline, maps (Leaflet), charts (Vega-Lite), tables, the
//                         inputs that differ, provenance; every figure and the basemap inline
//                         (a page opened from file:// cannot fetch() files beside it);
//   DIR/lib/              the browser libraries built into borderflow (engine/assets) and
//                         LICENSES.txt with each one's licence and the basemap's source;
//   DIR/data/             the machine-readable results the page shows: run JSON and CSV per
//                         scenario, compare JSON and CSV.
//
// Same inputs, same bytes: no timestamps, no absolute paths beyond those given, sorted output.
#include <optional>
#include <string>
#include <vector>

#include "report/report.hpp"
#include "site/sweep_charts.hpp"
#include "core/limits.hpp"
#include "solve/answers.hpp"

namespace borderflow {

struct ReportInputs {
  std::vector<SolvedScenario> scenarios;       ///< one-period scenarios, in the order given: compared
  std::vector<SolvedScenario> time_scenarios;  ///< scenarios with `time:`, in the order given: a section each
  std::vector<SweepSection> sweeps;            ///< sweep stores, in the order given
  /// The P10-P90 bands `compare --bands` would print, from the first store whose worlds are
  /// named after compared scenarios and which was made from the files as they are now: shown in
  /// the headline and written into data/compare.*.
  std::optional<CompareBands> bands;
  std::string bands_note;  ///< why a store's bands are not shown ("" when shown or none was given)
};

/// Whether `path` names a sweep store rather than a scenario: a file that starts with SQLite's
/// header, or a name ending in ".sqlite" (so that a damaged store is reported as a store).
bool is_sweep_store(const std::string& path);

/// Reads every file: a sweep store through sweep_section (a store it cannot read throws
/// EnvironmentError naming the file and the reason), a scenario loaded and answered within
/// `limits` (InputError with file:line:column when it is wrong).
/// `input_limits` bound every scenario file read.
ReportInputs read_report_inputs(const std::vector<std::string>& files, const SolveLimits& limits = {},
                                const Limits& input_limits = {});

struct SiteOptions {
  std::string profile_route;  ///< the route of the time-cost-distance chart; "" = the first that carries
};

/// "" when `route` is empty or the id of a route question of some scenario; else what is wrong,
/// naming the routes there are ("did you mean" when one is close).
std::string unknown_route_message(const ReportInputs& inputs, const std::string& route);

/// One file of the folder: `path` relative to it, '/'-separated ("lib/leaflet.js").
struct SiteFile {
  std::string path;
  std::string bytes;
};

/// Every file of the folder, in the order they are written: lib/, data/, then index.html last
/// (a reader who opens the page early finds its libraries there).
std::vector<SiteFile> build_report_site(const ReportInputs& inputs, const SiteOptions& options = {});

/// Writes `files` below `dir`, each atomically (core/atomic_file.hpp). `dir` and the folders
/// below it are created when missing; one that exists and is not a folder (or a link to one)
/// throws EnvironmentError, before anything is written.
void write_report_site(const std::string& dir, const std::vector<SiteFile>& files);

}  // namespace borderflow
