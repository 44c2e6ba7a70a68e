#include "report/print_map.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <stdexcept>

#include "core/text.hpp"
#include "report/labels.hpp"

namespace borderflow {
namespace {

// Placeholder until the print map lands (issue 12, print-map helper): the plain SVG map that
// report/map.cpp drew before it became GIS tables only, moved here unchanged.

/// Routed flow per link, both directions and all of the routing's classes summed.
std::vector<double> link_flows(const Network& network, const ScenarioAnswer& answer) {
  std::vector<double> flow(network.scenario().links.size(), 0.0);
  const std::vector<double> arc_t_per_yr = total_arc_flows(answer.routing.solution, network.arcs().size());
  for (const auto& arc : network.arcs()) {
    if (arc.kind == ArcKind::Link) flow[static_cast<std::size_t>(arc.element)] += arc_t_per_yr[static_cast<std::size_t>(arc.index)];
  }
  return flow;
}

std::string escape_xml(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

/// Why the map shows no routed flow although the scenario has demands; empty when it routed them.
std::string routing_note(const SolvedScenario& solved) {
  if (solved.scenario().demands.empty()) return {};
  return status_sentence(solved.answer.routing.status);
}

}  // namespace

std::string render_svg_map(const SolvedScenario& solved, const PrintMapOptions&) {
  const Network& network = solved.network;
  const ScenarioAnswer& answer = solved.answer;
  const Scenario& s = network.scenario();
  const auto flows = link_flows(network, answer);
  double min_lon = 1e9, max_lon = -1e9, min_lat = 1e9, max_lat = -1e9;
  for (const Place& p : s.places) {
    min_lon = std::min(min_lon, p.lon_deg);
    max_lon = std::max(max_lon, p.lon_deg);
    min_lat = std::min(min_lat, p.lat_deg);
    max_lat = std::max(max_lat, p.lat_deg);
  }
  const double margin = 0.5;
  min_lon -= margin, max_lon += margin, min_lat -= margin, max_lat += margin;
  // Equirectangular with the x scale shrunk by cos(mean latitude): fine at this extent.
  const double aspect = std::cos((min_lat + max_lat) / 2 * M_PI / 180.0);
  const double width = 1200;
  const double height = std::max(300.0, width * (max_lat - min_lat) / ((max_lon - min_lon) * aspect));
  const double label_room = 140;  // keeps the labels of the easternmost places on the canvas
  auto x = [&](double lon) { return (lon - min_lon) / (max_lon - min_lon) * (width - label_room); };
  auto y = [&](double lat) { return (max_lat - lat) / (max_lat - min_lat) * height; };
  const double max_flow = std::max(1.0, *std::max_element(flows.begin(), flows.end()));
  const std::map<Mode, std::string> colour = {
      {Mode::Rail, "#1f4e9c"}, {Mode::Road, "#c0392b"}, {Mode::Sea, "#16a085"}, {Mode::Pipeline, "#7d3c98"}};
  std::string out = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + format_fixed(width, 0) + "\" height=\"" +
                    format_fixed(height + 60, 0) + "\" font-family=\"sans-serif\" font-size=\"10\">\n";
  out += "<rect width=\"100%\" height=\"100%\" fill=\"#fbfbf8\"/>\n";
  out += "<text x=\"10\" y=\"" + format_fixed(height + 20, 0) + "\" font-size=\"13\">" + escape_xml(s.name) +
         ": links by mode (rail blue, road red, sea green, pipeline purple); width = routed demand, dashed = closed; "
         "squares = border crossings</text>\n";
  out += "<text x=\"10\" y=\"" + format_fixed(height + 40, 0) + "\" font-size=\"11\">max routed flow on one link: " +
         format_grouped(max_flow) + " t/yr" +
         (routing_note(solved).empty() ? "" : "; demand routing " + escape_xml(routing_note(solved))) + "</text>\n";
  for (std::size_t l = 0; l < s.links.size(); ++l) {
    const Link& link = s.links[l];
    const Place& a = s.places[static_cast<std::size_t>(link.from)];
    const Place& b = s.places[static_cast<std::size_t>(link.to)];
    const double w = 1.0 + 9.0 * flows[l] / max_flow;
    out += "<line x1=\"" + format_fixed(x(a.lon_deg), 1) + "\" y1=\"" + format_fixed(y(a.lat_deg), 1) + "\" x2=\"" +
           format_fixed(x(b.lon_deg), 1) + "\" y2=\"" + format_fixed(y(b.lat_deg), 1) + "\" stroke=\"" +
           colour.at(link.mode) + "\" stroke-opacity=\"0.8\" stroke-width=\"" + format_fixed(w, 1) + "\"" +
           (network.link_open(static_cast<int>(l)) ? "" : " stroke-dasharray=\"4 3\"") + "><title>" +
           escape_xml(link.id + ": " + link.name + ", routed " + format_grouped(flows[l]) + " t/yr") + "</title></line>\n";
    if (link.crossing >= 0) {
      const double mx = (x(a.lon_deg) + x(b.lon_deg)) / 2, my = (y(a.lat_deg) + y(b.lat_deg)) / 2;
      out += "<rect x=\"" + format_fixed(mx - 3, 1) + "\" y=\"" + format_fixed(my - 3, 1) +
             "\" width=\"6\" height=\"6\" fill=\"none\" stroke=\"#333\"/>\n";
    }
  }
  for (const Place& p : s.places) {
    out += "<circle cx=\"" + format_fixed(x(p.lon_deg), 1) + "\" cy=\"" + format_fixed(y(p.lat_deg), 1) +
           "\" r=\"2.5\" fill=\"#222\"><title>" + escape_xml(p.id + " " + p.name) + "</title></circle>\n";
    out += "<text x=\"" + format_fixed(x(p.lon_deg) + 4, 1) + "\" y=\"" + format_fixed(y(p.lat_deg) - 3, 1) +
           "\" fill=\"#444\">" + escape_xml(p.id) + "</text>\n";
  }
  out += "</svg>\n";
  return out;
}

std::string render_png_map(const SolvedScenario&, const PrintMapOptions&) {
  throw std::logic_error("PNG maps are not built yet");
}

}  // namespace borderflow
