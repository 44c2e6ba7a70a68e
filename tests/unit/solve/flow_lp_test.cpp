// engine/solve/flow_lp: the LP solvers against an independent oracle (LEMON's Preflow and
// NetworkSimplex) on seeded random pure networks, metamorphic properties, and solver statuses.
//
// The random networks are single-layer (road only), with no crossings and no transfers, so every
// capacity row bounds exactly one arc and the problem is a pure network that LEMON can solve.
// Capacities are whole kt/yr and costs whole USD/t, so LEMON's integer domain is exact.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <numeric>
#include <random>


#include "lemon_oracle.hpp"
#include "support.hpp"

using namespace bftest;

namespace {

struct Instance {
  std::uint32_t seed = 0;
  Scenario scenario;
  PlaceSet origins, destinations;
  double quantity_t_per_yr = 0;
  double unserved_cost_usd_per_t = 0;
};

/// A random pure network of 2..40 places, seeded; links have integer kt/yr and USD/t.
Instance random_instance(std::uint32_t seed) {
  std::mt19937 rng(seed);
  auto uniform = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  Instance in;
  in.seed = seed;
  Scenario& s = in.scenario;
  s.name = "random-" + std::to_string(seed);
  const int n = uniform(2, 40);
  for (int i = 0; i < n; ++i) {
    Place p;
    p.id = "p" + std::to_string(i);
    p.name = p.id;
    p.country = "RU";
    s.places.push_back(p);
  }
  const int m = uniform(n, 4 * n);
  for (int j = 0; j < m; ++j) {
    Link l;
    l.id = "l" + std::to_string(j);
    l.name = l.id;
    l.from = uniform(0, n - 1);
    do {
      l.to = uniform(0, n - 1);
    } while (l.to == l.from);
    l.mode = Mode::Road;
    l.length_km = 1;
    l.capacity_t_per_yr = 1000.0 * uniform(1, 100);
    l.cost_usd_per_t = uniform(0, 20);
    l.both_ways = uniform(0, 9) < 6;
    s.links.push_back(l);
  }
  std::vector<int> order(static_cast<std::size_t>(n));
  std::iota(order.begin(), order.end(), 0);
  std::shuffle(order.begin(), order.end(), rng);
  const int k_from = uniform(1, std::min(3, n - 1));
  const int k_to = uniform(1, std::min(3, n - k_from));
  in.origins.places.assign(order.begin(), order.begin() + k_from);
  in.destinations.places.assign(order.begin() + k_from, order.begin() + k_from + k_to);
  std::sort(in.origins.places.begin(), in.origins.places.end());
  std::sort(in.destinations.places.begin(), in.destinations.places.end());
  in.quantity_t_per_yr = 1000.0 * uniform(1, 300);
  in.unserved_cost_usd_per_t = uniform(5, 80);
  return in;
}

/// The same network in LEMON: place nodes plus the super source S and super sink T.
struct LemonNetwork : LemonGraph {
  explicit LemonNetwork(const Instance& in, bool with_unserved_arc) {
    std::vector<Graph::Node> node;
    for (std::size_t i = 0; i < in.scenario.places.size(); ++i) node.push_back(graph.addNode());
    for (const Link& l : in.scenario.links) {
      if (l.status != Status::Open) continue;
      const auto cap = static_cast<std::int64_t>(std::llround(l.capacity_t_per_yr / 1000));
      const auto c = static_cast<std::int64_t>(std::llround(l.total_cost_usd_per_t()));
      add(node[l.from], node[l.to], cap, c);
      if (l.both_ways) add(node[l.to], node[l.from], cap, c);
    }
    for (int o : in.origins.places) add(source, node[o], infinite, 0);
    for (int d : in.destinations.places) add(node[d], sink, infinite, 0);
    if (with_unserved_arc) add(source, sink, infinite, std::llround(in.unserved_cost_usd_per_t));
  }
};

struct Ours {
  double max_flow_t_per_yr = 0;
  double routing_cost_usd_per_yr = 0;
};

/// Our max flow and routing cost for the instance, both certified by the public checks.
Ours solve_ours(const Instance& in) {
  const Network solved = expand(in.scenario);
  const Network& network = solved;
  Ours out;

  const FlowClass route = make_flow_class(network, in.origins, in.destinations, -1, {}, {});
  const FlowSolution max_flow = solve_max_flow(network, route);
  REQUIRE(max_flow.status == SolveStatus::Optimal);
  const auto max_problems = check_max_flow(network, route, max_flow);
  INFO("max flow check: " << joined(max_problems));
  REQUIRE(max_problems.empty());
  out.max_flow_t_per_yr = max_flow.objective;

  FlowClass demand = route;
  demand.supply_t_per_yr = in.quantity_t_per_yr;
  demand.unserved_cost_usd_per_t = in.unserved_cost_usd_per_t;
  const std::vector<FlowClass> classes = {demand};
  const FlowSolution routing = solve_min_cost(network, classes);
  REQUIRE(routing.status == SolveStatus::Optimal);
  const auto routing_problems = check_routing(network, classes, routing);
  INFO("routing check: " << joined(routing_problems));
  REQUIRE(routing_problems.empty());
  out.routing_cost_usd_per_yr = routing.objective;
  return out;
}

bool close_to(double a, double b, double relative = 1e-6) {
  return std::abs(a - b) <= 1e-3 + relative * std::max(std::abs(a), std::abs(b));
}

}  // namespace

