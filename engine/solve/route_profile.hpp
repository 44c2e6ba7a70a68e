#pragma once
// A path read as a time-cost-distance profile (the ESCAP method of corridor performance
// measurement): walking the path's arcs from its origin, the cumulative distance (km), cost
// (USD/t) and time (hours) after each step. A link runs over its length; a border post and a
// transfer (gauge change, transload) add cost and time at one point, so they are steps of zero
// km, which a profile chart draws as vertical jumps.
//
//   link arc a of link l (with crossing c, if l belongs to one):
//     a border step at the link's start: km += 0, cost += c.cost, hours += c.dwell
//     then the link step:                  km += l.length, cost += cost_a - c.cost,
//                                          hours += hours_a - c.dwell
//   transfer arc a:                         km += 0, cost += cost_a, hours += hours_a
//   storage arc (time-expanded networks):   km += 0, cost += cost_a, hours += hours_a
//
// The arc's own cost and time are what is summed (the arc already holds the link's fixed and
// per-km cost and the crossing's fee and dwell: network.cpp), so the last step's cumulative cost
// and hours equal the PathFlow's cost_usd_per_t and hours up to round-off. Fees charged to a
// flow class (transit fees) are not arc costs and are not in the profile, as they are not in
// PathFlow::cost_usd_per_t.
#include <vector>

#include "solve/answers.hpp"

namespace borderflow {

struct ProfileStep {
  enum class Kind {
    Start,     ///< the path's origin: all zero
    Link,      ///< along a link
    Border,    ///< a border post's dwell and fee (zero km)
    Transfer,  ///< a transfer between layers (zero km); see gauge_change
    Storage,   ///< stock held between periods (zero km)
  };
  Kind kind = Kind::Start;
  int arc = -1;      ///< index into Network::arcs(); -1 for Start
  int element = -1;  ///< link, crossing, transfer or place index in the scenario (-1 for Start)
  int place = -1;    ///< the place reached after the step (the origin for Start)
  bool gauge_change = false;  ///< a transfer between rail layers of different gauges
  double step_km = 0, step_cost_usd_per_t = 0, step_hours = 0;
  double cumulative_km = 0, cumulative_cost_usd_per_t = 0, cumulative_hours = 0;  ///< after the step
};

/// The profile of `path` over `network`: a Start step, then one step per arc, with a Border step
/// before each link arc that belongs to a crossing. Empty for a path without arcs.
std::vector<ProfileStep> path_profile(const Network& network, const PathFlow& path);

}  // namespace borderflow
