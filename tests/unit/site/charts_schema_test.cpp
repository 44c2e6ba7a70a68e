// Writes every chart of the bundled comparison, a time scenario and two test sweeps to the folder
// named by BORDERFLOW_CHARTS_DIR, for the ctest `charts_vega_lite_schema` (tests/CMakeLists.txt),
// which validates them against the Vega-Lite schema with tests/charts/check_vega_lite.py. Hidden
// ("[.]"): it checks nothing by itself and runs only when that test asks for it.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>
#include <memory>

#include "report/charts.hpp"
#include "scenario/loader.hpp"
#include "site/sweep_charts.hpp"
#include "sweep/store.hpp"
#include "sweep_support.hpp"

using namespace bftest;

namespace {

SolvedScenario solve_bundled(const std::string& name) {
  const std::string file = std::string(BORDERFLOW_SOURCE_DIR) + "/scenarios/" + name;
  return solve_scenario(std::make_shared<const Scenario>(load_scenario(file)), name);
}

std::string make_store(const TempDir& dir, const std::string& spec) {
  const SweepModel model(load_test_spec(spec));
  const std::string path = dir.file(spec + ".sqlite");
  auto store = SweepStore::create(path, model, "1/1", "test");
  run_blocks(model, shard_blocks(model.block_count(), 1, 1), 2, [&](SweepBlock& block) { store->write_block(block); });
  return path;
}

}  // namespace

TEST_CASE("charts: write the specs of the bundled scenarios and two sweeps", "[.][charts-dump]") {
  const char* folder = std::getenv("BORDERFLOW_CHARTS_DIR");
  REQUIRE(folder);
  const SolvedScenario bilateral = solve_bundled("bilateral.yaml");
  const SolvedScenario inclusive = solve_bundled("china-inclusive.yaml");
  const SolvedScenario monthly = solve_bundled("covid-closure-monthly.yaml");
  std::vector<Chart> charts = scenario_charts({&bilateral, &inclusive, &monthly});
  TempDir dir("charts-schema");
  for (const char* spec : {"transit-lhs.yaml", "time-disrupted.yaml"}) {
    for (auto& chart : sweep_section(make_store(dir, spec)).charts) charts.push_back(std::move(chart));
  }
  for (const auto& chart : charts) {
    std::ofstream out(std::string(folder) + "/" + chart.id + ".json");
    out << chart.spec.dump(1) << "\n";
    REQUIRE(out.good());
  }
}
