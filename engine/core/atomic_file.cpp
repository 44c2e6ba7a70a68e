#include "core/atomic_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <utility>

#include "core/diagnostic.hpp"

namespace borderflow {
namespace {

namespace fs = std::filesystem;

constexpr std::size_t kBufferBytes = std::size_t{1} << 20;
constexpr int kMaxLinkHops = 40;  // the kernel's own limit on the links in one path

std::string reason(int error_number) { return std::strerror(error_number); }

/// The descriptor `path` names when it is a link in this process's /proc/<pid>/fd, reached
/// directly or through other links (/dev/stdout -> /proc/self/fd/1, /dev/fd/N); -1 otherwise.
/// Reopening such a link would start a new offset at 0 without the append mode the shell chose,
/// so the descriptor itself is written instead.
int own_descriptor(const std::string& path) {
  const fs::path own_proc = fs::path("/proc") / std::to_string(::getpid());
  fs::path hop = path;
  for (int i = 0; i < kMaxLinkHops; ++i) {
    struct stat status {};
    if (::lstat(hop.c_str(), &status) != 0 || !S_ISLNK(status.st_mode)) return -1;
    std::error_code error;
    const fs::path folder = fs::canonical(hop.has_parent_path() ? hop.parent_path() : fs::path("."), error);
    if (error) return -1;
    // /proc/<pid>/fd, or /proc/<pid>/task/<tid>/fd (through /proc/thread-self).
    if (folder.filename() == "fd" &&
        (folder.parent_path() == own_proc || folder.parent_path().parent_path() == own_proc / "task")) {
      const std::string name = hop.filename().string();
      int descriptor = -1;
      const auto parsed = std::from_chars(name.data(), name.data() + name.size(), descriptor);
      return parsed.ec == std::errc() && parsed.ptr == name.data() + name.size() ? descriptor : -1;
    }
    const fs::path target = fs::read_symlink(hop, error);
    if (error) return -1;
    hop = target.is_absolute() ? target : folder / target;
  }
  return -1;
}

}  // namespace

OutputFile::OutputFile(std::string path) : path_(std::move(path)) {
  if (const int descriptor = own_descriptor(path_); descriptor >= 0) {
    fd_ = ::fcntl(descriptor, F_DUPFD_CLOEXEC, 0);
    if (fd_ < 0) fail(reason(errno));
    return;
  }
  struct stat target {};
  const bool exists = ::stat(path_.c_str(), &target) == 0;  // follows links: what they resolve to
  if (!exists) {
    const int error_number = errno;
    struct stat link {};
    if (error_number != ENOENT) fail(reason(error_number));  // a link loop, a file used as a folder, ...
    if (::lstat(path_.c_str(), &link) == 0) fail("it is a symbolic link to a file that does not exist");
  }
  if (exists && S_ISDIR(target.st_mode)) fail("it is a directory");
  if (exists && S_ISSOCK(target.st_mode)) fail("it is a socket");
  if (exists && !S_ISREG(target.st_mode)) {
    fd_ = ::open(path_.c_str(), O_WRONLY | O_CLOEXEC | O_NOCTTY);
    if (fd_ < 0) fail(reason(errno));
    return;
  }
  replaced_ = path_;
  if (exists) {
    char* resolved = ::realpath(path_.c_str(), nullptr);
    if (!resolved) fail(reason(errno));
    replaced_ = resolved;
    std::free(resolved);
  }
  // A fresh name per attempt with O_EXCL: a stale temporary, or a link planted where the
  // temporary goes, is never opened. An existing file's content is never readable more widely
  // than its mode allows, not even while it is being written.
  static std::atomic<unsigned> serial{0};
  const fs::path replaced(replaced_);
  for (int attempt = 0; fd_ < 0; ++attempt) {
    const std::string name = (replaced.parent_path() / ("." + replaced.filename().string() + ".tmp." +
                                                        std::to_string(::getpid()) + "." + std::to_string(serial++)))
                                 .string();
    fd_ = ::open(name.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, exists ? 0600 : 0644);
    if (fd_ >= 0) temporary_ = name;
    else if (errno != EEXIST || attempt == 100) fail(reason(errno));
  }
  if (exists && ::fchmod(fd_, target.st_mode & 07777) != 0) fail(reason(errno));
}

OutputFile::~OutputFile() {
  if (!committed_) discard();
}

void OutputFile::write(std::string_view bytes) {
  buffer_.append(bytes);
  if (buffer_.size() >= kBufferBytes) flush_buffer();
}

void OutputFile::commit() {
  if (committed_ || fd_ < 0) throw std::logic_error("OutputFile::commit called twice");
  flush_buffer();
  if (!temporary_.empty() && ::fsync(fd_) != 0) fail(reason(errno));
  if (::close(std::exchange(fd_, -1)) != 0) fail(reason(errno));
  if (!temporary_.empty() && std::rename(temporary_.c_str(), replaced_.c_str()) != 0) fail(reason(errno));
  temporary_.clear();
  committed_ = true;
}

void OutputFile::flush_buffer() {
  std::size_t written = 0;
  while (written < buffer_.size()) {
    const ssize_t n = ::write(fd_, buffer_.data() + written, buffer_.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      fail(reason(errno));
    }
    written += static_cast<std::size_t>(n);
  }
  buffer_.clear();
}

void OutputFile::discard() noexcept {
  if (fd_ >= 0) ::close(std::exchange(fd_, -1));
  if (!temporary_.empty()) ::unlink(temporary_.c_str());
  temporary_.clear();
}

void OutputFile::fail(const std::string& why) {
  discard();
  throw EnvironmentError("cannot write " + path_ + ": " + why);
}

void write_file_atomically(const std::string& path, const std::string& content) {
  OutputFile out(path);
  out.write(content);
  out.commit();
}

}  // namespace borderflow
