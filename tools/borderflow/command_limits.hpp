#pragma once
// The limits every command reads input and solves under, from the command line: the defaults of
// engine/core/limits.hpp (safe for a file from anywhere), --trusted (large networks one trusts),
// and one flag per limit, which wins over both. The refusals in the engine name these flags.
#include <cstddef>
#include <string>

#include <CLI/CLI.hpp>

#include "core/limits.hpp"
#include "solve/flow_lp.hpp"

namespace borderflow_cli {

struct CommandLimits {
  bool trusted = false;
  // 0: not given (every limit is at least 1).
  std::size_t max_file_bytes = 0;
  std::size_t max_yaml_nodes = 0;
  std::size_t max_value_bytes = 0;
  int max_extends = 0;
  std::size_t max_elements = 0;
  double max_memory_gb = borderflow::SolveLimits{}.max_memory_bytes / 1e9;

  /// The input limits: the defaults or --trusted's, with each given flag on top.
  borderflow::Limits input() const {
    borderflow::Limits limits = trusted ? borderflow::Limits::trusted() : borderflow::Limits{};
    if (max_file_bytes) limits.max_file_bytes = max_file_bytes;
    if (max_yaml_nodes) limits.max_nodes = max_yaml_nodes;
    if (max_value_bytes) limits.max_scalar_bytes = max_value_bytes;
    if (max_extends) limits.max_extends_depth = max_extends;
    if (max_elements) limits.max_elements = max_elements;
    return limits;
  }
  double max_memory_bytes() const { return max_memory_gb * 1e9; }
  /// The input-limit options as given, for a command line that repeats this one (" --trusted ...").
  std::string given_flags() const {
    std::string flags = trusted ? " --trusted" : "";
    auto add = [&flags](const char* flag, auto value) {
      if (value) flags += std::string(" ") + flag + " " + std::to_string(value);
    };
    add(borderflow::kMaxFileBytesFlag, max_file_bytes);
    add(borderflow::kMaxNodesFlag, max_yaml_nodes);
    add(borderflow::kMaxScalarBytesFlag, max_value_bytes);
    add(borderflow::kMaxExtendsFlag, max_extends);
    add(borderflow::kMaxElementsFlag, max_elements);
    return flags;
  }
};

/// Adds the options to `app` (they also work after the command: the app falls through).
inline void add_limit_options(CLI::App& app, CommandLimits& limits) {
  const char* group = "Input limits";
  app.add_flag("--trusted", limits.trusted,
               "raise every input limit to what a national or continental network needs (for files you trust)")
      ->group(group);
  app.add_option(borderflow::kMaxFileBytesFlag, limits.max_file_bytes, "largest input file in bytes (default 1048576)")
      ->check(CLI::PositiveNumber)
      ->group(group);
  app.add_option(borderflow::kMaxNodesFlag, limits.max_yaml_nodes, "most YAML nodes in one file (default 100000)")
      ->check(CLI::PositiveNumber)
      ->group(group);
  app.add_option(borderflow::kMaxScalarBytesFlag, limits.max_value_bytes, "longest single value in bytes (default 4096)")
      ->check(CLI::PositiveNumber)
      ->group(group);
  app.add_option(borderflow::kMaxExtendsFlag, limits.max_extends, "most files an extends chain adds (default 4)")
      ->check(CLI::Range(1, 64))
      ->group(group);
  app.add_option(borderflow::kMaxElementsFlag, limits.max_elements,
                 "most elements (places, links, transfers, ..., table rows) after merging (default 20000)")
      ->check(CLI::PositiveNumber)
      ->group(group);
  app.add_option(borderflow::kMaxMemoryFlag, limits.max_memory_gb,
                 "memory a run's linear programs may need, estimated before they are built; a larger run is refused")
      ->check(CLI::Range(1e-6, 1e6))
      ->capture_default_str()
      ->group(group);
}

}  // namespace borderflow_cli
