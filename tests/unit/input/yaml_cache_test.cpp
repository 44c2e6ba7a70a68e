// The cache of parsed YAML trees (engine/input/yaml_cache.*): a tree loaded from an entry is the
// tree the guard builds, node by node with every position; anything wrong with an entry (short,
// damaged, another file's, another build's, other limits) is ignored and the file parsed; a
// directory that cannot be written is harmless; the environment picks the folder.
#include <catch2/catch.hpp>

#include <stdlib.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "core/limits.hpp"
#include "input/yaml_cache.hpp"
#include "input/yaml_guard.hpp"
#include "input/yaml_tree.hpp"

using namespace borderflow;
namespace fs = std::filesystem;

namespace {

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

void write_file(const fs::path& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << bytes;
}

/// A fresh folder under the system's temporary folder, removed at the end of the test.
struct TempDir {
  fs::path path;
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "borderflow-yaml-cache-XXXXXX").string();
    REQUIRE(::mkdtemp(pattern.data()) != nullptr);
    path = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    fs::remove_all(path, ignored);
  }
  std::size_t entries() const {
    std::size_t n = 0;
    std::error_code ignored;
    if (!fs::is_directory(path / "cache", ignored)) return 0;
    for (const auto& entry : fs::directory_iterator(path / "cache")) n += entry.path().extension() == ".yamltree";
    return n;
  }
};

/// "" when the trees are the same node by node (kind, line, column, byte offset, text, children
/// in order), else where they first differ.
std::string difference(const YamlNode& a, const YamlNode& b, const std::string& at = "root") {
  if (a.kind() != b.kind()) return at + ": kind";
  if (a.Mark().line != b.Mark().line || a.Mark().column != b.Mark().column || a.Mark().pos != b.Mark().pos) {
    return at + ": position";
  }
  if (a.Scalar() != b.Scalar()) return at + ": text '" + a.Scalar() + "' against '" + b.Scalar() + "'";
  if (a.size() != b.size()) return at + ": size";
  if (a.IsSequence()) {
    for (std::size_t i = 0; i < a.size(); ++i) {
      if (auto d = difference(a[i], b[i], at + "[" + std::to_string(i) + "]"); !d.empty()) return d;
    }
  }
  if (a.IsMap()) {
    const auto ea = a.entries(), eb = b.entries();
    for (std::size_t i = 0; i < ea.size(); ++i) {
      const std::string here = at + "." + ea[i].first.Scalar();
      if (auto d = difference(ea[i].first, eb[i].first, here + "(key)"); !d.empty()) return d;
      if (auto d = difference(ea[i].second, eb[i].second, here); !d.empty()) return d;
    }
  }
  return "";
}

