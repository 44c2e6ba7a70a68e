// engine/solve/critical: the N-1 and N-2 figures of the hand network critical_chain (its header
// has the arithmetic), and every figure checked against a fresh solve of the scenario with the
// element's status set to closed, there and on a sample of the bundled baseline's elements.
#include <algorithm>
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "solve/critical.hpp"
#include "support.hpp"

using namespace bftest;

namespace {

/// "a-m-rail + a-m-road": the closed elements' ids, for messages.
std::string closed_ids(const Network& network, const std::vector<ElementRef>& elements) {
  std::string out;
  for (const ElementRef& e : elements) out += (out.empty() ? "" : "+") + element_id(network.scenario(), e);
  return out;
}

/// The network `critical` works on: expanded and its background routed.
Network prepared(Scenario scenario) {
  Network network = expand(std::move(scenario));
  route_background(network);
  return network;
}

std::vector<std::string> ids(const Network& network, const std::vector<Closure>& closures) {
  std::vector<std::string> out;
  for (const Closure& c : closures) out.push_back(closed_ids(network, c.elements));
  return out;
}

const Closure& closure_of(const Network& network, const std::vector<Closure>& closures, const std::string& id) {
  const auto all = ids(network, closures);
  const auto it = std::find(all.begin(), all.end(), id);
  REQUIRE(it != all.end());
  return closures[static_cast<std::size_t>(it - all.begin())];
}

/// LP figures agree up to round-off: a hundredth (of a tonne or a dollar) plus 1e-7 relative.
bool agrees(double a, double b) { return std::abs(a - b) <= 1e-2 + 1e-7 * std::abs(b); }

/// The scenario with `elements` closed by status, answered from scratch.
struct FreshAnswer {
  std::vector<double> capacity_t_per_yr;  ///< per question, in CriticalAnswer order
  double routing_cost_usd_per_yr = 0;
  double unserved_t_per_yr = 0;
};
FreshAnswer fresh_answer(const Network& base, const CriticalAnswer& answer, const std::vector<ElementRef>& elements) {
  Scenario copy = base.scenario();
  for (const ElementRef& e : elements) {
    const auto i = static_cast<std::size_t>(e.index);
    if (e.kind == ElementKind::Link) copy.links[i].status = Status::Closed;
    if (e.kind == ElementKind::Transfer) copy.transfers[i].status = Status::Closed;
    if (e.kind == ElementKind::Crossing) copy.crossings[i].status = Status::Closed;
  }
  const Network network = prepared(std::move(copy));
  FreshAnswer fresh;
  for (const CriticalQuestion& q : answer.questions) {
    const CapacityAnswer c = answer_capacity(network, q.route, q.reverse);
    REQUIRE(c.status == SolveStatus::Optimal);
    fresh.capacity_t_per_yr.push_back(c.capacity_t_per_yr);
  }
  if (answer.routed) {
    const RoutingAnswer r = answer_routing(network);
    REQUIRE(r.status == SolveStatus::Optimal);
    fresh.routing_cost_usd_per_yr = r.transport_cost_usd_per_yr + r.source_cost_usd_per_yr + r.unserved_penalty_usd_per_yr;
    for (const DemandAnswer& d : r.demands) fresh.unserved_t_per_yr += d.unserved_t_per_yr;
  }
  return fresh;
}

/// Every figure of `closure` equals the fresh solve's, and its losses are measured from the base.
void check_against_fresh(const Network& network, const CriticalAnswer& answer, const Closure& closure) {
  INFO("closed: " << closed_ids(network, closure.elements));
  const FreshAnswer fresh = fresh_answer(network, answer, closure.elements);
  for (std::size_t q = 0; q < answer.questions.size(); ++q) {
    const CapacityChange& c = closure.capacities[q];
    INFO("question " << q);
    REQUIRE(c.status == SolveStatus::Optimal);
    CHECK(agrees(c.capacity_t_per_yr, fresh.capacity_t_per_yr[q]));
    CHECK(agrees(c.lost_t_per_yr, answer.questions[q].capacity_t_per_yr - fresh.capacity_t_per_yr[q]));
  }
  if (!answer.routed) return;
  REQUIRE(closure.routing.status == SolveStatus::Optimal);
  CHECK(agrees(closure.routing.cost_usd_per_yr, fresh.routing_cost_usd_per_yr));
  CHECK(agrees(closure.routing.cost_rise_usd_per_yr, fresh.routing_cost_usd_per_yr - answer.routing_cost_usd_per_yr));
  CHECK(agrees(closure.routing.unserved_t_per_yr, fresh.unserved_t_per_yr));
}

}  // namespace

