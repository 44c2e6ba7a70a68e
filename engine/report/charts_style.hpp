#pragma once
// What every chart of the report shares, so that scenario charts (report/charts.cpp) and sweep
// charts (site/sweep_charts.cpp) look alike: the Vega-Lite v6 skeleton (width "container", so the
// page sizes the chart; fonts; axis and legend styles), one colour per series that stays the
// same from chart to chart, and numbers made safe for JSON (no NaN, rounded so output bytes do
// not depend on round-off).
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace borderflow::charts {

inline constexpr const char* kVegaLiteSchema = "https://vega.github.io/schema/vega-lite/v6.json";

/// Series colours, told apart with the common colour-vision deficiencies; series i takes
/// colour i modulo the list.
const std::vector<std::string>& series_colours();
/// Gains and losses in diverging charts.
inline constexpr const char* kGainColour = "#1a9850";
inline constexpr const char* kLossColour = "#d73027";
inline constexpr const char* kNeutralColour = "#9e9e9e";

/// A colour scale whose domain is `names` in order, each with series_colours()[i].
nlohmann::json colour_scale(const std::vector<std::string>& names);

/// A single- or layered-view spec: $schema, width "container", `height` (a number of pixels, or
/// {"step": n} for a discrete axis), `description` (read by screen readers), the shared config,
/// and `values` as inline data. The caller adds mark/encoding or layer.
nlohmann::json base_spec(const std::string& description, nlohmann::json values, nlohmann::json height);

/// `value` rounded to `decimals`, or null when it is not finite (JSON has no NaN or infinity).
nlohmann::json number(double value, int decimals);

/// An id fragment from free text: lower case letters and digits, other runs turned into one '-'.
std::string slug(const std::string& text);

/// Display names that differ: each name as given ("" becomes "scenario N"), a repeated one
/// suffixed " (2)", " (3)".
std::vector<std::string> distinct_names(const std::vector<std::string>& names);

}  // namespace borderflow::charts
