#include "network/network.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <stdexcept>

namespace borderflow {
namespace {

bool listed(const std::vector<std::string>& ids, const std::string& id) {
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

}  // namespace

const char* to_string(RowUnit unit) {
  switch (unit) {
    case RowUnit::TonneHoursPerYear: return "t-h/yr";
    case RowUnit::BarrelsPerYear: return "bbl/yr";
    case RowUnit::Tonnes: return "t";
    case RowUnit::TonnesPerYear: break;
  }
  return "t/yr";
}

Network::Network(std::shared_ptr<const Scenario> scenario) : Network(std::move(scenario), nullptr) {}

Network::Network(Scenario scenario) : Network(std::make_shared<const Scenario>(std::move(scenario)), nullptr) {}

Network Network::expand_for_sweep(std::shared_ptr<const Scenario> scenario, const SweepExpansion& expansion) {
  return Network(std::move(scenario), &expansion);
}

Network::Network(std::shared_ptr<const Scenario> scenario, const SweepExpansion* sweep) : scenario_(std::move(scenario)) {
  expand(sweep);
}

void Network::expand(const SweepExpansion* sweep) {
  const Scenario& s = *scenario_;
  const SweepExpansion as_written;
  const SweepExpansion& x = sweep ? *sweep : as_written;
  auto listed_in = [](const std::vector<ElementRef>& refs, ElementKind kind, std::size_t index) {
    return std::any_of(refs.begin(), refs.end(),
                       [&](const ElementRef& e) { return e.kind == kind && e.index == static_cast<int>(index); });
  };
  // Open: by status, or because a sweep may open it; and not closed by policy, which a sweep
  // applies per world instead.
  // A planned element with an opening date inside a time scenario is open from that date (its
  // period factors are 0 before it).
  auto is_open = [&](ElementKind kind, std::size_t index, Status status, const std::string& id) {
    const bool opens = status == Status::Planned && s.time && availability_of(s, {kind, static_cast<int>(index)}).opens;
    return (status == Status::Open || opens || listed_in(x.may_open, kind, index)) &&
           (sweep || !listed(s.policy.closed, id));
  };
  // The bound of an element's row; +inf means no row.
  auto row_bound = [&](ElementKind kind, std::size_t index, double capacity_t_per_yr) {
    if (!std::isfinite(capacity_t_per_yr) && listed_in(x.may_limit, kind, index)) return kSweepPlaceholderCapacity_t_per_yr;
    return capacity_t_per_yr;
  };
  place_vertices_.resize(s.places.size());
  link_open_.assign(s.links.size(), false);
  transfer_open_.assign(s.transfers.size(), false);

  std::vector<bool> crossing_open(s.crossings.size());
  for (std::size_t c = 0; c < s.crossings.size(); ++c) {
    crossing_open[c] = is_open(ElementKind::Crossing, c, s.crossings[c].status, s.crossings[c].id);
  }

  // Links: one arc per gauge layer and direction; one row per direction over those arcs.
  // (crossing, direction across it: crossing_direction) -> arcs.
  std::map<std::pair<int, int>, std::vector<int>> crossing_arcs;
  std::vector<std::vector<int>> link_arcs(s.links.size()), transfer_arcs(s.transfers.size());
  for (std::size_t li = 0; li < s.links.size(); ++li) {
    const Link& link = s.links[li];
    const bool open = is_open(ElementKind::Link, li, link.status, link.id) &&
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
      link_arcs[li].insert(link_arcs[li].end(), arcs.begin(), arcs.end());
      const double bound = row_bound(ElementKind::Link, li, link.capacity_t_per_yr);
      if (std::isfinite(bound)) add_row(ElementKind::Link, static_cast<int>(li), bound, arcs);
      if (link.crossing >= 0) {
        auto& bucket = crossing_arcs[{link.crossing, crossing_direction(s, link.crossing, from, to, reversed)}];
        bucket.insert(bucket.end(), arcs.begin(), arcs.end());
      }
    }
  }

