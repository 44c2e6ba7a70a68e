#pragma once
// Max flows that are pure network problems, solved with LEMON instead of the LP of
// engine/solve/flow_lp.hpp (same question, same FlowSolution, FlowSolution::method = Network).
//
// When it applies. Of the question's classes exactly one, k, has sources and sinks (the others
// carry nothing: their flows are 0), k counts in no per-class row (no counted_rows), and every
// magnitude is within the LP's range (otherwise the LP reports NumericRange). Let A be k's
// relevant arcs (usable, reachable from a source, reaching a sink); the LP's columns are the same.
// Per-class rows k does not count have coefficient 0 and play no part. Each remaining row r
// bounds sum_{a in r} w_{r,a} x_a <= s_r (s_r = spare(); w_{r,a} > 0, a negative weight leaves
// the question to the LP) over its arcs in A. LEMON solves a digraph G' built from A:
//
//   single-arc row (one arc of A):   the bound x_a <= s_r / w_{r,a};
//   split row: a multi-arc row whose arcs all end at one vertex v, with one weight w (a shared
//       head; or all start at one vertex, a shared tail): its arcs are redirected into a new
//       vertex z_r and one edge z_r -> v of capacity s_r / w, cost 0, carries their sum (shared
//       tail: v -> z_r, the arcs leave z_r). Exact: the flows on G' and on A correspond one to one
//       (the edge carries the sum of its arcs, the row's use / w), with the same value and cost.
//       Nested rows of one side split too, as long as the split rows stay laminar (two that share
//       an arc: one inside the other): the inner row's edge then leads into the outer row's
//       vertex. Rows are taken smallest first (then in row order); a row that meets a split row
//       not inside it is relaxed instead. An arc can sit in a shared-head split at its head and a
//       shared-tail split at its tail at once.
//   relaxed row (any other multi-arc row): x_a <= s_r / w_{r,a} on each of its arcs.
//
// So edge e of G' has capacity u_e = min over its rows' bounds (+infinity without rows), and the
// relaxation R is a single-commodity max flow on G' from a super source S (arcs S -> each source)
// to a super sink T (each sink -> T), uncapacitated terminal arcs. Every LP-feasible flow is
// R-feasible, so max R >= max LP.
//
//   unbounded:  a path from a source to a sink over edges without rows (or a vertex that is a
//               source and a sink): the LP is unbounded too; status Unbounded, as the LP path
//               reports it (nothing else filled in).
//   value F:    LEMON Preflow on R.
//   early exit: every maximum flow of R saturates the edges leaving a minimum cut (Preflow's),
//               so a relaxed row whose arcs leaving it use more than its spare at their
//               capacities is broken by all of them, the cheapest included: no answer here, and
//               no cheapest-flow search (the `relaxation_arcs` are then Preflow's flow's).
//   cheapest:   cheapest_flow (min_cost_flow.hpp: LEMON NetworkSimplex, or CostScaling on large
//               graphs, its answer proven cheapest by reduced costs) on R with supply F at S:
//               the least sum_a (c_a + f_{k,a}) x_a + p_k F over R's maximum flows (p_k F is the
//               same for all of them).
//   cancelling: on each relaxed row, two of its arcs a = (u, v) and b = (v, u) (one link's two
//               directions) with c_a + c_b >= 0 lose min(x_a, x_b) both: conservation and F are
//               kept, no row's use rises, the cost does not rise (so it stays R's cheapest), and
//               the row over the two directions is then used by one of them only, within that
//               arc's bound. Costs and fees are never negative (the loader refuses them,
//               Network::check too), so every such pair is cancelled; a pair with
//               c_a + c_b < 0 would not be (cancelling would raise the cost) and would be left
//               to the exactness check. With c_a + c_b = 0 the cost stays the same.
//   exactness:  if that flow x satisfies every multi-arc row, x is LP-feasible with value
//               F >= max LP, so it is an LP maximum flow, and, being cheapest over R's maximum
//               flows (a superset of the LP's), the LP's cheapest one. Otherwise: no answer here,
//               and solve_max_flow falls back to the LP.
//   certificate: X = the vertices of G' that cannot reach T in the residual graph (the same for
//               every maximum flow: LEMON's serves). No residual path S -> T (x is maximum), so
//               S is in X, T is not, and the edges leaving X form a minimum cut (the one nearest
//               the sinks), each saturated and finite. For each, its limiting row r
//               (s_r / w_{r,e} = u_e; a split row limits its own edge) gets
//               y_r = max(y_r, 1 / w_{r,e}). Every source-sink path leaves X once at least (a
//               path through a split row's arc passes its edge), so dist_k >= 1 (check.hpp),
//               and sum_r s_r y_r = sum over the cut of u_e = F when no row limits two cut edges
//               (two saturated arcs of one relaxed row with s_r > 0 would break the row, and x
//               satisfies it). That equality is checked before the answer is returned.
//               Among rows with the same bound on an edge the first in row order limits it, but
//               a row over both directions comes before one over one direction, and a split
//               row's edge is credited to another row over both directions that holds all its
//               arcs with one weight and the same bound (a sea entry's total over its way in):
//               equally valid duals, and the ones CLP named in the bundled ties, so reports name
//               the same rows on both paths.
//
// Integers. LEMON's codes want integer data: capacities are in units of 1/scale t/yr, where
// scale = 10^j (j <= 6) is the largest such that (|out(S)| + 2) * (sum of finite u_a * scale + 1)
// stays below 2^62 (Preflow's excesses add up to that), and capacities are rounded to the
// nearest unit (a row is exceeded by at most 0.5/scale t/yr, far below check.hpp's tolerance).
// An unlimited arc gets sum of finite u_a * scale + 1 units, more than any flow. Costs are in
// units of 1/cost_scale USD/t with cost_scale <= 10^6 chosen so that the largest is at most
// 10^9 units (round-off moves the cheapest cost by at most 1e-9 relative per arc of a path).
//
// Minimum cut rows (answers.hpp, find_cut_rows), when the LP's max flow is R's for every spare
// capacity within find_cut_rows' step d of the answer's: split rows are exact, and each relaxed
// row r' is either over two opposite arcs u -> v, v -> u (cancelling keeps the value, for any
// spares) or slack by more than d * (sum of its weights on A). Then moving one spare by d moves
// R's max flow by some delta <= d, reached from x by augmenting (or reducing) along simple
// residual paths of total delta (a conformal decomposition of the difference, cycles dropped),
// which raise r''s use by at most delta * (sum of its weights): the flow keeps r' and the LP
// moves as R does. They are read on G': in x's residual graph G_x (the terminal arcs included; a
// split row's edge carries its arcs' sum),
//   edge e = (u, v) is in some minimum cut   iff  it is saturated and G_x has no path u -> v,
//                                                 i.e. (x_e > 0) u and v lie in different
//                                                 strongly connected components;
//   edge e is in every minimum cut            iff  u is reachable from S and v reaches T in G_x.
// Row r limiting edge e (s_r / w_{r,e} = u_e): lowering s_r lowers u_e, so r is in some minimum
// cut iff e is and s_r > 0 (a row at 0 cannot be lowered, as in find_cut_rows); raising s_r
// raises u_e by min(d, u'_e - u_e) (u'_e: the next row's bound on e, d: find_cut_rows' step),
// so r is in every minimum cut iff e is and that rise exceeds kCutSlope * d. A relaxed row over
// two directions limits two edges, u -> v and v -> u, and moves both: a cut crosses one of them
// forwards at most, and if one minimum cut crosses u -> v and another v -> u, their intersection
// (minimum cuts are closed under it) crosses neither; so "every minimum cut crosses one of them"
// means "every one crosses the same one", and the per-edge tests stay exact. Rows in every
// minimum cut are in some. These are the slopes find_cut_rows measures by re-solving, taken
// exactly instead of over a finite step (they differ only where two cuts tie closer than d).
#include <optional>
#include <vector>

