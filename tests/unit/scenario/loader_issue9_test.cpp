// engine/scenario/loader, the sections and keys of issue 9 (scenarios/README.md): vehicles and
// capacities in vehicles, capacity_both_ways, fleets, background flows, fees, caps, suppliers,
// selective no_transit; their ranged fields, extends: merging, and one message per rule.
#include <catch2/catch.hpp>

#include "input/reader.hpp"
#include "support.hpp"

using namespace bftest;
using Catch::Matchers::Contains;

namespace {

// Places: ru-a 0, ru-v 1, cn-d 2, kp-b 3, kp-r 4. Commodities: grain 0, refined 1, munitions 2.
// Links: ab 0 (RU->KP, both ways), vr 1 (sea), db 2 (CN->KP, forward only).
const std::string kHead = R"(borderflow: 1
places:
  - {id: ru-a, name: A, country: RU, lat: 43.0, lon: 132.0}
  - {id: ru-v, name: V, country: RU, lat: 43.1, lon: 131.9}
  - {id: cn-d, name: D, country: CN, lat: 40.0, lon: 124.0}
  - {id: kp-b, name: B, country: KP, lat: 42.3, lon: 130.5}
  - {id: kp-r, name: R, country: KP, lat: 42.2, lon: 130.3}
commodities:
  - {id: grain, class: bulk}
  - {id: refined, class: liquid, bbl_per_t: 7.5}
  - {id: munitions, class: general}
vehicles:
  - {id: train, mode: rail, payload: 2400 t, assumption: a long train}
  - {id: voyage, mode: sea, payload: 3 kt}
)";

const std::string kNetwork = R"(links:
  - {id: ab, from: ru-a, to: kp-b, mode: rail, gauge: dual, length: 10 km, capacity: 12 trains/day, payload: 1500 t, capacity_both_ways: 10 trains/day}
  - {id: vr, from: ru-v, to: kp-r, mode: sea, length: 200 km, capacity: {range: [3 voyages/month, 6 voyages/month]}}
  - {id: db, from: cn-d, to: kp-b, mode: rail, gauge: 1435, length: 300 km, direction: forward}
transfers:
  - {id: bog, place: kp-b, from: rail:1520, to: rail:1435, method: bogie_exchange, capacity_both_ways: 2 Mt/yr}
crossings:
  - {id: post, links: [ab, db], capacity: 5 Mt/yr}
  - {id: port, links: [vr]}
demands:
  - id: grain-kp
    commodity: grain
    to: [kp-r]
    quantity: 1 Mt/yr
    unserved_cost: 600 USD/t
    suppliers:
      - {id: ru-grain, from: [ru-a], price: 240 USD/t, source: S}
      - {id: cn-grain, from_countries: [CN], price: {range: [200 USD/t, 300 USD/t]}}
  - {id: fuel, commodity: refined, from: [ru-a], to: [kp-b], quantity: 100 kt/yr, unserved_cost: 900 USD/t}
sources:
  - {id: S, title: A source}
)";

const std::string kPolicies = R"(fleets:
  - {id: feeders, vehicle: voyage, count: {range: [3, 6]}, serves: [vr], turnaround: 48 h}
background:
  - {id: bg1, crossing: post, direction: CN/RU->KP, load: 1 Mt/yr}
  - {id: bg2, link: db, load: 2 trains/day}
  - {id: bg3, transfer: bog, direction: "rail:1435 -> rail:1520", load: 0.5 Mt/yr}
  - {id: bg4, commodity: grain, from_countries: [CN], to: [kp-b], quantity: 3 Mt/yr}
fees:
  - {id: f1, transit_country: CN, fee: 8 USD/t, commodities: [grain]}
  - {id: f2, crossing: post, fee: 2 USD/t}
caps:
  - {id: un, limit: 500000 bbl/yr, commodities: [refined], to_countries: [KP], elements: [post, bog]}
  - {id: c2, limit: 1 Mt/yr, demands: [grain-kp]}
policy:
  no_transit:
    - CN
    - {country: RU, commodities: [munitions]}
)";

const std::string kAll = kHead + kNetwork + kPolicies;

/// The one message of a failed load of kHead + kNetwork + `tail`.
std::string only_message(const std::string& tail) {
  const auto errors = load_errors(kHead + kNetwork + tail);
  INFO(formatted(errors));
  REQUIRE(errors.size() == 1);
  return errors[0].message;
}

}  // namespace

