// libFuzzer target over the sweep spec reader: arbitrary bytes as a spec placed in the bundled
// scenario tree (fuzz_tree.hpp, in memory), then, when it loads, the sweep model (network
// expansion for the parameters, masks per world, the store's column layout) and, for a small
// first block, its evaluation. Any outcome other than a model or an InputError is a bug: a crash,
// a sanitizer report, or another exception.
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/diagnostic.hpp"
#include "fuzz_tree.hpp"
#include "sweep/model.hpp"
#include "sweep/spec.hpp"

namespace {

/// Evaluate the first block only when it is this small: one spec then costs milliseconds.
constexpr std::uint64_t kMaxSolvedRows = 8;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::shared_ptr<const borderflow::InputSource> tree = borderflow::fuzz::scenario_tree();
  auto source = std::make_shared<borderflow::MemorySource>(tree);
  source->add(borderflow::fuzz::kFuzzSpec, std::string(reinterpret_cast<const char*>(data), size));
  borderflow::SweepLoadOptions options;
  options.source = source;
  try {
    borderflow::SweepSpec spec = borderflow::load_sweep_spec(borderflow::fuzz::kFuzzSpec, options);
    spec.limits.max_seconds = 1;
    const borderflow::SweepModel model(std::move(spec));
    if (model.block_count() == 0) return 0;
    if (model.block_length(0) * model.spec().worlds.size() > kMaxSolvedRows) return 0;
    borderflow::SweepBlock block;
    model.evaluate_block(0, block);
    if (block.rows.size() != model.block_length(0) * model.spec().worlds.size()) __builtin_trap();
  } catch (const borderflow::InputError&) {
  }
  return 0;
}
