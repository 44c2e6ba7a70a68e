#pragma once
// The print map's private parts (report/print_map.cpp and print_map_*.cpp), open to the unit
// tests so that they can check what was drawn (label boxes, line widths) without parsing SVG.
//
// Units: the SVG is laid out on a page kPageWidth design units wide (1 unit = 1 px at the default
// width_px), and scaled to width_px by its viewBox, so that a map looks the same at any size.
#include <functional>
#include <string>
#include <vector>

#include "core/markup.hpp"
#include "report/layers.hpp"
#include "report/print_map.hpp"

namespace borderflow::print_map {

inline constexpr double kPageWidth = 1400;
/// Line width of a flow at or above PrintMapOptions::scale_t_per_yr, and of the thinnest flow.
inline constexpr double kMaxFlowWidth = 24;
inline constexpr double kMinFlowWidth = 1.4;
/// A link without routed flow: the network drawn as a hairline.
inline constexpr double kNoFlowWidth = 0.8;
/// A border link shorter than this on the map (or than six radii of its crossing's symbol, when
/// that is longer) is lengthened about its midpoint, so that a bridge of a few hundred metres
/// (Dandong-Sinuiju) shows at any scale.
inline constexpr double kMinBorderLinkLength = 26;

struct Point {
  double x = 0, y = 0;
};

struct Box {
  double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  bool overlaps(const Box& other) const {
    return x0 < other.x1 && other.x0 < x1 && y0 < other.y1 && other.y0 < y1;
  }
  bool inside(const Box& outer) const { return x0 >= outer.x0 && y0 >= outer.y0 && x1 <= outer.x1 && y1 <= outer.y1; }
  double width() const { return x1 - x0; }
  double height() const { return y1 - y0; }
};

/// Lambert conformal conic on the sphere, in km: conformal (shapes and angles kept) and with a
/// scale within 1% of true between its standard parallels, which suits an extent of 20 degrees
/// of latitude better than Mercator (scale off by 40% from Shanghai to Chita) or a cosine-scaled
/// equirectangular (not conformal).
class Conic {
 public:
  Conic(double standard_lat1_deg, double standard_lat2_deg, double origin_lat_deg, double central_lon_deg);
  Point project_km(const LonLat& at) const;  ///< x east, y north
  /// Map scale over true scale at a latitude (1 on the standard parallels).
  double scale_factor(double lat_deg) const;
  double standard_lat1_deg() const { return lat1_deg_; }
  double standard_lat2_deg() const { return lat2_deg_; }

 private:
  double lat1_deg_, lat2_deg_, n_, f_, rho0_, lon0_rad_;
};

/// A map window: a projection, the part of it shown and the page box it is drawn in.
struct Viewport {
  Conic conic;
  double west_km = 0, north_km = 0;  ///< projected coordinates of the frame's top left
  double px_per_km = 1;              ///< page units per projected km
  Box frame;                         ///< on the page
  Point to_page(const LonLat& at) const;
  Point to_page_km(const Point& km) const;
  /// Page units per true km at a latitude, for scale bars.
  double px_per_true_km(double lat_deg) const { return px_per_km * conic.scale_factor(lat_deg); }
};

/// Text widths as the renderer will draw them (DejaVu Sans, measured by cairo).
struct TextMetrics {
  double width = 0, ascent = 0, descent = 0;
};
TextMetrics measure_text(const std::string& text, double font_px, bool bold = false);

/// A name to place next to a point, the higher priority placed first.
struct LabelRequest {
  std::string text;
  Point anchor;
  double clearance = 3;  ///< from the anchor to the text box (the symbol's radius and a gap)
  double font_px = 11;
  bool bold = false;
  double priority = 0;
};

struct PlacedLabel {
  std::string text;
  Box box;           ///< the text's box on the page, halo included
  Point baseline;    ///< where the text starts (text-anchor start)
  double font_px = 11;
  bool bold = false;
  std::string panel;  ///< "main" or "inset"
};

/// Greedy placement: by priority (then text, then position, so that the result is the same for
/// the same input), each label takes the first of eight positions around its anchor (upper right,
/// lower right, upper left, lower left, right, left, above, below), then of the same eight 2.2
/// times further out, whose box stays inside `frame` and overlaps no obstacle and no label
/// placed before it; a label with no such position is left out and its text returned in `dropped`.
std::vector<PlacedLabel> place_labels(std::vector<LabelRequest> requests, const std::vector<Box>& obstacles,
                                      const Box& frame, std::vector<std::string>& dropped);

/// The region's countries from the embedded Natural Earth extract.
struct Country {
  std::string iso_a2, name;
  std::vector<std::vector<std::vector<LonLat>>> polygons;  ///< polygons of rings (exterior first)
};
const std::vector<Country>& basemap_countries();

/// SVG for the basemap in a viewport: sea, land tinted by country, coastlines and country
/// borders (an edge shared by two countries' rings), cut to the frame.
std::string draw_basemap(const Viewport& viewport, const std::string& clip_id);

/// Where each country's name fits on the map, away from `busy` page points; empty boxes for
/// countries whose name fits nowhere.
struct CountryLabel {
  std::string text;
  Point baseline;
  Box box;
};
std::vector<CountryLabel> place_country_labels(const Viewport& viewport, const std::vector<Point>& busy,
                                               const std::vector<Box>& obstacles);

/// A link direction as drawn.
struct DrawnLink {
  std::string link_id, direction, mode, status, panel;  ///< panel "main", "inset A", ...
  double flow_t_per_yr = 0;
  double width = 0;  ///< page units
  bool binding = false;
  std::vector<Point> line;  ///< its centre line on the page, offset to its right-hand side
};

/// A crossing symbol as drawn.
struct DrawnCrossing {
  std::string crossing_id, status, panel;
  std::string fill;  ///< the symbol's colour (utilisation class or status)
  Point at;
  double radius = 0;
};

struct DrawnMap {
  std::string svg;
  double page_height = 0;  ///< design units; the page is kPageWidth wide
  std::vector<PlacedLabel> labels;
  std::vector<std::string> dropped_labels;
  std::vector<DrawnLink> links;
  std::vector<DrawnCrossing> crossings;
  std::size_t insets = 0;  ///< drawn in the side panel (Tumen/Rason, Dandong/Sinuiju)
};

/// Line width of a flow on the fixed scale: linear up to scale_t_per_yr (kMaxFlowWidth there and
/// above), at least kMinFlowWidth for any flow, kNoFlowWidth for none.
double flow_width(double flow_t_per_yr, double scale_t_per_yr);

/// std::invalid_argument, saying what is expected, when scale_t_per_yr is not a positive number
/// or width_px is outside 200-8,000 px.
DrawnMap draw_print_map(const MapLayers& layers, const PrintMapOptions& options);

/// PNG bytes of an SVG document drawn by librsvg on a cairo image of width x height px.
std::string svg_to_png(const std::string& svg, double width_px, double height_px);

/// The label a place gets on the map: its name up to " (" or ",", without a trailing kind word
/// ("Karymskaya junction" -> "Karymskaya", "Vostochny port" -> "Vostochny").
std::string map_place_label(const std::string& name);

/// A page coordinate with one decimal ("12.3"; never "-0.0").
std::string coord(double value);

}  // namespace borderflow::print_map