TEST_CASE("issue 9: vehicles and capacities written in vehicles convert at load time", "[loader][issue9]") {
  const Scenario s = load_text(kAll);
  REQUIRE(s.vehicles.size() == 2);
  CHECK(s.vehicles[0].id == "train");
  CHECK(s.vehicles[0].mode == Mode::Rail);
  CHECK(s.vehicles[0].payload_t == 2400);
  CHECK(s.vehicles[0].provenance->assumption == "a long train");
  CHECK(s.vehicles[1].payload_t == 3000);  // 3 kt
  const Link& ab = s.links[0];
  CHECK(ab.capacity_t_per_yr == Approx(12 * 1500 * 365));           // the link's payload, not the train's
  CHECK(ab.capacity_both_ways_t_per_yr == Approx(10 * 1500 * 365));  // 5,475,000 t/yr
  CHECK(ab.vehicle.vehicle == 0);
  CHECK(ab.vehicle.payload_t == 1500);
  const Link& vr = s.links[1];
  CHECK(vr.capacity_t_per_yr == Approx(4.5 * 3000 * 12));  // the range's midpoint, 162,000 t/yr
  CHECK(vr.capacity_both_ways_t_per_yr == kUnlimited);
  CHECK(vr.vehicle.vehicle == 1);
  CHECK(vr.vehicle.payload_t == 3000);  // the vehicle's
  CHECK(s.links[2].vehicle.vehicle == -1);
  CHECK(s.transfers[0].capacity_t_per_yr == kUnlimited);
  CHECK(s.transfers[0].capacity_both_ways_t_per_yr == Approx(2e6));
  CHECK(s.crossings[0].capacity_both_ways_t_per_yr == kUnlimited);
  REQUIRE_FALSE(s.ranges.empty());
  CHECK(field_path(s, s.ranges[0].field) == "links.vr.capacity");
  CHECK(s.ranges[0].range.low == Approx(3 * 3000 * 12));   // 108,000 t/yr
  CHECK(s.ranges[0].range.high == Approx(6 * 3000 * 12));  // 216,000 t/yr
  // A sweep may write the capacity in the vehicle too, at the element's payload.
  const UnitContext ab_units = unit_context(s, FieldRef{FieldId::LinkCapacity, 0, ""});
  REQUIRE(ab_units.vehicles.size() == 2);
  CHECK(ab_units.vehicles[0].payload_t == 1500);
  CHECK(ab_units.vehicles[1].payload_t == 3000);
  CHECK(parse_quantity("1 train/day", Dimension::FlowRate, ab_units).value == Approx(1500 * 365));
}

TEST_CASE("issue 9: demands with suppliers, and the implicit supplier of from:", "[loader][issue9]") {
  const Scenario s = load_text(kAll);
  const Demand& grain = s.demands[0];
  REQUIRE(grain.suppliers.size() == 2);
  CHECK(grain.suppliers[0].id == "ru-grain");
  CHECK(grain.suppliers[0].origins.places == std::vector<int>{0});
  CHECK(grain.suppliers[0].price_usd_per_t == 240);
  CHECK(grain.suppliers[0].provenance->source_tags == std::vector<std::string>{"S"});
  CHECK(grain.suppliers[1].origins.places == std::vector<int>{2});
  CHECK(grain.suppliers[1].origins.countries == std::vector<std::string>{"CN"});
  CHECK(grain.suppliers[1].price_usd_per_t == Approx(250));  // midpoint of [200, 300]
  CHECK(grain.origins.places == std::vector<int>{0, 2});     // the union, sorted
  CHECK(grain.origins.countries == std::vector<std::string>{"CN"});
  const Demand& fuel = s.demands[1];
  REQUIRE(fuel.suppliers.size() == 1);
  CHECK(fuel.suppliers[0].id.empty());
  CHECK(fuel.suppliers[0].price_usd_per_t == 0);
  CHECK(fuel.suppliers[0].origins.places == fuel.origins.places);
  CHECK(s.find_supplier("cn-grain") == std::make_pair(0, 1));
  const FieldRange& price = s.ranges[1];
  CHECK(price.field.id == FieldId::SupplierPrice);
  CHECK(field_path(s, price.field) == "suppliers.cn-grain.price");
  CHECK(supplier_at(s, price.field.element) == std::make_pair(0, 1));
  CHECK(element_ids(s, "suppliers") == std::vector<std::string>{"ru-grain", "cn-grain"});
}

