#include "sweep_mpi.hpp"

#include <chrono>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <exception>
#include <filesystem>
#include <iostream>
#include <mutex>
#include <stdexcept>
#include <thread>

#include <spdlog/spdlog.h>

#include "core/module.hpp"
#include "exit_codes.hpp"
#include "mpi_module.hpp"
#include "sweep/job.hpp"
#include "sweep/runner.hpp"
#include "sweep_command.hpp"

namespace bf = borderflow;

namespace borderflow_cli {
namespace {

constexpr int kBlockTag = 17;

void put_u64(std::string& out, std::uint64_t v) { out.append(reinterpret_cast<const char*>(&v), sizeof v); }
void put_f64(std::string& out, double v) { out.append(reinterpret_cast<const char*>(&v), sizeof v); }
void put_text(std::string& out, const std::string& s) {
  put_u64(out, s.size());
  out += s;
}

class Reader {
 public:
  explicit Reader(const std::vector<char>& bytes) : p_(bytes.data()), end_(bytes.data() + bytes.size()) {}
  std::uint64_t u64() {
    std::uint64_t v;
    take(&v, sizeof v);
    return v;
  }
  double f64() {
    double v;
    take(&v, sizeof v);
    return v;
  }
  std::string text() {
    const std::uint64_t n = u64();
    if (n > static_cast<std::uint64_t>(end_ - p_)) throw std::runtime_error("MPI: truncated block message");
    std::string s(p_, static_cast<std::size_t>(n));
    p_ += n;
    return s;
  }

 private:
  void take(void* out, std::size_t n) {
    if (static_cast<std::size_t>(end_ - p_) < n) throw std::runtime_error("MPI: truncated block message");
    std::memcpy(out, p_, n);
    p_ += n;
  }
  const char* p_;
  const char* end_;
};

std::string serialize(const bf::SweepBlock& block) {
  std::string out;
  put_u64(out, block.block);
  put_u64(out, block.rows.size());
  for (const auto& row : block.rows) {
    put_u64(out, row.variant);
    put_u64(out, static_cast<std::uint64_t>(row.world));
    put_text(out, row.status);
    put_text(out, row.error);
    put_u64(out, row.reals.size());
    for (double v : row.reals) put_f64(out, v);
    put_u64(out, row.texts.size());
    for (const auto& t : row.texts) put_text(out, t);
    // The full bottleneck sets travel with the row: the store's long table is written by rank 0.
    put_u64(out, row.bottlenecks.size());
    for (const auto& b : row.bottlenecks) {
      put_text(out, b.question);
      put_u64(out, b.reverse ? 1 : 0);
      put_u64(out, static_cast<std::uint64_t>(b.rank));
      put_text(out, b.element_kind);
      put_text(out, b.element_id);
      put_text(out, b.element_direction);
    }
  }
  return out;
}

bf::SweepBlock deserialize(const std::vector<char>& bytes) {
  Reader in(bytes);
  bf::SweepBlock block;
  block.block = in.u64();
  const std::uint64_t rows = in.u64();
  block.rows.resize(static_cast<std::size_t>(rows));
  for (auto& row : block.rows) {
    row.variant = in.u64();
    row.world = static_cast<int>(in.u64());
    row.status = in.text();
    row.error = in.text();
    row.reals.resize(static_cast<std::size_t>(in.u64()));
    for (auto& v : row.reals) v = in.f64();
    row.texts.resize(static_cast<std::size_t>(in.u64()));
    for (auto& t : row.texts) t = in.text();
    row.bottlenecks.resize(static_cast<std::size_t>(in.u64()));
    for (auto& b : row.bottlenecks) {
      b.question = in.text();
      b.reverse = in.u64() != 0;
      b.rank = static_cast<int>(in.u64());
      b.element_kind = in.text();
      b.element_id = in.text();
      b.element_direction = in.text();
    }
  }
  return block;
}

/// This rank's blocks, solved by a thread pool in the background and queued in order, so the
/// main thread alone talks MPI (MPI_THREAD_FUNNELED) and never spins while the solvers work.
class LocalProducer {
 public:
  LocalProducer(const bf::SweepModel& model, std::vector<std::uint64_t> blocks, int jobs)
      : blocks_(std::move(blocks)), thread_([this, &model, jobs]() {
          try {
            bf::run_blocks(model, blocks_, jobs, [&](bf::SweepBlock& block) {
              std::unique_lock lock(mutex_);
              changed_.wait(lock, [&] { return queue_.size() < 4 || abandon_; });
              if (abandon_) throw std::runtime_error("abandoned");
              queue_.push_back(std::move(block));
              changed_.notify_all();
            });
          } catch (...) {
            std::lock_guard lock(mutex_);
            if (!abandon_) failure_ = std::current_exception();
          }
          std::lock_guard lock(mutex_);
          done_ = true;
          changed_.notify_all();
        }) {}

