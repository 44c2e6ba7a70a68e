#include "scenario/diff.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <set>
#include <utility>

#include "core/text.hpp"

namespace borderflow {

namespace {

// --- values as text with their units ---------------------------------------------------------
// Every field is compared by its text: two values differ exactly when a reader would see them
// differ, and references (places, commodities, links) compare by id, not by index, so scenarios
// whose vectors are ordered differently still match.

/// Significant figures of the numbers rendered: fields are compared at 12 (1200000.0000000002
/// and 1200000 are the same input) and shown at 6 (a rate of 12 USD/t/yr reads 0.0328767
/// USD/t/day), unless 6 would hide the difference. Set only by FiguresScope, per thread.
thread_local int t_figures = 12;

struct FiguresScope {
  explicit FiguresScope(int figures) : saved(t_figures) { t_figures = figures; }
  ~FiguresScope() { t_figures = saved; }
  FiguresScope(const FiguresScope&) = delete;
  FiguresScope& operator=(const FiguresScope&) = delete;
  int saved;
};

/// `t_figures` significant figures, shortest form.
std::string number(double value) {
  if (std::isinf(value)) return value > 0 ? "unlimited" : "-unlimited";
  if (value == 0) return "0";
  char buffer[64];
  const auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::general, t_figures);
  if (error != std::errc()) return "?";
  double rounded = 0;
  std::from_chars(buffer, end, rounded);
  return format_real(rounded);
}

/// t/yr in the largest of Mt/yr, kt/yr, t/yr that keeps the figure at 1 or more.
std::string scaled(double value, const char* t, const char* kt, const char* mt) {
  if (std::isinf(value)) return "unlimited";
  const double magnitude = std::fabs(value);
  if (magnitude >= 1e6) return number(value / 1e6) + " " + mt;
  if (magnitude >= 1e3) return number(value / 1e3) + " " + kt;
  return number(value) + " " + t;
}
std::string flow_rate(double t_per_yr) { return scaled(t_per_yr, "t/yr", "kt/yr", "Mt/yr"); }
std::string mass(double t) { return scaled(t, "t", "kt", "Mt"); }
std::string with_unit(double value, const char* unit) { return number(value) + " " + unit; }

/// A capacity, with the vehicles it was written in: "4.38 Mt/yr (12 trains/day of 1000 t)".
std::string capacity(const Scenario& s, double t_per_yr, const VehicleCapacity& vehicle) {
  std::string text = flow_rate(t_per_yr);
  if (vehicle.vehicle < 0 || std::isinf(t_per_yr) || !(vehicle.payload_t > 0)) return text;
  const std::string& id = s.vehicles[static_cast<std::size_t>(vehicle.vehicle)].id;
  return text + " (" + number(t_per_yr / vehicle.payload_t / kDaysPerYear) + " " + id + "s/day of " +
         with_unit(vehicle.payload_t, "t") + ")";
}

std::string join(const std::vector<std::string>& items, const std::string& if_empty) {
  if (items.empty()) return if_empty;
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

/// A list that means a set (places, commodities, links a route may use, countries): sorted, so
/// that neither the order written nor the order of the scenario's vectors counts as a difference.
std::string join_set(std::vector<std::string> items, const std::string& if_empty) {
  std::sort(items.begin(), items.end());
  return join(items, if_empty);
}

template <typename T>
std::string ids(const std::vector<T>& elements, const std::vector<int>& indices, const std::string& if_empty) {
  std::vector<std::string> out;
  for (int i : indices) out.push_back(elements[static_cast<std::size_t>(i)].id);
  return join_set(std::move(out), if_empty);
}

std::string element_id(const Scenario& s, const ElementRef& ref) {
  const auto i = static_cast<std::size_t>(ref.index);
  switch (ref.kind) {
    case ElementKind::Link: return s.links[i].id;
    case ElementKind::Transfer: return s.transfers[i].id;
    case ElementKind::Crossing: return s.crossings[i].id;
    case ElementKind::Fleet: return s.fleets[i].id;
    case ElementKind::Cap: return s.caps[i].id;
    case ElementKind::Storage: return s.places[i].id;
  }
  return "?";
}

std::string element_ids(const Scenario& s, const std::vector<ElementRef>& refs) {
  std::vector<std::string> out;
  for (const auto& ref : refs) out.push_back(element_id(s, ref));
  return join_set(std::move(out), "none");
}

/// Countries as written ("RU"), else the places.
std::string place_set(const Scenario& s, const PlaceSet& set) {
  if (!set.countries.empty()) return join_set(set.countries, "none");
  return ids(s.places, set.places, "none");
}

std::string commodity(const Scenario& s, int index) {
  return index < 0 ? std::string() : s.commodities[static_cast<std::size_t>(index)].id;
}

/// Months as a set, in calendar order.
std::string months(std::vector<int> list) {
  std::sort(list.begin(), list.end());
  std::vector<std::string> out;
  for (int m : list) out.push_back(std::to_string(m));
  return join(out, "every month");
}

std::string numbers(const std::vector<double>& list) {
  std::vector<std::string> out;
  for (double v : list) out.push_back(number(v));
  return join(out, "none");
}

// --- one element's fields --------------------------------------------------------------------

/// An element's comparable fields in its section's key order: (YAML key, value text). A key
/// that does not apply to this element (a background demand has no `load`) is left out.
using Fields = std::vector<std::pair<std::string, std::string>>;

void add_availability(Fields& f, const Availability& a) {
  if (!a.closed.empty()) {
    std::vector<std::string> windows;
    for (const auto& w : a.closed) windows.push_back(to_string(w.from) + " to " + to_string(w.to));
    f.emplace_back("closed", join(windows, "none"));
  }
  if (!a.seasons.empty()) {
    std::vector<std::string> seasons;
    for (const auto& season : a.seasons) seasons.push_back("months " + months(season.months) + ": x" + number(season.capacity_factor));
    f.emplace_back("season", join(seasons, "none"));
  }
  if (a.opens) f.emplace_back("opens", to_string(*a.opens));
  if (a.ramp_months > 0) f.emplace_back("ramp", std::to_string(a.ramp_months) + " months from x" + number(a.ramp_from));
}

Fields fields(const Scenario&, const Place& x) {
  Fields f{{"country", x.country}, {"kind", x.kind}, {"lat", number(x.lat_deg)}, {"lon", number(x.lon_deg)}};
  if (x.storage) {
    f.emplace_back("storage", mass(x.storage->capacity_t) + " at " + with_unit(x.storage->cost_usd_per_t_per_day, "USD/t/day"));
  }
  return f;
}

Fields fields(const Scenario&, const Commodity& x) {
  Fields f{{"class", x.cargo_class}, {"value", with_unit(x.value_usd_per_t, "USD/t")}};
  if (x.bbl_per_t) f.emplace_back("bbl_per_t", number(*x.bbl_per_t));
  if (x.t_per_teu) f.emplace_back("t_per_teu", number(*x.t_per_teu));
  return f;
}

Fields fields(const Scenario&, const Vehicle& x) {
  return {{"mode", to_string(x.mode)}, {"payload", with_unit(x.payload_t, "t")}};
}

Fields fields(const Scenario&, const UnitRate& x) { return {{"cost_per_km", with_unit(x.cost_usd_per_t_km, "USD/t-km")}}; }

Fields fields(const Scenario& s, const Link& x) {
  Fields f{{"from", s.places[static_cast<std::size_t>(x.from)].id},
           {"to", s.places[static_cast<std::size_t>(x.to)].id},
           {"mode", to_string(x.mode)}};
  if (x.mode == Mode::Rail) {
    f.emplace_back("gauge", x.gauges_mm.size() > 1 ? "dual" : x.gauges_mm.empty() ? "" : std::to_string(x.gauges_mm[0]));
  }
  f.emplace_back("length", with_unit(x.length_km, "km"));
  f.emplace_back("capacity", capacity(s, x.capacity_t_per_yr, x.vehicle));
  f.emplace_back("capacity_both_ways", capacity(s, x.capacity_both_ways_t_per_yr, x.vehicle));
  f.emplace_back("cost", with_unit(x.cost_usd_per_t, "USD/t"));
  // A link on a unit rate shows the rate's id: a change of the rate's value is the rate's own
  // difference, not one per link using it.
  if (x.rate >= 0) f.emplace_back("rate", s.rates[static_cast<std::size_t>(x.rate)].id);
  else f.emplace_back("cost_per_km", with_unit(x.cost_usd_per_t_km, "USD/t-km"));
  f.emplace_back("transit", with_unit(x.transit_h, "h"));
  f.emplace_back("direction", x.both_ways ? "both" : "forward");
  f.emplace_back("status", to_string(x.status));
  f.emplace_back("commodities", ids(s.commodities, x.commodities, "all"));
  add_availability(f, x.availability);
  return f;
}

Fields fields(const Scenario& s, const Transfer& x) {
  Fields f{{"place", s.places[static_cast<std::size_t>(x.place)].id},
           {"from", to_string(x.from)},
           {"to", to_string(x.to)},
           {"method", x.method},
           {"cost", with_unit(x.cost_usd_per_t, "USD/t")},
           {"time", with_unit(x.time_h, "h")},
           {"capacity", capacity(s, x.capacity_t_per_yr, x.vehicle)},
           {"capacity_both_ways", capacity(s, x.capacity_both_ways_t_per_yr, x.vehicle)},
           {"direction", x.both_ways ? "both" : "forward"},
           {"status", to_string(x.status)}};
  add_availability(f, x.availability);
  return f;
}

Fields fields(const Scenario& s, const Crossing& x) {
  // In the order written: the first link is the crossing's reference way (crossing_direction).
  std::vector<std::string> links;
  for (int l : x.links) links.push_back(s.links[static_cast<std::size_t>(l)].id);
  Fields f{{"links", join(links, "none")},
           {"capacity", capacity(s, x.capacity_t_per_yr, x.vehicle)},
           {"capacity_both_ways", capacity(s, x.capacity_both_ways_t_per_yr, x.vehicle)},
           {"dwell", with_unit(x.dwell_h, "h")},
           {"cost", with_unit(x.cost_usd_per_t, "USD/t")},
           {"status", to_string(x.status)}};
  add_availability(f, x.availability);
  return f;
}

/// Named suppliers are compared on their own (section "suppliers"); the demand lists their ids.
bool has_named_suppliers(const Demand& d) {
  return std::any_of(d.suppliers.begin(), d.suppliers.end(), [](const Supplier& x) { return !x.id.empty(); });
}

Fields fields(const Scenario& s, const Demand& x) {
  Fields f{{"commodity", commodity(s, x.commodity)}};
  if (has_named_suppliers(x)) {
    std::vector<std::string> names;
    for (const auto& supplier : x.suppliers) names.push_back(supplier.id);
    f.emplace_back("suppliers", join_set(std::move(names), "none"));
  } else {
    f.emplace_back("from", place_set(s, x.origins));
  }
  f.emplace_back("to", place_set(s, x.destinations));
  f.emplace_back("quantity", flow_rate(x.quantity_t_per_yr));
  f.emplace_back("unserved_cost", with_unit(x.unserved_cost_usd_per_t, "USD/t"));
  if (!x.monthly_profile.empty()) f.emplace_back("monthly_profile", numbers(x.monthly_profile));
  if (!x.per_period_t.empty()) {
    std::vector<std::string> tonnes;
    for (double t : x.per_period_t) tonnes.push_back(mass(t));
    f.emplace_back("per_period", join(tonnes, "none"));
  }
  if (x.backlog_cost_usd_per_t_per_day) f.emplace_back("backlog", with_unit(*x.backlog_cost_usd_per_t_per_day, "USD/t/day"));
  return f;
}

/// A named supplier with the demand it serves.
struct SupplierOf {
  const Demand* demand;
  const Supplier* supplier;
};

Fields fields(const Scenario& s, const SupplierOf& x) {
  return {{"demand", x.demand->id},
          {"from", place_set(s, x.supplier->origins)},
          {"price", with_unit(x.supplier->price_usd_per_t, "USD/t")}};
}

Fields fields(const Scenario& s, const Route& x) {
  Fields f{{"from", place_set(s, x.origins)},
           {"to", place_set(s, x.destinations)},
           {"links", ids(s.links, x.links, "any")},
           {"countries", join_set(x.countries, "any")}};
  if (x.commodity >= 0) f.emplace_back("commodity", commodity(s, x.commodity));
  f.emplace_back("both_directions", x.both_directions ? "true" : "false");
  return f;
}

Fields fields(const Scenario& s, const Fleet& x) {
  return {{"vehicle", x.vehicle < 0 ? std::string() : s.vehicles[static_cast<std::size_t>(x.vehicle)].id},
          {"count", number(x.count)},
          {"payload", with_unit(x.payload_t, "t")},
          {"serves", ids(s.links, x.links, "none")},
          {"turnaround", with_unit(x.turnaround_h, "h")}};
}

const char* element_key(ElementKind kind) {
  switch (kind) {
    case ElementKind::Transfer: return "transfer";
    case ElementKind::Crossing: return "crossing";
    default: return "link";
  }
}

Fields fields(const Scenario& s, const BackgroundFlow& x) {
  if (x.is_load()) {
    return {{element_key(x.element->kind), element_id(s, *x.element)},
            {"direction", x.direction},
            {"load", flow_rate(x.load_t_per_yr)}};
  }
  return {{"commodity", commodity(s, x.commodity)},
          {"from", place_set(s, x.origins)},
          {"to", place_set(s, x.destinations)},
          {"quantity", flow_rate(x.quantity_t_per_yr)}};
}

Fields fields(const Scenario& s, const Fee& x) {
  Fields f;
  if (x.crossing >= 0) f.emplace_back("crossing", s.crossings[static_cast<std::size_t>(x.crossing)].id);
  else f.emplace_back("transit_country", x.transit_country);
  f.emplace_back("fee", with_unit(x.fee_usd_per_t, "USD/t"));
  f.emplace_back("commodities", ids(s.commodities, x.commodities, "all"));
  return f;
}

Fields fields(const Scenario& s, const Cap& x) {
  return {{"limit", x.unit == CapUnit::BarrelsPerYear ? with_unit(x.limit, "bbl/yr") : flow_rate(x.limit)},
          {"commodities", ids(s.commodities, x.commodities, "all")},
          {"to_countries", join_set(x.destination_countries, "all")},
          {"demands", ids(s.demands, x.demands, "all")},
          {"elements", element_ids(s, x.elements)}};
}

Fields fields(const Scenario& s, const Disruption& x) {
  Fields f{{"kind", x.kind == DisruptionKind::Closure ? "closure" : "storm_days"},
           {"elements", element_ids(s, x.elements)}};
  if (x.kind == DisruptionKind::Closure) {
    f.emplace_back("together", x.together ? "true" : "false");
    f.emplace_back("probability_per_year", number(x.probability_per_year));
    f.emplace_back("duration", number(x.min_duration_h) + " to " + with_unit(x.max_duration_h, "h"));
  } else {
    f.emplace_back("days_per_month", number(x.days_per_month));
  }
  f.emplace_back("months", months(x.months));
  return f;
}

// --- matching --------------------------------------------------------------------------------

const std::string& id_of(const SupplierOf& x) { return x.supplier->id; }
template <typename T>
const std::string& id_of(const T& x) {
  return x.id;
}
const std::string& name_of(const SupplierOf&) {
  static const std::string none;
  return none;
}
template <typename T>
const std::string& name_of(const T& x) {
  return x.name;
}
SourceLocation where_of(const SupplierOf& x) { return x.supplier->where; }
template <typename T>
SourceLocation where_of(const T& x) {
  return x.where;
}

/// Keys a field may have been written under instead ("from_countries" for "from").
std::vector<std::string> written_keys(const std::string& key) {
  if (key == "from" || key == "to") return {key, key + "_countries"};
  // A capacity in vehicles changes with the element's payload too.
  if (key == "capacity" || key == "capacity_both_ways") return {key, "payload"};
  return {key};
}

class Differ {
 public:
  Differ(const Scenario& a, const Scenario& b) : a_(a), b_(b) {}

  template <typename T>
  void section(const std::string& name, const std::vector<T>& in_a, const std::vector<T>& in_b) {
    std::map<std::string, const T*> by_id_b;
    for (const auto& y : in_b) by_id_b.emplace(id_of(y), &y);
    std::set<std::string> ids_a;
    for (const auto& x : in_a) {
      ids_a.insert(id_of(x));
      const auto found = by_id_b.find(id_of(x));
      if (found == by_id_b.end()) {
        presence(name, x, true);
        continue;
      }
      element(name, x, *found->second);
    }
    for (const auto& y : in_b) {
      if (!ids_a.count(id_of(y))) presence(name, y, false);
    }
  }

  /// Fields of the scenario that are no element: (key, text, where) in each.
  void loose(const std::string& section, const std::string& key, const std::string& value_a, const std::string& value_b,
             const SourceLocation& where_a, const SourceLocation& where_b) {
    if (value_a == value_b) return;
    InputDifference d;
    d.section = section;
    d.field = key;
    d.value_a = value_a;
    d.value_b = value_b;
    d.where_a = where_a;
    d.where_b = where_b;
    out_.push_back(std::move(d));
  }

  std::vector<InputDifference> take() { return std::move(out_); }

 private:
  template <typename T>
  void presence(const std::string& section, const T& x, bool in_a) {
    InputDifference d;
    d.section = section;
    d.id = id_of(x);
    d.name = name_of(x);
    d.in_a = in_a;
    d.in_b = !in_a;
    (in_a ? d.where_a : d.where_b) = where_of(x);
    out_.push_back(std::move(d));
  }

  template <typename T>
  void element(const std::string& section, const T& x, const T& y) {
    const Fields fa = fields(a_, x), fb = fields(b_, y);
    Fields shown_a, shown_b;
    {
      const FiguresScope shown(6);
      shown_a = fields(a_, x);
      shown_b = fields(b_, y);
    }
    std::vector<std::string> keys;
    for (const auto& [key, value] : fa) keys.push_back(key);
    for (const auto& [key, value] : fb) {
      if (std::find(keys.begin(), keys.end(), key) == keys.end()) keys.push_back(key);
    }
    for (const auto& key : keys) {
      std::string va = value(fa, key), vb = value(fb, key);
      if (va == vb) continue;
      if (value(shown_a, key) != value(shown_b, key)) {
        va = value(shown_a, key);
        vb = value(shown_b, key);
      }
      InputDifference d;
      d.section = section;
      d.id = id_of(x);
      d.name = name_of(y).empty() ? name_of(x) : name_of(y);
      d.field = key;
      d.value_a = va;
      d.value_b = vb;
      d.where_a = where(a_, section, x, key);
      d.where_b = where(b_, section, y, key);
      out_.push_back(std::move(d));
    }
  }

  static std::string value(const Fields& f, const std::string& key) {
    for (const auto& [k, v] : f) {
      if (k == key) return v;
    }
    return {};
  }

  template <typename T>
  static SourceLocation where(const Scenario& s, const std::string& section, const T& x, const std::string& key) {
    for (const auto& written : written_keys(key)) {
      const SourceLocation at = where_written(s, section, id_of(x), written);
      if (!at.file.empty()) return at;
    }
    return where_of(x);
  }

  const Scenario& a_;
  const Scenario& b_;
  std::vector<InputDifference> out_;
};

std::vector<SupplierOf> named_suppliers(const Scenario& s) {
  std::vector<SupplierOf> out;
  for (const auto& d : s.demands) {
    for (const auto& supplier : d.suppliers) {
      if (!supplier.id.empty()) out.push_back({&d, &supplier});
    }
  }
  return out;
}

std::string no_transit(const Scenario& s) {
  std::vector<std::string> entries = s.policy.no_transit;
  for (const auto& selective : s.policy.no_transit_of) {
    entries.push_back(selective.country + " (" + ids(s.commodities, selective.commodities, "none") + ")");
  }
  return join_set(std::move(entries), "none");
}

}  // namespace

std::vector<InputDifference> diff_scenarios(const Scenario& a, const Scenario& b) {
  Differ differ(a, b);
  const SourceLocation time_a = where_written(a, "time", "", ""), time_b = where_written(b, "time", "", "");
  const auto time_field = [&](const std::string& key, auto text) {
    differ.loose("time", key, a.time ? text(*a.time) : std::string(), b.time ? text(*b.time) : std::string(), time_a, time_b);
  };
  time_field("start", [](const Horizon& h) { return to_string(h.start); });
  time_field("periods", [](const Horizon& h) { return std::to_string(h.periods); });
  time_field("period", [](const Horizon& h) { return to_string(h.unit); });
  for (Mode mode : {Mode::Rail, Mode::Road, Mode::Sea, Mode::Pipeline}) {
    const auto m = static_cast<std::size_t>(mode);
    differ.loose("defaults", "speed." + to_string(mode), with_unit(a.default_speed_km_per_h[m], "km/h"),
                 with_unit(b.default_speed_km_per_h[m], "km/h"), where_written(a, "defaults", "speed", to_string(mode)),
                 where_written(b, "defaults", "speed", to_string(mode)));
  }
  differ.section("places", a.places, b.places);
  differ.section("commodities", a.commodities, b.commodities);
  differ.section("vehicles", a.vehicles, b.vehicles);
  differ.section("rates", a.rates, b.rates);
  differ.section("links", a.links, b.links);
  differ.section("transfers", a.transfers, b.transfers);
  differ.section("crossings", a.crossings, b.crossings);
  differ.section("demands", a.demands, b.demands);
  differ.section("suppliers", named_suppliers(a), named_suppliers(b));
  differ.section("routes", a.routes, b.routes);
  differ.section("fleets", a.fleets, b.fleets);
  differ.section("background", a.background, b.background);
  differ.section("fees", a.fees, b.fees);
  differ.section("caps", a.caps, b.caps);
  differ.section("disruptions", a.disruptions, b.disruptions);
  differ.loose("policy", "closed", join_set(a.policy.closed, "none"), join_set(b.policy.closed, "none"),
               where_written(a, "policy", "", "closed"), where_written(b, "policy", "", "closed"));
  differ.loose("policy", "no_transit", no_transit(a), no_transit(b), where_written(a, "policy", "", "no_transit"),
               where_written(b, "policy", "", "no_transit"));
  return differ.take();
}

}  // namespace borderflow
