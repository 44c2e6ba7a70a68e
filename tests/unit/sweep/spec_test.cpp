// engine/sweep/spec: sweep specs are untrusted input, validated as strictly as scenarios, with
// FILE:LINE:COLUMN errors, did-you-mean hints, and the variant cap checked before expansion.
#include <catch2/catch.hpp>

#include "sweep_support.hpp"

using namespace bftest;
using Catch::Matchers::Contains;

namespace {

const std::string kLhs = "design: {type: latin_hypercube, variants: 100}\n";

/// Counts the reads that reach it, per path.
class CountingSource final : public InputSource {
 public:
  explicit CountingSource(std::shared_ptr<const InputSource> inner) : inner_(std::move(inner)) {}
  std::string read(const std::string& path, const Limits& limits) const override {
    ++reads[path];
    return inner_->read(path, limits);
  }
  mutable std::map<std::string, int> reads;

 private:
  std::shared_ptr<const InputSource> inner_;
};

}  // namespace

TEST_CASE("sweep spec: a valid spec resolves paths, units, worlds and outputs", "[sweep][spec]") {
  const SweepSpec spec = spec_from(spec_head("7") + kLhs +
                                   "parameters:\n"
                                   "  - {path: links.ru-kp-bridge-rail.capacity, range: [1 Mt/yr, 5 Mt/yr]}\n"
                                   "  - {path: transfers.cn-gauge.cost, range: [3 USD/t, 12 USD/t], distribution: triangular, mode: 5 USD/t}\n"
                                   "  - {path: policy.transit.CN, values: [0, 1]}\n"
                                   "  - {path: crossings.cn-kp.status, values: [open, closed]}\n"
                                   "outputs: {route_capacity: [bilateral], unserved: all}\n");
  REQUIRE(spec.parameters.size() == 4);
  CHECK(spec.seed == 7);
  CHECK(spec.variant_count == 100);
  CHECK(spec.max_variants == 10000);  // the default cap
  CHECK(spec.parameters[0].target == ParameterTarget::LinkCapacity);
  CHECK(spec.parameters[0].low == 1e6);
  CHECK(spec.parameters[0].high == 5e6);
  CHECK(spec.parameters[0].unit == "t/yr");
  CHECK(spec.parameters[1].distribution == Distribution::Triangular);
  CHECK(spec.parameters[1].mode == 5);
  CHECK(spec.parameters[2].target == ParameterTarget::Transit);
  CHECK(spec.parameters[2].country == "CN");
  CHECK(spec.parameters[3].text);
  REQUIRE(spec.worlds.size() == 1);
  CHECK(spec.worlds[0].name == "base");
  CHECK(spec.outputs.route_capacity.elements == std::vector<int>{1});
  CHECK(spec.outputs.unserved.all);
  CHECK_FALSE(spec.outputs.total_cost);
  CHECK(spec.hash.size() == 16);
  CHECK(spec.block_size >= 8);
}

TEST_CASE("sweep spec: the hash follows the spec text and the scenario files", "[sweep][spec]") {
  const std::string body = kLhs + "parameters:\n  - {path: links.ru-kp-bridge-rail.capacity, range: [1 Mt/yr, 5 Mt/yr]}\n";
  CHECK(spec_from(spec_head("1") + body).hash == spec_from(spec_head("1") + body).hash);
  CHECK(spec_from(spec_head("1") + body).hash != spec_from(spec_head("2") + body).hash);
  // The same spec over a base scenario with one more byte hashes differently.
  auto source = memory_spec_source(spec_head("1") + body);
  const std::string base = kMemoryRoot + "/sweep/transit.yaml";
  source->add(base, source->read(base, {}) + "\n");
  SweepLoadOptions options;
  options.source = source;
  CHECK(load_sweep_spec(memory_spec_path(), options).hash != spec_from(spec_head("1") + body).hash);
}

TEST_CASE("sweep spec: every file is read once, through the given source, also for the hash", "[sweep][spec]") {
  const std::string yaml = spec_head() + kLhs + "parameters:\n  - {path: links.ru-kp-bridge-rail.capacity, range: [1 Mt/yr, 5 Mt/yr]}\n" +
                           "worlds:\n  - {name: base, scenario: transit.yaml}\n  - {name: open, policy: {no_transit: []}}\n";
  auto counting = std::make_shared<CountingSource>(memory_spec_source(yaml));
  SweepLoadOptions options;
  options.source = counting;
  const SweepSpec spec = load_sweep_spec(memory_spec_path(), options);
  CHECK(spec.worlds.size() == 2);
  CHECK(spec.base_file == kMemoryRoot + "/sweep/transit.yaml");
  // The spec, and transit.yaml although it is loaded twice (base and world) and hashed.
  CHECK(counting->reads == std::map<std::string, int>{{memory_spec_path(), 1}, {kMemoryRoot + "/sweep/transit.yaml", 1}});
}

