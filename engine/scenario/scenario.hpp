#pragma once
// A Scenario is plain data: every cross-reference is an index into the owning vector,
// resolved and validated by the loader. Strings live only for reports.
#include <array>
#include <cstdint>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "core/diagnostic.hpp"
#include "core/int_list.hpp"
#include "core/rare.hpp"
#include "input/range.hpp"
#include "scenario/fields.hpp"
#include "scenario/time.hpp"

namespace borderflow {

inline constexpr double kUnlimited = std::numeric_limits<double>::infinity();

enum class Mode : std::uint8_t { Rail, Road, Sea, Pipeline };

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

enum class Status : std::uint8_t { Open, Closed, Planned };
std::string to_string(Status status);

/// The kinds of scenario element a capacity row bounds: links, transfers and crossings carry
/// flow; a fleet's row and a cap's row bound sums over the flows of others; a storage row bounds
/// the stock a place holds between two periods (element: the place).
enum class ElementKind { Link, Transfer, Crossing, Fleet, Cap, Storage };

/// One element: `index` is into the scenario's vector of that kind.
struct ElementRef {
  ElementKind kind = ElementKind::Link;
  int index = -1;
  friend bool operator==(const ElementRef&, const ElementRef&) = default;
};

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
  RareOptional<Storage> storage;  ///< time scenarios: stock may wait here between periods
  Rare<Provenance> provenance;
  SourceLocation where;
};

/// A kind of vehicle capacities may be written in (`12 trains/day`): its payload converts them to
/// tonnes once, at load time, and reports convert flows back into vehicles.
struct Vehicle {
  std::string id, name;  ///< id: singular noun used as a unit ("train" reads `trains/day`)
  Mode mode = Mode::Rail;
  double payload_t = 0;
  Rare<Provenance> provenance;
  SourceLocation where;
};

/// How an element's capacity was written when it was written in vehicles: `vehicle` indexes
/// Scenario::vehicles (-1: written in tonnes), `payload_t` is the element's own payload (its
/// `payload:` or the vehicle's). capacity_t_per_yr already holds the converted figure.
struct VehicleCapacity {
  int vehicle = -1;
  double payload_t = 0;
};

/// A named unit rate (`rates:`): one cost per tonne-km that many links share (`rate: ru-rail`), so
/// a what-if or a sweep varies "Russian rail" as one input. A link using it costs exactly
/// rate x length, as if it had written the rate's value as its own `cost_per_km:`.
struct UnitRate {
  std::string id, name;
  double cost_usd_per_t_km = 0;
  Rare<Provenance> provenance;
  SourceLocation where;
};

// Members are ordered by size so that little padding falls between them (232 bytes, not 248): a
// national network holds one Link per link (issue 13: memory per link held after loading).
struct Link {
  std::string id, name;
  int from = -1, to = -1;  ///< place indices
  int rate = -1;           ///< index into Scenario::rates when written `rate:`; -1 otherwise
  int crossing = -1;       ///< the crossing this link belongs to, if any
  Mode mode = Mode::Rail;
  bool both_ways = true;
  Status status = Status::Open;
  IntList gauges_mm;  ///< rail: {1435}, {1520} or {1435, 1520} for dual gauge; empty otherwise
  double length_km = 0;
  double capacity_t_per_yr = kUnlimited;  ///< per direction
  double capacity_both_ways_t_per_yr = kUnlimited;  ///< one row over both directions together
  double cost_usd_per_t = 0;              ///< fixed charge
  double cost_usd_per_t_km = 0;           ///< its own `cost_per_km:`, or its rate's
  double transit_h = 0;                   ///< given, or derived from length and the mode's default speed
  VehicleCapacity vehicle;                ///< set when a capacity was written in vehicles
  std::vector<int> commodities;  ///< allowed commodity indices; empty = all
  Rare<Availability> availability;     ///< time scenarios: closures, seasons, opening and ramp-up
  Rare<Provenance> provenance;
  SourceLocation where;

  double total_cost_usd_per_t() const { return cost_usd_per_t + cost_usd_per_t_km * length_km; }
};

struct Transfer {
  std::string id, name, method;
  int place = -1;
  bool both_ways = true;  // beside `place`, where it costs no padding
  Status status = Status::Open;
  Layer from, to;
  double cost_usd_per_t = 0;
  double time_h = 0;
  double capacity_t_per_yr = kUnlimited;  ///< per direction
  double capacity_both_ways_t_per_yr = kUnlimited;  ///< one row over both directions together
  VehicleCapacity vehicle;                ///< set when a capacity was written in vehicles
  Rare<Availability> availability;     ///< time scenarios
  Rare<Provenance> provenance;
  SourceLocation where;
};

