// The time-expanded network (engine/network/network.hpp, issue 10) against hand counts: one
// copy of the one-period vertices per period, arcs that depart at a period's midpoint and land
// where its transit takes them, no arc while an element's factor is 0, rows per period in tonnes
// of the period (capacity x days / 365 x factor, background the same), storage arcs and rows
// between consecutive periods priced for the days between their midpoints.
#include <catch2/catch.hpp>

#include <map>

#include "support.hpp"

using namespace bftest;

namespace {

/// (departure period, arrival period) of every arc of link `id`, in arc order.
std::vector<std::pair<int, int>> link_arcs(const Network& n, const std::string& id) {
  const int link = n.scenario().find_link(id);
  REQUIRE(link >= 0);
  std::vector<std::pair<int, int>> out;
  for (const NetworkArc& arc : n.arcs()) {
    if (arc.kind != ArcKind::Link || arc.element != link) continue;
    CHECK(n.vertex(arc.tail).period == arc.period);
    out.emplace_back(arc.period, n.vertex(arc.head).period);
  }
  return out;
}

/// period -> the capacity of element's one row departing in it (fails on two).
std::map<int, const CapacityRow*> rows_by_period(const Network& n, ElementRef element) {
  std::map<int, const CapacityRow*> out;
  for (int r : n.rows_of(element)) {
    const CapacityRow& row = n.rows()[static_cast<std::size_t>(r)];
    INFO("row " << n.describe_row(r));
    CHECK(out.count(row.period) == 0);
    out[row.period] = &row;
  }
  return out;
}

/// Two Russian places joined by one forward road link, under `time` and with `link_extra` and
/// `place_b_extra` fields, for the in-memory cases.
std::string one_link(const std::string& time, const std::string& link_extra, const std::string& place_b_extra = "") {
  return "borderflow: 1\n" + time +
         "places:\n"
         "  - {id: ru-a, name: A, country: RU, lat: 43.0, lon: 132.0}\n"
         "  - {id: ru-b, name: B, country: RU, lat: 42.5, lon: 131.0" + place_b_extra + "}\n"
         "links:\n"
         "  - {id: ab, from: ru-a, to: ru-b, mode: road, length: 10 km, transit: 2 h, capacity: 365 kt/yr, "
         "direction: forward" + link_extra + "}\n";
}

}  // namespace