  // One row per crossing and direction, a crossing's rows in the order of their labels
  // ("CN->KP" before "KP->CN"), so that row order does not depend on how links are written.
  std::vector<std::pair<std::string, std::vector<int>>> post_rows;
  for (auto it = crossing_arcs.begin(); it != crossing_arcs.end(); ++it) {
    post_rows.emplace_back(arcs_label(it->second), it->second);
    const auto next = std::next(it);
    if (next != crossing_arcs.end() && next->first.first == it->first.first) continue;
    std::sort(post_rows.begin(), post_rows.end());
    const int c = it->first.first;
    const double bound = row_bound(ElementKind::Crossing, static_cast<std::size_t>(c), s.crossings[static_cast<std::size_t>(c)].capacity_t_per_yr);
    for (auto& [label, arcs] : post_rows) {
      if (std::isfinite(bound)) add_row(ElementKind::Crossing, c, bound, std::move(arcs));
    }
    post_rows.clear();
  }

  // Transfers join two layers at a place; a layer that no open link uses still gets a vertex,
  // so a transfer into it is harmless (it leads nowhere) and reports stay complete.
  for (std::size_t ti = 0; ti < s.transfers.size(); ++ti) {
    const Transfer& transfer = s.transfers[ti];
    const bool open = is_open(ElementKind::Transfer, ti, transfer.status, transfer.id);
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
      transfer_arcs[ti].push_back(arc);
      const double bound = row_bound(ElementKind::Transfer, ti, transfer.capacity_t_per_yr);
      if (std::isfinite(bound)) add_row(ElementKind::Transfer, static_cast<int>(ti), bound, {arc});
    }
  }

  add_both_ways_rows(link_arcs, transfer_arcs);
  add_fleet_and_cap_rows(link_arcs);
  add_background_loads();

  for (auto& vertices : place_vertices_) {
    std::sort(vertices.begin(), vertices.end(), [&](int a, int b) { return vertex(a).layer < vertex(b).layer; });
  }
  if (s.time) expand_over_time();
  build_graph();
}

void Network::build_graph() {
  // Edges sorted by tail, arcs of one tail in arc order (a stable sort): each vertex lists its
  // out-arcs in the order an adjacency list would, so searches break ties as they did.
  std::vector<int> order(arcs_.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
    return arcs_[static_cast<std::size_t>(a)].tail < arcs_[static_cast<std::size_t>(b)].tail;
  });
  std::vector<std::pair<std::size_t, std::size_t>> edges;
  std::vector<ArcRef> refs;
  edges.reserve(order.size());
  refs.reserve(order.size());
  for (int a : order) {
    const NetworkArc& arc = arcs_[static_cast<std::size_t>(a)];
    edges.emplace_back(static_cast<std::size_t>(arc.tail), static_cast<std::size_t>(arc.head));
    refs.push_back(ArcRef{arc.index});
  }
  graph_ = NetworkGraph(boost::edges_are_sorted, edges.begin(), edges.end(), refs.begin(), vertices_.size());
}

namespace {

/// The factor of an arc's element in a period: a link's times its crossing's.
double arc_factor(const Scenario& s, const NetworkArc& arc, const Horizon& h, int p) {
  if (arc.kind == ArcKind::Transfer) return s.transfers[static_cast<std::size_t>(arc.element)].availability->period_factor(h, p);
  const Link& link = s.links[static_cast<std::size_t>(arc.element)];
  double factor = link.availability->period_factor(h, p);
  if (link.crossing >= 0) factor *= s.crossings[static_cast<std::size_t>(link.crossing)].availability->period_factor(h, p);
  return factor;
}

/// The period an arc departing in p at the period's midpoint arrives in (-1: after the horizon).
int arrival_period(const Horizon& h, int p, double hours) {
  const double midpoint = static_cast<double>(h.first_day(p)) + h.days(p) / 2.0;
  return h.period_of(static_cast<std::int64_t>(std::floor(midpoint + hours / 24.0)));
}

}  // namespace

