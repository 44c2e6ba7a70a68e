// libFuzzer target over the whole input path: arbitrary bytes as a scenario file, then (when it
// loads) the network expansion, its checks and the solvers. Any outcome other than a loaded
// scenario or an InputError is a bug: a crash, a sanitizer report, or another exception.
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/diagnostic.hpp"
#include "input/source.hpp"
#include "network/network.hpp"
#include "scenario/loader.hpp"
#include "solve/answers.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  borderflow::LoadOptions options;
  auto source = std::make_shared<borderflow::MemorySource>();
  source->add("fuzz.yaml", text);
  options.source = source;
  try {
    const borderflow::Scenario scenario = borderflow::load_scenario("fuzz.yaml", options);
    if (scenario.places.size() > 64 || scenario.links.size() > 256) return 0;
    const borderflow::Network network(scenario);
    if (!network.check().empty()) __builtin_trap();
    borderflow::SolveLimits limits;
    limits.max_seconds = 1;
    const auto answer = borderflow::answer_scenario(network, limits);
    for (const auto& c : answer.capacities) {
      if (c.status == borderflow::SolveStatus::Optimal && !c.certified) __builtin_trap();
    }
  } catch (const borderflow::InputError&) {
  }
  return 0;
}