TEST_CASE("time network: per-period copies, a closed week without arcs, storage between weeks", "[time][network]") {
  const Network n = load_network("time_storage_closure.yaml");
  const Scenario& s = n.scenario();
  REQUIRE(n.horizon() != nullptr);
  CHECK(n.period_count() == 4);
  // One road vertex per place, copied for each of 4 weeks: 12 vertices, each place's in period order.
  CHECK(n.vertex_count() == 12);
  for (std::size_t place = 0; place < s.places.size(); ++place) {
    const auto& vertices = n.vertices_of(static_cast<int>(place));
    REQUIRE(vertices.size() == 4);
    for (int p = 0; p < 4; ++p) {
      CHECK(n.vertex(vertices[static_cast<std::size_t>(p)]).period == p);
      CHECK(n.vertex(vertices[static_cast<std::size_t>(p)]).place == static_cast<int>(place));
    }
  }
  // ab leaves every week; bc not in week 1 (closed all 7 days: factor 0); 1 h stays in the week.
  CHECK(link_arcs(n, "ab") == std::vector<std::pair<int, int>>{{0, 0}, {1, 1}, {2, 2}, {3, 3}});
  CHECK(link_arcs(n, "bc") == std::vector<std::pair<int, int>>{{0, 0}, {2, 2}, {3, 3}});
  // Rows per week in tonnes of the week: 1000 t/day x 7 = 7,000; 2000 t/day x 7 = 14,000; none
  // for bc in week 1 (it has no arc there); the crossing has no capacity, so no row.
  const auto ab_rows = rows_by_period(n, {ElementKind::Link, s.find_link("ab")});
  const auto bc_rows = rows_by_period(n, {ElementKind::Link, s.find_link("bc")});
  REQUIRE(ab_rows.size() == 4);
  for (const auto& [p, row] : ab_rows) CHECK(row->capacity_t_per_yr == Approx(7000).epsilon(1e-12));
  CHECK(bc_rows.size() == 3);
  CHECK(bc_rows.count(1) == 0);
  for (const auto& [p, row] : bc_rows) CHECK(row->capacity_t_per_yr == Approx(14000).epsilon(1e-12));
  CHECK(n.rows_of({ElementKind::Crossing, 0}).empty());
  // Storage at ru-b only, weeks 0->1, 1->2, 2->3: held 7 days at 0.5 USD/t/day = 3.5 USD/t,
  // 168 h; one row per week of 10,000 t (not scaled: it bounds a stock, not a rate).
  const int b = s.find_place("ru-b");
  int storage_arcs = 0;
  for (const NetworkArc& arc : n.arcs()) {
    if (arc.kind != ArcKind::Storage) continue;
    ++storage_arcs;
    CHECK(arc.element == b);
    CHECK(n.vertex(arc.tail).place == b);
    CHECK(n.vertex(arc.head).place == b);
    CHECK(n.vertex(arc.head).period == arc.period + 1);
    CHECK(arc.cost_usd_per_t == Approx(3.5));
    CHECK(arc.hours == Approx(168));
  }
  CHECK(storage_arcs == 3);
  const auto storage_rows = rows_by_period(n, {ElementKind::Storage, b});
  REQUIRE(storage_rows.size() == 3);
  for (const auto& [p, row] : storage_rows) {
    CHECK(row->unit == RowUnit::Tonnes);
    CHECK(row->capacity_t_per_yr == 10000);
    REQUIRE(row->arcs.size() == 1);
    CHECK(n.arcs()[static_cast<std::size_t>(row->arcs[0])].period == p);
  }
  CHECK(rows_by_period(n, {ElementKind::Storage, s.find_place("ru-a")}).empty());
}

TEST_CASE("time network: a one-period network has no periods", "[time][network]") {
  const Network n = load_network("gauge_break.yaml");
  CHECK(n.horizon() == nullptr);
  CHECK(n.period_count() == 1);
  for (int v = 0; v < n.vertex_count(); ++v) CHECK(n.vertex(v).period == 0);
  for (const auto& arc : n.arcs()) CHECK(arc.period == 0);
  for (const auto& row : n.rows()) CHECK(row.period == -1);
}

TEST_CASE("time network: rows are tonnes of the period, a leap February included", "[time][network]") {
  // 365 kt/yr = 1000 t a day: January 2024 31,000 t, February (leap) 29,000 t, March 31,000 t.
  // A background load of 36.5 kt/yr (100 t a day) scales the same way: 3,100 / 2,900 / 3,100 t.
  const Network n = expand(load_text(one_link("time: {start: 2024-01-01, periods: 3, period: month}\n", "") +
                                     "background:\n"
                                     "  - {id: local, link: ab, direction: ru-a->ru-b, load: 36.5 kt/yr, assumption: test}\n"));
  const auto rows = rows_by_period(n, {ElementKind::Link, 0});
  REQUIRE(rows.size() == 3);
  const double days[] = {31, 29, 31};
  for (int p = 0; p < 3; ++p) {
    INFO("month " << p);
    CHECK(rows.at(p)->capacity_t_per_yr == Approx(1000 * days[p]).epsilon(1e-12));
    CHECK(rows.at(p)->background == Approx(100 * days[p]).epsilon(1e-12));
  }
}