TEST_CASE("max flow and min-cost routing agree with LEMON on 200 seeded random networks", "[flow_lp][differential]") {
  int with_flow = 0, partly_unserved = 0;
  for (std::uint32_t seed = 1; seed <= 200; ++seed) {
    CAPTURE(seed);
    const Instance in = random_instance(seed);
    CAPTURE(in.scenario.places.size(), in.scenario.links.size());
    const Ours ours = solve_ours(in);
    LemonNetwork max_flow_oracle(in, false);
    const std::int64_t lemon_flow_kt = max_flow_oracle.max_flow_kt();
    CAPTURE(ours.max_flow_t_per_yr, lemon_flow_kt);
    CHECK(close_to(ours.max_flow_t_per_yr, 1000.0 * static_cast<double>(lemon_flow_kt)));

    LemonNetwork routing_oracle(in, true);
    const std::int64_t lemon_cost = routing_oracle.min_cost(std::llround(in.quantity_t_per_yr / 1000));
    CAPTURE(ours.routing_cost_usd_per_yr, lemon_cost);
    CHECK(close_to(ours.routing_cost_usd_per_yr, 1000.0 * static_cast<double>(lemon_cost)));

    with_flow += lemon_flow_kt > 0;
    partly_unserved += 1000.0 * static_cast<double>(lemon_flow_kt) < in.quantity_t_per_yr;
  }
  // The generator must produce interesting instances, not 200 empty ones.
  CHECK(with_flow > 100);
  CHECK(partly_unserved > 20);
}

TEST_CASE("metamorphic: closing a link never raises max flow nor lowers routing cost", "[flow_lp][metamorphic]") {
  for (std::uint32_t seed = 1001; seed <= 1040; ++seed) {
    CAPTURE(seed);
    const Instance in = random_instance(seed);
    const Ours before = solve_ours(in);
    std::mt19937 rng(seed);
    Instance closed = in;
    const auto victim = std::uniform_int_distribution<std::size_t>(0, in.scenario.links.size() - 1)(rng);
    closed.scenario.links[victim].status = Status::Closed;
    CAPTURE(victim);
    const Ours after = solve_ours(closed);
    CHECK(after.max_flow_t_per_yr <= before.max_flow_t_per_yr + 1e-3 + 1e-6 * before.max_flow_t_per_yr);
    CHECK(after.routing_cost_usd_per_yr >= before.routing_cost_usd_per_yr - 1e-2 - 1e-6 * before.routing_cost_usd_per_yr);
  }
}