TEST_CASE("issue 9: fleets, background flows, fees, caps and selective no_transit", "[loader][issue9]") {
  const Scenario s = load_text(kAll);
  REQUIRE(s.fleets.size() == 1);
  const Fleet& feeders = s.fleets[0];
  CHECK(feeders.vehicle == 1);
  CHECK(feeders.count == Approx(4.5));  // midpoint of [3, 6]
  CHECK(feeders.payload_t == 3000);     // the voyage's
  CHECK(feeders.turnaround_h == 48);
  CHECK(feeders.links == std::vector<int>{1});
  CHECK(field_path(s, s.ranges[2].field) == "fleets.feeders.count");
  CHECK(s.ranges[2].range.low == 3);

  REQUIRE(s.background.size() == 4);
  const BackgroundFlow& bg1 = s.background[0];
  REQUIRE(bg1.is_load());
  CHECK(*bg1.element == ElementRef{ElementKind::Crossing, 0});
  CHECK_FALSE(bg1.reverse);  // the post's reference way: into KP from RU and CN
  CHECK(bg1.direction == "CN/RU->KP");
  CHECK(bg1.load_t_per_yr == Approx(1e6));
  const BackgroundFlow& bg2 = s.background[1];
  CHECK(*bg2.element == ElementRef{ElementKind::Link, 2});
  CHECK(bg2.direction == "cn-d->kp-b");  // omitted on a one-way link: its one direction
  CHECK(bg2.load_t_per_yr == Approx(2 * 2400 * 365));  // the train's own payload: 1,752,000 t/yr
  const BackgroundFlow& bg3 = s.background[2];
  CHECK(*bg3.element == ElementRef{ElementKind::Transfer, 0});
  CHECK(bg3.reverse);  // rail:1435 -> rail:1520 is the transfer's to -> from
  CHECK(bg3.direction == "rail:1435->rail:1520");
  const BackgroundFlow& bg4 = s.background[3];
  CHECK_FALSE(bg4.is_load());
  CHECK(bg4.commodity == 0);
  CHECK(bg4.origins.places == std::vector<int>{2});
  CHECK(bg4.destinations.places == std::vector<int>{3});
  CHECK(bg4.quantity_t_per_yr == Approx(3e6));

  REQUIRE(s.fees.size() == 2);
  CHECK(s.fees[0].transit_country == "CN");
  CHECK(s.fees[0].crossing == -1);
  CHECK(s.fees[0].fee_usd_per_t == 8);
  CHECK(s.fees[0].commodities == std::vector<int>{0});
  CHECK(s.fees[1].crossing == 0);
  CHECK(s.fees[1].transit_country.empty());
  CHECK(s.fees[1].commodities.empty());

  REQUIRE(s.caps.size() == 2);
  const Cap& un = s.caps[0];
  CHECK(un.unit == CapUnit::BarrelsPerYear);
  CHECK(un.limit == Approx(500000));  // kept in barrels: each tonne counts its commodity's bbl_per_t
  CHECK(un.commodities == std::vector<int>{1});
  CHECK(un.destination_countries == std::vector<std::string>{"KP"});
  CHECK(un.elements == std::vector<ElementRef>{{ElementKind::Crossing, 0}, {ElementKind::Transfer, 0}});
  CHECK(unit_context(s, FieldRef{FieldId::CapLimit, 0, ""}).in_barrels);
  const Cap& c2 = s.caps[1];
  CHECK(c2.unit == CapUnit::TonnesPerYear);
  CHECK(c2.limit == Approx(1e6));
  CHECK(c2.demands == std::vector<int>{0});

  CHECK(s.policy.no_transit == std::vector<std::string>{"CN"});
  REQUIRE(s.policy.no_transit_of.size() == 1);
  CHECK(s.policy.no_transit_of[0].country == "RU");
  CHECK(s.policy.no_transit_of[0].commodities == std::vector<int>{2});
}

TEST_CASE("issue 9: a crossing load against the reference way, and crossings' both-way capacity in vehicles",
          "[loader][issue9]") {
  std::string text = kAll;
  const std::string written = "direction: CN/RU->KP";
  text.replace(text.find(written), written.size(), "direction: KP->RU");
  const Scenario s = load_text(text);
  CHECK(s.background[0].reverse);  // only ab runs back, KP -> RU
  CHECK(s.background[0].direction == "KP->RU");
}