TEST_CASE("time network: a monthly storage arc costs the days between the two months' midpoints", "[time][network]") {
  // January -> February 2025: (31 + 28) / 2 = 29.5 days; February -> March: (28 + 31) / 2 = 29.5;
  // March -> April: (31 + 30) / 2 = 30.5. At 1 USD/t/month = 12/365 USD/t/day:
  // 29.5 x 12 / 365 = 0.969863 and 30.5 x 12 / 365 = 1.002740 USD/t.
  const Network n = expand(load_text(one_link("time: {start: 2025-01-01, periods: 4, period: month}\n", "",
                                              ", storage: {capacity: 5 kt, cost: 1 USD/t/month}")));
  std::vector<double> costs, hours;
  for (const NetworkArc& arc : n.arcs()) {
    if (arc.kind != ArcKind::Storage) continue;
    costs.push_back(arc.cost_usd_per_t);
    hours.push_back(arc.hours);
  }
  REQUIRE(costs.size() == 3);
  CHECK(costs[0] == Approx(29.5 * 12 / 365));
  CHECK(costs[1] == Approx(29.5 * 12 / 365));
  CHECK(costs[2] == Approx(30.5 * 12 / 365));
  CHECK(hours[2] == Approx(30.5 * 24));
}

TEST_CASE("time network: monthly transit lags by the midpoint rule", "[time][network]") {
  // A 14-day transit, January to March 2025 (day 0 = 1 January):
  //   January: midpoint 15.5 + 14 = 29.5 -> January (round(336 / 744) = 0);
  //   February: 31 + 14 + 14 = 59 = 1 March -> March (336 / 672 = 0.5 rounds up to 1);
  //   March: 59 + 15.5 + 14 = 88.5 -> March (ends before day 90).
  // A 50-day transit reaches past the horizon from February and March: one arc, January -> March
  // (15.5 + 50 = 65.5, in March).
  const std::string yaml = "borderflow: 1\n"
                           "time: {start: 2025-01-01, periods: 3, period: month}\n"
                           "places:\n"
                           "  - {id: ru-a, name: A, country: RU, lat: 43.0, lon: 132.0}\n"
                           "  - {id: ru-b, name: B, country: RU, lat: 42.5, lon: 131.0}\n"
                           "links:\n"
                           "  - {id: two-weeks, from: ru-a, to: ru-b, mode: sea, length: 2000 km, transit: 14 day, capacity: 1 Mt/yr, direction: forward}\n"
                           "  - {id: fifty-days, from: ru-a, to: ru-b, mode: sea, length: 5000 km, transit: 50 day, capacity: 1 Mt/yr, direction: forward}\n";
  const Network n = expand(load_text(yaml));
  CHECK(link_arcs(n, "two-weeks") == std::vector<std::pair<int, int>>{{0, 0}, {1, 2}, {2, 2}});
  CHECK(link_arcs(n, "fifty-days") == std::vector<std::pair<int, int>>{{0, 2}});
  // The rows of the fifty-day link exist only where it has an arc.
  const auto rows = rows_by_period(n, {ElementKind::Link, n.scenario().find_link("fifty-days")});
  REQUIRE(rows.size() == 1);
  CHECK(rows.count(0) == 1);
}

TEST_CASE("time network: a planned link opening mid-horizon has arcs from its opening period on", "[time][network]") {
  // Opens 2026-06-16: June's factor is 15 / 30 = 0.5 (days 16..30 open), so June's row is
  // 30,000 x 0.5 = 15,000 t; nothing in May.
  const Network n = expand(load_text(one_link("time: {start: 2026-05-01, periods: 3, period: month}\n",
                                              ", status: planned, opens: 2026-06-16")));
  CHECK(link_arcs(n, "ab") == std::vector<std::pair<int, int>>{{1, 1}, {2, 2}});
  const auto rows = rows_by_period(n, {ElementKind::Link, 0});
  REQUIRE(rows.size() == 2);
  CHECK(rows.at(1)->capacity_t_per_yr == Approx(15000).epsilon(1e-12));
  CHECK(rows.at(2)->capacity_t_per_yr == Approx(31000).epsilon(1e-12));
}

