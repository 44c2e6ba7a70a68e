#include "sweep/store.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <map>
#include <chrono>
#include <thread>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <optional>
#include <set>
#include <stdexcept>
#include <utility>
#include <vector>

#include "core/atomic_file.hpp"
#include "core/csv.hpp"
#include "core/diagnostic.hpp"
#include "core/hash.hpp"
#include "core/text.hpp"
#include "sweep/spec.hpp"

namespace borderflow {
namespace {

namespace fs = std::filesystem;

constexpr const char* kFormat = "borderflow-sweep-store/3";
/// The format before block digests: recognised only to say why it is refused.
constexpr const char* kFormatWithoutDigests = "borderflow-sweep-store/1";
/// The format before the bottlenecks table (sets cut to three ids): recognised to say why it is refused.
constexpr const char* kFormatWithoutBottlenecks = "borderflow-sweep-store/2";
/// Metadata that differs between copies of one sweep's data (a shard and the merge of it), left
/// out of the layout digest.
constexpr const char* kMetaOutsideLayout = "('shard', 'created_at', 'merged_from', 'layout_digest')";
/// The rows of one block in digest order; bind the first variant and the one past the last.
constexpr const char* kBlockRowsSql = "SELECT * FROM rows WHERE variant >= ? AND variant < ? ORDER BY variant, world_index";
/// The bottleneck rows of one block in digest order, bound like kBlockRowsSql.
constexpr const char* kBlockBottlenecksSql =
    "SELECT * FROM bottlenecks WHERE variant >= ? AND variant < ? ORDER BY variant, world_index, question, direction, rank";
/// The fixed columns of `rows` before the spec's, with their declared types.
const std::vector<std::pair<std::string, std::string>> kFixedRowColumns = {
    {"variant", "INTEGER"}, {"world_index", "INTEGER"}, {"world", "TEXT"}, {"status", "TEXT"}, {"error", "TEXT"}};

using sqlite::Db;
using sqlite::Statement;
using sqlite::quote_identifier;

std::string kind_name(ColumnKind kind) {
  switch (kind) {
    case ColumnKind::Parameter: return "parameter";
    case ColumnKind::Output: return "output";
    case ColumnKind::Delta: return "delta";
  }
  return "?";
}

ColumnKind kind_from(const std::string& name) {
  if (name == "parameter") return ColumnKind::Parameter;
  if (name == "delta") return ColumnKind::Delta;
  return ColumnKind::Output;
}

std::string temporary_beside(const std::string& path) {
  const fs::path target(path);
  return (target.parent_path() / ("." + target.filename().string() + ".tmp-" + std::to_string(::getpid()))).string();
}

void remove_database_files(const std::string& path) {
  std::error_code ignored;
  for (const char* suffix : {"", "-journal", "-wal", "-shm"}) fs::remove(path + suffix, ignored);
}

/// Removes the journal files of a deleted store (see SweepStore::create): only when nothing is at
/// `path` itself, and only regular files.
void remove_orphaned_journals(const std::string& path) {
  std::error_code ec;
  if (fs::symlink_status(path, ec).type() != fs::file_type::not_found) return;
  for (const char* suffix : {"-wal", "-shm", "-journal"}) {
    if (fs::symlink_status(path + suffix, ec).type() == fs::file_type::regular) fs::remove(path + suffix, ec);
  }
}

bool exists_any(const std::string& path) {
  std::error_code ignored;
  return fs::exists(path, ignored) || fs::exists(path + "-wal", ignored);
}

/// The schema shared by new and merged stores (rows DDL is given).
void create_schema(Db& db, const std::string& rows_ddl) {
  db.exec("CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)");
  db.exec(
       "CREATE TABLE columns(position INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, kind TEXT NOT NULL, "
       "type TEXT NOT NULL, unit TEXT NOT NULL, better INTEGER NOT NULL, source INTEGER NOT NULL)");
  db.exec("CREATE TABLE worlds(world_index INTEGER PRIMARY KEY, name TEXT NOT NULL, no_transit TEXT NOT NULL, closed TEXT NOT NULL)");
  db.exec(rows_ddl);
  // Every binding row of every route question (the wide row's bottleneck text names three).
  db.exec(
       "CREATE TABLE bottlenecks(variant INTEGER NOT NULL, world_index INTEGER NOT NULL, question TEXT NOT NULL, "
       "direction TEXT NOT NULL, rank INTEGER NOT NULL, element_kind TEXT NOT NULL, element_id TEXT NOT NULL, "
       "element_direction TEXT NOT NULL, PRIMARY KEY(variant, world_index, question, direction, rank)) WITHOUT ROWID");
  db.exec(
       "CREATE TABLE blocks(block INTEGER PRIMARY KEY, first_variant INTEGER NOT NULL, variants INTEGER NOT NULL, "
       "failed INTEGER NOT NULL, digest TEXT NOT NULL)");
  db.exec(
       "CREATE TABLE runs(run INTEGER PRIMARY KEY, started_at TEXT NOT NULL, finished_at TEXT, version TEXT, "
       "mode TEXT, jobs INTEGER, shard TEXT, resumed INTEGER, blocks_done INTEGER, host TEXT)");
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : ",") + i;
  return out;
}

void append_u64(std::string& bytes, std::uint64_t value) {
  for (int i = 0; i < 8; ++i) bytes += static_cast<char>((value >> (8 * i)) & 0xff);
}

/// Folds the current row of `s` into `state`: each value with its SQLite type, texts with their
/// length, reals by their bits, so two rows digest alike only when SQLite returns the same values.
std::uint64_t digest_row(const Statement& s, std::uint64_t state) {
  std::string bytes;
  for (int i = 0; i < s.column_count(); ++i) {
    switch (s.type(i)) {
      case Statement::Type::Null: bytes += 'n'; break;
      case Statement::Type::Integer:
        bytes += 'i';
        append_u64(bytes, static_cast<std::uint64_t>(s.integer(i)));
        break;
      case Statement::Type::Real: {
        const double value = s.real(i);
        std::uint64_t bits = 0;
        std::memcpy(&bits, &value, sizeof bits);
        bytes += 'r';
        append_u64(bytes, bits);
        break;
      }
      case Statement::Type::Text:
      case Statement::Type::Blob: {
        const std::string text = s.text(i);
        bytes += 't';
        append_u64(bytes, text.size());
        bytes += text;
        break;
      }
    }
  }
  return fnv1a64(bytes, state);
}

/// Folds every row `s` returns into `state`; `rows` counts them.
std::uint64_t digest_rows(Statement& s, std::uint64_t state, std::uint64_t& rows) {
  while (s.step()) {
    state = digest_row(s, state);
    ++rows;
  }
  return state;
}

std::string hex64(std::uint64_t value) {
  char buffer[17];
  std::snprintf(buffer, sizeof buffer, "%016llx", static_cast<unsigned long long>(value));
  return buffer;
}

/// The digest of one block: its ledger entry, then its rows (`block_rows`: kBlockRowsSql) in
/// order, then its bottleneck rows (`block_bottlenecks`: kBlockBottlenecksSql). `rows` and
/// `bottlenecks` count the rows read.
std::string block_digest(Statement& block_rows, Statement& block_bottlenecks, std::int64_t block, std::int64_t first,
                         std::int64_t variants, std::int64_t failed, std::uint64_t& rows, std::uint64_t& bottlenecks) {
  std::string ledger = "block";
  for (std::int64_t value : {block, first, variants, failed}) append_u64(ledger, static_cast<std::uint64_t>(value));
  block_rows.bind(1, first);
  block_rows.bind(2, first + variants);
  std::uint64_t state = digest_rows(block_rows, fnv1a64(ledger), rows);
  block_rows.reset();
  block_bottlenecks.bind(1, first);
  block_bottlenecks.bind(2, first + variants);
  state = digest_rows(block_bottlenecks, fnv1a64("bottlenecks", state), bottlenecks);
  block_bottlenecks.reset();
  return hex64(state);
}

/// The digest of what gives the rows their meaning: the metadata (but kMetaOutsideLayout), the
/// columns and the worlds.
std::string layout_digest(const Db& db) {
  std::uint64_t state = fnv1a64("layout");
  std::uint64_t rows = 0;
  for (const std::string& sql : {"SELECT key, value FROM meta WHERE key NOT IN " + std::string(kMetaOutsideLayout) + " ORDER BY key",
                                 std::string("SELECT * FROM columns ORDER BY position"),
                                 std::string("SELECT * FROM worlds ORDER BY world_index")}) {
    Statement s(db, sql);
    state = digest_rows(s, fnv1a64(sql, state), rows);
  }
  return hex64(state);
}

/// How the rows table's columns differ from those the columns table describes ("" when they agree).
std::string layout_difference(const Db& db, const std::vector<StoredColumn>& columns) {
  auto expected = kFixedRowColumns;
  for (const auto& c : columns) expected.emplace_back(c.name, c.text ? "TEXT" : "REAL");
  std::vector<std::pair<std::string, std::string>> actual;
  Statement info(db, "PRAGMA table_info(rows)");
  while (info.step()) actual.emplace_back(info.text(1), info.text(2));
  if (actual.size() != expected.size()) {
    return "its rows table has " + std::to_string(actual.size()) + " columns where its columns table describes " +
           std::to_string(expected.size());
  }
  for (std::size_t i = 0; i < actual.size(); ++i) {
    if (actual[i] != expected[i]) {
      return "column " + std::to_string(i + 1) + " of its rows table is '" + actual[i].first + "' " + actual[i].second +
             " where its columns table says '" + expected[i].first + "' " + expected[i].second;
    }
  }
  return {};
}

std::string host_name() {
  char host[256] = {0};
  ::gethostname(host, sizeof host - 1);
  return host;
}

/// Who holds the lock file open on `fd`, as its holder wrote it: "pid N", with " on HOST" when
/// that is another machine. A holder writes right after it locks, so an empty file is read again
/// for a moment before giving up.
std::string lock_holder(int fd) {
  for (int attempt = 0; attempt < 50; ++attempt) {
    char buffer[300] = {0};
    const ssize_t length = ::pread(fd, buffer, sizeof buffer - 1, 0);
    std::string text(buffer, length > 0 ? static_cast<std::size_t>(length) : 0);
    const auto space = text.find(' ');
    const auto end = text.find('\n');
    if (space != std::string::npos && end != std::string::npos && space < end) {
      const std::string host = text.substr(space + 1, end - space - 1);
      return "pid " + text.substr(0, space) + (host == host_name() ? "" : " on " + host);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  return "another process";
}

/// A write to standard output failed (a full disk, a closed pipe or descriptor): says why.
[[noreturn]] void standard_output_failed() {
  throw EnvironmentError(std::string("standard output: ") + std::strerror(errno));
}

/// The UTC time now as "2026-11-28T01:44:33Z" (metadata only: rows never hold a time).
std::string utc_now() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buffer;
}

/// The inputs a spec's hash covers, one a line: the input's own digest, a space, its path.
std::string input_digests_text(const SweepSpec& spec) {
  std::string text;
  for (const auto& input : spec.inputs) text += input.digest + " " + input.file + "\n";
  return text;
}

/// What differs between the inputs a store recorded (input_digests_text) and the spec's now, in
/// words ("n1k/link.csv changed; extra.yaml is new"); empty for a store that recorded none.
std::string changed_inputs(const std::string& recorded, const SweepSpec& spec) {
  if (recorded.empty()) return {};
  std::map<std::string, std::string> before;  // path -> digest
  std::vector<std::string> order;
  for (std::size_t at = 0; at < recorded.size();) {
    std::size_t end = recorded.find('\n', at);
    if (end == std::string::npos) end = recorded.size();
    const std::string line = recorded.substr(at, end - at);
    at = end + 1;
    const std::size_t space = line.find(' ');
    if (space == std::string::npos) continue;
    const std::string file = line.substr(space + 1);
    if (before.emplace(file, line.substr(0, space)).second) order.push_back(file);
  }
  std::vector<std::string> words;
  std::set<std::string> now;
  for (const auto& input : spec.inputs) {
    now.insert(input.file);
    const auto found = before.find(input.file);
    if (found == before.end()) words.push_back(input.file + " is new");
    else if (found->second != input.digest) words.push_back(input.file + " changed");
  }
  for (const auto& file : order) {
    if (!now.count(file)) words.push_back(file + " is no longer read");
  }
  std::string out;
  for (const auto& w : words) out += (out.empty() ? "" : "; ") + w;
  return out;
}

}  // namespace

struct SweepStore::Statements {
  std::unique_ptr<Statement> insert_row;
  std::unique_ptr<Statement> insert_block;
  std::unique_ptr<Statement> block_rows;
  std::unique_ptr<Statement> insert_bottleneck;
  std::unique_ptr<Statement> block_bottlenecks;
};

SweepStore::SweepStore(std::string path, Db db)
    : path_(std::move(path)), db_(std::move(db)), statements_(std::make_unique<Statements>()) {}

SweepStore::~SweepStore() {
  statements_.reset();  // statements first: a connection with live statements does not close
  db_.close();
}

std::unique_ptr<SweepStore> SweepStore::create(const std::string& path, const SweepModel& model, const std::string& shard,
                                               const std::string& version) {
  remove_orphaned_journals(path);
  if (exists_any(path)) throw StoreInputError(path + " already exists");
  const std::string temporary = temporary_beside(path);
  remove_database_files(temporary);
  const SweepSpec& spec = model.spec();
  {
    Db db(temporary, Db::Mode::Create);
    try {
      db.exec("BEGIN");
      std::string rows = "CREATE TABLE rows(variant INTEGER NOT NULL, world_index INTEGER NOT NULL, world TEXT NOT NULL, "
                         "status TEXT NOT NULL, error TEXT";
      for (const auto& c : model.columns()) rows += ", " + quote_identifier(c.name) + (c.text ? " TEXT" : " REAL");
      rows += ", PRIMARY KEY(variant, world_index)) WITHOUT ROWID";
      create_schema(db, rows);
      const std::map<std::string, std::string> meta = {
          {"format", kFormat},
          {"spec_hash", spec.hash},
          {"input_digests", input_digests_text(spec)},
          {"spec_name", spec.name},
          {"spec_description", spec.description},
          {"spec_file", spec.file},
          {"spec_text", spec.text},
          {"base_file", spec.base_file},
          {"version", version},
          {"seed", std::to_string(spec.seed)},
          {"design", to_string(spec.design)},
          {"design_size", std::to_string(spec.design_size)},
          {"morris_levels", std::to_string(spec.morris_levels)},
          {"variant_count", std::to_string(spec.variant_count)},
          {"block_size", std::to_string(spec.block_size)},
          {"block_count", std::to_string(model.block_count())},
          {"parameter_count", std::to_string(spec.parameters.size())},
          {"world_count", std::to_string(spec.worlds.size())},
          {"shard", shard},
          {"created_at", utc_now()},
      };
      Statement insert_meta(db, "INSERT INTO meta(key, value) VALUES(?, ?)");
      for (const auto& [k, v] : meta) {
        insert_meta.bind(1, k);
        insert_meta.bind(2, v);
        insert_meta.run();
      }
      Statement insert_column(db, "INSERT INTO columns VALUES(?, ?, ?, ?, ?, ?, ?)");
      std::int64_t position = 0;
      for (const auto& c : model.columns()) {
        insert_column.bind(1, position++);
        insert_column.bind(2, c.name);
        insert_column.bind(3, kind_name(c.kind));
        insert_column.bind(4, std::string(c.text ? "text" : "real"));
        insert_column.bind(5, c.unit);
        insert_column.bind(6, static_cast<std::int64_t>(c.better));
        insert_column.bind(7, static_cast<std::int64_t>(c.source));
        insert_column.run();
      }
      Statement insert_world(db, "INSERT INTO worlds VALUES(?, ?, ?, ?)");
      for (std::size_t w = 0; w < spec.worlds.size(); ++w) {
        insert_world.bind(1, static_cast<std::int64_t>(w));
        insert_world.bind(2, spec.worlds[w].name);
        insert_world.bind(3, join(spec.worlds[w].no_transit));
        insert_world.bind(4, join(spec.worlds[w].closed));
        insert_world.run();
      }
      insert_meta.bind(1, std::string("layout_digest"));
      insert_meta.bind(2, layout_digest(db));
      insert_meta.run();
      db.exec("COMMIT");
    } catch (...) {
      db.close();
      remove_database_files(temporary);
      throw;
    }
    db.close();
  }
  if (exists_any(path)) {
    remove_database_files(temporary);
    throw StoreInputError(path + " already exists");
  }
  if (std::rename(temporary.c_str(), path.c_str()) != 0) {
    remove_database_files(temporary);
    throw std::runtime_error("cannot create " + path);
  }
  return open(path, true);
}

std::unique_ptr<SweepStore> SweepStore::open(const std::string& path, bool writable) {
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) throw StoreInputError(path + ": no such sweep store");
  std::unique_ptr<SweepStore> store(new SweepStore(path, Db(path, writable ? Db::Mode::ReadWrite : Db::Mode::ReadOnly)));
  try {
    if (writable) {
      store->db_.exec("PRAGMA journal_mode=WAL");
      store->db_.exec("PRAGMA synchronous=NORMAL");
    }
    const std::string format = store->meta("format");
    if (format == kFormatWithoutDigests) {
      throw std::runtime_error(
          "written by an earlier borderflow (store format 1, without block digests), so it cannot be checked for "
          "damage; run the sweep again into a new store (sqlite3 still reads this one)");
    }
    if (format == kFormatWithoutBottlenecks) {
      throw std::runtime_error(
          "written by an earlier borderflow (store format 2, whose bottleneck sets were cut to three ids); "
          "run the sweep again into a new store to keep them whole (sqlite3 still reads this one)");
    }
    if (format != kFormat) throw std::runtime_error("not a sweep store");
    store->check_whole();
  } catch (const StoreInputError&) {
    throw;
  } catch (const std::exception& e) {
    throw StoreInputError(path + ": " + e.what());
  }
  for (const auto& c : store->columns()) store->column_is_text_.push_back(c.text ? 1 : 0);
  store->column_count_ = store->column_is_text_.size();
  store->world_names_ = store->world_names();
  if (writable) store->prepare_insert();
  return store;
}