TEST_CASE("metamorphic: raising a capacity never lowers max flow nor raises routing cost", "[flow_lp][metamorphic]") {
  for (std::uint32_t seed = 2001; seed <= 2040; ++seed) {
    CAPTURE(seed);
    const Instance in = random_instance(seed);
    const Ours before = solve_ours(in);
    std::mt19937 rng(seed);
    Instance wider = in;
    const auto link = std::uniform_int_distribution<std::size_t>(0, in.scenario.links.size() - 1)(rng);
    wider.scenario.links[link].capacity_t_per_yr *= 3;
    CAPTURE(link);
    const Ours after = solve_ours(wider);
    CHECK(after.max_flow_t_per_yr >= before.max_flow_t_per_yr - 1e-3 - 1e-6 * before.max_flow_t_per_yr);
    CHECK(after.routing_cost_usd_per_yr <= before.routing_cost_usd_per_yr + 1e-2 + 1e-6 * before.routing_cost_usd_per_yr);
  }
}

TEST_CASE("metamorphic: scaling every cost by k scales the total cost by k", "[flow_lp][metamorphic]") {
  for (std::uint32_t seed = 3001; seed <= 3040; ++seed) {
    CAPTURE(seed);
    const Instance in = random_instance(seed);
    const Ours before = solve_ours(in);
    for (const double k : {0.5, 3.0}) {
      CAPTURE(k);
      Instance scaled = in;
      for (Link& l : scaled.scenario.links) l.cost_usd_per_t *= k;
      scaled.unserved_cost_usd_per_t *= k;
      const Ours after = solve_ours(scaled);
      CHECK(close_to(after.routing_cost_usd_per_yr, k * before.routing_cost_usd_per_yr));
      CHECK(close_to(after.max_flow_t_per_yr, before.max_flow_t_per_yr));  // costs do not move capacity
    }
  }
}

TEST_CASE("metamorphic: the order of links in the file changes nothing", "[flow_lp][metamorphic]") {
  for (std::uint32_t seed = 4001; seed <= 4020; ++seed) {
    CAPTURE(seed);
    const Instance in = random_instance(seed);
    const Ours before = solve_ours(in);
    Instance shuffled = in;
    std::mt19937 rng(seed);
    std::shuffle(shuffled.scenario.links.begin(), shuffled.scenario.links.end(), rng);
    const Ours after = solve_ours(shuffled);
    CHECK(close_to(after.max_flow_t_per_yr, before.max_flow_t_per_yr));
    CHECK(close_to(after.routing_cost_usd_per_yr, before.routing_cost_usd_per_yr));
  }
}

TEST_CASE("the random instances survive a trip through YAML and the loader", "[flow_lp][differential]") {
  // The differential builds scenarios in memory; check on a few that the loader reads the same.
  for (std::uint32_t seed = 5001; seed <= 5005; ++seed) {
    CAPTURE(seed);
    const Instance in = random_instance(seed);
    std::string yaml = "borderflow: 1\nplaces:\n";
    for (const Place& p : in.scenario.places) yaml += "  - {id: " + p.id + ", name: " + p.name + ", country: RU, lat: 0, lon: 0}\n";
    yaml += "links:\n";
    for (const Link& l : in.scenario.links) {
      yaml += "  - {id: " + l.id + ", from: " + in.scenario.places[l.from].id + ", to: " + in.scenario.places[l.to].id +
              ", mode: road, length: 1 km, capacity: " + std::to_string(std::llround(l.capacity_t_per_yr / 1000)) +
              " kt/yr, cost: " + std::to_string(std::llround(l.cost_usd_per_t)) + " USD/t, direction: " +
              (l.both_ways ? "both" : "forward") + "}\n";
    }
    Instance loaded = in;
    loaded.scenario = load_text(yaml);
    const Ours a = solve_ours(in);
    const Ours b = solve_ours(loaded);
    CHECK(close_to(a.max_flow_t_per_yr, b.max_flow_t_per_yr));
    CHECK(close_to(a.routing_cost_usd_per_yr, b.routing_cost_usd_per_yr));
  }
}

