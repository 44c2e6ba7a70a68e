#include "solve/network_flow.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <deque>
#include <utility>
#include <limits>

#include <lemon/preflow.h>
#include <lemon/smart_graph.h>

#include "core/limits.hpp"
#include "solve/min_cost_flow.hpp"

namespace borderflow {
namespace {

using Units = std::int64_t;
using Graph = lemon::SmartDigraph;

constexpr double kInfinity = std::numeric_limits<double>::infinity();
constexpr double kUnitsCeiling = 4.6e18;  // 2^62, below int64's 2^63
constexpr double kCostUnitsCeiling = 1e9;

/// The question in network form (network_flow.hpp): the active class, its relevant arcs A with
/// capacities u_a and their limiting rows, and the integer scale.
struct PureForm {
  std::size_t k = 0;
  std::vector<int> arcs;              // A, in arc order
  std::vector<int> position;          // per network arc: its index in `arcs`, or -1
  std::vector<double> cap_t_per_yr;   // u_a; +infinity without rows
  std::vector<int> limit_row;         // the first row (row order) with s_r / w_{r,a} = u_a; -1 without
  std::vector<double> limit_weight;   // w_{r,a} of that row
  std::vector<int> multi_rows;        // rows over several arcs of A
  bool unbounded = false;
  double scale = 1;                   // units per t/yr
  Units infinite = 0;                 // an unlimited arc's capacity, in units
  std::vector<Units> cap;             // u_a in units
  std::size_t source_degree = 0;
};

/// Everything the LP's build checks (flow_lp.cpp), so that out-of-range data is left to the LP
/// and reported as NumericRange exactly as before.
bool magnitudes_in_range(const Network& network, const std::vector<FlowClass>& classes) {
  if (!lp_inputs_in_range(network, classes)) return false;
  for (const CapacityRow& row : network.rows()) {
    double largest = 0;
    for (std::size_t i = 0; i < row.arcs.size(); ++i) largest = std::max(largest, std::abs(row.weight(i)));
    if (!(row.capacity_t_per_yr / (largest > 0 ? largest : 1.0) <= kMaxMagnitude)) return false;
  }
  return true;
}

/// Adjacency lists in two flat arrays (one allocation each, not one per vertex): the items of
/// vertex v are item[first[v]] .. item[first[v + 1] - 1]. Built by calling `edges(add)` twice,
/// which must call add(v, x) for the same pairs both times (a count, then a fill).
struct Adjacency {
  std::vector<int> first, item;
  template <class Edges>
  Adjacency(std::size_t n, Edges&& edges) : first(n + 1, 0) {
    edges([&](int v, int) { ++first[static_cast<std::size_t>(v) + 1]; });
    for (std::size_t v = 0; v < n; ++v) first[v + 1] += first[v];
    item.resize(static_cast<std::size_t>(first[n]));
    std::vector<int> fill(first.begin(), first.end() - 1);
    edges([&](int v, int x) { item[static_cast<std::size_t>(fill[static_cast<std::size_t>(v)]++)] = x; });
  }
  std::size_t size() const { return first.size() - 1; }
  const int* begin(std::size_t v) const { return item.data() + first[v]; }
  const int* end(std::size_t v) const { return item.data() + first[v + 1]; }
};

/// Marks the vertices reachable from `start` over `adjacency`; `next(x)` is the vertex an item leads to.
template <class Next>
std::vector<char> reach(const std::vector<int>& start, const Adjacency& adjacency, Next&& next) {
  std::vector<char> seen(adjacency.size(), 0);
  std::vector<int> stack;
  for (int v : start) {
    if (!seen[static_cast<std::size_t>(v)]) {
      seen[static_cast<std::size_t>(v)] = 1;
      stack.push_back(v);
    }
  }
  while (!stack.empty()) {
    const int v = stack.back();
    stack.pop_back();
    for (const int* x = adjacency.begin(static_cast<std::size_t>(v)); x != adjacency.end(static_cast<std::size_t>(v)); ++x) {
      const int w = next(*x);
      if (!seen[static_cast<std::size_t>(w)]) {
        seen[static_cast<std::size_t>(w)] = 1;
        stack.push_back(w);
      }
    }
  }
  return seen;
}

std::optional<PureForm> pure_form(const Network& network, const std::vector<FlowClass>& classes) {
  if (network.horizon() || !magnitudes_in_range(network, classes)) return std::nullopt;
  PureForm form;
  int active = 0;
  for (std::size_t k = 0; k < classes.size(); ++k) {
    if (classes[k].sources.empty() || classes[k].sinks.empty()) continue;
    ++active;
    form.k = k;
  }
  if (active != 1) return std::nullopt;
  const FlowClass& c = classes[form.k];
  if (!c.counted_rows.empty()) return std::nullopt;

  const auto& arcs = network.arcs();
  const int n = network.vertex_count();
  const Adjacency out(static_cast<std::size_t>(n), [&](auto&& add) {
    for (const auto& arc : arcs) {
      if (c.arc_usable[static_cast<std::size_t>(arc.index)]) add(arc.tail, arc.head);
    }
  });
  const Adjacency in(static_cast<std::size_t>(n), [&](auto&& add) {
    for (const auto& arc : arcs) {
      if (c.arc_usable[static_cast<std::size_t>(arc.index)]) add(arc.head, arc.tail);
    }
  });
  auto itself = [](int w) { return w; };
  const auto from_sources = reach(c.sources, out, itself);
  const auto to_sinks = reach(c.sinks, in, itself);
  form.position.assign(arcs.size(), -1);
  for (const auto& arc : arcs) {
    const auto a = static_cast<std::size_t>(arc.index);
    if (!c.arc_usable[a] || !from_sources[static_cast<std::size_t>(arc.tail)] || !to_sinks[static_cast<std::size_t>(arc.head)]) continue;
    form.position[a] = static_cast<int>(form.arcs.size());
    form.arcs.push_back(arc.index);
  }
  form.cap_t_per_yr.assign(form.arcs.size(), kInfinity);
  form.limit_row.assign(form.arcs.size(), -1);
  form.limit_weight.assign(form.arcs.size(), 1.0);
  const auto& rows = network.rows();
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const CapacityRow& row = rows[r];
    if (row.per_class) continue;  // the class counts in none (no counted_rows): coefficient 0
    int on_a = 0;
    for (std::size_t i = 0; i < row.arcs.size(); ++i) {
      const int p = form.position[static_cast<std::size_t>(row.arcs[i])];
      const double w = row.weight(i);
      if (p < 0 || w == 0) continue;
      if (!(w > 0)) return std::nullopt;  // a negative weight is no network bound
      ++on_a;
      const double bound = row.spare() / w;
      if (bound < form.cap_t_per_yr[static_cast<std::size_t>(p)]) {
        form.cap_t_per_yr[static_cast<std::size_t>(p)] = bound;
        form.limit_row[static_cast<std::size_t>(p)] = static_cast<int>(r);
        form.limit_weight[static_cast<std::size_t>(p)] = w;
      }
    }
    if (on_a > 1) form.multi_rows.push_back(static_cast<int>(r));
  }

