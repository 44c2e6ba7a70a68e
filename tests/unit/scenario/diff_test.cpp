// engine/scenario/diff: the inputs that differ between two scenarios, matched by id, each with its
// value in both and the line that wrote it. The bundled pairs are checked against what a reader
// sees in the files themselves.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "scenario/diff.hpp"
#include "support.hpp"

using namespace bftest;

namespace {

Scenario bundled(const std::string& name) {
  LoadOptions options;
  options.field_locations = true;
  return load_scenario(std::string(BORDERFLOW_SOURCE_DIR) + "/scenarios/" + name + ".yaml", options);
}

bool ends_with(const std::string& text, const std::string& tail) {
  return text.size() >= tail.size() && text.compare(text.size() - tail.size(), tail.size(), tail) == 0;
}

/// "section id field: a -> b" per difference, for whole-list comparisons with readable failures.
std::vector<std::string> lines(const std::vector<InputDifference>& differences) {
  std::vector<std::string> out;
  for (const auto& d : differences) {
    const std::string presence = d.in_a && d.in_b ? "" : d.in_a ? " only in a" : " only in b";
    out.push_back(d.section + " " + d.id + (d.field.empty() ? "" : " " + d.field + ": " + d.value_a + " -> " + d.value_b) +
                  presence);
  }
  return out;
}

const InputDifference& find(const std::vector<InputDifference>& differences, const std::string& section,
                            const std::string& id, const std::string& field) {
  for (const auto& d : differences) {
    if (d.section == section && d.id == id && d.field == field) return d;
  }
  FAIL("no difference " + section + " " + id + " " + field);
  return differences.front();
}

}  // namespace

TEST_CASE("diff: bilateral and china-inclusive differ only in China's transit", "[diff]") {
  // The two files differ in name, description and `policy: no_transit:` (line 9 of each, below
  // a description folded over three lines); the name and description are not inputs.
  const auto differences = diff_scenarios(bundled("bilateral"), bundled("china-inclusive"));
  CHECK(lines(differences) == std::vector<std::string>{"policy  no_transit: CN -> none"});
  REQUIRE(differences.size() == 1);
  const InputDifference& d = differences.front();
  CHECK(d.in_a);
  CHECK(d.in_b);
  CHECK(ends_with(d.where_a.file, "scenarios/bilateral.yaml"));
  CHECK(d.where_a.line == 9);
  CHECK(ends_with(d.where_b.file, "scenarios/china-inclusive.yaml"));
  CHECK(d.where_b.line == 9);
}

TEST_CASE("diff: a scenario against itself, or loaded twice, differs in nothing", "[diff]") {
  const Scenario baseline = bundled("baseline-2024");
  CHECK(diff_scenarios(baseline, baseline).empty());
  CHECK(diff_scenarios(baseline, bundled("baseline-2024")).empty());
  CHECK(diff_scenarios(bundled("sanctions-2024"), bundled("sanctions-2024")).empty());
  CHECK(diff_scenarios(bundled("winter-ice"), bundled("winter-ice")).empty());
}

TEST_CASE("diff: the 2026 road bridge opens both its link and its crossing, on the lines that say so", "[diff]") {
  // road-bridge-2026.yaml extends bilateral.yaml, which extends baseline-2024.yaml.
  const auto differences = diff_scenarios(bundled("baseline-2024"), bundled("road-bridge-2026"));
  CHECK(lines(differences) == std::vector<std::string>{
                                  "links khasan-tumangang-road-bridge status: planned -> open",
                                  "crossings ru-kp-tumen-road-bridge status: planned -> open",
                                  "policy  no_transit: none -> CN",
                              });
  const InputDifference& link = find(differences, "links", "khasan-tumangang-road-bridge", "status");
  CHECK(ends_with(link.where_a.file, "config/network.yaml"));  // written where the link is defined
  CHECK(ends_with(link.where_b.file, "scenarios/road-bridge-2026.yaml"));
  CHECK(link.where_b.line == 12);
  CHECK(find(differences, "crossings", "ru-kp-tumen-road-bridge", "status").where_b.line == 15);
  // bilateral.yaml wrote the transit rule; baseline-2024 wrote none.
  const InputDifference& policy = find(differences, "policy", "", "no_transit");
  CHECK(policy.where_a.file.empty());
  CHECK(ends_with(policy.where_b.file, "scenarios/bilateral.yaml"));
}

