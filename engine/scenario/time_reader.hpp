#pragma once
// Readers of the time fields of a scenario (engine/scenario/time.hpp), shared by the loader's
// sections: the horizon, an element's availability (`closed:`, `season:`, `opens:`, `ramp:`),
// a place's storage and a demand's profile and backlog. Each reports through the Reader (file,
// line, column and what was expected) and returns what it could read.
#include <optional>
#include <vector>

#include "input/reader.hpp"
#include "scenario/time.hpp"

namespace borderflow {

/// `time: {start: 2020-01-01, periods: 36, period: month}`.
std::optional<Horizon> read_horizon(Reader& reader, const Field& node);

/// A date written YYYY-MM-DD.
std::optional<Date> read_date(Reader& reader, const Field& field);

/// The time fields of a link, transfer or crossing; each may be absent (null).
struct AvailabilityFields {
  const Field* closed = nullptr;
  const Field* season = nullptr;
  const Field* opens = nullptr;
  const Field* ramp = nullptr;
  bool any() const { return closed || season || opens || ramp; }
  /// The first field given, for messages.
  const Field* first() const { return closed ? closed : season ? season : opens ? opens : ramp; }
};
Availability read_availability(Reader& reader, const AvailabilityFields& fields);

/// `storage: {capacity: 200 kt, cost: 0.5 USD/t/month}`.
std::optional<Storage> read_storage(Reader& reader, const Field& node);

/// `monthly_profile: [12 weights]`: not negative, not all zero.
std::vector<double> read_monthly_profile(Reader& reader, const Field& node);

/// `per_period: [100 kt, ...]`: exactly `periods` masses (tonnes).
std::vector<double> read_per_period(Reader& reader, const Field& node, int periods);

/// `backlog: {cost: 2 USD/t/month}`: the lateness cost per tonne per day.
std::optional<double> read_backlog(Reader& reader, const Field& node);

/// `months: [12, 1, 2]`: month numbers 1..12, sorted and unique.
std::vector<int> read_months(Reader& reader, const Field& node);

}  // namespace borderflow
