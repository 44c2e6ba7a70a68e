#include "solve/shortest_path.hpp"

#include <algorithm>
#include <limits>

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/dijkstra_shortest_paths.hpp>

namespace borderflow {

std::vector<double> distances_from_sources(const Network& network, const FlowClass& flow_class,
                                           const std::vector<double>& arc_length) {
  using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS, boost::no_property,
                                      boost::property<boost::edge_weight_t, double>>;
  const int n = network.vertex_count();
  Graph graph(static_cast<std::size_t>(n) + 1);
  const auto root = static_cast<std::size_t>(n);
  for (int v : flow_class.sources) boost::add_edge(root, static_cast<std::size_t>(v), 0.0, graph);
  for (const auto& arc : network.arcs()) {
    if (!flow_class.arc_usable[static_cast<std::size_t>(arc.index)]) continue;
    boost::add_edge(static_cast<std::size_t>(arc.tail), static_cast<std::size_t>(arc.head),
                    std::max(0.0, arc_length[static_cast<std::size_t>(arc.index)]), graph);
  }
  std::vector<double> distance(static_cast<std::size_t>(n) + 1);
  // An iterator property map, not the raw pointer: once network.hpp brings in the compressed
  // sparse row graph's headers, a pointer no longer resolves as a property map here.
  boost::dijkstra_shortest_paths(
      graph, root, boost::distance_map(boost::make_iterator_property_map(distance.begin(), boost::get(boost::vertex_index, graph))));
  distance.pop_back();
  for (double& d : distance) {
    if (d >= std::numeric_limits<double>::max()) d = std::numeric_limits<double>::infinity();
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
