#include "report/layers.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <map>
#include <tuple>

#include "report/items.hpp"

namespace borderflow {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::string source_text(const Provenance& p) {
  std::string out;
  if (!p.source_tags.empty()) {
    out = "source: ";
    for (std::size_t i = 0; i < p.source_tags.size(); ++i) out += (i ? ", " : "") + p.source_tags[i];
  }
  if (!p.assumption.empty()) out += (out.empty() ? "" : "; ") + ("assumption: " + p.assumption);
  return out;
}

std::string gauge_text(const Link& link) {
  if (link.gauges_mm.size() == 2) return "dual";
  if (link.gauges_mm.size() == 1) return std::to_string(link.gauges_mm.front());
  return "";
}

LonLat at(const Place& p) { return {p.lon_deg, p.lat_deg}; }

/// What the rows of one element in one direction add up to. A time-expanded network has one row
/// per period: capacities, backgrounds and uses are summed over the horizon, so the utilisation
/// is the horizon's; a one-period network has one row of each kind.
struct RowTotals {
  bool any = false;
  double capacity = 0, background = 0, use = 0;
  bool binding = false;
  double shadow = 0;
  void add(const CapacityRow& row, double use_t, double shadow_price) {
    any = true;
    capacity += row.capacity_t_per_yr;
    background += row.background;
    use += use_t;
    if (shadow_price > kBindingShadowPrice) {
      binding = true;
      shadow = std::max(shadow, shadow_price);
    }
  }
  double utilisation() const { return any && capacity > 0 ? (background + use) / capacity : kNaN; }
};

/// Element kind, element index, direction (0 forward, 1 reverse, 2 both ways together).
using RowKey = std::tuple<ElementKind, int, int>;

/// Whether an arc runs in its element's written direction: a link from -> to, a transfer from
/// layer -> to layer (arc.reversed says so for both).
int arc_direction(const NetworkArc& arc) { return arc.reversed ? 1 : 0; }

/// A crossing's forward direction is from the country of its first link's `from` place.
std::string crossing_origin_country(const Scenario& s, const Crossing& c) {
  if (c.links.empty()) return {};
  const Link& first = s.links[static_cast<std::size_t>(c.links.front())];
  return s.places[static_cast<std::size_t>(first.from)].country;
}

struct Built {
  std::map<RowKey, RowTotals> rows;
  std::map<std::pair<ElementKind, int>, std::array<double, 2>> flow;  ///< per element, per direction
};

Built tally(const Network& network, const std::vector<double>& arc_t, const std::vector<double>& row_shadow) {
  const Scenario& s = network.scenario();
  Built b;
  auto crossing_direction = [&](const NetworkArc& arc, int crossing) {
    const Place& tail = s.places[static_cast<std::size_t>(network.vertex(arc.tail).place)];
    return tail.country == crossing_origin_country(s, s.crossings[static_cast<std::size_t>(crossing)]) ? 0 : 1;
  };
  for (const NetworkArc& arc : network.arcs()) {
    const double x = arc_t.empty() ? 0.0 : arc_t[static_cast<std::size_t>(arc.index)];
    if (arc.kind == ArcKind::Link) {
      b.flow[{ElementKind::Link, arc.element}][static_cast<std::size_t>(arc_direction(arc))] += x;
      const int c = s.links[static_cast<std::size_t>(arc.element)].crossing;
      if (c >= 0) b.flow[{ElementKind::Crossing, c}][static_cast<std::size_t>(crossing_direction(arc, c))] += x;
    } else if (arc.kind == ArcKind::Transfer) {
      b.flow[{ElementKind::Transfer, arc.element}][static_cast<std::size_t>(arc_direction(arc))] += x;
    }
  }
  const auto& rows = network.rows();
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const CapacityRow& row = rows[r];
    if (row.arcs.empty() || row.unit != RowUnit::TonnesPerYear) continue;
    if (row.kind != ElementKind::Link && row.kind != ElementKind::Transfer && row.kind != ElementKind::Crossing) continue;
    const NetworkArc& first = network.arcs()[static_cast<std::size_t>(row.arcs.front())];
    int direction = 2;
    if (!row.both_ways) direction = row.kind == ElementKind::Crossing ? crossing_direction(first, row.element) : arc_direction(first);
    double use = 0;
    for (std::size_t i = 0; i < row.arcs.size(); ++i) {
      const double w = row.weight(i);
      use += w * (arc_t.empty() ? 0.0 : arc_t[static_cast<std::size_t>(row.arcs[i])]);
    }
    const double shadow = r < row_shadow.size() ? row_shadow[r] : 0.0;
    b.rows[{row.kind, row.element, direction}].add(row, use, shadow);
  }
  return b;
}

