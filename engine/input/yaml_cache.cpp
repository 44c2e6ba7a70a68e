#include "input/yaml_cache.hpp"

#include <fcntl.h>
#include <link.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <vector>

#include "core/atomic_file.hpp"
#include "core/text.hpp"

namespace borderflow {
namespace {

namespace fs = std::filesystem;

constexpr char kMagic[8] = {'B', 'F', 'Y', 'A', 'M', 'L', 'C', '\n'};
/// magic, key, payload length (u64), payload checksum (u64, FNV-1a)
constexpr std::size_t kHeaderBytes = sizeof(kMagic) + 32 + 8 + 8;
constexpr const char* kEntrySuffix = ".yamltree";

enum : unsigned char { kNull = 1, kScalar = 2, kSequence = 3, kMap = 4 };

void put_varint(std::string& out, std::uint64_t value) {
  while (value >= 0x80) {
    out += static_cast<char>((value & 0x7f) | 0x80);
    value >>= 7;
  }
  out += static_cast<char>(value);
}

void put_u64(std::string& out, std::uint64_t value) {
  for (int i = 0; i < 8; ++i) out += static_cast<char>((value >> (8 * i)) & 0xff);
}

std::uint64_t get_u64(const char* at) {
  std::uint64_t value = 0;
  for (int i = 0; i < 8; ++i) value |= std::uint64_t{static_cast<unsigned char>(at[i])} << (8 * i);
  return value;
}

/// Reads an untrusted payload: every read is bounds-checked, and after the first failure every
/// read returns 0 or nothing and ok() stays false.
class Cursor {
 public:
  explicit Cursor(std::string_view bytes) : at_(bytes.data()), end_(bytes.data() + bytes.size()) {}
  bool ok() const { return ok_; }
  bool at_end() const { return at_ == end_; }
  std::size_t left() const { return static_cast<std::size_t>(end_ - at_); }

  unsigned char byte() {
    if (!ok_ || at_ == end_) return fail();
    return static_cast<unsigned char>(*at_++);
  }
  /// LEB128, at most 64 bits (10 bytes, the last one holding a single bit).
  std::uint64_t varint() {
    std::uint64_t value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      const unsigned char b = byte();
      if (!ok_) return 0;
      if (shift == 63 && b > 1) return fail();
      value |= std::uint64_t{b & 0x7fu} << shift;
      if ((b & 0x80) == 0) return value;
    }
    return fail();
  }
  std::string_view bytes(std::uint64_t count) {
    if (!ok_ || count > left()) {
      fail();
      return {};
    }
    std::string_view out(at_, static_cast<std::size_t>(count));
    at_ += count;
    return out;
  }

 private:
  unsigned char fail() {
    ok_ = false;
    return 0;
  }
  const char* at_;
  const char* end_;
  bool ok_ = true;
};

/// The GNU build-id note of the main program (the first object dl_iterate_phdr reports).
int find_build_id(dl_phdr_info* info, std::size_t, void* out) {
  auto& id = *static_cast<std::string*>(out);
  for (int i = 0; i < info->dlpi_phnum; ++i) {
    const ElfW(Phdr)& segment = info->dlpi_phdr[i];
    if (segment.p_type != PT_NOTE) continue;
    const std::size_t align = segment.p_align == 8 ? 8 : 4;
    const auto* at = reinterpret_cast<const unsigned char*>(info->dlpi_addr + segment.p_vaddr);
    const unsigned char* end = at + segment.p_memsz;
    while (static_cast<std::size_t>(end - at) >= sizeof(ElfW(Nhdr))) {
      ElfW(Nhdr) note;
      std::memcpy(&note, at, sizeof note);
      const std::size_t name_at = sizeof note;
      const std::size_t desc_at = name_at + (note.n_namesz + align - 1) / align * align;
      const std::size_t next = desc_at + (note.n_descsz + align - 1) / align * align;
      if (next > static_cast<std::size_t>(end - at)) break;
      if (note.n_type == NT_GNU_BUILD_ID && note.n_namesz == 4 && std::memcmp(at + name_at, "GNU", 4) == 0) {
        static const char kDigits[] = "0123456789abcdef";
        for (std::size_t b = 0; b < note.n_descsz; ++b) {
          id += kDigits[at[desc_at + b] >> 4];
          id += kDigits[at[desc_at + b] & 15];
        }
        return 1;
      }
      at += next;
    }
  }
  return 1;  // only the main program
}

bool fits_text(std::uint64_t value, std::size_t text_bytes) {
  return value <= text_bytes && value <= static_cast<std::uint64_t>(INT_MAX);
}

}  // namespace

