#include "scenario/loader.hpp"
#include "scenario/time_reader.hpp"

#include <algorithm>
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <string_view>
#include <unordered_map>

#include "core/quantity.hpp"
#include "core/text.hpp"
#include "input/range.hpp"
#include "input/reader.hpp"
#include "input/yaml_guard.hpp"
#include "scenario/network_tables.hpp"

namespace borderflow {
namespace {

namespace fs = std::filesystem;

/// What an element of a section needs when it is new rather than an override of one inherited
/// through extends: an element giving none of `required` reads as a misnamed override.
/// "from"/"to" also stand for their "_countries" forms.
struct NewElement {
  std::string singular;
  std::vector<std::string> required;
  std::string needs;  ///< how messages say what a new one needs; "" = the required keys
};

const std::map<std::string, NewElement>& new_element_keys() {
  static const std::map<std::string, NewElement> keys = {
      {"sources", {"source", {"title"}, ""}},
      {"places", {"place", {"name", "country", "lat", "lon"}, ""}},
      // A rate override gives cost_per_km alone: a new rate is told apart by its name.
      {"rates", {"rate", {"name"}, "name and cost_per_km"}},
      {"links", {"link", {"from", "to", "mode", "length"}, ""}},
      {"transfers", {"transfer", {"place", "from", "to", "method"}, ""}},
      {"crossings", {"crossing", {"links"}, ""}},
      {"commodities", {"commodity", {"class"}, ""}},
      {"demands", {"demand", {"commodity", "from", "to", "quantity", "unserved_cost"}, ""}},
      {"routes", {"route", {"from", "to"}, ""}},
      {"vehicles", {"vehicle", {"mode", "payload"}, ""}},
      {"fleets", {"fleet", {"vehicle", "count", "serves"}, ""}},
      {"background",
       {"background flow", {"link", "transfer", "crossing", "commodity", "quantity"},
        "link, transfer or crossing and load; or commodity, from, to and quantity"}},
      {"fees", {"fee", {"crossing", "transit_country", "fee"}, "crossing or transit_country, and fee"}},
      {"caps", {"cap", {"limit"}, ""}},
      {"disruptions", {"disruption", {"kind", "elements"}, ""}},
  };
  return keys;
}

/// Keys of a section that are alternatives to each other: an override giving a key of one group
/// drops the inherited keys of the others (a demand given `suppliers:` over an inherited `from:`).
const std::map<std::string, std::vector<std::vector<std::string>>>& alternative_keys() {
  static const std::map<std::string, std::vector<std::vector<std::string>>> groups = {
      {"links", {{"cost_per_km"}, {"rate"}}},
      {"demands", {{"from", "from_countries"}, {"suppliers"}}},
      {"background", {{"link"}, {"transfer"}, {"crossing"}}},
      {"fees", {{"crossing"}, {"transit_country"}}},
  };
  return groups;
}

// ---------------------------------------------------------------------------------------------
// Stage 1: raw documents. Each file is read into elements keyed by id, with every field keeping
// the node and the place it was written, then merged over the file it extends.

struct RawElement {
  std::string id;
  SourceLocation where;
  std::string path;  ///< "links[3]"; "" for a row of a network table
  std::vector<std::pair<std::string, Field>> fields;
  /// Keys an unknown key was reported as a likely typo of ("lenght" -> "length"): stage 2 does
  /// not also report them as missing.
  std::set<std::string> misspelt;
  /// A row of a network table (scenario/network_tables.hpp): its cells stay plain text, and a
  /// Field is made of one only when stage 2 reads it, since a YAML node per cell would cost
  /// ~300 bytes each over a whole network. A field given in YAML over the row replaces its cell.
  std::shared_ptr<const TableInfo> table;
  std::vector<TableCell> cells;

  std::optional<Field> find(std::string_view key) const {
    for (const auto& [name, field] : fields)
      if (name == key) return field;
    if (table) {
      for (const auto& cell : cells)
        if (table->keys[cell.column] == key) return cell_field(cell);
    }
    return std::nullopt;
  }
  bool misspelt_key(const std::string& key) const { return misspelt.count(key) || (table && table->misspelt.count(key)); }
  /// How messages name `key` of this element: its YAML path, or for a table row the column.
  std::string path_of(const std::string& key) const {
    if (table && path.empty()) return table->column_of(key);
    return path.empty() ? key : path + "." + key;
  }
  void set(const std::string& key, Field field) {
    if (table) {
      cells.erase(std::remove_if(cells.begin(), cells.end(),
                                 [&](const TableCell& cell) { return table->keys[cell.column] == key; }),
                  cells.end());
    }
    for (auto& [name, existing] : fields) {
      if (name == key) {
        existing = std::move(field);
        return;
      }
    }
    fields.emplace_back(key, std::move(field));
  }
  /// Drops a key, whether a field or a cell.
  void drop(const std::string& key) {
    if (table) {
      cells.erase(std::remove_if(cells.begin(), cells.end(),
                                 [&](const TableCell& cell) { return table->keys[cell.column] == key; }),
                  cells.end());
    }
    std::vector<std::pair<std::string, Field>> kept;
    for (const auto& entry : fields) {
      if (entry.first != key) kept.push_back(entry);
    }
    fields = std::move(kept);
  }

 private:
  /// A cell as a Field: a scalar, or for a list column with ';' a sequence of its items, all
  /// placed at the cell.
  Field cell_field(const TableCell& cell) const {
    const std::string& column = table->columns[cell.column];
    const SourceLocation at{table->file, where.line, cell.column + 1};
    const YamlMark mark{at.line - 1, at.column - 1, 0};
    if (table->lists[cell.column] && cell.text.find(';') != std::string::npos) {
      std::vector<std::string> items;
      std::size_t start = 0;
      for (;;) {
        const std::size_t end = cell.text.find(';', start);
        items.push_back(cell.text.substr(start, end == std::string::npos ? std::string::npos : end - start));
        if (end == std::string::npos) break;
        start = end + 1;
      }
      return {YamlNode::sequence(items, mark), at, column};
    }
    return {YamlNode::scalar(cell.text, mark), at, column};
  }
};

struct RawSection {
  std::vector<RawElement> elements;
  std::unordered_map<std::string, std::size_t> index;  ///< id -> element
};

struct RawScenario {
  std::vector<std::string> files;
  std::optional<Field> name, description;
  std::optional<Field> time;  // the outermost file's `time:` wins
  std::map<std::string, Field> speed;  // defaults.speed.<mode>
  std::map<std::string, RawSection> sections;
  std::optional<Field> policy_closed, policy_no_transit;
};

/// The keys of each section's elements: what stage 1 accepts and stage 2 reads.
const std::map<std::string, std::vector<std::string>>& section_keys() {
  static const std::map<std::string, std::vector<std::string>> keys = {
      {"sources", {"id", "title", "publisher", "date", "url"}},
      {"places", {"id", "name", "country", "kind", "lat", "lon", "storage", "source", "assumption"}},
      {"rates", {"id", "name", "cost_per_km", "source", "assumption"}},
      {"links",
       {"id", "name", "from", "to", "mode", "gauge", "length", "capacity", "capacity_both_ways", "payload", "cost",
        "cost_per_km", "rate", "transit", "direction", "status", "commodities", "closed", "season", "opens", "ramp",
        "source", "assumption"}},
      {"transfers",
       {"id", "name", "place", "from", "to", "method", "cost", "time", "capacity", "capacity_both_ways", "payload",
        "direction", "status", "closed", "season", "opens", "ramp", "source", "assumption"}},
      {"crossings",
       {"id", "name", "links", "capacity", "capacity_both_ways", "payload", "dwell", "cost", "status", "closed", "season",
        "opens", "ramp", "source", "assumption"}},
      {"commodities", {"id", "name", "class", "value", "bbl_per_t", "t_per_teu", "source", "assumption"}},
      {"demands",
       {"id", "name", "commodity", "from", "to", "from_countries", "to_countries", "suppliers", "quantity",
        "unserved_cost", "monthly_profile", "per_period", "backlog", "source", "assumption"}},
      {"routes",
       {"id", "name", "from", "to", "from_countries", "to_countries", "links", "countries", "commodity",
        "both_directions", "source", "assumption"}},
      {"vehicles", {"id", "name", "mode", "payload", "source", "assumption"}},
      {"fleets", {"id", "name", "vehicle", "count", "payload", "serves", "turnaround", "source", "assumption"}},
      {"background",
       {"id", "name", "link", "transfer", "crossing", "direction", "load", "commodity", "from", "to", "from_countries",
        "to_countries", "quantity", "source", "assumption"}},
      {"fees", {"id", "name", "crossing", "transit_country", "fee", "commodities", "source", "assumption"}},
      {"caps",
       {"id", "name", "limit", "commodities", "to_countries", "demands", "elements", "source", "assumption"}},
      {"disruptions",
       {"id", "name", "kind", "elements", "together", "probability_per_year", "duration", "days_per_month", "months",
        "source", "assumption"}},
  };
  return keys;
}

const std::vector<std::string> kTopKeys = {"borderflow", "name", "description", "extends", "defaults", "policy",
                                           "sources", "places", "rates", "links", "transfers", "crossings",
                                           "commodities", "demands", "routes", "vehicles", "fleets", "background",
                                           "fees", "caps", "time", "disruptions"};
const std::vector<std::string> kModes = {"rail", "road", "sea", "pipeline"};
// The values of choice fields read once per element: lists made once, not per element read.
const std::vector<std::string> kStatuses = {"open", "closed", "planned"};
const std::vector<std::string> kDirections = {"both", "forward"};
const std::vector<std::string> kCargoClasses = {"bulk", "liquid", "container", "general"};
const std::vector<std::string> kGauges = {"1435", "1520", "dual"};
const std::vector<std::string> kLayers = {"rail:1435", "rail:1520", "road", "sea", "pipeline"};
const std::vector<std::string> kTransferMethods = {"bogie_exchange", "transload", "pump", "other"};

class RawReader {
 public:
  RawReader(const LoadOptions& options, const std::string& top, DiagnosticSink& sink)
      : options_(options),
        read_(sink, "write the fields out, or use extends:"),
        // Files may extend anything beside or below the parent of the top file's folder:
        // scenarios/x.yaml may use ../config/network.yaml, nothing further out.
        extends_rule_{confinement_root(top), "this file",
                      "the scenario tree; only files below the parent of the top scenario's folder can be extended"} {}

