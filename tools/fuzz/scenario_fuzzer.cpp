// libFuzzer target over the whole input path: arbitrary bytes as a scenario file, then (when it
// loads) the network expansion, its checks and the solvers. Any outcome other than a loaded
// scenario or an InputError is a bug: a crash, a sanitizer report, or another exception.
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/diagnostic.hpp"
#include "network/network.hpp"
#include "scenario/loader.hpp"
#include "solve/answers.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  borderflow::LoadOptions options;
  options.read_file = [&](const std::string& path, const borderflow::Limits& limits) -> std::string {
    if (path == "fuzz.yaml") {
      if (text.size() > limits.max_file_bytes) {
        throw borderflow::InputError(borderflow::SourceLocation{path, 0, 0}, "too large");
      }
      return text;
    }
    throw borderflow::InputError(borderflow::SourceLocation{path, 0, 0}, "no such file");
  };
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