void Network::expand_over_time() {
  const Scenario& s = *scenario_;
  const Horizon& h = *s.time;
  const int n = vertex_count();
  const std::vector<NetworkVertex> base_vertices = std::move(vertices_);
  const std::vector<NetworkArc> base_arcs = std::move(arcs_);
  const std::vector<CapacityRow> base_rows = std::move(rows_);
  const std::vector<int> base_first = std::move(background_first_);
  vertices_.clear();
  arcs_.clear();
  rows_.clear();
  background_first_.clear();
  for (auto& vertices : place_vertices_) vertices.clear();
  for (int p = 0; p < h.periods; ++p) {
    for (int v = 0; v < n; ++v) {
      NetworkVertex copy = base_vertices[static_cast<std::size_t>(v)];
      copy.period = p;
      const auto added = static_cast<int>(vertices_.size());
      vertices_.push_back(copy);
      place_vertices_[static_cast<std::size_t>(copy.place)].push_back(added);
    }
  }
  // Arcs in (period, one-period arc) order; copies[a][p] = the copy of arc a departing in p, or -1.
  std::vector<std::vector<int>> copies(base_arcs.size(), std::vector<int>(static_cast<std::size_t>(h.periods), -1));
  for (int p = 0; p < h.periods; ++p) {
    for (const NetworkArc& arc : base_arcs) {
      const int arrival = arrival_period(h, p, arc.hours);
      if (arrival < 0 || !(arc_factor(s, arc, h, p) > 0)) continue;
      const int copy = add_arc(p * n + arc.tail, arrival * n + arc.head, arc.kind, arc.element, arc.reversed,
                               arc.cost_usd_per_t, arc.hours);
      arcs_[static_cast<std::size_t>(copy)].period = p;
      copies[static_cast<std::size_t>(arc.index)][static_cast<std::size_t>(p)] = copy;
    }
  }
  // Rows in (period, one-period row) order, then the period's storage rows; a row over no arc
  // in a period (its arcs all closed) is left out, except a cap on delivered tonnes.
  for (int p = 0; p < h.periods; ++p) {
    const double share = h.days(p) / kDaysPerYear;
    for (std::size_t r = 0; r < base_rows.size(); ++r) {
      const CapacityRow& base = base_rows[r];
      std::vector<int> arcs;
      std::vector<double> weights;
      for (std::size_t i = 0; i < base.arcs.size(); ++i) {
        const int copy = copies[static_cast<std::size_t>(base.arcs[i])][static_cast<std::size_t>(p)];
        if (copy < 0) continue;
        arcs.push_back(copy);
        if (!base.weights->empty()) weights.push_back((*base.weights)[i]);
      }
      if (arcs.empty() && !base.arcs.empty()) continue;
      const double factor = availability_of(s, {base.kind, base.element}).period_factor(h, p);
      const int row = add_row(base.kind, base.element, base.capacity_t_per_yr * share * factor, std::move(arcs));
      CapacityRow& added = rows_[static_cast<std::size_t>(row)];
      added.weights = std::move(weights);
      added.unit = base.unit;
      added.both_ways = base.both_ways;
      added.per_class = base.per_class;
      added.background = base.background * share * factor;
      added.period = p;
      background_first_.push_back(base_first.empty() ? -1 : base_first[r]);
    }
    add_storage(p, n);
  }
  for (auto& vertices : place_vertices_) {
    std::sort(vertices.begin(), vertices.end(), [&](int a, int b) {
      return std::pair(vertex(a).period, vertex(a).layer) < std::pair(vertex(b).period, vertex(b).layer);
    });
  }
}

