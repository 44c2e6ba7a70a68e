#pragma once
// Max flows that are pure network problems, solved with LEMON instead of the LP of
// engine/solve/flow_lp.hpp (same question, same FlowSolution, FlowSolution::method = Network).
//
// When it applies. Of the question's classes exactly one, k, has sources and sinks (the others
// carry nothing: their flows are 0), k counts in no per-class row (no counted_rows), and every
// magnitude is within the LP's range (otherwise the LP reports NumericRange). Let A be k's
// relevant arcs (usable, reachable from a source, reaching a sink); the LP's columns are the same.
// Per-class rows k does not count have coefficient 0 and play no part. Each remaining row r
// bounds sum_{a in r} w_{r,a} x_a <= s_r (s_r = spare()).
//
//   single-arc row (one arc of A):   the bound x_a <= s_r / w_{r,a};
//   multi-arc row (several in A):    relaxed to x_a <= s_r / w_{r,a} on each of its arcs.
//
// So arc a has capacity u_a = min over its rows of s_r / w_{r,a} (+infinity without rows), and
// the relaxation R is a single-commodity max flow from a super source S (arcs S -> each source)
// to a super sink T (each sink -> T), uncapacitated terminal arcs. Every LP-feasible flow is
// R-feasible, so max R >= max LP.
//
//   unbounded:  a path from a source to a sink over arcs of A without rows (or a vertex that is
//               a source and a sink): the LP is unbounded too; status Unbounded, as the LP path
//               reports it (nothing else filled in).
//   value F:    LEMON Preflow on R.
//   cheapest:   cheapest_flow (min_cost_flow.hpp: LEMON NetworkSimplex, or CostScaling on large
//               graphs, its answer proven cheapest by reduced costs) on R with supply F at S:
//               the least sum_a (c_a + f_{k,a}) x_a + p_k F over R's maximum flows (p_k F is the
//               same for all of them).
//   exactness:  if that flow x satisfies every multi-arc row, x is LP-feasible with value
//               F >= max LP, so it is an LP maximum flow, and, being cheapest over R's maximum
//               flows (a superset of the LP's), the LP's cheapest one. Otherwise: no answer here,
//               and solve_max_flow falls back to the LP.
//   certificate: X = the vertices that cannot reach T in x's residual graph. No residual path
//               S -> T (x is maximum), so S is in X, T is not, and the arcs leaving X form a
//               minimum cut (the one nearest the sinks), each saturated and finite. For each, its limiting row r (s_r / w_{r,a} = u_a) gets
//               y_r = max(y_r, 1 / w_{r,a}). Every source-sink path leaves X once at least, so
//               dist_k >= 1 (check.hpp); and sum_r s_r y_r = sum over the cut of u_a = F when no
//               row limits two cut arcs (two saturated arcs of one multi-arc row with s_r > 0
//               would break the row, and x satisfies it). That equality is checked before the
//               answer is returned.
//
// Integers. LEMON's codes want integer data: capacities are in units of 1/scale t/yr, where
// scale = 10^j (j <= 6) is the largest such that (|out(S)| + 2) * (sum of finite u_a * scale + 1)
// stays below 2^62 (Preflow's excesses add up to that), and capacities are rounded to the
// nearest unit (a row is exceeded by at most 0.5/scale t/yr, far below check.hpp's tolerance).
// An unlimited arc gets sum of finite u_a * scale + 1 units, more than any flow. Costs are in
// units of 1/cost_scale USD/t with cost_scale <= 10^6 chosen so that the largest is at most
// 10^9 units (round-off moves the cheapest cost by at most 1e-9 relative per arc of a path).
//
// Minimum cut rows (answers.hpp, find_cut_rows), when no row of the question spans two arcs of
// A (then the max flow is R's and each row bounds one arc): in x's residual graph G_x (the
// terminal arcs included),
//   arc a = (u, v) is in some minimum cut   iff  it is saturated and G_x has no path u -> v,
//                                                i.e. (x_a > 0) u and v lie in different strongly
//                                                connected components;
//   arc a is in every minimum cut            iff  u is reachable from S and v reaches T in G_x.
// Row r limiting arc a (s_r / w_{r,a} = u_a): lowering s_r lowers u_a, so r is in some minimum
// cut iff a is and s_r > 0 (a row at 0 cannot be lowered, as in find_cut_rows); raising s_r
// raises u_a by min(d, u'_a - u_a) (u'_a: the next row's bound on a, d: find_cut_rows' step),
// so r is in every minimum cut iff a is and that rise exceeds kCutSlope * d. Rows in every
// minimum cut are in some. These are the slopes find_cut_rows measures by re-solving, taken
// exactly instead of over a finite step (they differ only where two cuts tie closer than d).
#include <optional>
#include <vector>

#include "solve/flow_lp.hpp"

namespace borderflow {

/// The answer of solve_max_flow for a pure network question (see above), or nothing when the
/// question is not one or the relaxation's cheapest maximum flow breaks a multi-arc row.
std::optional<FlowSolution> solve_max_flow_network(const Network& network, const std::vector<FlowClass>& classes,
                                                   const SolveLimits& limits = {});

/// The rows in some and in every minimum cut (row order) of a max flow answered by
/// solve_max_flow_network, read from its flow's residual graph (see above); nothing when the
/// solution is not Network's or a row of the question spans two of its arcs. `step_t_per_yr` is
/// find_cut_rows' step d, `slope` its kCutSlope.
struct NetworkCutRows {
  std::vector<int> in_some_cut;
  std::vector<int> in_every_cut;
};
std::optional<NetworkCutRows> network_cut_rows(const Network& network, const std::vector<FlowClass>& classes,
                                               const FlowSolution& max_flow, double step_t_per_yr, double slope);

}  // namespace borderflow
