// The print map's basemap: the embedded Natural Earth countries (config/boundaries/) as sea,
// tinted land, coastlines and borders, cut to a map window; and where country names fit.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <map>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "assets/assets.hpp"
#include "report/print_map_draw.hpp"

namespace borderflow::print_map {
namespace {

constexpr const char* kSeaFill = "#dbe9f4";
constexpr const char* kCoastStroke = "#8aa9c1";
constexpr const char* kBorderStroke = "#7a6a80";

/// Light tints that tell the countries apart without competing with the flows.
const char* land_fill(const std::string& iso_a2) {
  if (iso_a2 == "CN") return "#f4efe2";
  if (iso_a2 == "RU") return "#eef1e6";
  if (iso_a2 == "KP") return "#f6e9e4";
  if (iso_a2 == "KR") return "#efeeea";
  if (iso_a2 == "MN") return "#f2ece0";
  return "#f0f0ec";
}

/// The names printed on the land, in the words of the reports.
std::string country_label(const std::string& iso_a2, const std::string& name) {
  if (iso_a2 == "CN") return "CHINA";
  if (iso_a2 == "RU") return "RUSSIA";
  if (iso_a2 == "KP") return "DPRK";
  if (iso_a2 == "KR") return "SOUTH KOREA";
  if (iso_a2 == "MN") return "MONGOLIA";
  std::string upper = name;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return upper;
}

/// A vertex on the file's 1e-4 degree grid, so that the two countries' copies of a border
/// compare equal.
using GridPoint = std::pair<std::int64_t, std::int64_t>;
GridPoint grid(const LonLat& p) { return {std::llround(p.lon_deg * 1e4), std::llround(p.lat_deg * 1e4)}; }

/// Lines of the basemap: coastlines (an edge of one country only) and borders (an edge of two),
/// each border once. Edges along the extract's own window (where it was cut) are neither.
struct BasemapLines {
  std::vector<std::vector<LonLat>> coasts, borders;
};

std::array<double, 4> extract_window();

const BasemapLines& basemap_lines() {
  static const BasemapLines lines = [] {
    const std::array<double, 4> window = extract_window();
    const double west = window[0], south = window[1], east = window[2], north = window[3];
    const auto& countries = basemap_countries();
    std::map<std::pair<GridPoint, GridPoint>, int> owners;  // undirected edge -> count
    auto key = [](const LonLat& a, const LonLat& b) {
      GridPoint ga = grid(a), gb = grid(b);
      return ga < gb ? std::make_pair(ga, gb) : std::make_pair(gb, ga);
    };
    for (const Country& c : countries) {
      for (const auto& polygon : c.polygons) {
        for (const auto& ring : polygon) {
          for (std::size_t i = 0; i + 1 < ring.size(); ++i) ++owners[key(ring[i], ring[i + 1])];
        }
      }
    }
    auto on_window = [&](const LonLat& a, const LonLat& b) {
      auto same = [](double u, double v, double w) { return std::abs(u - w) < 1e-6 && std::abs(v - w) < 1e-6; };
      return same(a.lon_deg, b.lon_deg, west) || same(a.lon_deg, b.lon_deg, east) || same(a.lat_deg, b.lat_deg, south) ||
             same(a.lat_deg, b.lat_deg, north);
    };
    std::map<std::pair<GridPoint, GridPoint>, bool> border_drawn;
    BasemapLines out;
    for (const Country& c : countries) {
      for (const auto& polygon : c.polygons) {
        for (const auto& ring : polygon) {
          // 0 none, 1 coast, 2 border; consecutive edges of one kind make one line.
          int current = 0;
          std::vector<LonLat> run;
          auto flush = [&] {
            if (run.size() >= 2) (current == 1 ? out.coasts : out.borders).push_back(run);
            run.clear();
          };
          for (std::size_t i = 0; i + 1 < ring.size(); ++i) {
            const auto k = key(ring[i], ring[i + 1]);
            int kind = 0;
            if (on_window(ring[i], ring[i + 1])) kind = 0;
            else if (owners[k] == 1) kind = 1;
            else if (!border_drawn[k]) kind = 2, border_drawn[k] = true;
            if (kind != current) {
              flush();
              current = kind;
            }
            if (kind != 0) {
              if (run.empty()) run.push_back(ring[i]);
              run.push_back(ring[i + 1]);
            }
          }
          flush();
        }
      }
    }
    return out;
  }();
  return lines;
}

/// Sutherland-Hodgman: a ring cut to an axis-aligned box (a ring outside it becomes empty).
std::vector<Point> clip_ring(std::vector<Point> ring, const Box& box) {
  auto clip_edge = [](const std::vector<Point>& in, auto inside, auto cross) {
    std::vector<Point> out;
    if (in.empty()) return out;
    Point prev = in.back();
    for (const Point& cur : in) {
      if (inside(cur)) {
        if (!inside(prev)) out.push_back(cross(prev, cur));
        out.push_back(cur);
      } else if (inside(prev)) {
        out.push_back(cross(prev, cur));
      }
      prev = cur;
    }
    return out;
  };
  auto at_x = [](double x) {
    return [x](const Point& a, const Point& b) { return Point{x, a.y + (b.y - a.y) * (x - a.x) / (b.x - a.x)}; };
  };
  auto at_y = [](double y) {
    return [y](const Point& a, const Point& b) { return Point{a.x + (b.x - a.x) * (y - a.y) / (b.y - a.y), y}; };
  };
  ring = clip_edge(ring, [&](const Point& p) { return p.x >= box.x0; }, at_x(box.x0));
  ring = clip_edge(ring, [&](const Point& p) { return p.x <= box.x1; }, at_x(box.x1));
  ring = clip_edge(ring, [&](const Point& p) { return p.y >= box.y0; }, at_y(box.y0));
  ring = clip_edge(ring, [&](const Point& p) { return p.y <= box.y1; }, at_y(box.y1));
  return ring;
}

/// Projected points, dropping those closer than `tolerance` page units to the last one kept
/// (the 1:10m line has detail far below a pixel at the main map's scale).
std::vector<Point> projected(const Viewport& viewport, const std::vector<LonLat>& line, double tolerance) {
  std::vector<Point> out;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const Point p = viewport.to_page(line[i]);
    if (!out.empty() && i + 1 < line.size() && std::hypot(p.x - out.back().x, p.y - out.back().y) < tolerance) continue;
    out.push_back(p);
  }
  return out;
}

std::string path_data(const std::vector<Point>& points, bool closed) {
  std::string d;
  for (std::size_t i = 0; i < points.size(); ++i) d += (i == 0 ? "M" : "L") + coord(points[i].x) + " " + coord(points[i].y);
  if (closed) d += "Z";
  return d;
}

bool box_touches(const std::vector<Point>& points, const Box& box) {
  if (points.empty()) return false;
  Box b{points[0].x, points[0].y, points[0].x, points[0].y};
  for (const Point& p : points) b = {std::min(b.x0, p.x), std::min(b.y0, p.y), std::max(b.x1, p.x), std::max(b.y1, p.y)};
  return b.x0 <= box.x1 && box.x0 <= b.x1 && b.y0 <= box.y1 && box.y0 <= b.y1;
}

/// Lines cut to runs of segments that touch the box (the clip path does the exact cut).
std::string line_paths(const Viewport& viewport, const std::vector<std::vector<LonLat>>& lines, const Box& box,
                       double tolerance) {
  std::string d;
  for (const auto& line : lines) {
    const std::vector<Point> points = projected(viewport, line, tolerance);
    std::vector<Point> run;
    auto flush = [&] {
      if (run.size() >= 2) d += path_data(run, false);
      run.clear();
    };
    for (std::size_t i = 0; i + 1 < points.size(); ++i) {
      if (box_touches({points[i], points[i + 1]}, box)) {
        if (run.empty()) run.push_back(points[i]);
        run.push_back(points[i + 1]);
      } else {
        flush();
      }
    }
    flush();
  }
  return d;
}

std::array<double, 4> extract_window() {
  const auto document = nlohmann::json::parse(asset("basemap/region-10m.geojson"));
  const auto& bbox = document.at("bbox");
  return {bbox.at(0).get<double>(), bbox.at(1).get<double>(), bbox.at(2).get<double>(), bbox.at(3).get<double>()};
}

/// Even-odd point in polygon over a set of rings.
bool inside_rings(const std::vector<std::vector<Point>>& rings, const Point& p) {
  bool in = false;
  for (const auto& ring : rings) {
    for (std::size_t i = 0, j = ring.size() - 1; i < ring.size(); j = i++) {
      const Point& a = ring[i];
      const Point& b = ring[j];
      if ((a.y > p.y) != (b.y > p.y) && p.x < (b.x - a.x) * (p.y - a.y) / (b.y - a.y) + a.x) in = !in;
    }
  }
  return in;
}

}  // namespace