void Network::add_storage(int p, int vertices_per_period) {
  const Scenario& s = *scenario_;
  const Horizon& h = *s.time;
  if (p + 1 >= h.periods) return;
  // Held from the midpoint of p to the midpoint of p + 1.
  const double days_held = (h.days(p) + h.days(p + 1)) / 2.0;
  for (std::size_t place = 0; place < s.places.size(); ++place) {
    const auto& storage = s.places[place].storage;
    if (!storage) continue;
    std::vector<int> arcs;
    for (int v : place_vertices_[place]) {
      if (vertex(v).period != p) continue;
      const int arc = add_arc(v, v + vertices_per_period, ArcKind::Storage, static_cast<int>(place), false,
                              storage->cost_usd_per_t_per_day * days_held, 24 * days_held);
      arcs_[static_cast<std::size_t>(arc)].period = p;
      arcs.push_back(arc);
    }
    if (arcs.empty()) continue;
    const int row = add_row(ElementKind::Storage, static_cast<int>(place), storage->capacity_t, std::move(arcs));
    rows_[static_cast<std::size_t>(row)].unit = RowUnit::Tonnes;
    rows_[static_cast<std::size_t>(row)].period = p;
    background_first_.push_back(-1);
  }
}

void Network::add_both_ways_rows(const std::vector<std::vector<int>>& link_arcs,
                                 const std::vector<std::vector<int>>& transfer_arcs) {
  const Scenario& s = *scenario_;
  auto add = [&](ElementKind kind, std::size_t index, double capacity, std::vector<int> arcs) {
    if (!std::isfinite(capacity) || arcs.empty()) return;
    std::sort(arcs.begin(), arcs.end());
    const int row = add_row(kind, static_cast<int>(index), capacity, std::move(arcs));
    rows_[static_cast<std::size_t>(row)].both_ways = true;
  };
  for (std::size_t li = 0; li < s.links.size(); ++li) add(ElementKind::Link, li, s.links[li].capacity_both_ways_t_per_yr, link_arcs[li]);
  for (std::size_t ti = 0; ti < s.transfers.size(); ++ti) {
    add(ElementKind::Transfer, ti, s.transfers[ti].capacity_both_ways_t_per_yr, transfer_arcs[ti]);
  }
  for (std::size_t c = 0; c < s.crossings.size(); ++c) {
    std::vector<int> arcs;
    for (int li : s.crossings[c].links) {
      const auto& these = link_arcs[static_cast<std::size_t>(li)];
      arcs.insert(arcs.end(), these.begin(), these.end());
    }
    add(ElementKind::Crossing, c, s.crossings[c].capacity_both_ways_t_per_yr, std::move(arcs));
  }
}

void Network::add_fleet_and_cap_rows(const std::vector<std::vector<int>>& link_arcs) {
  const Scenario& s = *scenario_;
  constexpr double kHoursPerYear = 24 * kDaysPerYear;
  // A fleet: its served links' arcs both ways, each weighted by the cycle it ties a vehicle up.
  for (std::size_t f = 0; f < s.fleets.size(); ++f) {
    const Fleet& fleet = s.fleets[f];
    std::vector<int> arcs;
    std::vector<double> weights;
    for (int li : fleet.links) {
      const Link& link = s.links[static_cast<std::size_t>(li)];
      for (int a : link_arcs[static_cast<std::size_t>(li)]) {
        arcs.push_back(a);
        weights.push_back(fleet.cycle_h(link.transit_h));
      }
    }
    if (arcs.empty()) continue;  // every served link is closed: the fleet bounds nothing
    const int row = add_row(ElementKind::Fleet, static_cast<int>(f), fleet.count * fleet.payload_t * kHoursPerYear, std::move(arcs));
    rows_[static_cast<std::size_t>(row)].weights = std::move(weights);
    rows_[static_cast<std::size_t>(row)].unit = RowUnit::TonneHoursPerYear;
    rows_[static_cast<std::size_t>(row)].both_ways = true;
  }
  // A cap: per-class; over its elements' arcs, or over delivered tonnes when it names none.
  for (std::size_t c = 0; c < s.caps.size(); ++c) {
    const Cap& cap = s.caps[c];
    std::vector<int> arcs;
    for (const ElementRef& e : cap.elements) {
      const auto these = arcs_of(e);
      arcs.insert(arcs.end(), these.begin(), these.end());
    }
    std::sort(arcs.begin(), arcs.end());
    arcs.erase(std::unique(arcs.begin(), arcs.end()), arcs.end());
    if (!cap.elements.empty() && arcs.empty()) continue;  // its elements are all closed
    const int row = add_row(ElementKind::Cap, static_cast<int>(c), cap.limit, std::move(arcs));
    CapacityRow& r = rows_[static_cast<std::size_t>(row)];
    r.per_class = true;
    r.unit = cap.unit == CapUnit::BarrelsPerYear ? RowUnit::BarrelsPerYear : RowUnit::TonnesPerYear;
  }
}