TEST_CASE("issue 9: new ranged fields resolve as sweep paths", "[loader][issue9][fields]") {
  const Scenario s = load_text(kAll);
  DiagnosticSink sink;
  Reader reader(sink);
  auto resolve = [&](const std::string& path) {
    Word word;
    word.text = path;
    word.path = "p";
    return resolve_field(s, word, reader, "the base");
  };
  for (const char* good : {"suppliers.ru-grain.price", "background.bg1.load", "fleets.feeders.count",
                           "fleets.feeders.payload", "fees.f1.fee", "caps.un.limit"}) {
    CAPTURE(good);
    const auto ref = resolve(good);
    REQUIRE(ref);
    CHECK(field_path(s, *ref) == good);
  }
  CHECK(sink.empty());
  for (const char* bad : {"background.bg4.load", "fleets.feedrs.count", "caps.un.limt", "suppliers.ru-grian.price"}) {
    CAPTURE(bad);
    CHECK_FALSE(resolve(bad));
  }
  std::vector<std::string> messages;
  for (const auto& d : sink.diagnostics()) messages.push_back(d.message);
  CHECK(messages ==
        std::vector<std::string>{
            "'background.bg4.load': background flow 'bg4' is a demand routed first, not a load; its quantity cannot "
            "be varied",
            "'fleets.feedrs.count': no fleet 'feedrs' in the base; did you mean 'feeders'?",
            "'caps.un.limt': caps have no sweepable field 'limt'; did you mean 'limit'?",
            "'suppliers.ru-grian.price': no supplier 'ru-grian' in the base; did you mean 'ru-grain'?"});
  // Unit contexts: a background load reads vehicles at its element's payload; a supplier's
  // price may be in USD/bbl through its demand's commodity.
  const UnitContext load = unit_context(s, FieldRef{FieldId::BackgroundLoad, 1, ""});
  REQUIRE(load.vehicles.size() == 2);
  CHECK(load.vehicles[0].payload_t == 2400);  // db is written in tonnes: the train's own payload
  CHECK_FALSE(unit_context(s, FieldRef{FieldId::SupplierPrice, 0, ""}).bbl_per_t);
  CHECK(unit_context(s, FieldRef{FieldId::FeeAmount, 0, ""}).commodity_id == "grain");
}

TEST_CASE("issue 9: v1 files without the new sections load as before", "[loader][issue9]") {
  const Scenario s = load_text(two_places() + R"(commodities:
  - {id: grain, class: bulk}
links:
  - {id: ab, from: ru-a, to: ru-b, mode: road, length: 10 km, capacity: 1 Mt/yr}
demands:
  - {id: d, commodity: grain, from: ru-a, to: ru-b, quantity: 1 kt/yr, unserved_cost: 10 USD/t}
policy:
  no_transit: CN
)");
  CHECK(s.links[0].capacity_both_ways_t_per_yr == kUnlimited);
  CHECK(s.links[0].vehicle.vehicle == -1);
  CHECK(s.vehicles.empty());
  CHECK(s.fleets.empty());
  CHECK(s.background.empty());
  CHECK(s.fees.empty());
  CHECK(s.caps.empty());
  CHECK(s.policy.no_transit == std::vector<std::string>{"CN"});
  CHECK(s.policy.no_transit_of.empty());
  REQUIRE(s.demands[0].suppliers.size() == 1);
  CHECK(s.demands[0].suppliers[0].origins.places == std::vector<int>{0});
  CHECK(element_ids(s, "suppliers").empty());
}

TEST_CASE("issue 9: vehicle and capacity rules", "[loader][issue9][errors]") {
  const std::string rail = "links:\n  - {id: x, from: ru-a, to: kp-b, mode: rail, gauge: dual, length: 5 km, ";
  auto link_message = [&](const std::string& keys) {
    const auto errors = load_errors(kHead + rail + keys + "}\ncrossings:\n  - {id: p, links: [x]}\n");
    INFO(formatted(errors));
    REQUIRE(errors.size() == 1);
    return errors[0].message;
  };
  CHECK(link_message("capacity: 12 trian/day") == "unknown unit 'trian/day'; did you mean 'train/day'?");
  CHECK(link_message("capacity: 12 wagons/week") ==
        "unknown unit 'wagons/week'; accepted: t/yr, kt/yr, Mt/yr, t/day, kt/day, t/month, bbl/day, bbl/yr, "
        "kbbl/yr, Mbbl/yr, TEU/yr, TEU/day; or in vehicles: train[s]/day|month|yr, voyage[s]/day|month|yr");
  CHECK(link_message("capacity: 5 voyages/month") == "vehicle 'voyage' is a sea vehicle, but this link carries rail");
  CHECK(link_message("capacity: 5 Mt/yr, payload: 10 t") ==
        "payload applies only when a capacity here is written in vehicles (e.g. capacity: 12 trains/day); write the "
        "capacity in vehicles or drop payload");
  CHECK(link_message("capacity: 5 trains/day, payload: 0 t") == "must be more than zero, got '0 t'");
  CHECK(link_message("capacity: 5 trains/day, payload: 10 Mt/yr") == "unknown unit 'Mt/yr'; accepted: t, kt, Mt");
  CHECK(link_message("capacity: {range: [1 train/day, 2 Mt/yr]}") ==
        "write every value of capacity in one unit of one vehicle, or every value in tonnes");
  CHECK(link_message("capacity: 12 trains/day, capacity_both_ways: 1 voyage/day") ==
        "capacity is written in trains, capacity_both_ways in voyages: one element's capacities use one vehicle");
  // Vehicle ids that spell a unit would make "<id>/day" ambiguous.
  const auto errors = load_errors(two_places() + "vehicles:\n  - {id: kt, mode: road, payload: 20 t}\n");
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].message == "vehicle id 'kt' is already a unit ('kt/day'); choose another noun");
}