StoreLock::StoreLock(const std::string& store_path) {
  std::error_code ec;
  const fs::path resolved = fs::weakly_canonical(store_path, ec);
  lock_path_ = (ec ? store_path : resolved.string()) + ".lock";
  // The previous holder removes the file on release; one who opened it just before then holds a
  // lock on a file no one else will open, so a claim counts only on the file the name leads to.
  for (int attempt = 0; attempt < 100; ++attempt) {
    int fd = ::open(lock_path_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd >= 0 && fd <= STDERR_FILENO) {
      // A closed stdout or stderr would hand its number to the lock file, and output meant for
      // it would land in the lock file: keep the file above them.
      const int above = ::fcntl(fd, F_DUPFD_CLOEXEC, STDERR_FILENO + 1);
      ::close(fd);
      fd = above;
    }
    if (fd < 0) throw EnvironmentError("cannot create " + lock_path_ + ": " + std::strerror(errno));
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
      const int error = errno;
      const std::string holder = error == EWOULDBLOCK ? lock_holder(fd) : std::string();
      ::close(fd);
      if (error == EWOULDBLOCK) throw StoreInUse("store " + store_path + " is in use by " + holder);
      throw std::runtime_error("cannot lock " + lock_path_ + ": " + std::strerror(error));
    }
    struct stat held {}, named {};
    if (::fstat(fd, &held) == 0 && ::stat(lock_path_.c_str(), &named) == 0 && held.st_dev == named.st_dev &&
        held.st_ino == named.st_ino) {
      const std::string holder = std::to_string(::getpid()) + " " + host_name() + "\n";
      if (::ftruncate(fd, 0) != 0 || ::pwrite(fd, holder.data(), holder.size(), 0) != static_cast<ssize_t>(holder.size())) {
        const int error = errno;
        ::close(fd);
        throw std::runtime_error("cannot write " + lock_path_ + ": " + std::strerror(error));
      }
      fd_ = fd;
      return;
    }
    ::close(fd);
  }
  throw std::runtime_error("cannot lock " + lock_path_ + ": it keeps being replaced");
}

