#include "scenario/scenario.hpp"

#include <algorithm>
#include <array>

#include "core/quantity.hpp"

namespace borderflow {

std::string to_string(Mode mode) {
  switch (mode) {
    case Mode::Rail: return "rail";
    case Mode::Road: return "road";
    case Mode::Sea: return "sea";
    case Mode::Pipeline: return "pipeline";
  }
  return "?";
}

std::string to_string(const Layer& layer) {
  if (layer.mode == Mode::Rail) return "rail:" + std::to_string(layer.gauge_mm);
  return to_string(layer.mode);
}

std::optional<Layer> parse_layer(const std::string& text) {
  if (text == "rail:1435") return Layer{Mode::Rail, 1435};
  if (text == "rail:1520") return Layer{Mode::Rail, 1520};
  if (text == "road") return Layer{Mode::Road, 0};
  if (text == "sea") return Layer{Mode::Sea, 0};
  if (text == "pipeline") return Layer{Mode::Pipeline, 0};
  return std::nullopt;
}

std::string to_string(Status status) {
  switch (status) {
    case Status::Open: return "open";
    case Status::Closed: return "closed";
    case Status::Planned: return "planned";
  }
  return "?";
}

namespace {
template <typename T>
int find_by_id(const std::vector<T>& items, const std::string& id) {
  auto it = std::find_if(items.begin(), items.end(), [&](const T& item) { return item.id == id; });
  return it == items.end() ? -1 : static_cast<int>(it - items.begin());
}
}  // namespace

int Scenario::find_place(const std::string& id) const { return find_by_id(places, id); }
int Scenario::find_link(const std::string& id) const { return find_by_id(links, id); }
int Scenario::find_transfer(const std::string& id) const { return find_by_id(transfers, id); }
int Scenario::find_crossing(const std::string& id) const { return find_by_id(crossings, id); }
int Scenario::find_commodity(const std::string& id) const { return find_by_id(commodities, id); }
int Scenario::find_vehicle(const std::string& id) const { return find_by_id(vehicles, id); }
int Scenario::find_rate(const std::string& id) const { return find_by_id(rates, id); }

std::pair<int, int> Scenario::find_supplier(const std::string& id) const {
  if (id.empty()) return {-1, -1};
  for (std::size_t d = 0; d < demands.size(); ++d) {
    const auto& suppliers = demands[d].suppliers;
    for (std::size_t s = 0; s < suppliers.size(); ++s) {
      if (suppliers[s].id == id) return {static_cast<int>(d), static_cast<int>(s)};
    }
  }
  return {-1, -1};
}

bool Scenario::has_country(const std::string& code) const {
  return std::any_of(places.begin(), places.end(), [&code](const Place& p) { return p.country == code; });
}

std::vector<std::string> Scenario::closable_ids() const {
  std::vector<std::string> ids;
  for (const auto& l : links) ids.push_back(l.id);
  for (const auto& t : transfers) ids.push_back(t.id);
  for (const auto& c : crossings) ids.push_back(c.id);
  return ids;
}

namespace {

bool same_places(const PlaceSet& x, const PlaceSet& y) { return x.places == y.places; }

bool same(const Availability& x, const Availability& y) {
  return x.closed.size() == y.closed.size() &&
         std::equal(x.closed.begin(), x.closed.end(), y.closed.begin(),
                    [](const DateWindow& p, const DateWindow& q) { return p.from == q.from && p.to == q.to; }) &&
         x.seasons.size() == y.seasons.size() &&
         std::equal(x.seasons.begin(), x.seasons.end(), y.seasons.begin(),
                    [](const Season& p, const Season& q) { return p.months == q.months && p.capacity_factor == q.capacity_factor; }) &&
         x.opens == y.opens && x.ramp_months == y.ramp_months && x.ramp_from == y.ramp_from;
}

bool same(const std::optional<Horizon>& x, const std::optional<Horizon>& y) {
  if (x.has_value() != y.has_value()) return false;
  return !x || (x->start == y->start && x->periods == y->periods && x->unit == y->unit);
}

/// The vehicle a capacity was written in changes the vehicles per day reports give.
bool same_vehicle(const VehicleCapacity& x, const VehicleCapacity& y) {
  return x.vehicle == y.vehicle && (x.vehicle < 0 || x.payload_t == y.payload_t);
}

bool same(const Link& x, const Link& y) {
  return x.id == y.id && x.from == y.from && x.to == y.to && x.mode == y.mode && x.gauges_mm == y.gauges_mm &&
         x.length_km == y.length_km && x.capacity_t_per_yr == y.capacity_t_per_yr &&
         x.capacity_both_ways_t_per_yr == y.capacity_both_ways_t_per_yr && same_vehicle(x.vehicle, y.vehicle) &&
         x.cost_usd_per_t == y.cost_usd_per_t && x.cost_usd_per_t_km == y.cost_usd_per_t_km && x.rate == y.rate &&
         x.transit_h == y.transit_h && x.both_ways == y.both_ways && x.status == y.status &&
         x.commodities == y.commodities && x.crossing == y.crossing && same(x.availability, y.availability);
}

bool same(const UnitRate& x, const UnitRate& y) { return x.id == y.id && x.cost_usd_per_t_km == y.cost_usd_per_t_km; }

bool same(const Transfer& x, const Transfer& y) {
  return x.id == y.id && x.place == y.place && x.from == y.from && x.to == y.to &&
         x.cost_usd_per_t == y.cost_usd_per_t && x.capacity_t_per_yr == y.capacity_t_per_yr &&
         x.capacity_both_ways_t_per_yr == y.capacity_both_ways_t_per_yr && same_vehicle(x.vehicle, y.vehicle) &&
         x.both_ways == y.both_ways && x.status == y.status && same(x.availability, y.availability);
}

bool same(const Crossing& x, const Crossing& y) {
  return x.id == y.id && x.links == y.links && x.capacity_t_per_yr == y.capacity_t_per_yr &&
         x.capacity_both_ways_t_per_yr == y.capacity_both_ways_t_per_yr && same_vehicle(x.vehicle, y.vehicle) &&
         x.cost_usd_per_t == y.cost_usd_per_t && x.status == y.status && same(x.availability, y.availability);
}

bool same(const Supplier& x, const Supplier& y) {
  return x.id == y.id && same_places(x.origins, y.origins) && x.price_usd_per_t == y.price_usd_per_t;
}

bool same(const Demand& x, const Demand& y) {
  return x.id == y.id && x.commodity == y.commodity && same_places(x.origins, y.origins) &&
         same_places(x.destinations, y.destinations) && x.quantity_t_per_yr == y.quantity_t_per_yr &&
         x.unserved_cost_usd_per_t == y.unserved_cost_usd_per_t && x.monthly_profile == y.monthly_profile &&
         x.per_period_t == y.per_period_t && x.backlog_cost_usd_per_t_per_day == y.backlog_cost_usd_per_t_per_day &&
         x.suppliers.size() == y.suppliers.size() &&
         std::equal(x.suppliers.begin(), x.suppliers.end(), y.suppliers.begin(),
                    [](const Supplier& p, const Supplier& q) { return same(p, q); });
}

bool same(const Vehicle& x, const Vehicle& y) {
  return x.id == y.id && x.mode == y.mode && x.payload_t == y.payload_t;
}

bool same(const Fleet& x, const Fleet& y) {
  return x.id == y.id && x.vehicle == y.vehicle && x.count == y.count && x.payload_t == y.payload_t &&
         x.turnaround_h == y.turnaround_h && x.links == y.links;
}

bool same(const BackgroundFlow& x, const BackgroundFlow& y) {
  return x.id == y.id && x.element == y.element && x.reverse == y.reverse && x.load_t_per_yr == y.load_t_per_yr &&
         x.commodity == y.commodity && same_places(x.origins, y.origins) &&
         same_places(x.destinations, y.destinations) && x.quantity_t_per_yr == y.quantity_t_per_yr;
}

bool same(const Fee& x, const Fee& y) {
  return x.id == y.id && x.crossing == y.crossing && x.transit_country == y.transit_country &&
         x.fee_usd_per_t == y.fee_usd_per_t && x.commodities == y.commodities;
}

bool same(const Cap& x, const Cap& y) {
  return x.id == y.id && x.limit == y.limit && x.unit == y.unit && x.commodities == y.commodities &&
         x.demands == y.demands && x.destination_countries == y.destination_countries && x.elements == y.elements;
}

bool same(const SelectiveNoTransit& x, const SelectiveNoTransit& y) {
  return x.country == y.country && x.commodities == y.commodities;
}

bool same(const Route& x, const Route& y) {
  return x.id == y.id && same_places(x.origins, y.origins) && same_places(x.destinations, y.destinations) &&
         x.links == y.links && x.countries == y.countries && x.commodity == y.commodity &&
         x.both_directions == y.both_directions;
}

bool same(const Place& x, const Place& y) {
  const bool same_storage = x.storage.has_value() == y.storage.has_value() &&
                            (!x.storage || (x.storage->capacity_t == y.storage->capacity_t &&
                                            x.storage->cost_usd_per_t_per_day == y.storage->cost_usd_per_t_per_day));
  return x.id == y.id && x.country == y.country && same_storage;
}

bool same(const Disruption& x, const Disruption& y) {
  return x.id == y.id && x.kind == y.kind && x.elements == y.elements && x.together == y.together &&
         x.probability_per_year == y.probability_per_year && x.min_duration_h == y.min_duration_h &&
         x.max_duration_h == y.max_duration_h && x.days_per_month == y.days_per_month && x.months == y.months;
}

/// The first difference between two sections, or "" when none: "NAME differ" for sizes,
/// "NAME.<id>" (the id in b) for an element.
template <typename T>
std::string section_difference(const std::string& name, const std::vector<T>& a, const std::vector<T>& b) {
  if (a.size() != b.size()) return name + " differ";
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (!same(a[i], b[i])) return name + "." + b[i].id;
  }
  return {};
}

}  // namespace

