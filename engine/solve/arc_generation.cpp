#include "solve/arc_generation.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <optional>
#include <queue>
#include <utility>

#include "solve/shortest_path.hpp"

namespace borderflow {
namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();

/// Shortest distances from the class's sources over the arcs `usable` allows, with the arc into
/// each vertex on one shortest path (-1 at sources and unreached vertices). The search stops once
/// every vertex of `targets` is settled, or at the first vertex `stop_at` or farther: every
/// distance below that is then final and every other is at least it (a vertex not yet settled
/// is in the heap at its tentative distance, and the heap's least is past the stop), which is all
/// the callers read. One search per class and round over all arcs is most of a round's time
/// outside the LP.
///
/// Zero-length arcs skip the heap. When a vertex settles at d (the heap's least), a head it
/// reaches over an arc of length 0 is at d too, which nothing can lower: it settles at once, in
/// a first-in first-out level behind the vertex. The max flow's priced lengths are row prices,
/// 0 on every arc outside the few binding rows, so most of a large network is one level: the
/// search does no heap work there, and its tree is breadth first, a path to each sink with the
/// fewest arcs. Those paths let a round's LP route round more binding rows at once: on the 100k
/// grid the rounds of the slowest question fell from 57 to 24 (the old order, least vertex id
/// first among ties, grew depth-first paths through the zero-length region).
struct ShortestTree {
  std::vector<double> distance;
  std::vector<int> via;
};

ShortestTree shortest_tree(const Network& network, const std::vector<int>& sources, const std::vector<char>& usable,
                           const std::vector<double>& length, const std::vector<int>& targets,
                           double stop_at = kInfinity) {
  const auto n = static_cast<std::size_t>(network.vertex_count());
  ShortestTree tree{std::vector<double>(n, kInfinity), std::vector<int>(n, -1)};
  std::vector<char> target(n, 0);
  std::size_t targets_left = 0;
  for (int t : targets) {
    if (!target[static_cast<std::size_t>(t)]) ++targets_left;
    target[static_cast<std::size_t>(t)] = 1;
  }
  using Item = std::pair<double, int>;
  std::priority_queue<Item, std::vector<Item>, std::greater<Item>> queue;
  for (int s : sources) {
    tree.distance[static_cast<std::size_t>(s)] = 0;
    queue.push({0.0, s});
  }
  const NetworkGraph& graph = network.graph();
  std::vector<int> level;  // the vertices settled at the current distance, in the order reached
  while (!queue.empty() && targets_left > 0) {
    const auto [d, v] = queue.top();
    queue.pop();
    if (d > tree.distance[static_cast<std::size_t>(v)]) continue;
    if (d >= stop_at) break;
    level.clear();
    level.push_back(v);
    for (std::size_t next_in_level = 0; next_in_level < level.size() && targets_left > 0;) {
      const auto vv = static_cast<std::size_t>(level[next_in_level++]);
      if (target[vv]) {
        target[vv] = 0;
        --targets_left;
      }
      for (auto [e, end] = boost::out_edges(vv, graph); e != end; ++e) {
        const auto a = static_cast<std::size_t>(graph[*e].index);
        if (!usable[a]) continue;
        // The head from the graph's own table: a NetworkArc is 56 bytes away in another array.
        const auto head = static_cast<std::size_t>(boost::target(*e, graph));
        const double step = std::max(0.0, length[a]);
        const double next = d + step;
        if (next < tree.distance[head]) {
          tree.distance[head] = next;
          tree.via[head] = static_cast<int>(a);
          if (step == 0) {
            level.push_back(static_cast<int>(head));
          } else {
            queue.push({next, static_cast<int>(head)});
          }
        }
      }
    }
  }
  return tree;
}

/// shortest_tree's distances and tree toward `targets` by A*: vertices leave the heap in order
/// of distance plus `to_go`, each vertex's distance to the nearest target under the arc costs
/// alone (distances_to_sinks). Priced lengths never undercut the costs (row prices and weights
/// are not negative; with_costs_undercut checks it), so `to_go` never overestimates and never
/// drops by more than an arc's length along it: each vertex is settled once, at its exact
/// distance, and only vertices on some path shorter than the farthest target's are settled,
/// a corridor between sources and sinks where Dijkstra settles the whole network nearer than
/// that. Vertices that reach no target are left out; the callers read targets and the tree
/// back from them.
ShortestTree shortest_tree_toward(const Network& network, const std::vector<int>& sources, const std::vector<char>& usable,
                                  const std::vector<double>& length, const std::vector<int>& targets,
                                  const std::vector<double>& to_go) {
  const auto n = static_cast<std::size_t>(network.vertex_count());
  ShortestTree tree{std::vector<double>(n, kInfinity), std::vector<int>(n, -1)};
  std::vector<char> target(n, 0), settled(n, 0);
  std::size_t targets_left = 0;
  for (int t : targets) {
    if (!target[static_cast<std::size_t>(t)]) ++targets_left;
    target[static_cast<std::size_t>(t)] = 1;
  }
  using Item = std::pair<double, int>;  // (distance + to_go, vertex)
  std::priority_queue<Item, std::vector<Item>, std::greater<Item>> queue;
  for (int s : sources) {
    if (!std::isfinite(to_go[static_cast<std::size_t>(s)])) continue;
    tree.distance[static_cast<std::size_t>(s)] = 0;
    queue.push({to_go[static_cast<std::size_t>(s)], s});
  }
  const NetworkGraph& graph = network.graph();
  while (!queue.empty() && targets_left > 0) {
    const auto v = static_cast<std::size_t>(queue.top().second);
    queue.pop();
    if (settled[v]) continue;
    settled[v] = 1;
    if (target[v]) --targets_left;
    const double d = tree.distance[v];
    for (auto [e, end] = boost::out_edges(v, graph); e != end; ++e) {
      const auto a = static_cast<std::size_t>(graph[*e].index);
      if (!usable[a]) continue;
      const auto head = static_cast<std::size_t>(boost::target(*e, graph));
      if (settled[head] || !std::isfinite(to_go[head])) continue;
      const double next = d + std::max(0.0, length[a]);
      if (next < tree.distance[head]) {
        tree.distance[head] = next;
        tree.via[head] = static_cast<int>(a);
        queue.push({next + to_go[head], static_cast<int>(head)});
      }
    }
  }
  return tree;
}

/// Whether some usable arc's priced length falls below its cost (clamped at 0 as the searches
/// take them): a row priced with a negative weight. The cost distances are then no lower bound
/// and the searches go without them.
bool with_costs_undercut(const FlowClass& c, const std::vector<double>& length, const std::vector<double>& cost_length) {
  for (std::size_t a = 0; a < length.size(); ++a) {
    if (c.arc_usable[a] && std::max(0.0, length[a]) < std::max(0.0, cost_length[a])) return true;
  }
  return false;
}

/// A class's arc costs (priced_lengths at no prices) and each vertex's cost distance to its
/// sinks: computed once per question, for every cheapest round's A* (shortest_tree_toward).
struct CostDistances {
  std::vector<double> cost_length;
  std::vector<double> to_go;
};
CostDistances cost_distances(const Network& network, const FlowClass& c, const ArcsInto& into) {
  CostDistances out;
  out.cost_length = priced_lengths(network, c, std::vector<double>(network.rows().size(), 0.0), true);
  out.to_go = distances_to_sinks(network, c, out.cost_length, into);
  return out;
}

/// The arcs of the cheapest path to every sink of `members` (classes of one commodity: the same
/// sources, arcs, fees and counted rows, so one search serves them all) that all its arcs reach
/// more cheaply than its restricted ones, added to every member's restricted set: members keep
/// one arc set, so that solve_min_cost still shares their columns. With `costs` (a max flow's
/// one class), both searches are A* toward its sinks.
std::size_t add_cheaper_paths(const Network& network, const std::vector<FlowClass>& full, const std::vector<int>& members,
                              std::vector<FlowClass>& restricted, const std::vector<double>& row_price,
                              const CostDistances* costs = nullptr) {
  const auto lead = static_cast<std::size_t>(members.front());
  const auto length = priced_lengths(network, full[lead], row_price, true);
  std::vector<int> sinks;
  for (int m : members) {
    const auto& own = full[static_cast<std::size_t>(m)].sinks;
    sinks.insert(sinks.end(), own.begin(), own.end());
  }
  const bool toward = costs && !with_costs_undercut(full[lead], length, costs->cost_length);
  const auto tree = [&](const std::vector<char>& usable) {
    if (toward) return shortest_tree_toward(network, full[lead].sources, usable, length, sinks, costs->to_go);
    return shortest_tree(network, full[lead].sources, usable, length, sinks);
  };
  const ShortestTree all = tree(full[lead].arc_usable);
  const ShortestTree now = tree(restricted[lead].arc_usable);
  std::size_t added = 0;
  for (int m : members) {
    for (int sink : full[static_cast<std::size_t>(m)].sinks) {
      const auto v = static_cast<std::size_t>(sink);
      if (!std::isfinite(all.distance[v])) continue;
      if (all.distance[v] >= now.distance[v] - 1e-9 * (1 + std::abs(all.distance[v]))) continue;
      for (int w = sink; all.via[static_cast<std::size_t>(w)] >= 0;) {
        const auto a = static_cast<std::size_t>(all.via[static_cast<std::size_t>(w)]);
        if (!restricted[lead].arc_usable[a]) {
          for (int each : members) restricted[static_cast<std::size_t>(each)].arc_usable[a] = 1;
          ++added;
        }
        w = network.arcs()[a].tail;
      }
    }
  }
  return added;
}

/// Whether the LP over the restricted arcs fits SolveLimits::max_memory_bytes (estimated before it
/// is built, as solve_scenario estimates the whole run's: the arcs grow round by round, and a run
/// whose arcs keep growing stops as limit-reached instead of running out of memory).
bool within_memory(const Network& network, const std::vector<FlowClass>& restricted, const SolveLimits& limits) {
  // First a bound from the usable arcs alone: every usable arc a column with an entry in each of
  // its rows and two vertex rows, every end a column with its delivery rows, each class's group
  // columns. The estimate walks the whole network (its row table and each class's relevant arcs)
  // and was 7 % of the 100k grid's time, round after round, for sets far below any limit.
  LpSize bound;
  for (const FlowClass& c : restricted) {
    std::size_t usable = 0;
    for (std::size_t a = 0; a < c.arc_usable.size(); ++a) {
      if (!c.arc_usable[a]) continue;
      ++usable;
      bound.nonzeros += 2 + network.arcs()[a].rows.size();
    }
    const std::size_t ends = c.sources.size() + c.sinks.size();
    const std::size_t slots = std::max<std::size_t>(1, c.slot_supply_t.size());
    bound.columns += usable + ends + 2 * slots;
    bound.nonzeros += ends * (2 + c.counted_rows.size()) + 4 * slots;
    bound.rows += std::min(static_cast<std::size_t>(network.vertex_count()), 2 * usable + ends) + 2 + slots;
  }
  bound.rows += network.rows().size();
  if (bound.bytes() <= limits.max_memory_bytes) return true;
  return !(estimate_lp_size(network, restricted, limits.aggregate_classes, true).bytes() > limits.max_memory_bytes);
}

/// Whether row prices `row_price` prove the maximum over all of `full`'s arcs (dist_k + t_k >= 1
/// for every class with ends, see arc_generation.hpp); when `restricted` is given, the arcs of a
/// shortest path to each sink nearer than that join it (`added` counts them); without it, and
/// given `into`, only the answer is wanted and sinks_nearer_than finds it. nullopt when a priced
/// length is negative (Dijkstra cannot price the arcs).
std::optional<bool> prices_prove_maximum(const Network& network, const std::vector<FlowClass>& full,
                                         const std::vector<double>& row_price,
                                         std::vector<FlowClass>* restricted, std::size_t* added,
                                         const ArcsInto* into = nullptr) {
  bool proven = true;
  for (std::size_t k = 0; k < full.size(); ++k) {
    const FlowClass& c = full[k];
    if (c.sources.empty() || c.sinks.empty()) continue;
    const auto length = priced_lengths(network, c, row_price, false);
    for (std::size_t a = 0; a < length.size(); ++a) {
      if (c.arc_usable[a] && length[a] < 0) return std::nullopt;
    }
    const double bound = 1.0 - delivery_price(network, c, row_price);
    if (!restricted && into) {
      if (sinks_nearer_than(network, c, length, bound - 1e-9, *into)) return false;
      continue;
    }
    const ShortestTree all = shortest_tree(network, c.sources, c.arc_usable, length, c.sinks, bound - 1e-9);
    for (int sink : c.sinks) {
      if (!(all.distance[static_cast<std::size_t>(sink)] < bound - 1e-9)) continue;
      proven = false;
      if (!restricted) return false;
      auto& usable = (*restricted)[k].arc_usable;
      for (int w = sink; all.via[static_cast<std::size_t>(w)] >= 0;) {
        const int a = all.via[static_cast<std::size_t>(w)];
        if (!usable[static_cast<std::size_t>(a)]) {
          usable[static_cast<std::size_t>(a)] = 1;
          ++*added;
        }
        w = network.arcs()[static_cast<std::size_t>(a)].tail;
      }
    }
  }
  return proven;
}

}  // namespace