std::string encode_yaml_tree(const YamlNode::Document& document) {
  std::string out;
  out.reserve(document.nodes.size() * 8);
  put_varint(out, document.nodes.size());
  for (const YamlNode::Data& node : document.nodes) {
    switch (node.kind) {
      case YamlNode::Kind::Scalar: out += static_cast<char>(kScalar); break;
      case YamlNode::Kind::Sequence: out += static_cast<char>(kSequence); break;
      case YamlNode::Kind::Map: out += static_cast<char>(kMap); break;
      default: out += static_cast<char>(kNull); break;
    }
    put_varint(out, static_cast<std::uint64_t>(node.mark.line));
    put_varint(out, static_cast<std::uint64_t>(node.mark.column));
    put_varint(out, static_cast<std::uint64_t>(node.mark.pos));
    if (node.kind == YamlNode::Kind::Scalar) {
      put_varint(out, node.scalar.size());
      out += node.scalar;
    } else if (node.kind == YamlNode::Kind::Sequence || node.kind == YamlNode::Kind::Map) {
      put_varint(out, node.children.size());
    }
  }
  return out;
}

std::shared_ptr<const YamlNode::Document> decode_yaml_tree(std::string_view payload, const Limits& limits,
                                                           std::size_t text_bytes) {
  Cursor in(payload);
  const std::uint64_t count = in.varint();
  // Every node takes at least 4 bytes (kind and three positions): a count beyond that is a lie
  // that would only make us reserve memory.
  if (!in.ok() || count == 0 || count > limits.max_nodes || count > in.left() / 4) return nullptr;
  auto document = std::make_shared<YamlNode::Document>();
  auto& nodes = document->nodes;
  nodes.reserve(static_cast<std::size_t>(count));

  // The builder appends nodes in pre-order: each node is the next child of the innermost
  // container that still expects children.
  struct Open {
    std::size_t index;
    std::uint64_t remaining;
  };
  std::vector<Open> open;
  for (std::uint64_t i = 0; i < count; ++i) {
    if (i > 0 && open.empty()) return nullptr;  // a second root
    const unsigned char kind = in.byte();
    const std::uint64_t line = in.varint(), column = in.varint(), pos = in.varint();
    if (!in.ok() || !fits_text(line, text_bytes) || !fits_text(column, text_bytes) || !fits_text(pos, text_bytes)) {
      return nullptr;
    }
    YamlNode::Data node;
    node.mark = YamlMark{static_cast<int>(line), static_cast<int>(column), static_cast<int>(pos)};
    std::uint64_t children = 0;
    switch (kind) {
      case kNull: node.kind = YamlNode::Kind::Null; break;
      case kScalar: {
        node.kind = YamlNode::Kind::Scalar;
        const std::uint64_t size = in.varint();
        if (!in.ok() || size > limits.max_scalar_bytes) return nullptr;
        const std::string_view text = in.bytes(size);
        if (!in.ok() || !is_clean_utf8(text)) return nullptr;
        node.scalar.assign(text);
        break;
      }
      case kSequence:
      case kMap:
        node.kind = kind == kMap ? YamlNode::Kind::Map : YamlNode::Kind::Sequence;
        children = in.varint();
        if (!in.ok() || children > count - i - 1 || (kind == kMap && children % 2 != 0)) return nullptr;
        if (open.size() + 1 > static_cast<std::size_t>(limits.max_depth)) return nullptr;
        node.children.reserve(static_cast<std::size_t>(children));
        break;
      default: return nullptr;
    }
    if (i == 0 && node.kind != YamlNode::Kind::Map) return nullptr;  // the guard keeps only mappings
    const std::size_t index = nodes.size();
    nodes.push_back(std::move(node));
    if (!open.empty()) {
      nodes[open.back().index].children.push_back(index);
      --open.back().remaining;
    }
    if (children > 0) {
      open.push_back({index, children});
    } else {
      while (!open.empty() && open.back().remaining == 0) open.pop_back();
    }
  }
  if (!open.empty() || !in.at_end()) return nullptr;
  return document;
}

YamlCache::YamlCache(std::string directory, std::string build_identity)
    : directory_(std::move(directory)), build_identity_(std::move(build_identity)) {}

YamlCache YamlCache::from_environment(const std::function<const char*(const char*)>& variable) {
  const auto get = [&](const char* name) -> std::string {
    const char* value = variable(name);
    return value ? value : "";
  };
  std::string directory = get(kYamlCacheDirVariable);
  if (directory == "off") return {};
  if (directory.empty()) {
    // XDG Base Directory: a relative $XDG_CACHE_HOME is invalid and ignored.
    const std::string xdg = get("XDG_CACHE_HOME");
    const std::string home = get("HOME");
    if (!xdg.empty() && xdg.front() == '/') directory = xdg + "/borderflow";
    else if (!home.empty()) directory = home + "/.cache/borderflow";
  }
  std::string identity = program_build_id();
  if (directory.empty() || identity.empty()) return {};  // nowhere to keep it, or no way to tell builds apart
  return YamlCache(std::move(directory), std::move(identity));
}

