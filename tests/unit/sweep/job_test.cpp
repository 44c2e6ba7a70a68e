// engine/sweep/job: one call runs a sweep into a store; a resumed, sharded or externally fed run
// ends with the rows of the plain run; stores that must not be touched are refused.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "sweep/job.hpp"
#include "sweep_support.hpp"

using namespace bftest;
using Catch::Matchers::Contains;

namespace {

namespace fs = std::filesystem;

SweepRunConfig config_for(const std::string& store, const std::string& csv) {
  SweepRunConfig config;
  config.store_path = store;
  config.csv_path = csv;
  config.jobs = 1;
  config.version = "test";
  return config;
}

}  // namespace

TEST_CASE("sweep job: one call runs, seals and exports, resume and shards give the same rows", "[sweep][job]") {
  TempDir dir("sweep-job");
  const SweepModel model(load_test_spec("transit-lhs.yaml"));
  std::uint64_t planned_pending = 0, heard_variants = 0;
  SweepRunHooks hooks;
  hooks.planned = [&](const SweepRunPlan& plan) { planned_pending = plan.pending.size(); };
  hooks.written = [&](const SweepBlock&, std::uint64_t variants, std::uint64_t) { heard_variants += variants; };
  const SweepRunResult plain = run_sweep(model, config_for(dir.file("plain.sqlite"), dir.file("plain.csv")), hooks);
  CHECK(planned_pending == model.block_count());
  CHECK(plain.blocks_written == model.block_count());
  CHECK(plain.variants_written == 400);
  CHECK(heard_variants == 400);
  CHECK_FALSE(plain.plan.resumed);
  const std::string reference = read_text(dir.file("plain.csv"));
  CHECK(std::count(reference.begin(), reference.end(), '\n') == 1 + 400 * 2);
  CHECK_FALSE(fs::exists(dir.file("plain.sqlite-wal")));  // sealed

  SECTION("a store that exists is refused without resume and continued with it") {
    CHECK_THROWS_AS(run_sweep(model, config_for(dir.file("plain.sqlite"), "")), SweepStoreExists);
    SweepRunConfig again = config_for(dir.file("plain.sqlite"), dir.file("again.csv"));
    again.resume = true;
    const SweepRunResult nothing_left = run_sweep(model, again);
    CHECK(nothing_left.plan.resumed);
    CHECK(nothing_left.plan.pending.empty());
    CHECK(nothing_left.plan.done_variants == 400);
    CHECK(read_text(dir.file("again.csv")) == reference);
  }
  SECTION("a run stopped by a failing block is resumed to the same rows") {
    SweepRunConfig config = config_for(dir.file("stopped.sqlite"), "");
    SweepRunHooks stop_after_three;
    stop_after_three.written = [](const SweepBlock& block, std::uint64_t, std::uint64_t) {
      if (block.block == 2) throw std::runtime_error("stopped");
    };
    CHECK_THROWS_WITH(run_sweep(model, config, stop_after_three), "stopped");
    config.resume = true;
    config.csv_path = dir.file("stopped.csv");
    const SweepRunResult rest = run_sweep(model, config);
    CHECK(rest.plan.pending.size() == model.block_count() - 3);
    CHECK(read_text(dir.file("stopped.csv")) == reference);
  }
  SECTION("a store of another spec is not resumed") {
    const SweepModel other(spec_from(spec_head("2") + "design: {type: random, variants: 10}\n"
                                     "parameters:\n  - {path: links.ru-kp-bridge-rail.capacity, range: [1 Mt/yr, 5 Mt/yr]}\n"));
    SweepRunConfig config = config_for(dir.file("plain.sqlite"), "");
    config.resume = true;
    CHECK_THROWS_WITH(run_sweep(other, config), Contains("cannot resume") && Contains("different spec"));
  }
  SECTION("shards merge to the plain run") {
    std::vector<std::string> shards;
    for (std::uint64_t k = 1; k <= 3; ++k) {
      SweepRunConfig config = config_for(dir.file("shard" + std::to_string(k) + ".sqlite"), "");
      config.shard_index = k;
      config.shard_count = 3;
      const SweepRunResult part = run_sweep(model, config);
      CHECK(part.plan.part_blocks == shard_blocks(model.block_count(), k, 3).size());
      shards.push_back(config.store_path);
    }
    merge_stores(dir.file("merged.sqlite"), shards, false);
    export_csv(dir.file("merged.sqlite"), dir.file("merged.csv"));
    CHECK(read_text(dir.file("merged.csv")) == reference);
  }
  SECTION("an external block source (as the MPI driver's) feeds the store in plan order") {
    SweepRunHooks fed;
    fed.source = [&](const SweepRunPlan& plan, const BlockSink& sink) {
      for (std::uint64_t b : plan.pending) {
        SweepBlock block;
        model.evaluate_block(b, block);
        sink(block);
      }
    };
    run_sweep(model, config_for(dir.file("fed.sqlite"), dir.file("fed.csv")), fed);
    CHECK(read_text(dir.file("fed.csv")) == reference);

    SweepRunHooks shuffled;
    shuffled.source = [&](const SweepRunPlan& plan, const BlockSink& sink) {
      SweepBlock block;
      model.evaluate_block(plan.pending.at(1), block);
      sink(block);
    };
    CHECK_THROWS_WITH(run_sweep(model, config_for(dir.file("shuffled.sqlite"), ""), shuffled), Contains("out of plan order"));
  }
}

