#pragma once
// Sampling designs. Every variant is computed from (spec, seed, variant index) alone, in O(d)
// time and memory: nothing is expanded, so a 10^9-variant design costs no memory, and any
// variant can be regenerated on any thread, shard or rank.
//
//   grid             mixed-radix decomposition of the index (first parameter slowest); a range
//                    with L levels takes lo + k (hi - lo) / (L - 1) through its distribution
//   zip              variant i takes the i-th entry of every values: list
//   random           u_ij from a counter-based generator keyed by (seed, i, j)
//   latin_hypercube  u_ij = (pi_j(i) + r_ij) / N, pi_j a pseudo-random permutation of [0, N)
//                    (a keyed Feistel network with cycle walking: no table of N entries)
//   sobol            Saltelli's scheme: base point n of a 2d-dimensional Sobol sequence gives
//                    A_n (first d coordinates) and B_n (last d); variant n (d + 2) + r is A_n for
//                    r = 0, B_n for r = 1, and A_n with coordinate r - 2 taken from B_n otherwise
//   morris           trajectory t: a random start on a p-level grid, then d steps of +Delta, one
//                    per parameter in a random order; variant t (d + 1) + s is the s-th point
#include <cstdint>
#include <string>
#include <vector>

#include "sweep/spec.hpp"

namespace borderflow {

/// SplitMix64 finaliser: a strong 64-bit mix.
std::uint64_t mix64(std::uint64_t x);

/// A counter-based generator: the stream for (seed, a, b) is the same on every machine.
class CounterRng {
 public:
  CounterRng(std::uint64_t seed, std::uint64_t a, std::uint64_t b = 0);
  std::uint64_t next();
  /// Uniform in [0, 1), 53 random bits.
  double uniform();

 private:
  std::uint64_t state_;
};

/// A parameter's draw: a position in [0, 1] for ranges, an index into values: for lists.
struct Draw {
  double u = 0;
  std::size_t index = 0;
};

/// Where a variant sits in a structured design (Sobol and Morris), for the summary.
struct DesignPosition {
  std::uint64_t group = 0;  ///< Sobol base point or Morris trajectory
  std::uint64_t role = 0;   ///< Sobol: 0 = A, 1 = B, 2 + i = A with column i from B; Morris: step
  int changed = -1;         ///< Morris: the parameter that changed to reach this step (-1 at the start)
};
DesignPosition design_position(const SweepSpec& spec, std::uint64_t variant);

/// The Morris step in unit space: levels / (2 (levels - 1)).
double morris_delta(int levels);

/// Computes every parameter's draw for one variant. `draws` is resized to the parameter count.
void draw_variant(const SweepSpec& spec, std::uint64_t variant, std::vector<Draw>& draws);

/// A parameter's value for a draw (internal units); for text parameters the index into labels.
double parameter_value(const SweepParameter& parameter, const Draw& draw);

/// A keyed pseudo-random permutation of [0, n): returns pi(i). O(1) memory.
std::uint64_t permute(std::uint64_t i, std::uint64_t n, std::uint64_t key);

}  // namespace borderflow
