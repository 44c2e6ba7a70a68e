#pragma once
// `borderflow critical`: the most critical elements (engine/solve/critical.hpp) as one typed,
// rounded report rendered as a text or Markdown table, a JSON document and tidy CSV rows, so the
// formats cannot disagree. Rounding as in report.hpp: t/yr to 0.1, shares to 1e-6, USD/yr to the
// cent. The tables show the first `top` closures of each ranking; JSON and CSV carry them all.
//
// JSON (keys alphabetical): borderflow_version, schema_version, scenario {name, description, files}, definitions
// {ranking, figures}, base {route_capacities [...], routing}, elements [one per open element, in
// rank order: rank, kind, id, name, worst_share, worst_route, worst_direction, capacities [per
// route question: route, direction, reverse, status, capacity_t_per_yr, lost_t_per_yr,
// lost_share], routing {status, cost_usd_per_yr, cost_rise_usd_per_yr, unserved_t_per_yr,
// unserved_rise_t_per_yr}], and with pairs asked, pairs {candidates, pairs [the same per pair,
// with elements [{kind, id, name}] instead of kind, id, name]}. A figure that was not answered is
// null beside its status and note.
//
// CSV: the tidy columns of every run (docs/schema/README.md), then closure (base, single, pair),
// other_kind, other_id; a closure's records name its (first) element in element_kind/element_id,
// its rank is the metric "rank"; one number per row, statuses as 0/1 flags.
#include <cstddef>
#include <string>

#include <nlohmann/json.hpp>

#include "report/report.hpp"
#include "solve/critical.hpp"

namespace borderflow {

/// The tables show this many closures of each ranking unless told otherwise (--top).
inline constexpr std::size_t kCriticalTableRows = 10;

/// `width`: the widest line of a text table (report.hpp render_run).
std::string render_critical(const SolvedCritical& solved, Format format, std::size_t top = kCriticalTableRows,
                            std::size_t width = kDefaultTableWidth);
nlohmann::json critical_to_json(const SolvedCritical& solved);

}  // namespace borderflow