  ~LocalProducer() {
    {
      std::lock_guard lock(mutex_);
      abandon_ = true;
      changed_.notify_all();
    }
    thread_.join();
  }

  /// Waits up to `wait` for the next block. Returns false on timeout; throws if the pool failed
  /// or ran out of blocks.
  bool pop(bf::SweepBlock& out, std::chrono::milliseconds wait) {
    std::unique_lock lock(mutex_);
    if (!changed_.wait_for(lock, wait, [&] { return !queue_.empty() || done_; })) return false;
    if (queue_.empty()) {
      if (failure_) std::rethrow_exception(failure_);
      throw std::logic_error("MPI: local blocks ended early");
    }
    out = std::move(queue_.front());
    queue_.pop_front();
    changed_.notify_all();
    return true;
  }

 private:
  std::vector<std::uint64_t> blocks_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<bf::SweepBlock> queue_;
  bool done_ = false, abandon_ = false;
  std::exception_ptr failure_;
  std::thread thread_;
};

/// The blocks of `pending` that `rank` computes: pending block i goes to rank i mod P.
std::vector<std::uint64_t> share_of(const std::vector<std::uint64_t>& pending, int rank, int size) {
  std::vector<std::uint64_t> mine;
  for (std::size_t i = 0; i < pending.size(); ++i) {
    if (static_cast<int>(i % static_cast<std::size_t>(size)) == rank) mine.push_back(pending[i]);
  }
  return mine;
}

/// Rank 0 tells every rank whether the run goes ahead (status 0) and, if so, which blocks are
/// pending. As bytes: the ranks of one sweep run one build on one kind of machine, as the block
/// messages assume too.
void broadcast_plan(int& status, std::vector<std::uint64_t>& pending) {
  const mpi::Module& transport = mpi::module();
  transport.broadcast(&status, sizeof status, 0);
  if (status != 0) return;
  std::uint64_t count = pending.size();
  transport.broadcast(&count, sizeof count, 0);
  pending.resize(static_cast<std::size_t>(count));
  if (count > 0) transport.broadcast(pending.data(), count * sizeof(std::uint64_t), 0);
}

/// Ranks other than 0: compute this rank's share and send each block to rank 0. Sends are
/// non-blocking (a few in flight) and polled, so neither side busy-waits.
void send_share(const bf::SweepModel& model, const std::vector<std::uint64_t>& mine, int jobs) {
  using namespace std::chrono_literals;
  const mpi::Module& transport = mpi::module();
  LocalProducer producer(model, mine, jobs);
  // Send handle (-1 once complete: the module reuses a completed handle) and the bytes, which
  // must live until then.
  std::deque<std::pair<int, std::string>> in_flight;
  auto complete = [&](std::pair<int, std::string>& flight) {
    if (flight.first >= 0 && transport.send_done(flight.first)) flight.first = -1;
    return flight.first < 0;
  };
  auto reap = [&](std::size_t keep) {
    while (in_flight.size() > keep) {
      if (complete(in_flight.front())) in_flight.pop_front();
      else std::this_thread::sleep_for(1ms);
    }
  };
  std::size_t sent = 0;
  while (sent < mine.size()) {
    bf::SweepBlock block;
    if (!producer.pop(block, 1ms)) {
      for (auto& flight : in_flight) complete(flight);  // lets MPI progress them
      continue;
    }
    in_flight.emplace_back(-1, serialize(block));
    auto& flight = in_flight.back();
    flight.first = transport.send_start(flight.second.data(), flight.second.size(), 0, kBlockTag);
    ++sent;
    reap(4);
  }
  reap(0);
}

/// Rank 0's block source for run_sweep: its own share from local threads, the others' from MPI,
/// handed to the store in plan order.
void receive_all(const bf::SweepModel& model, const bf::SweepRunPlan& plan, int size, const bf::BlockSink& sink) {
  using namespace std::chrono_literals;
  const mpi::Module& transport = mpi::module();
  LocalProducer producer(model, share_of(plan.pending, 0, size), plan.jobs);
  for (std::size_t i = 0; i < plan.pending.size(); ++i) {
    const int owner = static_cast<int>(i % static_cast<std::size_t>(size));
    bf::SweepBlock block;
    if (owner == 0) {
      while (!producer.pop(block, 100ms)) {
      }
    } else {
      std::int64_t bytes = -1;
      while ((bytes = transport.waiting(owner, kBlockTag)) < 0) std::this_thread::sleep_for(1ms);
      std::vector<char> buffer(static_cast<std::size_t>(bytes));
      transport.receive(buffer.data(), buffer.size(), owner, kBlockTag);
      block = deserialize(buffer);
    }
    sink(block);
  }
}

/// Rank 0: the engine's sweep job with receive_all as its block source. Failures before the plan
/// is broadcast become a status every rank hears; later ones abort the world.
int run_rank0(const bf::SweepModel& model, bf::SweepRunConfig config, ProgressReporter::Mode mode, int size) {
  config.mode = "mpi x" + std::to_string(size);
  bool broadcast = false;
  SweepProgress progress(mode);
  bf::SweepRunHooks hooks = progress.hooks(config.store_path);
  hooks.source = [&](const bf::SweepRunPlan& plan, const bf::BlockSink& sink) {
    int status = 0;
    std::vector<std::uint64_t> pending = plan.pending;
    broadcast_plan(status, pending);
    broadcast = true;
    receive_all(model, plan, size, sink);
  };
  int status = run_store_command([&] {
    const auto result = bf::run_sweep(model, config, hooks);
    progress.finish();
    spdlog::info("{}: {} ranks x {} threads, {} variants in {:.1f} s", config.store_path, size, result.plan.jobs,
                 result.variants_written, progress.elapsed_seconds());
  });
  if (status != kOk && !broadcast) {
    std::vector<std::uint64_t> none;
    broadcast_plan(status, none);
  } else if (status != kOk) {
    mpi::module().abort(status);
  }
  return status;
}

}  // namespace

int run_sweep_mpi(const bf::SweepModel& model, const bf::SweepRunConfig& config, ProgressReporter::Mode mode) {
  const mpi::Module& transport = mpi::module();  // EnvironmentError (exit 2) when it cannot be loaded
  int rank = 0, size = 1;
  transport.init(&rank, &size);
  int status = kOk;
  try {
    if (rank == 0) {
      status = run_rank0(model, config, mode, size);
    } else {
      std::vector<std::uint64_t> pending;
      broadcast_plan(status, pending);
      if (status == kOk) send_share(model, share_of(pending, rank, size), config.jobs > 0 ? config.jobs : bf::default_jobs());
    }
  } catch (const std::exception& e) {
    std::cerr << "error: rank " << rank << ": " << e.what() << "\n";
    transport.abort(kInternal);
    return kInternal;
  }
  transport.finalize();
  return status;
}

namespace mpi {

const Module& module() {
  return borderflow::loaded_module<Module>([] {
    borderflow::ModuleSpec spec;
    spec.file = kModuleFile;
    spec.entry_point = kEntryPoint;
    spec.interface_version = kInterfaceVersion;
    spec.purpose = std::string("the MPI module (") + kModuleFile + ": Open MPI) that `sweep run --mpi` needs";
    // Open MPI loads its components with dlopen, and they need its symbols.
    spec.global_symbols = true;
    return spec;
  });
}

}  // namespace mpi

}  // namespace borderflow_cli
