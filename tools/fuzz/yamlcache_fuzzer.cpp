// libFuzzer target over the YAML cache's decoder (engine/input/yaml_cache.hpp): arbitrary bytes as
// the payload of a cache entry, past the checksum, as a crafted entry would be. The decoder must
// refuse it (null) or return a tree the guard could have built; any other outcome is a bug: a
// crash, a sanitizer report (a read past the payload), a hang, an exception, or a tree that does
// not survive its own encoding (__builtin_trap).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/limits.hpp"
#include "input/yaml_cache.hpp"
#include "input/yaml_tree.hpp"

namespace {

/// Touches every node through the readers' API, as a loader walking the tree would.
std::size_t walk(const borderflow::YamlNode& node) {
  std::size_t seen = 1 + node.Scalar().size() + static_cast<std::size_t>(node.Mark().pos);
  for (const auto& item : node.items()) seen += walk(item);
  for (const auto& [key, value] : node.entries()) seen += walk(key) + walk(value);
  return seen;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view payload(reinterpret_cast<const char*>(data), size);
  // Positions may reach the largest text the default limits accept.
  const borderflow::Limits limits;
  const auto document = borderflow::decode_yaml_tree(payload, limits, limits.max_file_bytes);
  if (!document) return 0;
  if (document->nodes.empty() || walk(borderflow::YamlNode(document, 0)) == 0) __builtin_trap();
  // A decoded tree encodes to a payload that decodes to itself (varints may be written longer in
  // the input, so the first encoding is the fixed point, not the input).
  const std::string once = borderflow::encode_yaml_tree(*document);
  const auto again = borderflow::decode_yaml_tree(once, limits, limits.max_file_bytes);
  if (!again || borderflow::encode_yaml_tree(*again) != once) __builtin_trap();
  return 0;
}
