#pragma once
// Quantities are written with units in scenario files ("5 Mt/yr", "0.03 USD/t-km") and
// normalised once, here, to the engine's internal units named in each Dimension.
#include <optional>
#include <string>
#include <string_view>

namespace borderflow {

enum class Dimension {
  FlowRate,        ///< internal: t/yr
  Length,          ///< internal: km
  Duration,        ///< internal: h
  Speed,           ///< internal: km/h
  CostPerTonne,    ///< internal: USD/t
  CostPerTonneKm,  ///< internal: USD/t-km
};

/// Commodity facts that let commodity-specific units (bbl, TEU) convert to tonnes.
struct UnitContext {
  std::optional<double> bbl_per_t;
  std::optional<double> t_per_teu;
  std::string commodity_id;  ///< for messages
};

struct QuantityParse {
  std::optional<double> value;  ///< in the internal unit of the dimension
  std::string error;            ///< set when value is empty
};

inline constexpr double kDaysPerYear = 365.0;

/// Parses "NUMBER UNIT"; errors say which units the dimension accepts.
QuantityParse parse_quantity(std::string_view text, Dimension dimension, const UnitContext& context = {});

/// The internal unit of a dimension, as outputs print it: "t/yr", "km", "h", "km/h", "USD/t", "USD/t-km".
std::string_view internal_unit(Dimension dimension);

/// The units accepted for a dimension, for messages and docs: "t/yr, kt/yr, ...".
std::string accepted_units(Dimension dimension);

}  // namespace borderflow