TEST_CASE("issue 9: fleet rules", "[loader][issue9][errors]") {
  CHECK(only_message("fleets:\n  - {id: f, vehicle: voyag, count: 4, serves: [vr]}\n") ==
        "unknown vehicle 'voyag'; did you mean 'voyage'?");
  CHECK(only_message("fleets:\n  - {id: f, vehicle: voyage, count: 4, serves: [ab]}\n") ==
        "link 'ab' is rail; fleet 'f' of sea vehicle 'voyage' serves sea links only");
  CHECK(only_message("fleets:\n  - {id: f, vehicle: voyage, count: 4, serves: [vr, vr]}\n") ==
        "link 'vr' is listed twice");
  CHECK(only_message("fleets:\n  - {id: f, vehicle: voyage, count: 4, serves: []}\n") ==
        "a fleet serves at least one link");
  CHECK(only_message("fleets:\n  - {id: f, vehicle: voyage, count: 0, serves: [vr]}\n") ==
        "must be more than zero, got '0'");
  CHECK(only_message("fleets:\n  - {id: f, vehicle: voyage, count: 4 ships, serves: [vr]}\n") ==
        "a count is a plain number without unit, e.g. 4; got '4 ships'");
  CHECK(only_message("fleets:\n  - {id: f, vehicle: voyage, count: 4}\n") ==
        "missing required 'serves' (the link ids the fleet serves)");
  // Fractional counts are allowed (a fleet shared with other trades); payload overrides the vehicle's.
  const Scenario s =
      load_text(kHead + kNetwork + "fleets:\n  - {id: f2, vehicle: voyage, count: 2.5, payload: 2500 t, serves: [vr]}\n");
  CHECK(s.fleets[0].count == 2.5);
  CHECK(s.fleets[0].payload_t == 2500);
}

TEST_CASE("issue 9: background rules", "[loader][issue9][errors]") {
  CHECK(only_message("background:\n  - {id: b, link: ab, crossing: post, load: 1 Mt/yr}\n") ==
        "a background load is on one element: give one of link, transfer or crossing, not link and crossing");
  CHECK(only_message("background:\n  - {id: b, crossing: post, direction: RU->CN, load: 1 Mt/yr}\n") ==
        "'RU->CN' is not a direction crossing 'post' runs; expected CN/RU->KP or KP->RU");
  CHECK(only_message("background:\n  - {id: b, link: ab, direction: ru-a->kp-r, load: 1 Mt/yr}\n") ==
        "'ru-a->kp-r' is not a direction link 'ab' runs; expected ru-a->kp-b or kp-b->ru-a");
  CHECK(only_message("background:\n  - {id: b, link: db, direction: kp-b->cn-d, load: 1 Mt/yr}\n") ==
        "'kp-b->cn-d' is not a direction link 'db' runs; expected cn-d->kp-b");  // db runs forward only
  CHECK(only_message("background:\n  - {id: b, transfer: bog, load: 1 Mt/yr}\n") ==
        "missing 'direction': transfer 'bog' runs both ways; give direction: rail:1520->rail:1435 or "
        "rail:1435->rail:1520");
  CHECK(only_message("background:\n  - {id: b, crossing: psot, direction: KP->RU, load: 1 Mt/yr}\n") ==
        "unknown crossing 'psot'; did you mean 'post'?");
  CHECK(only_message("background:\n  - {id: b, link: db, load: -1 Mt/yr}\n") == "must be zero or more, got '-1 Mt/yr'");
  CHECK(only_message("background:\n  - {id: b, link: db, load: 1 Mt/yr, commodity: grain}\n") ==
        "'commodity' belongs to a background demand; a load takes link, direction and load");
  CHECK(only_message("background:\n  - {id: b, commodity: grain, from: cn-d, to: kp-b, quantity: 1 Mt/yr, "
                     "load: 1 Mt/yr}\n") == "'load' belongs to a background load (on a link, transfer or crossing)");
  CHECK(only_message("background:\n  - {id: b, name: nothing}\n") ==
        "a background flow is a load (link, transfer or crossing, with direction and load) or a demand "
        "(commodity, from, to, quantity)");
  CHECK(only_message("background:\n  - {id: b, commodity: grain, from: kp-b, to: kp-b, quantity: 1 Mt/yr}\n") ==
        "place 'kp-b' is both an origin and a destination");
}

