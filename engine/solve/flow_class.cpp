#include "solve/flow_class.hpp"

#include <algorithm>
#include <set>

namespace borderflow {
namespace {

bool contains(const std::vector<std::string>& list, const std::string& item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

}  // namespace

FlowClass make_flow_class(const Network& network, const PlaceSet& origins, const PlaceSet& destinations,
                          int commodity, const std::vector<int>& only_links,
                          const std::vector<std::string>& only_countries, const std::vector<std::string>& no_transit) {
  const Scenario& s = network.scenario();
  std::set<std::string> endpoint_countries;
  for (int p : origins.places) endpoint_countries.insert(s.places[static_cast<std::size_t>(p)].country);
  for (int p : destinations.places) endpoint_countries.insert(s.places[static_cast<std::size_t>(p)].country);
  std::vector<char> place_ok(s.places.size(), 1);
  for (std::size_t p = 0; p < s.places.size(); ++p) {
    const std::string& country = s.places[p].country;
    if (!only_countries.empty() && !contains(only_countries, country)) place_ok[p] = 0;
    if (contains(no_transit, country) && !endpoint_countries.count(country)) place_ok[p] = 0;
  }
  std::vector<char> route_place(s.places.size(), only_links.empty() ? 1 : 0);
  for (int l : only_links) {
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
      if (!only_links.empty() && !std::binary_search(only_links.begin(), only_links.end(), arc.element)) ok = false;
      if (commodity >= 0 && !link.commodities.empty() &&
          !std::binary_search(link.commodities.begin(), link.commodities.end(), commodity)) {
        ok = false;
      }
    } else if (!route_place[static_cast<std::size_t>(tail_place)]) {
      ok = false;
    }
    c.arc_usable[static_cast<std::size_t>(arc.index)] = ok;
  }
  for (int p : origins.places) {
    if (!place_ok[static_cast<std::size_t>(p)]) continue;
    for (int v : network.vertices_of(p)) c.sources.push_back(v);
  }
  for (int p : destinations.places) {
    if (!place_ok[static_cast<std::size_t>(p)]) continue;
    for (int v : network.vertices_of(p)) c.sinks.push_back(v);
  }
  return c;
}

FlowClass make_flow_class(const Network& network, const PlaceSet& origins, const PlaceSet& destinations,
                          int commodity, const std::vector<int>& only_links,
                          const std::vector<std::string>& only_countries) {
  return make_flow_class(network, origins, destinations, commodity, only_links, only_countries,
                         network.scenario().policy.no_transit);
}

FlowClass route_class(const Network& network, int route, bool reverse, const std::vector<std::string>& no_transit) {
  const Route& r = network.scenario().routes[static_cast<std::size_t>(route)];
  return make_flow_class(network, reverse ? r.destinations : r.origins, reverse ? r.origins : r.destinations, r.commodity,
                         r.links, r.countries, no_transit);
}

FlowClass route_class(const Network& network, int route, bool reverse) {
  return route_class(network, route, reverse, network.scenario().policy.no_transit);
}

FlowClass demand_class(const Network& network, int demand, const std::vector<std::string>& no_transit) {
  const Demand& d = network.scenario().demands[static_cast<std::size_t>(demand)];
  FlowClass c = make_flow_class(network, d.origins, d.destinations, d.commodity, {}, {}, no_transit);
  c.supply_t_per_yr = d.quantity_t_per_yr;
  c.unserved_cost_usd_per_t = d.unserved_cost_usd_per_t;
  return c;
}

FlowClass demand_class(const Network& network, int demand) {
  return demand_class(network, demand, network.scenario().policy.no_transit);
}

}  // namespace borderflow
