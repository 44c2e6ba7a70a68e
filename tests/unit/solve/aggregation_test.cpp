// Demand aggregation in routing (engine/solve/flow_lp.hpp, SolveLimits::aggregate_classes):
// classes sharing sources, usable arcs, fees, source cost and counted rows share one LP
// commodity. It must be exact: the same least cost, the same tonnes delivered and unserved per
// demand and per supplier, and per-class flows that pass the certificate, on every bundled
// one-period scenario, on random networks where many demands share origins (shared destination
// places, different unserved prices, fees, caps, suppliers) and on the time-expanded scenarios.
// And the LP must grow with origins, not with demands.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <limits>
#include <random>
#include <sstream>

#include "solve/time_answers.hpp"
#include "support.hpp"

using namespace bftest;

namespace {

SolveLimits per_class() {
  SolveLimits limits;
  limits.aggregate_classes = false;
  return limits;
}

/// Objectives agree to the cent plus one part in 1e9 (two different LPs reach the same optimum
/// up to the solver's round-off).
bool same_cost(double a, double b) { return std::abs(a - b) <= 1e-2 + 1e-9 * std::abs(b); }

/// Whether the routing's classes share some commodity (the comparison tests something).
bool aggregates(const Network& network) {
  const auto classes = routing_classes(network).classes;
  return find_commodities(network, classes).members.size() < classes.size();
}

/// The flows of classes sharing a commodity can be split between them in more than one optimal
/// way when a row binds (two demands to one place over a full link), so per-demand transport
/// costs are compared only where no row has a price; deliveries, unserved tonnes, supplier
/// deliveries and the total are compared always.
void require_same_routing(const Network& network, const RoutingAnswer& merged, const RoutingAnswer& separate) {
  INFO("merged: " << joined(merged.check_problems) << "separate: " << joined(separate.check_problems));
  REQUIRE(merged.status == SolveStatus::Optimal);
  REQUIRE(separate.status == SolveStatus::Optimal);
  REQUIRE(merged.certified);
  REQUIRE(separate.certified);
  REQUIRE(check_routing(network, merged.classes, merged.solution).empty());
  REQUIRE(merged.solution.classes.size() == separate.solution.classes.size());
  CHECK(same_cost(merged.solution.objective, separate.solution.objective));
  CHECK(same_cost(merged.transport_cost_usd_per_yr + merged.source_cost_usd_per_yr + merged.unserved_penalty_usd_per_yr,
                  separate.transport_cost_usd_per_yr + separate.source_cost_usd_per_yr + separate.unserved_penalty_usd_per_yr));
  bool priced = false;
  for (double y : separate.solution.row_shadow) priced = priced || y > 1e-9;
  REQUIRE(merged.demands.size() == separate.demands.size());
  for (std::size_t d = 0; d < merged.demands.size(); ++d) {
    const DemandAnswer& a = merged.demands[d];
    const DemandAnswer& b = separate.demands[d];
    INFO("demand " << network.scenario().demands[d].id);
    CHECK(near(a.delivered_t_per_yr, b.delivered_t_per_yr));
    CHECK(near(a.unserved_t_per_yr, b.unserved_t_per_yr));
    CHECK(a.unserved.kind == b.unserved.kind);
    REQUIRE(a.suppliers.size() == b.suppliers.size());
    for (std::size_t s = 0; s < a.suppliers.size(); ++s) CHECK(near(a.suppliers[s].delivered_t_per_yr, b.suppliers[s].delivered_t_per_yr));
    if (!priced) {
      CHECK(std::abs(a.cost_usd_per_t - b.cost_usd_per_t) <= 1e-6 * std::max(1.0, std::abs(b.cost_usd_per_t)));
      CHECK(std::abs(a.landed_cost_usd_per_t - b.landed_cost_usd_per_t) <= 1e-6 * std::max(1.0, std::abs(b.landed_cost_usd_per_t)));
      double carried = 0;
      for (const PathFlow& p : a.paths) carried += p.t_per_yr;
      CHECK(near(carried, a.delivered_t_per_yr));
    }
  }
}

/// A random network in three countries where demands leave from a few origins: road links
/// with random costs (so no two routes tie) and capacities, border crossings with a fee,
/// a transit fee, caps (on a link for named demands, and on delivered coal to KP), suppliers
/// at a few prices, and destinations drawn with repeats (several demands end at one place).
struct RandomNetwork {
  unsigned seed = 1;
  int places_per_country = 6;
  int demands = 40;
  int origins = 3;
  bool fees = true;
  bool caps = true;
  bool suppliers = true;
  bool capacities = true;
  double quantity_kt = 300;  ///< each demand's tonnes are drawn from 0.2 to 1.8 times this
  bool one_country = false;  ///< origins and destinations all in Russia, one commodity
};

std::string random_scenario(const RandomNetwork& o) {
  std::mt19937 rng(o.seed);
  auto uniform = [&](double lo, double hi) { return std::uniform_real_distribution<double>(lo, hi)(rng); };
  auto pick = [&](int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng); };
  const std::vector<std::string> countries = {"RU", "CN", "KP"};
  std::ostringstream y;
  y.precision(10);
  y << "borderflow: 1\nname: random-aggregation\nplaces:\n";
  std::vector<std::string> places;
  for (const auto& country : countries) {
    std::string code = country == "RU" ? "ru" : country == "CN" ? "cn" : "kp";
    for (int i = 0; i < o.places_per_country; ++i) {
      places.push_back(code + "-" + std::to_string(i));
      y << "  - {id: " << places.back() << ", name: P" << places.size() << ", country: " << country
        << ", lat: " << uniform(40, 44) << ", lon: " << uniform(128, 132) << "}\n";
    }
  }
  y << "links:\n";
  int links = 0;
  std::vector<std::string> crossing_links;
  auto link = [&](const std::string& a, const std::string& b, bool crossing) {
    const std::string id = "l" + std::to_string(links++);
    y << "  - {id: " << id << ", from: " << a << ", to: " << b << ", mode: road, length: " << uniform(20, 200)
      << " km, cost: " << uniform(1, 20) << " USD/t";
    if (o.capacities && uniform(0, 1) < 0.5) y << ", capacity: " << uniform(0.1, 2.0) << " Mt/yr";
    y << "}\n";
    if (crossing) crossing_links.push_back(id);
  };
  const int n = o.places_per_country;
  for (int c = 0; c < 3; ++c) {
    for (int i = 0; i + 1 < n; ++i) link(places[static_cast<std::size_t>(c * n + i)], places[static_cast<std::size_t>(c * n + i + 1)], false);
    for (int e = 0; e < n; ++e) {
      const int i = pick(n), j = pick(n);
      if (i != j) link(places[static_cast<std::size_t>(c * n + i)], places[static_cast<std::size_t>(c * n + j)], false);
    }
  }
  for (int c = 0; c < 3; ++c) {
    for (int d = c + 1; d < 3; ++d) {
      for (int e = 0; e < 2; ++e) link(places[static_cast<std::size_t>(c * n + pick(n))], places[static_cast<std::size_t>(d * n + pick(n))], true);
    }
  }
  y << "crossings:\n";
  for (std::size_t i = 0; i < crossing_links.size(); ++i) y << "  - {id: x" << i << ", links: [" << crossing_links[i] << "]}\n";
  y << "commodities:\n  - {id: grain, class: bulk}\n  - {id: coal, class: bulk}\n";
  if (o.fees) {
    y << "fees:\n  - {id: cn-transit, transit_country: CN, fee: " << uniform(1, 6) << " USD/t}\n"
      << "  - {id: x0-coal, crossing: x0, fee: " << uniform(1, 6) << " USD/t, commodities: [coal]}\n";
  }
  // Origins: the first places of RU (and CN when there are more than two).
  std::vector<std::string> origins;
  for (int i = 0; i < o.origins; ++i) {
    origins.push_back(places[static_cast<std::size_t>(i % 2 == 0 || o.one_country ? (o.one_country ? i : i / 2) : n + i / 2)]);
  }
  const std::vector<double> prices = {10, 12.5};
  y << "demands:\n";
  for (int d = 0; d < o.demands; ++d) {
    // Anywhere (in Russia: one_country) but at an origin.
    std::string destination;
    while (destination.empty() || std::find(origins.begin(), origins.end(), destination) != origins.end()) {
      destination = places[static_cast<std::size_t>(pick(o.one_country ? n : static_cast<int>(places.size())))];
    }
    const bool grain = o.one_country || pick(2) == 0;
    y << "  - id: d" << d << "\n    commodity: " << (grain ? "grain" : "coal") << "\n    to: [" << destination << "]\n"
      << "    quantity: " << o.quantity_kt * uniform(0.2, 1.8) << " kt/yr\n"
      << "    unserved_cost: " << 40 + 1.37 * d + uniform(0, 1) << " USD/t\n";
    if (o.suppliers && d % 3 == 0) {
      y << "    suppliers:\n";
      for (int s = 0; s < 2; ++s) {
        y << "      - {id: s" << d << "-" << s << ", from: [" << origins[static_cast<std::size_t>(pick(o.origins))] << "], price: "
          << prices[static_cast<std::size_t>(s)] << " USD/t}\n";
      }
    } else {
      y << "    from: [" << origins[static_cast<std::size_t>(pick(o.origins))] << "]\n";
    }
  }
  if (o.caps) {
    y << "caps:\n  - {id: named, limit: " << uniform(0.1, 0.6) << " Mt/yr, demands: [d1, d2, d4, d5], elements: [l0]}\n"
      << "  - {id: coal-kp, limit: " << uniform(0.5, 3) << " Mt/yr, commodities: [coal], to_countries: [KP]}\n";
  }
  return y.str();
}