TEST_CASE("critical: N-1 on critical_chain, by hand", "[critical][networks]") {
  const Network network = prepared(load_scenario(network_path("critical_chain.yaml")));
  const CriticalAnswer answer = find_critical_elements(network, {});
  // Base: 3.5 Mt on a-b; routing P1 3 Mt x 3 + P3 0.5 Mt x 9 = 13.5 M USD/yr.
  REQUIRE(answer.questions.size() == 1);
  CHECK(near(answer.questions[0].capacity_t_per_yr, 3'500'000));
  REQUIRE(answer.routed);
  CHECK(near(answer.routing_cost_usd_per_yr, 13'500'000));
  CHECK(near(answer.routing_unserved_t_per_yr, 0));
  CHECK_FALSE(answer.pairs_asked);
  CHECK(answer.pairs.empty());
  CHECK_FALSE(answer.limit_reached);
  // The ranking of the header: shares 100, 71.43, 57.14, 14.29 %, then the two 0 % by cost rise.
  CHECK(ids(network, answer.singles) ==
        std::vector<std::string>{"post", "a-m-rail", "m-b-rail", "m-b-road", "m-transload", "a-m-road"});
  struct Expected {
    const char* id;
    double lost_t_per_yr, share, cost_rise_usd_per_yr, unserved_rise_t_per_yr;
  };
  const Expected expected[] = {
      {"post", 3'500'000, 1.0, 336'500'000, 3'500'000},
      {"a-m-rail", 2'500'000, 2.5 / 3.5, 246'500'000, 2'500'000},
      {"m-b-rail", 2'000'000, 2.0 / 3.5, 200'500'000, 2'000'000},
      {"m-b-road", 500'000, 0.5 / 3.5, 45'500'000, 500'000},
      {"m-transload", 0, 0, 500'000, 0},
      {"a-m-road", 0, 0, 0, 0},
  };
  for (const Expected& e : expected) {
    INFO(e.id);
    const Closure& c = closure_of(network, answer.singles, e.id);
    REQUIRE(c.capacities.size() == 1);
    CHECK(c.capacities[0].status == SolveStatus::Optimal);
    CHECK(near(c.capacities[0].lost_t_per_yr, e.lost_t_per_yr));
    CHECK(near(c.capacities[0].capacity_t_per_yr, 3'500'000 - e.lost_t_per_yr));
    CHECK(std::abs(c.capacities[0].lost_share - e.share) < 1e-9);
    CHECK(std::abs(c.worst_share - e.share) < 1e-9);
    CHECK(c.worst_question == (e.share > 0 ? 0 : -1));
    CHECK(near(c.routing.cost_rise_usd_per_yr, e.cost_rise_usd_per_yr));
    CHECK(near(c.routing.cost_usd_per_yr, 13'500'000 + e.cost_rise_usd_per_yr));
    CHECK(near(c.routing.unserved_rise_t_per_yr, e.unserved_rise_t_per_yr));
  }
  // Closures whose arcs carry nothing in a base optimum are read off the base: the routing's
  // a-m-road (P1 + P3 leave it empty), so 5 routing solves; the max flow must use a-m-rail,
  // m-b-rail, m-b-road and the post (3.5 of the 4.5 Mt that can leave ru-m), the others maybe.
  CHECK(answer.lp_solves >= 4 + 5);
  CHECK(answer.lp_solves <= 6 + 5);
}

TEST_CASE("critical: N-2 on critical_chain, by hand", "[critical][networks]") {
  const Network network = prepared(load_scenario(network_path("critical_chain.yaml")));
  CriticalOptions options;
  options.pairs = true;
  options.pair_candidates = 6;
  const CriticalAnswer answer = find_critical_elements(network, options);
  CHECK(answer.pairs_asked);
  CHECK(answer.pair_candidates == 6);
  // The six pairs of the header that lose more than either alone, in its order (ids sorted
  // within each pair).
  CHECK(ids(network, answer.pairs) == std::vector<std::string>{"a-m-rail+a-m-road", "a-m-rail+m-b-road",
                                                               "m-b-rail+m-b-road", "m-b-rail+m-transload",
                                                               "a-m-road+m-b-rail", "a-m-road+m-transload"});
  struct Expected {
    const char* id;
    double lost_t_per_yr, cost_rise_usd_per_yr;
  };
  const Expected expected[] = {
      {"a-m-rail+a-m-road", 3'500'000, 336'500'000},   {"a-m-rail+m-b-road", 3'500'000, 336'500'000},
      {"m-b-rail+m-b-road", 3'500'000, 336'500'000},   {"m-b-rail+m-transload", 2'500'000, 246'500'000},
      {"a-m-road+m-b-rail", 2'500'000, 245'500'000},   {"a-m-road+m-transload", 500'000, 45'500'000},
  };
  for (const Expected& e : expected) {
    INFO(e.id);
    const Closure& c = closure_of(network, answer.pairs, e.id);
    CHECK(near(c.capacities[0].lost_t_per_yr, e.lost_t_per_yr));
    CHECK(near(c.routing.cost_rise_usd_per_yr, e.cost_rise_usd_per_yr));
  }
  // Fewer candidates: only pairs of the first three (post, a-m-rail, m-b-rail), none of which
  // loses more than its worse element alone (the post loses everything; a-m-rail + m-b-rail
  // leaves the road line as a-m-rail alone does).
  options.pair_candidates = 3;
  const CriticalAnswer top3 = find_critical_elements(network, options);
  CHECK(top3.pair_candidates == 3);
  CHECK(top3.pairs.empty());
}

TEST_CASE("critical: every closure of critical_chain equals a fresh solve with it closed", "[critical][networks]") {
  const Network network = prepared(load_scenario(network_path("critical_chain.yaml")));
  CriticalOptions options;
  options.pairs = true;
  options.pair_candidates = 6;
  const CriticalAnswer answer = find_critical_elements(network, options);
  // The base equals `run`'s answers.
  const CapacityAnswer base = certified_capacity(network, "a-b");
  CHECK(agrees(answer.questions[0].capacity_t_per_yr, base.capacity_t_per_yr));
  const RoutingAnswer routing = certified_routing(network);
  CHECK(agrees(answer.routing_cost_usd_per_yr,
               routing.transport_cost_usd_per_yr + routing.source_cost_usd_per_yr + routing.unserved_penalty_usd_per_yr));
  for (const Closure& c : answer.singles) check_against_fresh(network, answer, c);
  for (const Closure& c : answer.pairs) check_against_fresh(network, answer, c);
}

TEST_CASE("critical: closed elements are not candidates, a spent budget is limit-reached", "[critical][networks]") {
  Scenario scenario = load_scenario(network_path("critical_chain.yaml"));
  for (Link& link : scenario.links) {
    if (link.id == "a-m-road") link.status = Status::Closed;
  }
  const Network network = prepared(std::move(scenario));
  const auto elements = closable_elements(network);
  CHECK(elements.size() == 5);  // 4 links + 1 transfer + 1 crossing, less the closed link
  const CriticalAnswer answer = find_critical_elements(network, {});
  CHECK(answer.singles.size() == 5);
  CHECK(ids(network, answer.singles).back() == "m-transload");

  SolveLimits spent;
  spent.deadline = std::chrono::steady_clock::now() - std::chrono::seconds(1);
  const CriticalAnswer late = find_critical_elements(network, {}, spent);
  CHECK(late.limit_reached);
  REQUIRE(late.questions.size() == 1);
  CHECK(late.questions[0].status == SolveStatus::LimitReached);
  for (const Closure& c : late.singles) {
    CHECK(c.capacities[0].status == SolveStatus::LimitReached);
    CHECK(std::isnan(c.capacities[0].lost_t_per_yr));
    CHECK(c.routing.status == SolveStatus::LimitReached);
    CHECK(c.worst_question == -1);
  }
}

TEST_CASE("critical: a sample of the baseline's closures equals fresh solves", "[critical][scenarios]") {
  const SolvedCritical solved = solve_critical(
      std::make_shared<const Scenario>(load_scenario(std::string(BORDERFLOW_SOURCE_DIR) + "/scenarios/baseline-2024.yaml")),
      "baseline-2024.yaml", {});
  const CriticalAnswer& answer = solved.answer;
  CHECK_FALSE(answer.limit_reached);
  CHECK(answer.singles.size() == closable_elements(solved.network).size());
  CHECK(answer.questions.size() == 2 * solved.network.scenario().routes.size());  // every route both ways
  // Ranked: shares never rise down the list.
  for (std::size_t i = 1; i < answer.singles.size(); ++i) {
    CHECK_FALSE(ranks_before(solved.network, answer.singles[i], answer.singles[i - 1]));
  }
  // The top five and every 15th element after them, among the elements that carry no background:
  // `critical` keeps the background where the base routes it, while a fresh solve would re-route
  // the background off a closed element, so the two agree only where the background is not.
  auto carries_background = [&](const Closure& c) {
    for (const CapacityRow& row : solved.network.rows()) {
      for (const ElementRef& e : c.elements) {
        if (row.kind == e.kind && row.element == e.index && row.background > 0) return true;
      }
    }
    return false;
  };
  std::size_t checked = 0;
  for (std::size_t i = 0; i < answer.singles.size(); i += i < 5 ? 1 : 15) {
    if (carries_background(answer.singles[i])) continue;
    check_against_fresh(solved.network, answer, answer.singles[i]);
    ++checked;
  }
  CHECK(checked >= 8);
}