std::vector<std::pair<int, double>> Network::background_rows(int flow_index) const {
  const Scenario& s = *scenario_;
  const BackgroundFlow& flow = s.background[static_cast<std::size_t>(flow_index)];
  std::vector<std::pair<int, double>> out;
  if (!flow.is_load()) return out;
  const ElementRef& e = *flow.element;
  if (e.kind == ElementKind::Crossing) {
    // A post's load is known by direction of travel only, not by bridge: it counts against the
    // post's rows in that direction (and both ways), not against its links' own rows.
    for (std::size_t r = 0; r < rows_.size(); ++r) {
      const CapacityRow& row = rows_[r];
      if (row.kind != ElementKind::Crossing || row.element != e.index) continue;
      const NetworkArc& first = arcs_[static_cast<std::size_t>(row.arcs.front())];
      const int way = crossing_direction(s, e.index, vertex(first.tail).place, vertex(first.head).place, first.reversed);
      if (row.both_ways || way == (flow.reverse ? 1 : 0)) out.emplace_back(static_cast<int>(r), 1.0);
    }
    return out;
  }
  // A link or transfer load runs on the element's first arc in its direction (a dual-gauge
  // link's arcs share every row), and counts against every row of that arc, weighted.
  // (Over time: the element's first arc in that direction in every period it is open.)
  const ArcKind kind = e.kind == ElementKind::Link ? ArcKind::Link : ArcKind::Transfer;
  std::vector<char> period_seen(static_cast<std::size_t>(period_count()), 0);
  for (const NetworkArc& arc : arcs_) {
    if (arc.kind != kind || arc.element != e.index || arc.reversed != flow.reverse) continue;
    if (period_seen[static_cast<std::size_t>(arc.period)]) continue;
    period_seen[static_cast<std::size_t>(arc.period)] = 1;
    for (int r : arc.rows) {
      const CapacityRow& row = rows_[static_cast<std::size_t>(r)];
      if (row.per_class) continue;
      const auto at = std::find(row.arcs.begin(), row.arcs.end(), arc.index) - row.arcs.begin();
      out.emplace_back(r, row.weight(static_cast<std::size_t>(at)));
    }
  }
  return out;  // none when the element is closed: its load has nowhere to run
}

void Network::add_background_loads() {
  background_first_.assign(rows_.size(), -1);
  for (std::size_t b = 0; b < scenario_->background.size(); ++b) {
    const double load = scenario_->background[b].load_t_per_yr;
    for (const auto& [r, coefficient] : background_rows(static_cast<int>(b))) {
      const auto row = static_cast<std::size_t>(r);
      rows_[row].background += load * coefficient;
      if (background_first_[row] < 0) background_first_[row] = static_cast<int>(b);
    }
  }
}