Network random_network(const RandomNetwork& o) {
  Limits limits;
  limits.max_nodes = 1000000;
  return expand(load_text(random_scenario(o), limits));
}

}  // namespace

TEST_CASE("aggregated routing equals per-class routing on every bundled one-period scenario", "[solve][aggregation]") {
  int aggregating = 0;
  for (const auto& [file, scenario] : bundled_one_period_scenarios()) {
    INFO(file);
    Network network(scenario);
    // The background once, so both routings see the same spare capacities.
    (void)route_background(network, per_class());
    if (aggregates(network)) ++aggregating;
    require_same_routing(network, answer_routing(network), answer_routing(network, per_class()));
  }
  CHECK(aggregating >= 3);  // most bundled scenarios have demands sharing an origin
}

TEST_CASE("aggregated routing equals per-class routing on random networks of shared origins", "[solve][aggregation]") {
  for (unsigned seed = 1; seed <= 12; ++seed) {
    RandomNetwork o;
    o.seed = seed;
    o.capacities = seed % 4 != 0;  // every fourth network has no row to price: costs compared per demand
    o.fees = seed % 3 != 0;
    o.caps = seed % 2 == 1;
    o.suppliers = seed % 5 != 0;
    const Network network = random_network(o);
    INFO("seed " << seed);
    REQUIRE(aggregates(network));
    const RoutingAnswer merged = answer_routing(network);
    const RoutingAnswer separate = answer_routing(network, per_class());
    require_same_routing(network, merged, separate);
  }
}