struct Crossing {
  std::string id, name;
  std::vector<int> links;
  double capacity_t_per_yr = kUnlimited;  ///< border-post throughput per direction, over all its links
  double capacity_both_ways_t_per_yr = kUnlimited;  ///< one row over both directions and all its links
  VehicleCapacity vehicle;                ///< set when a capacity was written in vehicles
  double dwell_h = 0;
  double cost_usd_per_t = 0;
  Status status = Status::Open;
  Rare<Availability> availability;     ///< time scenarios
  Rare<Provenance> provenance;
  SourceLocation where;
};

/// A fleet of vehicles serving some links (ships on sea lanes, locomotives on lines). Each tonne
/// carried on served link l in either direction ties up a vehicle for cycle_h(l) / payload_t
/// hours, where cycle_h(l) = 2 * (transit_h(l) + turnaround_h) (a round trip with a turnaround
/// at each end; the return leg is not credited with backhaul); the fleet bounds
///   sum_l flow_l * cycle_h(l)  <=  count * payload_t * 8760 h      (tonne-hours per year).
struct Fleet {
  std::string id, name;
  int vehicle = -1;          ///< index into Scenario::vehicles
  double count = 0;          ///< vehicles in the fleet
  double payload_t = 0;      ///< per vehicle (the vehicle's unless given)
  double turnaround_h = 0;   ///< at each end of a lane
  std::vector<int> links;    ///< served links
  Rare<Provenance> provenance;
  SourceLocation where;

  double cycle_h(double link_transit_h) const { return 2 * (link_transit_h + turnaround_h); }
};

struct Commodity {
  std::string id, name, cargo_class;
  double value_usd_per_t = 0;
  std::optional<double> bbl_per_t, t_per_teu;
  Rare<Provenance> provenance;
  SourceLocation where;
};

/// Endpoints of a demand or route: explicit places, or every place of some countries.
struct PlaceSet {
  std::vector<int> places;  ///< resolved place indices, sorted, unique
  std::vector<std::string> countries;  ///< as written, for reports
};

/// One origin a demand may be served from, at a price paid at the origin (USD/t). A demand
/// written with `from:` has one supplier at price 0; with `suppliers:`, routing picks the
/// suppliers by landed cost (price + transport + fees).
struct Supplier {
  std::string id;  ///< unique in the scenario; "" for the implicit supplier of `from:`
  PlaceSet origins;
  double price_usd_per_t = 0;
  Rare<Provenance> provenance;
  SourceLocation where;
};

struct Demand {
  std::string id, name;
  int commodity = -1;
  PlaceSet origins, destinations;  ///< origins: the union of the suppliers' origins
  std::vector<Supplier> suppliers;  ///< never empty after loading (see supplier_list)
  double quantity_t_per_yr = 0;
  double unserved_cost_usd_per_t = 0;
  // Time scenarios (see demand_t_in_period): how the quantity falls over the periods, and
  // whether undelivered tonnes wait.
  std::vector<double> monthly_profile;  ///< 12 relative weights, January first; empty = even by days
  std::vector<double> per_period_t;     ///< tonnes per period, one per period; replaces the quantity
  /// Set: tonnes a period does not deliver may come later at this cost per tonne per day late;
  /// unset: they are lost (unserved).
  std::optional<double> backlog_cost_usd_per_t_per_day;
  Rare<Provenance> provenance;
  SourceLocation where;

  /// The suppliers, or, for a demand built in code without any, one at `origins` at price 0.
  std::vector<Supplier> supplier_list() const {
    if (!suppliers.empty()) return suppliers;
    Supplier implicit;
    implicit.origins = origins;
    implicit.where = where;
    return {implicit};
  }
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

/// A flow that exists whatever the question (`background:`): a load on one element in one
/// direction, or a demand routed at least cost before any question is asked. Either way its
/// tonnes are taken off every capacity row they count against, and the questions are answered
/// on what is left (spare capacity).
struct BackgroundFlow {
  std::string id, name;
  // A load: element and direction of travel.
  std::optional<ElementRef> element;  ///< set for a load: a link, transfer or crossing
  /// The direction of travel: a link's to -> from, a transfer's to -> from layer, a crossing's
  /// direction 1 (against its reference link, see crossing_direction).
  bool reverse = false;
  std::string direction;           ///< as written ("RU->CN"), for reports
  double load_t_per_yr = 0;
  // A demand: routed first.
  int commodity = -1;
  PlaceSet origins, destinations;
  double quantity_t_per_yr = 0;
  Rare<Provenance> provenance;
  SourceLocation where;