TEST_CASE("diff: sanctions-2024 adds a cap and a demand with two suppliers, raises the transit fee, bans a commodity's "
          "transit", "[diff]") {
  // baseline-2024.yaml already charges cn-transit at 3 USD/t (its range's mode); sanctions-2024.yaml
  // writes the fee again at 5 USD/t, and zeroes ru-grain-kp for kp-grain.
  const auto differences = diff_scenarios(bundled("baseline-2024"), bundled("sanctions-2024"));
  CHECK(lines(differences) == std::vector<std::string>{
                                  "demands ru-grain-kp quantity: 200 kt/yr -> 0 t/yr",
                                  "demands kp-grain only in b",
                                  "suppliers ru-grain only in b",
                                  "suppliers cn-grain only in b",
                                  "fees cn-transit fee: 3 USD/t -> 5 USD/t",
                                  "caps un-refined-petroleum only in b",
                                  "policy  no_transit: none -> CN (containers)",
                              });
  const InputDifference& cap = find(differences, "caps", "un-refined-petroleum", "");
  CHECK(cap.name == "UNSCR 2397 cap on refined petroleum to the DPRK");
  CHECK(cap.value_a.empty());
  CHECK(cap.where_a.file.empty());
  CHECK(ends_with(cap.where_b.file, "scenarios/sanctions-2024.yaml"));
  CHECK(cap.where_b.line == 22);
  const InputDifference& fee = find(differences, "fees", "cn-transit", "fee");
  CHECK(fee.where_a.line == 193);
  CHECK(fee.where_b.line == 33);
  // The other way round, the same differences with the sides swapped.
  const auto reversed = diff_scenarios(bundled("sanctions-2024"), bundled("baseline-2024"));
  REQUIRE(reversed.size() == differences.size());
  CHECK(lines(reversed).front() == "demands ru-grain-kp quantity: 0 t/yr -> 200 kt/yr");
  CHECK(lines(reversed)[1] == "demands kp-grain only in a");
}

TEST_CASE("diff: every field of every section, with units, matched by id whatever the order", "[diff]") {
  const std::string base = R"(borderflow: 1
places:
  - {id: ru-a, name: A, country: RU, lat: 43.0, lon: 132.0}
  - {id: kp-b, name: B, country: KP, lat: 42.3, lon: 130.5}
  - {id: kp-c, name: C, country: KP, lat: 42.0, lon: 130.0}
commodities:
  - {id: grain, class: bulk}
  - {id: coal, class: bulk}
vehicles:
  - {id: train, mode: rail, payload: 2400 t}
rates:
  - {id: ru-rail, name: Russian rail, cost_per_km: 0.02 USD/t-km}
links:
  - {id: ab, from: ru-a, to: kp-b, mode: rail, gauge: 1520, length: 10 km, capacity: 12 trains/day, rate: ru-rail}
  - {id: bc, from: kp-b, to: kp-c, mode: rail, gauge: 1435, length: 100 km, capacity: 3 Mt/yr, cost_per_km: 0.05 USD/t-km}
transfers:
  - {id: bog, place: kp-b, from: rail:1520, to: rail:1435, method: bogie_exchange, capacity: 1.1 Mt/yr}
crossings:
  - {id: post, links: [ab], capacity: 5 Mt/yr, dwell: 12 h}
demands:
  - {id: d1, commodity: grain, from: [ru-a], to: [kp-c], quantity: 200 kt/yr, unserved_cost: 100 USD/t}
routes:
  - {id: r1, from: [ru-a], to: [kp-c]}
background:
  - {id: bg, crossing: post, direction: RU->KP, load: 0.5 Mt/yr}
)";
  // The same network written in another order, with one change in each section.
  const std::string changed = R"(borderflow: 1
places:
  - {id: kp-c, name: C, country: KP, lat: 42.0, lon: 130.0}
  - {id: kp-b, name: B, country: KP, lat: 42.3, lon: 130.5}
  - {id: ru-a, name: Renamed, country: RU, lat: 43.5, lon: 132.0}
commodities:
  - {id: coal, class: bulk}
  - {id: grain, class: bulk}