  /// Whether stage 1 dropped content (an element, a section, an extended file) that stage 2
  /// would miss: then stage 2 is skipped, since it would report only follow-on "unknown" errors.
  bool lost_content() const { return lost_content_; }

  RawScenario read(const std::string& path, int depth, std::vector<std::string>& chain) {
    chain.push_back(fs::weakly_canonical(fs::absolute(fs::path(path))).string());
    const YamlDocument document =
        parse_yaml_guarded(options_.source->read(path, options_.limits), path, options_.limits);
    const Mapping top = read_.map(Reader::root(document.root, path), kTopKeys, "the scenario");
    if (top.unknown > 0) lose();  // often a misspelt section ("link:"), whose elements others refer to

    if (const Entry* version = top.find("borderflow")) {
      const YamlNode& value = version->value.node;
      if (!value.IsScalar() || value.Scalar() != "1") {
        read_.error(version->value, "unsupported format version" +
                                        (value.IsScalar() ? " '" + value.Scalar() + "'" : std::string()) +
                                        "; this engine reads 'borderflow: 1'");
      }
    } else {
      read_.sink().error({path, 1, 1}, "missing 'borderflow: 1' (the format version) at the top of the file");
    }
    // extends: first, so this file's content lands on top.
    RawScenario raw;
    if (const Entry* extends = top.find("extends")) raw = read_extended(extends->value, depth, chain);
    raw.files.insert(raw.files.begin(), path);

    for (const auto& [key, key_where, value] : top.entries) {
      if (key == "name") raw.name = value;
      else if (key == "description") raw.description = value;
      else if (key == "time") raw.time = value;
      else if (key == "defaults") read_defaults(value, raw);
      else if (key == "policy") read_policy(value, raw);
      else if (section_keys().count(key)) read_section(key, value, raw);
    }
    chain.pop_back();
    return raw;
  }

 private:
  RawScenario read_extended(const Field& field, int depth, std::vector<std::string>& chain) {
    if (!field.node.IsScalar() || field.node.Scalar().empty()) {
      lose();
      read_.error(field, "extends: expects a relative file path");
      return {};
    }
    const std::string target = field.node.Scalar();
    const auto resolved = read_.relative_file(field, extends_rule_);
    if (!resolved) {
      lose();
      return {};
    }
    if (is_network_tables(target) || is_network_tables(*resolved)) return read_tables(*resolved);
    if (std::find(chain.begin(), chain.end(), fs::weakly_canonical(fs::absolute(*resolved)).string()) != chain.end()) {
      lose();
      read_.error(field, "extends: cycle: '" + target + "' is already being loaded");
      return {};
    }
    if (depth + 1 > options_.limits.max_extends_depth) {
      lose();
      read_.error(field, "extends: chain deeper than " + std::to_string(options_.limits.max_extends_depth) + " files" + limit_advice(kMaxExtendsFlag));
      return {};
    }
    try {
      return read(*resolved, depth + 1, chain);
    } catch (const InputError& error) {
      for (const auto& d : error.diagnostics()) read_.sink().error(d.where, d.message, d.yaml_path);
      lose();
      read_.error(field, "extends: '" + target + "' could not be loaded");
      return {};
    }
  }

  /// A network in tables as the base of the chain: one element per row, its cells kept as text.
  RawScenario read_tables(const std::string& path) {
    RawScenario raw;
    raw.files.push_back(path);
    bool lost = false;
    std::vector<NetworkTable> tables = read_network_tables(path, options_.limits, read_.sink(), lost);
    if (lost) lose();
    for (auto& table : tables) {
      // Each table is a section of its own, read into an empty scenario: the index of its ids
      // that the table reader made finding duplicates is the section's, row for element.
      RawSection& target = raw.sections[table.info->section];
      target.index = std::move(table.index);
      target.elements.reserve(table.rows.size());
      for (auto& row : table.rows) {
        RawElement& element = target.elements.emplace_back();
        element.id = std::move(row.id);
        element.where = {table.info->file, row.line, 1};
        element.table = table.info;
        element.cells = std::move(row.cells);
        element.misspelt.insert(row.reported.begin(), row.reported.end());
      }
    }
    return raw;
  }

  void read_defaults(const Field& node, RawScenario& raw) {
    const Mapping defaults = read_.map(node, {"speed"}, "defaults");
    const Entry* speed = defaults.find("speed");
    if (!speed) return;
    if (!speed->value.node.IsMap()) {
      read_.error(speed->value, "defaults.speed expects a mapping of mode to speed");
      return;
    }
    const Mapping speeds = read_.map(speed->value, kModes, "defaults.speed");
    for (const auto& entry : speeds.entries) raw.speed[entry.key] = entry.value;
  }

  void read_policy(const Field& node, RawScenario& raw) {
    const Mapping policy = read_.map(node, {"closed", "no_transit"}, "policy");
    if (const Entry* closed = policy.find("closed")) raw.policy_closed = closed->value;
    if (const Entry* no_transit = policy.find("no_transit")) raw.policy_no_transit = no_transit->value;
  }

  void read_section(const std::string& section, const Field& node, RawScenario& raw) {
    if (!node.node.IsSequence()) {
      lose();
      read_.error(node, section + ": expects a list of elements, each starting with '- id: ...'");
      return;
    }
    RawSection& target = raw.sections[section];
    std::map<std::string, int> ids_in_this_file;
    for (std::size_t i = 0; i < node.node.size(); ++i) {
      const Field item = Reader::item(node, i);
      if (!item.node.IsMap()) {
        lose();
        read_.error(item, "expected a mapping with an 'id'");
        continue;
      }
      auto element = read_element(section, item);
      if (!element) continue;
      const auto [seen, fresh] = ids_in_this_file.emplace(element->id, element->where.line);
      if (!fresh) {
        read_.sink().error(element->where,
                           "duplicate id '" + element->id + "' in " + section + " (first on line " +
                               std::to_string(seen->second) + ")",
                           element->path + ".id");
        continue;
      }
      auto existing = target.index.find(element->id);
      const bool extends_a_base = raw.files.size() > 1;
      if (existing == target.index.end() && extends_a_base &&
          misnamed_override(section, *element, target, ids_in_this_file)) {
        continue;
      }
      if (existing == target.index.end()) {
        target.index.emplace(element->id, target.elements.size());
        target.elements.push_back(std::move(*element));
      } else {
        // An override: fields given here replace the inherited ones, one by one.
        RawElement& base = target.elements[existing->second];
        drop_alternatives(section, *element, base);
        for (auto& [key, field] : element->fields) base.set(key, std::move(field));
        base.misspelt.insert(element->misspelt.begin(), element->misspelt.end());
      }
    }
  }

  /// Drops from `base` the keys that are alternatives (alternative_keys) to a key `override` gives.
  static void drop_alternatives(const std::string& section, const RawElement& override, RawElement& base) {
    const auto groups = alternative_keys().find(section);
    if (groups == alternative_keys().end()) return;
    for (const auto& group : groups->second) {
      const bool given = std::any_of(group.begin(), group.end(), [&override](const std::string& key) {
        return override.find(key).has_value();
      });
      if (!given) continue;
      for (const auto& other : groups->second) {
        if (&other == &group) continue;
        for (const auto& key : other) base.drop(key);
      }
    }
  }

  /// In a file that extends another: whether `element`, new to `section`, reads as an override
  /// of an inherited element whose id is misspelt (it gives none of the keys a new element
  /// needs); if so, says so once, with the closest inherited id, instead of one "missing
  /// required" error per key.
  bool misnamed_override(const std::string& section, const RawElement& element, const RawSection& inherited,
                         const std::map<std::string, int>& ids_in_this_file) {
    const NewElement& kind = new_element_keys().at(section);
    const std::string& singular = kind.singular;
    const std::vector<std::string>& required = kind.required;
    for (const auto& key : required) {
      if (element.find(key) || element.find(key + "_countries")) return false;
    }
    std::vector<std::string> candidates;
    for (const auto& [id, position] : inherited.index) {
      if (!ids_in_this_file.count(id)) candidates.push_back(id);
    }
    // In id order: the first of equally close ids is the hint.
    std::sort(candidates.begin(), candidates.end());
    std::string message = "no " + singular + " '" + element.id + "' in the base";
    if (const auto hint = closest_match(element.id, candidates)) message += "; did you mean '" + *hint + "'?";
    const std::string keys = kind.needs.empty() ? join(required) : kind.needs;
    read_.sink().error(element.where, message + " (a new " + singular + " needs " + keys + ")", element.path + ".id");
    return true;
  }

  /// One element with its id checked; nullopt (and content lost) when it cannot be named.
  std::optional<RawElement> read_element(const std::string& section, const Field& item) {
    const Mapping mapping = read_.map(item, section_keys().at(section), section);
    RawElement element;
    element.where = item.where;
    element.path = item.path;
    element.misspelt = mapping.misspelt;
    bool has_id = false, bad_id = false;
    for (const auto& [key, key_where, value] : mapping.entries) {
      if (key != "id") {
        element.fields.emplace_back(key, value);
      } else if (!value.node.IsScalar() || !is_valid_id(value.node.Scalar())) {
        read_.error(value, "id must be 1-64 characters from A-Z a-z 0-9 _ . : - starting with a letter or digit");
        bad_id = true;
      } else {
        element.id = value.node.Scalar();
        has_id = true;
      }
    }
    if (has_id) return element;
    lose();  // an element that cannot be named is dropped; references to it would only add noise
    if (!bad_id) read_.sink().error(element.where, "missing 'id'", element.path);
    return std::nullopt;
  }

  void lose() { lost_content_ = true; }

  const LoadOptions& options_;
  Reader read_;
  FileRule extends_rule_;
  bool lost_content_ = false;
};

// ---------------------------------------------------------------------------------------------
// Stage 2: typed elements. Every read reports into the sink and returns a usable default, so
// that one pass finds every problem.

Mode mode_from(const std::string& text) {
  if (text == "road") return Mode::Road;
  if (text == "sea") return Mode::Sea;
  if (text == "pipeline") return Mode::Pipeline;
  return Mode::Rail;
}

Status status_from(const std::string& text) {
  if (text == "closed") return Status::Closed;
  if (text == "planned") return Status::Planned;
  return Status::Open;
}

class ScenarioBuilder {
 public:
  ScenarioBuilder(const RawScenario& raw, const LoadOptions& options, DiagnosticSink& sink)
      : raw_(raw), options_(options), read_(sink), sink_(sink) {}