  bool is_load() const { return element.has_value(); }
};

/// A per-tonne charge (`fees:`): when a tonne crosses a crossing (either way), or when it enters a
/// country it transits (neither its origin nor its destination lies there), optionally only for
/// some commodities. Added to the cost of the arcs that do so, per flow class.
struct Fee {
  std::string id, name;
  int crossing = -1;               ///< a crossing fee, or
  std::string transit_country;     ///< a transit fee charged on entering this country
  double fee_usd_per_t = 0;
  std::vector<int> commodities;    ///< empty = every commodity
  Rare<Provenance> provenance;
  SourceLocation where;
};

enum class CapUnit { TonnesPerYear, BarrelsPerYear };

/// A limit over a set of flows (`caps:`), one LP row. It counts the tonnes of every flow class
/// that matches all of its filters (commodities, demands, destination countries; an empty filter
/// matches all; a cap naming demands matches no route question): delivered tonnes, or, when
/// elements are named, the tonnes on those elements' arcs. In barrels each tonne counts
/// bbl_per_t of its commodity (every commodity named must define it).
struct Cap {
  std::string id, name;
  double limit = 0;                ///< in `unit`
  CapUnit unit = CapUnit::TonnesPerYear;
  std::vector<int> commodities;
  std::vector<int> demands;
  std::vector<std::string> destination_countries;
  std::vector<ElementRef> elements;  ///< links, transfers or crossings
  Rare<Provenance> provenance;
  SourceLocation where;
};

/// A country that may carry no transit of some commodities (`no_transit: [{country: CN,
/// commodities: [munitions]}]`); an entry naming no commodity is a plain `no_transit` code.
struct SelectiveNoTransit {
  std::string country;
  std::vector<int> commodities;
  SourceLocation where;
};

struct Policy {
  std::vector<std::string> closed;      ///< ids of links, transfers or crossings
  std::vector<std::string> no_transit;  ///< ISO country codes: no transit of anything
  std::vector<SelectiveNoTransit> no_transit_of;  ///< no transit of some commodities
};

/// A range written on a scenario field instead of a plain value
/// (`capacity: {range: [3 Mt/yr, 6 Mt/yr], source: ...}`): the field takes its nominal value,
/// and sweeps may sample the range (scenario_ranges: in a sweep spec).
struct FieldRange {
  FieldRef field;   ///< a Quantity field of variable_fields()
  RangeSpec range;  ///< internal units of the field's Dimension
  Rare<Provenance> provenance;
  SourceLocation where;
};

/// Random disruptions (`disruptions:`), sampled per world by sweeps of a time scenario:
///  - Closure: events close elements for a duration drawn uniformly in [min, max] hours, each
///    starting on a day drawn uniformly among the horizon's days in `months`; the number of
///    events per element (or per group when `together`) is Poisson with mean
///    probability_per_year * (the horizon's days in `months` / the days of those months in a year);
///  - StormDays: each element loses a Poisson number of days (mean days_per_month) in every
///    month of the horizon in `months`, on days drawn uniformly within that month.
/// A world's closed days multiply the element's day factors by 0.
enum class DisruptionKind { Closure, StormDays };
struct Disruption {
  std::string id, name;
  DisruptionKind kind = DisruptionKind::Closure;
  std::vector<ElementRef> elements;  ///< links, transfers or crossings
  bool together = false;             ///< Closure: one event closes every element
  double probability_per_year = 0;   ///< Closure
  double min_duration_h = 0, max_duration_h = 0;  ///< Closure
  double days_per_month = 0;         ///< StormDays
  std::vector<int> months;           ///< 1..12; every month when none was written
  Rare<Provenance> provenance;
  SourceLocation where;
};

/// Where each field of a loaded scenario was written, after extends: merging (the outermost file
/// that wrote it wins): (section, element id, key) -> the value's position, e.g. ("links",
/// "khasan-tumangang-road-bridge", "status"). Policy keys are ("policy", "", "closed"), the
/// horizon ("time", "", ""), default speeds ("defaults", "speed", "<mode>").
using FieldLocations = std::map<std::tuple<std::string, std::string, std::string>, SourceLocation>;

struct Scenario {
  std::string name, description;
  std::optional<Horizon> time;  ///< `time:`; none = one block of a year
  std::vector<std::string> files;  ///< the file and everything it extends, outermost first
  std::vector<Source> sources;
  std::vector<Place> places;
  std::vector<UnitRate> rates;
  std::vector<Link> links;
  std::vector<Transfer> transfers;
  std::vector<Crossing> crossings;
  std::vector<Commodity> commodities;
  std::vector<Demand> demands;
  std::vector<Route> routes;
  std::vector<Vehicle> vehicles;
  std::vector<Fleet> fleets;
  std::vector<BackgroundFlow> background;
  std::vector<Fee> fees;
  std::vector<Cap> caps;
  std::vector<Disruption> disruptions;
  Policy policy;
  std::vector<FieldRange> ranges;  ///< in file order, after extends: merging
  double default_speed_km_per_h[4] = {30, 40, 22, 5};  ///< indexed by Mode
  /// Set by the loader when LoadOptions::field_locations asks (null otherwise); shared, so copies
  /// of a scenario (sweep worlds) cost no copy of it. An element's `where` is where it was first
  /// written; this says which file changed a field of it.
  std::shared_ptr<const FieldLocations> field_locations;

