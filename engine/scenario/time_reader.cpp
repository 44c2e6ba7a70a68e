#include "scenario/time_reader.hpp"

#include <algorithm>
#include <string>

namespace borderflow {

std::optional<Date> read_date(Reader& reader, const Field& field) {
  const auto text = reader.scalar(field);
  if (!text) return std::nullopt;
  const auto date = parse_date(*text);
  if (!date) reader.error(field, "'" + *text + "' is not a date; expected YYYY-MM-DD, e.g. 2025-01-01");
  return date;
}

std::optional<Horizon> read_horizon(Reader& reader, const Field& node) {
  const Mapping mapping = reader.map(node, {"start", "periods", "period"}, "time");
  if (!node.node.IsMap()) return std::nullopt;
  Horizon horizon;
  horizon.where = node.where;
  bool complete = true;
  auto required = [&](const char* key) -> const Entry* {
    const Entry* entry = mapping.find(key);
    if (!entry && !mapping.misspelt.count(key)) {
      reader.error(node, std::string("time: missing '") + key + "' (time: {start: 2025-01-01, periods: 12, period: month})");
    }
    if (!entry) complete = false;
    return entry;
  };
  const Entry* start = required("start");
  const Entry* periods = required("periods");
  const Entry* period = required("period");
  if (!complete) return std::nullopt;
  const auto date = read_date(reader, start->value);
  const auto unit = reader.choice(period->value, {"day", "week", "month"});
  if (!date || !unit) return std::nullopt;
  horizon.start = *date;
  horizon.unit = *unit == "day" ? PeriodUnit::Day : *unit == "week" ? PeriodUnit::Week : PeriodUnit::Month;
  const auto limit = static_cast<std::uint64_t>(max_periods(horizon.unit));
  const auto count = reader.whole_number(periods->value, 1, limit);
  if (!count) return std::nullopt;
  horizon.periods = static_cast<int>(*count);
  return horizon;
}

std::vector<int> read_months(Reader& reader, const Field& node) {
  std::vector<int> months;
  if (node.node.IsSequence() && node.node.size() == 0) {
    reader.error(node, "'months: []' names no month; give month numbers 1-12, e.g. [12, 1, 2]");
    return months;
  }
  for (std::size_t i = 0; i < (node.node.IsSequence() ? node.node.size() : 1); ++i) {
    const Field item = node.node.IsSequence() ? Reader::item(node, i) : node;
    if (const auto m = reader.whole_number(item, 1, 12)) months.push_back(static_cast<int>(*m));
  }
  std::sort(months.begin(), months.end());
  months.erase(std::unique(months.begin(), months.end()), months.end());
  return months;
}

namespace {

std::vector<DateWindow> read_windows(Reader& reader, const Field& node) {
  std::vector<DateWindow> windows;
  if (!node.node.IsSequence() || node.node.size() == 0) {
    reader.error(node, "closed: expects a list of windows, e.g. [{from: 2025-12-01, to: 2026-03-31}]");
    return windows;
  }
  for (std::size_t i = 0; i < node.node.size(); ++i) {
    const Field item = Reader::item(node, i);
    const Mapping mapping = reader.map(item, {"from", "to"}, "a closed window");
    if (!item.node.IsMap()) continue;
    const Entry* from = mapping.find("from");
    const Entry* to = mapping.find("to");
    if (!from || !to) {
      reader.error(item, "a closed window needs 'from' and 'to' (dates, both inclusive)");
      continue;
    }
    const auto first = read_date(reader, from->value);
    const auto last = read_date(reader, to->value);
    if (!first || !last) continue;
    if (day_number(*last) < day_number(*first)) {
      reader.error(to->value, "the window ends (" + to_string(*last) + ") before it starts (" + to_string(*first) + ")");
      continue;
    }
    windows.push_back({*first, *last});
  }
  return windows;
}

std::optional<Season> read_season(Reader& reader, const Field& item) {
  const Mapping mapping = reader.map(item, {"months", "capacity_factor"}, "a season");
  if (!item.node.IsMap()) return std::nullopt;
  const Entry* months = mapping.find("months");
  const Entry* factor = mapping.find("capacity_factor");
  if (!months || !factor) {
    reader.error(item, "a season needs 'months' (1-12) and 'capacity_factor' (e.g. 0.3)");
    return std::nullopt;
  }
  Season season;
  season.months = read_months(reader, months->value);
  const auto value = reader.decimal(factor->value, 0, 10);
  if (season.months.empty() || !value) return std::nullopt;
  season.capacity_factor = *value;
  return season;
}

}  // namespace

Availability read_availability(Reader& reader, const AvailabilityFields& fields) {
  Availability a;
  if (const Field* first = fields.first()) a.where = first->where;
  if (fields.closed) a.closed = read_windows(reader, *fields.closed);
  if (fields.season) {
    const Field& node = *fields.season;
    if (node.node.IsSequence()) {
      for (std::size_t i = 0; i < node.node.size(); ++i) {
        if (auto s = read_season(reader, Reader::item(node, i))) a.seasons.push_back(std::move(*s));
      }
    } else if (auto s = read_season(reader, node)) {
      a.seasons.push_back(std::move(*s));
    }
  }
  if (fields.opens) a.opens = read_date(reader, *fields.opens);
  if (fields.ramp) {
    const Mapping mapping = reader.map(*fields.ramp, {"months", "from"}, "ramp");
    const Entry* months = mapping.find("months");
    const Entry* from = mapping.find("from");
    if (!fields.opens) reader.error(*fields.ramp, "ramp: needs opens: (the date the ramp starts from)");
    if (fields.ramp->node.IsMap() && (!months || !from)) {
      reader.error(*fields.ramp, "ramp: needs 'months' (1-120) and 'from' (the factor on the opening day, 0-1)");
    }
    if (months && from) {
      const auto m = reader.whole_number(months->value, 1, 120);
      const auto f = reader.decimal(from->value, 0, 1);
      if (m && f) {
        a.ramp_months = static_cast<int>(*m);
        a.ramp_from = *f;
      }
    }
  }
  return a;
}

std::optional<Storage> read_storage(Reader& reader, const Field& node) {
  const Mapping mapping = reader.map(node, {"capacity", "cost"}, "storage");
  if (!node.node.IsMap()) return std::nullopt;
  const Entry* capacity = mapping.find("capacity");
  if (!capacity) {
    if (!mapping.misspelt.count("capacity")) {
      reader.error(node, "storage: missing 'capacity' (" + accepted_units(Dimension::Mass) + ")");
    }
    return std::nullopt;
  }
  Storage storage;
  storage.where = node.where;
  const auto tonnes = reader.quantity(capacity->value, Dimension::Mass);
  if (!tonnes) return std::nullopt;
  storage.capacity_t = *tonnes;
  if (const Entry* cost = mapping.find("cost")) {
    const auto usd = reader.quantity(cost->value, Dimension::CostPerTonneDay);
    if (!usd) return std::nullopt;
    storage.cost_usd_per_t_per_day = *usd;
  }
  return storage;
}

std::vector<double> read_monthly_profile(Reader& reader, const Field& node) {
  std::vector<double> weights;
  if (!node.node.IsSequence() || node.node.size() != 12) {
    reader.error(node, "monthly_profile: expects 12 relative weights, January first, e.g. [1, 1, 1.2, ...]");
    return weights;
  }
  double sum = 0;
  for (std::size_t i = 0; i < 12; ++i) {
    const auto w = reader.decimal(Reader::item(node, i), 0, 1e6);
    if (!w) return {};
    weights.push_back(*w);
    sum += *w;
  }
  if (!(sum > 0)) {
    reader.error(node, "monthly_profile: every weight is 0; the demand would want nothing");
    return {};
  }
  return weights;
}

std::vector<double> read_per_period(Reader& reader, const Field& node, int periods) {
  std::vector<double> tonnes;
  if (!node.node.IsSequence() || node.node.size() != static_cast<std::size_t>(periods)) {
    reader.error(node, "per_period: expects " + std::to_string(periods) +
                           " masses, one per period of time: (e.g. [100 kt, 90 kt, ...])");
    return tonnes;
  }
  for (std::size_t i = 0; i < node.node.size(); ++i) {
    const auto t = reader.quantity(Reader::item(node, i), Dimension::Mass);
    if (!t) return {};
    tonnes.push_back(*t);
  }
  return tonnes;
}

std::optional<double> read_backlog(Reader& reader, const Field& node) {
  const Mapping mapping = reader.map(node, {"cost"}, "backlog");
  if (!node.node.IsMap()) return std::nullopt;
  const Entry* cost = mapping.find("cost");
  if (!cost) {
    if (!mapping.misspelt.count("cost")) {
      reader.error(node, "backlog: missing 'cost' per tonne per day, week or month late (e.g. 2 USD/t/month)");
    }
    return std::nullopt;
  }
  return reader.quantity(cost->value, Dimension::CostPerTonneDay);
}

}  // namespace borderflow
