#include "scenario/network_tables.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <optional>
#include <unordered_map>

#include <yaml-cpp/yaml.h>

#include "core/atomic_file.hpp"
#include "core/csv.hpp"
#include "core/geo_module.hpp"
#include "core/text.hpp"
#include "scenario/fields.hpp"

namespace borderflow {
namespace {

namespace fs = std::filesystem;

// --- the format ---------------------------------------------------------------------------------

enum class CellKind {
  Text,      ///< as written
  List,      ///< ';'-separated ids
  Decimal,   ///< a plain number the scenario reads without unit (lat, lon)
  Quantity,  ///< a plain number in the unit of the column name's suffix
  Bool,      ///< both_ways: true | false
  Gauge,     ///< gauge_mm: 1435 | 1520 | 1435;1520
};

struct ColumnSpec {
  const char* name;
  const char* key;   ///< the scenario key the column gives
  CellKind kind;
  const char* unit;  ///< Quantity: the unit appended to the number ("t/yr")
};

struct TableSpec {
  const char* table;    ///< file stem / layer name
  const char* section;  ///< scenario section
  const char* id_column;
  bool required;
  std::vector<ColumnSpec> columns;  ///< without the id column
};

/// The capacity columns every capacitated table has: suffixed (a number in t/yr) or bare (a
/// value with its own unit, e.g. "12 train/day", for capacities written in vehicles).
void add_capacity_columns(std::vector<ColumnSpec>& columns) {
  columns.push_back({"capacity_t_per_yr", "capacity", CellKind::Quantity, "t/yr"});
  columns.push_back({"capacity_both_ways_t_per_yr", "capacity_both_ways", CellKind::Quantity, "t/yr"});
  columns.push_back({"capacity", "capacity", CellKind::Text, ""});
  columns.push_back({"capacity_both_ways", "capacity_both_ways", CellKind::Text, ""});
  columns.push_back({"payload_t", "payload", CellKind::Quantity, "t"});
}

const std::vector<TableSpec>& table_specs() {
  static const std::vector<TableSpec> specs = [] {
    std::vector<TableSpec> out;
    out.push_back({"source", "sources", "source_id", false,
                   {{"title", "title", CellKind::Text, ""},
                    {"publisher", "publisher", CellKind::Text, ""},
                    {"date", "date", CellKind::Text, ""},
                    {"url", "url", CellKind::Text, ""}}});
    out.push_back({"node", "places", "node_id", true,
                   {{"name", "name", CellKind::Text, ""},
                    {"country", "country", CellKind::Text, ""},
                    {"kind", "kind", CellKind::Text, ""},
                    {"x_coord", "lon", CellKind::Decimal, ""},
                    {"y_coord", "lat", CellKind::Decimal, ""},
                    {"source", "source", CellKind::List, ""},
                    {"assumption", "assumption", CellKind::Text, ""}}});
    TableSpec link{"link", "links", "link_id", true,
                   {{"name", "name", CellKind::Text, ""},
                    {"from_node_id", "from", CellKind::Text, ""},
                    {"to_node_id", "to", CellKind::Text, ""},
                    {"mode", "mode", CellKind::Text, ""},
                    {"gauge_mm", "gauge", CellKind::Gauge, ""},
                    {"length_km", "length", CellKind::Quantity, "km"}}};
    add_capacity_columns(link.columns);
    link.columns.insert(link.columns.end(), {{"cost_usd_per_t", "cost", CellKind::Quantity, "USD/t"},
                                             {"cost_usd_per_t_km", "cost_per_km", CellKind::Quantity, "USD/t-km"},
                                             {"rate", "rate", CellKind::Text, ""},
                                             {"transit_h", "transit", CellKind::Quantity, "h"},
                                             {"both_ways", "direction", CellKind::Bool, ""},
                                             {"status", "status", CellKind::Text, ""},
                                             {"commodities", "commodities", CellKind::List, ""},
                                             {"source", "source", CellKind::List, ""},
                                             {"assumption", "assumption", CellKind::Text, ""}});
    out.push_back(std::move(link));
    TableSpec transfer{"transfer", "transfers", "transfer_id", false,
                       {{"name", "name", CellKind::Text, ""},
                        {"node_id", "place", CellKind::Text, ""},
                        {"from_layer", "from", CellKind::Text, ""},
                        {"to_layer", "to", CellKind::Text, ""},
                        {"method", "method", CellKind::Text, ""},
                        {"cost_usd_per_t", "cost", CellKind::Quantity, "USD/t"},
                        {"time_h", "time", CellKind::Quantity, "h"}}};
    add_capacity_columns(transfer.columns);
    transfer.columns.insert(transfer.columns.end(), {{"both_ways", "direction", CellKind::Bool, ""},
                                                     {"status", "status", CellKind::Text, ""},
                                                     {"source", "source", CellKind::List, ""},
                                                     {"assumption", "assumption", CellKind::Text, ""}});
    out.push_back(std::move(transfer));
    TableSpec crossing{"crossing", "crossings", "crossing_id", false,
                       {{"name", "name", CellKind::Text, ""}, {"link_ids", "links", CellKind::List, ""}}};
    add_capacity_columns(crossing.columns);
    crossing.columns.insert(crossing.columns.end(), {{"dwell_h", "dwell", CellKind::Quantity, "h"},
                                                     {"cost_usd_per_t", "cost", CellKind::Quantity, "USD/t"},
                                                     {"status", "status", CellKind::Text, ""},
                                                     {"source", "source", CellKind::List, ""},
                                                     {"assumption", "assumption", CellKind::Text, ""}});
    out.push_back(std::move(crossing));
    return out;
  }();
  return specs;
}

/// The shortest decimal text that reads back to the same double, in fixed notation (no
/// exponent), so a written cell is a plain number every reader agrees on.
std::string exact(double value) {
  char buffer[400];
  const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed);
  if (ec != std::errc()) return format_real(value);
  return std::string(buffer, end);
}

bool ends_with(const std::string& text, const std::string& suffix) {
  return text.size() >= suffix.size() && text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::string join_words(const std::vector<std::string>& words, const std::string& separator = ", ") {
  std::string out;
  for (const auto& w : words) out += (out.empty() ? "" : separator) + w;
  return out;
}

// --- cells --------------------------------------------------------------------------------------

/// The text of a cell as the GIS module read it: strings as stored, numbers (a GeoPackage edited
/// in QGIS may hold REAL columns) written back exactly.
std::string cell_text(const geo::Value& value) {
  if (const auto* text = std::get_if<std::string>(&value)) return *text;
  if (const auto* real = std::get_if<double>(&value)) return exact(*real);
  if (const auto* integer = std::get_if<long long>(&value)) return std::to_string(*integer);
  if (const auto* flag = std::get_if<bool>(&value)) return *flag ? "true" : "false";
  return {};
}

/// Whether cell_text(value) is empty.
bool empty_cell(const geo::Value& value) {
  if (const auto* text = std::get_if<std::string>(&value)) return text->empty();
  return std::holds_alternative<std::monostate>(value);
}

// --- reading ------------------------------------------------------------------------------------

/// Receives the layers the GIS module reads (one file at a time: `expect` says which tables its
/// layers are) and makes tables of them, reporting what is wrong with FILE:ROW:COLUMN.
class TableReader : public geo::LayerVisitor {
 public:
  TableReader(const Limits& limits, DiagnosticSink& sink, bool& lost) : limits_(limits), sink_(sink), lost_(lost) {}

  /// The next file: its layers are `specs` in order, `file` is how messages name it, `geometry`
  /// whether it is a GeoPackage (a node's Point stands in for x_coord/y_coord, and messages say
  /// "layer X").
  void expect(std::vector<const TableSpec*> specs, std::string file, bool geometry) {
    specs_ = std::move(specs);
    file_ = std::move(file);
    geometry_ = geometry;
  }

  /// The required tables the file had no layer for.
  const std::vector<std::string>& missing() const { return missing_; }
  std::vector<NetworkTable>& tables() { return tables_; }

  bool layer(std::size_t index, bool found, const std::vector<geo::Field>& fields) override {
    const TableSpec& spec = *specs_.at(index);
    if (!found) {
      if (spec.required) missing_.push_back(spec.table);
      return false;
    }
    return header(spec, fields);
  }

  bool feature(const std::vector<geo::Value>& values, const std::optional<geo::LonLatDeg>& point) override {
    const TableSpec& spec = *spec_;
    const FileName& file = file_;
    NetworkTable& table = tables_.back();
    const TableInfo& info = *table.info;
    const int line = ++line_;
    if (++rows_ > limits_.max_elements) {
      lost_ = true;
      sink_.error({file, line, 1}, "the network has more than " + std::to_string(limits_.max_elements) +
                                       " rows; the limit is " +
                                       std::to_string(limits_.max_elements) + limit_advice(kMaxElementsFlag));
      return false;
    }
    std::string id = cell_text(values[static_cast<std::size_t>(id_field_)]);
    if (!is_valid_id(id)) {
      lost_ = true;
      sink_.error({file, line, id_field_ + 1},
                  id.empty() ? "missing " + std::string(spec.id_column)
                             : "id must be 1-64 characters from A-Z a-z 0-9 _ . : - starting with a letter or digit");
      return true;
    }
    const auto [seen, fresh] = table.index.emplace(id, table.rows.size());
    if (!fresh) {
      sink_.error({file, line, id_field_ + 1}, "duplicate id '" + id + "' in " + what_ + " (first on line " +
                                                   std::to_string(table.rows[seen->second].line) + ")");
      return true;
    }
    TableRow& row = table.rows.emplace_back();
    row.line = line;
    row.id = std::move(id);
    // Sized once: a row's cells are held for the whole load, and growing by doubling left most
    // rows of a million with room for several cells more than they have.
    std::size_t cells = points_ ? 2 : 0;
    for (std::size_t i = 0; i < values.size(); ++i) {
      if (columns_[i] && !empty_cell(values[i])) ++cells;
    }
    row.cells.reserve(cells);
    for (std::size_t i = 0; i < values.size(); ++i) {
      const ColumnSpec* column = columns_[i];
      if (!column) continue;
      std::string text = cell_text(values[i]);
      if (text.empty()) continue;
      add_cell(info, row, file, static_cast<int>(i), *column, std::move(text));
    }
    if (points_ && point) {
      add_point(*point, info, row, static_cast<int>(values.size()), static_cast<int>(values.size()) + 1);
    }
    return true;
  }

 private:
  /// A layer's header: its columns checked against the table's; false (and no table) when the
  /// table cannot be read at all.
  bool header(const TableSpec& spec, const std::vector<geo::Field>& fields) {
    const FileName& file = file_;
    const bool geometry = geometry_;
    const std::string what = geometry ? "layer " + std::string(spec.table) : std::string(spec.table) + ".csv";
    auto info = std::make_shared<TableInfo>();
    info->file = file;
    info->section = spec.section;
    const int count = static_cast<int>(fields.size());
    // Far more than any table defines: a header of garbage is refused whole, not as one unknown
    // column at a time (and cells index their column in 16 bits).
    constexpr int kMaxColumns = 256;
    if (count > kMaxColumns) {
      lost_ = true;
      sink_.error({file, 1, kMaxColumns + 1}, what + " has " + std::to_string(count) + " columns; a network table has "
                                                  "at most " + std::to_string(kMaxColumns));
      return false;
    }
    std::vector<const ColumnSpec*> specs;
    std::vector<std::string> allowed = {spec.id_column};
    for (const auto& column : spec.columns) allowed.push_back(column.name);
    int id_field = -1;
    for (int i = 0; i < count; ++i) {
      const std::string& name = fields[static_cast<std::size_t>(i)].name;
      info->columns.push_back(name);
      const ColumnSpec* found = nullptr;
      for (const auto& column : spec.columns) {
        if (name == column.name) found = &column;
      }
      specs.push_back(found);
      info->lists.push_back(found && found->kind == CellKind::List);
      info->keys.push_back(found ? found->key : "");
      if (name == spec.id_column) {
        id_field = i;
        continue;
      }
      if (found) continue;
      std::string message = "unknown column '" + name + "' in " + what;
      if (auto hint = closest_match(name, allowed)) {
        message += "; did you mean '" + *hint + "'?";
        for (const auto& column : spec.columns) {
          if (*hint == column.name) info->misspelt.insert(column.key);
        }
      } else {
        message += "; expected one of: " + join_words(allowed);
      }
      sink_.error({file, 1, i + 1}, message);
    }
    if (id_field < 0) {
      lost_ = true;
      sink_.error({file, 1, 1}, what + " has no '" + spec.id_column +
                                    "' column: every row is named by its id");
      return false;
    }
    // A GeoPackage node layer's Point geometry stands in for x_coord/y_coord: two columns
    // past the fields, named for messages.
    if (geometry && std::string(spec.table) == "node") {
      info->columns.insert(info->columns.end(), {"geometry (x)", "geometry (y)"});
      info->keys.insert(info->keys.end(), {"lon", "lat"});
      info->lists.insert(info->lists.end(), {false, false});
    }
    NetworkTable table;
    table.info = info;
    tables_.push_back(std::move(table));
    spec_ = &spec;
    what_ = what;
    columns_ = std::move(specs);
    id_field_ = id_field;
    points_ = geometry && std::string(spec.table) == "node";
    line_ = 1;  // the header
    return true;
  }

  void add_cell(const TableInfo& info, TableRow& row, const FileName& file, int i, const ColumnSpec& column,
                std::string text) {
    const SourceLocation at{file, row.line, i + 1};
    if (text.size() > limits_.max_scalar_bytes) {
      sink_.error(at, "cell is " + std::to_string(text.size()) + " bytes; the limit is " +
                          std::to_string(limits_.max_scalar_bytes));
      row.reported.push_back(column.key);
      return;
    }
    for (const auto& cell : row.cells) {
      if (info.keys[cell.column] == info.keys[static_cast<std::size_t>(i)]) {
        sink_.error(at, "columns '" + info.columns[cell.column] + "' and '" + column.name + "' both give the " +
                            column.key + "; keep one");
        return;
      }
    }
    switch (column.kind) {
      case CellKind::Quantity:
        if (!parse_decimal(text)) {
          sink_.error(at, "'" + text + "' is not a number; " + column.name + " is in " + column.unit +
                              ": write the number alone (e.g. 12.5)");
          row.reported.push_back(column.key);
          return;
        }
        text += ' ';
        text += column.unit;
        break;
      case CellKind::Bool:
        if (text != "true" && text != "false") {
          sink_.error(at, "'" + text + "' is not true or false");
          row.reported.push_back(column.key);
          return;
        }
        text = text == "true" ? "both" : "forward";
        break;
      case CellKind::Gauge:
        if (text == "1435;1520" || text == "1520;1435") {
          text = "dual";
        } else if (text != "1435" && text != "1520") {
          sink_.error(at, "'" + text + "' is not a gauge: expected 1435, 1520 or 1435;1520");
          row.reported.push_back(column.key);
          return;
        }
        break;
      default:
        break;
    }
    row.cells.push_back({static_cast<std::uint16_t>(i), std::move(text)});
  }

  static void add_point(const geo::LonLatDeg& point, const TableInfo& info, TableRow& row, int x, int y) {
    const auto given = [&](const char* key) {
      return std::any_of(row.cells.begin(), row.cells.end(), [&](const TableCell& c) { return info.keys[c.column] == key; });
    };
    if (!given("lon")) row.cells.push_back({static_cast<std::uint16_t>(x), exact(point.first)});
    if (!given("lat")) row.cells.push_back({static_cast<std::uint16_t>(y), exact(point.second)});
  }

  const Limits& limits_;
  DiagnosticSink& sink_;
  bool& lost_;
  std::size_t rows_ = 0;  ///< of every table, against limits.max_elements
  // The file being read.
  std::vector<const TableSpec*> specs_;
  FileName file_;  ///< shared by every row read from it
  bool geometry_ = false;
  std::vector<std::string> missing_;
  std::vector<NetworkTable> tables_;
  // The layer being read (the last of tables_).
  const TableSpec* spec_ = nullptr;
  std::string what_;                          ///< "layer link", "link.csv"
  std::vector<const ColumnSpec*> columns_;    ///< per column, null when unused
  int id_field_ = -1;
  bool points_ = false;  ///< a GeoPackage's node layer: its Point stands in for x_coord/y_coord
  int line_ = 1;
};

bool is_regular(const std::string& path) {
  struct stat status {};
  return ::stat(path.c_str(), &status) == 0 && S_ISREG(status.st_mode);
}

}  // namespace

std::string TableInfo::column_of(std::string_view key) const {
  for (std::size_t i = 0; i < keys.size(); ++i) {
    if (keys[i] == key) return columns[i];
  }
  for (const auto& spec : table_specs()) {
    if (section != spec.section) continue;
    for (const auto& column : spec.columns) {
      if (key == column.key) return column.name;
    }
  }
  return std::string(key);
}

bool is_network_tables(const std::string& path) {
  std::error_code ignored;
  return ends_with(path, ".gpkg") || ends_with(path, "/") || fs::is_directory(path, ignored);
}

std::vector<std::string> network_table_files(const std::string& path) {
  if (ends_with(path, ".gpkg")) return {path};
  std::vector<std::string> files;
  std::error_code ignored;
  for (const auto& spec : table_specs()) {
    const std::string file = (fs::path(path) / (std::string(spec.table) + ".csv")).string();
    if (fs::exists(file, ignored)) files.push_back(file);
  }
  return files;
}

std::vector<NetworkTable> read_network_tables(const std::string& path, const Limits& limits, DiagnosticSink& sink,
                                              bool& lost) {
  TableReader reader(limits, sink, lost);
  const bool gpkg = ends_with(path, ".gpkg");
  std::error_code ignored;
  if (gpkg) {
    if (!is_regular(path)) {
      lost = true;
      sink.error({path, 0, 0}, fs::exists(path, ignored) ? "not a regular file; expected a GeoPackage"
                                                         : "cannot open file: no such file");
      return {};
    }
    std::vector<const TableSpec*> specs;
    std::vector<std::string> layers;
    for (const auto& spec : table_specs()) {
      specs.push_back(&spec);
      layers.push_back(spec.table);
    }
    reader.expect(specs, path, true);
    const geo::Status status = geo::visit_layers(path, geo::Format::GeoPackage, layers, reader);
    if (!status.ok) {
      lost = true;
      sink.error({path, 0, 0}, "cannot read the GeoPackage: " + (status.error.empty() ? "not a GeoPackage" : status.error));
      return {};
    }
    if (!reader.missing().empty()) {
      lost = true;
      sink.error({path, 0, 0}, "the GeoPackage has no layer " + join_words(reader.missing(), " or ") +
                                   ": a network in tables needs layers node and link (transfer, crossing and "
                                   "source are optional)");
    }
    return std::move(reader.tables());
  }
  const fs::path folder(path);
  if (!fs::is_directory(folder, ignored)) {
    lost = true;
    sink.error({path, 0, 0}, "no such folder; expected a folder of node.csv and link.csv (network tables)");
    return {};
  }
  std::vector<std::string> missing;
  for (const auto& spec : table_specs()) {
    const std::string file = (folder / (std::string(spec.table) + ".csv")).string();
    if (!fs::exists(file, ignored)) {
      if (spec.required) missing.push_back(std::string(spec.table) + ".csv");
      continue;
    }
    // The folder was checked to lie in the scenario tree; a link inside it could lead out.
    if (fs::is_symlink(fs::symlink_status(file, ignored)) || !is_regular(file)) {
      lost = true;
      sink.error({file, 0, 0}, "not a regular file (a link, device, pipe or folder); expected a CSV table");
      continue;
    }
    reader.expect({&spec}, file, false);
    const geo::Status status = geo::visit_layers(file, geo::Format::Csv, {""}, reader);
    if (!status.ok) {
      lost = true;
      sink.error({file, 0, 0}, "cannot read the CSV table: " + (status.error.empty() ? "not a CSV file" : status.error));
    }
  }
  if (!missing.empty()) {
    lost = true;
    std::string shown = folder.string();
    if (!ends_with(shown, "/")) shown += '/';
    sink.error({shown, 0, 0}, "no " + join_words(missing, " and ") + " in this folder: a network in tables is a folder of "
                              "node.csv and link.csv (transfer.csv, crossing.csv and source.csv are optional), "
                              "or a .gpkg with those layers");
  }
  return std::move(reader.tables());
}

// --- tables to YAML -----------------------------------------------------------------------------

std::string network_tables_to_yaml(const std::string& path, const Limits& limits) {
  DiagnosticSink sink;
  bool lost = false;
  const std::vector<NetworkTable> tables = read_network_tables(path, limits, sink, lost);
  sink.throw_if_any();
  YAML::Emitter out;
  out << YAML::BeginMap << YAML::Key << "borderflow" << YAML::Value << 1;
  for (const auto& table : tables) {
    out << YAML::Key << table.info->section << YAML::Value << YAML::BeginSeq;
    for (const auto& row : table.rows) {
      out << YAML::BeginMap << YAML::Key << "id" << YAML::Value << row.id;
      for (const auto& cell : row.cells) {
        out << YAML::Key << table.info->keys[cell.column] << YAML::Value;
        if (table.info->lists[cell.column] && cell.text.find(';') != std::string::npos) {
          out << YAML::Flow << YAML::BeginSeq;
          std::size_t start = 0;
          for (;;) {
            const std::size_t end = cell.text.find(';', start);
            out << cell.text.substr(start, end == std::string::npos ? std::string::npos : end - start);
            if (end == std::string::npos) break;
            start = end + 1;
          }
          out << YAML::EndSeq;
        } else {
          out << cell.text;
        }
      }
      out << YAML::EndMap;
    }
    out << YAML::EndSeq;
  }
  out << YAML::EndMap;
  return std::string(out.c_str()) + "\n";
}

// --- scenario to tables -------------------------------------------------------------------------

namespace {

/// One table to write: its columns (numeric ones are REAL in a GeoPackage) and rows of cells
/// ("" = empty).
struct OutTable {
  std::string name;
  std::vector<std::string> columns;
  std::vector<bool> numeric;
  std::vector<std::vector<std::string>> rows;
  bool points = false, lines = false;
  std::vector<std::vector<std::pair<double, double>>> geometry;  ///< lon, lat per row