TEST_CASE("sweep spec: unknown keys are errors with did-you-mean and positions", "[sweep][spec]") {
  const auto errors = spec_errors(spec_head() + kLhs + "paramters:\n  - {path: links.ru-kp-bridge-rail.capacity, range: [1 Mt/yr, 2 Mt/yr]}\n");
  const std::string text = formatted(errors);
  CHECK_THAT(text, Contains("in-memory.yaml:5:1: error: unknown key 'paramters' in the sweep spec; did you mean 'parameters'?"));
  // The misspelt key is reported once, not again as a missing 'parameters'.
  CHECK_THAT(text, !Contains("missing required 'parameters'"));
}

TEST_CASE("sweep spec: parameter paths name sections, ids and fields of the base", "[sweep][spec]") {
  const std::string text = formatted(spec_errors(spec_head() + kLhs +
                                                 "parameters:\n"
                                                 "  - {path: lnks.ru-kp-bridge-rail.capacity, range: [1 Mt/yr, 2 Mt/yr]}\n"
                                                 "  - {path: links.ru-kp-brige-rail.capacity, range: [1 Mt/yr, 2 Mt/yr]}\n"
                                                 "  - {path: links.ru-kp-bridge-rail.capasity, range: [1 Mt/yr, 2 Mt/yr]}\n"
                                                 "  - {path: policy.transit.XX, values: [0, 1]}\n"));
  CHECK_THAT(text, Contains("in-memory.yaml:6:12: error: 'lnks.ru-kp-bridge-rail.capacity': unknown section 'lnks'; did you mean 'links'?"));
  CHECK_THAT(text, Contains("no link 'ru-kp-brige-rail' in the base scenario; did you mean 'ru-kp-bridge-rail'?"));
  CHECK_THAT(text, Contains("links have no sweepable field 'capasity'; did you mean 'capacity'?"));
  CHECK_THAT(text, Contains("no place of the base scenario lies in 'XX'"));
}

TEST_CASE("sweep spec: ranges and values are checked", "[sweep][spec]") {
  const std::string text = formatted(spec_errors(spec_head() + kLhs +
                                                 "parameters:\n"
                                                 "  - {path: links.ru-kp-bridge-rail.capacity, range: [1, 2]}\n"
                                                 "  - {path: links.ru-cn-rail.capacity, range: [5 Mt/yr, 2 Mt/yr]}\n"
                                                 "  - {path: links.cn-kp-rail.cost, range: [1 USD/t, 2 USD/t], values: [1 USD/t]}\n"
                                                 "  - {path: policy.transit.CN, range: [0 t/yr, 1 t/yr]}\n"
                                                 "  - {path: crossings.cn-kp.status, values: [open, shut]}\n"
                                                 "  - {path: transfers.cn-gauge.cost, range: [0 USD/t, 2 USD/t], distribution: loguniform}\n"
                                                 "  - {path: transfers.kp-bogie.cost, range: [1 USD/t, 2 USD/t], mode: 1 USD/t}\n"
                                                 "  - {path: demands.ru-grain.quantity, range: [1 Mt/yr, 0x10 Mt/yr]}\n"));
  CHECK_THAT(text, Contains("missing unit: write the number with one of t/yr"));
  CHECK_THAT(text, Contains("range: LOW is above HIGH"));
  CHECK_THAT(text, Contains("give either 'range' or 'values', not both"));
  CHECK_THAT(text, Contains("'policy.transit.CN' is a switch; give values: [0, 1]"));
  CHECK_THAT(text, Contains("'shut' is not a status; use open or closed"));
  CHECK_THAT(text, Contains("a loguniform range needs LOW above zero"));
  CHECK_THAT(text, Contains("'mode' applies to a range") || Contains("'mode' applies to distribution: triangular"));
  CHECK_THAT(text, Contains("'0x10' is not a plain decimal number"));
}

