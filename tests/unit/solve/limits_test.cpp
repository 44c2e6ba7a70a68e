// engine/solve: the run's memory estimate and refusal, and the time budget (SolveLimits).
#include <catch2/catch.hpp>

#include <chrono>
#include <random>
#include <sstream>

#include "report/labels.hpp"
#include "support.hpp"

using namespace bftest;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;

namespace {

std::shared_ptr<const Scenario> bundled(const std::string& name) {
  return std::make_shared<const Scenario>(load_scenario(std::string(BORDERFLOW_SOURCE_DIR) + "/scenarios/" + name));
}

/// A w x w grid of Russian places joined by road links both ways, each with a random capacity
/// and cost (seeded), and one route from the west column to the east column: an LP of thousands
/// of columns that takes the simplex hundreds of pivots.
std::string road_grid(int w) {
  std::mt19937 rng(7);
  auto uniform = [&](double lo, double hi) { return std::uniform_real_distribution<double>(lo, hi)(rng); };
  std::ostringstream y;
  y << "borderflow: 1\nname: road-grid\nplaces:\n";
  auto id = [](int i, int j) { return "ru-" + std::to_string(i) + "-" + std::to_string(j); };
  for (int i = 0; i < w; ++i) {
    for (int j = 0; j < w; ++j) {
      y << "  - {id: " << id(i, j) << ", name: P" << i << "x" << j << ", country: RU, lat: " << 40.0 + 0.05 * i
        << ", lon: " << 128.0 + 0.05 * j << "}\n";
    }
  }
  y << "links:\n";
  int n = 0;
  auto link = [&](const std::string& a, const std::string& b) {
    y << "  - {id: l" << n++ << ", from: " << a << ", to: " << b << ", mode: road, length: 10 km, capacity: "
      << static_cast<int>(uniform(1, 100)) << " kt/yr, cost: " << static_cast<int>(uniform(1, 50)) << " USD/t}\n";
  };
  for (int i = 0; i < w; ++i) {
    for (int j = 0; j < w; ++j) {
      if (j + 1 < w) link(id(i, j), id(i, j + 1));
      if (i + 1 < w) link(id(i, j), id(i + 1, j));
    }
  }
  y << "routes:\n  - {id: west-east, from: [";
  for (int i = 0; i < w; ++i) y << (i ? ", " : "") << id(i, 0);
  y << "], to: [";
  for (int i = 0; i < w; ++i) y << (i ? ", " : "") << id(i, w - 1);
  y << "], both_directions: false}\n";
  return y.str();
}

}  // namespace

TEST_CASE("the LP size is counted before building: columns, rows and nonzeros by hand", "[solve][limits]") {
  // parallel_links: r1, r2 (road) and r3 (rail 1520) from ru-a to ru-b, both ways: 6 arcs, one
  // row each. The demand a -> b may use all 6 (each lies on some source-sink walk), enters at 2
  // vertices of ru-a (road, rail:1520) and leaves at 2 of ru-b.
  const Network n = load_network("parallel_links.yaml");
  const LpSize size = estimate_lp_size(n, routing_classes(n).classes);
  CHECK(size.columns == 6 + 2 + 2 + 1);           // arcs, source arcs, sink arcs, unserved column
  CHECK(size.nonzeros == 6 * 3 + 2 * (2 + 2 + 1));  // an arc: tail, head, its row; the others: 2
  CHECK(size.rows == (4 + 2) + 6);                 // conservation at 4 vertices, S and T; 6 capacity rows
  CHECK(size.bytes() == Approx(size.nonzeros * kLpBytesPerNonzero + size.rows * kLpBytesPerRow));
}