TEST_CASE("issue 9: fee and cap rules", "[loader][issue9][errors]") {
  CHECK(only_message("fees:\n  - {id: f, crossing: post, transit_country: CN, fee: 1 USD/t}\n") ==
        "a fee is charged at a crossing or on entering a transit country: give crossing or transit_country, not both");
  CHECK(only_message("fees:\n  - {id: f, fee: 1 USD/t}\n") ==
        "missing 'crossing' (a crossing id) or 'transit_country' (a country code)");
  CHECK(only_message("fees:\n  - {id: f, transit_country: JP, fee: 1 USD/t}\n") == "no place lies in country 'JP'");
  CHECK(only_message("fees:\n  - {id: f, transit_country: China, fee: 1 USD/t}\n") ==
        "'China' is not an ISO 3166-1 alpha-2 country code");
  CHECK(only_message("fees:\n  - {id: f, crossing: post, fee: -1 USD/t}\n") == "must be zero or more, got '-1 USD/t'");
  CHECK(only_message("fees:\n  - {id: f, crossing: post}\n") ==
        "missing required 'fee' (USD/t, USD/bbl)");
  CHECK(only_message("fees:\n  - {id: f, crossing: post, fee: 1 USD/t, commodities: [grian]}\n") ==
        "unknown commodity 'grian'; did you mean 'grain'?");

  CHECK(only_message("caps:\n  - {id: c, limit: 1 Mbbl/yr, commodities: [refined, grain]}\n") ==
        "commodity 'grain' defines no bbl_per_t, so its tonnes cannot count against a limit in barrels; give it "
        "bbl_per_t or write the limit in t/yr");
  CHECK(only_message("caps:\n  - {id: c, limit: 1 Mbbl/yr}\n") ==
        "a limit in barrels needs 'commodities' (each defining bbl_per_t), or write the limit in t/yr");
  CHECK(only_message("caps:\n  - {id: c, limit: 1 Mt/yr, demands: [fuell]}\n") ==
        "unknown demand 'fuell'; did you mean 'fuel'?");
  CHECK(only_message("caps:\n  - {id: c, limit: 1 Mt/yr, elements: [bgo]}\n") ==
        "'bgo' is not a link, transfer or crossing; did you mean 'bog'?");
  CHECK(only_message("caps:\n  - {id: c, limit: 1 Mt/yr, elements: [ab, ab]}\n") == "'ab' is listed twice");
  CHECK(only_message("caps:\n  - {id: c, limit: 1 Mt/yr, to_countries: [JP]}\n") == "no place lies in country 'JP'");
  CHECK(only_message("caps:\n  - {id: c, limit: -1 Mt/yr}\n") == "must be zero or more, got '-1 Mt/yr'");
  CHECK(only_message("caps:\n  - {id: c, limit: {range: [1 Mbbl/yr, 1 Mt/yr]}, commodities: [refined]}\n") ==
        "barrel units only here (this rate is counted in barrels throughout): write bbl/day, bbl/yr, kbbl/yr or "
        "Mbbl/yr, not 'Mt/yr'");
  // A cap in tonnes may name any commodity; barrels in a range are kept in bbl/yr.
  const Scenario s = load_text(kHead + kNetwork +
                               "caps:\n  - {id: c, limit: {range: [1 Mbbl/yr, 3 Mbbl/yr]}, commodities: [refined]}\n");
  CHECK(s.caps[0].limit == Approx(2e6));
  CHECK(s.ranges.back().range.high == Approx(3e6));
}