/// Every YAML file the repository ships: scenarios, sweeps, the reference network, test networks.
std::vector<fs::path> bundled_yaml_files() {
  std::vector<fs::path> files;
  const fs::path root = BORDERFLOW_SOURCE_DIR;
  for (const char* folder : {"scenarios", "scenarios/sweeps", "config", "tests/networks", "tests/sweep"}) {
    for (const auto& entry : fs::directory_iterator(root / folder)) {
      if (entry.path().extension() == ".yaml") files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

/// A valid document of about `bytes` bytes, with scalars of every style.
std::string generated_yaml(std::size_t bytes) {
  std::string text = "borderflow: 1\nname: generated\ndescription: |\n  two\n  lines\nplaces:\n";
  for (int i = 0; text.size() < bytes; ++i) {
    text += "  - {id: p" + std::to_string(i) + ", name: 'Place " + std::to_string(i) +
            "', lat: 50.5, lon: 100, kind: station, note: ~, tags: [a, \"b c\"]}\n";
  }
  return text;
}

YamlNode uncached(const std::string& text) { return parse_yaml_guarded(text, "t.yaml", Limits{}, YamlCache{}).root; }

YamlCache cache_in(const TempDir& dir) { return YamlCache((dir.path / "cache").string(), "test-build"); }

}  // namespace

TEST_CASE("yaml cache: every bundled file's tree survives encoding and the cache, node by node", "[yaml-cache]") {
  TempDir dir;
  const YamlCache cache = cache_in(dir);
  const Limits limits;
  int cached_files = 0;
  for (const fs::path& path : bundled_yaml_files()) {
    CAPTURE(path.string());
    const std::string text = read_file(path);
    const YamlNode parsed = uncached(text);
    // The encoding itself, for every file whatever its size.
    const auto decoded = decode_yaml_tree(encode_yaml_tree(*parsed.document()), limits, text.size());
    REQUIRE(decoded);
    CHECK(difference(parsed, YamlNode(decoded, 0)) == "");
    CHECK(decoded->nodes.size() == parsed.document()->nodes.size());
    // Through the cache: the first parse writes the entry (files of 4 KB and more), the second
    // reads it.
    const YamlNode cold = parse_yaml_guarded(text, path.string(), limits, cache).root;
    const auto entry = cache.load(cache.key(text, limits), limits, text.size());
    CHECK(bool(entry) == (text.size() >= kYamlCacheMinBytes));
    if (entry) {
      ++cached_files;
      const YamlNode warm = parse_yaml_guarded(text, path.string(), limits, cache).root;
      CHECK(difference(parsed, YamlNode(entry, 0)) == "");
      CHECK(difference(parsed, warm) == "");
    }
    CHECK(difference(parsed, cold) == "");
  }
  CHECK(cached_files >= 3);  // config/network.yaml, config/sources.yaml, scenarios/baseline-2024.yaml at least
  CHECK(dir.entries() == static_cast<std::size_t>(cached_files));
}

TEST_CASE("yaml cache: a parse of the same bytes reads the entry instead of parsing", "[yaml-cache]") {
  TempDir dir;
  const YamlCache cache = cache_in(dir);
  const std::string text = generated_yaml(40000), other = generated_yaml(20000);
  const Limits limits;
  // Another document's tree stored under this text's key: only a read of the entry returns it.
  // (The other way round the decoder refuses it: positions beyond the end of the text.)
  cache.store(cache.key(text, limits), *uncached(other).document());
  const YamlNode read = parse_yaml_guarded(text, "t.yaml", limits, cache).root;
  CHECK(difference(read, uncached(other)) == "");
  CHECK(difference(read, uncached(text)) != "");
}

TEST_CASE("yaml cache: a short, damaged or foreign entry is ignored, parsed around and rewritten", "[yaml-cache]") {
  TempDir dir;
  const YamlCache cache = cache_in(dir);
  const Limits limits;
  const std::string text = generated_yaml(kYamlCacheMinBytes + 500);
  const YamlNode expected = uncached(text);
  const auto key = cache.key(text, limits);
  (void)parse_yaml_guarded(text, "t.yaml", limits, cache);
  const std::string path = cache.entry_path(key);
  const std::string good = read_file(path);
  REQUIRE(good.size() > 56);
  REQUIRE(cache.load(key, limits, text.size()));

  SECTION("every truncation") {
    for (std::size_t size : {std::size_t{0}, std::size_t{1}, std::size_t{8}, std::size_t{55}, std::size_t{56},
                             std::size_t{57}, good.size() / 2, good.size() - 1}) {
      CAPTURE(size);
      write_file(path, good.substr(0, size));
      CHECK_FALSE(cache.load(key, limits, text.size()));
    }
    write_file(path, good + "x");  // a byte too many
    CHECK_FALSE(cache.load(key, limits, text.size()));
  }
  SECTION("a flipped bit anywhere") {
    for (std::size_t at = 0; at < good.size(); at += (at < 64 ? 1 : 13)) {
      CAPTURE(at);
      std::string bad = good;
      bad[at] = static_cast<char>(bad[at] ^ (1 << (at % 8)));
      write_file(path, bad);
      CHECK_FALSE(cache.load(key, limits, text.size()));
    }
  }
  SECTION("another file's entry under this name") {
    const std::string other = generated_yaml(kYamlCacheMinBytes + 900);
    (void)parse_yaml_guarded(other, "o.yaml", limits, cache);
    fs::copy_file(cache.entry_path(cache.key(other, limits)), path, fs::copy_options::overwrite_existing);
    CHECK_FALSE(cache.load(key, limits, text.size()));
  }
  SECTION("not a regular file") {
    fs::remove(path);
    fs::create_directory(path);
    CHECK_FALSE(cache.load(key, limits, text.size()));
    CHECK(difference(parse_yaml_guarded(text, "t.yaml", limits, cache).root, expected) == "");
    fs::remove(path);
  }
  // Whatever was there, the parse gives the parsed tree and leaves a good entry behind.
  CHECK(difference(parse_yaml_guarded(text, "t.yaml", limits, cache).root, expected) == "");
  CHECK(read_file(path) == good);
  CHECK(cache.load(key, limits, text.size()));
}

TEST_CASE("yaml cache: the decoder refuses damaged payloads without crashing", "[yaml-cache]") {
  // Past the checksum (a crafted entry): every byte changed must give a refusal or a tree the
  // guard could have built, never a crash or a read out of bounds (the sanitizer builds watch).
  // Every kind of node, implicit nulls included (yaml-cpp gives them positions too).
  const std::string text = "a: [1, {b: c}, ~]\nd: 'e'\nf: {}\ng: []\nh:\ni:\n  -\n  - |\n    x\nj: {k: }\n";
  const std::string payload = encode_yaml_tree(*uncached(text).document());
  const Limits limits;
  REQUIRE(decode_yaml_tree(payload, limits, text.size()));
  int refused = 0;
  for (std::size_t at = 0; at < payload.size(); ++at) {
    for (int value : {0x00, 0x01, 0x7f, 0x80, 0xff}) {
      std::string bad = payload;
      bad[at] = static_cast<char>(value);
      if (bad == payload) continue;
      const auto document = decode_yaml_tree(bad, limits, text.size());
      if (!document) {
        ++refused;
        continue;
      }
      CHECK(YamlNode(document, 0).IsMap());
      CHECK(difference(YamlNode(document, 0), YamlNode(document, 0)) == "");  // walks every node
    }
  }
  CHECK(refused > 0);
  for (std::size_t size = 0; size < payload.size(); ++size) CHECK_FALSE(decode_yaml_tree(payload.substr(0, size), limits, text.size()));
  CHECK_FALSE(decode_yaml_tree(payload + '\0', limits, text.size()));
  // The limits in force bind a stored tree as they bind the parse.
  Limits shallow;
  shallow.max_depth = 1;
  CHECK_FALSE(decode_yaml_tree(payload, shallow, text.size()));
  Limits few;
  few.max_nodes = 5;
  CHECK_FALSE(decode_yaml_tree(payload, few, text.size()));
  CHECK_FALSE(decode_yaml_tree(payload, limits, 10));  // positions beyond the text
  // A lone scalar at the root is not what the guard keeps.
  CHECK_FALSE(decode_yaml_tree(encode_yaml_tree(*YamlNode::scalar("x", {}).document()), limits, 10));
}

TEST_CASE("yaml cache: a changed file, other limits or another build never read the old entry", "[yaml-cache]") {
  TempDir dir;
  const YamlCache cache = cache_in(dir);
  const Limits limits;
  const std::string text = generated_yaml(kYamlCacheMinBytes + 500);
  (void)parse_yaml_guarded(text, "t.yaml", limits, cache);
  std::string changed = text;
  changed[changed.find("lat: 50.5")] = 'L';  // "Lat:": one byte
  REQUIRE(cache.key(changed, limits) != cache.key(text, limits));
  CHECK_FALSE(cache.load(cache.key(changed, limits), limits, changed.size()));
  const YamlNode read = parse_yaml_guarded(changed, "t.yaml", limits, cache).root;
  CHECK(difference(read, uncached(changed)) == "");
  CHECK(difference(read, uncached(text)) != "");
  CHECK(dir.entries() == 2);  // one per content

  Limits trusted = Limits::trusted();
  CHECK(cache.key(text, trusted) != cache.key(text, limits));
  CHECK_FALSE(cache.load(cache.key(text, trusted), trusted, text.size()));
  const YamlCache next_build((dir.path / "cache").string(), "another-build");
  CHECK(next_build.key(text, limits) != cache.key(text, limits));
  CHECK_FALSE(next_build.load(next_build.key(text, limits), limits, text.size()));
}

TEST_CASE("yaml cache: small files are parsed every time and leave nothing", "[yaml-cache]") {
  TempDir dir;
  const YamlCache cache = cache_in(dir);
  const std::string text = generated_yaml(kYamlCacheMinBytes - 200);
  REQUIRE(text.size() < kYamlCacheMinBytes);
  (void)parse_yaml_guarded(text, "t.yaml", Limits{}, cache);
  CHECK(dir.entries() == 0);
  // Nor do files the guard refuses.
  CHECK_THROWS(parse_yaml_guarded(generated_yaml(kYamlCacheMinBytes) + "bad: [\n", "t.yaml", Limits{}, cache));
  CHECK(dir.entries() == 0);
}

TEST_CASE("yaml cache: a folder that cannot be written is harmless", "[yaml-cache]") {
  TempDir dir;
  write_file(dir.path / "file", "not a folder");
  const std::string text = generated_yaml(kYamlCacheMinBytes + 500);
  for (const fs::path& folder : {dir.path / "file" / "cache", fs::path("/proc/borderflow-cache")}) {
    const YamlCache cache(folder.string(), "test-build");
    CHECK(difference(parse_yaml_guarded(text, "t.yaml", Limits{}, cache).root, uncached(text)) == "");
    CHECK(difference(parse_yaml_guarded(text, "t.yaml", Limits{}, cache).root, uncached(text)) == "");
    CHECK_FALSE(cache.load(cache.key(text, Limits{}), Limits{}, text.size()));
  }
}

TEST_CASE("yaml cache: entries unused for 30 days are removed when one is written", "[yaml-cache]") {
  TempDir dir;
  const YamlCache cache = cache_in(dir);
  const fs::path folder = dir.path / "cache";
  fs::create_directories(folder);
  const fs::path stale = folder / (std::string(64, 'a') + ".yamltree"), recent = folder / (std::string(64, 'b') + ".yamltree");
  const fs::path other = folder / "notes.txt";
  const fs::path killed = folder / ("." + std::string(64, 'c') + ".yamltree.tmp.12.0");  // a writer killed mid-write
  for (const auto& path : {stale, recent, other, killed}) write_file(path, "x");
  const auto now = fs::file_time_type::clock::now();
  fs::last_write_time(stale, now - std::chrono::hours(24 * (kYamlCacheKeepDays + 1)));
  fs::last_write_time(killed, now - std::chrono::hours(24 * (kYamlCacheKeepDays + 1)));
  fs::last_write_time(recent, now - std::chrono::hours(24 * (kYamlCacheKeepDays - 1)));
  fs::last_write_time(other, now - std::chrono::hours(24 * 400));
  (void)parse_yaml_guarded(generated_yaml(kYamlCacheMinBytes + 500), "t.yaml", Limits{}, cache);
  CHECK_FALSE(fs::exists(stale));
  CHECK_FALSE(fs::exists(killed));
  CHECK(fs::exists(recent));
  CHECK(fs::exists(other));  // not ours
  CHECK(dir.entries() == 2);
}

TEST_CASE("yaml cache: the environment chooses the folder, or turns it off", "[yaml-cache]") {
  REQUIRE_FALSE(YamlCache::program_build_id().empty());  // the linker's build-id
  const auto from = [](std::map<std::string, std::string> variables) {
    return YamlCache::from_environment([variables](const char* name) -> const char* {
      const auto found = variables.find(name);
      return found == variables.end() ? nullptr : found->second.c_str();
    });
  };
  CHECK(from({{"BORDERFLOW_CACHE_DIR", "/c"}, {"XDG_CACHE_HOME", "/x"}, {"HOME", "/h"}}).directory() == "/c");
  CHECK_FALSE(from({{"BORDERFLOW_CACHE_DIR", "off"}, {"HOME", "/h"}}).enabled());
  CHECK(from({{"XDG_CACHE_HOME", "/x"}, {"HOME", "/h"}}).directory() == "/x/borderflow");
  CHECK(from({{"BORDERFLOW_CACHE_DIR", ""}, {"XDG_CACHE_HOME", "x"}, {"HOME", "/h"}}).directory() ==
        "/h/.cache/borderflow");  // a relative XDG_CACHE_HOME is invalid
  CHECK_FALSE(from({}).enabled());
  // CTest points every test at a folder in the build tree, never at the user's own cache.
  const char* configured = std::getenv("BORDERFLOW_CACHE_DIR");
  if (configured != nullptr) CHECK(std::string(configured).find("/.cache/") == std::string::npos);
}
