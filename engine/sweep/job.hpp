#pragma once
// A sweep run as one library call: `run_sweep(model, config, hooks)` is everything
// `borderflow sweep run` does after parsing its options, so the CLI, the MPI driver, the bench and
// the tests run a whole sweep the same way.
//
// Contract of one call:
//  0. Claim. The store path is claimed (StoreLock) for the whole call; while another process
//     holds it the call throws StoreInUse ("store X is in use by pid N") and touches nothing.
//  1. Open or resume. When `config.store_path` exists it is continued only if `config.resume`
//     (else SweepStoreExists); a store made by another spec, shard or block size is refused
//     (StoreInputError, "cannot resume ..."). A missing store is created, with or without resume.
//  2. Plan. The pending blocks are the blocks of shard K of N (runner.hpp) that the store's ledger
//     does not hold yet, in increasing order; `hooks.planned` hears the plan before any solving.
//  3. Run. The pending blocks are produced by `hooks.source` (default: this process's threads,
//     run_blocks) and written to the store one transaction per block, in the order of the plan;
//     `hooks.written` hears each block after its commit. The run is recorded in the store's
//     `runs` table (begin_run / finish_run).
//  4. Finish. The store is sealed (one self-contained file) and closed, then exported to
//     `config.csv_path` when one is given.
// Because a block's rows depend only on the spec and the block (model.hpp), the finished store
// holds the same rows however the run was split: threads, shards, resumes or MPI ranks.
// An exception from any step leaves the store with whole blocks only (store.hpp), so a later
// resume continues it. Errors: SweepStoreExists and StoreInputError are problems with what the
// user asked for; any other exception is a failure of the solver, SQLite or the disk.
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "sweep/model.hpp"
#include "sweep/store.hpp"

namespace borderflow {

struct SweepRunConfig {
  std::string store_path;      ///< the SQLite store to create, or to continue with `resume`
  bool resume = false;         ///< continue an existing store (a missing one starts fresh)
  int jobs = 0;                ///< worker threads of this process; 0 = default_jobs()
  std::uint64_t shard_index = 1;  ///< run only shard K (1-based) ...
  std::uint64_t shard_count = 1;  ///< ... of N
  std::string csv_path;        ///< when not empty, the finished store's rows are exported here
  std::string version;         ///< the engine version recorded in the store
  std::string mode = "threads";  ///< how this run computes its blocks, recorded in `runs`
};

/// What a run will do, known once the store is open.
struct SweepRunPlan {
  std::vector<std::uint64_t> pending;  ///< blocks still to compute, in the order they are written
  std::uint64_t part_blocks = 0;       ///< blocks of this shard in all
  std::uint64_t part_variants = 0;     ///< variants of this shard in all
  std::uint64_t done_variants = 0;     ///< of them, already in the store
  bool resumed = false;                ///< whether an existing store is continued
  int jobs = 1;                        ///< worker threads used (config.jobs resolved)
};

/// Hands each finished block to the sink, in the order of `plan.pending`.
using BlockSink = std::function<void(SweepBlock&)>;

/// How a run hears of its progress and where its blocks come from. Every member may be empty.
struct SweepRunHooks {
  std::function<void(const SweepRunPlan&)> planned;  ///< once, before the first block is produced
  /// After each block is committed: the block, its variant count and how many of its rows failed.
  std::function<void(const SweepBlock&, std::uint64_t variants, std::uint64_t failed_rows)> written;
  /// Produces the plan's pending blocks and gives each to `sink` in plan order (the MPI driver
  /// receives other ranks' blocks here). Default: run_blocks(model, plan.pending, plan.jobs, sink).
  std::function<void(const SweepRunPlan& plan, const BlockSink& sink)> source;
  /// When set, held while each block is committed and `written` hears of it: a thread that takes
  /// it sees no block half committed and a count from `written` that matches the store (the
  /// CLI's report when a signal stops the run).
  std::mutex* commit_mutex = nullptr;
};

struct SweepRunResult {
  SweepRunPlan plan;
  std::uint64_t blocks_written = 0;
  std::uint64_t variants_written = 0;
};

/// A store exists at the path and resume was not asked for; nothing was touched.
class SweepStoreExists : public StoreInputError {
 public:
  explicit SweepStoreExists(const std::string& path) : StoreInputError(path + " exists") {}
};

/// Runs (or continues) the sweep of `model` into `config.store_path`; see the contract above.
SweepRunResult run_sweep(const SweepModel& model, const SweepRunConfig& config, const SweepRunHooks& hooks = {});

}  // namespace borderflow
