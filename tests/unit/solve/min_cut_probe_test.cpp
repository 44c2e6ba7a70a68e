// engine/solve/answers + flow_lp: cut rows found on the max flow's own LP (solve_max_flow's
// probe: rhs ranging at its optimal basis, else a dual simplex re-solve warm from it; rows its
// duals price are taken as lowering the flow without either) against
// the definition re-solved on a new LP per candidate, as find_cut_rows did before: on hand
// networks with tied cuts and rows shared by several links, and on every bundled scenario.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <set>

#include "support.hpp"

using namespace bftest;

namespace {

/// find_cut_rows by its definition (answers.hpp): every candidate re-solved on a new LP, no
/// shortcut.
CutRows resolved_cut_rows(const Network& n, const std::vector<FlowClass>& classes, const FlowSolution& max_flow) {
  CutRows cuts;
  const auto& rows = n.rows();
  std::vector<int> priced, at_capacity;
  for (const BindingRow& b : binding_rows(n, max_flow)) priced.push_back(b.row);
  at_capacity = priced;
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const double cap = rows[r].spare();
    const bool full = cap > 0 && max_flow.row_use[r] >= cap - std::max(kFlowEpsilon_t_per_yr, 1e-9 * cap);
    if (full && std::find(priced.begin(), priced.end(), static_cast<int>(r)) == priced.end()) at_capacity.push_back(static_cast<int>(r));
  }
  REQUIRE(at_capacity.size() <= kMaxCutCandidates);
  FlowSession session(n, classes, FlowSession::Kind::MaxFlow);
  REQUIRE(session.solve() == SolveStatus::Optimal);
  const double flow = session.objective();
  const double step = std::max(1.0, kCutStep * flow);
  auto test = [&](const std::vector<int>& list, double sign, std::vector<int>& out) {
    for (int r : list) {
      const double cap = rows[static_cast<std::size_t>(r)].spare();
      const double delta = sign * std::min(step, sign < 0 ? cap : step);
      session.set_row_capacity(r, std::max(0.0, cap + delta));
      REQUIRE(session.solve() == SolveStatus::Optimal);
      if (sign * (session.objective() - flow) > kCutSlope * std::abs(delta)) out.push_back(r);
      session.set_row_capacity(r, cap);
    }
    std::sort(out.begin(), out.end());
  };
  test(at_capacity, -1.0, cuts.in_some_cut);
  test(priced, +1.0, cuts.in_every_cut);
  std::set<int> some(cuts.in_some_cut.begin(), cuts.in_some_cut.end());
  some.insert(cuts.in_every_cut.begin(), cuts.in_every_cut.end());
  cuts.in_some_cut.assign(some.begin(), some.end());
  return cuts;
}

/// Every question of `n` (both directions where asked) on the LP path: the probe's cut rows
/// equal the re-solved ones. Returns the number of questions the LP answered.
int compare_all(const Network& n) {
  int compared = 0;
  const Scenario& s = n.scenario();
  for (std::size_t r = 0; r < s.routes.size(); ++r) {
    for (bool reverse : {false, true}) {
      if (reverse && !s.routes[r].both_directions) continue;
      INFO("route " << s.routes[r].id << (reverse ? " reverse" : ""));
      const CapacityAnswer answer = answer_capacity(n, static_cast<int>(r), reverse, lp_only());
      if (answer.status != SolveStatus::Optimal) continue;
      REQUIRE(answer.solution.method == FlowMethod::Lp);
      REQUIRE(answer.cuts_complete);
      const CutRows expected = resolved_cut_rows(n, answer.classes, answer.solution);
      CHECK(answer.cut_rows == expected.in_some_cut);
      CHECK(answer.raises_flow_alone == expected.in_every_cut);
      ++compared;
    }
  }
  return compared;
}

std::set<std::string> ids(const Network& n, const std::vector<int>& rows) {
  std::set<std::string> out;
  for (int r : rows) out.insert(n.row_element_id(r));
  return out;
}

}  // namespace

