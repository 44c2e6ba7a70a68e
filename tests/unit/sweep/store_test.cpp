// engine/sweep/model, runner and store: rows independent of threads and blocks, equal to fresh
// solves of each variant alone, failures recorded, and stores that resume, merge and export.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>

#include "sweep/store.hpp"
#include "sweep_support.hpp"

using namespace bftest;
using Catch::Matchers::Contains;

namespace {

namespace fs = std::filesystem;

void write_blocks(SweepStore& store, const SweepModel& model, const std::vector<std::uint64_t>& blocks) {
  run_blocks(model, blocks, 1, [&](SweepBlock& block) { store.write_block(block); });
}

std::vector<std::uint64_t> all_blocks(const SweepModel& model) { return shard_blocks(model.block_count(), 1, 1); }

}  // namespace

TEST_CASE("sweep model: rows do not depend on the thread count or on which block runs first", "[sweep][model]") {
  const SweepModel model(load_test_spec("transit-lhs.yaml"));
  const auto one = sweep_rows(model, 1);
  const auto two = sweep_rows(model, 2);
  REQUIRE(one.size() == 400 * 2);
  CHECK(same_rows(one, two));
  // A block solved alone, late and out of order, gives the rows it gives within the whole run.
  SweepBlock alone;
  model.evaluate_block(model.block_count() - 1, alone);
  const std::vector<SweepRow> tail(one.end() - static_cast<long>(alone.rows.size()), one.end());
  CHECK(same_rows(alone.rows, tail));
}

TEST_CASE("sweep model: each row equals a fresh solve of its variant alone", "[sweep][model]") {
  const SweepModel model(load_test_spec("transit-lhs.yaml"));
  const auto rows = sweep_rows(model, 1);
  const SweepSpec& spec = model.spec();
  const int bilateral_slot = column_slot(model, "capacity.bilateral");
  const int ru_kp_slot = column_slot(model, "capacity.ru-kp");
  const int total_slot = column_slot(model, "total_cost");
  const int delta_slot = column_slot(model, "delta.total_cost");
  REQUIRE(bilateral_slot >= 0);
  REQUIRE(total_slot >= 0);
  for (std::uint64_t v : {0ull, 17ull, 123ull, 399ull}) {
    for (int w = 0; w < 2; ++w) {
      const SweepRow& row = rows[static_cast<std::size_t>(v * 2 + static_cast<std::uint64_t>(w))];
      INFO("variant " << v << " world " << w);
      REQUIRE(row.status == "ok");
      Scenario s = *spec.base;
      s.policy.no_transit = spec.worlds[static_cast<std::size_t>(w)].no_transit;
      for (std::size_t i = 0; i < spec.parameters.size(); ++i) {
        const double value = row.reals[static_cast<std::size_t>(column_slot(model, spec.parameters[i].path))];
        const auto e = static_cast<std::size_t>(spec.parameters[i].element);
        switch (spec.parameters[i].target) {
          case ParameterTarget::LinkCapacity: s.links[e].capacity_t_per_yr = value; break;
          case ParameterTarget::TransferCapacity: s.transfers[e].capacity_t_per_yr = value; break;
          case ParameterTarget::TransferCost: s.transfers[e].cost_usd_per_t = value; break;
          case ParameterTarget::DemandQuantity: s.demands[e].quantity_t_per_yr = value; break;
          default: FAIL("unexpected parameter");
        }
      }
      const Network fresh = expand(s);
      const CapacityAnswer bilateral = certified_capacity(fresh, "bilateral");
      CHECK(std::abs(row.reals[static_cast<std::size_t>(bilateral_slot)] - bilateral.capacity_t_per_yr) <= 1e-2);
      const CapacityAnswer ru_kp = certified_capacity(fresh, "ru-kp");
      CHECK(std::abs(row.reals[static_cast<std::size_t>(ru_kp_slot)] - ru_kp.capacity_t_per_yr) <= 1e-2);
      const RoutingAnswer routing = certified_routing(fresh);
      const double total = routing.transport_cost_usd_per_yr + routing.unserved_penalty_usd_per_yr;
      CHECK(std::abs(row.reals[static_cast<std::size_t>(total_slot)] - total) <= 1.0 + 1e-9 * total);
    }
    // The matched pair's delta is the second world's value minus the first's.
    const SweepRow& a = rows[static_cast<std::size_t>(v * 2)];
    const SweepRow& b = rows[static_cast<std::size_t>(v * 2 + 1)];
    CHECK(std::isnan(a.reals[static_cast<std::size_t>(delta_slot)]));
    CHECK(b.reals[static_cast<std::size_t>(delta_slot)] ==
          Approx(b.reals[static_cast<std::size_t>(total_slot)] - a.reals[static_cast<std::size_t>(total_slot)]).margin(0.02));
  }
}

