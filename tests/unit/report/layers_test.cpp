// The map layers against hand computations (tests/networks/background_moves_bottleneck.yaml has
// the arithmetic in its comments) and against the report's own per-element flows.
#include <catch2/catch.hpp>

#include <cmath>

#include "report/items.hpp"
#include "report/layers.hpp"
#include "support.hpp"

using namespace borderflow;
using namespace bftest;

namespace {

SolvedScenario solved_network(const std::string& name) {
  return solve_scenario(load_network(name).shared_scenario(), name);
}

const LinkFeature& link_feature(const MapLayers& layers, const std::string& id, const std::string& direction) {
  for (const auto& f : layers.links) {
    if (f.id == id && f.direction == direction) return f;
  }
  FAIL("no feature for link " << id << " " << direction);
  throw 0;
}

const CrossingFeature& crossing_feature(const MapLayers& layers, const std::string& id) {
  for (const auto& f : layers.crossings) {
    if (f.id == id) return f;
  }
  FAIL("no feature for crossing " << id);
  throw 0;
}

}  // namespace

TEST_CASE("map layers: flows, background, utilisation and the binding post per direction", "[report][layers]") {
  const SolvedScenario solved = solved_network("background_moves_bottleneck.yaml");
  const MapLayers layers = map_layers(solved);
  CHECK(layers.routing_status == "optimal");
  CHECK(layers.places.size() == 4);
  // Both-ways links give two features, the two one-way links one each.
  CHECK(layers.links.size() == 2 + 2 + 1 + 1);

  // The routing: 2 Mt ussuriysk -> khasan -> tumangang through the post's spare capacity.
  const LinkFeature& road = link_feature(layers, "ussuriysk-khasan", "forward");
  CHECK(road.from_id == "ru-ussuriysk");
  CHECK(road.to_id == "ru-khasan");
  CHECK(road.figures.flow_t_per_yr == Approx(2'000'000));
  CHECK(road.figures.capacity_t_per_yr == Approx(3'000'000));
  CHECK(road.figures.utilisation == Approx(0.6667).margin(1e-4));
  CHECK_FALSE(road.figures.binding);
  const LinkFeature& back = link_feature(layers, "ussuriysk-khasan", "reverse");
  CHECK(back.from_id == "ru-khasan");
  CHECK(back.figures.flow_t_per_yr == 0);
  CHECK(back.line.front().lon_deg == Approx(130.64));

  // The bridge carries the background demand's 0.5 Mt on its own row, the post's load is not.
  const LinkFeature& bridge = link_feature(layers, "khasan-tumangang", "forward");
  CHECK(bridge.crossing_id == "tumen-post");
  CHECK(bridge.figures.background_t_per_yr == Approx(500'000));
  CHECK(bridge.figures.utilisation == Approx((500'000 + 2'000'000) / 5'000'000.0));

  // The post RU->KP: 4 Mt, 2 Mt background, 2 Mt routed, full, shadow 100 - 5 = 95 USD/t.
  const CrossingFeature& post = crossing_feature(layers, "tumen-post");
  CHECK(post.forward_countries == "RU->KP");
  CHECK(post.forward.capacity_t_per_yr == Approx(4'000'000));
  CHECK(post.forward.background_t_per_yr == Approx(2'000'000));
  CHECK(post.forward.flow_t_per_yr == Approx(2'000'000));
  CHECK(post.forward.utilisation == Approx(1.0));
  CHECK(post.forward.binding);
  CHECK(post.forward.shadow_price_usd_per_t == Approx(95));
  CHECK_FALSE(post.reverse.binding);
  CHECK(post.reverse.flow_t_per_yr == 0);
  CHECK(post.at.lon_deg == Approx((130.64 + 130.62) / 2));

  // A post with no throughput of its own is bounded by its links: posyet-tumangang, one way, 1 Mt.
  const CrossingFeature& posyet = crossing_feature(layers, "posyet-post");
  CHECK(posyet.forward.capacity_t_per_yr == Approx(1'000'000));
  CHECK(std::isnan(posyet.reverse.utilisation));

  // Every link feature's flow is the report's flow through that link in that direction.
  const auto arc_t = total_arc_flows(solved.answer.routing.solution, solved.network.arcs().size());
  for (const ElementFlow& e : element_flows(solved.network, arc_t)) {
    if (e.kind != ElementKind::Link) continue;
    bool found = false;
    for (const auto& f : layers.links) {
      if (f.id == e.id && f.from_id + "->" + f.to_id == e.direction) {
        found = true;
        CHECK(f.figures.flow_t_per_yr == Approx(e.t_per_yr).margin(0.1));
      }
    }
    CHECK(found);
  }

  // The route questions' max-flow paths: to-kp forward carries 2 Mt through the post.
  bool to_kp = false;
  for (const auto& p : layers.route_paths) {
    if (p.route_id != "to-kp" || p.direction != "forward") continue;
    to_kp = true;
    CHECK(p.rank == 1);
    CHECK(p.t_per_yr == Approx(2'000'000));
    CHECK(p.place_ids == std::vector<std::string>{"ru-ussuriysk", "ru-khasan", "kp-tumangang"});
    CHECK(p.line.size() == 3);
  }
  CHECK(to_kp);
}

TEST_CASE("map layers: a closed link and a gauge-change transfer", "[report][layers]") {
  const MapLayers closed = map_layers(solved_network("closed_link.yaml"));
  bool any_closed = false;
  for (const auto& f : closed.links) {
    if (f.status != "closed") continue;
    any_closed = true;
    CHECK(f.figures.flow_t_per_yr == 0);
  }
  CHECK(any_closed);

  const MapLayers gauge = map_layers(solved_network("gauge_break.yaml"));
  bool any_gauge_change = false;
  for (const auto& t : gauge.transfers) any_gauge_change = any_gauge_change || t.gauge_change;
  CHECK(any_gauge_change);
}
