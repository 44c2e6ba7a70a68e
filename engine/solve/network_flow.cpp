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

/// One bound s_r / w_{r,e} on edge e of G' (network_flow.hpp), from row r; in row order.
struct Bound {
  int row = -1;
  std::size_t edge = 0;
  double t_per_yr = 0;
  double weight = 1;
};

/// The question in network form (network_flow.hpp): the active class, its relevant arcs A, the
/// digraph G' (A's arcs, their ends moved onto the split rows' vertices, then one edge per split
/// row) with capacities u_e and their limiting rows, and the integer scale.
struct PureForm {
  std::size_t k = 0;
  std::vector<int> arcs;              // A, in arc order; arc arcs[i] is edge i of G'
  std::vector<int> position;          // per network arc: its index in `arcs`, or -1
  int vertices = 0;                   // of G': the network's n, S = n, T = n + 1, then the split rows'
  std::vector<int> tail, head;        // per edge of G'
  std::vector<double> cap_t_per_yr;   // u_e; +infinity without rows
  std::vector<int> limit_row;         // the row with s_r / w_{r,e} = u_e that limits e (pure_form); -1 without
  std::vector<double> limit_weight;   // w_{r,e} of that row
  std::vector<Bound> bounds;          // every row's bounds on the edges, in row order
  std::vector<int> split_row;         // per split edge (edge |A| + j): its row
  std::vector<std::vector<int>> split_members;  // per split edge: its row's arcs, as positions in A
  std::vector<int> multi_rows;        // rows over several arcs of A, split or relaxed
  std::vector<int> relaxed_rows;      // of those, the ones relaxed to per-edge bounds
  std::vector<char> relaxed_opposite;  // per relaxed row: over two opposite arcs u -> v, v -> u
  std::vector<double> relaxed_weight;  // per relaxed row: sum of its weights on A
  bool unbounded = false;
  double scale = 1;                   // units per t/yr
  Units infinite = 0;                 // an unlimited edge's capacity, in units
  std::vector<Units> cap;             // u_e in units
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
  // Each row's arcs in A (positive weight; weight 0 plays no part), and which multi-arc rows
  // are candidates for a split: equal weights, distinct arcs, one shared head (side 0) or,
  // failing that, one shared tail (side 1).
  const auto& rows = network.rows();
  struct Member {
    int p;
    double w;
  };
  std::vector<std::vector<Member>> members(rows.size());
  std::vector<std::vector<int>> candidates(2);
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const CapacityRow& row = rows[r];
    if (row.per_class) continue;  // the class counts in none (no counted_rows): coefficient 0
    for (std::size_t i = 0; i < row.arcs.size(); ++i) {
      const int p = form.position[static_cast<std::size_t>(row.arcs[i])];
      const double w = row.weight(i);
      if (p < 0 || w == 0) continue;
      if (!(w > 0)) return std::nullopt;  // a negative weight is no network bound
      members[r].push_back({p, w});
    }
    const auto& m = members[r];
    if (m.size() < 2) continue;
    form.multi_rows.push_back(static_cast<int>(r));
    bool equal = true, same_head = true, same_tail = true;
    std::vector<int> ps;
    for (const Member& e : m) {
      const NetworkArc& arc = arcs[static_cast<std::size_t>(form.arcs[static_cast<std::size_t>(e.p)])];
      const NetworkArc& first = arcs[static_cast<std::size_t>(form.arcs[static_cast<std::size_t>(m[0].p)])];
      equal = equal && e.w == m[0].w;
      same_head = same_head && arc.head == first.head;
      same_tail = same_tail && arc.tail == first.tail;
      ps.push_back(e.p);
    }
    std::sort(ps.begin(), ps.end());
    if (!equal || std::adjacent_find(ps.begin(), ps.end()) != ps.end() || !(same_head || same_tail)) continue;
    candidates[same_head ? 0 : 1].push_back(static_cast<int>(r));
  }

  // Split rows, per side, smallest first: a row is split when every split row it meets lies
  // inside it (the split rows of a side stay laminar: each is a subtree of vertices); the others
  // are relaxed. `bottom` is an arc's smallest split row on a side, `top` its largest so far.
  struct Split {
    int row, side, vertex, parent = -1;
    double weight;
  };
  std::vector<Split> splits;
  std::vector<int> split_of(rows.size(), -1);
  std::vector<std::vector<int>> bottom(2, std::vector<int>(form.arcs.size(), -1)), top = bottom;
  for (int side = 0; side < 2; ++side) {
    auto& list = candidates[static_cast<std::size_t>(side)];
    std::stable_sort(list.begin(), list.end(), [&](int a, int b) {
      return members[static_cast<std::size_t>(a)].size() < members[static_cast<std::size_t>(b)].size();
    });
    auto& bot = bottom[static_cast<std::size_t>(side)];
    auto& tp = top[static_cast<std::size_t>(side)];
    for (int r : list) {
      const auto& m = members[static_cast<std::size_t>(r)];
      std::vector<int> met;  // the largest split row of each arc, once per arc
      for (const Member& e : m) {
        if (tp[static_cast<std::size_t>(e.p)] >= 0) met.push_back(tp[static_cast<std::size_t>(e.p)]);
      }
      std::sort(met.begin(), met.end());
      bool inside = true;
      for (std::size_t i = 0; i < met.size() && inside;) {
        std::size_t j = i;
        while (j < met.size() && met[j] == met[i]) ++j;
        const int other_row = splits[static_cast<std::size_t>(met[i])].row;
        inside = j - i == members[static_cast<std::size_t>(other_row)].size();
        i = j;
      }
      if (!inside) continue;
      const int j = static_cast<int>(splits.size());
      const NetworkArc& any = arcs[static_cast<std::size_t>(form.arcs[static_cast<std::size_t>(m[0].p)])];
      splits.push_back({r, side, side == 0 ? any.head : any.tail, -1, m[0].w});
      split_of[static_cast<std::size_t>(r)] = j;
      for (std::size_t i = 0; i < met.size(); ++i) {
        if (i == 0 || met[i] != met[i - 1]) splits[static_cast<std::size_t>(met[i])].parent = j;
      }
      for (const Member& e : m) {
        if (bot[static_cast<std::size_t>(e.p)] < 0) bot[static_cast<std::size_t>(e.p)] = j;
        tp[static_cast<std::size_t>(e.p)] = j;
      }
    }
  }

  // G': A's arcs with their ends moved onto their smallest split rows' vertices, then one edge per
  // split row, into its parent's vertex or the shared vertex (head side; the other way round for
  // a shared tail).
  const std::size_t edges = form.arcs.size() + splits.size();
  form.vertices = n + 2 + static_cast<int>(splits.size());
  auto split_vertex = [&](int j) { return n + 2 + j; };
  form.tail.resize(edges);
  form.head.resize(edges);
  for (std::size_t i = 0; i < form.arcs.size(); ++i) {
    const NetworkArc& arc = arcs[static_cast<std::size_t>(form.arcs[i])];
    form.head[i] = bottom[0][i] >= 0 ? split_vertex(bottom[0][i]) : arc.head;
    form.tail[i] = bottom[1][i] >= 0 ? split_vertex(bottom[1][i]) : arc.tail;
  }
  for (std::size_t j = 0; j < splits.size(); ++j) {
    const Split& split = splits[j];
    const int z = split_vertex(static_cast<int>(j));
    const int beyond = split.parent >= 0 ? split_vertex(split.parent) : split.vertex;
    const std::size_t e = form.arcs.size() + j;
    form.tail[e] = split.side == 0 ? z : beyond;
    form.head[e] = split.side == 0 ? beyond : z;
    form.split_row.push_back(split.row);
    std::vector<int> ps;
    for (const Member& m : members[static_cast<std::size_t>(split.row)]) ps.push_back(m.p);
    form.split_members.push_back(std::move(ps));
  }

  // Bounds in row order: a split row bounds its edge, any other row each of its arcs.
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const int j = split_of[r];
    if (j >= 0) {
      const double w = splits[static_cast<std::size_t>(j)].weight;
      form.bounds.push_back({static_cast<int>(r), form.arcs.size() + static_cast<std::size_t>(j), rows[r].spare() / w, w});
      continue;
    }
    for (const Member& m : members[r]) form.bounds.push_back({static_cast<int>(r), static_cast<std::size_t>(m.p), rows[r].spare() / m.w, m.w});
    if (members[r].size() < 2) continue;
    form.relaxed_rows.push_back(static_cast<int>(r));
    const NetworkArc& a = arcs[static_cast<std::size_t>(form.arcs[static_cast<std::size_t>(members[r][0].p)])];
    const NetworkArc& b = arcs[static_cast<std::size_t>(form.arcs[static_cast<std::size_t>(members[r].back().p)])];
    form.relaxed_opposite.push_back(members[r].size() == 2 && a.tail == b.head && a.head == b.tail);
    double weight = 0;
    for (const Member& m : members[r]) weight += m.w;
    form.relaxed_weight.push_back(weight);
  }
  form.cap_t_per_yr.assign(edges, kInfinity);
  form.limit_row.assign(edges, -1);
  form.limit_weight.assign(edges, 1.0);
  // The limiting row: the first with the least bound, but a row over both directions before one
  // over one direction at the same bound (either is a valid dual; CLP named the element's total
  // in the bundled ties, a sea entry's both ways over its way in, and reports keep its names).
  auto both_ways = [&](int r) { return r >= 0 && rows[static_cast<std::size_t>(r)].both_ways; };
  for (const Bound& b : form.bounds) {
    const double u = form.cap_t_per_yr[b.edge];
    if (b.t_per_yr < u || (b.t_per_yr == u && both_ways(b.row) && !both_ways(form.limit_row[b.edge]))) {
      form.cap_t_per_yr[b.edge] = b.t_per_yr;
      form.limit_row[b.edge] = b.row;
      form.limit_weight[b.edge] = b.weight;
    }
  }

  // Unbounded: a source that is a sink, or a path of unlimited edges from a source to a sink.
  const Adjacency unlimited(static_cast<std::size_t>(form.vertices), [&](auto&& add) {
    for (std::size_t e = 0; e < edges; ++e) {
      if (std::isinf(form.cap_t_per_yr[e])) add(form.tail[e], form.head[e]);
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
  std::vector<char> is_source(static_cast<std::size_t>(form.vertices), 0);
  for (int v : c.sources) is_source[static_cast<std::size_t>(v)] = 1;
  form.source_degree = c.sources.size();
  for (int t : form.tail) form.source_degree += is_source[static_cast<std::size_t>(t)];
  const double degree = static_cast<double>(form.source_degree) + 2;
  form.scale = 1e6;
  while (form.scale > 1e-6 && degree * (total * form.scale + 1) > kUnitsCeiling) form.scale /= 10;
  if (degree * (total * form.scale + 1) > kUnitsCeiling) return std::nullopt;
  form.infinite = static_cast<Units>(std::llround(total * form.scale)) + 1;
  form.cap.resize(edges);
  for (std::size_t e = 0; e < edges; ++e) {
    const double u = form.cap_t_per_yr[e];
    form.cap[e] = std::isinf(u) ? form.infinite : static_cast<Units>(std::llround(u * form.scale));
  }
  return form;
}

/// G' as a LEMON digraph: vertices 0 .. n-1, S = n, T = n + 1, then the split rows'; arcs: G''s
/// edges in order, then S -> each source entry, then each sink entry -> T.
struct LemonForm {
  Graph graph;
  Graph::ArcMap<Units> cap{graph};
  Graph::Node S, T;
  std::vector<Graph::Arc> arc, source_arc, sink_arc;
};

void build_lemon(const Network& network, const FlowClass& c, const PureForm& form, LemonForm& g) {
  const int n = network.vertex_count();
  g.graph.reserveNode(form.vertices);
  g.graph.reserveArc(static_cast<int>(form.tail.size() + c.sources.size() + c.sinks.size()));
  for (int v = 0; v < form.vertices; ++v) g.graph.addNode();
  g.S = g.graph.nodeFromId(n);
  g.T = g.graph.nodeFromId(n + 1);
  for (std::size_t e = 0; e < form.tail.size(); ++e) {
    g.arc.push_back(g.graph.addArc(g.graph.nodeFromId(form.tail[e]), g.graph.nodeFromId(form.head[e])));
    g.cap[g.arc.back()] = form.cap[e];
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

/// Cancels opposite flows on the relaxed rows (network_flow.hpp): for two arcs a = (u, v) and
/// b = (v, u) of one relaxed row with c_a + c_b >= 0, min(x_a, x_b) off both. Conservation and
/// the value are kept, no row's use rises (weights are positive), the cost does not rise.
void cancel_opposite_flows(const Network& network, const FlowClass& c, const PureForm& form, std::vector<Units>& x) {
  const auto& arcs = network.arcs();
  auto cost = [&](int p) {
    const auto a = static_cast<std::size_t>(form.arcs[static_cast<std::size_t>(p)]);
    return arcs[a].cost_usd_per_t + c.extra_cost(a);
  };
  for (int r : form.relaxed_rows) {
    // The row's arcs in A with flow, grouped by their unordered pair of ends.
    std::vector<std::pair<std::pair<int, int>, int>> flowing;
    for (int a : network.rows()[static_cast<std::size_t>(r)].arcs) {
      const int p = form.position[static_cast<std::size_t>(a)];
      if (p < 0 || x[static_cast<std::size_t>(p)] <= 0) continue;
      const NetworkArc& arc = arcs[static_cast<std::size_t>(a)];
      flowing.push_back({{std::min(arc.tail, arc.head), std::max(arc.tail, arc.head)}, p});
    }
    std::sort(flowing.begin(), flowing.end());
    for (std::size_t i = 0; i < flowing.size(); ++i) {
      for (std::size_t j = i + 1; j < flowing.size() && flowing[j].first == flowing[i].first; ++j) {
        const int pa = flowing[i].second, pb = flowing[j].second;
        const NetworkArc& a = arcs[static_cast<std::size_t>(form.arcs[static_cast<std::size_t>(pa)])];
        const NetworkArc& b = arcs[static_cast<std::size_t>(form.arcs[static_cast<std::size_t>(pb)])];
        if (a.tail != b.head || a.head != b.tail || a.tail == a.head || !(cost(pa) + cost(pb) >= 0)) continue;
        const Units both = std::min(x[static_cast<std::size_t>(pa)], x[static_cast<std::size_t>(pb)]);
        x[static_cast<std::size_t>(pa)] -= both;
        x[static_cast<std::size_t>(pb)] -= both;
      }
    }
  }
}

double row_use_of(const CapacityRow& row, const std::vector<double>& arc_t_per_yr) {
  double use = 0;
  for (std::size_t i = 0; i < row.arcs.size(); ++i) use += row.weight(i) * arc_t_per_yr[static_cast<std::size_t>(row.arcs[i])];
  return use;
}

/// The row a split row's edge in a cut is credited to: by the rule of the limiting rows (above),
/// another row over both directions that holds every arc of the split row with one weight w'
/// and has the same bound s / w' (a sea entry's row both ways over its row out of the port,
/// relaxed or split around it), else the split row. Either is a valid dual: every path through
/// the split row's arcs crosses the wider row's with the same length, and s y is the same; the
/// wider row is full, since its use is at least the edge's saturated flow times w' = s and at
/// most s (the exactness check; split rows keep theirs by construction).
std::pair<int, double> credited_row(const Network& network, const PureForm& form, std::size_t j) {
  const auto& rows = network.rows();
  const std::size_t e = form.arcs.size() + j;
  const auto& members = form.split_members[j];
  const NetworkArc& first = network.arcs()[static_cast<std::size_t>(form.arcs[static_cast<std::size_t>(members.front())])];
  for (int r : first.rows) {
    const CapacityRow& row = rows[static_cast<std::size_t>(r)];
    if (!row.both_ways || row.per_class || r == form.limit_row[e]) continue;
    double weight = 0;
    std::size_t held = 0;
    for (std::size_t i = 0; i < row.arcs.size(); ++i) {
      const int p = form.position[static_cast<std::size_t>(row.arcs[i])];
      if (p < 0 || std::find(members.begin(), members.end(), p) == members.end()) continue;
      if (held > 0 && row.weight(i) != weight) break;
      weight = row.weight(i);
      ++held;
    }
    if (held == members.size() && weight > 0 && row.spare() / weight == form.cap_t_per_yr[e]) return {r, weight};
  }
  return {form.limit_row[e], form.limit_weight[e]};
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

/// How far a flow on G' may exceed a multi-arc row and still count as keeping it: the integer
/// capacities' round-off (at most half a unit per arc; a whole one is allowed) and 1e-9 of the
/// spare. The exactness check and the early exit use the same allowance.
double row_allowance(const CapacityRow& row, const PureForm& form) {
  return static_cast<double>(row.arcs.size()) / form.scale + 1e-9 * std::max(1.0, row.spare());
}

/// Whether every maximum flow of R breaks a relaxed row: each maximum flow saturates every edge
/// leaving a minimum cut (`source_side`: the vertices of G' on its source side) and carries nothing
/// on the edges entering it, which the cancelling therefore leaves as they are; so a relaxed row
/// whose arcs leaving the cut, at their capacities, use more than its spare (with the exactness
/// check's allowance) is broken by all of them.
template <class SourceSide>
bool breaks_a_relaxed_row(const Network& network, const PureForm& form, SourceSide&& source_side) {
  for (int r : form.relaxed_rows) {
    const CapacityRow& row = network.rows()[static_cast<std::size_t>(r)];
    double use = 0;
    for (std::size_t j = 0; j < row.arcs.size(); ++j) {
      const int p = form.position[static_cast<std::size_t>(row.arcs[j])];
      if (p < 0 || !source_side(form.tail[static_cast<std::size_t>(p)]) || source_side(form.head[static_cast<std::size_t>(p)])) {
        continue;
      }
      use += row.weight(j) * static_cast<double>(form.cap[static_cast<std::size_t>(p)]) / form.scale;
    }
    const double slack = row_allowance(row, form);
    if (use > row.spare() + slack) return true;
  }
  return false;
}

std::optional<FlowSolution> solve_max_flow_network(const Network& network, const std::vector<FlowClass>& classes,
                                                   const SolveLimits& limits, std::vector<char>* relaxation_arcs,
                                                   SolvedCheapestFlow* earlier_cheapest) {
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
  if (breaks_a_relaxed_row(network, form, [&](int v) { return preflow.minCut(g.graph.nodeFromId(v)); })) {
    // No maximum flow of R keeps the row, so the exactness check below would fail whatever the
    // cheapest flow: skip that search (on a large network the dearest part of this function) and
    // seed the LP's arc generation with Preflow's own maximum flow.
    if (relaxation_arcs) {
      preflow.startSecondPhase();
      relaxation_arcs->assign(network.arcs().size(), 0);
      for (std::size_t i = 0; i < form.arcs.size(); ++i) {
        if (preflow.flow(g.arc[i]) > 0) (*relaxation_arcs)[static_cast<std::size_t>(form.arcs[i])] = 1;
      }
    }
    return std::nullopt;
  }

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
  // The earlier question's flow turned round, if it proves cheapest here (a route's way back:
  // min_cost_flow.hpp, "A problem's reverse"); else the code for the size, CostScaling started
  // from Preflow's flow instead of finding one (min_cost_flow.hpp).
  std::vector<Units> maximum_flow;  // CostScaling's start, outliving `problem`'s pointer to it
  CheapestFlowProblem problem{g.graph, g.cap, cost, g.S, g.T, value};
  std::optional<IntegerFlow> cheapest;
  if (earlier_cheapest) {
    auto turned = reversed_flow(problem, *earlier_cheapest);
    if (turned && check_cheapest_flow(problem, *turned).empty()) cheapest = std::move(turned);
  }
  if (!cheapest) {
    if (lemon::countArcs(g.graph) >= limits.cost_scaling_from_arcs) {
      preflow.startSecondPhase();
      maximum_flow.assign(static_cast<std::size_t>(g.graph.maxArcId() + 1), 0);
      for (Graph::ArcIt a(g.graph); a != lemon::INVALID; ++a) maximum_flow[static_cast<std::size_t>(g.graph.id(a))] = preflow.flow(a);
      problem.feasible_flow = &maximum_flow;
    }
    cheapest = cheapest_flow(problem, limits.cost_scaling_from_arcs);
    if (!cheapest) return std::nullopt;
    if (earlier_cheapest) *earlier_cheapest = keep_solved(problem, *cheapest);
  }
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
  std::vector<Units> x(form.arcs.size());
  for (std::size_t i = 0; i < form.arcs.size(); ++i) x[i] = flow_of(g.arc[i]);
  cancel_opposite_flows(network, c, form, x);
  if (relaxation_arcs) {
    relaxation_arcs->assign(network.arcs().size(), 0);
    for (std::size_t i = 0; i < form.arcs.size(); ++i) {
      if (x[i] > 0) (*relaxation_arcs)[static_cast<std::size_t>(form.arcs[i])] = 1;
    }
  }
  for (std::size_t i = 0; i < form.arcs.size(); ++i) {
    const auto a = static_cast<std::size_t>(form.arcs[i]);
    flow.arc_t_per_yr[a] = static_cast<double>(x[i]) / form.scale;
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
  // Exactness: the flow must keep every multi-arc row (the split ones do by construction; the
  // relaxed ones after the cancelling; round-off of the integer capacities allowed: half a unit
  // per arc).
  for (int r : form.multi_rows) {
    const CapacityRow& row = rows[static_cast<std::size_t>(r)];
    const double slack = row_allowance(row, form);
    if (solution.row_use[static_cast<std::size_t>(r)] > row.spare() + slack) return std::nullopt;
  }

  // Certificate: the minimum cut nearest the sinks, before the vertices that reach T in the
  // flow's residual graph (CLP's duals named that one in the bundled ties, so reports keep it).
  // Those vertices are the same for every maximum flow, so LEMON's flow, before the cancelling,
  // serves.
  const int nodes = form.vertices;
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
  for (std::size_t e = 0; e < form.tail.size(); ++e) {
    if (!in_x[static_cast<std::size_t>(form.tail[e])] || in_x[static_cast<std::size_t>(form.head[e])]) continue;
    const auto [r, w] = e < form.arcs.size() ? std::make_pair(form.limit_row[e], form.limit_weight[e])
                                             : credited_row(network, form, e - form.arcs.size());
    if (r < 0) return std::nullopt;  // an unlimited edge in a minimum cut: never
    double& y = solution.row_shadow[static_cast<std::size_t>(r)];
    y = std::max(y, 1.0 / w);
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
  if (!found || found->unbounded) return std::nullopt;
  const PureForm& form = *found;
  // G''s max flow must be the LP's for every spare within a step of the answer's (network_flow.hpp).
  for (std::size_t i = 0; i < form.relaxed_rows.size(); ++i) {
    const auto r = static_cast<std::size_t>(form.relaxed_rows[i]);
    const double slack = network.rows()[r].spare() - (r < max_flow.row_use.size() ? max_flow.row_use[r] : kInfinity);
    if (!form.relaxed_opposite[i] && !(slack > step_t_per_yr * form.relaxed_weight[i])) return std::nullopt;
  }
  const FlowClass& c = classes[form.k];
  const ClassFlow& flow = max_flow.classes[form.k];
  const int n = network.vertex_count();
  const int S = n, T = n + 1;
  auto units = [&](double t_per_yr) { return static_cast<Units>(std::llround(t_per_yr * form.scale)); };

  // The flow on G''s edges: A's arcs' own, a split row's edge the sum over the row's arcs.
  const std::size_t edges = form.tail.size();
  std::vector<Units> x(edges, 0);
  for (std::size_t i = 0; i < form.arcs.size(); ++i) x[i] = units(flow.arc_t_per_yr[static_cast<std::size_t>(form.arcs[i])]);
  for (std::size_t j = 0; j < form.split_members.size(); ++j) {
    for (int p : form.split_members[j]) x[form.arcs.size() + j] += x[static_cast<std::size_t>(p)];
  }
  // The residual graph G_x (terminal arcs included), forwards and backwards.
  auto residual_arcs = [&](auto&& add) {
    for (std::size_t e = 0; e < edges; ++e) {
      if (x[e] < form.cap[e]) add(form.tail[e], form.head[e]);
      if (x[e] > 0) add(form.head[e], form.tail[e]);
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
  const auto vertices = static_cast<std::size_t>(form.vertices);
  const Adjacency next_of(vertices, residual_arcs);
  const Adjacency prev_of(vertices, [&](auto&& add) { residual_arcs([&](int u, int v) { add(v, u); }); });
  const std::vector<int> component = strong_components(next_of);
  auto itself = [](int w) { return w; };
  const auto from_s = reach({S}, next_of, itself);
  const auto to_t = reach({T}, prev_of, itself);
  if (from_s[static_cast<std::size_t>(T)]) return std::nullopt;  // not a maximum flow

  // Per edge: in some / every minimum cut; the next bound above u_e among its rows.
  std::vector<char> some(edges, 0), every(edges, 0);
  for (std::size_t e = 0; e < edges; ++e) {
    if (x[e] != form.cap[e]) continue;  // (a row at spare 0 can only be raised: "every" below)
    some[e] = component[static_cast<std::size_t>(form.tail[e])] != component[static_cast<std::size_t>(form.head[e])];
    every[e] = from_s[static_cast<std::size_t>(form.tail[e])] && to_t[static_cast<std::size_t>(form.head[e])];
  }
  const auto& rows = network.rows();
  std::vector<int> limiting(edges, 0);
  std::vector<double> next_bound(edges, kInfinity);
  for (const Bound& b : form.bounds) {
    if (b.t_per_yr == form.cap_t_per_yr[b.edge]) ++limiting[b.edge];
    else next_bound[b.edge] = std::min(next_bound[b.edge], b.t_per_yr);
  }
  NetworkCutRows out;
  for (const Bound& b : form.bounds) {
    const std::size_t e = b.edge;
    if (b.t_per_yr != form.cap_t_per_yr[e]) continue;
    const double rise = limiting[e] == 1 ? std::min(step_t_per_yr, next_bound[e] - b.t_per_yr) : 0.0;
    const bool in_every = every[e] && rise > slope * step_t_per_yr;
    if (in_every) out.in_every_cut.push_back(b.row);
    if (in_every || (some[e] && rows[static_cast<std::size_t>(b.row)].spare() > 0)) out.in_some_cut.push_back(b.row);
  }
  // A relaxed row over both directions bounds two edges: once in each list.
  for (auto* list : {&out.in_some_cut, &out.in_every_cut}) {
    std::sort(list->begin(), list->end());
    list->erase(std::unique(list->begin(), list->end()), list->end());
  }
  return out;
}

}  // namespace borderflow
