#include "scenario/disruption.hpp"

#include <algorithm>
#include <cmath>

namespace borderflow {
namespace {

/// SplitMix64 as a counter-based stream: the same numbers for the same seed everywhere.
class Stream {
 public:
  explicit Stream(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  }
  /// Uniform in [0, 1), 53 bits.
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  /// A whole number in [0, n).
  std::int64_t below(std::int64_t n) { return static_cast<std::int64_t>(uniform() * static_cast<double>(n)); }
  /// Poisson(mean) by multiplying uniforms (the means here are small).
  int poisson(double mean) {
    if (!(mean > 0)) return 0;
    const double limit = std::exp(-mean);
    double product = uniform();
    int n = 0;
    while (product > limit && n < 10000) {
      product *= uniform();
      ++n;
    }
    return n;
  }

 private:
  std::uint64_t state_;
};

bool in_months(const std::vector<int>& months, int month) {
  return std::find(months.begin(), months.end(), month) != months.end();
}

std::vector<char>& days_of(DisruptedDays& out, ElementRef e, std::size_t horizon_days) {
  auto& kind = e.kind == ElementKind::Link ? out.links : e.kind == ElementKind::Transfer ? out.transfers : out.crossings;
  auto& days = kind[static_cast<std::size_t>(e.index)];
  if (days.empty()) days.assign(horizon_days, 0);
  return days;
}

void sample_closures(const Disruption& d, const Horizon& h, Stream& stream, DisruptedDays& out) {
  const std::int64_t first = h.first_day(0);
  const auto horizon_days = static_cast<std::size_t>(h.first_day(h.periods) - first);
  std::vector<std::int64_t> eligible;  // offsets of the horizon's days in `months`
  for (std::size_t i = 0; i < horizon_days; ++i) {
    if (in_months(d.months, date_of(first + static_cast<std::int64_t>(i)).month)) eligible.push_back(static_cast<std::int64_t>(i));
  }
  if (eligible.empty()) return;
  double year_days = 0;
  for (int m : d.months) year_days += days_in_month(2001, m);  // a 365-day year
  const double mean = d.probability_per_year * static_cast<double>(eligible.size()) / year_days;
  auto close = [&](const std::vector<ElementRef>& elements) {
    const int events = stream.poisson(mean);
    for (int e = 0; e < events; ++e) {
      const std::int64_t start = eligible[static_cast<std::size_t>(stream.below(static_cast<std::int64_t>(eligible.size())))];
      const double hours = d.min_duration_h + stream.uniform() * (d.max_duration_h - d.min_duration_h);
      const auto length = static_cast<std::int64_t>(std::ceil(hours / 24.0 - 1e-9));
      for (const ElementRef& element : elements) {
        auto& days = days_of(out, element, horizon_days);
        for (std::int64_t i = start; i < start + length && i < static_cast<std::int64_t>(horizon_days); ++i) {
          days[static_cast<std::size_t>(i)] = 1;
        }
      }
    }
  };
  if (d.together) {
    close(d.elements);
  } else {
    for (const ElementRef& element : d.elements) close({element});
  }
}

void sample_storm_days(const Disruption& d, const Horizon& h, Stream& stream, DisruptedDays& out) {
  const std::int64_t first = h.first_day(0), end = h.first_day(h.periods);
  const auto horizon_days = static_cast<std::size_t>(end - first);
  for (const ElementRef& element : d.elements) {
    // Calendar months overlapping the horizon, in order.
    for (std::int64_t day = first; day < end;) {
      const Date date = date_of(day);
      const std::int64_t month_end = std::min(end, day + days_in_month(date.year, date.month) - (date.day - 1));
      const std::int64_t inside = month_end - day;
      if (in_months(d.months, date.month)) {
        const int storms = std::min<std::int64_t>(inside, stream.poisson(d.days_per_month * static_cast<double>(inside) /
                                                                         days_in_month(date.year, date.month)));
        auto& days = days_of(out, element, horizon_days);
        // Distinct days: a partial Fisher-Yates over the month's days inside the horizon.
        std::vector<std::int64_t> pool;
        for (std::int64_t i = day; i < month_end; ++i) pool.push_back(i - first);
        for (int s = 0; s < storms; ++s) {
          const auto pick = static_cast<std::size_t>(s + stream.below(static_cast<std::int64_t>(pool.size()) - s));
          std::swap(pool[static_cast<std::size_t>(s)], pool[pick]);
          days[static_cast<std::size_t>(pool[static_cast<std::size_t>(s)])] = 1;
        }
      }
      day = month_end;
    }
  }
}

}  // namespace

const std::vector<char>& DisruptedDays::of(ElementRef e) const {
  static const std::vector<char> none;
  const std::vector<std::vector<char>>* kind = nullptr;
  switch (e.kind) {
    case ElementKind::Link: kind = &links; break;
    case ElementKind::Transfer: kind = &transfers; break;
    case ElementKind::Crossing: kind = &crossings; break;
    case ElementKind::Fleet:
    case ElementKind::Cap:
    case ElementKind::Storage: return none;  // disruptions name only links, transfers and crossings
  }
  return static_cast<std::size_t>(e.index) < kind->size() ? (*kind)[static_cast<std::size_t>(e.index)] : none;
}

DisruptedDays sample_disruptions(const Scenario& scenario, std::uint64_t seed) {
  DisruptedDays out;
  out.links.resize(scenario.links.size());
  out.transfers.resize(scenario.transfers.size());
  out.crossings.resize(scenario.crossings.size());
  if (!scenario.time) return out;
  // One stream per disruption, so adding one does not reshuffle the others' draws.
  for (std::size_t i = 0; i < scenario.disruptions.size(); ++i) {
    const Disruption& d = scenario.disruptions[i];
    Stream stream(seed ^ (0x51ed270b27a4f0d5ull * (i + 1)));
    if (d.kind == DisruptionKind::Closure) sample_closures(d, *scenario.time, stream, out);
    else sample_storm_days(d, *scenario.time, stream, out);
  }
  return out;
}

double disrupted_period_factor(const Availability& a, const Horizon& horizon, int period, const std::vector<char>& closed) {
  if (closed.empty()) return a.period_factor(horizon, period);
  const std::int64_t origin = horizon.first_day(0);
  const std::int64_t first = horizon.first_day(period), end = horizon.first_day(period + 1);
  double sum = 0;
  for (std::int64_t d = first; d < end; ++d) {
    if (!closed[static_cast<std::size_t>(d - origin)]) sum += a.day_factor(d);
  }
  return sum / static_cast<double>(end - first);
}

}  // namespace borderflow
