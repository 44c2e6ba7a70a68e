#pragma once
// One sampled world of a scenario's random disruptions (Scenario::disruptions): the days each
// link, transfer and crossing is closed by them. Sweeps of a time scenario draw one world per
// variant from a seed, so the same seed gives the same closures on every machine and thread
// count (a counter-based SplitMix64 stream, Poisson counts by multiplication of uniforms, no
// standard-library distributions, whose algorithms differ between libraries).
//
// Sampling, per disruption (see Disruption in scenario.hpp):
//   closure:    n ~ Poisson(probability_per_year * E / Y) events, per element (or one draw for
//               all of them when `together`), E = the horizon's days in `months`, Y = the days of
//               those months in a 365-day year; each starts on a day drawn uniformly among
//               those E days and lasts ceil(duration / 24 h) days, duration ~ U[min, max];
//   storm_days: per element and calendar month in `months` overlapping the horizon,
//               n ~ Poisson(days_per_month * D / days of the month) days drawn without
//               replacement among the month's D days inside the horizon.
// An element's period factor in a world is then the mean over the period's days of
// day_factor(d) * (d not closed).
#include <cstdint>
#include <vector>

#include "scenario/scenario.hpp"

namespace borderflow {

struct DisruptedDays {
  /// Per element, by kind: closed[i][d] = 1 when day first_day(0) + d is closed; empty vectors
  /// for elements no disruption names.
  std::vector<std::vector<char>> links, transfers, crossings;
  const std::vector<char>& of(ElementRef e) const;
};

/// One world of `scenario`'s disruptions (the scenario must have a horizon).
DisruptedDays sample_disruptions(const Scenario& scenario, std::uint64_t seed);

/// The factor of an element with availability `a` in period p when the days in `closed` (indexed
/// from the horizon's first day; empty: none) are closed as well.
double disrupted_period_factor(const Availability& a, const Horizon& horizon, int period, const std::vector<char>& closed);

}  // namespace borderflow