StoreLock::~StoreLock() {
  // Removed while still locked, so no one can claim this file after we let go of it.
  ::unlink(lock_path_.c_str());
  ::close(fd_);
}

void SweepStore::prepare_insert() {
  std::string sql = "INSERT INTO rows VALUES(?, ?, ?, ?, ?";
  for (std::size_t i = 0; i < column_count_; ++i) sql += ", ?";
  sql += ")";
  statements_->insert_row = std::make_unique<Statement>(db_, sql);
  statements_->insert_block = std::make_unique<Statement>(db_, "INSERT INTO blocks VALUES(?, ?, ?, ?, ?)");
  statements_->block_rows = std::make_unique<Statement>(db_, kBlockRowsSql);
  statements_->insert_bottleneck = std::make_unique<Statement>(db_, "INSERT INTO bottlenecks VALUES(?, ?, ?, ?, ?, ?, ?, ?)");
  statements_->block_bottlenecks = std::make_unique<Statement>(db_, kBlockBottlenecksSql);
}

/// What the readers of a store index or parse without further checks: every delta column names
/// a real output column as its source, and the counts in `meta` are whole numbers. A store that
/// passed its digests holds these by construction; the check keeps a forged one (a digest
/// rewritten with the data) from indexing past the column list or failing a number parse.
static std::string layout_sanity(const std::vector<StoredColumn>& columns, const std::map<std::string, std::string>& meta) {
  for (std::size_t c = 0; c < columns.size(); ++c) {
    if (columns[c].kind != ColumnKind::Delta) continue;
    const int source = columns[c].source;
    if (source < 0 || static_cast<std::size_t>(source) >= columns.size() ||
        columns[static_cast<std::size_t>(source)].kind != ColumnKind::Output || columns[static_cast<std::size_t>(source)].text) {
      return "its column '" + columns[c].name + "' is a difference of column " + std::to_string(source) +
             ", which is not a numeric output";
    }
  }
  for (const char* key : {"variant_count", "block_count", "seed", "morris_levels"}) {
    const auto it = meta.find(key);
    if (it == meta.end() || it->second.empty()) continue;
    std::uint64_t value = 0;
    const char* end = it->second.data() + it->second.size();
    const auto parsed = std::from_chars(it->second.data(), end, value);
    if (parsed.ec != std::errc() || parsed.ptr != end) {
      return "its metadata '" + std::string(key) + "' is '" + it->second.substr(0, 40) + "', not a whole number";
    }
  }
  return {};
}

