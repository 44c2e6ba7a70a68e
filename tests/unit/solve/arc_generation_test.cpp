// Routing over time by generating arcs (engine/solve/arc_generation.hpp) against the whole LP
// (solve_min_cost) on the same time-expanded networks: the same least cost to the cent, both
// certified by check_routing over the full classes, and fewer class-arc columns. Then max flows
// and one-period routing over generated arcs (large networks' path) against the whole LP on
// seeded random grids whose border posts over two unrelated links bind: the same maximum, the
// same cheapest cost at it, the same cut rows where both tested them all, certified.
#include <catch2/catch.hpp>

#include <cmath>
#include <memory>
#include <random>

#include "solve/answers.hpp"
#include "solve/network_flow.hpp"
#include "rows_support.hpp"

#include "solve/arc_generation.hpp"
#include "solve/check.hpp"
#include "solve/flow_class.hpp"
#include "support.hpp"

using namespace bftest;

namespace {

/// ClpSimplex::basic, without CLP's headers here.
constexpr unsigned char kClpBasic = 1;

void same_optimum(const Scenario& scenario, const std::string& what, bool fewer_columns) {
  Network network(std::make_shared<const Scenario>(scenario));
  route_background(network);
  const auto classes = routing_classes(network).classes;
  REQUIRE_FALSE(classes.empty());
  const FlowSolution whole = solve_min_cost(network, classes);
  ArcGenerationStats stats;
  const FlowSolution grown = solve_min_cost_by_arcs(network, classes, {}, &stats);
  INFO(what << ": " << stats.rounds << " rounds, " << stats.arcs_used << " class-arcs");
  REQUIRE(whole.status == SolveStatus::Optimal);
  REQUIRE(grown.status == SolveStatus::Optimal);
  CHECK(std::abs(grown.objective - whole.objective) <= 1e-6 * std::abs(whole.objective) + 0.01);
  CHECK(joined(check_routing(network, classes, grown)).empty());
  CHECK(joined(check_routing(network, classes, whole)).empty());
  std::size_t all = 0;
  for (const FlowClass& c : classes) {
    for (char u : c.arc_usable) all += u ? 1 : 0;
  }
  CHECK(stats.arcs_used <= all);
  if (fewer_columns) CHECK(stats.arcs_used * 4 < all);  // a year of periods: most columns are never needed
  CHECK(stats.rounds >= 1);
}

}  // namespace

TEST_CASE("arc generation: the same optimum as the whole LP on the hand time networks") {
  for (const char* name : {"time_storage_closure.yaml", "time_backlog.yaml", "time_transit_lag.yaml", "time_ramp.yaml",
                           "time_seasons.yaml"}) {
    same_optimum(load_scenario(network_path(name)), name, false);
  }
}

TEST_CASE("arc generation: the same optimum as the whole LP on the bundled flood and ice years") {
  same_optimum(load_scenario(std::string(BORDERFLOW_SOURCE_DIR) + "/scenarios/flood-season.yaml"), "flood-season", true);
  same_optimum(load_scenario(std::string(BORDERFLOW_SOURCE_DIR) + "/scenarios/winter-ice.yaml"), "winter-ice", true);
}

TEST_CASE("arc generation: a class that needs a second route is found in a later round") {
  // The storage network closes B->C in week 1: the cheapest paths at zero row prices overload
  // the open weeks, and only the priced round adds the storage route and the later weeks' arcs.
  Scenario s = load_scenario(network_path("time_storage_closure.yaml"));
  Network network(std::make_shared<const Scenario>(s));
  const auto classes = routing_classes(network).classes;
  ArcGenerationStats stats;
  const FlowSolution grown = solve_min_cost_by_arcs(network, classes, {}, &stats);
  REQUIRE(grown.status == SolveStatus::Optimal);
  CHECK(stats.rounds >= 2);
  CHECK(joined(check_routing(network, classes, grown)).empty());
}

