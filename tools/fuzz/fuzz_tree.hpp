#pragma once
// The repository's scenario tree, held in memory for the fuzz targets: a spec under fuzz names
// its base (and world) scenarios relative to itself, and every execution must find them without
// touching the disk. The files are read once, when the target starts, from the source tree the
// target was built from (BORDERFLOW_SOURCE_DIR), and mirrored under kFuzzTree in the same layout:
//
//   /fuzz/tree/config/*.yaml              config/ (what the bundled scenarios extend)
//   /fuzz/tree/scenarios/*.yaml           scenarios/, plus tests/sweep/bad_specs/base.yaml as base.yaml
//   /fuzz/tree/scenarios/sweeps/*.yaml    tests/sweep/*.yaml (transit.yaml and its specs)
//
// so the bundled specs (`base: ../baseline-2024.yaml`), the bad_specs cases (`base: ../base.yaml`)
// and the test sweeps (`base: transit.yaml`) all resolve when the spec sits in scenarios/sweeps/.
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "input/source.hpp"

#ifndef BORDERFLOW_SOURCE_DIR
#error "BORDERFLOW_SOURCE_DIR must name the source tree (tools/CMakeLists.txt sets it)"
#endif

namespace borderflow::fuzz {

inline const std::string kFuzzTree = "/fuzz/tree";
/// Where the spec under fuzz is placed (beside the bundled specs).
inline const std::string kFuzzSpec = kFuzzTree + "/scenarios/sweeps/fuzz.yaml";

/// A MemorySource with no fallback (nothing is read from disk after start) holding the tree above.
/// Aborts when the source tree is missing: a target without its bases would fuzz only refusals.
inline std::shared_ptr<MemorySource> scenario_tree() {
  namespace fs = std::filesystem;
  const fs::path repo(BORDERFLOW_SOURCE_DIR);
  auto source = std::make_shared<MemorySource>();
  std::size_t files = 0;
  auto mirror = [&](const fs::path& folder, const std::string& into) {
    std::error_code error;
    for (const auto& entry : fs::directory_iterator(repo / folder, error)) {
      if (!entry.is_regular_file() || entry.path().extension() != ".yaml") continue;
      std::ifstream in(entry.path(), std::ios::binary);
      std::ostringstream text;
      text << in.rdbuf();
      source->add(kFuzzTree + "/" + into + "/" + entry.path().filename().string(), text.str());
      ++files;
    }
  };
  mirror("config", "config");
  mirror("scenarios", "scenarios");
  mirror("tests/sweep", "scenarios/sweeps");
  std::ifstream base(repo / "tests/sweep/bad_specs/base.yaml", std::ios::binary);
  std::ostringstream base_text;
  base_text << base.rdbuf();
  source->add(kFuzzTree + "/scenarios/base.yaml", base_text.str());
  if (files < 5 || base_text.str().empty()) {
    std::fprintf(stderr, "fuzz: the scenario tree under %s is missing\n", BORDERFLOW_SOURCE_DIR);
    std::abort();
  }
  return source;
}

}  // namespace borderflow::fuzz