void SweepStore::check_whole() const {
  const auto damaged = [this](const std::string& what) {
    return StoreDamaged(path_ + " is damaged: " + what + "; restore it from a copy or run the sweep again into a new store");
  };
  {
    Statement check(db_, "PRAGMA quick_check");
    while (check.step()) {
      if (check.text(0) != "ok") throw damaged("SQLite's check finds " + check.text(0));
    }
  }
  if (meta("layout_digest") != layout_digest(db_)) {
    throw damaged("its metadata, columns or worlds differ from those it was created with");
  }
  const auto stored_columns = columns();
  std::string difference = layout_difference(db_, stored_columns);
  if (difference.empty()) difference = layout_sanity(stored_columns, all_meta());
  if (!difference.empty()) throw damaged(difference);
  Statement blocks(db_, "SELECT block, first_variant, variants, failed, digest FROM blocks ORDER BY block");
  Statement block_rows(db_, kBlockRowsSql);
  Statement block_bottlenecks(db_, kBlockBottlenecksSql);
  std::uint64_t rows_in_blocks = 0, bottlenecks_in_blocks = 0;
  while (blocks.step()) {
    const std::int64_t first = blocks.integer(1), variants = blocks.integer(2);
    if (block_digest(block_rows, block_bottlenecks, blocks.integer(0), first, variants, blocks.integer(3), rows_in_blocks,
                     bottlenecks_in_blocks) != blocks.text(4)) {
      throw damaged("the rows of block " + std::to_string(blocks.integer(0)) + " (variants " + std::to_string(first) +
                    " to " + std::to_string(first + variants - 1) + ") differ from those committed");
    }
  }
  const std::uint64_t rows = row_count();
  if (rows != rows_in_blocks) {
    throw damaged("it holds " + std::to_string(rows) + " rows where its blocks hold " + std::to_string(rows_in_blocks));
  }
  Statement count(db_, "SELECT count(*) FROM bottlenecks");
  const std::uint64_t bottlenecks = count.step() ? static_cast<std::uint64_t>(count.integer(0)) : 0;
  if (bottlenecks != bottlenecks_in_blocks) {
    throw damaged("it holds " + std::to_string(bottlenecks) + " bottleneck rows where its blocks hold " +
                  std::to_string(bottlenecks_in_blocks));
  }
}

