#pragma once
// The one wrapper over the SQLite C API, for the sweep store and what reads it (summaries,
// exports, merges). It owns handles (a connection closes and a statement finalises on scope
// exit) and turns every failed call into std::runtime_error carrying SQLite's message. It adds
// no policy: the schema, transactions and journal modes are the store's (store.hpp).
// Not thread-safe: one connection and its statements belong to one thread at a time.
#include <cstdint>
#include <string>

struct sqlite3;
struct sqlite3_stmt;

namespace borderflow::sqlite {

class Db;

/// A prepared statement. Bind 1-based parameters, step() through the rows, read 0-based
/// columns of the current row; run() executes to the end and makes it reusable.
class Statement {
 public:
  Statement(const Db& db, const std::string& sql);
  ~Statement();
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&&) = delete;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  void bind(int index, const std::string& text);
  void bind(int index, std::int64_t value);
  void bind_real(int index, double value);
  void bind_null(int index);

  /// Advances to the next row; false when there is none.
  bool step();
  /// Steps to the end, then resets and clears the bindings for the next use.
  void run();
  /// Makes the statement reusable after a partial step or a failure.
  void reset();

  enum class Type { Integer, Real, Text, Blob, Null };
  /// Columns of the result (0 for a statement without results).
  int column_count() const;
  Type type(int column) const;
  bool is_null(int column) const { return type(column) == Type::Null; }
  std::string text(int column) const;  ///< "" for NULL
  std::int64_t integer(int column) const;
  double real(int column) const;

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
};

/// A connection to one database file.
class Db {
 public:
  enum class Mode { ReadOnly, ReadWrite, Create };
  /// Opens `path` (waiting up to 10 s for locks). Throws "cannot open PATH: why".
  Db(const std::string& path, Mode mode);
  ~Db();
  Db(Db&& other) noexcept;
  Db& operator=(Db&& other) noexcept;
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;

  /// Runs SQL without results (several statements allowed).
  void exec(const std::string& sql);
  /// Rolls back the open transaction, if any; never throws (for error paths).
  void rollback() noexcept;
  std::int64_t last_insert_rowid() const;
  /// Closes now (idempotent); needed before the file is renamed or removed.
  void close() noexcept;

 private:
  friend class Statement;
  sqlite3* db_ = nullptr;
};

/// `name` as an SQL identifier: in double quotes, inner quotes doubled (column names come from specs).
std::string quote_identifier(const std::string& name);

}  // namespace borderflow::sqlite
