#include "report/report.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <sstream>

#include "core/text.hpp"
#include "report/labels.hpp"

namespace borderflow {
namespace {

using nlohmann::json;

// The release this output comes from: CMake's project(VERSION), so it cannot go stale.
const char* kVersion = BORDERFLOW_VERSION;

/// Rounds for output so that the same answers always print the same bytes.
double rounded(double value, int decimals) {
  const double factor = std::pow(10.0, decimals);
  double r = std::round(value * factor) / factor;
  return r == 0 ? 0.0 : r;
}

json number_or_null(double value, int decimals) {
  if (!std::isfinite(value)) return nullptr;
  return rounded(value, decimals);
}

json rows_json(const Network& network, const std::vector<BindingRow>& rows) {
  json out = json::array();
  for (const auto& r : rows) {
    const CapacityRow& row = network.rows()[static_cast<std::size_t>(r.row)];
    out.push_back({{"kind", element_kind_name(row.kind)},
                   {"id", network.row_element_id(r.row)},
                   {"direction", network.row_direction(r.row)},
                   {"label", network.describe_row(r.row)},
                   {"capacity_t_per_yr", rounded(r.capacity_t_per_yr, 1)},
                   {"used_t_per_yr", rounded(r.used_t_per_yr, 1)},
                   {"shadow_price", rounded(r.shadow_price, 6)}});
  }
  return out;
}

json paths_json(const Network& network, const std::vector<PathFlow>& paths) {
  json out = json::array();
  for (const auto& p : paths) {
    out.push_back({{"t_per_yr", rounded(p.t_per_yr, 1)},
                   {"cost_usd_per_t", rounded(p.cost_usd_per_t, 4)},
                   {"transit_days", rounded(p.hours / 24.0, 3)},
                   {"path", describe_path(network, p)}});
  }
  return out;
}

json element_flows_json(const Network& network, const std::vector<double>& arc_t_per_yr, ElementKind kind) {
  json out = json::array();
  for (const auto& e : element_flows(network, arc_t_per_yr)) {
    if (e.kind != kind) continue;
    json item = {{"id", e.id}, {"name", e.name}, {"direction", e.direction}, {"t_per_yr", rounded(e.t_per_yr, 1)}};
    if (kind == ElementKind::Transfer) item["gauge_change"] = e.gauge_change;
    out.push_back(std::move(item));
  }
  return out;
}

/// Summed arc flow over all classes of the routing.
std::vector<double> routing_arc_totals(const Network& network, const RoutingAnswer& routing) {
  std::vector<double> total(network.arcs().size(), 0.0);
  for (const auto& c : routing.solution.classes) {
    for (std::size_t a = 0; a < total.size() && a < c.arc_t_per_yr.size(); ++a) total[a] += c.arc_t_per_yr[a];
  }
  return total;
}

std::string pad(const std::string& text, std::size_t width, bool right = false) {
  // Width counts code points so that non-ASCII names do not break alignment.
  std::size_t length = 0;
  for (unsigned char c : text) length += (c & 0xc0) != 0x80;
  if (length >= width) return text;
  const std::string fill(width - length, ' ');
  return right ? fill + text : text + fill;
}

/// A plain-text table with column widths fitted to content; `right` marks numeric columns.
std::string text_table(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows,
                       const std::vector<bool>& right) {
  std::vector<std::size_t> width(header.size(), 0);
  auto measure = [&](const std::vector<std::string>& row) {
    for (std::size_t i = 0; i < row.size() && i < width.size(); ++i) {
      std::size_t length = 0;
      for (unsigned char c : row[i]) length += (c & 0xc0) != 0x80;
      width[i] = std::max(width[i], length);
    }
  };
  measure(header);
  for (const auto& row : rows) measure(row);
  std::string out;
  auto line = [&](const std::vector<std::string>& row) {
    std::string text;
    for (std::size_t i = 0; i < row.size(); ++i) {
      const bool last = i + 1 == row.size();
      text += last && !right[i] ? row[i] : pad(row[i], width[i], right[i]);
      if (!last) text += "  ";
    }
    while (!text.empty() && text.back() == ' ') text.pop_back();
    out += "  " + text + "\n";
  };
  line(header);
  std::vector<std::string> rule;
  for (std::size_t w : width) rule.push_back(std::string(w, '-'));
  line(rule);
  for (const auto& row : rows) line(row);
  return out;
}

std::string markdown_table(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows,
                           const std::vector<bool>& right) {
  auto escape = [](std::string cell) {
    std::string out;
    for (char c : cell) {
      if (c == '|') out += "\\|";
      else out += c;
    }
    return out;
  };
  std::string out = "|";
  for (const auto& h : header) out += " " + escape(h) + " |";
  out += "\n|";
  for (std::size_t i = 0; i < header.size(); ++i) out += right[i] ? "---:|" : "---|";
  out += "\n";
  for (const auto& row : rows) {
    out += "|";
    for (const auto& cell : row) out += " " + escape(cell) + " |";
    out += "\n";
  }
  return out;
}

/// CSV cell: quoted when needed; a leading = + - @ is defused for spreadsheets, except numbers.
std::string csv_cell(const std::string& text) {
  std::string cell = text;
  const bool numeric = parse_decimal(text).has_value();
  if (!cell.empty() && !numeric && (cell[0] == '=' || cell[0] == '+' || cell[0] == '-' || cell[0] == '@')) {
    cell = "'" + cell;
  }
  if (cell.find_first_of(",\"\n") != std::string::npos) {
    std::string quoted = "\"";
    for (char c : cell) {
      if (c == '"') quoted += "\"\"";
      else quoted += c;
    }
    return quoted + "\"";
  }
  return cell;
}

std::string json_number_text(const json& value, int decimals) {
  if (value.is_null()) return "";
  return format_fixed(value.get<double>(), decimals);
}

std::string bottleneck_text(const json& bottleneck, std::size_t limit) {
  if (bottleneck.empty()) return "-";
  std::string out;
  for (std::size_t i = 0; i < bottleneck.size() && i < limit; ++i) {
    const auto& b = bottleneck[i];
    out += (i ? " + " : "") + b["kind"].get<std::string>() + " " + b["id"].get<std::string>() + " " +
           b["direction"].get<std::string>() + " " + format_grouped(b["capacity_t_per_yr"].get<double>());
  }
  if (bottleneck.size() > limit) out += " + " + std::to_string(bottleneck.size() - limit) + " more";
  return out;
}

}  // namespace

json run_to_json(const SolvedScenario& solved) {
  const Network& network = solved.network;
  const ScenarioAnswer& answer = solved.answer;
  const Scenario& s = network.scenario();
  json out;
  out["borderflow_version"] = kVersion;
  out["scenario"] = {{"name", s.name}, {"description", s.description}, {"files", s.files}};
  if (!s.policy.no_transit.empty() || !s.policy.closed.empty()) {
    out["scenario"]["policy"] = {{"no_transit", s.policy.no_transit}, {"closed", s.policy.closed}};
  }
  out["network"] = {{"places", s.places.size()},
                    {"links", s.links.size()},
                    {"transfers", s.transfers.size()},
                    {"crossings", s.crossings.size()},
                    {"vertices", network.vertex_count()},
                    {"arcs", network.arcs().size()},
                    {"capacity_rows", network.rows().size()}};
  json capacities = json::array();
  for (const auto& c : answer.capacities) {
    const Route& route = s.routes[static_cast<std::size_t>(c.route)];
    json item = {{"route", route.id},
                 {"name", route.name},
                 {"direction", direction_label(s, route, c.reverse)},
                 {"reverse", c.reverse},
                 {"status", to_string(c.status)}};
    if (c.status == SolveStatus::Optimal) {
      item["capacity_t_per_yr"] = rounded(c.capacity_t_per_yr, 1);
      item["cost_usd_per_t"] = rounded(c.cost_usd_per_t, 4);
      item["transit_days"] = rounded(c.hours / 24.0, 3);
      item["verified"] = c.certified;
      if (!c.certified) item["check_problems"] = c.check_problems;
      item["bottleneck"] = rows_json(network, c.bottleneck);
      item["paths"] = paths_json(network, c.paths);
      item["crossings"] = element_flows_json(network, c.arc_t_per_yr, ElementKind::Crossing);
      item["transfers"] = element_flows_json(network, c.arc_t_per_yr, ElementKind::Transfer);
    } else if (c.status == SolveStatus::Unbounded) {
      item["capacity_t_per_yr"] = nullptr;
      item["note"] = "unlimited: some path from origins to destinations has no finite capacity";
    }
    capacities.push_back(std::move(item));
  }
  out["route_capacities"] = std::move(capacities);

  const RoutingAnswer& routing = answer.routing;
  json r = {{"status", to_string(routing.status)}};
  if (!s.demands.empty() && routing.status == SolveStatus::Optimal) {
    r["verified"] = routing.certified;
    if (!routing.certified) r["check_problems"] = routing.check_problems;
    r["transport_cost_usd_per_yr"] = rounded(routing.transport_cost_usd_per_yr, 2);
    r["unserved_penalty_usd_per_yr"] = rounded(routing.unserved_penalty_usd_per_yr, 2);
    json demands = json::array();
    for (const auto& d : routing.demands) {
      const Demand& demand = s.demands[static_cast<std::size_t>(d.demand)];
      const Commodity& commodity = s.commodities[static_cast<std::size_t>(demand.commodity)];
      json item = {{"id", demand.id},
                   {"commodity", commodity.id},
                   {"from", place_set_label(s, demand.origins, PlaceListStyle::Count)},
                   {"to", place_set_label(s, demand.destinations, PlaceListStyle::Count)},
                   {"quantity_t_per_yr", rounded(demand.quantity_t_per_yr, 1)},
                   {"delivered_t_per_yr", rounded(d.delivered_t_per_yr, 1)},
                   {"unserved_t_per_yr", rounded(d.unserved_t_per_yr, 1)},
                   {"value_delivered_usd_per_yr", rounded(d.delivered_t_per_yr * commodity.value_usd_per_t, 0)},
                   {"cost_usd_per_t", rounded(d.cost_usd_per_t, 4)},
                   {"transit_days", rounded(d.hours / 24.0, 3)},
                   {"unserved_cost_usd_per_t", rounded(demand.unserved_cost_usd_per_t, 4)},
                   {"paths", paths_json(network, d.paths)}};
      const std::string why = unserved_sentence(network, d);
      if (!why.empty()) item["unserved_reason"] = why;
      demands.push_back(std::move(item));
    }
    r["demands"] = std::move(demands);
    r["binding"] = rows_json(network, routing.binding);
    const auto totals = routing_arc_totals(network, routing);
    r["crossings"] = element_flows_json(network, totals, ElementKind::Crossing);
    r["transfers"] = element_flows_json(network, totals, ElementKind::Transfer);
  }
  out["routing"] = std::move(r);
  return out;
}

namespace {

std::string render_run_text(const json& j, bool markdown) {
  std::ostringstream out;
  auto table = [&](const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows,
                   const std::vector<bool>& right) {
    out << (markdown ? markdown_table(header, rows, right) : text_table(header, rows, right));
  };
  const auto& scenario = j["scenario"];
  out << (markdown ? "## " : "") << "Scenario " << scenario["name"].get<std::string>() << "\n";
  if (!scenario["description"].get<std::string>().empty()) {
    std::string description = scenario["description"].get<std::string>();
    while (!description.empty() && description.back() == '\n') description.pop_back();
    out << description << "\n";
  }
  const auto& n = j["network"];
  out << "network: " << n["places"] << " places, " << n["links"] << " links, " << n["transfers"] << " transfers, "
      << n["crossings"] << " crossings -> " << n["vertices"] << " vertices, " << n["arcs"] << " arcs, "
      << n["capacity_rows"] << " capacity rows\n";
  if (scenario.contains("policy")) {
    std::string policy;
    for (const auto& c : scenario["policy"]["no_transit"]) policy += (policy.empty() ? "" : ", ") + c.get<std::string>();
    if (!policy.empty()) out << "policy: no transit through " << policy << "\n";
  }
  out << "\n" << (markdown ? "### " : "") << "Route capacities (max flow, t/yr; cost and transit of the cheapest way to carry it)\n";
  std::vector<std::vector<std::string>> rows;
  for (const auto& c : j["route_capacities"]) {
    if (c["status"] != "optimal") {
      rows.push_back({c["route"], c["direction"], c["status"] == "unbounded" ? "unlimited" : c["status"].get<std::string>(),
                      "", "", "", c.value("note", "")});
      continue;
    }
    const bool carries = c["capacity_t_per_yr"].get<double>() > 0;
    rows.push_back({c["route"], c["direction"], format_grouped(c["capacity_t_per_yr"].get<double>()),
                    carries ? json_number_text(c["cost_usd_per_t"], 2) : "-",
                    carries ? json_number_text(c["transit_days"], 1) : "-", c["verified"].get<bool>() ? "yes" : "NO",
                    carries || !c["bottleneck"].empty() ? bottleneck_text(c["bottleneck"], 3) : "no open path"});
  }
  table({"route", "direction", "t/yr", "USD/t", "days", "verified", "bottleneck (binding capacities, t/yr)"}, rows,
        {false, false, true, true, true, false, false});

  const auto& routing = j["routing"];
  if (routing.contains("demands")) {
    out << "\n" << (markdown ? "### " : "") << "Demands (least-cost routing, all demands sharing capacity; transport "
        << format_grouped(routing["transport_cost_usd_per_yr"].get<double>()) << " USD/yr, verified: "
        << (routing["verified"].get<bool>() ? "yes" : "NO") << ")\n";
    rows.clear();
    for (const auto& d : routing["demands"]) {
      rows.push_back({d["id"], d["commodity"], d["from"].get<std::string>() + " -> " + d["to"].get<std::string>(),
                      format_grouped(d["quantity_t_per_yr"].get<double>()),
                      format_grouped(d["delivered_t_per_yr"].get<double>()),
                      format_grouped(d["unserved_t_per_yr"].get<double>()),
                      d["delivered_t_per_yr"].get<double>() > 0 ? json_number_text(d["cost_usd_per_t"], 2) : "-",
                      d["delivered_t_per_yr"].get<double>() > 0 ? json_number_text(d["transit_days"], 1) : "-",
                      d.value("unserved_reason", "")});
    }
    table({"demand", "commodity", "from -> to", "wanted t/yr", "delivered", "unserved", "USD/t", "days", "why unserved"},
          rows, {false, false, false, true, true, true, true, true, false});
    out << "\n" << (markdown ? "### " : "") << "Routes used\n";
    rows.clear();
    for (const auto& d : routing["demands"]) {
      for (const auto& p : d["paths"]) {
        rows.push_back({d["id"], format_grouped(p["t_per_yr"].get<double>()), json_number_text(p["cost_usd_per_t"], 2),
                        json_number_text(p["transit_days"], 1), p["path"]});
      }
    }
    table({"demand", "t/yr", "USD/t", "days", "path"}, rows, {false, true, true, true, false});
    if (!routing["binding"].empty()) {
      out << "\n" << (markdown ? "### " : "") << "Binding capacities (shadow price: USD/yr saved per extra t/yr)\n";
      rows.clear();
      for (const auto& b : routing["binding"]) {
        rows.push_back({b["label"], format_grouped(b["capacity_t_per_yr"].get<double>()),
                        format_fixed(b["shadow_price"].get<double>(), 2)});
      }
      table({"capacity", "t/yr", "shadow USD/t"}, rows, {false, true, true});
    }
  }
  return out.str();
}

std::string render_run_csv(const json& j) {
  // Tidy rows: one measured value per line, so any spreadsheet or dataframe can pivot them.
  std::string out = "scenario,section,id,direction,metric,value\n";
  const std::string scenario = j["scenario"]["name"];
  auto emit = [&](const std::string& section, const std::string& id, const std::string& direction,
                  const std::string& metric, const std::string& value) {
    out += csv_cell(scenario) + "," + csv_cell(section) + "," + csv_cell(id) + "," + csv_cell(direction) + "," +
           csv_cell(metric) + "," + csv_cell(value) + "\n";
  };
  for (const auto& c : j["route_capacities"]) {
    const std::string id = c["route"];
    const std::string direction = c["direction"];
    emit("route_capacity", id, direction, "status", c["status"]);
    if (c["status"] != "optimal") continue;
    emit("route_capacity", id, direction, "capacity_t_per_yr", json_number_text(c["capacity_t_per_yr"], 1));
    emit("route_capacity", id, direction, "cost_usd_per_t", json_number_text(c["cost_usd_per_t"], 4));
    emit("route_capacity", id, direction, "transit_days", json_number_text(c["transit_days"], 3));
    emit("route_capacity", id, direction, "verified", c["verified"].get<bool>() ? "true" : "false");
    for (const auto& b : c["bottleneck"]) {
      emit("route_bottleneck", id, direction, b["kind"].get<std::string>() + ":" + b["id"].get<std::string>() + ":" +
                                                  b["direction"].get<std::string>(),
           format_fixed(b["shadow_price"].get<double>(), 6));
    }
    for (const auto& e : c["crossings"]) {
      emit("route_crossing_flow", id, direction, e["id"].get<std::string>() + ":" + e["direction"].get<std::string>(),
           json_number_text(e["t_per_yr"], 1));
    }
    for (const auto& e : c["transfers"]) {
      emit("route_transfer_flow", id, direction, e["id"].get<std::string>() + ":" + e["direction"].get<std::string>(),
           json_number_text(e["t_per_yr"], 1));
    }
  }
  const auto& routing = j["routing"];
  if (routing.contains("demands")) {
    for (const auto& d : routing["demands"]) {
      const std::string id = d["id"];
      const std::string direction = d["from"].get<std::string>() + " -> " + d["to"].get<std::string>();
      for (const char* metric : {"quantity_t_per_yr", "delivered_t_per_yr", "unserved_t_per_yr"}) {
        emit("demand", id, direction, metric, json_number_text(d[metric], 1));
      }
      emit("demand", id, direction, "value_delivered_usd_per_yr", json_number_text(d["value_delivered_usd_per_yr"], 0));
      emit("demand", id, direction, "cost_usd_per_t", json_number_text(d["cost_usd_per_t"], 4));
      emit("demand", id, direction, "transit_days", json_number_text(d["transit_days"], 3));
      if (d.contains("unserved_reason")) emit("demand", id, direction, "unserved_reason", d["unserved_reason"]);
    }
    for (const auto& b : routing["binding"]) {
      emit("routing_binding", b["kind"].get<std::string>() + ":" + b["id"].get<std::string>(), b["direction"],
           "shadow_price_usd_per_t", format_fixed(b["shadow_price"].get<double>(), 6));
    }
  }
  return out;
}

}  // namespace

std::string render_run(const SolvedScenario& solved, Format format) {
  const json j = run_to_json(solved);
  switch (format) {
    case Format::Json: return j.dump(2) + "\n";
    case Format::Csv: return render_run_csv(j);
    case Format::Markdown: return render_run_text(j, true);
    case Format::Table: return render_run_text(j, false);
  }
  return {};
}

// ---------------------------------------------------------------------------------------------
// Compare: the same route questions across scenarios.

json compare_to_json(const std::vector<SolvedScenario>& scenarios) {
  json out;
  out["borderflow_version"] = kVersion;
  json names = json::array();
  for (const auto& c : scenarios) names.push_back({{"name", c.network.scenario().name}, {"file", c.file}});
  out["scenarios"] = names;
  // Questions keyed by route id and direction, in the order the first scenario asks them.
  std::vector<std::pair<std::string, bool>> keys;
  for (const auto& c : scenarios) {
    for (const auto& cap : c.answer.capacities) {
      const auto key = std::make_pair(c.network.scenario().routes[static_cast<std::size_t>(cap.route)].id, cap.reverse);
      if (std::find(keys.begin(), keys.end(), key) == keys.end()) keys.push_back(key);
    }
  }
  json questions = json::array();
  for (const auto& key : keys) {
    const std::string& route_id = key.first;
    const bool reverse = key.second;
    json q = {{"route", route_id}, {"reverse", reverse}};
    json per = json::array();
    double first_capacity = NAN, first_value = NAN, first_cost = NAN;
    for (std::size_t i = 0; i < scenarios.size(); ++i) {
      const Network& network = scenarios[i].network;
      const Scenario& s = network.scenario();
      const auto it = std::find_if(scenarios[i].answer.capacities.begin(), scenarios[i].answer.capacities.end(),
                                   [&](const CapacityAnswer& a) {
                                     return s.routes[static_cast<std::size_t>(a.route)].id == route_id && a.reverse == reverse;
                                   });
      json item = {{"scenario", s.name}};
      if (it == scenarios[i].answer.capacities.end()) {
        item["status"] = "not asked";
        per.push_back(item);
        continue;
      }
      const Route& route = s.routes[static_cast<std::size_t>(it->route)];
      q["direction"] = direction_label(s, route, reverse);
      item["status"] = to_string(it->status);
      if (it->status != SolveStatus::Optimal) {
        per.push_back(item);
        continue;
      }
      // Demands that travel this question's direction: their origins and destinations lie inside it.
      const PlaceSet& from = reverse ? route.destinations : route.origins;
      const PlaceSet& to = reverse ? route.origins : route.destinations;
      auto inside = [](const PlaceSet& part, const PlaceSet& whole) {
        return std::includes(whole.places.begin(), whole.places.end(), part.places.begin(), part.places.end());
      };
      double wanted = 0, delivered = 0, value = 0, weighted_value = 0, demand_cost = 0, demand_hours = 0;
      std::vector<double> demand_arcs(network.arcs().size(), 0.0);
      for (const auto& d : scenarios[i].answer.routing.demands) {
        const Demand& demand = s.demands[static_cast<std::size_t>(d.demand)];
        if (!inside(demand.origins, from) || !inside(demand.destinations, to)) continue;
        const auto& class_arcs = scenarios[i].answer.routing.solution.classes[static_cast<std::size_t>(d.demand)].arc_t_per_yr;
        for (std::size_t a = 0; a < demand_arcs.size(); ++a) demand_arcs[a] += class_arcs[a];
        const double unit_value = s.commodities[static_cast<std::size_t>(demand.commodity)].value_usd_per_t;
        wanted += demand.quantity_t_per_yr;
        delivered += d.delivered_t_per_yr;
        value += d.delivered_t_per_yr * unit_value;
        weighted_value += demand.quantity_t_per_yr * unit_value;
        demand_cost += d.cost_usd_per_t * d.delivered_t_per_yr;
        demand_hours += d.hours * d.delivered_t_per_yr;
      }
      // Rounded to the cent so that e.g. 9 Mt at 3,000 USD/t prints as 27,000,000,000.
      const double mix_value_usd_per_t = wanted > 0 ? rounded(weighted_value / wanted, 2) : NAN;
      const double capacity_value = it->capacity_t_per_yr * mix_value_usd_per_t;
      item["capacity_t_per_yr"] = rounded(it->capacity_t_per_yr, 1);
      item["capacity_value_usd_per_yr"] = number_or_null(capacity_value, 0);
      item["cost_usd_per_t"] = rounded(it->cost_usd_per_t, 4);
      item["transit_days"] = rounded(it->hours / 24.0, 3);
      item["verified"] = it->certified;
      item["bottleneck"] = rows_json(network, it->bottleneck);
      item["crossings"] = element_flows_json(network, it->arc_t_per_yr, ElementKind::Crossing);
      item["transfers"] = element_flows_json(network, it->arc_t_per_yr, ElementKind::Transfer);
      item["demand_t_per_yr"] = rounded(wanted, 1);
      item["demand_delivered_t_per_yr"] = rounded(delivered, 1);
      item["demand_delivered_usd_per_yr"] = rounded(value, 0);
      item["demand_cost_usd_per_t"] = delivered > 0 ? json(rounded(demand_cost / delivered, 4)) : json(nullptr);
      item["demand_transit_days"] = delivered > 0 ? json(rounded(demand_hours / delivered / 24.0, 3)) : json(nullptr);
      item["demand_crossings"] = element_flows_json(network, demand_arcs, ElementKind::Crossing);
      item["demand_transfers"] = element_flows_json(network, demand_arcs, ElementKind::Transfer);
      if (std::isnan(first_capacity)) {
        first_capacity = it->capacity_t_per_yr;
        first_value = capacity_value;
        first_cost = it->cost_usd_per_t;
      } else {
        item["delta_capacity_t_per_yr"] = rounded(it->capacity_t_per_yr - first_capacity, 1);
        item["delta_capacity_value_usd_per_yr"] = number_or_null(capacity_value - first_value, 0);
        item["delta_cost_usd_per_t"] = rounded(it->cost_usd_per_t - first_cost, 4);
      }
      per.push_back(std::move(item));
    }
    q["results"] = std::move(per);
    questions.push_back(std::move(q));
  }
  out["questions"] = std::move(questions);
  return out;
}

namespace {

std::string render_compare_text(const json& j, bool markdown) {
  std::ostringstream out;
  out << (markdown ? "## " : "") << "Comparison of " << j["scenarios"].size() << " scenarios (deltas against "
      << j["scenarios"][0]["name"].get<std::string>() << ")\n";
  for (const auto& q : j["questions"]) {
    out << "\n" << (markdown ? "### " : "") << "Route " << q["route"].get<std::string>() << ": "
        << q.value("direction", "") << "\n";
    std::vector<std::string> header = {"measure"};
    for (const auto& r : q["results"]) header.push_back(r["scenario"]);
    std::vector<std::vector<std::string>> rows;
    auto add = [&](const std::string& measure, auto cell) {
      std::vector<std::string> row = {measure};
      for (const auto& r : q["results"]) row.push_back(r["status"] == "optimal" ? cell(r) : r["status"].get<std::string>());
      rows.push_back(std::move(row));
    };
    auto grouped_or_dash = [](const json& r, const char* key) {
      return r.contains(key) && !r[key].is_null() ? format_grouped(r[key].get<double>()) : std::string("-");
    };
    auto fixed_or_dash = [](const json& r, const char* key, int decimals) {
      return r.contains(key) && !r[key].is_null() ? format_fixed(r[key].get<double>(), decimals) : std::string("-");
    };
    add("capacity t/yr", [&](const json& r) { return grouped_or_dash(r, "capacity_t_per_yr"); });
    add("  delta t/yr", [&](const json& r) { return grouped_or_dash(r, "delta_capacity_t_per_yr"); });
    add("capacity USD/yr at demand mix", [&](const json& r) { return grouped_or_dash(r, "capacity_value_usd_per_yr"); });
    add("  delta USD/yr", [&](const json& r) { return grouped_or_dash(r, "delta_capacity_value_usd_per_yr"); });
    add("cost USD/t at capacity", [&](const json& r) { return fixed_or_dash(r, "cost_usd_per_t", 2); });
    add("transit days at capacity", [&](const json& r) { return fixed_or_dash(r, "transit_days", 1); });
    add("demand wanted t/yr", [&](const json& r) { return grouped_or_dash(r, "demand_t_per_yr"); });
    add("demand delivered t/yr", [&](const json& r) { return grouped_or_dash(r, "demand_delivered_t_per_yr"); });
    add("demand delivered USD/yr", [&](const json& r) { return grouped_or_dash(r, "demand_delivered_usd_per_yr"); });
    add("demand cost USD/t", [&](const json& r) { return fixed_or_dash(r, "demand_cost_usd_per_t", 2); });
    add("demand transit days", [&](const json& r) { return fixed_or_dash(r, "demand_transit_days", 1); });
    add("verified", [](const json& r) { return std::string(r["verified"].get<bool>() ? "yes" : "NO"); });

    // One row per element that binds, or carries flow, in any of the scenarios.
    auto element_rows = [&](const std::string& title, const char* list, const std::string& value_key, auto keep) {
      std::vector<std::string> labels;
      for (const auto& r : q["results"]) {
        if (!r.contains(list)) continue;
        for (const auto& e : r[list]) {
          if (!keep(e)) continue;
          const std::string label = (e.contains("kind") ? e["kind"].get<std::string>() + " " : std::string()) +
                                    e["id"].get<std::string>() + " " + e["direction"].get<std::string>();
          if (std::find(labels.begin(), labels.end(), label) == labels.end()) labels.push_back(label);
        }
      }
      if (labels.empty()) return;
      rows.push_back({title});
      for (const auto& label : labels) {
        add("  " + label, [&](const json& r) {
          for (const auto& e : r[list]) {
            if ((e.contains("kind") ? e["kind"].get<std::string>() + " " : std::string()) + e["id"].get<std::string>() +
                    " " + e["direction"].get<std::string>() ==
                label) {
              return format_grouped(e[value_key].get<double>());
            }
          }
          return std::string(".");
        });
      }
    };
    element_rows("bottleneck (binding capacity, t/yr)", "bottleneck", "capacity_t_per_yr", [](const json&) { return true; });
    element_rows("flow per crossing at capacity, t/yr", "crossings", "t_per_yr", [](const json&) { return true; });
    element_rows("flow per gauge change at capacity, t/yr", "transfers", "t_per_yr",
                 [](const json& e) { return e.value("gauge_change", false); });
    element_rows("demand flow per crossing, t/yr", "demand_crossings", "t_per_yr", [](const json&) { return true; });
    element_rows("demand flow per gauge change, t/yr", "demand_transfers", "t_per_yr",
                 [](const json& e) { return e.value("gauge_change", false); });
    for (auto& row : rows) row.resize(header.size());
    std::vector<bool> right(header.size(), true);
    right[0] = false;
    out << (markdown ? markdown_table(header, rows, right) : text_table(header, rows, right));
  }
  return out.str();
}

std::string render_compare_csv(const json& j) {
  std::string out = "route,direction,scenario,metric,value\n";
  for (const auto& q : j["questions"]) {
    for (const auto& r : q["results"]) {
      auto emit = [&](const std::string& metric, const std::string& value) {
        out += csv_cell(q["route"]) + "," + csv_cell(q.value("direction", "")) + "," + csv_cell(r["scenario"]) + "," +
               csv_cell(metric) + "," + csv_cell(value) + "\n";
      };
      emit("status", r["status"]);
      if (r["status"] != "optimal") continue;
      for (const char* metric : {"capacity_t_per_yr", "delta_capacity_t_per_yr", "demand_t_per_yr",
                                 "demand_delivered_t_per_yr"}) {
        if (r.contains(metric)) emit(metric, json_number_text(r[metric], 1));
      }
      for (const char* metric : {"capacity_value_usd_per_yr", "delta_capacity_value_usd_per_yr", "demand_delivered_usd_per_yr"}) {
        if (r.contains(metric)) emit(metric, json_number_text(r[metric], 0));
      }
      for (const char* metric : {"cost_usd_per_t", "delta_cost_usd_per_t", "demand_cost_usd_per_t"}) {
        if (r.contains(metric)) emit(metric, json_number_text(r[metric], 4));
      }
      emit("transit_days", json_number_text(r["transit_days"], 3));
      emit("demand_transit_days", json_number_text(r["demand_transit_days"], 3));
      for (const auto& b : r["bottleneck"]) {
        emit("bottleneck:" + b["kind"].get<std::string>() + ":" + b["id"].get<std::string>() + ":" +
                 b["direction"].get<std::string>(),
             format_fixed(b["capacity_t_per_yr"].get<double>(), 1));
      }
      for (const auto& f : r["crossings"]) {
        emit("crossing_flow:" + f["id"].get<std::string>() + ":" + f["direction"].get<std::string>(),
             format_fixed(f["t_per_yr"].get<double>(), 1));
      }
      for (const auto& f : r["transfers"]) {
        emit("transfer_flow:" + f["id"].get<std::string>() + ":" + f["direction"].get<std::string>(),
             format_fixed(f["t_per_yr"].get<double>(), 1));
      }
      for (const auto& f : r["demand_crossings"]) {
        emit("demand_crossing_flow:" + f["id"].get<std::string>() + ":" + f["direction"].get<std::string>(),
             format_fixed(f["t_per_yr"].get<double>(), 1));
      }
      for (const auto& f : r["demand_transfers"]) {
        emit("demand_transfer_flow:" + f["id"].get<std::string>() + ":" + f["direction"].get<std::string>(),
             format_fixed(f["t_per_yr"].get<double>(), 1));
      }
    }
  }
  return out;
}

}  // namespace

std::string render_compare(const std::vector<SolvedScenario>& scenarios, Format format) {
  const json j = compare_to_json(scenarios);
  switch (format) {
    case Format::Json: return j.dump(2) + "\n";
    case Format::Csv: return render_compare_csv(j);
    case Format::Markdown: return render_compare_text(j, true);
    case Format::Table: return render_compare_text(j, false);
  }
  return {};
}

}  // namespace borderflow
