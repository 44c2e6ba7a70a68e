#include "core/quantity.hpp"

#include <utility>
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
      {Dimension::Duration, "week", 168.0, Needs::Nothing},
      {Dimension::Speed, "km/h", 1.0, Needs::Nothing},
      {Dimension::CostPerTonne, "USD/t", 1.0, Needs::Nothing},
      // USD per barrel times barrels per tonne is USD per tonne: the factor multiplies by bbl_per_t.
      {Dimension::CostPerTonne, "USD/bbl", 1.0, Needs::Barrels},
      {Dimension::CostPerTonneKm, "USD/t-km", 1.0, Needs::Nothing},
      {Dimension::Mass, "t", 1.0, Needs::Nothing},
      {Dimension::Mass, "kt", 1e3, Needs::Nothing},
      {Dimension::Mass, "Mt", 1e6, Needs::Nothing},
      {Dimension::CostPerTonneDay, "USD/t/day", 1.0, Needs::Nothing},
      {Dimension::CostPerTonneDay, "USD/t/week", 1.0 / 7.0, Needs::Nothing},
      {Dimension::CostPerTonneDay, "USD/t/month", kMonthsPerYear / kDaysPerYear, Needs::Nothing},
      {Dimension::CostPerTonneDay, "USD/t/yr", 1.0 / kDaysPerYear, Needs::Nothing},
  };
  return table;
}

/// The periods a vehicle rate may be written per, and how many of each a year has.
struct VehiclePeriod {
  std::string_view name;
  double per_year;
};
constexpr VehiclePeriod kVehiclePeriods[] = {{"day", kDaysPerYear}, {"month", kMonthsPerYear}, {"yr", 1.0}};

/// "train/day" or "trains/day": the index of the vehicle and the periods per year, if `unit` names one.
std::optional<std::pair<int, double>> vehicle_rate(std::string_view unit, const std::vector<VehicleUnit>& vehicles) {
  const auto slash = unit.rfind('/');
  if (slash == std::string_view::npos) return std::nullopt;
  const std::string_view noun = unit.substr(0, slash);
  const std::string_view period = unit.substr(slash + 1);
  for (std::size_t v = 0; v < vehicles.size(); ++v) {
    const std::string& id = vehicles[v].id;
    if (noun != id && noun != id + "s") continue;
    for (const auto& p : kVehiclePeriods) {
      if (period == p.name) return std::make_pair(static_cast<int>(v), p.per_year);
    }
  }
  return std::nullopt;
}

/// Every unit a FlowRate may be written in here, for did-you-mean: the table's and the vehicles'.
std::vector<std::string> candidate_units(Dimension dimension, const UnitContext& context) {
  std::vector<std::string> out;
  for (const auto& rule : rules()) {
    if (rule.dimension == dimension) out.emplace_back(rule.unit);
  }
  if (dimension != Dimension::FlowRate) return out;
  for (const auto& vehicle : context.vehicles) {
    for (const auto& p : kVehiclePeriods) {
      out.push_back(vehicle.id + "/" + std::string(p.name));
      out.push_back(vehicle.id + "s/" + std::string(p.name));
    }
  }
  return out;
}

/// "unknown unit 'X'", then a did-you-mean, or the accepted units (with the vehicles' forms).
std::string unknown_unit(std::string_view unit, Dimension dimension, const UnitContext& context) {
  std::string message = "unknown unit '" + std::string(unit) + "'";
  if (const auto hint = closest_match(unit, candidate_units(dimension, context))) {
    return message + "; did you mean '" + *hint + "'?";
  }
  message += "; accepted: " + accepted_units(dimension);
  if (dimension == Dimension::FlowRate && !context.vehicles.empty()) {
    message += "; or in vehicles:";
    for (std::size_t v = 0; v < context.vehicles.size(); ++v) {
      message += std::string(v ? "," : "") + " " + context.vehicles[v].id + "[s]/day|month|yr";
    }
  }
  return message;
}

std::string not_decimal(std::string_view text) {
  return "'" + std::string(text) + "' is not a plain decimal number (no hex, octal, '_', inf or nan)";
}

/// A Count: a plain number, no unit.
QuantityParse parse_count(std::string_view text) {
  if (const auto number = parse_decimal(text)) return {number, {}};
  if (text.find(' ') != std::string_view::npos && parse_decimal(text.substr(0, text.find(' ')))) {
    return {std::nullopt, "a count is a plain number without unit, e.g. 4; got '" + std::string(text) + "'"};
  }
  return {std::nullopt, not_decimal(text)};
}

