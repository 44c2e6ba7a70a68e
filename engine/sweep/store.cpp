#include "sweep/store.hpp"

#include <sqlite3.h>
#include <unistd.h>

#include <charconv>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <optional>
#include <stdexcept>

#include "core/atomic_file.hpp"

namespace borderflow {
namespace {

namespace fs = std::filesystem;

constexpr const char* kFormat = "borderflow-sweep-store/1";

[[noreturn]] void fail(sqlite3* db, const std::string& what) {
  throw std::runtime_error(what + ": " + (db ? sqlite3_errmsg(db) : "out of memory"));
}

void exec(sqlite3* db, const std::string& sql) {
  char* message = nullptr;
  if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
    const std::string text = message ? message : "unknown error";
    sqlite3_free(message);
    throw std::runtime_error("SQLite: " + text + " (in: " + sql.substr(0, 80) + ")");
  }
}

/// A prepared statement, finalised on scope exit.
class Statement {
 public:
  Statement(sqlite3* db, const std::string& sql) : db_(db) {
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt_, nullptr) != SQLITE_OK) fail(db, "SQLite prepare");
  }
  ~Statement() { sqlite3_finalize(stmt_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  sqlite3_stmt* get() { return stmt_; }
  void bind(int i, const std::string& text) { sqlite3_bind_text(stmt_, i, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT); }
  void bind(int i, std::int64_t value) { sqlite3_bind_int64(stmt_, i, value); }
  void bind_real(int i, double value) { sqlite3_bind_double(stmt_, i, value); }
  void bind_null(int i) { sqlite3_bind_null(stmt_, i); }
  /// true while rows come back.
  bool step() {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    fail(db_, "SQLite step");
  }
  void run() {
    while (step()) {
    }
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
  void reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
  std::string text(int i) {
    const auto* p = sqlite3_column_text(stmt_, i);
    return p ? std::string(reinterpret_cast<const char*>(p), static_cast<std::size_t>(sqlite3_column_bytes(stmt_, i))) : std::string();
  }
  std::int64_t integer(int i) { return sqlite3_column_int64(stmt_, i); }

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
};

std::string quote_identifier(const std::string& name) {
  std::string out = "\"";
  for (char c : name) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

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

sqlite3* open_db(const std::string& path, int flags) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, flags, nullptr) != SQLITE_OK) {
    const std::string message = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    throw std::runtime_error("cannot open " + path + ": " + message);
  }
  sqlite3_busy_timeout(db, 10000);
  return db;
}

std::string temporary_beside(const std::string& path) {
  const fs::path target(path);
  return (target.parent_path() / ("." + target.filename().string() + ".tmp-" + std::to_string(::getpid()))).string();
}

void remove_database_files(const std::string& path) {
  std::error_code ignored;
  for (const char* suffix : {"", "-journal", "-wal", "-shm"}) fs::remove(path + suffix, ignored);
}

bool exists_any(const std::string& path) {
  std::error_code ignored;
  return fs::exists(path, ignored) || fs::exists(path + "-wal", ignored);
}

/// The schema shared by new and merged stores (rows DDL is given).
void create_schema(sqlite3* db, const std::string& rows_ddl) {
  exec(db, "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)");
  exec(db,
       "CREATE TABLE columns(position INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, kind TEXT NOT NULL, "
       "type TEXT NOT NULL, unit TEXT NOT NULL, better INTEGER NOT NULL, source INTEGER NOT NULL)");
  exec(db, "CREATE TABLE worlds(world_index INTEGER PRIMARY KEY, name TEXT NOT NULL, no_transit TEXT NOT NULL, closed TEXT NOT NULL)");
  exec(db, rows_ddl);
  exec(db, "CREATE TABLE blocks(block INTEGER PRIMARY KEY, first_variant INTEGER NOT NULL, variants INTEGER NOT NULL, failed INTEGER NOT NULL)");
  exec(db,
       "CREATE TABLE runs(run INTEGER PRIMARY KEY, started_at TEXT NOT NULL, finished_at TEXT, version TEXT, "
       "mode TEXT, jobs INTEGER, shard TEXT, resumed INTEGER, blocks_done INTEGER, host TEXT)");
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : ",") + i;
  return out;
}

}  // namespace