TEST_CASE("sweep model: a failing variant is recorded with its error and the sweep goes on", "[sweep][model]") {
  const SweepModel model(spec_from(spec_head() + "design: {type: random, variants: 40}\n"
                                   "parameters:\n  - {path: links.ru-kp-bridge-rail.capacity, range: [1 Mt/yr, 5 Mt/yr]}\n"
                                   "solver: {max_iterations: 1}\n"));
  const auto rows = sweep_rows(model, 2);
  REQUIRE(rows.size() == 40);
  std::size_t failed = 0;
  for (const auto& row : rows) {
    if (row.status == "ok") continue;
    ++failed;
    CHECK(row.status == "limit-reached");
    CHECK_THAT(row.error, Contains("limit-reached"));
    CHECK(std::isnan(row.reals[static_cast<std::size_t>(column_slot(model, "total_cost"))]));
    CHECK_FALSE(std::isnan(row.reals[static_cast<std::size_t>(column_slot(model, "links.ru-kp-bridge-rail.capacity"))]));
  }
  CHECK(failed > 0);
}

TEST_CASE("sweep store: blocks commit whole, resume skips them, shards merge to the single run", "[sweep][store]") {
  TempDir dir("sweep-store");
  const SweepModel model(load_test_spec("transit-lhs.yaml"));
  const std::string shard_of_all = "1/1";

  auto single = SweepStore::create(dir.file("single.sqlite"), model, shard_of_all, "test");
  write_blocks(*single, model, all_blocks(model));
  CHECK(single->finished_blocks().size() == model.block_count());
  CHECK(single->row_count() == 800);
  single->seal();
  single.reset();
  CHECK(export_csv(dir.file("single.sqlite"), dir.file("single.csv")) == 800);

  // A run that stopped after some blocks: resume computes only the rest.
  {
    auto partial = SweepStore::create(dir.file("partial.sqlite"), model, shard_of_all, "test");
    write_blocks(*partial, model, {0, 1, 2, 7});
  }
  {
    auto resumed = SweepStore::open(dir.file("partial.sqlite"), true);
    CHECK(resume_mismatch(*resumed, model, shard_of_all).empty());
    const auto done = resumed->finished_blocks();
    CHECK(done == std::set<std::uint64_t>{0, 1, 2, 7});
    std::vector<std::uint64_t> rest;
    for (std::uint64_t b : all_blocks(model)) {
      if (!done.count(b)) rest.push_back(b);
    }
    write_blocks(*resumed, model, rest);
  }
  export_csv(dir.file("partial.sqlite"), dir.file("partial.csv"));
  CHECK(read_text(dir.file("partial.csv")) == read_text(dir.file("single.csv")));

  // Four shards, merged.
  std::vector<std::string> shards;
  for (int k = 1; k <= 4; ++k) {
    const std::string path = dir.file("shard" + std::to_string(k) + ".sqlite");
    auto store = SweepStore::create(path, model, std::to_string(k) + "/4", "test");
    write_blocks(*store, model, shard_blocks(model.block_count(), static_cast<std::uint64_t>(k), 4));
    shards.push_back(path);
  }
  CHECK_THAT(merge_stores(dir.file("merged.sqlite"), shards, false), Contains("50 of 50 blocks, 800 rows"));
  export_csv(dir.file("merged.sqlite"), dir.file("merged.csv"));
  CHECK(read_text(dir.file("merged.csv")) == read_text(dir.file("single.csv")));

  SECTION("a missing shard is refused unless partial merges are allowed") {
    const std::vector<std::string> three(shards.begin(), shards.begin() + 3);
    CHECK_THROWS_WITH(merge_stores(dir.file("three.sqlite"), three, false), Contains("a shard is missing or unfinished"));
    CHECK_FALSE(fs::exists(dir.file("three.sqlite")));
    CHECK_THAT(merge_stores(dir.file("three.sqlite"), three, true), Contains("38 of 50 blocks"));
  }
  SECTION("overlapping shards are refused") {
    CHECK_THROWS_WITH(merge_stores(dir.file("twice.sqlite"), {shards[0], shards[0]}, false), Contains("also in an earlier store"));
  }
  SECTION("a store of another spec cannot be resumed") {
    const SweepModel other(spec_from(spec_head("2") + "design: {type: random, variants: 10}\n"
                                     "parameters:\n  - {path: links.ru-kp-bridge-rail.capacity, range: [1 Mt/yr, 5 Mt/yr]}\n"));
    auto store = SweepStore::open(dir.file("single.sqlite"), true);
    CHECK_THAT(resume_mismatch(*store, other, shard_of_all), Contains("different spec or scenario"));
    CHECK_THAT(resume_mismatch(*store, model, "2/4"), Contains("holds shard 1/1"));
  }
  SECTION("the metadata is kept apart from the rows") {
    auto store = SweepStore::open(dir.file("single.sqlite"), false);
    CHECK(store->meta("spec_hash") == model.spec().hash);
    CHECK(store->meta("seed") == "42");
    CHECK(store->meta("design") == "latin_hypercube");
    CHECK_FALSE(store->meta("created_at").empty());
    CHECK(read_text(dir.file("single.csv")).find(store->meta("created_at")) == std::string::npos);
    CHECK_THROWS_WITH(SweepStore::create(dir.file("single.sqlite"), model, shard_of_all, "test"), Contains("already exists"));
  }
}

