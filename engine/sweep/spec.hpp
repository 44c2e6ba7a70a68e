#pragma once
// A sweep specification: which scenario fields vary, over what ranges, by which sampling design,
// under which matched policy worlds, and which outputs each variant records. Specs are untrusted
// input: they pass the same YAML guard as scenarios, keys are strict (with did-you-mean hints),
// every problem is reported as FILE:LINE:COLUMN, and the number of variants is computed and
// capped before anything is expanded (reference/reliability.md, item 8).
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/diagnostic.hpp"
#include "core/limits.hpp"
#include "input/source.hpp"
#include "scenario/scenario.hpp"
#include "solve/flow_lp.hpp"

namespace borderflow {

/// Bounds on what a spec may ask for.
struct SweepLimits {
  std::uint64_t default_max_variants = 10000;          ///< when the spec gives no max_variants
  std::uint64_t max_variants_ceiling = 1000000000;     ///< no spec may raise max_variants past this
  std::size_t max_parameters = 256;
  std::size_t max_values = 10000;                      ///< entries in one values: list
  std::size_t max_worlds = 16;
  std::size_t max_transit_switches = 6;                ///< policy.transit.* parameters (2^n masks)
  std::uint64_t max_block_size = 65536;
};

enum class DesignType { Grid, Zip, Random, LatinHypercube, Sobol, Morris };
std::string to_string(DesignType type);

/// What a parameter path addresses: a variable field of the scenario (scenario/fields.hpp).
using ParameterTarget = FieldId;

struct SweepParameter {
  std::string path;  ///< "links.khasan-tumangang-rail.capacity", as written
  ParameterTarget target = ParameterTarget::LinkCapacity;
  int element = -1;     ///< link, transfer, crossing or demand index in the base scenario
  std::string country;  ///< Transit only
  Dimension dimension = Dimension::FlowRate;  ///< of the values, for numeric targets
  std::string unit;     ///< internal unit of the values ("t/yr", "USD/t", "USD/t-km", "" for switches)
  /// A range sampled through `distribution`; otherwise a list of values.
  bool continuous = false;
  double low = 0, high = 0, mode = 0;
  Distribution distribution = Distribution::Uniform;
  int levels = 0;  ///< grid points over the range (grid designs only; 0 = the design's default)
  std::vector<double> numbers;      ///< list values (numeric targets)
  std::vector<std::string> labels;  ///< list values as text ("open"/"closed" for status targets)
  bool text = false;                ///< the value is text (status targets)
  std::string origin = "spec";      ///< "spec", or "scenario" for a range written on a scenario field
  SourceLocation where;

  std::size_t value_count() const { return text ? labels.size() : numbers.size(); }
};

/// A policy world: the same variants solved under another policy (matched pairs).
struct SweepWorld {
  std::string name;
  std::vector<std::string> no_transit;  ///< ISO codes
  std::vector<std::string> closed;      ///< link, transfer or crossing ids
  std::string scenario_file;            ///< when the world was given as a scenario file
  SourceLocation where;
};

/// Which elements an output is recorded for: none, all, or the listed ones (indices).
struct OutputSelection {
  bool all = false;
  std::vector<int> elements;
  bool any() const { return all || !elements.empty(); }
};

struct SweepOutputs {
  OutputSelection route_capacity;  ///< max flow per route (and reverse direction where asked)
  bool bottleneck = true;          ///< the binding capacity ids of each route capacity
  bool route_cost = false;         ///< cheapest USD/t at route capacity (a second LP phase)
  OutputSelection crossing_flow, transfer_flow, link_flow;  ///< t/yr, both directions summed
  OutputSelection cost_per_tonne;  ///< per demand, plus the mean over all delivered tonnes
  OutputSelection unserved;        ///< per demand, plus the total
  bool total_cost = true;          ///< transport cost plus unserved penalties, USD/yr
  bool routing() const {
    return crossing_flow.any() || transfer_flow.any() || link_flow.any() || cost_per_tonne.any() || unserved.any() ||
           total_cost;
  }
};

struct SweepSpec {
  std::string file;         ///< as given
  std::string name, description;
  std::string base_file;    ///< resolved path of the base scenario
  std::shared_ptr<const Scenario> base;
  std::uint64_t seed = 0;
  std::uint64_t max_variants = 0;
  DesignType design = DesignType::Grid;
  std::uint64_t design_size = 0;  ///< variants (random, lhs), base points (sobol), trajectories (morris)
  int default_levels = 3;         ///< grid levels for ranges without levels:
  int morris_levels = 4;
  std::uint64_t variant_count = 0;
  std::uint64_t block_size = 0;  ///< variants per block: the unit of work, commit and resume
  std::vector<SweepParameter> parameters;
  std::vector<SweepWorld> worlds;  ///< at least one; the first is the reference of the deltas
  SweepOutputs outputs;
  SolveLimits limits;
  std::string hash;  ///< hex digest of the spec text and every scenario file it reads
  /// Every input the hash covers, in hash order: the spec file, then each scenario file, or for a
  /// network in tables each table file it reads; with the hex digest of that input alone.
  struct Input {
    std::string file;
    std::string digest;
  };
  std::vector<Input> inputs;
  std::string text;  ///< the spec file's text, kept in the store's metadata
};

struct SweepLoadOptions {
  Limits limits;
  SweepLimits sweep_limits;
  /// Where the spec and every scenario it names are read; tests and benchmarks pass a MemorySource.
  /// Each file is read once: the hash covers the very bytes that were parsed.
  std::shared_ptr<const InputSource> source = FileSource::shared();
};

/// Loads and validates a sweep spec and its base (and world) scenarios. Throws InputError with
/// every problem found, each as FILE:LINE:COLUMN.
SweepSpec load_sweep_spec(const std::string& path, const SweepLoadOptions& options = {});

/// The number of variants a design expands to, or nullopt when it overflows 64 bits.
/// Grid: the product of the level counts; zip: the common list length; random and Latin
/// hypercube: design_size; Sobol: design_size * (parameters + 2); Morris: design_size * (parameters + 1).
std::optional<std::uint64_t> count_variants(const SweepSpec& spec);

}  // namespace borderflow
