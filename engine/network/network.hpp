#pragma once
// The expanded ("virtual") network: one vertex per (place, layer) used there, arcs for links
// and transfers, and capacity rows that bound sums of arcs. A dual-gauge link has an arc in each
// rail layer and one row over both, so capacity is shared and no train changes gauge on it;
// gauge and mode change only on transfer arcs. Boost.Graph holds the structure; the flat arc
// table is the solvers' view of the same arcs, indexed like the graph's edge property `index`.
#include <string>
#include <vector>

#include <boost/graph/adjacency_list.hpp>

#include "scenario/scenario.hpp"

namespace borderflow {

struct NetworkVertex {
  int place = -1;
  Layer layer;
};

enum class ArcKind { Link, Transfer };

struct NetworkArc {
  int index = -1;
  int tail = -1, head = -1;  ///< vertex indices
  ArcKind kind = ArcKind::Link;
  int element = -1;          ///< link or transfer index in the scenario
  bool reversed = false;     ///< traversed against the element's from -> to
  double cost_usd_per_t = 0;
  double hours = 0;
  std::vector<int> rows;     ///< capacity rows this arc counts against
};

enum class RowKind { Link, Transfer, Crossing };

/// A capacity: the sum of flow over `arcs` (all commodities) is at most capacity_t_per_yr.
struct CapacityRow {
  RowKind kind = RowKind::Link;
  int element = -1;
  std::string direction;  ///< "A->B" (place ids for links/transfers, countries for crossings)
  double capacity_t_per_yr = 0;
  std::vector<int> arcs;
};

/// The graph's edges carry only the index of their row in the flat arc table.
struct ArcRef {
  int index = -1;
};

using NetworkGraph = boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS, NetworkVertex, ArcRef>;

class Network {
 public:
  /// Expands a validated scenario. Closed and planned elements (by status or policy) get no arcs.
  explicit Network(const Scenario& scenario);

  const Scenario& scenario() const { return *scenario_; }
  const NetworkGraph& graph() const { return graph_; }
  int vertex_count() const { return static_cast<int>(boost::num_vertices(graph_)); }
  const NetworkVertex& vertex(int v) const { return graph_[static_cast<std::size_t>(v)]; }
  const std::vector<NetworkArc>& arcs() const { return arcs_; }
  const std::vector<CapacityRow>& rows() const { return rows_; }
  /// Vertices of a place, one per layer, in layer order; empty when nothing open touches it.
  const std::vector<int>& vertices_of(int place) const { return place_vertices_[static_cast<std::size_t>(place)]; }

  bool link_open(int link) const { return link_open_[static_cast<std::size_t>(link)]; }
  bool transfer_open(int transfer) const { return transfer_open_[static_cast<std::size_t>(transfer)]; }

  /// "kp-tumangang bogie exchange rail:1520->rail:1435" style label of a row, for reports.
  std::string describe_row(int row) const;
  /// The element id a row bounds.
  std::string row_element_id(int row) const;

  /// Re-checks the expansion's invariants; returns one message per violation (empty = sound).
  std::vector<std::string> check() const;

  /// Replaces a row's capacity in place (sweeps change capacities without rebuilding).
  void set_row_capacity(int row, double capacity_t_per_yr) { rows_[static_cast<std::size_t>(row)].capacity_t_per_yr = capacity_t_per_yr; }

 private:
  int vertex_for(int place, Layer layer);
  int add_arc(int tail, int head, ArcKind kind, int element, bool reversed, double cost, double hours);
  int add_row(RowKind kind, int element, std::string direction, double capacity, std::vector<int> arcs);

  const Scenario* scenario_;
  NetworkGraph graph_;
  std::vector<NetworkArc> arcs_;
  std::vector<CapacityRow> rows_;
  std::vector<std::vector<int>> place_vertices_;
  std::vector<bool> link_open_, transfer_open_;
};

}  // namespace borderflow