namespace {

/// A seeded W x H grid of places (3..6 a side), links to the right and down, both ways, with
/// random capacities (some unlimited) and costs, and border posts over two links that share no
/// end (rows LEMON cannot split), often tight. One class from the left column to the right one.
struct GridCase {
  Network network;
  std::vector<FlowClass> classes;
};

GridCase random_grid(std::uint32_t seed) {
  std::mt19937 rng(seed);
  const auto uniform = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  Scenario s;
  const int w = uniform(3, 6), h = uniform(3, 6);
  const auto place = [&](int i, int j) { return j * w + i; };
  for (int j = 0; j < h; ++j) {
    for (int i = 0; i < w; ++i) add_place(s, "p" + std::to_string(i) + "_" + std::to_string(j), "RU");
  }
  const auto link = [&](int from, int to) {
    const double capacity = uniform(0, 9) == 0 ? kUnlimited : uniform(1, 20) * 250000.0;
    const int l = add_link(s, "l" + std::to_string(s.links.size()), from, to, capacity, uniform(1, 40) / 4.0);
    s.links.back().both_ways = true;
    return l;
  };
  for (int j = 0; j < h; ++j) {
    for (int i = 0; i < w; ++i) {
      if (i + 1 < w) link(place(i, j), place(i + 1, j));
      if (j + 1 < h) link(place(i, j), place(i, j + 1));
    }
  }
  const int posts = uniform(1, 3);
  for (int p = 0; p < posts; ++p) {
    const int a = uniform(0, static_cast<int>(s.links.size()) - 1);
    const int b = uniform(0, static_cast<int>(s.links.size()) - 1);
    const Link& x = s.links[static_cast<std::size_t>(a)];
    const Link& y = s.links[static_cast<std::size_t>(b)];
    if (x.crossing >= 0 || y.crossing >= 0 || x.from == y.from || x.from == y.to || x.to == y.from || x.to == y.to) continue;
    Crossing post;
    post.id = post.name = "post" + std::to_string(p);
    post.links = {a, b};
    post.capacity_t_per_yr = uniform(1, 12) * 250000.0;
    s.crossings.push_back(post);
    s.links[static_cast<std::size_t>(a)].crossing = s.links[static_cast<std::size_t>(b)].crossing =
        static_cast<int>(s.crossings.size()) - 1;
  }
  Network n = expand(std::move(s));
  FlowClass c;
  c.arc_usable.assign(n.arcs().size(), 1);
  for (int j = 0; j < h; ++j) {
    for (int v : n.vertices_of(place(0, j))) c.sources.push_back(v);
    for (int v : n.vertices_of(place(w - 1, j))) c.sinks.push_back(v);
  }
  return {std::move(n), {std::move(c)}};
}

/// Every question over generated arcs, however small.
SolveLimits always_generate() {
  SolveLimits limits;
  limits.generate_arcs_from_columns = 0;
  return limits;
}

}  // namespace

TEST_CASE("arc generation: max flows with binding posts equal the whole LP's on 200 seeded grids", "[arc_generation]") {
  int generated = 0, several_rounds = 0, unbounded = 0, warm_phases = 0;
  for (std::uint32_t seed = 1; seed <= 200; ++seed) {
    INFO("seed " << seed);
    const GridCase g = random_grid(seed);
    const FlowSolution whole = solve_max_flow(g.network, g.classes, lp_only());
    if (whole.status == SolveStatus::Unbounded) {  // a path of unlimited links: found in some round
      CHECK(solve_max_flow_by_arcs(g.network, g.classes, {}, {}).status == SolveStatus::Unbounded);
      ++unbounded;
      continue;
    }
    REQUIRE(whole.status == SolveStatus::Optimal);
    // From LEMON's relaxation flow, as solve_max_flow starts, and from nothing.
    std::vector<char> relaxation;
    const bool pure = solve_max_flow_network(g.network, g.classes, {}, &relaxation).has_value();
    for (const std::vector<char>& seed_arcs : {relaxation, std::vector<char>{}}) {
      ArcGenerationStats stats;
      const FlowSolution grown = solve_max_flow_by_arcs(g.network, g.classes, {}, seed_arcs, {}, &stats);
      REQUIRE(grown.status == SolveStatus::Optimal);
      INFO(joined(check_max_flow(g.network, g.classes, grown)));
      CHECK(check_max_flow(g.network, g.classes, grown).empty());
      CHECK(grown.objective == Approx(whole.objective).epsilon(1e-9).margin(1e-3));
      CHECK(grown.transport_cost_usd_per_yr == Approx(whole.transport_cost_usd_per_yr).epsilon(1e-7).margin(1e-2));
      CHECK(stats.arcs_used <= g.network.arcs().size());
      several_rounds += stats.rounds > 2;
      // Every round after the first starts its maximum from the last round's basis (H only grows,
      // so it fits), and the final probe LP both phases: a basis that stopped fitting would fall
      // back to a cold start silently, the same answers but the speed lost.
      CHECK(stats.warm_phases >= stats.rounds - 1);
      warm_phases += stats.warm_phases;
    }
    // The dispatch: a question LEMON cannot answer goes over generated arcs when large enough,
    // with the probe's cut rows equal to the whole LP's where both tested every candidate.
    std::optional<CutRows> grown_cuts, whole_cuts;
    const FlowSolution via = solve_max_flow(g.network, g.classes, always_generate(),
                                            [&](const FlowSolution& s, const MaxFlowChange& change) {
                                              grown_cuts = cut_rows_from_probe(g.network, s, change);
                                            });
    const FlowSolution reference = solve_max_flow(g.network, g.classes, lp_only(),
                                                  [&](const FlowSolution& s, const MaxFlowChange& change) {
                                                    whole_cuts = cut_rows_from_probe(g.network, s, change);
                                                  });
    REQUIRE(via.status == SolveStatus::Optimal);
    CHECK(via.method == (pure ? FlowMethod::Network : FlowMethod::Lp));
    CHECK(via.objective == Approx(reference.objective).epsilon(1e-9).margin(1e-3));
    if (!pure) {
      ++generated;
      REQUIRE(grown_cuts);
      REQUIRE(whole_cuts);
      if (grown_cuts->complete && whole_cuts->complete) {
        CHECK(grown_cuts->in_some_cut == whole_cuts->in_some_cut);
        CHECK(grown_cuts->in_every_cut == whole_cuts->in_every_cut);
      }
    }
  }
  INFO(generated << " answered over generated arcs, " << several_rounds << " runs of more than two rounds, "
                 << unbounded << " unbounded, " << warm_phases << " warm phases");
  CHECK(generated > 40);
  CHECK(several_rounds > 20);
  CHECK(warm_phases > 2 * several_rounds);
}

