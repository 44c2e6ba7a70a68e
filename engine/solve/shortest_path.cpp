#include "solve/shortest_path.hpp"

#include <algorithm>
#include <functional>
#include <limits>
#include <queue>
#include <utility>

#include <boost/range/iterator_range.hpp>

namespace borderflow {

namespace {

/// Dijkstra over the network's own out-edge table, every source at 0, with a lazy heap (a vertex
/// settles at its first pop; later, longer entries are skipped). A graph built per call, with a
/// node per edge, took most of the time of the search. The distances do not depend on the heap:
/// with lengths >= 0, v's distance is the least of d(u) + l over in-neighbours u settled before
/// it, and every u that could lower it is settled before it whatever the order of ties.
/// `targets`: the search stops once all of them are settled (`first_only`: once one is), which
/// leaves every distance it has settled exact; the rest are the lengths of paths found so far,
/// or +infinity. The callers read only targets' distances (a far sink of a demand across a
/// million-arc network settles long before the last vertex does). `backward`: from `from` over
/// the arcs backwards (the distance to `from`), through the arcs into each vertex.
std::vector<double> search(const Network& network, const std::vector<char>& usable, const std::vector<int>& from,
                           const std::vector<double>& arc_length, const std::vector<int>& targets, bool first_only,
                           const ArcsInto* backward = nullptr) {
  const auto n = static_cast<std::size_t>(network.vertex_count());
  constexpr double kInfinity = std::numeric_limits<double>::infinity();
  std::vector<double> distance(n, kInfinity);
  std::vector<char> settled(n, 0);
  std::vector<char> target(targets.empty() ? 0 : n, 0);
  std::size_t targets_left = 0;
  for (int v : targets) {
    if (!target[static_cast<std::size_t>(v)]) ++targets_left;
    target[static_cast<std::size_t>(v)] = 1;
  }
  using Entry = std::pair<double, int>;  // (distance, vertex), least first
  std::priority_queue<Entry, std::vector<Entry>, std::greater<>> heap;
  for (int v : from) {
    distance[static_cast<std::size_t>(v)] = 0.0;
    heap.emplace(0.0, v);
  }
  const NetworkGraph& graph = network.graph();
  while (!heap.empty()) {
    const auto [d, u] = heap.top();
    heap.pop();
    if (settled[static_cast<std::size_t>(u)]) continue;
    settled[static_cast<std::size_t>(u)] = 1;
    if (!target.empty() && target[static_cast<std::size_t>(u)]) {
      if (first_only || --targets_left == 0) break;
    }
    const auto reach = [&, d = d](std::size_t a, std::size_t v) {
      if (!usable[a]) return;
      const double through = d + std::max(0.0, arc_length[a]);
      if (through < distance[v]) {
        distance[v] = through;
        heap.emplace(through, static_cast<int>(v));
      }
    };
    if (backward) {
      for (std::size_t i = backward->first[static_cast<std::size_t>(u)]; i < backward->first[static_cast<std::size_t>(u) + 1]; ++i) {
        const auto a = static_cast<std::size_t>(backward->arc[i]);
        reach(a, static_cast<std::size_t>(network.arcs()[a].tail));
      }
    } else {
      for (const auto edge : boost::make_iterator_range(boost::out_edges(static_cast<std::size_t>(u), graph))) {
        reach(static_cast<std::size_t>(graph[edge].index), static_cast<std::size_t>(boost::target(edge, graph)));
      }
    }
  }
  return distance;
}

}  // namespace

std::vector<double> distances_from_sources(const Network& network, const FlowClass& flow_class,
                                           const std::vector<double>& arc_length, const std::vector<int>& until) {
  return search(network, flow_class.arc_usable, flow_class.sources, arc_length, until, false);
}

double nearest_sink_distance(const Network& network, const FlowClass& flow_class, const std::vector<double>& arc_length) {
  if (flow_class.sinks.empty()) return std::numeric_limits<double>::infinity();
  return distance_to_sinks(flow_class, search(network, flow_class.arc_usable, flow_class.sources, arc_length, flow_class.sinks, true));
}

double distance_to_sinks(const FlowClass& flow_class, const std::vector<double>& distances) {
  double best = std::numeric_limits<double>::infinity();
  for (int v : flow_class.sinks) best = std::min(best, distances[static_cast<std::size_t>(v)]);
  return best;
}

ArcsInto::ArcsInto(const Network& network) : first(static_cast<std::size_t>(network.vertex_count()) + 1, 0) {
  const auto& arcs = network.arcs();
  for (const NetworkArc& a : arcs) ++first[static_cast<std::size_t>(a.head) + 1];
  for (std::size_t v = 1; v < first.size(); ++v) first[v] += first[v - 1];
  arc.resize(arcs.size());
  std::vector<std::size_t> next(first.begin(), first.end() - 1);
  for (std::size_t a = 0; a < arcs.size(); ++a) arc[next[static_cast<std::size_t>(arcs[a].head)]++] = static_cast<int>(a);
}

std::vector<double> distances_to_sinks(const Network& network, const FlowClass& flow_class,
                                       const std::vector<double>& arc_length, const ArcsInto& into) {
  return search(network, flow_class.arc_usable, flow_class.sinks, arc_length, {}, false, &into);
}

namespace {

/// One end of sinks_nearer_than's search, one settled vertex per step: from the sources over the
/// arcs forwards, or from the sinks over them backwards. Heads reached over a zero-length arc
/// settle at once, first in first out, off the heap (as arc generation's shortest_tree does: the
/// max flow's priced lengths are 0 on most arcs). Reached: it settled a vertex of the other end
/// nearer than `stop_at`; Exhausted: every vertex nearer than that is settled, none of them one.
class EndSearch {
 public:
  enum class State { Running, Reached, Exhausted };
  EndSearch(const Network& network, const std::vector<int>& from, const std::vector<int>& to,
            const std::vector<char>& usable, const std::vector<double>& length, double stop_at, const ArcsInto* backward)
      : network_(network), usable_(usable), length_(length), stop_at_(stop_at), backward_(backward),
        distance_(static_cast<std::size_t>(network.vertex_count()), std::numeric_limits<double>::infinity()),
        target_(static_cast<std::size_t>(network.vertex_count()), 0) {
    for (int v : to) target_[static_cast<std::size_t>(v)] = 1;
    for (int v : from) {
      distance_[static_cast<std::size_t>(v)] = 0;
      heap_.emplace(0.0, v);
    }
  }

