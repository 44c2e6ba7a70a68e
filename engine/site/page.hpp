#pragma once
// The report's index.html, assembled from the reports' own renderings (private to site/; the
// entry point is report_site.hpp).
#include <string>
#include <vector>

#include "site/report_site.hpp"

namespace borderflow {

/// A file of data/ as the page links it.
struct DataLink {
  std::string path;         ///< relative to the folder: "data/bilateral.run.json"
  std::string description;  ///< "run of bilateral, JSON"
};

/// Sweep summaries as text, one per ReportInputs::sweeps ("" when the store gave none).
std::string report_page(const ReportInputs& inputs, const SiteOptions& options, const std::vector<DataLink>& data,
                        const std::vector<std::string>& sweep_summaries);

/// The page's own script and style sheet (page_script.cpp): drawn maps and charts, the DOM
/// contract of the browser test (tests/browser/).
const char* report_script();
const char* report_style();

}  // namespace borderflow
