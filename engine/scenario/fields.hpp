#pragma once
// The variable fields of the scenario model, in one table: the fields a scenario may write a
// range on (`capacity: {range: [...]}`) and a sweep may vary (`path: links.<id>.capacity`).
// The loader reads ranged fields through it and the sweep spec resolves parameter paths with
// it, so a field added here is rangeable and sweepable at once, in the right Dimension.
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/quantity.hpp"

namespace borderflow {

struct Scenario;
struct VehicleCapacity;
class Reader;
struct Word;

enum class FieldId {
  LinkCapacity, LinkCost, LinkCostPerKm, LinkStatus,
  TransferCapacity, TransferCost, TransferStatus,
  CrossingCapacity, CrossingCost, CrossingStatus,
  DemandQuantity, DemandUnservedCost,
  SupplierPrice,         ///< suppliers.<id>.price: a supplier's origin price
  BackgroundLoad,        ///< background.<id>.load: a background load (not a background demand)
  FleetCount, FleetPayload,
  FeeAmount,             ///< fees.<id>.fee
  CapLimit,              ///< caps.<id>.limit: in bbl/yr for a cap in barrels, else t/yr
  RateCostPerKm,         ///< rates.<id>.cost_per_km: every link written `rate: <id>` at once
  Transit,  ///< policy.transit.<CC>: 1 = the country may carry transit, 0 = it may not
};

enum class FieldKind {
  Quantity,  ///< a number in `dimension`; a scenario may write a range on it
  Status,    ///< open | closed
  Switch,    ///< 0 | 1
};

struct VariableField {
  FieldId id;
  std::string section;  ///< "links", "transfers", ..., "caps", "rates", "policy"
  std::string key;      ///< "capacity", ...; for policy, "transit"
  FieldKind kind;
  Dimension dimension;  ///< meaningful for Quantity fields only
};

/// Every variable field, in FieldId order (sections and keys in the order messages list them).
const std::vector<VariableField>& variable_fields();
const VariableField& variable_field(FieldId id);
/// Sections that hold variable fields, in table order.
std::vector<std::string> variable_sections();
/// The variable keys of one section, in table order.
std::vector<std::string> variable_keys(const std::string& section);
const VariableField* find_variable_field(const std::string& section, const std::string& key);

/// A variable field of one element of a scenario, or of one country (Transit).
struct FieldRef {
  FieldId id = FieldId::LinkCapacity;
  /// Index into the section's vector of the Scenario (suppliers: into element_ids(s, "suppliers"),
  /// see supplier_at); -1 for Transit.
  int element = -1;
  std::string country;  ///< Transit only

  const VariableField& field() const { return variable_field(id); }
};

/// The ids of a section's elements ("links", ..., "caps", "rates"), in order. "suppliers" are the
/// suppliers written with an id, demand by demand (the implicit supplier of a `from:` demand has
/// none and no variable field).
std::vector<std::string> element_ids(const Scenario& scenario, const std::string& section);

/// The supplier a SupplierPrice FieldRef::element names: (demand index, index in its suppliers),
/// or (-1, -1) when out of range.
std::pair<int, int> supplier_at(const Scenario& scenario, int element);

/// "links.<id>.capacity", "policy.transit.CN".
std::string field_path(const Scenario& scenario, const FieldRef& ref);

/// Resolves a field path written in a document against `scenario`: "section.<id>.key" (ids may
/// contain dots) or "policy.transit.<CC>". Problems are reported through `reader` at `path`
/// (whose text is the path), naming the scenario as `which` ("the base scenario").
std::optional<FieldRef> resolve_field(const Scenario& scenario, const Word& path, Reader& reader,
                                      const std::string& which);

/// The scenario's vehicles as units of FlowRate; the one an element's capacity is written in
/// (`written`) at that element's payload, the others at their own.
std::vector<VehicleUnit> vehicle_units(const Scenario& scenario, const VehicleCapacity& written);

/// What commodity- and vehicle-specific units mean on this field: bbl and TEU through the single
/// commodity a link (or fee) names, a demand's or supplier's commodity; on a link, transfer or
/// crossing capacity, and on a background load on one, the scenario's vehicles at the element's
/// payload; a cap in barrels counts in bbl/yr (UnitContext::in_barrels).
UnitContext unit_context(const Scenario& scenario, const FieldRef& ref);

}  // namespace borderflow
