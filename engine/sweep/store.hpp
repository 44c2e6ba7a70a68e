#pragma once
// The results store: one SQLite file per sweep (or per shard), written a block at a time.
//
//   meta(key, value)          run metadata: spec hash and text, version, seed, design, sizes, shard
//   columns(position, ...)    the layout of `rows`: name, kind, type, unit, better, source
//   worlds(world_index, ...)  the matched policy worlds
//   rows(variant, world_index, world, status, error, <parameters>, <outputs>, <deltas>)
//                             the compared data: one row per variant and world, no timestamps
//   bottlenecks(variant, world_index, question, direction, rank, element_kind, element_id,
//               element_direction)
//                             every binding row of every route question's max flow, in rank
//                             order (highest shadow price first), when the spec asks for
//                             bottlenecks; the rows' `bottleneck.<question>` text names three
//   blocks(block, ..., digest) which blocks are complete (the resume ledger), each with a digest
//                             of its ledger entry and rows as committed
//   runs(run, ...)            one line per invocation: start and end time, jobs, shard, mode
//
// A block's rows, its bottleneck rows and its ledger entry are committed in one transaction (WAL journal), so a
// process killed at any instant leaves either the whole block or none of it; --resume skips the
// ledger's blocks and recomputes the rest, which (model.hpp) gives the same rows.
// Stores are created under a temporary name and renamed into place, so a store that exists
// always has its metadata.
//
// A store that opens is whole. open() checks, before anything is read: SQLite's structure
// (PRAGMA quick_check); the layout (the columns table names the rows table's columns, with their
// types); the definition (metadata that gives the rows their meaning, columns and worlds) against
// the `layout_digest` written at creation; every block's rows against the digest written at its
// commit; and that no row lies outside a block. So export, summarize, merge and --resume never
// read a changed bit as data: they stop with StoreDamaged naming what differs. A digest is
// 64-bit FNV-1a over the values as SQLite returns them, each with its type, so it detects any
// single changed byte (not deliberate forgery). Stores written before digests (format 1) are
// refused with a message saying so, and so are stores of format 2 (before the bottlenecks table).
// A block's digest covers its bottleneck rows too.
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "sweep/model.hpp"
#include "sweep/sqlite.hpp"

namespace borderflow {

/// A store the user pointed at that cannot serve as asked: missing, not a sweep store, made by
/// another spec, shards that do not belong together, a merge target that exists. Any other
/// std::runtime_error from the store is a failure of SQLite or the disk.
class StoreInputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// A store whose content differs from what was committed (a flipped bit, a bad copy, an edit):
/// the user's file is damaged. The message names the file and the block or table that differs.
class StoreDamaged : public StoreInputError {
 public:
  using StoreInputError::StoreInputError;
};

/// Another process holds the store (a sweep run or a merge writing it): "store X is in use by pid N".
class StoreInUse : public StoreInputError {
 public:
  using StoreInputError::StoreInputError;
};

/// One process's exclusive claim on a store path, held by whatever writes the store (a sweep run,
/// from before it opens or creates the store until it has exported it; a merge into it): an
/// flock(2) on "<store>.lock" beside the store (its symbolic links resolved), which holds the
/// claimant's "pid host". The kernel drops the lock when the process ends, however it ends, so a
/// killed run never leaves a store claimed: its lock file stays and is reused by the next claim.
/// A claim removes the file when released. Readers (export, summarize) take no claim: they see
/// committed blocks only.
class StoreLock {
 public:
  /// Claims `store_path`. Throws StoreInUse naming the holder's pid when another claim holds it,
  /// std::runtime_error when the lock file cannot be made (no such folder, no permission).
  explicit StoreLock(const std::string& store_path);
  ~StoreLock();
  StoreLock(const StoreLock&) = delete;
  StoreLock& operator=(const StoreLock&) = delete;

