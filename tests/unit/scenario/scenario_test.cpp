// engine/scenario/scenario and fields: the plain-data model, layers, lookups, the table of
// variable fields and same_network.
#include <catch2/catch.hpp>

#include "input/reader.hpp"
#include "scenario/fields.hpp"
#include "scenario/scenario.hpp"
#include "support.hpp"

using namespace borderflow;

TEST_CASE("modes, layers and statuses print as the scenario format writes them", "[scenario]") {
  CHECK(to_string(Mode::Rail) == "rail");
  CHECK(to_string(Mode::Road) == "road");
  CHECK(to_string(Mode::Sea) == "sea");
  CHECK(to_string(Mode::Pipeline) == "pipeline");
  CHECK(to_string(Layer{Mode::Rail, 1435}) == "rail:1435");
  CHECK(to_string(Layer{Mode::Rail, 1520}) == "rail:1520");
  CHECK(to_string(Layer{Mode::Road, 0}) == "road");
  CHECK(to_string(Status::Open) == "open");
  CHECK(to_string(Status::Closed) == "closed");
  CHECK(to_string(Status::Planned) == "planned");
}

TEST_CASE("parse_layer round-trips every layer and rejects others", "[scenario]") {
  for (const char* text : {"rail:1435", "rail:1520", "road", "sea", "pipeline"}) {
    CAPTURE(text);
    const auto layer = parse_layer(text);
    REQUIRE(layer.has_value());
    CHECK(to_string(*layer) == text);
  }
  for (const char* bad : {"", "rail", "rail:1000", "rail:dual", "Road", "air", "rail:1435 "}) {
    CAPTURE(bad);
    CHECK_FALSE(parse_layer(bad).has_value());
  }
}

TEST_CASE("layers order by mode, then gauge", "[scenario]") {
  CHECK(Layer{Mode::Rail, 1435} < Layer{Mode::Rail, 1520});
  CHECK(Layer{Mode::Rail, 1520} < Layer{Mode::Road, 0});
  CHECK(Layer{Mode::Road, 0} < Layer{Mode::Sea, 0});
  CHECK(Layer{Mode::Sea, 0} < Layer{Mode::Pipeline, 0});
  CHECK(Layer{Mode::Rail, 1520} == Layer{Mode::Rail, 1520});
}

TEST_CASE("find_* look elements up by id and return -1 when absent", "[scenario]") {
  Scenario s;
  s.places.push_back({});
  s.places.back().id = "ru-a";
  s.places.push_back({});
  s.places.back().id = "kp-b";
  s.links.push_back({});
  s.links.back().id = "ab";
  s.transfers.push_back({});
  s.transfers.back().id = "bogie";
  s.crossings.push_back({});
  s.crossings.back().id = "bridge";
  s.commodities.push_back({});
  s.commodities.back().id = "grain";
  CHECK(s.find_place("ru-a") == 0);
  CHECK(s.find_place("kp-b") == 1);
  CHECK(s.find_place("kp-c") == -1);
  CHECK(s.find_link("ab") == 0);
  CHECK(s.find_link("ba") == -1);
  CHECK(s.find_transfer("bogie") == 0);
  CHECK(s.find_transfer("ab") == -1);
  CHECK(s.find_crossing("bridge") == 0);
  CHECK(s.find_commodity("grain") == 0);
  CHECK(s.find_commodity("coal") == -1);
}

TEST_CASE("a link's total cost is its fixed charge plus cost per km times length", "[scenario]") {
  Link link;
  link.cost_usd_per_t = 20;
  link.cost_usd_per_t_km = 0.05;
  link.length_km = 100;
  CHECK(link.total_cost_usd_per_t() == Approx(25));
  CHECK(Link{}.capacity_t_per_yr == kUnlimited);  // capacity omitted = unlimited
  CHECK(Link{}.both_ways);
  CHECK(Link{}.status == Status::Open);
}