TEST_CASE("sweep job: a store being run is claimed, a second run or merge into it is refused with the holder's pid", "[sweep][job]") {
  TempDir dir("sweep-lock");
  const SweepModel model(load_test_spec("transit-lhs.yaml"));
  const std::string store = dir.file("s.sqlite");
  const std::string in_use = "store " + store + " is in use by pid " + std::to_string(::getpid());
  SweepRunConfig second = config_for(store, "");
  second.resume = true;
  int refusals = 0;
  SweepRunHooks hooks;
  // While the first run holds the store (here: once its plan is known, and after a block is
  // committed), a second run on it is refused before it opens anything.
  const auto try_second = [&] {
    CHECK_THROWS_WITH(run_sweep(model, second), in_use);
    CHECK_THROWS_AS(run_sweep(model, second), StoreInUse);
    CHECK_THROWS_WITH(merge_stores(store, {dir.file("other.sqlite")}, true), in_use);
    ++refusals;
  };
  hooks.planned = [&](const SweepRunPlan&) { try_second(); };
  hooks.written = [&](const SweepBlock& block, std::uint64_t, std::uint64_t) {
    if (block.block == 3) try_second();
  };
  run_sweep(model, config_for(store, dir.file("s.csv")), hooks);
  CHECK(refusals == 2);
  // Released when the run returns: the lock file is gone and the store can be continued.
  CHECK_FALSE(fs::exists(store + ".lock"));
  CHECK(run_sweep(model, second).plan.pending.empty());
  {
    const StoreLock held(store);
    CHECK_THROWS_WITH(StoreLock(store), in_use);
  }
  const StoreLock again(store);  // a released claim can be taken again
}

TEST_CASE("sweep job: a lock file left by a killed run does not hold the store", "[sweep][job]") {
  TempDir dir("sweep-stale-lock");
  const std::string store = dir.file("s.sqlite");
  std::ofstream(store + ".lock") << "999999999 " << "some-host\n";  // no process holds a lock on it
  {
    const StoreLock claim(store);
    CHECK(read_text(store + ".lock") != "999999999 some-host\n");
  }
  CHECK_FALSE(fs::exists(store + ".lock"));
}