void Network::add_background(const std::vector<double>& arc_t_per_yr) {
  for (CapacityRow& row : rows_) {
    if (row.per_class) continue;
    for (std::size_t i = 0; i < row.arcs.size(); ++i) {
      row.background += arc_t_per_yr[static_cast<std::size_t>(row.arcs[i])] * row.weight(i);
    }
  }
}

std::vector<BackgroundOverload> Network::background_overloads() const {
  std::vector<BackgroundOverload> out;
  for (std::size_t r = 0; r < rows_.size(); ++r) {
    const CapacityRow& row = rows_[r];
    if (row.background > row.capacity_t_per_yr * (1 + 1e-6) + 1e-6) {
      out.push_back({static_cast<int>(r), row.background, r < background_first_.size() ? background_first_[r] : -1});
    }
  }
  return out;
}

int Network::vertex_for(int place, Layer layer) {
  auto& vertices = place_vertices_[static_cast<std::size_t>(place)];
  for (int v : vertices) {
    if (vertex(v).layer == layer) return v;
  }
  const auto v = static_cast<int>(vertices_.size());
  vertices_.push_back(NetworkVertex{place, layer});
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
  arcs_.push_back(std::move(arc));
  return arcs_.back().index;
}

int Network::add_row(ElementKind kind, int element, double capacity, std::vector<int> arcs) {
  const int row = static_cast<int>(rows_.size());
  for (int a : arcs) arcs_[static_cast<std::size_t>(a)].rows.push_back(row);
  CapacityRow r;
  r.kind = kind;
  r.element = element;
  r.capacity_t_per_yr = capacity;
  r.arcs = std::move(arcs);
  rows_.push_back(std::move(r));
  return row;
}

const std::string& Network::row_element_id(int row) const {
  const CapacityRow& r = rows_[static_cast<std::size_t>(row)];
  const auto e = static_cast<std::size_t>(r.element);
  switch (r.kind) {
    case ElementKind::Link: return scenario_->links[e].id;
    case ElementKind::Transfer: return scenario_->transfers[e].id;
    case ElementKind::Fleet: return scenario_->fleets[e].id;
    case ElementKind::Cap: return scenario_->caps[e].id;
    case ElementKind::Storage: return scenario_->places[e].id;
    case ElementKind::Crossing: break;
  }
  return scenario_->crossings[e].id;
}

std::vector<int> Network::arcs_of(ElementRef element) const {
  std::vector<int> out;
  if (element.kind == ElementKind::Fleet || element.kind == ElementKind::Cap) {
    for (int r : rows_of(element)) out.insert(out.end(), rows_[static_cast<std::size_t>(r)].arcs.begin(), rows_[static_cast<std::size_t>(r)].arcs.end());
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
  }
  for (const NetworkArc& arc : arcs_) {
    const bool carries =
        element.kind == ElementKind::Crossing
            ? arc.kind == ArcKind::Link && scenario_->links[static_cast<std::size_t>(arc.element)].crossing == element.index
            : arc.kind == (element.kind == ElementKind::Link ? ArcKind::Link : ArcKind::Transfer) &&
                  arc.element == element.index;
    if (carries) out.push_back(arc.index);
  }
  return out;
}

std::vector<int> Network::rows_of(ElementRef element) const {
  std::vector<int> out;
  for (std::size_t r = 0; r < rows_.size(); ++r) {
    if (rows_[r].kind == element.kind && rows_[r].element == element.index) out.push_back(static_cast<int>(r));
  }
  return out;
}