const std::vector<Country>& basemap_countries() {
  static const std::vector<Country> countries = [] {
    const auto document = nlohmann::json::parse(asset("basemap/region-10m.geojson"));
    std::vector<Country> out;
    for (const auto& feature : document.at("features")) {
      Country c;
      c.iso_a2 = feature.at("properties").at("iso_a2").get<std::string>();
      c.name = feature.at("properties").at("name").get<std::string>();
      const auto& geometry = feature.at("geometry");
      const bool multi = geometry.at("type") == "MultiPolygon";
      auto read_polygon = [](const nlohmann::json& rings) {
        std::vector<std::vector<LonLat>> polygon;
        for (const auto& ring : rings) {
          std::vector<LonLat> points;
          for (const auto& p : ring) points.push_back({p.at(0).get<double>(), p.at(1).get<double>()});
          polygon.push_back(std::move(points));
        }
        return polygon;
      };
      if (multi) {
        for (const auto& polygon : geometry.at("coordinates")) c.polygons.push_back(read_polygon(polygon));
      } else {
        c.polygons.push_back(read_polygon(geometry.at("coordinates")));
      }
      out.push_back(std::move(c));
    }
    // Drawn in a fixed order whatever the file's: the same bytes for the same basemap.
    std::sort(out.begin(), out.end(), [](const Country& a, const Country& b) { return a.iso_a2 < b.iso_a2; });
    return out;
  }();
  return countries;
}