void add_twin_arcs(const Network& network, const std::vector<char>& of, std::vector<char>& arcs) {
  const auto& all = network.arcs();
  arcs.resize(all.size(), 0);
  for (std::size_t a = 0; a < of.size() && a < all.size(); ++a) {
    if (!of[a]) continue;
    const NetworkArc& arc = all[a];
    for (auto [e, end] = boost::out_edges(static_cast<std::size_t>(arc.head), network.graph()); e != end; ++e) {
      const NetworkArc& back = all[static_cast<std::size_t>(network.graph()[*e].index)];
      if (back.head == arc.tail && back.element == arc.element && back.kind == arc.kind && back.period == arc.period) {
        arcs[static_cast<std::size_t>(back.index)] = 1;
      }
    }
  }
}

FlowSolution solve_max_flow_by_arcs(const Network& network, const std::vector<FlowClass>& classes,
                                    const SolveLimits& limits, const std::vector<char>& seed_arcs,
                                    const MaxFlowProbe& probe, ArcGenerationStats* stats, std::vector<char>* final_arcs) {
  if (final_arcs) final_arcs->clear();
  const auto whole_lp = [&] { return solve_max_flow_lp(network, classes, limits, false, probe).solution; };
  std::vector<FlowClass> restricted = classes;
  for (FlowClass& c : restricted) {
    for (std::size_t a = 0; a < c.arc_usable.size(); ++a) {
      c.arc_usable[a] = c.arc_usable[a] && a < seed_arcs.size() && seed_arcs[a];
    }
  }
  // At zero prices every sink a class reaches is nearer than 1: a path to each joins H.
  std::size_t added = 0;
  prices_prove_maximum(network, classes, std::vector<double>(network.rows().size(), 0.0), &restricted, &added);
  MaxFlowLpAnswer answer;
  // Each round's LP starts from the last one's optimal bases: H only grows, so they fit it.
  MaxFlowWarmStart warm;
  const ArcsInto into(network);
  std::vector<CostDistances> costs;  // per class, from the first cheapest round
  bool maximum_proven = false;
  int round = 0;
  for (;;) {
    ++round;
    if (!within_memory(network, restricted, limits)) {
      answer.solution = FlowSolution{};
      answer.solution.status = SolveStatus::LimitReached;
      break;
    }
    answer = solve_max_flow_lp(network, restricted, limits, !maximum_proven, {}, {}, &warm);
    if (answer.solution.status != SolveStatus::Optimal) break;
    added = 0;
    if (maximum_proven) {
      if (costs.empty()) {
        for (const FlowClass& c : classes) costs.push_back(cost_distances(network, c, into));
      }
      for (std::size_t k = 0; k < classes.size(); ++k) {
        if (classes[k].sources.empty() || classes[k].sinks.empty()) continue;
        added += add_cheaper_paths(network, classes, {static_cast<int>(k)}, restricted, answer.cheapest_row_price, &costs[k]);
      }
      // H's maximum stays the whole network's as H grows (it cannot pass that, nor fall), so
      // only the last round's own prices need to prove it again, for the certificate.
      if (added > 0) continue;
    }
    const auto proven = prices_prove_maximum(network, classes, answer.solution.row_shadow, &restricted, &added);
    if (!proven) return whole_lp();  // a negative priced length
    if (!*proven) {
      if (added == 0) return whole_lp();  // round-off: the prices stopped improving
      continue;
    }
    if (maximum_proven) break;
    maximum_proven = true;  // the maximum holds: now its cheapest flow, over H
  }
  if (final_arcs && answer.solution.status == SolveStatus::Optimal) {
    final_arcs->assign(network.arcs().size(), 0);
    for (const FlowClass& c : restricted) {
      for (std::size_t a = 0; a < c.arc_usable.size() && a < final_arcs->size(); ++a) (*final_arcs)[a] |= c.arc_usable[a];
    }
  }
  if (stats) {
    stats->rounds = round;
    stats->warm_phases = warm.warm_phases;
    stats->arcs_used = 0;
    for (const FlowClass& c : restricted) {
      for (char u : c.arc_usable) stats->arcs_used += u ? 1 : 0;
    }
  }
  if (answer.solution.status != SolveStatus::Optimal || !probe) return std::move(answer.solution);
  const MaxFlowDualCheck check = [&](const std::vector<double>& row_price) {
    const auto proven = prices_prove_maximum(network, classes, row_price, nullptr, nullptr, &into);
    return proven && *proven;
  };
  return solve_max_flow_lp(network, restricted, limits, false, probe, check, &warm).solution;
}