TEST_CASE("aggregation shares capacity between demands exactly where it binds", "[solve][aggregation]") {
  // Tight capacities and large demands: rows bind and some demands go short, and the split of the
  // short tonnes between demands is decided by their unserved prices, in both LPs alike.
  int short_networks = 0;
  for (unsigned seed = 21; seed <= 26; ++seed) {
    RandomNetwork o;
    o.seed = seed;
    o.quantity_kt = 900;
    o.demands = 30;
    const Network network = random_network(o);
    INFO("seed " << seed);
    const RoutingAnswer merged = answer_routing(network);
    const RoutingAnswer separate = answer_routing(network, per_class());
    require_same_routing(network, merged, separate);
    double unserved = 0;
    for (const DemandAnswer& d : separate.demands) unserved += d.unserved_t_per_yr;
    if (unserved > 1) ++short_networks;
  }
  CHECK(short_networks >= 3);
}

TEST_CASE("the routing LP grows with origins, not demands", "[solve][aggregation][limits]") {
  // 2,000 demands of one commodity from 3 origins in Russia to Russian places, no fees, caps or
  // suppliers: 3 commodities, so about 3 arc columns per arc, against one per demand per arc.
  RandomNetwork o;
  o.seed = 7;
  o.places_per_country = 12;
  o.demands = 2000;
  o.fees = false;
  o.caps = false;
  o.suppliers = false;
  o.quantity_kt = 5;
  o.one_country = true;  // the classes differ by origin alone
  const Network network = random_network(o);
  const auto classes = routing_classes(network).classes;
  REQUIRE(classes.size() == 2000);
  const Commodities commodities = find_commodities(network, classes);
  CHECK(commodities.members.size() == 3);
  const std::size_t arcs = network.arcs().size();
  const LpSize merged = estimate_lp_size(network, classes, true);
  const LpSize separate = estimate_lp_size(network, classes, false);
  // Arc columns: at most 3 x arcs; then per demand its sink columns and unserved column.
  std::size_t sinks = 0;
  for (const FlowClass& c : classes) sinks += c.sinks.size();
  CHECK(merged.columns <= 3 * arcs + 3 * 2 + sinks + classes.size());
  CHECK(merged.columns >= sinks + classes.size());
  CHECK(separate.columns > 500 * arcs);
  CHECK(merged.bytes() * 50 < separate.bytes());
  // The run's estimate counts the aggregated LP (and the per-class flows the answer keeps).
  CHECK(estimate_run_size(network).routing.columns == merged.columns);
  SolveLimits separately;
  separately.aggregate_classes = false;
  // That many columns (one set per demand) would be answered over generated arcs, whose whole
  // LP is never built: not counted. Forced whole, it is.
  CHECK(generates_arcs(separate, separately));
  CHECK(estimate_run_size(network, separately).routing.columns == 0);
  separately.generate_arcs_from_columns = std::numeric_limits<int>::max();
  CHECK(estimate_run_size(network, separately).routing.columns == separate.columns);

  const RoutingAnswer answer = answer_routing(network);
  INFO(joined(answer.check_problems));
  REQUIRE(answer.status == SolveStatus::Optimal);
  CHECK(answer.certified);
  double delivered = 0, wanted = 0;
  for (const DemandAnswer& d : answer.demands) delivered += d.delivered_t_per_yr + d.unserved_t_per_yr;
  for (const Demand& d : network.scenario().demands) wanted += d.quantity_t_per_yr;
  CHECK(near(delivered, wanted));
}

