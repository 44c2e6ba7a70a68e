#include "solve/critical.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <tuple>
#include <utility>

#include "solve/answers.hpp"
#include "solve/flow_class.hpp"
#include "solve/measures.hpp"

namespace borderflow {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kCostRoundOff_usd_per_yr = 1.0;   // routing costs equal to the dollar are equal
constexpr double kCostEpsilon_usd_per_yr = 0.01;   // below this (plus 1e-12 of the cost) a rise is round-off

/// What one solve of a question says: the capacity (max flow) or the total cost (routing), and
/// the unserved tonnes (routing).
struct Reading {
  SolveStatus status = SolveStatus::Optimal;
  double value = kNaN;
  double unserved_t_per_yr = 0;
};

/// One question's LP, kept warm across closures (the reuse contract in critical.hpp).
class QuestionProbe {
 public:
  QuestionProbe(const Network& network, std::vector<FlowClass> classes, FlowSession::Kind kind)
      : max_flow_(kind == FlowSession::Kind::MaxFlow) {
    for (const FlowClass& c : classes) usable_.push_back(c.arc_usable);
    session_ = std::make_unique<FlowSession>(network, std::move(classes), kind);
  }

  const Reading& solve_base(const SolveLimits& limits) {
    base_ = solve(limits);
    if (base_.status == SolveStatus::Optimal) session_->arc_flows(base_arc_t_per_yr_);
    return base_;
  }
  const Reading& base() const { return base_; }

  /// The question with every arc in `arcs` closed, then reopened. Counts the LPs solved.
  Reading closed(const std::vector<int>& arcs, const SolveLimits& limits, std::size_t& solves) {
    if (base_.status != SolveStatus::Optimal) return base_;
    const bool carries = std::any_of(arcs.begin(), arcs.end(), [&](int a) {
      return base_arc_t_per_yr_[static_cast<std::size_t>(a)] > 0;
    });
    if (!carries) return base_;
    set_usable(arcs, false);
    const Reading reading = solve(limits);
    set_usable(arcs, true);
    ++solves;
    return reading;
  }

 private:
  Reading solve(const SolveLimits& limits) {
    Reading reading;
    reading.status = session_->solve(limits);
    if (reading.status != SolveStatus::Optimal) return reading;
    const int classes = session_->class_count();
    if (max_flow_) {
      reading.value = 0;
      for (int k = 0; k < classes; ++k) reading.value += session_->delivered_t_per_yr(k);
    } else {
      reading.value = session_->objective();
      for (int k = 0; k < classes; ++k) reading.unserved_t_per_yr += session_->unserved_t_per_yr(k);
    }
    return reading;
  }
  void set_usable(const std::vector<int>& arcs, bool usable) {
    for (std::size_t k = 0; k < usable_.size(); ++k) {
      for (int a : arcs) {
        if (usable_[k][static_cast<std::size_t>(a)]) session_->set_arc_usable(static_cast<int>(k), a, usable);
      }
    }
  }

