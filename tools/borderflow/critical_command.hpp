#pragma once
// `borderflow critical SCENARIO`: the most critical elements (engine/solve/critical.hpp).
#include <memory>

#include <CLI/CLI.hpp>

#include "command_limits.hpp"

namespace borderflow_cli {

/// The `critical` command, registered on the application; run() after parsing.
class CriticalCommand {
 public:
  virtual ~CriticalCommand() = default;
  /// Whether the parsed command line chose `critical`.
  virtual bool selected() const = 0;
  /// Runs it; returns the exit code (exit_codes.hpp): 2 when some closure hit --max-seconds.
  /// Input and environment errors propagate to main's handler.
  virtual int run() = 0;
};

/// Adds `critical` to `app`.
/// Adds `critical` to `app`; it reads and solves under `limits` (read after parsing).
std::unique_ptr<CriticalCommand> add_critical_command(CLI::App& app, const CommandLimits& limits);

}  // namespace borderflow_cli