std::string draw_basemap(const Viewport& viewport, const std::string& clip_id) {
  const Box& f = viewport.frame;
  const Box cut{f.x0 - 2, f.y0 - 2, f.x1 + 2, f.y1 + 2};
  // Vertices closer than this on the page add bytes, not detail.
  const double tolerance = 0.5;
  std::string out = "<g clip-path=\"url(#" + clip_id + ")\">\n";
  out += "<rect x=\"" + coord(f.x0) + "\" y=\"" + coord(f.y0) + "\" width=\"" + coord(f.width()) + "\" height=\"" +
         coord(f.height()) + "\" fill=\"" + kSeaFill + "\"/>\n";
  for (const Country& c : basemap_countries()) {
    std::string d;
    for (const auto& polygon : c.polygons) {
      for (const auto& ring : polygon) {
        std::vector<Point> points = projected(viewport, ring, tolerance);
        if (!box_touches(points, cut)) continue;
        points = clip_ring(std::move(points), cut);
        if (points.size() >= 3) d += path_data(points, true);
      }
    }
    if (!d.empty()) {
      out += "<path d=\"" + d + "\" fill=\"" + land_fill(c.iso_a2) + "\" fill-rule=\"evenodd\"><title>" + escape_markup(c.name) +
             "</title></path>\n";
    }
  }
  const BasemapLines& lines = basemap_lines();
  if (const std::string d = line_paths(viewport, lines.coasts, cut, tolerance); !d.empty()) {
    out += "<path d=\"" + d + "\" fill=\"none\" stroke=\"" + kCoastStroke + "\" stroke-width=\"0.7\" stroke-linejoin=\"round\"/>\n";
  }
  if (const std::string d = line_paths(viewport, lines.borders, cut, tolerance); !d.empty()) {
    // An international border: a pale band under a dash-dot line, as atlases draw it.
    out += "<path d=\"" + d + "\" fill=\"none\" stroke=\"#ffffff\" stroke-opacity=\"0.8\" stroke-width=\"3\" stroke-linejoin=\"round\"/>\n";
    out += "<path d=\"" + d + "\" fill=\"none\" stroke=\"" + kBorderStroke +
           "\" stroke-width=\"1.1\" stroke-dasharray=\"6 2 1.5 2\" stroke-linejoin=\"round\"/>\n";
  }
  out += "</g>\n";
  return out;
}