TEST_CASE("Provenance is empty without tags and reasoning", "[scenario]") {
  Provenance p;
  CHECK(p.empty());
  p.assumption = "border tariff assumed";
  CHECK_FALSE(p.empty());
  Provenance q;
  q.source_tags = {"TASS-2018-10"};
  CHECK_FALSE(q.empty());
}

// --- scenario/fields: the table of variable fields -------------------------------------------

TEST_CASE("the variable fields table: one row per FieldId, in order, with dimensions", "[scenario][fields]") {
  const auto& fields = variable_fields();
  for (std::size_t i = 0; i < fields.size(); ++i) CHECK(static_cast<std::size_t>(fields[i].id) == i);
  CHECK(variable_sections() == std::vector<std::string>{"links", "transfers", "crossings", "demands", "suppliers",
                                                        "background", "fleets", "fees", "caps", "rates", "policy"});
  CHECK(variable_keys("links") == std::vector<std::string>{"capacity", "cost", "cost_per_km", "status"});
  CHECK(variable_keys("demands") == std::vector<std::string>{"quantity", "unserved_cost"});
  CHECK(variable_field(FieldId::LinkCostPerKm).dimension == Dimension::CostPerTonneKm);
  CHECK(variable_field(FieldId::DemandUnservedCost).dimension == Dimension::CostPerTonne);
  CHECK(variable_field(FieldId::CrossingStatus).kind == FieldKind::Status);
  CHECK(variable_field(FieldId::Transit).kind == FieldKind::Switch);
  CHECK(variable_field(FieldId::FleetCount).dimension == Dimension::Count);
  CHECK(variable_field(FieldId::FleetPayload).dimension == Dimension::Mass);
  CHECK(variable_field(FieldId::CapLimit).dimension == Dimension::FlowRate);
  CHECK(variable_field(FieldId::SupplierPrice).dimension == Dimension::CostPerTonne);
  CHECK(variable_keys("fleets") == std::vector<std::string>{"count", "payload"});
  REQUIRE(find_variable_field("transfers", "capacity"));
  CHECK(find_variable_field("transfers", "capacity")->id == FieldId::TransferCapacity);
  CHECK(find_variable_field("transfers", "cost_per_km") == nullptr);
  CHECK(internal_unit(Dimension::CostPerTonneKm) == "USD/t-km");
}

namespace {

const std::string kFieldsScenario = R"(borderflow: 1
places:
  - {id: ru-a, name: A, country: RU, lat: 43.0, lon: 132.0}
  - {id: kp.b, name: B, country: KP, lat: 42.5, lon: 131.0}
commodities:
  - {id: crude, class: liquid, bbl_per_t: 7.33}
links:
  - id: a.b
    from: ru-a
    to: kp.b
    mode: pipeline
    length: 10 km
    commodities: [crude]
    capacity: {range: [100 bbl/day, 300 bbl/day], distribution: triangular, mode: 150 bbl/day, assumption: guess}
crossings:
  - {id: x, links: [a.b]}
demands:
  - {id: d, commodity: crude, from: ru-a, to: kp.b, quantity: 1 kt/yr, unserved_cost: {range: [10 USD/t, 40 USD/t], distribution: loguniform}}
)";

}  // namespace

TEST_CASE("the loader records ranged fields as typed references with their range", "[scenario][fields]") {
  const Scenario s = bftest::load_text(kFieldsScenario);
  REQUIRE(s.ranges.size() == 2);
  const FieldRange& capacity = s.ranges[0];
  CHECK(capacity.field.id == FieldId::LinkCapacity);
  CHECK(capacity.field.element == 0);
  CHECK(field_path(s, capacity.field) == "links.a.b.capacity");
  CHECK(capacity.range.distribution == Distribution::Triangular);
  CHECK(capacity.range.low == Approx(100 * 365 / 7.33));  // barrels through the link's one commodity
  CHECK(s.links[0].capacity_t_per_yr == Approx(150 * 365 / 7.33));  // the mode is the nominal value
  CHECK(capacity.provenance->assumption == "guess");
  const FieldRange& penalty = s.ranges[1];
  CHECK(field_path(s, penalty.field) == "demands.d.unserved_cost");
  CHECK(s.demands[0].unserved_cost_usd_per_t == Approx(20));  // geometric mean of 10 and 40
  CHECK(unit_context(s, capacity.field).bbl_per_t == 7.33);
  CHECK_FALSE(unit_context(s, FieldRef{FieldId::CrossingCapacity, 0, ""}).bbl_per_t);
}

