// engine/report and solve/measures, issue 9: spare capacity beside background traffic, fleets and
// vehicle capacities read in vehicles, caps with shadow prices in their unit, supplier choice,
// fees and origin purchases in the routing totals. Every expected figure is worked by hand.
#include <catch2/catch.hpp>

#include "report/items.hpp"
#include "report/labels.hpp"
#include "report/map.hpp"
#include "report/report.hpp"
#include "support.hpp"

using namespace bftest;
using Catch::Matchers::Contains;
using nlohmann::json;

namespace {

// A rail line ab (12 trains/day of 1,000 t: 4,380,000 t/yr per direction) with a background load
// of 4 trains/day (1,460,000 t/yr) forward, and a sea lane pr (transit 24 h) served by two 5,000 t
// ships turning round in 12 h: cycle 2 x (24 + 12) = 72 h, 2 x 5,000 x 8,760 = 87,600,000 t-h/yr.
// A background demand of 100,000 t/yr over pr takes 100,000 x 72 = 7,200,000 t-h/yr of it.
const std::string kFleetScenario = R"(borderflow: 1
name: issue9-fleet
places:
  - {id: ru-a, name: A, country: RU, lat: 43.0, lon: 132.0}
  - {id: ru-p, name: P, country: RU, lat: 43.1, lon: 131.9}
  - {id: kp-b, name: B, country: KP, lat: 42.3, lon: 130.5}
  - {id: kp-r, name: R, country: KP, lat: 42.2, lon: 130.3}
commodities:
  - {id: grain, class: bulk, value: 300 USD/t}
vehicles:
  - {id: train, mode: rail, payload: 1000 t, source: S}
  - {id: ship, mode: sea, payload: 5000 t, assumption: a coaster}
links:
  - {id: ab, name: A-B line, from: ru-a, to: kp-b, mode: rail, gauge: 1520, length: 100 km, capacity: 12 trains/day, cost: 10 USD/t}
  - {id: pr, name: P-R lane, from: ru-p, to: kp-r, mode: sea, length: 440 km, transit: 24 h, cost: 5 USD/t}
crossings:
  - {id: ab-post, links: [ab]}
  - {id: pr-port, links: [pr]}
fleets:
  - {id: feeders, name: Rajin feeders, vehicle: ship, count: 2, serves: [pr], turnaround: 12 h}
background:
  - {id: bg-rail, link: ab, direction: ru-a->kp-b, load: 4 trains/day, source: S}
  - {id: bg-sea, commodity: grain, from: [ru-p], to: [kp-r], quantity: 100 kt/yr, assumption: coastal trade}
demands:
  - {id: rail-grain, commodity: grain, from: [ru-a], to: [kp-b], quantity: 3 Mt/yr, unserved_cost: 100 USD/t}
  - {id: sea-grain, commodity: grain, from: [ru-p], to: [kp-r], quantity: 500 kt/yr, unserved_cost: 100 USD/t}
routes:
  - {id: r, from: [ru-a, ru-p], to: [kp-b, kp-r], both_directions: false}
sources:
  - {id: S, title: A source}
)";

// Grain to kp-b from three suppliers: ru-grain (ru-a, 240 USD/t, road 50 USD/t: 290 landed),
// cn-grain (cn-c, 260 USD/t, road 20 USD/t + a 5 USD/t fee at the post: 285 landed, but the road
// carries 300,000 t/yr) and ru-dear (ru-a, 300 USD/t: 350). Refined fuel (7.5 bbl/t) under a UN
// cap of 500,000 bbl/yr: 500,000 / 7.5 = 66,666.7 t/yr of the 100,000 wanted. The Russian road's
// 5 Mt/yr is more than it carries.
const std::string kMarketScenario = R"(borderflow: 1
name: issue9-market
places:
  - {id: ru-a, name: A, country: RU, lat: 43.0, lon: 132.0}
  - {id: cn-c, name: C, country: CN, lat: 40.0, lon: 124.0}
  - {id: kp-b, name: B, country: KP, lat: 42.3, lon: 130.5}
commodities:
  - {id: grain, class: bulk, value: 300 USD/t}
  - {id: refined, class: liquid, value: 700 USD/t, bbl_per_t: 7.5}
links:
  - {id: ab, from: ru-a, to: kp-b, mode: road, length: 100 km, cost: 50 USD/t, capacity: 5 Mt/yr}
  - {id: cb, from: cn-c, to: kp-b, mode: road, length: 100 km, cost: 20 USD/t, capacity: 300 kt/yr}
crossings:
  - {id: ab-post, links: [ab]}
  - {id: post, name: C-B post, links: [cb]}