  // Unbounded: a source that is a sink, or a path of unlimited arcs from a source to a sink.
  const Adjacency unlimited(static_cast<std::size_t>(n), [&](auto&& add) {
    for (std::size_t i = 0; i < form.arcs.size(); ++i) {
      const NetworkArc& arc = arcs[static_cast<std::size_t>(form.arcs[i])];
      if (std::isinf(form.cap_t_per_yr[i])) add(arc.tail, arc.head);
    }
  });
  const auto free_reach = reach(c.sources, unlimited, itself);
  for (int v : c.sinks) {
    if (free_reach[static_cast<std::size_t>(v)]) form.unbounded = true;
  }
  if (form.unbounded) return form;

  // Integer scale (network_flow.hpp).
  double total = 0;
  for (double u : form.cap_t_per_yr) {
    if (!std::isinf(u)) total += u;
  }
  std::vector<char> is_source(static_cast<std::size_t>(n), 0);
  for (int v : c.sources) is_source[static_cast<std::size_t>(v)] = 1;
  form.source_degree = c.sources.size();
  for (int a : form.arcs) form.source_degree += is_source[static_cast<std::size_t>(arcs[static_cast<std::size_t>(a)].tail)];
  const double degree = static_cast<double>(form.source_degree) + 2;
  form.scale = 1e6;
  while (form.scale > 1e-6 && degree * (total * form.scale + 1) > kUnitsCeiling) form.scale /= 10;
  if (degree * (total * form.scale + 1) > kUnitsCeiling) return std::nullopt;
  form.infinite = static_cast<Units>(std::llround(total * form.scale)) + 1;
  form.cap.resize(form.arcs.size());
  for (std::size_t i = 0; i < form.arcs.size(); ++i) {
    const double u = form.cap_t_per_yr[i];
    form.cap[i] = std::isinf(u) ? form.infinite : static_cast<Units>(std::llround(u * form.scale));
  }
  return form;
}

/// R as a LEMON digraph: vertices 0 .. n-1, S = n, T = n + 1; arcs: A in order, then S -> each
/// source entry, then each sink entry -> T.
struct LemonForm {
  Graph graph;
  Graph::ArcMap<Units> cap{graph};
  Graph::Node S, T;
  std::vector<Graph::Arc> arc, source_arc, sink_arc;
};

void build_lemon(const Network& network, const FlowClass& c, const PureForm& form, LemonForm& g) {
  const int n = network.vertex_count();
  g.graph.reserveNode(n + 2);
  g.graph.reserveArc(static_cast<int>(form.arcs.size() + c.sources.size() + c.sinks.size()));
  for (int v = 0; v < n + 2; ++v) g.graph.addNode();
  g.S = g.graph.nodeFromId(n);
  g.T = g.graph.nodeFromId(n + 1);
  for (std::size_t i = 0; i < form.arcs.size(); ++i) {
    const NetworkArc& arc = network.arcs()[static_cast<std::size_t>(form.arcs[i])];
    g.arc.push_back(g.graph.addArc(g.graph.nodeFromId(arc.tail), g.graph.nodeFromId(arc.head)));
    g.cap[g.arc.back()] = form.cap[i];
  }
  for (int v : c.sources) {
    g.source_arc.push_back(g.graph.addArc(g.S, g.graph.nodeFromId(v)));
    g.cap[g.source_arc.back()] = form.infinite;
  }
  for (int v : c.sinks) {
    g.sink_arc.push_back(g.graph.addArc(g.graph.nodeFromId(v), g.T));
    g.cap[g.sink_arc.back()] = form.infinite;
  }
}

double row_use_of(const CapacityRow& row, const std::vector<double>& arc_t_per_yr) {
  double use = 0;
  for (std::size_t i = 0; i < row.arcs.size(); ++i) use += row.weight(i) * arc_t_per_yr[static_cast<std::size_t>(row.arcs[i])];
  return use;
}

/// Strongly connected components (iterative Tarjan): a component number per vertex.
std::vector<int> strong_components(const Adjacency& out) {
  const std::size_t n = out.size();
  std::vector<int> index(n, -1), low(n, 0), component(n, -1);
  std::vector<char> on_stack(n, 0);
  std::vector<int> stack;
  std::vector<std::pair<int, std::size_t>> frames;  // vertex, next out-arc position
  int next_index = 0, next_component = 0;
  for (std::size_t root = 0; root < n; ++root) {
    if (index[root] >= 0) continue;
    frames.emplace_back(static_cast<int>(root), 0);
    while (!frames.empty()) {
      auto& [v, next] = frames.back();
      const auto vv = static_cast<std::size_t>(v);
      if (next == 0 && index[vv] < 0) {
        index[vv] = low[vv] = next_index++;
        stack.push_back(v);
        on_stack[vv] = 1;
      }
      if (next < static_cast<std::size_t>(out.end(vv) - out.begin(vv))) {
        const int w = out.begin(vv)[next++];
        const auto ww = static_cast<std::size_t>(w);
        if (index[ww] < 0) {
          frames.emplace_back(w, 0);
        } else if (on_stack[ww]) {
          low[vv] = std::min(low[vv], index[ww]);
        }
        continue;
      }
      if (low[vv] == index[vv]) {
        int w;
        do {
          w = stack.back();
          stack.pop_back();
          on_stack[static_cast<std::size_t>(w)] = 0;
          component[static_cast<std::size_t>(w)] = next_component;
        } while (w != v);
        ++next_component;
      }
      const int done = v;
      frames.pop_back();
      if (!frames.empty()) {
        const auto parent = static_cast<std::size_t>(frames.back().first);
        low[parent] = std::min(low[parent], low[static_cast<std::size_t>(done)]);
      }
    }
  }
  return component;
}

}  // namespace