bool same_network(const Scenario& a, const Scenario& b, std::string* where) {
  std::string difference = same(a.time, b.time) ? std::string() : "time";
  if (difference.empty()) difference = section_difference("places", a.places, b.places);
  // Rates before links: a rate that differs is named, not the first link using it.
  if (difference.empty()) difference = section_difference("rates", a.rates, b.rates);
  if (difference.empty()) difference = section_difference("links", a.links, b.links);
  if (difference.empty()) difference = section_difference("transfers", a.transfers, b.transfers);
  if (difference.empty()) difference = section_difference("crossings", a.crossings, b.crossings);
  if (difference.empty() && a.commodities.size() != b.commodities.size()) difference = "commodities differ";
  if (difference.empty()) difference = section_difference("demands", a.demands, b.demands);
  if (difference.empty()) difference = section_difference("routes", a.routes, b.routes);
  if (difference.empty()) difference = section_difference("vehicles", a.vehicles, b.vehicles);
  if (difference.empty()) difference = section_difference("fleets", a.fleets, b.fleets);
  if (difference.empty()) difference = section_difference("background", a.background, b.background);
  if (difference.empty()) difference = section_difference("fees", a.fees, b.fees);
  if (difference.empty()) difference = section_difference("caps", a.caps, b.caps);
  if (difference.empty()) difference = section_difference("disruptions", a.disruptions, b.disruptions);
  // Selective no_transit entries are policy, but a sweep world carries only plain codes and
  // closures: two scenarios differing in them do not share one network of questions yet.
  if (difference.empty() && !std::equal(a.policy.no_transit_of.begin(), a.policy.no_transit_of.end(),
                                        b.policy.no_transit_of.begin(), b.policy.no_transit_of.end(),
                                        [](const SelectiveNoTransit& x, const SelectiveNoTransit& y) { return same(x, y); })) {
    difference = "policy.no_transit (entries naming commodities)";
  }
  if (where) *where = difference;
  return difference.empty();
}

