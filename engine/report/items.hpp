#pragma once
// The typed, rounded values that every report format renders (internal to report/). Numbers are
// rounded once, when an item is made, so JSON, tables, Markdown and CSV print the same figures:
// tonnes per year to 0.1, costs to 1e-4 USD/t, transit to 1e-3 days, shadow prices to 1e-6.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "solve/answers.hpp"

namespace borderflow {

/// The release that writes a document: CMake's project(VERSION), so it cannot go stale.
extern const char* const kBorderflowVersion;

/// Rounds for output so that the same answers always print the same bytes (no -0).
double rounded(double value, int decimals);
/// null for a non-finite value, else the rounded number.
nlohmann::json number_or_null(double value, int decimals);
/// "" for a non-finite value (a JSON null), else format_fixed.
std::string number_text(double value, int decimals);

/// A binding capacity row.
struct BindingItem {
  std::string kind, id, direction, label;
  double capacity_t_per_yr = 0, used_t_per_yr = 0, shadow_price = 0;
};
std::vector<BindingItem> binding_items(const Network& network, const std::vector<BindingRow>& rows);
nlohmann::json to_json(const std::vector<BindingItem>& items);
/// "transfer c-bogie rail:1520->rail:1435 1,100,000 + ...", at most `limit` named; "-" when none.
std::string bottleneck_text(const std::vector<BindingItem>& items, std::size_t limit);

/// A capacity row in some minimum cut of a route question, and whether it is in every one
/// (raising it alone raises the route's capacity); see CapacityAnswer::cut_rows.
struct CutItem {
  std::string kind, id, direction, label;
  double capacity_t_per_yr = 0;
  bool raises_alone = false;
};
/// Row order; empty unless the answer is optimal.
std::vector<CutItem> cut_items(const Network& network, const CapacityAnswer& answer);
nlohmann::json to_json(const std::vector<CutItem>& items);
/// What to raise, in one cell: "link a a->b alone" when single elements lift the capacity,
/// "tied: link a a->b, link b b->c (none alone)" when the cuts share nothing; "-" when empty.
/// At most `limit` elements are named; `complete` false adds "(not all tested)".
std::string cut_text(const std::vector<CutItem>& items, bool complete, std::size_t limit);

/// Flow per element summed over classes: per link, transfer and crossing, per direction;
/// ordered by kind (links, transfers, crossings), then id, then direction.
struct ElementFlow {
  ElementKind kind = ElementKind::Link;
  std::string id, name, direction;  ///< direction: "A->B" (places for links, layers for transfers, countries for crossings)
  bool gauge_change = false;  ///< a transfer between rail layers of different gauge
  double t_per_yr = 0;
};
std::vector<ElementFlow> element_flows(const Network& network, const std::vector<double>& arc_t_per_yr);


/// Flow through one link, transfer or crossing in one direction, rounded.
struct FlowItem {
  std::string id, name, direction;
  double t_per_yr = 0;
  bool gauge_change = false;  ///< transfers only
};
/// The flows through elements of `kind`, ordered by id and direction.
std::vector<FlowItem> flow_items(const Network& network, const std::vector<double>& arc_t_per_yr, ElementKind kind);
/// Transfers carry gauge_change; links and crossings do not.
nlohmann::json to_json(const std::vector<FlowItem>& items, ElementKind kind);

/// One path of a flow, worded.
struct PathItem {
  double t_per_yr = 0, cost_usd_per_t = 0, transit_days = 0;
  std::string path;
};
std::vector<PathItem> path_items(const Network& network, const std::vector<PathFlow>& paths);
nlohmann::json to_json(const std::vector<PathItem>& items);

}  // namespace borderflow
