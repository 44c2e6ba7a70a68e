#pragma once
// Bounds on untrusted input and derived work. Each is pinned by a tests/bad_input case.
//
// The defaults are safe for a file from anywhere: a scenario someone mailed cannot make the
// engine parse for minutes or take the machine's memory. Networks of 10^4-10^6 links exceed them
// by design; the user who trusts such a file raises the limits on the command line, one by one
// (the flags below) or all at once (--trusted). Every refusal names the limit and the flag that
// raises it (limit_advice), so the remedy is in the message.
#include <cstddef>
#include <string>

namespace borderflow {

/// The largest quantity the engine accepts, in internal units (t/yr, USD/t, ...): beyond it an
/// LP's coefficients span too many orders of magnitude to be solved reliably, so a larger figure
/// is a data error, not a plan. Input readers reject it; the LP builder refuses it as NumericRange.
inline constexpr double kMaxMagnitude = 1e12;

struct Limits {
  std::size_t max_file_bytes = 1 << 20;     ///< per input file (YAML, CSV table, GeoPackage)
  int max_depth = 16;                       ///< nesting of maps and sequences (fixed: no scenario needs more)
  std::size_t max_nodes = 100000;           ///< per YAML file
  std::size_t max_scalar_bytes = 4096;
  int max_extends_depth = 4;                ///< files in an extends chain beyond the first
  std::size_t max_elements = 20000;         ///< places + links + transfers + ... after merging (table rows count)

  /// What --trusted sets: bounds a national or continental network in tables fits (10^6 links and
  /// their places, a GeoPackage of a few GB), still finite so a runaway file ends in a message.
  static Limits trusted() {
    Limits limits;
    limits.max_file_bytes = std::size_t{8} << 30;
    limits.max_nodes = 200000000;
    limits.max_scalar_bytes = 1 << 20;
    limits.max_extends_depth = 16;
    limits.max_elements = 50000000;
    return limits;
  }
};

/// The command-line options that raise each limit (tools/borderflow).
inline constexpr const char* kMaxFileBytesFlag = "--max-file-bytes";
inline constexpr const char* kMaxNodesFlag = "--max-yaml-nodes";
inline constexpr const char* kMaxScalarBytesFlag = "--max-value-bytes";
inline constexpr const char* kMaxExtendsFlag = "--max-extends";
inline constexpr const char* kMaxElementsFlag = "--max-elements";

/// Appended to a refusal: "; raise it with --max-elements N, or --trusted for input you trust".
inline std::string limit_advice(const char* flag) {
  return std::string("; raise it with ") + flag + " N, or --trusted for input you trust";
}

}  // namespace borderflow