std::string SweepStore::meta(const std::string& key) const {
  try {
    Statement s(db_, "SELECT value FROM meta WHERE key = ?");
    s.bind(1, key);
    return s.step() ? s.text(0) : std::string();
  } catch (const std::exception&) {
    return {};
  }
}

std::map<std::string, std::string> SweepStore::all_meta() const {
  std::map<std::string, std::string> out;
  Statement s(db_, "SELECT key, value FROM meta ORDER BY key");
  while (s.step()) out[s.text(0)] = s.text(1);
  return out;
}

std::vector<StoredColumn> SweepStore::columns() const {
  std::vector<StoredColumn> out;
  Statement s(db_, "SELECT name, kind, type, unit, better, source FROM columns ORDER BY position");
  while (s.step()) {
    StoredColumn c;
    c.name = s.text(0);
    c.kind = kind_from(s.text(1));
    c.text = s.text(2) == "text";
    c.unit = s.text(3);
    c.better = static_cast<int>(s.integer(4));
    c.source = static_cast<int>(s.integer(5));
    out.push_back(std::move(c));
  }
  return out;
}

std::vector<std::string> SweepStore::world_names() const {
  std::vector<std::string> out;
  Statement s(db_, "SELECT name FROM worlds ORDER BY world_index");
  while (s.step()) out.push_back(s.text(0));
  return out;
}

