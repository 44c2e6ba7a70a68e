#pragma once
// Progress of `borderflow sweep run`: a redrawn bar with rate and ETA when stderr is a terminal,
// a plain line every few seconds otherwise, or nothing. Tools print; the engine does not.
#include <signal.h>

#include <atomic>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "sweep/job.hpp"

namespace borderflow_cli {

/// Counts finished variants and draws at most 10 times a second (bar) or every 5 s (lines).
class ProgressReporter {
 public:
  enum class Mode { Bar, Lines, None };
  /// `total` variants in the sweep part being run, `already` of them done by earlier runs.
  ProgressReporter(Mode mode, std::uint64_t total, std::uint64_t already);
  /// Adds finished variants; redraws when due.
  void advance(std::uint64_t variants, std::uint64_t failed);
  /// Final line (always printed unless mode is None).
  void finish();
  double elapsed_seconds() const;
  std::uint64_t done_this_run() const { return done_ - already_; }

  /// Bar when stderr is a terminal, lines otherwise.
  static Mode automatic();

 private:
  void draw(bool final);

  Mode mode_;
  std::uint64_t total_, already_, done_, failed_ = 0;
  double start_, last_draw_ = -1;
};

/// What `sweep run` shows while the engine runs a sweep: the resume line, then a reporter that
/// starts once the plan is known. Hand hooks() to run_sweep, call finish() when it returns.
class SweepProgress {
 public:
  explicit SweepProgress(ProgressReporter::Mode mode) : mode_(mode) {}
  /// `planned` logs a resume and starts the reporter; `written` advances it. `source` is left empty.
  borderflow::SweepRunHooks hooks(const std::string& store);
  /// The reporter's final line (nothing when the run never started).
  void finish();
  /// Seconds since the plan was known (0 before).
  double elapsed_seconds() const { return reporter_ ? reporter_->elapsed_seconds() : 0.0; }

 private:
  ProgressReporter::Mode mode_;
  std::optional<ProgressReporter> reporter_;
};

/// What `sweep run` says when SIGINT or SIGTERM stops it: how many blocks are committed and the
/// command that continues the run. While a notice lives, the two signals are blocked in the
/// thread that made it and in every thread started after it (workers inherit the mask); a
/// watcher thread takes them, waits until no block is being committed (the run holds the
/// notice's mutex for each commit, see count()), prints the notice and ends the process by the
/// same signal, so the shell still sees 130 or 143 and the store holds whole blocks only. A
/// signal ignored when the notice starts (nohup, a background job of a script) stays ignored.
class InterruptNotice {
 public:
  /// `resume_command` is printed as given; `after_bar` starts the notice on a new line.
  InterruptNotice(std::string store, std::string resume_command, bool after_bar);
  ~InterruptNotice();
  InterruptNotice(const InterruptNotice&) = delete;
  InterruptNotice& operator=(const InterruptNotice&) = delete;
  /// Makes `hooks` count the committed blocks for the notice (around what they already do) and
  /// hold the notice's mutex while each block is committed.
  void count(borderflow::SweepRunHooks& hooks);

 private:
  void watch();
  std::string text() const;

  std::string store_, resume_command_;
  bool after_bar_;
  sigset_t signals_{}, previous_mask_{};
  int wake_signal_ = 0;
  std::mutex commit_mutex_;
  std::atomic<bool> planned_{false}, stopping_{false};
  std::atomic<std::uint64_t> committed_{0}, blocks_{0};
  std::thread watcher_;
};

}  // namespace borderflow_cli