  void column(const std::string& c, bool number = false) {
    columns.push_back(c);
    numeric.push_back(number);
  }
  std::size_t index(const std::string& c) const {
    return static_cast<std::size_t>(std::find(columns.begin(), columns.end(), c) - columns.begin());
  }
};

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ";") + item;
  return out;
}

std::string finite(double value) { return std::isfinite(value) ? exact(value) : std::string(); }

/// The cells of an element's two capacities: t/yr numbers, or, written in vehicles, the count
/// of the vehicle per day in the bare columns (and payload_t when the element overrides it).
struct CapacityCells {
  std::string per_direction, both_ways, per_direction_vehicle, both_ways_vehicle, payload;
};

CapacityCells capacity_cells(const Scenario& s, double per_direction, double both_ways, const VehicleCapacity& v) {
  CapacityCells out;
  if (v.vehicle < 0) {
    out.per_direction = finite(per_direction);
    out.both_ways = finite(both_ways);
    return out;
  }
  const Vehicle& vehicle = s.vehicles[static_cast<std::size_t>(v.vehicle)];
  const auto in_vehicles = [&](double t_per_yr) {
    return std::isfinite(t_per_yr) ? exact(t_per_yr / (v.payload_t * kDaysPerYear)) + " " + vehicle.id + "/day"
                                   : std::string();
  };
  out.per_direction_vehicle = in_vehicles(per_direction);
  out.both_ways_vehicle = in_vehicles(both_ways);
  if (v.payload_t != vehicle.payload_t) out.payload = exact(v.payload_t);
  return out;
}

