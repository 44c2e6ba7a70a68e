#pragma once
// Civil dates of the proleptic Gregorian calendar, counted as days since 1970-01-01 (the
// "day number"), so that windows, periods and ramps are integer arithmetic on days. Time
// scenarios (engine/scenario/time.hpp) are the only users; no time zone, no time of day.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace borderflow {

struct Date {
  int year = 1970;
  int month = 1;  ///< 1..12
  int day = 1;    ///< 1..days_in_month
  friend bool operator==(const Date&, const Date&) = default;
};

bool is_leap_year(int year);
int days_in_month(int year, int month);
/// Days since 1970-01-01 (negative before it).
std::int64_t day_number(const Date& date);
Date date_of(std::int64_t day_number);
/// The same day of the month `months` later (the month's last day when it is shorter).
Date add_months(const Date& date, int months);
/// Strictly YYYY-MM-DD with a real day of a year in 1900..2200; nullopt otherwise.
std::optional<Date> parse_date(std::string_view text);
/// "2020-01-31".
std::string to_string(const Date& date);

}  // namespace borderflow