struct SweepStore::Statements {
  std::unique_ptr<Statement> insert_row;
  std::unique_ptr<Statement> insert_block;
};

std::string utc_now() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buffer;
}

std::string format_real(double value) {
  if (std::isnan(value)) return {};
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  char buffer[400];
  const auto [ptr, ec] = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed);
  if (ec != std::errc()) return "?";
  return std::string(buffer, ptr);
}

std::string csv_cell(const std::string& text, bool is_text) {
  std::string cell = text;
  if (is_text && !cell.empty() && (cell[0] == '=' || cell[0] == '+' || cell[0] == '-' || cell[0] == '@')) cell = "'" + cell;
  if (cell.find_first_of(",\"\n\r") == std::string::npos) return cell;
  std::string out = "\"";
  for (char c : cell) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

SweepStore::SweepStore(std::string path, sqlite3* db) : path_(std::move(path)), db_(db), statements_(std::make_unique<Statements>()) {}

SweepStore::~SweepStore() {
  statements_.reset();
  sqlite3_close(db_);
}

std::unique_ptr<SweepStore> SweepStore::create(const std::string& path, const SweepModel& model, const std::string& shard,
                                               const std::string& version) {
  if (exists_any(path)) throw std::runtime_error(path + " already exists");
  const std::string temporary = temporary_beside(path);
  remove_database_files(temporary);
  const SweepSpec& spec = model.spec();
  {
    sqlite3* db = open_db(temporary, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    try {
      exec(db, "BEGIN");
      std::string rows = "CREATE TABLE rows(variant INTEGER NOT NULL, world_index INTEGER NOT NULL, world TEXT NOT NULL, "
                         "status TEXT NOT NULL, error TEXT";
      for (const auto& c : model.columns()) rows += ", " + quote_identifier(c.name) + (c.text ? " TEXT" : " REAL");
      rows += ", PRIMARY KEY(variant, world_index)) WITHOUT ROWID";
      create_schema(db, rows);
      const std::map<std::string, std::string> meta = {
          {"format", kFormat},
          {"spec_hash", spec.hash},
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
      exec(db, "COMMIT");
    } catch (...) {
      sqlite3_close(db);
      remove_database_files(temporary);
      throw;
    }
    sqlite3_close(db);
  }
  if (exists_any(path)) {
    remove_database_files(temporary);
    throw std::runtime_error(path + " already exists");
  }
  if (std::rename(temporary.c_str(), path.c_str()) != 0) {
    remove_database_files(temporary);
    throw std::runtime_error("cannot create " + path);
  }
  return open(path, true);
}

std::unique_ptr<SweepStore> SweepStore::open(const std::string& path, bool writable) {
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) throw std::runtime_error(path + ": no such sweep store");
  sqlite3* db = open_db(path, writable ? SQLITE_OPEN_READWRITE : SQLITE_OPEN_READONLY);
  std::unique_ptr<SweepStore> store(new SweepStore(path, db));
  try {
    if (writable) {
      exec(db, "PRAGMA journal_mode=WAL");
      exec(db, "PRAGMA synchronous=NORMAL");
    }
    if (store->meta("format") != kFormat) throw std::runtime_error("not a sweep store");
  } catch (const std::exception& e) {
    throw std::runtime_error(path + ": " + e.what());
  }
  for (const auto& c : store->columns()) store->column_is_text_.push_back(c.text ? 1 : 0);
  store->column_count_ = store->column_is_text_.size();
  store->world_names_ = store->world_names();
  if (writable) store->prepare_insert();
  return store;
}

void SweepStore::prepare_insert() {
  std::string sql = "INSERT INTO rows VALUES(?, ?, ?, ?, ?";
  for (std::size_t i = 0; i < column_count_; ++i) sql += ", ?";
  sql += ")";
  statements_->insert_row = std::make_unique<Statement>(db_, sql);
  statements_->insert_block = std::make_unique<Statement>(db_, "INSERT INTO blocks VALUES(?, ?, ?, ?)");
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
  exec(db_, "BEGIN IMMEDIATE");
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
      if (row.status != "ok") ++failed;
      last = std::max(last, row.variant);
    }
    Statement& ledger = *statements_->insert_block;
    ledger.bind(1, static_cast<std::int64_t>(block.block));
    ledger.bind(2, static_cast<std::int64_t>(first));
    ledger.bind(3, static_cast<std::int64_t>(block.rows.empty() ? 0 : last - first + 1));
    ledger.bind(4, failed);
    ledger.run();
    exec(db_, "COMMIT");
  } catch (...) {
    insert.reset();
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }
}

