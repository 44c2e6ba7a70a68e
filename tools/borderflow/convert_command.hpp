#pragma once
// `borderflow convert IN -o OUT`: a scenario's network to tables (a CSV folder or a GeoPackage),
// or tables back to YAML (engine/scenario/network_tables.hpp; docs/network-tables.md).
#include <memory>

#include <CLI/CLI.hpp>

#include "command_limits.hpp"

namespace borderflow_cli {

/// The `convert` command, registered on the application; run() after parsing.
class ConvertCommand {
 public:
  virtual ~ConvertCommand() = default;
  /// Whether the parsed command line chose `convert`.
  virtual bool selected() const = 0;
  /// Runs it; returns the exit code (exit_codes.hpp). Input and environment errors propagate to
  /// main's handler.
  virtual int run() = 0;
};

/// Adds `convert` to `app`.
/// Adds `convert` to `app`; it reads under `limits` (read after parsing).
std::unique_ptr<ConvertCommand> add_convert_command(CLI::App& app, const CommandLimits& limits);

}  // namespace borderflow_cli
