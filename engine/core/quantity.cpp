#include "core/quantity.hpp"

#include <vector>

#include "core/text.hpp"

namespace borderflow {
namespace {

enum class Needs { Nothing, Barrels, Teu };

struct UnitRule {
  Dimension dimension;
  std::string_view unit;
  double factor;  ///< internal = number * factor (divided by bbl_per_t or multiplied by t_per_teu)
  Needs needs;
};

constexpr double kMonthsPerYear = 12.0;

const std::vector<UnitRule>& rules() {
  static const std::vector<UnitRule> table = {
      {Dimension::FlowRate, "t/yr", 1.0, Needs::Nothing},
      {Dimension::FlowRate, "kt/yr", 1e3, Needs::Nothing},
      {Dimension::FlowRate, "Mt/yr", 1e6, Needs::Nothing},
      {Dimension::FlowRate, "t/day", kDaysPerYear, Needs::Nothing},
      {Dimension::FlowRate, "kt/day", 1e3 * kDaysPerYear, Needs::Nothing},
      {Dimension::FlowRate, "t/month", kMonthsPerYear, Needs::Nothing},
      {Dimension::FlowRate, "bbl/day", kDaysPerYear, Needs::Barrels},
      {Dimension::FlowRate, "bbl/yr", 1.0, Needs::Barrels},
      {Dimension::FlowRate, "kbbl/yr", 1e3, Needs::Barrels},
      {Dimension::FlowRate, "Mbbl/yr", 1e6, Needs::Barrels},
      {Dimension::FlowRate, "TEU/yr", 1.0, Needs::Teu},
      {Dimension::FlowRate, "TEU/day", kDaysPerYear, Needs::Teu},
      {Dimension::Length, "km", 1.0, Needs::Nothing},
      {Dimension::Length, "m", 1e-3, Needs::Nothing},
      {Dimension::Duration, "h", 1.0, Needs::Nothing},
      {Dimension::Duration, "min", 1.0 / 60.0, Needs::Nothing},
      {Dimension::Duration, "day", 24.0, Needs::Nothing},
      {Dimension::Speed, "km/h", 1.0, Needs::Nothing},
      {Dimension::CostPerTonne, "USD/t", 1.0, Needs::Nothing},
      // USD per barrel times barrels per tonne is USD per tonne: the factor multiplies by bbl_per_t.
      {Dimension::CostPerTonne, "USD/bbl", 1.0, Needs::Barrels},
      {Dimension::CostPerTonneKm, "USD/t-km", 1.0, Needs::Nothing},
  };
  return table;
}

}  // namespace

std::string_view internal_unit(Dimension dimension) {
  switch (dimension) {
    case Dimension::FlowRate: return "t/yr";
    case Dimension::Length: return "km";
    case Dimension::Duration: return "h";
    case Dimension::Speed: return "km/h";
    case Dimension::CostPerTonne: return "USD/t";
    case Dimension::CostPerTonneKm: return "USD/t-km";
  }
  return "";
}

std::string accepted_units(Dimension dimension) {
  std::string out;
  for (const auto& rule : rules()) {
    if (rule.dimension != dimension) continue;
    if (!out.empty()) out += ", ";
    out += rule.unit;
  }
  return out;
}

QuantityParse parse_quantity(std::string_view text, Dimension dimension, const UnitContext& context) {
  const auto space = text.find(' ');
  if (space == std::string_view::npos) {
    if (parse_decimal(text)) {
      return {std::nullopt, "missing unit: write the number with one of " + accepted_units(dimension)};
    }
    const char first = text.empty() ? ' ' : text.front();
    if ((first >= '0' && first <= '9') || first == '-' || first == '+' || first == '.') {
      // "0x1F", ".inf", "1_000": a number the strict grammar rejects, not a missing unit.
      return {std::nullopt, "'" + std::string(text) + "' is not a plain decimal number (no hex, octal, '_', inf or nan)"};
    }
    return {std::nullopt, "expected a number and a unit (" + accepted_units(dimension) + "), got '" +
                              std::string(text) + "'"};
  }
  const std::string_view number_text = text.substr(0, space);
  std::string_view unit = text.substr(space + 1);
  while (!unit.empty() && unit.front() == ' ') unit.remove_prefix(1);
  const auto number = parse_decimal(number_text);
  if (!number) {
    return {std::nullopt, "'" + std::string(number_text) +
                              "' is not a plain decimal number (no hex, octal, '_', inf or nan)"};
  }
  for (const auto& rule : rules()) {
    if (rule.dimension != dimension || rule.unit != unit) continue;
    double value = *number * rule.factor;
    if (rule.needs == Needs::Barrels) {
      if (!context.bbl_per_t) {
        return {std::nullopt, "unit '" + std::string(unit) + "' needs exactly one commodity that defines bbl_per_t" +
                                  (context.commodity_id.empty()
                                       ? std::string(" (on a link: commodities: [ID]); or write tonnes")
                                       : " ('" + context.commodity_id + "' has none)")};
      }
      value = dimension == Dimension::CostPerTonne ? value * *context.bbl_per_t : value / *context.bbl_per_t;
    } else if (rule.needs == Needs::Teu) {
      if (!context.t_per_teu) {
        return {std::nullopt, "unit '" + std::string(unit) + "' needs exactly one commodity that defines t_per_teu" +
                                  (context.commodity_id.empty()
                                       ? std::string(" (on a link: commodities: [ID]); or write tonnes")
                                       : " ('" + context.commodity_id + "' has none)")};
      }
      value *= *context.t_per_teu;
    }
    return {value, {}};
  }
  return {std::nullopt, "unknown unit '" + std::string(unit) + "'; accepted: " + accepted_units(dimension)};
}

}  // namespace borderflow
