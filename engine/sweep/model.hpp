#pragma once
// The sweep model: the base scenario expanded once into a network that every variant shares,
// the row layout of the results, and the evaluation of a block of variants.
//
// Variants never rebuild the network. Everything a parameter or a world can change is expressed
// as an in-place change to a solver session (engine/solve/flow_lp.hpp): capacities are row
// bounds, costs are objective coefficients, demand quantities are supply bounds, closures and
// no-transit policies are per-class arc availabilities. To make that possible the sweep network
// is expanded once by Network::expand_for_sweep: every element a parameter can open has arcs and
// every capacity a parameter sets has a row; closures are then applied per variant and world.
//
// Determinism: a block is solved by one worker, in variant order, with solver sessions created
// fresh at the block's start. Its rows therefore depend only on the spec and the block, never on
// the thread, shard, rank or earlier run that computes it; blocks are also the unit of commit.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "network/network.hpp"
#include "sweep/spec.hpp"

namespace borderflow {

enum class ColumnKind { Parameter, Output, Delta };

/// One column of the result rows (besides variant, world, status and error).
struct SweepColumn {
  std::string name;
  ColumnKind kind = ColumnKind::Output;
  bool text = false;
  std::string unit;
  int better = 0;   ///< +1 higher is better, -1 lower is better, 0 neither (win shares use it)
  int slot = -1;    ///< index into SweepRow::reals or SweepRow::texts
  int source = -1;  ///< Parameter: parameter index; Delta: index of the output column it differences
};

/// One binding capacity row of a route question's max flow, for the store's long `bottlenecks`
/// table: every row, none cut off (the wide row's `bottleneck.*` text names three).
struct SweepBottleneck {
  std::string question;   ///< the route id
  bool reverse = false;   ///< the question's direction: the route reversed
  int rank = 0;           ///< 1 = the first binding row (highest shadow price, then row order)
  std::string element_kind, element_id, element_direction;  ///< as Network::row_direction words it
};

/// One variant under one world. NaN reals and empty texts are NULL.
struct SweepRow {
  std::uint64_t variant = 0;
  int world = 0;
  std::string status = "ok";  ///< "ok", a solver status ("limit-reached", ...) or "error"
  std::string error;
  std::vector<double> reals;
  std::vector<std::string> texts;
  /// When the spec asks for bottlenecks: every question's binding rows, questions in column
  /// order; empty for a failed row.
  std::vector<SweepBottleneck> bottlenecks;
};

/// The rows of one block, in variant order and world order within a variant.
struct SweepBlock {
  std::uint64_t block = 0;
  std::vector<SweepRow> rows;
};

/// The seed of variant `variant`'s sampled disruptions (engine/scenario/disruption.hpp): the same
/// world under every policy world, thread, shard and resume, and reproducible outside the sweep
/// with sample_disruptions(scenario, disruption_seed(spec, variant)).
std::uint64_t disruption_seed(const SweepSpec& spec, std::uint64_t variant);

class SweepModel {
 public:
  /// Builds the sweep network and the row layout. Throws InputError if the base cannot be
  /// expanded soundly for the parameters given.
  explicit SweepModel(SweepSpec spec);
  ~SweepModel();
  SweepModel(const SweepModel&) = delete;
  SweepModel& operator=(const SweepModel&) = delete;

  const SweepSpec& spec() const;
  const Network& network() const;
  const std::vector<SweepColumn>& columns() const;
  int real_count() const;
  int text_count() const;

  std::uint64_t block_count() const;
  std::uint64_t block_first(std::uint64_t block) const;
  std::uint64_t block_length(std::uint64_t block) const;

  /// Solves every variant of `block` under every world with fresh solver sessions. A variant
  /// that fails is recorded with its status and error; only programming errors throw.
  void evaluate_block(std::uint64_t block, SweepBlock& out) const;

  struct Impl;  ///< opaque

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace borderflow