vehicles:
  - {id: train, mode: rail, payload: 2400 t}
rates:
  - {id: ru-rail, name: Russian rail, cost_per_km: 0.025 USD/t-km}
links:
  - {id: bc, from: kp-b, to: kp-c, mode: rail, gauge: 1435, length: 100 km, capacity: 3 Mt/yr, cost_per_km: 0.05 USD/t-km, commodities: [coal]}
  - {id: ab, from: ru-a, to: kp-b, mode: rail, gauge: 1520, length: 10 km, capacity: 12 trains/day, payload: 1000 t, rate: ru-rail}
transfers:
  - {id: bog, place: kp-b, from: rail:1520, to: rail:1435, method: bogie_exchange, capacity: 1.1 Mt/yr, status: closed}
crossings:
  - {id: post, links: [ab], capacity: 5 Mt/yr, dwell: 24 h}
demands:
  - {id: d1, commodity: grain, from: [ru-a], to: [kp-b, kp-c], quantity: 200 kt/yr, unserved_cost: 100 USD/t}
routes:
  - {id: r1, from: [ru-a], to: [kp-c], links: [ab, bc]}
background:
  - {id: bg, crossing: post, direction: RU->KP, load: 0.7 Mt/yr}
policy:
  closed: [bc]
)";
  const auto load = [](const std::string& text) { return load_text(text); };
  const auto differences = diff_scenarios(load(base), load(changed));
  CHECK(lines(differences) == std::vector<std::string>{
                                  "places ru-a lat: 43 -> 43.5",
                                  "rates ru-rail cost_per_km: 0.02 USD/t-km -> 0.025 USD/t-km",
                                  "links ab capacity: 10.512 Mt/yr (12 trains/day of 2400 t) -> "
                                  "4.38 Mt/yr (12 trains/day of 1000 t)",
                                  "links bc commodities: all -> coal",
                                  "transfers bog status: open -> closed",
                                  "crossings post dwell: 12 h -> 24 h",
                                  "demands d1 to: kp-c -> kp-b, kp-c",
                                  "routes r1 links: any -> ab, bc",
                                  "background bg load: 500 kt/yr -> 700 kt/yr",
                                  "policy  closed: none -> bc",
                              });
  // Renaming ru-a is no input difference; the link's capacity points at the line with the payload.
  const InputDifference& capacity = find(differences, "links", "ab", "capacity");
  CHECK(capacity.where_b.line == 15);
  CHECK(capacity.name == "ab");
  // A field written nowhere (commodities of bc in a) points at the element.
  const InputDifference& commodities = find(differences, "links", "bc", "commodities");
  CHECK(commodities.where_a.line == 15);
  CHECK(commodities.where_b.line == 14);
}

TEST_CASE("diff: time scenarios differ in their horizon and the elements' availability", "[diff]") {
  const auto differences = diff_scenarios(bundled("bilateral"), bundled("tumen-road-bridge-ramp"));
  const auto text = lines(differences);
  CHECK(text == std::vector<std::string>{
                    "time  start:  -> 2026-01-01",
                    "time  periods:  -> 24",
                    "time  period:  -> month",
                    "links khasan-tumangang-road-bridge opens:  -> 2026-07-01",
                    "crossings ru-kp-tumen-road-bridge opens:  -> 2026-07-01",
                    "crossings ru-kp-tumen-road-bridge ramp:  -> 12 months from x0.2",
                    "demands ru-goods-kp only in b",
                });
}

