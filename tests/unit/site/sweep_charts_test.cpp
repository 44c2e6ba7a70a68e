// engine/site/sweep_charts: a sweep store as charts. The figures drawn must be the summary's
// (sweep/summary.hpp): P10-P50-P90 per output and world, win shares per matched pair, and the
// ranked sensitivities; a time-horizon sweep draws its periods; a file that is no store is refused.
#include <catch2/catch.hpp>

#include <fstream>
#include <map>
#include <regex>
#include <set>

#include "site/sweep_charts.hpp"
#include "sweep/store.hpp"
#include "sweep/summary.hpp"
#include "sweep_support.hpp"

using namespace bftest;
using nlohmann::json;

namespace {

std::string make_store(const TempDir& dir, const std::string& spec) {
  const SweepModel model(load_test_spec(spec));
  const std::string path = dir.file(spec + ".sqlite");
  auto store = SweepStore::create(path, model, "1/1", "test");
  run_blocks(model, shard_blocks(model.block_count(), 1, 1), 2, [&](SweepBlock& block) { store->write_block(block); });
  return path;
}

const Chart* find_chart(const SweepSection& section, const std::string& id) {
  for (const auto& c : section.charts) {
    if (c.id == id) return &c;
  }
  return nullptr;
}

void check_well_formed(const SweepSection& section) {
  std::set<std::string> ids;
  for (const auto& c : section.charts) {
    INFO("chart " << c.id);
    CHECK(std::regex_match(c.id, std::regex("[a-z0-9-]+")));
    CHECK(ids.insert(c.id).second);
    CHECK_FALSE(c.caption.empty());
    CHECK(json::parse(c.spec.dump()) == c.spec);
    CHECK(c.spec.at("$schema") == "https://vega.github.io/schema/vega-lite/v6.json");
    CHECK(c.spec.at("width") == "container");
    CHECK_FALSE(c.spec.at("data").at("values").empty());
  }
}

}  // namespace

