#include "input/source.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/diagnostic.hpp"

namespace borderflow {
namespace {

[[noreturn]] void reject(const std::string& path, std::string message) {
  throw InputError(SourceLocation{path, 0, 0}, std::move(message));
}

std::string size_message(std::uint64_t size, const Limits& limits) {
  return "file is " + std::to_string(size) + " bytes; the limit is " + std::to_string(limits.max_file_bytes);
}

}  // namespace

std::string FileSource::read(const std::string& path, const Limits& limits) const {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) {
    reject(path, errno == ENOENT || errno == ENOTDIR ? "cannot open file: no such file"
                                                      : std::string("cannot open file: ") + std::strerror(errno));
  }
  if (S_ISDIR(info.st_mode)) reject(path, "is a directory; expected a scenario file");
  if (!S_ISREG(info.st_mode)) reject(path, "not a regular file (a device, pipe or socket); expected a scenario file");
  if (static_cast<std::size_t>(info.st_size) > limits.max_file_bytes) {
    reject(path, size_message(static_cast<std::uint64_t>(info.st_size), limits));
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) reject(path, "cannot open file for reading");
  std::ostringstream buffer;
  buffer << in.rdbuf();
  std::string text = buffer.str();
  if (text.size() > limits.max_file_bytes) reject(path, "file grew past the size limit while read");
  return text;
}

std::shared_ptr<const InputSource> FileSource::shared() {
  static const std::shared_ptr<const InputSource> disk = std::make_shared<FileSource>();
  return disk;
}

MemorySource& MemorySource::add(const std::string& path, std::string text) {
  files_[std::filesystem::path(path).lexically_normal().string()] = std::move(text);
  return *this;
}

std::string MemorySource::read(const std::string& path, const Limits& limits) const {
  const auto it = files_.find(std::filesystem::path(path).lexically_normal().string());
  if (it == files_.end()) {
    if (fallback_) return fallback_->read(path, limits);
    reject(path, "cannot open file: no such file");
  }
  if (it->second.size() > limits.max_file_bytes) reject(path, size_message(it->second.size(), limits));
  return it->second;
}

std::string CachingSource::read(const std::string& path, const Limits& limits) const {
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    const auto it = read_.find(path);
    if (it != read_.end()) {
      if (it->second.size() > limits.max_file_bytes) reject(path, size_message(it->second.size(), limits));
      return it->second;
    }
  }
  std::string text = inner_->read(path, limits);
  const std::lock_guard<std::mutex> lock(mutex_);
  return read_.emplace(path, std::move(text)).first->second;
}

}  // namespace borderflow