SourceLocation where_written(const Scenario& s, const std::string& section, const std::string& id,
                             const std::string& key) {
  if (!s.field_locations) return {};
  const auto found = s.field_locations->find({section, id, key});
  return found == s.field_locations->end() ? SourceLocation{} : found->second;
}

double demand_t_in_period(const Demand& demand, const Horizon& horizon, int period) {
  if (!demand.per_period_t.empty()) return demand.per_period_t[static_cast<std::size_t>(period)];
  const std::int64_t first = horizon.first_day(period), end = horizon.first_day(period + 1);
  if (demand.monthly_profile.empty()) return demand.quantity_t_per_yr * static_cast<double>(end - first) / kDaysPerYear;
  double weights = 0;
  for (double w : demand.monthly_profile) weights += w;
  if (!(weights > 0)) return 0;
  double tonnes = 0;
  for (std::int64_t d = first; d < end; ++d) {
    const Date date = date_of(d);
    const double month_t = demand.quantity_t_per_yr * demand.monthly_profile[static_cast<std::size_t>(date.month - 1)] / weights;
    tonnes += month_t / days_in_month(date.year, date.month);
  }
  return tonnes;
}

const Availability& availability_of(const Scenario& s, ElementRef element) {
  static const Availability always;
  const auto i = static_cast<std::size_t>(element.index);
  switch (element.kind) {
    case ElementKind::Link: return s.links[i].availability;
    case ElementKind::Transfer: return s.transfers[i].availability;
    case ElementKind::Crossing: return s.crossings[i].availability;
    case ElementKind::Fleet:
    case ElementKind::Cap:
    case ElementKind::Storage: break;
  }
  return always;
}