TEST_CASE("issue 9: supplier and demand rules", "[loader][issue9][errors]") {
  // A third demand, written after the others: "demands:\n" + demand + "KEYS}\n" + ... (see with).
  const std::string demand = "  - {id: d2, commodity: grain, to: [kp-b], quantity: 1 Mt/yr, unserved_cost: 600 USD/t, ";
  auto only_message = [](const std::string& entry) {
    std::string text = kHead + kNetwork;
    text.insert(text.find("demands:\n") + 9, entry);
    const auto errors = load_errors(text);
    INFO(formatted(errors));
    REQUIRE(errors.size() == 1);
    return errors[0].message;
  };
  CHECK(only_message(demand + "from: ru-a, suppliers: [{id: s1, from: ru-a, price: 1 USD/t}]}\n") ==
        "a demand's origins are 'from'/'from_countries' or 'suppliers', not both");
  CHECK_THAT(only_message(demand + "suppliers: [{id: ru-grain, from: ru-a, price: 1 USD/t}]}\n"),
             Contains("duplicate supplier id 'ru-grain' (first at /borderflow-memory/scenarios/test.yaml:") &&
                 Contains("supplier ids are unique across the scenario"));
  CHECK(only_message(demand + "suppliers: [{id: s1, from: kp-b, price: 1 USD/t}]}\n") ==
        "place 'kp-b' is both an origin of supplier 's1' and a destination of the demand");
  CHECK(only_message(demand + "suppliers: [{id: s1, from: ru-a}]}\n") == "missing required 'price' (USD/t, USD/bbl)");
  CHECK(only_message(demand + "suppliers: [{id: s1, price: 1 USD/t}]}\n") ==
        "missing 'from' (place ids) or 'from_countries' (country codes)");
  CHECK(only_message(demand + "suppliers: [{from: ru-a, price: 1 USD/t}]}\n") == "missing 'id'");
  CHECK(only_message(demand + "suppliers: [{id: s1, from: ru-a, price: 1 USD/t, prize: 2 USD/t}]}\n") ==
        "unknown key 'prize' in a supplier; did you mean 'price'?");
  CHECK(only_message(demand + "suppliers: []}\n") ==
        "suppliers: expects a list of suppliers, each starting with '- id: ...'");
}

TEST_CASE("issue 9: selective no_transit rules", "[loader][issue9][errors]") {
  CHECK(only_message("policy:\n  no_transit: [{country: CN, commodities: [munition]}]\n") ==
        "unknown commodity 'munition'; did you mean 'munitions'?");
  CHECK(only_message("policy:\n  no_transit: [{country: CN}]\n") ==
        "missing 'commodities'; for no transit of anything, write the country code alone");
  CHECK(only_message("policy:\n  no_transit: [{country: CN, commodities: []}]\n") ==
        "'commodities: []' names no commodity; write the country code alone to forbid transit of everything");
  CHECK(only_message("policy:\n  no_transit: [{country: China, commodities: [grain]}]\n") ==
        "'China' is not an ISO 3166-1 alpha-2 country code");
  CHECK(only_message("policy:\n  no_transit: [{county: CN, commodities: [grain]}]\n") ==
        "unknown key 'county' in a no_transit entry; did you mean 'country'?");
  CHECK(only_message("policy:\n  no_transit: [[CN]]\n") ==
        "expected a country code, or {country: CC, commodities: [ID, ...]}");
}

TEST_CASE("issue 9: every problem of the new sections is reported at once", "[loader][issue9][errors]") {
  const auto errors = load_errors(kHead + kNetwork + R"(fleets:
  - {id: f, vehicle: voyag, count: 0, serves: [vr]}
background:
  - {id: b, link: ab, load: 1 Mt/yr}
fees:
  - {id: f, transit_country: JP, fee: 1 USD/t}
caps:
  - {id: c, limit: 1 Mt/yr, elements: [bgo]}
)");
  CHECK(errors.size() == 5);
  CHECK_THAT(formatted(errors), Contains("test.yaml:37:22: error: unknown vehicle 'voyag'") &&
                                    Contains("test.yaml:37:36: error: must be more than zero") &&
                                    Contains("test.yaml:39:5: error: missing 'direction'") &&
                                    Contains("test.yaml:41:30: error: no place lies in country 'JP'") &&
                                    Contains("test.yaml:43:40: error: 'bgo' is not a link"));
}