  bool max_flow_;
  std::vector<std::vector<char>> usable_;  // per class, the construction-time mask
  std::unique_ptr<FlowSession> session_;
  Reading base_;
  std::vector<double> base_arc_t_per_yr_;
};

CapacityChange capacity_change(const Reading& base, const Reading& closed) {
  CapacityChange change;
  change.status = base.status != SolveStatus::Optimal ? base.status : closed.status;
  if (change.status != SolveStatus::Optimal) {
    change.capacity_t_per_yr = change.lost_t_per_yr = change.lost_share = kNaN;
    return change;
  }
  change.capacity_t_per_yr = closed.value;
  const double lost = base.value - closed.value;
  change.lost_t_per_yr = lost > kFlowEpsilon_t_per_yr ? lost : 0.0;
  change.lost_share = base.value > kFlowEpsilon_t_per_yr ? change.lost_t_per_yr / base.value : 0.0;
  return change;
}

RoutingChange routing_change(const Reading& base, const Reading& closed) {
  RoutingChange change;
  change.status = base.status != SolveStatus::Optimal ? base.status : closed.status;
  if (change.status != SolveStatus::Optimal) {
    change.cost_usd_per_yr = change.cost_rise_usd_per_yr = change.unserved_t_per_yr = change.unserved_rise_t_per_yr = kNaN;
    return change;
  }
  change.cost_usd_per_yr = closed.value;
  const double rise = closed.value - base.value;
  change.cost_rise_usd_per_yr = rise > kCostEpsilon_usd_per_yr + 1e-12 * std::abs(base.value) ? rise : 0.0;
  change.unserved_t_per_yr = closed.unserved_t_per_yr;
  const double more = closed.unserved_t_per_yr - base.unserved_t_per_yr;
  change.unserved_rise_t_per_yr = more > kFlowEpsilon_t_per_yr ? more : 0.0;
  return change;
}

/// S^E and the first question that loses it.
void set_worst(Closure& closure) {
  closure.worst_share = 0;
  closure.worst_question = -1;
  for (std::size_t q = 0; q < closure.capacities.size(); ++q) {
    const double share = closure.capacities[q].lost_share;
    if (std::isfinite(share) && share > closure.worst_share) {
      closure.worst_share = share;
      closure.worst_question = static_cast<int>(q);
    }
  }
}

/// Every question's probe, built once and solved once on the base network.
struct Probes {
  std::vector<std::unique_ptr<QuestionProbe>> routes;  // parallel to CriticalAnswer::questions
  std::unique_ptr<QuestionProbe> routing;               // null without demands
};

Probes build_probes(const Network& network, CriticalAnswer& answer, const SolveLimits& limits) {
  Probes probes;
  const Scenario& s = network.scenario();
  auto add_route = [&](int route, bool reverse) {
    auto probe = std::make_unique<QuestionProbe>(network, route_classes(network, route, reverse), FlowSession::Kind::MaxFlow);
    const Reading& base = probe->solve_base(limits);
    answer.questions.push_back({route, reverse, base.status, base.value});
    probes.routes.push_back(std::move(probe));
  };
  for (std::size_t r = 0; r < s.routes.size(); ++r) {
    add_route(static_cast<int>(r), false);
    if (s.routes[r].both_directions) add_route(static_cast<int>(r), true);
  }
  RoutingClasses classes = routing_classes(network);
  answer.routed = !classes.classes.empty();
  if (answer.routed) {
    probes.routing = std::make_unique<QuestionProbe>(network, std::move(classes.classes), FlowSession::Kind::MinCost);
    const Reading& base = probes.routing->solve_base(limits);
    answer.routing_status = base.status;
    answer.routing_cost_usd_per_yr = base.value;
    answer.routing_unserved_t_per_yr = base.unserved_t_per_yr;
  }
  return probes;
}

/// The closures of `sets` (each a set of elements closed together), question by question so that
/// each LP re-solves from its own last basis.
std::vector<Closure> close_sets(const Network& network, Probes& probes, const std::vector<std::vector<ElementRef>>& sets,
                                const SolveLimits& limits, CriticalAnswer& answer) {
  std::vector<std::vector<int>> arcs(sets.size());
  std::vector<Closure> closures(sets.size());
  for (std::size_t i = 0; i < sets.size(); ++i) {
    for (const ElementRef& e : sets[i]) {
      const auto more = network.arcs_of(e);
      arcs[i].insert(arcs[i].end(), more.begin(), more.end());
    }
    std::sort(arcs[i].begin(), arcs[i].end());
    arcs[i].erase(std::unique(arcs[i].begin(), arcs[i].end()), arcs[i].end());
    closures[i].elements = sets[i];
    closures[i].capacities.resize(probes.routes.size());
  }
  auto note = [&](SolveStatus status) {
    if (status == SolveStatus::LimitReached) answer.limit_reached = true;
  };
  for (std::size_t q = 0; q < probes.routes.size(); ++q) {
    QuestionProbe& probe = *probes.routes[q];
    for (std::size_t i = 0; i < sets.size(); ++i) {
      closures[i].capacities[q] = capacity_change(probe.base(), probe.closed(arcs[i], limits, answer.lp_solves));
      note(closures[i].capacities[q].status);
    }
  }
  if (probes.routing) {
    for (std::size_t i = 0; i < sets.size(); ++i) {
      closures[i].routing = routing_change(probes.routing->base(), probes.routing->closed(arcs[i], limits, answer.lp_solves));
      note(closures[i].routing.status);
    }
  }
  for (Closure& c : closures) set_worst(c);
  return closures;
}

/// Whether `joint` loses more than each of `a` and `b` alone on some question.
bool worse_than_each(const CriticalAnswer& answer, const Closure& joint, const Closure& a, const Closure& b) {
  auto above = [](double pair, double one, double two, double slack) {
    return std::isfinite(pair) && std::isfinite(one) && std::isfinite(two) && pair > std::max(one, two) + slack;
  };
  for (std::size_t q = 0; q < answer.questions.size(); ++q) {
    const double slack = kJointTolerance * answer.questions[q].capacity_t_per_yr + kFlowEpsilon_t_per_yr;
    if (above(joint.capacities[q].lost_t_per_yr, a.capacities[q].lost_t_per_yr, b.capacities[q].lost_t_per_yr, slack)) return true;
  }
  if (!answer.routed) return false;
  const double cost_slack = kJointTolerance * std::abs(answer.routing_cost_usd_per_yr) + kCostRoundOff_usd_per_yr;
  const double unserved_slack = kJointTolerance * answer.routing_unserved_t_per_yr + kFlowEpsilon_t_per_yr;
  return above(joint.routing.cost_rise_usd_per_yr, a.routing.cost_rise_usd_per_yr, b.routing.cost_rise_usd_per_yr, cost_slack) ||
         above(joint.routing.unserved_rise_t_per_yr, a.routing.unserved_rise_t_per_yr, b.routing.unserved_rise_t_per_yr,
               unserved_slack);
}

/// Kinds in the order elements are listed: link, transfer, crossing (then fleet, cap).
int kind_order(ElementKind kind) {
  switch (kind) {
    case ElementKind::Link: return 0;
    case ElementKind::Transfer: return 1;
    case ElementKind::Crossing: return 2;
    case ElementKind::Fleet: return 3;
    case ElementKind::Cap: return 4;
    case ElementKind::Storage: break;
  }
  return 5;
}

bool element_before(const Scenario& s, const ElementRef& a, const ElementRef& b) {
  return std::make_tuple(std::cref(element_id(s, a)), kind_order(a.kind)) <
         std::make_tuple(std::cref(element_id(s, b)), kind_order(b.kind));
}

}  // namespace