std::set<std::uint64_t> SweepStore::finished_blocks() const {
  std::set<std::uint64_t> out;
  Statement s(db_, "SELECT block FROM blocks");
  while (s.step()) out.insert(static_cast<std::uint64_t>(s.integer(0)));
  return out;
}

std::uint64_t SweepStore::row_count() const {
  Statement s(db_, "SELECT count(*) FROM rows");
  return s.step() ? static_cast<std::uint64_t>(s.integer(0)) : 0;
}

void SweepStore::write_block(const SweepBlock& block) {
  if (!statements_->insert_row) throw std::logic_error("store opened read-only");
  Statement& insert = *statements_->insert_row;
  db_.exec("BEGIN IMMEDIATE");
  try {
    std::int64_t failed = 0;
    std::uint64_t first = block.rows.empty() ? 0 : block.rows.front().variant;
    std::uint64_t last = first;
    // Column slots: the store's columns are the model's, in order; reals and texts interleave.
    for (const SweepRow& row : block.rows) {
      insert.bind(1, static_cast<std::int64_t>(row.variant));
      insert.bind(2, static_cast<std::int64_t>(row.world));
      insert.bind(3, world_names_.at(static_cast<std::size_t>(row.world)));
      insert.bind(4, row.status);
      if (row.error.empty()) insert.bind_null(5);
      else insert.bind(5, row.error);
      std::size_t real = 0, text = 0;
      for (std::size_t c = 0; c < column_count_; ++c) {
        const int index = static_cast<int>(c) + 6;
        if (column_is_text_[c]) {
          const std::string& value = row.texts.at(text++);
          if (value.empty()) insert.bind_null(index);
          else insert.bind(index, value);
        } else {
          const double value = row.reals.at(real++);
          if (std::isnan(value)) insert.bind_null(index);
          else insert.bind_real(index, value);
        }
      }
      insert.run();
      Statement& bottleneck = *statements_->insert_bottleneck;
      for (const SweepBottleneck& b : row.bottlenecks) {
        bottleneck.bind(1, static_cast<std::int64_t>(row.variant));
        bottleneck.bind(2, static_cast<std::int64_t>(row.world));
        bottleneck.bind(3, b.question);
        bottleneck.bind(4, std::string(b.reverse ? "reverse" : "forward"));
        bottleneck.bind(5, static_cast<std::int64_t>(b.rank));
        bottleneck.bind(6, b.element_kind);
        bottleneck.bind(7, b.element_id);
        bottleneck.bind(8, b.element_direction);
        bottleneck.run();
      }
      if (row.status != "ok") ++failed;
      last = std::max(last, row.variant);
    }
    const auto block_number = static_cast<std::int64_t>(block.block);
    const auto variants = static_cast<std::int64_t>(block.rows.empty() ? 0 : last - first + 1);
    // The digest is taken from the rows as the database returns them, as open() will see them.
    std::uint64_t rows_read = 0, bottlenecks_read = 0;
    const std::string digest = block_digest(*statements_->block_rows, *statements_->block_bottlenecks, block_number,
                                            static_cast<std::int64_t>(first), variants, failed, rows_read, bottlenecks_read);
    Statement& ledger = *statements_->insert_block;
    ledger.bind(1, block_number);
    ledger.bind(2, static_cast<std::int64_t>(first));
    ledger.bind(3, variants);
    ledger.bind(4, failed);
    ledger.bind(5, digest);
    ledger.run();
    db_.exec("COMMIT");
  } catch (...) {
    insert.reset();
    statements_->insert_bottleneck->reset();
    statements_->block_rows->reset();
    statements_->block_bottlenecks->reset();
    db_.rollback();
    throw;
  }
}