QuantityParse barrels_only(std::string_view unit) {
  return {std::nullopt,
          "barrel units only here (this rate is counted in barrels throughout): write bbl/day, bbl/yr, kbbl/yr or "
          "Mbbl/yr, not '" + std::string(unit) + "'"};
}

std::string needs_fact(std::string_view unit, const std::string& fact, const UnitContext& context) {
  return "unit '" + std::string(unit) + "' needs exactly one commodity that defines " + fact +
         (context.commodity_id.empty() ? std::string(" (on a link: commodities: [ID]); or write tonnes")
                                       : " ('" + context.commodity_id + "' has none)");
}

/// A unit of the table: converts `number`, or says which commodity fact is missing.
QuantityParse apply_rule(const UnitRule& rule, double number, Dimension dimension, const UnitContext& context) {
  double value = number * rule.factor;
  const bool flow_in_barrels = dimension == Dimension::FlowRate && context.in_barrels;
  if (flow_in_barrels && rule.needs != Needs::Barrels) {
    return barrels_only(rule.unit);
  }
  if (rule.needs == Needs::Barrels && flow_in_barrels) return {value, {}, -1, true};
  if (rule.needs == Needs::Barrels) {
    if (!context.bbl_per_t) return {std::nullopt, needs_fact(rule.unit, "bbl_per_t", context)};
    // USD per barrel times barrels per tonne is USD per tonne.
    value = dimension == Dimension::CostPerTonne ? value * *context.bbl_per_t : value / *context.bbl_per_t;
    return {value, {}, -1, true};
  }
  if (rule.needs == Needs::Teu) {
    if (!context.t_per_teu) return {std::nullopt, needs_fact(rule.unit, "t_per_teu", context)};
    value *= *context.t_per_teu;
  }
  return {value, {}};
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
    case Dimension::Mass: return "t";
    case Dimension::CostPerTonneDay: return "USD/t/day";
    case Dimension::Count: return "";
  }
  return "";
}

std::string accepted_units(Dimension dimension) {
  if (dimension == Dimension::Count) return "a plain number, no unit";
  std::string out;
  for (const auto& rule : rules()) {
    if (rule.dimension != dimension) continue;
    if (!out.empty()) out += ", ";
    out += rule.unit;
  }
  return out;
}

bool is_builtin_unit_word(std::string_view id) {
  for (const auto& rule : rules()) {
    if (rule.unit.substr(0, rule.unit.find('/')) == id) return true;
  }
  return false;
}

QuantityParse parse_quantity(std::string_view text, Dimension dimension, const UnitContext& context) {
  if (dimension == Dimension::Count) return parse_count(text);
  const auto space = text.find(' ');
  if (space == std::string_view::npos) {
    if (parse_decimal(text)) {
      return {std::nullopt, "missing unit: write the number with one of " + accepted_units(dimension)};
    }
    const char first = text.empty() ? ' ' : text.front();
    if ((first >= '0' && first <= '9') || first == '-' || first == '+' || first == '.') {
      // "0x1F", ".inf", "1_000": a number the strict grammar rejects, not a missing unit.
      return {std::nullopt, not_decimal(text)};
    }
    return {std::nullopt, "expected a number and a unit (" + accepted_units(dimension) + "), got '" +
                              std::string(text) + "'"};
  }
  const std::string_view number_text = text.substr(0, space);
  std::string_view unit = text.substr(space + 1);
  while (!unit.empty() && unit.front() == ' ') unit.remove_prefix(1);
  const auto number = parse_decimal(number_text);
  if (!number) return {std::nullopt, not_decimal(number_text)};
  for (const auto& rule : rules()) {
    if (rule.dimension == dimension && rule.unit == unit) return apply_rule(rule, *number, dimension, context);
  }
  if (dimension == Dimension::FlowRate) {
    if (const auto rate = vehicle_rate(unit, context.vehicles)) {
      if (context.in_barrels) {
        return barrels_only(unit);
      }
      const double payload_t = context.vehicles[static_cast<std::size_t>(rate->first)].payload_t;
      return {*number * payload_t * rate->second, {}, rate->first, false};
    }
  }
  return {std::nullopt, unknown_unit(unit, dimension, context)};
}

}  // namespace borderflow