void capacity_columns(OutTable& t) {
  t.column("capacity_t_per_yr", true);
  t.column("capacity_both_ways_t_per_yr", true);
  t.column("capacity");
  t.column("capacity_both_ways");
  t.column("payload_t", true);
}

void push_capacities(std::vector<std::string>& row, const CapacityCells& c) {
  row.insert(row.end(), {c.per_direction, c.both_ways, c.per_direction_vehicle, c.both_ways_vehicle, c.payload});
}

/// Drops the vehicle columns no row uses: most networks write capacities in tonnes only.
void drop_unused(OutTable& t, const std::vector<std::string>& optional) {
  for (const auto& name : optional) {
    const std::size_t i = t.index(name);
    if (i >= t.columns.size()) continue;
    const bool used = std::any_of(t.rows.begin(), t.rows.end(), [i](const auto& row) { return !row[i].empty(); });
    if (used) continue;
    t.columns.erase(t.columns.begin() + static_cast<long>(i));
    t.numeric.erase(t.numeric.begin() + static_cast<long>(i));
    for (auto& row : t.rows) row.erase(row.begin() + static_cast<long>(i));
  }
}

std::vector<OutTable> network_tables(const Scenario& s, std::vector<std::string>& notes) {
  std::vector<OutTable> out;
  const std::vector<std::string> vehicle_columns = {"capacity", "capacity_both_ways", "payload_t"};

  OutTable sources;
  sources.name = "source";
  for (const char* c : {"source_id", "title", "publisher", "date", "url"}) sources.column(c);
  for (const auto& x : s.sources) sources.rows.push_back({x.id, x.title, x.publisher, x.date, x.url});

  OutTable nodes;
  nodes.name = "node";
  nodes.points = true;
  for (const char* c : {"node_id", "name", "country", "kind"}) nodes.column(c);
  nodes.column("x_coord", true);
  nodes.column("y_coord", true);
  nodes.column("source");
  nodes.column("assumption");
  for (const auto& p : s.places) {
    nodes.rows.push_back({p.id, p.name, p.country, p.kind, exact(p.lon_deg), exact(p.lat_deg),
                          joined(p.provenance->source_tags), p.provenance->assumption});
    nodes.geometry.push_back({{p.lon_deg, p.lat_deg}});
    if (p.storage) notes.push_back("places." + p.id + ": storage is not carried by tables; give it in YAML over them");
  }

  OutTable links;
  links.name = "link";
  links.lines = true;
  for (const char* c : {"link_id", "name", "from_node_id", "to_node_id", "mode", "gauge_mm"}) links.column(c);
  links.column("length_km", true);
  capacity_columns(links);
  links.column("cost_usd_per_t", true);
  links.column("cost_usd_per_t_km", true);
  links.column("rate");
  links.column("transit_h", true);
  for (const char* c : {"both_ways", "status", "commodities", "source", "assumption"}) links.column(c);
  for (const auto& l : s.links) {
    std::vector<std::string> row = {l.id, l.name, s.places[static_cast<std::size_t>(l.from)].id,
                                    s.places[static_cast<std::size_t>(l.to)].id, to_string(l.mode)};
    std::vector<std::string> gauges;
    for (int g : l.gauges_mm) gauges.push_back(std::to_string(g));
    row.push_back(joined(gauges));
    row.push_back(exact(l.length_km));
    push_capacities(row, capacity_cells(s, l.capacity_t_per_yr, l.capacity_both_ways_t_per_yr, l.vehicle));
    row.push_back(l.cost_usd_per_t != 0 ? exact(l.cost_usd_per_t) : "");
    row.push_back(l.rate < 0 && l.cost_usd_per_t_km != 0 ? exact(l.cost_usd_per_t_km) : "");
    row.push_back(l.rate >= 0 ? s.rates[static_cast<std::size_t>(l.rate)].id : "");
    // A transit derived from the mode's default speed is left to be derived again, so a
    // scenario over the tables that changes the speed changes it.
    const double derived_h = l.length_km / s.default_speed_km_per_h[static_cast<int>(l.mode)];
    row.push_back(l.transit_h != derived_h ? exact(l.transit_h) : "");
    std::vector<std::string> commodities;
    for (int c : l.commodities) commodities.push_back(s.commodities[static_cast<std::size_t>(c)].id);
    row.insert(row.end(), {l.both_ways ? "true" : "false", to_string(l.status), joined(commodities),
                           joined(l.provenance->source_tags), l.provenance->assumption});
    links.rows.push_back(std::move(row));
    const Place& a = s.places[static_cast<std::size_t>(l.from)];
    const Place& b = s.places[static_cast<std::size_t>(l.to)];
    links.geometry.push_back({{a.lon_deg, a.lat_deg}, {b.lon_deg, b.lat_deg}});
    if (l.availability->varies() || l.availability->ramp_months > 0) {
      notes.push_back("links." + l.id + ": closed/season/opens/ramp are not carried by tables; give them in YAML over them");
    }
  }
  drop_unused(links, vehicle_columns);

  OutTable transfers;
  transfers.name = "transfer";
  for (const char* c : {"transfer_id", "name", "node_id", "from_layer", "to_layer", "method"}) transfers.column(c);
  transfers.column("cost_usd_per_t", true);
  transfers.column("time_h", true);
  capacity_columns(transfers);
  for (const char* c : {"both_ways", "status", "source", "assumption"}) transfers.column(c);
  for (const auto& t : s.transfers) {
    std::vector<std::string> row = {t.id, t.name, s.places[static_cast<std::size_t>(t.place)].id, to_string(t.from),
                                    to_string(t.to), t.method, t.cost_usd_per_t != 0 ? exact(t.cost_usd_per_t) : "",
                                    t.time_h != 0 ? exact(t.time_h) : ""};
    push_capacities(row, capacity_cells(s, t.capacity_t_per_yr, t.capacity_both_ways_t_per_yr, t.vehicle));
    row.insert(row.end(), {t.both_ways ? "true" : "false", to_string(t.status), joined(t.provenance->source_tags),
                           t.provenance->assumption});
    transfers.rows.push_back(std::move(row));
    if (t.availability->varies() || t.availability->ramp_months > 0) {
      notes.push_back("transfers." + t.id + ": closed/season/opens/ramp are not carried by tables; give them in YAML over them");
    }
  }
  drop_unused(transfers, vehicle_columns);

  OutTable crossings;
  crossings.name = "crossing";
  for (const char* c : {"crossing_id", "name", "link_ids"}) crossings.column(c);
  capacity_columns(crossings);
  crossings.column("dwell_h", true);
  crossings.column("cost_usd_per_t", true);
  for (const char* c : {"status", "source", "assumption"}) crossings.column(c);
  for (const auto& c : s.crossings) {
    std::vector<std::string> ids;
    for (int li : c.links) ids.push_back(s.links[static_cast<std::size_t>(li)].id);
    std::vector<std::string> row = {c.id, c.name, joined(ids)};
    push_capacities(row, capacity_cells(s, c.capacity_t_per_yr, c.capacity_both_ways_t_per_yr, c.vehicle));
    row.insert(row.end(), {c.dwell_h != 0 ? exact(c.dwell_h) : "", c.cost_usd_per_t != 0 ? exact(c.cost_usd_per_t) : "",
                           to_string(c.status), joined(c.provenance->source_tags), c.provenance->assumption});
    crossings.rows.push_back(std::move(row));
    if (c.availability->varies() || c.availability->ramp_months > 0) {
      notes.push_back("crossings." + c.id + ": closed/season/opens/ramp are not carried by tables; give them in YAML over them");
    }
  }
  drop_unused(crossings, vehicle_columns);

  for (const auto& range : s.ranges) {
    const std::string& section = variable_field(range.field.id).section;
    if (section == "links" || section == "transfers" || section == "crossings") {
      notes.push_back(field_path(s, range.field) +
                      ": the range is not carried by tables, only its value; give the range in YAML over them");
    }
  }
  if (!s.rates.empty() || !s.vehicles.empty() || !s.commodities.empty() || !s.fleets.empty()) {
    notes.push_back("rates, commodities, vehicles and fleets are not network tables: a scenario over the tables "
                    "gives those links and capacities name");
  }
  out.push_back(std::move(nodes));
  out.push_back(std::move(links));
  if (!transfers.rows.empty()) out.push_back(std::move(transfers));
  if (!crossings.rows.empty()) out.push_back(std::move(crossings));
  if (!sources.rows.empty()) out.push_back(std::move(sources));
  return out;
}