std::int64_t SweepStore::begin_run(const std::string& mode, int jobs, const std::string& shard, bool resumed) {
  Statement s(db_, "INSERT INTO runs(started_at, version, mode, jobs, shard, resumed, blocks_done, host) VALUES(?, ?, ?, ?, ?, ?, 0, ?)");
  s.bind(1, utc_now());
  s.bind(2, meta("version"));
  s.bind(3, mode);
  s.bind(4, static_cast<std::int64_t>(jobs));
  s.bind(5, shard);
  s.bind(6, static_cast<std::int64_t>(resumed ? 1 : 0));
  s.bind(7, host_name());
  s.run();
  return db_.last_insert_rowid();
}

void SweepStore::finish_run(std::int64_t run, std::uint64_t blocks_done) {
  Statement s(db_, "UPDATE runs SET finished_at = ?, blocks_done = ? WHERE run = ?");
  s.bind(1, utc_now());
  s.bind(2, static_cast<std::int64_t>(blocks_done));
  s.bind(3, run);
  s.run();
}

void SweepStore::seal() { db_.exec("PRAGMA journal_mode=DELETE"); }

std::string resume_mismatch(const SweepStore& store, const SweepModel& model, const std::string& shard) {
  const SweepSpec& spec = model.spec();
  if (store.meta("spec_hash") != spec.hash) {
    const std::string changed = changed_inputs(store.meta("input_digests"), spec);
    return "it was made from a different spec or scenario (hash " + store.meta("spec_hash") + ", now " + spec.hash + ")" +
           (changed.empty() ? std::string() : ": " + changed);
  }
  if (store.meta("shard") != shard) return "it holds shard " + store.meta("shard") + ", not " + shard;
  if (store.meta("block_size") != std::to_string(spec.block_size)) return "its block size differs";
  const auto columns = store.columns();
  if (columns.size() != model.columns().size()) return "its column layout differs (another engine version?)";
  for (std::size_t i = 0; i < columns.size(); ++i) {
    if (columns[i].name != model.columns()[i].name) return "its column layout differs (another engine version?)";
  }
  return {};
}