std::int64_t SweepStore::begin_run(const std::string& mode, int jobs, const std::string& shard, bool resumed) {
  char host[256] = {0};
  ::gethostname(host, sizeof host - 1);
  Statement s(db_, "INSERT INTO runs(started_at, version, mode, jobs, shard, resumed, blocks_done, host) VALUES(?, ?, ?, ?, ?, ?, 0, ?)");
  s.bind(1, utc_now());
  s.bind(2, meta("version"));
  s.bind(3, mode);
  s.bind(4, static_cast<std::int64_t>(jobs));
  s.bind(5, shard);
  s.bind(6, static_cast<std::int64_t>(resumed ? 1 : 0));
  s.bind(7, std::string(host));
  s.run();
  return sqlite3_last_insert_rowid(db_);
}

void SweepStore::finish_run(std::int64_t run, std::uint64_t blocks_done) {
  Statement s(db_, "UPDATE runs SET finished_at = ?, blocks_done = ? WHERE run = ?");
  s.bind(1, utc_now());
  s.bind(2, static_cast<std::int64_t>(blocks_done));
  s.bind(3, run);
  s.run();
}

void SweepStore::seal() { exec(db_, "PRAGMA journal_mode=DELETE"); }

std::string resume_mismatch(const SweepStore& store, const SweepModel& model, const std::string& shard) {
  const SweepSpec& spec = model.spec();
  if (store.meta("spec_hash") != spec.hash) {
    return "it was made from a different spec or scenario (hash " + store.meta("spec_hash") + ", now " + spec.hash + ")";
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
  if (shards.empty()) throw std::runtime_error("merge: no shard stores given");
  if (exists_any(out)) throw std::runtime_error(out + " already exists");
  std::vector<std::unique_ptr<SweepStore>> stores;
  for (const auto& path : shards) stores.push_back(SweepStore::open(path, false));
  const SweepStore& first = *stores.front();
  const auto first_columns = first.columns();
  for (std::size_t i = 1; i < stores.size(); ++i) {
    const SweepStore& s = *stores[i];
    for (const char* key : {"spec_hash", "block_size", "variant_count"}) {
      if (s.meta(key) != first.meta(key)) {
        throw std::runtime_error("merge: " + shards[i] + " and " + shards[0] + " differ in " + key +
                                 " (not shards of the same sweep)");
      }
    }
    const auto columns = s.columns();
    bool same = columns.size() == first_columns.size();
    for (std::size_t c = 0; same && c < columns.size(); ++c) same = columns[c].name == first_columns[c].name;
    if (!same) throw std::runtime_error("merge: " + shards[i] + " has another column layout than " + shards[0]);
  }
  std::string rows_ddl;
  {
    Statement s(first.handle(), "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'rows'");
    if (!s.step()) throw std::runtime_error("merge: " + shards[0] + " has no rows table");
    rows_ddl = s.text(0);
  }
  const auto meta = first.all_meta();
  const auto block_count = static_cast<std::uint64_t>(std::stoull(first.meta("block_count")));
  stores.clear();

  const std::string temporary = temporary_beside(out);
  remove_database_files(temporary);
  sqlite3* db = open_db(temporary, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  std::uint64_t blocks = 0, rows = 0;
  try {
    exec(db, "BEGIN");
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
    exec(db, "COMMIT");
    for (std::size_t i = 0; i < shards.size(); ++i) {
      Statement attach(db, "ATTACH DATABASE ? AS src");
      attach.bind(1, shards[i]);
      attach.run();
      exec(db, "BEGIN");
      if (i == 0) {
        exec(db, "INSERT INTO main.columns SELECT * FROM src.columns");
        exec(db, "INSERT INTO main.worlds SELECT * FROM src.worlds");
      }
      {
        Statement overlap(db, "SELECT block FROM src.blocks WHERE block IN (SELECT block FROM main.blocks) LIMIT 1");
        if (overlap.step()) {
          throw std::runtime_error("merge: block " + std::to_string(overlap.integer(0)) + " of " + shards[i] +
                                   " is also in an earlier store");
        }
      }
      exec(db, "INSERT INTO main.rows SELECT * FROM src.rows");
      exec(db, "INSERT INTO main.blocks SELECT * FROM src.blocks");
      exec(db,
           "INSERT INTO main.runs(started_at, finished_at, version, mode, jobs, shard, resumed, blocks_done, host) "
           "SELECT started_at, finished_at, version, mode, jobs, shard, resumed, blocks_done, host FROM src.runs ORDER BY run");
      exec(db, "COMMIT");
      exec(db, "DETACH DATABASE src");
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
      throw std::runtime_error("merge: the stores hold " + std::to_string(blocks) + " of " + std::to_string(block_count) +
                               " blocks; a shard is missing or unfinished (resume it, or pass --allow-partial)");
    }
  } catch (...) {
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    sqlite3_close(db);
    remove_database_files(temporary);
    throw;
  }
  sqlite3_close(db);
  if (exists_any(out) || std::rename(temporary.c_str(), out.c_str()) != 0) {
    remove_database_files(temporary);
    throw std::runtime_error("merge: cannot create " + out);
  }
  return "merged " + std::to_string(shards.size()) + " stores: " + std::to_string(blocks) + " of " +
         std::to_string(block_count) + " blocks, " + std::to_string(rows) + " rows";
}

std::uint64_t export_csv(const std::string& store_path, const std::string& out) {
  auto store = SweepStore::open(store_path, false);
  const auto columns = store->columns();
  std::string sql = "SELECT variant, world, status, error";
  for (const auto& c : columns) sql += ", " + quote_identifier(c.name);
  sql += " FROM rows ORDER BY variant, world_index";
  Statement select(store->handle(), sql);

  const bool to_stdout = out.empty() || out == "-";
  std::optional<OutputFile> file;
  if (!to_stdout) file.emplace(out);
  std::string line = "variant,world,status,error";
  for (const auto& c : columns) line += "," + csv_cell(c.name, false);
  line += "\n";
  std::uint64_t lines = 0;
  auto flush_line = [&]() {
    if (file) file->write(line);
    else if (std::fwrite(line.data(), 1, line.size(), stdout) != line.size()) throw std::runtime_error("cannot write " + out);
  };
  flush_line();
  const int total = static_cast<int>(columns.size()) + 4;
  while (select.step()) {
    line.clear();
    for (int i = 0; i < total; ++i) {
      if (i) line += ',';
      sqlite3_stmt* st = select.get();
      switch (sqlite3_column_type(st, i)) {
        case SQLITE_NULL: break;
        case SQLITE_INTEGER: line += std::to_string(sqlite3_column_int64(st, i)); break;
        case SQLITE_FLOAT: line += format_real(sqlite3_column_double(st, i)); break;
        default: line += csv_cell(select.text(i), true); break;
      }
    }
    line += '\n';
    flush_line();
    ++lines;
  }
  if (file) file->commit();
  else std::fflush(stdout);
  return lines;
}

}  // namespace borderflow
