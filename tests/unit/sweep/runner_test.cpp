// engine/sweep/runner: --jobs is capped at the blocks to share and at max_jobs(), and a worker
// thread the system refuses to start is a clean WorkerStartError, never std::terminate.
#include <pthread.h>
#include <sys/resource.h>
#include <unistd.h>

#include <fstream>
#include <thread>

#include "sweep_support.hpp"

using namespace bftest;

namespace {

/// A sweep of 24 one-variant blocks on the small transit network.
SweepModel small_model() {
  return SweepModel(spec_from(spec_head() +
                              "design: {type: random, variants: 24}\n"
                              "block_size: 1\n"
                              "parameters:\n"
                              "  - {path: links.ru-kp-bridge-rail.capacity, range: [1 Mt/yr, 5 Mt/yr]}\n"));
}

/// Address space this process maps now (bytes), from /proc/self/statm.
std::uint64_t mapped_bytes() {
  std::ifstream statm("/proc/self/statm");
  std::uint64_t pages = 0;
  statm >> pages;
  return pages * static_cast<std::uint64_t>(::sysconf(_SC_PAGESIZE));
}

#if defined(__SANITIZE_ADDRESS__)
constexpr bool kAddressSanitizer = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool kAddressSanitizer = true;
#else
constexpr bool kAddressSanitizer = false;
#endif
#else
constexpr bool kAddressSanitizer = false;
#endif

}  // namespace

TEST_CASE("sweep runner: workers are capped at the blocks and at max_jobs()", "[sweep][runner]") {
  const int hardware = std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
  CHECK(max_jobs() == std::min(256, 4 * hardware));
  CHECK(worker_count(100000, 3) == 3);
  CHECK(worker_count(100000, 9) == std::min(9, max_jobs()));
  CHECK(worker_count(100000, 1000000) == max_jobs());
  CHECK(worker_count(2, 1000000) == 2);
  CHECK(worker_count(0, 9) == 1);
  CHECK(worker_count(-5, 9) == 1);
  CHECK(worker_count(8, 0) == 1);
}

TEST_CASE("sweep runner: -j 100000 runs the blocks on a few threads and gives the serial rows", "[sweep][runner]") {
  const SweepModel model = small_model();
  REQUIRE(model.block_count() == 24);
  const auto serial = sweep_rows(model, 1);
  const auto many = sweep_rows(model, 100000);  // one thread per job used to abort (SIGABRT)
  REQUIRE(serial.size() == 24);
  CHECK(same_rows(serial, many));
}

TEST_CASE("sweep runner: a thread the system refuses stops the run cleanly", "[sweep][runner]") {
  if (kAddressSanitizer) {
    WARN("AddressSanitizer needs unlimited address space; the RLIMIT_AS fault injection is skipped");
    return;
  }
  const SweepModel model = small_model();
  std::vector<std::uint64_t> blocks(model.block_count());
  for (std::uint64_t b = 0; b < blocks.size(); ++b) blocks[b] = b;
  REQUIRE(max_jobs() >= 4);

  // Fault injection: 1 GiB thread stacks and an address-space limit 2.5 GiB above what is
  // mapped now, so the first worker or two start and a later one cannot (EAGAIN).
  constexpr std::size_t kStack = std::size_t{1} << 30;
  pthread_attr_t saved_attr;
  REQUIRE(::pthread_getattr_default_np(&saved_attr) == 0);
  pthread_attr_t big_stack;
  REQUIRE(::pthread_attr_init(&big_stack) == 0);
  REQUIRE(::pthread_attr_setstacksize(&big_stack, kStack) == 0);
  rlimit saved_limit{};
  REQUIRE(::getrlimit(RLIMIT_AS, &saved_limit) == 0);
  rlimit tight = saved_limit;
  tight.rlim_cur = static_cast<rlim_t>(mapped_bytes() + 2 * kStack + kStack / 2);

  std::string message;
  bool other_failure = false;
  int handed = 0;
  REQUIRE(::pthread_setattr_default_np(&big_stack) == 0);
  REQUIRE(::setrlimit(RLIMIT_AS, &tight) == 0);
  try {
    run_blocks(model, blocks, 8, [&](SweepBlock&) { ++handed; });
  } catch (const WorkerStartError& error) {
    message = error.what();
  } catch (...) {
    other_failure = true;
  }
  ::setrlimit(RLIMIT_AS, &saved_limit);
  ::pthread_setattr_default_np(&saved_attr);
  ::pthread_attr_destroy(&big_stack);
  ::pthread_attr_destroy(&saved_attr);

  CHECK_FALSE(other_failure);
  CHECK_THAT(message, Catch::Matchers::StartsWith("cannot start worker thread "));
  CHECK_THAT(message, Catch::Matchers::EndsWith(" of 8: Resource temporarily unavailable; try fewer --jobs"));
  CHECK(message != "cannot start worker thread 1 of 8: Resource temporarily unavailable; try fewer --jobs");
  CHECK(handed == 0);
  // Limits restored, the same run completes.
  CHECK(same_rows(sweep_rows(model, 8), sweep_rows(model, 1)));
}
