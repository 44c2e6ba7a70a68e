#pragma once
#include <string>

namespace borderflow {

/// Writes `content` to `path` through a temporary file in the same folder and a rename, so a
/// reader sees the old file or the whole new one, never a part. Throws std::runtime_error.
void write_file_atomically(const std::string& path, const std::string& content);

}  // namespace borderflow