TEST_CASE("solve statuses", "[flow_lp]") {
  CHECK(std::string(to_string(SolveStatus::Optimal)) == "optimal");
  CHECK(std::string(to_string(SolveStatus::Infeasible)) == "infeasible");
  CHECK(std::string(to_string(SolveStatus::Unbounded)) == "unbounded");
  CHECK(std::string(to_string(SolveStatus::LimitReached)) == "limit-reached");
  CHECK(std::string(to_string(SolveStatus::NumericRange)) == "numeric-range");

  Instance in = random_instance(7);
  const Network plain = expand(in.scenario);
  const FlowClass c = make_flow_class(plain, in.origins, in.destinations, -1, {}, {});

  SECTION("an unlimited path makes max flow unbounded") {
    Instance open = in;
    Link free;
    free.id = "free";
    free.from = in.origins.places[0];
    free.to = in.destinations.places[0];
    free.mode = Mode::Road;
    open.scenario.links.push_back(free);  // capacity omitted = unlimited
    const Network s = expand(open.scenario);
    const FlowClass fc = make_flow_class(s, in.origins, in.destinations, -1, {}, {});
    CHECK(solve_max_flow(s, fc).status == SolveStatus::Unbounded);
    // Routing stays bounded: the demand is finite.
    FlowClass demand = fc;
    demand.supply_t_per_yr = 1000;
    demand.unserved_cost_usd_per_t = 10;
    const FlowSolution routed = solve_min_cost(s, {demand});
    CHECK(routed.status == SolveStatus::Optimal);
    CHECK(check_routing(s, {demand}, routed).empty());
  }
  SECTION("capacities and costs beyond 1e12 are a numeric-range status, not a wrong answer") {
    Instance huge = in;
    huge.scenario.links[0].capacity_t_per_yr = 2e12;
    const Network s = expand(huge.scenario);
    const FlowClass fc = make_flow_class(s, in.origins, in.destinations, -1, {}, {});
    CHECK(solve_max_flow(s, fc).status == SolveStatus::NumericRange);
    Instance dear = in;
    dear.scenario.links[0].cost_usd_per_t = 5e12;
    const Network t = expand(dear.scenario);
    FlowClass demand = make_flow_class(t, in.origins, in.destinations, -1, {}, {});
    demand.supply_t_per_yr = 1000;
    demand.unserved_cost_usd_per_t = 10;
    CHECK(solve_min_cost(t, {demand}).status == SolveStatus::NumericRange);
    demand.supply_t_per_yr = 2e12;
    CHECK(solve_min_cost(plain, {demand}).status == SolveStatus::NumericRange);
  }
  SECTION("a zero iteration limit stops with limit-reached") {
    SolveLimits none;
    none.max_iterations = 0;
    FlowClass demand = c;
    demand.supply_t_per_yr = 1e5;
    demand.unserved_cost_usd_per_t = 100;
    const FlowSolution routed = solve_min_cost(plain, {demand}, none);
    CHECK(routed.status == SolveStatus::LimitReached);
    CHECK_FALSE(check_routing(plain, {demand}, routed).empty());  // an unsolved answer never passes
  }
}

