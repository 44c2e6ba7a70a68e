// engine/core/atomic_file: a reader sees the old file or the whole new one, never a part, and
// what is not a regular file is written through, never replaced (devices, FIFOs, descriptors).
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "core/atomic_file.hpp"

using namespace borderflow;
namespace fs = std::filesystem;

namespace {

struct TempDir {
  fs::path path;
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "borderflow-atomic-XXXXXX").string();
    REQUIRE(::mkdtemp(pattern.data()) != nullptr);
    path = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    fs::remove_all(path, ignored);
  }
};

std::string read(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::size_t entries(const fs::path& dir) {
  return static_cast<std::size_t>(std::distance(fs::directory_iterator(dir), fs::directory_iterator()));
}

struct stat lstat_of(const fs::path& path) {
  struct stat status {};
  REQUIRE(::lstat(path.c_str(), &status) == 0);
  return status;
}

/// The message write_file_atomically fails with; fails the test when it succeeds.
std::string failure(const fs::path& path, const std::string& content) {
  try {
    write_file_atomically(path.string(), content);
  } catch (const std::runtime_error& error) {
    return error.what();
  }
  FAIL("expected writing " << path << " to fail");
  return {};
}

/// A private character device with the numbers of /dev/null (1:3) or /dev/full (1:7) inside
/// `dir`, or false when this process may not make or open one (not root, or a nodev mount).
/// The system's /dev is never touched.
bool make_char_device(const fs::path& node, unsigned minor) {
  if (::mknod(node.c_str(), S_IFCHR | 0666, makedev(1, minor)) != 0) return false;
  const int fd = ::open(node.c_str(), O_WRONLY);
  if (fd < 0) return false;
  ::close(fd);
  return true;
}

}  // namespace

TEST_CASE("write_file_atomically creates and replaces files, leaving no temporary behind", "[atomic_file]") {
  const TempDir dir;
  const fs::path file = dir.path / "out.json";
  write_file_atomically(file.string(), "first\n");
  CHECK(read(file) == "first\n");
  write_file_atomically(file.string(), "second, longer\n");
  CHECK(read(file) == "second, longer\n");
  write_file_atomically(file.string(), "");
  CHECK(read(file).empty());
  const std::string big(3u << 20, 'x');  // several write() calls' worth
  write_file_atomically(file.string(), big);
  CHECK(read(file) == big);
  CHECK(entries(dir.path) == 1);
}

TEST_CASE("write_file_atomically writes binary content exactly", "[atomic_file]") {
  const TempDir dir;
  const fs::path file = dir.path / "bytes.bin";
  const std::string bytes("a\0b\r\n\xff", 6);
  write_file_atomically(file.string(), bytes);
  CHECK(read(file) == bytes);
}

TEST_CASE("write_file_atomically fails loudly and keeps the old file", "[atomic_file]") {
  const TempDir dir;
  SECTION("a folder that does not exist") {
    const fs::path file = dir.path / "missing" / "out.csv";
    CHECK_THROWS_AS(write_file_atomically(file.string(), "x"), std::runtime_error);
    CHECK_FALSE(fs::exists(file));
  }
  SECTION("a target that is a folder, empty or not: refused with the reason, nothing left behind") {
    const fs::path target = dir.path / "taken";
    fs::create_directory(target);
    CHECK(failure(target, "x") == "cannot write " + target.string() + ": it is a directory");
    fs::create_directory(target / "inside");
    CHECK(failure(target, "x") == "cannot write " + target.string() + ": it is a directory");
    CHECK(fs::is_directory(target));
    CHECK(entries(dir.path) == 1);  // no temporary left behind
  }
  SECTION("a link to a folder, a dangling link and a link loop are refused; the links stay") {
    fs::create_directory(dir.path / "folder");
    fs::create_symlink("folder", dir.path / "to-folder");
    CHECK_THAT(failure(dir.path / "to-folder", "x"), Catch::Matchers::EndsWith(": it is a directory"));
    fs::create_symlink("nowhere.csv", dir.path / "dangling");
    CHECK_THAT(failure(dir.path / "dangling", "x"),
               Catch::Matchers::EndsWith(": it is a symbolic link to a file that does not exist"));
    CHECK_FALSE(fs::exists(dir.path / "nowhere.csv"));
    fs::create_symlink("loop-b", dir.path / "loop-a");
    fs::create_symlink("loop-a", dir.path / "loop-b");
    CHECK_THAT(failure(dir.path / "loop-a", "x"), Catch::Matchers::EndsWith(": Too many levels of symbolic links"));
    for (const char* link : {"to-folder", "dangling", "loop-a", "loop-b"}) CHECK(fs::is_symlink(dir.path / link));
    CHECK(entries(dir.path) == 5);
  }
}

TEST_CASE("an existing file keeps its permission mode", "[atomic_file]") {
  const TempDir dir;
  const fs::path file = dir.path / "private.json";
  for (const mode_t mode : {mode_t{0600}, mode_t{0640}, mode_t{0755}}) {
    write_file_atomically(file.string(), "old\n");
    REQUIRE(::chmod(file.c_str(), mode) == 0);
    write_file_atomically(file.string(), "new\n");
    CHECK(read(file) == "new\n");
    CHECK((lstat_of(file).st_mode & 07777) == mode);
  }
  CHECK(entries(dir.path) == 1);
}