TEST_CASE("a commodity's flow splits into its members' paths, sinks at one vertex kept apart", "[solve][aggregation]") {
  // ru-a -> ru-m (two parallel one-way roads) -> ru-b and ru-c; members 0 and 1 both end at ru-b,
  // member 2 at ru-c, member 3 at ru-a itself (a path of no arcs). A cycle m -> b -> m carries
  // 55 t on top, more than either road, so the first trace meets it and cancels it.
  const Network network = expand(load_text(two_places() +
                                           "  - {id: ru-m, name: M, country: RU, lat: 42.8, lon: 131.5}\n"
                                           "  - {id: ru-c, name: C, country: RU, lat: 42.6, lon: 131.2}\n"
                                           "links:\n"
                                           "  - {id: am1, from: ru-a, to: ru-m, mode: road, length: 10 km, cost: 1 USD/t, direction: forward}\n"
                                           "  - {id: am2, from: ru-a, to: ru-m, mode: road, length: 10 km, cost: 2 USD/t, direction: forward}\n"
                                           "  - {id: mb, from: ru-m, to: ru-b, mode: road, length: 10 km, cost: 1 USD/t}\n"
                                           "  - {id: mc, from: ru-m, to: ru-c, mode: road, length: 10 km, cost: 1 USD/t, direction: forward}\n"));
  const auto& s = network.scenario();
  auto vertex = [&](const std::string& place) {
    for (std::size_t p = 0; p < s.places.size(); ++p) {
      if (s.places[p].id == place) return network.vertices_of(static_cast<int>(p)).front();
    }
    FAIL("no place " << place);
    return -1;
  };
  auto arc = [&](const std::string& link, bool reversed) {
    for (const NetworkArc& a : network.arcs()) {
      if (a.kind == ArcKind::Link && s.links[static_cast<std::size_t>(a.element)].id == link && a.reversed == reversed) {
        return static_cast<std::size_t>(a.index);
      }
    }
    FAIL("no arc " << link);
    return std::size_t{0};
  };
  const int a = vertex("ru-a"), b = vertex("ru-b"), c = vertex("ru-c");
  std::vector<double> flow(network.arcs().size(), 0.0), source(static_cast<std::size_t>(network.vertex_count()), 0.0);
  flow[arc("am1", false)] = 50;
  flow[arc("am2", false)] = 30;
  flow[arc("mb", false)] = 60 + 55;
  flow[arc("mb", true)] = 55;
  flow[arc("mc", false)] = 20;
  source[static_cast<std::size_t>(a)] = 85;
  std::vector<std::vector<double>> arcs_of(4, std::vector<double>(network.arcs().size(), 0.0));
  std::vector<double> taken(4, 0.0);
  split_commodity_flow(network, flow, source, {{b}, {b}, {c}, {a}}, {{45}, {15}, {20}, {5}},
                       [&](std::size_t member, const std::vector<int>& path, int from, double t) {
                         CHECK(from == a);
                         for (int arc_index : path) arcs_of[member][static_cast<std::size_t>(arc_index)] += t;
                         taken[member] += t;
                       });
  CHECK(taken == std::vector<double>{45, 15, 20, 5});
  // Member 0 first, over the road carrying most (am1, 50 t); member 1 then over am2 (30 t
  // against 5); member 2 takes am2's 15 t left, then am1's 5.
  CHECK(arcs_of[0][arc("am1", false)] == 45);
  CHECK(arcs_of[0][arc("mb", false)] == 45);
  CHECK(arcs_of[1][arc("am2", false)] == 15);
  CHECK(arcs_of[1][arc("mb", false)] == 15);
  CHECK(arcs_of[2][arc("am2", false)] == 15);
  CHECK(arcs_of[2][arc("am1", false)] == 5);
  CHECK(arcs_of[2][arc("mc", false)] == 20);
  for (const auto& member : arcs_of) CHECK(member[arc("mb", true)] == 0);  // the cycle is nobody's
  for (double left : flow) CHECK(left == 0);
  CHECK(source[static_cast<std::size_t>(a)] == 0);
}

