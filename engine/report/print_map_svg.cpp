// The print map laid out as one SVG page: the title, the main map, and a side panel with the
// Tumen/Rason inset and the legend. Drawn from MapLayers (report/layers.hpp) only.
#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>

#include "core/text.hpp"
#include "report/labels.hpp"
#include "report/print_map_draw.hpp"

namespace borderflow::print_map {
namespace {

// Page layout, in design units (1 unit = 1 px at the default 1400 px width).
constexpr double kMargin = 16;
constexpr double kPanelWidth = 312;
constexpr double kMapTop = 84;
constexpr double kMapWidth = kPageWidth - 3 * kMargin - kPanelWidth;
constexpr double kPanelLeft = kMargin + kMapWidth + kMargin;
constexpr double kRibbonGap = 0.8;     // between the lines of one pair of places
constexpr double kDotRadius = 2.4;     // a place
constexpr double kLabelClearance = 6;  // from a place's point to its name's box
constexpr double kLabelFont = 11;

/// The insets, drawn at a larger scale where the main map crowds crossings within a few km of
/// one another: the Tumen/Rason triangle where China, the DPRK and Russia meet, and the Yalu
/// bridges at Dandong and Sinuiju. Each is drawn when at least three of its places are in the
/// scenario and it is at least 2.5 times the main map's scale.
struct InsetSpec {
  const char* letter;
  const char* title;
  std::vector<std::string> place_ids;
  double max_height;
};
const std::vector<InsetSpec>& inset_specs() {
  static const std::vector<InsetSpec> specs = {
      {"A", "Tumen / Rason", {"kp-rajin", "ru-khasan", "kp-tumangang", "cn-hunchun", "cn-quanhe", "kp-wonjong"}, 380},
      {"B", "Dandong / Sinuiju", {"cn-dandong", "kp-sinuiju", "kp-ponghwa"}, 240}};
  return specs;
}

const char* mode_colour(const std::string& mode) {
  if (mode == "rail") return "#1f4e9c";
  if (mode == "road") return "#c8372d";
  if (mode == "sea") return "#138a8a";
  if (mode == "pipeline") return "#7d3c98";
  return "#555555";
}

const char* mode_words(const std::string& mode) {
  if (mode == "rail") return "rail";
  if (mode == "road") return "road";
  if (mode == "sea") return "sea lane";
  if (mode == "pipeline") return "pipeline";
  return "other";
}

constexpr const char* kBindingHalo = "#ff3d96";

/// A crossing symbol's fill: by status, else by utilisation (background and flow over capacity).
struct SymbolClass {
  const char* fill;
  const char* words;
};
const SymbolClass kUnlimited{"#ffffff", "no capacity limit"};
const SymbolClass kLow{"#bfe3b4", "used below 50%"};
const SymbolClass kMid{"#fdae61", "used 50-90%"};
const SymbolClass kHigh{"#d7301f", "used 90% or more"};
const SymbolClass kClosed{"#222222", "closed"};
const SymbolClass kPlanned{"#ffffff", "planned (not built)"};

SymbolClass crossing_class(const CrossingFeature& c) {
  if (c.status == "closed") return kClosed;
  if (c.status == "planned") return kPlanned;
  double u = std::nan("");
  for (const DirectionFigures* f : {&c.forward, &c.reverse}) {
    if (std::isfinite(f->utilisation)) u = std::isfinite(u) ? std::max(u, f->utilisation) : f->utilisation;
  }
  if (!std::isfinite(u)) return kUnlimited;
  if (u >= 0.9 - 1e-9) return kHigh;
  if (u >= 0.5 - 1e-9) return kMid;
  return kLow;
}

/// "10 Mt/yr", "2.5 Mt/yr", "500 kt/yr": three significant figures, no trailing zeros.
std::string mt_words(double t_per_yr) {
  auto trimmed = [](std::string text) {
    if (text.find('.') != std::string::npos) {
      while (text.back() == '0') text.pop_back();
      if (text.back() == '.') text.pop_back();
    }
    return text;
  };
  if (t_per_yr >= 1e6) return trimmed(format_significant(t_per_yr / 1e6, 3)) + " Mt/yr";
  return trimmed(format_significant(t_per_yr / 1e3, 3)) + " kt/yr";
}

std::string percent(double share) { return std::isfinite(share) ? format_fixed(share * 100, 0) + "%" : "no limit"; }

Point along(const std::vector<Point>& line, double fraction) {
  double total = 0;
  for (std::size_t i = 0; i + 1 < line.size(); ++i) total += std::hypot(line[i + 1].x - line[i].x, line[i + 1].y - line[i].y);
  double want = total * fraction;
  for (std::size_t i = 0; i + 1 < line.size(); ++i) {
    const double s = std::hypot(line[i + 1].x - line[i].x, line[i + 1].y - line[i].y);
    if (want <= s && s > 0) {
      const double t = want / s;
      return {line[i].x + (line[i + 1].x - line[i].x) * t, line[i].y + (line[i + 1].y - line[i].y) * t};
    }
    want -= s;
  }
  return line.empty() ? Point{} : line.back();
}

double length_of(const std::vector<Point>& line) {
  double total = 0;
  for (std::size_t i = 0; i + 1 < line.size(); ++i) total += std::hypot(line[i + 1].x - line[i].x, line[i + 1].y - line[i].y);
  return total;
}

std::string polyline_d(const std::vector<Point>& line) {
  std::string d;
  for (std::size_t i = 0; i < line.size(); ++i) d += (i == 0 ? "M" : "L") + coord(line[i].x) + " " + coord(line[i].y);
  return d;
}

/// `line` moved sideways by `offset` page units to the right of its direction of travel (y
/// grows downwards on the page, so the right-hand normal of (dx, dy) is (-dy, dx)).
std::vector<Point> offset_right(const std::vector<Point>& line, double offset) {
  std::vector<Point> out;
  for (std::size_t i = 0; i < line.size(); ++i) {
    double nx = 0, ny = 0;
    for (std::size_t s : {i == 0 ? std::size_t{0} : i - 1, std::min(i, line.size() - 2)}) {
      const double dx = line[s + 1].x - line[s].x, dy = line[s + 1].y - line[s].y, len = std::hypot(dx, dy);
      if (len > 0) nx += -dy / len, ny += dx / len;
    }
    const double len = std::hypot(nx, ny);
    if (len > 0) nx /= len, ny /= len;
    out.push_back({line[i].x + nx * offset, line[i].y + ny * offset});
  }
  return out;
}

Box point_box(const Point& p, double half) { return {p.x - half, p.y - half, p.x + half, p.y + half}; }

std::string rect(const Box& b, const std::string& attributes) {
  return "<rect x=\"" + coord(b.x0) + "\" y=\"" + coord(b.y0) + "\" width=\"" + coord(b.width()) + "\" height=\"" +
         coord(b.height()) + "\" " + attributes + "/>\n";
}

std::string text_at(double x, double y, const std::string& text, const std::string& attributes = "") {
  return "<text x=\"" + coord(x) + "\" y=\"" + coord(y) + "\"" + (attributes.empty() ? "" : " " + attributes) + ">" +
         escape_markup(text) + "</text>\n";
}

std::string line_at(double x1, double y1, double x2, double y2, const std::string& attributes) {
  return "<line x1=\"" + coord(x1) + "\" y1=\"" + coord(y1) + "\" x2=\"" + coord(x2) + "\" y2=\"" + coord(y2) + "\" " +
         attributes + "/>\n";
}

/// A round length for a scale bar at most `max_px` long: 1, 2 or 5 times a power of ten km.
double scale_bar_km(double px_per_km, double max_px) {
  double best = 1;
  for (double power = 0.001; power <= 1e5; power *= 10) {
    for (double step : {1.0, 2.0, 5.0}) {
      if (step * power * px_per_km <= max_px) best = step * power;
    }
  }
  return best;
}

std::string km_words(double km) {
  std::string text = format_significant(km, 3);
  if (text.find('.') != std::string::npos) {
    while (text.back() == '0') text.pop_back();
    if (text.back() == '.') text.pop_back();
  }
  return text + " km";
}

/// Everything of one map panel (the main map or the inset) that the page draws.
struct Panel {
  std::string name;  ///< "main", "inset A", ...
  Viewport viewport;
  double middle_lat_deg = 0;
  std::vector<DrawnLink> links;
  std::vector<DrawnCrossing> crossings;
  std::vector<std::pair<Point, Point>> leaders;  ///< a displaced symbol's line back to its place
  std::vector<std::pair<Point, std::string>> closed_marks;  ///< a closed link's cross, and why
  std::vector<Box> skip;  ///< symbols here are left to an inset (the insets' windows on the main map)
  std::string letter, title;
  std::map<std::string, double> half_band;  ///< link id -> half the width of its pair's lines
};

bool in_any(const std::vector<Box>& boxes, const Point& p) {
  return std::any_of(boxes.begin(), boxes.end(), [&](const Box& b) { return point_box(p, 0).inside(b); });
}

struct Scene {
  const MapLayers& layers;
  std::map<std::string, const PlaceFeature*> places;
  double scale_t_per_yr;
};

/// Lays out every link direction of the layers in a panel: each pair of places' directions side
/// by side, each on the right of its direction of travel, so that both directions of a link, and
/// parallel links, never hide one another.
void layout_links(const Scene& scene, Panel& panel, double min_border_length) {
  const Viewport& v = panel.viewport;
  struct Item {
    std::size_t feature;
    std::vector<Point> line;  ///< centre line, before the sideways offset
    double width;
  };
  std::map<std::pair<std::string, std::string>, std::vector<Item>> pairs;
  std::vector<std::pair<std::string, std::string>> pair_order;
  for (std::size_t i = 0; i < scene.layers.links.size(); ++i) {
    const LinkFeature& f = scene.layers.links[i];
    std::vector<Point> line;
    if (f.line.size() >= 2) {
      for (const LonLat& at : f.line) line.push_back(v.to_page(at));
    } else {
      const auto a = scene.places.find(f.from_id), b = scene.places.find(f.to_id);
      if (a == scene.places.end() || b == scene.places.end()) continue;
      line = {v.to_page(a->second->at), v.to_page(b->second->at)};
    }
    // A border link of a few hundred metres is lengthened about its middle so that it shows.
    if (!f.crossing_id.empty() && length_of(line) < min_border_length) {
      const Point a = line.front(), b = line.back();
      const Point mid{(a.x + b.x) / 2, (a.y + b.y) / 2};
      double dx = b.x - a.x, dy = b.y - a.y, len = std::hypot(dx, dy);
      if (len < 1e-6) dx = 1, dy = 0, len = 1;  // both ends at one point: drawn west to east
      const double half = min_border_length / 2;
      line = {{mid.x - dx / len * half, mid.y - dy / len * half}, {mid.x + dx / len * half, mid.y + dy / len * half}};
    }
    const auto key = std::minmax(f.from_id, f.to_id);
    const std::pair<std::string, std::string> k{key.first, key.second};
    if (!pairs.count(k)) pair_order.push_back(k);
    pairs[k].push_back({i, line, flow_width(f.figures.flow_t_per_yr, scene.scale_t_per_yr)});
  }
  for (const auto& k : pair_order) {
    double band = 0;
    // Right of travel, per side of the pair. Hairlines (no flow) touch the centre line and one
    // another, so that a link without flow reads as one line; flows keep a gap around them.
    double used[2] = {0, 0};
    for (const Item& item : pairs[k]) {
      const LinkFeature& f = scene.layers.links[item.feature];
      const int side = f.from_id == k.first ? 0 : 1;
      const double gap = f.figures.flow_t_per_yr > 0 ? kRibbonGap / 2 : 0;
      const double offset = used[side] + gap + item.width / 2;
      used[side] = offset + item.width / 2 + gap;
      band = std::max(band, used[side]);
      DrawnLink d;
      d.link_id = f.id;
      d.direction = f.direction;
      d.mode = f.mode;
      d.status = f.status;
      d.panel = panel.name;
      d.flow_t_per_yr = f.figures.flow_t_per_yr;
      d.width = item.width;
      d.binding = f.figures.binding;
      d.line = offset_right(item.line, offset);
      panel.links.push_back(std::move(d));
    }
    for (const Item& item : pairs[k]) panel.half_band[scene.layers.links[item.feature].id] = band;
  }
}

/// Crossing symbols, each where its links are drawn; a symbol that would cover another is moved
/// to the nearest free spot around it, with a leader line back.
void layout_crossings(const Scene& scene, Panel& panel, double radius) {
  struct Placed {
    Point at;
    double r;
  };
  std::vector<Placed> placed;
  auto free_at = [&](const Point& p, double r) {
    return std::none_of(placed.begin(), placed.end(),
                        [&](const Placed& q) { return std::hypot(q.at.x - p.x, q.at.y - p.y) < q.r + r + 1; });
  };
  const Box& frame = panel.viewport.frame;
  // Closed links outside closed crossings get a cross on their middle; placed first, as fixed.
  std::set<std::string> closed_crossings;
  for (const CrossingFeature& c : scene.layers.crossings) {
    if (c.status == "closed") closed_crossings.insert(c.id);
  }
  std::set<std::string> marked;
  for (const DrawnLink& d : panel.links) {
    const LinkFeature* f = nullptr;
    for (const LinkFeature& l : scene.layers.links) {
      if (l.id == d.link_id && l.direction == d.direction) f = &l;
    }
    if (d.status != "closed" || !f || closed_crossings.count(f->crossing_id) || marked.count(d.link_id)) continue;
    marked.insert(d.link_id);
    const Point mid = along(d.line, 0.5);
    if (!point_box(mid, 4).inside(frame)) continue;
    if (in_any(panel.skip, mid)) continue;
    panel.closed_marks.push_back({mid, d.link_id});
    placed.push_back({mid, 4});
  }
  for (const CrossingFeature& c : scene.layers.crossings) {
    std::vector<const DrawnLink*> lines;
    for (const DrawnLink& d : panel.links) {
      if (std::find(c.link_ids.begin(), c.link_ids.end(), d.link_id) != c.link_ids.end()) lines.push_back(&d);
    }
    Point want = panel.viewport.to_page(c.at);
    if (!lines.empty()) {
      // Long links: sea lanes into a port of entry meet at the port, and the symbol goes there;
      // one long link with a border station or post at an end (the Dandong-Ponghwa pipeline)
      // crosses near that end. Short links (bridges): the middle of their lines.
      std::map<std::string, int> ends;
      double mean_length = 0;
      for (const LinkFeature& l : scene.layers.links) {
        if (std::find(c.link_ids.begin(), c.link_ids.end(), l.id) == c.link_ids.end() || l.direction != "forward") continue;
        ++ends[l.from_id], ++ends[l.to_id];
      }
      for (const DrawnLink* d : lines) mean_length += length_of(d->line) / static_cast<double>(lines.size());
      const std::size_t link_count = c.link_ids.size();
      // The one place every link of the crossing ends at (parallel links share both ends: none).
      std::string shared;
      int sharing = 0;
      for (const auto& [id, count] : ends) {
        if (static_cast<std::size_t>(count) == link_count && link_count > 0) shared = id, ++sharing;
      }
      if (sharing != 1) shared.clear();
      const DrawnLink* only = lines.front();
      std::string border_end, named_port;
      if (link_count == 1) {
        for (const LinkFeature& l : scene.layers.links) {
          if (l.id != only->link_id || l.direction != only->direction) continue;
          // A sea lane's port of entry is the end the crossing is named after ("Songnim port of entry").
          std::vector<std::string> named;
          for (const std::string& id : {l.from_id, l.to_id}) {
            const auto p = scene.places.find(id);
            if (p != scene.places.end() && c.name.find(map_place_label(p->second->name)) != std::string::npos) named.push_back(id);
          }
          if (named.size() == 1) named_port = named.front();
          for (const std::string& id : {l.from_id, l.to_id}) {
            const auto p = scene.places.find(id);
            if (border_end.empty() && p != scene.places.end() && (p->second->kind == "border_station" || p->second->kind == "border_post")) {
              border_end = id;
            }
          }
          if (border_end == l.to_id) border_end = "to";
          else if (!border_end.empty()) border_end = "from";
        }
      }
      if (mean_length > 60 && link_count >= 2 && !shared.empty() && scene.places.count(shared)) {
        want = panel.viewport.to_page(scene.places.at(shared)->at);
      } else if (mean_length > 60 && !named_port.empty()) {
        want = panel.viewport.to_page(scene.places.at(named_port)->at);
      } else if (mean_length > 60 && !border_end.empty()) {
        const double fraction = std::min(0.5, 3 * radius / length_of(only->line));
        want = along(only->line, border_end == "from" ? fraction : 1 - fraction);
      } else {
        Point sum{0, 0};
        for (const DrawnLink* d : lines) {
          const Point m = along(d->line, 0.5);
          sum.x += m.x, sum.y += m.y;
        }
        want = {sum.x / static_cast<double>(lines.size()), sum.y / static_cast<double>(lines.size())};
      }
    }
    if (!point_box(want, radius).inside(frame)) continue;
    if (in_any(panel.skip, want)) continue;
    Point at = want;
    // A bridge's symbol goes beside it, so that the bridge itself (dashed when closed) shows;
    // crossings of one pair of places take turns on either side.
    const bool short_links = !lines.empty() && std::all_of(lines.begin(), lines.end(), [](const DrawnLink* d) {
      return length_of(d->line) <= 60;
    });
    bool beside = false;
    if (short_links) {
      const std::vector<Point>& line = lines.front()->line;
      const double dx = line.back().x - line.front().x, dy = line.back().y - line.front().y, len = std::hypot(dx, dy);
      double band = 0;
      for (const DrawnLink* d : lines) band = std::max(band, panel.half_band[d->link_id]);
      for (int ring = 0; ring < 3 && !beside && len > 0; ++ring) {
        for (const double side : {1.0, -1.0}) {
          const double dist = band + radius + 1.5 + ring * (2 * radius + 1.5);
          const Point p{want.x - dy / len * dist * side, want.y + dx / len * dist * side};
          if (free_at(p, radius) && point_box(p, radius).inside(frame)) {
            at = p, beside = true;
            break;
          }
        }
      }
    }
    if (!beside && !free_at(at, radius)) {
      bool found = false;
      for (int ring = 1; ring <= 4 && !found; ++ring) {
        for (int k = 0; k < 12 && !found; ++k) {
          const double angle = (k * 30.0 - 60.0) * M_PI / 180.0;  // upper right first, clockwise
          const double dist = ring * (2 * radius + 1.5);
          const Point p{want.x + dist * std::cos(angle), want.y + dist * std::sin(angle)};
          if (free_at(p, radius) && point_box(p, radius).inside(frame)) at = p, found = true;
        }
      }
    }
    if (!beside && (at.x != want.x || at.y != want.y)) panel.leaders.push_back({want, at});
    placed.push_back({at, radius});
    DrawnCrossing dc;
    dc.crossing_id = c.id;
    dc.status = c.status;
    dc.panel = panel.name;
    dc.fill = crossing_class(c).fill;
    dc.at = at;
    dc.radius = radius;
    panel.crossings.push_back(dc);
  }
}

std::string link_title(const Scene& scene, const LinkFeature& f) {
  auto name_of = [&](const std::string& id) {
    const auto p = scene.places.find(id);
    return p == scene.places.end() ? id : map_place_label(p->second->name);
  };
  std::string t = f.name.empty() ? f.id : f.name;
  t += " (" + f.id + "), " + name_of(f.from_id) + " -> " + name_of(f.to_id) + ": " + f.status;
  t += "; flow " + format_grouped(f.figures.flow_t_per_yr) + " t/yr";
  if (f.figures.background_t_per_yr > 0) t += ", background " + format_grouped(f.figures.background_t_per_yr) + " t/yr";
  if (std::isfinite(f.figures.capacity_t_per_yr)) {
    t += ", capacity " + format_grouped(f.figures.capacity_t_per_yr) + " t/yr, used " + percent(f.figures.utilisation);
  }
  if (f.figures.binding) t += "; binding, shadow price " + format_significant(f.figures.shadow_price_usd_per_t, 3) + " USD/t";
  return t;
}

std::string chevron(const std::vector<Point>& line, double width) {
  if (width < 4 || length_of(line) < 4 * width) return {};
  const Point a = along(line, 0.48), b = along(line, 0.52);
  const double dx = b.x - a.x, dy = b.y - a.y, len = std::hypot(dx, dy);
  if (len <= 0) return {};
  const double ux = dx / len, uy = dy / len, s = width * 0.32;
  const Point m = along(line, 0.5);
  const Point p1{m.x - ux * s - uy * s, m.y - uy * s + ux * s}, p2{m.x + ux * s, m.y + uy * s},
      p3{m.x - ux * s + uy * s, m.y - uy * s - ux * s};
  return "<path d=\"" + polyline_d({p1, p2, p3}) + "\" fill=\"none\" stroke=\"#ffffff\" stroke-width=\"1.3\"/>\n";
}

std::string draw_links(const Scene& scene, const Panel& panel) {
  std::map<std::pair<std::string, std::string>, const LinkFeature*> features;
  for (const LinkFeature& f : scene.layers.links) features[{f.id, f.direction}] = &f;
  std::vector<const DrawnLink*> order;
  for (const DrawnLink& d : panel.links) order.push_back(&d);
  // Wide lines under thin ones, so that a thin flow stays visible where lines cross.
  std::stable_sort(order.begin(), order.end(), [](const DrawnLink* a, const DrawnLink* b) { return a->width > b->width; });
  std::string out;
  for (const DrawnLink* d : order) {
    if (d->binding) {
      out += "<path d=\"" + polyline_d(d->line) + "\" fill=\"none\" stroke=\"" + kBindingHalo +
             "\" stroke-opacity=\"0.5\" stroke-width=\"" + coord(d->width + 5) + "\"/>\n";
    }
  }
  for (const DrawnLink* d : order) {
    const LinkFeature& f = *features.at({d->link_id, d->direction});
    std::string style = "stroke=\"" + std::string(mode_colour(d->mode)) + "\" stroke-width=\"" + coord(d->width) + "\"";
    if (d->status == "closed") style += " stroke-dasharray=\"5 3\"";
    else if (d->status == "planned") style += " stroke-dasharray=\"1.5 2.5\"";
    if (d->flow_t_per_yr <= 0) style += " stroke-opacity=\"0.7\"";
    out += "<path d=\"" + polyline_d(d->line) + "\" fill=\"none\" " + style + "><title>" + escape_markup(link_title(scene, f)) +
           "</title></path>\n";
    out += chevron(d->line, d->width);
  }
  return out;
}

std::string draw_crossings(const Scene& scene, const Panel& panel) {
  std::string out;
  for (const auto& [from, to] : panel.leaders) out += line_at(from.x, from.y, to.x, to.y, "stroke=\"#333333\" stroke-width=\"0.7\"");
  for (const auto& [at, id] : panel.closed_marks) {
    const double s = 3.2;
    out += "<path d=\"M" + coord(at.x - s) + " " + coord(at.y - s) + "L" + coord(at.x + s) + " " + coord(at.y + s) + "M" +
           coord(at.x - s) + " " + coord(at.y + s) + "L" + coord(at.x + s) + " " + coord(at.y - s) +
           "\" stroke=\"#ffffff\" stroke-width=\"4\"/>\n";
    out += "<path d=\"M" + coord(at.x - s) + " " + coord(at.y - s) + "L" + coord(at.x + s) + " " + coord(at.y + s) + "M" +
           coord(at.x - s) + " " + coord(at.y + s) + "L" + coord(at.x + s) + " " + coord(at.y - s) +
           "\" stroke=\"#111111\" stroke-width=\"1.8\"><title>" + escape_markup(id + ": closed") + "</title></path>\n";
  }
  std::map<std::string, const CrossingFeature*> features;
  for (const CrossingFeature& c : scene.layers.crossings) features[c.id] = &c;
  for (const DrawnCrossing& d : panel.crossings) {
    const CrossingFeature& c = *features.at(d.crossing_id);
    std::string title = (c.name.empty() ? c.id : c.name) + " (" + c.id + "): " + c.status;
    for (const auto& [words, f] : {std::pair<std::string, const DirectionFigures*>{c.forward_countries, &c.forward},
                                   {"reverse", &c.reverse}}) {
      title += "; " + words + " flow " + format_grouped(f->flow_t_per_yr) + " t/yr";
      if (std::isfinite(f->capacity_t_per_yr)) title += ", used " + percent(f->utilisation);
      if (f->binding) title += ", binding";
    }
    const bool binding = c.forward.binding || c.reverse.binding;
    std::string stroke = binding ? "stroke=\"#000000\" stroke-width=\"2\"" : "stroke=\"#222222\" stroke-width=\"1\"";
    if (d.status == "planned") stroke = "stroke=\"#555555\" stroke-width=\"1\" stroke-dasharray=\"2 1.5\"";
    out += "<circle cx=\"" + coord(d.at.x) + "\" cy=\"" + coord(d.at.y) + "\" r=\"" + coord(d.radius) + "\" fill=\"" + d.fill +
           "\" " + stroke + "><title>" + escape_markup(title) + "</title></circle>\n";
    if (d.status == "closed") {
      const double s = d.radius * 0.5;
      out += "<path d=\"M" + coord(d.at.x - s) + " " + coord(d.at.y - s) + "L" + coord(d.at.x + s) + " " + coord(d.at.y + s) +
             "M" + coord(d.at.x - s) + " " + coord(d.at.y + s) + "L" + coord(d.at.x + s) + " " + coord(d.at.y - s) +
             "\" stroke=\"#ffffff\" stroke-width=\"1.5\"/>\n";
    }
  }
  return out;
}

/// Places that share one name (the station and the road checkpoint of Khasan), or one spot on
/// the page, carry one label.
struct PlaceGroup {
  std::string text;
  Point at;
  double priority = 0;
  std::vector<std::string> ids;
};

std::vector<PlaceGroup> place_groups(const Scene& scene, const Viewport& v, const std::vector<const PlaceFeature*>& places) {
  std::map<std::string, double> throughput;
  for (const LinkFeature& f : scene.layers.links) {
    throughput[f.from_id] += f.figures.flow_t_per_yr;
    throughput[f.to_id] += f.figures.flow_t_per_yr;
  }
  // A short name two places far apart share ("Dandong" for the bridge head and for the port
  // 35 km away) would name both wrongly: those keep their kind word ("Dandong port").
  std::map<std::string, std::vector<const PlaceFeature*>> by_label;
  for (const PlaceFeature& p : scene.layers.places) by_label[map_place_label(p.name.empty() ? p.id : p.name)].push_back(&p);
  auto label_of = [&](const PlaceFeature& p) {
    const std::string name = p.name.empty() ? p.id : p.name;
    const std::string label = map_place_label(name);
    for (const PlaceFeature* other : by_label[label]) {
      const double dlat = other->at.lat_deg - p.at.lat_deg;
      const double dlon = (other->at.lon_deg - p.at.lon_deg) * std::cos(p.at.lat_deg * M_PI / 180);
      if (std::hypot(dlat, dlon) * 111.2 > 5) return name.substr(0, std::min(name.find(" ("), name.find(',')));
    }
    return label;
  };
  std::vector<PlaceGroup> groups;
  for (const PlaceFeature* p : places) {
    const Point at = v.to_page(p->at);
    const std::string text = label_of(*p);
    // Ports and cities are what a reader looks for; junctions and posts come after them.
    const double kind_weight = (p->kind == "port" || p->kind == "city") ? 3e6 : (p->kind == "junction" ? 1e6 : 0);
    const double priority = throughput[p->id] + kind_weight;
    auto same = std::find_if(groups.begin(), groups.end(), [&](const PlaceGroup& g) {
      const double d = std::hypot(g.at.x - at.x, g.at.y - at.y);
      return (g.text == text && d < 12) || d < 3;
    });
    if (same == groups.end()) {
      groups.push_back({text, at, priority, {p->id}});
    } else {
      if (text.size() < same->text.size()) same->text = text;
      same->priority = std::max(same->priority, priority);
      same->ids.push_back(p->id);
    }
  }
  return groups;
}

std::string draw_labels(const std::vector<PlacedLabel>& labels) {
  std::string out;
  for (const PlacedLabel& l : labels) {
    out += "<text x=\"" + coord(l.baseline.x) + "\" y=\"" + coord(l.baseline.y) + "\" font-size=\"" + coord(l.font_px) + "\"" +
           (l.bold ? " font-weight=\"bold\"" : "") +
           " fill=\"#1e1e1e\" stroke=\"#ffffff\" stroke-width=\"3\" stroke-opacity=\"0.85\" stroke-linejoin=\"round\" "
           "paint-order=\"stroke\">" +
           escape_markup(l.text) + "</text>\n";
  }
  return out;
}

std::string draw_places(const Viewport& v, const std::vector<const PlaceFeature*>& places) {
  std::string out;
  for (const PlaceFeature* p : places) {
    const Point at = v.to_page(p->at);
    out += "<circle cx=\"" + coord(at.x) + "\" cy=\"" + coord(at.y) + "\" r=\"" + coord(kDotRadius) +
           "\" fill=\"#333333\" stroke=\"#ffffff\" stroke-width=\"0.8\"><title>" + escape_markup(p->name + " (" + p->id + ")") +
           "</title></circle>\n";
  }
  return out;
}

std::string scale_bar_svg(const Viewport& v, double middle_lat_deg, double x, double y, double max_px) {
  const double px_per_km = v.px_per_true_km(middle_lat_deg);
  const double km = scale_bar_km(px_per_km, max_px);
  const double len = km * px_per_km;
  std::string out;
  out += rect({x, y, x + len / 2, y + 5}, "fill=\"#333333\"");
  out += rect({x + len / 2, y, x + len, y + 5}, "fill=\"#ffffff\" stroke=\"#333333\" stroke-width=\"0.8\"");
  out += rect({x, y, x + len, y + 5}, "fill=\"none\" stroke=\"#333333\" stroke-width=\"0.8\"");
  out += text_at(x, y + 16, "0", "font-size=\"10\" text-anchor=\"middle\"");
  out += text_at(x + len, y + 16, km_words(km), "font-size=\"10\" text-anchor=\"middle\"");
  return out;
}

/// The arrow pointing to true north at a page point (meridians converge on a conic map).
std::string north_arrow(const Viewport& v, double x, double y) {
  // The direction of north: towards the point a little further north on the same meridian.
  // Invert the page point to a longitude, by bisection along the middle parallel of the frame.
  const Point km{v.west_km + (x - v.frame.x0) / v.px_per_km, v.north_km - (y - v.frame.y0) / v.px_per_km};
  double lo = -180, hi = 180;
  const double lat = 45;
  for (int i = 0; i < 60; ++i) {
    const double mid = (lo + hi) / 2;
    if (v.conic.project_km({mid, lat}).x < km.x) lo = mid;
    else hi = mid;
  }
  const Point a = v.conic.project_km({lo, lat}), b = v.conic.project_km({lo, lat + 1});
  double dx = b.x - a.x, dy = -(b.y - a.y);
  const double len = std::hypot(dx, dy);
  dx /= len, dy /= len;
  const double s = 16;
  const Point tip{x + dx * s, y + dy * s}, tail{x - dx * s * 0.6, y - dy * s * 0.6};
  const Point left{x - dy * 5, y + dx * 5}, right{x + dy * 5, y - dx * 5};
  std::string out = "<g><title>North</title>";
  out += "<path d=\"M" + coord(tip.x) + " " + coord(tip.y) + "L" + coord(left.x) + " " + coord(left.y) + "L" + coord(tail.x) +
         " " + coord(tail.y) + "Z\" fill=\"#ffffff\" stroke=\"#333333\" stroke-width=\"0.8\"/>";
  out += "<path d=\"M" + coord(tip.x) + " " + coord(tip.y) + "L" + coord(right.x) + " " + coord(right.y) + "L" + coord(tail.x) +
         " " + coord(tail.y) + "Z\" fill=\"#333333\" stroke=\"#333333\" stroke-width=\"0.8\"/>";
  out += text_at(tip.x + dx * 8, tip.y + dy * 8 + 4, "N", "font-size=\"12\" font-weight=\"bold\" text-anchor=\"middle\"");
  out += "</g>\n";
  return out;
}

/// Parallels and meridians every 5 degrees (2 or 1 on a small window), faint, with degrees at
/// the frame's left and bottom edges.
std::string graticule(const Viewport& v, double west, double south, double east, double north) {
  const double span = std::max(east - west, north - south);
  const double step = span > 12 ? 5 : (span > 4 ? 2 : (span > 1.5 ? 1 : 0.5));
  std::string d;
  std::string labels;
  const Box& f = v.frame;
  for (double lat = std::ceil(south / step) * step; lat <= north + 1e-9; lat += step) {
    std::vector<Point> line;
    for (double lon = west; lon <= east + 1e-9; lon += (east - west) / 48) line.push_back(v.to_page({lon, lat}));
    d += polyline_d(line);
    // Where the parallel crosses the left edge.
    for (std::size_t i = 0; i + 1 < line.size(); ++i) {
      if ((line[i].x - f.x0) * (line[i + 1].x - f.x0) <= 0 && line[i].x != line[i + 1].x) {
        const double t = (f.x0 - line[i].x) / (line[i + 1].x - line[i].x);
        const double y = line[i].y + (line[i + 1].y - line[i].y) * t;
        if (y > f.y0 + 10 && y < f.y1 - 4) labels += text_at(f.x0 + 3, y - 2, format_significant(lat, 3) + "°N", "font-size=\"9\" fill=\"#6f8396\"");
        break;
      }
    }
  }
  for (double lon = std::ceil(west / step) * step; lon <= east + 1e-9; lon += step) {
    const Point a = v.to_page({lon, south}), b = v.to_page({lon, north});
    d += polyline_d({a, b});
    if (a.y != b.y) {
      const double t = (f.y1 - a.y) / (b.y - a.y);
      const double x = a.x + (b.x - a.x) * t;
      if (x > f.x0 + 30 && x < f.x1 - 30) labels += text_at(x + 2, f.y1 - 3, format_significant(lon, 4) + "°E", "font-size=\"9\" fill=\"#6f8396\"");
    }
  }
  return "<path d=\"" + d + "\" fill=\"none\" stroke=\"#7f97ad\" stroke-opacity=\"0.35\" stroke-width=\"0.6\"/>\n" + labels;
}

}  // namespace

double flow_width(double flow_t_per_yr, double scale_t_per_yr) {
  if (!(flow_t_per_yr > 0)) return kNoFlowWidth;
  return std::max(kMinFlowWidth, kMaxFlowWidth * std::min(1.0, flow_t_per_yr / scale_t_per_yr));
}

DrawnMap draw_print_map(const MapLayers& layers, const PrintMapOptions& options) {
  if (!(options.scale_t_per_yr > 0) || !std::isfinite(options.scale_t_per_yr)) {
    throw std::invalid_argument("the map's width scale must be a positive number of t/yr, got " +
                                format_real(options.scale_t_per_yr));
  }
  // 8,000 px is an A3 page at 600 dpi; the PNG of a larger page would take gigabytes.
  if (!(options.width_px >= 200 && options.width_px <= 8000)) {
    throw std::invalid_argument("the map's width must be 200 to 8,000 px, got " + format_real(options.width_px));
  }
  Scene scene{layers, {}, options.scale_t_per_yr};
  for (const PlaceFeature& p : layers.places) scene.places[p.id] = &p;

  // ---- The window: every place and link, with a margin; no network, the basemap's window.
  double west = 1e9, east = -1e9, south = 1e9, north = -1e9;
  auto extend = [&](const LonLat& at) {
    west = std::min(west, at.lon_deg), east = std::max(east, at.lon_deg);
    south = std::min(south, at.lat_deg), north = std::max(north, at.lat_deg);
  };
  for (const PlaceFeature& p : layers.places) extend(p.at);
  for (const LinkFeature& l : layers.links) {
    for (const LonLat& at : l.line) extend(at);
  }
  if (west > east) west = 110, east = 145, south = 30, north = 55;
  const double lat_span = north - south;
  const Conic conic(south + lat_span / 6, north - lat_span / 6, (south + north) / 2, (west + east) / 2);
  double x0 = 1e18, x1 = -1e18, y0 = 1e18, y1 = -1e18;
  auto extend_km = [&](const LonLat& at) {
    const Point p = conic.project_km(at);
    x0 = std::min(x0, p.x), x1 = std::max(x1, p.x), y0 = std::min(y0, p.y), y1 = std::max(y1, p.y);
  };
  for (const PlaceFeature& p : layers.places) extend_km(p.at);
  for (const LinkFeature& l : layers.links) {
    for (const LonLat& at : l.line) extend_km(at);
  }
  if (x0 > x1) extend_km({west, south}), extend_km({east, north}), extend_km({west, north}), extend_km({east, south});
  const double pad = std::max(0.05 * std::max(x1 - x0, y1 - y0), 20.0);
  x0 -= pad, x1 += pad, y0 -= pad, y1 += pad;
  const double map_height = std::clamp(kMapWidth * (y1 - y0) / (x1 - x0), 480.0, 1500.0);
  const double px_per_km = std::min(kMapWidth / (x1 - x0), map_height / (y1 - y0));
  Panel main{"main",
             {conic, (x0 + x1) / 2 - kMapWidth / 2 / px_per_km, (y0 + y1) / 2 + map_height / 2 / px_per_km, px_per_km,
              {kMargin, kMapTop, kMargin + kMapWidth, kMapTop + map_height}},
             (south + north) / 2,
             {},
             {},
             {},
             {},
             {},
             "",
             "",
             {}};

  // ---- The insets, stacked at the top of the side panel.
  std::vector<Panel> insets;
  double panel_y = kMapTop;
  for (const InsetSpec& spec : inset_specs()) {
    std::vector<LonLat> points;
    for (const std::string& id : spec.place_ids) {
      if (scene.places.count(id)) points.push_back(scene.places.at(id)->at);
    }
    if (points.size() < 3) continue;
    double ix0 = 1e18, ix1 = -1e18, iy0 = 1e18, iy1 = -1e18, ilat = 0;
    for (const LonLat& at : points) {
      const Point p = conic.project_km(at);
      ix0 = std::min(ix0, p.x), ix1 = std::max(ix1, p.x), iy0 = std::min(iy0, p.y), iy1 = std::max(iy1, p.y);
      ilat += at.lat_deg / static_cast<double>(points.size());
    }
    const double ipad = std::max(0.35 * std::max(ix1 - ix0, iy1 - iy0), 8.0);
    ix0 -= ipad, ix1 += ipad, iy0 -= ipad, iy1 += ipad;
    const double height = std::clamp(kPanelWidth * (iy1 - iy0) / (ix1 - ix0), 160.0, spec.max_height);
    const double ipx = std::min(kPanelWidth / (ix1 - ix0), height / (iy1 - iy0));
    if (ipx / px_per_km < 2.5) continue;
    const double top = panel_y + 22;
    Panel inset{"inset " + std::string(spec.letter),
                {conic, (ix0 + ix1) / 2 - kPanelWidth / 2 / ipx, (iy0 + iy1) / 2 + height / 2 / ipx, ipx,
                 {kPanelLeft, top, kPanelLeft + kPanelWidth, top + height}},
                ilat,
                {},
                {},
                {},
                {},
                {},
                spec.letter,
                spec.title,
                {}};
    panel_y = top + height + 40;
    insets.push_back(std::move(inset));
  }

  // The insets' windows on the main map.
  std::vector<Box> locations;
  for (const Panel& inset : insets) {
    const Viewport& iv = inset.viewport;
    const Point tl = main.viewport.to_page_km({iv.west_km, iv.north_km});
    const Point br = main.viewport.to_page_km(
        {iv.west_km + iv.frame.width() / iv.px_per_km, iv.north_km - iv.frame.height() / iv.px_per_km});
    locations.push_back({tl.x, tl.y, br.x, br.y});
  }
  main.skip = locations;

  // ---- Links and crossings, in each panel.
  // A border link at least six symbol radii long shows on both sides of its crossing's symbol.
  constexpr double kMainSymbol = 4.5, kInsetSymbol = 5.5;
  layout_links(scene, main, std::max(kMinBorderLinkLength, 6 * kMainSymbol));
  layout_crossings(scene, main, kMainSymbol);
  for (Panel& inset : insets) {
    layout_links(scene, inset, std::max(kMinBorderLinkLength, 6 * kInsetSymbol));
    layout_crossings(scene, inset, kInsetSymbol);
  }
  // The main map leaves names to an inset whose box is large enough to hide them; a small box
  // (the Yalu bridges) is little more than a point there, and its places keep their names.
  std::vector<Box> named_in_inset;
  for (const Box& b : locations) {
    if (b.width() * b.height() >= 400) named_in_inset.push_back(b);
  }
  auto in_inset_window = [&](const PlaceFeature& p) { return in_any(named_in_inset, main.viewport.to_page(p.at)); };

  // ---- Names: obstacles are the symbols; the main map leaves the inset's places to the inset.
  DrawnMap result;
  auto panel_places = [&](const Panel& panel, bool main_panel) {
    std::vector<const PlaceFeature*> out;
    for (const PlaceFeature& p : layers.places) {
      const Point at = panel.viewport.to_page(p.at);
      const Box& f = panel.viewport.frame;
      if (at.x < f.x0 || at.x > f.x1 || at.y < f.y0 || at.y > f.y1) continue;
      if (main_panel && in_inset_window(p)) continue;
      out.push_back(&p);
    }
    return out;
  };
  auto obstacles_of = [&](const Panel& panel, const std::vector<const PlaceFeature*>& all_places) {
    std::vector<Box> boxes;
    for (const PlaceFeature* p : all_places) boxes.push_back(point_box(panel.viewport.to_page(p->at), kDotRadius + 0.5));
    for (const DrawnCrossing& c : panel.crossings) boxes.push_back(point_box(c.at, c.radius + 0.5));
    for (const auto& [at, id] : panel.closed_marks) boxes.push_back(point_box(at, 4));
    return boxes;
  };
  auto label_requests = [&](const Panel& panel, const std::vector<const PlaceFeature*>& places) {
    std::vector<LabelRequest> requests;
    for (const PlaceGroup& g : place_groups(scene, panel.viewport, places)) {
      LabelRequest r;
      r.text = g.text;
      r.anchor = g.at;
      r.clearance = kLabelClearance;
      r.font_px = kLabelFont;
      r.priority = g.priority;
      requests.push_back(r);
    }
    return requests;
  };

  // Every place in the frame is an obstacle on the main map, also those labelled in the inset.
  std::vector<const PlaceFeature*> main_all;
  for (const PlaceFeature& p : layers.places) main_all.push_back(&p);
  std::vector<Box> main_obstacles = obstacles_of(main, main_all);
  std::vector<Point> location_baselines;
  for (std::size_t i = 0; i < insets.size(); ++i) {
    // The inset's letter beside a corner of its box, the first corner where it covers no symbol.
    const Box& location = locations[i];
    const TextMetrics m = measure_text(insets[i].letter, 12, true);
    const std::vector<Point> corners = {{location.x0 - m.width - 3, location.y0 + m.ascent},
                                        {location.x1 + 3, location.y0 + m.ascent},
                                        {location.x0 - m.width - 3, location.y1},
                                        {location.x1 + 3, location.y1}};
    Box label_box;
    Point baseline;
    for (auto c = corners.rbegin(); c != corners.rend(); ++c) {
      const Box box{c->x - 1, c->y - m.ascent - 1, c->x + m.width + 1, c->y + m.descent + 1};
      if (c == corners.rbegin() ||
          std::none_of(main_obstacles.begin(), main_obstacles.end(), [&](const Box& o) { return o.overlaps(box); })) {
        label_box = box, baseline = *c;
      }
    }
    location_baselines.push_back(baseline);
    main_obstacles.push_back(location);
    main_obstacles.push_back(label_box);
  }
  // Country names first, in the emptiest part of each country.
  std::vector<Point> busy;
  for (const DrawnLink& d : main.links) {
    for (std::size_t i = 0; i + 1 < d.line.size(); ++i) {
      const double len = std::hypot(d.line[i + 1].x - d.line[i].x, d.line[i + 1].y - d.line[i].y);
      const int steps = std::max(1, static_cast<int>(len / 10));
      for (int s = 0; s <= steps; ++s) busy.push_back(along({d.line[i], d.line[i + 1]}, static_cast<double>(s) / steps));
    }
  }
  for (const PlaceFeature* p : main_all) busy.push_back(main.viewport.to_page(p->at));
  const Point north_at{main.viewport.frame.x1 - 26, main.viewport.frame.y0 + 30};
  main_obstacles.push_back(point_box(north_at, 28));
  const std::vector<CountryLabel> countries = place_country_labels(main.viewport, busy, main_obstacles);
  for (const CountryLabel& c : countries) main_obstacles.push_back(c.box);

  const Box main_label_frame{main.viewport.frame.x0 + 2, main.viewport.frame.y0 + 2, main.viewport.frame.x1 - 2,
                             main.viewport.frame.y1 - 2};
  std::vector<PlacedLabel> main_labels =
      place_labels(label_requests(main, panel_places(main, true)), main_obstacles, main_label_frame, result.dropped_labels);
  for (PlacedLabel& l : main_labels) l.panel = "main";
  std::vector<std::vector<PlacedLabel>> inset_labels;
  for (const Panel& inset : insets) {
    const auto places = panel_places(inset, false);
    const Box& f = inset.viewport.frame;
    inset_labels.push_back(place_labels(label_requests(inset, places), obstacles_of(inset, places),
                                        {f.x0 + 2, f.y0 + 2, f.x1 - 2, f.y1 - 2}, result.dropped_labels));
    for (PlacedLabel& l : inset_labels.back()) l.panel = inset.name;
  }

  // ---- The page.
  std::string body;
  const Box& mf = main.viewport.frame;
  body += "<defs>\n<clipPath id=\"main-clip\">" + rect(mf, "") + "</clipPath>\n";
  for (const Panel& inset : insets) {
    body += "<clipPath id=\"inset-" + inset.letter + "-clip\">" + rect(inset.viewport.frame, "") + "</clipPath>\n";
  }
  body += "</defs>\n";
  // Title and what the map shows.
  body += text_at(kMargin, 36, layers.scenario.empty() ? "borderflow map" : layers.scenario,
                  "font-size=\"24\" font-weight=\"bold\" fill=\"#1a1a1a\"");
  std::string subtitle = "Demand routing: tonnes a year on each link, each direction drawn on its own right-hand side";
  body += text_at(kMargin, 60, subtitle, "font-size=\"13\" fill=\"#333333\"");
  if (layers.routing_status != "optimal" && !layers.routing_status.empty()) {
    // The reason in the reports' words: "demand routing not answered: ..." (labels.hpp).
    std::string reason = layers.routing_status;
    for (SolveStatus status : {SolveStatus::Infeasible, SolveStatus::Unbounded, SolveStatus::LimitReached, SolveStatus::NumericRange}) {
      if (layers.routing_status == to_string(status)) reason = status_sentence(status);
    }
    body += text_at(kMargin, 77, "No flow is drawn: demand routing " + reason, "font-size=\"12\" font-weight=\"bold\" fill=\"#b2182b\"");
  }

  // The main map.
  body += "<g id=\"main-map\">\n" + draw_basemap(main.viewport, "main-clip");
  body += "<g clip-path=\"url(#main-clip)\">\n";
  body += graticule(main.viewport, west - 10, south - 5, east + 10, north + 5);
  for (const CountryLabel& c : countries) {
    body += text_at(c.baseline.x, c.baseline.y, c.text, "font-size=\"15\" font-weight=\"bold\" fill=\"#8d8577\" fill-opacity=\"0.75\"");
  }
  body += draw_links(scene, main);
  body += draw_places(main.viewport, main_all);
  body += draw_crossings(scene, main);
  for (std::size_t i = 0; i < insets.size(); ++i) {
    body += rect(locations[i], "fill=\"none\" stroke=\"#111111\" stroke-width=\"1.2\"");
    body += text_at(location_baselines[i].x, location_baselines[i].y, insets[i].letter,
                    "font-size=\"12\" font-weight=\"bold\" fill=\"#111111\"");
  }
  body += draw_labels(main_labels);
  body += north_arrow(main.viewport, north_at.x, north_at.y);
  body += "</g>\n";
  body += rect(mf, "fill=\"none\" stroke=\"#555555\" stroke-width=\"1\"");
  body += "</g>\n";

  // The side panel: the inset, then the legend.
  std::string panel;
  double y = kMapTop;
  for (std::size_t i = 0; i < insets.size(); ++i) {
    const Panel& inset = insets[i];
    const Box& f = inset.viewport.frame;
    const double ratio = inset.viewport.px_per_km / px_per_km;
    panel += "<text x=\"" + coord(kPanelLeft) + "\" y=\"" + coord(f.y0 - 8) + "\" font-size=\"12\" fill=\"#1a1a1a\">" +
             "<tspan font-weight=\"bold\">" + escape_markup(inset.letter + "  " + inset.title) + "</tspan>" +
             escape_markup(", " + format_fixed(ratio, 0) + "x the main map's scale") + "</text>\n";
    const std::string clip = "inset-" + inset.letter + "-clip";
    panel += "<g id=\"inset-" + inset.letter + "\">\n" + draw_basemap(inset.viewport, clip);
    panel += "<g clip-path=\"url(#" + clip + ")\">\n";
    panel += draw_links(scene, inset);
    panel += draw_places(inset.viewport, panel_places(inset, false));
    panel += draw_crossings(scene, inset);
    panel += draw_labels(inset_labels[i]);
    panel += "</g>\n" + rect(f, "fill=\"none\" stroke=\"#111111\" stroke-width=\"1.2\"") + "</g>\n";
    panel += scale_bar_svg(inset.viewport, inset.middle_lat_deg, kPanelLeft + 8, f.y1 + 8, 120);
    y = f.y1 + 40;
  }

  // Legend.
  auto heading = [&](const std::string& text) {
    panel += text_at(kPanelLeft, y + 12, text, "font-size=\"12\" font-weight=\"bold\" fill=\"#1a1a1a\"");
    y += 20;
  };
  auto row_text = [&](double x, const std::string& text) { panel += text_at(x, y + 4, text, "font-size=\"11\" fill=\"#222222\""); };
  const double sample_x0 = kPanelLeft + 4, sample_x1 = kPanelLeft + 58, words_x = kPanelLeft + 68;
  heading("Flow in each direction (fixed scale)");
  for (double share : {0.1, 0.5, 1.0}) {
    const double t = options.scale_t_per_yr * share;
    const double w = flow_width(t, options.scale_t_per_yr);
    y += std::max(0.0, w / 2 - 5);
    panel += line_at(sample_x0, y, sample_x1, y, "stroke=\"#555555\" stroke-width=\"" + coord(w) + "\"");
    row_text(words_x, mt_words(t) + (share == 1.0 ? " or more" : ""));
    y += std::max(0.0, w / 2 - 5) + 16;
  }
  panel += line_at(sample_x0, y, sample_x1, y, "stroke=\"#555555\" stroke-width=\"" + coord(kNoFlowWidth) + "\"");
  row_text(words_x, "no routed flow");
  y += 16;
  panel += text_at(kPanelLeft, y + 4, "Routed demands only: background traffic is not drawn.", "font-size=\"10\" fill=\"#444444\"");
  y += 18;
  std::set<std::string> modes;
  for (const LinkFeature& l : layers.links) modes.insert(l.mode);
  if (modes.empty()) modes = {"rail", "road", "sea"};
  heading("Mode");
  for (const char* mode : {"rail", "road", "sea", "pipeline"}) {
    if (!modes.count(mode)) continue;
    panel += line_at(sample_x0, y, sample_x1, y, "stroke=\"" + std::string(mode_colour(mode)) + "\" stroke-width=\"4\"");
    row_text(words_x, mode_words(mode));
    y += 16;
  }
  y += 2;
  heading("Links");
  {
    y += 4;
    // Two directions side by side, travel shown by the chevrons.
    const double w = 6;
    // Eastwards on the south side, westwards on the north: each on the right of its travel.
    const std::vector<Point> east_line{{sample_x0, y + 3.5}, {sample_x1, y + 3.5}}, west_line{{sample_x1, y - 3.5}, {sample_x0, y - 3.5}};
    panel += "<path d=\"" + polyline_d(east_line) + "\" stroke=\"#555555\" stroke-width=\"" + coord(w) + "\"/>\n" + chevron(east_line, w);
    panel += "<path d=\"" + polyline_d(west_line) + "\" stroke=\"#888888\" stroke-width=\"" + coord(w) + "\"/>\n" + chevron(west_line, w);
    row_text(words_x, "two directions, each on its right");
    y += 20;
    panel += line_at(sample_x0, y, sample_x1, y, "stroke=\"" + std::string(kBindingHalo) + "\" stroke-opacity=\"0.5\" stroke-width=\"9\"");
    panel += line_at(sample_x0, y, sample_x1, y, "stroke=\"#555555\" stroke-width=\"4\"");
    row_text(words_x, "binding: full, it limits the routing");
    y += 18;
    panel += line_at(sample_x0, y, sample_x1, y, "stroke=\"#555555\" stroke-width=\"1.4\" stroke-dasharray=\"5 3\"");
    const double cx = (sample_x0 + sample_x1) / 2;
    panel += "<path d=\"M" + coord(cx - 3.2) + " " + coord(y - 3.2) + "L" + coord(cx + 3.2) + " " + coord(y + 3.2) + "M" +
             coord(cx - 3.2) + " " + coord(y + 3.2) + "L" + coord(cx + 3.2) + " " + coord(y - 3.2) +
             "\" stroke=\"#111111\" stroke-width=\"1.8\"/>\n";
    row_text(words_x, "closed");
    y += 18;
    panel += line_at(sample_x0, y, sample_x1, y, "stroke=\"#555555\" stroke-width=\"1.4\" stroke-dasharray=\"1.5 2.5\"");
    row_text(words_x, "planned (not built)");
    y += 20;
  }
  heading("Border crossings: use of capacity");
  for (const SymbolClass* c : {&kLow, &kMid, &kHigh, &kUnlimited, &kClosed, &kPlanned}) {
    const double cx = sample_x0 + 12;
    std::string stroke = c == &kPlanned ? "stroke=\"#555555\" stroke-dasharray=\"2 1.5\"" : "stroke=\"#222222\"";
    panel += "<circle cx=\"" + coord(cx) + "\" cy=\"" + coord(y) + "\" r=\"5\" fill=\"" + c->fill + "\" " + stroke + "/>\n";
    if (c == &kClosed) {
      panel += "<path d=\"M" + coord(cx - 2.5) + " " + coord(y - 2.5) + "L" + coord(cx + 2.5) + " " + coord(y + 2.5) + "M" +
               coord(cx - 2.5) + " " + coord(y + 2.5) + "L" + coord(cx + 2.5) + " " + coord(y - 2.5) +
               "\" stroke=\"#ffffff\" stroke-width=\"1.5\"/>\n";
    }
    row_text(words_x, c->words);
    y += 16;
  }
  panel += "<circle cx=\"" + coord(sample_x0 + 12) + "\" cy=\"" + coord(y) + "\" r=\"5\" fill=\"" + kHigh.fill +
           "\" stroke=\"#000000\" stroke-width=\"2\"/>\n";
  row_text(words_x, "heavy outline: binding");
  y += 16;
  panel += text_at(kPanelLeft, y + 6, "Use: (background traffic + routed flow) / capacity,", "font-size=\"10\" fill=\"#444444\"");
  panel += text_at(kPanelLeft, y + 19, "the fuller direction.", "font-size=\"10\" fill=\"#444444\"");
  y += 30;
  heading("Scale (main map)");
  panel += scale_bar_svg(main.viewport, main.middle_lat_deg, kPanelLeft + 8, y - 4, 200);
  y += 30;
  body += "<g id=\"side-panel\">\n" + panel + "</g>\n";

  // Footer: projection, scale of the widths, sources.
  const double footer_y = std::max(mf.y1, y) + 18;
  const std::string projection = "Lambert conformal conic, standard parallels " + format_fixed(conic.standard_lat1_deg(), 1) +
                                 "\xC2\xB0N and " + format_fixed(conic.standard_lat2_deg(), 1) + "\xC2\xB0N. Line width: " +
                                 mt_words(options.scale_t_per_yr) + " = " + format_fixed(kMaxFlowWidth, 0) +
                                 " px at 1400 px wide, the same in every map drawn at this scale.";
  body += text_at(kMargin, footer_y, projection, "font-size=\"10\" fill=\"#444444\"");
  body += text_at(kMargin, footer_y + 14,
                  "Basemap: Natural Earth 1:10m Admin 0 countries 4.1.0 (public domain), via world-atlas 2.0.2; only China, "
                  "the DPRK, Mongolia, Russia and South Korea are drawn. Network and flows: borderflow.",
                  "font-size=\"10\" fill=\"#444444\"");
  if (!result.dropped_labels.empty()) {
    body += text_at(kMargin, footer_y + 28,
                    std::to_string(result.dropped_labels.size()) +
                        " place names did not fit and are left out (each place's name shows when pointed at).",
                    "font-size=\"10\" fill=\"#444444\"");
  }
  const double page_height = footer_y + (result.dropped_labels.empty() ? 20 : 34);

  const double scale = options.width_px / kPageWidth;
  // No XML declaration: UTF-8 is XML's default, and an SVG that starts "<svg" is what tools sniff.
  std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + coord(options.width_px) + "\" height=\"" +
         coord(std::ceil(page_height * scale)) + "\" viewBox=\"0 0 " + coord(kPageWidth) + " " +
         coord(std::ceil(page_height * scale) / scale) + "\" font-family=\"DejaVu Sans, Verdana, sans-serif\">\n";
  svg += "<title>" + escape_markup(layers.scenario) + "</title>\n";
  svg += rect({0, 0, kPageWidth, std::ceil(page_height * scale) / scale}, "fill=\"#ffffff\"");
  svg += body;
  svg += "</svg>\n";

  result.svg = std::move(svg);
  result.page_height = page_height;
  result.labels = std::move(main_labels);
  for (const auto& labels : inset_labels) result.labels.insert(result.labels.end(), labels.begin(), labels.end());
  result.links = std::move(main.links);
  result.crossings = std::move(main.crossings);
  for (const Panel& inset : insets) {
    result.links.insert(result.links.end(), inset.links.begin(), inset.links.end());
    result.crossings.insert(result.crossings.end(), inset.crossings.begin(), inset.crossings.end());
  }
  result.insets = insets.size();
  return result;
}

}  // namespace borderflow::print_map