[[noreturn]] void cannot_write(const std::string& path, const std::string& why) {
  throw EnvironmentError("cannot write " + path + ": " + why);
}

void write_csv_folder(const std::vector<OutTable>& tables, const std::string& out) {
  std::error_code error;
  const fs::path folder(out);
  if (fs::exists(folder, error) && !fs::is_directory(folder, error)) cannot_write(out, "it exists and is not a folder");
  fs::create_directories(folder, error);
  if (error) cannot_write(out, error.message());
  for (const auto& t : tables) {
    std::string text;
    for (std::size_t i = 0; i < t.columns.size(); ++i) text += (i ? "," : "") + csv_cell(t.columns[i]);
    text += '\n';
    for (const auto& row : t.rows) {
      for (std::size_t i = 0; i < row.size(); ++i) {
        // A table cell is read back as written: csv_cell's apostrophe guard would change a
        // text starting with '-' or '=', so cells are only quoted here (docs/network-tables.md).
        const std::string& cell = row[i];
        const bool quote = cell.find_first_of(",\"\r\n") != std::string::npos;
        std::string written = cell;
        if (quote) {
          written.clear();
          for (char c : cell) written += c == '"' ? std::string("\"\"") : std::string(1, c);
          written = '"' + written + '"';
        }
        text += (i ? "," : "") + written;
      }
      text += '\n';
    }
    write_file_atomically((folder / (t.name + ".csv")).string(), text);
  }
}

