// `borderflow run`: one scenario's answers as a typed, rounded RunReport, rendered as JSON (the
// canonical document), a plain-text or Markdown report, and tidy CSV rows.
#include <sstream>

#include "core/csv.hpp"
#include "core/table.hpp"
#include "core/text.hpp"
#include "report/items.hpp"
#include "report/labels.hpp"
#include "report/report.hpp"

namespace borderflow {
namespace {

using nlohmann::json;

struct RouteCapacityItem {
  std::string route, name, direction;
  bool reverse = false;
  SolveStatus status = SolveStatus::Optimal;
  std::string note;  ///< why there is no number (status_sentence); empty when optimal
  // Optimal only:
  double capacity_t_per_yr = 0, cost_usd_per_t = 0, transit_days = 0;
  bool verified = false;
  std::vector<std::string> check_problems;
  std::vector<BindingItem> bottleneck;
  std::vector<CutItem> cuts;
  bool cuts_complete = true;
  std::vector<PathItem> paths;
  std::vector<FlowItem> crossings, transfers;
};

struct DemandItem {
  std::string id, commodity, from, to;
  double quantity_t_per_yr = 0, delivered_t_per_yr = 0, unserved_t_per_yr = 0, value_delivered_usd_per_yr = 0;
  double cost_usd_per_t = 0, transit_days = 0, unserved_cost_usd_per_t = 0;
  std::vector<PathItem> paths;
  std::string unserved_reason;  ///< empty when all is delivered
};

struct RunReport {
  const Scenario* scenario = nullptr;
  std::size_t places = 0, links = 0, transfers = 0, crossings = 0, arcs = 0, capacity_rows = 0;
  int vertices = 0;
  std::vector<RouteCapacityItem> capacities;
  SolveStatus routing_status = SolveStatus::Optimal;
  /// Demands exist but the routing has no optimum: why (status_sentence), said in every format.
  std::string routing_note;
  bool routed = false;  ///< demands exist and the routing is optimal: the fields below are set
  bool routing_verified = false;
  std::vector<std::string> routing_check_problems;
  double transport_cost_usd_per_yr = 0, unserved_penalty_usd_per_yr = 0;
  std::vector<DemandItem> demands;
  std::vector<BindingItem> binding;
  std::vector<FlowItem> routing_crossings, routing_transfers;
};

RouteCapacityItem capacity_item(const Network& network, const CapacityAnswer& c) {
  const Scenario& s = network.scenario();
  const Route& route = s.routes[static_cast<std::size_t>(c.route)];
  RouteCapacityItem item;
  item.route = route.id;
  item.name = route.name;
  item.direction = direction_label(s, route, c.reverse);
  item.reverse = c.reverse;
  item.status = c.status;
  item.note = status_sentence(c.status);
  if (c.status != SolveStatus::Optimal) return item;
  item.capacity_t_per_yr = rounded(c.capacity_t_per_yr, 1);
  item.cost_usd_per_t = rounded(c.cost_usd_per_t, 4);
  item.transit_days = rounded(c.hours / 24.0, 3);
  item.verified = c.certified;
  item.check_problems = c.check_problems;
  item.bottleneck = binding_items(network, c.bottleneck);
  item.cuts = cut_items(network, c);
  item.cuts_complete = c.cuts_complete;
  item.paths = path_items(network, c.paths);
  item.crossings = flow_items(network, c.arc_t_per_yr, ElementKind::Crossing);
  item.transfers = flow_items(network, c.arc_t_per_yr, ElementKind::Transfer);
  return item;
}

DemandItem demand_item(const Network& network, const DemandAnswer& d) {
  const Scenario& s = network.scenario();
  const Demand& demand = s.demands[static_cast<std::size_t>(d.demand)];
  const Commodity& commodity = s.commodities[static_cast<std::size_t>(demand.commodity)];
  DemandItem item;
  item.id = demand.id;
  item.commodity = commodity.id;
  item.from = place_set_label(s, demand.origins, PlaceListStyle::Count);
  item.to = place_set_label(s, demand.destinations, PlaceListStyle::Count);
  item.quantity_t_per_yr = rounded(demand.quantity_t_per_yr, 1);
  item.delivered_t_per_yr = rounded(d.delivered_t_per_yr, 1);
  item.unserved_t_per_yr = rounded(d.unserved_t_per_yr, 1);
  item.value_delivered_usd_per_yr = rounded(d.delivered_t_per_yr * commodity.value_usd_per_t, 0);
  item.cost_usd_per_t = rounded(d.cost_usd_per_t, 4);
  item.transit_days = rounded(d.hours / 24.0, 3);
  item.unserved_cost_usd_per_t = rounded(demand.unserved_cost_usd_per_t, 4);
  item.paths = path_items(network, d.paths);
  item.unserved_reason = unserved_sentence(network, d);
  return item;
}

/// Summed arc flow over all classes of the routing.
std::vector<double> routing_arc_totals(const Network& network, const RoutingAnswer& routing) {
  std::vector<double> total(network.arcs().size(), 0.0);
  for (const auto& c : routing.solution.classes) {
    for (std::size_t a = 0; a < total.size() && a < c.arc_t_per_yr.size(); ++a) total[a] += c.arc_t_per_yr[a];
  }
  return total;
}

RunReport make_run_report(const SolvedScenario& solved) {
  const Network& network = solved.network;
  const Scenario& s = solved.scenario();
  RunReport r;
  r.scenario = &s;
  r.places = s.places.size();
  r.links = s.links.size();
  r.transfers = s.transfers.size();
  r.crossings = s.crossings.size();
  r.vertices = network.vertex_count();
  r.arcs = network.arcs().size();
  r.capacity_rows = network.rows().size();
  for (const auto& c : solved.answer.capacities) r.capacities.push_back(capacity_item(network, c));
  const RoutingAnswer& routing = solved.answer.routing;
  r.routing_status = routing.status;
  r.routed = !s.demands.empty() && routing.status == SolveStatus::Optimal;
  if (!s.demands.empty()) r.routing_note = status_sentence(routing.status);
  if (!r.routed) return r;
  r.routing_verified = routing.certified;
  r.routing_check_problems = routing.check_problems;
  r.transport_cost_usd_per_yr = rounded(routing.transport_cost_usd_per_yr, 2);
  r.unserved_penalty_usd_per_yr = rounded(routing.unserved_penalty_usd_per_yr, 2);
  for (const auto& d : routing.demands) r.demands.push_back(demand_item(network, d));
  r.binding = binding_items(network, routing.binding);
  const auto totals = routing_arc_totals(network, routing);
  r.routing_crossings = flow_items(network, totals, ElementKind::Crossing);
  r.routing_transfers = flow_items(network, totals, ElementKind::Transfer);
  return r;
}

json capacity_json(const RouteCapacityItem& c) {
  json item = {{"route", c.route}, {"name", c.name}, {"direction", c.direction}, {"reverse", c.reverse},
               {"status", to_string(c.status)}};
  if (c.status == SolveStatus::Optimal) {
    item["capacity_t_per_yr"] = c.capacity_t_per_yr;
    item["cost_usd_per_t"] = c.cost_usd_per_t;
    item["transit_days"] = c.transit_days;
    item["verified"] = c.verified;
    if (!c.verified) item["check_problems"] = c.check_problems;
    item["bottleneck"] = to_json(c.bottleneck);
    item["min_cut_elements"] = to_json(c.cuts);
    item["min_cut_elements_complete"] = c.cuts_complete;
    item["paths"] = to_json(c.paths);
    item["crossings"] = to_json(c.crossings, ElementKind::Crossing);
    item["transfers"] = to_json(c.transfers, ElementKind::Transfer);
  } else {
    item["capacity_t_per_yr"] = nullptr;
    item["note"] = c.note;
  }
  return item;
}

json demand_json(const DemandItem& d) {
  json item = {{"id", d.id},
               {"commodity", d.commodity},
               {"from", d.from},
               {"to", d.to},
               {"quantity_t_per_yr", d.quantity_t_per_yr},
               {"delivered_t_per_yr", d.delivered_t_per_yr},
               {"unserved_t_per_yr", d.unserved_t_per_yr},
               {"value_delivered_usd_per_yr", d.value_delivered_usd_per_yr},
               {"cost_usd_per_t", d.cost_usd_per_t},
               {"transit_days", d.transit_days},
               {"unserved_cost_usd_per_t", d.unserved_cost_usd_per_t},
               {"paths", to_json(d.paths)}};
  if (!d.unserved_reason.empty()) item["unserved_reason"] = d.unserved_reason;
  return item;
}

json to_json(const RunReport& r) {
  const Scenario& s = *r.scenario;
  json out;
  out["borderflow_version"] = kBorderflowVersion;
  out["scenario"] = {{"name", s.name}, {"description", s.description}, {"files", s.files}};
  if (!s.policy.no_transit.empty() || !s.policy.closed.empty()) {
    out["scenario"]["policy"] = {{"no_transit", s.policy.no_transit}, {"closed", s.policy.closed}};
  }
  out["network"] = {{"places", r.places},       {"links", r.links}, {"transfers", r.transfers},
                    {"crossings", r.crossings}, {"vertices", r.vertices}, {"arcs", r.arcs},
                    {"capacity_rows", r.capacity_rows}};
  json capacities = json::array();
  for (const auto& c : r.capacities) capacities.push_back(capacity_json(c));
  out["route_capacities"] = std::move(capacities);
  json routing = {{"status", to_string(r.routing_status)}};
  if (!r.routing_note.empty()) routing["note"] = r.routing_note;
  if (r.routed) {
    routing["verified"] = r.routing_verified;
    if (!r.routing_verified) routing["check_problems"] = r.routing_check_problems;
    routing["transport_cost_usd_per_yr"] = r.transport_cost_usd_per_yr;
    routing["unserved_penalty_usd_per_yr"] = r.unserved_penalty_usd_per_yr;
    json demands = json::array();
    for (const auto& d : r.demands) demands.push_back(demand_json(d));
    routing["demands"] = std::move(demands);
    routing["binding"] = to_json(r.binding);
    routing["crossings"] = to_json(r.routing_crossings, ElementKind::Crossing);
    routing["transfers"] = to_json(r.routing_transfers, ElementKind::Transfer);
  }
  out["routing"] = std::move(routing);
  return out;
}

void render_header(const RunReport& r, bool markdown, std::ostringstream& out) {
  const Scenario& s = *r.scenario;
  // Names and descriptions are the file's free text: escaped like table cells (core/table.hpp).
  const auto safe = [markdown](const std::string& line) { return markdown ? escape_markdown(line) : escape_controls(line); };
  out << (markdown ? "## " : "") << "Scenario " << safe(s.name) << "\n";
  if (!s.description.empty()) {
    std::string text = s.description;
    while (!text.empty() && text.back() == '\n') text.pop_back();
    std::istringstream description(text);
    for (std::string line; std::getline(description, line);) out << safe(line) << "\n";
  }
  out << "network: " << r.places << " places, " << r.links << " links, " << r.transfers << " transfers, " << r.crossings
      << " crossings -> " << r.vertices << " vertices, " << r.arcs << " arcs, " << r.capacity_rows << " capacity rows\n";
  std::string policy;
  for (const auto& c : s.policy.no_transit) policy += (policy.empty() ? "" : ", ") + c;
  if (!policy.empty()) out << "policy: no transit through " << policy << "\n";
}

std::string render_run_text(const RunReport& r, bool markdown) {
  std::ostringstream out;
  auto table = [&](const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows,
                   const std::vector<bool>& right) {
    out << (markdown ? markdown_table(header, rows, right) : text_table(header, rows, right));
  };
  auto heading = [&](const std::string& title) { out << "\n" << (markdown ? "### " : "") << title << "\n"; };
  render_header(r, markdown, out);
  heading("Route capacities (max flow, t/yr; cost and transit of the cheapest way to carry it)");
  std::vector<std::vector<std::string>> rows;
  for (const auto& c : r.capacities) {
    if (c.status != SolveStatus::Optimal) {
      const bool unbounded = c.status == SolveStatus::Unbounded;
      rows.push_back({c.route, c.direction, unbounded ? "unlimited" : to_string(c.status), "", "", "", c.note, ""});
      continue;
    }
    const bool carries = c.capacity_t_per_yr > 0;
    rows.push_back({c.route, c.direction, format_grouped(c.capacity_t_per_yr),
                    carries ? number_text(c.cost_usd_per_t, 2) : "-", carries ? number_text(c.transit_days, 1) : "-",
                    c.verified ? "yes" : "NO",
                    carries || !c.bottleneck.empty() ? bottleneck_text(c.bottleneck, 3) : "no open path",
                    cut_text(c.cuts, c.cuts_complete, 3)});
  }
  table({"route", "direction", "t/yr", "USD/t", "days", "verified", "bottleneck (binding capacities, t/yr)",
         "raising alone lifts it"},
        rows, {false, false, true, true, true, false, false, false});
  if (!r.routing_note.empty()) {
    heading("Demands (least-cost routing: " + std::string(to_string(r.routing_status)) + ")");
    out << "  " << (markdown ? escape_markdown(r.routing_note) : r.routing_note) << "\n";
  }
  if (!r.routed) return out.str();
  heading("Demands (least-cost routing, all demands sharing capacity; transport " +
          format_grouped(r.transport_cost_usd_per_yr) + " USD/yr, verified: " + (r.routing_verified ? "yes" : "NO") + ")");
  rows.clear();
  for (const auto& d : r.demands) {
    const bool delivered = d.delivered_t_per_yr > 0;
    rows.push_back({d.id, d.commodity, d.from + " -> " + d.to, format_grouped(d.quantity_t_per_yr),
                    format_grouped(d.delivered_t_per_yr), format_grouped(d.unserved_t_per_yr),
                    delivered ? number_text(d.cost_usd_per_t, 2) : "-", delivered ? number_text(d.transit_days, 1) : "-",
                    d.unserved_reason});
  }
  table({"demand", "commodity", "from -> to", "wanted t/yr", "delivered", "unserved", "USD/t", "days", "why unserved"},
        rows, {false, false, false, true, true, true, true, true, false});
  heading("Routes used");
  rows.clear();
  for (const auto& d : r.demands) {
    for (const auto& p : d.paths) {
      rows.push_back({d.id, format_grouped(p.t_per_yr), number_text(p.cost_usd_per_t, 2), number_text(p.transit_days, 1),
                      p.path});
    }
  }
  table({"demand", "t/yr", "USD/t", "days", "path"}, rows, {false, true, true, true, false});
  if (!r.binding.empty()) {
    heading("Binding capacities (shadow price: USD/yr saved per extra t/yr)");
    rows.clear();
    for (const auto& b : r.binding) {
      rows.push_back({b.label, format_grouped(b.capacity_t_per_yr), format_fixed(b.shadow_price, 2)});
    }
    table({"capacity", "t/yr", "shadow USD/t"}, rows, {false, true, true});
  }
  return out.str();
}

std::string render_run_csv(const RunReport& r) {
  // Tidy rows: one measured value per line, so any spreadsheet or dataframe can pivot them.
  std::string out = "scenario,section,id,direction,metric,value\n";
  const std::string& scenario = r.scenario->name;
  auto emit = [&](const std::string& section, const std::string& id, const std::string& direction,
                  const std::string& metric, const std::string& value) {
    out += csv_cell(scenario) + "," + csv_cell(section) + "," + csv_cell(id) + "," + csv_cell(direction) + "," +
           csv_cell(metric) + "," + csv_cell(value) + "\n";
  };
  for (const auto& c : r.capacities) {
    emit("route_capacity", c.route, c.direction, "status", to_string(c.status));
    if (c.status != SolveStatus::Optimal) {
      emit("route_capacity", c.route, c.direction, "note", c.note);
      continue;
    }
    emit("route_capacity", c.route, c.direction, "capacity_t_per_yr", number_text(c.capacity_t_per_yr, 1));
    emit("route_capacity", c.route, c.direction, "cost_usd_per_t", number_text(c.cost_usd_per_t, 4));
    emit("route_capacity", c.route, c.direction, "transit_days", number_text(c.transit_days, 3));
    emit("route_capacity", c.route, c.direction, "verified", c.verified ? "true" : "false");
    for (const auto& b : c.bottleneck) {
      emit("route_bottleneck", c.route, c.direction, b.kind + ":" + b.id + ":" + b.direction, format_fixed(b.shadow_price, 6));
    }
    for (const auto& m : c.cuts) {
      emit("route_min_cut", c.route, c.direction, m.kind + ":" + m.id + ":" + m.direction,
           m.raises_alone ? "raises_capacity_alone" : "tied");
    }
    if (!c.cuts_complete) emit("route_min_cut", c.route, c.direction, "complete", "false");
    for (const auto& e : c.crossings) {
      emit("route_crossing_flow", c.route, c.direction, e.id + ":" + e.direction, number_text(e.t_per_yr, 1));
    }
    for (const auto& e : c.transfers) {
      emit("route_transfer_flow", c.route, c.direction, e.id + ":" + e.direction, number_text(e.t_per_yr, 1));
    }
  }
  if (!r.routing_note.empty()) {
    emit("routing", "", "", "status", to_string(r.routing_status));
    emit("routing", "", "", "note", r.routing_note);
  }
  if (!r.routed) return out;
  for (const auto& d : r.demands) {
    const std::string direction = d.from + " -> " + d.to;
    emit("demand", d.id, direction, "quantity_t_per_yr", number_text(d.quantity_t_per_yr, 1));
    emit("demand", d.id, direction, "delivered_t_per_yr", number_text(d.delivered_t_per_yr, 1));
    emit("demand", d.id, direction, "unserved_t_per_yr", number_text(d.unserved_t_per_yr, 1));
    emit("demand", d.id, direction, "value_delivered_usd_per_yr", number_text(d.value_delivered_usd_per_yr, 0));
    emit("demand", d.id, direction, "cost_usd_per_t", number_text(d.cost_usd_per_t, 4));
    emit("demand", d.id, direction, "transit_days", number_text(d.transit_days, 3));
    if (!d.unserved_reason.empty()) emit("demand", d.id, direction, "unserved_reason", d.unserved_reason);
  }
  for (const auto& b : r.binding) {
    emit("routing_binding", b.kind + ":" + b.id, b.direction, "shadow_price_usd_per_t", format_fixed(b.shadow_price, 6));
  }
  return out;
}

}  // namespace

json run_to_json(const SolvedScenario& solved) { return to_json(make_run_report(solved)); }

std::string render_run(const SolvedScenario& solved, Format format) {
  const RunReport report = make_run_report(solved);
  switch (format) {
    case Format::Json: return to_json(report).dump(2) + "\n";
    case Format::Csv: return render_run_csv(report);
    case Format::Markdown: return render_run_text(report, true);
    case Format::Table: return render_run_text(report, false);
  }
  return {};
}

}  // namespace borderflow