std::string merge_stores(const std::string& out, const std::vector<std::string>& shards, bool allow_partial) {
  if (shards.empty()) throw StoreInputError("merge: no shard stores given");
  const StoreLock claim(out);
  remove_orphaned_journals(out);
  if (exists_any(out)) throw StoreInputError(out + " already exists");
  std::vector<std::unique_ptr<SweepStore>> stores;
  for (const auto& path : shards) stores.push_back(SweepStore::open(path, false));
  const SweepStore& first = *stores.front();
  const auto first_columns = first.columns();
  for (std::size_t i = 1; i < stores.size(); ++i) {
    const SweepStore& s = *stores[i];
    for (const char* key : {"spec_hash", "block_size", "variant_count"}) {
      if (s.meta(key) != first.meta(key)) {
        throw StoreInputError("merge: " + shards[i] + " and " + shards[0] + " differ in " + key +
                                 " (not shards of the same sweep)");
      }
    }
    const auto columns = s.columns();
    bool same = columns.size() == first_columns.size();
    for (std::size_t c = 0; same && c < columns.size(); ++c) same = columns[c].name == first_columns[c].name;
    if (!same) throw StoreInputError("merge: " + shards[i] + " has another column layout than " + shards[0]);
  }
  std::string rows_ddl;
  {
    Statement s = first.query("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'rows'");
    if (!s.step()) throw StoreInputError("merge: " + shards[0] + " has no rows table");
    rows_ddl = s.text(0);
  }
  const auto meta = first.all_meta();
  const auto block_count = static_cast<std::uint64_t>(std::stoull(first.meta("block_count")));
  stores.clear();

  const std::string temporary = temporary_beside(out);
  remove_database_files(temporary);
  Db db(temporary, Db::Mode::Create);
  std::uint64_t blocks = 0, rows = 0;
  try {
    db.exec("BEGIN");
    create_schema(db, rows_ddl);
    {
      Statement insert_meta(db, "INSERT INTO meta(key, value) VALUES(?, ?)");
      for (const auto& [k, v] : meta) {
        std::string value = v;
        if (k == "shard") value = "1/1";
        if (k == "created_at") value = utc_now();
        insert_meta.bind(1, k);
        insert_meta.bind(2, value);
        insert_meta.run();
      }
      insert_meta.bind(1, std::string("merged_from"));
      insert_meta.bind(2, std::to_string(shards.size()) + " stores");
      insert_meta.run();
    }
    db.exec("COMMIT");
    for (std::size_t i = 0; i < shards.size(); ++i) {
      Statement attach(db, "ATTACH DATABASE ? AS src");
      attach.bind(1, shards[i]);
      attach.run();
      db.exec("BEGIN");
      if (i == 0) {
        db.exec("INSERT INTO main.columns SELECT * FROM src.columns");
        db.exec("INSERT INTO main.worlds SELECT * FROM src.worlds");
      }
      {
        Statement overlap(db, "SELECT block FROM src.blocks WHERE block IN (SELECT block FROM main.blocks) LIMIT 1");
        if (overlap.step()) {
          throw StoreInputError("merge: block " + std::to_string(overlap.integer(0)) + " of " + shards[i] +
                                   " is also in an earlier store");
        }
      }
      db.exec("INSERT INTO main.rows SELECT * FROM src.rows");
      db.exec("INSERT INTO main.bottlenecks SELECT * FROM src.bottlenecks");
      db.exec("INSERT INTO main.blocks SELECT * FROM src.blocks");
      db.exec(
           "INSERT INTO main.runs(started_at, finished_at, version, mode, jobs, shard, resumed, blocks_done, host) "
           "SELECT started_at, finished_at, version, mode, jobs, shard, resumed, blocks_done, host FROM src.runs ORDER BY run");
      db.exec("COMMIT");
      db.exec("DETACH DATABASE src");
    }
    {
      Statement count_blocks(db, "SELECT count(*) FROM blocks");
      count_blocks.step();
      blocks = static_cast<std::uint64_t>(count_blocks.integer(0));
      Statement count_rows(db, "SELECT count(*) FROM rows");
      count_rows.step();
      rows = static_cast<std::uint64_t>(count_rows.integer(0));
    }
    if (blocks != block_count && !allow_partial) {
      throw StoreInputError("merge: the stores hold " + std::to_string(blocks) + " of " + std::to_string(block_count) +
                               " blocks; a shard is missing or unfinished (resume it, or pass --allow-partial)");
    }
  } catch (...) {
    db.rollback();
    db.close();
    remove_database_files(temporary);
    throw;
  }
  db.close();
  if (exists_any(out) || std::rename(temporary.c_str(), out.c_str()) != 0) {
    remove_database_files(temporary);
    throw std::runtime_error("merge: cannot create " + out);
  }
  return "merged " + std::to_string(shards.size()) + " stores: " + std::to_string(blocks) + " of " +
         std::to_string(block_count) + " blocks, " + std::to_string(rows) + " rows";
}

namespace {

/// Streams what `select` returns as CSV under `header` (its cells already written) to `out`, or
/// to standard output when `out` is "" or "-". Returns the number of data lines.
std::uint64_t stream_csv(Statement& select, const std::string& header, const std::string& out) {
  const bool to_stdout = out.empty() || out == "-";
  std::optional<OutputFile> file;
  if (!to_stdout) file.emplace(out);
  std::string line = header + "\n";
  std::uint64_t lines = 0;
  auto flush_line = [&]() {
    if (file) file->write(line);
    else if (std::fwrite(line.data(), 1, line.size(), stdout) != line.size()) standard_output_failed();
  };
  flush_line();
  const int total = select.column_count();
  while (select.step()) {
    line.clear();
    for (int i = 0; i < total; ++i) {
      if (i) line += ',';
      switch (select.type(i)) {
        case Statement::Type::Null: break;
        case Statement::Type::Integer: line += std::to_string(select.integer(i)); break;
        case Statement::Type::Real: line += format_real(select.real(i)); break;
        default: line += csv_cell(select.text(i)); break;
      }
    }
    line += '\n';
    flush_line();
    ++lines;
  }
  if (file) file->commit();
  else if (std::fflush(stdout) != 0) standard_output_failed();
  return lines;
}

}  // namespace

std::uint64_t export_csv(const std::string& store_path, const std::string& out) {
  auto store = SweepStore::open(store_path, false);
  const auto columns = store->columns();
  std::string sql = "SELECT variant, world, status, error";
  for (const auto& c : columns) sql += ", " + quote_identifier(c.name);
  sql += " FROM rows ORDER BY variant, world_index";
  Statement select = store->query(sql);
  std::string header = "variant,world,status,error";
  for (const auto& c : columns) header += "," + csv_cell(c.name);
  return stream_csv(select, header, out);
}

std::uint64_t export_bottlenecks_csv(const std::string& store_path, const std::string& out) {
  auto store = SweepStore::open(store_path, false);
  Statement select = store->query(
      "SELECT b.variant, w.name, b.question, b.direction, b.rank, b.element_kind, b.element_id, b.element_direction "
      "FROM bottlenecks b JOIN worlds w ON w.world_index = b.world_index "
      "ORDER BY b.variant, b.world_index, b.question, b.direction, b.rank");
  return stream_csv(select, "variant,world,question,direction,rank,element_kind,element_id,element_direction", out);
}

}  // namespace borderflow
