#include "sweep_progress.hpp"

#include <pthread.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <utility>

#include <spdlog/spdlog.h>

#include "core/text.hpp"

namespace borderflow_cli {

using borderflow::format_grouped;

namespace {
double now_seconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

std::string clock_text(double seconds) {
  if (!(seconds >= 0) || seconds > 1e7) return "--:--";
  const auto s = static_cast<long>(seconds + 0.5);
  char buffer[32];
  if (s >= 3600) std::snprintf(buffer, sizeof buffer, "%ld:%02ld:%02ld", s / 3600, (s / 60) % 60, s % 60);
  else std::snprintf(buffer, sizeof buffer, "%02ld:%02ld", s / 60, s % 60);
  return buffer;
}
}  // namespace

ProgressReporter::ProgressReporter(Mode mode, std::uint64_t total, std::uint64_t already)
    : mode_(mode), total_(total), already_(already), done_(already), start_(now_seconds()) {}

ProgressReporter::Mode ProgressReporter::automatic() { return ::isatty(STDERR_FILENO) ? Mode::Bar : Mode::Lines; }

double ProgressReporter::elapsed_seconds() const { return now_seconds() - start_; }

void ProgressReporter::advance(std::uint64_t variants, std::uint64_t failed) {
  done_ += variants;
  failed_ += failed;
  if (mode_ == Mode::None) return;
  const double t = elapsed_seconds();
  const double interval = mode_ == Mode::Bar ? 0.1 : 5.0;
  if (last_draw_ < 0 || t - last_draw_ >= interval) {
    draw(false);
    last_draw_ = t;
  }
}

void ProgressReporter::finish() {
  if (mode_ == Mode::None) return;
  draw(true);
}

void ProgressReporter::draw(bool final) {
  const double t = elapsed_seconds();
  const double rate = t > 0 ? static_cast<double>(done_ - already_) / t : 0;
  const double eta = rate > 0 ? static_cast<double>(total_ - done_) / rate : -1;
  const double share = total_ ? static_cast<double>(done_) / static_cast<double>(total_) : 1;
  char line[256];
  if (mode_ == Mode::Bar) {
    const int width = 30;
    const int filled = static_cast<int>(share * width);
    std::string bar(static_cast<std::size_t>(filled), '#');
    bar.resize(width, '.');
    std::snprintf(line, sizeof line, "\r[%s] %5.1f%%  %s/%s variants  %s/s  ETA %s%s%s", bar.c_str(), share * 100,
                  format_grouped(static_cast<double>(done_)).c_str(), format_grouped(static_cast<double>(total_)).c_str(),
                  format_grouped(rate).c_str(), final ? clock_text(0).c_str() : clock_text(eta).c_str(),
                  failed_ ? ("  failed " + std::to_string(failed_)).c_str() : "", final ? "\n" : "");
  } else {
    std::snprintf(line, sizeof line, "progress: %s/%s variants (%.1f%%), %s/s, %s %s%s\n",
                  format_grouped(static_cast<double>(done_)).c_str(), format_grouped(static_cast<double>(total_)).c_str(),
                  share * 100, format_grouped(rate).c_str(), final ? "elapsed" : "ETA",
                  final ? clock_text(t).c_str() : clock_text(eta).c_str(),
                  failed_ ? (", failed " + std::to_string(failed_)).c_str() : "");
  }
  std::fputs(line, stderr);
  std::fflush(stderr);
}

borderflow::SweepRunHooks SweepProgress::hooks(const std::string& store) {
  borderflow::SweepRunHooks hooks;
  hooks.planned = [this, store](const borderflow::SweepRunPlan& plan) {
    if (plan.resumed) {
      spdlog::info("resuming {}: {} of {} blocks done, {} to go", store, plan.part_blocks - plan.pending.size(),
                   plan.part_blocks, plan.pending.size());
    }
    reporter_.emplace(mode_, plan.part_variants, plan.done_variants);
  };
  hooks.written = [this](const borderflow::SweepBlock&, std::uint64_t variants, std::uint64_t failed_rows) {
    reporter_->advance(variants, failed_rows);
  };
  return hooks;
}

void SweepProgress::finish() {
  if (reporter_) reporter_->finish();
}

InterruptNotice::InterruptNotice(std::string store, std::string resume_command, bool after_bar)
    : store_(std::move(store)), resume_command_(std::move(resume_command)), after_bar_(after_bar) {
  sigemptyset(&signals_);
  for (int signal : {SIGTERM, SIGINT}) {
    struct sigaction current {};
    if (sigaction(signal, nullptr, &current) == 0 && current.sa_handler != SIG_IGN) {
      sigaddset(&signals_, signal);
      wake_signal_ = signal;
    }
  }
  pthread_sigmask(SIG_BLOCK, &signals_, &previous_mask_);
  if (wake_signal_ != 0) watcher_ = std::thread([this] { watch(); });
}

InterruptNotice::~InterruptNotice() {
  if (watcher_.joinable()) {
    // The watcher waits in sigwait: a signal sent to it alone wakes it to see that it may stop.
    stopping_ = true;
    pthread_kill(watcher_.native_handle(), wake_signal_);
    watcher_.join();
  }
  pthread_sigmask(SIG_SETMASK, &previous_mask_, nullptr);
}

void InterruptNotice::count(borderflow::SweepRunHooks& hooks) {
  hooks.planned = [this, planned = std::move(hooks.planned)](const borderflow::SweepRunPlan& plan) {
    blocks_ = plan.part_blocks;
    committed_ = plan.part_blocks - plan.pending.size();
    planned_ = true;
    if (planned) planned(plan);
  };
  hooks.written = [this, written = std::move(hooks.written)](const borderflow::SweepBlock& block, std::uint64_t variants,
                                                             std::uint64_t failed_rows) {
    ++committed_;
    if (written) written(block, variants, failed_rows);
  };
  hooks.commit_mutex = &commit_mutex_;
}

std::string InterruptNotice::text() const {
  std::string out = after_bar_ ? "\n" : "";
  if (planned_) {
    out += "interrupted: " + std::to_string(committed_) + " of " + std::to_string(blocks_) + " blocks are committed to " +
           store_ + "; continue with:\n";
  } else {
    out += "interrupted before any block was computed; start again with:\n";
  }
  return out + "  " + resume_command_ + "\n";
}

void InterruptNotice::watch() {
  int signal = 0;
  while (sigwait(&signals_, &signal) == 0) {
    if (stopping_) return;
    // Held until the process ends: no block is half committed now, and none is committed after
    // the count is printed.
    std::lock_guard<std::mutex> no_commit(commit_mutex_);
    const std::string notice = text();
    std::fputs(notice.c_str(), stderr);
    std::fflush(stderr);
    // End as the signal would have ended the process: default action, unblocked in this thread.
    std::signal(signal, SIG_DFL);
    sigset_t only;
    sigemptyset(&only);
    sigaddset(&only, signal);
    pthread_sigmask(SIG_UNBLOCK, &only, nullptr);
    std::raise(signal);
    std::_Exit(128 + signal);  // not reached: the default action of both signals ends the process
  }
}

}  // namespace borderflow_cli
