#include "report/charts_style.hpp"

#include <cmath>
#include <map>

namespace borderflow::charts {

using nlohmann::json;

const std::vector<std::string>& series_colours() {
  // Blue, orange, bluish green, vermillion, sky blue, reddish purple, yellow, grey: a palette
  // chosen to stay distinct for deuteranopia and protanopia, the first two the most contrasting
  // because most reports compare two scenarios or two worlds.
  static const std::vector<std::string> colours = {"#0072b2", "#e69f00", "#009e73", "#d55e00",
                                                   "#56b4e9", "#cc79a7", "#f0e442", "#666666"};
  return colours;
}

json colour_scale(const std::vector<std::string>& names) {
  json range = json::array();
  for (std::size_t i = 0; i < names.size(); ++i) range.push_back(series_colours()[i % series_colours().size()]);
  return {{"domain", names}, {"range", range}};
}

json base_spec(const std::string& description, json values, json height) {
  return {{"$schema", kVegaLiteSchema},
          {"description", description},
          {"width", "container"},
          {"height", std::move(height)},
          {"autosize", {{"type", "fit-x"}, {"contains", "padding"}}},
          {"data", {{"values", std::move(values)}}},
          {"config",
           {{"font", "DejaVu Sans, Verdana, sans-serif"},
            {"axis", {{"labelFontSize", 11}, {"titleFontSize", 12}, {"labelLimit", 320}, {"gridColor", "#e4e4e4"}}},
            {"legend", {{"labelFontSize", 11}, {"titleFontSize", 12}, {"orient", "bottom"}, {"labelLimit", 320}}},
            {"view", {{"stroke", nullptr}}}}}};
}

json number(double value, int decimals) {
  if (!std::isfinite(value)) return nullptr;
  const double scale = std::pow(10.0, decimals);
  const double r = std::round(value * scale) / scale;
  return r == 0 ? 0.0 : r;  // no -0
}

std::string slug(const std::string& text) {
  std::string out;
  for (char c : text) {
    const char lower = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    if ((lower >= 'a' && lower <= 'z') || (lower >= '0' && lower <= '9')) out += lower;
    else if (!out.empty() && out.back() != '-') out += '-';
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out;
}

std::vector<std::string> distinct_names(const std::vector<std::string>& names) {
  std::vector<std::string> out;
  std::map<std::string, int> seen;
  for (std::size_t i = 0; i < names.size(); ++i) {
    const std::string name = names[i].empty() ? "scenario " + std::to_string(i + 1) : names[i];
    const int n = ++seen[name];
    out.push_back(n == 1 ? name : name + " (" + std::to_string(n) + ")");
  }
  return out;
}

}  // namespace borderflow::charts