  Scenario build() {
    scenario_.files = raw_.files;
    scenario_.name = raw_.name ? read_.scalar(*raw_.name).value_or("") : "";
    if (scenario_.name.empty()) scenario_.name = fs::path(raw_.files.front()).stem().string();
    if (raw_.description) {
      if (raw_.description->node.IsScalar()) scenario_.description = raw_.description->node.Scalar();
      else read_.error(*raw_.description, "description: expects text");
    }
    read_speeds();
    if (raw_.time) scenario_.time = read_horizon(read_, *raw_.time);
    for (const auto& element : section("sources")) read_source(element);
    // Each vector sized once: growing by doubling held the old and the new buffer at once,
    // half as much again as the elements themselves at the loader's peak (a million links).
    scenario_.places.reserve(section("places").size());
    scenario_.links.reserve(section("links").size());
    scenario_.transfers.reserve(section("transfers").size());
    scenario_.crossings.reserve(section("crossings").size());
    for (const auto& element : section("places")) read_place(element);
    place_lookup_ = &section_index("places");
    for (const auto& element : section("commodities")) read_commodity(element);
    commodity_ids_ = ids_of(scenario_.commodities);
    for (const auto& element : section("vehicles")) read_vehicle(element);
    for (const auto& element : section("rates")) read_rate(element);
    for (const auto& element : section("links")) read_link(element);
    link_lookup_ = &section_index("links");
    warn_unused_rates();
    for (const auto& element : section("transfers")) read_transfer(element);
    for (const auto& element : section("crossings")) read_crossing(element);
    for (const auto& element : section("demands")) read_demand(element);
    for (const auto& element : section("routes")) read_route(element);
    for (const auto& element : section("fleets")) read_fleet(element);
    for (const auto& element : section("background")) read_background(element);
    for (const auto& element : section("fees")) read_fee(element);
    for (const auto& element : section("caps")) read_cap(element);
    for (const auto& element : section("disruptions")) read_disruption(element);
    read_policy();
    if (options_.field_locations) record_field_locations();
    check_source_tags();
    check_cross_border_links();
    std::size_t suppliers = 0;
    for (const auto& d : scenario_.demands) {
      suppliers += static_cast<std::size_t>(std::count_if(d.suppliers.begin(), d.suppliers.end(),
                                                          [](const Supplier& x) { return !x.id.empty(); }));
    }
    const std::size_t total = scenario_.places.size() + scenario_.rates.size() + scenario_.links.size() +
                              scenario_.transfers.size() + scenario_.crossings.size() + scenario_.demands.size() + scenario_.routes.size() +
                              scenario_.vehicles.size() + scenario_.fleets.size() + scenario_.background.size() +
                              scenario_.fees.size() + scenario_.caps.size() + scenario_.disruptions.size() + suppliers;
    const SourceLocation top{raw_.files.front(), 1, 1};
    if (total > options_.limits.max_elements) {
      read_.sink().error(top, "scenario has " + std::to_string(total) + " elements; the limit is " +
                                  std::to_string(options_.limits.max_elements) + limit_advice(kMaxElementsFlag));
    }
    if (scenario_.places.empty()) read_.sink().error(top, "scenario has no places");
    return std::move(scenario_);
  }

 private:
  // --- an element's fields -------------------------------------------------------------------

  /// How messages name a key of an element: the key, or for a table row its column.
  static std::string shown(const RawElement& e, std::string_view key) {
    return e.table && e.path.empty() ? e.table->column_of(key) : std::string(key);
  }

  void error(const RawElement& element, const std::string& message, const std::string& key = {}) {
    read_.sink().error(element.where, message, key.empty() ? element.path : element.path_of(key));
  }

  /// The field `key` of an element; when absent and `missing` is given, reports it, unless a
  /// misspelling of the key was already reported.
  std::optional<Field> field(const RawElement& element, std::string_view key, const std::string& missing = {}) {
    std::optional<Field> found = element.find(key);
    if (!found && !missing.empty() && !element.misspelt_key(std::string(key))) error(element, missing);
    return found;
  }

  /// The field `key` of an element; when absent and `required`, reports "missing required 'KEY'"
  /// and then `detail()` (what the value may be), unless a misspelling of the key was already
  /// reported. The message is made only when it is said: made for every field read, as it once
  /// was, it cost more than the reading on a network of 10^6 rows.
  template <typename Detail>
  std::optional<Field> required_field(const RawElement& element, std::string_view key, bool required, Detail detail) {
    std::optional<Field> found = element.find(key);
    if (!found && required && !element.misspelt_key(std::string(key))) {
      error(element, "missing required '" + shown(element, key) + "'" + detail());
    }
    return found;
  }
  std::optional<Field> required_field(const RawElement& element, std::string_view key, bool required) {
    return required_field(element, key, required, [] { return std::string(); });
  }

  std::string text(const RawElement& e, std::string_view key, bool required) {
    const std::optional<Field> f = required_field(e, key, required);
    return f ? read_.scalar(*f).value_or("") : "";
  }

  std::optional<double> number(const RawElement& e, std::string_view key, bool required, double min, double max) {
    const std::optional<Field> f = required_field(e, key, required);
    return f ? read_.decimal(*f, min, max) : std::nullopt;
  }

  std::optional<double> quantity(const RawElement& e, std::string_view key, Dimension dimension, bool required,
                                 const UnitContext& context = {}, Sign sign = Sign::ZeroOrMore) {
    const std::optional<Field> f =
        required_field(e, key, required, [dimension] { return " (" + accepted_units(dimension) + ")"; });
    return f ? read_.quantity(*f, dimension, context, sign) : std::nullopt;
  }

  std::string choice(const RawElement& e, std::string_view key, const std::vector<std::string>& allowed,
                     const std::string& fallback, bool required) {
    const std::optional<Field> f =
        required_field(e, key, required, [&allowed] { return " (one of: " + join(allowed) + ")"; });
    return f ? read_.choice(*f, allowed).value_or(fallback) : fallback;
  }

  Status status(const RawElement& e) { return status_from(choice(e, "status", kStatuses, "open", false)); }

  /// Whether a time field may be read: only in a scenario with a horizon (reported otherwise).
  bool needs_time(const Field& f, const std::string& key) {
    if (scenario_.time) return true;
    if (!raw_.time) {
      read_.error(f, key + ": varies over time and needs a time: section (e.g. time: {start: 2025-01-01, periods: 12, "
                       "period: month})");
    }
    return false;
  }

  /// closed:, season:, opens:, ramp: of a link, transfer or crossing.
  Availability availability(const RawElement& e) {
    const auto closed = e.find("closed"), season = e.find("season"), opens = e.find("opens"), ramp = e.find("ramp");
    const auto at = [](const std::optional<Field>& f) { return f ? &*f : nullptr; };
    const AvailabilityFields fields{at(closed), at(season), at(opens), at(ramp)};
    if (!fields.any() || !needs_time(*fields.first(), fields.closed ? "closed" : fields.season ? "season"
                                                                     : fields.opens   ? "opens"
                                                                                      : "ramp")) {
      return {};
    }
    return read_availability(read_, fields);
  }

  /// monthly_profile:, per_period:, backlog: of a demand.
  void read_demand_over_time(const RawElement& e, Demand& d) {
    const std::optional<Field> profile = e.find("monthly_profile");
    const std::optional<Field> per_period = e.find("per_period");
    if (profile && per_period) read_.error(*per_period, "a demand has monthly_profile: or per_period:, not both");
    if (profile && needs_time(*profile, "monthly_profile")) d.monthly_profile = read_monthly_profile(read_, *profile);
    if (per_period && needs_time(*per_period, "per_period")) {
      if (e.find("quantity")) read_.error(*per_period, "a demand has quantity: or per_period:, not both");
      d.per_period_t = read_per_period(read_, *per_period, scenario_.time->periods);
      const Horizon& h = *scenario_.time;
      double total_t = 0;
      for (double t : d.per_period_t) total_t += t;
      d.quantity_t_per_yr = total_t * kDaysPerYear / static_cast<double>(h.first_day(h.periods) - h.first_day(0));
    }
    if (const std::optional<Field> backlog = e.find("backlog"); backlog && needs_time(*backlog, "backlog")) {
      d.backlog_cost_usd_per_t_per_day = read_backlog(read_, *backlog);
    }
  }
  bool both_ways(const RawElement& e) { return choice(e, "direction", kDirections, "both", false) == "both"; }
  std::string name(const RawElement& e) {
    const std::string given = text(e, "name", false);
    return given.empty() ? e.id : given;
  }

  /// Reports an empty list ("[]"), which would silently mean something else (every link, or no
  /// origin at all); returns true when it did.
  bool empty_list(const Field& f, const std::string& message) {
    if (!f.node.IsSequence() || f.node.size() != 0) return false;
    read_.error(f, message);
    return true;
  }

  void read_tags(const Field& f, Provenance& provenance) {
    for (auto& tag : read_.words(f)) {
      provenance.source_tags.push_back(tag.text);
      pending_tags_.push_back(std::move(tag));
    }
  }

  Provenance provenance(const RawElement& element) {
    Provenance p;
    if (const std::optional<Field> f = element.find("source")) read_tags(*f, p);
    if (const std::optional<Field> f = element.find("assumption")) p.assumption = read_.scalar(*f).value_or("");
    if (options_.require_provenance && p.empty()) error(element, "'" + element.id + "' has neither source: nor assumption:");
    return p;
  }

