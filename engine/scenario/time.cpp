#include "scenario/time.hpp"

#include <algorithm>

namespace borderflow {

std::string to_string(PeriodUnit unit) {
  switch (unit) {
    case PeriodUnit::Day: return "day";
    case PeriodUnit::Week: return "week";
    case PeriodUnit::Month: return "month";
  }
  return "?";
}

int max_periods(PeriodUnit unit) {
  switch (unit) {
    case PeriodUnit::Day: return 366;
    case PeriodUnit::Week: return 260;
    case PeriodUnit::Month: return 120;
  }
  return 1;
}

std::int64_t Horizon::first_day(int period) const {
  switch (unit) {
    case PeriodUnit::Day: return day_number(start) + period;
    case PeriodUnit::Week: return day_number(start) + 7 * static_cast<std::int64_t>(period);
    case PeriodUnit::Month: return day_number(add_months(start, period));
  }
  return day_number(start);
}

int Horizon::period_of(std::int64_t day) const {
  if (day < first_day(0) || day >= first_day(periods)) return -1;
  // Periods are at least 7 days apart except days; a binary search serves every unit.
  int low = 0, high = periods - 1;
  while (low < high) {
    const int mid = (low + high + 1) / 2;
    if (first_day(mid) <= day) low = mid;
    else high = mid - 1;
  }
  return low;
}

std::string Horizon::label(int period) const {
  const std::string first = to_string(date_of(first_day(period)));
  return unit == PeriodUnit::Month ? first.substr(0, 7) : first;
}

double Availability::day_factor(std::int64_t day) const {
  for (const DateWindow& w : closed) {
    if (day >= day_number(w.from) && day <= day_number(w.to)) return 0;
  }
  double factor = 1;
  if (opens) {
    const std::int64_t open_day = day_number(*opens);
    if (day < open_day) return 0;
    const std::int64_t ramp_days = day_number(add_months(*opens, ramp_months)) - open_day;
    if (day - open_day < ramp_days) {
      factor *= ramp_from + (1 - ramp_from) * static_cast<double>(day - open_day) / static_cast<double>(ramp_days);
    }
  }
  const int month = date_of(day).month;
  for (const Season& s : seasons) {
    if (std::find(s.months.begin(), s.months.end(), month) != s.months.end()) factor *= s.capacity_factor;
  }
  return factor;
}

double Availability::period_factor(const Horizon& horizon, int period) const {
  if (!varies()) return 1;
  const std::int64_t first = horizon.first_day(period), end = horizon.first_day(period + 1);
  double sum = 0;
  for (std::int64_t d = first; d < end; ++d) sum += day_factor(d);
  return sum / static_cast<double>(end - first);
}

}  // namespace borderflow
