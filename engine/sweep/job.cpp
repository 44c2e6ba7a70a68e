#include "sweep/job.hpp"

#include <filesystem>
#include <memory>
#include <stdexcept>

#include "sweep/runner.hpp"

namespace borderflow {
namespace {

std::string shard_text(const SweepRunConfig& config) {
  return std::to_string(config.shard_index) + "/" + std::to_string(config.shard_count);
}

/// Step 1 of the contract: the store to write into, and whether it is continued.
std::unique_ptr<SweepStore> open_or_create(const SweepModel& model, const SweepRunConfig& config, bool& resumed) {
  const std::string shard = shard_text(config);
  resumed = false;
  if (!std::filesystem::exists(config.store_path)) {
    return SweepStore::create(config.store_path, model, shard, config.version);
  }
  if (!config.resume) throw SweepStoreExists(config.store_path);
  auto store = SweepStore::open(config.store_path, true);
  const std::string why = resume_mismatch(*store, model, shard);
  if (!why.empty()) throw StoreInputError("cannot resume " + config.store_path + ": " + why);
  resumed = true;
  return store;
}

/// Step 2: this shard's blocks that the ledger does not hold yet.
SweepRunPlan plan_run(const SweepModel& model, const SweepRunConfig& config, const SweepStore& store, bool resumed) {
  SweepRunPlan plan;
  plan.resumed = resumed;
  plan.jobs = config.jobs > 0 ? config.jobs : default_jobs();
  const auto finished = store.finished_blocks();
  const auto part = shard_blocks(model.block_count(), config.shard_index, config.shard_count);
  plan.part_blocks = part.size();
  for (std::uint64_t b : part) {
    plan.part_variants += model.block_length(b);
    if (finished.count(b)) plan.done_variants += model.block_length(b);
    else plan.pending.push_back(b);
  }
  return plan;
}

}  // namespace

SweepRunResult run_sweep(const SweepModel& model, const SweepRunConfig& config, const SweepRunHooks& hooks) {
  const StoreLock claim(config.store_path);  // until the export is written: nothing else writes this store
  bool resumed = false;
  auto store = open_or_create(model, config, resumed);
  SweepRunResult result;
  result.plan = plan_run(model, config, *store, resumed);
  const SweepRunPlan& plan = result.plan;
  if (hooks.planned) hooks.planned(plan);

  const std::int64_t run_id = store->begin_run(config.mode, plan.jobs, shard_text(config), plan.resumed);
  const BlockSink sink = [&](SweepBlock& block) {
    // Any source must keep the plan's order: the ledger and the progress assume it.
    if (result.blocks_written >= plan.pending.size() || block.block != plan.pending[result.blocks_written]) {
      throw std::logic_error("sweep: block " + std::to_string(block.block) + " arrived out of plan order");
    }
    std::unique_lock<std::mutex> committing;
    if (hooks.commit_mutex) committing = std::unique_lock<std::mutex>(*hooks.commit_mutex);
    store->write_block(block);
    std::uint64_t failed = 0;
    for (const auto& row : block.rows) failed += row.status != "ok";
    const std::uint64_t variants = model.block_length(block.block);
    ++result.blocks_written;
    result.variants_written += variants;
    if (hooks.written) hooks.written(block, variants, failed);
  };
  if (hooks.source) hooks.source(plan, sink);
  else run_blocks(model, plan.pending, plan.jobs, sink);
  if (result.blocks_written != plan.pending.size()) throw std::logic_error("sweep: the block source stopped early");
  store->finish_run(run_id, result.blocks_written);
  store->seal();
  store.reset();
  if (!config.csv_path.empty()) export_csv(config.store_path, config.csv_path);
  return result;
}

}  // namespace borderflow
