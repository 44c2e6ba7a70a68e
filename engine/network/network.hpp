#pragma once
// The expanded ("virtual") network: one vertex per (place, layer) used there, arcs for links
// and transfers, and capacity rows that bound sums of arcs. A dual-gauge link has an arc in each
// rail layer and one row over both, so capacity is shared and no train changes gauge on it;
// gauge and mode change only on transfer arcs. The flat arc table is the solvers' view of the
// arcs; Boost.Graph's compressed sparse row graph, built once the expansion is complete, gives
// each vertex its out-arcs (the edge property `index` is into the arc table).
//
// Ownership: a Network shares ownership of the Scenario it was expanded from, so it stays valid
// however the caller holds the scenario (a temporary cannot dangle), and copying a Network is
// cheap on the scenario side.
//
// Time (a scenario with `time:`, engine/scenario/time.hpp): the network is time-expanded. It is
// the one-period expansion copied once per period p (vertex (place, layer, p)); an arc of a link
// or transfer departs in p and arrives in the period holding the day
//   first_day(p) + days(p) / 2 + hours / 24
// (cargo leaves at the period's midpoint; an arc arriving after the horizon is left out, and so
// is an arc whose element's factor in p is 0); a place with storage gets storage arcs
// (place, layer, p) -> (place, layer, p + 1), costing the storage price for the days between
// the two periods' midpoints. Every row is per period (CapacityRow::period) and bounds the
// arcs departing in it, at capacity * days(p) / 365 * factor(p) in TONNES of the period (a
// fleet's in tonne-hours of the period, a cap's in tonnes or barrels of the period); a storage
// row bounds the stock held from p into p + 1 (tonnes). Background loads scale the same way.
// Every field named *_t_per_yr then holds tonnes per period: the solvers do not care, and
// engine/solve/time_answers.hpp reads them as such.
//
// Indices: vertex indices are into the graph (`vertex(v)`), arc indices into `arcs()`, row
// indices into `rows()`; `element` fields and place indices are into the scenario's vectors.
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include <boost/graph/compressed_sparse_row_graph.hpp>

#include "core/int_list.hpp"
#include "core/rare.hpp"
#include "scenario/scenario.hpp"

namespace borderflow {

struct NetworkVertex {
  int place = -1;
  Layer layer;
  int period = 0;  ///< time-expanded networks: the period; 0 otherwise
};

/// Storage: stock held at a place from one period into the next (time-expanded networks only;
/// `element` is the place).
enum class ArcKind : std::uint8_t { Link, Transfer, Storage };

/// The expansion a sweep needs, so that variants never rebuild the network. Policy closures
/// are not applied (a sweep closes elements per world by arc masks); every element in
/// `may_open` gets arcs whatever its status (variants close it by masks); every element in
/// `may_limit` gets a capacity row even when its capacity is unlimited, with the placeholder
/// bound kSweepPlaceholderCapacity_t_per_yr that every variant overwrites before it solves.
struct SweepExpansion {
  std::vector<ElementRef> may_open;
  std::vector<ElementRef> may_limit;
};
inline constexpr double kSweepPlaceholderCapacity_t_per_yr = 1;

/// 56 bytes (the fields ordered so that none is padded): a 1M-link network has 2.2M of them.
struct NetworkArc {
  int index = -1;
  int tail = -1, head = -1;  ///< vertex indices
  int element = -1;          ///< link or transfer index in the scenario
  int period = 0;            ///< time-expanded: the period it departs in
  ArcKind kind = ArcKind::Link;
  bool reversed = false;     ///< traversed against the element's from -> to
  double cost_usd_per_t = 0;
  double hours = 0;
  IntList rows;              ///< capacity rows this arc counts against
};

/// What a row's capacity and use are measured in.
enum class RowUnit {
  TonnesPerYear,      ///< links, transfers, crossings; caps written in mass units
  TonneHoursPerYear,  ///< fleets: tonnes carried times the cycle hours they tie a vehicle up
  BarrelsPerYear,     ///< caps written in barrels
  Tonnes,             ///< storage: stock held from one period into the next
};

/// "t/yr", "t-h/yr", "bbl/yr".
const char* to_string(RowUnit unit);

/// A capacity: sum over `arcs` of weight_a * flow_a, over every flow class (or, for a per-class
/// row, over the classes that list it in FlowClass::counted_rows, times their weight there), is
/// at most capacity_t_per_yr, which is in `unit` (t/yr unless the row is a fleet's or a cap's).
///  - link, transfer, crossing: weights 1. Per direction, the direction a row bounds is that of
///    its arcs (all run the same way): for a link, the places of arcs[0]; for a transfer, its
///    layers; for a crossing, one direction of travel across the post whatever pair of countries
///    each link joins (see crossing rows in docs/design.md). A `both_ways` row
///    (capacity_both_ways) spans the arcs of both directions.
///  - fleet: the arcs of its links both ways, weight cycle_h of the link (see Fleet).
///  - cap: per_class; the arcs of its elements (weights 1), or none when it counts delivered
///    tonnes (then each counting class's sink columns carry its weight).
struct CapacityRow {
  ElementKind kind = ElementKind::Link;
  int element = -1;  ///< index of the link, transfer, crossing, fleet or cap in the scenario
  double capacity_t_per_yr = 0;  ///< in `unit`
  IntList arcs;  ///< arc indices
  Rare<std::vector<double>> weights;  ///< parallel to arcs; empty = 1 for every arc (all but fleets)
  RowUnit unit = RowUnit::TonnesPerYear;
  bool both_ways = false;  ///< spans both directions of travel
  bool per_class = false;  ///< counts only the classes that list it (caps)
  /// Taken by background flows (Scenario::background), in `unit`; every question is answered
  /// on spare() = capacity - background. Set by the expansion for loads and by
  /// Network::add_background for routed background demands.
  double background = 0;
  /// Time-expanded: the period whose departures (or, for a cap on delivered tonnes, whose
  /// deliveries; for storage, whose closing stock) it bounds; -1 in a one-period network.
  int period = -1;

