#pragma once
// Quantities are written with units in scenario files ("5 Mt/yr", "0.03 USD/t-km", "12 trains/day")
// and normalised once, here, to the engine's internal units named in each Dimension.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace borderflow {

enum class Dimension {
  FlowRate,        ///< internal: t/yr
  Length,          ///< internal: km
  Duration,        ///< internal: h
  Speed,           ///< internal: km/h
  CostPerTonne,    ///< internal: USD/t
  CostPerTonneKm,  ///< internal: USD/t-km
  Mass,            ///< internal: t
  CostPerTonneDay, ///< internal: USD/t/day (storage and lateness: per tonne per day held or late)
  Count,           ///< a plain number written without unit ("count: 4")
};

/// A kind of vehicle flow rates may be written in: "12 trains/day" is 12 * payload_t * 365 t/yr.
struct VehicleUnit {
  std::string id;  ///< singular noun: the unit reads "<id>/day" or "<id>s/day"
  double payload_t = 0;
};

/// What commodity- and vehicle-specific units mean where a quantity is written.
struct UnitContext {
  /// Commodity facts that let bbl and TEU convert to tonnes.
  std::optional<double> bbl_per_t;
  std::optional<double> t_per_teu;
  std::string commodity_id;  ///< for messages
  /// Vehicles a FlowRate may be written in: N <id>[s]/day | /month | /yr.
  std::vector<VehicleUnit> vehicles;
  /// A FlowRate counted in barrels (a cap in bbl/yr over several commodities): barrel units read
  /// as bbl/yr without converting, every other unit is refused.
  bool in_barrels = false;
};

struct QuantityParse {
  std::optional<double> value;  ///< in the internal unit of the dimension (bbl/yr when in_barrels)
  std::string error;            ///< set when value is empty
  int vehicle = -1;             ///< written in vehicles: the index into UnitContext::vehicles
  bool barrels = false;         ///< written in a barrel unit (bbl/day, bbl/yr, kbbl/yr, Mbbl/yr)
};

inline constexpr double kDaysPerYear = 365.0;
inline constexpr double kMonthsPerYear = 12.0;

/// Parses "NUMBER UNIT" (a Count: "NUMBER"); errors say which units the dimension accepts.
QuantityParse parse_quantity(std::string_view text, Dimension dimension, const UnitContext& context = {});

/// The internal unit of a dimension, as outputs print it: "t/yr", "km", "h", "km/h", "USD/t",
/// "USD/t-km", "t"; "" for a Count.
std::string_view internal_unit(Dimension dimension);

/// The units accepted for a dimension, for messages and docs: "t/yr, kt/yr, ..."; for a Count,
/// "a plain number, no unit". Vehicle units are not listed (they depend on the scenario).
std::string accepted_units(Dimension dimension);

/// Whether `id` spells a built-in unit's amount ("t", "bbl", "TEU"): such a vehicle id would make
/// "<id>/day" ambiguous.
bool is_builtin_unit_word(std::string_view id);

}  // namespace borderflow
