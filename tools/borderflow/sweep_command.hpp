#pragma once
// `borderflow sweep ...`: run, resume, shard, merge, export and summarise batch sweeps.
#include <functional>
#include <memory>

#include <CLI/CLI.hpp>

#include "command_limits.hpp"

namespace borderflow_cli {

/// The sweep subcommands, registered on the application; run() after parsing.
class SweepCommands {
 public:
  virtual ~SweepCommands() = default;
  /// Whether the parsed command line chose `sweep`.
  virtual bool selected() const = 0;
  /// Runs the chosen sweep subcommand; returns the process exit code (0 ok, 1 usage, 2 input
  /// error, 3 internal error). Input errors (InputError) propagate to main's handler.
  virtual int run() = 0;
};

/// Runs a command on sweep stores and maps its failures to exit codes (exit_codes.hpp): an
/// existing store without --resume is a usage error, a store the user should not have pointed at
/// (StoreInputError) an input error, any other runtime error (SQLite, the disk) internal. Spec
/// errors (InputError) are not caught: they reach main's handler.
int run_store_command(const std::function<void()>& command);

/// Adds `sweep` and its subcommands to `app`.
/// Adds `sweep` and its subcommands to `app`; specs and scenarios are read under `limits` (read
/// when a command runs, after parsing).
std::unique_ptr<SweepCommands> add_sweep_commands(CLI::App& app, const CommandLimits& limits);

}  // namespace borderflow_cli