  double weight(std::size_t i) const { return weights->empty() ? 1.0 : (*weights)[i]; }
  /// The capacity left for the questions (never below 0; an overload is an input error, see
  /// Network::background_overloads).
  double spare() const { return capacity_t_per_yr - background > 0 ? capacity_t_per_yr - background : 0.0; }
};

/// A background flow that takes more than a row's capacity: the scenario is inconsistent.
struct BackgroundOverload {
  int row = -1;
  double background = 0;  ///< what all background flows take from the row, in its unit
  int first_flow = -1;    ///< a background flow (index into Scenario::background) counting in it
};

/// The graph's edges carry only the index of their arc in the flat arc table.
struct ArcRef {
  int index = -1;
};

/// Out-edges only (nothing walks arcs backwards), in compressed sparse row form: ~12 bytes an
/// arc where an adjacency_list took ~90 (a list node per edge, out- and in-edge entries). Built
/// once the arcs are final; a vertex's out-edges are in arc order, as add_edge gave them. The
/// vertices themselves are Network::vertex(v).
using NetworkGraph = boost::compressed_sparse_row_graph<boost::directedS, boost::no_property, ArcRef>;

class Network {
 public:
  /// Expands a validated scenario. Closed and planned elements (by status or policy) get no arcs;
  /// unlimited capacities get no row.
  explicit Network(std::shared_ptr<const Scenario> scenario);
  /// The same, owning a copy (or the moved-in value) of the scenario.
  explicit Network(Scenario scenario);

  /// Expands a scenario once for every variant of a sweep (see SweepExpansion).
  static Network expand_for_sweep(std::shared_ptr<const Scenario> scenario, const SweepExpansion& expansion);

  const Scenario& scenario() const { return *scenario_; }
  /// The horizon of a time-expanded network (the scenario's `time:`), else null.
  const Horizon* horizon() const { return scenario_->time ? &*scenario_->time : nullptr; }
  /// 1 for a one-period network.
  int period_count() const { return horizon() ? horizon()->periods : 1; }
  const std::shared_ptr<const Scenario>& shared_scenario() const { return scenario_; }
  const NetworkGraph& graph() const { return graph_; }
  int vertex_count() const { return static_cast<int>(vertices_.size()); }
  const NetworkVertex& vertex(int v) const { return vertices_[static_cast<std::size_t>(v)]; }
  const std::vector<NetworkArc>& arcs() const { return arcs_; }
  const std::vector<CapacityRow>& rows() const { return rows_; }
  /// Vertices of a place, one per layer, in layer order; empty when nothing open touches it.
  const std::vector<int>& vertices_of(int place) const { return place_vertices_[static_cast<std::size_t>(place)]; }

