#include "critical_command.hpp"

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <string>

#include <spdlog/spdlog.h>

#include "core/atomic_file.hpp"
#include "core/diagnostic.hpp"
#include "exit_codes.hpp"
#include "terminal_width.hpp"
#include "report/critical_report.hpp"
#include "report/labels.hpp"
#include "scenario/loader.hpp"
#include "solve/critical.hpp"

namespace bf = borderflow;

namespace borderflow_cli {
namespace {

class Command final : public CriticalCommand {
 public:
  Command(CLI::App& app, const CommandLimits& limits) : limits_(limits) {
    command_ = app.add_subcommand("critical", "the most critical elements: what each route question and the routing lose "
                                              "when one element (or, with --pairs, two) is closed");
    command_->add_option("file", file_, "scenario file")->required();
    command_->add_option("--top", top_, "rows of each table, and with --pairs the elements pairs are taken from")
        ->check(CLI::Range(std::size_t{1}, std::size_t{100000}))
        ->capture_default_str();
    command_->add_flag("--pairs", pairs_, "also rank the pairs among the top elements that lose more together (N-2)");
    command_->add_option("--format", format_, "output format")
        ->check(CLI::IsMember({"table", "json", "csv", "markdown"}))
        ->capture_default_str();
    command_->add_option("-o,--output", output_, "write to this file (atomically) instead of standard output");
    command_->add_option("--max-seconds", max_seconds_,
                         "time budget of the whole command; closures it cuts off are limit-reached and the exit code is 2")
        ->check(CLI::Range(0.0, 1e6))
        ->capture_default_str();
  }

  bool selected() const override { return command_->parsed(); }

  bf::LoadOptions load_options() const {
    bf::LoadOptions options;
    options.limits = limits_.input();
    return options;
  }

  int run() override {
    bf::SolveLimits limits;
    limits.max_memory_bytes = limits_.max_memory_bytes();
    limits.deadline = std::chrono::steady_clock::now() +
                      std::chrono::duration_cast<std::chrono::steady_clock::duration>(std::chrono::duration<double>(max_seconds_));
    bf::CriticalOptions options;
    options.pairs = pairs_;
    options.pair_candidates = top_;
    const bf::SolvedCritical solved =
        bf::solve_critical(std::make_shared<const bf::Scenario>(bf::load_scenario(file_, load_options())), file_, options, limits);
    spdlog::debug("{}: {} elements, {} pairs kept, {} LPs solved (the other closures read off the base)", file_,
                  solved.answer.singles.size(), solved.answer.pairs.size(), solved.answer.lp_solves);
    write(bf::render_critical(solved, format(), top_, table_width(output_.empty() || output_ == "-")));
    const std::string notice = bf::critical_limit_notice(solved, max_seconds_);
    if (notice.empty()) return kOk;
    std::cerr << notice << "\n";
    return kInput;
  }

 private:
  bf::Format format() const {
    if (format_ == "json") return bf::Format::Json;
    if (format_ == "csv") return bf::Format::Csv;
    if (format_ == "markdown") return bf::Format::Markdown;
    return bf::Format::Table;
  }

  /// To -o atomically, or to standard output, where a lost write throws like every command's.
  void write(const std::string& text) const {
    if (!output_.empty() && output_ != "-") {
      bf::write_file_atomically(output_, text);
      spdlog::info("wrote {}", output_);
      return;
    }
    errno = 0;
    if (std::fwrite(text.data(), 1, text.size(), stdout) != text.size() || std::fflush(stdout) != 0) {
      throw bf::EnvironmentError(std::string("cannot write standard output: ") + std::strerror(errno ? errno : EIO));
    }
  }

  CLI::App* command_ = nullptr;
  std::string file_, format_ = "table", output_;
  std::size_t top_ = bf::kCriticalTableRows;
  bool pairs_ = false;
  double max_seconds_ = 300;
  const CommandLimits& limits_;
};

}  // namespace

std::unique_ptr<CriticalCommand> add_critical_command(CLI::App& app, const CommandLimits& limits) {
  return std::make_unique<Command>(app, limits);
}

}  // namespace borderflow_cli
