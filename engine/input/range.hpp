#pragma once
// The one grammar for a range of values, written the same way on a scenario field and on a
// sweep parameter:
//   range: [LOW, HIGH]                      quantities of the field's Dimension, LOW <= HIGH
//   distribution: uniform | loguniform | triangular    (default uniform; loguniform needs LOW > 0)
//   mode: M                                 triangular only, and then required; LOW <= M <= HIGH
#include <optional>
#include <string>
#include <vector>

#include "core/quantity.hpp"

namespace borderflow {

class Reader;
struct Field;
struct Mapping;
enum class Sign;

/// How a sweep samples a range.
enum class Distribution { Uniform, LogUniform, Triangular };

/// "uniform", "loguniform", "triangular", in enum order.
const std::vector<std::string>& distribution_names();
std::string to_string(Distribution distribution);

struct RangeSpec {
  double low = 0, high = 0;  ///< internal units of the field's Dimension
  double mode = 0;           ///< the given mode (triangular), else the midpoint
  Distribution distribution = Distribution::Uniform;

  /// The value a field takes when only its range is written: the mode of a triangular range,
  /// the geometric mean of a loguniform one, the midpoint of a uniform one.
  double nominal() const;
};

/// Reads range:, distribution: and mode: from `mapping` (the entries of `node`, which has a
/// range: entry). Returns nullopt when no usable range could be read; every problem is reported.
std::optional<RangeSpec> read_range(Reader& reader, const Field& node, const Mapping& mapping, Dimension dimension,
                                    const UnitContext& context, Sign sign);

}  // namespace borderflow