 private:
  std::string lock_path_;
  int fd_ = -1;
};

/// A column as the store records it (enough to summarise without the spec).
struct StoredColumn {
  std::string name;
  ColumnKind kind = ColumnKind::Output;
  bool text = false;
  std::string unit;
  int better = 0;
  int source = -1;
};

class SweepStore {
 public:
  /// Creates a store for `model` at `path`; fails if a store exists there. Journal files that a
  /// deleted store left beside the path (-wal, -shm, -journal, with no store beside them) are
  /// removed first: they belong to no database, and SQLite would replay a stale -wal into the new
  /// store. `shard` is "K/N". Callers that may race for the path hold its StoreLock.
  static std::unique_ptr<SweepStore> create(const std::string& path, const SweepModel& model, const std::string& shard,
                                            const std::string& version);
  /// Opens an existing store after checking that it is whole (see above). Throws StoreInputError
  /// naming the file when it is not a sweep store or predates digests, StoreDamaged when it is
  /// damaged.
  static std::unique_ptr<SweepStore> open(const std::string& path, bool writable);
  ~SweepStore();
  SweepStore(const SweepStore&) = delete;
  SweepStore& operator=(const SweepStore&) = delete;

  const std::string& path() const { return path_; }
  /// A metadata value, or "" when absent.
  std::string meta(const std::string& key) const;
  std::map<std::string, std::string> all_meta() const;
  std::vector<StoredColumn> columns() const;
  std::vector<std::string> world_names() const;
  /// Blocks already complete.
  std::set<std::uint64_t> finished_blocks() const;
  std::uint64_t row_count() const;

  /// Writes one block's rows and its ledger entry, with the digest of both, in one transaction.
  void write_block(const SweepBlock& block);

  /// Records an invocation in `runs`; returns its id. `finish_run` stamps its end.
  std::int64_t begin_run(const std::string& mode, int jobs, const std::string& shard, bool resumed);
  void finish_run(std::int64_t run, std::uint64_t blocks_done);

  /// Leaves WAL mode once the store is finished, so it is one self-contained file (readers,
  /// copies and merges need no -wal/-shm beside it). A later --resume turns WAL back on.
  void seal();

  /// A statement on the store's connection, for reading the tables above (summaries, exports,
  /// merges). Valid while the store is open.
  sqlite::Statement query(const std::string& sql) const { return sqlite::Statement(db_, sql); }

 private:
  SweepStore(std::string path, sqlite::Db db);
  void prepare_insert();
  void check_whole() const;

  std::string path_;
  sqlite::Db db_;
  struct Statements;
  std::unique_ptr<Statements> statements_;
  std::size_t column_count_ = 0;
  std::vector<char> column_is_text_;
  std::vector<std::string> world_names_;
};

/// Checks that `store` was made by the same spec (hash), shard and block size; returns "" when it
/// was, else the reason it cannot be resumed.
std::string resume_mismatch(const SweepStore& store, const SweepModel& model, const std::string& shard);

/// Joins shard stores into one new store at `out` (claimed with a StoreLock while it is written): same spec hash and layout required, blocks
/// must not overlap. Unless `allow_partial`, every block of the sweep must be present. Returns a
/// one-line account ("merged 4 shards: 391 of 391 blocks, 200000 rows").
std::string merge_stores(const std::string& out, const std::vector<std::string>& shards, bool allow_partial);

/// Streams `rows` (ordered by variant, then world) as CSV to `out` (written under a temporary
/// name and renamed). Returns the number of data lines.
std::uint64_t export_csv(const std::string& store, const std::string& out);

/// Streams the `bottlenecks` table as CSV to `out` like export_csv:
/// variant,world,question,direction,rank,element_kind,element_id,element_direction, ordered by
/// variant, world, question, direction and rank; `world` is the world's name.
std::uint64_t export_bottlenecks_csv(const std::string& store, const std::string& out);

}  // namespace borderflow