  /// A variable quantity (fields.hpp) of the element `index` of its section: a plain value
  /// ("5 Mt/yr"), or a mapping with a range ({range: [LOW, HIGH], value:, distribution:, mode:,
  /// source:, assumption:}) that is recorded in Scenario::ranges for sweeps; the field then takes
  /// value:, else the range's nominal value.
  std::optional<double> ranged(const RawElement& e, FieldId id, std::size_t index, bool required,
                               const UnitContext& context = {}, Sign sign = Sign::ZeroOrMore) {
    return ranged(e, e.find(variable_field(id).key), id, index, required, context, sign);
  }
  /// The same, with `f` the element's field of `id` as found (read_capacities looks at it again).
  std::optional<double> ranged(const RawElement& e, const std::optional<Field>& f, FieldId id, std::size_t index,
                               bool required, const UnitContext& context = {}, Sign sign = Sign::ZeroOrMore) {
    const VariableField& variable = variable_field(id);
    if (!f) return quantity(e, variable.key, variable.dimension, required, context, sign);
    if (!f->node.IsMap()) return read_.quantity(*f, variable.dimension, context, sign);
    static const std::vector<std::string> keys = {"value", "range", "distribution", "mode", "source", "assumption"};
    const Mapping mapping = read_.map(*f, keys, "a ranged " + variable.key);
    FieldRange range;
    range.field = {id, static_cast<int>(index), ""};
    range.where = f->where;
    std::optional<double> value;
    if (const Entry* v = mapping.find("value")) value = read_.quantity(v->value, variable.dimension, context, sign);
    if (const Entry* s = mapping.find("source")) read_tags(s->value, range.provenance.edit());
    if (const Entry* a = mapping.find("assumption")) range.provenance.edit().assumption = read_.scalar(a->value).value_or("");
    if (!mapping.find("range")) {
      read_.error(*f, "a mapping here needs range: [LOW, HIGH]; otherwise write the value alone, e.g. 5 Mt/yr");
      return std::nullopt;
    }
    const auto spec = read_range(read_, *f, mapping, variable.dimension, context, sign);
    if (!spec) return std::nullopt;
    if (value && (*value < spec->low || *value > spec->high)) read_.error(*f, "value lies outside its range");
    range.range = *spec;
    scenario_.ranges.push_back(range);
    return value ? value : spec->nominal();
  }

  // --- references ----------------------------------------------------------------------------

  int place_ref(const RawElement& element, std::string_view key) {
    const std::optional<Field> f = required_field(element, key, true);
    if (!f) return -1;
    const auto id = read_.scalar(*f);
    if (!id) return -1;
    // The word (a copy of the id, path and file) is made only for a miss, to be reported.
    const auto found = place_lookup_->find(*id);
    if (found != place_lookup_->end()) return static_cast<int>(found->second);
    return place_index({*id, f->where, f->path});
  }

  int place_index(const Word& id) {
    const auto found = place_lookup_->find(id.text);
    if (found != place_lookup_->end()) return static_cast<int>(found->second);
    return index_of(read_.lookup_id(id, place_ids(), "unknown place '" + id.text + "'"));
  }

  /// The index of a section's ids (id -> element). read_place and read_link make one place or
  /// link per element, in order, so for those sections it is also the index of scenario_.places
  /// and scenario_.links: lookups in large sections (a network in tables holds 10^6 rows) need
  /// no index of their own. Misses go to Reader::lookup_id for the message and its did-you-mean.
  const std::unordered_map<std::string, std::size_t>& section_index(const std::string& name) {
    static const std::unordered_map<std::string, std::size_t> none;
    auto it = raw_.sections.find(name);
    return it == raw_.sections.end() ? none : it->second.index;
  }

  /// The ids of the places and links, in order: only a miss's did-you-mean and the lists that
  /// name links read them, so they are copied out of a large network only when one asks.
  const std::vector<std::string>& place_ids() {
    if (!place_ids_) place_ids_ = ids_of(scenario_.places);
    return *place_ids_;
  }
  const std::vector<std::string>& link_ids() {
    if (!link_ids_) link_ids_ = ids_of(scenario_.links);
    return *link_ids_;
  }

  std::optional<std::size_t> link_index(const Word& id) {
    const auto found = link_lookup_->find(id.text);
    if (found != link_lookup_->end()) return found->second;
    return read_.lookup_id(id, link_ids(), "unknown link '" + id.text + "'");
  }

  int commodity_ref(const Field& f) {
    const auto id = read_.scalar(f);
    if (!id) return -1;
    return index_of(read_.lookup_id({*id, f.where, f.path}, commodity_ids_, "unknown commodity '" + *id + "'"));
  }

  static int index_of(std::optional<std::size_t> index) { return index ? static_cast<int>(*index) : -1; }

  std::vector<int> commodity_refs(const RawElement& e, const std::string& key) {
    const std::optional<Field> f = e.find(key);
    if (!f) return {};
    empty_list(*f, "'" + key + ": []' allows no commodity; omit it to allow every commodity");
    return commodity_list(*f);
  }