fees:
  - {id: post-fee, crossing: post, fee: 5 USD/t}
caps:
  - {id: un, name: UN cap, limit: 500000 bbl/yr, commodities: [refined], to_countries: [KP]}
demands:
  - id: grain-kp
    commodity: grain
    to: [kp-b]
    quantity: 1 Mt/yr
    unserved_cost: 600 USD/t
    suppliers:
      - {id: ru-grain, from: [ru-a], price: 240 USD/t}
      - {id: cn-grain, from: [cn-c], price: 260 USD/t}
      - {id: ru-dear, from: [ru-a], price: 300 USD/t}
  - {id: fuel, commodity: refined, from: [ru-a], to: [kp-b], quantity: 100 kt/yr, unserved_cost: 900 USD/t}
)";

SolvedScenario solved(const std::string& yaml) {
  return solve_scenario(std::make_shared<const Scenario>(load_text(yaml)), "test.yaml");
}

int arc_of(const Network& n, const std::string& link, bool reversed) {
  const int l = n.scenario().find_link(link);
  for (const auto& arc : n.arcs()) {
    if (arc.kind == ArcKind::Link && arc.element == l && arc.reversed == reversed) return arc.index;
  }
  FAIL("no arc of " << link);
  return -1;
}

}  // namespace

TEST_CASE("a fleet's row and a vehicle capacity read in vehicles", "[report][issue9]") {
  const Network n = expand(load_text(kFleetScenario));
  std::vector<double> x(n.arcs().size(), 0.0);
  x[static_cast<std::size_t>(arc_of(n, "pr", false))] = 600000;
  x[static_cast<std::size_t>(arc_of(n, "pr", true))] = 100000;
  x[static_cast<std::size_t>(arc_of(n, "ab", false))] = 2920000;
  std::vector<double> shadow(n.rows().size(), 0.0);
  const int fleet_row = n.rows_of({ElementKind::Fleet, 0}).front();
  shadow[static_cast<std::size_t>(fleet_row)] = 1e-3;

  const auto fleets = fleet_uses(n, x, shadow);
  REQUIRE(fleets.size() == 1);
  CHECK(fleets[0].row == fleet_row);
  CHECK(fleets[0].carried_t_per_yr == Approx(700000));           // both ways
  CHECK(fleets[0].use_t_h_per_yr == Approx(700000.0 * 72));      // 50,400,000 t-h/yr
  CHECK(fleets[0].vehicles_needed == Approx(50400000.0 / 43800000));  // / (5,000 t x 8,760 h) = 1.1507
  CHECK(fleets[0].share_of_fleet == Approx(50400000.0 / 43800000 / 2));
  CHECK(fleets[0].departures_per_day == Approx(700000.0 / 365 / 5000));  // 0.3836
  CHECK(fleets[0].shadow_price_per_vehicle == Approx(1e-3 * 5000 * 8760));  // 43,800
  CHECK(fleets[0].background_vehicles == 0);  // the background demand is routed later, by route_background

  const auto vehicles = vehicle_uses(n, x);
  REQUIRE(vehicles.size() == 1);  // ab forward; its reverse row carries nothing
  CHECK(n.describe_row(vehicles[0].row) == "link ab (A-B line) ru-a->kp-b");
  CHECK(vehicles[0].per_day == Approx(8.0));            // 2,920,000 / 1,000 / 365
  CHECK(vehicles[0].capacity_per_day == Approx(12.0));  // as written
  CHECK(vehicles[0].background_per_day == Approx(4.0));
}

