// engine/input/source: the one door for input files. FileSource (regular files, size-capped
// before reading), MemorySource (its in-memory twin) and CachingSource (one read per path).
#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include "core/diagnostic.hpp"
#include "input/source.hpp"

using namespace borderflow;
using Catch::Matchers::StartsWith;

namespace {

/// The single diagnostic `source` refuses `path` with.
Diagnostic read_rejection(const std::string& path, const Limits& limits = {},
                          const InputSource& source = FileSource()) {
  try {
    (void)source.read(path, limits);
  } catch (const InputError& error) {
    REQUIRE(error.diagnostics().size() == 1);
    CHECK(error.diagnostics()[0].where.file == path);
    return error.diagnostics()[0];
  }
  FAIL("expected " << path << " to be rejected");
  return {};
}

/// A fresh temporary folder, removed with everything in it at scope exit.
struct TempDir {
  std::filesystem::path path;
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "borderflow-source-XXXXXX").string();
    REQUIRE(::mkdtemp(pattern.data()) != nullptr);
    path = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path, ignored);
  }
  std::string write(const std::string& name, const std::string& content) const {
    const auto file = path / name;
    std::ofstream(file, std::ios::binary) << content;
    return file.string();
  }
};

/// Counts the reads that reach it.
class CountingSource final : public InputSource {
 public:
  explicit CountingSource(std::shared_ptr<const InputSource> inner) : inner_(std::move(inner)) {}
  std::string read(const std::string& path, const Limits& limits) const override {
    ++reads;
    return inner_->read(path, limits);
  }
  mutable int reads = 0;

 private:
  std::shared_ptr<const InputSource> inner_;
};

}  // namespace

TEST_CASE("FileSource reads regular files within the size limit", "[guard][files]") {
  const TempDir dir;
  const std::string file = dir.write("s.yaml", "borderflow: 1\n");
  CHECK(FileSource().read(file, {}) == "borderflow: 1\n");
  Limits exact;
  exact.max_file_bytes = 14;
  CHECK(FileSource().read(file, exact).size() == 14);
  exact.max_file_bytes = 13;
  CHECK(read_rejection(file, exact).message == "file is 14 bytes; the limit is 13; raise it with --max-file-bytes N, or --trusted for input you trust");
}

TEST_CASE("FileSource refuses a file over 1 MiB by its size, without reading it", "[guard][files]") {
  const TempDir dir;
  const std::string file = (dir.path / "huge.yaml").string();
  {
    std::ofstream touch(file);
  }
  // Sparse: 4 GiB on paper, no blocks on disk, and never read.
  std::filesystem::resize_file(file, 4ull << 30);
  const auto start = std::chrono::steady_clock::now();
  CHECK(read_rejection(file).message == "file is 4294967296 bytes; the limit is 1048576; raise it with --max-file-bytes N, or --trusted for input you trust");
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(1));
  std::filesystem::resize_file(file, (1u << 20) + 1);
  CHECK(read_rejection(file).message == "file is 1048577 bytes; the limit is 1048576; raise it with --max-file-bytes N, or --trusted for input you trust");
  std::filesystem::resize_file(file, 1u << 20);
  CHECK(FileSource().read(file, {}).size() == (1u << 20));  // exactly the limit is allowed
}

TEST_CASE("FileSource refuses what is not a regular file", "[guard][files]") {
  const TempDir dir;
  CHECK(read_rejection((dir.path / "missing.yaml").string()).message == "cannot open file: no such file");
  CHECK(read_rejection((dir.path / "no-dir" / "x.yaml").string()).message == "cannot open file: no such file");
  CHECK(read_rejection(dir.path.string()).message == "is a directory; expected a scenario file");
  // A FIFO would block a reader forever; it must be refused without opening it.
  const std::string fifo = (dir.path / "pipe.yaml").string();
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  CHECK_THAT(read_rejection(fifo).message, StartsWith("not a regular file"));
  CHECK_THAT(read_rejection("/dev/null").message, StartsWith("not a regular file"));
  if (::geteuid() != 0) {  // root reads anything
    const std::string locked = dir.write("locked.yaml", "a: 1\n");
    ::chmod(locked.c_str(), 0);
    CHECK_THAT(read_rejection(locked).message, StartsWith("cannot open file"));
  }
}

TEST_CASE("MemorySource serves what it holds, by normalised path, under the same limits", "[source]") {
  MemorySource memory;
  memory.add("/m/scenarios/a.yaml", "borderflow: 1\n");
  CHECK(memory.read("/m/scenarios/a.yaml", {}) == "borderflow: 1\n");
  CHECK(memory.read("/m/config/../scenarios/./a.yaml", {}) == "borderflow: 1\n");
  CHECK(read_rejection("/m/scenarios/b.yaml", {}, memory).message == "cannot open file: no such file");
  Limits small;
  small.max_file_bytes = 5;
  CHECK(read_rejection("/m/scenarios/a.yaml", small, memory).message == "file is 14 bytes; the limit is 5; raise it with --max-file-bytes N, or --trusted for input you trust");
}

TEST_CASE("MemorySource reads what it does not hold from its fallback", "[source]") {
  const TempDir dir;
  const std::string on_disk = dir.write("disk.yaml", "from disk\n");
  MemorySource overlay(FileSource::shared());
  overlay.add((dir.path / "memory.yaml").string(), "from memory\n");
  CHECK(overlay.read((dir.path / "memory.yaml").string(), {}) == "from memory\n");
  CHECK(overlay.read(on_disk, {}) == "from disk\n");
  CHECK(read_rejection((dir.path / "none.yaml").string(), {}, overlay).message == "cannot open file: no such file");
}

TEST_CASE("CachingSource reads each path once and keeps the bytes it read", "[source]") {
  auto memory = std::make_shared<MemorySource>();
  memory->add("/m/a.yaml", "first\n");
  auto counting = std::make_shared<CountingSource>(memory);
  const CachingSource cache(counting);
  CHECK(cache.read("/m/a.yaml", {}) == "first\n");
  memory->add("/m/a.yaml", "changed\n");  // a file rewritten between two reads of one load
  CHECK(cache.read("/m/a.yaml", {}) == "first\n");
  CHECK(counting->reads == 1);
  Limits small;
  small.max_file_bytes = 3;
  CHECK(read_rejection("/m/a.yaml", small, cache).message == "file is 6 bytes; the limit is 3; raise it with --max-file-bytes N, or --trusted for input you trust");
  CHECK(read_rejection("/m/b.yaml", {}, cache).message == "cannot open file: no such file");
}