const YamlCache& YamlCache::process() {
  static const YamlCache cache = from_environment([](const char* name) { return std::getenv(name); });
  return cache;
}

std::string YamlCache::program_build_id() {
  static const std::string id = [] {
    std::string found;
    dl_iterate_phdr(find_build_id, &found);
    return found;
  }();
  return id;
}

Sha256Digest YamlCache::key(std::string_view text, const Limits& limits) const {
  // The limits the guard enforces: a tree accepted under --trusted must not be read under the
  // defaults (the decoder checks them too).
  const std::string material = "borderflow-yaml-cache\nformat " + std::to_string(kYamlCacheFormat) + "\nbuild " +
                               build_identity_ + "\nlimits " + std::to_string(limits.max_file_bytes) + " " +
                               std::to_string(limits.max_depth) + " " + std::to_string(limits.max_nodes) + " " +
                               std::to_string(limits.max_scalar_bytes) + "\ntext " + to_hex(sha256(text)) + "\n";
  return sha256(material);
}

std::string YamlCache::entry_path(const Sha256Digest& key) const {
  return (fs::path(directory_) / (to_hex(key) + kEntrySuffix)).string();
}

std::shared_ptr<const YamlNode::Document> YamlCache::load(const Sha256Digest& key, const Limits& limits,
                                                          std::size_t text_bytes) const {
  if (!enabled()) return nullptr;
  // O_NONBLOCK: a FIFO planted at the name must not hang the open; O_NOFOLLOW: entries are files.
  const int fd = ::open(entry_path(key).c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOFOLLOW);
  if (fd < 0) return nullptr;
  std::shared_ptr<const YamlNode::Document> document;
  struct stat info {};
  // A payload never exceeds ~40 bytes per byte of text (a one-byte scalar node: kind, three
  // positions of up to 5 bytes, length, text); a larger file is not an entry.
  const std::uint64_t most = kHeaderBytes + 40 * (std::uint64_t{text_bytes} + 1);
  if (::fstat(fd, &info) == 0 && S_ISREG(info.st_mode) && static_cast<std::uint64_t>(info.st_size) >= kHeaderBytes &&
      static_cast<std::uint64_t>(info.st_size) <= most) {
    std::string entry(static_cast<std::size_t>(info.st_size), '\0');
    std::size_t got = 0;
    while (got < entry.size()) {
      const ssize_t n = ::read(fd, entry.data() + got, entry.size() - got);
      if (n <= 0) break;
      got += static_cast<std::size_t>(n);
    }
    const std::string_view payload = std::string_view(entry).substr(kHeaderBytes);
    if (got == entry.size() && std::memcmp(entry.data(), kMagic, sizeof kMagic) == 0 &&
        std::memcmp(entry.data() + sizeof kMagic, key.data(), key.size()) == 0 &&
        get_u64(entry.data() + sizeof kMagic + 32) == payload.size() &&
        get_u64(entry.data() + sizeof kMagic + 40) == checksum64(payload)) {
      document = decode_yaml_tree(payload, limits, text_bytes);
      // Used: keep it past the next pruning.
      if (document) (void)::futimens(fd, nullptr);
    }
  }
  ::close(fd);
  return document;
}

void YamlCache::store(const Sha256Digest& key, const YamlNode::Document& document) const {
  if (!enabled()) return;
  try {
    std::error_code error;
    fs::create_directories(directory_, error);
    if (error) return;
    const std::string path = entry_path(key);
    // Only regular files are replaced: a device or FIFO at the name would be written through.
    const fs::file_status status = fs::symlink_status(path, error);
    if (fs::exists(status) && !fs::is_regular_file(status)) return;
    const std::string payload = encode_yaml_tree(document);
    std::string entry(kMagic, sizeof kMagic);
    entry.append(reinterpret_cast<const char*>(key.data()), key.size());
    put_u64(entry, payload.size());
    put_u64(entry, checksum64(payload));
    entry += payload;
    write_file_atomically(path, entry);
    prune_old_entries();
  } catch (const std::exception&) {
    // Never an error: the next run parses again.
  }
}

void YamlCache::prune_old_entries() const {
  const auto oldest = fs::file_time_type::clock::now() - std::chrono::hours(24 * kYamlCacheKeepDays);
  std::error_code error;
  for (fs::directory_iterator it(directory_, error), end; !error && it != end; it.increment(error)) {
    // Entries, and the temporaries of writers killed before their rename (".NAME.yamltree.tmp.PID.N").
    const fs::path& path = it->path();
    if (path.filename().string().find(kEntrySuffix) == std::string::npos || !it->is_regular_file(error)) continue;
    std::error_code time_error;
    const auto written = fs::last_write_time(path, time_error);
    if (!time_error && written < oldest) fs::remove(path, time_error);
  }
}

}  // namespace borderflow