TEST_CASE("sweep charts: distributions, win shares and sensitivities are the summary's", "[charts][sweep]") {
  TempDir dir("sweep-charts");
  const std::string path = make_store(dir, "transit-lhs.yaml");
  const SweepSection section = sweep_section(path);
  check_well_formed(section);
  CHECK(section.sweep == "test-transit-lhs");
  CHECK(section.file == path);
  CHECK(section.variants == 400);
  CHECK(section.worlds == std::vector<std::string>{"bilateral", "china-inclusive"});

  // P10, P50, P90 of every drawn capacity equal store_bands' (t/yr drawn as Mt/yr).
  const Chart* capacities = find_chart(section, "sweep-test-transit-lhs-distribution-mt-yr");
  REQUIRE(capacities);
  std::map<std::pair<std::string, std::string>, OutputBand> bands;
  for (const auto& b : store_bands(path).bands) bands[{b.output, b.world}] = b;
  std::size_t checked = 0;
  for (const auto& v : capacities->spec.at("data").at("values")) {
    const OutputBand& b = bands.at({v.at("output").get<std::string>(), v.at("world").get<std::string>()});
    CHECK(v.at("p10").get<double>() == Approx(b.p10 / 1e6).margin(1e-4));
    CHECK(v.at("p50").get<double>() == Approx(b.p50 / 1e6).margin(1e-4));
    CHECK(v.at("p90").get<double>() == Approx(b.p90 / 1e6).margin(1e-4));
    ++checked;
  }
  CHECK(checked > 0);

  // The histograms count every successful variant once per output and world.
  const Chart* histogram = find_chart(section, "sweep-test-transit-lhs-histogram");
  REQUIRE(histogram);
  std::map<std::pair<std::string, std::string>, std::uint64_t> counted;
  for (const auto& v : histogram->spec.at("data").at("values")) {
    counted[{v.at("output"), v.at("world")}] += v.at("variants").get<std::uint64_t>();
    CHECK(v.at("from").get<double>() < v.at("to").get<double>());
  }
  REQUIRE_FALSE(counted.empty());
  for (const auto& [key, n] : counted) {
    INFO(key.first << " " << key.second);
    CHECK(n == bands.at(key).n);
  }

  // China adds a second way in: china-inclusive carries more on capacity.ru-kp in every variant
  // (tests/unit/sweep/summary_test.cpp), so its bar is 100 % "better", and every output's
  // shares add up to 100 %.
  const Chart* wins = find_chart(section, "sweep-test-transit-lhs-wins-china-inclusive");
  REQUIRE(wins);
  std::map<std::string, double> total;
  bool ru_kp = false;
  for (const auto& v : wins->spec.at("data").at("values")) {
    total[v.at("output")] += v.at("share_pct").get<double>();
    if (v.at("output") == "capacity.ru-kp" && v.at("outcome") == "china-inclusive better") {
      ru_kp = true;
      CHECK(v.at("share_pct").get<double>() == 100);
      CHECK(v.at("variants") == 400);
    }
  }
  CHECK(ru_kp);
  for (const auto& [output, sum] : total) {
    INFO(output);
    CHECK(sum == Approx(100).margin(0.02));
  }

  // The tornado ranks the bogie exchange first for the bilateral capacity, with the summary's SRC.
  const Chart* tornado = find_chart(section, "sweep-test-transit-lhs-sensitivity");
  REQUIRE(tornado);
  CHECK(tornado->caption.find("standardised regression coefficient SRC") != std::string::npos);
  const Summary summary = summarize_store(path);
  bool bogie = false;
  for (const auto& v : tornado->spec.at("data").at("values")) {
    if (v.at("output") != "capacity.bilateral" || v.at("world") != "bilateral" || v.at("rank") != 1) continue;
    bogie = true;
    CHECK(v.at("parameter") == "transfers.kp-bogie.capacity");
    const std::string line = "capacity.bilateral,bilateral,transfers.kp-bogie.capacity,1,";
    const auto at = summary.sensitivity_csv.find(line);
    REQUIRE(at != std::string::npos);
    const double src = std::stod(summary.sensitivity_csv.substr(at + line.size()));
    CHECK(v.at("value").get<double>() == Approx(src).margin(1e-4));
  }
  CHECK(bogie);
  // The same store gives the same bytes.
  const SweepSection again = sweep_section(path);
  REQUIRE(again.charts.size() == section.charts.size());
  for (std::size_t i = 0; i < again.charts.size(); ++i) CHECK(again.charts[i].spec.dump() == section.charts[i].spec.dump());
}

TEST_CASE("sweep charts: a time-horizon sweep draws its periods; one world has no win shares", "[charts][sweep]") {
  TempDir dir("sweep-charts-time");
  const SweepSection section = sweep_section(make_store(dir, "time-disrupted.yaml"));
  check_well_formed(section);
  REQUIRE(section.worlds.size() == 1);
  const Chart* over_time = find_chart(section, "sweep-time-disrupted-over-time-" + section.worlds.front());
  REQUIRE(over_time);
  std::set<std::string> metrics, periods;
  for (const auto& v : over_time->spec.at("data").at("values")) {
    metrics.insert(v.at("metric"));
    periods.insert(v.at("period"));
  }
  CHECK(metrics == std::set<std::string>{"backlog", "delivered", "unserved"});
  CHECK(periods.size() == 12);  // twelve weeks
  for (const auto& c : section.charts) {
    CHECK(c.id.find("-wins-") == std::string::npos);
    // Per-period columns are drawn over time, not as outputs of their own.
    if (c.id.find("-distribution-") != std::string::npos) {
      for (const auto& v : c.spec.at("data").at("values")) CHECK(v.at("output").get<std::string>().rfind("delivered.", 0) != 0);
    }
  }
}

TEST_CASE("sweep charts: a file that is not a store is refused", "[charts][sweep]") {
  TempDir dir("sweep-charts-bad");
  const std::string path = dir.file("not-a-store.sqlite");
  std::ofstream(path) << "not a database";
  CHECK_THROWS_AS(sweep_section(path), StoreInputError);
  CHECK_THROWS_AS(sweep_section(dir.file("missing.sqlite")), StoreInputError);
}
