#include "solve/answers.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "core/text.hpp"
#include "solve/check.hpp"
#include "solve/shortest_path.hpp"

namespace borderflow {
namespace {

constexpr double kFlowEpsilon = 1e-3;  // t/yr; below this a flow is solver noise

bool contains(const std::vector<std::string>& list, const std::string& item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

std::vector<RowReport> positive_rows(const Network& network, const FlowSolution& solution) {
  std::vector<RowReport> out;
  for (std::size_t r = 0; r < network.rows().size(); ++r) {
    if (solution.row_shadow.size() <= r || solution.row_shadow[r] <= 1e-9) continue;
    out.push_back({static_cast<int>(r), network.rows()[r].capacity_t_per_yr,
                   solution.row_use_t_per_yr.size() > r ? solution.row_use_t_per_yr[r] : 0.0, solution.row_shadow[r]});
  }
  std::sort(out.begin(), out.end(), [&](const RowReport& a, const RowReport& b) {
    if (a.shadow_price != b.shadow_price) return a.shadow_price > b.shadow_price;
    return a.row < b.row;
  });
  return out;
}

std::string place_list(const Scenario& s, const PlaceSet& set) {
  if (!set.countries.empty()) {
    std::string out;
    for (const auto& c : set.countries) out += (out.empty() ? "" : "+") + c;
    return out;
  }
  std::string out;
  for (std::size_t i = 0; i < set.places.size() && i < 3; ++i) out += (i ? ", " : "") + s.places[static_cast<std::size_t>(set.places[i])].id;
  if (set.places.size() > 3) out += ", ...";
  return out;
}

}  // namespace

FlowClass make_flow_class(const Network& network, const PlaceSet& origins, const PlaceSet& destinations,
                          int commodity, const std::vector<int>& only_links,
                          const std::vector<std::string>& only_countries) {
  const Scenario& s = network.scenario();
  std::set<std::string> endpoint_countries;
  for (int p : origins.places) endpoint_countries.insert(s.places[static_cast<std::size_t>(p)].country);
  for (int p : destinations.places) endpoint_countries.insert(s.places[static_cast<std::size_t>(p)].country);
  std::vector<char> place_ok(s.places.size(), 1);
  for (std::size_t p = 0; p < s.places.size(); ++p) {
    const std::string& country = s.places[p].country;
    if (!only_countries.empty() && !contains(only_countries, country)) place_ok[p] = 0;
    if (contains(s.policy.no_transit, country) && !endpoint_countries.count(country)) place_ok[p] = 0;
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

std::vector<PathFlow> decompose_paths(const Network& network, const FlowClass& flow_class, const ClassFlow& flow) {
  const auto& arcs = network.arcs();
  std::vector<double> remaining = flow.arc_t_per_yr;
  std::vector<double> source_left = flow.source_t_per_yr;
  std::vector<double> sink_left = flow.sink_t_per_yr;
  std::vector<int> sink_index(static_cast<std::size_t>(network.vertex_count()), -1);
  for (std::size_t j = 0; j < flow_class.sinks.size(); ++j) sink_index[static_cast<std::size_t>(flow_class.sinks[j])] = static_cast<int>(j);
  std::vector<std::vector<int>> out(static_cast<std::size_t>(network.vertex_count()));
  for (const auto& arc : arcs) {
    if (remaining[static_cast<std::size_t>(arc.index)] > kFlowEpsilon) out[static_cast<std::size_t>(arc.tail)].push_back(arc.index);
  }
  std::map<std::vector<int>, double> merged;
  for (std::size_t i = 0; i < flow_class.sources.size(); ++i) {
    int guard = 0;
    while (source_left[i] > kFlowEpsilon && ++guard < 10000) {
      std::vector<int> path;
      std::map<int, std::size_t> position;  // vertex -> index in path where it was entered
      int v = flow_class.sources[i];
      position[v] = 0;
      bool dead_end = false;
      while (true) {
        const int j = sink_index[static_cast<std::size_t>(v)];
        if (j >= 0 && sink_left[static_cast<std::size_t>(j)] > kFlowEpsilon) break;
        int best = -1;
        for (int a : out[static_cast<std::size_t>(v)]) {
          if (remaining[static_cast<std::size_t>(a)] <= kFlowEpsilon) continue;
          if (best < 0 || remaining[static_cast<std::size_t>(a)] > remaining[static_cast<std::size_t>(best)]) best = a;
        }
        if (best < 0) {
          dead_end = true;
          break;
        }
        const int w = arcs[static_cast<std::size_t>(best)].head;
        auto seen = position.find(w);
        if (seen != position.end()) {
          // A cycle: cancel it and continue from where it closed.
          std::vector<int> cycle(path.begin() + static_cast<long>(seen->second), path.end());
          cycle.push_back(best);
          double m = remaining[static_cast<std::size_t>(best)];
          for (int a : cycle) m = std::min(m, remaining[static_cast<std::size_t>(a)]);
          for (int a : cycle) remaining[static_cast<std::size_t>(a)] -= m;
          for (std::size_t q = seen->second; q < path.size(); ++q) position.erase(arcs[static_cast<std::size_t>(path[q])].head);
          position[w] = seen->second;
          path.resize(seen->second);
          v = w;
          continue;
        }
        path.push_back(best);
        position[w] = path.size();
        v = w;
      }
      if (dead_end) {
        source_left[i] = 0;  // residue below solver precision
        break;
      }
      double amount = source_left[i];
      amount = std::min(amount, sink_left[static_cast<std::size_t>(sink_index[static_cast<std::size_t>(v)])]);
      for (int a : path) amount = std::min(amount, remaining[static_cast<std::size_t>(a)]);
      for (int a : path) remaining[static_cast<std::size_t>(a)] -= amount;
      source_left[i] -= amount;
      sink_left[static_cast<std::size_t>(sink_index[static_cast<std::size_t>(v)])] -= amount;
      if (!path.empty()) merged[path] += amount;
    }
  }
  std::vector<PathFlow> paths;
  for (const auto& [arcs_on_path, amount] : merged) {
    if (amount <= kFlowEpsilon) continue;
    PathFlow p;
    p.arcs = arcs_on_path;
    p.t_per_yr = amount;
    for (int a : arcs_on_path) {
      p.cost_usd_per_t += arcs[static_cast<std::size_t>(a)].cost_usd_per_t;
      p.hours += arcs[static_cast<std::size_t>(a)].hours;
    }
    paths.push_back(std::move(p));
  }
  std::sort(paths.begin(), paths.end(), [](const PathFlow& a, const PathFlow& b) {
    if (std::abs(a.t_per_yr - b.t_per_yr) > kFlowEpsilon) return a.t_per_yr > b.t_per_yr;
    return a.arcs < b.arcs;
  });
  return paths;
}

std::string describe_path(const Network& network, const PathFlow& path) {
  const Scenario& s = network.scenario();
  if (path.arcs.empty()) return "(no movement)";
  const auto& arcs = network.arcs();
  const NetworkArc& first = arcs[static_cast<std::size_t>(path.arcs.front())];
  std::string out = s.places[static_cast<std::size_t>(network.vertex(first.tail).place)].id + " (" +
                    to_string(network.vertex(first.tail).layer) + ")";
  for (int a : path.arcs) {
    const NetworkArc& arc = arcs[static_cast<std::size_t>(a)];
    if (arc.kind == ArcKind::Link) {
      const Link& link = s.links[static_cast<std::size_t>(arc.element)];
      out += " > " + s.places[static_cast<std::size_t>(network.vertex(arc.head).place)].id;
      if (link.crossing >= 0) out += " (border: " + s.crossings[static_cast<std::size_t>(link.crossing)].id + ")";
    } else {
      const Transfer& t = s.transfers[static_cast<std::size_t>(arc.element)];
      out += " [" + t.method + " " + to_string(network.vertex(arc.tail).layer) + "->" +
             to_string(network.vertex(arc.head).layer) + "]";
    }
  }
  return out;
}

std::vector<ElementFlow> element_flows(const Network& network, const std::vector<double>& arc_t_per_yr) {
  const Scenario& s = network.scenario();
  std::map<std::tuple<std::string, std::string, std::string>, ElementFlow> totals;
  auto add = [&](const std::string& kind, const std::string& id, const std::string& name, const std::string& direction,
                 double amount) {
    ElementFlow& e = totals[{kind, id, direction}];
    e.kind = kind;
    e.id = id;
    e.name = name;
    e.direction = direction;
    e.t_per_yr += amount;
  };
  for (const auto& arc : network.arcs()) {
    const double x = arc_t_per_yr[static_cast<std::size_t>(arc.index)];
    if (x <= kFlowEpsilon) continue;
    const auto& tail = network.vertex(arc.tail);
    const auto& head = network.vertex(arc.head);
    const Place& from = s.places[static_cast<std::size_t>(tail.place)];
    const Place& to = s.places[static_cast<std::size_t>(head.place)];
    if (arc.kind == ArcKind::Link) {
      const Link& link = s.links[static_cast<std::size_t>(arc.element)];
      add("link", link.id, link.name, from.id + "->" + to.id, x);
      if (link.crossing >= 0) {
        const Crossing& c = s.crossings[static_cast<std::size_t>(link.crossing)];
        add("crossing", c.id, c.name, from.country + "->" + to.country, x);
      }
    } else {
      const Transfer& t = s.transfers[static_cast<std::size_t>(arc.element)];
      add("transfer", t.id, t.name, to_string(tail.layer) + "->" + to_string(head.layer), x);
      totals[{"transfer", t.id, to_string(tail.layer) + "->" + to_string(head.layer)}].gauge_change =
          tail.layer.mode == Mode::Rail && head.layer.mode == Mode::Rail && tail.layer.gauge_mm != head.layer.gauge_mm;
    }
  }
  std::vector<ElementFlow> out;
  for (auto& [key, value] : totals) out.push_back(std::move(value));
  return out;
}

CapacityAnswer answer_capacity(const Network& network, int route_index, bool reverse, const SolveLimits& limits) {
  const Scenario& s = network.scenario();
  const Route& route = s.routes[static_cast<std::size_t>(route_index)];
  CapacityAnswer answer;
  answer.route = route_index;
  answer.reverse = reverse;
  answer.flow_class = make_flow_class(network, reverse ? route.destinations : route.origins,
                                      reverse ? route.origins : route.destinations, route.commodity, route.links,
                                      route.countries);
  answer.solution = solve_max_flow(network, answer.flow_class, limits);
  answer.status = answer.solution.status;
  if (answer.status != SolveStatus::Optimal) return answer;
  const ClassFlow& flow = answer.solution.classes[0];
  answer.capacity_t_per_yr = flow.delivered_t_per_yr;
  answer.arc_t_per_yr = flow.arc_t_per_yr;
  answer.bottleneck = positive_rows(network, answer.solution);
  answer.paths = decompose_paths(network, answer.flow_class, flow);
  if (answer.capacity_t_per_yr > kFlowEpsilon) {
    answer.cost_usd_per_t = answer.solution.transport_cost_usd_per_yr / answer.capacity_t_per_yr;
    double weighted_hours = 0, carried = 0;
    for (const auto& p : answer.paths) {
      weighted_hours += p.hours * p.t_per_yr;
      carried += p.t_per_yr;
    }
    answer.hours = carried > 0 ? weighted_hours / carried : 0;
  }
  answer.check_problems = check_max_flow(network, answer.flow_class, answer.solution);
  answer.certified = answer.check_problems.empty();
  return answer;
}

RoutingAnswer answer_routing(const Network& network, const SolveLimits& limits) {
  const Scenario& s = network.scenario();
  RoutingAnswer answer;
  for (const Demand& d : s.demands) {
    FlowClass c = make_flow_class(network, d.origins, d.destinations, d.commodity, {}, {});
    c.supply_t_per_yr = d.quantity_t_per_yr;
    c.unserved_cost_usd_per_t = d.unserved_cost_usd_per_t;
    answer.classes.push_back(std::move(c));
  }
  if (answer.classes.empty()) return answer;
  answer.solution = solve_min_cost(network, answer.classes, limits);
  answer.status = answer.solution.status;
  if (answer.status != SolveStatus::Optimal) return answer;
  answer.transport_cost_usd_per_yr = answer.solution.transport_cost_usd_per_yr;
  answer.binding = positive_rows(network, answer.solution);
  std::vector<double> cost_length(network.arcs().size());
  for (const auto& arc : network.arcs()) cost_length[static_cast<std::size_t>(arc.index)] = arc.cost_usd_per_t;
  for (std::size_t k = 0; k < s.demands.size(); ++k) {
    const Demand& d = s.demands[k];
    const FlowClass& c = answer.classes[k];
    const ClassFlow& flow = answer.solution.classes[k];
    DemandAnswer da;
    da.demand = static_cast<int>(k);
    da.delivered_t_per_yr = flow.delivered_t_per_yr;
    da.unserved_t_per_yr = flow.unserved_t_per_yr;
    da.paths = decompose_paths(network, c, flow);
    double cost = 0, hours = 0, carried = 0;
    for (const auto& p : da.paths) {
      cost += p.cost_usd_per_t * p.t_per_yr;
      hours += p.hours * p.t_per_yr;
      carried += p.t_per_yr;
    }
    if (carried > 0) {
      da.cost_usd_per_t = cost / carried;
      da.hours = hours / carried;
    }
    answer.unserved_penalty_usd_per_yr += da.unserved_t_per_yr * d.unserved_cost_usd_per_t;
    if (da.unserved_t_per_yr > kFlowEpsilon) {
      const double cheapest = distance_to_sinks(c, distances_from_sources(network, c, cost_length));
      if (!std::isfinite(cheapest)) {
        std::string policy;
        for (const auto& country : s.policy.no_transit) policy += (policy.empty() ? "" : ", ") + country;
        da.unserved_reason = "no open route from " + place_list(s, d.origins) + " to " + place_list(s, d.destinations) +
                             " under this scenario's closures" +
                             (policy.empty() ? std::string() : " and no-transit policy (" + policy + ")");
      } else if (cheapest > d.unserved_cost_usd_per_t + 1e-9) {
        da.unserved_reason = "cheapest open route costs " + format_fixed(cheapest, 2) + " USD/t, above the " +
                             format_fixed(d.unserved_cost_usd_per_t, 2) + " USD/t at which this trade pays";
      } else {
        std::string rows;
        int listed = 0;
        for (const auto& row : answer.binding) {
          const auto& arcs_of_row = network.rows()[static_cast<std::size_t>(row.row)].arcs;
          const bool touches = std::any_of(arcs_of_row.begin(), arcs_of_row.end(),
                                           [&](int a) { return c.arc_usable[static_cast<std::size_t>(a)] != 0; });
          if (!touches) continue;
          rows += (rows.empty() ? "" : "; ") + network.describe_row(row.row) + " full at " +
                  format_grouped(row.capacity_t_per_yr) + " t/yr";
          if (++listed == 3) break;
        }
        da.unserved_reason = "capacity: routes cheaper than " + format_fixed(d.unserved_cost_usd_per_t, 2) +
                             " USD/t are full (" + rows + ")";
      }
    }
    answer.demands.push_back(std::move(da));
  }
  answer.check_problems = check_routing(network, answer.classes, answer.solution);
  answer.certified = answer.check_problems.empty();
  return answer;
}

ScenarioAnswer answer_scenario(const Network& network, const SolveLimits& limits) {
  ScenarioAnswer answer;
  const Scenario& s = network.scenario();
  for (std::size_t r = 0; r < s.routes.size(); ++r) {
    answer.capacities.push_back(answer_capacity(network, static_cast<int>(r), false, limits));
    if (s.routes[r].both_directions) answer.capacities.push_back(answer_capacity(network, static_cast<int>(r), true, limits));
  }
  answer.routing = answer_routing(network, limits);
  return answer;
}

}  // namespace borderflow