TEST_CASE("with background traffic, route capacities are spare and a binding fleet is named in vehicles",
          "[report][issue9]") {
  const SolvedScenario s = solved(kFleetScenario);
  const json j = run_to_json(s);
  // Spare: ab 4,380,000 - 1,460,000 = 2,920,000; pr: the fleet's 87,600,000 - 7,200,000 t-h/yr
  // over 72 h = 1,116,666.7 t/yr. Together 4,036,666.7.
  const json& route = j["route_capacities"][0];
  CHECK(route["capacity_t_per_yr"].get<double>() == Approx(4036666.7).margin(0.1));
  CHECK(route["on_spare_capacity"] == true);
  REQUIRE(route["bottleneck"].size() == 2);
  const json& ab = route["bottleneck"][0];  // one t/yr of route per t/yr of ab: priced above the fleet's 1/72
  CHECK(ab["id"] == "ab");
  CHECK(ab["capacity_t_per_yr"].get<double>() == 4380000.0);
  CHECK(ab["background_t_per_yr"].get<double>() == 1460000.0);
  CHECK(ab["spare_t_per_yr"].get<double>() == 2920000.0);
  const json& fleet = route["bottleneck"][1];
  CHECK(fleet["kind"] == "fleet");
  CHECK(fleet["unit"] == "t-h/yr");
  CHECK(fleet["capacity_t_h_per_yr"].get<double>() == 87600000.0);
  CHECK(fleet["background_t_h_per_yr"].get<double>() == 7200000.0);
  CHECK(fleet["fleet"]["vehicles_needed"].get<double>() == Approx(1.84));  // 80,400,000 / 43,800,000 = 1.8356
  CHECK(fleet["fleet"]["background_vehicles"].get<double>() == Approx(0.16));  // 7,200,000 / 43,800,000
  REQUIRE(route["fleets"].size() == 1);
  // One more ship: 5,000 x 8,760 / 72 = 608,333.33 t/yr more on the lane.
  CHECK(route["fleets"][0]["capacity_gain_t_per_yr_per_vehicle"].get<double>() == Approx(608333.33).margin(0.01));
  CHECK(route["fleets"][0]["share_of_fleet_pct"].get<double>() == Approx(91.8));  // 1.8356 / 2
  REQUIRE(route["vehicles"].size() == 1);
  CHECK(route["vehicles"][0]["vehicles_per_day"].get<double>() == 8.0);  // 2,920,000 / 1,000 / 365
  CHECK(route["vehicles"][0]["background_vehicles_per_day"].get<double>() == 4.0);

  const json& background = j["background"];
  REQUIRE(background["loads"].size() == 1);
  CHECK(background["loads"][0]["element"] == "link ab");
  CHECK(background["loads"][0]["direction"] == "ru-a->kp-b");
  CHECK(background["loads"][0]["load_t_per_yr"].get<double>() == 1460000.0);
  CHECK(background["loads"][0]["source"] == "S");
  REQUIRE(background["demands"].size() == 1);
  CHECK(background["demands"][0]["delivered_t_per_yr"].get<double>() == 100000.0);
  CHECK(background["demands"][0]["source"] == "assumption: coastal trade");

  const std::string table = render_run(s, Format::Table);
  CHECK_THAT(table, Contains("Route spare capacities (") && Contains("bottleneck (binding spare capacities, Mt/yr)"));
  CHECK_THAT(table, Contains("link ab ru-a->kp-b spare 2.9 of 4.4 (1.5 background) + fleet feeders "
                             "(Rajin feeders) 1.8 of 2 ships, 92%, 0.6 departures/day (0.2 more in background traffic)"));
  CHECK_THAT(table, Contains("8.0 trains/day of 12 (4.0 more in background traffic)"));
  CHECK_THAT(table, Contains("bg-rail") && Contains("link ab") && Contains("1,460,000"));
}

TEST_CASE("the routing on spare capacity: binding rows with background, fleets and trains the demands need",
          "[report][issue9]") {
  const SolvedScenario s = solved(kFleetScenario);
  const json routing = run_to_json(s)["routing"];
  // rail-grain: 2,920,000 of 3,000,000 fit on ab's spare; each more t/yr of ab saves 100 - 10 = 90.
  CHECK(routing["demands"][0]["delivered_t_per_yr"].get<double>() == 2920000.0);
  REQUIRE(routing["binding"].size() == 1);
  CHECK(routing["binding"][0]["shadow_price"].get<double>() == Approx(90));
  CHECK(routing["binding"][0]["spare_t_per_yr"].get<double>() == 2920000.0);
  // sea-grain: 500,000 x 72 / 43,800,000 = 0.8219 ships, 41.1 % of the fleet; 0.27 departures a day.
  REQUIRE(routing["fleets"].size() == 1);
  CHECK(routing["fleets"][0]["vehicles_needed"].get<double>() == Approx(0.82));
  CHECK(routing["fleets"][0]["share_of_fleet_pct"].get<double>() == Approx(41.1));
  CHECK(routing["fleets"][0]["departures_per_day"].get<double>() == Approx(0.27));
  CHECK(routing["fleets"][0]["shadow_price_usd_per_yr_per_vehicle"].get<double>() == 0.0);

  const std::string table = render_run(s, Format::Table);
  CHECK_THAT(table, Contains("full at its spare 2,920,000 t/yr (1,460,000 of 4,380,000 taken by background traffic)"));
  CHECK_THAT(table, Contains("0.8 of 2 ships, 41%, 0.3 departures/day (0.2 more in background traffic)"));
  const std::string csv = render_run(s, Format::Csv);
  CHECK_THAT(csv, Contains(",routing_fleet,feeders,,fleet:feeders:vehicles_needed,0.82\n"));
  CHECK_THAT(csv, Contains(",background_load,bg-rail,ru-a->kp-b,load_t_per_yr,1460000.0\n"));
}

