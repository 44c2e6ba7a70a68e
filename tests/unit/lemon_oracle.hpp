#pragma once
// The independent oracle of the differential tests: a LEMON digraph with integer capacities
// (kt/yr) and costs (USD/t), a super source S and super sink T, solved by LEMON's Preflow (max
// flow S -> T) and NetworkSimplex (least cost of sending a quantity S -> T). Each test builds
// its own network on it from its own instance.
#include <cstdint>

#include <catch2/catch.hpp>
#include <lemon/network_simplex.h>
#include <lemon/preflow.h>
#include <lemon/smart_graph.h>

namespace bftest {

struct LemonGraph {
  using Graph = lemon::SmartDigraph;
  /// Above any flow here (and above every demand): an unlimited arc.
  static constexpr std::int64_t infinite = std::int64_t{1} << 40;
  Graph graph;
  Graph::ArcMap<std::int64_t> capacity{graph};
  Graph::ArcMap<std::int64_t> cost{graph};
  Graph::Node source = graph.addNode();
  Graph::Node sink = graph.addNode();

  void add(Graph::Node u, Graph::Node v, std::int64_t cap, std::int64_t c) {
    const Graph::Arc a = graph.addArc(u, v);
    capacity[a] = cap;
    cost[a] = c;
  }

  /// Max flow S -> T in kt/yr.
  std::int64_t max_flow_kt() {
    lemon::Preflow<Graph, Graph::ArcMap<std::int64_t>> preflow(graph, capacity, source, sink);
    preflow.run();
    return preflow.flowValue();
  }

  /// Min cost of sending `quantity_kt` from S to T (thousand USD/yr).
  std::int64_t min_cost(std::int64_t quantity_kt) {
    lemon::NetworkSimplex<Graph, std::int64_t, std::int64_t> simplex(graph);
    Graph::NodeMap<std::int64_t> supply(graph, 0);
    supply[source] = quantity_kt;
    supply[sink] = -quantity_kt;
    simplex.upperMap(capacity).costMap(cost).supplyMap(supply);
    REQUIRE(simplex.run() == lemon::NetworkSimplex<Graph, std::int64_t, std::int64_t>::OPTIMAL);
    return simplex.totalCost<std::int64_t>();
  }
};

}  // namespace bftest