  int find_place(const std::string& id) const;
  int find_link(const std::string& id) const;
  int find_transfer(const std::string& id) const;
  int find_crossing(const std::string& id) const;
  int find_commodity(const std::string& id) const;
  int find_vehicle(const std::string& id) const;
  int find_rate(const std::string& id) const;
  /// A supplier by id: (demand index, supplier index), or (-1, -1).
  std::pair<int, int> find_supplier(const std::string& id) const;
  /// Whether any place lies in the country (ISO code).
  bool has_country(const std::string& code) const;
  /// The ids policy.closed may name: links, then transfers, then crossings.
  std::vector<std::string> closable_ids() const;
};

/// Where `section`.`id`.`key` was written (see FieldLocations); an empty location (file "") when
/// the field was not written (it holds its default), or the scenario was not loaded from files
/// with LoadOptions::field_locations.
SourceLocation where_written(const Scenario& s, const std::string& section, const std::string& id,
                             const std::string& key);

/// Which of a border post's two directions a link arc from place `from` to place `to` travels:
/// 0, the way of the post's reference link (its first link as written), or 1, against it. An
/// arc goes the reference way when it leaves the reference's origin country or enters its
/// destination country, so a post over RU->KP and CN->KP bridges bounds everything entering KP
/// in one row. A link sharing no country with the reference (or inside one country) goes by how
/// it is written (`reversed`: the arc runs to -> from).
int crossing_direction(const Scenario& s, int crossing, int from, int to, bool reversed);
/// "CN->KP", or "CN/RU->KP" for arcs that leave several countries: the distinct countries of
/// the tail places, then of the head places, each sorted.
std::string countries_label(const Scenario& s, const std::vector<int>& tail_places, const std::vector<int>& head_places);
/// The labels of a post's two directions over all its links, as written (whatever their status):
/// {reference way, against it}; "" for a direction no link runs.
std::array<std::string, 2> crossing_direction_labels(const Scenario& s, int crossing);

/// The tonnes demand `d` wants in period p of `horizon`: per_period_t[p] when given; else, with a
/// monthly profile, quantity * w_month / sum(w) per month, spread evenly over the month's days;
/// else quantity * days(p) / 365.
double demand_t_in_period(const Demand& demand, const Horizon& horizon, int period);

/// The availability of a link, transfer or crossing.
const Availability& availability_of(const Scenario& s, ElementRef element);

/// Whether two scenarios describe the same network and questions: element by element (every
/// section, unit rates and which links use them, vehicle capacities, suppliers, background,
/// fleets, fees and caps included), ignoring names, descriptions, provenance, positions, ranges
/// and policy other than selective no_transit entries (which a sweep world cannot carry). When
/// they differ and `where` is given, it is set to the first difference ("links.<id>", or "links
/// differ" when the sections differ in size). Keep it in step with the fields above.
bool same_network(const Scenario& a, const Scenario& b, std::string* where = nullptr);

}  // namespace borderflow
