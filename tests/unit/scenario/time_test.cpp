// Time in a scenario (engine/scenario/time.hpp, engine/core/calendar.hpp, issue 10): the
// calendar, horizons, availability factors by day and by period, demand per period, and the
// loader's messages for bad time fields. Expected values are counted by hand in the comments.
#include <catch2/catch.hpp>

#include "support.hpp"

using namespace bftest;
using Catch::Matchers::Contains;

namespace {

Date date(int y, int m, int d) { return Date{y, m, d}; }
std::int64_t day(int y, int m, int d) { return day_number(date(y, m, d)); }

Horizon horizon(Date start, int periods, PeriodUnit unit) {
  Horizon h;
  h.start = start;
  h.periods = periods;
  h.unit = unit;
  return h;
}

/// A time scenario with two places, one link carrying `link_extra`, one demand carrying
/// `demand_extra` (and its quantity unless `demand_extra` replaces it), for loader messages.
std::string time_scenario(const std::string& time, const std::string& link_extra, const std::string& demand_extra = "",
                          const std::string& quantity = "quantity: 1 Mt/yr, ") {
  return "borderflow: 1\n" + time + two_places().substr(std::string("borderflow: 1\n").size()) +
         "links:\n"
         "  - {id: ab, from: ru-a, to: ru-b, mode: road, length: 10 km, capacity: 5 Mt/yr" + link_extra + "}\n"
         "commodities:\n"
         "  - {id: grain, class: bulk}\n"
         "demands:\n"
         "  - {id: d, commodity: grain, from: [ru-a], to: [ru-b], " + quantity + "unserved_cost: 50 USD/t" +
         demand_extra + "}\n";
}

const std::string kYear = "time: {start: 2025-01-01, periods: 12, period: month}\n";

}  // namespace

TEST_CASE("calendar: day numbers, leap years, month lengths", "[time][calendar]") {
  // Day numbers counted by hand from 1970-01-01: 1970 to 2000 is 30 years with 7 leap days
  // (72, 76, ..., 96): 30 x 365 + 7 = 10,957 to 2000-01-01, + 31 + 29 = 11,017 to 2000-03-01.
  CHECK(day(1970, 1, 1) == 0);
  CHECK(day(1969, 12, 31) == -1);
  CHECK(day(2000, 1, 1) == 10957);
  CHECK(day(2000, 3, 1) == 11017);
  // 2024-02-29: 2024-01-01 is 54 years after 1970 with 13 leap days: 54 x 365 + 13 = 19,723; + 59.
  CHECK(day(2024, 2, 29) == 19782);
  CHECK(day(1900, 1, 1) == -25567);
  for (const std::int64_t n : {-25567L, -1L, 0L, 11017L, 19782L, 20094L, 84370L}) CHECK(day_number(date_of(n)) == n);
  CHECK(date_of(19782) == date(2024, 2, 29));
  CHECK(date_of(20094) == date(2025, 1, 6));
  CHECK(is_leap_year(2024));
  CHECK(is_leap_year(2000));
  CHECK_FALSE(is_leap_year(1900));
  CHECK_FALSE(is_leap_year(2100));
  CHECK_FALSE(is_leap_year(2025));
  CHECK(days_in_month(2024, 2) == 29);
  CHECK(days_in_month(2025, 2) == 28);
  CHECK(days_in_month(2100, 2) == 28);
  CHECK(days_in_month(2025, 4) == 30);
  CHECK(days_in_month(2025, 12) == 31);
}

TEST_CASE("calendar: months added keep the day or clip it to the month's end", "[time][calendar]") {
  CHECK(add_months(date(2025, 1, 31), 1) == date(2025, 2, 28));
  CHECK(add_months(date(2024, 1, 31), 1) == date(2024, 2, 29));
  CHECK(add_months(date(2025, 1, 31), 2) == date(2025, 3, 31));
  CHECK(add_months(date(2025, 11, 15), 3) == date(2026, 2, 15));
  CHECK(add_months(date(2025, 3, 1), 0) == date(2025, 3, 1));
  CHECK(add_months(date(2020, 1, 1), 120) == date(2030, 1, 1));
}