TEST_CASE("a run past the memory limit is refused with the numbers, before any LP is built", "[solve][limits]") {
  const auto scenario = bundled("baseline-2024.yaml");
  const Network network(scenario);
  const RunSize size = estimate_run_size(network);
  CHECK(size.demands == scenario->demands.size());
  CHECK(size.arcs == network.arcs().size());
  CHECK(size.routing.columns > 0);
  CHECK(size.bytes() < SolveLimits{}.max_memory_bytes);  // the bundled data is far inside

  SolveLimits tight;
  tight.max_memory_bytes = size.bytes() / 2;
  try {
    (void)solve_scenario(scenario, "baseline-2024.yaml", tight);
    FAIL("expected the run to be refused");
  } catch (const InputError& error) {
    REQUIRE(error.diagnostics().size() == 1);
    const std::string text = error.diagnostics()[0].format();
    CHECK_THAT(text, StartsWith("baseline-2024.yaml: error: "));
    CHECK_THAT(text, Contains(" LP columns") || Contains(" route questions over "));
    CHECK_THAT(text, Contains("; the limit is "));
    CHECK_THAT(text, Contains(" per run (--max-memory-gb); split the "));
  }

  // The routing dominates when every demand has a class over every arc: the message names it.
  SolveLimits none;
  none.max_memory_bytes = 1;
  try {
    require_within_memory(size, none, "x.yaml");
    FAIL("expected the run to be refused");
  } catch (const InputError& error) {
    const std::string text = error.diagnostics()[0].format();
    const bool routing = size.routing_bytes() >= size.routes_bytes();
    CHECK_THAT(text, Contains(routing ? "routing " + std::to_string(size.demands) + " demands over " : "answering "));
  }
}

TEST_CASE("a spent time budget reports every answer as limit-reached and names them", "[solve][limits]") {
  SolveLimits spent;
  spent.deadline = std::chrono::steady_clock::now();
  const SolvedScenario solved = solve_scenario(bundled("bilateral.yaml"), "bilateral.yaml", spent);
  REQUIRE_FALSE(solved.answer.capacities.empty());
  for (const auto& c : solved.answer.capacities) CHECK(c.status == SolveStatus::LimitReached);
  CHECK(solved.answer.routing.status == SolveStatus::LimitReached);
  const std::string notice = limit_reached_notice(solved, 0);
  CHECK_THAT(notice, StartsWith("bilateral.yaml: error: "));
  CHECK_THAT(notice, Contains("route china-kp-all (CN -> KP), route china-kp-all (KP -> CN)"));
  CHECK_THAT(notice, Contains("the demand routing"));
  CHECK_THAT(notice, Contains("raise --max-seconds"));

  // Without a budget nothing is cut off, and there is nothing to say.
  const SolvedScenario full = solve_scenario(bundled("bilateral.yaml"), "bilateral.yaml");
  for (const auto& c : full.answer.capacities) CHECK(c.status == SolveStatus::Optimal);
  CHECK(limit_reached_notice(full, 300).empty());
}

TEST_CASE("a session whose budget is spent does not start, and solves on the next call", "[solve][limits]") {
  const Network n = load_network("parallel_links.yaml");
  FlowSession session(n, route_classes(n, 0, false), FlowSession::Kind::MaxFlow);
  SolveLimits spent;
  spent.deadline = std::chrono::steady_clock::now() - std::chrono::seconds(1);
  CHECK(seconds_left(spent) <= 0);
  CHECK(session.solve(spent) == SolveStatus::LimitReached);
  CHECK(session.solve() == SolveStatus::Optimal);
  CHECK(near(session.objective(), 3.5e6));
}

TEST_CASE("a solve that runs past its cap stops inside the solver, as limit-reached", "[solve][limits]") {
  // The cap reaches CLP as a wall-clock limit checked at every pivot (flow_lp.cpp, apply_limits):
  // here the LP needs far longer than the cap, so a cap the solver ignored would return Optimal.
  Limits large;
  large.max_elements = 100000;
  large.max_nodes = 1000000;
  large.max_file_bytes = 16 << 20;
  const Network network = expand(load_text(road_grid(40), large));
  const auto classes = route_classes(network, 0, false);

  const auto start = std::chrono::steady_clock::now();
  const FlowSolution full = solve_max_flow(network, classes, lp_only());
  const std::chrono::duration<double> full_s = std::chrono::steady_clock::now() - start;
  REQUIRE(full.status == SolveStatus::Optimal);

  SolveLimits capped = lp_only();
  capped.max_seconds = full_s.count() / 50;
  CHECK(solve_max_flow(network, classes, capped).status == SolveStatus::LimitReached);

  // The run's deadline is the same cap (the time left, seconds_left); a solve it does not stop
  // is followed by one it does not let start, so only the status is checked here.
  SolveLimits late = lp_only();
  late.deadline = std::chrono::steady_clock::now() + std::chrono::duration_cast<std::chrono::steady_clock::duration>(full_s / 50);
  CHECK(solve_max_flow(network, classes, late).status == SolveStatus::LimitReached);
}