TEST_CASE("sweep job: journal files left by a deleted store do not block a new run and are not replayed into it", "[sweep][job]") {
  TempDir dir("sweep-orphans");
  const SweepModel model(load_test_spec("transit-lhs.yaml"));
  run_sweep(model, config_for(dir.file("plain.sqlite"), dir.file("plain.csv")));
  const std::string store = dir.file("s.sqlite");
  {
    // A store being written, then deleted: its -wal (holding committed pages) and -shm stay.
    auto old = SweepStore::create(dir.file("old.sqlite"), model, "1/1", "test");
    run_blocks(model, {0, 1}, 1, [&](SweepBlock& block) { old->write_block(block); });
    for (const char* suffix : {"-wal", "-shm"}) fs::copy_file(dir.file("old.sqlite") + suffix, store + suffix);
  }
  REQUIRE(fs::file_size(store + "-wal") > 0);
  REQUIRE_FALSE(fs::exists(store));
  const SweepRunResult fresh = run_sweep(model, config_for(store, dir.file("s.csv")));
  CHECK_FALSE(fresh.plan.resumed);
  CHECK(fresh.blocks_written == model.block_count());
  CHECK(read_text(dir.file("s.csv")) == read_text(dir.file("plain.csv")));
  // A journal beside a store that exists is the store's own: never removed.
  std::ofstream(dir.file("plain.sqlite-journal")) << "not ours to remove";
  CHECK_THROWS_AS(run_sweep(model, config_for(dir.file("plain.sqlite"), "")), SweepStoreExists);
  CHECK(fs::exists(dir.file("plain.sqlite-journal")));
}

TEST_CASE("sweep job: a resume refuses a changed table of a base in tables, naming it", "[sweep][job]") {
  // Tables are read by GDAL from disk, not through the spec's InputSource: the spec's digest must
  // still cover them, or a resume would mix rows of two networks.
  TempDir dir("sweep-tables");
  auto write = [&](const std::string& name, const std::string& text) { std::ofstream(dir.file(name)) << text; };
  fs::create_directories(dir.file("net"));
  write("net/node.csv", "node_id,name,country,kind,x_coord,y_coord\na,Alpha,RU,station,131.0,42.5\n"
                        "b,Bravo,RU,junction,130.7,42.4\n");
  write("net/link.csv", "link_id,from_node_id,to_node_id,mode,gauge_mm,length_km,capacity_t_per_yr,cost_usd_per_t_km\n"
                        "l1,a,b,rail,1520,40,5000000,0.02\nl2,a,b,rail,1520,60,3000000,0.03\n");
  write("base.yaml", "borderflow: 1\nextends: net/\nroutes:\n  - {id: r, from: [a], to: [b]}\n");
  write("sweep.yaml", "borderflow-sweep: 1\nbase: base.yaml\nseed: 1\ndesign: {type: random, variants: 4}\nblock_size: 1\n"
                      "parameters:\n  - {path: links.l1.capacity, range: [1 Mt/yr, 5 Mt/yr]}\n");
  const SweepSpec spec = load_sweep_spec(dir.file("sweep.yaml"));
  CHECK(std::any_of(spec.inputs.begin(), spec.inputs.end(),
                    [&](const SweepSpec::Input& input) { return input.file == dir.file("net/link.csv"); }));
  const SweepModel model(load_sweep_spec(dir.file("sweep.yaml")));
  SweepRunConfig config = config_for(dir.file("t.sqlite"), "");
  SweepRunHooks stop_after_one;
  stop_after_one.written = [](const SweepBlock&, std::uint64_t, std::uint64_t) { throw std::runtime_error("stopped"); };
  CHECK_THROWS_WITH(run_sweep(model, config, stop_after_one), "stopped");

  // One cell: l2's capacity.
  write("net/link.csv", "link_id,from_node_id,to_node_id,mode,gauge_mm,length_km,capacity_t_per_yr,cost_usd_per_t_km\n"
                        "l1,a,b,rail,1520,40,5000000,0.02\nl2,a,b,rail,1520,60,3500000,0.03\n");
  const SweepModel changed(load_sweep_spec(dir.file("sweep.yaml")));
  CHECK(changed.spec().hash != model.spec().hash);
  config.resume = true;
  CHECK_THROWS_WITH(run_sweep(changed, config), Contains("cannot resume") && Contains("different spec") &&
                                                    Contains(dir.file("net/link.csv") + " changed") &&
                                                    !Contains("node.csv"));
  // Put back as it was, the store resumes.
  write("net/link.csv", "link_id,from_node_id,to_node_id,mode,gauge_mm,length_km,capacity_t_per_yr,cost_usd_per_t_km\n"
                        "l1,a,b,rail,1520,40,5000000,0.02\nl2,a,b,rail,1520,60,3000000,0.03\n");
  const SweepModel restored(load_sweep_spec(dir.file("sweep.yaml")));
  CHECK(run_sweep(restored, config).plan.pending.size() == 3);
}