TEST_CASE("calendar: dates are strictly YYYY-MM-DD in 1900..2200", "[time][calendar]") {
  CHECK(parse_date("2024-02-29") == date(2024, 2, 29));
  CHECK(parse_date("1900-01-01") == date(1900, 1, 1));
  CHECK(parse_date("2200-12-31") == date(2200, 12, 31));
  for (const char* bad : {"2025-02-29", "2025-13-01", "2025-00-10", "2025-04-31", "2025-1-01", "2025-01-1", "25-01-01",
                          "1899-12-31", "2201-01-01", "2025/01/01", "2025-01-01T00:00", " 2025-01-01", ""}) {
    INFO("'" << bad << "'");
    CHECK_FALSE(parse_date(bad).has_value());
  }
  CHECK(to_string(date(2020, 1, 31)) == "2020-01-31");
  CHECK(to_string(date(2025, 3, 3)) == "2025-03-03");
}

TEST_CASE("horizon: periods of months, weeks and days", "[time][horizon]") {
  // Months from 2024-12-01: 31 (Dec), 31 (Jan), 28 (Feb 2025), 31 (Mar).
  const Horizon months = horizon(date(2024, 12, 1), 4, PeriodUnit::Month);
  CHECK(months.days(0) == 31);
  CHECK(months.days(1) == 31);
  CHECK(months.days(2) == 28);
  CHECK(months.days(3) == 31);
  CHECK(months.first_day(4) == day(2025, 4, 1));
  CHECK(months.label(2) == "2025-02");
  CHECK(months.period_of(day(2024, 11, 30)) == -1);
  CHECK(months.period_of(day(2024, 12, 1)) == 0);
  CHECK(months.period_of(day(2025, 2, 28)) == 2);
  CHECK(months.period_of(day(2025, 3, 31)) == 3);
  CHECK(months.period_of(day(2025, 4, 1)) == -1);
  // Months from the 31st follow add_months: 2025-01-31, 2025-02-28, 2025-03-31: 28 days, then 31.
  const Horizon from_31st = horizon(date(2025, 1, 31), 2, PeriodUnit::Month);
  CHECK(from_31st.days(0) == 28);
  CHECK(from_31st.days(1) == 31);
  // Weeks: 7 days each from any day; labels are the first day.
  const Horizon weeks = horizon(date(2025, 1, 6), 260, PeriodUnit::Week);
  CHECK(weeks.days(0) == 7);
  CHECK(weeks.days(259) == 7);
  CHECK(weeks.first_day(1) == day(2025, 1, 13));
  CHECK(weeks.label(1) == "2025-01-13");
  CHECK(weeks.period_of(day(2025, 1, 19)) == 1);
  CHECK(weeks.period_of(day(2025, 1, 20)) == 2);
  CHECK(weeks.first_day(260) == day(2025, 1, 6) + 1820);
  // Days: a leap year of days.
  const Horizon days = horizon(date(2024, 1, 1), 366, PeriodUnit::Day);
  CHECK(days.days(59) == 1);
  CHECK(days.label(59) == "2024-02-29");
  CHECK(days.period_of(day(2024, 12, 31)) == 365);
  CHECK(max_periods(PeriodUnit::Day) == 366);
  CHECK(max_periods(PeriodUnit::Week) == 260);
  CHECK(max_periods(PeriodUnit::Month) == 120);
}

