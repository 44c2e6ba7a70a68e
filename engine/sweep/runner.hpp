#pragma once
// Running blocks on threads. Workers take blocks in list order and solve each alone (fresh
// solver sessions per block, model.hpp), so what a block yields never depends on which thread
// solved it; finished blocks are handed to the sink on the calling thread in list order, and
// workers wait rather than run more than a few blocks ahead, so memory stays flat however long
// the list is.
#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include "sweep/model.hpp"

namespace borderflow {

/// Parses "K/N" (1 <= K <= N); throws std::invalid_argument with a message otherwise.
std::pair<std::uint64_t, std::uint64_t> parse_shard(const std::string& text);

/// The blocks of shard K of N: every block b with b mod N == K - 1, in increasing order.
std::vector<std::uint64_t> shard_blocks(std::uint64_t block_count, std::uint64_t k, std::uint64_t n);

/// Threads to use when --jobs is not given: every core, shared among the MPI ranks of this node.
int default_jobs();

/// The most worker threads a run starts: 4 per hardware thread, and never more than 256.
/// Beyond that, threads only add memory and contention (blocks are CPU-bound), and a huge
/// --jobs would run into the system's process or memory-map limits.
int max_jobs();

/// The worker threads run_blocks starts for `jobs` requested and `block_count` blocks: at least
/// 1, and no more than there are blocks to share nor than max_jobs().
int worker_count(int jobs, std::size_t block_count);

/// The system refused to start a worker thread (a process, thread or memory limit). The
/// threads that had started are stopped and joined first; no block was handed to the sink
/// after the failure, so a store being filled stays resumable.
class WorkerStartError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Solves `blocks` on worker_count(jobs, blocks.size()) threads (1: on the calling thread) and
/// calls `sink` with each finished block, in the order of `blocks`, on the calling thread. An
/// exception from a worker or from the sink stops the run and is rethrown here; a thread that
/// cannot be started throws WorkerStartError.
void run_blocks(const SweepModel& model, const std::vector<std::uint64_t>& blocks, int jobs,
                const std::function<void(SweepBlock&)>& sink);

}  // namespace borderflow