std::optional<FlowSolution> solve_max_flow_network(const Network& network, const std::vector<FlowClass>& classes,
                                                   const SolveLimits& limits) {
  if (!(seconds_left(limits) > 0)) return std::nullopt;  // the LP path reports LimitReached
  auto found = pure_form(network, classes);
  if (!found) return std::nullopt;
  const PureForm& form = *found;
  FlowSolution solution;
  solution.method = FlowMethod::Network;
  if (form.unbounded) {
    solution.status = SolveStatus::Unbounded;
    return solution;
  }
  const FlowClass& c = classes[form.k];
  LemonForm g;
  build_lemon(network, c, form, g);

  lemon::Preflow<Graph, Graph::ArcMap<Units>> preflow(g.graph, g.cap, g.S, g.T);
  preflow.runMinCut();
  const Units value = preflow.flowValue();
  if (value >= form.infinite) return std::nullopt;

  // Cheapest among maximum flows: supply F at S.
  Graph::ArcMap<Units> cost(g.graph, 0);
  double largest = std::abs(c.source_cost_usd_per_t);
  for (int a : form.arcs) {
    largest = std::max(largest, std::abs(network.arcs()[static_cast<std::size_t>(a)].cost_usd_per_t + c.extra_cost(static_cast<std::size_t>(a))));
  }
  const double cost_scale = largest * 1e6 > kCostUnitsCeiling ? kCostUnitsCeiling / largest : 1e6;
  for (std::size_t i = 0; i < form.arcs.size(); ++i) {
    const auto a = static_cast<std::size_t>(form.arcs[i]);
    cost[g.arc[i]] = static_cast<Units>(std::llround((network.arcs()[a].cost_usd_per_t + c.extra_cost(a)) * cost_scale));
  }
  for (const auto& arc : g.source_arc) cost[arc] = static_cast<Units>(std::llround(c.source_cost_usd_per_t * cost_scale));
  const auto cheapest = cheapest_flow({g.graph, g.cap, cost, g.S, g.T, value}, limits.cost_scaling_from_arcs);
  if (!cheapest) return std::nullopt;
  const auto flow_of = [&](Graph::Arc arc) { return cheapest->flow[static_cast<std::size_t>(g.graph.id(arc))]; };

  // The flow, in the LP path's shape.
  solution.classes.resize(classes.size());
  for (std::size_t k = 0; k < classes.size(); ++k) {
    ClassFlow& flow = solution.classes[k];
    flow.arc_t_per_yr.assign(network.arcs().size(), 0.0);
    flow.source_t_per_yr.assign(classes[k].sources.size(), 0.0);
    flow.sink_t_per_yr.assign(classes[k].sinks.size(), 0.0);
  }
  ClassFlow& flow = solution.classes[form.k];
  for (std::size_t i = 0; i < form.arcs.size(); ++i) {
    const auto a = static_cast<std::size_t>(form.arcs[i]);
    flow.arc_t_per_yr[a] = static_cast<double>(flow_of(g.arc[i])) / form.scale;
    solution.transport_cost_usd_per_yr += flow.arc_t_per_yr[a] * (network.arcs()[a].cost_usd_per_t + c.extra_cost(a));
  }
  for (std::size_t j = 0; j < c.sources.size(); ++j) {
    flow.source_t_per_yr[j] = static_cast<double>(flow_of(g.source_arc[j])) / form.scale;
    solution.source_cost_usd_per_yr += flow.source_t_per_yr[j] * c.source_cost_usd_per_t;
  }
  for (std::size_t j = 0; j < c.sinks.size(); ++j) {
    flow.sink_t_per_yr[j] = static_cast<double>(flow_of(g.sink_arc[j])) / form.scale;
    flow.delivered_t_per_yr += flow.sink_t_per_yr[j];
  }
  solution.objective = flow.delivered_t_per_yr;
  const auto& rows = network.rows();
  solution.row_use.assign(rows.size(), 0.0);
  for (std::size_t r = 0; r < rows.size(); ++r) {
    if (!rows[r].per_class) solution.row_use[r] = row_use_of(rows[r], flow.arc_t_per_yr);
  }
  // Exactness: the relaxation's flow must keep every multi-arc row (round-off of the integer
  // capacities allowed: half a unit per arc).
  for (int r : form.multi_rows) {
    const CapacityRow& row = rows[static_cast<std::size_t>(r)];
    const double slack = static_cast<double>(row.arcs.size()) / form.scale + 1e-9 * std::max(1.0, row.spare());
    if (solution.row_use[static_cast<std::size_t>(r)] > row.spare() + slack) return std::nullopt;
  }

  // Certificate: the minimum cut nearest the sinks, before the vertices that reach T in the
  // flow's residual graph (CLP's duals named that one in the bundled ties, so reports keep it).
  const int nodes = network.vertex_count() + 2;
  std::vector<char> reaches_t(static_cast<std::size_t>(nodes), 0);
  std::deque<Graph::Node> queue{g.T};
  reaches_t[static_cast<std::size_t>(g.graph.id(g.T))] = 1;
  while (!queue.empty()) {
    const Graph::Node v = queue.front();
    queue.pop_front();
    auto visit = [&](Graph::Node w) {
      if (!reaches_t[static_cast<std::size_t>(g.graph.id(w))]) {
        reaches_t[static_cast<std::size_t>(g.graph.id(w))] = 1;
        queue.push_back(w);
      }
    };
    // Residual arcs into v: an arc u -> v below capacity, or an arc v -> u carrying flow.
    for (Graph::InArcIt e(g.graph, v); e != lemon::INVALID; ++e) {
      if (flow_of(e) < g.cap[e]) visit(g.graph.source(e));
    }
    for (Graph::OutArcIt e(g.graph, v); e != lemon::INVALID; ++e) {
      if (flow_of(e) > 0) visit(g.graph.target(e));
    }
  }
  if (reaches_t[static_cast<std::size_t>(g.graph.id(g.S))]) return std::nullopt;  // not a maximum: never
  std::vector<char> in_x(static_cast<std::size_t>(nodes), 0);
  for (std::size_t v = 0; v < in_x.size(); ++v) in_x[v] = !reaches_t[v];
  solution.row_shadow.assign(rows.size(), 0.0);
  for (std::size_t i = 0; i < form.arcs.size(); ++i) {
    const NetworkArc& arc = network.arcs()[static_cast<std::size_t>(form.arcs[i])];
    if (!in_x[static_cast<std::size_t>(arc.tail)] || in_x[static_cast<std::size_t>(arc.head)]) continue;
    const int r = form.limit_row[i];
    if (r < 0) return std::nullopt;  // an unlimited arc in a minimum cut: never
    double& y = solution.row_shadow[static_cast<std::size_t>(r)];
    y = std::max(y, 1.0 / form.limit_weight[i]);
  }
  double bound = 0;
  for (std::size_t r = 0; r < rows.size(); ++r) bound += rows[r].spare() * solution.row_shadow[r];
  if (std::abs(bound - solution.objective) > 5e-4 + 5e-8 * solution.objective) return std::nullopt;
  return solution;
}