FlowSolution solve_min_cost_by_arcs(const Network& network, const std::vector<FlowClass>& classes,
                                    const SolveLimits& limits, ArcGenerationStats* stats) {
  std::vector<FlowClass> restricted = classes;
  // Storage arcs start usable: they are few (places with storage x layers x periods), and a
  // chain of them across a closure would otherwise be found one period per round.
  for (FlowClass& c : restricted) {
    for (const NetworkArc& arc : network.arcs()) {
      auto& usable = c.arc_usable[static_cast<std::size_t>(arc.index)];
      usable = usable && arc.kind == ArcKind::Storage;
    }
  }
  const Commodities commodities = find_commodities(network, classes);
  std::vector<double> row_price(network.rows().size(), 0.0);
  FlowSolution solution;
  // Plain Dijkstra here, not the max flows' A*: its trees differ where paths tie, and routing
  // over time ties often (a tonne stored a month or sent a month later at the same cost). The
  // bundled monthly closure then reported another of its equally cheap plans.
  for (int round = 1;; ++round) {
    std::size_t added = 0;
    for (const auto& members : commodities.members) added += add_cheaper_paths(network, classes, members, restricted, row_price);
    if (added == 0 && round > 1) break;
    if (!within_memory(network, restricted, limits)) {
      solution = FlowSolution{};
      solution.status = SolveStatus::LimitReached;
      break;
    }
    solution = solve_min_cost(network, restricted, limits, true);
    if (stats) stats->rounds = round;
    if (solution.status != SolveStatus::Optimal) break;
    row_price = solution.row_shadow;
  }
  if (stats) {
    stats->arcs_used = 0;
    for (const FlowClass& c : restricted) {
      for (char u : c.arc_usable) stats->arcs_used += u ? 1 : 0;
    }
  }
  return solution;
}

}  // namespace borderflow