  /// Commodity ids, each resolved (did-you-mean), sorted and unique.
  std::vector<int> commodity_list(const Field& f) {
    std::vector<int> out;
    for (const auto& id : read_.words(f)) {
      if (auto index = read_.lookup_id(id, commodity_ids_, "unknown commodity '" + id.text + "'")) {
        out.push_back(static_cast<int>(*index));
      }
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
  }

  UnitContext single_commodity_context(const std::vector<int>& commodities) {
    if (commodities.size() != 1) return {};
    const Commodity& c = scenario_.commodities[commodities.front()];
    return {c.bbl_per_t, c.t_per_teu, c.id, {}, false};
  }

  /// Country codes of a field, each checked; `what` is appended to the "not a code" message.
  std::vector<Word> country_codes(const Field& f, const std::string& what) {
    std::vector<Word> out;
    for (auto& code : read_.words(f)) {
      if (is_country_code(code.text)) out.push_back(std::move(code));
      else read_.error(code, "'" + code.text + "' is not " + what);
    }
    return out;
  }

  PlaceSet place_set(const RawElement& e, const std::string& places_key, const std::string& countries_key) {
    PlaceSet set;
    const std::optional<Field> places = e.find(places_key);
    const std::optional<Field> countries = e.find(countries_key);
    if (!places && !countries) {
      if (!e.misspelt_key(countries_key)) {
        field(e, places_key, "missing '" + places_key + "' (place ids) or '" + countries_key + "' (country codes)");
      }
      return set;
    }
    if (places && !empty_list(*places, "'" + places_key + "' is empty: give at least one place id")) {
      for (const auto& id : read_.words(*places)) {
        const int index = place_index(id);
        if (index >= 0) set.places.push_back(index);
      }
    }
    if (countries && !empty_list(*countries, "'" + countries_key + "' is empty: give at least one country code")) {
      for (const auto& code : country_codes(*countries, "an ISO 3166-1 alpha-2 country code")) {
        set.countries.push_back(code.text);
        bool any = false;
        for (std::size_t p = 0; p < scenario_.places.size(); ++p) {
          if (scenario_.places[p].country == code.text) {
            set.places.push_back(static_cast<int>(p));
            any = true;
          }
        }
        if (!any) read_.error(code, "no place lies in country '" + code.text + "'");
      }
    }
    std::sort(set.places.begin(), set.places.end());
    set.places.erase(std::unique(set.places.begin(), set.places.end()), set.places.end());
    return set;
  }

  /// Reports a place that is both an origin and a destination.
  void check_disjoint(const RawElement& e, const PlaceSet& origins, const PlaceSet& destinations) {
    for (int o : origins.places) {
      if (std::binary_search(destinations.places.begin(), destinations.places.end(), o)) {
        error(e, "place '" + scenario_.places[o].id + "' is both an origin and a destination", "to");
      }
    }
  }

  // --- sections ------------------------------------------------------------------------------

  const std::vector<RawElement>& section(const std::string& name) {
    static const std::vector<RawElement> none;
    auto it = raw_.sections.find(name);
    return it == raw_.sections.end() ? none : it->second.elements;
  }

  void read_speeds() {
    for (std::size_t mode = 0; mode < kModes.size(); ++mode) {
      auto it = raw_.speed.find(kModes[mode]);
      if (it == raw_.speed.end()) continue;
      if (auto v = read_.quantity(it->second, Dimension::Speed, {}, Sign::Positive)) {
        scenario_.default_speed_km_per_h[mode] = *v;
      }
    }
  }

  void read_source(const RawElement& e) {
    Source s;
    s.id = e.id;
    s.where = e.where;
    s.title = text(e, "title", true);
    s.publisher = text(e, "publisher", false);
    s.date = text(e, "date", false);
    s.url = text(e, "url", false);
    scenario_.sources.push_back(std::move(s));
  }

  void read_place(const RawElement& e) {
    Place p;
    p.id = e.id;
    p.where = e.where;
    p.name = text(e, "name", true);
    p.country = text(e, "country", true);
    if (!p.country.empty() && !is_country_code(p.country)) {
      read_.error(*e.find("country"), "'" + p.country + "' is not an ISO 3166-1 alpha-2 country code (such as RU, CN, KP)");
      p.country.clear();  // already reported; no border checks on a country we cannot read
    }
    p.kind = text(e, "kind", false);
    if (p.kind.empty()) p.kind = "place";
    p.lat_deg = number(e, "lat", true, -90, 90).value_or(0);
    p.lon_deg = number(e, "lon", true, -180, 180).value_or(0);
    if (const std::optional<Field> f = e.find("storage"); f && needs_time(*f, "storage")) p.storage = read_storage(read_, *f);
    p.provenance = provenance(e);
    scenario_.places.push_back(std::move(p));
  }

  void read_commodity(const RawElement& e) {
    Commodity c;
    c.id = e.id;
    c.where = e.where;
    c.name = name(e);
    c.cargo_class = choice(e, "class", kCargoClasses, "general", true);
    c.bbl_per_t = number(e, "bbl_per_t", false, 1e-6, 1e6);
    c.t_per_teu = number(e, "t_per_teu", false, 1e-6, 1e6);
    const UnitContext context{c.bbl_per_t, c.t_per_teu, c.id, {}, false};
    c.value_usd_per_t = quantity(e, "value", Dimension::CostPerTonne, false, context).value_or(0);
    c.provenance = provenance(e);
    scenario_.commodities.push_back(std::move(c));
  }

  void read_link(const RawElement& e) {
    const std::size_t index = scenario_.links.size();
    Link l;
    l.id = e.id;
    l.where = e.where;
    l.name = name(e);
    l.from = place_ref(e, "from");
    l.to = place_ref(e, "to");
    if (l.from >= 0 && l.from == l.to) error(e, "a link must join two different places", "to");
    const std::string mode = choice(e, "mode", kModes, "", true);
    l.mode = mode_from(mode);
    if (mode.empty()) {
      // Mode missing or misspelt (already reported): whether a gauge belongs here is unknown.
    } else if (l.mode == Mode::Rail) {
      const std::string g = choice(e, "gauge", kGauges, "1435", true);
      l.gauges_mm = g == "dual" ? std::vector<int>{1435, 1520} : std::vector<int>{std::stoi(g)};
    } else if (const std::optional<Field> gauge = e.find("gauge")) {
      read_.error(*gauge, "gauge applies to rail links only");
    }
    l.commodities = commodity_refs(e, "commodities");
    const UnitContext context = single_commodity_context(l.commodities);
    l.length_km = quantity(e, "length", Dimension::Length, true).value_or(0);
    const Capacities capacities = read_capacities(e, FieldId::LinkCapacity, index, context,
                                                  mode.empty() ? std::vector<Mode>{} : std::vector<Mode>{l.mode}, "link");
    l.capacity_t_per_yr = capacities.per_direction_t_per_yr;
    l.capacity_both_ways_t_per_yr = capacities.both_ways_t_per_yr;
    l.vehicle = capacities.vehicle;
    l.cost_usd_per_t = ranged(e, FieldId::LinkCost, index, false, context).value_or(0);
    read_cost_per_km(e, index, l);
    const auto transit = quantity(e, "transit", Dimension::Duration, false);
    l.transit_h = transit ? *transit : l.length_km / scenario_.default_speed_km_per_h[static_cast<int>(l.mode)];
    l.both_ways = both_ways(e);
    l.status = status(e);
    l.availability = availability(e);
    l.provenance = provenance(e);
    scenario_.links.push_back(std::move(l));
  }

  /// A link's cost per tonne-km: its own `cost_per_km:` (rangeable), or the value of the named
  /// unit rate `rate:`, never both.
  void read_cost_per_km(const RawElement& e, std::size_t index, Link& l) {
    const std::optional<Field> rate = e.find("rate");
    if (!rate) {
      l.cost_usd_per_t_km = ranged(e, FieldId::LinkCostPerKm, index, false).value_or(0);
      return;
    }
    if (e.find("cost_per_km")) {
      read_.error(*rate, "a link's cost per km is its own cost_per_km: or a unit rate's (rate:), not both; drop one");
      return;
    }
    const auto id = read_.scalar(*rate);
    if (!id) return;
    l.rate = index_of(read_.lookup_id({*id, rate->where, rate->path}, ids_of(scenario_.rates),
                                      "unknown rate '" + *id + "'"));
    if (l.rate >= 0) l.cost_usd_per_t_km = scenario_.rates[static_cast<std::size_t>(l.rate)].cost_usd_per_t_km;
  }

  /// A rate no link uses changes nothing: likely a link still writes its own cost_per_km, or a
  /// rate override's id is misspelt. Said, not refused.
  void warn_unused_rates() {
    const auto& elements = section("rates");  // read_rate made one rate per element, in order
    for (std::size_t r = 0; r < scenario_.rates.size(); ++r) {
      const bool used = std::any_of(scenario_.links.begin(), scenario_.links.end(),
                                    [r](const Link& l) { return l.rate == static_cast<int>(r); });
      if (used) continue;
      const UnitRate& rate = scenario_.rates[r];
      sink_.warning(rate.where,
                    "rate '" + rate.id + "' is used by no link, so it changes nothing (a link uses it with rate: " +
                        rate.id + ")",
                    r < elements.size() ? elements[r].path : std::string());
    }
  }

  /// A capacity above zero but below 1 t/yr reads as 0 in every report (tables print whole
  /// tonnes per year, JSON and CSV 0.1 t/yr; scenarios/README.md, "Resolution"): said, not refused.
  void warn_if_below_resolution(const RawElement& e, const std::string& key, double capacity_t_per_yr) {
    constexpr double kResolution_t_per_yr = 1;
    if (!(capacity_t_per_yr > 0 && capacity_t_per_yr < kResolution_t_per_yr)) return;
    const std::optional<Field> f = e.find(key);
    if (!f) return;
    sink_.warning(f->where,
                  key + " " + format_real(capacity_t_per_yr) +
                      " t/yr is below the reports' resolution of 1 t/yr: its flows print as 0 and cost nothing; "
                      "write 0 to close it, or check the unit",
                  f->path);
  }

  struct Capacities {
    double per_direction_t_per_yr = kUnlimited;
    double both_ways_t_per_yr = kUnlimited;
    VehicleCapacity vehicle;
  };

  /// The capacities of a link, transfer or crossing (`what`): `capacity` per direction (the
  /// rangeable field `id`) and `capacity_both_ways`, each in t/yr units or in vehicles of the
  /// element's `modes`, at the element's `payload:` (allowed only then) or the vehicle's.
  Capacities read_capacities(const RawElement& e, FieldId id, std::size_t index, UnitContext context,
                             const std::vector<Mode>& modes, const std::string& what) {
    const auto payload_t = quantity(e, "payload", Dimension::Mass, false, {}, Sign::Positive);
    for (const auto& v : scenario_.vehicles) context.vehicles.push_back({v.id, payload_t.value_or(v.payload_t)});
    // Each capacity field found once for both reads of it.
    const std::optional<Field> per_direction_field = e.find(variable_field(id).key);
    const std::optional<Field> both_ways_field = e.find("capacity_both_ways");
    Capacities out;
    out.per_direction_t_per_yr = ranged(e, per_direction_field, id, index, false, context).value_or(kUnlimited);
    if (both_ways_field) {
      out.both_ways_t_per_yr =
          read_.quantity(*both_ways_field, Dimension::FlowRate, context, Sign::ZeroOrMore).value_or(kUnlimited);
    }
    warn_if_below_resolution(e, "capacity", out.per_direction_t_per_yr);
    warn_if_below_resolution(e, "capacity_both_ways", out.both_ways_t_per_yr);
    const int per_direction = vehicle_written(per_direction_field, context);
    const int both_ways = vehicle_written(both_ways_field, context);
    if (per_direction >= 0 && both_ways >= 0 && per_direction != both_ways) {
      read_.error(*e.find("capacity_both_ways"),
                  "capacity is written in " + scenario_.vehicles[per_direction].id + "s, capacity_both_ways in " +
                      scenario_.vehicles[both_ways].id + "s: one element's capacities use one vehicle");
    }
    const int vehicle = per_direction >= 0 ? per_direction : both_ways;
    const std::optional<Field> payload = e.find("payload");
    if (payload && vehicle < 0) {
      read_.error(*payload, "payload applies only when a capacity here is written in vehicles (e.g. capacity: "
                            "12 trains/day); write the capacity in vehicles or drop payload");
    }
    if (vehicle < 0) return out;
    const Vehicle& v = scenario_.vehicles[static_cast<std::size_t>(vehicle)];
    if (!modes.empty() && std::find(modes.begin(), modes.end(), v.mode) == modes.end()) {
      std::vector<std::string> names;
      for (Mode m : modes) {
        if (std::find(names.begin(), names.end(), to_string(m)) == names.end()) names.push_back(to_string(m));
      }
      read_.error(*e.find(per_direction >= 0 ? "capacity" : "capacity_both_ways"),
                  "vehicle '" + v.id + "' is a " + to_string(v.mode) + " vehicle, but this " + what + " carries " +
                      join(names, " and "));
    }
    out.vehicle = {vehicle, payload_t.value_or(v.payload_t)};
    return out;
  }

  /// The texts of a quantity field: the value, or a range's value:, ends and mode:.
  static std::vector<std::string> quantity_texts(const Field& f) {
    std::vector<std::string> out;
    if (f.node.IsScalar()) out.push_back(f.node.Scalar());
    if (!f.node.IsMap()) return out;
    for (const char* key : {"value", "mode"}) {
      if (f.node[key] && f.node[key].IsScalar()) out.push_back(f.node[key].Scalar());
    }
    const YamlNode range = f.node["range"];
    if (range && range.IsSequence()) {
      for (const auto& end : range.items()) {
        if (end.IsScalar()) out.push_back(end.Scalar());
      }
    }
    return out;
  }

  /// The vehicle a FlowRate field is written in (index into Scenario::vehicles), or -1 for t/yr
  /// units; reports a field whose values mix units of vehicles and tonnes, or two vehicles.
  int vehicle_written(const std::optional<Field>& f, const UnitContext& context) {
    if (!f) return -1;
    std::optional<int> vehicle;  // of the first value that parses
    bool mixed = false;
    for (const auto& text : quantity_texts(*f)) {
      const QuantityParse parsed = parse_quantity(text, Dimension::FlowRate, context);
      if (!parsed.value) continue;
      if (!vehicle) vehicle = parsed.vehicle;
      else if (*vehicle != parsed.vehicle) mixed = true;
    }
    if (mixed) {
      read_.error(*f, "write every value of " + f->path.substr(f->path.rfind('.') + 1) +
                          " in one unit of one vehicle, or every value in tonnes");
      return -1;
    }
    return vehicle.value_or(-1);
  }

  void read_transfer(const RawElement& e) {
    const std::size_t index = scenario_.transfers.size();
    Transfer t;
    t.id = e.id;
    t.where = e.where;
    t.name = name(e);
    t.place = place_ref(e, "place");
    t.from = *parse_layer(choice(e, "from", kLayers, "rail:1435", true));
    t.to = *parse_layer(choice(e, "to", kLayers, "rail:1435", true));
    if (t.from == t.to && e.find("from") && e.find("to")) error(e, "a transfer joins two different layers", "to");
    t.method = choice(e, "method", kTransferMethods, "other", true);
    t.cost_usd_per_t = ranged(e, FieldId::TransferCost, index, false).value_or(0);
    t.time_h = quantity(e, "time", Dimension::Duration, false).value_or(0);
    const Capacities capacities =
        read_capacities(e, FieldId::TransferCapacity, index, {}, {t.from.mode, t.to.mode}, "transfer");
    t.capacity_t_per_yr = capacities.per_direction_t_per_yr;
    t.capacity_both_ways_t_per_yr = capacities.both_ways_t_per_yr;
    t.vehicle = capacities.vehicle;
    t.both_ways = both_ways(e);
    t.status = status(e);
    t.availability = availability(e);
    t.provenance = provenance(e);
    scenario_.transfers.push_back(std::move(t));
  }

  void read_crossing(const RawElement& e) {
    const std::size_t index = scenario_.crossings.size();
    Crossing c;
    c.id = e.id;
    c.where = e.where;
    c.name = name(e);
    if (const std::optional<Field> f = required_field(e, "links", true)) {
      empty_list(*f, "a crossing needs at least one link");
      for (const auto& id : read_.words(*f)) {
        const auto link = link_index(id);
        if (link && join_crossing(id, *link, index)) c.links.push_back(static_cast<int>(*link));
      }
    }
    std::vector<Mode> modes;
    for (int li : c.links) modes.push_back(scenario_.links[static_cast<std::size_t>(li)].mode);
    const Capacities capacities = read_capacities(e, FieldId::CrossingCapacity, index, {}, modes, "crossing");
    c.capacity_t_per_yr = capacities.per_direction_t_per_yr;
    c.capacity_both_ways_t_per_yr = capacities.both_ways_t_per_yr;
    c.vehicle = capacities.vehicle;
    c.dwell_h = quantity(e, "dwell", Dimension::Duration, false).value_or(0);
    c.cost_usd_per_t = ranged(e, FieldId::CrossingCost, index, false).value_or(0);
    c.status = status(e);
    c.availability = availability(e);
    c.provenance = provenance(e);
    scenario_.crossings.push_back(std::move(c));
  }

  /// Makes link `link` part of crossing `crossing`, unless it already belongs to one or does not
  /// cross a border.
  bool join_crossing(const Word& id, std::size_t link, std::size_t crossing) {
    Link& l = scenario_.links[link];
    if (l.crossing >= 0) {
      read_.error(id, "link '" + id.text + "' already belongs to crossing '" + scenario_.crossings[l.crossing].id + "'");
      return false;
    }
    if (l.from >= 0 && l.to >= 0 && !scenario_.places[l.from].country.empty() &&
        scenario_.places[l.from].country == scenario_.places[l.to].country) {
      read_.error(id, "link '" + id.text + "' does not cross a border (both ends in " + scenario_.places[l.from].country + ")");
      return false;
    }
    l.crossing = static_cast<int>(crossing);
    return true;
  }

  void read_demand(const RawElement& e) {
    const std::size_t index = scenario_.demands.size();
    Demand d;
    d.id = e.id;
    d.where = e.where;
    d.name = d.id;
    if (const std::optional<Field> f = field(e, "commodity", "missing required 'commodity'")) d.commodity = commodity_ref(*f);
    d.destinations = place_set(e, "to", "to_countries");
    const UnitContext context = d.commodity >= 0 ? single_commodity_context({d.commodity}) : UnitContext{};
    const std::optional<Field> suppliers = e.find("suppliers");
    if (suppliers && (e.find("from") || e.find("from_countries"))) {
      read_.error(*suppliers, "a demand's origins are 'from'/'from_countries' or 'suppliers', not both");
    }
    if (suppliers) {
      d.suppliers = read_suppliers(*suppliers, d.destinations, context);
    } else {
      Supplier only;
      only.origins = place_set(e, "from", "from_countries");
      only.where = e.where;
      check_disjoint(e, only.origins, d.destinations);
      d.suppliers.push_back(std::move(only));
    }
    d.origins = union_of_origins(d.suppliers);
    // per_period: replaces the quantity (which then reads as the horizon's mean annual rate).
    d.quantity_t_per_yr = ranged(e, FieldId::DemandQuantity, index, !e.find("per_period"), context).value_or(0);
    d.unserved_cost_usd_per_t = ranged(e, FieldId::DemandUnservedCost, index, true, context, Sign::Positive).value_or(0);
    read_demand_over_time(e, d);
    d.provenance = provenance(e);
    scenario_.demands.push_back(std::move(d));
  }

  static PlaceSet union_of_origins(const std::vector<Supplier>& suppliers) {
    PlaceSet out;
    for (const auto& s : suppliers) {
      out.places.insert(out.places.end(), s.origins.places.begin(), s.origins.places.end());
      out.countries.insert(out.countries.end(), s.origins.countries.begin(), s.origins.countries.end());
    }
    std::sort(out.places.begin(), out.places.end());
    out.places.erase(std::unique(out.places.begin(), out.places.end()), out.places.end());
    return out;
  }

  /// A demand's `suppliers:` list: each {id, from | from_countries, price, source, assumption},
  /// ids unique across the scenario, origins disjoint from the demand's destinations.
  std::vector<Supplier> read_suppliers(const Field& list, const PlaceSet& destinations, const UnitContext& context) {
    std::vector<Supplier> out;
    if (!list.node.IsSequence() || list.node.size() == 0) {
      read_.error(list, "suppliers: expects a list of suppliers, each starting with '- id: ...'");
      return out;
    }
    static const std::vector<std::string> keys = {"id", "from", "from_countries", "price", "source", "assumption"};
    for (std::size_t i = 0; i < list.node.size(); ++i) {
      const Field item = Reader::item(list, i);
      const Mapping mapping = read_.map(item, keys, "a supplier");
      if (!item.node.IsMap()) continue;
      RawElement raw;
      raw.where = item.where;
      raw.path = item.path;
      raw.misspelt = mapping.misspelt;
      for (const auto& entry : mapping.entries) raw.fields.emplace_back(entry.key, entry.value);
      if (!supplier_id(raw)) continue;
      Supplier supplier;
      supplier.id = raw.id;
      supplier.where = raw.where;
      supplier.origins = place_set(raw, "from", "from_countries");
      for (int o : supplier.origins.places) {
        if (std::binary_search(destinations.places.begin(), destinations.places.end(), o)) {
          error(raw, "place '" + scenario_.places[o].id + "' is both an origin of supplier '" + raw.id +
                         "' and a destination of the demand", "from");
        }
      }
      supplier.price_usd_per_t =
          ranged(raw, FieldId::SupplierPrice, static_cast<std::size_t>(named_suppliers_), true, context).value_or(0);
      ++named_suppliers_;
      supplier.provenance = provenance(raw);
      out.push_back(std::move(supplier));
    }
    return out;
  }

  /// Reads a supplier's id into `raw`: present, valid, and not another supplier's.
  bool supplier_id(RawElement& raw) {
    const std::optional<Field> id = raw.find("id");
    if (!id) {
      error(raw, "missing 'id'");
      return false;
    }
    if (!id->node.IsScalar() || !is_valid_id(id->node.Scalar())) {
      read_.error(*id, "id must be 1-64 characters from A-Z a-z 0-9 _ . : - starting with a letter or digit");
      return false;
    }
    raw.id = id->node.Scalar();
    const auto [first, fresh] = supplier_ids_.emplace(raw.id, raw.where);
    if (!fresh) {
      read_.error(*id, "duplicate supplier id '" + raw.id + "' (first at " + first->second.file + ":" +
                           std::to_string(first->second.line) + "); supplier ids are unique across the scenario");
      return false;
    }
    return true;
  }

  void read_route(const RawElement& e) {
    Route r;
    r.id = e.id;
    r.where = e.where;
    r.name = name(e);
    r.origins = place_set(e, "from", "from_countries");
    r.destinations = place_set(e, "to", "to_countries");
    if (const std::optional<Field> f = e.find("links")) {
      empty_list(*f, "'links: []' allows no link; omit 'links' to allow every link");
      for (const auto& id : read_.words(*f)) {
        if (auto link = read_.lookup_id(id, link_ids(), "unknown link '" + id.text + "'")) r.links.push_back(static_cast<int>(*link));
      }
      std::sort(r.links.begin(), r.links.end());
    }
    if (const std::optional<Field> f = e.find("countries")) {
      empty_list(*f, "'countries: []' allows no country; omit 'countries' to allow every country");
      for (const auto& code : country_codes(*f, "a country code")) r.countries.push_back(code.text);
    }
    if (const std::optional<Field> f = e.find("commodity")) r.commodity = commodity_ref(*f);
    r.both_directions = choice(e, "both_directions", {"true", "false"}, "true", false) == "true";
    check_disjoint(e, r.origins, r.destinations);
    scenario_.routes.push_back(std::move(r));
  }

  // --- issue 9 sections ----------------------------------------------------------------------

  void read_rate(const RawElement& e) {
    const std::size_t index = scenario_.rates.size();
    UnitRate r;
    r.id = e.id;
    r.where = e.where;
    r.name = text(e, "name", true);
    r.cost_usd_per_t_km = ranged(e, FieldId::RateCostPerKm, index, true).value_or(0);
    r.provenance = provenance(e);
    scenario_.rates.push_back(std::move(r));
  }

  void read_vehicle(const RawElement& e) {
    Vehicle v;
    v.id = e.id;
    v.where = e.where;
    v.name = name(e);
    if (is_builtin_unit_word(v.id)) {
      error(e, "vehicle id '" + v.id + "' is already a unit ('" + v.id + "/day'); choose another noun", "id");
    }
    v.mode = mode_from(choice(e, "mode", kModes, "rail", true));
    v.payload_t = quantity(e, "payload", Dimension::Mass, true, {}, Sign::Positive).value_or(0);
    v.provenance = provenance(e);
    scenario_.vehicles.push_back(std::move(v));
  }

  void read_fleet(const RawElement& e) {
    const std::size_t index = scenario_.fleets.size();
    Fleet f;
    f.id = e.id;
    f.where = e.where;
    f.name = name(e);
    if (const std::optional<Field> v = field(e, "vehicle", "missing required 'vehicle' (a vehicles: id)")) {
      if (const auto id = read_.scalar(*v)) {
        f.vehicle = index_of(read_.lookup_id({*id, v->where, v->path}, ids_of(scenario_.vehicles),
                                             "unknown vehicle '" + *id + "'"));
      }
    }
    const Vehicle* vehicle = f.vehicle >= 0 ? &scenario_.vehicles[static_cast<std::size_t>(f.vehicle)] : nullptr;
    f.count = ranged(e, FieldId::FleetCount, index, true, {}, Sign::Positive).value_or(0);
    f.payload_t = ranged(e, FieldId::FleetPayload, index, false, {}, Sign::Positive).value_or(vehicle ? vehicle->payload_t : 0);
    f.turnaround_h = quantity(e, "turnaround", Dimension::Duration, false).value_or(0);
    if (const std::optional<Field> serves = field(e, "serves", "missing required 'serves' (the link ids the fleet serves)")) {
      empty_list(*serves, "a fleet serves at least one link");
      for (const auto& id : read_.words(*serves)) {
        const auto link = read_.lookup_id(id, link_ids(), "unknown link '" + id.text + "'");
        if (!link) continue;
        const Link& l = scenario_.links[*link];
        if (std::find(f.links.begin(), f.links.end(), static_cast<int>(*link)) != f.links.end()) {
          read_.error(id, "link '" + id.text + "' is listed twice");
        } else if (vehicle && l.mode != vehicle->mode) {
          read_.error(id, "link '" + id.text + "' is " + to_string(l.mode) + "; fleet '" + f.id + "' of " +
                              to_string(vehicle->mode) + " vehicle '" + vehicle->id + "' serves " +
                              to_string(vehicle->mode) + " links only");
        } else {
          f.links.push_back(static_cast<int>(*link));
        }
      }
    }
    f.provenance = provenance(e);
    scenario_.fleets.push_back(std::move(f));
  }

  void read_background(const RawElement& e) {
    const std::size_t index = scenario_.background.size();
    BackgroundFlow b;
    b.id = e.id;
    b.where = e.where;
    b.name = name(e);
    std::vector<std::string> elements;
    for (const char* key : {"link", "transfer", "crossing"}) {
      if (e.find(key)) elements.push_back(key);
    }
    static const std::vector<std::string> demand_keys = {"commodity", "from", "from_countries", "to", "to_countries",
                                                         "quantity"};
    if (elements.size() > 1) {
      read_.error(*e.find(elements[1]), "a background load is on one element: give one of link, transfer or "
                                        "crossing, not " + join(elements, " and "));
    } else if (elements.size() == 1) {
      for (const auto& key : demand_keys) {
        if (const std::optional<Field> f = e.find(key)) {
          read_.error(*f, "'" + key + "' belongs to a background demand; a load takes " + elements[0] +
                              ", direction and load");
        }
      }
      read_background_load(e, elements[0], index, b);
    } else if (std::none_of(demand_keys.begin(), demand_keys.end(), [&e](const std::string& k) { return e.find(k).has_value(); })) {
      error(e, "a background flow is a load (link, transfer or crossing, with direction and load) or a demand "
               "(commodity, from, to, quantity)");
    } else {
      for (const char* key : {"direction", "load"}) {
        if (const std::optional<Field> f = e.find(key)) {
          read_.error(*f, std::string("'") + key + "' belongs to a background load (on a link, transfer or crossing)");
        }
      }
      if (const std::optional<Field> f = field(e, "commodity", "missing required 'commodity'")) b.commodity = commodity_ref(*f);
      b.origins = place_set(e, "from", "from_countries");
      b.destinations = place_set(e, "to", "to_countries");
      const UnitContext context = b.commodity >= 0 ? single_commodity_context({b.commodity}) : UnitContext{};
      b.quantity_t_per_yr = quantity(e, "quantity", Dimension::FlowRate, true, context).value_or(0);
      check_disjoint(e, b.origins, b.destinations);
    }
    b.provenance = provenance(e);
    scenario_.background.push_back(std::move(b));
  }

  /// A background load: its element (`key` is link, transfer or crossing), direction and load.
  void read_background_load(const RawElement& e, const std::string& key, std::size_t index, BackgroundFlow& b) {
    const Field f = *e.find(key);
    const auto id = read_.scalar(f);
    if (!id) return;
    const Word word{*id, f.where, f.path};
    std::optional<std::size_t> element;
    if (key == "link") element = read_.lookup_id(word, link_ids(), "unknown link '" + *id + "'");
    else if (key == "transfer") element = read_.lookup_id(word, ids_of(scenario_.transfers), "unknown transfer '" + *id + "'");
    else element = read_.lookup_id(word, ids_of(scenario_.crossings), "unknown crossing '" + *id + "'");
    if (!element) return;
    const ElementKind kind = key == "link" ? ElementKind::Link
                             : key == "transfer" ? ElementKind::Transfer
                                                 : ElementKind::Crossing;
    b.element = ElementRef{kind, static_cast<int>(*element)};
    const auto labels = direction_labels(*b.element);
    if (!labels) return;  // the element itself is in error, already reported
    read_direction(e, key + " '" + *id + "'", *labels, b);
    UnitContext context;
    const VehicleCapacity& written = kind == ElementKind::Link       ? scenario_.links[*element].vehicle
                                     : kind == ElementKind::Transfer ? scenario_.transfers[*element].vehicle
                                                                     : scenario_.crossings[*element].vehicle;
    context.vehicles = vehicle_units(scenario_, written);
    b.load_t_per_yr = ranged(e, FieldId::BackgroundLoad, index, true, context).value_or(0);
  }

  /// The labels of an element's two directions (forward, reverse; "" for a direction it does not
  /// run), or nullopt when the element could not be read whole.
  std::optional<std::array<std::string, 2>> direction_labels(const ElementRef& element) {
    const auto i = static_cast<std::size_t>(element.index);
    if (element.kind == ElementKind::Link) {
      const Link& l = scenario_.links[i];
      if (l.from < 0 || l.to < 0) return std::nullopt;
      const std::string& a = scenario_.places[l.from].id;
      const std::string& b = scenario_.places[l.to].id;
      return std::array<std::string, 2>{a + "->" + b, l.both_ways ? b + "->" + a : ""};
    }
    if (element.kind == ElementKind::Transfer) {
      const Transfer& t = scenario_.transfers[i];
      const std::string a = to_string(t.from), b = to_string(t.to);
      return std::array<std::string, 2>{a + "->" + b, t.both_ways ? b + "->" + a : ""};
    }
    const Crossing& c = scenario_.crossings[i];
    if (c.links.empty()) return std::nullopt;
    for (int li : c.links) {
      const Link& l = scenario_.links[static_cast<std::size_t>(li)];
      if (l.from < 0 || l.to < 0) return std::nullopt;
    }
    return crossing_direction_labels(scenario_, static_cast<int>(i));
  }

  /// A load's `direction`: one of the element's labels (spaces ignored), or omitted when the
  /// element runs one way only.
  void read_direction(const RawElement& e, const std::string& what, const std::array<std::string, 2>& labels,
                      BackgroundFlow& b) {
    std::vector<std::string> valid;
    for (const auto& label : labels) {
      if (!label.empty()) valid.push_back(label);
    }
    const std::optional<Field> f = e.find("direction");
    if (!f) {
      if (valid.size() == 1) b.direction = valid.front();
      else error(e, "missing 'direction': " + what + " runs both ways; give direction: " + join(valid, " or "));
      b.reverse = labels[0].empty();
      return;
    }
    const auto written = read_.scalar(*f);
    if (!written) return;
    std::string text = *written;
    text.erase(std::remove(text.begin(), text.end(), ' '), text.end());
    for (std::size_t d = 0; d < labels.size(); ++d) {
      if (!labels[d].empty() && labels[d] == text) {
        b.direction = labels[d];
        b.reverse = d == 1;
        return;
      }
    }
    read_.error(*f, "'" + *written + "' is not a direction " + what + " runs; expected " + join(valid, " or "));
  }

  void read_fee(const RawElement& e) {
    const std::size_t index = scenario_.fees.size();
    Fee fee;
    fee.id = e.id;
    fee.where = e.where;
    fee.name = name(e);
    const std::optional<Field> crossing = e.find("crossing");
    const std::optional<Field> country = e.find("transit_country");
    if (crossing && country) {
      read_.error(*country, "a fee is charged at a crossing or on entering a transit country: give crossing or "
                            "transit_country, not both");
    } else if (!crossing && !country && !e.misspelt_key("crossing") && !e.misspelt_key("transit_country")) {
      error(e, "missing 'crossing' (a crossing id) or 'transit_country' (a country code)");
    }
    if (crossing) {
      if (const auto id = read_.scalar(*crossing)) {
        fee.crossing = index_of(read_.lookup_id({*id, crossing->where, crossing->path}, ids_of(scenario_.crossings),
                                                "unknown crossing '" + *id + "'"));
      }
    }
    if (country) {
      if (const auto code = read_.scalar(*country)) {
        if (!is_country_code(*code)) read_.error(*country, "'" + *code + "' is not an ISO 3166-1 alpha-2 country code");
        else if (!scenario_.has_country(*code)) read_.error(*country, "no place lies in country '" + *code + "'");
        else fee.transit_country = *code;
      }
    }
    fee.commodities = commodity_refs(e, "commodities");
    fee.fee_usd_per_t =
        ranged(e, FieldId::FeeAmount, index, true, single_commodity_context(fee.commodities)).value_or(0);
    fee.provenance = provenance(e);
    scenario_.fees.push_back(std::move(fee));
  }

  void read_cap(const RawElement& e) {
    const std::size_t index = scenario_.caps.size();
    Cap cap;
    cap.id = e.id;
    cap.where = e.where;
    cap.name = name(e);
    cap.commodities = commodity_refs(e, "commodities");
    if (const std::optional<Field> f = e.find("demands")) {
      empty_list(*f, "'demands: []' names no demand; omit it to count every demand");
      for (const auto& id : read_.words(*f)) {
        if (auto d = read_.lookup_id(id, ids_of(scenario_.demands), "unknown demand '" + id.text + "'")) {
          cap.demands.push_back(static_cast<int>(*d));
        }
      }
      std::sort(cap.demands.begin(), cap.demands.end());
      cap.demands.erase(std::unique(cap.demands.begin(), cap.demands.end()), cap.demands.end());
    }
    if (const std::optional<Field> f = e.find("to_countries")) {
      empty_list(*f, "'to_countries: []' names no country; omit it to count every destination");
      for (const auto& code : country_codes(*f, "an ISO 3166-1 alpha-2 country code")) {
        if (scenario_.has_country(code.text)) cap.destination_countries.push_back(code.text);
        else read_.error(code, "no place lies in country '" + code.text + "'");
      }
    }
    if (const std::optional<Field> f = e.find("elements")) cap.elements = element_refs(*f);
    UnitContext context = single_commodity_context(cap.commodities);
    if (const std::optional<Field> limit = e.find("limit")) context.in_barrels = written_in_barrels(*limit);
    cap.unit = context.in_barrels ? CapUnit::BarrelsPerYear : CapUnit::TonnesPerYear;
    cap.limit = ranged(e, FieldId::CapLimit, index, true, context).value_or(0);
    if (context.in_barrels) check_barrel_commodities(e, cap.commodities);
    cap.provenance = provenance(e);
    scenario_.caps.push_back(std::move(cap));
  }

  void read_disruption(const RawElement& e) {
    Disruption d;
    d.id = e.id;
    d.where = e.where;
    d.name = name(e);
    if (const std::optional<Field> f = field(e, "kind", "missing required 'kind' (closure or storm_days)"); f && needs_time(*f, "disruptions")) {
      d.kind = read_.choice(*f, {"closure", "storm_days"}).value_or("closure") == "closure" ? DisruptionKind::Closure
                                                                                           : DisruptionKind::StormDays;
    }
    if (const std::optional<Field> f = field(e, "elements", "missing required 'elements' (ids of links, transfers or crossings)")) {
      if (!empty_list(*f, "'elements: []' names no element")) d.elements = element_refs(*f);
    }
    if (const std::optional<Field> f = e.find("months")) d.months = read_months(read_, *f);
    if (d.months.empty()) d.months = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
    if (d.kind == DisruptionKind::Closure) {
      d.together = choice(e, "together", {"true", "false"}, "false", false) == "true";
      d.probability_per_year = number(e, "probability_per_year", true, 0, 365).value_or(0);
      read_duration(e, d);
      for (const char* key : {"days_per_month"}) {
        if (const std::optional<Field> f = e.find(key)) read_.error(*f, std::string(key) + ": belongs to kind storm_days");
      }
    } else {
      d.days_per_month = number(e, "days_per_month", true, 0, 31).value_or(0);
      for (const char* key : {"together", "probability_per_year", "duration"}) {
        if (const std::optional<Field> f = e.find(key)) read_.error(*f, std::string(key) + ": belongs to kind closure");
      }
    }
    d.provenance = provenance(e);
    scenario_.disruptions.push_back(std::move(d));
  }

  /// A closure's duration: one value ("14 day") or {range: [7 day, 28 day]} (drawn uniformly).
  void read_duration(const RawElement& e, Disruption& d) {
    const std::optional<Field> f = field(e, "duration", "missing required 'duration' (e.g. {range: [7 day, 28 day]})");
    if (!f) return;
    if (!f->node.IsMap()) {
      const auto h = read_.quantity(*f, Dimension::Duration, {}, Sign::Positive);
      d.min_duration_h = d.max_duration_h = h.value_or(0);
      return;
    }
    const Mapping mapping = read_.map(*f, {"range"}, "a duration");
    if (!mapping.find("range")) {
      read_.error(*f, "duration: expects a value (14 day) or {range: [7 day, 28 day]}");
      return;
    }
    if (const auto spec = read_range(read_, *f, mapping, Dimension::Duration, {}, Sign::Positive)) {
      d.min_duration_h = spec->low;
      d.max_duration_h = spec->high;
    }
  }

  /// Whether any value of a limit is written in a barrel unit: then the cap counts barrels.
  static bool written_in_barrels(const Field& f) {
    UnitContext barrels;
    barrels.in_barrels = true;
    for (const auto& text : quantity_texts(f)) {
      if (parse_quantity(text, Dimension::FlowRate, barrels).barrels) return true;
    }
    return false;
  }

  /// A cap in barrels counts each tonne's barrels: it must name its commodities, each with bbl_per_t.
  void check_barrel_commodities(const RawElement& e, const std::vector<int>& commodities) {
    const std::optional<Field> f = e.find("commodities");
    if (!f) {
      error(e, "a limit in barrels needs 'commodities' (each defining bbl_per_t), or write the limit in t/yr", "limit");
      return;
    }
    for (int c : commodities) {
      const Commodity& commodity = scenario_.commodities[static_cast<std::size_t>(c)];
      if (!commodity.bbl_per_t) {
        read_.error(*f, "commodity '" + commodity.id + "' defines no bbl_per_t, so its tonnes cannot count against "
                        "a limit in barrels; give it bbl_per_t or write the limit in t/yr");
      }
    }
  }

  /// Links, transfers or crossings by id (did-you-mean over all three).
  std::vector<ElementRef> element_refs(const Field& f) {
    std::vector<ElementRef> out;
    empty_list(f, "'elements: []' names no element; omit it to count delivered tonnes");
    const std::vector<std::string> ids = scenario_.closable_ids();  // links, then transfers, then crossings
    const int links = static_cast<int>(scenario_.links.size());
    const int transfers = static_cast<int>(scenario_.transfers.size());
    for (const auto& id : read_.words(f)) {
      const auto found = read_.lookup_id(id, ids, "'" + id.text + "' is not a link, transfer or crossing");
      if (!found) continue;
      const int i = static_cast<int>(*found);
      const ElementRef ref = i < links               ? ElementRef{ElementKind::Link, i}
                             : i < links + transfers ? ElementRef{ElementKind::Transfer, i - links}
                                                     : ElementRef{ElementKind::Crossing, i - links - transfers};
      if (std::find(out.begin(), out.end(), ref) != out.end()) read_.error(id, "'" + id.text + "' is listed twice");
      else out.push_back(ref);
    }
    return out;
  }

  void read_policy() {
    if (raw_.policy_closed) {
      const std::vector<std::string> closable = scenario_.closable_ids();
      for (const auto& id : read_.words(*raw_.policy_closed)) {
        if (read_.lookup_id(id, closable, "policy.closed: '" + id.text + "' is not a link, transfer or crossing")) {
          scenario_.policy.closed.push_back(id.text);
        }
      }
    }
    if (raw_.policy_no_transit) read_no_transit(*raw_.policy_no_transit);
  }

  /// Where every field of the merged raw scenario was written (Scenario::field_locations).
  void record_field_locations() {
    auto locations = std::make_shared<FieldLocations>();
    for (const auto& [name, raw_section] : raw_.sections) {
      for (const auto& element : raw_section.elements) {
        for (const auto& [key, value] : element.fields) locations->emplace(std::tuple{name, element.id, key}, value.where);
      }
    }
    if (raw_.policy_closed) locations->emplace(std::tuple{"policy", "", "closed"}, raw_.policy_closed->where);
    if (raw_.policy_no_transit) locations->emplace(std::tuple{"policy", "", "no_transit"}, raw_.policy_no_transit->where);
    if (raw_.time) locations->emplace(std::tuple{"time", "", ""}, raw_.time->where);
    for (const auto& [mode, value] : raw_.speed) locations->emplace(std::tuple{"defaults", "speed", mode}, value.where);
    scenario_.field_locations = std::move(locations);
  }

  /// policy.no_transit: country codes (no transit of anything) and {country, commodities}
  /// mappings (no transit of those commodities).
  void read_no_transit(const Field& list) {
    const std::string not_code = "an ISO 3166-1 alpha-2 country code";
    if (!list.node.IsSequence()) {
      for (const auto& code : country_codes(list, not_code)) scenario_.policy.no_transit.push_back(code.text);
      return;
    }
    for (std::size_t i = 0; i < list.node.size(); ++i) {
      const Field item = Reader::item(list, i);
      if (item.node.IsScalar() && !item.node.Scalar().empty()) {
        const std::string code = item.node.Scalar();
        if (is_country_code(code)) scenario_.policy.no_transit.push_back(code);
        else read_.error(item, "'" + code + "' is not " + not_code);
        continue;
      }
      if (!item.node.IsMap()) {
        read_.error(item, "expected a country code, or {country: CC, commodities: [ID, ...]}");
        continue;
      }
      const Mapping entry = read_.map(item, {"country", "commodities"}, "a no_transit entry");
      SelectiveNoTransit selective;
      selective.where = item.where;
      const Entry* country = entry.find("country");
      const Entry* commodities = entry.find("commodities");
      if (!country && !entry.misspelt.count("country")) read_.error(item, "missing 'country' (a country code)");
      if (!commodities && !entry.misspelt.count("commodities")) {
        read_.error(item, "missing 'commodities'; for no transit of anything, write the country code alone");
      }
      if (country) {
        for (const auto& code : country_codes(country->value, not_code)) selective.country = code.text;
      }
      if (commodities) {
        if (empty_list(commodities->value, "'commodities: []' names no commodity; write the country code alone to "
                                           "forbid transit of everything")) {
          continue;
        }
        selective.commodities = commodity_list(commodities->value);
      }
      if (!selective.country.empty() && !selective.commodities.empty()) {
        scenario_.policy.no_transit_of.push_back(std::move(selective));
      }
    }
  }

  void check_source_tags() {
    const std::vector<std::string> defined = ids_of(scenario_.sources);
    for (const auto& tag : pending_tags_) {
      (void)read_.lookup_id(tag, defined, "source tag '" + tag.text + "' is not defined in any sources: section");
    }
  }

  void check_cross_border_links() {
    const auto& elements = section("links");  // read_link made one link per element, in order
    for (std::size_t i = 0; i < scenario_.links.size(); ++i) {
      const Link& l = scenario_.links[i];
      if (l.from < 0 || l.to < 0 || l.crossing >= 0) continue;
      const auto& a = scenario_.places[l.from].country;
      const auto& b = scenario_.places[l.to].country;
      if (!a.empty() && !b.empty() && a != b) {
        read_.sink().error(l.where,
                           "link '" + l.id + "' crosses the " + a + "-" + b +
                               " border but belongs to no crossing; list it under crossings:",
                           i < elements.size() ? elements[i].path : std::string());
      }
    }
  }

  const RawScenario& raw_;
  const LoadOptions& options_;
  Reader read_;
  DiagnosticSink& sink_;  // for warnings, which Reader does not make
  Scenario scenario_;
  std::vector<std::string> commodity_ids_;
  std::optional<std::vector<std::string>> place_ids_, link_ids_;  ///< see place_ids()
  const std::unordered_map<std::string, std::size_t>* place_lookup_ = nullptr;  ///< see section_index
  const std::unordered_map<std::string, std::size_t>* link_lookup_ = nullptr;
  std::map<std::string, SourceLocation> supplier_ids_;  ///< every supplier id so far: where it was written
  int named_suppliers_ = 0;                             ///< FieldRef::element of the next named supplier
  std::vector<Word> pending_tags_;  ///< source tags, checked once every source is known
};

}  // namespace

Scenario load_scenario(const std::string& path, const LoadOptions& options) {
  DiagnosticSink sink;
  std::vector<std::string> chain;
  RawReader reader(options, path, sink);
  RawScenario raw = reader.read(path, 0, chain);
  // Unknown or duplicate keys and a bad version line leave everything else readable: go on, so
  // that one run also reports the units, ranges and references of stage 2.
  if (reader.lost_content()) sink.throw_if_any();
  Scenario scenario = ScenarioBuilder(raw, options, sink).build();
  sink.throw_if_any();
  if (options.warnings) *options.warnings = sink.warnings();
  return scenario;
}

}  // namespace borderflow