TEST_CASE("supplier choice, fees and purchases, and a cap's shadow price per barrel", "[report][issue9]") {
  const SolvedScenario s = solved(kMarketScenario);
  const json routing = run_to_json(s)["routing"];
  // Transport incl. fees: ru-grain 700,000 x 50 + cn-grain 300,000 x (20 + 5) + fuel 66,666.67 x 50
  //   = 35,000,000 + 7,500,000 + 3,333,333.33 = 45,833,333.33; fees 300,000 x 5 = 1,500,000.
  CHECK(routing["transport_cost_usd_per_yr"].get<double>() == Approx(45833333.33).margin(0.01));
  CHECK(routing["fees_usd_per_yr"].get<double>() == Approx(1500000));
  // Purchases: 700,000 x 240 + 300,000 x 260 = 246,000,000.
  CHECK(routing["purchases_at_origin_usd_per_yr"].get<double>() == Approx(246000000));

  const json& grain = routing["demands"][0];
  CHECK(grain["landed_cost_usd_per_t"].get<double>() == Approx(288.5));  // (35 + 7.5 + 246) M / 1 Mt
  REQUIRE(grain["suppliers"].size() == 3);
  CHECK(grain["suppliers"][0]["delivered_t_per_yr"].get<double>() == 700000.0);
  CHECK(grain["suppliers"][0]["landed_cost_usd_per_t"].get<double>() == Approx(290));
  CHECK(grain["suppliers"][0]["price_to_win_usd_per_t"].is_null());
  CHECK(grain["suppliers"][1]["landed_cost_usd_per_t"].get<double>() == Approx(285));
  CHECK(grain["suppliers"][2]["delivered_t_per_yr"].get<double>() == 0.0);
  CHECK(grain["suppliers"][2]["landed_cost_usd_per_t"].get<double>() == Approx(350));  // 300 + 50
  // The next tonne costs 290 (Russian, the road being unlimited); ru-dear's path costs 50: it wins below 240.
  CHECK(grain["suppliers"][2]["price_to_win_usd_per_t"].get<double>() == Approx(240));

  REQUIRE(routing["caps"].size() == 1);
  const json& cap = routing["caps"][0];
  CHECK(cap["unit"] == "bbl/yr");
  CHECK(cap["limit_bbl_per_yr"].get<double>() == 500000.0);
  CHECK(cap["used_bbl_per_yr"].get<double>() == Approx(500000.0));
  // One more bbl/yr delivers 1/7.5 t/yr more, each saving 900 - 50 = 850: 113.33 USD/yr.
  CHECK(cap["shadow_price_usd_per_bbl_per_yr"].get<double>() == Approx(850.0 / 7.5).margin(1e-6));

  const std::string table = render_run(s, Format::Table);
  CHECK_THAT(table, Contains("transport 45,800,000 USD/yr incl. fees 1,500,000 USD/yr, purchases at origin prices "
                             "246,000,000 USD/yr"));
  CHECK_THAT(table, Contains("Supplier choice (") && Contains("ru-dear") && Contains("350.00") && Contains("240.00"));
  CHECK_THAT(table, Contains("one more bbl/yr of cap is worth 113.33 USD/yr"));
  const std::string csv = render_run(s, Format::Csv);
  CHECK_THAT(csv, Contains(",demand_supplier,grain-kp,ru-dear,price_to_win_usd_per_t,240.0000\n"));
  CHECK_THAT(csv, Contains(",routing_cap,un,delivered,shadow_price_usd_per_bbl_per_yr,113.333333\n"));
}

TEST_CASE("the map sums the routing's flow over every class of a demand, per direction", "[report][issue9]") {
  // grain-kp has three suppliers, so three classes: ab carries ru-grain's 700,000 and the fuel's 66,666.7.
  const SolvedScenario s = solved(kMarketScenario);
  const json map = json::parse(render_geojson(s));
  double ab = -1, cb = -1;
  for (const auto& f : map["features"]) {
    if (f["properties"]["direction"] != "forward") continue;
    if (f["properties"]["id"] == "ab") ab = f["properties"]["flow_t_per_yr"].get<double>();
    if (f["properties"]["id"] == "cb") cb = f["properties"]["flow_t_per_yr"].get<double>();
  }
  CHECK(ab == Approx(766666.7).margin(0.1));
  CHECK(cb == Approx(300000));
}