TEST_CASE("max flow returns the cheapest of the maximum flows", "[flow_lp]") {
  // Two parallel paths of 1 kt each, one cheap and one dear, and a 1 kt cut after them: the
  // maximum is 1 kt either way, and the solver must pick the cheap path.
  const Network s = expand(load_text(R"(borderflow: 1
places:
  - {id: a, name: A, country: RU, lat: 0, lon: 0}
  - {id: m, name: M, country: RU, lat: 0, lon: 0}
  - {id: b, name: B, country: RU, lat: 0, lon: 0}
links:
  - {id: cheap, from: a, to: m, mode: road, length: 1 km, capacity: 1 kt/yr, cost: 1 USD/t, direction: forward}
  - {id: dear, from: a, to: m, mode: sea, length: 1 km, capacity: 1 kt/yr, cost: 9 USD/t, direction: forward}
  - {id: cut, from: m, to: b, mode: road, length: 1 km, capacity: 1 kt/yr, direction: forward}
routes:
  - {id: r, from: a, to: b, both_directions: false}
)"));
  const CapacityAnswer answer = certified_capacity(s, "r");
  CHECK(near(answer.capacity_t_per_yr, 1000));
  CHECK(near(answer.cost_usd_per_t, 1));
  CHECK(near(answer.solution.transport_cost_usd_per_yr, 1000));
  REQUIRE(answer.bottleneck.size() == 1);
  CHECK(s.describe_row(answer.bottleneck[0].row) == "link cut m->b");
}

TEST_CASE("solutions report row use and transport cost consistently", "[flow_lp]") {
  const Network s = load_network("shared_capacity.yaml");
  const RoutingAnswer routing = certified_routing(s);
  const FlowSolution& solution = routing.solution;
  REQUIRE(solution.row_use.size() == s.rows().size());
  REQUIRE(solution.row_shadow.size() == s.rows().size());
  double transport = 0;
  std::vector<double> use(s.rows().size(), 0.0);
  for (const auto& flow : solution.classes) {
    for (const auto& arc : s.arcs()) {
      transport += flow.arc_t_per_yr[arc.index] * arc.cost_usd_per_t;
      for (int r : arc.rows) use[r] += flow.arc_t_per_yr[arc.index];
    }
  }
  CHECK(near(transport, solution.transport_cost_usd_per_yr));
  for (std::size_t r = 0; r < use.size(); ++r) CHECK(near(use[r], solution.row_use[r]));
}

TEST_CASE("the maximum flow is reported exactly, not one part in 10^9 short", "[flow_lp][exact]") {
  // The cheapest-flow phase used to hold the flow within (1 - 1e-9) x max, and spent that
  // slack because carrying less is cheaper: 999,999,999,000 for a 10^12 link.
  const std::string head = R"(borderflow: 1
places:
  - {id: cn-a, name: A, country: CN, lat: 40.1, lon: 124.3}
  - {id: kp-b, name: B, country: KP, lat: 40.2, lon: 124.4}
routes:
  - {id: r1, from_countries: [CN], to_countries: [KP], both_directions: false}
links:
  - {id: l1, from: cn-a, to: kp-b, mode: road, length: 1 km, capacity: 1000000 Mt/yr, cost: 2 USD/t}
)";
  SECTION("one 10^12 t/yr link: exactly 1,000,000,000,000") {
    const Network s = expand(load_text(head + "crossings:\n  - {id: x1, links: [l1]}\n"));
    const CapacityAnswer answer = certified_capacity(s, "r1");
    CHECK(answer.capacity_t_per_yr == 1e12);
    CHECK(answer.solution.objective == 1e12);
  }
  SECTION("beside it a dear 1 kt/yr link: exactly 1,000,000,001,000, both rows full") {
    // Hand computation: the cut is both links, 10^12 + 10^3. Each bottleneck row carries its
    // whole capacity; the slack used to empty the dear one (a bottleneck listed with 0 flow).
    const Network s = expand(load_text(
        head + "  - {id: l2, from: cn-a, to: kp-b, mode: road, length: 1 km, capacity: 1 kt/yr, cost: 50 USD/t}\n"
               "crossings:\n  - {id: x1, links: [l1, l2]}\n"));
    const CapacityAnswer answer = certified_capacity(s, "r1");
    CHECK(answer.capacity_t_per_yr == 1000000001000.0);
    REQUIRE(answer.bottleneck.size() == 2);
    for (const auto& row : answer.bottleneck) {
      INFO(s.describe_row(row.row));
      CHECK(row.used_t_per_yr == s.rows()[static_cast<std::size_t>(row.row)].capacity_t_per_yr);
    }
    CHECK(answer.solution.transport_cost_usd_per_yr == 2e12 + 50e3);
  }
}