  State step() {
    if (next_in_level_ == level_.size()) {
      level_.clear();
      next_in_level_ = 0;
      for (;;) {
        if (heap_.empty()) return State::Exhausted;
        const auto [d, v] = heap_.top();
        heap_.pop();
        if (d > distance_[static_cast<std::size_t>(v)]) continue;  // a longer, older entry
        if (d >= stop_at_) return State::Exhausted;
        level_distance_ = d;
        level_.push_back(v);
        break;
      }
    }
    const auto v = static_cast<std::size_t>(level_[next_in_level_++]);
    if (target_[v]) return State::Reached;
    if (backward_) {
      for (std::size_t i = backward_->first[v]; i < backward_->first[v + 1]; ++i) {
        const auto a = static_cast<std::size_t>(backward_->arc[i]);
        reach(a, static_cast<std::size_t>(network_.arcs()[a].tail));
      }
    } else {
      const NetworkGraph& graph = network_.graph();
      for (const auto edge : boost::make_iterator_range(boost::out_edges(v, graph))) {
        reach(static_cast<std::size_t>(graph[edge].index), static_cast<std::size_t>(boost::target(edge, graph)));
      }
    }
    return State::Running;
  }

 private:
  void reach(std::size_t a, std::size_t w) {
    if (!usable_[a]) return;
    const double step = std::max(0.0, length_[a]);
    const double next = level_distance_ + step;
    if (!(next < distance_[w])) return;
    distance_[w] = next;
    if (step == 0) {
      level_.push_back(static_cast<int>(w));
    } else {
      heap_.emplace(next, static_cast<int>(w));
    }
  }

  const Network& network_;
  const std::vector<char>& usable_;
  const std::vector<double>& length_;
  double stop_at_;
  const ArcsInto* backward_;  // null: forwards
  std::vector<double> distance_;
  std::vector<char> target_;
  std::priority_queue<std::pair<double, int>, std::vector<std::pair<double, int>>, std::greater<>> heap_;
  std::vector<int> level_;  // the vertices at level_distance_, in the order reached
  std::size_t next_in_level_ = 0;
  double level_distance_ = 0;
};

}  // namespace

bool sinks_nearer_than(const Network& network, const FlowClass& flow_class, const std::vector<double>& arc_length,
                       double stop_at, const ArcsInto& into) {
  EndSearch forward(network, flow_class.sources, flow_class.sinks, flow_class.arc_usable, arc_length, stop_at, nullptr);
  EndSearch backward(network, flow_class.sinks, flow_class.sources, flow_class.arc_usable, arc_length, stop_at, &into);
  for (;;) {
    if (const auto state = forward.step(); state != EndSearch::State::Running) return state == EndSearch::State::Reached;
    if (const auto state = backward.step(); state != EndSearch::State::Running) return state == EndSearch::State::Reached;
  }
}

std::vector<double> priced_lengths(const Network& network, const FlowClass& flow_class,
                                   const std::vector<double>& row_price, bool with_costs) {
  const auto& rows = network.rows();
  std::vector<double> class_weight(rows.size(), 0.0);
  for (const CountedRow& counted : flow_class.counted_rows) class_weight[static_cast<std::size_t>(counted.row)] = counted.weight;
  std::vector<double> length(network.arcs().size(), 0.0);
  if (with_costs) {
    for (const auto& arc : network.arcs()) {
      const auto a = static_cast<std::size_t>(arc.index);
      length[a] = arc.cost_usd_per_t + flow_class.extra_cost(a);
    }
  }
  // Row by row, over the priced ones only: a few binding rows in a large network, where reading
  // every arc's own row list cost more than the search that uses the lengths. Rows are added in
  // ascending order, as each arc lists its rows (Network::add_row), so every arc's terms are
  // summed in the same order as arc by arc and the lengths are the same to the bit. An arc a row
  // lists twice counts twice, at the weight of its first place in the row.
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const double y = row_price[r];
    if (y == 0) continue;
    const CapacityRow& row = rows[r];
    const double factor = row.per_class ? class_weight[r] : 1.0;
    for (const int arc : row.arcs) {
      const auto at = static_cast<std::size_t>(std::find(row.arcs.begin(), row.arcs.end(), arc) - row.arcs.begin());
      const double coef = row.weight(at) * factor;
      length[static_cast<std::size_t>(arc)] += coef * y;
    }
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
