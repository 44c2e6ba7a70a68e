#pragma once
// The typed, rounded values that every report format renders (internal to report/). Numbers are
// rounded once, when an item is made, so JSON, tables, Markdown and CSV print the same figures:
// tonnes per year to 0.1, costs to 1e-4 USD/t, transit to 1e-3 days, shadow prices to 1e-6.
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/csv.hpp"
#include "solve/answers.hpp"

namespace borderflow {

/// The release that writes a document: CMake's project(VERSION), so it cannot go stale.
extern const char* const kBorderflowVersion;
/// The version of the JSON documents' shape (docs/schema/): `schema_version` in every document.
/// Raised when a key is renamed, removed or changes its meaning; adding a key keeps it.
inline constexpr int kJsonSchemaVersion = 1;

/// Rounds for output so that the same answers always print the same bytes (no -0).
double rounded(double value, int decimals);
/// null for a non-finite value, else the rounded number.
nlohmann::json number_or_null(double value, int decimals);
/// "" for a non-finite value (a JSON null), else format_fixed.
std::string number_text(double value, int decimals);

/// A fleet's row read in vehicles for one question (solve/measures.hpp FleetUse), rounded:
/// vehicles to 0.01, the share to 0.1 %, departures to 0.01 a day, the price of a vehicle to 0.01.
struct FleetItem {
  std::string id, name, vehicle;  ///< vehicle: the vehicles' id ("ship")
  double count = 0, payload_t = 0;
  double carried_t_per_yr = 0, used_t_h_per_yr = 0, capacity_t_h_per_yr = 0;
  double vehicles_needed = 0, share_of_fleet_pct = 0, departures_per_day = 0;
  bool after_background = false;  ///< the scenario has background traffic
  double background_vehicles = 0;
  /// Per vehicle-year: t/yr of route capacity (max flow) or USD/yr saved (routing).
  double shadow_price_per_vehicle = 0;
};
/// The fleets a question's flows use or that bind it, in row order.
std::vector<FleetItem> fleet_items(const Network& network, const std::vector<double>& arc_t_per_yr,
                                   const std::vector<double>& row_shadow);
/// `shadow_key` names the price per vehicle with its unit ("shadow_price_usd_per_yr_per_vehicle").
nlohmann::json to_json(const std::vector<FleetItem>& items, const std::string& shadow_key);
nlohmann::json to_json(const FleetItem& item);

/// An element row whose capacity was written in vehicles, read in vehicles per day (0.01).
struct VehicleItem {
  std::string kind, id, direction, vehicle;  ///< vehicle: its id ("train")
  double payload_t = 0, per_day = 0, capacity_per_day = 0;
  bool after_background = false;
  double background_per_day = 0;
};
std::vector<VehicleItem> vehicle_items(const Network& network, const std::vector<double>& arc_t_per_yr);
nlohmann::json to_json(const std::vector<VehicleItem>& items);
/// "9.3 trains/day of 12" (per month when the capacity is below one a day), plus
/// "(3.0 more in background traffic)" when background runs there.
std::string vehicle_use_text(const VehicleItem& item);

/// A row's unit as JSON keys end: "t_per_yr", "t_h_per_yr", "bbl_per_yr".
std::string unit_key(RowUnit unit);

/// "4.0 of 4 ships, 100%, 2.7 departures/day": what a fleet's vehicles do for the flows, plus
/// "(1.0 more in background traffic)" when background uses the fleet.
std::string fleet_use_text(const FleetItem& item);

/// A binding capacity row. Figures are in the row's unit: t/yr, except a fleet's (t-h/yr) and a
/// cap's in barrels (bbl/yr); JSON keys carry the unit ("capacity_t_h_per_yr").
struct BindingItem {
  std::string kind, id, name, direction, label;
  RowUnit unit = RowUnit::TonnesPerYear;
  double capacity = 0, used = 0, shadow_price = 0;
  /// The scenario has background traffic: the row's background and spare capacity are shown.
  bool after_background = false;
  double background = 0, spare = 0;
  std::optional<FleetItem> fleet;  ///< a fleet's row, in vehicles
};
/// `arc_t_per_yr`: the question's flow per arc, which a fleet's vehicles are counted from.
std::vector<BindingItem> binding_items(const Network& network, const std::vector<BindingRow>& rows,
                                       const std::vector<double>& arc_t_per_yr);
nlohmann::json to_json(const std::vector<BindingItem>& items);
/// The row's figure in one cell: "1,100,000"; "spare 2,000,000 of 5,000,000 (3,000,000
/// background)" when background takes part of it; "4.0 of 4 ships, 100%, 2.7 departures/day"
/// for a fleet; "500,000 bbl/yr" for a cap in barrels.
std::string binding_value_text(const BindingItem& item);
/// "transfer c-bogie rail:1520->rail:1435 1.1 + ...", at most `limit` named, the tonne rows carrying the most
/// flow first; "-" when none.
/// A fleet is named "fleet <id> (<name>)" with its vehicles (binding_value_text).
std::string bottleneck_text(const std::vector<BindingItem>& items, std::size_t limit);

/// A capacity row in some minimum cut of a route question, and whether it is in every one
/// (raising it alone raises the route's capacity); see CapacityAnswer::cut_rows.
struct CutItem {
  std::string kind, id, direction, label;
  double capacity = 0;  ///< in `unit`: t/yr, or a fleet's t-h/yr, a cap's bbl/yr
  RowUnit unit = RowUnit::TonnesPerYear;
  bool raises_alone = false;
};
/// Row order; empty unless the answer is optimal.
std::vector<CutItem> cut_items(const Network& network, const CapacityAnswer& answer);
/// A tonne row as capacity_t_per_yr; another unit as capacity with its unit.
nlohmann::json to_json(const std::vector<CutItem>& items);
/// A cut row's capacity in a table: Mt/yr for tonnes, else grouped in its own unit ("1,234 t-h/yr").
std::string cut_capacity_text(const CutItem& item);
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
/// The flows through elements of `kind` among `flows` (element_flows: computed once for all
/// kinds of an answer), ordered by id and direction.
std::vector<FlowItem> flow_items(const std::vector<ElementFlow>& flows, ElementKind kind);
/// Transfers carry gauge_change; links and crossings do not.
nlohmann::json to_json(const std::vector<FlowItem>& items, ElementKind kind);

/// One path of a flow, worded.
struct PathItem {
  double t_per_yr = 0, cost_usd_per_t = 0, transit_days = 0;
  std::string path;
};
std::vector<PathItem> path_items(const Network& network, const std::vector<PathFlow>& paths);
nlohmann::json to_json(const std::vector<PathItem>& items);

/// The ids of a place set for the tidy CSV: its countries when it is given by countries, else
/// its place ids; separated by one space (ids hold none), never shortened.
std::string place_set_ids(const Scenario& scenario, const PlaceSet& set);

/// An element in the tidy CSV (core/csv.hpp TidyRecord): kind, id and its direction of travel as
/// the ids at either end (places of a link, layers of a transfer, countries of a crossing).
struct ElementKey {
  std::string kind, id, from, to;
};
/// The key of an element whose direction is worded "A->B" (as Network::row_direction and
/// element_flows word it; ids cannot contain '>', so the split is exact). Countries joined by
/// "/" ("CN/RU") are separated by a space; a direction without "->" ("both ways", a cap's
/// "delivered") gives empty from and to.
ElementKey element_key(const std::string& kind, const std::string& id, const std::string& direction);

/// Tidy CSV records under the current scenario, period and question; one schema for every
/// report (docs/schema/README.md). Units are written as the schema lists them ("t/yr", "USD/t").
class TidyCsv {
 public:
  explicit TidyCsv(std::string scenario) { at_.scenario = std::move(scenario); }
  void scenario(std::string name) { at_.scenario = std::move(name); }
  void period(std::string label) { at_.period = std::move(label); }
  /// A route question ("forward"/"reverse"), a demand (direction ""), or "" for scenario-wide.
  void question(std::string id, std::string direction = "") {
    at_.question = std::move(id);
    at_.direction = std::move(direction);
  }
  void add(const ElementKey& element, const std::string& metric, const std::string& unit, double value, int decimals);
  /// A yes/no fact as 1 or 0 (unit "1").
  void flag(const ElementKey& element, const std::string& metric, bool value) { add(element, metric, "1", value ? 1 : 0, 0); }
  /// The header and every record.
  std::string text() const { return kTidyCsvHeader + lines_; }

 private:
  TidyRecord at_;
  std::string lines_;
};

/// The unit of a shadow price per unit of a row: "USD/t" (USD/yr per t/yr), "USD/t-h",
/// "USD/bbl" in a routing (`routing`), or "1", "t/yr per t-h/yr", "t/yr per bbl/yr" in a max
/// flow (t/yr of route capacity per unit of the row).
std::string shadow_price_unit(RowUnit unit, bool routing);

}  // namespace borderflow
