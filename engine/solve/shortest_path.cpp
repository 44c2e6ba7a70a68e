#include "solve/shortest_path.hpp"

#include <algorithm>
#include <functional>
#include <limits>
#include <queue>
#include <utility>

#include <boost/range/iterator_range.hpp>

namespace borderflow {

std::vector<double> distances_from_sources(const Network& network, const FlowClass& flow_class,
                                           const std::vector<double>& arc_length) {
  // Dijkstra over the network's own out-edge table, every source at 0, with a lazy heap (a vertex
  // settles at its first pop; later, longer entries are skipped). A graph built per call, with a
  // node per edge, took most of the time of the search. The distances do not depend on the heap:
  // with lengths >= 0, v's distance is the least of d(u) + l over in-neighbours u settled before
  // it, and every u that could lower it is settled before it whatever the order of ties.
  const auto n = static_cast<std::size_t>(network.vertex_count());
  constexpr double kInfinity = std::numeric_limits<double>::infinity();
  std::vector<double> distance(n, kInfinity);
  std::vector<char> settled(n, 0);
  using Entry = std::pair<double, int>;  // (distance, vertex), least first
  std::priority_queue<Entry, std::vector<Entry>, std::greater<>> heap;
  for (int v : flow_class.sources) {
    distance[static_cast<std::size_t>(v)] = 0.0;
    heap.emplace(0.0, v);
  }
  const NetworkGraph& graph = network.graph();
  while (!heap.empty()) {
    const auto [d, u] = heap.top();
    heap.pop();
    if (settled[static_cast<std::size_t>(u)]) continue;
    settled[static_cast<std::size_t>(u)] = 1;
    for (const auto edge : boost::make_iterator_range(boost::out_edges(static_cast<std::size_t>(u), graph))) {
      const auto a = static_cast<std::size_t>(graph[edge].index);
      if (!flow_class.arc_usable[a]) continue;
      const auto v = static_cast<std::size_t>(boost::target(edge, graph));
      const double through = d + std::max(0.0, arc_length[a]);
      if (through < distance[v]) {
        distance[v] = through;
        heap.emplace(through, static_cast<int>(v));
      }
    }
  }
  return distance;
}

double distance_to_sinks(const FlowClass& flow_class, const std::vector<double>& distances) {
  double best = std::numeric_limits<double>::infinity();
  for (int v : flow_class.sinks) best = std::min(best, distances[static_cast<std::size_t>(v)]);
  return best;
}

std::vector<double> priced_lengths(const Network& network, const FlowClass& flow_class,
                                   const std::vector<double>& row_price, bool with_costs) {
  const auto& rows = network.rows();
  std::vector<double> class_weight(rows.size(), 0.0);
  for (const CountedRow& counted : flow_class.counted_rows) class_weight[static_cast<std::size_t>(counted.row)] = counted.weight;
  std::vector<double> length(network.arcs().size(), 0.0);
  for (const auto& arc : network.arcs()) {
    const auto a = static_cast<std::size_t>(arc.index);
    double l = with_costs ? arc.cost_usd_per_t + flow_class.extra_cost(a) : 0.0;
    for (int r : arc.rows) {
      const CapacityRow& row = rows[static_cast<std::size_t>(r)];
      const double y = row_price[static_cast<std::size_t>(r)];
      if (y == 0) continue;
      const auto at = static_cast<std::size_t>(std::find(row.arcs.begin(), row.arcs.end(), arc.index) - row.arcs.begin());
      const double coef = row.weight(at) * (row.per_class ? class_weight[static_cast<std::size_t>(r)] : 1.0);
      l += coef * y;
    }
    length[a] = l;
  }
  return length;
}

double delivery_price(const Network& network, const FlowClass& flow_class, const std::vector<double>& row_price) {
  double price = 0;
  for (const CountedRow& counted : flow_class.counted_rows) {
    if (network.rows()[static_cast<std::size_t>(counted.row)].arcs.empty()) {
      price += counted.weight * row_price[static_cast<std::size_t>(counted.row)];
    }
  }
  return price;
}

}  // namespace borderflow