/// The figures of one element in one direction: its own direction's row, or its both-ways row
/// when that one is fuller (or the only one).
DirectionFigures figures(const Built& b, ElementKind kind, int element, int direction, double written_capacity,
                         bool one_period) {
  DirectionFigures f;
  const auto flow_it = b.flow.find({kind, element});
  f.flow_t_per_yr = rounded(flow_it == b.flow.end() ? 0.0 : flow_it->second[static_cast<std::size_t>(direction)], 1);
  const RowTotals* own = nullptr;
  const RowTotals* both = nullptr;
  if (auto it = b.rows.find({kind, element, direction}); it != b.rows.end()) own = &it->second;
  if (auto it = b.rows.find({kind, element, 2}); it != b.rows.end()) both = &it->second;
  const RowTotals* shown = own;
  if (both && (!own || both->utilisation() > own->utilisation())) shown = both;
  f.capacity_t_per_yr = std::isfinite(written_capacity) ? written_capacity : kNaN;
  if (shown) {
    if (one_period) f.capacity_t_per_yr = shown->capacity;
    f.background_t_per_yr = rounded(shown->background, 1);
    f.utilisation = rounded(shown->utilisation(), 4);
  } else {
    f.utilisation = kNaN;
  }
  if (std::isfinite(f.capacity_t_per_yr)) f.capacity_t_per_yr = rounded(f.capacity_t_per_yr, 1);
  for (const RowTotals* t : {own, both}) {
    if (!t || !t->binding) continue;
    f.binding = true;
    f.shadow_price_usd_per_t = std::max(f.shadow_price_usd_per_t, rounded(t->shadow, 6));
  }
  return f;
}

std::string status_text(Status written, bool open) {
  if (open) return "open";
  return written == Status::Planned ? "planned" : "closed";
}

}  // namespace

