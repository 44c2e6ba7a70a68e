#include "input/source.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "core/diagnostic.hpp"

namespace borderflow {
namespace {

[[noreturn]] void reject(const std::string& path, std::string message) {
  throw InputError(SourceLocation{path, 0, 0}, std::move(message));
}

std::string size_message(std::uint64_t size, const Limits& limits) {
  return "file is " + std::to_string(size) + " bytes; the limit is " + std::to_string(limits.max_file_bytes) +
         limit_advice(kMaxFileBytesFlag);
}

}  // namespace

std::string FileSource::read(const std::string& path, const Limits& limits) const {
  // Look before opening (opening a device can have effects), then check that what was opened is
  // what was looked at: a path swapped in between (for a link, a FIFO) is refused, not read.
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
  // O_NONBLOCK: a FIFO swapped in after the stat must not block the open.
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
  if (fd < 0) reject(path, std::string("cannot open file for reading: ") + std::strerror(errno));
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};
  struct stat opened {};
  if (::fstat(fd, &opened) != 0 || opened.st_dev != info.st_dev || opened.st_ino != info.st_ino) {
    reject(path, "file was replaced while being opened; try again");
  }
  std::string text;
  char buffer[65536];
  for (;;) {
    const ssize_t got = ::read(fd, buffer, sizeof buffer);
    if (got == 0) break;
    if (got < 0) {
      if (errno == EINTR) continue;
      reject(path, std::string("cannot read file: ") + std::strerror(errno));
    }
    text.append(buffer, static_cast<std::size_t>(got));
    if (text.size() > limits.max_file_bytes) reject(path, "file grew past the size limit while read" + limit_advice(kMaxFileBytesFlag));
  }
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