TEST_CASE("bundled bilateral scenario: KP -> RU by rail carries exactly 5,000,000 t/yr", "[flow_lp][exact]") {
  // A sum of whole-tonne capacities is printed as itself, not 1e-9 short (compare once printed
  // 26,999,999,973 for 9 Mt/yr at 3,000 USD/t).
  const Network s = expand(load_scenario(std::string(BORDERFLOW_SOURCE_DIR) + "/scenarios/bilateral.yaml"));
  const CapacityAnswer answer = certified_capacity(s, "bilateral-rail", true);
  CHECK(answer.capacity_t_per_yr == 5e6);
  CHECK(answer.capacity_t_per_yr * 3000 == 15e9);
  for (const auto& row : answer.bottleneck) {
    INFO(s.describe_row(row.row));
    CHECK(row.used_t_per_yr > 0);
  }
}

TEST_CASE("the presolved dual simplex and the primal simplex agree on every bundled one-period scenario",
          "[flow_lp][scenarios]") {
  // SolveLimits::presolve_dual_from_columns picks CLP's path by LP size; the bundled LPs are all
  // below the default, so here each is solved both ways on the LP (no LEMON fast path).
  SolveLimits primal = lp_only(), presolved = lp_only();
  primal.presolve_dual_from_columns = std::numeric_limits<int>::max();
  presolved.presolve_dual_from_columns = 0;
  int questions = 0;
  for (const auto& [file, scenario] : bundled_one_period_scenarios()) {
    INFO(file);
    Network a(scenario), b(scenario);
    const BackgroundAnswer background_a = route_background(a, primal), background_b = route_background(b, presolved);
    REQUIRE(background_a.status == background_b.status);
    for (std::size_t i = 0; i < background_a.delivered_t_per_yr.size(); ++i) {
      CHECK(background_a.delivered_t_per_yr[i] == Approx(background_b.delivered_t_per_yr[i]).epsilon(1e-9).margin(1e-3));
    }
    for (std::size_t r = 0; r < scenario->routes.size(); ++r) {
      for (bool reverse : {false, true}) {
        if (reverse && !scenario->routes[r].both_directions) continue;
        INFO("route " << scenario->routes[r].id << (reverse ? " reverse" : ""));
        const CapacityAnswer x = answer_capacity(a, static_cast<int>(r), reverse, primal);
        const CapacityAnswer y = answer_capacity(b, static_cast<int>(r), reverse, presolved);
        ++questions;
        REQUIRE(x.status == y.status);
        if (x.status != SolveStatus::Optimal) continue;
        CHECK(x.certified);
        CHECK(y.certified);
        CHECK(x.capacity_t_per_yr == Approx(y.capacity_t_per_yr).epsilon(1e-9).margin(1e-3));
        CHECK(x.cost_usd_per_t == Approx(y.cost_usd_per_t).epsilon(1e-6).margin(1e-6));
      }
    }
    const RoutingAnswer x = answer_routing(a, primal), y = answer_routing(b, presolved);
    REQUIRE(x.status == y.status);
    if (x.status != SolveStatus::Optimal) continue;
    CHECK(x.certified);
    CHECK(y.certified);
    const double cost_x = x.transport_cost_usd_per_yr + x.source_cost_usd_per_yr + x.unserved_penalty_usd_per_yr;
    const double cost_y = y.transport_cost_usd_per_yr + y.source_cost_usd_per_yr + y.unserved_penalty_usd_per_yr;
    CHECK(cost_x == Approx(cost_y).epsilon(1e-7).margin(1e-3));
  }
  CHECK(questions > 20);
}
