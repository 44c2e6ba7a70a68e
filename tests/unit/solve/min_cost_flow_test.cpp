// The cheapest flow of a given value (engine/solve/min_cost_flow.hpp): NetworkSimplex and
// CostScaling against a hand-computed network and against each other on seeded random grids, and
// the reduced-cost certificate failing on each kind of tampering.
#include <catch2/catch.hpp>

#include <algorithm>
#include <limits>
#include <memory>
#include <random>

#include <lemon/preflow.h>

#include "solve/min_cost_flow.hpp"

using namespace borderflow;

namespace {

struct Net {
  FlowGraph graph;
  FlowGraph::ArcMap<FlowUnits> capacity{graph};
  FlowGraph::ArcMap<FlowUnits> cost{graph};
  std::vector<FlowGraph::Node> node;
  FlowGraph::Node s, t;

  explicit Net(int nodes) {
    for (int v = 0; v < nodes; ++v) node.push_back(graph.addNode());
  }
  FlowGraph::Arc arc(int from, int to, FlowUnits u, FlowUnits c) {
    const FlowGraph::Arc a = graph.addArc(node[static_cast<std::size_t>(from)], node[static_cast<std::size_t>(to)]);
    capacity[a] = u;
    cost[a] = c;
    return a;
  }
  CheapestFlowProblem problem(FlowUnits value) const { return {graph, capacity, cost, s, t, value}; }
};

FlowUnits total_cost(const Net& net, const IntegerFlow& answer) {
  FlowUnits sum = 0;
  for (FlowGraph::ArcIt a(net.graph); a != lemon::INVALID; ++a) sum += net.cost[a] * answer.flow[static_cast<std::size_t>(net.graph.id(a))];
  return sum;
}

/// s=0, t=3: s->1->t costs 1+1 (capacity 4), s->2->t costs 2+3 (capacity 10), 1->2 costs 1.
/// Nine units: four by the cheap path (cost 8), five by the dear one (cost 25): 33.
std::unique_ptr<Net> diamond() {
  auto made = std::make_unique<Net>(4);
  Net& net = *made;
  net.s = net.node[0];
  net.t = net.node[3];
  net.arc(0, 1, 4, 1);
  net.arc(1, 3, 4, 1);
  net.arc(0, 2, 10, 2);
  net.arc(2, 3, 10, 3);
  net.arc(1, 2, 10, 1);
  return made;
}

/// A W x W grid, both directions between neighbours, seeded capacities and costs; s feeds the
/// left column, the right column drains to t.
std::unique_ptr<Net> grid(int w, unsigned seed) {
  auto made = std::make_unique<Net>(w * w + 2);
  Net& net = *made;
  net.s = net.node[static_cast<std::size_t>(w * w)];
  net.t = net.node[static_cast<std::size_t>(w * w + 1)];
  std::mt19937 random(seed);
  const auto link = [&](int a, int b) {
    net.arc(a, b, 1 + static_cast<FlowUnits>(random() % 100), static_cast<FlowUnits>(random() % 50));
    net.arc(b, a, 1 + static_cast<FlowUnits>(random() % 100), static_cast<FlowUnits>(random() % 50));
  };
  for (int i = 0; i < w; ++i) {
    for (int j = 0; j < w; ++j) {
      const int v = i * w + j;
      if (j + 1 < w) link(v, v + 1);
      if (i + 1 < w) link(v, v + w);
    }
    net.arc(w * w, i * w, 1000000, 0);
    net.arc(i * w + w - 1, w * w + 1, 1000000, 0);
  }
  return made;
}

}  // namespace

TEST_CASE("cheapest flow: both codes find the hand-computed cheapest flow and prove it") {
  const auto made = diamond();
  const Net& net = *made;
  for (const MinCostCode code : {MinCostCode::NetworkSimplex, MinCostCode::CostScaling}) {
    const auto answer = solve_cheapest_flow(net.problem(9), code);
    REQUIRE(answer);
    CHECK(answer->code == code);
    CHECK(total_cost(net, *answer) == 33);
    CHECK(check_cheapest_flow(net.problem(9), *answer).empty());
  }
  CHECK_FALSE(solve_cheapest_flow(net.problem(15), MinCostCode::NetworkSimplex));  // more than the cut (14)
  CHECK_FALSE(solve_cheapest_flow(net.problem(15), MinCostCode::CostScaling));
}

TEST_CASE("cheapest flow: the code is chosen by size alone") {
  const auto made = diamond();
  const Net& net = *made;
  CHECK(cheapest_flow(net.problem(9), 400000)->code == MinCostCode::NetworkSimplex);
  CHECK(cheapest_flow(net.problem(9), 5)->code == MinCostCode::CostScaling);  // 5 arcs
  CHECK(cheapest_flow(net.problem(9), 6)->code == MinCostCode::NetworkSimplex);
  CHECK_FALSE(cheapest_flow(net.problem(15), 0));
}