std::vector<CountryLabel> place_country_labels(const Viewport& viewport, const std::vector<Point>& busy,
                                               const std::vector<Box>& obstacles) {
  constexpr double kFont = 15, kStep = 12, kMinClearance = 10;
  const Box& f = viewport.frame;
  const Box cut{f.x0 - 2, f.y0 - 2, f.x1 + 2, f.y1 + 2};
  // Largest first: a big country's name is the one a reader looks for first.
  static const char* const kOrder[] = {"RU", "CN", "KP", "KR", "MN"};
  std::vector<CountryLabel> out;
  std::vector<Box> taken = obstacles;
  for (const char* iso : kOrder) {
    const auto& countries = basemap_countries();
    const auto c = std::find_if(countries.begin(), countries.end(), [&](const Country& x) { return x.iso_a2 == iso; });
    if (c == countries.end()) continue;
    std::vector<std::vector<Point>> rings;
    for (const auto& polygon : c->polygons) {
      for (const auto& ring : polygon) {
        std::vector<Point> points = projected(viewport, ring, 2.0);
        if (!box_touches(points, cut)) continue;
        points = clip_ring(std::move(points), cut);
        if (points.size() >= 3) rings.push_back(std::move(points));
      }
    }
    if (rings.empty()) continue;
    const std::string text = country_label(c->iso_a2, c->name);
    const TextMetrics m = measure_text(text, kFont, true);
    const double w = m.width + 8, h = m.ascent + m.descent + 4;
    double best_score = -1;
    CountryLabel best;
    for (double cy = f.y0 + h / 2 + 6; cy <= f.y1 - h / 2 - 6; cy += kStep) {
      for (double cx = f.x0 + w / 2 + 6; cx <= f.x1 - w / 2 - 6; cx += kStep) {
        const Box box{cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2};
        if (!inside_rings(rings, {cx, cy})) continue;
        bool all_in = true;
        for (double u : {box.x0, cx, box.x1}) {
          for (double v : {box.y0, cy, box.y1}) all_in = all_in && inside_rings(rings, {u, v});
        }
        if (!all_in) continue;
        if (std::any_of(taken.begin(), taken.end(), [&](const Box& o) { return o.overlaps(box); })) continue;
        double score = 1e9;
        for (const Point& p : busy) {
          const double dx = std::max({box.x0 - p.x, 0.0, p.x - box.x1}), dy = std::max({box.y0 - p.y, 0.0, p.y - box.y1});
          score = std::min(score, std::hypot(dx, dy));
          if (score <= best_score) break;
        }
        if (score > best_score) {
          best_score = score;
          best = {text, {cx - m.width / 2, cy + (m.ascent - m.descent) / 2}, box};
        }
      }
    }
    if (best_score >= kMinClearance) {
      taken.push_back(best.box);
      out.push_back(best);
    }
  }
  return out;
}

}  // namespace borderflow::print_map
