// engine/solve/route_profile: a path read as cumulative distance, cost and time. The gauge-break
// network (tests/networks/gauge_break.yaml) with a 3 USD/t fee at its border post, worked by hand:
//
//   a --ab 100 km, 1 USD/t, 10 h--> b --[post: 3 USD/t, 12 h]-- bc 5 km, 2 USD/t, 2 h--> c
//     --[bogie 1520 -> 1435: 4 USD/t, 6 h]--> c --cd 800 km, 20 USD/t, 40 h--> d
//
//   step      km    USD/t   hours
//   origin     0      0       0
//   ab       100      1      10
//   border   100      4      22     (zero km: a vertical step)
//   bc       105      6      24
//   bogie    105     10      30     (zero km, a gauge change)
//   cd       905     30      70     = the path's cost_usd_per_t and hours
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "solve/route_profile.hpp"
#include "support.hpp"

using namespace bftest;

namespace {

std::string gauge_break_with_fee() {
  std::ifstream in(network_path("gauge_break.yaml"));
  std::stringstream text;
  text << in.rdbuf();
  std::string yaml = text.str();
  const std::string post = "capacity: 5 Mt/yr, dwell: 12 h}";
  const auto at = yaml.find(post);
  REQUIRE(at != std::string::npos);
  yaml.replace(at, post.size(), "capacity: 5 Mt/yr, dwell: 12 h, cost: 3 USD/t}");
  return yaml;
}

}  // namespace

TEST_CASE("a path's profile steps through links, the border post and the gauge change", "[profile]") {
  const Network network = expand(load_text(gauge_break_with_fee()));
  const CapacityAnswer answer = certified_capacity(network, "a-d");
  REQUIRE_FALSE(answer.paths.empty());
  const PathFlow& path = answer.paths.front();
  const std::vector<ProfileStep> steps = path_profile(network, path);
  REQUIRE(steps.size() == 6);

  using K = ProfileStep::Kind;
  const std::vector<K> kinds = {K::Start, K::Link, K::Border, K::Link, K::Transfer, K::Link};
  const std::vector<double> km = {0, 100, 100, 105, 105, 905};
  const std::vector<double> cost = {0, 1, 4, 6, 10, 30};
  const std::vector<double> hours = {0, 10, 22, 24, 30, 70};
  for (std::size_t i = 0; i < steps.size(); ++i) {
    INFO("step " << i);
    CHECK(steps[i].kind == kinds[i]);
    CHECK(steps[i].cumulative_km == Approx(km[i]));
    CHECK(steps[i].cumulative_cost_usd_per_t == Approx(cost[i]));
    CHECK(steps[i].cumulative_hours == Approx(hours[i]));
  }
  CHECK(steps[2].step_km == 0);
  CHECK(network.scenario().crossings[static_cast<std::size_t>(steps[2].element)].id == "bc-bridge");
  CHECK(steps[4].gauge_change);
  CHECK(steps[4].step_km == 0);
  CHECK(network.scenario().places[static_cast<std::size_t>(steps.front().place)].id == "a");
  CHECK(network.scenario().places[static_cast<std::size_t>(steps.back().place)].id == "d");
  // The last step ends where the path's own sums do.
  CHECK(steps.back().cumulative_cost_usd_per_t == Approx(path.cost_usd_per_t).epsilon(1e-12));
  CHECK(steps.back().cumulative_hours == Approx(path.hours).epsilon(1e-12));
}

TEST_CASE("a path without arcs has no profile", "[profile]") {
  const Network network = load_network("gauge_break.yaml");
  CHECK(path_profile(network, PathFlow{}).empty());
}