TEST_CASE("cheapest flow: NetworkSimplex and CostScaling agree on seeded grids") {
  for (unsigned seed = 1; seed <= 12; ++seed) {
    const auto made = grid(4 + static_cast<int>(seed % 5) * 3, seed);
    const Net& net = *made;
    // The maximum flow (every question of network_flow asks for the cheapest maximum flow) and
    // half of it (a flow with slack everywhere).
    lemon::Preflow<FlowGraph, FlowGraph::ArcMap<FlowUnits>> preflow(net.graph, net.capacity, net.s, net.t);
    preflow.run();
    const FlowUnits value = seed % 2 ? preflow.flowValue() : preflow.flowValue() / 2;
    REQUIRE(value > 0);
    const auto simplex = solve_cheapest_flow(net.problem(value), MinCostCode::NetworkSimplex);
    const auto scaling = solve_cheapest_flow(net.problem(value), MinCostCode::CostScaling);
    REQUIRE(simplex);
    REQUIRE(scaling);
    INFO("seed " << seed);
    CHECK(total_cost(net, *simplex) == total_cost(net, *scaling));
    CHECK(check_cheapest_flow(net.problem(value), *simplex).empty());
    CHECK(check_cheapest_flow(net.problem(value), *scaling).empty());
  }
}

TEST_CASE("cheapest flow: CostScaling from a known feasible flow finds an equally cheap, proven flow") {
  {
    // The diamond from a dear start: all nine units by s -> 2 -> t would not fit (10 each), so
    // five by s -> 2 -> t and four by s -> 1 -> 2 -> t (cost 5 * 5 + 4 * 5 = 45); the cheapest is 33.
    const auto made = diamond();
    const Net& net = *made;
    const std::vector<FlowUnits> dear{4, 0, 5, 9, 4};
    CheapestFlowProblem problem = net.problem(9);
    problem.feasible_flow = &dear;
    const auto answer = solve_cheapest_flow(problem, MinCostCode::CostScaling);
    REQUIRE(answer);
    CHECK(total_cost(net, *answer) == 33);
    CHECK(check_cheapest_flow(problem, *answer).empty());
    // A start that breaks a capacity is refused; cheapest_flow then answers by NetworkSimplex.
    const std::vector<FlowUnits> broken{9, 9, 0, 0, 0};
    problem.feasible_flow = &broken;
    CHECK_FALSE(solve_cheapest_flow(problem, MinCostCode::CostScaling));
    const auto fallback = cheapest_flow(problem, 0);
    REQUIRE(fallback);
    CHECK(fallback->code == MinCostCode::NetworkSimplex);
    CHECK(total_cost(net, *fallback) == 33);
  }
  for (unsigned seed = 1; seed <= 12; ++seed) {
    const auto made = grid(4 + static_cast<int>(seed % 5) * 3, seed);
    const Net& net = *made;
    lemon::Preflow<FlowGraph, FlowGraph::ArcMap<FlowUnits>> preflow(net.graph, net.capacity, net.s, net.t);
    preflow.run();
    std::vector<FlowUnits> maximum(static_cast<std::size_t>(net.graph.maxArcId() + 1), 0);
    for (FlowGraph::ArcIt a(net.graph); a != lemon::INVALID; ++a) maximum[static_cast<std::size_t>(net.graph.id(a))] = preflow.flow(a);
    CheapestFlowProblem problem = net.problem(preflow.flowValue());
    const auto simplex = solve_cheapest_flow(problem, MinCostCode::NetworkSimplex);
    problem.feasible_flow = &maximum;
    const auto started = solve_cheapest_flow(problem, MinCostCode::CostScaling);
    REQUIRE(simplex);
    REQUIRE(started);
    INFO("seed " << seed);
    CHECK(total_cost(net, *started) == total_cost(net, *simplex));
    CHECK(check_cheapest_flow(problem, *started).empty());
  }
}

