#pragma once
// The inputs that differ between two scenarios, matched by id: what a reader of a comparison
// needs to know changed before reading what the answers did. Plain data: each value is text with
// its unit ("1.2 Mt/yr", "closed", "CN"), and the sentences around it belong in report/.
#include <string>
#include <vector>

#include "core/diagnostic.hpp"
#include "scenario/scenario.hpp"

namespace borderflow {

/// One input that differs: an element present in one scenario only (field empty), or one field
/// of an element present in both.
struct InputDifference {
  /// The YAML section: "places", "commodities", "vehicles", "rates", "links", "transfers",
  /// "crossings", "demands", "suppliers" (a demand's named suppliers), "routes", "fleets",
  /// "background", "fees", "caps", "disruptions"; "time" (the horizon), "defaults" (speeds) and
  /// "policy" hold no elements (id "").
  std::string section;
  std::string id;
  std::string name;  ///< the element's name (b's when it has one there), "" when it has none
  /// The YAML key that differs ("capacity", "status", "no_transit", "speed.rail"); "" when the
  /// element is in one scenario only.
  std::string field;
  bool in_a = true, in_b = true;  ///< whether the element exists in each scenario
  /// The field's value in each, as text with its unit; "" where the element is absent or the
  /// field does not apply (is not written) there. Numbers are compared at 12 significant figures
  /// (values closer than that count as equal) and shown at 6, or 12 when 6 would read the same.
  std::string value_a, value_b;
  /// Where the field was written in each (the outermost file of its extends: chain that wrote
  /// it); the element's own position when the field holds its default or the element is listed
  /// as present in one scenario only; file "" where the element is absent or nothing was written.
  SourceLocation where_a, where_b;
};

/// Every input that differs between `a` and `b`, in section order (the order above, policy last),
/// each section in a's element order, then the elements only b has in b's order; each element's
/// fields in the order its section's keys are documented (scenarios/README.md). Names,
/// descriptions, provenance (source:, assumption:, sources:) and ranges are not inputs and are not
/// compared; a link's crossing is compared through the crossing's links. Identical inputs give
/// an empty list.
std::vector<InputDifference> diff_scenarios(const Scenario& a, const Scenario& b);

}  // namespace borderflow