MapLayers map_layers(const SolvedScenario& solved) {
  const Network& network = solved.network;
  const Scenario& s = network.scenario();
  const RoutingAnswer& routing = solved.answer.routing;
  const bool one_period = network.period_count() == 1;
  MapLayers out;
  out.scenario = s.name;
  out.routing_status = to_string(routing.status);
  const bool routed = routing.status == SolveStatus::Optimal && !s.demands.empty();
  const std::vector<double> arc_t =
      routed ? total_arc_flows(routing.solution, network.arcs().size()) : std::vector<double>{};
  const Built built = tally(network, arc_t, routed ? routing.solution.row_shadow : std::vector<double>{});

  for (const Place& p : s.places) out.places.push_back({p.id, p.name, p.country, p.kind, source_text(p.provenance), at(p)});

  for (std::size_t l = 0; l < s.links.size(); ++l) {
    const Link& link = s.links[l];
    const Place& a = s.places[static_cast<std::size_t>(link.from)];
    const Place& b = s.places[static_cast<std::size_t>(link.to)];
    for (int direction = 0; direction < (link.both_ways ? 2 : 1); ++direction) {
      LinkFeature f;
      f.id = link.id;
      f.name = link.name;
      f.mode = to_string(link.mode);
      f.gauge = gauge_text(link);
      f.direction = direction == 0 ? "forward" : "reverse";
      f.from_id = direction == 0 ? a.id : b.id;
      f.to_id = direction == 0 ? b.id : a.id;
      f.crossing_id = link.crossing >= 0 ? s.crossings[static_cast<std::size_t>(link.crossing)].id : "";
      f.status = status_text(link.status, network.link_open(static_cast<int>(l)));
      f.length_km = rounded(link.length_km, 1);
      f.figures = figures(built, ElementKind::Link, static_cast<int>(l), direction, link.capacity_t_per_yr, one_period);
      f.source = source_text(link.provenance);
      f.line = direction == 0 ? std::vector<LonLat>{at(a), at(b)} : std::vector<LonLat>{at(b), at(a)};
      out.links.push_back(std::move(f));
    }
  }

  for (std::size_t c = 0; c < s.crossings.size(); ++c) {
    const Crossing& crossing = s.crossings[c];
    CrossingFeature f;
    f.id = crossing.id;
    f.name = crossing.name;
    bool any_open = false;
    double lon = 0, lat = 0;
    std::string other;
    const std::string origin = crossing_origin_country(s, crossing);
    for (int l : crossing.links) {
      const Link& link = s.links[static_cast<std::size_t>(l)];
      f.link_ids.push_back(link.id);
      any_open = any_open || network.link_open(l);
      const Place& a = s.places[static_cast<std::size_t>(link.from)];
      const Place& b = s.places[static_cast<std::size_t>(link.to)];
      lon += (a.lon_deg + b.lon_deg) / 2;
      lat += (a.lat_deg + b.lat_deg) / 2;
      if (other.empty()) other = a.country == origin ? b.country : a.country;
    }
    if (!crossing.links.empty()) f.at = {lon / static_cast<double>(crossing.links.size()), lat / static_cast<double>(crossing.links.size())};
    f.status = crossing.status == Status::Open ? status_text(Status::Closed, any_open) : status_text(crossing.status, false);
    f.forward_countries = origin + "->" + other;
    // A post without a throughput of its own is bounded by its links: their capacities add up.
    for (int direction = 0; direction < 2; ++direction) {
      DirectionFigures d = figures(built, ElementKind::Crossing, static_cast<int>(c), direction, crossing.capacity_t_per_yr, one_period);
      const bool own_row = built.rows.count({ElementKind::Crossing, static_cast<int>(c), direction}) ||
                           built.rows.count({ElementKind::Crossing, static_cast<int>(c), 2});
      if (!own_row) {
        double capacity = 0, background = 0;
        for (int l : crossing.links) {
          if (!network.link_open(l)) continue;
          const Link& link = s.links[static_cast<std::size_t>(l)];
          // The link's direction that runs from `origin` (forward) or into it (reverse).
          const bool link_forward = s.places[static_cast<std::size_t>(link.from)].country == origin;
          const int link_direction = (direction == 0) == link_forward ? 0 : 1;
          if (link_direction == 1 && !link.both_ways) continue;
          const DirectionFigures lf = figures(built, ElementKind::Link, l, link_direction, link.capacity_t_per_yr, one_period);
          capacity += lf.capacity_t_per_yr;  // NaN when any is unlimited: so is the post
          background += lf.background_t_per_yr;
          d.binding = d.binding || lf.binding;
          d.shadow_price_usd_per_t = std::max(d.shadow_price_usd_per_t, lf.shadow_price_usd_per_t);
        }
        d.capacity_t_per_yr = std::isfinite(capacity) ? rounded(capacity, 1) : kNaN;
        d.background_t_per_yr = rounded(background, 1);
        d.utilisation = std::isfinite(capacity) && capacity > 0 ? rounded((background + d.flow_t_per_yr) / capacity, 4) : kNaN;
      }
      (direction == 0 ? f.forward : f.reverse) = d;
    }
    f.source = source_text(crossing.provenance);
    out.crossings.push_back(std::move(f));
  }

  for (std::size_t t = 0; t < s.transfers.size(); ++t) {
    const Transfer& transfer = s.transfers[t];
    TransferFeature f;
    f.id = transfer.id;
    f.name = transfer.name;
    f.method = transfer.method;
    const Place& place = s.places[static_cast<std::size_t>(transfer.place)];
    f.place_id = place.id;
    f.status = status_text(transfer.status, network.transfer_open(static_cast<int>(t)));
    f.from_layer = to_string(transfer.from);
    f.to_layer = to_string(transfer.to);
    f.gauge_change = transfer.from.mode == Mode::Rail && transfer.to.mode == Mode::Rail &&
                     transfer.from.gauge_mm != transfer.to.gauge_mm;
    f.forward = figures(built, ElementKind::Transfer, static_cast<int>(t), 0, transfer.capacity_t_per_yr, one_period);
    f.reverse = figures(built, ElementKind::Transfer, static_cast<int>(t), 1, transfer.capacity_t_per_yr, one_period);
    f.source = source_text(transfer.provenance);
    f.at = at(place);
    out.transfers.push_back(std::move(f));
  }

  for (const CapacityAnswer& answer : solved.answer.capacities) {
    const Route& route = s.routes[static_cast<std::size_t>(answer.route)];
    std::vector<const PathFlow*> paths;
    for (const PathFlow& p : answer.paths) paths.push_back(&p);
    std::stable_sort(paths.begin(), paths.end(), [](const PathFlow* x, const PathFlow* y) { return x->t_per_yr > y->t_per_yr; });
    int rank = 0;
    for (const PathFlow* p : paths) {
      if (p->arcs.empty()) continue;
      RoutePathFeature f;
      f.route_id = route.id;
      f.route_name = route.name;
      f.direction = answer.reverse ? "reverse" : "forward";
      f.rank = ++rank;
      f.t_per_yr = rounded(p->t_per_yr, 1);
      f.cost_usd_per_t = rounded(p->cost_usd_per_t, 4);
      f.transit_days = rounded(p->hours / 24.0, 3);
      auto visit = [&](int vertex) {
        const Place& place = s.places[static_cast<std::size_t>(network.vertex(vertex).place)];
        if (!f.place_ids.empty() && f.place_ids.back() == place.id) return;  // a transfer stays in place
        f.place_ids.push_back(place.id);
        f.line.push_back(at(place));
      };
      visit(network.arcs()[static_cast<std::size_t>(p->arcs.front())].tail);
      for (int a : p->arcs) visit(network.arcs()[static_cast<std::size_t>(a)].head);
      out.route_paths.push_back(std::move(f));
    }
  }
  return out;
}

}  // namespace borderflow
