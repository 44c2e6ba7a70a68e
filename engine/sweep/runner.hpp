#pragma once
// Running blocks on threads. Workers take blocks in list order and solve each alone (fresh
// solver sessions per block, model.hpp), so what a block yields never depends on which thread
// solved it; finished blocks are handed to the sink on the calling thread in list order, and
// workers wait rather than run more than a few blocks ahead, so memory stays flat however long
// the list is.
#include <cstdint>
#include <functional>
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

/// Solves `blocks` on `jobs` threads (jobs <= 1: on the calling thread) and calls `sink` with
/// each finished block, in the order of `blocks`, on the calling thread. An exception from a
/// worker or from the sink stops the run and is rethrown here.
void run_blocks(const SweepModel& model, const std::vector<std::uint64_t>& blocks, int jobs,
                const std::function<void(SweepBlock&)>& sink);

}  // namespace borderflow