namespace {

/// A small finished store (5 blocks of 8 variants, two worlds) at `path`.
const SweepModel& small_model() {
  static const SweepModel model(spec_from(spec_head("5") + "design: {type: random, variants: 40}\nblock_size: 8\n"
                                          "parameters:\n  - {path: links.ru-kp-bridge-rail.capacity, range: [1 Mt/yr, 5 Mt/yr]}\n"
                                          "worlds:\n  - {name: bilateral, policy: {no_transit: [CN]}}\n"
                                          "  - {name: china-inclusive, policy: {no_transit: []}}\n"));
  return model;
}

void make_small_store(const std::string& path) {
  auto store = SweepStore::create(path, small_model(), "1/1", "test");
  write_blocks(*store, small_model(), all_blocks(small_model()));
  store->seal();
}

/// The parameter value of `variant` as the store holds it.
double stored_parameter(const std::string& path, std::int64_t variant) {
  sqlite::Db db(path, sqlite::Db::Mode::ReadOnly);
  sqlite::Statement s(db, "SELECT \"links.ru-kp-bridge-rail.capacity\" FROM rows WHERE variant = ? LIMIT 1");
  s.bind(1, variant);
  REQUIRE(s.step());
  return s.real(0);
}

/// Flips the lowest bit of every stored copy of `value` in the file, as a failing disk or a bad
/// copy would: SQLite keeps a real as its 8 bytes, most significant first. Returns the copies.
int flip_stored_real(const std::string& path, double value) {
  std::uint64_t bits = 0;
  std::memcpy(&bits, &value, sizeof bits);
  std::string needle;
  for (int i = 7; i >= 0; --i) needle += static_cast<char>((bits >> (8 * i)) & 0xff);
  std::string bytes = read_text(path);
  int copies = 0;
  for (auto at = bytes.find(needle); at != std::string::npos; at = bytes.find(needle, at + 8)) {
    bytes[at + 7] = static_cast<char>(bytes[at + 7] ^ 1);
    ++copies;
  }
  std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
  return copies;
}

void execute(const std::string& path, const std::string& sql) {
  sqlite::Db db(path, sqlite::Db::Mode::ReadWrite);
  db.exec(sql);
}

}  // namespace

