#pragma once
// Words for the engine's typed answers: the labels and sentences people read in reports.
// Everything here is presentation; the values it words are computed in network/ and solve/.
#include <optional>
#include <string>
#include <vector>

#include "solve/answers.hpp"
#include "solve/critical.hpp"

namespace borderflow {

/// "link", "transfer" or "crossing" (the `kind` of JSON rows and flows).
const char* element_kind_name(ElementKind kind);

/// The plural of a vehicle's id, as capacities are read: "train" -> "trains" ("bus" stays).
std::string vehicle_plural(const std::string& vehicle_id);

/// The name of the element (link, transfer, crossing, fleet or cap) a capacity row bounds.
const std::string& element_name(const Scenario& scenario, const CapacityRow& row);

/// "fleet rajin-feeders (Rajin feeders)": kind and id, and the name when it says more.
std::string named(const std::string& kind, const std::string& id, const std::string& name);

/// Where a figure comes from, in one cell: its source tags ("unscr-2397, rosstat"), else
/// "assumption: <text>"; "" when it has neither.
std::string provenance_label(const Provenance& provenance);

/// The countries closed to transit: "KP, CN (munitions only)" (selective entries name their
/// commodities); "" when none is.
std::string no_transit_list(const Scenario& scenario);
/// "no transit through KP, CN (munitions only)", or "" when no country is closed to transit.
std::string no_transit_text(const Scenario& scenario);

/// Headings of `run`'s sections. With background traffic the route capacities are spare
/// capacities ("Route spare capacities ..."), and the bottleneck column says so.
std::string route_capacities_heading(bool after_background);
std::string bottleneck_header(bool after_background);
std::string background_heading();
/// `routing`: the demand routing's section, else the route questions'.
std::string fleets_heading(bool routing);
std::string vehicles_heading(bool routing);
std::string caps_heading();
std::string suppliers_heading();

/// The routing's totals in its heading: "transport 29,700,000 USD/yr", plus " incl. fees N
/// USD/yr" when the scenario has fees and ", purchases at origin prices N USD/yr" when it has
/// priced suppliers (each given only then).
std::string routing_totals_text(double transport_usd_per_yr, std::optional<double> fees_usd_per_yr,
                                std::optional<double> purchases_usd_per_yr);

/// What a cap's shadow price means: "one more bbl/yr of cap is worth 12.34 USD/yr" (the
/// routing's cost falls by that much a year per unit of yearly limit).
std::string cap_shadow_sentence(double shadow_price, RowUnit unit);

/// A question in the fleets and vehicles tables: "route ru-kp RU -> KP", or "routing".
std::string question_label(const std::string& route, const std::string& direction);

/// How a long list of places is shortened: "a, b, c, ..." or "a, b, +2".
enum class PlaceListStyle { Ellipsis, Count };

/// Countries joined by "+" ("RU+KP") when the set is given by countries, else the place ids:
/// Ellipsis shows the first three then ", ..."; Count shows the first two then ", +N" when more
/// than three are listed.
std::string place_set_label(const Scenario& scenario, const PlaceSet& set, PlaceListStyle style);

/// "RU -> KP" or "ru-vladivostok -> kp-pyongyang" for a route question.
std::string direction_label(const Scenario& scenario, const Route& route, bool reverse);

/// "Russia", "China", "the DPRK"; other codes as written.
std::string country_name(const std::string& code);
/// A place set in words for a headline: "any place in the DPRK" (given by countries), the place's
/// name up to its first " (" ("Pyongyang"), or "6 places in Russia" when all lie in one country.
std::string place_set_words(const Scenario& scenario, const PlaceSet& set);
/// A route question in words: "6 places in Russia -> Pyongyang".
std::string question_words(const Scenario& scenario, const Route& route, bool reverse);

/// What compare's headline shows, in sentences; `bands_source` names the sweep when bands are shown.
std::string compare_headline_note(bool with_bands, const std::string& bands_source);

/// Tonnes per year as Mt/yr for tables: one decimal from 1 Mt/yr up ("9.0", "22.9"), two
/// significant figures below ("0.17", "0.050"), "0" for none, "unlimited" for an infinite route.
/// Capacities rest on inputs that span 2-5x: a table printing them to the tonne misleads.
std::string format_mt(double t_per_yr);

/// "ru-a (rail:1520) > kp-b (border: post) [bogie rail:1520->rail:1435] > kp-c": the places, the
/// border a link crosses, each transfer's method and layers; "(no movement)" for an empty path.
std::string path_label(const Network& network, const PathFlow& path);

/// Why an answer is not a number, as a sentence that says what to do; empty for Optimal.
/// Unbounded is an answer ("unlimited: ..."); the other statuses start "not answered: ".
std::string status_sentence(SolveStatus status);

/// --verify: why the answers of `solved` cannot be relied on, one line each ("route r1
/// (reverse): not answered: ...", "routing: <certificate problem>"); empty when every answer is
/// an optimum whose certificate holds, or a route proven unlimited (the solver's ray proves it).
std::vector<std::string> verification_failures(const SolvedScenario& solved);

/// Why a demand leaves tonnes unserved, as a sentence; empty when all is delivered.
std::string unserved_sentence(const Network& network, const DemandAnswer& demand);

/// The answers of `solved` that stopped at a solver limit (status limit-reached: the run's time
/// budget, or one solve's own time or iteration cap) as one sentence naming each ("route rajin
/// (RU -> KP)", "the demand routing"); empty when none did.
std::string limit_reached_notice(const SolvedScenario& solved, double max_seconds);

// --- `borderflow critical` ------------------------------------------------------------------

/// "crossing post", or for a pair "link a-m-rail + link m-b-road".
std::string closure_label(const Scenario& scenario, const std::vector<ElementRef>& elements);
/// The ranking rule as one sentence (report headers and the README say the same).
std::string critical_ranking_rule();
/// What the figures mean: the routing cost, the background, the loss and share.
std::string critical_definitions();
/// "174 open elements closed one at a time (N-1); 8 route questions and the demand routing".
std::string critical_scope(std::size_t elements, std::size_t route_questions, bool routed);
/// Table headings.
std::string critical_base_heading();
std::string critical_singles_heading(std::size_t shown, std::size_t total);
std::string critical_pairs_heading(std::size_t shown, std::size_t total, std::size_t candidates);
/// Said when no pair among the candidates loses more than its worse element alone.
std::string critical_no_pairs_sentence(std::size_t candidates);
/// The routing's base figures in one line: "total cost 88,800,000 USD/yr, unserved 0.0050 Mt/yr".
std::string critical_routing_base(const CriticalAnswer& answer);
/// The background routing did not finish: its tonnes were not taken off the capacities.
std::string critical_background_note(SolveStatus status);
/// Column headings of the base table, and of the N-1 and N-2 tables.
std::vector<std::string> critical_base_columns();
std::vector<std::string> critical_closure_columns(bool pairs);
/// Like limit_reached_notice: when some closure stopped at a solver limit, which and what to do;
/// empty when none did.
std::string critical_limit_notice(const SolvedCritical& solved, double max_seconds);

/// What a scenario holds, for `validate`: "64 places, 110 links, ..., 4 routes", then the
/// issue 9 sections that are present ("7 background flows, 1 fleet, 1 cap, 1 fee").
std::string scenario_summary(const Scenario& scenario);

}  // namespace borderflow
