#pragma once
// The most critical elements of a network (`borderflow critical`): what each question loses when
// one open element, or a pair, is closed.
//
// Elements: every open link, transfer and crossing (one that carries arcs in the expansion),
// links first, then transfers, then crossings, each in scenario order. Closing an element makes
// its arcs unusable for every class (Network::arcs_of: a crossing's are the arcs of its links),
// in both directions. Questions: every route question (both directions where asked), in the
// order `run` answers them, and the demand routing when the scenario has demands.
//
// For a set E of closed elements (one: N-1; two: N-2) and a route question q with base capacity
// C_q (max flow of its classes, engine/solve/answers.hpp) and C_q^E with E closed:
//   capacity lost   L_q^E = C_q - C_q^E  (>= 0; below kFlowEpsilon_t_per_yr it is 0),
//   share lost      S_q^E = L_q^E / C_q  (0 when C_q = 0),
// and for the routing, with Z the total routing cost (transport + fees + origin prices +
// unserved penalties, the LP's objective) and U the unserved tonnes summed over demands:
//   cost rise       Z^E - Z (>= 0),   unserved rise   U^E - U (>= 0).
// A figure exists only when both solves are optimal; otherwise it is NaN and the status says
// why (the closure's status, or the base's when the base failed).
//
// Ranking (N-1 and N-2 alike): by the largest share lost over the route questions (S^E =
// max_q S_q^E, compared in millionths), then by the routing cost rise (compared to the dollar,
// a missing figure last), then by element ids (a pair by its two ids, sorted within the pair),
// then by kind (link, transfer, crossing).
// Pairs: among the first `pair_candidates` elements of the N-1 ranking, every pair whose joint
// closure loses more than either element alone on some question: L_q^{ij} > max(L_q^i, L_q^j),
// or a cost rise or an unserved rise above both single ones (beyond kJointTolerance of the base
// figure plus kFlowEpsilon_t_per_yr, or one dollar for costs).
//
// Background traffic stays where the base routes it: every question is answered on the base's
// spare capacity (route_background once, before any closure), so a closure never re-routes a
// background demand onto other elements. A fresh solve of the scenario with the element's status
// set to closed gives the same figures whenever no routed background demand crosses the element
// (background loads on an element vanish with it in both).
//
// Reuse contract (why the whole network's N-1 takes a second, not minutes): one FlowSession per
// question, built once over the base classes (route_classes, routing_classes: the classes `run`
// solves); a closure sets the element's arcs unusable on every class, solves from the previous
// optimal basis, reads, and reopens them. A closure whose arcs carry no flow in the question's
// base optimum is not solved at all: the base optimum stays feasible when they close, and
// closing arcs cannot raise a max flow nor lower a least cost, so the base figures are exact.
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "solve/flow_lp.hpp"

namespace borderflow {

/// Relative slack under which a pair's figure does not count as worse than its elements' alone.
inline constexpr double kJointTolerance = 1e-6;

struct CriticalOptions {
  bool pairs = false;                ///< also rank pairs (N-2)
  std::size_t pair_candidates = 10;  ///< among the first this many of the N-1 ranking
};

/// A route question and its base answer.
struct CriticalQuestion {
  int route = -1;  ///< index into scenario().routes
  bool reverse = false;
  SolveStatus status = SolveStatus::Optimal;
  double capacity_t_per_yr = 0;  ///< NaN unless optimal
};

/// What one route question keeps when elements close.
struct CapacityChange {
  SolveStatus status = SolveStatus::Optimal;
  double capacity_t_per_yr = 0;  ///< C_q^E (NaN when not answered)
  double lost_t_per_yr = 0;      ///< L_q^E
  double lost_share = 0;         ///< S_q^E, a fraction
};

/// What the demand routing costs when elements close.
struct RoutingChange {
  SolveStatus status = SolveStatus::Optimal;
  double cost_usd_per_yr = 0;       ///< Z^E (NaN when not answered)
  double cost_rise_usd_per_yr = 0;  ///< Z^E - Z
  double unserved_t_per_yr = 0;     ///< U^E
  double unserved_rise_t_per_yr = 0;
};

/// One closure: one element (N-1) or a pair (N-2, sorted by id then kind).
struct Closure {
  std::vector<ElementRef> elements;
  std::vector<CapacityChange> capacities;  ///< parallel to CriticalAnswer::questions
  RoutingChange routing;                   ///< meaningful when CriticalAnswer::routed
  double worst_share = 0;   ///< S^E over the questions with a figure (0 when none)
  int worst_question = -1;  ///< the first question losing worst_share; -1 when none loses anything
};

struct CriticalAnswer {
  std::vector<CriticalQuestion> questions;
  bool routed = false;  ///< the scenario has demands
  SolveStatus routing_status = SolveStatus::Optimal;
  double routing_cost_usd_per_yr = 0;    ///< Z (NaN unless optimal)
  double routing_unserved_t_per_yr = 0;  ///< U
  std::vector<Closure> singles;  ///< every open element, ranked
  bool pairs_asked = false;
  std::size_t pair_candidates = 0;  ///< the elements pairs were taken from (<= singles.size())
  std::vector<Closure> pairs;       ///< pairs worse than either element alone, ranked
  /// The background routing (route_background) the questions are answered after: when it is not
  /// optimal, its tonnes were not taken off the rows.
  SolveStatus background_status = SolveStatus::Optimal;
  std::size_t lp_solves = 0;        ///< closures solved (the others were read off the base)
  /// A solve stopped at a limit (time budget, iterations): some figure is missing for that reason.
  bool limit_reached = false;
};

/// The id of a link, transfer, crossing, fleet or cap.
const std::string& element_id(const Scenario& scenario, const ElementRef& element);

/// The elements `critical` closes, in the order above.
std::vector<ElementRef> closable_elements(const Network& network);

/// Whether closure a ranks before b (the ranking above).
bool ranks_before(const Network& network, const Closure& a, const Closure& b);

/// N-1 (and N-2 when asked) over `network`, whose background must already be routed
/// (route_background): every figure above, ranked.
CriticalAnswer find_critical_elements(const Network& network, const CriticalOptions& options,
                                      const SolveLimits& limits = {});

/// A scenario expanded, its background routed and its critical elements found, kept together.
struct SolvedCritical {
  std::string file;  ///< as given, for reports and messages
  Network network;
  CriticalAnswer answer;

  const Scenario& scenario() const { return network.scenario(); }
};

/// Expands `scenario` (std::logic_error when unsound), refuses it when too large
/// (require_within_memory), routes its background and finds its critical elements.
SolvedCritical solve_critical(std::shared_ptr<const Scenario> scenario, std::string file, const CriticalOptions& options,
                              const SolveLimits& limits = {});

}  // namespace borderflow