TEST_CASE("sweep spec: max_variants is checked on the count, before anything is expanded", "[sweep][spec]") {
  SECTION("the default cap") {
    const std::string text = formatted(spec_errors(spec_head() +
                                                   "design: {type: grid}\n"
                                                   "parameters:\n"
                                                   "  - {path: links.ru-kp-bridge-rail.capacity, range: [1 Mt/yr, 5 Mt/yr], levels: 200}\n"
                                                   "  - {path: transfers.cn-gauge.cost, range: [3 USD/t, 12 USD/t], levels: 200}\n"));
    CHECK_THAT(text, Contains("in-memory.yaml:4:9: error: the design expands to 40,000 variants, more than max_variants (10,000)"));
  }
  SECTION("a count past 2^64 is caught, not wrapped") {
    std::string yaml = spec_head() + "max_variants: 1000000000\ndesign: {type: grid}\nparameters:\n";
    const char* paths[] = {"links.ru-a-border.capacity", "links.ru-kp-bridge-rail.capacity", "links.kp-border-city.capacity",
                           "links.ru-cn-rail.capacity", "links.cn-north-south.capacity", "links.cn-kp-rail.capacity",
                           "transfers.kp-bogie.capacity", "transfers.cn-gauge.capacity"};
    for (const char* p : paths) yaml += std::string("  - {path: ") + p + ", range: [1 Mt/yr, 5 Mt/yr], levels: 100000}\n";
    CHECK_THAT(formatted(spec_errors(yaml)), Contains("the design expands to more than 2^64 variants"));
  }
  SECTION("max_variants itself has a ceiling") {
    CHECK_THAT(formatted(spec_errors(spec_head() + "max_variants: 99999999999\n" + kLhs +
                                     "parameters:\n  - {path: links.ru-kp-bridge-rail.capacity, range: [1 Mt/yr, 5 Mt/yr]}\n")),
               Contains("'99999999999' is out of range [1, 1000000000]"));
  }
  SECTION("a Sobol design counts its A, B and mixed points") {
    const SweepSpec spec = spec_from(spec_head() + "design: {type: sobol, base_points: 10}\nparameters:\n"
                                     "  - {path: links.ru-kp-bridge-rail.capacity, range: [1 Mt/yr, 5 Mt/yr]}\n"
                                     "  - {path: transfers.cn-gauge.cost, range: [3 USD/t, 12 USD/t]}\n");
    CHECK(spec.variant_count == 10 * (2 + 2));
  }
}

TEST_CASE("sweep spec: designs check what they need", "[sweep][spec]") {
  CHECK_THAT(formatted(spec_errors(spec_head() + "design: {type: latin_hypercube}\nparameters:\n"
                                   "  - {path: links.ru-kp-bridge-rail.capacity, range: [1 Mt/yr, 5 Mt/yr]}\n")),
             Contains("a latin_hypercube design needs 'variants'"));
  CHECK_THAT(formatted(spec_errors(spec_head() + "design: {type: latin-hypercube, variants: 3}\nparameters:\n"
                                   "  - {path: links.ru-kp-bridge-rail.capacity, range: [1 Mt/yr, 5 Mt/yr]}\n")),
             Contains("'latin-hypercube' is not a design type; did you mean 'latin_hypercube'?"));
  CHECK_THAT(formatted(spec_errors(spec_head() + "design: {type: zip}\nparameters:\n"
                                   "  - {path: links.ru-kp-bridge-rail.capacity, values: [1 Mt/yr, 2 Mt/yr]}\n"
                                   "  - {path: crossings.cn-kp.status, values: [open]}\n")),
             Contains("lists must be equally long"));
  CHECK_THAT(formatted(spec_errors(spec_head() + "design: {type: morris, trajectories: 4, levels: 5}\nparameters:\n"
                                   "  - {path: links.ru-kp-bridge-rail.capacity, range: [1 Mt/yr, 5 Mt/yr]}\n")),
             Contains("Morris levels must be even"));
}

