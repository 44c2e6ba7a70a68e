#include "solve/arc_generation.hpp"

#include <cmath>
#include <functional>
#include <limits>
#include <queue>
#include <utility>

#include "solve/shortest_path.hpp"

namespace borderflow {
namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();

/// Shortest distances from the class's sources over the arcs `usable` allows, with the arc into
/// each vertex on one shortest path (-1 at sources and unreached vertices).
struct ShortestTree {
  std::vector<double> distance;
  std::vector<int> via;
};

ShortestTree shortest_tree(const Network& network, const std::vector<int>& sources, const std::vector<char>& usable,
                           const std::vector<double>& length) {
  const auto n = static_cast<std::size_t>(network.vertex_count());
  ShortestTree tree{std::vector<double>(n, kInfinity), std::vector<int>(n, -1)};
  using Item = std::pair<double, int>;
  std::priority_queue<Item, std::vector<Item>, std::greater<Item>> queue;
  for (int s : sources) {
    tree.distance[static_cast<std::size_t>(s)] = 0;
    queue.push({0.0, s});
  }
  const NetworkGraph& graph = network.graph();
  while (!queue.empty()) {
    const auto [d, v] = queue.top();
    queue.pop();
    if (d > tree.distance[static_cast<std::size_t>(v)]) continue;
    for (auto [e, end] = boost::out_edges(static_cast<std::size_t>(v), graph); e != end; ++e) {
      const int a = graph[*e].index;
      if (!usable[static_cast<std::size_t>(a)]) continue;
      const int head = network.arcs()[static_cast<std::size_t>(a)].head;
      const double next = d + std::max(0.0, length[static_cast<std::size_t>(a)]);
      if (next < tree.distance[static_cast<std::size_t>(head)]) {
        tree.distance[static_cast<std::size_t>(head)] = next;
        tree.via[static_cast<std::size_t>(head)] = a;
        queue.push({next, head});
      }
    }
  }
  return tree;
}

/// The arcs of the cheapest path of each class to every sk whose start set is reached more
/// cheaply over all its arcs than over its restricted ones, added to the restricted set.
std::size_t add_cheaper_paths(const Network& network, const FlowClass& full, FlowClass& restricted,
                              const std::vector<double>& row_price) {
  const auto length = priced_lengths(network, full, row_price, true);
  const ShortestTree all = shortest_tree(network, full.sources, full.arc_usable, length);
  const ShortestTree now = shortest_tree(network, full.sources, restricted.arc_usable, length);
  std::size_t added = 0;
  for (int sink : full.sinks) {
    const auto v = static_cast<std::size_t>(sink);
    if (!std::isfinite(all.distance[v])) continue;
    if (all.distance[v] >= now.distance[v] - 1e-9 * (1 + std::abs(all.distance[v]))) continue;
    for (int w = sink; all.via[static_cast<std::size_t>(w)] >= 0;) {
      const int a = all.via[static_cast<std::size_t>(w)];
      if (!restricted.arc_usable[static_cast<std::size_t>(a)]) {
        restricted.arc_usable[static_cast<std::size_t>(a)] = 1;
        ++added;
      }
      w = network.arcs()[static_cast<std::size_t>(a)].tail;
    }
  }
  return added;
}

}  // namespace

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
  std::vector<double> row_price(network.rows().size(), 0.0);
  FlowSolution solution;
  for (int round = 1;; ++round) {
    std::size_t added = 0;
    for (std::size_t k = 0; k < classes.size(); ++k) added += add_cheaper_paths(network, classes[k], restricted[k], row_price);
    if (added == 0 && round > 1) break;
    solution = solve_min_cost(network, restricted, limits);
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