TEST_CASE("time network: a closed status closes an element with opens: for the whole horizon", "[time][network]") {
  // format10.md: "a `closed` status or `policy.closed` still closes it for the whole horizon".
  const Network by_status = expand(load_text(one_link("time: {start: 2026-05-01, periods: 3, period: month}\n",
                                                      ", status: closed, opens: 2026-06-16")));
  CHECK(link_arcs(by_status, "ab").empty());
  const Network by_policy = expand(load_text(one_link("time: {start: 2026-05-01, periods: 3, period: month}\n",
                                                      ", opens: 2026-06-16") +
                                             "policy:\n  closed: [ab]\n"));
  CHECK(link_arcs(by_policy, "ab").empty());
}

TEST_CASE("time network: a closed crossing takes its links' arcs out, and storage spans a place's layers", "[time][network]") {
  // Weeks from Monday 2025-01-06. The post over bridge c-d is closed 2025-01-13..19, all of
  // week 1: the bridge has no arc that week though the link itself is open. kp-c has a
  // rail:1520 and a rail:1435 vertex (the bogie exchange joins them): its storage arcs hold
  // cargo in each layer, and one row per week bounds them together (2 arcs).
  const std::string yaml =
      "borderflow: 1\n"
      "time: {start: 2025-01-06, periods: 3, period: week}\n"
      "places:\n"
      "  - {id: ru-b, name: B, country: RU, lat: 42.5, lon: 130.7}\n"
      "  - {id: kp-c, name: C, country: KP, lat: 42.4, lon: 130.6, storage: {capacity: 3 kt, cost: 1 USD/t/week}}\n"
      "  - {id: kp-d, name: D, country: KP, lat: 39.0, lon: 125.7}\n"
      "links:\n"
      "  - {id: bc, from: ru-b, to: kp-c, mode: rail, gauge: 1520, length: 5 km, transit: 2 h, capacity: 4 Mt/yr}\n"
      "  - {id: cd, from: kp-c, to: kp-d, mode: rail, gauge: 1435, length: 50 km, transit: 5 h, capacity: 3 Mt/yr}\n"
      "transfers:\n"
      "  - {id: c-bogie, place: kp-c, from: rail:1520, to: rail:1435, method: bogie_exchange, time: 6 h, capacity: 1 Mt/yr}\n"
      "crossings:\n"
      "  - {id: post, links: [bc], capacity: 2 Mt/yr, closed: [{from: 2025-01-13, to: 2025-01-19}]}\n";
  const Network n = expand(load_text(yaml));
  // Both directions of bc in weeks 0 and 2, none in week 1.
  CHECK(link_arcs(n, "bc") == std::vector<std::pair<int, int>>{{0, 0}, {0, 0}, {2, 2}, {2, 2}});
  CHECK(link_arcs(n, "cd").size() == 6);
  const int post = n.scenario().find_crossing("post");
  for (int r : n.rows_of({ElementKind::Crossing, post})) CHECK(n.rows()[static_cast<std::size_t>(r)].period != 1);
  const auto storage = rows_by_period(n, {ElementKind::Storage, n.scenario().find_place("kp-c")});
  REQUIRE(storage.size() == 2);
  for (const auto& [p, row] : storage) {
    INFO("week " << p);
    REQUIRE(row->arcs.size() == 2);
    std::vector<Layer> layers;
    for (int a : row->arcs) {
      const NetworkArc& arc = n.arcs()[static_cast<std::size_t>(a)];
      CHECK(arc.kind == ArcKind::Storage);
      CHECK(n.vertex(arc.head).layer == n.vertex(arc.tail).layer);
      CHECK(arc.cost_usd_per_t == Approx(1));  // 1 USD/t/week = 1/7 USD/t/day, held 7 days
      layers.push_back(n.vertex(arc.tail).layer);
    }
    CHECK(layers[0] != layers[1]);
    CHECK(row->capacity_t_per_yr == 3000);
  }
}
