#pragma once
// A Scenario is plain data: every cross-reference is an index into the owning vector,
// resolved and validated by the loader. Strings live only for reports.
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "core/diagnostic.hpp"
#include "input/range.hpp"
#include "scenario/fields.hpp"

namespace borderflow {

inline constexpr double kUnlimited = std::numeric_limits<double>::infinity();

enum class Mode { Rail, Road, Sea, Pipeline };

/// A layer of the expanded network: a mode and, for rail, a gauge in mm (0 otherwise).
struct Layer {
  Mode mode = Mode::Rail;
  int gauge_mm = 0;
  friend bool operator==(const Layer&, const Layer&) = default;
  friend auto operator<=>(const Layer&, const Layer&) = default;
};

std::string to_string(Mode mode);
/// "rail:1435", "road", ...
std::string to_string(const Layer& layer);
std::optional<Layer> parse_layer(const std::string& text);

enum class Status { Open, Closed, Planned };
std::string to_string(Status status);

/// Where a figure comes from: source tags (resolved in Scenario::sources) and/or reasoning.
struct Provenance {
  std::vector<std::string> source_tags;
  std::string assumption;
  bool empty() const { return source_tags.empty() && assumption.empty(); }
};

struct Source {
  std::string id, title, publisher, date, url;
  SourceLocation where;
};

struct Place {
  std::string id, name, country, kind;
  double lat_deg = 0, lon_deg = 0;
  Provenance provenance;
  SourceLocation where;
};

struct Link {
  std::string id, name;
  int from = -1, to = -1;  ///< place indices
  Mode mode = Mode::Rail;
  std::vector<int> gauges_mm;  ///< rail: {1435}, {1520} or {1435, 1520} for dual gauge; empty otherwise
  double length_km = 0;
  double capacity_t_per_yr = kUnlimited;  ///< per direction
  double cost_usd_per_t = 0;              ///< fixed charge
  double cost_usd_per_t_km = 0;
  double transit_h = 0;                   ///< given, or derived from length and the mode's default speed
  bool both_ways = true;
  Status status = Status::Open;
  std::vector<int> commodities;  ///< allowed commodity indices; empty = all
  int crossing = -1;             ///< the crossing this link belongs to, if any
  Provenance provenance;
  SourceLocation where;

  double total_cost_usd_per_t() const { return cost_usd_per_t + cost_usd_per_t_km * length_km; }
};

struct Transfer {
  std::string id, name, method;
  int place = -1;
  Layer from, to;
  double cost_usd_per_t = 0;
  double time_h = 0;
  double capacity_t_per_yr = kUnlimited;  ///< per direction
  bool both_ways = true;
  Status status = Status::Open;
  Provenance provenance;
  SourceLocation where;
};

struct Crossing {
  std::string id, name;
  std::vector<int> links;
  double capacity_t_per_yr = kUnlimited;  ///< border-post throughput per direction, over all its links
  double dwell_h = 0;
  double cost_usd_per_t = 0;
  Status status = Status::Open;
  Provenance provenance;
  SourceLocation where;
};

struct Commodity {
  std::string id, name, cargo_class;
  double value_usd_per_t = 0;
  std::optional<double> bbl_per_t, t_per_teu;
  Provenance provenance;
  SourceLocation where;
};

/// Endpoints of a demand or route: explicit places, or every place of some countries.
struct PlaceSet {
  std::vector<int> places;  ///< resolved place indices, sorted, unique
  std::vector<std::string> countries;  ///< as written, for reports
};

struct Demand {
  std::string id, name;
  int commodity = -1;
  PlaceSet origins, destinations;
  double quantity_t_per_yr = 0;
  double unserved_cost_usd_per_t = 0;
  Provenance provenance;
  SourceLocation where;
};

struct Route {
  std::string id, name;
  PlaceSet origins, destinations;
  std::vector<int> links;            ///< empty = any link
  std::vector<std::string> countries;  ///< empty = any country
  int commodity = -1;                  ///< when set, only links that may carry it
  bool both_directions = true;
  SourceLocation where;
};

struct Policy {
  std::vector<std::string> closed;      ///< ids of links, transfers or crossings
  std::vector<std::string> no_transit;  ///< ISO country codes
};

/// A range written on a scenario field instead of a plain value
/// (`capacity: {range: [3 Mt/yr, 6 Mt/yr], source: ...}`): the field takes its nominal value,
/// and sweeps may sample the range (scenario_ranges: in a sweep spec).
struct FieldRange {
  FieldRef field;   ///< a Quantity field of variable_fields()
  RangeSpec range;  ///< internal units of the field's Dimension
  Provenance provenance;
  SourceLocation where;
};

struct Scenario {
  std::string name, description;
  std::vector<std::string> files;  ///< the file and everything it extends, outermost first
  std::vector<Source> sources;
  std::vector<Place> places;
  std::vector<Link> links;
  std::vector<Transfer> transfers;
  std::vector<Crossing> crossings;
  std::vector<Commodity> commodities;
  std::vector<Demand> demands;
  std::vector<Route> routes;
  Policy policy;
  std::vector<FieldRange> ranges;  ///< in file order, after extends: merging
  double default_speed_km_per_h[4] = {30, 40, 22, 5};  ///< indexed by Mode

  int find_place(const std::string& id) const;
  int find_link(const std::string& id) const;
  int find_transfer(const std::string& id) const;
  int find_crossing(const std::string& id) const;
  int find_commodity(const std::string& id) const;
  /// Whether any place lies in the country (ISO code).
  bool has_country(const std::string& code) const;
  /// The ids policy.closed may name: links, then transfers, then crossings.
  std::vector<std::string> closable_ids() const;
};

/// Whether two scenarios describe the same network and questions: element by element, ignoring
/// names, descriptions, provenance, positions, ranges and policy. When they differ and `where`
/// is given, it is set to the first difference ("links.<id>", or "links differ" when the
/// sections differ in size). Keep it in step with the fields above.
bool same_network(const Scenario& a, const Scenario& b, std::string* where = nullptr);

}  // namespace borderflow
