// engine/core/atomic_file: a reader sees the old file or the whole new one, never a part.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/atomic_file.hpp"

using namespace borderflow;
namespace fs = std::filesystem;

namespace {

struct TempDir {
  fs::path path;
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "borderflow-atomic-XXXXXX").string();
    REQUIRE(::mkdtemp(pattern.data()) != nullptr);
    path = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    fs::remove_all(path, ignored);
  }
};

std::string read(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::size_t entries(const fs::path& dir) {
  return static_cast<std::size_t>(std::distance(fs::directory_iterator(dir), fs::directory_iterator()));
}

}  // namespace

TEST_CASE("write_file_atomically creates and replaces files, leaving no temporary behind", "[atomic_file]") {
  const TempDir dir;
  const fs::path file = dir.path / "out.json";
  write_file_atomically(file.string(), "first\n");
  CHECK(read(file) == "first\n");
  write_file_atomically(file.string(), "second, longer\n");
  CHECK(read(file) == "second, longer\n");
  write_file_atomically(file.string(), "");
  CHECK(read(file).empty());
  const std::string big(3u << 20, 'x');  // several write() calls' worth
  write_file_atomically(file.string(), big);
  CHECK(read(file) == big);
  CHECK(entries(dir.path) == 1);
}

TEST_CASE("write_file_atomically writes binary content exactly", "[atomic_file]") {
  const TempDir dir;
  const fs::path file = dir.path / "bytes.bin";
  const std::string bytes("a\0b\r\n\xff", 6);
  write_file_atomically(file.string(), bytes);
  CHECK(read(file) == bytes);
}

TEST_CASE("write_file_atomically fails loudly and keeps the old file", "[atomic_file]") {
  const TempDir dir;
  SECTION("a folder that does not exist") {
    const fs::path file = dir.path / "missing" / "out.csv";
    CHECK_THROWS_AS(write_file_atomically(file.string(), "x"), std::runtime_error);
    CHECK_FALSE(fs::exists(file));
  }
  SECTION("a target that is a folder: the rename fails, the temporary is removed") {
    const fs::path target = dir.path / "taken";
    fs::create_directory(target);
    fs::create_directory(target / "inside");  // a non-empty folder cannot be replaced by a file
    try {
      write_file_atomically(target.string(), "x");
      FAIL("expected a failure");
    } catch (const std::runtime_error& error) {
      CHECK_THAT(error.what(), Catch::Matchers::StartsWith("cannot write " + target.string()));
    }
    CHECK(fs::is_directory(target));
    CHECK(entries(dir.path) == 1);  // no temporary left behind
  }
}