TEST_CASE("resolve_field: ids with dots, policy switches, and every kind of mistake", "[scenario][fields]") {
  const Scenario s = bftest::load_text(kFieldsScenario);
  DiagnosticSink sink;
  Reader reader(sink);
  auto resolve = [&](const std::string& path) {
    Word word;  // field by field: GCC 12 misreads a nested brace initialiser
    word.text = path;
    word.path = "p";
    return resolve_field(s, word, reader, "the base");
  };
  const auto link = resolve("links.a.b.cost");
  REQUIRE(link);
  CHECK(link->id == FieldId::LinkCost);
  CHECK(link->element == 0);
  const auto transit = resolve("policy.transit.KP");
  REQUIRE(transit);
  CHECK(transit->country == "KP");
  CHECK(field_path(s, *transit) == "policy.transit.KP");
  CHECK(sink.empty());
  for (const char* bad : {"lnks.a.b.cost", "links.a", "links.a.c.cost", "links.a.b.length", "policy.trans.KP",
                          "policy.transit.kp", "policy.transit.CN"}) {
    CAPTURE(bad);
    CHECK_FALSE(resolve(bad));
  }
  std::vector<std::string> messages;
  for (const auto& d : sink.diagnostics()) messages.push_back(d.message);
  CHECK(messages == std::vector<std::string>{
                        "'lnks.a.b.cost': unknown section 'lnks'; did you mean 'links'? (paths look like links.<id>.capacity)",
                        "'links.a': expected links.<id>.<field>",
                        "'links.a.c.cost': no link 'a.c' in the base; did you mean 'a.b'?",
                        "'links.a.b.length': links have no sweepable field 'length'; expected one of: capacity, cost, cost_per_km, status",
                        "'policy.trans.KP': policy parameters are policy.transit.<country>; did you mean 'transit'?",
                        "'kp' is not an ISO 3166-1 alpha-2 country code",
                        "no place of the base lies in 'CN'"});
}

TEST_CASE("has_country and closable_ids answer what policies may name", "[scenario]") {
  const Scenario s = bftest::load_text(kFieldsScenario);
  CHECK(s.has_country("KP"));
  CHECK_FALSE(s.has_country("CN"));
  CHECK(s.closable_ids() == std::vector<std::string>{"a.b", "x"});  // links, transfers, crossings
}

TEST_CASE("same_network ignores names, provenance and policy, and names the first difference", "[scenario]") {
  const Scenario a = bftest::load_text(kFieldsScenario);
  Scenario b = a;
  b.name = "other";
  b.links[0].name = "renamed";
  b.links[0].provenance.edit().assumption = "other";
  b.policy.no_transit = {"RU"};
  std::string where = "unset";
  CHECK(same_network(a, b, &where));
  CHECK(where.empty());
  b.links[0].capacity_t_per_yr *= 2;
  CHECK_FALSE(same_network(a, b, &where));
  CHECK(where == "links.a.b");
  b = a;
  b.demands[0].destinations.places.clear();
  CHECK_FALSE(same_network(a, b, &where));
  CHECK(where == "demands.d");
  b = a;
  b.crossings.clear();
  CHECK_FALSE(same_network(a, b));
  CHECK_FALSE(same_network(a, b, &where));
  CHECK(where == "crossings differ");
}
