#include "scenario/fields.hpp"

#include <algorithm>

#include "input/reader.hpp"
#include "scenario/scenario.hpp"

namespace borderflow {

const std::vector<VariableField>& variable_fields() {
  using K = FieldKind;
  using D = Dimension;
  static const std::vector<VariableField> table = {
      {FieldId::LinkCapacity, "links", "capacity", K::Quantity, D::FlowRate},
      {FieldId::LinkCost, "links", "cost", K::Quantity, D::CostPerTonne},
      {FieldId::LinkCostPerKm, "links", "cost_per_km", K::Quantity, D::CostPerTonneKm},
      {FieldId::LinkStatus, "links", "status", K::Status, D::FlowRate},
      {FieldId::TransferCapacity, "transfers", "capacity", K::Quantity, D::FlowRate},
      {FieldId::TransferCost, "transfers", "cost", K::Quantity, D::CostPerTonne},
      {FieldId::TransferStatus, "transfers", "status", K::Status, D::FlowRate},
      {FieldId::CrossingCapacity, "crossings", "capacity", K::Quantity, D::FlowRate},
      {FieldId::CrossingCost, "crossings", "cost", K::Quantity, D::CostPerTonne},
      {FieldId::CrossingStatus, "crossings", "status", K::Status, D::FlowRate},
      {FieldId::DemandQuantity, "demands", "quantity", K::Quantity, D::FlowRate},
      {FieldId::DemandUnservedCost, "demands", "unserved_cost", K::Quantity, D::CostPerTonne},
      {FieldId::SupplierPrice, "suppliers", "price", K::Quantity, D::CostPerTonne},
      {FieldId::BackgroundLoad, "background", "load", K::Quantity, D::FlowRate},
      {FieldId::FleetCount, "fleets", "count", K::Quantity, D::Count},
      {FieldId::FleetPayload, "fleets", "payload", K::Quantity, D::Mass},
      {FieldId::FeeAmount, "fees", "fee", K::Quantity, D::CostPerTonne},
      {FieldId::CapLimit, "caps", "limit", K::Quantity, D::FlowRate},
      {FieldId::RateCostPerKm, "rates", "cost_per_km", K::Quantity, D::CostPerTonneKm},
      {FieldId::Transit, "policy", "transit", K::Switch, D::FlowRate},
  };
  return table;
}

const VariableField& variable_field(FieldId id) { return variable_fields()[static_cast<std::size_t>(id)]; }

std::vector<std::string> variable_sections() {
  std::vector<std::string> out;
  for (const auto& f : variable_fields()) {
    if (out.empty() || out.back() != f.section) out.push_back(f.section);
  }
  return out;
}

std::vector<std::string> variable_keys(const std::string& section) {
  std::vector<std::string> out;
  for (const auto& f : variable_fields()) {
    if (f.section == section) out.push_back(f.key);
  }
  return out;
}

const VariableField* find_variable_field(const std::string& section, const std::string& key) {
  for (const auto& f : variable_fields()) {
    if (f.section == section && f.key == key) return &f;
  }
  return nullptr;
}

std::vector<std::string> element_ids(const Scenario& scenario, const std::string& section) {
  std::vector<std::string> ids;
  auto add = [&ids](const auto& elements) {
    for (const auto& e : elements) ids.push_back(e.id);
  };
  if (section == "links") add(scenario.links);
  else if (section == "transfers") add(scenario.transfers);
  else if (section == "crossings") add(scenario.crossings);
  else if (section == "demands") add(scenario.demands);
  else if (section == "background") add(scenario.background);
  else if (section == "fleets") add(scenario.fleets);
  else if (section == "fees") add(scenario.fees);
  else if (section == "caps") add(scenario.caps);
  else if (section == "rates") add(scenario.rates);
  else if (section == "suppliers") {
    for (const auto& d : scenario.demands) {
      for (const auto& supplier : d.suppliers) {
        if (!supplier.id.empty()) ids.push_back(supplier.id);
      }
    }
  }
  return ids;
}

std::pair<int, int> supplier_at(const Scenario& scenario, int element) {
  int named = 0;
  for (std::size_t d = 0; d < scenario.demands.size(); ++d) {
    const auto& suppliers = scenario.demands[d].suppliers;
    for (std::size_t s = 0; s < suppliers.size(); ++s) {
      if (suppliers[s].id.empty()) continue;
      if (named++ == element) return {static_cast<int>(d), static_cast<int>(s)};
    }
  }
  return {-1, -1};
}

std::string field_path(const Scenario& scenario, const FieldRef& ref) {
  const VariableField& f = ref.field();
  if (f.kind == FieldKind::Switch) return f.section + "." + f.key + "." + ref.country;
  return f.section + "." + element_ids(scenario, f.section)[static_cast<std::size_t>(ref.element)] + "." + f.key;
}

std::vector<VehicleUnit> vehicle_units(const Scenario& scenario, const VehicleCapacity& written) {
  std::vector<VehicleUnit> units;
  for (std::size_t v = 0; v < scenario.vehicles.size(); ++v) {
    const bool own = static_cast<int>(v) == written.vehicle;
    units.push_back({scenario.vehicles[v].id, own ? written.payload_t : scenario.vehicles[v].payload_t});
  }
  return units;
}

namespace {

UnitContext commodity_context(const Scenario& scenario, int commodity) {
  if (commodity < 0) return {};
  const Commodity& c = scenario.commodities[static_cast<std::size_t>(commodity)];
  return {c.bbl_per_t, c.t_per_teu, c.id, {}, false};
}

UnitContext single_commodity_context(const Scenario& scenario, const std::vector<int>& commodities) {
  return commodity_context(scenario, commodities.size() == 1 ? commodities.front() : -1);
}

/// How an element's capacity was written: links, transfers and crossings only.
VehicleCapacity written_vehicle(const Scenario& scenario, const ElementRef& element) {
  const auto i = static_cast<std::size_t>(element.index);
  switch (element.kind) {
    case ElementKind::Link: return scenario.links[i].vehicle;
    case ElementKind::Transfer: return scenario.transfers[i].vehicle;
    case ElementKind::Crossing: return scenario.crossings[i].vehicle;
    default: return {};
  }
}

}  // namespace

UnitContext unit_context(const Scenario& scenario, const FieldRef& ref) {
  const auto i = static_cast<std::size_t>(ref.element);
  UnitContext context;
  switch (ref.id) {
    case FieldId::LinkCapacity:
      context = single_commodity_context(scenario, scenario.links[i].commodities);
      context.vehicles = vehicle_units(scenario, scenario.links[i].vehicle);
      return context;
    case FieldId::LinkCost: return single_commodity_context(scenario, scenario.links[i].commodities);
    case FieldId::TransferCapacity:
      context.vehicles = vehicle_units(scenario, scenario.transfers[i].vehicle);
      return context;
    case FieldId::CrossingCapacity:
      context.vehicles = vehicle_units(scenario, scenario.crossings[i].vehicle);
      return context;
    case FieldId::DemandQuantity:
    case FieldId::DemandUnservedCost: return commodity_context(scenario, scenario.demands[i].commodity);
    case FieldId::SupplierPrice: {
      const int demand = supplier_at(scenario, ref.element).first;
      if (demand < 0) return context;
      return commodity_context(scenario, scenario.demands[static_cast<std::size_t>(demand)].commodity);
    }
    case FieldId::BackgroundLoad: {
      const BackgroundFlow& b = scenario.background[i];
      if (b.element) context.vehicles = vehicle_units(scenario, written_vehicle(scenario, *b.element));
      return context;
    }
    case FieldId::FeeAmount: return single_commodity_context(scenario, scenario.fees[i].commodities);
    case FieldId::CapLimit:
      context = single_commodity_context(scenario, scenario.caps[i].commodities);
      context.in_barrels = scenario.caps[i].unit == CapUnit::BarrelsPerYear;
      return context;
    default: return context;
  }
}

namespace {

/// "link" for "links", "background flow" for "background": how messages name one element.
std::string singular(const std::string& section) {
  if (section == "background") return "background flow";
  return section.substr(0, section.size() - 1);
}

/// policy.<rest>, where rest must be transit.<CC> for a country with a place in the scenario.
std::optional<FieldRef> resolve_policy_field(const Scenario& scenario, const Word& path, const std::string& rest,
                                             Reader& reader, const std::string& which) {
  const auto dot = rest.find('.');
  const std::string key = rest.substr(0, dot);
  const std::string code = dot == std::string::npos ? "" : rest.substr(dot + 1);
  const VariableField* field = find_variable_field("policy", key);
  if (!field) {
    reader.error(path, "'" + path.text + "': policy parameters are policy.transit.<country>" +
                           hint_or_list(key, variable_keys("policy")));
    return std::nullopt;
  }
  if (!is_country_code(code)) {
    reader.error(path, "'" + code + "' is not an ISO 3166-1 alpha-2 country code");
    return std::nullopt;
  }
  if (!scenario.has_country(code)) {
    reader.error(path, "no place of " + which + " lies in '" + code + "'");
    return std::nullopt;
  }
  return FieldRef{field->id, -1, code};
}

}  // namespace

std::optional<FieldRef> resolve_field(const Scenario& scenario, const Word& path, Reader& reader,
                                      const std::string& which) {
  const std::string& text = path.text;
  const auto sections = variable_sections();
  const auto first_dot = text.find('.');
  const std::string section = text.substr(0, first_dot);
  if (std::find(sections.begin(), sections.end(), section) == sections.end()) {
    reader.error(path, "'" + text + "': unknown section '" + section + "'" + hint_or_list(section, sections) +
                           " (paths look like links.<id>.capacity)");
    return std::nullopt;
  }
  const auto last_dot = text.rfind('.');
  if (first_dot == std::string::npos || last_dot == first_dot) {
    reader.error(path, "'" + text + "': expected " + section + ".<id>.<field>");
    return std::nullopt;
  }
  if (section == "policy") return resolve_policy_field(scenario, path, text.substr(first_dot + 1), reader, which);
  // Ids may contain dots: the id is everything between the first and the last dot.
  const std::string id = text.substr(first_dot + 1, last_dot - first_dot - 1);
  const std::string key = text.substr(last_dot + 1);
  const auto element = reader.lookup_id({id, path.where, path.path}, element_ids(scenario, section),
                                        "'" + text + "': no " + singular(section) + " '" + id +
                                            "' in " + which);
  if (!element) return std::nullopt;
  const VariableField* field = find_variable_field(section, key);
  if (!field) {
    reader.error(path, "'" + text + "': " + singular(section) + "s have no sweepable field '" + key + "'" +
                           hint_or_list(key, variable_keys(section)));
    return std::nullopt;
  }
  if (field->id == FieldId::LinkCostPerKm && scenario.links[*element].rate >= 0) {
    // Two parameters on one cost would add up; the rate is the one input the link has.
    const std::string& rate = scenario.rates[static_cast<std::size_t>(scenario.links[*element].rate)].id;
    reader.error(path, "'" + text + "': link '" + id + "' takes its cost per km from rate '" + rate +
                           "'; vary rates." + rate + ".cost_per_km (every link using the rate), or give the link "
                           "its own cost_per_km: in " + which);
    return std::nullopt;
  }
  if (field->id == FieldId::BackgroundLoad && !scenario.background[*element].is_load()) {
    reader.error(path, "'" + text + "': background flow '" + id +
                           "' is a demand routed first, not a load; its quantity cannot be varied");
    return std::nullopt;
  }
  return FieldRef{field->id, static_cast<int>(*element), ""};
}

}  // namespace borderflow