TEST_CASE("sweep store: a changed bit in a value is refused by export, resume and merge, naming the block", "[sweep][store]") {
  TempDir dir("sweep-damage");
  const std::string path = dir.file("s.sqlite");
  make_small_store(path);
  CHECK(export_csv(path, dir.file("good.csv")) == 80);
  // Variant 21 is in block 2 (variants 16 to 23); its value is in its two rows (one per world),
  // as the parameter and as outputs equal to it.
  const double value = stored_parameter(path, 21);
  REQUIRE(value != std::floor(value));  // a whole number would be stored as an integer
  REQUIRE(flip_stored_real(path, value) >= 2);
  REQUIRE(stored_parameter(path, 21) != value);  // the file still reads, with a changed number

  const auto refused = [&](const std::function<void()>& read) {
    try {
      read();
    } catch (const StoreDamaged& e) {
      return std::string(e.what());
    }
    FAIL("a damaged store was read");
    return std::string();
  };
  const std::string message = refused([&] { export_csv(path, dir.file("bad.csv")); });
  CHECK_THAT(message, Contains(path + " is damaged: the rows of block 2 (variants 16 to 23) differ from those committed"));
  CHECK_FALSE(fs::exists(dir.file("bad.csv")));
  refused([&] { SweepStore::open(path, true); });
  refused([&] { merge_stores(dir.file("merged.sqlite"), {path}, true); });
  CHECK_FALSE(fs::exists(dir.file("merged.sqlite")));
}

TEST_CASE("sweep store: a changed column, unit or ledger entry, or a row outside the blocks, is refused", "[sweep][store]") {
  TempDir dir("sweep-layout");
  const std::string path = dir.file("s.sqlite");
  make_small_store(path);
  const auto damage = [&](const std::string& sql) {
    fs::copy_file(path, dir.file("d.sqlite"), fs::copy_options::overwrite_existing);
    execute(dir.file("d.sqlite"), sql);
    try {
      export_csv(dir.file("d.sqlite"), dir.file("d.csv"));
    } catch (const StoreDamaged& e) {
      return std::string(e.what());
    }
    FAIL("a damaged store was exported: " << sql);
    return std::string();
  };
  // A column name changed in the columns table (the export header would lose it).
  CHECK_THAT(damage("UPDATE columns SET name = 'links.ru-kp-bridge-rail.capacitx' WHERE position = 0"),
             Contains("metadata, columns or worlds differ"));
  CHECK_THAT(damage("UPDATE columns SET unit = 'kt/yr' WHERE position = 0"), Contains("metadata, columns or worlds differ"));
  CHECK_THAT(damage("UPDATE meta SET value = '7' WHERE key = 'seed'"), Contains("metadata, columns or worlds differ"));
  // The rows table's own column renamed: the columns table no longer describes it.
  CHECK_THAT(damage("ALTER TABLE rows RENAME COLUMN \"links.ru-kp-bridge-rail.capacity\" TO x"),
             Contains("column 6 of its rows table is 'x' REAL where its columns table says 'links.ru-kp-bridge-rail.capacity' REAL"));
  CHECK_THAT(damage("UPDATE blocks SET failed = failed + 1 WHERE block = 4"), Contains("block 4 (variants 32 to 39)"));
  CHECK_THAT(damage("DELETE FROM blocks WHERE block = 4"), Contains("it holds 80 rows where its blocks hold 64"));
}

TEST_CASE("sweep store: a store from before block digests gets a message, not a crash", "[sweep][store]") {
  TempDir dir("sweep-format1");
  const std::string path = dir.file("old.sqlite");
  make_small_store(path);
  execute(path, "UPDATE meta SET value = 'borderflow-sweep-store/1' WHERE key = 'format'; ALTER TABLE blocks DROP COLUMN digest");
  CHECK_THROWS_WITH(export_csv(path, dir.file("old.csv")),
                    Contains("old.sqlite: written by an earlier borderflow (store format 1, without block digests)"));
  CHECK_THROWS_AS(SweepStore::open(path, true), StoreInputError);
}

