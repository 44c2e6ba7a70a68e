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
  return ids;
}

std::string field_path(const Scenario& scenario, const FieldRef& ref) {
  const VariableField& f = ref.field();
  if (f.kind == FieldKind::Switch) return f.section + "." + f.key + "." + ref.country;
  return f.section + "." + element_ids(scenario, f.section)[static_cast<std::size_t>(ref.element)] + "." + f.key;
}

UnitContext unit_context(const Scenario& scenario, const FieldRef& ref) {
  int commodity = -1;
  const std::string& section = ref.field().section;
  if (section == "links") {
    const auto& carried = scenario.links[static_cast<std::size_t>(ref.element)].commodities;
    if (carried.size() == 1) commodity = carried.front();
  } else if (section == "demands") {
    commodity = scenario.demands[static_cast<std::size_t>(ref.element)].commodity;
  }
  if (commodity < 0) return {};
  const Commodity& c = scenario.commodities[static_cast<std::size_t>(commodity)];
  return {c.bbl_per_t, c.t_per_teu, c.id};
}

namespace {

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
                                        "'" + text + "': no " + section.substr(0, section.size() - 1) + " '" + id +
                                            "' in " + which);
  if (!element) return std::nullopt;
  const VariableField* field = find_variable_field(section, key);
  if (!field) {
    reader.error(path, "'" + text + "': " + section + " have no sweepable field '" + key + "'" +
                           hint_or_list(key, variable_keys(section)));
    return std::nullopt;
  }
  return FieldRef{field->id, static_cast<int>(*element), ""};
}

}  // namespace borderflow
