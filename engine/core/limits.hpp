#pragma once
// Bounds on untrusted input and derived work. Each is pinned by a tests/bad_input case.
#include <cstddef>

namespace borderflow {

/// The largest quantity the engine accepts, in internal units (t/yr, USD/t, ...): beyond it an
/// LP's coefficients span too many orders of magnitude to be solved reliably, so a larger figure
/// is a data error, not a plan. Input readers reject it; the LP builder refuses it as NumericRange.
inline constexpr double kMaxMagnitude = 1e12;

struct Limits {
  std::size_t max_file_bytes = 1 << 20;     ///< per YAML file
  int max_depth = 16;                       ///< nesting of maps and sequences
  std::size_t max_nodes = 100000;           ///< per YAML file
  std::size_t max_scalar_bytes = 4096;
  int max_extends_depth = 4;                ///< files in an extends chain beyond the first
  std::size_t max_elements = 20000;         ///< places + links + transfers + ... after merging
};

}  // namespace borderflow
