#pragma once
// A cache of parsed YAML documents keyed by their bytes. yaml-cpp costs about 1,200 instructions
// per byte: 247 M of the 558 M instructions of a bundled `run` parse the same 210 KB of unchanged files
// every time. After the guard (yaml_guard.hpp) has built the tree of a file, the tree is written
// to a small binary entry; the next parse of identical bytes under the same limits, by the same
// build, loads the tree from it instead of calling yaml-cpp (docs/design.md, "The YAML cache").
//
// The cache never changes an answer and is never an error: an entry that is missing, short,
// damaged, of another format, of another key, or that fails any bounds check while decoding is
// ignored, the file is parsed, and the entry is written again. Failures to write are skipped.
//
// Key: SHA-256 over the format constant, the build's identity (the GNU build-id of the running
// program, so a new build never reads an old entry), the guard's limits and the SHA-256 of the
// file's bytes. An entry: magic, key, payload length, checksum64 of the payload (core/hash.hpp), payload.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "core/hash.hpp"
#include "core/limits.hpp"
#include "input/yaml_tree.hpp"

namespace borderflow {

/// The encoding's version; raise it whenever the payload or the tree it holds changes meaning.
inline constexpr std::uint32_t kYamlCacheFormat = 2;  // 2: checksum64 instead of FNV-1a
/// Only files of at least this size are cached: below it yaml-cpp takes under ~5 M instructions
/// (about 1 ms), and a folder of small files (tests, generated specs) leaves nothing behind. The
/// bundled scenarios of 4 KB and more are cached, the reference network and its sources too.
inline constexpr std::size_t kYamlCacheMinBytes = 4 * 1024;
/// Entries not used for this long are removed whenever a new entry is written (an edited file
/// leaves its old entry behind, since entries are named by content).
inline constexpr int kYamlCacheKeepDays = 30;
/// The environment variable naming the folder; the value "off" disables the cache.
inline constexpr const char* kYamlCacheDirVariable = "BORDERFLOW_CACHE_DIR";

/// The payload of an entry: the document's nodes in index order (the builder's pre-order) with
/// their kind, line, column, byte offset, scalar text and number of children.
std::string encode_yaml_tree(const YamlNode::Document& document);

/// The document `payload` encodes, or null when it is not exactly one well-formed tree the guard
/// could have built from `text_bytes` bytes under `limits` (node count, depth, scalar size and
/// UTF-8, positions within the text, one root, no byte left over). The payload is untrusted.
std::shared_ptr<const YamlNode::Document> decode_yaml_tree(std::string_view payload, const Limits& limits,
                                                           std::size_t text_bytes);

/// A folder of entries, or nothing (disabled). Immutable; safe to share between threads (entries
/// are written atomically under fresh temporary names).
class YamlCache {
 public:
  /// Disabled.
  YamlCache() = default;
  /// Entries in `directory` (created on the first write), for the build named `build_identity`.
  YamlCache(std::string directory, std::string build_identity);

  /// From the environment: $BORDERFLOW_CACHE_DIR ("off": disabled), else $XDG_CACHE_HOME/borderflow,
  /// else $HOME/.cache/borderflow, else disabled; also disabled when the program has no build-id.
  static YamlCache from_environment(const std::function<const char*(const char*)>& variable);
  /// from_environment(std::getenv), read once: what parse_yaml_guarded uses by default.
  static const YamlCache& process();
  /// The GNU build-id of the running program in hex, "" when it has none.
  static std::string program_build_id();

  bool enabled() const { return !directory_.empty(); }
  const std::string& directory() const { return directory_; }

  /// What an entry for `text` parsed under `limits` is keyed by.
  Sha256Digest key(std::string_view text, const Limits& limits) const;
  /// The entry's file for a key.
  std::string entry_path(const Sha256Digest& key) const;
  /// The tree stored under `key`, or null (no entry, or one that fails any check).
  std::shared_ptr<const YamlNode::Document> load(const Sha256Digest& key, const Limits& limits,
                                                 std::size_t text_bytes) const;
  /// Writes the entry for `key`; silently does nothing when it cannot.
  void store(const Sha256Digest& key, const YamlNode::Document& document) const;

 private:
  void prune_old_entries() const;

  std::string directory_;
  std::string build_identity_;
};

}  // namespace borderflow