TEST_CASE("sweep spec: worlds differ only in policy", "[sweep][spec]") {
  const std::string params = kLhs + "parameters:\n  - {path: links.ru-kp-bridge-rail.capacity, range: [1 Mt/yr, 5 Mt/yr]}\n";
  SECTION("policy worlds") {
    const SweepSpec spec = spec_from(spec_head() + params +
                                     "worlds:\n  - {name: bilateral, policy: {no_transit: [CN]}}\n"
                                     "  - {name: china-inclusive, policy: {no_transit: []}}\n");
    REQUIRE(spec.worlds.size() == 2);
    CHECK(spec.worlds[0].no_transit == std::vector<std::string>{"CN"});
    CHECK(spec.worlds[1].no_transit.empty());
  }
  SECTION("a switch on what tells the worlds apart is refused") {
    CHECK_THAT(formatted(spec_errors(spec_head() + kLhs +
                                     "parameters:\n  - {path: policy.transit.CN, values: [0, 1]}\n"
                                     "worlds:\n  - {name: bilateral, policy: {no_transit: [CN]}}\n"
                                     "  - {name: open, policy: {no_transit: []}}\n")),
               Contains("is what distinguishes worlds 'bilateral' and 'open'"));
  }
  SECTION("names are unique and closures name elements") {
    const std::string text = formatted(spec_errors(spec_head() + params +
                                                   "worlds:\n  - {name: a, policy: {closed: [cn-kp-rial]}}\n  - {name: a}\n"));
    CHECK_THAT(text, Contains("'cn-kp-rial' is not a link, transfer or crossing of the base scenario; did you mean 'cn-kp-rail'?"));
    CHECK_THAT(text, Contains("world 'a' is named twice"));
  }
  SECTION("a world scenario that changes more than policy is refused") {
    CHECK_THAT(formatted(spec_errors(spec_head() + params + "worlds:\n  - {name: other, scenario: ../networks/gauge_break.yaml}\n")),
               Contains("worlds may differ from the base only in policy"));
  }
}

TEST_CASE("sweep spec: outputs name elements of the base", "[sweep][spec]") {
  const std::string text = formatted(spec_errors(spec_head() + kLhs +
                                                 "parameters:\n  - {path: links.ru-kp-bridge-rail.capacity, range: [1 Mt/yr, 5 Mt/yr]}\n"
                                                 "outputs: {route_capacity: [bilaterl], crossing_flow: [ru-kp-brige], totl_cost: true}\n"));
  CHECK_THAT(text, Contains("no route 'bilaterl' in the base scenario; did you mean 'bilateral'?"));
  CHECK_THAT(text, Contains("no crossing 'ru-kp-brige' in the base scenario; did you mean 'ru-kp-bridge'?"));
  CHECK_THAT(text, Contains("unknown key 'totl_cost' in outputs; did you mean 'total_cost'?"));
}

TEST_CASE("sweep spec: the YAML guard applies to specs too", "[sweep][spec]") {
  CHECK_THAT(formatted(spec_errors(spec_head() + "design: &d {type: grid}\n")), Contains("anchors (&name) are not allowed"));
  CHECK_THAT(formatted(spec_errors(spec_head() + "seed: 2\n")), Contains("duplicate key 'seed'"));
  CHECK_THAT(formatted(spec_errors("borderflow-sweep: 2\nbase: transit.yaml\n")), Contains("unsupported sweep format version"));
  CHECK_THAT(formatted(spec_errors("borderflow-sweep: 1\nbase: /etc/passwd\nseed: 1\n")), Contains("path must be relative"));
  CHECK_THAT(formatted(spec_errors("borderflow-sweep: 1\nbase: ../../../outside.yaml\nseed: 1\n")), Contains("leaves the spec's tree"));
}

TEST_CASE("sweep spec: ranges written on scenario fields become parameters", "[sweep][spec]") {
  const SweepSpec spec = spec_from(spec_head() + kLhs + "scenario_ranges: all\n");
  REQUIRE(spec.parameters.size() == 1);
  CHECK(spec.parameters[0].path == "transfers.kp-bogie.capacity");
  CHECK(spec.parameters[0].origin == "scenario");
  CHECK(spec.parameters[0].low == 0.5e6);
  CHECK(spec.parameters[0].high == 2.5e6);
  // The scenario itself takes the range's value: for a plain run.
  CHECK(spec.base->transfers[static_cast<std::size_t>(spec.base->find_transfer("kp-bogie"))].capacity_t_per_yr == 1.5e6);
  // A parameter of the spec on the same path wins.
  const SweepSpec own = spec_from(spec_head() + kLhs +
                                  "parameters:\n  - {path: transfers.kp-bogie.capacity, range: [1 Mt/yr, 2 Mt/yr]}\n"
                                  "scenario_ranges: all\n");
  REQUIRE(own.parameters.size() == 1);
  CHECK(own.parameters[0].origin == "spec");
  CHECK_THAT(formatted(spec_errors(spec_head() + kLhs + "scenario_ranges: [transfers.kp-bogie.capasity]\n")),
             Contains("the base scenario writes no range on 'transfers.kp-bogie.capasity'; did you mean 'transfers.kp-bogie.capacity'?"));
}
