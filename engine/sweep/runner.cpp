#include "sweep/runner.hpp"

#include <algorithm>
#include <atomic>
#include <charconv>
#include <condition_variable>
#include <cstdlib>
#include <exception>
#include <map>
#include <mutex>
#include <stdexcept>
#include <system_error>
#include <thread>

namespace borderflow {

std::pair<std::uint64_t, std::uint64_t> parse_shard(const std::string& text) {
  const auto slash = text.find('/');
  auto number = [](const std::string& part, std::uint64_t& out) {
    if (part.empty() || !std::all_of(part.begin(), part.end(), [](char c) { return c >= '0' && c <= '9'; })) return false;
    const auto [ptr, ec] = std::from_chars(part.data(), part.data() + part.size(), out);
    return ec == std::errc() && ptr == part.data() + part.size();
  };
  std::uint64_t k = 0, n = 0;
  if (slash == std::string::npos || !number(text.substr(0, slash), k) || !number(text.substr(slash + 1), n) || n == 0 ||
      k == 0 || k > n) {
    throw std::invalid_argument("--shard expects K/N with 1 <= K <= N (e.g. 2/4), got '" + text + "'");
  }
  return {k, n};
}

std::vector<std::uint64_t> shard_blocks(std::uint64_t block_count, std::uint64_t k, std::uint64_t n) {
  std::vector<std::uint64_t> out;
  for (std::uint64_t b = k - 1; b < block_count; b += n) out.push_back(b);
  return out;
}

int default_jobs() {
  int cores = static_cast<int>(std::thread::hardware_concurrency());
  if (cores <= 0) cores = 1;
  int ranks_here = 1;
  for (const char* name : {"OMPI_COMM_WORLD_LOCAL_SIZE", "MPI_LOCALNRANKS", "SLURM_NTASKS_PER_NODE"}) {
    if (const char* v = std::getenv(name)) {
      const int n = std::atoi(v);
      if (n > 0) {
        ranks_here = n;
        break;
      }
    }
  }
  return std::max(1, cores / ranks_here);
}

int max_jobs() {
  constexpr int kMostThreads = 256;
  const int hardware = std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
  return std::min(kMostThreads, 4 * hardware);
}

int worker_count(int jobs, std::size_t block_count) {
  const std::size_t most = std::min(block_count, static_cast<std::size_t>(max_jobs()));
  return static_cast<int>(std::max<std::size_t>(1, std::min(static_cast<std::size_t>(std::max(jobs, 1)), most)));
}

void run_blocks(const SweepModel& model, const std::vector<std::uint64_t>& blocks, int jobs,
                const std::function<void(SweepBlock&)>& sink) {
  if (blocks.empty()) return;
  jobs = worker_count(jobs, blocks.size());
  if (jobs <= 1) {
    SweepBlock block;
    for (std::uint64_t b : blocks) {
      model.evaluate_block(b, block);
      sink(block);
    }
    return;
  }
  const std::size_t window = static_cast<std::size_t>(jobs) * 2;  // blocks held beyond the next one to hand over
  std::mutex mutex;
  std::condition_variable changed;
  std::map<std::size_t, SweepBlock> finished;  // position in `blocks` -> rows
  std::size_t next_to_take = 0, next_to_hand = 0;
  bool stop = false;
  std::exception_ptr failure;

  auto worker = [&]() {
    for (;;) {
      std::size_t position;
      {
        std::unique_lock lock(mutex);
        changed.wait(lock, [&] { return stop || next_to_take >= blocks.size() || next_to_take < next_to_hand + window; });
        if (stop || next_to_take >= blocks.size()) return;
        position = next_to_take++;
      }
      SweepBlock block;
      try {
        model.evaluate_block(blocks[position], block);
      } catch (...) {
        std::lock_guard lock(mutex);
        if (!failure) failure = std::current_exception();
        stop = true;
        changed.notify_all();
        return;
      }
      std::lock_guard lock(mutex);
      finished.emplace(position, std::move(block));
      changed.notify_all();
    }
  };
  auto stop_all = [&]() {
    std::lock_guard lock(mutex);
    stop = true;
    changed.notify_all();
  };
  std::vector<std::thread> threads;
  threads.reserve(static_cast<std::size_t>(jobs));
  try {
    for (int j = 0; j < jobs; ++j) threads.emplace_back(worker);
  } catch (const std::system_error& error) {
    // A joinable std::thread must not be destroyed: stop and join the ones that started.
    stop_all();
    for (auto& t : threads) t.join();
    throw WorkerStartError("cannot start worker thread " + std::to_string(threads.size() + 1) + " of " +
                           std::to_string(jobs) + ": " + error.code().message() + "; try fewer --jobs");
  }
  try {
    while (next_to_hand < blocks.size()) {
      SweepBlock block;
      {
        std::unique_lock lock(mutex);
        changed.wait(lock, [&] { return stop || finished.count(next_to_hand); });
        if (stop) break;
        auto it = finished.find(next_to_hand);
        block = std::move(it->second);
        finished.erase(it);
      }
      sink(block);
      std::lock_guard lock(mutex);
      ++next_to_hand;
      changed.notify_all();
    }
  } catch (...) {
    std::lock_guard lock(mutex);
    if (!failure) failure = std::current_exception();
  }
  stop_all();
  for (auto& t : threads) t.join();
  if (failure) std::rethrow_exception(failure);
}

}  // namespace borderflow
