// `borderflow run`: one scenario's answers as a typed, rounded RunReport, rendered as JSON (the
// canonical document), a plain-text or Markdown report, and tidy CSV rows.
#include <algorithm>
#include <cmath>
#include <optional>
#include <sstream>

#include "core/csv.hpp"
#include "core/table.hpp"
#include "core/text.hpp"
#include "report/items.hpp"
#include "report/labels.hpp"
#include "report/report.hpp"
#include "report/time_report.hpp"

namespace borderflow {
namespace {

using nlohmann::json;

struct RouteCapacityItem {
  std::string route, name, direction;
  std::string from_ids, to_ids;  ///< place_set_ids of the question's origins and destinations
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
  std::vector<FleetItem> fleets;      ///< fleets the flow at capacity uses or that bind it
  std::vector<VehicleItem> vehicles;  ///< elements with capacities in vehicles that it uses
};

/// One supplier of a demand written with `suppliers:`; NaN is a JSON null.
struct SupplierItem {
  std::string id, from, from_ids;
  double price_usd_per_t = 0, delivered_t_per_yr = 0, landed_cost_usd_per_t = 0, price_to_win_usd_per_t = 0;
};

struct DemandItem {
  std::string id, commodity, from, to, from_ids, to_ids;
  double quantity_t_per_yr = 0, delivered_t_per_yr = 0, unserved_t_per_yr = 0, value_delivered_usd_per_yr = 0;
  double cost_usd_per_t = 0, transit_days = 0, unserved_cost_usd_per_t = 0;
  std::vector<PathItem> paths;
  std::string unserved_reason;  ///< empty when all is delivered
  bool priced = false;          ///< written with `suppliers:`: the fields below are set
  double landed_cost_usd_per_t = 0;
  std::vector<SupplierItem> suppliers;
};

/// A cap's row in the routing, in the cap's unit.
struct CapItem {
  std::string id, name, counts;  ///< counts: "delivered" or "on its elements"
  RowUnit unit = RowUnit::TonnesPerYear;
  double limit = 0, used = 0, shadow_price = 0;
};

/// A background load (on an element) or a background demand (routed first).
struct BackgroundItem {
  std::string id, source;
  bool load = true;
  std::string element, direction;  ///< a load's
  std::string element_kind, element_id;
  std::string from_ids, to_ids;  ///< a demand's
  double load_t_per_yr = 0;
  std::string commodity, from, to;  ///< a demand's
  double quantity_t_per_yr = 0, delivered_t_per_yr = 0, unserved_t_per_yr = 0;
};

struct RunReport {
  const Scenario* scenario = nullptr;
  std::size_t places = 0, links = 0, transfers = 0, crossings = 0, arcs = 0, capacity_rows = 0;
  int vertices = 0;
  /// The scenario has background traffic: capacities are spare capacities, said in every format.
  bool after_background = false;
  SolveStatus background_status = SolveStatus::Optimal;
  std::string background_note;  ///< why the background demands have no routing; else empty
  std::vector<BackgroundItem> background;
  bool has_fleets = false, has_vehicles = false, has_fees = false, has_suppliers = false;
  std::vector<RouteCapacityItem> capacities;
  SolveStatus routing_status = SolveStatus::Optimal;
  /// Demands exist but the routing has no optimum: why (status_sentence), said in every format.
  std::string routing_note;
  bool routed = false;  ///< demands exist and the routing is optimal: the fields below are set
  bool routing_verified = false;
  std::vector<std::string> routing_check_problems;
  double transport_cost_usd_per_yr = 0, unserved_penalty_usd_per_yr = 0;
  double fees_usd_per_yr = 0, purchases_usd_per_yr = 0;
  std::vector<DemandItem> demands;
  std::vector<BindingItem> binding;
  std::vector<FlowItem> routing_crossings, routing_transfers;
  std::vector<FleetItem> routing_fleets;
  std::vector<VehicleItem> routing_vehicles;
  std::vector<CapItem> caps;
};

RouteCapacityItem capacity_item(const Network& network, const CapacityAnswer& c) {
  const Scenario& s = network.scenario();
  const Route& route = s.routes[static_cast<std::size_t>(c.route)];
  RouteCapacityItem item;
  item.route = route.id;
  item.name = route.name;
  item.direction = direction_label(s, route, c.reverse);
  item.from_ids = place_set_ids(s, c.reverse ? route.destinations : route.origins);
  item.to_ids = place_set_ids(s, c.reverse ? route.origins : route.destinations);
  item.reverse = c.reverse;
  item.status = c.status;
  item.note = status_sentence(c.status);
  if (c.status != SolveStatus::Optimal) return item;
  item.capacity_t_per_yr = rounded(c.capacity_t_per_yr, 1);
  item.cost_usd_per_t = rounded(c.cost_usd_per_t, 4);
  item.transit_days = rounded(c.hours / 24.0, 3);
  item.verified = c.certified;
  item.check_problems = c.check_problems;
  item.bottleneck = binding_items(network, c.bottleneck, c.arc_t_per_yr);
  item.cuts = cut_items(network, c);
  item.cuts_complete = c.cuts_complete;
  item.paths = path_items(network, c.paths);
  const auto flows = element_flows(network, c.arc_t_per_yr);
  item.crossings = flow_items(flows, ElementKind::Crossing);
  item.transfers = flow_items(flows, ElementKind::Transfer);
  item.fleets = fleet_items(network, c.arc_t_per_yr, c.solution.row_shadow);
  item.vehicles = vehicle_items(network, c.arc_t_per_yr);
  return item;
}

/// A demand written with `suppliers:` (the implicit supplier of `from:` has no id).
bool written_with_suppliers(const Demand& demand) {
  return std::any_of(demand.suppliers.begin(), demand.suppliers.end(), [](const Supplier& s) { return !s.id.empty(); });
}

std::vector<SupplierItem> supplier_items(const Scenario& s, const Demand& demand, const DemandAnswer& d) {
  std::vector<SupplierItem> out;
  for (const SupplierAnswer& a : d.suppliers) {
    const Supplier& supplier = demand.suppliers[static_cast<std::size_t>(a.supplier)];
    out.push_back({supplier.id, place_set_label(s, supplier.origins, PlaceListStyle::Count), place_set_ids(s, supplier.origins),
                   rounded(supplier.price_usd_per_t, 4), rounded(a.delivered_t_per_yr, 1),
                   std::isfinite(a.landed_cost_usd_per_t) ? rounded(a.landed_cost_usd_per_t, 4) : NAN,
                   std::isfinite(a.price_to_win_usd_per_t) ? rounded(a.price_to_win_usd_per_t, 4) : NAN});
  }
  return out;
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
  item.from_ids = place_set_ids(s, demand.origins);
  item.to_ids = place_set_ids(s, demand.destinations);
  item.quantity_t_per_yr = rounded(demand.quantity_t_per_yr, 1);
  item.delivered_t_per_yr = rounded(d.delivered_t_per_yr, 1);
  item.unserved_t_per_yr = rounded(d.unserved_t_per_yr, 1);
  item.value_delivered_usd_per_yr = rounded(d.delivered_t_per_yr * commodity.value_usd_per_t, 0);
  item.cost_usd_per_t = rounded(d.cost_usd_per_t, 4);
  item.transit_days = rounded(d.hours / 24.0, 3);
  item.unserved_cost_usd_per_t = rounded(demand.unserved_cost_usd_per_t, 4);
  item.paths = path_items(network, d.paths);
  item.unserved_reason = unserved_sentence(network, d);
  item.priced = written_with_suppliers(demand);
  if (item.priced) {
    item.landed_cost_usd_per_t = rounded(d.landed_cost_usd_per_t, 4);
    item.suppliers = supplier_items(s, demand, d);
  }
  return item;
}

std::vector<CapItem> cap_items(const Network& network, const FlowSolution& solution) {
  std::vector<CapItem> out;
  for (std::size_t r = 0; r < network.rows().size(); ++r) {
    const CapacityRow& row = network.rows()[r];
    if (row.kind != ElementKind::Cap) continue;
    const Cap& cap = network.scenario().caps[static_cast<std::size_t>(row.element)];
    const auto at = [&](const std::vector<double>& v) { return r < v.size() ? v[r] : 0.0; };
    out.push_back({cap.id, cap.name, network.row_direction(static_cast<int>(r)), row.unit,
                   rounded(row.capacity_t_per_yr, 1), rounded(at(solution.row_use), 1),
                   rounded(at(solution.row_shadow), 6)});
  }
  return out;
}

std::vector<BackgroundItem> background_items(const Network& network, const BackgroundAnswer& answer) {
  const Scenario& s = network.scenario();
  std::vector<BackgroundItem> out;
  for (std::size_t b = 0; b < s.background.size(); ++b) {
    const BackgroundFlow& flow = s.background[b];
    BackgroundItem item;
    item.id = flow.id;
    item.source = provenance_label(flow.provenance);
    item.load = flow.is_load();
    if (item.load) {
      const ElementRef& e = *flow.element;
      const auto i = static_cast<std::size_t>(e.index);
      item.element_kind = element_kind_name(e.kind);
      item.element_id = e.kind == ElementKind::Link ? s.links[i].id
                        : e.kind == ElementKind::Transfer ? s.transfers[i].id
                                                          : s.crossings[i].id;
      item.element = item.element_kind + " " + item.element_id;
      item.direction = flow.direction;
      item.load_t_per_yr = rounded(flow.load_t_per_yr, 1);
    } else {
      item.commodity = flow.commodity >= 0 ? s.commodities[static_cast<std::size_t>(flow.commodity)].id : "";
      item.from = place_set_label(s, flow.origins, PlaceListStyle::Count);
      item.to = place_set_label(s, flow.destinations, PlaceListStyle::Count);
      item.from_ids = place_set_ids(s, flow.origins);
      item.to_ids = place_set_ids(s, flow.destinations);
      item.quantity_t_per_yr = rounded(flow.quantity_t_per_yr, 1);
      for (std::size_t k = 0; k < answer.flows.size(); ++k) {
        if (answer.flows[k] != static_cast<int>(b)) continue;
        item.delivered_t_per_yr = rounded(answer.delivered_t_per_yr[k], 1);
        item.unserved_t_per_yr = rounded(answer.unserved_t_per_yr[k], 1);
      }
    }
    out.push_back(std::move(item));
  }
  return out;
}

/// What every run report starts with: the scenario and the size of its network.
RunReport run_report_head(const SolvedScenario& solved) {
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
  return r;
}

RunReport make_run_report(const SolvedScenario& solved) {
  const Network& network = solved.network;
  const Scenario& s = solved.scenario();
  RunReport r = run_report_head(solved);
  r.after_background = !s.background.empty();
  r.background_status = solved.answer.background.status;
  r.background_note = r.after_background ? status_sentence(r.background_status) : "";
  r.background = background_items(network, solved.answer.background);
  r.has_fleets = !s.fleets.empty();
  r.has_vehicles = !s.vehicles.empty();
  r.has_fees = !s.fees.empty();
  r.has_suppliers = std::any_of(s.demands.begin(), s.demands.end(), written_with_suppliers);
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
  r.fees_usd_per_yr = rounded(fees_usd_per_yr(routing.classes, routing.solution), 2);
  r.purchases_usd_per_yr = rounded(routing.source_cost_usd_per_yr, 2);
  for (const auto& d : routing.demands) r.demands.push_back(demand_item(network, d));
  const auto totals = total_arc_flows(routing.solution, network.arcs().size());
  r.binding = binding_items(network, routing.binding, totals);
  const auto flows = element_flows(network, totals);
  r.routing_crossings = flow_items(flows, ElementKind::Crossing);
  r.routing_transfers = flow_items(flows, ElementKind::Transfer);
  r.routing_fleets = fleet_items(network, totals, routing.solution.row_shadow);
  r.routing_vehicles = vehicle_items(network, totals);
  r.caps = cap_items(network, routing.solution);
  return r;
}

/// Keys the scenario's features add (JSON is additive: a scenario without them prints as before).
struct Features {
  bool after_background = false, fleets = false, vehicles = false;
};

json capacity_json(const RouteCapacityItem& c, const Features& features) {
  json item = {{"route", c.route}, {"name", c.name}, {"direction", c.direction}, {"reverse", c.reverse},
               {"status", to_string(c.status)}};
  if (c.status == SolveStatus::Optimal) {
    item["capacity_t_per_yr"] = c.capacity_t_per_yr;
    // The cheapest way to carry the whole max flow, from the nearest origins: named for what it
    // is, so that nobody reads it as the cost of the route's trade (the demands' cost is that).
    item["cost_usd_per_t_at_max_flow"] = c.cost_usd_per_t;
    item["transit_days_at_max_flow"] = c.transit_days;
    item["verified"] = c.verified;
    if (!c.verified) item["check_problems"] = c.check_problems;
    item["bottleneck"] = to_json(c.bottleneck);
    item["min_cut_elements"] = to_json(c.cuts);
    item["min_cut_elements_complete"] = c.cuts_complete;
    item["paths"] = to_json(c.paths);
    item["crossings"] = to_json(c.crossings, ElementKind::Crossing);
    item["transfers"] = to_json(c.transfers, ElementKind::Transfer);
    if (features.after_background) item["on_spare_capacity"] = true;
    if (features.fleets) item["fleets"] = to_json(c.fleets, "capacity_gain_t_per_yr_per_vehicle");
    if (features.vehicles) item["vehicles"] = to_json(c.vehicles);
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
  if (d.priced) {
    item["landed_cost_usd_per_t"] = d.landed_cost_usd_per_t;
    json suppliers = json::array();
    for (const auto& p : d.suppliers) {
      suppliers.push_back({{"id", p.id},
                           {"from", p.from},
                           {"price_usd_per_t", p.price_usd_per_t},
                           {"delivered_t_per_yr", p.delivered_t_per_yr},
                           {"landed_cost_usd_per_t", number_or_null(p.landed_cost_usd_per_t, 4)},
                           {"price_to_win_usd_per_t", number_or_null(p.price_to_win_usd_per_t, 4)}});
    }
    item["suppliers"] = std::move(suppliers);
  }
  return item;
}

json to_json(const std::vector<CapItem>& caps) {
  json out = json::array();
  for (const auto& c : caps) {
    const std::string unit = unit_key(c.unit);
    out.push_back({{"id", c.id},
                   {"name", c.name},
                   {"counts", c.counts},
                   {"unit", to_string(c.unit)},
                   {"limit_" + unit, c.limit},
                   {"used_" + unit, c.used},
                   {"shadow_price_usd_per_" + unit, c.shadow_price}});
  }
  return out;
}

json background_json(const RunReport& r) {
  json loads = json::array(), demands = json::array();
  for (const auto& b : r.background) {
    if (b.load) {
      loads.push_back({{"id", b.id}, {"element", b.element}, {"direction", b.direction},
                       {"load_t_per_yr", b.load_t_per_yr}, {"source", b.source}});
    } else {
      demands.push_back({{"id", b.id}, {"commodity", b.commodity}, {"from", b.from}, {"to", b.to},
                         {"quantity_t_per_yr", b.quantity_t_per_yr}, {"delivered_t_per_yr", b.delivered_t_per_yr},
                         {"unserved_t_per_yr", b.unserved_t_per_yr}, {"source", b.source}});
    }
  }
  json out = {{"status", to_string(r.background_status)}, {"loads", std::move(loads)}, {"demands", std::move(demands)}};
  if (!r.background_note.empty()) out["note"] = r.background_note;
  return out;
}

/// The keys every run document starts with: the version, the scenario and its network.
json document_head(const RunReport& r) {
  const Scenario& s = *r.scenario;
  json out;
  out["borderflow_version"] = kBorderflowVersion;
  out["schema_version"] = kJsonSchemaVersion;
  out["scenario"] = {{"name", s.name}, {"description", s.description}, {"files", s.files}};
  if (!s.policy.no_transit.empty() || !s.policy.closed.empty() || !s.policy.no_transit_of.empty()) {
    out["scenario"]["policy"] = {{"no_transit", s.policy.no_transit}, {"closed", s.policy.closed}};
  }
  if (!s.policy.no_transit_of.empty()) {
    json selective = json::array();
    for (const auto& entry : s.policy.no_transit_of) {
      json commodities = json::array();
      for (int c : entry.commodities) commodities.push_back(s.commodities[static_cast<std::size_t>(c)].id);
      selective.push_back({{"country", entry.country}, {"commodities", std::move(commodities)}});
    }
    out["scenario"]["policy"]["no_transit_of"] = std::move(selective);
  }
  out["network"] = {{"places", r.places},       {"links", r.links}, {"transfers", r.transfers},
                    {"crossings", r.crossings}, {"vertices", r.vertices}, {"arcs", r.arcs},
                    {"capacity_rows", r.capacity_rows}};
  return out;
}

json to_json(const RunReport& r) {
  json out = document_head(r);
  if (r.after_background) out["background"] = background_json(r);
  const Features features{r.after_background, r.has_fleets, r.has_vehicles};
  json capacities = json::array();
  for (const auto& c : r.capacities) capacities.push_back(capacity_json(c, features));
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
    if (r.has_fees) routing["fees_usd_per_yr"] = r.fees_usd_per_yr;
    if (r.has_suppliers) routing["purchases_at_origin_usd_per_yr"] = r.purchases_usd_per_yr;
    if (r.has_fleets) routing["fleets"] = to_json(r.routing_fleets, "shadow_price_usd_per_yr_per_vehicle");
    if (r.has_vehicles) routing["vehicles"] = to_json(r.routing_vehicles);
    if (!r.caps.empty()) routing["caps"] = to_json(r.caps);
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
  const std::string policy = no_transit_text(s);
  if (!policy.empty()) out << "policy: " << policy << "\n";
}

/// The table or Markdown report, section by section.
class TextReport {
 public:
  TextReport(const RunReport& r, bool markdown, std::size_t width) : r_(r), markdown_(markdown), width_(width) {}

  std::string render() {
    render_header(r_, markdown_, out_);
    if (r_.after_background) background();
    capacities();
    route_fleets_and_vehicles();
    if (!r_.routing_note.empty()) {
      heading("Demands (least-cost routing: " + std::string(to_string(r_.routing_status)) + ")");
      out_ << "  " << (markdown_ ? escape_markdown(r_.routing_note) : r_.routing_note) << "\n";
    }
    if (!r_.routed) return out_.str();
    demands();
    suppliers();
    routes_used();
    binding();
    routing_fleets_and_vehicles();
    caps();
    return out_.str();
  }

 private:
  using Rows = std::vector<std::vector<std::string>>;

  void table(const std::vector<std::string>& header, const Rows& rows, const std::vector<bool>& right) {
    out_ << (markdown_ ? markdown_table(header, rows, right) : text_table(header, rows, right, width_));
  }
  void heading(const std::string& title) { out_ << "\n" << (markdown_ ? "### " : "") << title << "\n"; }

  void background() {
    heading(background_heading());
    if (!r_.background_note.empty()) out_ << "  " << r_.background_note << "\n";
    Rows loads, demands;
    for (const auto& b : r_.background) {
      if (b.load) {
        loads.push_back({b.id, b.element, b.direction, format_grouped(b.load_t_per_yr), b.source});
      } else {
        demands.push_back({b.id, b.commodity, b.from + " -> " + b.to, format_grouped(b.quantity_t_per_yr),
                           format_grouped(b.delivered_t_per_yr), format_grouped(b.unserved_t_per_yr), b.source});
      }
    }
    if (!loads.empty()) {
      table({"load", "element", "direction", "t/yr", "source"}, loads, {false, false, false, true, false});
    }
    if (!demands.empty()) {
      table({"routed demand", "commodity", "from -> to", "wanted t/yr", "delivered", "unserved", "source"}, demands,
            {false, false, false, true, true, true, false});
    }
  }

  void capacities() {
    heading(route_capacities_heading(r_.after_background));
    Rows rows;
    for (const auto& c : r_.capacities) {
      if (c.status != SolveStatus::Optimal) {
        const bool unbounded = c.status == SolveStatus::Unbounded;
        rows.push_back({c.route, c.direction, unbounded ? "unlimited" : to_string(c.status), "", c.note, ""});
        continue;
      }
      const bool carries = c.capacity_t_per_yr > 0;
      rows.push_back({c.route, c.direction, format_mt(c.capacity_t_per_yr), c.verified ? "yes" : "NO",
                      carries || !c.bottleneck.empty() ? bottleneck_text(c.bottleneck, 3) : "no open path",
                      cut_text(c.cuts, c.cuts_complete, 3)});
    }
    table({"route", "direction", "Mt/yr", "verified", bottleneck_header(r_.after_background), "raising alone lifts it"},
          rows, {false, false, true, false, false, false});
  }

  void demands() {
    const std::optional<double> fees = r_.has_fees ? std::optional<double>(r_.fees_usd_per_yr) : std::nullopt;
    const std::optional<double> purchases =
        r_.has_suppliers ? std::optional<double>(r_.purchases_usd_per_yr) : std::nullopt;
    heading("Demands (least-cost routing, all demands sharing capacity; " +
            routing_totals_text(r_.transport_cost_usd_per_yr, fees, purchases) +
            ", verified: " + (r_.routing_verified ? "yes" : "NO") + ")");
    Rows rows;
    for (const auto& d : r_.demands) {
      const bool delivered = d.delivered_t_per_yr > 0;
      rows.push_back({d.id, d.commodity, d.from + " -> " + d.to, format_grouped(d.quantity_t_per_yr),
                      format_grouped(d.delivered_t_per_yr), format_grouped(d.unserved_t_per_yr),
                      delivered ? format_significant(d.cost_usd_per_t, 3) : "-", delivered ? number_text(d.transit_days, 1) : "-",
                      d.unserved_reason});
    }
    table({"demand", "commodity", "from -> to", "wanted t/yr", "delivered", "unserved", "USD/t", "days", "why unserved"},
          rows, {false, false, false, true, true, true, true, true, false});
  }

  /// Per demand with more than one supplier: who serves it and at what landed cost.
  void suppliers() {
    Rows rows;
    for (const auto& d : r_.demands) {
      if (d.suppliers.size() < 2) continue;
      for (const auto& p : d.suppliers) {
        const bool serves = p.delivered_t_per_yr > 0;
        rows.push_back({d.id, p.id, p.from, number_text(p.price_usd_per_t, 2), format_grouped(p.delivered_t_per_yr),
                        std::isfinite(p.landed_cost_usd_per_t) ? number_text(p.landed_cost_usd_per_t, 2) : "no open route",
                        serves ? "serves" : number_text(p.price_to_win_usd_per_t, 2)});
      }
    }
    if (rows.empty()) return;
    heading(suppliers_heading());
    table({"demand", "supplier", "from", "price USD/t", "delivered t/yr", "landed USD/t", "wins below USD/t"}, rows,
          {false, false, false, true, true, true, true});
  }

  void routes_used() {
    heading("Routes used");
    Rows rows;
    for (const auto& d : r_.demands) {
      for (const auto& p : d.paths) {
        rows.push_back({d.id, format_grouped(p.t_per_yr), format_significant(p.cost_usd_per_t, 3),
                        number_text(p.transit_days, 1), p.path});
      }
    }
    table({"demand", "t/yr", "USD/t", "days", "path"}, rows, {false, true, true, true, false});
  }

  void binding() {
    if (r_.binding.empty()) return;
    heading("Binding capacities (shadow price: USD/yr saved per extra t/yr)");
    Rows rows;
    for (const auto& b : r_.binding) {
      // Fleets and caps are in their own units: their own sections word them.
      const std::string unit = b.unit == RowUnit::TonnesPerYear ? "" : std::string(" ") + to_string(b.unit);
      std::vector<std::string> row = {b.label, format_grouped(b.capacity) + unit};
      if (r_.after_background) {
        row.push_back(format_grouped(b.background) + unit);
        row.push_back(format_grouped(b.spare) + unit);
      }
      row.push_back(format_fixed(b.shadow_price, 2) + (unit.empty() ? "" : " per" + unit));
      rows.push_back(std::move(row));
    }
    if (r_.after_background) {
      table({"capacity", "t/yr", "background", "spare", "shadow USD/t"}, rows, {false, true, true, true, true});
    } else {
      table({"capacity", "t/yr", "shadow USD/t"}, rows, {false, true, true});
    }
  }

  void fleet_rows(const std::string& question, const std::vector<FleetItem>& fleets, const std::string& unit,
                  Rows& rows) {
    for (const auto& f : fleets) {
      rows.push_back({question, named("fleet", f.id, f.name), fleet_use_text(f),
                      format_grouped(f.shadow_price_per_vehicle) + " " + unit});
    }
  }

  void vehicle_rows(const std::string& question, const std::vector<VehicleItem>& vehicles, Rows& rows) {
    for (const auto& v : vehicles) rows.push_back({question, v.kind + " " + v.id + " " + v.direction, vehicle_use_text(v)});
  }

  void fleets_and_vehicles(const Rows& fleets, const Rows& vehicles, bool routing) {
    if (!fleets.empty()) {
      heading(fleets_heading(routing));
      table({"question", "fleet", "vehicles needed", "one more vehicle"}, fleets, {false, false, false, true});
    }
    if (!vehicles.empty()) {
      heading(vehicles_heading(routing));
      table({"question", "element", "vehicles the flows need"}, vehicles, {false, false, false});
    }
  }

  void route_fleets_and_vehicles() {
    Rows fleets, vehicles;
    for (const auto& c : r_.capacities) {
      const std::string question = question_label(c.route, c.direction);
      fleet_rows(question, c.fleets, "t/yr of capacity", fleets);
      vehicle_rows(question, c.vehicles, vehicles);
    }
    fleets_and_vehicles(fleets, vehicles, false);
  }

  void routing_fleets_and_vehicles() {
    Rows fleets, vehicles;
    fleet_rows(question_label("", ""), r_.routing_fleets, "USD/yr saved", fleets);
    vehicle_rows(question_label("", ""), r_.routing_vehicles, vehicles);
    fleets_and_vehicles(fleets, vehicles, true);
  }

  void caps() {
    if (r_.caps.empty()) return;
    heading(caps_heading());
    Rows rows;
    for (const auto& c : r_.caps) {
      rows.push_back({named("cap", c.id, c.name), c.counts, format_grouped(c.used), format_grouped(c.limit),
                      to_string(c.unit), cap_shadow_sentence(c.shadow_price, c.unit)});
    }
    table({"cap", "counts", "used", "limit", "unit", "shadow price"}, rows, {false, false, true, true, false, false});
  }

  const RunReport& r_;
  bool markdown_;
  std::size_t width_;
  std::ostringstream out_;
};

std::string render_run_text(const RunReport& r, bool markdown, std::size_t width) {
  const std::string text = TextReport(r, markdown, width).render();
  return markdown ? text : fit_lines(text, width);
}

/// Tidy CSV (docs/schema/README.md): one number per line, so any spreadsheet or dataframe can
/// pivot them; texts (notes, paths, reasons) are left to JSON, statuses become 0/1 flags.
class CsvReport {
 public:
  explicit CsvReport(const RunReport& r) : r_(r), csv_(r.scenario->name) {}

  std::string render() {
    background();
    for (const auto& c : r_.capacities) capacity(c);
    csv_.question("");
    const ElementKey routing{"routing", "", "", ""};
    if (!r_.routing_note.empty() || r_.routed) csv_.flag(routing, "solved", r_.routed);
    if (!r_.routed) return csv_.text();
    csv_.flag(routing, "verified", r_.routing_verified);
    csv_.add(routing, "transport_cost", "USD/yr", r_.transport_cost_usd_per_yr, 2);
    csv_.add(routing, "unserved_penalty", "USD/yr", r_.unserved_penalty_usd_per_yr, 2);
    if (r_.has_fees) csv_.add(routing, "fees", "USD/yr", r_.fees_usd_per_yr, 2);
    if (r_.has_suppliers) csv_.add(routing, "purchases_at_origin", "USD/yr", r_.purchases_usd_per_yr, 2);
    binding(r_.binding, true);
    flows(r_.routing_crossings, "crossing");
    flows(r_.routing_transfers, "transfer");
    fleets_and_vehicles(r_.routing_fleets, r_.routing_vehicles, "shadow_price_per_vehicle", "USD/yr");
    for (const auto& c : r_.caps) {
      const ElementKey cap{"cap", c.id, "", ""};
      const std::string unit = to_string(c.unit);
      csv_.add(cap, "used", unit, c.used, 1);
      csv_.add(cap, "limit", unit, c.limit, 1);
      csv_.add(cap, "shadow_price", shadow_price_unit(c.unit, true), c.shadow_price, 6);
    }
    for (const auto& d : r_.demands) demand(d);
    return csv_.text();
  }

 private:
  void background() {
    for (const auto& b : r_.background) {
      csv_.question(b.id);
      if (b.load) {
        csv_.add(element_key(b.element_kind, b.element_id, b.direction), "background_load", "t/yr", b.load_t_per_yr, 1);
      } else {
        const ElementKey demand{"background_demand", b.id, b.from_ids, b.to_ids};
        csv_.add(demand, "quantity", "t/yr", b.quantity_t_per_yr, 1);
        csv_.add(demand, "delivered", "t/yr", b.delivered_t_per_yr, 1);
        csv_.add(demand, "unserved", "t/yr", b.unserved_t_per_yr, 1);
      }
    }
  }

  void capacity(const RouteCapacityItem& c) {
    csv_.question(c.route, c.reverse ? "reverse" : "forward");
    const ElementKey route{"route", c.route, c.from_ids, c.to_ids};
    const bool optimal = c.status == SolveStatus::Optimal;
    csv_.flag(route, "solved", optimal);
    if (c.status == SolveStatus::Unbounded) csv_.flag(route, "unlimited", true);
    csv_.add(route, "capacity", "t/yr", optimal ? c.capacity_t_per_yr : NAN, 1);
    if (!optimal) return;
    csv_.add(route, "cost_at_max_flow", "USD/t", c.cost_usd_per_t, 4);
    csv_.add(route, "transit_at_max_flow", "days", c.transit_days, 3);
    csv_.flag(route, "verified", c.verified);
    csv_.flag(route, "min_cut_complete", c.cuts_complete);
    binding(c.bottleneck, false);
    for (const auto& m : c.cuts) {
      const ElementKey key = element_key(m.kind, m.id, m.direction);
      csv_.add(key, "min_cut_capacity", to_string(m.unit), m.capacity, 1);
      csv_.flag(key, "raises_capacity_alone", m.raises_alone);
    }
    flows(c.crossings, "crossing");
    flows(c.transfers, "transfer");
    fleets_and_vehicles(c.fleets, c.vehicles, "capacity_gain_per_vehicle", "t/yr");
  }

  /// Binding rows of a max flow (shadow price in t/yr of capacity per unit) or of the routing
  /// (USD/yr per unit), each with its capacity in the row's unit.
  void binding(const std::vector<BindingItem>& rows, bool routing) {
    for (const auto& b : rows) {
      const ElementKey key = element_key(b.kind, b.id, b.direction);
      const std::string unit = to_string(b.unit);
      csv_.add(key, "binding_capacity", unit, b.capacity, 1);
      csv_.add(key, "shadow_price", shadow_price_unit(b.unit, routing), b.shadow_price, 6);
      if (r_.after_background) {
        csv_.add(key, "background", unit, b.background, 1);
        csv_.add(key, "spare", unit, b.spare, 1);
      }
    }
  }

  void flows(const std::vector<FlowItem>& items, const std::string& kind) {
    for (const auto& f : items) {
      const ElementKey key = element_key(kind, f.id, f.direction);
      csv_.add(key, "flow", "t/yr", f.t_per_yr, 1);
      if (kind == "transfer") csv_.flag(key, "gauge_change", f.gauge_change);
    }
  }

  void fleets_and_vehicles(const std::vector<FleetItem>& fleets, const std::vector<VehicleItem>& vehicles,
                           const std::string& shadow_metric, const std::string& shadow_unit) {
    for (const auto& f : fleets) {
      const ElementKey fleet{"fleet", f.id, "", ""};
      csv_.add(fleet, "vehicles_needed", "vehicles", f.vehicles_needed, 2);
      csv_.add(fleet, "share_of_fleet", "%", f.share_of_fleet_pct, 1);
      csv_.add(fleet, "departures", "1/day", f.departures_per_day, 2);
      csv_.add(fleet, shadow_metric, shadow_unit, f.shadow_price_per_vehicle, 2);
    }
    for (const auto& v : vehicles) {
      const ElementKey key = element_key(v.kind, v.id, v.direction);
      csv_.add(key, "vehicles_needed", "vehicles/day", v.per_day, 2);
      csv_.add(key, "capacity_in_vehicles", "vehicles/day", v.capacity_per_day, 2);
    }
  }

  void demand(const DemandItem& d) {
    csv_.question(d.id);
    const ElementKey demand{"demand", d.id, d.from_ids, d.to_ids};
    csv_.add(demand, "quantity", "t/yr", d.quantity_t_per_yr, 1);
    csv_.add(demand, "delivered", "t/yr", d.delivered_t_per_yr, 1);
    csv_.add(demand, "unserved", "t/yr", d.unserved_t_per_yr, 1);
    csv_.add(demand, "value_delivered", "USD/yr", d.value_delivered_usd_per_yr, 0);
    csv_.add(demand, "cost", "USD/t", d.cost_usd_per_t, 4);
    csv_.add(demand, "transit", "days", d.transit_days, 3);
    csv_.add(demand, "unserved_cost", "USD/t", d.unserved_cost_usd_per_t, 4);
    if (!d.priced) return;
    csv_.add(demand, "landed_cost", "USD/t", d.landed_cost_usd_per_t, 4);
    for (const auto& p : d.suppliers) {
      const ElementKey supplier{"supplier", p.id, p.from_ids, d.to_ids};
      csv_.add(supplier, "price", "USD/t", p.price_usd_per_t, 4);
      csv_.add(supplier, "delivered", "t/yr", p.delivered_t_per_yr, 1);
      csv_.add(supplier, "landed_cost", "USD/t", p.landed_cost_usd_per_t, 4);
      csv_.add(supplier, "price_to_win", "USD/t", p.price_to_win_usd_per_t, 4);
    }
  }

  const RunReport& r_;
  TidyCsv csv_;
};

std::string render_run_csv(const RunReport& r) { return CsvReport(r).render(); }

/// A time scenario: the header of every run, then its periods (time_report.hpp).
json time_run_to_json(const SolvedScenario& solved) {
  json out = document_head(run_report_head(solved));
  add_time_json(make_time_report(solved), out);
  return out;
}

std::string render_time_run(const SolvedScenario& solved, Format format, std::size_t width) {
  if (format == Format::Json) return time_run_to_json(solved).dump(2) + "\n";
  const TimeReport report = make_time_report(solved);
  if (format == Format::Csv) return render_time_csv(report, solved.scenario().name);
  std::ostringstream out;
  render_header(run_report_head(solved), format == Format::Markdown, out);
  // Markdown tables cannot wrap: they are split at the default width, as before.
  const bool markdown = format == Format::Markdown;
  const std::string text = out.str() + render_time_text(report, markdown, markdown ? kDefaultTableWidth : width);
  return markdown ? text : fit_lines(text, width);
}

}  // namespace

json run_to_json(const SolvedScenario& solved) {
  return solved.time ? time_run_to_json(solved) : to_json(make_run_report(solved));
}

std::string render_run(const SolvedScenario& solved, Format format, std::size_t width) {
  if (solved.time) return render_time_run(solved, format, width);
  const RunReport report = make_run_report(solved);
  switch (format) {
    case Format::Json: return to_json(report).dump(2) + "\n";
    case Format::Csv: return render_run_csv(report);
    case Format::Markdown: return render_run_text(report, true, width);
    case Format::Table: return render_run_text(report, false, width);
  }
  return {};
}

}  // namespace borderflow
