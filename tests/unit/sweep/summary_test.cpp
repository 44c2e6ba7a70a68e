// engine/sweep/summary: statistics, matched-pair win shares and sensitivities. The estimators are
// checked on stores whose output is a known function of the inputs.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <sstream>

#include "sweep/store.hpp"
#include "sweep/summary.hpp"
#include "sweep_support.hpp"

using namespace bftest;
using Catch::Matchers::Contains;

namespace {

namespace fs = std::filesystem;

/// Rows of a CSV as maps from header to cell.
std::vector<std::map<std::string, std::string>> parse_csv(const std::string& text) {
  std::vector<std::map<std::string, std::string>> rows;
  std::istringstream in(text);
  std::string line;
  std::vector<std::string> header;
  while (std::getline(in, line)) {
    std::vector<std::string> cells;
    std::stringstream ss(line);
    for (std::string cell; std::getline(ss, cell, ',');) cells.push_back(cell);
    if (header.empty()) {
      header = cells;
      continue;
    }
    std::map<std::string, std::string> row;
    for (std::size_t i = 0; i < header.size() && i < cells.size(); ++i) row[header[i]] = cells[i];
    rows.push_back(std::move(row));
  }
  return rows;
}

/// A store of `spec_text` in which total_cost is replaced by y = 4 u1 + 2 u2 (u = the inputs
/// scaled to [0, 1]), so the sensitivities are known exactly.
Summary synthetic(const TempDir& dir, const std::string& name, const std::string& design) {
  const SweepModel model(spec_from(spec_head("3") + "design: " + design + "\nparameters:\n"
                                   "  - {path: links.ru-kp-bridge-rail.capacity, range: [1 Mt/yr, 5 Mt/yr]}\n"
                                   "  - {path: transfers.cn-gauge.cost, range: [3 USD/t, 12 USD/t]}\n"
                                   "outputs: {total_cost: true}\n"));
  const int x1 = column_slot(model, "links.ru-kp-bridge-rail.capacity");
  const int x2 = column_slot(model, "transfers.cn-gauge.cost");
  const int y = column_slot(model, "total_cost");
  const std::string path = dir.file(name + ".sqlite");
  auto store = SweepStore::create(path, model, "1/1", "test");
  run_blocks(model, shard_blocks(model.block_count(), 1, 1), 1, [&](SweepBlock& block) {
    for (auto& row : block.rows) {
      const double u1 = (row.reals[static_cast<std::size_t>(x1)] - 1e6) / 4e6;
      const double u2 = (row.reals[static_cast<std::size_t>(x2)] - 3) / 9;
      row.reals[static_cast<std::size_t>(y)] = 4 * u1 + 2 * u2;
    }
    store->write_block(block);
  });
  store.reset();
  return summarize_store(path);
}

std::map<std::string, std::string> sensitivity_of(const Summary& s, const std::string& parameter) {
  for (const auto& row : parse_csv(s.sensitivity_csv)) {
    if (row.at("output") == "total_cost" && row.at("parameter") == parameter) return row;
  }
  FAIL("no sensitivity row for " << parameter);
  return {};
}

}  // namespace

TEST_CASE("sweep summary: SRC and Sobol indices recover a known additive function", "[sweep][summary]") {
  TempDir dir("sweep-summary");
  const Summary s = synthetic(dir, "sobol", "{type: sobol, base_points: 1024}");
  const auto first = sensitivity_of(s, "links.ru-kp-bridge-rail.capacity");
  const auto second = sensitivity_of(s, "transfers.cn-gauge.cost");
  // y = 4 u1 + 2 u2 with independent uniform u: Var = (16 + 4) / 12; S1 = ST = 0.8 and 0.2;
  // SRC = 4 / sqrt(20) and 2 / sqrt(20); R^2 = 1.
  CHECK(first.at("rank") == "1");
  CHECK(std::stod(first.at("src")) == Approx(4 / std::sqrt(20.0)).margin(0.01));
  CHECK(std::stod(second.at("src")) == Approx(2 / std::sqrt(20.0)).margin(0.01));
  CHECK(std::stod(first.at("r2")) == Approx(1).margin(1e-6));
  CHECK(std::stod(first.at("s1")) == Approx(0.8).margin(0.05));
  CHECK(std::stod(first.at("st")) == Approx(0.8).margin(0.05));
  CHECK(std::stod(second.at("s1")) == Approx(0.2).margin(0.05));
  CHECK(std::stod(second.at("st")) == Approx(0.2).margin(0.05));
  CHECK_THAT(s.text, Contains("total Sobol index ST"));
  CHECK_THAT(s.text, Contains("Which input moves the answers most"));
}

