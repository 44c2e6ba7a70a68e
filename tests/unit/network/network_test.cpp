// engine/network: expansion into (place, layer) vertices, link and transfer arcs, capacity rows.
#include <catch2/catch.hpp>

#include <algorithm>
#include <set>

#include "support.hpp"

using namespace bftest;

namespace {

std::vector<const NetworkArc*> arcs_of(const Network& n, ArcKind kind, const std::string& id) {
  std::vector<const NetworkArc*> out;
  for (const auto& arc : n.arcs()) {
    if (arc.kind != kind) continue;
    const std::string& element_id = kind == ArcKind::Link ? n.scenario().links[arc.element].id
                                                           : n.scenario().transfers[arc.element].id;
    if (element_id == id) out.push_back(&arc);
  }
  return out;
}

std::vector<std::string> layers_at(const Network& n, const std::string& place) {
  std::vector<std::string> out;
  for (int v : n.vertices_of(n.scenario().find_place(place))) out.push_back(to_string(n.vertex(v).layer));
  return out;
}

std::vector<std::string> all_row_labels(const Network& n) {
  std::vector<std::string> out;
  for (std::size_t r = 0; r < n.rows().size(); ++r) out.push_back(n.describe_row(static_cast<int>(r)));
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

TEST_CASE("gauge break: one vertex per layer used at a place, gauge changes only on the transfer", "[network]") {
  const Network g = load_network("gauge_break.yaml");
  const Network& n = g;
  CHECK(n.vertex_count() == 5);
  CHECK(layers_at(n, "a") == std::vector<std::string>{"rail:1520"});
  CHECK(layers_at(n, "c") == std::vector<std::string>{"rail:1435", "rail:1520"});  // layer order
  CHECK(layers_at(n, "d") == std::vector<std::string>{"rail:1435"});
  CHECK(n.arcs().size() == 8);  // 3 links x 2 directions + the transfer both ways
  CHECK(boost::num_edges(n.graph()) == 8);
  for (const auto& arc : n.arcs()) {
    const Layer& tail = n.vertex(arc.tail).layer;
    const Layer& head = n.vertex(arc.head).layer;
    if (arc.kind == ArcKind::Link) {
      CHECK(tail == head);
    } else {
      CHECK(n.vertex(arc.tail).place == n.vertex(arc.head).place);
      CHECK_FALSE(tail == head);
    }
  }
  const auto bogie = arcs_of(n, ArcKind::Transfer, "c-bogie");
  REQUIRE(bogie.size() == 2);
  CHECK(bogie[0]->cost_usd_per_t == 4);
  CHECK(bogie[0]->hours == 6);
  CHECK(all_row_labels(n) == std::vector<std::string>{
                                 "border post bc-bridge KP->RU", "border post bc-bridge RU->KP", "link ab a->b",
                                 "link ab b->a", "link bc b->c", "link bc c->b", "link cd c->d", "link cd d->c",
                                 "transfer c-bogie rail:1435->rail:1520", "transfer c-bogie rail:1520->rail:1435"});
  CHECK(n.check().empty());
}

TEST_CASE("a crossing adds its fees and dwell to its links' arcs", "[network]") {
  const Network g = load_network("gauge_break.yaml");
  const auto bc = arcs_of(g, ArcKind::Link, "bc");
  REQUIRE(bc.size() == 2);
  for (const NetworkArc* arc : bc) {
    CHECK(arc->cost_usd_per_t == 2);  // bc-bridge has no fee
    CHECK(arc->hours == 2 + 12);      // transit + border dwell
  }
  const Network b = load_network("border_post.yaml");
  for (const NetworkArc* arc : arcs_of(b, ArcKind::Link, "yalu-rail")) {
    CHECK(arc->cost_usd_per_t == 2 + 1);
    CHECK(arc->hours == Approx(1.0 / 30 + 12));  // 1 km at the default 30 km/h, plus dwell
  }
}

TEST_CASE("dual gauge: an arc in each rail layer, one shared row per direction", "[network]") {
  const Network d = load_network("dual_gauge.yaml");
  const Network& n = d;
  const auto bc = arcs_of(n, ArcKind::Link, "bc");
  REQUIRE(bc.size() == 4);
  std::set<std::pair<int, bool>> seen;  // (gauge, reversed)
  for (const NetworkArc* arc : bc) {
    seen.insert({n.vertex(arc->tail).layer.gauge_mm, arc->reversed});
    REQUIRE(arc->rows.size() == 1);
    const CapacityRow& row = n.rows()[arc->rows[0]];
    CHECK(row.kind == ElementKind::Link);
    CHECK(row.capacity_t_per_yr == Approx(3e6));
    CHECK(row.arcs.size() == 2);  // both gauges of one direction in one row: shared, not doubled
    for (int other : row.arcs) CHECK(n.arcs()[other].reversed == arc->reversed);
  }
  CHECK(seen.size() == 4);
  CHECK(layers_at(n, "ru-b") == std::vector<std::string>{"rail:1435", "rail:1520"});
  CHECK(layers_at(n, "ru-a") == std::vector<std::string>{"rail:1520"});
  CHECK(n.check().empty());
}

TEST_CASE("a border post's row spans its rail and road links, per direction", "[network]") {
  const Network b = load_network("border_post.yaml");
  const Network& n = b;
  int crossing_rows = 0;
  for (std::size_t r = 0; r < n.rows().size(); ++r) {
    const CapacityRow& row = n.rows()[r];
    if (row.kind != ElementKind::Crossing) continue;
    ++crossing_rows;
    CHECK(row.capacity_t_per_yr == Approx(4e6));
    REQUIRE(row.arcs.size() == 2);
    std::set<Mode> modes;
    for (int a : row.arcs) modes.insert(n.vertex(n.arcs()[a].tail).layer.mode);
    CHECK(modes == std::set<Mode>{Mode::Rail, Mode::Road});
    CHECK(n.row_element_id(static_cast<int>(r)) == "yalu-post");
    const std::string direction = n.row_direction(static_cast<int>(r));
    CHECK((direction == "CN->KP" || direction == "KP->CN"));
    CHECK(n.describe_row(static_cast<int>(r)) == "border post yalu-post (Yalu border post) " + direction);
  }
  CHECK(crossing_rows == 2);
}

TEST_CASE("a border post over bridges from two countries bounds each direction of travel once", "[network]") {
  // Rule (docs/design.md): one row per direction across the post, whatever pair of countries
  // each link joins; not one row per pair of countries.
  const Network m = load_network("mixed_border_post.yaml");
  const Network& n = m;
  std::vector<std::string> directions;
  for (std::size_t r = 0; r < n.rows().size(); ++r) {
    const CapacityRow& row = n.rows()[r];
    if (row.kind != ElementKind::Crossing) continue;
    directions.push_back(n.row_direction(static_cast<int>(r)));
    CHECK(row.arcs.size() == 2);  // the rail and the road bridge, one arc each this way
    CHECK(row.capacity_t_per_yr == Approx(4e6));
  }
  CHECK(directions == std::vector<std::string>{"CN/RU->KP", "KP->CN/RU"});
  CHECK(n.check().empty());
}

TEST_CASE("one-way links and transfers get arcs in their direction only", "[network]") {
  const Network o = load_network("one_way.yaml");
  REQUIRE(o.arcs().size() == 1);
  const NetworkArc& arc = o.arcs()[0];
  CHECK(o.vertex(arc.tail).place == o.scenario().find_place("ru-a"));
  CHECK(o.vertex(arc.head).place == o.scenario().find_place("ru-b"));
  CHECK_FALSE(arc.reversed);

  const Network t = expand(load_text(two_places() + R"(links:
  - {id: ab, from: ru-a, to: ru-b, mode: rail, gauge: 1520, length: 1 km}
transfers:
  - {id: t, place: ru-b, from: rail:1520, to: road, method: transload, direction: forward, capacity: 1 Mt/yr}
)"));
  const auto transfer = arcs_of(t, ArcKind::Transfer, "t");
  REQUIRE(transfer.size() == 1);
  CHECK(to_string(t.vertex(transfer[0]->tail).layer) == "rail:1520");
  CHECK(to_string(t.vertex(transfer[0]->head).layer) == "road");
  // The road layer exists at ru-b only because of the transfer; it still gets a vertex.
  CHECK(layers_at(t, "ru-b") == std::vector<std::string>{"rail:1520", "road"});
  REQUIRE_FALSE(transfer[0]->rows.empty());
  CHECK(t.describe_row(transfer[0]->rows[0]) == "transfer t rail:1520->road");
}

TEST_CASE("closed and planned elements carry nothing", "[network]") {
  const Network c = load_network("closed_link.yaml");
  const Network& n = c;
  const Scenario& s = c.scenario();
  CHECK(n.link_open(s.find_link("ab-1")));
  CHECK_FALSE(n.link_open(s.find_link("ab-2")));     // status: closed
  CHECK_FALSE(n.link_open(s.find_link("ab-3")));     // policy.closed
  CHECK_FALSE(n.link_open(s.find_link("ab-4")));     // status: planned
  CHECK_FALSE(n.link_open(s.find_link("bc-road")));  // its crossing is in policy.closed
  CHECK_FALSE(n.link_open(s.find_link("bc-rail")));
  CHECK(n.arcs().size() == 2);
  for (const auto& arc : n.arcs()) CHECK(s.links[arc.element].id == "ab-1");
  CHECK(n.vertices_of(s.find_place("kp-c")).empty());
  CHECK(n.rows().size() == 2);
  CHECK(n.check().empty());

  const Network t = expand(load_text(two_places() + R"(links:
  - {id: ab, from: ru-a, to: ru-b, mode: rail, gauge: 1520, length: 1 km}
transfers:
  - {id: shut, place: ru-b, from: rail:1520, to: road, method: transload, status: closed}
  - {id: later, place: ru-b, from: rail:1520, to: sea, method: transload, status: planned}
  - {id: barred, place: ru-b, from: rail:1520, to: rail:1435, method: bogie_exchange}
policy: {closed: [barred]}
)"));
  CHECK(t.arcs().size() == 2);
  for (std::size_t i = 0; i < 3; ++i) CHECK_FALSE(t.transfer_open(static_cast<int>(i)));
}

TEST_CASE("unlimited capacities get no row, set_row_capacity changes one in place", "[network]") {
  Network p = expand(load_text(two_places() + R"(links:
  - {id: free, from: ru-a, to: ru-b, mode: road, length: 1 km}
  - {id: tight, from: ru-a, to: ru-b, mode: sea, length: 1 km, capacity: 1 kt/yr}
)"));
  REQUIRE(p.rows().size() == 2);
  for (const auto& arc : p.arcs()) {
    CHECK(arc.rows.size() == (p.scenario().links[arc.element].id == "tight" ? 1u : 0u));
  }
  CHECK(p.rows()[0].capacity_t_per_yr == 1000);
  p.set_row_capacity(0, 2500);
  CHECK(p.rows()[0].capacity_t_per_yr == 2500);
  CHECK(p.row_element_id(0) == "tight");
  CHECK(p.describe_row(0) == "link tight ru-a->ru-b");
}

TEST_CASE("every bundled hand network expands soundly", "[network]") {
  for (const char* name : {"gauge_break.yaml", "dual_gauge.yaml", "closed_link.yaml", "parallel_links.yaml",
                           "one_way.yaml", "unreachable_demand.yaml", "expensive_demand.yaml",
                           "shared_capacity.yaml", "border_post.yaml", "no_transit.yaml", "route_restrictions.yaml"}) {
    CAPTURE(name);
    const Network s = load_network(name);
    CHECK(s.check().empty());
    // Graph and arc table agree.
    CHECK(boost::num_edges(s.graph()) == s.arcs().size());
    for (std::size_t r = 0; r < s.rows().size(); ++r) CHECK_FALSE(s.rows()[r].arcs.empty());
  }
}

TEST_CASE("a crossing's row is per country direction, whichever way its links are written", "[network]") {
  // Two bridges written in opposite directions: RU -> KP traffic uses road forward and rail
  // against its written direction, and both count against the post's one RU->KP row.
  const Network s = expand(load_text(R"(borderflow: 1
places:
  - {id: ru-a, name: A, country: RU, lat: 42.4, lon: 130.6}
  - {id: kp-b, name: B, country: KP, lat: 42.3, lon: 130.5}
links:
  - {id: road, from: ru-a, to: kp-b, mode: road, length: 1 km, capacity: 3 Mt/yr}
  - {id: rail, from: kp-b, to: ru-a, mode: rail, gauge: 1520, length: 1 km, capacity: 3 Mt/yr}
crossings:
  - {id: post, links: [road, rail], capacity: 4 Mt/yr}
routes:
  - {id: r, from: ru-a, to: kp-b}
)"));
  std::vector<std::string> directions;
  for (std::size_t r = 0; r < s.rows().size(); ++r) {
    const CapacityRow& row = s.rows()[r];
    if (row.kind != ElementKind::Crossing) continue;
    directions.push_back(s.row_direction(static_cast<int>(r)));
    CHECK(row.arcs.size() == 2);
    for (int a : row.arcs) {
      const auto& arc = s.arcs()[a];
      CHECK(s.scenario().places[s.vertex(arc.tail).place].country + "->" +
                s.scenario().places[s.vertex(arc.head).place].country ==
            directions.back());
    }
  }
  std::sort(directions.begin(), directions.end());
  CHECK(directions == std::vector<std::string>{"KP->RU", "RU->KP"});
  CHECK(near(certified_capacity(s, "r").capacity_t_per_yr, 4e6));
  CHECK(near(certified_capacity(s, "r", true).capacity_t_per_yr, 4e6));
}
