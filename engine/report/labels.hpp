#pragma once
// Words for the engine's typed answers: the labels and sentences people read in reports.
// Everything here is presentation; the values it words are computed in network/ and solve/.
#include <string>
#include <vector>

#include "solve/answers.hpp"

namespace borderflow {

/// "link", "transfer" or "crossing" (the `kind` of JSON rows and flows).
const char* element_kind_name(ElementKind kind);

/// How a long list of places is shortened: "a, b, c, ..." or "a, b, +2".
enum class PlaceListStyle { Ellipsis, Count };

/// Countries joined by "+" ("RU+KP") when the set is given by countries, else the place ids:
/// Ellipsis shows the first three then ", ..."; Count shows the first two then ", +N" when more
/// than three are listed.
std::string place_set_label(const Scenario& scenario, const PlaceSet& set, PlaceListStyle style);

/// "RU -> KP" or "ru-vladivostok -> kp-pyongyang" for a route question.
std::string direction_label(const Scenario& scenario, const Route& route, bool reverse);

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

}  // namespace borderflow