TEST_CASE("availability: day factors from windows, opening, ramp and seasons", "[time][availability]") {
  Availability a;
  a.closed = {{date(2025, 3, 10), date(2025, 3, 19)}};
  a.seasons = {{{12, 1, 2}, 0.5}, {{1}, 0.4}};
  CHECK(a.varies());
  CHECK(a.day_factor(day(2025, 3, 9)) == 1);
  CHECK(a.day_factor(day(2025, 3, 10)) == 0);  // both ends inclusive
  CHECK(a.day_factor(day(2025, 3, 19)) == 0);
  CHECK(a.day_factor(day(2025, 3, 20)) == 1);
  CHECK(a.day_factor(day(2025, 1, 15)) == Approx(0.2));  // 0.5 x 0.4
  CHECK(a.day_factor(day(2024, 12, 31)) == Approx(0.5));
  // A ramp from 0.2 over 6 months from 2026-06-01 (to 2026-12-01: 30+31+31+30+31+30 = 183 days):
  // day i has 0.2 + 0.8 i / 183; a season of 0.5 in July multiplies it.
  Availability r;
  r.opens = date(2026, 6, 1);
  r.ramp_months = 6;
  r.ramp_from = 0.2;
  r.seasons = {{{7}, 0.5}};
  CHECK(r.day_factor(day(2026, 5, 31)) == 0);
  CHECK(r.day_factor(day(2026, 6, 1)) == Approx(0.2));
  CHECK(r.day_factor(day(2026, 7, 1)) == Approx((0.2 + 0.8 * 30 / 183) * 0.5));
  CHECK(r.day_factor(day(2026, 11, 30)) == Approx(0.2 + 0.8 * 182 / 183));
  CHECK(r.day_factor(day(2026, 12, 1)) == 1);
  // Opening without a ramp: full from the first day.
  Availability o;
  o.opens = date(2026, 6, 16);
  CHECK(o.day_factor(day(2026, 6, 15)) == 0);
  CHECK(o.day_factor(day(2026, 6, 16)) == 1);
  CHECK_FALSE(Availability{}.varies());
}

TEST_CASE("availability: a period's factor is the mean of its days' factors", "[time][availability]") {
  const Horizon months = horizon(date(2026, 5, 1), 3, PeriodUnit::Month);
  // Nothing varies: 1 everywhere.
  CHECK(Availability{}.period_factor(months, 0) == 1);
  // Opens 2026-06-16: May 0, June 15 / 30, July 1.
  Availability o;
  o.opens = date(2026, 6, 16);
  CHECK(o.period_factor(months, 0) == 0);
  CHECK(o.period_factor(months, 1) == Approx(0.5).epsilon(1e-12));
  CHECK(o.period_factor(months, 2) == 1);
  // Ramp from 2026-06-01 over 1 month from 0.4 (30 days): June = 0.4 + 0.6 x mean(i = 0..29) / 30
  // = 0.4 + 0.6 x 14.5 / 30 = 0.69; July 1; a window closing 2026-07-30..2026-08-02 takes 2 of
  // July's 31 days: 29 / 31.
  Availability r;
  r.opens = date(2026, 6, 1);
  r.ramp_months = 1;
  r.ramp_from = 0.4;
  r.closed = {{date(2026, 7, 30), date(2026, 8, 2)}};
  CHECK(r.period_factor(months, 1) == Approx(0.69).epsilon(1e-12));
  CHECK(r.period_factor(months, 2) == Approx(29.0 / 31.0).epsilon(1e-12));
  // Weeks: a window of 3 days inside week 1 of weeks from Monday 2025-01-06 gives 4/7.
  const Horizon weeks = horizon(date(2025, 1, 6), 2, PeriodUnit::Week);
  Availability w;
  w.closed = {{date(2025, 1, 14), date(2025, 1, 16)}};
  CHECK(w.period_factor(weeks, 0) == 1);
  CHECK(w.period_factor(weeks, 1) == Approx(4.0 / 7.0).epsilon(1e-12));
}

