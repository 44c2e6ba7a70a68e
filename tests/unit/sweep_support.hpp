#pragma once
// Helpers for the sweep unit tests: specs held in memory, beside in-memory copies of the
// scenarios of tests/sweep/ and tests/networks/ (so `base: transit.yaml` resolves without the
// disk), and the rows of a sweep computed in-process.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "support.hpp"
#include "sweep/model.hpp"
#include "sweep/runner.hpp"
#include "sweep/spec.hpp"

namespace bftest {

/// Where an in-memory spec lives: beside the in-memory copy of tests/sweep/.
inline std::string memory_spec_path() { return kMemoryRoot + "/sweep/in-memory.yaml"; }

/// A MemorySource holding the spec text at memory_spec_path() and a copy of every scenario in
/// tests/sweep/ and tests/networks/ under kMemoryRoot.
inline std::shared_ptr<MemorySource> memory_spec_source(const std::string& yaml) {
  auto source = std::make_shared<MemorySource>();
  for (const char* folder : {"sweep", "networks"}) {
    const auto dir = std::filesystem::path(BORDERFLOW_SOURCE_DIR) / "tests" / folder;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
      if (entry.path().extension() != ".yaml") continue;
      std::ifstream in(entry.path(), std::ios::binary);
      std::ostringstream text;
      text << in.rdbuf();
      source->add(kMemoryRoot + "/" + folder + "/" + entry.path().filename().string(), text.str());
    }
  }
  source->add(memory_spec_path(), yaml);
  return source;
}

inline SweepSpec spec_from(const std::string& yaml, SweepLoadOptions options = {}) {
  options.source = memory_spec_source(yaml);
  return load_sweep_spec(memory_spec_path(), options);
}

/// The diagnostics a spec is rejected with; fails the test when it loads.
inline std::vector<Diagnostic> spec_errors(const std::string& yaml, SweepLoadOptions options = {}) {
  try {
    (void)spec_from(yaml, options);
  } catch (const InputError& error) {
    return error.diagnostics();
  }
  FAIL("expected the spec to be rejected");
  return {};
}

/// The first lines of a spec on the transit network; append design, parameters, ...
inline std::string spec_head(const std::string& seed = "1") {
  return "borderflow-sweep: 1\nbase: transit.yaml\nseed: " + seed + "\n";
}

inline SweepSpec load_test_spec(const std::string& name) {
  return load_sweep_spec(std::string(BORDERFLOW_SOURCE_DIR) + "/tests/sweep/" + name);
}

/// Every row of a sweep, solved in-process on `jobs` threads, in block order.
inline std::vector<SweepRow> sweep_rows(const SweepModel& model, int jobs) {
  std::vector<std::uint64_t> blocks(model.block_count());
  for (std::uint64_t b = 0; b < blocks.size(); ++b) blocks[b] = b;
  std::vector<SweepRow> rows;
  run_blocks(model, blocks, jobs, [&](SweepBlock& block) {
    for (auto& row : block.rows) rows.push_back(std::move(row));
  });
  return rows;
}

/// Rows compared bit for bit (NaN equals NaN).
inline bool same_rows(const std::vector<SweepRow>& a, const std::vector<SweepRow>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i].variant != b[i].variant || a[i].world != b[i].world || a[i].status != b[i].status ||
        a[i].error != b[i].error || a[i].texts != b[i].texts || a[i].reals.size() != b[i].reals.size()) {
      return false;
    }
    for (std::size_t j = 0; j < a[i].reals.size(); ++j) {
      const double x = a[i].reals[j], y = b[i].reals[j];
      if (!(x == y || (std::isnan(x) && std::isnan(y)))) return false;
    }
    // The full bottleneck sets, row by row.
    if (a[i].bottlenecks.size() != b[i].bottlenecks.size()) return false;
    for (std::size_t j = 0; j < a[i].bottlenecks.size(); ++j) {
      const SweepBottleneck &x = a[i].bottlenecks[j], &y = b[i].bottlenecks[j];
      if (x.question != y.question || x.reverse != y.reverse || x.rank != y.rank || x.element_kind != y.element_kind ||
          x.element_id != y.element_id || x.element_direction != y.element_direction) {
        return false;
      }
    }
  }
  return true;
}

/// The real slot of a column by name (-1 when absent).
inline int column_slot(const SweepModel& model, const std::string& name) {
  for (const auto& c : model.columns()) {
    if (c.name == name) return c.slot;
  }
  return -1;
}

/// The value of a real column of `row`; the column must exist.
inline double column_value(const SweepModel& model, const SweepRow& row, const std::string& name) {
  const int slot = column_slot(model, name);
  REQUIRE(slot >= 0);
  return row.reals[static_cast<std::size_t>(slot)];
}

/// A fresh folder for one test's stores, removed when the test ends; `tag` keeps the folders of
/// test files apart.
struct TempDir {
  std::filesystem::path path;
  explicit TempDir(const std::string& tag)
      : path(std::filesystem::temp_directory_path() / ("borderflow-" + tag + "-test-" + std::to_string(::getpid()))) {
    std::filesystem::remove_all(path);
    std::filesystem::create_directories(path);
  }
  ~TempDir() { std::filesystem::remove_all(path); }
  std::string file(const std::string& name) const { return (path / name).string(); }
};

/// A whole file as text ("" when missing).
inline std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace bftest