TEST_CASE("cheapest flow: the certificate fails on every kind of tampering") {
  const auto made = diamond();
  const Net& net = *made;
  const auto good = solve_cheapest_flow(net.problem(9), MinCostCode::NetworkSimplex);
  REQUIRE(good);
  REQUIRE(check_cheapest_flow(net.problem(9), *good).empty());

  SECTION("a dearer flow of the same value, with the cheapest flow's potentials") {
    // Move one unit from s->1->t onto s->2->t: feasible, costs 3 more.
    IntegerFlow dearer = *good;
    dearer.flow[0] -= 1;
    dearer.flow[1] -= 1;
    dearer.flow[2] += 1;
    dearer.flow[3] += 1;
    CHECK(total_cost(net, dearer) == 36);
    CHECK(check_cheapest_flow(net.problem(9), dearer).find("breaks complementary slackness") != std::string::npos);
  }
  SECTION("a potential moved") {
    IntegerFlow moved = *good;
    moved.potential[1] += 100;
    CHECK_FALSE(check_cheapest_flow(net.problem(9), moved).empty());
  }
  SECTION("flow not conserved") {
    IntegerFlow leaking = *good;
    leaking.flow[4] += 1;  // 1->2 was empty
    CHECK(check_cheapest_flow(net.problem(9), leaking).find("does not conserve") != std::string::npos);
  }
  SECTION("an arc over its capacity") {
    IntegerFlow over = *good;
    over.flow[0] = 5;
    CHECK(check_cheapest_flow(net.problem(9), over).find("outside [0, 4]") != std::string::npos);
  }
  SECTION("the wrong value") {
    CHECK(check_cheapest_flow(net.problem(8), *good).find("does not conserve") != std::string::npos);
  }
  SECTION("potentials that overflow") {
    IntegerFlow huge = *good;
    huge.potential[0] = std::numeric_limits<FlowUnits>::max();
    CHECK(check_cheapest_flow(net.problem(9), huge).find("64-bit") != std::string::npos);
  }
  SECTION("missing potentials") {
    IntegerFlow short_one = *good;
    short_one.potential.pop_back();
    CHECK_FALSE(check_cheapest_flow(net.problem(9), short_one).empty());
  }
}

namespace {

/// `net` turned round: every arc u -> v as v -> u with its capacity and cost, s and t swapped,
/// the arcs added in a shuffled order (the matching must not lean on arc ids).
std::unique_ptr<Net> turned_round(const Net& net, unsigned seed) {
  auto made = std::make_unique<Net>(static_cast<int>(net.node.size()));
  Net& back = *made;
  back.s = back.graph.nodeFromId(net.graph.id(net.t));
  back.t = back.graph.nodeFromId(net.graph.id(net.s));
  std::vector<FlowGraph::Arc> arcs;
  for (FlowGraph::ArcIt a(net.graph); a != lemon::INVALID; ++a) arcs.push_back(a);
  std::shuffle(arcs.begin(), arcs.end(), std::mt19937(seed));
  for (const FlowGraph::Arc a : arcs) {
    back.arc(net.graph.id(net.graph.target(a)), net.graph.id(net.graph.source(a)), net.capacity[a], net.cost[a]);
  }
  return made;
}

}  // namespace

TEST_CASE("cheapest flow: a problem's reverse is answered by the earlier flow turned round, proven") {
  for (unsigned seed = 1; seed <= 12; ++seed) {
    INFO("seed " << seed);
    const auto out_made = grid(4 + static_cast<int>(seed % 5) * 3, seed);
    const Net& out = *out_made;
    lemon::Preflow<FlowGraph, FlowGraph::ArcMap<FlowUnits>> preflow(out.graph, out.capacity, out.s, out.t);
    preflow.run();
    const FlowUnits value = seed % 2 ? preflow.flowValue() : preflow.flowValue() / 2;
    const auto solved = solve_cheapest_flow(out.problem(value), seed % 3 ? MinCostCode::CostScaling : MinCostCode::NetworkSimplex);
    REQUIRE(solved);
    const SolvedCheapestFlow kept = keep_solved(out.problem(value), *solved);

    const auto back_made = turned_round(out, seed);
    const Net& back = *back_made;
    const auto turned = reversed_flow(back.problem(value), kept);
    REQUIRE(turned);
    CHECK(check_cheapest_flow(back.problem(value), *turned).empty());
    const auto afresh = solve_cheapest_flow(back.problem(value), MinCostCode::NetworkSimplex);
    REQUIRE(afresh);
    CHECK(total_cost(back, *turned) == total_cost(back, *afresh));
    CHECK(total_cost(back, *turned) == total_cost(out, *solved));

    // Not the reverse: another value (the flow is the earlier one's, so conservation fails), an
    // arc whose capacity differs (no twin), the earlier problem itself (s and t not swapped).
    CHECK_FALSE(check_cheapest_flow(back.problem(value + 1), *turned).empty());
    {
      const auto other_made = turned_round(out, seed);
      Net& other = *other_made;
      FlowGraph::ArcIt first(other.graph);
      other.capacity[first] += 1;
      CHECK_FALSE(reversed_flow(other.problem(value), kept));
    }
    const auto same = reversed_flow(out.problem(value), kept);
    CHECK((!same || !check_cheapest_flow(out.problem(value), *same).empty()));
  }
}
