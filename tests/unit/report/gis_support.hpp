#pragma once
// A hand-made set of map layers for the GIS tests (map_test.cpp, geopackage_test.cpp): two
// places, one two-way border link (forward binding, reverse unlimited) and a closed road link,
// their crossing, a transfer and a route path: every kind of feature.
#include <limits>

#include "report/layers.hpp"

namespace bftest {

using namespace borderflow;

inline constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

inline DirectionFigures figures(double capacity, double flow, double utilisation, bool binding = false, double shadow = 0) {
  DirectionFigures f;
  f.capacity_t_per_yr = capacity;
  f.background_t_per_yr = 100;
  f.flow_t_per_yr = flow;
  f.utilisation = utilisation;
  f.binding = binding;
  f.shadow_price_usd_per_t = shadow;
  return f;
}

inline MapLayers hand_layers() {
  MapLayers m;
  m.scenario = "hand";
  m.routing_status = "optimal";
  m.places = {{"ru-a", "A", "RU", "station", "source: S1", {130.5, 42.4}},
              {"kp-b", "B", "KP", "station", "", {130.6, 42.3}}};
  LinkFeature forward;
  forward.id = "ab";
  forward.name = "A - B";
  forward.mode = "rail";
  forward.gauge = "1520";
  forward.direction = "forward";
  forward.from_id = "ru-a";
  forward.to_id = "kp-b";
  forward.crossing_id = "ab-post";
  forward.status = "open";
  forward.length_km = 12;
  forward.figures = figures(5e6, 4.9e6, 1.0, true, 3.25);
  forward.source = "source: S1";
  forward.line = {{130.5, 42.4}, {130.6, 42.3}};
  LinkFeature reverse = forward;
  reverse.direction = "reverse";
  reverse.from_id = "kp-b";
  reverse.to_id = "ru-a";
  reverse.figures = figures(kNaN, 2e5, kNaN);
  reverse.line = {{130.6, 42.3}, {130.5, 42.4}};
  LinkFeature road = forward;
  road.id = "ab-road";
  road.mode = "road";
  road.gauge = "";
  road.crossing_id = "";
  road.status = "closed";
  road.figures = figures(1e6, 0, 0.0001);
  m.links = {forward, reverse, road};
  CrossingFeature post;
  post.id = "ab-post";
  post.name = "A - B post";
  post.status = "open";
  post.forward_countries = "RU->KP";
  post.link_ids = {"ab", "ab-road"};
  post.forward = figures(6e6, 4.9e6, 0.83);
  post.reverse = figures(6e6, 2e5, 0.05, true, 1.5);
  post.at = {130.55, 42.35};
  TransferFeature bogies;
  bogies.id = "b-bogies";
  bogies.name = "B bogies";
  bogies.method = "bogie_exchange";
  bogies.place_id = "kp-b";
  bogies.status = "open";
  bogies.from_layer = "rail:1520";
  bogies.to_layer = "rail:1435";
  bogies.gauge_change = true;
  bogies.forward = figures(kNaN, 1, kNaN);
  bogies.reverse = figures(kNaN, 2, kNaN);
  bogies.at = {130.6, 42.3};
  m.crossings = {post};
  m.transfers = {bogies};
  RoutePathFeature path;
  path.route_id = "a-b";
  path.route_name = "A to B";
  path.direction = "forward";
  path.rank = 1;
  path.t_per_yr = 4.9e6;
  path.cost_usd_per_t = 12.5;
  path.transit_days = 1.25;
  path.place_ids = {"ru-a", "kp-b"};
  path.line = {{130.5, 42.4}, {130.6, 42.3}};
  m.route_paths = {path};
  return m;
}

}  // namespace bftest