TEST_CASE("cut rows on the max flow's own LP equal re-solving a new LP per candidate: hand networks",
          "[answers][min_cut][probe]") {
  // Tied cuts (ab, bc and bc's border post), single cuts, a post shared by two links, a
  // dual-gauge post with rows over several arcs.
  for (const char* name : {"tied_cuts.yaml", "border_post.yaml", "mixed_border_post.yaml"}) {
    INFO(name);
    CHECK(compare_all(load_network(name)) > 0);
  }
}

TEST_CASE("cut rows on the max flow's own LP equal re-solving a new LP per candidate: bundled scenarios",
          "[answers][min_cut][probe][scenarios]") {
  int compared = 0;
  for (const auto& [file, scenario] : bundled_one_period_scenarios()) {
    INFO(file);
    Network n(scenario);
    route_background(n);
    compared += compare_all(n);
  }
  CHECK(compared > 50);
}

TEST_CASE("the max flow's duals settle priced rows without a re-solve; unpriced tied rows are re-solved",
          "[answers][min_cut][probe]") {
  const Network t = load_network("tied_cuts.yaml");
  const Scenario& s = t.scenario();
  auto probe_counting = [&](const std::string& route, int& resolves) {
    const std::vector<FlowClass> classes = route_classes(t, route_index(s, route), false);
    CutRows cuts;
    const FlowSolution solution =
        solve_max_flow(t, classes, lp_only(), [&](const FlowSolution& max_flow, const MaxFlowChange& change) {
          const MaxFlowChange counted = [&](int row, double spare) {
            ++resolves;
            return change(row, spare);
          };
          cuts = cut_rows_from_probe(t, max_flow, counted);
        });
    REQUIRE(solution.status == SolveStatus::Optimal);
    CHECK(solution.method == FlowMethod::Lp);
    CHECK(cuts.complete);
    return cuts;
  };
  // `resolves` counts the slope tests the probe is asked for (ranged or re-solved).
  // The tie: three rows at capacity, the duals price one. Lowering it needs no test at all
  // (weak duality); the other two are at capacity with price 0, where the dual says nothing. Rhs
  // ranging must NOT settle them: the basis is degenerate (the tied rows' basic variables sit at
  // their bounds), its range is 0, and reading "price 0, flow unchanged" from it would drop them
  // from the cuts. They fall back to a dual simplex re-solve, which shows they are in one.
  int resolves = 0;
  const CutRows tie = probe_counting("tie", resolves);
  CHECK(ids(t, tie.in_some_cut) == std::set<std::string>{"ab", "bc", "bc-post"});
  CHECK(tie.in_every_cut.empty());
  CHECK(resolves == 2 + 1);
  // The only cut: its row is priced, so only the raise is tested (within the basis's range:
  // the flow rises by y_r per unit).
  resolves = 0;
  const CutRows single = probe_counting("single", resolves);
  CHECK(ids(t, single.in_some_cut) == std::set<std::string>{"ef"});
  CHECK(ids(t, single.in_every_cut) == std::set<std::string>{"ef"});
  CHECK(resolves == 1);
  // The same answers as the definition, and as the LEMON path's residual graph.
  for (const char* route : {"tie", "single", "pair"}) {
    INFO(route);
    const std::vector<FlowClass> classes = route_classes(t, route_index(s, route), false);
    const FlowSolution lp = solve_max_flow(t, classes, lp_only());
    const CutRows expected = resolved_cut_rows(t, classes, lp);
    const CapacityAnswer via_probe = answer_capacity(t, route_index(s, route), false, lp_only());
    CHECK(via_probe.cut_rows == expected.in_some_cut);
    CHECK(via_probe.raises_flow_alone == expected.in_every_cut);
    const CapacityAnswer fast = answer_capacity(t, route_index(s, route), false);
    CHECK(fast.cut_rows == expected.in_some_cut);
    CHECK(fast.raises_flow_alone == expected.in_every_cut);
  }
}