TEST_CASE("aggregated routing equals per-class routing over time", "[solve][aggregation][time]") {
  // The time-expanded bundled scenarios route by arc generation; each restricted LP aggregates the
  // classes it can, and every slot's deliveries, backlog and unserved tonnes must agree.
  for (const std::string name : {"covid-closure-monthly.yaml", "tumen-road-bridge-ramp.yaml"}) {
    INFO(name);
    auto scenario = std::make_shared<const Scenario>(load_scenario(std::string(BORDERFLOW_SOURCE_DIR) + "/scenarios/" + name));
    REQUIRE(scenario->time);
    Network network(scenario);
    (void)route_background(network, per_class());
    const auto classes = routing_classes(network).classes;
    const FlowSolution merged = solve_min_cost(network, classes);
    const FlowSolution separate = solve_min_cost(network, classes, per_class());
    REQUIRE(merged.status == SolveStatus::Optimal);
    REQUIRE(separate.status == SolveStatus::Optimal);
    CHECK(check_routing(network, classes, merged).empty());
    CHECK(same_cost(merged.objective, separate.objective));
    for (std::size_t k = 0; k < classes.size(); ++k) {
      CHECK(near(merged.classes[k].delivered_t_per_yr, separate.classes[k].delivered_t_per_yr));
      CHECK(near(merged.classes[k].unserved_t_per_yr, separate.classes[k].unserved_t_per_yr));
    }
    require_same_routing(network, answer_routing(network), answer_routing(network, per_class()));
  }
}
