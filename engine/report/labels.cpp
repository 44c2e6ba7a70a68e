#include "report/labels.hpp"

#include <algorithm>
#include <cmath>

#include "core/text.hpp"
#include "solve/time_answers.hpp"

namespace borderflow {

const char* element_kind_name(ElementKind kind) {
  switch (kind) {
    case ElementKind::Link: return "link";
    case ElementKind::Transfer: return "transfer";
    case ElementKind::Fleet: return "fleet";
    case ElementKind::Cap: return "cap";
    case ElementKind::Storage: return "storage";
    case ElementKind::Crossing: break;
  }
  return "crossing";
}

std::string vehicle_plural(const std::string& vehicle_id) {
  if (!vehicle_id.empty() && vehicle_id.back() == 's') return vehicle_id;
  return vehicle_id + "s";
}

const std::string& element_name(const Scenario& scenario, const CapacityRow& row) {
  const auto e = static_cast<std::size_t>(row.element);
  switch (row.kind) {
    case ElementKind::Link: return scenario.links[e].name;
    case ElementKind::Transfer: return scenario.transfers[e].name;
    case ElementKind::Fleet: return scenario.fleets[e].name;
    case ElementKind::Cap: return scenario.caps[e].name;
    case ElementKind::Storage: return scenario.places[e].name;
    case ElementKind::Crossing: break;
  }
  return scenario.crossings[e].name;
}

std::string named(const std::string& kind, const std::string& id, const std::string& name) {
  return kind + " " + id + (name.empty() || name == id ? "" : " (" + name + ")");
}

std::string provenance_label(const Provenance& provenance) {
  std::string out;
  for (const auto& tag : provenance.source_tags) out += (out.empty() ? "" : ", ") + tag;
  if (out.empty() && !provenance.assumption.empty()) out = "assumption: " + provenance.assumption;
  return out;
}

std::string no_transit_list(const Scenario& s) {
  std::string out;
  for (const auto& country : s.policy.no_transit) out += (out.empty() ? "" : ", ") + country;
  for (const auto& entry : s.policy.no_transit_of) {
    std::string commodities;
    for (int c : entry.commodities) {
      commodities += (commodities.empty() ? "" : "/") + s.commodities[static_cast<std::size_t>(c)].id;
    }
    out += (out.empty() ? "" : ", ") + entry.country + " (" + commodities + " only)";
  }
  return out;
}

std::string no_transit_text(const Scenario& s) {
  const std::string list = no_transit_list(s);
  return list.empty() ? "" : "no transit through " + list;
}

std::string route_capacities_heading(bool after_background) {
  if (after_background) {
    return "Route spare capacities (max flow on the capacity background traffic leaves, Mt/yr)";
  }
  return "Route capacities (max flow, Mt/yr)";
}

std::string bottleneck_header(bool after_background) {
  return after_background ? "bottleneck (binding spare capacities, Mt/yr)" : "bottleneck (binding capacities, Mt/yr)";
}

std::string background_heading() {
  return "Background traffic (flows that exist whatever the question, taken off the capacities first: every answer "
         "below is on the spare capacity)";
}

std::string fleets_heading(bool routing) {
  return std::string(routing ? "Fleets in the demand routing" : "Fleets at each route's capacity") +
         " (vehicles the flows keep busy all year, their share of the fleet, loaded departures a day; what one more "
         "vehicle is worth)";
}

std::string vehicles_heading(bool routing) {
  return std::string(routing ? "Vehicles in the demand routing" : "Vehicles at each route's capacity") +
         " (on elements whose capacities are given in vehicles)";
}

std::string caps_heading() {
  return "Caps (use and limit in the cap's unit; shadow price: USD/yr the routing saves per unit of yearly limit)";
}

std::string suppliers_heading() {
  return "Supplier choice (landed cost = origin price + transport + fees; a supplier that delivers nothing would win "
         "below the price shown)";
}

std::string routing_totals_text(double transport_usd_per_yr, std::optional<double> fees_usd_per_yr,
                                std::optional<double> purchases_usd_per_yr) {
  std::string out = "transport " + format_significant(transport_usd_per_yr, 3) + " USD/yr";
  if (fees_usd_per_yr) out += " incl. fees " + format_significant(*fees_usd_per_yr, 3) + " USD/yr";
  if (purchases_usd_per_yr) out += ", purchases at origin prices " + format_significant(*purchases_usd_per_yr, 3) + " USD/yr";
  return out;
}

std::string cap_shadow_sentence(double shadow_price, RowUnit unit) {
  return "one more " + std::string(to_string(unit)) + " of cap is worth " + format_fixed(shadow_price, 2) + " USD/yr";
}

std::string question_label(const std::string& route, const std::string& direction) {
  return route.empty() ? "routing" : "route " + route + " " + direction;
}

std::string place_set_label(const Scenario& scenario, const PlaceSet& set, PlaceListStyle style) {
  std::string out;
  if (!set.countries.empty()) {
    for (const auto& c : set.countries) out += (out.empty() ? "" : "+") + c;
    return out;
  }
  const std::size_t count = set.places.size();
  for (std::size_t i = 0; i < count; ++i) {
    if (style == PlaceListStyle::Ellipsis && i == 3) return out + ", ...";
    if (style == PlaceListStyle::Count && i == 2 && count > 3) return out + ", +" + std::to_string(count - 2);
    out += (i ? ", " : "") + scenario.places[static_cast<std::size_t>(set.places[i])].id;
  }
  return out;
}

std::string direction_label(const Scenario& scenario, const Route& route, bool reverse) {
  const PlaceSet& from = reverse ? route.destinations : route.origins;
  const PlaceSet& to = reverse ? route.origins : route.destinations;
  return place_set_label(scenario, from, PlaceListStyle::Count) + " -> " +
         place_set_label(scenario, to, PlaceListStyle::Count);
}

std::string country_name(const std::string& code) {
  if (code == "RU") return "Russia";
  if (code == "CN") return "China";
  if (code == "KP") return "the DPRK";
  return code;
}

std::string place_set_words(const Scenario& scenario, const PlaceSet& set) {
  if (!set.countries.empty()) {
    std::string out;
    for (const auto& c : set.countries) out += (out.empty() ? "" : " or ") + country_name(c);
    return "any place in " + out;
  }
  if (set.places.size() == 1) {
    const std::string& name = scenario.places[static_cast<std::size_t>(set.places.front())].name;
    return name.substr(0, name.find(" ("));
  }
  const std::string& country = scenario.places[static_cast<std::size_t>(set.places.front())].country;
  const bool one_country = std::all_of(set.places.begin(), set.places.end(), [&](int p) {
    return scenario.places[static_cast<std::size_t>(p)].country == country;
  });
  if (!one_country) return place_set_label(scenario, set, PlaceListStyle::Count);
  return std::to_string(set.places.size()) + " places in " + country_name(country);
}

std::string question_words(const Scenario& scenario, const Route& route, bool reverse) {
  return place_set_words(scenario, reverse ? route.destinations : route.origins) + " -> " +
         place_set_words(scenario, reverse ? route.origins : route.destinations);
}

std::string compare_headline_note(bool with_bands, const std::string& bands_source) {
  std::string out =
      "Capacity: the most each route can carry per year on what its scenario leaves free (after any background "
      "traffic), in Mt/yr; held by: the element whose capacity binds, and how many more bind with it. Cost: USD per tonne delivered for each demand, "
      "transport and fees, to 3 significant figures.";
  if (with_bands) {
    out += " [P10 to P90]: the 10th and 90th percentiles over " + bands_source +
           ", in the sweep's world of the same name as the scenario; a change band is the variant-by-variant difference."
           " The point value uses each figure's chosen value; where that is the end of its range (the traffic observed"
           " on a post, the fleet observed on a lane), the band lies to one side of the point.";
  } else {
    out += " Point values only: --bands STORE adds the P10 to P90 of a sweep (README).";
  }
  return out;
}

std::string format_mt(double t_per_yr) {
  if (std::isinf(t_per_yr)) return "unlimited";
  const double mt = t_per_yr / 1e6;
  if (std::fabs(mt) >= 0.95) return format_fixed(mt, 1);
  return format_significant(mt, 2);
}

std::string path_label(const Network& network, const PathFlow& path) {
  const Scenario& s = network.scenario();
  if (path.arcs.empty()) return "(no movement)";
  const auto& arcs = network.arcs();
  const NetworkArc& first = arcs[static_cast<std::size_t>(path.arcs.front())];
  std::string out = s.places[static_cast<std::size_t>(network.vertex(first.tail).place)].id + " (" +
                    to_string(network.vertex(first.tail).layer) + ")";
  for (int a : path.arcs) {
    const NetworkArc& arc = arcs[static_cast<std::size_t>(a)];
    if (arc.kind == ArcKind::Link) {
      const Link& link = s.links[static_cast<std::size_t>(arc.element)];
      out += " > " + s.places[static_cast<std::size_t>(network.vertex(arc.head).place)].id;
      if (link.crossing >= 0) out += " (border: " + s.crossings[static_cast<std::size_t>(link.crossing)].id + ")";
    } else if (arc.kind == ArcKind::Storage) {
      out += " [held at " + s.places[static_cast<std::size_t>(arc.element)].id + " into the next period]";
    } else {
      const Transfer& t = s.transfers[static_cast<std::size_t>(arc.element)];
      out += " [" + t.method + " " + to_string(network.vertex(arc.tail).layer) + "->" +
             to_string(network.vertex(arc.head).layer) + "]";
    }
  }
  return out;
}

std::string status_sentence(SolveStatus status) {
  switch (status) {
    case SolveStatus::Optimal: return {};
    case SolveStatus::Unbounded: return "unlimited: some path from origins to destinations has no finite capacity";
    case SolveStatus::Infeasible:
      return "not answered: the solver found no feasible flow, which a valid network cannot cause; please report it "
             "with the scenario";
    case SolveStatus::LimitReached:
      return "not answered: the solver stopped at its iteration or time limit before it proved an optimum";
    case SolveStatus::NumericRange: break;
  }
  return "not answered: the solver stopped on numeric trouble; some capacity, cost, quantity or price is beyond its "
         "range (1e12 after unit conversion)";
}

std::vector<std::string> verification_failures(const SolvedScenario& solved) {
  std::vector<std::string> out;
  const Scenario& s = solved.scenario();
  auto check_capacities = [&](const std::vector<CapacityAnswer>& capacities, const std::string& when) {
    for (const auto& c : capacities) {
      const std::string route = "route " + s.routes[static_cast<std::size_t>(c.route)].id + when;
      if (c.status == SolveStatus::Unbounded) continue;
      if (c.status != SolveStatus::Optimal) {
        out.push_back(route + (c.reverse ? " (reverse)" : "") + ": " + status_sentence(c.status));
      } else if (!c.certified) {
        for (const auto& p : c.check_problems) out.push_back(route + ": " + p);
      }
    }
  };
  check_capacities(solved.answer.capacities, "");
  if (solved.time) {
    // Each distinct period's answers once, named by the first period that has them.
    for (std::size_t k = 0; k < solved.time->patterns.size(); ++k) {
      const auto first = std::find_if(solved.time->periods.begin(), solved.time->periods.end(),
                                      [k](const PeriodAnswer& p) { return p.pattern == static_cast<int>(k); });
      const auto period = static_cast<int>(first - solved.time->periods.begin());
      check_capacities(solved.time->patterns[k].capacities, " in " + solved.time->horizon.label(period));
    }
  }
  const RoutingAnswer& r = solved.answer.routing;
  if (s.demands.empty()) return out;
  if (r.status != SolveStatus::Optimal) {
    out.push_back("routing: " + status_sentence(r.status));
  } else if (!r.certified) {
    for (const auto& p : r.check_problems) out.push_back("routing: " + p);
  }
  return out;
}

std::string unserved_sentence(const Network& network, const DemandAnswer& answer) {
  const Scenario& s = network.scenario();
  const Demand& d = s.demands[static_cast<std::size_t>(answer.demand)];
  const UnservedReason& reason = answer.unserved;
  switch (reason.kind) {
    case UnservedReason::Kind::None: return {};
    case UnservedReason::Kind::NoOpenRoute: {
      const std::string policy = no_transit_list(s);
      return "no open route from " + place_set_label(s, d.origins, PlaceListStyle::Ellipsis) + " to " +
             place_set_label(s, d.destinations, PlaceListStyle::Ellipsis) + " under this scenario's closures" +
             (policy.empty() ? std::string() : " and no-transit policy (" + policy + ")");
    }
    case UnservedReason::Kind::TooExpensive:
      return "cheapest open route costs " + format_fixed(reason.cheapest_usd_per_t, 2) + " USD/t, above the " +
             format_fixed(d.unserved_cost_usd_per_t, 2) + " USD/t at which this trade pays";
    case UnservedReason::Kind::CapacityFull: break;
  }
  std::string rows;
  for (int row : reason.full_rows) {
    const CapacityRow& r = network.rows()[static_cast<std::size_t>(row)];
    const std::string unit = std::string(" ") + to_string(r.unit);
    rows += (rows.empty() ? "" : "; ") + network.describe_row(row) + " full at " +
            (r.background > 0 ? "its spare " + format_grouped(r.spare()) + unit + " (" + format_grouped(r.background) +
                                    " of " + format_grouped(r.capacity_t_per_yr) + " taken by background traffic)"
                              : format_grouped(r.capacity_t_per_yr) + unit);
  }
  return "capacity: routes cheaper than " + format_fixed(d.unserved_cost_usd_per_t, 2) + " USD/t are full (" + rows + ")";
}

std::string limit_reached_notice(const SolvedScenario& solved, double max_seconds) {
  std::vector<std::string> names;
  for (const auto& c : solved.answer.capacities) {
    if (c.status != SolveStatus::LimitReached) continue;
    const Route& route = solved.scenario().routes[static_cast<std::size_t>(c.route)];
    names.push_back("route " + route.id + " (" + direction_label(solved.scenario(), route, c.reverse) + ")");
  }
  if (solved.answer.routing.status == SolveStatus::LimitReached) names.push_back("the demand routing");
  if (names.empty()) return {};
  std::string list;
  for (const auto& name : names) list += (list.empty() ? "" : ", ") + name;
  return solved.file + ": error: " + format_grouped(static_cast<double>(names.size())) +
         (names.size() == 1 ? " answer" : " answers") + " stopped at a solver limit and " +
         (names.size() == 1 ? "is" : "are") + " reported as limit-reached: " + list +
         " (the run's time budget is " + format_real(max_seconds) + " s, and one solve may take at most " +
         format_real(SolveLimits{}.max_seconds) + " s); raise --max-seconds or ask fewer questions per scenario";
}

// --- `borderflow critical` ------------------------------------------------------------------

std::string closure_label(const Scenario& scenario, const std::vector<ElementRef>& elements) {
  std::string out;
  for (const ElementRef& e : elements) {
    out += (out.empty() ? "" : " + ") + std::string(element_kind_name(e.kind)) + " " + element_id(scenario, e);
  }
  return out;
}

std::string critical_ranking_rule() {
  return "ranked by the largest share of any route question's capacity lost, then by the rise in total routing "
         "cost, then by element id";
}

std::string critical_definitions() {
  return "capacity lost = base max flow - max flow with the element closed (share: of the base); routing cost = "
         "transport + fees + origin prices + unserved penalties (USD/yr); background traffic stays where the base "
         "routes it, so every closure is judged on the base's spare capacity";
}

std::string critical_scope(std::size_t elements, std::size_t route_questions, bool routed) {
  return format_grouped(static_cast<double>(elements)) + " open links, transfers and crossings, each closed alone (N-1); " +
         format_grouped(static_cast<double>(route_questions)) +
         (route_questions == 1 ? " route question" : " route questions") + (routed ? " and the demand routing" : "");
}

std::string critical_base_heading() { return "Base (nothing closed)"; }

std::string critical_singles_heading(std::size_t shown, std::size_t total) {
  return "Most critical elements, closed alone (N-1; top " + format_grouped(static_cast<double>(shown)) + " of " +
         format_grouped(static_cast<double>(total)) + ")";
}

std::string critical_pairs_heading(std::size_t shown, std::size_t total, std::size_t candidates) {
  return "Worst pairs (N-2) among the top " + format_grouped(static_cast<double>(candidates)) +
         ": closed together they lose more than either alone (" + format_grouped(static_cast<double>(shown)) + " of " +
         format_grouped(static_cast<double>(total)) + " shown)";
}

std::string critical_no_pairs_sentence(std::size_t candidates) {
  return "none: no pair among the top " + format_grouped(static_cast<double>(candidates)) +
         " loses more than its worse element alone";
}

std::string critical_routing_base(const CriticalAnswer& answer) {
  if (answer.routing_status != SolveStatus::Optimal) return status_sentence(answer.routing_status);
  return "routing: total cost " + format_significant(answer.routing_cost_usd_per_yr, 3) + " USD/yr, unserved " +
         format_mt(answer.routing_unserved_t_per_yr) + " Mt/yr";
}

std::string critical_background_note(SolveStatus status) {
  return "background routing: " + status_sentence(status) + "; its tonnes were not taken off the capacities";
}

std::vector<std::string> critical_base_columns() { return {"question", "direction", "capacity Mt/yr"}; }

std::vector<std::string> critical_closure_columns(bool pairs) {
  return {"rank", pairs ? "elements closed together" : "element", "worst route question", "capacity lost Mt/yr",
          "share", "questions losing", "routing cost rise USD/yr", "unserved rise Mt/yr"};
}

std::string critical_limit_notice(const SolvedCritical& solved, double max_seconds) {
  if (!solved.answer.limit_reached) return {};
  return solved.file + ": error: some closures stopped at a solver limit and are reported as limit-reached (the "
         "run's time budget is " + format_real(max_seconds) + " s, and one solve may take at most " +
         format_real(SolveLimits{}.max_seconds) + " s); raise --max-seconds, or ask for fewer pairs with --top";
}

std::string scenario_summary(const Scenario& s) {
  auto count = [](std::size_t n, const char* one, const char* many) {
    return std::to_string(n) + " " + (n == 1 ? one : many);
  };
  std::string out = std::to_string(s.places.size()) + " places, " + std::to_string(s.links.size()) + " links, " +
                    std::to_string(s.transfers.size()) + " transfers, " + std::to_string(s.crossings.size()) +
                    " crossings, " + std::to_string(s.demands.size()) + " demands, " + std::to_string(s.routes.size()) +
                    " routes";
  if (!s.rates.empty()) out += ", " + count(s.rates.size(), "unit rate", "unit rates");
  if (!s.background.empty()) out += ", " + count(s.background.size(), "background flow", "background flows");
  if (!s.fleets.empty()) out += ", " + count(s.fleets.size(), "fleet", "fleets");
  if (!s.caps.empty()) out += ", " + count(s.caps.size(), "cap", "caps");
  if (!s.fees.empty()) out += ", " + count(s.fees.size(), "fee", "fees");
  if (!s.disruptions.empty()) out += ", " + count(s.disruptions.size(), "disruption", "disruptions");
  if (s.time) {
    out += "; " + std::to_string(s.time->periods) + " " + to_string(s.time->unit) + (s.time->periods == 1 ? "" : "s") +
           " from " + s.time->label(0);
  }
  return out;
}

}  // namespace borderflow
