#include "input/range.hpp"

#include <algorithm>
#include <cmath>

#include "input/reader.hpp"

namespace borderflow {

const std::vector<std::string>& distribution_names() {
  static const std::vector<std::string> names = {"uniform", "loguniform", "triangular"};
  return names;
}

std::string to_string(Distribution distribution) {
  return distribution_names()[static_cast<std::size_t>(distribution)];
}

double RangeSpec::nominal() const {
  if (distribution == Distribution::Triangular) return mode;
  if (distribution == Distribution::LogUniform && low > 0) return std::sqrt(low * high);
  return (low + high) / 2;
}

std::optional<RangeSpec> read_range(Reader& reader, const Field& node, const Mapping& mapping, Dimension dimension,
                                    const UnitContext& context, Sign sign) {
  const Field& range = mapping.find("range")->value;
  if (!range.node.IsSequence() || range.node.size() != 2) {
    reader.error(range, "range: expects [LOW, HIGH], e.g. [3 Mt/yr, 6 Mt/yr]");
    return std::nullopt;
  }
  const auto low = reader.quantity(Reader::item(range, 0), dimension, context, sign);
  const auto high = reader.quantity(Reader::item(range, 1), dimension, context, sign);
  if (!low || !high) return std::nullopt;
  if (*low > *high) {
    reader.error(range, "range: LOW is above HIGH");
    return std::nullopt;
  }
  RangeSpec out;
  out.low = *low;
  out.high = *high;
  out.mode = (*low + *high) / 2;
  if (const Entry* distribution = mapping.find("distribution")) {
    const auto name = reader.choice(distribution->value, distribution_names(), "a distribution");
    if (!name) return std::nullopt;
    const auto& names = distribution_names();
    out.distribution = static_cast<Distribution>(std::find(names.begin(), names.end(), *name) - names.begin());
  }
  if (out.distribution == Distribution::LogUniform && !(out.low > 0)) {
    reader.error(range, "a loguniform range needs LOW above zero");
    return std::nullopt;
  }
  const Entry* mode = mapping.find("mode");
  if (mode && out.distribution != Distribution::Triangular) {
    reader.sink().error(mode->key_where, "'mode' applies to distribution: triangular", mode->value.path);
  } else if (mode) {
    if (auto m = reader.quantity(mode->value, dimension, context, sign)) {
      if (*m < out.low || *m > out.high) reader.error(mode->value, "mode lies outside the range");
      out.mode = *m;
    }
  } else if (out.distribution == Distribution::Triangular) {
    reader.error(node, "a triangular distribution needs 'mode'");
  }
  return out;
}

}  // namespace borderflow