TEST_CASE("a scenario without the new sections prints none of their keys or sections", "[report][issue9]") {
  const SolvedScenario g = solve_scenario(load_network("gauge_break.yaml").shared_scenario(), "test.yaml");
  const std::string all = render_run(g, Format::Json) + render_run(g, Format::Table) + render_run(g, Format::Csv);
  for (const char* absent : {"background", "spare", "fleet", "vehicles", "caps", "suppliers", "fees", "purchases",
                             "landed", "Supplier choice", "on_spare_capacity"}) {
    CHECK_THAT(all, !Contains(absent));
  }
}

TEST_CASE("compare sums a demand's flow over all of its classes", "[report][issue9]") {
  // A route from both origins to kp-b: grain-kp (three classes) and fuel lie inside it. Their
  // crossings: ab-post carries ru-grain's 700,000 and the fuel's 66,666.7; post carries cn-grain's 300,000.
  const std::string yaml = kMarketScenario + "routes:\n  - {id: r, from: [ru-a, cn-c], to: [kp-b], both_directions: false}\n";
  const SolvedScenario s = solved(yaml);
  const json j = compare_to_json({s, solved(yaml)});
  const json& crossings = j["questions"][0]["results"][0]["demand_crossings"];
  REQUIRE(crossings.size() == 2);
  CHECK(crossings[0]["id"] == "ab-post");
  CHECK(crossings[0]["t_per_yr"].get<double>() == Approx(766666.7).margin(0.1));
  CHECK(crossings[1]["id"] == "post");
  CHECK(crossings[1]["t_per_yr"].get<double>() == Approx(300000));
}

TEST_CASE("the new sections render the same bytes twice in every format, without NaN", "[report][issue9]") {
  for (const std::string* yaml : {&kFleetScenario, &kMarketScenario}) {
    const SolvedScenario a = solved(*yaml);
    const SolvedScenario b = solved(*yaml);
    for (Format f : {Format::Table, Format::Json, Format::Csv, Format::Markdown}) {
      const std::string first = render_run(a, f);
      CHECK(first == render_run(b, f));
      CHECK_THAT(first, !Contains("nan") && !Contains("inf\n") && !Contains("-0.0"));
    }
    CHECK_THAT(render_run(a, Format::Markdown), Contains("### "));
  }
}

TEST_CASE("selective no-transit is said in the header and the policy JSON", "[report][issue9]") {
  const std::string yaml = kMarketScenario + "policy:\n  no_transit:\n    - {country: CN, commodities: [refined]}\n";
  const SolvedScenario s = solved(yaml);
  CHECK_THAT(render_run(s, Format::Table), Contains("\npolicy: no transit through CN (refined only)\n"));
  const json policy = run_to_json(s)["scenario"]["policy"];
  CHECK(policy["no_transit_of"][0]["country"] == "CN");
  CHECK(policy["no_transit_of"][0]["commodities"][0] == "refined");
}

TEST_CASE("a capacity below one vehicle a day is read per month", "[report][issue9]") {
  // 4 voyages/month of 3,000 t: 4 x 12 / 365 = 0.1315 a day; 0.0658 a day used is 2.0 a month.
  VehicleItem v{"link", "vr", "ru-v->kp-r", "voyage", 3000, 0.0658, 4.0 * 12 / 365, false, 0};
  CHECK(vehicle_use_text(v) == "2.0 voyages/month of 4");
  v.per_day = 8;
  v.capacity_per_day = 12;
  CHECK(vehicle_use_text(v) == "8.0 voyages/day of 12");
  CHECK(vehicle_plural("bus") == "bus");  // a noun already ending in s is left as it is
}

TEST_CASE("why unserved names only full rows on a path the demand can use", "[report][issue9]") {
  // fuel (ru-a -> kp-b) is held by the UN cap (500,000 bbl / 7.5 = 66,666.7 t of 100,000). The
  // road cb (cn-c -> kp-b) is full too and fuel's class may use it (no transit ban), but no
  // path from ru-a reaches cn-c, so it cannot be why fuel is unserved.
  const SolvedScenario s = solved(kMarketScenario);
  const Network& n = s.network;
  for (const auto& d : s.answer.routing.demands) {
    if (s.scenario().demands[static_cast<std::size_t>(d.demand)].id != "fuel") continue;
    REQUIRE(d.unserved.kind == UnservedReason::Kind::CapacityFull);
    REQUIRE_FALSE(d.unserved.full_rows.empty());
    for (int r : d.unserved.full_rows) CHECK(n.row_element_id(r) != "cb");
    CHECK(n.row_element_id(d.unserved.full_rows.front()) == "un");
  }
}