const std::string& element_id(const Scenario& s, const ElementRef& e) {
  const auto i = static_cast<std::size_t>(e.index);
  switch (e.kind) {
    case ElementKind::Link: return s.links[i].id;
    case ElementKind::Transfer: return s.transfers[i].id;
    case ElementKind::Fleet: return s.fleets[i].id;
    case ElementKind::Cap: return s.caps[i].id;
    case ElementKind::Storage: return s.places[i].id;
    case ElementKind::Crossing: break;
  }
  return s.crossings[i].id;
}

std::vector<ElementRef> closable_elements(const Network& network) {
  const Scenario& s = network.scenario();
  std::vector<ElementRef> out;
  for (ElementKind kind : {ElementKind::Link, ElementKind::Transfer, ElementKind::Crossing}) {
    const std::size_t count = kind == ElementKind::Link       ? s.links.size()
                              : kind == ElementKind::Transfer ? s.transfers.size()
                                                              : s.crossings.size();
    for (std::size_t i = 0; i < count; ++i) {
      const ElementRef e{kind, static_cast<int>(i)};
      if (!network.arcs_of(e).empty()) out.push_back(e);
    }
  }
  return out;
}

bool ranks_before(const Network& network, const Closure& a, const Closure& b) {
  const auto share = [](const Closure& c) { return std::llround(c.worst_share * 1e6); };
  const auto cost = [](const Closure& c) {
    const double rise = c.routing.cost_rise_usd_per_yr;
    return std::isfinite(rise) ? std::llround(rise) : -1LL;  // a missing figure ranks last
  };
  if (share(a) != share(b)) return share(a) > share(b);
  if (cost(a) != cost(b)) return cost(a) > cost(b);
  const Scenario& s = network.scenario();
  std::vector<std::string> ids_a, ids_b;
  for (const auto& e : a.elements) ids_a.push_back(element_id(s, e));
  for (const auto& e : b.elements) ids_b.push_back(element_id(s, e));
  if (ids_a != ids_b) return ids_a < ids_b;
  std::vector<int> kinds_a, kinds_b;
  for (const auto& e : a.elements) kinds_a.push_back(kind_order(e.kind));
  for (const auto& e : b.elements) kinds_b.push_back(kind_order(e.kind));
  return kinds_a < kinds_b;
}