std::string Network::row_direction(int row) const {
  const CapacityRow& r = rows_[static_cast<std::size_t>(row)];
  if (r.kind == ElementKind::Cap) return r.arcs.empty() ? "delivered" : "on its elements";
  if (r.kind == ElementKind::Storage) return "held into the next period";
  if (r.both_ways) return "both ways";
  const NetworkArc& arc = arcs_[static_cast<std::size_t>(r.arcs.front())];
  const NetworkVertex& tail = vertex(arc.tail);
  const NetworkVertex& head = vertex(arc.head);
  const Place& from = scenario_->places[static_cast<std::size_t>(tail.place)];
  const Place& to = scenario_->places[static_cast<std::size_t>(head.place)];
  switch (r.kind) {
    case ElementKind::Link: return from.id + "->" + to.id;
    case ElementKind::Transfer: return to_string(tail.layer) + "->" + to_string(head.layer);
    case ElementKind::Fleet:
    case ElementKind::Cap:
    case ElementKind::Storage:
    case ElementKind::Crossing: break;
  }
  return arcs_label(r.arcs);
}

std::string Network::arcs_label(std::span<const int> arcs) const {
  std::vector<int> tails, heads;
  for (int a : arcs) {
    tails.push_back(vertex(arcs_[static_cast<std::size_t>(a)].tail).place);
    heads.push_back(vertex(arcs_[static_cast<std::size_t>(a)].head).place);
  }
  return countries_label(*scenario_, tails, heads);
}

std::string Network::describe_row(int row) const {
  const CapacityRow& r = rows_[static_cast<std::size_t>(row)];
  const auto e = static_cast<std::size_t>(r.element);
  const std::string when = r.period >= 0 ? " in " + horizon()->label(r.period) : "";
  auto named = [&](const char* kind, const std::string& id, const std::string& name) {
    return kind + (" " + id) + (name == id ? "" : " (" + name + ")") + " " + row_direction(row) + when;
  };
  switch (r.kind) {
    case ElementKind::Link: return named("link", scenario_->links[e].id, scenario_->links[e].name);
    case ElementKind::Transfer: return named("transfer", scenario_->transfers[e].id, scenario_->transfers[e].name);
    case ElementKind::Fleet: return named("fleet", scenario_->fleets[e].id, scenario_->fleets[e].name);
    case ElementKind::Cap: return named("cap", scenario_->caps[e].id, scenario_->caps[e].name);
    case ElementKind::Storage: return named("storage at", scenario_->places[e].id, scenario_->places[e].name);
    case ElementKind::Crossing: break;
  }
  return named("border post", scenario_->crossings[e].id, scenario_->crossings[e].name);
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
    } else if (arc.kind == ArcKind::Storage) {
      const Place& place = s.places[static_cast<std::size_t>(arc.element)];
      if (tail.place != arc.element || head.place != arc.element || !(tail.layer == head.layer) ||
          head.period != tail.period + 1 || !place.storage) {
        problems.push_back(name + ": storage at " + place.id + " is not one layer of its place into the next period");
      }
    } else {
      const Transfer& t = s.transfers[static_cast<std::size_t>(arc.element)];
      if (tail.place != t.place || head.place != t.place) problems.push_back(name + ": transfer " + t.id + " leaves its place");
      if (tail.layer == head.layer) problems.push_back(name + ": transfer " + t.id + " does not change layer");
      if (!transfer_open_[static_cast<std::size_t>(arc.element)]) problems.push_back(name + ": closed transfer has an arc");
    }
    if (!(arc.cost_usd_per_t >= 0) || !(arc.hours >= 0)) problems.push_back(name + ": negative or undefined cost or time");
    if (head.period < tail.period || tail.period != arc.period) problems.push_back(name + ": runs back in time");
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
    if (rows_[r].arcs.empty() && !(rows_[r].per_class && rows_[r].kind == ElementKind::Cap)) {
      problems.push_back("row " + std::to_string(r) + " bounds no arc");
    }
    if (!rows_[r].weights->empty() && rows_[r].weights->size() != rows_[r].arcs.size()) {
      problems.push_back("row " + std::to_string(r) + " has weights that do not match its arcs");
    }
  }
  return problems;
}

void require_sound(const Network& network, const std::string& what) {
  const auto problems = network.check();
  if (!problems.empty()) throw std::logic_error(what + " is unsound: " + problems.front());
}

}  // namespace borderflow
