#include "site/report_site.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <memory>
#include <set>

#include "assets/assets.hpp"
#include "core/atomic_file.hpp"
#include "core/diagnostic.hpp"
#include "core/text.hpp"
#include "report/report.hpp"
#include "scenario/loader.hpp"
#include "site/compare_bands.hpp"
#include "site/page.hpp"
#include "sweep/spec.hpp"
#include "sweep/store.hpp"
#include "sweep/summary.hpp"

namespace borderflow {
namespace {

namespace fs = std::filesystem;

/// The libraries the page loads from lib/: (file in lib/, asset, what it is). Versions as pinned
/// in engine/assets/assets.cmake.
struct Library {
  const char* file;
  const char* asset;
};
constexpr Library kLibraries[] = {
    {"leaflet.js", "leaflet/leaflet.js"},
    {"leaflet.css", "leaflet/leaflet.css"},
    {"vega.min.js", "vega/vega.min.js"},
    {"vega-lite.min.js", "vega-lite/vega-lite.min.js"},
    {"vega-embed.min.js", "vega-embed/vega-embed.min.js"},
};

struct Licence {
  const char* name;
  const char* files;
  const char* asset;
};
constexpr Licence kLicences[] = {
    {"Leaflet 1.9.4 (https://leafletjs.com)", "lib/leaflet.js, lib/leaflet.css", "leaflet/LICENSE"},
    {"Vega 6.2.0 (https://vega.github.io/vega/)", "lib/vega.min.js", "vega/LICENSE"},
    {"Vega-Lite 6.4.0 (https://vega.github.io/vega-lite/)", "lib/vega-lite.min.js", "vega-lite/LICENSE"},
    {"Vega-Embed 7.1.0 (https://github.com/vega/vega-embed)", "lib/vega-embed.min.js", "vega-embed/LICENSE"},
};

std::string licences_text() {
  std::string out =
      "Third-party software and data in this report\n"
      "============================================\n\n"
      "The page (index.html) and its script are made by borderflow. It loads the libraries below from\n"
      "this folder, unmodified release builds from the npm registry, each under its own licence.\n";
  for (const Licence& l : kLicences) {
    const std::string title = std::string(l.name) + ": " + l.files;
    out += "\n\n" + title + "\n" + std::string(title.size(), '-') + "\n\n" + std::string(asset(l.asset));
    if (out.back() != '\n') out += '\n';
  }
  out += "\n\nBasemap (inline in index.html): country borders and coastlines\n"
         "--------------------------------------------------------------\n\n" +
         std::string(asset("basemap/README.md"));
  if (out.back() != '\n') out += '\n';
  return out;
}

/// A file name for a scenario's data: its name with anything but [A-Za-z0-9._-] as '-', made
/// unique among the report's scenarios with "-2", "-3", ...
std::string data_stem(const std::string& name, std::set<std::string>& used) {
  std::string stem;
  for (char c : name) {
    const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
    stem += plain ? c : '-';
  }
  if (stem.empty() || stem.front() == '.') stem = "scenario" + stem;
  std::string out = stem;
  for (int n = 2; used.count(out); ++n) out = stem + "-" + std::to_string(n);
  used.insert(out);
  return out;
}

/// `path` exists and is not a folder (a link to a folder is one).
bool exists_not_folder(const fs::path& path) {
  std::error_code error;
  const fs::file_status status = fs::status(path, error);
  if (!fs::exists(status)) return fs::is_symlink(fs::symlink_status(path, error));  // a dangling link
  return !fs::is_directory(status);
}

void make_folder(const fs::path& path) {
  std::error_code error;
  fs::create_directories(path, error);
  if (error) throw EnvironmentError("cannot create the folder " + path.string() + ": " + error.message());
}

/// The bands of `store` for `scenarios` (read_compare_bands); nullopt with `note` saying why when
/// they cannot be shown. A store of another sweep (none of its worlds is compared) is no fault:
/// its charts stand in its own section, and `note` stays empty.
std::optional<CompareBands> store_compare_bands(const std::string& store, const std::vector<SolvedScenario>& scenarios,
                                                std::string& note) {
  CompareBandsRead read = read_compare_bands(store, scenarios);
  switch (read.outcome) {
    case CompareBandsRead::Outcome::Read: return std::move(read.bands);
    case CompareBandsRead::Outcome::Unreadable:
      note = "The sweep store " + store + " gives no bands: " + read.error + ".";
      break;
    case CompareBandsRead::Outcome::NoScenarioWorld: break;
    case CompareBandsRead::Outcome::Stale:
      note = "P10 to P90 not shown: the sweep store " + store + " was made from other data than " + read.stored.spec_file +
             " and its scenarios hold now; run the sweep again.";
      break;
    case CompareBandsRead::Outcome::SpecUnreadable:
      note = "P10 to P90 not shown: the sweep store " + store + " was made from " + read.stored.spec_file +
             ", which cannot be read from here to check that the store is current.";
      break;
  }
  return std::nullopt;
}

}  // namespace

bool is_sweep_store(const std::string& path) {
  static const char kHeader[] = "SQLite format 3";  // the first 16 bytes, with its NUL
  std::ifstream in(path, std::ios::binary);
  char head[sizeof kHeader] = {};
  if (in && in.read(head, sizeof head) && std::memcmp(head, kHeader, sizeof kHeader) == 0) return true;
  return path.size() > 7 && path.compare(path.size() - 7, 7, ".sqlite") == 0;
}

ReportInputs read_report_inputs(const std::vector<std::string>& files, const SolveLimits& limits,
                                const Limits& input_limits) {
  LoadOptions load_options;
  load_options.limits = input_limits;
  load_options.field_locations = true;  // the inputs table says where each differing value was written
  ReportInputs inputs;
  for (const auto& file : files) {
    if (is_sweep_store(file)) {
      try {
        inputs.sweeps.push_back(sweep_section(file));
      } catch (const StoreInputError& e) {
        throw EnvironmentError(file + ": not a sweep store that can be read: " + e.what());
      }
      continue;
    }
    auto scenario = std::make_shared<const Scenario>(load_scenario(file, load_options));
    SolvedScenario solved = solve_scenario(scenario, file, limits);
    (scenario->time ? inputs.time_scenarios : inputs.scenarios).push_back(std::move(solved));
  }
  if (!inputs.scenarios.empty()) {
    for (const auto& sweep : inputs.sweeps) {
      std::string note;
      inputs.bands = store_compare_bands(sweep.file, inputs.scenarios, note);
      if (inputs.bands) break;
      if (inputs.bands_note.empty()) inputs.bands_note = note;
    }
    if (inputs.bands) inputs.bands_note.clear();
  }
  return inputs;
}

std::string unknown_route_message(const ReportInputs& inputs, const std::string& route) {
  if (route.empty()) return {};
  std::vector<std::string> ids;
  for (const auto* list : {&inputs.scenarios, &inputs.time_scenarios}) {
    for (const auto& s : *list) {
      for (const auto& r : s.scenario().routes) {
        if (r.id == route) return {};
        if (std::find(ids.begin(), ids.end(), r.id) == ids.end()) ids.push_back(r.id);
      }
    }
  }
  std::string message = "--route " + route + ": no scenario of the report asks that route question";
  if (const auto hint = closest_match(route, ids)) return message + "; did you mean '" + *hint + "'?";
  std::string all;
  for (const auto& id : ids) all += (all.empty() ? "" : ", ") + id;
  return message + (all.empty() ? "; the scenarios ask none" : "; the routes are: " + all);
}

std::vector<SiteFile> build_report_site(const ReportInputs& inputs, const SiteOptions& options) {
  std::vector<SiteFile> files;
  for (const Library& l : kLibraries) files.push_back({std::string("lib/") + l.file, std::string(asset(l.asset))});
  files.push_back({"lib/LICENSES.txt", licences_text()});

  std::vector<DataLink> links;
  std::set<std::string> used;
  auto add_data = [&](const std::string& path, std::string bytes, const std::string& description) {
    files.push_back({path, std::move(bytes)});
    links.push_back({path, description});
  };
  for (const auto* list : {&inputs.scenarios, &inputs.time_scenarios}) {
    for (const auto& s : *list) {
      const std::string stem = "data/" + data_stem(s.scenario().name, used);
      add_data(stem + ".run.json", run_to_json(s).dump(2) + "\n", "borderflow run of " + s.scenario().name + ", JSON");
      add_data(stem + ".run.csv", render_run(s, Format::Csv), "borderflow run of " + s.scenario().name + ", CSV");
    }
  }
  if (inputs.scenarios.size() > 1) {
    const CompareBands* bands = inputs.bands ? &*inputs.bands : nullptr;
    const std::string with = bands ? " with the sweep's P10 to P90" : "";
    add_data("data/compare.json", compare_to_json(inputs.scenarios, bands).dump(2) + "\n",
             "borderflow compare of the scenarios" + with + ", JSON");
    add_data("data/compare.csv", render_compare(inputs.scenarios, Format::Csv, bands),
             "borderflow compare of the scenarios" + with + ", CSV");
  }
  std::vector<std::string> summaries;
  for (const auto& sweep : inputs.sweeps) {
    Summary summary;
    try {
      summary = summarize_store(sweep.file);
    } catch (const std::runtime_error& e) {
      throw EnvironmentError(sweep.file + ": cannot summarise the sweep store: " + e.what());
    }
    const std::string stem = "data/sweep-" + data_stem(sweep.sweep, used);
    add_data(stem + ".stats.csv", summary.stats_csv, "sweep " + sweep.sweep + ": P10, P50, P90 of each output per world, CSV");
    add_data(stem + ".wins.csv", summary.wins_csv, "sweep " + sweep.sweep + ": matched-pair win shares, CSV");
    add_data(stem + ".sensitivity.csv", summary.sensitivity_csv, "sweep " + sweep.sweep + ": sensitivities, CSV");
    summaries.push_back(summary.text);
  }
  files.push_back({"index.html", report_page(inputs, options, links, summaries)});
  return files;
}

void write_report_site(const std::string& dir, const std::vector<SiteFile>& files) {
  const fs::path root(dir);
  // Every folder is checked before anything is written, so a refused report writes nothing.
  std::set<fs::path> folders = {root};
  for (const auto& f : files) {
    for (fs::path p = fs::path(f.path).parent_path(); !p.empty(); p = p.parent_path()) folders.insert(root / p);
  }
  for (const auto& folder : folders) {
    if (exists_not_folder(folder)) {
      throw EnvironmentError("cannot write the report to " + folder.string() + ": it exists and is not a folder");
    }
  }
  for (const auto& folder : folders) make_folder(folder);
  for (const auto& f : files) write_file_atomically((root / f.path).string(), f.bytes);
}

}  // namespace borderflow
