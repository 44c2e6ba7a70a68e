#pragma once
// Output files (`-o`, `--output`, `--csv`) that never destroy what sits at the path.
//
// Before writing, the target is looked at, and what it is decides how it is written:
//   - nothing, or a regular file: the content goes to a temporary file in the same folder that is
//     renamed over the target once complete and synced, so a reader sees the old file or the
//     whole new one, never a part. An existing file keeps its permission mode (0600 stays 0600).
//   - a symbolic link that resolves to a regular file: followed on purpose. The file it resolves
//     to is replaced as above and the link itself is kept, so every other name for that file
//     sees the new content (replacing the link would silently detach them).
//   - a device, a FIFO or another non-regular file (/dev/null, a named pipe, a terminal): written
//     through, opened for writing with no rename, as a shell redirection does. Such a node is
//     shared with other processes; replacing it with a regular file would break them.
//   - a descriptor of this process (/dev/stdout, /dev/fd/N, /proc/self/fd/N): written through
//     that descriptor, so its offset and append mode hold whatever it is open on (a pipe, or a
//     file the shell opened with `>>`).
//   - a directory, a socket, a dangling link or a link loop: refused with the reason.
// Writing through is not atomic: a failure midway leaves part of the output behind.
#include <string>
#include <string_view>

namespace borderflow {

/// One output being written. Nothing is final before commit(): an OutputFile destroyed without
/// a commit removes its temporary and leaves a replaced target as it was. Every failure throws
/// EnvironmentError("cannot write PATH: reason") (core/diagnostic.hpp): the path or the disk is
/// the user's to fix.
class OutputFile {
 public:
  /// Looks at `path` and opens the temporary beside the file to replace, or the node to write
  /// through (a FIFO's open waits for a reader, as a shell redirection does).
  explicit OutputFile(std::string path);
  ~OutputFile();
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;

  /// Appends bytes (buffered; large outputs stream without being held whole).
  void write(std::string_view bytes);
  /// Writes what is buffered and makes the output final: sync and rename for a replaced file,
  /// close for one written through. At most once.
  void commit();

 private:
  void flush_buffer();
  void discard() noexcept;
  [[noreturn]] void fail(const std::string& reason);

  std::string path_;       // as the caller named it, for messages
  std::string replaced_;   // the regular file the rename replaces ("" when writing through)
  std::string temporary_;  // beside replaced_
  std::string buffer_;
  int fd_ = -1;
  bool committed_ = false;
};

/// Writes all of `content` to `path` with OutputFile's rules (the name predates writing
/// through: only regular files are replaced atomically).
void write_file_atomically(const std::string& path, const std::string& content);

}  // namespace borderflow