CriticalAnswer find_critical_elements(const Network& network, const CriticalOptions& options, const SolveLimits& limits) {
  CriticalAnswer answer;
  Probes probes = build_probes(network, answer, limits);
  const Scenario& s = network.scenario();
  auto rank = [&](std::vector<Closure>& closures) {
    std::stable_sort(closures.begin(), closures.end(),
                     [&](const Closure& a, const Closure& b) { return ranks_before(network, a, b); });
  };

  std::vector<std::vector<ElementRef>> singles;
  for (const ElementRef& e : closable_elements(network)) singles.push_back({e});
  answer.singles = close_sets(network, probes, singles, limits, answer);
  rank(answer.singles);

  answer.pairs_asked = options.pairs;
  if (!options.pairs) return answer;
  answer.pair_candidates = std::min(options.pair_candidates, answer.singles.size());
  std::vector<std::vector<ElementRef>> pairs;
  std::vector<std::pair<std::size_t, std::size_t>> members;  // indices into answer.singles
  for (std::size_t i = 0; i < answer.pair_candidates; ++i) {
    for (std::size_t j = i + 1; j < answer.pair_candidates; ++j) {
      std::vector<ElementRef> pair = {answer.singles[i].elements.front(), answer.singles[j].elements.front()};
      if (element_before(s, pair[1], pair[0])) std::swap(pair[0], pair[1]);
      pairs.push_back(std::move(pair));
      members.emplace_back(i, j);
    }
  }
  std::vector<Closure> joint = close_sets(network, probes, pairs, limits, answer);
  for (std::size_t p = 0; p < joint.size(); ++p) {
    const auto [i, j] = members[p];
    if (worse_than_each(answer, joint[p], answer.singles[i], answer.singles[j])) answer.pairs.push_back(std::move(joint[p]));
  }
  rank(answer.pairs);
  return answer;
}

SolvedCritical solve_critical(std::shared_ptr<const Scenario> scenario, std::string file, const CriticalOptions& options,
                              const SolveLimits& limits) {
  require_one_period(*scenario, "critical");
  Network network(std::move(scenario));
  require_sound(network, "network expansion of " + file);
  // Its routing probes are FlowSessions over every arc, one commodity per class (flow_lp.hpp).
  SolveLimits whole = limits;
  whole.aggregate_classes = false;
  whole.generate_arcs_from_columns = std::numeric_limits<int>::max();
  require_within_memory(estimate_run_size(network, whole), limits, file);
  const BackgroundAnswer background = route_background(network, limits);
  CriticalAnswer answer = find_critical_elements(network, options, limits);
  answer.background_status = background.status;
  if (background.status == SolveStatus::LimitReached) answer.limit_reached = true;
  return {std::move(file), std::move(network), std::move(answer)};
}

}  // namespace borderflow
