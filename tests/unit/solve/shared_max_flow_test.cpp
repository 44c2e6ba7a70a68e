// engine/solve/flow_lp (solve_max_flows) and answers (answer_capacities): route questions that
// differ only in their ends answered on one shared LP, warm from each other's basis, against each
// question on its own LP: the same maxima, cheapest costs and cut rows, certified, each answer in
// its own question's ends; and twin rows (one constraint written twice) priced on the first.
#include <catch2/catch.hpp>

#include <cmath>

#include "support.hpp"

using namespace bftest;

namespace {

bool close_enough(double a, double b) { return std::abs(a - b) <= 1e-7 * std::max(1.0, std::abs(a)); }

template <class List>
int index_of(const List& list, const std::string& id) {
  for (std::size_t i = 0; i < list.size(); ++i) {
    if (list[i].id == id) return static_cast<int>(i);
  }
  FAIL("no " << id);
  return -1;
}

std::vector<int> link_arcs(const Network& n, const std::string& id) {
  return n.arcs_of({ElementKind::Link, index_of(n.scenario().links, id)});
}

/// Every capacity question of `n`, all at once (shared LPs) and one by one, on the LP path.
/// Returns the number of questions compared.
int compare_shared(const Network& n) {
  const SolveLimits limits = lp_only();
  const std::vector<CapacityAnswer> together = answer_capacities(n, limits);
  const Scenario& s = n.scenario();
  std::size_t i = 0;
  int compared = 0;
  for (std::size_t r = 0; r < s.routes.size(); ++r) {
    for (bool reverse : {false, true}) {
      if (reverse && !s.routes[r].both_directions) continue;
      INFO("route " << s.routes[r].id << (reverse ? " reverse" : ""));
      REQUIRE(i < together.size());
      const CapacityAnswer& shared = together[i++];
      const CapacityAnswer alone = answer_capacity(n, static_cast<int>(r), reverse, limits);
      CHECK(shared.route == static_cast<int>(r));
      CHECK(shared.reverse == reverse);
      REQUIRE(shared.status == alone.status);
      if (alone.status != SolveStatus::Optimal) continue;
      CHECK(close_enough(shared.capacity_t_per_yr, alone.capacity_t_per_yr));
      CHECK(close_enough(shared.solution.transport_cost_usd_per_yr + shared.solution.source_cost_usd_per_yr,
                         alone.solution.transport_cost_usd_per_yr + alone.solution.source_cost_usd_per_yr));
      INFO(joined(shared.check_problems));
      CHECK(shared.certified);
      CHECK(shared.cut_rows == alone.cut_rows);
      CHECK(shared.raises_flow_alone == alone.raises_flow_alone);
      // Each answer is in its own question's terms: its sources and sinks, nothing at the others'.
      REQUIRE(shared.solution.classes.size() == shared.classes.size());
      for (std::size_t k = 0; k < shared.classes.size(); ++k) {
        CHECK(shared.solution.classes[k].source_t_per_yr.size() == shared.classes[k].sources.size());
        CHECK(shared.solution.classes[k].sink_t_per_yr.size() == shared.classes[k].sinks.size());
        double drained = 0;
        for (double t : shared.solution.classes[k].sink_t_per_yr) drained += t;
        CHECK(close_enough(drained, shared.solution.classes[k].delivered_t_per_yr));
      }
      ++compared;
    }
  }
  CHECK(i == together.size());
  return compared;
}

}  // namespace

TEST_CASE("route questions on one shared LP answer as each on its own: hand networks", "[answers][shared_lp]") {
  for (const char* name : {"tied_cuts.yaml", "border_post.yaml", "mixed_border_post.yaml", "fleet_binds.yaml"}) {
    INFO(name);
    CHECK(compare_shared(load_network(name)) > 0);
  }
}

TEST_CASE("route questions on one shared LP answer as each on its own: bundled scenarios",
          "[answers][shared_lp][scenarios]") {
  int compared = 0;
  for (const auto& [file, scenario] : bundled_one_period_scenarios()) {
    INFO(file);
    Network n(scenario);
    route_background(n);
    compared += compare_shared(n);
  }
  CHECK(compared > 50);
}

TEST_CASE("solve_max_flows shares an LP only between questions that differ in their ends alone", "[flow_lp][shared_lp]") {
  // tie (cn-a -> kp-d) and a question from cn-a to kp-c share; a copy of tie that may not use bc
  // cannot (its usable arcs differ) and must still be answered, on its own LP.
  const Network n = load_network("tied_cuts.yaml");
  const Scenario& s = n.scenario();
  std::vector<FlowClass> tie = route_classes(n, route_index(s, "tie"), false);
  REQUIRE(tie.size() == 1);
  std::vector<FlowClass> to_c = tie;
  to_c[0].sinks = n.vertices_of(index_of(s.places, "kp-c"));
  std::vector<FlowClass> without_bc = tie;
  for (int a : link_arcs(n, "bc")) without_bc[0].arc_usable[static_cast<std::size_t>(a)] = 0;
  const std::vector<FlowSolution> answers = solve_max_flows(n, {tie, to_c, without_bc}, lp_only(), {});
  REQUIRE(answers.size() == 3);
  REQUIRE(answers[0].status == SolveStatus::Optimal);
  REQUIRE(answers[1].status == SolveStatus::Optimal);
  REQUIRE(answers[2].status == SolveStatus::Optimal);
  CHECK(close_enough(answers[0].objective, 5e6));
  CHECK(close_enough(answers[1].objective, 5e6));
  CHECK(answers[2].objective == Approx(0).margin(1e-6));
  CHECK(check_max_flow(n, tie, answers[0]).empty());
  CHECK(check_max_flow(n, to_c, answers[1]).empty());
  // The second question drains at kp-c only, and carries nothing on cd (kp-c -> kp-d).
  double drained = 0;
  for (double t : answers[1].classes[0].sink_t_per_yr) drained += t;
  CHECK(answers[1].classes[0].sink_t_per_yr.size() == to_c[0].sinks.size());
  CHECK(close_enough(drained, 5e6));
  for (int a : link_arcs(n, "cd")) {
    CHECK(answers[1].classes[0].arc_t_per_yr[static_cast<std::size_t>(a)] == Approx(0).margin(1e-6));
  }
}

TEST_CASE("twin rows: the LP's price goes to the first of them in row order", "[flow_lp][shared_lp]") {
  // bc and its border post bc-post bound the same arc at the same 5 Mt/yr: one constraint
  // written twice. Whichever the LP prices, the answer prices the link's row (first in row
  // order), and the bound sum s y still equals the maximum.
  const Network n = load_network("tied_cuts.yaml");
  const Scenario& s = n.scenario();
  const std::vector<FlowClass> tie = route_classes(n, route_index(s, "tie"), false);
  const FlowSolution answer = solve_max_flow(n, tie, lp_only());
  REQUIRE(answer.status == SolveStatus::Optimal);
  double bound = 0;
  int priced_posts = 0;
  for (std::size_t r = 0; r < n.rows().size(); ++r) {
    bound += n.rows()[r].spare() * answer.row_shadow[r];
    if (n.row_element_id(static_cast<int>(r)) == "bc-post" && answer.row_shadow[r] > 0) ++priced_posts;
  }
  CHECK(close_enough(bound, answer.objective));
  CHECK(priced_posts == 0);
  CHECK(check_max_flow(n, tie, answer).empty());
}