TEST_CASE("arc generation: a basis that does not fit the LP is not used, and the answer stays the LP's",
          "[arc_generation]") {
  const GridCase g = random_grid(7);
  const MaxFlowLpAnswer cold = solve_max_flow_lp(g.network, g.classes, {}, false);
  REQUIRE(cold.solution.status == SolveStatus::Optimal);
  // The whole LP's bases, given to an LP over fewer arcs: columns of them are gone.
  MaxFlowWarmStart whole;
  REQUIRE(solve_max_flow_lp(g.network, g.classes, {}, false, {}, {}, &whole).solution.status == SolveStatus::Optimal);
  CHECK(whole.warm_phases == 0);
  CHECK_FALSE(whole.maximum.empty());
  CHECK_FALSE(whole.cheapest.empty());
  std::vector<FlowClass> fewer = g.classes;
  std::vector<char> relaxation;
  solve_max_flow_network(g.network, g.classes, {}, &relaxation);
  for (std::size_t a = 0; a < relaxation.size(); ++a) fewer[0].arc_usable[a] = fewer[0].arc_usable[a] && relaxation[a];
  MaxFlowWarmStart too_big = whole;
  const MaxFlowLpAnswer restricted_cold = solve_max_flow_lp(g.network, fewer, {}, false);
  const MaxFlowLpAnswer restricted = solve_max_flow_lp(g.network, fewer, {}, false, {}, {}, &too_big);
  REQUIRE(restricted.solution.status == restricted_cold.solution.status);
  CHECK(too_big.warm_phases == 0);
  if (restricted.solution.status == SolveStatus::Optimal) {
    CHECK(restricted.solution.objective == Approx(restricted_cold.solution.objective).epsilon(1e-9));
  }
  // A basis of the wrong shape, and one with every column basic: neither is used.
  MaxFlowWarmStart garbage;
  garbage.maximum.row.assign(3, kClpBasic);
  garbage.cheapest = whole.cheapest;
  std::fill(garbage.cheapest.arc.begin(), garbage.cheapest.arc.end(), kClpBasic);
  const MaxFlowLpAnswer from_garbage = solve_max_flow_lp(g.network, g.classes, {}, false, {}, {}, &garbage);
  REQUIRE(from_garbage.solution.status == SolveStatus::Optimal);
  CHECK(garbage.warm_phases == 0);
  // A status CLP does not have (the whole LP's own basis, one byte spoilt): not used.
  MaxFlowWarmStart spoilt = whole;
  for (unsigned char& st : spoilt.maximum.row) {
    if (st != FlowLpBasis::kAbsent) {
      st = 6;
      break;
    }
  }
  spoilt.cheapest = FlowLpBasis{};
  REQUIRE(solve_max_flow_lp(g.network, g.classes, {}, false, {}, {}, &spoilt).solution.status == SolveStatus::Optimal);
  CHECK(spoilt.warm_phases == 0);
  CHECK(from_garbage.solution.objective == Approx(cold.solution.objective).epsilon(1e-9));
  CHECK(from_garbage.solution.transport_cost_usd_per_yr ==
        Approx(cold.solution.transport_cost_usd_per_yr).epsilon(1e-9));
  // The whole LP's own bases fit it: both phases start from them, and end where they did.
  MaxFlowWarmStart again = whole;
  const MaxFlowLpAnswer warm = solve_max_flow_lp(g.network, g.classes, {}, false, {}, {}, &again);
  REQUIRE(warm.solution.status == SolveStatus::Optimal);
  CHECK(again.warm_phases == 2);
  CHECK(warm.solution.objective == Approx(cold.solution.objective).epsilon(1e-9));
  CHECK(warm.solution.transport_cost_usd_per_yr == Approx(cold.solution.transport_cost_usd_per_yr).epsilon(1e-9));
}