TEST_CASE("a symbolic link is followed: the file it resolves to is replaced, the link is kept", "[atomic_file]") {
  const TempDir dir;
  fs::create_directory(dir.path / "real");
  const fs::path file = dir.path / "real" / "out.csv";
  write_file_atomically(file.string(), "old\n");
  REQUIRE(::chmod(file.c_str(), 0600) == 0);
  fs::create_symlink("real/out.csv", dir.path / "link.csv");
  fs::create_symlink("link.csv", dir.path / "link-to-link.csv");
  write_file_atomically((dir.path / "link.csv").string(), "through the link\n");
  CHECK(read(file) == "through the link\n");
  write_file_atomically((dir.path / "link-to-link.csv").string(), "through two links\n");
  CHECK(read(file) == "through two links\n");
  CHECK(fs::is_symlink(dir.path / "link.csv"));
  CHECK(fs::read_symlink(dir.path / "link.csv") == "real/out.csv");
  CHECK(fs::is_symlink(dir.path / "link-to-link.csv"));
  CHECK((lstat_of(file).st_mode & 07777) == 0600);
  CHECK(entries(dir.path / "real") == 1);  // the temporary went beside the real file, and is gone
  CHECK(entries(dir.path) == 3);
}

TEST_CASE("a device node is written through, never replaced", "[atomic_file]") {
  const TempDir dir;
  const fs::path null_node = dir.path / "my-null";
  const fs::path full_node = dir.path / "my-full";
  if (!make_char_device(null_node, 3) || !make_char_device(full_node, 7)) {
    WARN("cannot make or open a private device node here (not root, or a nodev mount); skipped");
    return;
  }
  write_file_atomically(null_node.string(), "discarded\n");
  CHECK(S_ISCHR(lstat_of(null_node).st_mode));
  CHECK(lstat_of(null_node).st_rdev == makedev(1, 3));
  // A device that refuses the bytes is an error, and stays the device it was.
  CHECK_THAT(failure(full_node, "x"), Catch::Matchers::EndsWith(": No space left on device"));
  CHECK(S_ISCHR(lstat_of(full_node).st_mode));
  // Through a link too.
  fs::create_symlink("my-null", dir.path / "null-link");
  write_file_atomically((dir.path / "null-link").string(), "discarded\n");
  CHECK(S_ISCHR(lstat_of(null_node).st_mode));
  CHECK(fs::is_symlink(dir.path / "null-link"));
  CHECK(entries(dir.path) == 3);
}

TEST_CASE("a FIFO is written through to its reader", "[atomic_file]") {
  const TempDir dir;
  const fs::path fifo = dir.path / "pipe";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  // Held open for reading and writing, so neither side's open() waits for the other and the
  // reader sees the end of the data only once this is closed: the test cannot hang, whatever
  // the writer does with the path.
  const int keeper = ::open(fifo.c_str(), O_RDWR);
  REQUIRE(keeper >= 0);
  std::string received;
  std::thread reader([&fifo, &received]() { received = read(fifo); });
  const std::string content = "variant,world\n" + std::string(200000, 'x') + "\n";  // more than a pipe holds
  try {
    write_file_atomically(fifo.string(), content);
  } catch (...) {
    ::close(keeper);
    reader.join();
    throw;
  }
  ::close(keeper);
  reader.join();
  CHECK(received == content);
  CHECK(S_ISFIFO(lstat_of(fifo).st_mode));
  CHECK(entries(dir.path) == 1);
}

TEST_CASE("a descriptor link (/dev/fd/N, /proc/self/fd/N) writes to that descriptor", "[atomic_file]") {
  const TempDir dir;
  SECTION("a pipe, as /dev/stdout is under a shell pipeline") {
    int ends[2];
    REQUIRE(::pipe(ends) == 0);
    write_file_atomically("/proc/self/fd/" + std::to_string(ends[1]), "through the pipe\n");
    ::close(ends[1]);
    char bytes[64] = {};
    const ssize_t n = ::read(ends[0], bytes, sizeof bytes);
    ::close(ends[0]);
    CHECK(std::string(bytes, n > 0 ? static_cast<std::size_t>(n) : 0) == "through the pipe\n");
  }
  SECTION("a file opened for appending keeps what it had, as `>> log` promises") {
    const fs::path log = dir.path / "log.txt";
    const int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    REQUIRE(fd >= 0);
    REQUIRE(::write(fd, "first\n", 6) == 6);
    write_file_atomically("/dev/fd/" + std::to_string(fd), "second\n");
    ::close(fd);
    CHECK(read(log) == "first\nsecond\n");
    CHECK(entries(dir.path) == 1);
  }
}

TEST_CASE("OutputFile streams, and leaves nothing when not committed", "[atomic_file]") {
  const TempDir dir;
  const fs::path file = dir.path / "rows.csv";
  write_file_atomically(file.string(), "old\n");
  {
    OutputFile out(file.string());
    for (int i = 0; i < 100000; ++i) out.write("0123456789abcdef\n");  // beyond one buffer
    CHECK(read(file) == "old\n");  // nothing is final before commit
    CHECK(entries(dir.path) == 2);
  }
  CHECK(read(file) == "old\n");
  CHECK(entries(dir.path) == 1);
  OutputFile out(file.string());
  for (int i = 0; i < 100000; ++i) out.write("0123456789abcdef\n");
  out.commit();
  CHECK(read(file).size() == 1700000);
  CHECK(entries(dir.path) == 1);
}