int crossing_direction(const Scenario& s, int crossing, int from, int to, bool reversed) {
  const Link& reference = s.links[static_cast<std::size_t>(s.crossings[static_cast<std::size_t>(crossing)].links.front())];
  const std::string& a = s.places[static_cast<std::size_t>(reference.from)].country;
  const std::string& b = s.places[static_cast<std::size_t>(reference.to)].country;
  const std::string& tail = s.places[static_cast<std::size_t>(from)].country;
  const std::string& head = s.places[static_cast<std::size_t>(to)].country;
  const int along = (tail == a) + (head == b);
  const int against = (tail == b) + (head == a);
  if (along != against) return along > against ? 0 : 1;
  return reversed ? 1 : 0;
}

std::string countries_label(const Scenario& s, const std::vector<int>& tail_places, const std::vector<int>& head_places) {
  auto join = [&](const std::vector<int>& places) {
    std::vector<std::string> countries;
    for (int p : places) countries.push_back(s.places[static_cast<std::size_t>(p)].country);
    std::sort(countries.begin(), countries.end());
    countries.erase(std::unique(countries.begin(), countries.end()), countries.end());
    std::string out;
    for (const auto& c : countries) out += (out.empty() ? "" : "/") + c;
    return out;
  };
  return join(tail_places) + "->" + join(head_places);
}

std::array<std::string, 2> crossing_direction_labels(const Scenario& s, int crossing) {
  std::array<std::vector<int>, 2> tails, heads;
  for (int li : s.crossings[static_cast<std::size_t>(crossing)].links) {
    const Link& link = s.links[static_cast<std::size_t>(li)];
    for (int reversed = 0; reversed < (link.both_ways ? 2 : 1); ++reversed) {
      const int from = reversed ? link.to : link.from;
      const int to = reversed ? link.from : link.to;
      const auto d = static_cast<std::size_t>(crossing_direction(s, crossing, from, to, reversed == 1));
      tails[d].push_back(from);
      heads[d].push_back(to);
    }
  }
  return {tails[0].empty() ? "" : countries_label(s, tails[0], heads[0]),
          tails[1].empty() ? "" : countries_label(s, tails[1], heads[1])};
}

}  // namespace borderflow
