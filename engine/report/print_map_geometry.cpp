// The print map's geometry and names: the projection, text measurement and label placement.
#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <mutex>
#include <tuple>

#include "core/geo_module.hpp"
#include "core/text.hpp"
#include "report/print_map_draw.hpp"

namespace borderflow::print_map {
namespace {

constexpr double kEarthRadiusKm = 6371.0;
constexpr double kDegree = M_PI / 180.0;

double clamp_lat(double lat_deg) { return std::clamp(lat_deg, -84.0, 84.0); }

double tan_half(double lat_rad) { return std::tan(M_PI / 4 + lat_rad / 2); }

}  // namespace

Conic::Conic(double standard_lat1_deg, double standard_lat2_deg, double origin_lat_deg, double central_lon_deg)
    : lat1_deg_(clamp_lat(standard_lat1_deg)), lat2_deg_(clamp_lat(standard_lat2_deg)) {
  const double p1 = lat1_deg_ * kDegree, p2 = lat2_deg_ * kDegree;
  n_ = std::abs(p1 - p2) < 1e-6 ? std::sin(p1) : std::log(std::cos(p1) / std::cos(p2)) / std::log(tan_half(p2) / tan_half(p1));
  // A cone symmetric about the equator degenerates (n = 0); a nearly flat one draws the same.
  if (std::abs(n_) < 1e-3) n_ = n_ < 0 ? -1e-3 : 1e-3;
  f_ = std::cos(p1) * std::pow(tan_half(p1), n_) / n_;
  rho0_ = kEarthRadiusKm * f_ / std::pow(tan_half(clamp_lat(origin_lat_deg) * kDegree), n_);
  lon0_rad_ = central_lon_deg * kDegree;
}

Point Conic::project_km(const LonLat& at) const {
  const double rho = kEarthRadiusKm * f_ / std::pow(tan_half(clamp_lat(at.lat_deg) * kDegree), n_);
  const double theta = n_ * (at.lon_deg * kDegree - lon0_rad_);
  return {rho * std::sin(theta), rho0_ - rho * std::cos(theta)};
}

double Conic::scale_factor(double lat_deg) const {
  const double p = clamp_lat(lat_deg) * kDegree;
  const double rho = kEarthRadiusKm * f_ / std::pow(tan_half(p), n_);
  return n_ * rho / (kEarthRadiusKm * std::cos(p));
}

Point Viewport::to_page_km(const Point& km) const {
  return {frame.x0 + (km.x - west_km) * px_per_km, frame.y0 + (north_km - km.y) * px_per_km};
}

Point Viewport::to_page(const LonLat& at) const { return to_page_km(conic.project_km(at)); }

TextMetrics measure_text(const std::string& text, double font_px, bool bold) {
  // Measured once per text and size; cairo is not thread-safe, hence the lock.
  static std::mutex mutex;
  static std::map<std::tuple<std::string, double, bool>, TextMetrics> cache;
  const std::lock_guard<std::mutex> lock(mutex);
  const auto key = std::make_tuple(text, font_px, bold);
  if (auto found = cache.find(key); found != cache.end()) return found->second;
  // cairo measures, in the GIS module (core/geo_module.hpp); loaded here if not yet.
  const geo::TextExtents extents = geo::module().measure_text(text, font_px, bold);
  const TextMetrics metrics{extents.width, extents.ascent, extents.descent};
  cache.emplace(key, metrics);
  return metrics;
}

std::vector<PlacedLabel> place_labels(std::vector<LabelRequest> requests, const std::vector<Box>& obstacles,
                                      const Box& frame, std::vector<std::string>& dropped) {
  std::stable_sort(requests.begin(), requests.end(), [](const LabelRequest& a, const LabelRequest& b) {
    return std::tie(b.priority, a.text, a.anchor.x, a.anchor.y) < std::tie(a.priority, b.text, b.anchor.x, b.anchor.y);
  });
  constexpr double kHalo = 1.5;  // the white outline drawn around every name
  std::vector<PlacedLabel> placed;
  for (const LabelRequest& r : requests) {
    const TextMetrics m = measure_text(r.text, r.font_px, r.bold);
    const double w = m.width, a = m.ascent, d = m.descent;
    const double c = r.clearance, diag = r.clearance * 0.75;
    const double middle = r.font_px * 0.35;  // baseline below the anchor that centres lower-case letters on it
    const Point p = r.anchor;
    // Baselines of the eight positions, in order of preference (Imhof's: upper right first).
    // Then the same eight a little further out, clear of a symbol beside the place.
    std::vector<Point> baselines;
    for (const double k : {1.0, 2.2}) {
      const double ck = c * k, dk = diag * k;
      for (const Point& b : std::array<Point, 8>{{{p.x + dk, p.y - dk - d},
                                                  {p.x + dk, p.y + dk + a},
                                                  {p.x - dk - w, p.y - dk - d},
                                                  {p.x - dk - w, p.y + dk + a},
                                                  {p.x + ck, p.y + middle},
                                                  {p.x - ck - w, p.y + middle},
                                                  {p.x - w / 2, p.y - ck - d},
                                                  {p.x - w / 2, p.y + ck + a}}}) {
        baselines.push_back(b);
      }
    }
    bool done = false;
    for (const Point& b : baselines) {
      const Box box{b.x - kHalo, b.y - a - kHalo, b.x + w + kHalo, b.y + d + kHalo};
      if (!box.inside(frame)) continue;
      if (std::any_of(obstacles.begin(), obstacles.end(), [&](const Box& o) { return o.overlaps(box); })) continue;
      if (std::any_of(placed.begin(), placed.end(), [&](const PlacedLabel& l) { return l.box.overlaps(box); })) continue;
      placed.push_back({r.text, box, b, r.font_px, r.bold, ""});
      done = true;
      break;
    }
    if (!done) dropped.push_back(r.text);
  }
  return placed;
}

std::string map_place_label(const std::string& name) {
  std::string label = name.substr(0, std::min(name.find(" ("), name.find(',')));
  // Kind words the symbol or the context already says; longer ones first.
  static const char* const kKindWords[] = {" border station", " road checkpoint", " commercial port", " land port",
                                           " rail port", " junction", " station", " port"};
  for (const char* word : kKindWords) {
    const std::string w = word;
    if (label.size() > w.size() + 2 && label.compare(label.size() - w.size(), w.size(), w) == 0) {
      label.erase(label.size() - w.size());
      break;
    }
  }
  return label;
}

std::string coord(double value) {
  if (!std::isfinite(value)) return "0";
  return format_fixed(std::round(value * 10) / 10, 1);
}

}  // namespace borderflow::print_map
