#pragma once
// The only door through which YAML text enters the engine. yaml-cpp 0.7 (Debian 12) loops on
// some malformed input, accepts aliases that explode when walked, tags that read out of bounds,
// and silently drops second documents. The guard sees every parser event, rejects all of these
// with a position, and builds the tree (yaml_tree.hpp) from the same events: one parse per file
// (see shared/reference/reliability.md).
#include <string>

#include "core/diagnostic.hpp"
#include "core/limits.hpp"
#include "input/yaml_cache.hpp"
#include "input/yaml_tree.hpp"

namespace borderflow {

struct YamlDocument {
  std::string file;  ///< as given, for messages
  YamlNode root;     ///< a mapping
};

/// Parses text once, checking every event as the tree is built (the limits, and the input
/// yaml-cpp mishandles). The root must be a mapping.
/// Throws InputError with FILE:LINE:COLUMN on any violation.
/// A text of at least kYamlCacheMinBytes is first looked up in `cache` (yaml_cache.hpp), and its
/// tree stored there after a successful parse; the result is the same either way.
YamlDocument parse_yaml_guarded(const std::string& text, const std::string& file, const Limits& limits,
                                const YamlCache& cache = YamlCache::process());

}  // namespace borderflow