TEST_CASE("arc generation: one-period routing over generated arcs equals the whole LP on seeded grids",
          "[arc_generation]") {
  for (std::uint32_t seed = 1; seed <= 60; ++seed) {
    INFO("seed " << seed);
    const GridCase g = random_grid(seed);
    if (solve_max_flow(g.network, g.classes).status == SolveStatus::Unbounded) continue;  // unlimited links across
    // Two demands across the grid, more than it carries at times: some unserved at their price.
    FlowClass first = g.classes.front();
    first.supply_t_per_yr = 4e6;
    first.unserved_cost_usd_per_t = 80;
    FlowClass second = first;
    std::swap(second.sources, second.sinks);
    second.supply_t_per_yr = 2.5e6;
    second.unserved_cost_usd_per_t = 120;
    const std::vector<FlowClass> classes{first, second};
    const FlowSolution whole = certified_min_cost(g.network, classes);
    ArcGenerationStats stats;
    const FlowSolution grown = solve_min_cost_by_arcs(g.network, classes, {}, &stats);
    REQUIRE(grown.status == SolveStatus::Optimal);
    INFO(joined(check_routing(g.network, classes, grown)));
    CHECK(check_routing(g.network, classes, grown).empty());
    CHECK(grown.objective == Approx(whole.objective).epsilon(1e-7).margin(0.01));
  }
}

TEST_CASE("arc generation: a twin is the arc of the same element and period that runs the other way") {
  const GridCase g = random_grid(7);
  const auto& arcs = g.network.arcs();
  for (const NetworkArc& arc : arcs) {
    std::vector<char> one(arcs.size(), 0), twins;
    one[static_cast<std::size_t>(arc.index)] = 1;
    add_twin_arcs(g.network, one, twins);
    REQUIRE(twins.size() == arcs.size());
    int count = 0;
    for (const NetworkArc& other : arcs) {
      const bool twin = other.tail == arc.head && other.head == arc.tail && other.element == arc.element && other.kind == arc.kind;
      CHECK(static_cast<bool>(twins[static_cast<std::size_t>(other.index)]) == twin);
      count += twin;
    }
    CHECK(count == 1);  // every link runs both ways
  }
}

TEST_CASE("arc generation: a route's way back, reusing the way out's flow and arcs, equals it solved alone") {
  // Both questions at once (solve_max_flows: the way back tries the way out's relaxation flow
  // turned round and starts from the twins of its final arcs) against each solved alone, with
  // generated arcs forced on however small the graph, by NetworkSimplex and by CostScaling.
  SolveLimits small;
  small.generate_arcs_from_columns = 0;
  SolveLimits scaling = small;
  scaling.cost_scaling_from_arcs = 0;
  int generated = 0;
  for (std::uint32_t seed = 1; seed <= 60; ++seed) {
    INFO("seed " << seed);
    const GridCase g = random_grid(seed);
    std::vector<FlowClass> back = g.classes;
    std::swap(back.front().sources, back.front().sinks);
    const std::vector<FlowSolution> both = solve_max_flows(g.network, {g.classes, back}, seed % 2 ? small : scaling, {});
    REQUIRE(both.size() == 2);
    const std::vector<std::vector<FlowClass>> questions{g.classes, back};
    for (std::size_t q = 0; q < 2; ++q) {
      const FlowSolution alone = solve_max_flow(g.network, questions[q], lp_only());
      REQUIRE(alone.status == both[q].status);
      if (alone.status != SolveStatus::Optimal) continue;
      CHECK(check_max_flow(g.network, questions[q], both[q]).empty());
      CHECK(both[q].objective == Approx(alone.objective).epsilon(1e-9).margin(1e-3));
      CHECK(both[q].transport_cost_usd_per_yr == Approx(alone.transport_cost_usd_per_yr).epsilon(1e-7).margin(1e-2));
      generated += both[q].method == FlowMethod::Lp;
    }
    // The grid's links have one capacity and cost both ways: the way back is the way out turned
    // round, with the same maximum and the same cheapest cost.
    if (both[0].status == SolveStatus::Optimal) {
      CHECK(both[1].objective == Approx(both[0].objective).epsilon(1e-9).margin(1e-3));
      CHECK(both[1].transport_cost_usd_per_yr == Approx(both[0].transport_cost_usd_per_yr).epsilon(1e-7).margin(1e-2));
    }
  }
  INFO(generated << " answered over generated arcs");
  CHECK(generated > 20);
}
