#include "solve/flow_class.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <stdexcept>

namespace borderflow {
namespace {

bool contains(const std::vector<std::string>& list, const std::string& item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

bool contains(const std::vector<int>& list, int item) { return std::find(list.begin(), list.end(), item) != list.end(); }

/// Whether a filter of commodities matches a class of `commodity` (-1: any): an empty filter
/// matches all; a class of no commodity matches only an empty filter.
bool commodity_matches(const std::vector<int>& filter, int commodity) {
  return filter.empty() || (commodity >= 0 && contains(filter, commodity));
}

/// The places of a set grouped by country, in country order.
std::map<std::string, std::vector<int>> by_country(const Scenario& s, const PlaceSet& set) {
  std::map<std::string, std::vector<int>> out;
  for (int p : set.places) out[s.places[static_cast<std::size_t>(p)].country].push_back(p);
  return out;
}

/// Whether the class may not pass through `country` (a transit country of it).
bool banned(const TransitPolicy& policy, const std::string& country, int commodity) {
  if (contains(policy.no_transit, country)) return true;
  return std::any_of(policy.no_transit_of.begin(), policy.no_transit_of.end(), [&](const SelectiveNoTransit& rule) {
    return rule.country == country && commodity >= 0 && contains(rule.commodities, commodity);
  });
}

const std::string& country_of(const Network& network, int vertex) {
  return network.scenario().places[static_cast<std::size_t>(network.vertex(vertex).place)].country;
}

/// Fees the class pays per arc (empty when none applies).
std::vector<double> fee_costs(const Network& network, const Trade& trade, const std::string& origin_country,
                              const std::string& destination_country) {
  const Scenario& s = network.scenario();
  std::vector<double> extra;
  for (const Fee& fee : s.fees) {
    if (!commodity_matches(fee.commodities, trade.commodity)) continue;
    const bool transit = fee.crossing < 0;
    if (transit && (fee.transit_country == origin_country || fee.transit_country == destination_country)) continue;
    for (const NetworkArc& arc : network.arcs()) {
      if (arc.kind != ArcKind::Link) continue;
      const bool charged = transit ? country_of(network, arc.head) == fee.transit_country &&
                                         country_of(network, arc.tail) != fee.transit_country
                                   : s.links[static_cast<std::size_t>(arc.element)].crossing == fee.crossing;
      if (!charged) continue;
      if (extra.empty()) extra.assign(network.arcs().size(), 0.0);
      extra[static_cast<std::size_t>(arc.index)] += fee.fee_usd_per_t;
    }
  }
  return extra;
}

/// The caps that count the class, with the weight of one of its tonnes.
std::vector<CountedRow> counted_caps(const Network& network, const Trade& trade, const std::string& destination_country) {
  const Scenario& s = network.scenario();
  std::vector<CountedRow> out;
  for (std::size_t r = 0; r < network.rows().size(); ++r) {
    const CapacityRow& row = network.rows()[r];
    if (row.kind != ElementKind::Cap) continue;
    const Cap& cap = s.caps[static_cast<std::size_t>(row.element)];
    if (!commodity_matches(cap.commodities, trade.commodity)) continue;
    if (!cap.demands.empty() && (trade.demand < 0 || !contains(cap.demands, trade.demand))) continue;
    if (!cap.destination_countries.empty() && !contains(cap.destination_countries, destination_country)) continue;
    double weight = 1;
    if (cap.unit == CapUnit::BarrelsPerYear) {
      // The loader requires commodities with bbl_per_t on a barrel cap, so the class has one.
      weight = s.commodities[static_cast<std::size_t>(trade.commodity)].bbl_per_t.value_or(0);
    }
    out.push_back({static_cast<int>(r), weight});
  }
  return out;
}

FlowClass make_pair_class(const Network& network, const Trade& trade, const TransitPolicy& policy,
                          const std::string& origin_country, const std::vector<int>& origins,
                          const std::string& destination_country, const std::vector<int>& destinations) {
  const Scenario& s = network.scenario();
  std::vector<char> place_ok(s.places.size(), 1);
  for (std::size_t p = 0; p < s.places.size(); ++p) {
    const std::string& country = s.places[p].country;
    if (!trade.only_countries.empty() && !contains(trade.only_countries, country)) place_ok[p] = 0;
    const bool transit = country != origin_country && country != destination_country;
    if (transit && banned(policy, country, trade.commodity)) place_ok[p] = 0;
  }
  std::vector<char> route_place(s.places.size(), trade.only_links.empty() ? 1 : 0);
  for (int l : trade.only_links) {
    route_place[static_cast<std::size_t>(s.links[static_cast<std::size_t>(l)].from)] = 1;
    route_place[static_cast<std::size_t>(s.links[static_cast<std::size_t>(l)].to)] = 1;
  }
  FlowClass c;
  c.arc_usable.assign(network.arcs().size(), 0);
  for (const auto& arc : network.arcs()) {
    const int tail_place = network.vertex(arc.tail).place;
    const int head_place = network.vertex(arc.head).place;
    bool ok = place_ok[static_cast<std::size_t>(tail_place)] && place_ok[static_cast<std::size_t>(head_place)];
    if (arc.kind == ArcKind::Link) {
      const Link& link = s.links[static_cast<std::size_t>(arc.element)];
      // An international trade leaves its origin country once and enters its destination country
      // once: no link back into the origin country, none out of the destination country.
      const std::string& tail_country = s.places[static_cast<std::size_t>(tail_place)].country;
      const std::string& head_country = s.places[static_cast<std::size_t>(head_place)].country;
      if (origin_country != destination_country && tail_country != head_country &&
          (head_country == origin_country || tail_country == destination_country)) {
        ok = false;
      }
      if (!trade.only_links.empty() && !std::binary_search(trade.only_links.begin(), trade.only_links.end(), arc.element)) ok = false;
      if (trade.commodity >= 0 && !link.commodities.empty() &&
          !std::binary_search(link.commodities.begin(), link.commodities.end(), trade.commodity)) {
        ok = false;
      }
    } else if (!route_place[static_cast<std::size_t>(tail_place)]) {
      ok = false;
    }
    c.arc_usable[static_cast<std::size_t>(arc.index)] = ok;
  }
  for (int p : origins) {
    if (!place_ok[static_cast<std::size_t>(p)]) continue;
    for (int v : network.vertices_of(p)) c.sources.push_back(v);
  }
  for (int p : destinations) {
    if (!place_ok[static_cast<std::size_t>(p)]) continue;
    for (int v : network.vertices_of(p)) c.sinks.push_back(v);
  }
  c.arc_extra_cost_usd_per_t = fee_costs(network, trade, origin_country, destination_country);
  c.counted_rows = counted_caps(network, trade, destination_country);
  return c;
}

}  // namespace

TransitPolicy transit_policy(const Scenario& scenario) {
  return {scenario.policy.no_transit, scenario.policy.no_transit_of};
}

std::vector<FlowClass> make_flow_classes(const Network& network, const Trade& trade, const TransitPolicy& policy) {
  const Scenario& s = network.scenario();
  std::vector<FlowClass> out;
  for (const auto& [origin_country, origins] : by_country(s, *trade.origins)) {
    for (const auto& [destination_country, destinations] : by_country(s, *trade.destinations)) {
      out.push_back(make_pair_class(network, trade, policy, origin_country, origins, destination_country, destinations));
    }
  }
  return out;
}

FlowClass make_flow_class(const Network& network, const PlaceSet& origins, const PlaceSet& destinations,
                          int commodity, const std::vector<int>& only_links, const std::vector<std::string>& only_countries) {
  Trade trade;
  trade.origins = &origins;
  trade.destinations = &destinations;
  trade.commodity = commodity;
  trade.only_links = only_links;
  trade.only_countries = only_countries;
  auto classes = make_flow_classes(network, trade, transit_policy(network.scenario()));
  if (classes.size() != 1) throw std::invalid_argument("make_flow_class: the trade joins several pairs of countries");
  return std::move(classes.front());
}

std::vector<FlowClass> route_classes(const Network& network, int route, bool reverse, const TransitPolicy& policy) {
  const Route& r = network.scenario().routes[static_cast<std::size_t>(route)];
  Trade trade;
  trade.origins = reverse ? &r.destinations : &r.origins;
  trade.destinations = reverse ? &r.origins : &r.destinations;
  trade.commodity = r.commodity;
  trade.only_links = r.links;
  trade.only_countries = r.countries;
  return make_flow_classes(network, trade, policy);
}

std::vector<FlowClass> route_classes(const Network& network, int route, bool reverse) {
  return route_classes(network, route, reverse, transit_policy(network.scenario()));
}

namespace {

/// Over a time-expanded network: each sink serves the slot of its period, the class's supply is
/// split into per-period slots (`tonnes_in(p)`), and with a backlog price (USD/t/day) a tonne
/// one slot late pays it for the days between the two periods' midpoints.
template <class TonnesIn>
void spread_over_time(const Network& network, FlowClass& c, TonnesIn&& tonnes_in,
                      const std::optional<double>& backlog_usd_per_t_per_day) {
  const Horizon* horizon = network.horizon();
  if (!horizon) return;
  c.sink_slots.clear();
  for (int v : c.sinks) c.sink_slots.push_back(network.vertex(v).period);
  c.slot_supply_t.clear();
  c.supply_t_per_yr = 0;
  for (int p = 0; p < horizon->periods; ++p) {
    c.slot_supply_t.push_back(tonnes_in(p));
    c.supply_t_per_yr += c.slot_supply_t.back();
  }
  c.backlog_cost_usd_per_t.clear();
  if (!backlog_usd_per_t_per_day) return;
  for (int p = 0; p + 1 < horizon->periods; ++p) {
    c.backlog_cost_usd_per_t.push_back(*backlog_usd_per_t_per_day * (horizon->days(p) + horizon->days(p + 1)) / 2.0);
  }
}

}  // namespace

RoutingClasses routing_classes(const Network& network, const TransitPolicy& policy) {
  const Scenario& s = network.scenario();
  RoutingClasses out;
  for (std::size_t d = 0; d < s.demands.size(); ++d) {
    const Demand& demand = s.demands[d];
    const std::vector<Supplier> suppliers = demand.supplier_list();
    for (std::size_t k = 0; k < suppliers.size(); ++k) {
      const Supplier& supplier = suppliers[k];
      Trade trade;
      trade.origins = &supplier.origins;
      trade.destinations = &demand.destinations;
      trade.commodity = demand.commodity;
      trade.demand = static_cast<int>(d);
      for (FlowClass& c : make_flow_classes(network, trade, policy)) {
        c.group = static_cast<int>(d);
        c.supply_t_per_yr = demand.quantity_t_per_yr;
        c.unserved_cost_usd_per_t = demand.unserved_cost_usd_per_t;
        c.source_cost_usd_per_t = supplier.price_usd_per_t;
        spread_over_time(network, c, [&](int p) { return demand_t_in_period(demand, *network.horizon(), p); },
                         demand.backlog_cost_usd_per_t_per_day);
        out.classes.push_back(std::move(c));
        out.demand.push_back(static_cast<int>(d));
        out.supplier.push_back(static_cast<int>(k));
      }
    }
  }
  return out;
}

RoutingClasses routing_classes(const Network& network) { return routing_classes(network, transit_policy(network.scenario())); }

BackgroundClasses background_classes(const Network& network) {
  const Scenario& s = network.scenario();
  const TransitPolicy policy = transit_policy(s);
  BackgroundClasses out;
  for (std::size_t b = 0; b < s.background.size(); ++b) {
    const BackgroundFlow& flow = s.background[b];
    if (flow.is_load()) continue;
    Trade trade;
    trade.origins = &flow.origins;
    trade.destinations = &flow.destinations;
    trade.commodity = flow.commodity;
    for (FlowClass& c : make_flow_classes(network, trade, policy)) {
      c.group = static_cast<int>(b);
      c.supply_t_per_yr = flow.quantity_t_per_yr;
      c.unserved_cost_usd_per_t = kBackgroundUnservedCost_usd_per_t;
      c.counted_rows.clear();  // caps bound the questions' trade, not the traffic already there
      spread_over_time(
          network, c,
          [&](int p) { return flow.quantity_t_per_yr * network.horizon()->days(p) / kDaysPerYear; }, std::nullopt);
      out.classes.push_back(std::move(c));
      out.flow.push_back(static_cast<int>(b));
    }
  }
  return out;
}

}  // namespace borderflow