std::optional<NetworkCutRows> network_cut_rows(const Network& network, const std::vector<FlowClass>& classes,
                                               const FlowSolution& max_flow, double step_t_per_yr, double slope) {
  if (max_flow.method != FlowMethod::Network || max_flow.status != SolveStatus::Optimal ||
      max_flow.classes.size() != classes.size()) {
    return std::nullopt;
  }
  auto found = pure_form(network, classes);
  if (!found || found->unbounded || !found->multi_rows.empty()) return std::nullopt;
  const PureForm& form = *found;
  const FlowClass& c = classes[form.k];
  const ClassFlow& flow = max_flow.classes[form.k];
  const int n = network.vertex_count();
  const int S = n, T = n + 1;
  auto units = [&](double t_per_yr) { return static_cast<Units>(std::llround(t_per_yr * form.scale)); };

  // The residual graph G_x (terminal arcs included), forwards and backwards.
  std::vector<Units> x(form.arcs.size());
  for (std::size_t i = 0; i < form.arcs.size(); ++i) x[i] = units(flow.arc_t_per_yr[static_cast<std::size_t>(form.arcs[i])]);
  auto residual_arcs = [&](auto&& add) {
    for (std::size_t i = 0; i < form.arcs.size(); ++i) {
      const NetworkArc& arc = network.arcs()[static_cast<std::size_t>(form.arcs[i])];
      if (x[i] < form.cap[i]) add(arc.tail, arc.head);
      if (x[i] > 0) add(arc.head, arc.tail);
    }
    for (std::size_t j = 0; j < c.sources.size(); ++j) {
      add(S, c.sources[j]);
      if (units(flow.source_t_per_yr[j]) > 0) add(c.sources[j], S);
    }
    for (std::size_t j = 0; j < c.sinks.size(); ++j) {
      add(c.sinks[j], T);
      if (units(flow.sink_t_per_yr[j]) > 0) add(T, c.sinks[j]);
    }
  };
  const auto vertices = static_cast<std::size_t>(n + 2);
  const Adjacency next_of(vertices, residual_arcs);
  const Adjacency prev_of(vertices, [&](auto&& add) { residual_arcs([&](int u, int v) { add(v, u); }); });
  const std::vector<int> component = strong_components(next_of);
  auto itself = [](int w) { return w; };
  const auto from_s = reach({S}, next_of, itself);
  const auto to_t = reach({T}, prev_of, itself);
  if (from_s[static_cast<std::size_t>(T)]) return std::nullopt;  // not a maximum flow

  // Per arc of A: in some / every minimum cut; the next bound above u_a among its rows.
  std::vector<char> some(form.arcs.size(), 0), every(form.arcs.size(), 0);
  for (std::size_t i = 0; i < form.arcs.size(); ++i) {
    if (form.cap[i] <= 0 || x[i] != form.cap[i]) continue;
    const NetworkArc& arc = network.arcs()[static_cast<std::size_t>(form.arcs[i])];
    some[i] = component[static_cast<std::size_t>(arc.tail)] != component[static_cast<std::size_t>(arc.head)];
    every[i] = from_s[static_cast<std::size_t>(arc.tail)] && to_t[static_cast<std::size_t>(arc.head)];
  }
  const auto& rows = network.rows();
  std::vector<int> limiting(form.arcs.size(), 0);
  std::vector<double> next_bound(form.arcs.size(), kInfinity);
  auto each_bound = [&](auto&& f) {
    for (std::size_t r = 0; r < rows.size(); ++r) {
      if (rows[r].per_class) continue;
      for (std::size_t i = 0; i < rows[r].arcs.size(); ++i) {
        const int p = form.position[static_cast<std::size_t>(rows[r].arcs[i])];
        const double w = rows[r].weight(i);
        if (p >= 0 && w > 0) f(static_cast<int>(r), static_cast<std::size_t>(p), rows[r].spare() / w);
      }
    }
  };
  each_bound([&](int, std::size_t p, double bound) {
    if (bound == form.cap_t_per_yr[p]) ++limiting[p];
    else next_bound[p] = std::min(next_bound[p], bound);
  });
  NetworkCutRows out;
  each_bound([&](int r, std::size_t p, double bound) {
    if (bound != form.cap_t_per_yr[p]) return;
    const double rise = limiting[p] == 1 ? std::min(step_t_per_yr, next_bound[p] - bound) : 0.0;
    const bool in_every = every[p] && rise > slope * step_t_per_yr;
    if (in_every) out.in_every_cut.push_back(r);
    if (in_every || (some[p] && rows[static_cast<std::size_t>(r)].spare() > 0)) out.in_some_cut.push_back(r);
  });
  std::sort(out.in_some_cut.begin(), out.in_some_cut.end());
  std::sort(out.in_every_cut.begin(), out.in_every_cut.end());
  return out;
}

}  // namespace borderflow