TEST_CASE("demand per period: even by days, by a monthly profile, or as written", "[time][demand]") {
  Demand d;
  d.quantity_t_per_yr = 365000;
  // Even: 1000 t a day; a leap February 29,000 t; a week 7,000 t.
  const Horizon months = horizon(date(2024, 1, 1), 12, PeriodUnit::Month);
  CHECK(demand_t_in_period(d, months, 1) == Approx(29000).epsilon(1e-12));
  CHECK(demand_t_in_period(d, horizon(date(2025, 1, 6), 1, PeriodUnit::Week), 0) == Approx(7000).epsilon(1e-12));
  // Twelve leap-year months carry 366/365 of the quantity.
  double year = 0;
  for (int p = 0; p < 12; ++p) year += demand_t_in_period(d, months, p);
  CHECK(year == Approx(366000).epsilon(1e-12));
  // Profile [2, 1 x 11] (sum 13) on 1.3 Mt/yr: January 200,000 t, every other month 100,000 t,
  // whatever its length; a year of months sums to the quantity even in a leap year.
  Demand profiled;
  profiled.quantity_t_per_yr = 1.3e6;
  profiled.monthly_profile = {2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
  CHECK(demand_t_in_period(profiled, months, 0) == Approx(200000).epsilon(1e-12));
  CHECK(demand_t_in_period(profiled, months, 1) == Approx(100000).epsilon(1e-12));
  year = 0;
  for (int p = 0; p < 12; ++p) year += demand_t_in_period(profiled, months, p);
  CHECK(year == Approx(1.3e6).epsilon(1e-12));
  // The week from Monday 2024-01-29: 3 January days at 200,000 / 31 and 4 February days at
  // 100,000 / 29: 19,354.839 + 13,793.103 = 33,147.942 t.
  CHECK(demand_t_in_period(profiled, horizon(date(2024, 1, 29), 1, PeriodUnit::Week), 0) ==
        Approx(200000.0 * 3 / 31 + 100000.0 * 4 / 29).epsilon(1e-12));
  // per_period: as written, whatever the quantity says.
  Demand written;
  written.quantity_t_per_yr = 1;
  written.per_period_t = {100, 90, 120};
  CHECK(demand_t_in_period(written, horizon(date(2025, 1, 1), 3, PeriodUnit::Month), 1) == 90);
}

TEST_CASE("loader: time fields are read into the scenario", "[time][loader]") {
  const Scenario s = load_text(
      "borderflow: 1\n"
      "time: {start: 2025-12-01, periods: 6, period: month}\n"
      "places:\n"
      "  - {id: ru-a, name: A, country: RU, lat: 43.0, lon: 132.0, storage: {capacity: 200 kt, cost: 0.5 USD/t/month}}\n"
      "  - {id: ru-b, name: B, country: RU, lat: 42.5, lon: 131.0}\n"
      "links:\n"
      "  - {id: ab, from: ru-a, to: ru-b, mode: road, length: 10 km, capacity: 5 Mt/yr, status: planned,\n"
      "     closed: [{from: 2026-01-10, to: 2026-01-12}], season: {months: [12, 1], capacity_factor: 0.3},\n"
      "     opens: 2026-01-01, ramp: {months: 3, from: 0.25}}\n"
      "commodities:\n"
      "  - {id: grain, class: bulk}\n"
      "demands:\n"
      "  - {id: d, commodity: grain, from: [ru-a], to: [ru-b], per_period: [1 kt, 2 kt, 3 kt, 4 kt, 5 kt, 6 kt],\n"
      "     unserved_cost: 50 USD/t, backlog: {cost: 3 USD/t/month}}\n"
      "  - {id: e, commodity: grain, from: [ru-a], to: [ru-b], quantity: 1 Mt/yr, unserved_cost: 50 USD/t,\n"
      "     monthly_profile: [1, 1, 1, 1, 1, 1, 2, 2, 2, 1, 1, 1]}\n");
  REQUIRE(s.time);
  CHECK(s.time->start == date(2025, 12, 1));
  CHECK(s.time->periods == 6);
  CHECK(s.time->unit == PeriodUnit::Month);
  REQUIRE(s.places[0].storage);
  CHECK(s.places[0].storage->capacity_t == 200000);
  CHECK(s.places[0].storage->cost_usd_per_t_per_day == Approx(0.5 * 12 / 365));
  CHECK_FALSE(s.places[1].storage);
  const Availability& a = s.links[0].availability;
  REQUIRE(a.closed.size() == 1);
  CHECK(a.closed[0].from == date(2026, 1, 10));
  CHECK(a.closed[0].to == date(2026, 1, 12));
  REQUIRE(a.seasons.size() == 1);
  CHECK(a.seasons[0].months == std::vector<int>{1, 12});
  CHECK(a.seasons[0].capacity_factor == 0.3);
  CHECK(a.opens == date(2026, 1, 1));
  CHECK(a.ramp_months == 3);
  CHECK(a.ramp_from == 0.25);
  // per_period: its masses; the quantity becomes their sum over the horizon's days x 365:
  // 21,000 t over 31 + 31 + 28 + 31 + 30 + 31 = 182 days -> 21,000 x 365 / 182 t/yr.
  CHECK(s.demands[0].per_period_t == std::vector<double>{1000, 2000, 3000, 4000, 5000, 6000});
  CHECK(s.demands[0].quantity_t_per_yr == Approx(21000.0 * 365 / 182));
  REQUIRE(s.demands[0].backlog_cost_usd_per_t_per_day);
  CHECK(*s.demands[0].backlog_cost_usd_per_t_per_day == Approx(3.0 * 12 / 365));
  CHECK(s.demands[1].monthly_profile.size() == 12);
  CHECK_FALSE(s.demands[1].backlog_cost_usd_per_t_per_day);
  // Without time: nothing of the above.
  CHECK_FALSE(load_text(time_scenario("", "")).time);
}

TEST_CASE("loader: bad time fields are reported where they are written", "[time][loader]") {
  struct Case {
    std::string name, yaml, message;
  };
  const std::vector<Case> cases = {
      {"a time field without time:", time_scenario("", ", season: {months: [1], capacity_factor: 0.5}"),
       "season: varies over time and needs a time: section"},
      {"storage without time:",
       "borderflow: 1\nplaces:\n  - {id: ru-a, name: A, country: RU, lat: 43.0, lon: 132.0, storage: {capacity: 1 kt}}\n",
       "storage: varies over time and needs a time: section"},
      {"backlog without time:", time_scenario("", "", ", backlog: {cost: 1 USD/t/day}"),
       "backlog: varies over time and needs a time: section"},
      {"a bad start date", time_scenario("time: {start: 2025-02-30, periods: 3, period: month}\n", ""),
       "'2025-02-30' is not a date; expected YYYY-MM-DD"},
      {"a horizon without periods", time_scenario("time: {start: 2025-01-01, period: month}\n", ""),
       "time: missing 'periods'"},
      {"an unknown period unit", time_scenario("time: {start: 2025-01-01, periods: 4, period: quarter}\n", ""),
       "'quarter' is not one of: day, week, month"},
      {"too many weeks", time_scenario("time: {start: 2025-01-01, periods: 261, period: week}\n", ""),
       "'261' is out of range [1, 260]"},
      {"too many months", time_scenario("time: {start: 2025-01-01, periods: 121, period: month}\n", ""),
       "'121' is out of range [1, 120]"},
      {"no periods", time_scenario("time: {start: 2025-01-01, periods: 0, period: day}\n", ""),
       "'0' is out of range [1, 366]"},
      {"a window ending before it starts", time_scenario(kYear, ", closed: [{from: 2025-05-02, to: 2025-05-01}]"),
       "the window ends (2025-05-01) before it starts (2025-05-02)"},
      {"a window without its end", time_scenario(kYear, ", closed: [{from: 2025-05-02}]"),
       "a closed window needs 'from' and 'to'"},
      {"a ramp without opens", time_scenario(kYear, ", ramp: {months: 3, from: 0.5}"), "ramp: needs opens:"},
      {"a ramp from above 1", time_scenario(kYear, ", opens: 2025-03-01, ramp: {months: 3, from: 1.5}"),
       "out of range"},
      {"a month 13", time_scenario(kYear, ", season: {months: [12, 13], capacity_factor: 0.5}"), "out of range [1, 12]"},
      {"a season without its factor", time_scenario(kYear, ", season: {months: [1]}"),
       "a season needs 'months' (1-12) and 'capacity_factor'"},
      {"per_period with the wrong count", time_scenario(kYear, "", ", per_period: [1 kt, 2 kt]", ""),
       "per_period: expects 12 masses"},
      {"per_period and quantity", time_scenario(kYear, "", ", per_period: [1 kt, 1 kt, 1 kt, 1 kt, 1 kt, 1 kt, 1 kt, 1 kt, 1 kt, 1 kt, 1 kt, 1 kt]"),
       "a demand has quantity: or per_period:, not both"},
      {"a profile of 11 weights", time_scenario(kYear, "", ", monthly_profile: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]"),
       "monthly_profile: expects 12 relative weights"},
      {"a profile of zeros", time_scenario(kYear, "", ", monthly_profile: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]"),
       "monthly_profile: every weight is 0"},
      {"a backlog without its cost", time_scenario(kYear, "", ", backlog: {}"), "backlog: missing 'cost'"},
      {"a backlog cost in t/yr", time_scenario(kYear, "", ", backlog: {cost: 2 USD/t}"), "USD/t/day"},
  };
  for (const auto& c : cases) {
    INFO(c.name);
    CHECK_THAT(formatted(load_errors(c.yaml)), Contains(c.message));
  }
}

TEST_CASE("loader: bad disruptions are reported", "[time][loader]") {
  const std::string head = time_scenario(kYear, "") + "disruptions:\n";
  CHECK_THAT(formatted(load_errors(head + "  - {id: q, kind: earthquake, elements: [ab], probability_per_year: 0.1, "
                                          "duration: 7 day, assumption: t}\n")),
             Contains("'earthquake' is not one of: closure, storm_days"));
  CHECK_THAT(formatted(load_errors(head + "  - {id: f, kind: closure, elements: [ab, ac], probability_per_year: 0.1, "
                                          "duration: 7 day, assumption: t}\n")),
             Contains("'ac' is not a link, transfer or crossing"));
  CHECK_THAT(formatted(load_errors(head + "  - {id: f, kind: closure, elements: [], probability_per_year: 0.1, "
                                          "duration: 7 day, assumption: t}\n")),
             Contains("'elements: []' names no element"));
  CHECK_THAT(formatted(load_errors(head + "  - {id: s, kind: storm_days, elements: [ab], days_per_month: 2, "
                                          "probability_per_year: 0.1, assumption: t}\n")),
             Contains("probability_per_year: belongs to kind closure"));
  CHECK_THAT(formatted(load_errors(head + "  - {id: f, kind: closure, elements: [ab], probability_per_year: 0.1, "
                                          "duration: {range: [28 day, 7 day]}, assumption: t}\n")),
             Contains("duration"));
  // Without time:, a disruption cannot be sampled over any horizon.
  CHECK_THAT(formatted(load_errors(time_scenario("", "") + "disruptions:\n  - {id: f, kind: closure, elements: [ab], "
                                                           "probability_per_year: 0.1, duration: 7 day, assumption: t}\n")),
             Contains("disruptions: varies over time and needs a time: section"));
  // A valid one loads, its duration in hours and its months defaulting to all twelve.
  const Scenario s = load_text(head + "  - {id: f, kind: closure, elements: [ab], together: true, probability_per_year: 0.25, "
                                      "duration: {range: [7 day, 28 day]}, months: [7, 8], assumption: t}\n"
                                      "  - {id: s, kind: storm_days, elements: [ab], days_per_month: 3, assumption: t}\n");
  REQUIRE(s.disruptions.size() == 2);
  CHECK(s.disruptions[0].kind == DisruptionKind::Closure);
  CHECK(s.disruptions[0].together);
  CHECK(s.disruptions[0].min_duration_h == 168);
  CHECK(s.disruptions[0].max_duration_h == 672);
  CHECK(s.disruptions[0].months == std::vector<int>{7, 8});
  CHECK(s.disruptions[1].kind == DisruptionKind::StormDays);
  CHECK(s.disruptions[1].days_per_month == 3);
  CHECK(s.disruptions[1].months.size() == 12);
  REQUIRE(s.disruptions[1].elements.size() == 1);
  CHECK(s.disruptions[1].elements[0] == ElementRef{ElementKind::Link, 0});
}
