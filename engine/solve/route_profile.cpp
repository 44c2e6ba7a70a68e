#include "solve/route_profile.hpp"

namespace borderflow {

std::vector<ProfileStep> path_profile(const Network& network, const PathFlow& path) {
  std::vector<ProfileStep> steps;
  if (path.arcs.empty()) return steps;
  const Scenario& s = network.scenario();
  const NetworkArc& first = network.arcs()[static_cast<std::size_t>(path.arcs.front())];
  ProfileStep start;
  start.place = network.vertex(first.tail).place;
  steps.push_back(start);

  // Appends a step of (km, cost, hours) on top of the last one.
  auto add = [&steps](ProfileStep step) {
    const ProfileStep& last = steps.back();
    step.cumulative_km = last.cumulative_km + step.step_km;
    step.cumulative_cost_usd_per_t = last.cumulative_cost_usd_per_t + step.step_cost_usd_per_t;
    step.cumulative_hours = last.cumulative_hours + step.step_hours;
    steps.push_back(step);
  };
  for (int a : path.arcs) {
    const NetworkArc& arc = network.arcs()[static_cast<std::size_t>(a)];
    const NetworkVertex& tail = network.vertex(arc.tail);
    const NetworkVertex& head = network.vertex(arc.head);
    ProfileStep step;
    step.arc = a;
    step.element = arc.element;
    step.place = head.place;
    step.step_cost_usd_per_t = arc.cost_usd_per_t;
    step.step_hours = arc.hours;
    switch (arc.kind) {
      case ArcKind::Link: {
        const Link& link = s.links[static_cast<std::size_t>(arc.element)];
        if (link.crossing >= 0) {
          const Crossing& crossing = s.crossings[static_cast<std::size_t>(link.crossing)];
          ProfileStep border;
          border.kind = ProfileStep::Kind::Border;
          border.arc = a;
          border.element = link.crossing;
          border.place = tail.place;
          border.step_cost_usd_per_t = crossing.cost_usd_per_t;
          border.step_hours = crossing.dwell_h;
          add(border);
          step.step_cost_usd_per_t -= crossing.cost_usd_per_t;
          step.step_hours -= crossing.dwell_h;
        }
        step.kind = ProfileStep::Kind::Link;
        step.step_km = link.length_km;
        break;
      }
      case ArcKind::Transfer:
        step.kind = ProfileStep::Kind::Transfer;
        step.gauge_change = tail.layer.mode == Mode::Rail && head.layer.mode == Mode::Rail &&
                            tail.layer.gauge_mm != head.layer.gauge_mm;
        break;
      case ArcKind::Storage:
        step.kind = ProfileStep::Kind::Storage;
        break;
    }
    add(step);
  }
  return steps;
}

}  // namespace borderflow
