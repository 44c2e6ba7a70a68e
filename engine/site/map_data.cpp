#include "site/map_data.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <utility>

#include "core/text.hpp"
#include "report/items.hpp"
#include "report/labels.hpp"
#include "site/html.hpp"

namespace borderflow {
namespace {

using nlohmann::json;


std::string mt_text(double t_per_yr) { return std::isnan(t_per_yr) ? "unlimited" : format_mt(t_per_yr) + " Mt/yr"; }

std::string signed_mt_text(double t_per_yr) { return (t_per_yr > 0 ? "+" : "") + format_mt(t_per_yr) + " Mt/yr"; }

std::string share_text(double utilisation) {
  return std::isnan(utilisation) ? "-" : format_fixed(utilisation * 100, 0) + "%";
}

/// "Chita -> Karymskaya" from place ids, by their map labels.
std::string places_words(const std::map<std::string, std::string>& names, const std::string& from, const std::string& to) {
  auto name = [&](const std::string& id) {
    const auto it = names.find(id);
    return it == names.end() ? id : place_label(it->second);
  };
  return name(from) + " \u2192 " + name(to);
}

std::string row(const std::string& label, const std::string& value) {
  return "<tr><th>" + escape_markup(label) + "</th><td>" + escape_markup(value) + "</td></tr>";
}

std::string popup_head(const std::string& name, const std::string& what) {
  return "<div class=\"bf-pop\"><b>" + escape_markup(name) + "</b><br><span class=\"bf-id\">" + escape_markup(what) +
         "</span><table>";
}

/// The figures of one direction, as popup rows.
std::string figure_rows(const DirectionFigures& f) {
  std::string out = row("capacity", mt_text(f.capacity_t_per_yr));
  if (f.background_t_per_yr > 0) out += row("background", mt_text(f.background_t_per_yr));
  out += row("flow", mt_text(f.flow_t_per_yr));
  out += row("utilisation", share_text(f.utilisation) + (f.binding ? ", binding" : ""));
  if (f.shadow_price_usd_per_t != 0) {
    out += row("shadow price", format_significant(f.shadow_price_usd_per_t, 3) + " USD/yr per t/yr");
  }
  return out;
}

/// The provenance line of layers.hpp ("source: A, B" or "assumption: ..."), across the popup.
std::string source_row(const std::string& source) {
  return source.empty() ? std::string() : "<tr><td colspan=\"2\" class=\"bf-src\">" + escape_markup(source) + "</td></tr>";
}

json place_json(const PlaceFeature& p) {
  // Border posts are drawn as crossings; their places get no label of their own.
  int priority = 2;
  if (p.kind == "city" || p.kind == "port" || p.kind == "refinery" || p.kind == "station") priority = 3;
  if (p.kind == "border_post") priority = 0;
  if (p.kind == "junction" || p.kind == "border_station") priority = 1;
  return {{"id", p.id},
          {"label", place_label(p.name)},
          {"priority", priority},
          {"lat", p.at.lat_deg},
          {"lon", p.at.lon_deg},
          {"popup", popup_head(p.name, "place " + p.id + ", " + p.country + ", " + p.kind) + source_row(p.source) +
                        "</table></div>"}};
}

json line_json(const std::vector<LonLat>& line) {
  json out = json::array();
  for (const auto& at : line) out.push_back({at.lat_deg, at.lon_deg});
  return out;
}

std::string mode_words(const LinkFeature& l) {
  std::string out = l.mode;
  if (l.gauge == "dual") out += ", dual gauge";
  else if (!l.gauge.empty()) out += ", " + l.gauge + " mm";
  return out + ", " + format_fixed(l.length_km, 0) + " km";
}

std::map<std::string, std::string> place_names(const MapLayers& layers) {
  std::map<std::string, std::string> names;
  for (const auto& p : layers.places) names[p.id] = p.name;
  return names;
}

double crossing_utilisation(const CrossingFeature& c) {
  double u = NAN;
  for (const DirectionFigures* f : {&c.forward, &c.reverse}) {
    if (!std::isnan(f->utilisation) && (std::isnan(u) || f->utilisation > u)) u = f->utilisation;
  }
  return u;
}

/// "CN->KP" read the other way: "KP->CN".
std::string reversed_countries(const std::string& forward) {
  const std::size_t arrow = forward.find("->");
  if (arrow == std::string::npos) return forward;
  return forward.substr(arrow + 2) + "->" + forward.substr(0, arrow);
}

std::string crossing_popup(const CrossingFeature& c) {
  std::string out = popup_head(c.name, "crossing " + c.id + ", " + c.status);
  out += "<tr><td colspan=\"2\" class=\"bf-dir\">" + escape_markup(c.forward_countries) + "</td></tr>" + figure_rows(c.forward);
  out += "<tr><td colspan=\"2\" class=\"bf-dir\">" + escape_markup(reversed_countries(c.forward_countries)) + "</td></tr>" +
         figure_rows(c.reverse);
  return out + source_row(c.source) + "</table></div>";
}

std::string transfer_popup(const TransferFeature& t) {
  std::string out = popup_head(t.name, "transfer " + t.id + ", " + t.method + ", " + t.status);
  out += "<tr><td colspan=\"2\" class=\"bf-dir\">" + escape_markup(t.from_layer + " \u2192 " + t.to_layer) + "</td></tr>" +
         figure_rows(t.forward);
  out += "<tr><td colspan=\"2\" class=\"bf-dir\">" + escape_markup(t.to_layer + " \u2192 " + t.from_layer) + "</td></tr>" +
         figure_rows(t.reverse);
  return out + source_row(t.source) + "</table></div>";
}

using DirectionKey = std::pair<std::string, std::string>;  // (id, direction)

double flow_of(const RouteFlows* route, const DirectionKey& key) {
  if (!route) return 0;
  const auto it = route->t_per_yr.find(key);
  return it == route->t_per_yr.end() ? 0.0 : it->second;
}

}  // namespace

RouteFlows route_flows(const SolvedScenario& solved, const std::string& route, bool reverse) {
  RouteFlows out;
  const Scenario& s = solved.scenario();
  for (const CapacityAnswer& a : solved.answer.capacities) {
    const Route& r = s.routes[static_cast<std::size_t>(a.route)];
    if (r.id != route || a.reverse != reverse || a.status != SolveStatus::Optimal) continue;
    out.question = r.id + ": " + question_words(s, r, reverse);
    out.capacity_t_per_yr = a.capacity_t_per_yr;
    for (const NetworkArc& arc : solved.network.arcs()) {
      if (arc.kind != ArcKind::Link || a.arc_t_per_yr.empty()) continue;
      const double t = a.arc_t_per_yr[static_cast<std::size_t>(arc.index)];
      if (t == 0) continue;
      out.t_per_yr[{s.links[static_cast<std::size_t>(arc.element)].id, arc.reversed ? "reverse" : "forward"}] += t;
    }
    for (auto& [key, t] : out.t_per_yr) t = rounded(t, 1);
    break;
  }
  return out;
}

std::string place_label(const std::string& name) {
  const std::size_t cut = std::min(name.find(" ("), name.find(", "));
  return name.substr(0, cut);
}

double map_scale_t_per_yr(const std::vector<MapLayers>& layers, const std::vector<RouteFlows>& routes) {
  double largest = 1;
  for (const auto& l : layers) {
    for (const auto& link : l.links) largest = std::max(largest, link.figures.flow_t_per_yr);
  }
  for (const auto& r : routes) {
    for (const auto& [key, t] : r.t_per_yr) largest = std::max(largest, t);
  }
  for (std::size_t i = 1; i < layers.size(); ++i) {
    const bool routed = routes.size() == layers.size();
    const json diff = difference_map_json(layers[0], layers[i], routed ? &routes[0] : nullptr, routed ? &routes[i] : nullptr);
    for (const auto& link : diff["links"]) {
      largest = std::max(largest, std::fabs(link["delta"].get<double>()));
      if (link.contains("route_delta")) largest = std::max(largest, std::fabs(link["route_delta"].get<double>()));
    }
  }
  return largest;
}

json scenario_map_json(const MapLayers& layers, const RouteFlows* route) {
  if (route && route->question.empty()) route = nullptr;
  const auto names = place_names(layers);
  json places = json::array(), links = json::array(), crossings = json::array(), transfers = json::array();
  for (const auto& p : layers.places) places.push_back(place_json(p));
  for (const auto& l : layers.links) {
    const DirectionFigures& f = l.figures;
    std::string popup = popup_head(l.name, "link " + l.id + ", " + l.direction);
    popup += row("direction", places_words(names, l.from_id, l.to_id)) + row("mode", mode_words(l)) + row("status", l.status);
    if (!l.crossing_id.empty()) popup += row("crossing", l.crossing_id);
    popup += figure_rows(f);
    const double route_t = flow_of(route, {l.id, l.direction});
    if (route) popup += row("route max flow", mt_text(route_t));
    popup += source_row(l.source) + "</table></div>";
    json link = {{"id", l.id},
                 {"dir", l.direction},
                 {"name", l.name},
                 {"mode", l.mode},
                 {"status", l.status},
                 {"flow", f.flow_t_per_yr},
                 {"binding", f.binding},
                 {"line", line_json(l.line)},
                 {"popup", popup}};
    if (route) link["route_flow"] = route_t;
    links.push_back(std::move(link));
  }
  for (const auto& c : layers.crossings) {
    crossings.push_back({{"id", c.id},
                         {"name", c.name},
                         {"status", c.status},
                         {"utilisation", crossing_utilisation(c)},
                         {"flow", c.forward.flow_t_per_yr + c.reverse.flow_t_per_yr},
                         {"binding", c.forward.binding || c.reverse.binding},
                         {"lat", c.at.lat_deg},
                         {"lon", c.at.lon_deg},
                         {"popup", crossing_popup(c)}});
  }
  for (const auto& t : layers.transfers) {
    // Only transfers that carry something or bind: the rest would hide the places under them.
    const bool used = t.forward.flow_t_per_yr > 0 || t.reverse.flow_t_per_yr > 0 || t.forward.binding || t.reverse.binding;
    if (!used) continue;
    transfers.push_back({{"id", t.id},
                         {"name", t.name},
                         {"gauge_change", t.gauge_change},
                         {"binding", t.forward.binding || t.reverse.binding},
                         {"lat", t.at.lat_deg},
                         {"lon", t.at.lon_deg},
                         {"popup", transfer_popup(t)}});
  }
  json out = {{"scenario", layers.scenario}, {"diff", false},       {"places", std::move(places)},
              {"links", std::move(links)},   {"crossings", std::move(crossings)}, {"transfers", std::move(transfers)}};
  if (route) out["route_title"] = "Max flow of " + route->question + ", " + mt_text(route->capacity_t_per_yr);
  return out;
}

json difference_map_json(const MapLayers& base, const MapLayers& other, const RouteFlows* base_route,
                         const RouteFlows* other_route) {
  const bool routed = base_route && other_route && !base_route->question.empty() && !other_route->question.empty();
  double routing_change = 0, route_change = 0;
  const std::string title = other.scenario + " - " + base.scenario;
  // Union of both scenarios' link directions, in base order then other's new ones.
  std::vector<DirectionKey> order;
  std::map<DirectionKey, const LinkFeature*> in_base, in_other;
  for (const auto& l : base.links) {
    in_base[{l.id, l.direction}] = &l;
    order.emplace_back(l.id, l.direction);
  }
  for (const auto& l : other.links) {
    if (!in_base.count({l.id, l.direction})) order.emplace_back(l.id, l.direction);
    in_other[{l.id, l.direction}] = &l;
  }
  auto names = place_names(base);
  for (const auto& [id, name] : place_names(other)) names[id] = name;
  json links = json::array();
  for (const auto& key : order) {
    const LinkFeature* a = in_base.count(key) ? in_base[key] : nullptr;
    const LinkFeature* b = in_other.count(key) ? in_other[key] : nullptr;
    const LinkFeature& shown = b ? *b : *a;
    const double flow_a = a ? a->figures.flow_t_per_yr : 0, flow_b = b ? b->figures.flow_t_per_yr : 0;
    const double delta = rounded(flow_b - flow_a, 1);
    std::string popup = popup_head(shown.name, "link " + shown.id + ", " + shown.direction);
    popup += row("direction", places_words(names, shown.from_id, shown.to_id));
    popup += row("flow in " + base.scenario, a ? mt_text(flow_a) : "not in the scenario");
    popup += row("flow in " + other.scenario, b ? mt_text(flow_b) : "not in the scenario");
    popup += row("change", signed_mt_text(delta));
    if (a && b && a->status != b->status) popup += row("status", a->status + " \u2192 " + b->status);
    const double route_a = routed ? flow_of(base_route, key) : 0, route_b = routed ? flow_of(other_route, key) : 0;
    const double route_delta = rounded(route_b - route_a, 1);
    if (routed) {
      popup += "<tr><td colspan=\"2\" class=\"bf-dir\">route max flow</td></tr>";
      popup += row("in " + base.scenario, mt_text(route_a)) + row("in " + other.scenario, mt_text(route_b)) +
               row("change", signed_mt_text(route_delta));
    }
    popup += "</table></div>";
    json link = {{"id", shown.id},
                 {"dir", shown.direction},
                 {"name", shown.name},
                 {"mode", shown.mode},
                 {"status", shown.status},
                 {"delta", delta},
                 {"line", line_json(shown.line)},
                 {"popup", popup}};
    routing_change += std::fabs(delta);
    if (routed) {
      link["route_delta"] = route_delta;
      route_change += std::fabs(route_delta);
    }
    links.push_back(std::move(link));
  }
  std::map<std::string, const CrossingFeature*> crossings_a;
  for (const auto& c : base.crossings) crossings_a[c.id] = &c;
  std::vector<const CrossingFeature*> crossing_order;
  std::map<std::string, const CrossingFeature*> crossings_b;
  for (const auto& c : other.crossings) crossings_b[c.id] = &c;
  for (const auto& c : base.crossings) crossing_order.push_back(crossings_b.count(c.id) ? crossings_b[c.id] : &c);
  for (const auto& c : other.crossings) {
    if (!crossings_a.count(c.id)) crossing_order.push_back(&c);
  }
  json crossings = json::array();
  for (const CrossingFeature* c : crossing_order) {
    const CrossingFeature* a = crossings_a.count(c->id) ? crossings_a[c->id] : nullptr;
    const CrossingFeature* b = crossings_b.count(c->id) ? crossings_b[c->id] : nullptr;
    auto flow = [](const CrossingFeature* x, bool reverse) {
      return x ? (reverse ? x->reverse : x->forward).flow_t_per_yr : 0.0;
    };
    std::string popup = popup_head(c->name, "crossing " + c->id);
    for (bool reverse : {false, true}) {
      const std::string dir = reverse ? reversed_countries(c->forward_countries) : c->forward_countries;
      popup += "<tr><td colspan=\"2\" class=\"bf-dir\">" + escape_markup(dir) + "</td></tr>";
      popup += row("flow in " + base.scenario, mt_text(flow(a, reverse)));
      popup += row("flow in " + other.scenario, mt_text(flow(b, reverse)));
      popup += row("change", signed_mt_text(rounded(flow(b, reverse) - flow(a, reverse), 1)));
    }
    if (a && b && a->status != b->status) popup += row("status", a->status + " \u2192 " + b->status);
    popup += "</table></div>";
    const double delta = rounded(flow(b, false) + flow(b, true) - flow(a, false) - flow(a, true), 1);
    crossings.push_back({{"id", c->id},
                         {"name", c->name},
                         {"status", c->status},
                         {"delta", delta},
                         {"lat", c->at.lat_deg},
                         {"lon", c->at.lon_deg},
                         {"popup", popup}});
  }
  json places = json::array();
  for (const auto& p : other.places) places.push_back(place_json(p));
  json out = {{"scenario", title},         {"diff", true},         {"base", base.scenario}, {"other", other.scenario},
              {"places", std::move(places)}, {"links", std::move(links)}, {"crossings", std::move(crossings)},
              {"transfers", json::array()}};
  if (routed) {
    out["route_title"] = "Change in the max flow of " + other_route->question + ", " + mt_text(base_route->capacity_t_per_yr) +
                         " \u2192 " + mt_text(other_route->capacity_t_per_yr);
    // Open on the layer that shows something: two scenarios may route their demands alike and
    // still differ in what a route can carry.
    if (route_change > routing_change) out["default_layer"] = "route";
  }
  return out;
}

std::string map_legend_html(double scale_t_per_yr, bool difference) {
  auto line_sample = [](double width_px, const std::string& colour, const std::string& dash) {
    return "<svg width=\"30\" height=\"14\" aria-hidden=\"true\"><line x1=\"1\" y1=\"7\" x2=\"29\" y2=\"7\" stroke=\"" + colour +
           "\" stroke-width=\"" + format_fixed(width_px, 1) + "\"" + (dash.empty() ? "" : " stroke-dasharray=\"" + dash + "\"") +
           "/></svg>";
  };
  auto dot_sample = [](const std::string& fill, const std::string& stroke, double stroke_px) {
    return "<svg width=\"30\" height=\"14\" aria-hidden=\"true\"><circle cx=\"15\" cy=\"7\" r=\"5\" fill=\"" + fill +
           "\" stroke=\"" + stroke + "\" stroke-width=\"" + format_fixed(stroke_px, 1) + "\"/></svg>";
  };
  auto item = [](const std::string& symbol, const std::string& words) {
    return "<div class=\"bf-key\">" + symbol + "<span>" + escape_markup(words) + "</span></div>";
  };
  auto heading = [](const std::string& words) { return "<div class=\"bf-key-head\">" + escape_markup(words) + "</div>"; };
  std::string out = "<details class=\"bf-legend\" open><summary>Legend</summary><div class=\"bf-keys\">";
  out += heading(difference ? "Change in flow, per direction" : "Flow, per direction");
  for (double share : {1.0, 0.5, 0.25}) {
    out += item(line_sample(kMapMaxLineWidthPx * share, "#555", ""), format_mt(scale_t_per_yr * share) + " Mt/yr");
  }
  out += item(line_sample(1, "#9aa5b1", ""), difference ? "no change" : "none");
  if (difference) {
    out += item(line_sample(5, "#2166ac", ""), "more flow");
    out += item(line_sample(5, "#d6604d", ""), "less flow");
    out += heading("Crossings, both directions");
    out += item(dot_sample("#2166ac", "#333", 1), "gain");
    out += item(dot_sample("#d6604d", "#333", 1), "loss");
  } else {
    out += item(line_sample(4, "#2b4c7e", ""), "rail");
    out += item(line_sample(4, "#a0522d", ""), "road");
    out += item(line_sample(4, "#1b8a8f", ""), "sea");
    out += item(line_sample(4, "#7b3294", ""), "pipeline");
    out += item(line_sample(2, "#777", "4 3"), "closed");
    out += item(line_sample(9, "rgba(227,26,28,0.55)", ""), "binding");
    out += heading("Crossings, fullest direction used");
    out += item(dot_sample("#1a9850", "#333", 1), "below 50%");
    out += item(dot_sample("#fee08b", "#333", 1), "50-90%");
    out += item(dot_sample("#fc8d59", "#333", 1), "90-99%");
    out += item(dot_sample("#d73027", "#333", 1), "full");
    out += item(dot_sample("#ffffff", "#e31a1c", 3), "binding");
    out += item(dot_sample("#d9d9d9", "#333", 1), "no limit");
    out += item(dot_sample("#111", "#fff", 2), "closed");
    out += item(dot_sample("#ffd92f", "#333", 1), "gauge change");
  }
  out += "</div><div class=\"bf-small\">" +
         escape_markup("One width scale for every map of this report: the widest line is " + format_mt(scale_t_per_yr) +
                     " Mt/yr. Each direction runs on its own side, right of travel.") +
         "</div></details>";
  return out;
}

}  // namespace borderflow