/// The tables as GeoPackage layers: numeric columns REAL, Point geometry on nodes, LineString
/// on links. The GIS module writes them (atomically, as it writes the map's GeoPackage).
geo::GeoPackage geopackage(const std::vector<OutTable>& tables) {
  geo::GeoPackage out;
  for (const auto& t : tables) {
    geo::Layer layer;
    layer.name = t.name;
    layer.geometry = t.points ? geo::GeometryType::Point : t.lines ? geo::GeometryType::LineString : geo::GeometryType::None;
    for (std::size_t i = 0; i < t.columns.size(); ++i) {
      layer.fields.push_back({t.columns[i], t.numeric[i] ? geo::FieldType::Real : geo::FieldType::Text});
    }
    for (std::size_t r = 0; r < t.rows.size(); ++r) {
      geo::Feature feature;
      for (std::size_t i = 0; i < t.columns.size(); ++i) {
        const std::string& cell = t.rows[r][i];
        if (cell.empty()) feature.values.emplace_back();
        else if (t.numeric[i]) feature.values.emplace_back(std::strtod(cell.c_str(), nullptr));
        else feature.values.emplace_back(cell);
      }
      if (layer.geometry != geo::GeometryType::None) feature.points = t.geometry[r];
      layer.features.push_back(std::move(feature));
    }
    out.layers.push_back(std::move(layer));
  }
  return out;
}

}  // namespace

std::vector<std::string> write_network_tables(const Scenario& scenario, const std::string& out) {
  std::vector<std::string> notes;
  const std::vector<OutTable> tables = network_tables(scenario, notes);
  if (ends_with(out, ".gpkg")) {
    const geo::Status status = geo::module().write_geopackage(geopackage(tables), out);
    if (!status.ok) cannot_write(out, status.error);
  } else {
    write_csv_folder(tables, out);
  }
  return notes;
}

}  // namespace borderflow
