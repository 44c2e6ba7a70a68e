#pragma once
// The one door through which input files are read. Every loader (scenario, sweep spec) takes an
// InputSource and reads each file through it, so tests swap the disk for memory, and a digest
// over the files a load read can be taken over exactly the bytes that were parsed.
// Contract of read(): the bytes of `path`, at most limits.max_file_bytes of them, or an
// InputError naming the path ("cannot open file: no such file", "file is N bytes; the limit
// is M"). Sources are immutable once built and safe to share between loads.
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "core/limits.hpp"

namespace borderflow {

class InputSource {
 public:
  virtual ~InputSource() = default;
  virtual std::string read(const std::string& path, const Limits& limits) const = 0;
};

/// Regular files on disk. Refuses directories, devices, pipes and sockets without opening them,
/// and a file replaced between that look and the open (it reads the file it looked at),
/// and files over the size limit by their size, without reading them.
class FileSource final : public InputSource {
 public:
  std::string read(const std::string& path, const Limits& limits) const override;
  /// The process-wide instance; the default source of every loader.
  static std::shared_ptr<const InputSource> shared();
};

/// Files held in memory, keyed by lexically normalised path: the test twin of FileSource, and the
/// way to load a document that never touches the disk (a benchmark's generated spec). Paths it
/// does not hold are read from `fallback` when one is given, else they do not exist.
class MemorySource final : public InputSource {
 public:
  explicit MemorySource(std::shared_ptr<const InputSource> fallback = nullptr) : fallback_(std::move(fallback)) {}
  MemorySource& add(const std::string& path, std::string text);
  std::string read(const std::string& path, const Limits& limits) const override;

 private:
  std::map<std::string, std::string> files_;
  std::shared_ptr<const InputSource> fallback_;
};

/// Reads each path once through another source and keeps its bytes, so that a document read
/// twice (a scenario that is both the base and a world's) and a digest taken afterwards see the
/// same bytes without a second read. Thread-safe.
class CachingSource final : public InputSource {
 public:
  explicit CachingSource(std::shared_ptr<const InputSource> inner) : inner_(std::move(inner)) {}
  std::string read(const std::string& path, const Limits& limits) const override;

 private:
  std::shared_ptr<const InputSource> inner_;
  mutable std::mutex mutex_;
  mutable std::map<std::string, std::string> read_;
};

}  // namespace borderflow
