#pragma once
// A network in tables (docs/network-tables.md): a folder of GMNS-style CSV files (node.csv,
// link.csv, transfer.csv, crossing.csv, source.csv) or a GeoPackage with layers of those names,
// read through GDAL/OGR in the GIS module (core/geo_module.hpp, loaded on first use), one code
// path for both. A scenario uses one as the base of its extends chain (`extends: net/`,
// `extends: net.gpkg`); the loader merges YAML over it by id.
//
// Reading keeps each cell as plain text, already written as the YAML value it stands for
// ("5000000" in capacity_t_per_yr becomes "5000000 t/yr" for the key `capacity`), with its
// row and column: the loader makes a Field of a cell only when stage 2 reads it, so the same
// Reader rules (units, ranges, references, did-you-mean) apply to tables and YAML alike without
// holding a YAML node per cell. What only a table can get wrong (unknown columns, a number
// cell that is not a number, duplicate ids, a missing node.csv) is reported here.
#include <cstdint>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/diagnostic.hpp"
#include "core/limits.hpp"
#include "scenario/scenario.hpp"

namespace borderflow {

/// One table as read: its file (as messages name it: "net/link.csv", "net.gpkg"), the scenario
/// section its rows are elements of, and per column the scenario key it gives ("" for a column
/// that was reported, e.g. unknown). Shared by every row of the table.
struct TableInfo {
  FileName file;  ///< shared by every element read from the table
  std::string section;                ///< "places", "links", "transfers", "crossings", "sources"
  std::vector<std::string> columns;   ///< as written in the header
  std::vector<std::string> keys;      ///< scenario key per column ("capacity"), "" when unused
  std::vector<bool> lists;            ///< whether a cell of the column is a ';'-separated list
  /// Keys an unknown column was reported as a likely typo of: stage 2 does not also report them
  /// as missing.
  std::set<std::string> misspelt;
  /// The column that writes `key` in this table (its first, when a suffixed and a bare column
  /// both do), for messages; `key` itself when none does.
  std::string column_of(std::string_view key) const;
};

/// One non-empty cell: the column index and the YAML text of its value.
struct TableCell {
  std::uint16_t column = 0;
  std::string text;
};

/// One row: the element's id (checked), the line it is on (header = line 1) and its cells.
struct TableRow {
  std::string id;
  int line = 0;
  std::vector<TableCell> cells;
  /// Keys whose cell was reported at reading (a bad number): not also "missing" in stage 2.
  std::vector<std::string> reported;
};

struct NetworkTable {
  std::shared_ptr<const TableInfo> info;
  std::vector<TableRow> rows;
  /// The row of each id: made checking for duplicates, and the loader's index of the section.
  std::unordered_map<std::string, std::size_t> index;
};

/// Whether `path` names a network in tables: an existing folder, or a path ending in ".gpkg".
bool is_network_tables(const std::string& path);

/// Reads the tables of a network at `path` (a folder or a .gpkg), in the order source, node,
/// link, transfer, crossing. Problems go to `sink` as FILE:ROW:COLUMN; the tables hold every row
/// that could be named. `lost` is set when rows or tables were dropped (an unreadable file, a
/// missing id column, a bad or duplicate id), as the loader's stage 1 does for YAML. At most
/// limits.max_elements rows are read in all (max_scalar_bytes per cell).
std::vector<NetworkTable> read_network_tables(const std::string& path, const Limits& limits, DiagnosticSink& sink,
                                              bool& lost);

/// The files read_network_tables(path) reads, in its order: the .gpkg itself, or the folder's
/// <table>.csv files that exist. What a digest of a scenario's inputs must cover beside its YAML
/// (the sweep's, engine/sweep/spec.hpp), since tables are read by GDAL, not through InputSource.
std::vector<std::string> network_table_files(const std::string& path);

/// The network of a scenario (places, links, transfers, crossings, sources) written as tables:
/// a folder of CSV when `out` ends with '/', is an existing folder or has no extension, else a
/// GeoPackage (`out` ends with .gpkg; Point geometry on nodes, LineString on links). Values go in
/// the internal units of the column names, written so they read back to the same double;
/// capacities written in vehicles go in the bare `capacity`/`capacity_both_ways` columns
/// ("12 train/day"), with `payload_t` when the element overrides its vehicle's payload. Every
/// file is written atomically (a GeoPackage by the GIS module's one writer, as `export` writes
/// the map: a regular file or a link to one is replaced, never a device or FIFO). Returns notes
/// on what tables do not carry (ranges, time fields): the caller says them.
std::vector<std::string> write_network_tables(const Scenario& scenario, const std::string& out);

/// The tables at `path` as one YAML scenario file (borderflow: 1, sources/places/links/
/// transfers/crossings), each cell as the YAML value it stands for. Throws InputError with every
/// problem of the tables.
std::string network_tables_to_yaml(const std::string& path, const Limits& limits);

}  // namespace borderflow