  bool link_open(int link) const { return link_open_[static_cast<std::size_t>(link)]; }
  bool transfer_open(int transfer) const { return transfer_open_[static_cast<std::size_t>(transfer)]; }

  /// The name of a row in messages and reports: "transfer kp-tumangang (bogie exchange)
  /// rail:1520->rail:1435". It lives here, not in report/, because solve/check names rows in
  /// its certificate failures with it.
  std::string describe_row(int row) const;
  /// The direction a row bounds: "A->B" with place ids (links) or layers (transfers) read from
  /// its first arc; for a crossing the countries of all its arcs ("CN->KP", "CN/RU->KP").
  std::string row_direction(int row) const;
  /// The id of the element a row bounds.
  const std::string& row_element_id(int row) const;
  /// The arcs an element carries, in arc order (a crossing: the arcs of its links).
  std::vector<int> arcs_of(ElementRef element) const;
  /// The capacity rows that bound an element, in row order (one per direction; none when unlimited).
  std::vector<int> rows_of(ElementRef element) const;

  /// Re-checks the expansion's invariants; returns one message per violation (empty = sound).
  std::vector<std::string> check() const;

  /// Replaces a row's capacity in place (tests and benchmarks re-solve without rebuilding).
  void set_row_capacity(int row, double capacity_t_per_yr) { rows_[static_cast<std::size_t>(row)].capacity_t_per_yr = capacity_t_per_yr; }
  /// Counts a routed background flow: `arc_t_per_yr` (per arc) against every row that is not
  /// per-class, times the row's weights.
  void add_background(const std::vector<double>& arc_t_per_yr);
  /// The rows a load of one t/yr of background flow `flow` (index into Scenario::background)
  /// counts against, and how much it counts in each (the row's weight); none for a background
  /// demand or a load on a closed element. Over time, the rows of every period (each counts the
  /// same weight: callers scale a t/yr load to the period).
  std::vector<std::pair<int, double>> background_rows(int flow) const;
  /// Rows whose background exceeds their capacity (beyond 1e-6 relative), in row order.
  std::vector<BackgroundOverload> background_overloads() const;

 private:
  Network(std::shared_ptr<const Scenario> scenario, const SweepExpansion* sweep);
  void expand(const SweepExpansion* sweep);
  int vertex_for(int place, Layer layer);
  int add_arc(int tail, int head, ArcKind kind, int element, bool reversed, double cost, double hours);
  int add_row(ElementKind kind, int element, double capacity, std::vector<int> arcs);
  void add_both_ways_rows(const std::vector<std::vector<int>>& link_arcs, const std::vector<std::vector<int>>& transfer_arcs);
  void add_fleet_and_cap_rows(const std::vector<std::vector<int>>& link_arcs);
  void add_background_loads();
  /// Storage arcs and rows of the places that hold stock, from period p into p + 1.
  void add_storage(int p, int vertices_per_period);
  /// Replaces the one-period expansion by its copies over the horizon (see the top of this file).
  void expand_over_time();
  /// The graph of the final arcs (see NetworkGraph).
  void build_graph();
  /// Which background flow (index) first counted in each row, for overload messages.
  std::vector<int> background_first_;
  /// The countries a set of link arcs joins: "CN->KP", "CN/RU->KP".
  std::string arcs_label(std::span<const int> arcs) const;

  std::shared_ptr<const Scenario> scenario_;
  std::vector<NetworkVertex> vertices_;
  NetworkGraph graph_;
  std::vector<NetworkArc> arcs_;
  std::vector<CapacityRow> rows_;
  std::vector<std::vector<int>> place_vertices_;
  std::vector<bool> link_open_, transfer_open_;
};

/// Throws std::logic_error("<what> is unsound: <first problem>") when `network.check()` finds any:
/// an unsound expansion is a programming error, never an input error.
void require_sound(const Network& network, const std::string& what);

}  // namespace borderflow