TEST_CASE("sweep summary: Morris elementary effects of a linear function are its slopes", "[sweep][summary]") {
  TempDir dir("sweep-summary");
  const Summary s = synthetic(dir, "morris", "{type: morris, trajectories: 30, levels: 4}");
  CHECK(std::stod(sensitivity_of(s, "links.ru-kp-bridge-rail.capacity").at("mu_star")) == Approx(4).margin(1e-3));
  CHECK(std::stod(sensitivity_of(s, "transfers.cn-gauge.cost").at("mu_star")) == Approx(2).margin(1e-3));
  CHECK(std::stod(sensitivity_of(s, "transfers.cn-gauge.cost").at("sigma")) == Approx(0).margin(1e-3));
}

TEST_CASE("sweep summary: quantiles, win shares and a ranked table for paired worlds", "[sweep][summary]") {
  TempDir dir("sweep-summary");
  const SweepModel model(load_test_spec("transit-lhs.yaml"));
  const std::string path = dir.file("lhs.sqlite");
  {
    auto store = SweepStore::create(path, model, "1/1", "test");
    run_blocks(model, shard_blocks(model.block_count(), 1, 1), 2, [&](SweepBlock& block) { store->write_block(block); });
  }
  const Summary s = summarize_store(path, {});
  CHECK_THAT(s.text, Contains("Matched pairs: china-inclusive vs bilateral on the same draws"));
  CHECK_THAT(s.text, Contains("china-inclusive wins"));
  CHECK_THAT(s.text, Contains("Sensitivities (parameters ranked by |SRC|"));
  // China adds a second way in: the China-inclusive world carries more in every variant.
  bool found = false;
  for (const auto& row : parse_csv(s.wins_csv)) {
    if (row.at("output") != "capacity.ru-kp") continue;
    found = true;
    CHECK(row.at("world") == "china-inclusive");
    CHECK(row.at("n") == "400");
    CHECK(row.at("world_wins") == "400");
    CHECK(std::stod(row.at("delta_min")) == Approx(2e6).margin(1));  // the China route's 2 Mt/yr link
  }
  CHECK(found);
  // Quantiles: P10 <= P50 <= P90 within [min, max].
  for (const auto& row : parse_csv(s.stats_csv)) {
    if (row.at("n") == "0") continue;
    INFO(row.at("output") << " " << row.at("world"));
    CHECK(std::stod(row.at("min")) <= std::stod(row.at("p10")));
    CHECK(std::stod(row.at("p10")) <= std::stod(row.at("p50")));
    CHECK(std::stod(row.at("p50")) <= std::stod(row.at("p90")));
    CHECK(std::stod(row.at("p90")) <= std::stod(row.at("max")));
  }
  // The bilateral route's capacity is the bridge or the bogie exchange, whichever is smaller:
  // the bogie capacity (scenario range 0.5-2.5 Mt/yr) ranks first among the inputs.
  for (const auto& row : parse_csv(s.sensitivity_csv)) {
    if (row.at("output") == "capacity.bilateral" && row.at("world") == "bilateral" && row.at("rank") == "1") {
      CHECK(row.at("parameter") == "transfers.kp-bogie.capacity");
    }
  }
}

TEST_CASE("sweep summary: store_bands reads the same P10, P50 and P90 as the summary, deltas from the second world",
          "[sweep][summary]") {
  TempDir dir("sweep-bands");
  const SweepModel model(load_test_spec("transit-lhs.yaml"));
  const std::string path = dir.file("lhs.sqlite");
  {
    auto store = SweepStore::create(path, model, "1/1", "test");
    run_blocks(model, shard_blocks(model.block_count(), 1, 1), 2, [&](SweepBlock& block) { store->write_block(block); });
  }
  const Summary s = summarize_store(path, {});
  const StoreBands bands = store_bands(path);
  CHECK(bands.sweep == "test-transit-lhs");
  CHECK(bands.variants == 400);
  CHECK(bands.rows_ok == 800);
  std::size_t checked = 0;
  for (const auto& row : parse_csv(s.stats_csv)) {
    const auto it = std::find_if(bands.bands.begin(), bands.bands.end(), [&](const OutputBand& b) {
      return b.output == row.at("output") && b.world == row.at("world");
    });
    INFO(row.at("output") << " " << row.at("world"));
    REQUIRE(it != bands.bands.end());
    CHECK(std::to_string(it->n) == row.at("n"));
    if (it->n == 0) continue;
    // The CSV prints the same statistics rounded; compare within its rounding.
    CHECK(it->p10 == Approx(std::stod(row.at("p10"))).margin(1e-3));
    CHECK(it->p50 == Approx(std::stod(row.at("p50"))).margin(1e-3));
    CHECK(it->p90 == Approx(std::stod(row.at("p90"))).margin(1e-3));
    ++checked;
  }
  CHECK(checked > 10);
  // A delta exists for the second world only.
  bool delta_second = false, delta_first = false;
  for (const auto& b : bands.bands) {
    if (b.output != "delta.capacity.ru-kp") continue;
    delta_second = delta_second || b.world == "china-inclusive";
    delta_first = delta_first || b.world == "bilateral";
  }
  CHECK(delta_second);
  CHECK_FALSE(delta_first);
}