#include "solve/flow_lp.hpp"

namespace borderflow {

struct SolvedCheapestFlow;  // solve/min_cost_flow.hpp

/// The answer of solve_max_flow for a pure network question (see above), or nothing when the
/// question is not one or the relaxation's cheapest maximum flow breaks a relaxed row. When
/// `relaxation_arcs` is given and that flow was found, it marks the network arcs the flow uses
/// (whether or not it was the answer): where the LP must answer, arc generation starts from them
/// (engine/solve/arc_generation.hpp). With `earlier_cheapest` (solve_max_flows, across its
/// questions): the kept cheapest flow of an earlier question is tried turned round first
/// (min_cost_flow.hpp, "A problem's reverse") and used if check_cheapest_flow proves it; a flow
/// solved afresh is kept there in its place.
std::optional<FlowSolution> solve_max_flow_network(const Network& network, const std::vector<FlowClass>& classes,
                                                   const SolveLimits& limits = {},
                                                   std::vector<char>* relaxation_arcs = nullptr,
                                                   SolvedCheapestFlow* earlier_cheapest = nullptr);

/// The rows in some and in every minimum cut (row order) of a max flow answered by
/// solve_max_flow_network, read from its flow's residual graph (see above); nothing when the
/// solution is not Network's or a relaxed row of the question is neither over two opposite arcs
/// nor slack by more than a step's worth (see above). `step_t_per_yr` is
/// find_cut_rows' step d, `slope` its kCutSlope.
struct NetworkCutRows {
  std::vector<int> in_some_cut;
  std::vector<int> in_every_cut;
};
std::optional<NetworkCutRows> network_cut_rows(const Network& network, const std::vector<FlowClass>& classes,
                                               const FlowSolution& max_flow, double step_t_per_yr, double slope);

}  // namespace borderflow