TEST_CASE("issue 9: extends merges the new sections by id, alternatives replace each other", "[loader][issue9][extends]") {
  const std::string base = kMemoryRoot + "/config/base.yaml";
  LoadOptions options = memory_options({{base, kAll},
                                        {kMemoryScenario, R"(borderflow: 1
extends: ../config/base.yaml
vehicles:
  - {id: train, payload: 3000 t}
fleets:
  - {id: feeders, count: 8}
background:
  - {id: bg2, crossing: post, direction: KP->RU}
fees:
  - {id: f1, crossing: post}
caps:
  - {id: c3, limit: 2 Mt/yr, to_countries: [KP]}
demands:
  - {id: fuel, suppliers: [{id: ru-fuel, from: ru-v, price: 700 USD/t}]}
policy:
  no_transit: [{country: CN, commodities: [grain]}]
)"}});
  const Scenario s = load_scenario(kMemoryScenario, options);
  CHECK(s.vehicles[0].payload_t == 3000);
  CHECK(s.vehicles[0].mode == Mode::Rail);  // kept
  CHECK(s.links[0].vehicle.payload_t == 1500);  // the link's own payload still wins
  CHECK(s.fleets[0].count == 8);
  CHECK(s.fleets[0].turnaround_h == 48);  // kept
  CHECK(*s.background[1].element == ElementRef{ElementKind::Crossing, 0});  // crossing: replaced link:
  CHECK(s.background[1].reverse);
  // load: 2 trains/day kept; the post is written in tonnes, so the overriding train payload counts.
  CHECK(s.background[1].load_t_per_yr == Approx(2 * 3000 * 365));
  CHECK(s.fees[0].crossing == 0);
  CHECK(s.fees[0].transit_country.empty());  // transit_country: dropped for crossing:
  CHECK(s.fees[0].fee_usd_per_t == 8);
  REQUIRE(s.caps.size() == 3);
  CHECK(s.caps[2].id == "c3");
  REQUIRE(s.demands[1].suppliers.size() == 1);
  CHECK(s.demands[1].suppliers[0].id == "ru-fuel");  // suppliers: dropped the inherited from:
  CHECK(s.demands[1].origins.places == std::vector<int>{1});
  CHECK(s.policy.no_transit.empty());  // the list is replaced as a whole
  REQUIRE(s.policy.no_transit_of.size() == 1);
  CHECK(s.policy.no_transit_of[0].country == "CN");
  // A misspelt id in an override reads as such, with what a new element needs.
  const auto misnamed = load_errors(kMemoryScenario, {{base, kAll},
                                                      {kMemoryScenario, "borderflow: 1\nextends: ../config/base.yaml\n"
                                                                        "background:\n  - {id: bgg1, load: 2 Mt/yr}\n"}});
  REQUIRE(misnamed.size() == 1);
  CHECK(misnamed[0].message ==
        "no background flow 'bgg1' in the base; did you mean 'bg1'? (a new background flow needs link, transfer or "
        "crossing and load; or commodity, from, to and quantity)");
}

TEST_CASE("issue 9: new elements need provenance on request", "[loader][issue9]") {
  LoadOptions options = memory_options({{kMemoryScenario, kAll}});
  options.require_provenance = true;
  try {
    (void)load_scenario(kMemoryScenario, options);
    FAIL("expected the scenario to be rejected");
  } catch (const InputError& error) {
    const std::string text = formatted(error.diagnostics());
    CHECK_THAT(text, Contains("'voyage' has neither source: nor assumption:") &&
                         Contains("'cn-grain' has neither source: nor assumption:") &&
                         Contains("'feeders' has neither") && Contains("'bg1' has neither") &&
                         Contains("'f1' has neither") && Contains("'un' has neither"));
    CHECK_THAT(text, !Contains("'train' has neither") && !Contains("'ru-grain' has neither"));
  }
}

TEST_CASE("same_network compares the issue 9 fields", "[scenario][issue9]") {
  const Scenario a = load_text(kAll);
  std::string where;
  CHECK(same_network(a, a, &where));
  auto differs = [&](auto change) {
    Scenario b = a;
    change(b);
    CHECK_FALSE(same_network(a, b, &where));
    return where;
  };
  CHECK(differs([](Scenario& b) { b.links[0].capacity_both_ways_t_per_yr = 1; }) == "links.ab");
  CHECK(differs([](Scenario& b) { b.links[0].vehicle.payload_t = 1; }) == "links.ab");
  CHECK(differs([](Scenario& b) { b.transfers[0].capacity_both_ways_t_per_yr = 1; }) == "transfers.bog");
  CHECK(differs([](Scenario& b) { b.demands[0].suppliers[1].price_usd_per_t = 1; }) == "demands.grain-kp");
  CHECK(differs([](Scenario& b) { b.vehicles[0].payload_t = 1; }) == "vehicles.train");
  CHECK(differs([](Scenario& b) { b.fleets[0].count = 1; }) == "fleets.feeders");
  CHECK(differs([](Scenario& b) { b.background[0].reverse = true; }) == "background.bg1");
  CHECK(differs([](Scenario& b) { b.fees[0].fee_usd_per_t = 1; }) == "fees.f1");
  CHECK(differs([](Scenario& b) { b.caps[0].unit = CapUnit::TonnesPerYear; }) == "caps.un");
  CHECK(differs([](Scenario& b) { b.policy.no_transit_of.clear(); }) ==
        "policy.no_transit (entries naming commodities)");
  Scenario b = a;
  b.policy.no_transit.clear();  // plain no_transit is policy a sweep world carries
  b.fleets[0].provenance.edit().assumption = "other";
  CHECK(same_network(a, b));
}