TEST_CASE("sweep store: a store from before the bottlenecks table gets a message, not a crash", "[sweep][store]") {
  TempDir dir("sweep-format2");
  const std::string path = dir.file("old.sqlite");
  make_small_store(path);
  execute(path, "UPDATE meta SET value = 'borderflow-sweep-store/2' WHERE key = 'format'; DROP TABLE bottlenecks");
  CHECK_THROWS_WITH(export_csv(path, dir.file("old.csv")),
                    Contains("old.sqlite: written by an earlier borderflow (store format 2, whose bottleneck sets were "
                             "cut to three ids)"));
  CHECK_THROWS_AS(SweepStore::open(path, true), StoreInputError);
}

TEST_CASE("sweep store: the bottlenecks table holds every binding row, in the block's digest", "[sweep][store]") {
  TempDir dir("sweep-bottlenecks");
  const std::string path = dir.file("s.sqlite");
  make_small_store(path);
  // Every id the wide row's text names is in the long table, under the same variant, world and
  // question, and the ranks count 1, 2, ... without a gap.
  {
    sqlite::Db db(path, sqlite::Db::Mode::ReadOnly);
    sqlite::Statement wide(db, "SELECT variant, world_index, \"bottleneck.bilateral\" FROM rows WHERE status = 'ok'");
    sqlite::Statement long_rows(db,
                                "SELECT rank, element_kind, element_id, element_direction FROM bottlenecks WHERE variant = ? "
                                "AND world_index = ? AND question = 'bilateral' AND direction = 'forward' ORDER BY rank");
    std::size_t checked = 0;
    while (wide.step()) {
      long_rows.bind(1, wide.integer(0));
      long_rows.bind(2, wide.integer(1));
      std::vector<std::string> ids;
      std::int64_t rank = 0;
      while (long_rows.step()) {
        CHECK(long_rows.integer(0) == ++rank);
        CHECK_FALSE(long_rows.text(1).empty());
        CHECK_FALSE(long_rows.text(3).empty());
        ids.push_back(long_rows.text(2));
      }
      long_rows.reset();
      const std::string text = wide.type(2) == sqlite::Statement::Type::Null ? "" : wide.text(2);
      std::size_t start = 0;
      while (start < text.size()) {
        const std::size_t end = std::min(text.find('+', start), text.size());
        const std::string id = text.substr(start, end - start);
        if (id.find(" more") == std::string::npos) CHECK(std::find(ids.begin(), ids.end(), id) != ids.end());
        start = end + 1;
      }
      CHECK(ids.empty() == text.empty());
      ++checked;
    }
    CHECK(checked > 40);
  }
  CHECK(export_bottlenecks_csv(path, dir.file("b.csv")) > 80);
  std::ifstream csv(dir.file("b.csv"));
  std::string header;
  std::getline(csv, header);
  CHECK(header == "variant,world,question,direction,rank,element_kind,element_id,element_direction");
  // A changed, removed or added bottleneck row is damage like a changed row.
  const auto damage = [&](const std::string& sql) {
    fs::copy_file(path, dir.file("d.sqlite"), fs::copy_options::overwrite_existing);
    execute(dir.file("d.sqlite"), sql);
    try {
      export_bottlenecks_csv(dir.file("d.sqlite"), dir.file("d.csv"));
    } catch (const StoreDamaged& e) {
      return std::string(e.what());
    }
    FAIL("a damaged store was exported: " << sql);
    return std::string();
  };
  CHECK_THAT(damage("UPDATE bottlenecks SET element_id = 'x' WHERE variant = 33 AND rank = 1"),
             Contains("block 4 (variants 32 to 39)"));
  CHECK_THAT(damage("DELETE FROM bottlenecks WHERE variant = 9"), Contains("block 1 (variants 8 to 15)"));
  CHECK_THAT(damage("INSERT INTO bottlenecks VALUES(1000, 0, 'bilateral', 'forward', 1, 'link', 'x', 'a->b')"),
             Contains("bottleneck rows where its blocks hold"));
}