TEST_CASE("diff: vehicles, commodities, suppliers, fleets, fees and caps", "[diff]") {
  const std::string before = R"(borderflow: 1
places:
  - {id: ru-a, name: A, country: RU, lat: 43.0, lon: 132.0}
  - {id: ru-v, name: V, country: RU, lat: 43.1, lon: 131.9}
  - {id: kp-b, name: B, country: KP, lat: 42.3, lon: 130.5}
commodities:
  - {id: grain, class: bulk}
  - {id: refined, class: liquid, bbl_per_t: 7.5}
vehicles:
  - {id: voyage, name: Voyage, mode: sea, payload: 3 kt}
links:
  - {id: ab, from: ru-a, to: kp-b, mode: rail, gauge: 1520, length: 10 km}
  - {id: vb, from: ru-v, to: kp-b, mode: sea, length: 200 km}
crossings:
  - {id: post, links: [ab]}
  - {id: port, links: [vb]}
demands:
  - id: grain-kp
    commodity: grain
    to: [kp-b]
    quantity: 1 Mt/yr
    unserved_cost: 600 USD/t
    suppliers:
      - {id: ru-grain, from: [ru-a], price: 240 USD/t}
      - {id: ru-sea-grain, from: [ru-v], price: 250 USD/t}
fleets:
  - {id: feeders, vehicle: voyage, count: 4, serves: [vb], turnaround: 48 h}
fees:
  - {id: post-fee, crossing: post, fee: 2 USD/t}
caps:
  - {id: oil-cap, limit: 500000 bbl/yr, commodities: [refined]}
)";
  // A bigger ship (so the fleet's payload too), more ships, a dearer supplier, one supplier
  // dropped, a higher fee, a tighter cap, another barrel factor.
  const std::string after = R"(borderflow: 1
places:
  - {id: ru-a, name: A, country: RU, lat: 43.0, lon: 132.0}
  - {id: ru-v, name: V, country: RU, lat: 43.1, lon: 131.9}
  - {id: kp-b, name: B, country: KP, lat: 42.3, lon: 130.5}
commodities:
  - {id: grain, class: bulk}
  - {id: refined, class: liquid, bbl_per_t: 8}
vehicles:
  - {id: voyage, name: Voyage, mode: sea, payload: 5 kt}
links:
  - {id: ab, from: ru-a, to: kp-b, mode: rail, gauge: 1520, length: 10 km}
  - {id: vb, from: ru-v, to: kp-b, mode: sea, length: 200 km}
crossings:
  - {id: post, links: [ab]}
  - {id: port, links: [vb]}
demands:
  - id: grain-kp
    commodity: grain
    to: [kp-b]
    quantity: 1 Mt/yr
    unserved_cost: 600 USD/t
    suppliers:
      - {id: ru-grain, from: [ru-a], price: 260 USD/t}
fleets:
  - {id: feeders, vehicle: voyage, count: 6, serves: [vb], turnaround: 48 h}
fees:
  - {id: post-fee, crossing: post, fee: 4 USD/t}
caps:
  - {id: oil-cap, limit: 400000 bbl/yr, commodities: [refined]}
)";
  const auto differences = diff_scenarios(load_text(before), load_text(after));
  CHECK(lines(differences) == std::vector<std::string>{
                                  "commodities refined bbl_per_t: 7.5 -> 8",
                                  "vehicles voyage payload: 3000 t -> 5000 t",
                                  "demands grain-kp suppliers: ru-grain, ru-sea-grain -> ru-grain",
                                  "suppliers ru-grain price: 240 USD/t -> 260 USD/t",
                                  "suppliers ru-sea-grain only in a",
                                  "fleets feeders count: 4 -> 6",
                                  "fleets feeders payload: 3000 t -> 5000 t",
                                  "fees post-fee fee: 2 USD/t -> 4 USD/t",
                                  "caps oil-cap limit: 500000 bbl/yr -> 400000 bbl/yr",
                              });
  // A supplier is placed by its own line; a field that was not written (the fleet's payload,
  // its vehicle's) by its element's.
  CHECK(find(differences, "suppliers", "ru-sea-grain", "").where_a.line == 25);
  CHECK(find(differences, "suppliers", "ru-sea-grain", "").where_b.file.empty());
  CHECK(find(differences, "fleets", "feeders", "payload").where_b.line == 26);
}

TEST_CASE("where each field was written is recorded only when asked", "[scenario][diff]") {
  const std::string file = std::string(BORDERFLOW_SOURCE_DIR) + "/scenarios/road-bridge-2026.yaml";
  const Scenario plain = load_scenario(file);
  CHECK_FALSE(plain.field_locations);
  CHECK(where_written(plain, "links", "khasan-tumangang-road-bridge", "status").file.empty());
  LoadOptions options;
  options.field_locations = true;
  const Scenario recorded = load_scenario(file, options);
  REQUIRE(recorded.field_locations);
  const SourceLocation at = where_written(recorded, "links", "khasan-tumangang-road-bridge", "status");
  CHECK(at.file == file);
  CHECK(at.line == 12);
}
