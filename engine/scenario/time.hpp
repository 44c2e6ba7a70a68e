#pragma once
// Time in a scenario (`time:`): a horizon cut into periods, and what varies from period to
// period. Everything is counted in whole days (core/calendar.hpp):
//
//   period p covers the days [first_day(p), first_day(p + 1));
//   an element's factor on day d = 0 when d lies in a `closed:` window or before `opens:`, else
//     the product of the capacity factors of the seasons whose months contain d, times the ramp
//     factor from + (1 - from) * (d - opens) / ramp_days while d is within ramp_days of opening;
//   its factor in period p = the mean of the day factors over the period's days;
//   its capacity in period p = capacity_t_per_yr * days(p) / 365 * factor(p) tonnes.
//
// A year is 365 days whatever the calendar: twelve months of a leap year carry 366/365 of an
// annual figure. A scenario without `time:` has no Horizon and means one block of a year.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/calendar.hpp"
#include "core/diagnostic.hpp"

namespace borderflow {

enum class PeriodUnit { Day, Week, Month };
std::string to_string(PeriodUnit unit);

/// The most periods a horizon may have: a year of days, five years of weeks, ten of months.
int max_periods(PeriodUnit unit);

struct Horizon {
  Date start;
  int periods = 1;
  PeriodUnit unit = PeriodUnit::Month;
  SourceLocation where;

  /// The day number of period p's first day; first_day(periods) is the day after the horizon.
  std::int64_t first_day(int period) const;
  int days(int period) const { return static_cast<int>(first_day(period + 1) - first_day(period)); }
  /// The period holding a day, or -1 outside the horizon.
  int period_of(std::int64_t day) const;
  /// "2020-01" for months; the first day, "2020-01-06", for weeks and days.
  std::string label(int period) const;
};

/// A closed window, both dates inclusive.
struct DateWindow {
  Date from, to;
};

struct Season {
  std::vector<int> months;  ///< 1..12
  double capacity_factor = 1;
};

/// How a link's, transfer's or crossing's capacity varies over the horizon.
struct Availability {
  std::vector<DateWindow> closed;
  std::vector<Season> seasons;
  std::optional<Date> opens;
  int ramp_months = 0;     ///< 0: the full capacity from the opening day
  double ramp_from = 1;    ///< the factor on the opening day
  SourceLocation where;    ///< the first time field written, for messages

  bool varies() const { return !closed.empty() || !seasons.empty() || opens.has_value(); }
  /// Nothing written: reads exactly as a default Availability (Rare<Availability> stores none).
  bool empty() const {
    return !varies() && ramp_months == 0 && ramp_from == 1 && where.file.empty() && where.line == 0 && where.column == 0;
  }
  double day_factor(std::int64_t day) const;
  /// The mean day factor over period p of `horizon`.
  double period_factor(const Horizon& horizon, int period) const;
};

/// Stock a place may hold from one period to the next (`storage:`).
struct Storage {
  double capacity_t = 0;              ///< held at the end of a period
  double cost_usd_per_t_per_day = 0;  ///< per tonne held, per day
  SourceLocation where;
};

}  // namespace borderflow
