#pragma once
// The only door through which YAML text enters the engine. yaml-cpp 0.7 (Debian 12) loops on
// some malformed input, accepts aliases that explode when walked, tags that read out of bounds,
// and silently drops second documents; a pre-flight pass over parser events rejects all of
// these with a position before any YAML::Node is built (see shared/reference/reliability.md).
#include <string>

#include <yaml-cpp/yaml.h>

#include "core/diagnostic.hpp"
#include "core/limits.hpp"

namespace borderflow {

struct YamlDocument {
  std::string file;  ///< as given, for messages
  YAML::Node root;   ///< a mapping
};

/// Checks text with the pre-flight pass, then loads it. The root must be a mapping.
/// Throws InputError with FILE:LINE:COLUMN on any violation.
YamlDocument parse_yaml_guarded(const std::string& text, const std::string& file, const Limits& limits);

}  // namespace borderflow
