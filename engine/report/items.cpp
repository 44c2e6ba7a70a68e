#include "report/items.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <tuple>

#include "core/text.hpp"
#include "report/labels.hpp"

namespace borderflow {

using nlohmann::json;

const char* const kBorderflowVersion = BORDERFLOW_VERSION;

double rounded(double value, int decimals) {
  const double factor = std::pow(10.0, decimals);
  double r = std::round(value * factor) / factor;
  return r == 0 ? 0.0 : r;
}

json number_or_null(double value, int decimals) {
  if (!std::isfinite(value)) return nullptr;
  return rounded(value, decimals);
}

std::string number_text(double value, int decimals) { return std::isfinite(value) ? format_fixed(value, decimals) : ""; }

std::string unit_key(RowUnit unit) {
  switch (unit) {
    case RowUnit::TonneHoursPerYear: return "t_h_per_yr";
    case RowUnit::BarrelsPerYear: return "bbl_per_yr";
    case RowUnit::Tonnes: return "t";
    case RowUnit::TonnesPerYear: break;
  }
  return "t_per_yr";
}

std::string fleet_use_text(const FleetItem& f) {
  std::string out = format_fixed(f.vehicles_needed, 1) + " of " + format_real(f.count) + " " +
                    vehicle_plural(f.vehicle) + ", " + format_fixed(f.share_of_fleet_pct, 0) + "%, " +
                    format_fixed(f.departures_per_day, 1) + " departures/day";
  if (f.after_background && f.background_vehicles > 0) {
    out += " (" + format_fixed(f.background_vehicles, 1) + " more in background traffic)";
  }
  return out;
}

std::vector<FleetItem> fleet_items(const Network& network, const std::vector<double>& arc_t_per_yr,
                                   const std::vector<double>& row_shadow) {
  const Scenario& s = network.scenario();
  std::vector<FleetItem> out;
  for (const FleetUse& u : fleet_uses(network, arc_t_per_yr, row_shadow)) {
    const bool binding = u.row < static_cast<int>(row_shadow.size()) &&
                         row_shadow[static_cast<std::size_t>(u.row)] > kBindingShadowPrice;
    if (u.carried_t_per_yr <= kFlowEpsilon_t_per_yr && !binding) continue;
    const Fleet& fleet = s.fleets[static_cast<std::size_t>(u.fleet)];
    const CapacityRow& row = network.rows()[static_cast<std::size_t>(u.row)];
    out.push_back({fleet.id, fleet.name, s.vehicles[static_cast<std::size_t>(fleet.vehicle)].id, fleet.count,
                   fleet.payload_t, rounded(u.carried_t_per_yr, 1), rounded(u.use_t_h_per_yr, 0),
                   rounded(row.capacity_t_per_yr, 0), rounded(u.vehicles_needed, 2),
                   rounded(100 * u.share_of_fleet, 1), rounded(u.departures_per_day, 2), !s.background.empty(),
                   rounded(u.background_vehicles, 2), rounded(u.shadow_price_per_vehicle, 2)});
  }
  return out;
}

json to_json(const FleetItem& f) {
  json item = {{"id", f.id},
               {"name", f.name},
               {"vehicle", f.vehicle},
               {"count", f.count},
               {"payload_t", f.payload_t},
               {"carried_t_per_yr", f.carried_t_per_yr},
               {"used_t_h_per_yr", f.used_t_h_per_yr},
               {"capacity_t_h_per_yr", f.capacity_t_h_per_yr},
               {"vehicles_needed", f.vehicles_needed},
               {"share_of_fleet_pct", f.share_of_fleet_pct},
               {"departures_per_day", f.departures_per_day}};
  if (f.after_background) item["background_vehicles"] = f.background_vehicles;
  return item;
}

json to_json(const std::vector<FleetItem>& items, const std::string& shadow_key) {
  json out = json::array();
  for (const auto& f : items) {
    json item = to_json(f);
    item[shadow_key] = f.shadow_price_per_vehicle;
    out.push_back(std::move(item));
  }
  return out;
}

std::vector<VehicleItem> vehicle_items(const Network& network, const std::vector<double>& arc_t_per_yr) {
  const Scenario& s = network.scenario();
  std::vector<VehicleItem> out;
  for (const VehicleUse& u : vehicle_uses(network, arc_t_per_yr)) {
    const CapacityRow& row = network.rows()[static_cast<std::size_t>(u.row)];
    out.push_back({element_kind_name(row.kind), network.row_element_id(u.row), network.row_direction(u.row),
                   s.vehicles[static_cast<std::size_t>(u.vehicle)].id, u.payload_t, rounded(u.per_day, 2),
                   rounded(u.capacity_per_day, 2), !s.background.empty(), rounded(u.background_per_day, 2)});
  }
  return out;
}

json to_json(const std::vector<VehicleItem>& items) {
  json out = json::array();
  for (const auto& v : items) {
    json item = {{"kind", v.kind},
                 {"id", v.id},
                 {"direction", v.direction},
                 {"vehicle", v.vehicle},
                 {"payload_t", v.payload_t},
                 {"vehicles_per_day", v.per_day},
                 {"capacity_vehicles_per_day", v.capacity_per_day}};
    if (v.after_background) item["background_vehicles_per_day"] = v.background_per_day;
    out.push_back(std::move(item));
  }
  return out;
}

std::string vehicle_use_text(const VehicleItem& v) {
  // Below one a day (4 voyages/month), a day's fraction says less than a month's count.
  const bool monthly = v.capacity_per_day < 1;
  const double per_period = monthly ? kDaysPerYear / 12 : 1;
  std::string out = format_fixed(v.per_day * per_period, 1) + " " + vehicle_plural(v.vehicle) +
                    (monthly ? "/month" : "/day") + " of " + format_real(rounded(v.capacity_per_day * per_period, 1));
  if (v.after_background && v.background_per_day > 0) {
    out += " (" + format_fixed(v.background_per_day * per_period, 1) + " more in background traffic)";
  }
  return out;
}

std::vector<BindingItem> binding_items(const Network& network, const std::vector<BindingRow>& rows,
                                       const std::vector<double>& arc_t_per_yr) {
  const Scenario& s = network.scenario();
  std::vector<double> shadow(network.rows().size(), 0.0);
  for (const auto& r : rows) shadow[static_cast<std::size_t>(r.row)] = r.shadow_price;
  const std::vector<FleetItem> fleets = fleet_items(network, arc_t_per_yr, shadow);
  std::vector<BindingItem> out;
  for (const auto& r : rows) {
    const CapacityRow& row = network.rows()[static_cast<std::size_t>(r.row)];
    BindingItem item{element_kind_name(row.kind), network.row_element_id(r.row), element_name(s, row),
                     network.row_direction(r.row), network.describe_row(r.row), row.unit, rounded(r.capacity_t_per_yr, 1),
                     rounded(r.used_t_per_yr, 1), rounded(r.shadow_price, 6), !s.background.empty(),
                     rounded(row.background, 1), rounded(row.spare(), 1), std::nullopt};
    if (row.kind == ElementKind::Fleet) {
      for (const auto& f : fleets) {
        if (f.id == item.id) item.fleet = f;
      }
    }
    out.push_back(std::move(item));
  }
  return out;
}

json to_json(const std::vector<BindingItem>& items) {
  json out = json::array();
  for (const auto& b : items) {
    const std::string unit = unit_key(b.unit);
    json item = {{"kind", b.kind},
                 {"id", b.id},
                 {"direction", b.direction},
                 {"label", b.label},
                 {"capacity_" + unit, b.capacity},
                 {"used_" + unit, b.used},
                 {"shadow_price", b.shadow_price}};
    if (b.unit != RowUnit::TonnesPerYear) item["unit"] = to_string(b.unit);
    if (b.after_background) {
      item["background_" + unit] = b.background;
      item["spare_" + unit] = b.spare;
    }
    if (b.fleet) item["fleet"] = to_json(*b.fleet);
    out.push_back(std::move(item));
  }
  return out;
}

std::string binding_value_text(const BindingItem& b) {
  if (b.fleet) return fleet_use_text(*b.fleet);
  // Tonne rows in Mt/yr like the tables' headers say; other units (bbl/yr caps) in their own.
  const bool tonnes = b.unit == RowUnit::TonnesPerYear;
  auto amount = [&](double v) { return tonnes ? format_mt(v) : format_grouped(v); };
  const std::string unit = tonnes ? "" : std::string(" ") + to_string(b.unit);
  if (b.background > 0) return "spare " + amount(b.spare) + " of " + amount(b.capacity) + unit + " (" + amount(b.background) + " background)";
  return amount(b.capacity) + unit;
}

std::string bottleneck_text(const std::vector<BindingItem>& all, std::size_t limit) {
  if (all.empty()) return "-";
  // The rows that carry most of the flow first (in a max flow every binding row has the same
  // shadow price, so the solver's order says nothing); fleets and other units after the tonnes.
  std::vector<BindingItem> items = all;
  auto tonnes = [](const BindingItem& b) { return !b.fleet && b.unit == RowUnit::TonnesPerYear; };
  std::stable_sort(items.begin(), items.end(), [&](const BindingItem& a, const BindingItem& b) {
    if (tonnes(a) != tonnes(b)) return tonnes(a);
    return tonnes(a) && a.used > b.used;
  });
  std::string out;
  for (std::size_t i = 0; i < items.size() && i < limit; ++i) {
    const auto& b = items[i];
    const std::string name = b.fleet ? named(b.kind, b.id, b.name) : b.kind + " " + b.id + " " + b.direction;
    out += (i ? " + " : "") + name + " " + binding_value_text(b);
  }
  if (items.size() > limit) out += " + " + std::to_string(items.size() - limit) + " more";
  return out;
}

std::vector<CutItem> cut_items(const Network& network, const CapacityAnswer& answer) {
  std::vector<CutItem> out;
  if (answer.status != SolveStatus::Optimal) return out;
  for (int r : answer.cut_rows) {
    const CapacityRow& row = network.rows()[static_cast<std::size_t>(r)];
    const bool alone = std::binary_search(answer.raises_flow_alone.begin(), answer.raises_flow_alone.end(), r);
    out.push_back({element_kind_name(row.kind), network.row_element_id(r), network.row_direction(r),
                   network.describe_row(r), rounded(row.capacity_t_per_yr, 1), row.unit, alone});
  }
  return out;
}

json to_json(const std::vector<CutItem>& items) {
  json out = json::array();
  for (const auto& c : items) {
    json item = {{"kind", c.kind},
                 {"id", c.id},
                 {"direction", c.direction},
                 {"label", c.label},
                 {"raises_capacity_alone", c.raises_alone}};
    if (c.unit == RowUnit::TonnesPerYear) {
      item["capacity_t_per_yr"] = c.capacity;
    } else {
      item["capacity"] = c.capacity;
      item["unit"] = to_string(c.unit);
    }
    out.push_back(std::move(item));
  }
  return out;
}

std::string cut_capacity_text(const CutItem& c) {
  if (c.unit == RowUnit::TonnesPerYear) return format_mt(c.capacity);
  return format_grouped(c.capacity) + " " + to_string(c.unit);
}

std::string cut_text(const std::vector<CutItem>& items, bool complete, std::size_t limit) {
  if (items.empty()) return complete ? "-" : "(not all tested)";
  std::vector<const CutItem*> alone;
  for (const auto& c : items) {
    if (c.raises_alone) alone.push_back(&c);
  }
  std::string out;
  auto name = [](const CutItem& c) { return c.kind + " " + c.id + " " + c.direction; };
  if (!alone.empty()) {
    for (std::size_t i = 0; i < alone.size() && i < limit; ++i) out += (i ? ", " : "") + name(*alone[i]);
    if (alone.size() > limit) out += ", +" + std::to_string(alone.size() - limit) + " more";
    out += alone.size() == 1 ? " alone" : " (each alone)";
  } else {
    out = "tied: ";
    for (std::size_t i = 0; i < items.size() && i < limit; ++i) out += (i ? ", " : "") + name(items[i]);
    if (items.size() > limit) out += ", +" + std::to_string(items.size() - limit) + " more";
    out += " (none alone)";
  }
  if (!complete) out += " (not all tested)";
  return out;
}

std::vector<ElementFlow> element_flows(const Network& network, const std::vector<double>& arc_t_per_yr) {
  const Scenario& s = network.scenario();
  std::map<std::tuple<ElementKind, std::string, std::string>, ElementFlow> totals;
  auto add = [&](ElementKind kind, const std::string& id, const std::string& name, const std::string& direction,
                 double amount) {
    ElementFlow& e = totals[{kind, id, direction}];
    e.kind = kind;
    e.id = id;
    e.name = name;
    e.direction = direction;
    e.t_per_yr += amount;
  };
  for (const auto& arc : network.arcs()) {
    const double x = arc_t_per_yr[static_cast<std::size_t>(arc.index)];
    if (x <= kFlowEpsilon_t_per_yr) continue;
    const auto& tail = network.vertex(arc.tail);
    const auto& head = network.vertex(arc.head);
    const Place& from = s.places[static_cast<std::size_t>(tail.place)];
    const Place& to = s.places[static_cast<std::size_t>(head.place)];
    if (arc.kind == ArcKind::Link) {
      const Link& link = s.links[static_cast<std::size_t>(arc.element)];
      add(ElementKind::Link, link.id, link.name, from.id + "->" + to.id, x);
      if (link.crossing >= 0) {
        const Crossing& c = s.crossings[static_cast<std::size_t>(link.crossing)];
        add(ElementKind::Crossing, c.id, c.name, from.country + "->" + to.country, x);
      }
    } else if (arc.kind == ArcKind::Storage) {
      add(ElementKind::Storage, from.id, from.name, "held into the next period", x);
    } else {
      const Transfer& t = s.transfers[static_cast<std::size_t>(arc.element)];
      add(ElementKind::Transfer, t.id, t.name, to_string(tail.layer) + "->" + to_string(head.layer), x);
      totals[{ElementKind::Transfer, t.id, to_string(tail.layer) + "->" + to_string(head.layer)}].gauge_change =
          tail.layer.mode == Mode::Rail && head.layer.mode == Mode::Rail && tail.layer.gauge_mm != head.layer.gauge_mm;
    }
  }
  std::vector<ElementFlow> out;
  for (auto& [key, value] : totals) out.push_back(std::move(value));
  return out;
}

std::vector<FlowItem> flow_items(const std::vector<ElementFlow>& flows, ElementKind kind) {
  std::vector<FlowItem> out;
  for (const auto& e : flows) {
    if (e.kind == kind) out.push_back({e.id, e.name, e.direction, rounded(e.t_per_yr, 1), e.gauge_change});
  }
  return out;
}

json to_json(const std::vector<FlowItem>& items, ElementKind kind) {
  json out = json::array();
  for (const auto& e : items) {
    json item = {{"id", e.id}, {"name", e.name}, {"direction", e.direction}, {"t_per_yr", e.t_per_yr}};
    if (kind == ElementKind::Transfer) item["gauge_change"] = e.gauge_change;
    out.push_back(std::move(item));
  }
  return out;
}

std::vector<PathItem> path_items(const Network& network, const std::vector<PathFlow>& paths) {
  std::vector<PathItem> out;
  for (const auto& p : paths) {
    out.push_back({rounded(p.t_per_yr, 1), rounded(p.cost_usd_per_t, 4), rounded(p.hours / 24.0, 3), path_label(network, p)});
  }
  return out;
}

json to_json(const std::vector<PathItem>& items) {
  json out = json::array();
  for (const auto& p : items) {
    out.push_back(
        {{"t_per_yr", p.t_per_yr}, {"cost_usd_per_t", p.cost_usd_per_t}, {"transit_days", p.transit_days}, {"path", p.path}});
  }
  return out;
}

std::string place_set_ids(const Scenario& s, const PlaceSet& set) {
  std::string out;
  if (!set.countries.empty()) {
    for (const auto& c : set.countries) out += (out.empty() ? "" : " ") + c;
    return out;
  }
  for (int p : set.places) out += (out.empty() ? "" : " ") + s.places[static_cast<std::size_t>(p)].id;
  return out;
}

ElementKey element_key(const std::string& kind, const std::string& id, const std::string& direction) {
  ElementKey key{kind, id, "", ""};
  const std::size_t arrow = direction.find("->");
  if (arrow == std::string::npos) return key;
  auto ids = [](std::string text) {
    std::replace(text.begin(), text.end(), '/', ' ');
    return text;
  };
  key.from = ids(direction.substr(0, arrow));
  key.to = ids(direction.substr(arrow + 2));
  return key;
}

void TidyCsv::add(const ElementKey& element, const std::string& metric, const std::string& unit, double value,
                  int decimals) {
  TidyRecord record = at_;
  record.element_kind = element.kind;
  record.element_id = element.id;
  record.from = element.from;
  record.to = element.to;
  record.metric = metric;
  record.unit = unit;
  record.value = value;
  record.decimals = decimals;
  lines_ += tidy_csv_line(record);
}

std::string shadow_price_unit(RowUnit unit, bool routing) {
  if (routing) {
    switch (unit) {
      case RowUnit::TonneHoursPerYear: return "USD/t-h";
      case RowUnit::BarrelsPerYear: return "USD/bbl";
      case RowUnit::Tonnes:
      case RowUnit::TonnesPerYear: break;
    }
    return "USD/t";
  }
  if (unit == RowUnit::TonnesPerYear || unit == RowUnit::Tonnes) return "1";
  return std::string("t/yr per ") + to_string(unit);
}

}  // namespace borderflow
