#include "site/compare_bands.hpp"

#include "sweep/spec.hpp"
#include "sweep/store.hpp"

namespace borderflow {

CompareBandsRead read_compare_bands(const std::string& store, const std::vector<SolvedScenario>& scenarios) {
  using Outcome = CompareBandsRead::Outcome;
  CompareBandsRead out;
  try {
    out.stored = store_bands(store);
  } catch (const StoreInputError& e) {
    out.outcome = Outcome::Unreadable;
    out.error = e.what();
    return out;
  }
  bool matched = false;
  for (const auto& b : out.stored.bands) {
    for (const auto& s : scenarios) matched = matched || s.scenario().name == b.world;
  }
  if (!matched) {
    out.outcome = Outcome::NoScenarioWorld;
    return out;
  }
  try {
    out.spec_hash_now = load_sweep_spec(out.stored.spec_file).hash;
  } catch (const InputError&) {
    out.outcome = Outcome::SpecUnreadable;
    return out;
  }
  if (out.spec_hash_now != out.stored.spec_hash) {
    out.outcome = Outcome::Stale;
    return out;
  }
  out.bands.sweep = out.stored.sweep;
  out.bands.file = store;
  out.bands.variants = out.stored.variants;
  for (const auto& b : out.stored.bands) out.bands.bands[{b.world, b.output}] = Band{b.p10, b.p50, b.p90, b.n};
  return out;
}

}  // namespace borderflow
