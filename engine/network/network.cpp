#include "network/network.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

namespace borderflow {
namespace {

bool listed(const std::vector<std::string>& ids, const std::string& id) {
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

}  // namespace

Network::Network(const Scenario& scenario) : scenario_(&scenario) {
  const auto& s = scenario;
  place_vertices_.resize(s.places.size());
  link_open_.assign(s.links.size(), false);
  transfer_open_.assign(s.transfers.size(), false);

  std::vector<bool> crossing_open(s.crossings.size());
  for (std::size_t c = 0; c < s.crossings.size(); ++c) {
    crossing_open[c] = s.crossings[c].status == Status::Open && !listed(s.policy.closed, s.crossings[c].id);
  }

  // Links: one arc per gauge layer and direction; one row per direction over those arcs.
  std::map<std::pair<int, std::string>, std::vector<int>> crossing_arcs;  // (crossing, tail country) -> arcs
  for (std::size_t li = 0; li < s.links.size(); ++li) {
    const Link& link = s.links[li];
    const bool open = link.status == Status::Open && !listed(s.policy.closed, link.id) &&
                      (link.crossing < 0 || crossing_open[static_cast<std::size_t>(link.crossing)]);
    link_open_[li] = open;
    if (!open) continue;
    std::vector<Layer> layers;
    if (link.mode == Mode::Rail) {
      for (int gauge : link.gauges_mm) layers.push_back({Mode::Rail, gauge});
    } else {
      layers.push_back({link.mode, 0});
    }
    double cost = link.total_cost_usd_per_t();
    double hours = link.transit_h;
    if (link.crossing >= 0) {
      cost += s.crossings[static_cast<std::size_t>(link.crossing)].cost_usd_per_t;
      hours += s.crossings[static_cast<std::size_t>(link.crossing)].dwell_h;
    }
    for (int direction = 0; direction < (link.both_ways ? 2 : 1); ++direction) {
      const bool reversed = direction == 1;
      const int from = reversed ? link.to : link.from;
      const int to = reversed ? link.from : link.to;
      std::vector<int> arcs;
      for (const Layer& layer : layers) {
        const int tail = vertex_for(from, layer);
        const int head = vertex_for(to, layer);
        arcs.push_back(add_arc(tail, head, ArcKind::Link, static_cast<int>(li), reversed, cost, hours));
      }
      if (std::isfinite(link.capacity_t_per_yr)) {
        add_row(RowKind::Link, static_cast<int>(li), s.places[from].id + "->" + s.places[to].id,
                link.capacity_t_per_yr, arcs);
      }
      if (link.crossing >= 0) {
        auto& bucket = crossing_arcs[{link.crossing, s.places[from].country + "->" + s.places[to].country}];
        bucket.insert(bucket.end(), arcs.begin(), arcs.end());
      }
    }
  }

  for (const auto& [key, arcs] : crossing_arcs) {
    const Crossing& crossing = s.crossings[static_cast<std::size_t>(key.first)];
    if (std::isfinite(crossing.capacity_t_per_yr)) {
      add_row(RowKind::Crossing, key.first, key.second, crossing.capacity_t_per_yr, arcs);
    }
  }

  // Transfers join two layers at a place; a layer that no open link uses still gets a vertex,
  // so a transfer into it is harmless (it leads nowhere) and reports stay complete.
  for (std::size_t ti = 0; ti < s.transfers.size(); ++ti) {
    const Transfer& transfer = s.transfers[ti];
    const bool open = transfer.status == Status::Open && !listed(s.policy.closed, transfer.id);
    transfer_open_[ti] = open;
    if (!open) continue;
    for (int direction = 0; direction < (transfer.both_ways ? 2 : 1); ++direction) {
      const bool reversed = direction == 1;
      const Layer from = reversed ? transfer.to : transfer.from;
      const Layer to = reversed ? transfer.from : transfer.to;
      const int tail = vertex_for(transfer.place, from);
      const int head = vertex_for(transfer.place, to);
      const int arc = add_arc(tail, head, ArcKind::Transfer, static_cast<int>(ti), reversed, transfer.cost_usd_per_t,
                              transfer.time_h);
      if (std::isfinite(transfer.capacity_t_per_yr)) {
        add_row(RowKind::Transfer, static_cast<int>(ti), to_string(from) + "->" + to_string(to),
                transfer.capacity_t_per_yr, {arc});
      }
    }
  }

  for (auto& vertices : place_vertices_) {
    std::sort(vertices.begin(), vertices.end(), [&](int a, int b) { return vertex(a).layer < vertex(b).layer; });
  }
}

int Network::vertex_for(int place, Layer layer) {
  auto& vertices = place_vertices_[static_cast<std::size_t>(place)];
  for (int v : vertices) {
    if (vertex(v).layer == layer) return v;
  }
  const auto v = static_cast<int>(boost::add_vertex(NetworkVertex{place, layer}, graph_));
  vertices.push_back(v);
  return v;
}

int Network::add_arc(int tail, int head, ArcKind kind, int element, bool reversed, double cost, double hours) {
  NetworkArc arc;
  arc.index = static_cast<int>(arcs_.size());
  arc.tail = tail;
  arc.head = head;
  arc.kind = kind;
  arc.element = element;
  arc.reversed = reversed;
  arc.cost_usd_per_t = cost;
  arc.hours = hours;
  boost::add_edge(static_cast<std::size_t>(tail), static_cast<std::size_t>(head), ArcRef{arc.index}, graph_);
  arcs_.push_back(std::move(arc));
  return arcs_.back().index;
}

int Network::add_row(RowKind kind, int element, std::string direction, double capacity, std::vector<int> arcs) {
  const int row = static_cast<int>(rows_.size());
  for (int a : arcs) arcs_[static_cast<std::size_t>(a)].rows.push_back(row);
  rows_.push_back({kind, element, std::move(direction), capacity, std::move(arcs)});
  return row;
}

std::string Network::row_element_id(int row) const {
  const CapacityRow& r = rows_[static_cast<std::size_t>(row)];
  switch (r.kind) {
    case RowKind::Link: return scenario_->links[static_cast<std::size_t>(r.element)].id;
    case RowKind::Transfer: return scenario_->transfers[static_cast<std::size_t>(r.element)].id;
    case RowKind::Crossing: return scenario_->crossings[static_cast<std::size_t>(r.element)].id;
  }
  return {};
}

std::string Network::describe_row(int row) const {
  const CapacityRow& r = rows_[static_cast<std::size_t>(row)];
  switch (r.kind) {
    case RowKind::Link: {
      const Link& link = scenario_->links[static_cast<std::size_t>(r.element)];
      return "link " + link.id + (link.name == link.id ? "" : " (" + link.name + ")") + " " + r.direction;
    }
    case RowKind::Transfer: {
      const Transfer& t = scenario_->transfers[static_cast<std::size_t>(r.element)];
      return "transfer " + t.id + (t.name == t.id ? "" : " (" + t.name + ")") + " " + r.direction;
    }
    case RowKind::Crossing: {
      const Crossing& c = scenario_->crossings[static_cast<std::size_t>(r.element)];
      return "border post " + c.id + (c.name == c.id ? "" : " (" + c.name + ")") + " " + r.direction;
    }
  }
  return {};
}

std::vector<std::string> Network::check() const {
  std::vector<std::string> problems;
  const auto& s = *scenario_;
  if (boost::num_edges(graph_) != arcs_.size()) problems.push_back("graph and arc table disagree on the arc count");
  for (auto [e, end] = boost::edges(graph_); e != end; ++e) {
    const NetworkArc& arc = arcs_[static_cast<std::size_t>(graph_[*e].index)];
    if (static_cast<int>(boost::source(*e, graph_)) != arc.tail || static_cast<int>(boost::target(*e, graph_)) != arc.head) {
      problems.push_back("graph edge and arc " + std::to_string(arc.index) + " disagree on their ends");
    }
  }
  for (const NetworkArc& arc : arcs_) {
    const NetworkVertex& tail = vertex(arc.tail);
    const NetworkVertex& head = vertex(arc.head);
    const std::string name = "arc " + std::to_string(arc.index);
    if (arc.kind == ArcKind::Link) {
      const Link& link = s.links[static_cast<std::size_t>(arc.element)];
      if (!(tail.layer == head.layer)) problems.push_back(name + ": link " + link.id + " changes layer");
      if (tail.layer.mode != link.mode) problems.push_back(name + ": link " + link.id + " is in the wrong mode layer");
      if (link.mode == Mode::Rail &&
          std::find(link.gauges_mm.begin(), link.gauges_mm.end(), tail.layer.gauge_mm) == link.gauges_mm.end()) {
        problems.push_back(name + ": link " + link.id + " runs on a gauge it does not have");
      }
      const int from = arc.reversed ? link.to : link.from;
      const int to = arc.reversed ? link.from : link.to;
      if (tail.place != from || head.place != to) problems.push_back(name + ": link " + link.id + " has wrong ends");
      if (!link_open_[static_cast<std::size_t>(arc.element)]) problems.push_back(name + ": closed link has an arc");
    } else {
      const Transfer& t = s.transfers[static_cast<std::size_t>(arc.element)];
      if (tail.place != t.place || head.place != t.place) problems.push_back(name + ": transfer " + t.id + " leaves its place");
      if (tail.layer == head.layer) problems.push_back(name + ": transfer " + t.id + " does not change layer");
      if (!transfer_open_[static_cast<std::size_t>(arc.element)]) problems.push_back(name + ": closed transfer has an arc");
    }
    if (!(arc.cost_usd_per_t >= 0) || !(arc.hours >= 0)) problems.push_back(name + ": negative or undefined cost or time");
    for (int row : arc.rows) {
      const auto& arcs = rows_[static_cast<std::size_t>(row)].arcs;
      if (std::find(arcs.begin(), arcs.end(), arc.index) == arcs.end()) problems.push_back(name + ": row index mismatch");
    }
  }
  // Gauge changes only on transfer arcs: every rail arc between different gauges must be a transfer.
  for (const NetworkArc& arc : arcs_) {
    const auto& a = vertex(arc.tail).layer;
    const auto& b = vertex(arc.head).layer;
    if (a.mode == Mode::Rail && b.mode == Mode::Rail && a.gauge_mm != b.gauge_mm && arc.kind != ArcKind::Transfer) {
      problems.push_back("arc " + std::to_string(arc.index) + " changes gauge without a transfer");
    }
  }
  for (std::size_t r = 0; r < rows_.size(); ++r) {
    if (!(rows_[r].capacity_t_per_yr >= 0)) problems.push_back("row " + std::to_string(r) + " has a negative capacity");
    if (rows_[r].arcs.empty()) problems.push_back("row " + std::to_string(r) + " bounds no arc");
  }
  return problems;
}

}  // namespace borderflow
